"""The commands that read the catalogue: validate, export."""

from __future__ import annotations

import click

from printgen.cli.options import catalogue_option


@click.command()
@catalogue_option
@click.option("--layouts", "layouts_dir", default="layouts", show_default=True, type=click.Path(file_okay=False),
              help="The layouts whose selections are reported.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 2).")
@click.option("--strings", "strings_dir", type=click.Path(file_okay=False),
              help="A folder of <language>.yaml files that override and extend printgen's own words "
                   "(default: strings/ beside the catalogue, if there is one).")
def validate(catalogue_path, layouts_dir, strict, strings_dir):
    """Check the catalogue, report what it holds and what is missing, and what each layout shows."""
    from pathlib import Path

    from printgen.catalogue.load import load_catalogue
    from printgen.catalogue.review import today
    from printgen.errors import InputError
    from printgen.language import strings
    from printgen.reports.layouts import layout_table
    from printgen.reports.validate import validate_report

    catalogue = load_catalogue(catalogue_path)
    report = validate_report(catalogue, today(), strings.library(strings_dir, catalogue.file))
    table, table_warnings = layout_table(catalogue, Path(layouts_dir))
    report.warnings.extend(table_warnings)
    for line in report.lines + table:
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if strict and report.warnings:
        raise InputError(f"{catalogue_path}: {len(report.warnings)} warnings, and --strict makes them errors")
    click.echo(f"ok: {len(report.warnings)} warnings")


@click.command()
@catalogue_option
@click.option("--format", "fmt", type=click.Choice(["json", "html"]), default="json", show_default=True,
              help="json: the normalised catalogue on stdout; html: an accessible web page per language.")
@click.option("--lang", "langs", multiple=True,
              help="html: the page's language (a BCP 47 tag), or several joined with + on one page (en+es); "
                   "repeat for several pages (default: a page for each of the catalogue's languages).")
@click.option("-o", "--output-dir", "output_dir", type=click.Path(file_okay=False),
              help="html: where to write the pages (default: output/).")
def export(catalogue_path, fmt, langs, output_dir):
    """Write the normalised catalogue (display, dial and QR forms of every contact) to stdout,
    or (--format html) an accessible, self-contained HTML page per language into output/."""
    import json

    from printgen.catalogue.export import to_plain
    from printgen.catalogue.load import load_catalogue
    from printgen.errors import InputError

    if fmt == "json" and (langs or output_dir):
        raise InputError("--lang and -o go with --format html; --format json writes the whole catalogue to stdout")
    catalogue = load_catalogue(catalogue_path)
    if fmt == "json":
        click.echo(json.dumps(to_plain(catalogue), ensure_ascii=False, indent=2))
        return
    from printgen.export.html import html_page
    from printgen.output import item_file, write_atomic

    header = catalogue.catalogue
    for wanted in langs or header.languages:
        page = html_page(catalogue, wanted)
        path = item_file(header.id, "resources", page.lang, output_dir or "output", suffix="html")
        write_atomic(path, page.html.encode("utf-8"))
        if page.fallbacks:
            click.echo(f"warning: {page.lang}: fell back to {header.language} for {len(page.fallbacks)} texts: "
                       + ", ".join(page.fallbacks), err=True)
        click.echo(f"wrote {path}")

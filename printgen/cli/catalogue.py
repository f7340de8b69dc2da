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
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export(catalogue_path, fmt):
    """Write the normalised catalogue (display, dial and QR forms of every contact) to stdout."""
    import json

    from printgen.catalogue.export import to_plain
    from printgen.catalogue.load import load_catalogue

    click.echo(json.dumps(to_plain(load_catalogue(catalogue_path)), ensure_ascii=False, indent=2))

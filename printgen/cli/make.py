"""The commands that make PDFs: render, build, layouts, calibrate."""

from __future__ import annotations

from pathlib import Path

import click

from printgen.cli.options import (
    catalogue_option,
    end_of_run,
    language_options,
    layouts_option,
    offset,
    print_shop_from,
    print_shop_options,
)
from printgen.signals import terminate_cleanly


@click.command()
@click.argument("layout_name", metavar="LAYOUT")
@catalogue_option
@layouts_option
@click.option("--lang", help="Language of the texts: a BCP 47 tag such as en, es, zh-Hant, ar, or two joined "
                              "with + for a bilingual item (en+es).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="The PDF to write (default: output/<catalogue>-<layout>-<lang>.pdf).")
@click.option("--allow-stale", is_flag=True, help="Render entries past their review date.")
@click.option("--sheets", type=click.IntRange(1, 10000), default=1, show_default=True,
              help="How many sheets (copies of the sheet) to put in the file.")
@click.option("--offset", callback=offset, help="Shift fronts by X,Y to correct printer drift, e.g. 1mm,-0.5mm.")
@click.option("--back-offset", callback=offset, help="Shift backs by X,Y.")
@click.option("--venue", help="The venue's name, printed where the layout asks for {venue.name}.")
@click.option("--county-language", metavar="LANG",
              help="Posting-law presets: the language the venue's county must add (federal Voting Rights Act); "
                   "the notice is then required in it too.")
@click.option("--no-verify", is_flag=True, help="Skip reading the PDF back (codes, numbers, fonts) before writing.")
@language_options
@print_shop_options
def render(layout_name, catalogue_path, layouts_dir, lang, output, allow_stale, sheets, offset, back_offset, venue,
           no_verify, strings_dir, strict, allow_fallback, print_shop, output_intent, condition, quantity, paper,
           county_language):
    """Render one LAYOUT (see `printgen layouts`) to a PDF."""
    from printgen.catalogue.load import load_catalogue
    from printgen.layout.load import load_layout
    from printgen.output import item_file
    from printgen.render import Options, render_to

    terminate_cleanly()
    shop = print_shop_from(print_shop, output_intent, condition, quantity, paper)
    if county_language:
        from printgen.errors import InputError
        from printgen.source.checks import check_language

        try:
            check_language(county_language)
        except ValueError as exc:
            raise InputError(f"--county-language: {exc}") from None
    catalogue = load_catalogue(catalogue_path)
    layout = load_layout(layout_name, Path(layouts_dir))
    lang = lang or layout.default_lang(catalogue.catalogue)
    fields = ({"name": venue} if venue else {}) | ({"language": county_language} if county_language else {})
    options = Options(lang, sheets, offset, back_offset, allow_stale, fields,
                      strings=strings_dir, strict=strict, allow_fallback=allow_fallback, print_shop=shop)
    path = Path(output) if output else item_file(catalogue.catalogue.id, _named(layout.name, shop), lang)
    result = render_to(catalogue, layout, options, path, verify=not no_verify)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {path} ({result.pages} pages{'' if no_verify else ', checked'}){_sheet(result)}")


def _named(layout: str, shop) -> str:
    """A print-shop file's default name says so (output/portland-or-wallet-card-print-shop-en.pdf)."""
    return f"{layout}-print-shop" if shop else layout


def _sheet(result) -> str:
    """What the job sheet beside the file is for, if it has one (printgen.jobsheet)."""
    if result.job_sheet is None:
        return ""
    readers = (["the print shop"] if result.laid_out.print_shop else []) + (
        ["who posts it (not legal advice)"] if result.laid_out.layout.requires else [])
    return f"; job sheet {result.job_sheet} (for {' and '.join(readers)})"


@click.command()
@catalogue_option
@layouts_option
@click.option("--lang", help="Language of the texts (default: each layout's languages, else the catalogue's).")
@click.option("--allow-stale", is_flag=True, help="Render entries past their review date.")
@click.option("-o", "--output-dir", "output_dir", default="output", show_default=True,
              type=click.Path(file_okay=False), help="Where to write the PDFs.")
@click.option("--no-verify", is_flag=True, help="Skip reading each PDF back before writing it.")
@language_options
@print_shop_options
def build(catalogue_path, layouts_dir, lang, allow_stale, output_dir, no_verify, strings_dir, strict, allow_fallback,
          print_shop, output_intent, condition, quantity, paper):
    """Render every shipped layout into output/.

    Every layout that can be made is written; each that cannot gets one line (`not built:
    LAYOUT: why`), and the exit status is 2 at the end (1 if a check found a file wrong).
    Posting-law presets of another place than the catalogue's are skipped with one line.
    """
    from printgen.catalogue.load import load_catalogue
    from printgen.errors import CheckFailed, InputError
    from printgen.layout.folder import first_line, load_all
    from printgen.layout.requires import outside
    from printgen.output import item_file
    from printgen.render import Options, render_to
    from printgen.reports.layouts import Gathered

    terminate_cleanly()
    shop = print_shop_from(print_shop, output_intent, condition, quantity, paper)
    catalogue = load_catalogue(catalogue_path)
    layouts, broken = load_all(Path(layouts_dir))
    failed = [name for name, _ in broken]
    for name, why in broken:
        click.echo(f"not built: {name}: {why}", err=True)
    built, skipped, wrong = 0, 0, []
    gathered = Gathered()
    cache: dict = {}      # codes, lines and sheets already proven right, across the files
    for layout in layouts:
        elsewhere = outside(layout, catalogue)
        if elsewhere:
            click.echo(f"not built: {layout.name}: {elsewhere}", err=True)
            skipped += 1
            continue
        tag = lang or layout.default_lang(catalogue.catalogue)
        path = item_file(catalogue.catalogue.id, _named(layout.name, shop), tag, output_dir)
        try:
            options = Options(tag, allow_stale=allow_stale, strings=strings_dir, strict=strict,
                              allow_fallback=allow_fallback, print_shop=shop)
            result = render_to(catalogue, layout, options, path,
                               verify=not no_verify, cache=cache)
        except CheckFailed as exc:
            click.echo(f"not built: {layout.name}: check failed: {exc.message}", err=True)
            wrong.append(layout.name)
            continue
        except InputError as exc:
            click.echo(f"not built: {layout.name}: {first_line(exc)}", err=True)
            failed.append(layout.name)
            continue
        built += 1
        gathered.add(layout.name, result.warnings)
        click.echo(f"wrote {path} ({result.pages} pages{'' if no_verify else ', checked'}){_sheet(result)}")
    for line in gathered.lines(built):
        click.echo(f"warning: {line}", err=True)
    total = len(layouts) + len(broken)
    rest = f"; {skipped} not for this place" if skipped else ""
    rest += f"; {len(failed) + len(wrong)} could not be made" if failed or wrong else ""
    click.echo(f"built {built} of {total} layouts into {output_dir}/{rest}")
    end_of_run(wrong, "the check found the output wrong; nothing of them was written",
               failed, "could not be made ({names}); each one's reason is above")


@click.command("layouts")
@layouts_option
@click.option("--law", is_flag=True, help="Only the posting-law presets: jurisdiction, citation, the date the "
                                          "law's text was checked.")
def layouts_command(layouts_dir, law):
    """List the layouts, one line each (--law: the posting-law presets)."""
    from printgen.errors import InputError
    from printgen.layout.folder import load_all
    from printgen.units import format_length

    layouts, broken = load_all(Path(layouts_dir))
    if law:
        presets = [layout for layout in layouts if layout.requires is not None]
        for layout in presets:
            req = layout.requires
            where = req.jurisdiction + (f" ({req.city})" if req.city else "")
            checked = f"checked {req.checked.isoformat()}" if req.checked else "not checked"
            click.echo(f"{layout.name:24} {where:16} {req.citation or req.law}; {checked}")
        click.echo(f"{len(presets)} posting-law presets; each checks what the law's text says as read on its "
                   "date: not legal advice")
    for layout in [] if law else layouts:
        w, h = layout.item.size
        law = f"  [{layout.requires.jurisdiction}: {layout.requires.law}; not legal advice]" if layout.requires else ""
        click.echo(f"{layout.name:24} {format_length(w)} x {format_length(h)}  {layout.description}{law}")
    for name, why in broken:
        click.echo(f"{name:24} BROKEN: {why}")
    if broken:
        raise InputError(f"{len(broken)} of {len(layouts) + len(broken)} layouts do not load: "
                         f"{', '.join(name for name, _ in broken)}")


@click.command()
@click.option("--sheet", type=click.Choice(["letter", "a4"]), default="letter", show_default=True)
@click.option("-o", "--output", "output", default="output/calibration.pdf", show_default=True,
              type=click.Path(dir_okay=False), help="The PDF to write.")
def calibrate(sheet, output):
    """Print a test sheet to measure --offset and --back-offset for a printer."""
    from printgen.calibrate import calibration_pages
    from printgen.output import write_atomic
    from printgen.pdf import pdf_bytes

    pages = calibration_pages(sheet)
    write_atomic(output, pdf_bytes(pages, {}, "printgen calibration sheet", "Printer offset calibration"))
    click.echo(f"wrote {output} (2 pages): print it at 100%, two-sided, and follow the instructions on it")

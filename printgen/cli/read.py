"""The commands that read output back: check, proof, preview."""

from __future__ import annotations

from pathlib import Path

import click

from printgen.cli.options import (
    catalogue_option,
    end_of_run,
    language_options,
    layouts_option,
    length,
)
from printgen.qr import MIN_CODE_TEXT

MAX_PREVIEW_PIXELS = 100_000_000       # an A3 page at 600 dpi is 70 million


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE.pdf...")
@catalogue_option
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON instead of lines.")
@click.option("--min-qr", default=MIN_CODE_TEXT, show_default=True, callback=length,
              help="The smallest printed width a QR code may have.")
@click.option("--print-shop", "print_shop", is_flag=True,
              help="Also check the PDF/X-4 rules of print-shop files: CMYK only, a CMYK output intent, boxes, fonts "
                   "embedded, no transparency (not a certified preflight).")
def check(files, catalogue_path, as_json, min_qr, print_shop):
    """Read PDFs back and check every code, number, font and page box against the catalogue.

    Exit status 1 when anything printed is wrong, 0 when everything holds.
    """
    import json

    from printgen.catalogue.load import load_catalogue
    from printgen.check.read import check_pdf
    from printgen.errors import CheckFailed

    catalogue = load_catalogue(catalogue_path)
    for file in files:                  # every file is there before any is checked
        _readable(file)
    cache: dict = {}
    datas = [_read(file) for file in files]
    for file, data in zip(files, datas):      # before any pixel: a 600-byte file may ask for 2 GB of them
        _pages_printgen_could_write(file, data)
    reports = []
    for file, data in zip(files, datas):
        report = check_pdf(data, catalogue, file, cache=cache, min_qr=min_qr)
        reports.append(with_print_shop(report, data, file) if print_shop else report)
    if as_json:
        click.echo(json.dumps([r.plain() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for line in report_lines(report):
                click.echo(line)
        if print_shop:
            from printgen.check.printshop import NOTICE

            click.echo(f"print-shop rules: {NOTICE}")
    problems = [(r.name, page, f) for r in reports for page, f in r.problems()]
    if problems:
        name, page, first = problems[0]
        more = len(problems) - 1
        more = f" (and {more} more problem{'' if more == 1 else 's'})" if more else ""
        raise CheckFailed(f"{name} page {page}: {first.message}{more}")


def with_print_shop(report, data: bytes, file: str):
    """The report with the print-shop rules' findings added to each page."""
    from printgen.check.findings import PageReport, PageReports
    from printgen.check.printshop import print_shop_findings

    extra = print_shop_findings(data, file)
    pages = tuple(PageReport(p.page, tuple(sorted(p.findings + tuple(extra.get(p.page, ())), key=lambda f: f.ok)))
                  for p in report.pages)
    return PageReports(report.name, pages)


def _readable(file: str) -> None:
    from printgen.errors import InputError

    path = Path(file)
    if not path.exists():
        raise InputError(f"{file}: not found")
    if not path.is_file():
        raise InputError(f"{file}: not a file; give the PDFs to check")


def _read(file: str) -> bytes:
    from printgen.errors import InputError

    try:
        return Path(file).read_bytes()
    except OSError as exc:
        raise InputError(f"{file}: cannot be read ({exc.strerror})") from None


def _pages_printgen_could_write(file: str, data: bytes) -> None:
    """Every page at most A0 (printgen writes none larger: its sheets and items are bounded so),
    checked before anything is rasterised; a file that cannot be read as a PDF is left to the check."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    from printgen.errors import InputError
    from printgen.units import POINTS, larger_than_a0

    try:
        pages = PdfReader(io.BytesIO(data)).pages
        for number, page in enumerate(pages, 1):
            box = page.mediabox
            w, h = abs(float(box.width)), abs(float(box.height))
            if larger_than_a0(w - 2 * POINTS["in"], h - 2 * POINTS["in"]):       # A0 and a bleed
                raise InputError(f"{file}: page {number} is {w / POINTS['mm']:.0f} x {h / POINTS['mm']:.0f} mm, "
                                 "larger than A0; printgen writes no page that large, so this is not its output "
                                 "(nothing was rasterised)")
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return


def report_lines(report) -> list[str]:
    """One line per finding: `FILE page N: ok: ...` or `FILE page N: problem: ...`, then a summary."""
    lines = []
    for page in report.pages:
        for f in page.findings:
            times = f" (x{f.count})" if f.count > 1 else ""
            lines.append(f"{report.name} page {page.page}: {'ok' if f.ok else 'problem'}: {f.message}{times}")
    problems = len(report.problems())
    pages = f"{len(report.pages)} page" + ("" if len(report.pages) == 1 else "s")
    lines.append(f"{report.name}: {pages}, " + (f"{problems} problem{'' if problems == 1 else 's'}" if problems
                                                 else "every check holds"))
    return lines


@click.command()
@click.argument("layout_names", nargs=-1, metavar="[LAYOUT]...")
@catalogue_option
@layouts_option
@click.option("--lang", help="Language of the texts (default: the catalogue's).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="The proof PDF to write (default: output/<catalogue>-proof-<lang>.pdf).")
@language_options
def proof(layout_names, catalogue_path, layouts_dir, lang, output, strings_dir, strict, allow_fallback):
    """A proof PDF for sign-off: what each LAYOUT prints, where it comes from, the checks, thumbnails.

    Without LAYOUT, every shipped layout (but those whose posting-law preset this catalogue
    cannot meet, which the proof names). Exit status 1 when a check fails (the proof is still
    written, showing why).
    """
    from printgen.catalogue.load import load_catalogue
    from printgen.check.read import check_pdf
    from printgen.errors import InputError
    from printgen.layout.folder import first_line, load_all
    from printgen.layout.load import load_layout
    from printgen.layout.requires import outside
    from printgen.output import item_file, refuse_inputs, write_atomic
    from printgen.render import Options, inputs_of, render
    from printgen.reports.proof import Proofed, proof_pdf

    catalogue = load_catalogue(catalogue_path)
    lang = lang or catalogue.catalogue.language
    folder = Path(layouts_dir)
    if layout_names:
        layouts, broken = [load_layout(name, folder) for name in layout_names], []
    else:
        layouts, broken = load_all(folder)
    cache: dict = {}
    proofed, left_out, failed = [], list(broken), [name for name, _ in broken]
    for name, why in broken:
        click.echo(f"not proofed: {name}: {why}", err=True)
    for layout in layouts:
        elsewhere = None if layout_names else outside(layout, catalogue)
        if elsewhere:
            click.echo(f"not proofed: {layout.name}: {elsewhere}", err=True)
            left_out.append((layout.name, elsewhere))
            continue
        try:
            result = render(catalogue, layout, Options(lang, strings=strings_dir, strict=strict,
                                                       allow_fallback=allow_fallback))
        except InputError as exc:
            if layout_names:
                raise
            click.echo(f"not proofed: {layout.name}: {first_line(exc)}", err=True)
            left_out.append((layout.name, first_line(exc)))
            failed.append(layout.name)
            continue
        proofed.append(Proofed(layout, result, check_pdf(result.pdf, catalogue, layout.name, cache=cache)))
    path = Path(output) if output else item_file(catalogue.catalogue.id, "proof", lang)
    refuse_inputs(path, [f for p in proofed for f in inputs_of(catalogue, p.layout)] or inputs_of(catalogue))
    write_atomic(path, proof_pdf(catalogue, proofed, lang, left_out))
    wrong = [p.layout.name for p in proofed if not p.report.ok]
    click.echo(f"wrote {path} ({len(proofed)} layouts)")
    end_of_run(wrong, f"the checks found problems; {path} lists them",
               failed, "could not be proofed ({names}); the proof and the lines above say why")


@click.command()
@click.argument("layout_name", metavar="LAYOUT")
@catalogue_option
@layouts_option
@click.option("--lang", help="Language of the texts (default: the layout's languages, else the catalogue's).")
@click.option("-o", "--output-dir", "output_dir", default="output", show_default=True,
              type=click.Path(file_okay=False), help="Where to write the PNGs.")
@click.option("--dpi", type=click.IntRange(20, 600), default=100, show_default=True, help="Pixels per inch.")
@language_options
def preview(layout_name, catalogue_path, layouts_dir, lang, output_dir, dpi, strings_dir, strict, allow_fallback):
    """A PNG of each page of LAYOUT, for a quick look or for sharing online."""
    from printgen.catalogue.load import load_catalogue
    from printgen.check.raster import page_pngs
    from printgen.errors import InputError
    from printgen.layout.load import load_layout
    from printgen.output import item_file, refuse_inputs, write_atomic
    from printgen.render import Options, inputs_of, render

    catalogue = load_catalogue(catalogue_path)
    layout = load_layout(layout_name, Path(layouts_dir))
    w, h = (side / 72 * dpi for side in layout.page_size)
    if w * h > MAX_PREVIEW_PIXELS:
        best = int(dpi * (MAX_PREVIEW_PIXELS / (w * h)) ** 0.5)
        raise InputError(f"--dpi {dpi}: a page of {layout.name} would be {w:.0f} x {h:.0f} pixels; at most "
                         f"{MAX_PREVIEW_PIXELS // 1_000_000} million are drawn: use --dpi {best} or less")
    lang = lang or layout.default_lang(catalogue.catalogue)
    result = render(catalogue, layout, Options(lang, strings=strings_dir, strict=strict, allow_fallback=allow_fallback))
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for number, png in enumerate(page_pngs(result.pdf, dpi), 1):
        path = item_file(catalogue.catalogue.id, layout.name, lang, output_dir, number, "png")
        refuse_inputs(path, inputs_of(catalogue, layout))
        write_atomic(path, png)
        click.echo(f"wrote {path}")

"""Proofs and previews: what the outputs print, for a person to read and sign off.

A proof lists, for each rendered layout, every number, address and QR payload read back from
its PDF (``printgen.check.read``), with the catalogue entry it belongs to, the catalogue's source
and the date the entry was verified; the result of the checks; the render's warnings; each
page's largest empty area as a share of its safe area (``printgen.reports.room``; in red when
the page had more to show there); and a thumbnail of each page. Drawn with ReportLab and printgen's own embedded fonts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from printgen import __version__
from printgen.catalogue.model import Catalogue
from printgen.catalogue.review import today
from printgen.check.numbers import known
from printgen.check.raster import page_images
from printgen.check.read import PageReports
from printgen.language.pick import Language
from printgen.layout.model import Layout
from printgen.pdf import color as _color
from printgen.pdf import describe
from printgen.render import Result
from printgen.reports.room import WANTING, rooms
from printgen.text.fonts import register

MARGIN = 40.0
RED, GREEN, GREY = "#b00020", "#1b5e20", "#555555"
KINDS = {"code": "QR code", "number": "number", "address": "address"}


@dataclass(frozen=True)
class Proofed:
    layout: Layout
    result: Result
    report: PageReports


@dataclass(frozen=True)
class Row:
    value: str
    kind: str
    pages: str
    ok: bool
    resource: str
    name: str
    verified: str


def rows(catalogue: Catalogue, report: PageReports, lang: str) -> list[Row]:
    """What the pages print, one row per value and catalogue entry, in the order first printed."""
    index = known(catalogue)
    language = Language(lang, catalogue.catalogue.language)
    seen: dict[tuple[str, str, bool], list[int]] = {}
    for page in report.pages:
        for f in page.findings:
            if f.kind in KINDS and f.value:
                pages = seen.setdefault((f.value, f.kind, f.ok), [])
                if page.page not in pages:
                    pages.append(page.page)
    out = []
    for (value, kind, ok), pages in seen.items():
        where = ", ".join(map(str, pages))
        lines = (index.payloads if kind == "code" else index.forms).get(value)
        if not lines:
            out.append(Row(value, KINDS[kind], where, False, "-", "not in the catalogue as printed", "-"))
            continue
        for resource in {line.resource.id: line.resource for line in lines}.values():   # a problem: red
            out.append(Row(value, KINDS[kind], where, ok, resource.id,
                           language.pick(resource.name, f"{resource.id}.name"),
                           catalogue.verified_on(resource).isoformat()))
    return out


class _Sheet:
    """A ReportLab canvas with a cursor running down the page, breaking to a new page as needed."""

    def __init__(self, title: str, lang: str = "en"):
        from reportlab.lib.pagesizes import letter
        from reportlab.pdfgen import canvas

        self.buffer = io.BytesIO()
        self.width, self.height = letter
        self.regular, self.bold = register("regular"), register("bold")
        self.c = canvas.Canvas(self.buffer, pagesize=letter, invariant=1, pageCompression=1,
                               initialFontName=self.regular, initialFontSize=9, lang=lang)
        describe(self.c, title, "Proof for sign-off", lang)
        self.y = self.height - MARGIN
        self.page = 1

    def room(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.c.setFont(self.regular, 7)
            self.c.setFillColor(_color(GREY))
            self.c.drawRightString(self.width - MARGIN, MARGIN / 2, f"proof page {self.page}")
            self.c.showPage()
            self.page += 1
            self.y = self.height - MARGIN

    def text(self, text: str, size: float = 9, bold: bool = False, color: str = "#000000",
             indent: float = 0.0, gap: float = 2.0) -> None:
        from reportlab.lib.utils import simpleSplit

        font = self.bold if bold else self.regular
        for line in simpleSplit(text, font, size, self.width - 2 * MARGIN - indent) or [""]:
            self.room(size * 1.25)
            self.y -= size * 1.25
            self.c.setFont(font, size)
            self.c.setFillColor(_color(color))
            self.c.drawString(MARGIN + indent, self.y, line)
        self.y -= gap

    def table(self, head: list[str], widths: list[float], body: list[tuple[list[str], str]], size=8.0) -> None:
        from reportlab.lib.utils import simpleSplit

        def row(cells, font, color, repeat_head=True):
            split = [simpleSplit(cell, font, size, w - 4) or [""] for cell, w in zip(cells, widths)]
            height = max(len(s) for s in split) * size * 1.2 + 3
            if self.y - height < MARGIN:
                self.room(height)
                if repeat_head:                 # a table running onto a new page repeats its head
                    row(head, self.bold, "#000000", False)
            x = MARGIN
            self.c.setFont(font, size)
            self.c.setFillColor(_color(color))
            for lines, w in zip(split, widths):
                for i, line in enumerate(lines):
                    self.c.drawString(x, self.y - (i + 1) * size * 1.2, line)
                x += w
            self.y -= height
            self.c.setStrokeColor(_color("#cccccc"))
            self.c.setLineWidth(0.3)
            self.c.line(MARGIN, self.y + 1, MARGIN + sum(widths), self.y + 1)

        self.room(4 * size)                     # never a head alone at the foot of a page
        row(head, self.bold, "#000000", False)
        for cells, color in body:
            row(cells, self.regular, color)
        self.y -= 6

    def thumbnails(self, images, box: float = 150.0, label: str = "page") -> None:
        from reportlab.lib.utils import ImageReader

        x = MARGIN
        row_height = 0.0
        for number, image in enumerate(images, 1):
            scale = box / max(image.width, image.height)
            w, h = image.width * scale, image.height * scale
            if x + w > self.width - MARGIN:
                self.y -= row_height + 16
                x, row_height = MARGIN, 0.0
            if row_height == 0.0:
                self.room(h + 16)
            self.c.drawImage(ImageReader(image), x, self.y - h, w, h)
            self.c.setStrokeColor(_color("#999999"))
            self.c.setLineWidth(0.5)
            self.c.rect(x, self.y - h, w, h, stroke=1, fill=0)
            self.c.setFont(self.regular, 7)
            self.c.setFillColor(_color(GREY))
            self.c.drawString(x, self.y - h - 9, f"{label} {number}")
            x += w + 12
            row_height = max(row_height, h)
        self.y -= row_height + 18

    def finish(self) -> bytes:
        self.room(10 ** 6)          # numbers the last page
        self.c.save()
        return self.buffer.getvalue()


def proof_pdf(catalogue: Catalogue, proofed: list[Proofed], lang: str,
              left_out: list[tuple[str, str]] = ()) -> bytes:
    """The proof; ``left_out`` names layouts not rendered (a preset the catalogue cannot meet) and why."""
    header = catalogue.catalogue
    language = Language(lang, header.language)
    title = (f"Proof: {language.pick(header.title, 'catalogue.title')}: "
             f"{language.pick(header.region, 'catalogue.region')}")
    sheet = _Sheet(title, language.tags[0])
    sheet.text(title, size=15, bold=True, gap=6)
    sheet.text(f"Source: {header.source or 'not given'}; entries verified {header.verified.isoformat()} "
               "unless a row says otherwise.")
    sheet.text(f"Catalogue {header.id}: {catalogue.file}", color=GREY)
    sheet.text(f"Made {today().isoformat()} by printgen {__version__}, language {lang}. Every number, address and "
               "QR code below was read back from the rendered PDFs (the text layer, and the codes decoded from "
               "the pixels) and matched against the catalogue.", color=GREY, gap=8)
    for p in proofed:
        state, color = ("passed", GREEN) if p.report.ok else ("FAILED", RED)
        counts = f"{_count(p.result.pages, 'page')}, {_count(len(p.report.problems()), 'problem')}"
        sheet.text(f"{p.layout.name}: {state} ({counts})", bold=True, color=color, gap=0)
    for name, why in left_out:
        sheet.text(f"{name}: not rendered: {why}", color=GREY, gap=0)
    sheet.y -= 12
    sheet.text("Checked against the source by: ______________________________    Date: ______________", gap=14)
    for p in proofed:
        sheet.room(120)
        sheet.text(f"{p.layout.name}", size=12, bold=True, gap=0)
        sheet.text(p.layout.description, color=GREY, gap=4)
        if p.report.ok:
            sheet.text("Check: passed. Every code leads to a catalogue line, is large enough, has its quiet "
                       "zone and nothing drawn over it; every number and address is the catalogue's; fonts "
                       "embedded; page boxes consistent.", color=GREEN, gap=4)
        else:
            sheet.text("Check: FAILED", bold=True, color=RED, gap=0)
            for page, finding in p.report.problems():
                sheet.text(f"page {page}: {finding.message}", color=RED, indent=10, gap=0)
            sheet.y -= 4
        for warning in p.result.warnings:
            sheet.text(f"note: {warning}", color=GREY, gap=0)
        for room in rooms(p.result.laid_out, p.result.pdf, catalogue):
            sheet.text(f"room: {room.describe()}" + (f" (over {WANTING:.0%}: use the room)" if room.fault else ""),
                       color=RED if room.fault else GREY, gap=0)
        sheet.y -= 4
        body = [([r.value, r.kind, r.pages, r.resource, r.name, r.verified], "#000000" if r.ok else RED)
                for r in rows(catalogue, p.report, lang)]
        sheet.table(["printed", "as", "pages", "resource", "name", "verified"], [108, 48, 40, 126, 158, 52], body)
        sheet.thumbnails(page_images(p.result.pdf, 50))
    return sheet.finish()


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")

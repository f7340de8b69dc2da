"""The page's work on one venue: a preview (the first pages as PNG), and a checked PDF with its
proof sheet, written in a temporary folder of its own and served by an id."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from printgen.check.raster import page_pngs
from printgen.check.read import check_pdf
from printgen.errors import CheckFailed, InputError
from printgen.output import item_file, write_atomic
from printgen.render import check_output, lay_out, render
from printgen.reports.proof import Proofed, proof_pdf
from printgen.web.choices import Choice, Site, render_error

PREVIEW_DPI = 60
PREVIEW_PAGES = 2
KEEP = 64                      # previews and results kept in memory / on disk, the oldest dropped


@dataclass
class Preview:
    images: list[bytes] = field(default_factory=list)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class Made:
    """A request's output: its folder and the files in it, by kind (pdf, proof, zip)."""

    id: str
    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    ok: bool = False
    verdict: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    pages: int = 0
    title: str = ""


class Store:
    """Results by id, each in a folder of its own under one temporary root; the oldest go."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="printgen-serve-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.items: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()

    def new_folder(self) -> tuple[str, Path]:
        ident = secrets.token_hex(16)
        folder = self.root / ident
        folder.mkdir()
        return ident, folder

    def put(self, ident: str, item) -> None:
        with self.lock:
            self.items[ident] = item
            idle = [k for k, v in self.items.items() if not getattr(v, "running", False)]
            for old in idle[:max(0, len(self.items) - KEEP)]:      # a list still being made is kept
                del self.items[old]
                shutil.rmtree(self.root / old, ignore_errors=True)

    def get(self, ident: str):
        with self.lock:
            return self.items.get(ident)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class Previews:
    """Previews by choice, the latest KEEP; each PNG also by an id the page's images point at."""

    def __init__(self):
        self.by_choice: OrderedDict[tuple, tuple[str, Preview]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, site: Site, choice: Choice) -> tuple[str, Preview]:
        key = choice.key()
        with self.lock:
            if key in self.by_choice:
                self.by_choice.move_to_end(key)
                return self.by_choice[key]
        found = (secrets.token_hex(8), preview(site, choice))
        with self.lock:
            self.by_choice[key] = found
            while len(self.by_choice) > KEEP:
                self.by_choice.popitem(last=False)
        return found

    def image(self, ident: str, page: int) -> bytes | None:
        with self.lock:
            for found, item in self.by_choice.values():
                if found == ident and 1 <= page <= len(item.images):
                    return item.images[page - 1]
        return None


def preview(site: Site, choice: Choice) -> Preview:
    """The first pages of the choice as PNGs, without the read-back check (that is the download's)."""
    if choice.errors:
        return Preview(errors=dict(choice.errors))
    layout = site.layouts[choice.layout]
    try:
        laid_out = lay_out(site.catalogue, layout, choice.options(site))
        pdf = laid_out.pdf()
    except InputError as exc:
        return Preview(errors=render_error(exc, choice))
    return Preview(page_pngs(pdf, PREVIEW_DPI, first=PREVIEW_PAGES), len(laid_out.pages), list(laid_out.warnings))


def make_pdf(site: Site, choice: Choice, store: Store, cache: dict) -> Made:
    """Render, read back and check, and write the PDF and its proof sheet in a new folder."""
    ident, folder = store.new_folder()
    made = Made(ident, folder)
    store.put(ident, made)
    if choice.errors:
        made.errors = dict(choice.errors)
        return made
    catalogue, layout = site.catalogue, site.layouts[choice.layout]
    name = item_file(catalogue.catalogue.id, layout.name, choice.tag, folder)
    try:
        result = render(catalogue, layout, choice.options(site))
    except InputError as exc:
        made.errors = render_error(exc, choice)
        return made
    made.pages, made.title, made.warnings = result.pages, result.title, result.warnings
    try:
        check_output(result.pdf, catalogue, layout, name.name, cache)
    except CheckFailed as exc:
        made.problems = [exc.message]
    report = check_pdf(result.pdf, catalogue, name.name, cache=cache, min_qr=layout.smallest_code())
    made.ok = report.ok and not made.problems
    made.problems += [f"page {page}: {f.message}" for page, f in report.problems()]
    made.verdict = verdict([report])
    if made.ok:                  # as render does: a file that fails its check is not offered
        write_atomic(name, result.pdf)
        made.files["pdf"] = name
    proof = folder / f"{catalogue.catalogue.id}-{layout.name}-{choice.tag}-proof.pdf"
    write_atomic(proof, proof_pdf(catalogue, [Proofed(layout, result, report)], choice.tag))
    made.files["proof"] = proof
    return made


def verdict(reports) -> str:
    """The check's result in words."""
    findings = [f for r in reports for p in r.pages for f in p.findings]
    codes = sum(f.count for f in findings if f.kind == "code" and f.ok)
    numbers = sum(f.count for f in findings if f.kind in ("number", "address") and f.ok)
    wrong = sum(1 for f in findings if not f.ok)
    pages = sum(len(r.pages) for r in reports)
    files = f" in {len(reports)} files" if len(reports) > 1 else ""
    if wrong:
        return (f"The check found {wrong} problem{'s' if wrong > 1 else ''}{files}: the file is not offered "
                "for printing. This is a fault of printgen: please report it.")
    return (f"Every code and number read back and checked{files}: {codes} QR code{'s' if codes != 1 else ''} "
            f"decoded from the pixels lead to the catalogue's lines, {numbers} printed numbers and addresses are "
            f"the catalogue's, every font is embedded and the page boxes are right ({pages} "
            f"page{'s' if pages != 1 else ''}).")


LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "vi": "Vietnamese", "zh": "Chinese", "zh-Hans":
                  "Chinese (Simplified)", "zh-Hant": "Chinese (Traditional)", "ru": "Russian", "uk": "Ukrainian",
                  "so": "Somali", "ar": "Arabic", "fr": "French", "am": "Amharic", "lo": "Lao", "ko": "Korean",
                  "tl": "Tagalog", "pt": "Portuguese", "de": "German", "ja": "Japanese", "ti": "Tigrinya"}


def language_name(tag: str) -> str:
    name = LANGUAGE_NAMES.get(tag)
    return f"{name} ({tag})" if name else tag


def plain_warning(warning: str) -> str:
    """A render's note said for someone who has not read the README."""
    from printgen.render import LEFT_OUT

    if warning.startswith(LEFT_OUT):
        return ("Not printed, because the catalogue marks them incomplete (their number or address is "
                f"missing from the source): {warning.removeprefix(LEFT_OUT)}.")
    if warning.startswith("fell back to "):
        head, _, texts = warning.partition(": ")
        base, count = head.removeprefix("fell back to ").split(" for ")
        return (f"{count} are not translated into the chosen language and print in {language_name(base)}: "
                f"{texts}.")
    if "left out for room" in warning:
        return f"Not everything fits, so the lowest-priority lines were left out: {warning}."
    if "stands in for hotline" in warning:
        return f"The catalogue tags no line as the hotline, so this one is printed as the hotline: {warning}."
    if "past its review date" in warning:
        return f"Printed although past its review date (you ticked the box): {warning}."
    return warning[:1].upper() + warning[1:]

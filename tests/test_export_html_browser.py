"""The HTML twin in a real browser (Debian's Chromium through Playwright): axe-core finds no
violation, for Portland and a right-to-left catalogue, and the page prints cleanly on Letter
and A4 (Chromium's own print to PDF, read back: every page of the paper size, every line of
the catalogue on it, nothing cut at the right edge)."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from browser import describe, run_axe
from click.testing import CliRunner
from conftest import CATALOGUE, ROOT
from pypdf import PdfReader

from printgen.catalogue.load import load_catalogue
from printgen.cli import cli

RTL_CATALOGUE = ROOT / "tests" / "data" / "catalogues" / "gb-ar.yaml"
CASES = [(CATALOGUE, "en"), (CATALOGUE, "ar"), (CATALOGUE, "en+es"), (RTL_CATALOGUE, "ar")]


def export(tmp_path, catalogue, lang):
    out = tmp_path / "html"
    result = CliRunner().invoke(cli, ["export", "--format", "html", "--catalogue", str(catalogue), "--lang", lang,
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    (page_file,) = sorted(out.glob("*.html"))
    return page_file


@pytest.mark.parametrize("catalogue, lang", CASES)
def test_axe_finds_no_violation(tmp_path, page, catalogue, lang):
    page.goto(export(tmp_path, catalogue, lang).as_uri())
    violations = run_axe(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("paper, size", [("Letter", (612, 792)), ("A4", (595.28, 841.89))])
@pytest.mark.parametrize("catalogue, lang", [(CATALOGUE, "en"), (RTL_CATALOGUE, "ar")])
def test_the_page_prints_on_letter_and_a4(tmp_path, page, paper, size, catalogue, lang):
    page.goto(export(tmp_path, catalogue, lang).as_uri())
    pdf = page.pdf(format=paper, prefer_css_page_size=False)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    for sheet in reader.pages:
        box = sheet.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=1.5)
    printed = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in reader.pages))
    numbers = {c.display for _, r in load_catalogue(catalogue).resources() if r.complete for c in r.contacts
               if c.number is not None}
    assert numbers and all(re.sub(r"\s+", "", n) in printed for n in numbers), paper
    doc = pdfium.PdfDocument(pdf)
    try:
        for number in range(len(doc)):         # no character runs past the paper's edges
            sheet = doc[number]
            text = sheet.get_textpage()
            for i in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(i)
                assert -0.5 <= left and right <= size[0] + 0.5 and -0.5 <= bottom and top <= size[1] + 0.5
            text.close()
    finally:
        doc.close()

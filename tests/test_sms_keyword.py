"""A text line's keyword is printed wherever its number is (a text to a short code without its
keyword may reach no one): every shipped layout, read back from the written PDF, for a
catalogue whose text lines carry keywords (Toronto's Kids Help Phone: CONNECT to 686868; the
posting-laws catalogue's hotline: BEFREE to 233-733, for each state's preset)."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from shipped import NAMES, PRESETS, catalogue_for, pdf_of

CASES = [(n, "ca-toronto") for n in NAMES if n not in PRESETS] + [(n, "posting-laws") for n in PRESETS]


def _pages(pdf: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(io.BytesIO(pdf))
    try:
        return [" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]
    finally:
        doc.close()


@pytest.mark.parametrize("name, which", CASES, ids=[f"{n}-{w}" for n, w in CASES])
def test_a_text_lines_keyword_prints_beside_its_number(name, which):
    catalogue = catalogue_for(name, which)
    texts = [c for _, r in catalogue.resources() for c in r.contacts if c.kind == "sms" and c.keyword]
    assert texts, "the catalogue has text lines with keywords"
    for number, page in enumerate(_pages(pdf_of(name, which)), 1):
        for contact in texts:
            if contact.display in page:
                assert contact.keyword in page, (name, number, contact.display, contact.keyword)
    for page in _pages(pdf_of(name, which)):
        assert "Text Text" not in page and "Texto Texto" not in page   # the label not said again


def test_the_keyword_is_said_as_what_to_text():
    """Toronto's line is labelled "Text": the card says "Text CONNECT", not "Text · Text CONNECT"."""
    pages = _pages(pdf_of("wallet-card", "ca-toronto"))
    assert any("686868 Text CONNECT · 24/7" in page for page in pages), pages

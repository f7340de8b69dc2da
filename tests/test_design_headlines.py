"""Headlines that set well on every shipped layout (issue 16): no line of a headline is a lone
word when the headline has more than three words, in English and in the longer languages, for
Portland and the UK catalogue (each posting-law preset for a catalogue of its state). Read
from the laid-out lines of each element whose style is a headline."""

from __future__ import annotations

import pytest
from conftest import CATALOGUE, LAYOUTS, ROOT, state_catalogue

from printgen.catalogue.load import load_catalogue
from printgen.layout.folder import load_all
from printgen.compose.context import pdf_box
from printgen.pages import TextRun
from printgen.render import Options, lay_out

UK = ROOT / "tests" / "data" / "catalogues" / "gb-uk.yaml"
FOUND, _ = load_all(LAYOUTS)
WITH_HEADLINES = sorted(l.name for l in FOUND if any(
    getattr(e, "type", "") == "text" and "headline" in (getattr(e, "style", "") or "")
    for face in (l.faces.front, l.faces.back or []) for e in face))


def _catalogue(layout, tmp_path_factory, which: str):
    if layout.requires is None:
        return load_catalogue(CATALOGUE if which == "portland" else UK)
    return state_catalogue(tmp_path_factory.mktemp("state"), layout.requires.jurisdiction)


def headline_lines(layout, laid_out) -> list[list[str]]:
    """The lines of each headline element, top to bottom, per face."""
    out = []
    for key, face in laid_out.faces.items():
        elements = layout.faces.back if key.startswith("back") and layout.faces.back else layout.faces.front
        for element in elements:
            if getattr(element, "type", "") != "text" or "headline" not in (element.style or ""):
                continue
            box = pdf_box(layout, element.box)
            runs = [s for s in face.shapes if isinstance(s, TextRun) and s.box is not None
                    and all(abs(a - b) < 0.01 for a, b in zip(s.box, box))]
            if runs:
                out.append([r.text for r in sorted(runs, key=lambda r: -r.y)])
    return out


def test_the_layouts_with_headlines_are_found():
    assert {"poster-letter", "wallet-card", "sticker-stall", "poster-ca-52-6"} <= set(WITH_HEADLINES)


PRESET_NAMES = {l.name for l in FOUND if l.requires is not None}
# every layout in en, fr and de for Portland and the UK; a posting-law preset in its state's languages
CASES = [(n, w, lang) for n in WITH_HEADLINES if n not in PRESET_NAMES for w in ("portland", "uk")
         for lang in ("en", "fr", "de")] + [(n, "state", "en") for n in WITH_HEADLINES if n in PRESET_NAMES]


@pytest.mark.parametrize("name, which, lang", CASES)
def test_no_headline_line_is_a_lone_word(tmp_path_factory, name, which, lang):
    layout = next(l for l in FOUND if l.name == name)
    catalogue = _catalogue(layout, tmp_path_factory, which)
    tag = layout.default_lang(catalogue.catalogue) if lang == "en" else lang
    if lang != "en" and len(layout.languages) > 1:
        tag = f"{lang}+{layout.default_lang(catalogue.catalogue).split('+')[1]}"
    laid_out = lay_out(catalogue, layout, Options(tag, allow_stale=True, allow_fallback=True))
    found = headline_lines(layout, laid_out)
    assert found, f"{name}: no headline lines found"
    for lines in found:
        words = sum(len(line.split()) for line in lines)
        lone = [line for line in lines if len(line.split()) == 1]
        assert words <= 3 or not lone, (name, tag, lines)

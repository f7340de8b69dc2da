"""Every code of every shipped layout, as a phone meets it (issue 16): modules of at least 1.0 mm
and a caption beside it that says what scanning does, read from the pixels (the version from
the symbol itself) and the text layer; for Portland and the UK catalogue, and each posting-law
preset for a catalogue of its state."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from conftest import CATALOGUE, LAYOUTS, ROOT, state_catalogue
from readback import decode_codes

from printgen.catalogue.load import load_catalogue
from printgen.layout.folder import load_all
from printgen.render import Options, render

MM = 72 / 25.4
CATALOGUES = {"portland": CATALOGUE, "uk": ROOT / "tests" / "data" / "catalogues" / "gb-uk.yaml"}
NEAR = 20 * MM              # a caption's words lie within this of the code's box (or half its side)


def _scan_words() -> set[str]:
    """The first word of "Scan to call this number" in every shipped language (Escanee, Zeskanuj ...)."""
    from printgen.language import strings

    out = {"scan"}
    for tag in strings.available():
        found = strings.load(tag).texts.get("Scan to call this number")
        if found:
            out.add(found[0].split()[0].strip(",.:;!?").lower() if " " in found[0] else found[0][:2])
    return out


def _says_scan(near: str) -> bool:
    """A word of the caption is the first word of "Scan to call this number" in some language (or,
    for a language written without spaces, the caption holds its first two characters)."""
    words = {w.strip(",.:;!?()").lower() for w in near.split()}
    return any(tok in words or (len(tok) == 2 and not tok.isascii() and tok in near) for tok in SCAN)


SCAN = _scan_words()

LAYOUTS_FOUND, _ = load_all(LAYOUTS)
ORDINARY = sorted(layout.name for layout in LAYOUTS_FOUND if layout.requires is None)
PRESETS = sorted(layout.name for layout in LAYOUTS_FOUND if layout.requires is not None)


def _pdf(catalogue, name: str) -> bytes:
    layout = next(layout for layout in LAYOUTS_FOUND if layout.name == name)
    return render(catalogue, layout, Options(layout.default_lang(catalogue.catalogue), allow_stale=True)).pdf


def _captions(pdf: bytes, code) -> str:
    """The words near a code (on its page), joined in reading order."""
    near_by = max(NEAR, 0.5 * min(code.w, code.h))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[code.page]
        top, bottom = page.height - (code.y + code.h), page.height - code.y
        near = [w for w in page.extract_words()
                if w["x1"] >= code.x - near_by and w["x0"] <= code.x + code.w + near_by
                and w["bottom"] >= top - near_by and w["top"] <= bottom + near_by
                and not (w["x0"] >= code.x and w["x1"] <= code.x + code.w and w["top"] >= top and w["bottom"] <= bottom)]
    return " ".join(w["text"] for w in sorted(near, key=lambda w: (round(w["top"]), w["x0"])))


def _assert_codes(pdf: bytes, where: str) -> int:
    codes = decode_codes(pdf, dpi=150)
    for code in codes:
        assert code.version > 0, f"{where}: no version read for {code.payload}"
        assert code.module_mm >= 1.0 - 0.02, (f"{where}: the code for {code.payload} on page {code.page + 1} has "
                                              f"modules of {code.module_mm:.2f} mm ({code.w / MM:.1f} mm, version "
                                              f"{code.version})")
        near = _captions(pdf, code)
        assert _says_scan(near), (f"{where}: the code for {code.payload} on page "
                                                             f"{code.page + 1} has no caption saying what scanning "
                                                             f"does; near it: {near[:200]!r}")
    return len(codes)


@pytest.fixture(scope="module", params=list(CATALOGUES))
def catalogue(request):
    return load_catalogue(CATALOGUES[request.param])


@pytest.mark.parametrize("name", ORDINARY)
def test_every_code_has_modules_of_a_millimetre_and_an_action_caption(catalogue, name):
    _assert_codes(_pdf(catalogue, name), f"{name} ({catalogue.catalogue.id})")


@pytest.mark.parametrize("name", PRESETS)
def test_every_presets_code_has_modules_of_a_millimetre_and_an_action_caption(tmp_path_factory, name):
    layout = next(layout for layout in LAYOUTS_FOUND if layout.name == name)
    catalogue = state_catalogue(tmp_path_factory.mktemp("state"), layout.requires.jurisdiction)
    _assert_codes(_pdf(catalogue, name), name)


def test_the_measure_finds_a_small_code(tmp_path):
    """The measure itself: a wallet card's code drawn at 18 mm (modules under 1 mm) fails it."""
    import shutil

    from printgen.layout.load import load_layout

    folder = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, folder)
    text = (folder / "wallet-card.yaml").read_text("utf-8")
    box = "box: [1.895in, 0.125in, 1.48in, 1.75in]"
    assert "min_size: 25mm" in text and box in text
    (folder / "wallet-card.yaml").write_text(text.replace("min_size: 25mm", "min_size: 18mm").replace(
        box, "box: [1.895in, 0.125in, 1.3in, 1.5in]"), "utf-8")
    pdf = render(load_catalogue(CATALOGUE), load_layout("wallet-card", folder), Options("en")).pdf
    with pytest.raises(AssertionError, match="modules of 0"):
        _assert_codes(pdf, "small")

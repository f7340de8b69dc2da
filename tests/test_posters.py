"""Posters, tear-off flyers and stall stickers, measured from the written PDFs."""

from __future__ import annotations

import io
import re
from collections import defaultdict

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, decoded, rendered

from printgen.catalogue.load import load_catalogue
from printgen.cli import cli
from printgen.errors import InputError
from printgen.layout.load import load_layout
from printgen.render import Options, render
from readback import decode_codes, page_boxes, page_texts

CM = 72 / 2.54
POSTERS = {"poster-letter": ((612, 792), 0.8), "poster-a4": ((595.28, 841.89), 0.8),
           "poster-tabloid": ((792, 1224), 1.0), "poster-a3": ((841.89, 1190.55), 1.0)}
PHONE = re.compile(r"^(\d{3}|1-\d{3}-\d{3}-\d{4}|\d{3}-\d{3}-\d{4})$")


def words(pdf: bytes, page: int = 0, upright: bool | None = True):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        p = doc.pages[page]
        return p.extract_words(extra_attrs=["size", "upright"]), p.chars


def render_layout(name: str, **options) -> bytes:
    return render(load_catalogue(CATALOGUE), load_layout(name, LAYOUTS), Options("en", **options)).pdf


@pytest.mark.parametrize("name", POSTERS)
def test_poster_sizes_text_and_codes(name):
    size, distance = POSTERS[name]
    pdf = rendered(name)
    assert page_boxes(pdf)[0]["media"][2:] == pytest.approx(size, abs=0.01)
    found, chars = words(pdf)
    headline = [w for w in found if w["text"] in ("Help", "alone.")]
    assert headline and min(w["size"] for w in headline) >= 30
    numbers = [w for w in found if PHONE.match(w["text"])]
    assert {w["text"] for w in numbers} >= {"911", "1-888-373-7888", "503-255-0118"}
    assert min(w["size"] for w in numbers) >= 16, "phone digits are at least 16 pt"
    assert "Information verified on 2026-11-28" in page_texts(pdf)[0]
    codes = decoded(name)
    assert {c.payload for c in codes} == {"tel:+18883737888"}      # one code, the hotline's (issue 16)
    for code in codes:
        assert min(code.w, code.h) >= max(3 * CM, distance * 100 * CM / 10) - 1


def test_the_four_sizes_share_one_base():
    for name in POSTERS:
        assert (LAYOUTS / f"{name}.yaml").read_text().count("extends: poster-base") == 1
        assert len(load_layout(name, LAYOUTS).faces.front) == len(load_layout("poster-base", LAYOUTS).faces.front)


def test_tearoff_tabs_carry_the_hotline_along_the_tab():
    pdf = rendered("poster-tearoff")
    _, chars = words(pdf)
    columns = defaultdict(list)
    for ch in chars:
        if not ch["upright"]:
            columns[round(ch["x0"])].append(ch)
    numbers = []
    for column in columns.values():
        text = "".join(c["text"] for c in sorted(column, key=lambda c: -c["top"]))
        if re.fullmatch(r"[\d-]+", text):
            numbers.append(text)
    assert numbers == ["1-888-373-7888"] * 8
    faces = _faces("poster-tearoff")
    dashed = [s for s in faces[0].shapes if getattr(s, "dash", ())]
    assert len(dashed) == 8, "7 cut lines between 8 tabs and one above them"


def test_tearoff_text_stays_inside_each_tab():
    from printgen.text.measure import ascent_descent
    from printgen.pages import TextRun

    for run in (s for s in _faces("poster-tearoff")[0].shapes if isinstance(s, TextRun) and s.angle):
        asc, desc = ascent_descent(run.font, run.size)
        x0, y0, x1, y1 = run.extent(asc, -desc)
        bx, by, bw, bh = run.box
        assert bx <= x0 and x1 <= bx + bw and by <= y0 and y1 <= by + bh


def _faces(name):
    from printgen.compose.face import Context, compose
    from printgen.language.pick import Language

    catalogue = load_catalogue(CATALOGUE)
    return compose(Context(catalogue, load_layout(name, LAYOUTS), Language("en", "en")))


def test_stall_sticker_is_discreet_and_advises_deleting_history():
    pdf = rendered("sticker-stall")
    assert page_boxes(pdf)[0]["media"][2:] == pytest.approx((4.25 * 72, 6.25 * 72))
    text = page_texts(pdf)[0]
    assert "traffick" not in text.lower()
    assert "if it is safer, delete your call and text history" in " ".join(text.split())   # wraps since issue 16
    assert "1-888-373-7888" in text and "911" in text
    assert [c.payload for c in decoded("sticker-stall")] == ["tel:+18883737888"]


def test_discreet_layout_refuses_revealing_fixed_words(tmp_path):
    text = (LAYOUTS / "sticker-stall.yaml").read_text().replace(
        "Need help? You can call any time.", "Victim of trafficking? Call any time.")
    (tmp_path / "sticker-stall.yaml").write_text(text)
    with pytest.raises(InputError) as info:
        render(load_catalogue(CATALOGUE), load_layout("sticker-stall", tmp_path), Options("en"))
    assert 'says "traffick" on a discreet layout' in str(info.value)


def test_venue_is_printed_and_never_changes_a_code():
    plain, venue = rendered("poster-letter"), render_layout("poster-letter", venue={"name": "Rose City Motel"})
    assert "Rose City Motel" in page_texts(venue)[0]
    assert "Rose City Motel" not in page_texts(plain)[0]
    assert [c.payload for c in decode_codes(venue)] == [c.payload for c in decoded("poster-letter")]


@pytest.mark.parametrize("name, message", [
    ("Motel 503-555-0199", "holds a number; numbers printed must come from the catalogue"),
    ("x" * 201, "at most 200 are printed"),
    ("Motel\u202eevil", "invisible or control character U+202E"),
])
def test_venue_data_cannot_add_numbers_or_hidden_text(in_project, tmp_path, name, message):
    result = CliRunner().invoke(cli, ["render", "poster-letter", "--venue", name, "-o", str(tmp_path / "p.pdf")])
    assert result.exit_code == 2
    assert message in result.stderr.splitlines()[0]
    assert not (tmp_path / "p.pdf").exists()


def test_california_preset_lists_every_violation(in_project, tmp_path):
    # in English and Spanish (the layout's default): the Portland catalogue lacks two lines
    result = CliRunner().invoke(cli, ["render", "poster-ca-52-6", "-o", str(tmp_path / "ca.pdf")])
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: layouts/poster-ca-52-6.yaml: California Civil Code 52.6: 2 requirements not met "
                            "(checks the published figures; not legal advice)")
    assert "1-888-539-2373 must be printed (the catalogue has no such line: add it there)" in first
    assert "a number to text must be printed" in first
    assert not (tmp_path / "ca.pdf").exists()
    # in English alone, the missing language is a third violation
    result = CliRunner().invoke(cli, ["render", "poster-ca-52-6", "--lang", "en", "-o", str(tmp_path / "ca.pdf")])
    first = result.stderr.splitlines()[0]
    assert ": 3 requirements not met" in first and "this render lacks es" in first


def test_texas_preset_refuses_a_language_it_does_not_list():
    catalogue = load_catalogue(CATALOGUE)
    with pytest.raises(InputError) as info:
        render(catalogue, load_layout("poster-tx-lodging", LAYOUTS), Options("vi"))
    assert "each sheet must be in one of en, es" in str(info.value)


def test_build_skips_presets_the_catalogue_cannot_meet(in_project, tmp_path):
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert "not built: poster-ca-52-6: " in result.stderr
    assert (tmp_path / "portland-or-poster-tearoff-en.pdf").exists()

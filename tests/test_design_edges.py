"""Office paper has an edge a printer cannot print to (issue 16): on every layout printed one to
a sheet of office paper without bleed, colour keeps at least 0.25 in from the paper's edge,
measured on the laid-out shapes for Portland and the UK catalogue (each posting-law preset for
a catalogue of its state)."""

from __future__ import annotations

import pytest
from conftest import CATALOGUE, LAYOUTS, ROOT, state_catalogue

from printgen.catalogue.load import load_catalogue
from printgen.layout.folder import load_all
from printgen.pages import Rect
from printgen.render import Options, lay_out

EDGE = 18.0                   # 0.25 in, in points
OFFICE = {"letter", "a4", "tabloid", "a3", "legal"}
FOUND, _ = load_all(LAYOUTS)
ONE_A_SHEET = sorted(l.name for l in FOUND if l.sheet is not None and isinstance(l.sheet.size, str)
                     and l.sheet.size in OFFICE and not l.item.bleed and l.grid is None)


def _catalogue(layout, tmp_path_factory, name: str):
    if layout.requires is None:
        return load_catalogue(CATALOGUE if name == "portland" else ROOT / "tests/data/catalogues/gb-uk.yaml")
    return state_catalogue(tmp_path_factory.mktemp("state"), layout.requires.jurisdiction)


def test_the_office_layouts_are_found():
    assert {"poster-letter", "poster-a4", "poster-tabloid", "poster-ca-52-6", "poster-nm-hb-181"} <= set(ONE_A_SHEET)


# each ordinary layout with Portland and the UK; a posting-law preset with its own state's catalogue
CASES = [(n, w) for n in ONE_A_SHEET if not next(l for l in FOUND if l.name == n).requires
         for w in ("portland", "uk")] + [(n, "state") for n in ONE_A_SHEET
                                        if next(l for l in FOUND if l.name == n).requires]


@pytest.mark.parametrize("name, which", CASES)
def test_colour_keeps_a_quarter_inch_from_the_paper_edge(tmp_path_factory, name, which):
    layout = next(l for l in FOUND if l.name == name)
    catalogue = _catalogue(layout, tmp_path_factory, which)
    laid_out = lay_out(catalogue, layout, Options(layout.default_lang(catalogue.catalogue), allow_stale=True))
    w, h = layout.sheet.points
    for key, face in laid_out.faces.items():
        for r in (s for s in face.shapes if isinstance(s, Rect) and s.fill):
            assert (r.x >= EDGE - 0.01 and r.y >= EDGE - 0.01 and r.x + r.w <= w - EDGE + 0.01
                    and r.y + r.h <= h - EDGE + 0.01), (name, key, r)

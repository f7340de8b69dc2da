"""Layouts: validation with lines, geometry checked at load, no code run, extends."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import LAYOUTS
from hypothesis import given, settings
from hypothesis import strategies as st

from printgen.cli import cli
from printgen.errors import InputError
from printgen.layout.geometry import check_geometry
from printgen.layout import schema
from printgen.layout.model import Layout
from printgen.layout.load import load_layout
from printgen.source.document import Document
from printgen.source.schema import to_runtime

BASE = (LAYOUTS / "wallet-card.yaml").read_text()


def write_layout(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.yaml").write_text(text)


def first_error(folder: Path, name: str) -> str:
    with pytest.raises(InputError) as info:
        load_layout(name, folder)
    return str(info.value.problems[0])


@pytest.fixture
def folder(tmp_path):
    write_layout(tmp_path, "wallet-card", BASE)
    return tmp_path


def test_shipped_layouts_load_and_list(in_project):
    result = CliRunner().invoke(cli, ["layouts"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert {"wallet-card", "wallet-card-a4", "wallet-card-bleed"} <= set(names)


def test_unknown_key_named_with_its_line(folder):
    write_layout(folder, "typo", "extends: wallet-card\ndescription: x\ngird:\n  columns: 2\n")
    message = first_error(folder, "typo")
    assert message.startswith(f"{folder}/typo.yaml:3:1: gird: unknown key \"gird\"; did you mean \"grid\"?")


def test_grid_that_does_not_fit_the_sheet_is_refused_before_drawing(folder):
    write_layout(folder, "wide", "extends: wallet-card\ndescription: x\ngrid:\n  columns: 3\n")
    message = first_error(folder, "wide")
    assert "grid.columns: 3 columns of 3.5in (88.9mm) items" in message
    assert "the sheet is 8.5in (215.9mm) wide" in message


def test_box_outside_the_safe_area(folder):
    text = BASE.replace("box: [0.125in, 0.64in, 0.95in, 1.235in]", "box: [0.125in, 0.64in, 3.4in, 1.235in]")
    write_layout(folder, "outside", text)
    assert "faces.front.2.box: the box" in first_error(folder, "outside")
    assert "reaches outside the safe area" in first_error(folder, "outside")


def test_qr_box_smaller_than_its_minimum(folder):
    text = BASE.replace("box: [1.895in, 0.125in, 1.48in, 1.75in]", "box: [1.895in, 0.125in, 0.7in, 0.7in]")
    write_layout(folder, "tiny-code", text)
    assert "cannot hold a code of at least 0.984in (25.0mm)" in first_error(folder, "tiny-code")   # min_size 25mm


@pytest.mark.parametrize("change, expected", [
    ("size: [3.5in, 2in]", "size: [3.5, 2in]", ),
])
def test_length_without_unit(folder, change, expected):
    write_layout(folder, "nounit", BASE.replace(change, expected))
    assert 'a length needs a unit, e.g. 3.5mm, 3.5in or 3.5pt' in first_error(folder, "nounit")


def test_undefined_style(folder):
    write_layout(folder, "style", BASE.replace("style: headline", "style: headlin"))
    assert 'style "headlin" is not defined' in first_error(folder, "style")


def test_extends_missing_and_cycles(folder):
    write_layout(folder, "orphan", "extends: nowhere\ndescription: x\n")
    assert 'layout "nowhere" not found' in str(pytest.raises(InputError, load_layout, "orphan", folder).value)
    write_layout(folder, "a", "extends: b\ndescription: x\n")
    write_layout(folder, "b", "extends: a\ndescription: x\n")
    assert "cannot extend itself" in str(pytest.raises(InputError, load_layout, "a", folder).value)


def test_extends_error_points_into_the_file_that_wrote_it(folder):
    write_layout(folder, "child", "extends: wallet-card\ndescription: x\nitem:\n  bleed: 3\n")
    assert first_error(folder, "child").startswith(f"{folder}/child.yaml:4:10: item.bleed:")


def test_a_layout_cannot_run_code(folder, tmp_path):
    marker = tmp_path / "ran"
    write_layout(folder, "evil", f'description: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert "is not accepted" in first_error(folder, "evil")
    assert not marker.exists()


@pytest.mark.parametrize("file", ["../secret.png", "/etc/passwd", "missing.png"])
def test_images_only_from_the_layouts_folder(folder, file):
    text = BASE.replace("  back:\n", f"    - {{type: image, box: [0in, 0in, 1in, 1in], file: \"{file}\"}}\n  back:\n")
    write_layout(folder, "picture", text)
    assert "faces.front.5.file" in first_error(folder, "picture")


def test_render_cli_errors_are_one_line_exit_2(in_project, tmp_path):
    result = CliRunner().invoke(cli, ["render", "no-such-layout", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert result.stderr.startswith('error: layout "no-such-layout" not found in layouts/; known layouts:')
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "x.pdf").exists()


# -- geometry properties ----------------------------------------------------------------------

def grid_layout(columns, rows, left, top, gap, w, h, sheet=(612.0, 792.0)) -> Layout:
    return to_runtime(schema.Layout.model_validate({
        "description": "property test",
        "sheet": {"size": [f"{sheet[0]}pt", f"{sheet[1]}pt"]},
        "item": {"size": [f"{w}pt", f"{h}pt"], "safe": "2pt"},
        "grid": {"columns": columns, "rows": rows, "left": f"{left}pt", "top": f"{top}pt",
                 "gap": [f"{gap[0]}pt", f"{gap[1]}pt"]},
        "styles": {"s": {"size": "8pt"}},
        "faces": {"front": [{"type": "box", "box": ["0pt", "0pt", "10pt", "10pt"]}],
                  "back": [{"type": "box", "box": ["0pt", "0pt", "10pt", "10pt"]}]},
    }))


dims = st.floats(min_value=20, max_value=400, allow_nan=False).map(lambda v: round(v, 2))
offsets = st.floats(min_value=0, max_value=200).map(lambda v: round(v, 2))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6), st.integers(1, 8), offsets, offsets,
       st.tuples(st.floats(0, 30).map(lambda v: round(v, 2)), st.floats(0, 30).map(lambda v: round(v, 2))), dims, dims)
def test_cards_never_overlap_and_stay_inside_the_sheet(columns, rows, left, top, gap, w, h):
    from printgen.impose import impose

    layout = grid_layout(columns, rows, left, top, gap, w, h)
    problems = check_geometry(layout, Document("p.yaml", {}))
    need_w, need_h = left + columns * w + (columns - 1) * gap[0], top + rows * h + (rows - 1) * gap[1]
    if need_w > 612.01 or need_h > 792.01:
        assert problems, "a grid that does not fit must be refused"
        return
    assert not problems
    for page in impose(layout):
        boxes = [(p.x, p.y, p.x + w, p.y + h) for p in page.placements]
        assert len(boxes) == columns * rows
        for x0, y0, x1, y1 in boxes:
            assert -0.01 <= x0 and x1 <= 612.01 and -0.01 <= y0 and y1 <= 792.01
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] + 0.01 or b[2] <= a[0] + 0.01 or a[3] <= b[1] + 0.01 or b[3] <= a[1] + 0.01

"""The render and build commands: errors, freshness, atomic writes, offsets, warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS

from printgen.cli import cli
from readback import page_texts


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def long_name_catalogue(tmp_path: Path) -> Path:
    long = ("Emergency services for anyone in immediate danger anywhere in the city and the whole surrounding "
            "county including all the neighbouring towns and villages and the rural areas beyond them ") * 3
    text = CATALOGUE.read_text().replace("name: {en: Emergency, es: Emergencia,", f"name: {{en: {long}, es: Emergencia,")
    path = tmp_path / "long.yaml"
    path.write_text(text)
    return path


def test_render_writes_the_default_file(in_project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "catalogue.yaml").write_text(CATALOGUE.read_text())
    result = run("render", "wallet-card", "--layouts", str(LAYOUTS))
    assert result.exit_code == 0, result.output + result.stderr
    assert (tmp_path / "output" / "portland-or-wallet-card-en.pdf").is_file()
    assert "left out (incomplete): ppb-anonymous-tip" in result.stderr


def test_over_long_name_is_an_overflow_error_and_writes_nothing(in_project, tmp_path):
    target = tmp_path / "cards.pdf"
    result = run("render", "wallet-card", "--catalogue", str(long_name_catalogue(tmp_path)), "-o", str(target))
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: layouts/wallet-card.yaml: faces.front.2 (resources): the resources "
                            "(Emergency services for anyone")
    assert "do not fit in its 0.95in (24.1mm) x 1.24in (31.4mm) box" in first      # the front's left part
    assert not target.exists()
    assert list(tmp_path.glob(".*part")) == []


def test_failed_render_leaves_an_existing_file_untouched(in_project, tmp_path):
    target = tmp_path / "cards.pdf"
    target.write_bytes(b"previous")
    result = run("render", "wallet-card", "--catalogue", str(long_name_catalogue(tmp_path)), "-o", str(target))
    assert result.exit_code == 2
    assert target.read_bytes() == b"previous"


def test_stale_catalogue_refused_unless_allowed(in_project, tmp_path):
    target = tmp_path / "cards.pdf"
    late = {"PRINTGEN_TODAY": "2027-07-01"}      # more than 180 days after 2026-11-28
    result = run("render", "wallet-card", "-o", str(target), env=late)
    assert result.exit_code == 2
    assert "past their review date" in result.stderr and "--allow-stale" in result.stderr
    assert not target.exists()
    result = run("render", "wallet-card", "-o", str(target), "--allow-stale", env=late)
    assert result.exit_code == 0
    assert target.exists()
    assert "past its review date" in result.stderr


def test_unwritable_destination_is_a_clear_error(in_project, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("render", "wallet-card", "-o", str(blocker / "cards.pdf"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {blocker}: cannot create the output folder")


def test_offsets_shift_fronts_and_backs_separately():
    from printgen.impose import impose
    from printgen.layout.load import load_layout

    layout = load_layout("wallet-card", LAYOUTS)
    plain = impose(layout)
    shifted = impose(layout, offset=(2.0, -1.0), back_offset=(-3.0, 0.5))
    for a, b in zip(plain[0].placements, shifted[0].placements):
        assert (b.x - a.x, b.y - a.y) == pytest.approx((2.0, -1.0))
    for a, b in zip(plain[1].placements, shifted[1].placements):
        assert (b.x - a.x, b.y - a.y) == pytest.approx((-3.0, 0.5))


def test_offset_option_needs_units(in_project, tmp_path):
    result = run("render", "wallet-card", "--offset", "1,2", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "expected X,Y with units, e.g. 1mm,-0.5mm" in result.stderr
    result = run("render", "wallet-card", "--offset", "1mm,-0.5mm", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 0


def test_calibration_sheet(in_project, tmp_path):
    target = tmp_path / "cal.pdf"
    assert run("calibrate", "-o", str(target)).exit_code == 0
    front, back = page_texts(target.read_bytes())
    assert "Print at 100%" in front and "--back-offset" in front
    assert "behind the front" in back


def test_build_renders_every_layout(in_project, tmp_path):
    result = run("build", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    made = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert "portland-or-wallet-card-en.pdf" in made and "portland-or-wallet-card-bleed-en.pdf" in made


def test_spanish_render_lists_its_fallbacks(in_project, tmp_path):
    # the handout prints the notes, whose bodies have no Spanish yet
    result = run("render", "handout-letter", "--lang", "es", "-o", str(tmp_path / "es.pdf"))
    assert result.exit_code == 0
    assert "fell back to en for" in result.stderr
    assert "Emergencia" in " ".join(page_texts((tmp_path / "es.pdf").read_bytes()))

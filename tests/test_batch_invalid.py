"""Broken batch manifests and venue CSVs, one file per rule under tests/data/invalid/.

A manifest's first line says what `printgen batch` prints first on stderr after "error: "
(the start of it), with its path as {file}; a CSV's expected message is in NAME.expect.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS

from printgen.cli import cli

INVALID = Path(__file__).resolve().parent / "data" / "invalid"
MANIFESTS = sorted((INVALID / "manifest").glob("*.yaml"))
VENUES = sorted((INVALID / "venues").glob("*.csv"))


def refused(result, expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr and "internal error" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: " + expected), first


def test_the_whole_corpus_is_large():
    files = [p for p in INVALID.rglob("*") if p.suffix in (".yaml", ".csv") and p.name != "base.yaml"]
    assert len(files) >= 60
    assert len(MANIFESTS) >= 10 and len(VENUES) >= 10


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.stem)
def test_broken_manifest_is_refused_with_its_message(path):
    expected = path.read_text().split("\n", 1)[0].removeprefix("# expect: ").replace("{file}", str(path))
    refused(CliRunner().invoke(cli, ["batch", str(path)]), expected)
    assert not (path.parent / "output").exists()


@pytest.mark.parametrize("path", VENUES, ids=lambda p: p.stem)
def test_broken_venue_file_is_refused_with_its_message(path, tmp_path):
    manifest = tmp_path / "batch.yaml"
    manifest.write_text(f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [poster-letter]\n"
                        f"venues_csv: {path}\noutput: {{folder: out}}\n")
    expected = path.with_suffix(".expect").read_text().strip().replace("{file}", str(path))
    refused(CliRunner().invoke(cli, ["batch", str(manifest)]), expected)
    assert not (tmp_path / "out").exists()

"""Broken layouts: one file per rule in tests/data/invalid/layout/, each refused with its message.

The first line of each file says what `printgen render` prints first on stderr after "error: ",
with the file's path as {file}. `base.yaml` is the valid layout the others are copies of.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE

from printgen.cli import cli

FOLDER = Path(__file__).resolve().parent / "data" / "invalid" / "layout"
CASES = sorted(p for p in FOLDER.glob("*.yaml") if p.stem != "base")


def expected(path: Path) -> str:
    first = path.read_text().split("\n", 1)[0]
    assert first.startswith("# expect: ")
    return first[len("# expect: "):].replace("{file}", str(path)).replace("{folder}", str(path.parent))


def test_the_corpus_covers_many_rules():
    assert len(CASES) >= 35


def test_base_is_valid(tmp_path):
    result = CliRunner().invoke(cli, ["render", "base", "--layouts", str(FOLDER), "--catalogue", str(CATALOGUE),
                                      "-o", str(tmp_path / "base.pdf")])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_broken_layout_is_refused_with_its_message(path, tmp_path):
    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli, ["render", path.stem, "--layouts", str(FOLDER), "--catalogue", str(CATALOGUE),
                                      "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.splitlines()[0] == "error: " + expected(path)
    assert not target.exists()

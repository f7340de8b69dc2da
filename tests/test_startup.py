"""Start-up: a command imports what it uses and no more (a property of the imports, not a
timing; scripts/benchmark.py --cases help times it). Each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CATALOGUE, LAYOUTS

HEAVY = ("pypdfium2", "zxingcpp", "pypdf", "pikepdf", "PIL", "reportlab", "flask", "pydantic", "phonenumbers",
         "printgen.check.read", "importlib.metadata")

PROBE = """
import json, sys
from click.testing import CliRunner
from printgen.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
print(json.dumps({"code": result.exit_code, "output": result.output[-400:],
                  "imported": sorted(m for m in %r if m in sys.modules)}))
""" % (HEAVY,)


def imported(tmp_path, *args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["code"] == 0, found["output"]
    return set(found["imported"])


def test_help_imports_no_library_of_the_commands(tmp_path):
    assert imported(tmp_path, "--help") == set()


@pytest.mark.parametrize("command", [["validate", "--layouts", str(LAYOUTS)], ["export"]])
def test_reading_the_catalogue_imports_no_pdf_reader_nor_rasteriser(tmp_path, command):
    got = imported(tmp_path, *command, "--catalogue", str(CATALOGUE))
    assert "pydantic" in got and "phonenumbers" in got          # what it does use
    assert not got & {"pypdfium2", "zxingcpp", "pypdf", "pikepdf", "flask", "printgen.check.read"}, got


def test_render_without_verifying_imports_no_reader(tmp_path):
    got = imported(tmp_path, "render", "poster-letter", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS),
                   "--no-verify", "-o", str(tmp_path / "p.pdf"))
    assert (tmp_path / "p.pdf").stat().st_size > 1000
    assert "reportlab" in got
    assert not got & {"pypdfium2", "zxingcpp", "pypdf", "pikepdf", "flask", "printgen.check.read"}, got


def test_render_verified_reads_its_file_back_with_pdfium(tmp_path):
    got = imported(tmp_path, "render", "poster-letter", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS),
                   "-o", str(tmp_path / "p.pdf"))
    assert {"pypdfium2", "zxingcpp", "printgen.check.read"} <= got
    assert not got & {"pypdf", "pikepdf", "flask"}, got       # one page: no page keys to tell apart

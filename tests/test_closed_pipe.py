"""A command whose output's reader has left (`printgen layouts | head -2`) ends silently with
status 141, as a shell reports a command its pipe's reader left; not with an internal error.
A batch so stopped leaves only complete files, and a rerun makes the rest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CATALOGUE, LAYOUTS

from test_batch import manifest

PRINTGEN = [sys.executable, "-m", "printgen"]


def into_closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``args`` run with standard output a pipe whose reading end is already closed."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(PRINTGEN + args, stdout=write, stderr=subprocess.PIPE, text=True, cwd=cwd,
                              timeout=300)
    finally:
        os.close(write)


@pytest.mark.parametrize("args", [
    ["--version"],
    ["layouts", "--layouts", str(LAYOUTS)],
    ["export", "--catalogue", str(CATALOGUE), "--format", "json"],
    ["validate", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS)],
])
def test_a_command_whose_reader_left_ends_silently_with_status_141(tmp_path, args):
    done = into_closed_pipe(args, tmp_path)
    assert (done.returncode, done.stderr) == (141, ""), done.stderr
    read = subprocess.run(PRINTGEN + args, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert read.returncode == 0 and read.stdout, read.stderr       # with a reader, the same command is done


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_whose_reader_left_stops_with_complete_files_only_and_a_rerun_makes_the_rest(tmp_path, jobs):
    venues = "name\n" + "".join(f"Venue {n}\n" for n in range(6))
    path = manifest(tmp_path, venues=venues, layouts=("poster-letter",))
    done = into_closed_pipe(["batch", str(path), "--no-verify", "--jobs", jobs], tmp_path)
    assert (done.returncode, done.stderr) == (141, ""), done.stderr
    out = tmp_path / "out"
    left = sorted(p.name for p in out.iterdir() if p.name.endswith(".part"))
    assert left == [], "no half-written file"
    for pdf in out.glob("*.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), pdf.name
    rerun = subprocess.run(PRINTGEN + ["batch", str(path), "--no-verify", "--jobs", jobs], capture_output=True,
                           text=True, cwd=tmp_path, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(out.glob("*.pdf"))) == 6

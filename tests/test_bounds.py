"""Hostile input, round two (issue 14): bounds checked when input loads, outputs that never
replace an input or a special file, and no internal error: each case answered with one located
line and exit status 2, and nothing written. The one-file cases are in tests/data/invalid/;
these need several files, a device, a FIFO, a symlink or a signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, ROOT

from printgen.batch.record import Record, own_state, state_file
from printgen.cli import cli
from readback import page_texts

BASE = ROOT / "tests" / "data" / "invalid" / "layout" / "base.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def refused(result, first: str) -> None:
    """Exit status 2, no traceback nor internal error, and ``first`` as the first line."""
    assert result.exit_code == 2, result.output + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.splitlines()[0] == first, result.stderr


def layouts_with(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "layouts"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text)
    return folder


def render(layouts: Path, name: str, out: Path, *args: str):
    return run("render", name, "--layouts", str(layouts), "--catalogue", str(CATALOGUE), "-o", str(out), *args)


# --- files that are no files ------------------------------------------------------------------

def test_a_device_as_catalogue_is_refused_before_reading():
    refused(run("validate", "--catalogue", "/dev/zero"),
            "error: /dev/zero: is not a regular file (a device, a pipe or a socket); expected a YAML file")


def test_a_fifo_as_catalogue_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "catalogue.yaml"
    os.mkfifo(fifo)
    refused(run("validate", "--catalogue", str(fifo)),
            f"error: {fifo}: is not a regular file (a device, a pipe or a socket); expected a YAML file")


def test_size_is_checked_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:             # sparse: 20 MB that take no room
        handle.truncate(20 * 1024 * 1024)
    reads = []
    real_open = open

    def watched(path, *args, **kwargs):
        reads.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watched)
    monkeypatch.setattr("io.open", watched)          # what pathlib's read_bytes opens with
    refused(run("validate", "--catalogue", str(big)),
            f"error: {big}: is 20971520 bytes; files larger than 10485760 bytes are refused")
    assert str(big) not in reads


# --- numbers out of range ---------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [("3in,0", "3in"), ("100in,100in", "100in"), ("0mm,-11mm", "-11mm")])
def test_offsets_beyond_10mm_are_refused(tmp_path, value, shown):
    out = tmp_path / "cards.pdf"
    refused(render(LAYOUTS, "wallet-card", out, "--offset", value),
            f'error: --offset {value}: found "{shown}"; an offset is at most 10mm either way (printers drift by '
            "1-4 mm: measure it with printgen calibrate)")
    assert not out.exists()


def test_an_offset_never_moves_a_safe_area_off_the_sheet(tmp_path):
    # cells from the sheet's top edge: 3.2 mm of safe margin above the text
    folder = layouts_with(tmp_path, card=BASE.read_text().replace("top: 0.5in", "top: 0in"))
    out = tmp_path / "cards.pdf"
    refused(render(folder, "card", out, "--offset", "0mm,5mm"),
            f"error: {folder / 'card.yaml'}: --offset 0mm,5mm would move an item's safe area (its text and codes) "
            "off the sheet; print printgen calibrate and measure the drift, or leave the offset out")
    assert not out.exists()
    result = render(folder, "card", out, "--offset", "0mm,-5mm")       # down, away from the edge: fine
    assert result.exit_code == 0, result.stderr
    assert "911" in page_texts(out.read_bytes())[0]


def test_jobs_at_most_four_per_core(tmp_path):
    cores = len(os.sched_getaffinity(0))
    manifest = tmp_path / "batch.yaml"
    manifest.write_text(f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [wallet-card]\n"
                        "output: {folder: out}\n")
    refused(run("batch", str(manifest), "--jobs", str(4 * cores + 1)),
            f"error: --jobs {4 * cores + 1}: this machine has {cores} cores; use at most {4 * cores} (4 per core): "
            "more processes only wait for each other and take memory")
    assert not (tmp_path / "out").exists()


# --- extends ------------------------------------------------------------------------------------

def test_a_ring_of_1000_layouts_is_refused(tmp_path):
    folder = layouts_with(tmp_path, **{f"ring-{i}": f"extends: ring-{(i + 1) % 1000}\ndescription: r\n"
                                       for i in range(1000)})
    result = render(folder, "ring-0", tmp_path / "x.pdf")
    refused(result, f"error: {folder / 'ring-8.yaml'}:1:10: extends: ring-0 -> ring-1 -> ring-2 -> ... -> ring-8 "
                    "-> ring-9: more than 8 layouts extend one another; extend a layout that extends fewer")


def test_a_chain_of_8_extends_loads(tmp_path):
    files = {f"chain-{i}": f"extends: chain-{i + 1}\n" for i in range(7)}
    folder = layouts_with(tmp_path, **files, **{"chain-7": BASE.read_text()})
    result = render(folder, "chain-0", tmp_path / "x.pdf")
    assert result.exit_code == 0, result.stderr


def test_extends_never_reads_a_path(tmp_path, monkeypatch):
    outside = tmp_path / "secret.yaml"
    outside.write_text("description: [unclosed\n")
    folder = layouts_with(tmp_path, card="extends: ../secret\n" + BASE.read_text())
    refused(render(folder, "card", tmp_path / "x.pdf"),
            f'error: {folder / "card.yaml"}:1:10: extends: found "../secret"; extends names a layout of the same '
            "folder (lowercase letters, digits and hyphens, no / or ..)")


# --- outputs ------------------------------------------------------------------------------------

def test_render_never_replaces_its_catalogue_or_layout(tmp_path):
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_bytes(CATALOGUE.read_bytes())
    folder = layouts_with(tmp_path, base=BASE.read_text(), card="extends: base\n")
    before = {p: p.read_bytes() for p in (catalogue, folder / "base.yaml", folder / "card.yaml")}
    args = ["render", "card", "--layouts", str(folder), "--catalogue", str(catalogue), "-o"]
    refused(run(*args, str(catalogue)), f"error: {catalogue}: is the catalogue this run reads; writing there would "
                                        "replace it, so nothing was written; choose another file with -o")
    # the layout it extends, named another way
    other = tmp_path / "layouts" / ".." / "layouts" / "base.yaml"
    refused(run(*args, str(other)), f"error: {other}: is a layout file this run reads; writing there would replace "
                                    "it, so nothing was written; choose another file with -o")
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in folder.iterdir()) == ["base.yaml", "card.yaml"]


@pytest.mark.parametrize("name, text", [("campaign.yaml", "layouts: [wallet-card]\n"), ("venues.csv", "name\nA\n"),
                                        ("notes.txt", "keep me\n")])
def test_render_never_replaces_a_file_of_another_kind(tmp_path, name, text):
    target = tmp_path / name
    target.write_text(text)
    refused(render(LAYOUTS, "wallet-card", target),
            f"error: {target}: exists and is not a PDF; printgen replaces only a file of the kind it writes, so "
            "nothing was written; choose another name with -o")
    assert target.read_text() == text
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_render_replaces_a_pdf(tmp_path):
    target = tmp_path / "cards.pdf"
    for _ in range(2):
        result = render(LAYOUTS, "wallet-card", target)
        assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("special", ["/dev/full", "/dev/null", "fifo"])
def test_a_device_fifo_or_folder_is_never_replaced(tmp_path, special):
    if special == "fifo":
        special = tmp_path / "out.pdf"
        os.mkfifo(special)
        kind = "not a regular file (a device, a pipe or a socket)"
    else:
        kind = "not a regular file (a device, a pipe or a socket)"
    for args in (["render", "wallet-card", "-o", str(special)], ["calibrate", "-o", str(special)]):
        result = CliRunner().invoke(cli, args, catch_exceptions=False) if args[0] == "calibrate" else \
            render(LAYOUTS, "wallet-card", special)
        refused(result, f"error: {special}: is {kind}; printgen writes only regular files, so nothing was written; "
                        "choose a file name with -o")
    path = Path(special)
    assert path.is_char_device() or path.is_fifo()
    assert not [p for p in Path(path.parent).iterdir() if p.name.endswith(".part")]


def test_proof_never_replaces_its_catalogue(tmp_path):
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_bytes(CATALOGUE.read_bytes())
    refused(run("proof", "wallet-card", "--layouts", str(LAYOUTS), "--catalogue", str(catalogue), "-o",
                str(catalogue)),
            f"error: {catalogue}: is the catalogue this run reads; writing there would replace it, so nothing was "
            "written; choose another file with -o")
    assert catalogue.read_bytes() == CATALOGUE.read_bytes()


def test_a_batch_never_writes_through_a_symlinked_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(elsewhere)
    manifest = tmp_path / "batch.yaml"
    manifest.write_text(f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [poster-letter]\n"
                        "venues: [{name: Rose City Motel}]\n"
                        'output: {folder: out, pattern: "sub/{venue}.pdf"}\n')
    refused(run("batch", str(manifest), "--jobs", "1"),
            f"error: {manifest}: output: sub/rose-city-motel.pdf leads outside {tmp_path / 'out'} through a "
            "symbolic link; nothing was written; name a folder inside it")
    assert list(elsewhere.iterdir()) == []


def test_two_batches_sharing_a_folder_keep_both_records(tmp_path):
    """Each run merges the record on disk under the folder's lock: the one that ends last does
    not drop what the other recorded meanwhile."""
    name = state_file()
    first = Record(tmp_path, name, own_state(tmp_path, name))
    second = Record(tmp_path, name, own_state(tmp_path, name))      # started before the first wrote anything
    first.set("a.pdf", {"inputs": "1", "sha256": "x"})
    second.set("b.pdf", {"inputs": "2", "sha256": "y"})
    first.flush(final=True)
    second.flush(final=True)
    first.set("c.pdf", {"inputs": "3", "sha256": "z"})
    first.flush(final=True)
    assert sorted(own_state(tmp_path, name)) == ["a.pdf", "b.pdf", "c.pdf"]


WRITER = """
import sys, time
from printgen.output import write_atomic
from printgen.signals import terminate_cleanly
terminate_cleanly()
print("ready", flush=True)
try:
    i = 0
    while True:
        write_atomic(sys.argv[1] + f"/f{i % 3}.pdf", b"%PDF-" + b"x" * 2000, durable=False)
        i += 1
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_no_part_file_survives_a_signal(tmp_path, sig):
    """A process writing files as fast as it can, stopped at 12 random moments: every file left is
    complete, and no temporary file is left, whenever the signal lands."""
    import random

    rng = random.Random(sig)
    for attempt in range(12):
        folder = tmp_path / f"try-{attempt}"
        folder.mkdir()
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err.decode()
        left = sorted(p.name for p in folder.iterdir())
        assert not [n for n in left if n.endswith(".part")], left
        assert all((folder / n).read_bytes() == b"%PDF-" + b"x" * 2000 for n in left)


def test_check_refuses_a_page_larger_than_a0_before_rasterising_it():
    """A 637-byte PDF: one 200 x 200 in page painted by a shading, which the check would
    rasterise whole (2 GB of pixels)."""
    pdf = ROOT / "tests" / "data" / "invalid" / "pdf" / "page-beyond-a0.pdf"
    assert pdf.stat().st_size < 1000
    refused(run("check", str(pdf)), f"error: {pdf}: page 1 is 5080 x 5080 mm, larger than A0; printgen writes no "
                                    "page that large, so this is not its output (nothing was rasterised)")


def test_preview_refuses_more_pixels_than_it_draws(tmp_path):
    folder = layouts_with(tmp_path, a0=BASE.read_text().replace("size: letter", "size: [841mm, 1189mm]"))
    out = tmp_path / "png"
    refused(run("preview", "a0", "--layouts", str(folder), "--catalogue", str(CATALOGUE), "-o", str(out),
                "--dpi", "600"),
            "error: --dpi 600: a page of a0 would be 19866 x 28087 pixels; at most 100 million are drawn: use "
            "--dpi 254 or less")
    assert not out.exists()


def test_a_damaged_record_is_replaced(tmp_path):
    (tmp_path / state_file()).write_text("not json at all\n")
    record = Record(tmp_path, state_file(), own_state(tmp_path, state_file()))
    record.set("a.pdf", {"inputs": "1", "sha256": "x"})
    record.flush(final=True)
    assert own_state(tmp_path, state_file()) == {"a.pdf": {"inputs": "1", "sha256": "x"}}


@pytest.mark.parametrize("length, ok", [(1273, True), (1274, False)])
def test_a_url_is_at_most_what_a_code_holds_at_every_level(tmp_path, length, ok):
    from printgen.qr import encode

    corpus = ROOT / "tests" / "data" / "invalid" / "catalogue" / "url-ftp.yaml"
    url = "https://example.org/" + "a" * (length - 20)
    path = tmp_path / "catalogue.yaml"
    path.write_text(corpus.read_text().split("\n", 1)[1].replace("ftp://example.org/tips", url))
    result = run("validate", "--catalogue", str(path))
    if ok:
        assert result.exit_code == 0, result.stderr
        for ec in "LMQH":               # the limit is what version 40 holds at H
            encode(url, ec)
    else:
        refused(result, f"error: {path}:21:18: sections.0.resources.1.contacts.0.url: is 1274 bytes long; a QR "
                        "code holds at most 1273: use a shorter address")

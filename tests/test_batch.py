"""Batches: manifests and venue CSVs, file names, parallel and incremental runs, shards, interruptions."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, ROOT

from printgen.batch.plan import plan_batch, shard
from printgen.output import venue_file_names
from printgen.cli import cli
from printgen.batch.manifest import load_manifest
from readback import page_texts

VENUES = "name,city\nRose City Motel,Portland\nCafé Olé,Portland\n\"Harbor Inn, North\",Astoria\n"


def manifest(tmp_path: Path, venues: str = VENUES, layouts=("poster-letter", "wallet-card"), extra: str = "",
             catalogue: Path = CATALOGUE, layouts_dir: Path = LAYOUTS, output: str = "{folder: out}") -> Path:
    (tmp_path / "venues.csv").write_text(venues, encoding="utf-8")
    path = tmp_path / "batch.yaml"
    path.write_text(f"catalogue: {catalogue}\nlayouts_folder: {layouts_dir}\nlayouts: [{', '.join(layouts)}]\n"
                    f"venues_csv: venues.csv\noutput: {output}\n{extra}", encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(cli, ["batch", *map(str, args)])


def pdfs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def written(result) -> list[str]:
    return [line.split()[1] for line in result.stdout.splitlines() if line.startswith("wrote ")]


def test_files_are_the_same_whatever_jobs_is_and_match_render(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, jobs in ((one, "1"), (two, "2")):
        folder.mkdir()
        result = run(manifest(folder, output="{folder: out, combined: '{layout}-{lang}-all.pdf'}"), "--jobs", jobs)
        assert result.exit_code == 0, result.output
        assert "8 files written (18 pages), 0 unchanged (skipped)" in result.stdout
    assert pdfs(one / "out") == pdfs(two / "out") and len(pdfs(one / "out")) == 8
    assert (one / "out" / ".printgen-batch.json").read_bytes() == (two / "out" / ".printgen-batch.json").read_bytes()
    single = tmp_path / "single.pdf"
    assert CliRunner().invoke(cli, ["render", "poster-letter", "--catalogue", str(CATALOGUE), "--layouts",
                                    str(LAYOUTS), "--venue", "Café Olé", "-o", str(single)]).exit_code == 0
    assert (one / "out" / "poster-letter-en-cafe-ole.pdf").read_bytes() == single.read_bytes()
    combined = page_texts((one / "out" / "poster-letter-en-all.pdf").read_bytes())
    assert [t.count(v) for t, v in zip(combined, ("Rose City Motel", "Café Olé", "Harbor Inn, North"))] == [1, 1, 1]


def test_composing_again_gives_the_same_pdf_as_reusing():
    from printgen.compose import reuse
    from printgen.catalogue.load import load_catalogue
    from printgen.layout.load import load_layout
    from printgen.render import Options, render

    catalogue, layout = load_catalogue(CATALOGUE), load_layout("poster-letter", LAYOUTS)
    for lang, venue in (("es", "Rose City Motel"), ("es", "Café Olé"), ("en", "Café Olé")):
        reused = render(catalogue, layout, Options(lang, venue={"name": venue}))
        reuse.clear()
        fresh = render(catalogue, layout, Options(lang, venue={"name": venue}))
        assert (reused.pdf, reused.warnings) == (fresh.pdf, fresh.warnings)


def test_unchanged_jobs_are_skipped_and_changed_ones_redone(tmp_path):
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(CATALOGUE.read_text())
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    for p in LAYOUTS.glob("*.yaml"):
        (layouts / p.name).write_text(p.read_text())
    path = manifest(tmp_path, catalogue=catalogue, layouts_dir=layouts)
    out = tmp_path / "out"
    assert len(written(run(path))) == 6
    again = run(path)
    assert written(again) == [] and "0 files written (0 pages), 6 unchanged (skipped)" in again.stdout
    catalogue.write_text("# a comment changes nothing printed\n" + catalogue.read_text())
    assert written(run(path)) == []
    (out / "wallet-card-en-cafe-ole.pdf").unlink()
    (out / "poster-letter-en-cafe-ole.pdf").write_bytes(b"%PDF-1.4 damaged")
    assert sorted(written(run(path))) == ["poster-letter-en-cafe-ole.pdf", "wallet-card-en-cafe-ole.pdf"]
    base = layouts / "poster-base.yaml"                  # what poster-letter extends
    base.write_text(base.read_text().replace('fill: "#1f3a5f"', 'fill: "#203a5f"'))
    assert sorted(written(run(path))) == sorted(f"poster-letter-en-{v}.pdf" for v in
                                                ("rose-city-motel", "cafe-ole", "harbor-inn-north"))
    catalogue.write_text(catalogue.read_text().replace("hours: 24/7", "hours: 24 / 7", 1))
    assert len(written(run(path))) == 6
    assert len(written(run(path, "--force"))) == 6


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_forced_run_leaves_files_that_hold_the_same_bytes_as_they_were(tmp_path, jobs):
    """--force makes and checks every file again; one already on disk byte for byte is not
    written again (its inode and time kept), one that differs is, and a link is replaced by a
    file of its own even when what it points to holds the same bytes."""
    path = manifest(tmp_path, layouts=("poster-letter",))
    out = tmp_path / "out"
    first = run(path, "--jobs", jobs)
    assert first.exit_code == 0 and "on disk already" not in first.stdout
    made = pdfs(out)
    names = sorted(made)
    before = {n: os.stat(out / n) for n in names}
    changed, linked, kept = names
    (out / changed).write_bytes(made[changed][:-9] + b"tampered\n")         # same size, other bytes
    (out / "copy.bin").write_bytes(made[linked])
    (out / linked).unlink()
    (out / linked).symlink_to(out / "copy.bin")
    again = run(path, "--force", "--jobs", jobs)
    assert again.exit_code == 0, again.output
    assert "3 files written (3 pages)" in again.stdout
    assert f"wrote {kept} (1 pages, checked): on disk already, byte for byte, so left as it was" in again.stdout
    assert f"wrote {changed} (1 pages, checked)\n" in again.stdout
    assert "batch: 1 of the files written were on disk already, byte for byte: left as they were" in again.stdout
    assert pdfs(out) == made and not (out / linked).is_symlink()
    after = {n: os.stat(out / n) for n in names}
    assert (after[kept].st_ino, after[kept].st_mtime_ns) == (before[kept].st_ino, before[kept].st_mtime_ns)
    assert after[changed].st_ino != before[changed].st_ino
    assert (out / "copy.bin").read_bytes() == made[linked]
    rerun = run(path, "--jobs", "1")          # the record vouches for the kept file as for the others
    assert "0 files written (0 pages), 3 unchanged (skipped)" in rerun.stdout


def test_a_file_that_fails_its_check_is_not_written_and_the_batch_exits_1(tmp_path, monkeypatch):
    import printgen.render
    from printgen.errors import CheckFailed

    real = printgen.render.check_output

    def check(pdf, catalogue, layout, name, cache=None):
        if name == "wallet-card-en-cafe-ole.pdf":
            raise CheckFailed(f"{name}: the check found 1 problems, so nothing was written: page 1: a code reads wrong")
        return real(pdf, catalogue, layout, name, cache)

    monkeypatch.setattr(printgen.render, "check_output", check)
    path = manifest(tmp_path)
    result = run(path, "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == ("check failed: wallet-card-en-cafe-ole.pdf (venues.csv:3): "
                                              "wallet-card-en-cafe-ole.pdf: the check found 1 problems, so nothing "
                                              "was written: page 1: a code reads wrong").replace(
        "venues.csv", f"{tmp_path}/venues.csv")
    assert "wrote poster-letter-en-cafe-ole.pdf (1 pages, checked)" in result.stdout
    assert not (tmp_path / "out" / "wallet-card-en-cafe-ole.pdf").exists()
    assert len(pdfs(tmp_path / "out")) == 5


def test_files_made_without_verification_are_made_again_with_it(tmp_path):
    path = manifest(tmp_path, layouts=("wallet-card",))
    assert len(written(run(path, "--no-verify"))) == 3
    assert written(run(path, "--no-verify")) == []
    again = run(path)
    assert len(written(again)) == 3 and "(2 pages, checked)" in again.stdout
    assert written(run(path, "--no-verify")) == [] and written(run(path)) == []


def test_shards_together_run_every_job_exactly_once(tmp_path):
    path = manifest(tmp_path, extra="languages: [en, es]\n")
    jobs = plan_batch(load_manifest(path)).jobs
    parts = [shard(jobs, k, 3) for k in (1, 2, 3)]
    assert sorted(j.index for p in parts for j in p) == list(range(len(jobs))) == list(range(12))
    made = []
    for k in (1, 2, 3):
        result = run(path, "--shard", f"{k}/3", "--jobs", "1")
        assert result.exit_code == 0 and f"batch {k}/3: 4 files written" in result.stdout
        made += written(result)
    assert sorted(made) == sorted(j.path for j in jobs) and len(set(made)) == 12
    assert sorted(p.name for p in (tmp_path / "out").glob(".printgen-batch*.json")) == [
        f".printgen-batch.shard-{k}-of-3.json" for k in (1, 2, 3)]
    whole = run(path)
    assert "0 files written (0 pages), 12 unchanged (skipped)" in whole.stdout
    assert run(path, "--shard", "4/3").exit_code == 2


def test_interrupted_batch_leaves_no_partial_file_and_a_rerun_completes_it(tmp_path, monkeypatch):
    import printgen.output

    path = manifest(tmp_path)
    real, calls = os.replace, []

    def replace_then_interrupt(src, dst):
        if os.path.dirname(dst) != str(tmp_path / "out"):
            return real(src, dst)             # not a file of the batch's (printgen's cache of checked files)
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt           # as Ctrl-C would, in the middle of writing the third file
        return real(src, dst)

    monkeypatch.setattr(printgen.output.os, "replace", replace_then_interrupt)
    result = run(path, "--jobs", "1")
    monkeypatch.setattr(printgen.output.os, "replace", real)
    assert result.exit_code == 130 and "interrupted" in result.stderr and "Traceback" not in result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".printgen-batch")) == [
        "poster-letter-en-cafe-ole.pdf", "poster-letter-en-rose-city-motel.pdf"]
    assert len(json.loads((out / ".printgen-batch.json").read_text())["outputs"]) == 2
    rerun = run(path, "--jobs", "1")
    assert rerun.exit_code == 0 and "4 files written (7 pages), 2 unchanged (skipped)" in rerun.stdout
    clean = tmp_path / "clean"
    clean.mkdir()
    run(manifest(clean), "--jobs", "1")
    assert pdfs(out) == pdfs(clean / "out")


def _complete(pdf: bytes) -> bool:
    from pypdf import PdfReader

    return pdf.rstrip().endswith(b"%%EOF") and len(PdfReader(io.BytesIO(pdf)).pages) >= 1


@pytest.mark.parametrize("whole_group", [False, True], ids=["main-process", "every-process"])
def test_killed_batch_leaves_only_complete_files(tmp_path, whole_group):
    venues = "name\n" + "".join(f"Venue {chr(65 + i // 26)}{chr(65 + i % 26)}\n" for i in range(40))
    path = manifest(tmp_path, venues=venues, layouts=("poster-letter",))
    env = {**os.environ, "PRINTGEN_TODAY": "2026-11-28"}
    cmd = [sys.executable, "-m", "printgen", "batch", str(path), "--jobs", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    out = tmp_path / "out"
    deadline = time.monotonic() + 30
    while not list(out.glob("*.pdf")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    workers = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGKILL) if whole_group else os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for pid in workers:                      # without their parent, workers stop (and clean up) at once
        for _ in range(200):
            if not Path(f"/proc/{pid}").exists() or "Z" in _status(pid):
                break
            time.sleep(0.01)
        else:
            os.kill(pid, signal.SIGKILL)
            pytest.fail(f"worker {pid} outlived its killed parent")
    assert all(_complete(data) for data in pdfs(out).values())
    if not whole_group:
        assert not [p.name for p in out.iterdir() if p.name.endswith(".part")]
    rerun = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert len(pdfs(out)) == 40 and not [p for p in out.iterdir() if p.name.endswith(".part")]
    record = json.loads((out / ".printgen-batch.json").read_text())["outputs"]
    assert sorted(record) == sorted(pdfs(out)) and len({e["sha256"] for e in record.values()}) == 40


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _status(pid: int) -> str:
    try:
        return next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State"))
    except (OSError, StopIteration):
        return "Z"


def test_unsafe_venue_names_give_safe_distinct_file_names(tmp_path):
    names = ["../x", "a/b", "Motel", "motel", "MOTEL!", "名字", "con", "..", "x" * 190, "x" * 190 + "y",
             "Café", "Cafe\u0301 "]
    files = venue_file_names(names)
    assert len(set(files)) == len(files)
    assert all(f and len(f) <= 69 and set(f) <= set("abcdefghijklmnopqrstuvwxyz0123456789-") for f in files)
    assert files[0] == "x" and files[1] == "a-b" and files[10] != files[11]
    assert files[2].startswith("motel-") and files[3].startswith("motel-") and files[6].startswith("con-")
    assert venue_file_names(list(reversed(names))) == list(reversed(files)), "not order dependent"
    venues = "name\n../x\na/b\nMotel\nmotel\n名字\n\"\\..\\evil\"\n"
    result = run(manifest(tmp_path, venues=venues, layouts=("poster-letter",)), "--jobs", "1")
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.pdf"))
    assert len(made) == 6 and all("/" not in m and m.startswith("poster-letter-en-") for m in made)
    assert list(tmp_path.glob("*.pdf")) == [] and not (tmp_path / "x").exists()


# broken manifests and venue files: tests/test_batch_invalid.py and tests/data/invalid/


def test_a_field_the_layout_prints_must_be_given(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    for p in LAYOUTS.glob("poster-*.yaml"):
        (layouts / p.name).write_text(p.read_text().replace('text: "{venue.name}"', 'text: "{venue.name}, {venue.city}"'))
    result = run(manifest(tmp_path, venues="name\nA\n", layouts=("poster-letter",), layouts_dir=layouts))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path}/venues.csv: no venue has a city field, which "
                                    f"{layouts}/poster-letter.yaml prints as {{venue.city}}")


def test_two_batches_writing_to_one_folder_at_once_leave_only_whole_files(tmp_path):
    out = tmp_path / "shared"
    procs = []
    for side, venues in (("a", "name\nAlder Inn\nBirch Motel\nCedar Bar\n"),
                         ("b", "name\nDogwood Cafe\nElm Clinic\nCedar Bar\n")):
        folder = tmp_path / side
        folder.mkdir()
        path = manifest(folder, venues=venues, layouts=("poster-letter",), output=f"{{folder: {out}}}")
        procs.append(subprocess.Popen([sys.executable, "-m", "printgen", "batch", str(path), "--jobs", "1"],
                                      cwd=ROOT, env={**os.environ, "PRINTGEN_TODAY": "2026-11-28"},
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    made = sorted(p.name for p in out.glob("*.pdf"))
    assert len(made) == 5, made                       # "Cedar Bar" is in both: one file, written whole
    assert [p for p in out.iterdir() if p.name.endswith(".part")] == []
    result = CliRunner().invoke(cli, ["check", *map(str, sorted(out.glob("*.pdf")))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("count, workers", [(1, 2), (7, 2), (37, 2), (1000, 2), (1000, 8), (5, 16)])
def test_jobs_go_to_workers_in_small_chunks_each_once_in_order(count, workers):
    from printgen.batch.run import CHUNK, chunks

    jobs = list(range(count))
    sent = chunks(jobs, workers)
    assert [job for chunk in sent for job in chunk] == jobs
    assert all(1 <= len(chunk) <= CHUNK for chunk in sent)
    assert len(sent) >= min(count, workers * 8), "enough chunks to keep every worker busy to the end"


def test_the_record_is_appended_as_files_are_written_and_merged_at_the_end(tmp_path, monkeypatch):
    from printgen.batch import record as rec

    monkeypatch.setattr(rec, "FLUSH_SECONDS", 0.0)
    entry = {"inputs": "i", "sha256": "s", "pages": 1, "checked": True}
    record = rec.Record(tmp_path, rec.state_file(), {})
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        record.set(name, {**entry, "sha256": name})
    record.flush()
    journal = tmp_path / ".printgen-batch.journal"
    first = journal.read_bytes()
    assert len(first.splitlines()) == 3 and not (tmp_path / ".printgen-batch.json").exists()
    record.set("b.pdf", {**entry, "sha256": "b.pdf"})          # unchanged: nothing to append
    record.set("d.pdf", {**entry, "sha256": "d.pdf"})
    record.flush()
    data = journal.read_bytes()
    assert data.startswith(first) and len(data.splitlines()) == 4, "appended, never rewritten"
    with journal.open("a") as handle:                          # a run killed in the middle of a line
        handle.write('["e.pdf", {"inputs": "i", "sha')
    entries, warnings = rec.load_state(tmp_path)
    assert warnings == [] and sorted(entries) == ["a.pdf", "b.pdf", "c.pdf", "d.pdf"]
    assert entries["d.pdf"] == [{**entry, "sha256": "d.pdf"}]
    again = rec.Record(tmp_path, rec.state_file(), rec.own_state(tmp_path, rec.state_file()))
    again.flush(final=True)                                   # nothing new, but the journal is merged
    assert not journal.exists()
    merged = json.loads((tmp_path / ".printgen-batch.json").read_text())["outputs"]
    assert sorted(merged) == ["a.pdf", "b.pdf", "c.pdf", "d.pdf"] and merged["a.pdf"]["sha256"] == "a.pdf"


def test_a_journal_damaged_before_its_last_line_is_refused_with_a_warning(tmp_path):
    from printgen.batch import record as rec

    (tmp_path / ".printgen-batch.shard-1-of-2.journal").write_text('not json\n["a.pdf", {"inputs": "i", "sha256": "s"}]\n')
    entries, warnings = rec.load_state(tmp_path)
    assert entries == {} and len(warnings) == 1 and ".printgen-batch.shard-1-of-2.json: unreadable" in warnings[0]


def test_a_large_journal_is_read_and_merged_a_line_at_a_time(tmp_path, monkeypatch):
    """National scale: the parent holds the record's entries, never the journal's or the
    record's text whole (nor a second copy of the record) while it reads and merges them."""
    import tracemalloc

    from printgen.batch import record as rec

    count = 20000
    entry = {"inputs": "i" * 64, "sha256": "s" * 64, "pages": 1, "checked": True}
    lines = "".join(json.dumps([f"poster-letter-en-venue-{n:05d}.pdf", entry]) + "\n" for n in range(count))
    journal = tmp_path / ".printgen-batch.journal"
    journal.write_text(lines, encoding="utf-8")
    size = journal.stat().st_size
    assert size > 3_000_000
    tracemalloc.start()
    try:
        entries, warnings, own = rec.load_state(tmp_path, rec.state_file())
        held, peak = tracemalloc.get_traced_memory()
        # the parsed entries share their strings; the journal's 3 MB of text never stands whole
        assert len(own) == count and warnings == [] and entries[f"poster-letter-en-venue-{count - 1:05d}.pdf"]
        assert peak - held < size / 4, f"reading held {peak - held} bytes at once beyond the entries"
        record = rec.Record(tmp_path, rec.state_file(), own)
        for path, earlier in list(own.items()):              # as a run does: found unchanged, or made again
            record.set(path, earlier)
        record.set("poster-letter-en-venue-00000.pdf", {**entry, "sha256": "t" * 64})
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        record.flush(final=True)
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    written = (tmp_path / ".printgen-batch.json").stat().st_size
    assert written > size and not journal.exists()
    # merging re-reads the record (another batch may have added to it) without a second copy of
    # the entries this run replaces, and writes it a few hundred entries at a time, never whole
    assert peak - before < written / 2 and peak - before < held / 4, (peak - before, written, held)
    merged = json.loads((tmp_path / ".printgen-batch.json").read_text())["outputs"]
    assert len(merged) == count and merged["poster-letter-en-venue-00000.pdf"]["sha256"] == "t" * 64
    assert rec.state_bytes(merged) == (tmp_path / ".printgen-batch.json").read_bytes()


def test_a_chunk_is_rendered_then_read_back_then_written_and_a_failed_file_is_not_written(tmp_path, monkeypatch):
    """A worker's chunk is taken a step at a time; the check of each file still comes before its
    writing, and a file that fails it is the only one of the chunk not written."""
    import printgen.render
    from printgen.batch import run as batch_run
    from printgen.errors import CheckFailed

    venues = "name\n" + "".join(f"Venue {n}\n" for n in "ABCDE")
    plan = plan_batch(load_manifest(manifest(tmp_path, venues=venues, layouts=("poster-letter",))))
    steps = []
    real_render, real_check, real_write = batch_run.render, printgen.render.check_output, batch_run.write_atomic

    def rendering(catalogue, layout, options):
        steps.append(("render", options.venue["name"]))
        return real_render(catalogue, layout, options)

    def checking(pdf, catalogue, layout, name, cache=None):
        steps.append(("check", name))
        if name.endswith("venue-c.pdf"):
            raise CheckFailed(f"{name}: the check found 1 problems, so nothing was written: page 1: a code reads wrong")
        return real_check(pdf, catalogue, layout, name, cache)

    def writing(path, data, **kwargs):
        steps.append(("write", Path(path).name))
        return real_write(path, data, **kwargs)

    monkeypatch.setattr(batch_run, "render", rendering)
    monkeypatch.setattr(printgen.render, "check_output", checking)
    monkeypatch.setattr(batch_run, "write_atomic", writing)
    monkeypatch.setattr(batch_run, "_STATE", {})
    batch_run._setup(plan, True)
    outcomes = batch_run.run_jobs(plan.jobs)
    assert [kind for kind, _ in steps] == ["render"] * 5 + ["check"] * 5 + ["write"] * 4
    assert [o.job.path for o in outcomes] == [j.path for j in plan.jobs]
    failed = [o for o in outcomes if o.error]
    assert len(failed) == 1 and failed[0].check_failed and failed[0].job.path.endswith("venue-c.pdf")
    assert sorted(pdfs(tmp_path / "out")) == sorted(j.path for j in plan.jobs if not j.path.endswith("venue-c.pdf"))
    assert all(o.checked and o.sha256 for o in outcomes if not o.error)

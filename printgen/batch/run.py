"""Running a batch's jobs: in this process or across worker processes, safe to interrupt.

Each worker process gets the loaded catalogue and layouts once (inherited on fork, after the
main process made the first file, so what that file loaded and built is inherited too) and keeps
what renders share (composed elements, QR matrices, registered fonts, lines and codes the
check has proven) from job to job. A job renders with printgen.render.render, reads the PDF
back as `printgen render` does (unless verification is off; a file that fails is not
written) and writes its file atomically (or leaves it, when the file on disk holds exactly its
bytes already): whatever stops the
batch (Ctrl-C, SIGTERM, kill -9 of the main process: the workers then stop too), only
complete files exist. What was written is recorded in the output folder every few seconds
and at the end, after a sync, so the record never vouches for a file still in the page
cache; a rerun checks each file against its record and makes what is missing.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import printgen.render as rendering
from printgen.batch.combined import combined_pdf
from printgen.batch.plan import Job, Plan
from printgen.batch.record import Record, load_state, state_file, unchanged
from printgen.errors import CheckFailed, InputError
from printgen.output import write_atomic
from printgen.jobsheet import job_sheet_path, write_job_sheet
from printgen.render import Options, render

CHUNK = 32                  # jobs sent to a worker at once, at most


class Interrupted(Exception):
    """The batch stopped before every job ran (Ctrl-C, SIGTERM, a worker killed)."""


@dataclass(frozen=True)
class Outcome:
    job: Job
    pages: int = 0
    warnings: tuple[str, ...] = ()
    sha256: str = ""
    error: str = ""
    check_failed: bool = False          # the error is a check that read the file back (exit status 1)
    checked: bool = False               # the file was read back and proven right before it was written
    kept: bool = False                  # the file on disk held these bytes already: left as it was


@dataclass
class Tally:
    written: int = 0
    pages: int = 0
    skipped: int = 0
    kept: int = 0                       # of the written: on disk already, byte for byte (left as they were)
    failed: list[Outcome] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)    # warning -> files


# -- in a worker ------------------------------------------------------------------------------

_STATE: dict = {}


def _setup(plan: Plan, verify: bool) -> None:
    if _STATE.get("plan") is plan and _STATE.get("verify") == verify:
        return                          # a worker forked from the main process has it already
    _STATE.update(plan=plan, catalogue=plan.catalogue, layouts=plan.layouts, manifest=plan.manifest, busy=False,
                  verify=verify, cache={})


def _worker_init(plan: Plan, verify: bool, parent: int) -> None:
    """Ctrl-C reaches every process of the terminal: the main process decides, workers finish
    their chunk (its files rendered, read back and written, a step at a time). SIGTERM (or the
    main process dying) stops a worker at once, cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)     # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:          # the main process died before the line above
        os._exit(0)
    _setup(plan, verify)


def _on_term(signum, frame):
    if _STATE.get("busy"):
        raise KeyboardInterrupt          # write_atomic removes its temporary file on the way out
    os._exit(128 + signum)


def _in_worker(jobs: tuple[Job, ...]) -> list[Outcome]:
    try:
        return run_jobs(jobs)
    except KeyboardInterrupt:
        os._exit(128 + signal.SIGTERM)


def run_job(job: Job) -> Outcome:
    return run_jobs([job])[0]


def run_jobs(jobs, done=None) -> list[Outcome]:
    """Each job's file: rendered, read back (unless verification is off) and written, the jobs
    taken a step at a time (all rendered, then all read back, then all written), so that each
    step's code and data stay in the processor's caches: a verified 1,000-poster batch took a
    quarter less time than file by file. A file is written only once its check passed; ``done``
    (in the main process) hears of each file as soon as it is written."""
    _STATE["busy"] = True
    try:
        made = [_rendered(job) for job in jobs]
        if _STATE["verify"]:
            made = [_checked(job, result) for job, result in zip(jobs, made)]
        out = []
        for job, result in zip(jobs, made):
            out.append(_written(job, result))
            if done is not None:
                done(out[-1])
        return out
    finally:
        _STATE["busy"] = False


def _rendered(job: Job) -> tuple | Outcome:
    """(data, pages, warnings, laid out) of the job's file, or its Outcome when it cannot be made."""
    manifest = _STATE["manifest"]
    try:
        if job.combined:
            return _combined(job)
        options = Options(job.lang, manifest.sheets, manifest.offset, manifest.back_offset,
                          manifest.allow_stale, dict(job.venues[0]), strings=manifest.strings,
                          strict=manifest.strict, allow_fallback=manifest.allow_fallback,
                          print_shop=manifest.print_shop)
        result = render(_STATE["catalogue"], _STATE["layouts"][job.layout], options)
        return result.pdf, result.pages, result.warnings, result.laid_out
    except InputError as exc:
        return Outcome(job, error=exc.message)


def _checked(job: Job, made: tuple | Outcome) -> tuple | Outcome:
    if isinstance(made, Outcome):
        return made
    try:
        rendering.check_output(made[0], _STATE["catalogue"], _STATE["layouts"][job.layout], job.path,
                               _STATE["cache"])
    except InputError as exc:
        return Outcome(job, error=exc.message)
    except CheckFailed as exc:
        return Outcome(job, error=exc.message, check_failed=True)
    return made


def _written(job: Job, made: tuple | Outcome) -> Outcome:
    if isinstance(made, Outcome):
        return made
    data, pages, warnings, laid_out = made
    manifest = _STATE["manifest"]
    try:
        written = write_atomic(manifest.folder / job.path, data, durable=False, keep=True)
        write_job_sheet(laid_out, _STATE["catalogue"], manifest.folder / job.path, job.lang, dict(job.venues[0]),
                        _STATE["verify"], posting=not job.combined, durable=False, keep=True)
    except InputError as exc:
        return Outcome(job, error=exc.message)
    return Outcome(job, pages, tuple(warnings), hashlib.sha256(data).hexdigest(), checked=_STATE["verify"],
                   kept=not written)


def _combined(job: Job) -> tuple[bytes, int, list[str], object]:
    """Every venue's pages in one file (printgen.batch.combined: what repeats drawn once)."""
    return combined_pdf(_STATE["catalogue"], _STATE["layouts"][job.layout], _STATE["manifest"], job.lang, job.venues)


# -- in the main process ----------------------------------------------------------------------

def run_batch(plan: Plan, jobs: list[Job], workers: int, force: bool, shard: tuple[int, int], progress,
              verify: bool = True) -> Tally:
    """Skip what is unchanged (and checked, when ``verify``), run the rest, record what was
    written; Interrupted if stopped."""
    folder = plan.folder
    name = state_file(*shard)
    entries, warnings, own = load_state(folder, name)       # each record read once
    record = Record(folder, name, own)
    tally = Tally()
    for warning in warnings:
        tally.warnings.setdefault(warning, [])
    todo = []
    for job in jobs:
        earlier = None if force else unchanged(folder, job, entries, verify)
        sheet = plan.manifest.print_shop is not None or (plan.layouts[job.layout].requires is not None
                                                          and not job.combined)
        if earlier is not None and sheet and not job_sheet_path(folder / job.path).is_file():
            earlier = None                      # a file goes with its job sheet
        if earlier is None:
            todo.append(job)
        else:
            record.set(job.path, earlier)
            tally.skipped += 1
    _remove_leftovers(folder, todo)
    progress.begin(len(todo))

    def done(outcome: Outcome) -> None:
        if outcome.error:
            tally.failed.append(outcome)
        else:
            tally.written += 1
            tally.kept += outcome.kept
            tally.pages += outcome.pages
            record.set(outcome.job.path, {"inputs": outcome.job.inputs, "sha256": outcome.sha256,
                                          "pages": outcome.pages, "checked": outcome.checked})
            for warning in outcome.warnings:
                tally.warnings.setdefault(f"{outcome.job.layout} {outcome.job.lang}: {warning}", []).append(
                    outcome.job.path)
        progress(outcome)
        record.flush()

    try:
        _setup(plan, verify)
        if workers <= 1 or len(todo) <= 2:
            for chunk in chunks(todo, 1):
                run_jobs(chunk, done)
        else:
            # the first file here, before the workers fork: they start with what it loaded and
            # built (fonts, composed elements, codes, the design's reusable bytes) instead of each
            # making it again
            done(run_job(todo[0]))
            _in_pool(plan, todo[1:], workers, verify, done)
    finally:
        record.flush(final=True)
    return tally


def _in_pool(plan: Plan, todo: list[Job], workers: int, verify: bool, done) -> None:
    import multiprocessing          # here: a batch in one process (a combined file, --jobs 1) starts without it
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=context,
                               initializer=_worker_init, initargs=(plan, verify, os.getpid()))
    # each chunk's future is let go once its outcomes are recorded, so the main process holds
    # only the chunks still to come: its memory stays flat however many files the batch makes
    waiting = {pool.submit(_in_worker, chunk) for chunk in chunks(todo, workers)}
    try:
        for future in as_completed(waiting):
            waiting.discard(future)
            for outcome in future.result():
                done(outcome)
            del future
    except BrokenProcessPool:
        raise Interrupted("a worker process stopped (killed?)") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)     # running chunks finish their files; queued ones never start
        for future in waiting:                            # finished while stopping: recorded too
            if future.done() and not future.cancelled() and future.exception() is None:
                for outcome in future.result():
                    done(outcome)


def chunks(todo: list[Job], workers: int) -> list[tuple[Job, ...]]:
    """The jobs in small chunks, in order: a message a job cost a 1,000-poster batch about 12 % of
    its time; a chunk is a few files (at most CHUNK, and at least 8 chunks a worker), so the
    work stays spread evenly and progress and stopping stay prompt."""
    size = max(1, min(CHUNK, len(todo) // (workers * 8)))
    return [tuple(todo[i:i + size]) for i in range(0, len(todo), size)]


def _remove_leftovers(folder: Path, jobs: list[Job]) -> None:
    """Temporary files that a killed run left beside the files it was writing (this run's only)."""
    wanted: dict[Path, set[str]] = {}
    for job in jobs:
        target = folder / job.path
        wanted.setdefault(target.parent, set()).add(target.name)
    for parent, names in wanted.items():
        try:
            entries = list(os.scandir(parent))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(".part") \
                    and entry.name[1:].rsplit(".", 2)[0] in names:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


class Progress:
    """A bar on a terminal; a line per file otherwise (logs, CI)."""

    def __init__(self, echo, bar: bool | None = None):
        self.total, self.count, self.echo = 0, 0, echo
        self.bar = sys.stderr.isatty() if bar is None else bar
        self.start = self.drawn = time.monotonic()

    def begin(self, total: int) -> None:
        self.total = total

    def __call__(self, outcome: Outcome) -> None:
        self.count += 1
        if not self.bar:
            if not outcome.error:
                self.echo(f"wrote {outcome.job.path} ({outcome.pages} pages{', checked' if outcome.checked else ''})"
                          + (": on disk already, byte for byte, so left as it was" if outcome.kept else ""))
            return
        now = time.monotonic()
        if now - self.drawn >= 0.1 or self.count == self.total:
            self.drawn = now
            filled = int(30 * self.count / max(self.total, 1))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total} files "
                             f"{now - self.start:5.1f} s")
            sys.stderr.flush()

    def close(self) -> None:
        if self.bar and self.count:
            sys.stderr.write("\n")
            sys.stderr.flush()

"""Long work: a PDF per venue of a CSV, the combined file for the print shop, a ZIP of them, in a
bounded pool of worker processes (so the page stays responsive), with progress and cancelling.

A job is a batch (``printgen.batch``: the same plan, file names, checks and messages as
`printgen batch`) run in a worker process into the job's own temporary folder. The worker
writes its progress to a file there and stops, between two files, when a file named
``cancel`` appears beside it.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import zipfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from printgen.batch.manifest import Manifest, Venue
from printgen.batch.plan import plan_batch
from printgen.batch.run import run_batch
from printgen.check.read import check_pdf
from printgen.errors import InputError
from printgen.output import write_atomic
from printgen.render import Options, render
from printgen.reports.proof import Proofed, proof_pdf

MAX_QUEUED = 8                  # jobs waiting or running at once; more are refused until one ends
PATTERN = "{layout}-{lang}-{venue}.pdf"
COMBINED = "{layout}-{lang}-all-venues.pdf"


class Cancelled(Exception):
    """The person asked to stop."""


@dataclass(frozen=True)
class Spec:
    """What a job makes (plain values: it goes to another process)."""

    catalogue: str
    layouts: str
    layout: str
    lang: str
    venues: tuple[tuple[tuple[str, str], ...], ...]
    wheres: tuple[str, ...]
    source: str                         # the CSV's name as the person uploaded it
    folder: str
    offset: tuple[float, float] = (0.0, 0.0)
    back_offset: tuple[float, float] = (0.0, 0.0)
    allow_stale: bool = False
    strings: str | None = None          # what serve was started with: --strings, --strict, --allow-fallback
    strict: bool = False
    allow_fallback: bool = False


def manifest(spec: Spec) -> Manifest:
    venues = tuple(Venue(fields, where) for fields, where in zip(spec.venues, spec.wheres))
    return Manifest(spec.source, Path(spec.catalogue), Path(spec.layouts), (spec.layout,), (spec.lang,), venues,
                    spec.source, Path(spec.folder) / "files", PATTERN, COMBINED, True, spec.allow_stale, 1,
                    spec.offset, spec.back_offset, None if spec.strings is None else Path(spec.strings), spec.strict,
                    spec.allow_fallback)


class FileProgress:
    """run_batch's progress, written for the server to read; raises Cancelled when asked."""

    def __init__(self, folder: Path):
        self.folder, self.total, self.count = folder, 0, 0

    def begin(self, total: int) -> None:
        self.total = total
        self._write()

    def __call__(self, outcome) -> None:
        self.count += 1
        self._write()
        if (self.folder / "cancel").exists():
            raise Cancelled()

    def _write(self) -> None:
        write_atomic(self.folder / "progress.json", json.dumps({"done": self.count, "total": self.total}).encode(),
                     durable=False)


def run_job(spec: Spec) -> dict:
    """In a worker process: the batch, then the ZIP and the proof of the first venue's file."""
    folder = Path(spec.folder)
    plan = plan_batch(manifest(spec))
    progress = FileProgress(folder)
    try:
        tally = run_batch(plan, list(plan.jobs), 1, True, (1, 1), progress, verify=True)
    except Cancelled:
        return {"cancelled": True, "done": progress.count, "total": progress.total}
    files = sorted(p for p in (folder / "files").glob("*.pdf"))
    archive = folder / f"{plan.catalogue.catalogue.id}-{spec.layout}-{spec.lang}-venues.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        for path in files:
            out.write(path, path.name)
    layout = plan.layouts[spec.layout]
    first = render(plan.catalogue, layout, Options(spec.lang, 1, spec.offset, spec.back_offset, spec.allow_stale,
                                                    dict(spec.venues[0]), strings=spec.strings, strict=spec.strict,
                                                    allow_fallback=spec.allow_fallback))
    report = check_pdf(first.pdf, plan.catalogue, "first venue", min_qr=layout.smallest_code())
    proof = folder / f"{plan.catalogue.catalogue.id}-{spec.layout}-{spec.lang}-proof.pdf"
    write_atomic(proof, proof_pdf(plan.catalogue, [Proofed(layout, first, report)], spec.lang))
    return {"cancelled": False, "written": tally.written, "pages": tally.pages, "total": progress.total,
            "done": progress.count, "zip": str(archive), "proof": str(proof),
            "combined": next((p.name for p in files if p.name.endswith("-all-venues.pdf")), ""),
            "failed": [(o.job.where or o.job.path, o.error, o.check_failed) for o in tally.failed],
            "warnings": {w: len(paths) for w, paths in tally.warnings.items()}}


@dataclass
class Job:
    id: str
    folder: Path
    spec: Spec
    future: object = None
    total: int = 0
    cancelled: bool = False
    result: dict = field(default_factory=dict)

    def progress(self) -> tuple[int, int]:
        try:
            data = json.loads((self.folder / "progress.json").read_text("utf-8"))
            return data["done"], data["total"] or self.total
        except (OSError, ValueError, KeyError):
            return 0, self.total

    @property
    def state(self) -> str:
        if self.future.cancelled() or (self.future.done() and self.outcome().get("cancelled")):
            return "cancelled"
        if self.future.done():
            return "failed" if self.outcome().get("error") else "done"
        return "cancelling" if self.cancelled else ("running" if self.future.running() else "waiting")

    def outcome(self) -> dict:
        if not self.result and self.future.done() and not self.future.cancelled():
            try:
                self.result = self.future.result()
            except InputError as exc:
                self.result = {"error": exc.message}
            except Exception as exc:           # a bug: said in one line, the server goes on
                self.result = {"error": f"internal error: {type(exc).__name__}: {exc}"}
        return self.result

    @property
    def running(self) -> bool:
        return self.future is not None and not self.future.done()

    def cancel(self) -> None:
        self.cancelled = True
        (self.folder / "cancel").touch()
        self.future.cancel()                   # a job still waiting never starts


class Pool:
    """The bounded pool of worker processes (spawned: the server's threads are not copied)."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or max(1, min(4, (os.cpu_count() or 2) - 1))
        self.executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        self.jobs: list[Job] = []

    def busy(self) -> bool:
        return sum(1 for job in self.jobs if not job.future.done()) >= MAX_QUEUED

    def submit(self, job: Job) -> Job:
        try:
            job.future = self.executor.submit(run_job, job.spec)
        except BrokenProcessPool:          # a worker was killed: a new pool for the jobs to come
            self.executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
            job.future = self.executor.submit(run_job, job.spec)
        self.jobs.append(job)
        return job

    def close(self) -> None:
        for job in self.jobs:
            if not job.future.done():
                job.cancel()
        self.executor.shutdown(wait=True, cancel_futures=True)

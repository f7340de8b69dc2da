"""The record of what a batch wrote: ``.printgen-batch.json`` in the output folder, for each file
the digest of its inputs, the digest of its bytes and whether it was read back. A rerun skips
a file whose record matches; the record is written every few seconds and at the end, after
the files it vouches for are on disk."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from printgen import __version__
from printgen.output import write_atomic

STATE = ".printgen-batch"
LOCK = f"{STATE}.lock"
FLUSH_SECONDS = 2.0


@contextlib.contextmanager
def locked(folder: Path):
    """The folder's record lock (an fcntl lock on ``.printgen-batch.lock``): two batches sharing
    a folder merge their records one after the other, never over each other."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a") as handle:
        try:
            import fcntl
        except ImportError:             # not on POSIX: no lock, as before
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def state_file(k: int = 1, n: int = 1) -> str:
    """Each shard keeps its own record, so shards sharing a folder never overwrite each other's."""
    return f"{STATE}.json" if n == 1 else f"{STATE}.shard-{k}-of-{n}.json"


def load_state(folder: Path) -> tuple[dict[str, list[dict]], list[str]]:
    """Every record in the folder (any shard's): path -> entries; and warnings for unreadable ones."""
    entries: dict[str, list[dict]] = {}
    warnings = []
    for path in sorted(Path(folder).glob(f"{STATE}*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
            outputs = data["outputs"]
            for name, entry in outputs.items():
                if isinstance(entry, dict) and {"inputs", "sha256"} <= set(entry):
                    entries.setdefault(name, []).append(entry)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            warnings.append(f"{path}: unreadable record of earlier runs, ignored (its files are made again)")
    return entries, warnings


def own_state(folder: Path, name: str) -> dict[str, dict]:
    try:
        data = json.loads((Path(folder) / name).read_text("utf-8"))
        return {k: v for k, v in data["outputs"].items() if isinstance(v, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def state_bytes(outputs: dict[str, dict]) -> bytes:
    data = {"printgen": __version__, "outputs": dict(sorted(outputs.items()))}
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(folder: Path, job, entries: dict[str, list[dict]], verify: bool = True) -> dict | None:
    """The record of an earlier run that made this very file from these very inputs (and read
    it back, when ``verify``), if any."""
    candidates = [e for e in entries.get(job.path, []) if e.get("inputs") == job.inputs
                  and (e.get("checked") or not verify)]
    if not candidates:
        return None
    sha = file_sha(Path(folder) / job.path)
    return next((e for e in candidates if e.get("sha256") == sha), None)


class Record:
    """This run's record of what it wrote (or found unchanged), written every few seconds."""

    def __init__(self, folder: Path, name: str, outputs: dict[str, dict]):
        self.folder, self.name, self.outputs = Path(folder), name, outputs
        self.mine: set[str] = set()         # the files this run made or found unchanged
        self.dirty = False
        self.last = time.monotonic()

    def set(self, path: str, entry: dict) -> None:
        self.mine.add(path)
        if self.outputs.get(path) != entry:
            self.outputs[path] = entry
            self.dirty = True

    def flush(self, final: bool = False) -> None:
        if not self.dirty or (not final and time.monotonic() - self.last < FLUSH_SECONDS):
            return
        if hasattr(os, "sync"):
            os.sync()            # the files first: the record must never vouch for data not yet on disk
        with locked(self.folder):          # another batch may have recorded files since: keep them
            merged = own_state(self.folder, self.name)
            merged.update({path: self.outputs[path] for path in self.mine})
            write_atomic(self.folder / self.name, state_bytes(merged), any_kind=True)     # even a damaged one
        self.outputs = merged
        self.dirty = False
        self.last = time.monotonic()

"""The record of what a batch wrote: ``.printgen-batch.json`` in the output folder, for each file
the digest of its inputs, the digest of its bytes and whether it was read back. A rerun skips
a file whose record matches.

While a batch runs, what it wrote is appended, every few seconds, to a journal beside the record
(``.printgen-batch.journal``: one JSON line per file, after a sync, so a line never vouches for a
file not yet on disk): a flush costs what changed, not the size of the batch, so a 50,000-file
batch records as cheaply per file as a 100-file one. At the end the journal is merged into the
record (written once, whole, sorted) and removed. A run that was stopped leaves its journal; the
next run reads the record and then the journal (a torn last line is ignored), and merges both."""

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
JOURNAL = ".journal"
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


def journal_file(name: str) -> str:
    """The journal of the record ``name`` (``.printgen-batch.json`` -> ``.printgen-batch.journal``)."""
    return name.removesuffix(".json") + JOURNAL


def _read(folder: Path, name: str, skip=frozenset()) -> tuple[dict[str, dict], bool]:
    """The record ``name`` with its journal applied, but the entries of the files in ``skip``
    (about to be replaced: never held twice); and whether anything of it was unreadable (a torn
    last journal line, from a stopped run, is not: its file is simply made again)."""
    outputs: dict[str, dict] = {}
    bad = False
    record = Path(folder) / name
    if record.exists():
        try:
            data = json.loads(record.read_text("utf-8"))
            outputs = {k: v for k, v in data["outputs"].items() if isinstance(v, dict) and k not in skip}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            bad = True
    try:
        handle = open(Path(folder) / journal_file(name), encoding="utf-8", newline="\n")
    except FileNotFoundError:
        return outputs, bad
    except OSError:
        return outputs, True
    torn = False
    with handle:        # line by line: a 50,000-line journal is never held as one text
        try:
            for line in handle:
                if not line.strip():
                    continue
                if torn:
                    bad = True          # only the last line may be torn
                try:
                    path, entry = json.loads(line)
                    if not isinstance(path, str) or not isinstance(entry, dict):
                        raise TypeError
                    if path not in skip:
                        outputs[path] = entry
                except (ValueError, TypeError):
                    torn = True
        except (OSError, ValueError):
            return outputs, True
    return outputs, bad


def _names(folder: Path) -> list[str]:
    found = {p.name for p in Path(folder).glob(f"{STATE}*.json")}
    found |= {p.name.removesuffix(JOURNAL) + ".json" for p in Path(folder).glob(f"{STATE}*{JOURNAL}")}
    return sorted(found)


def load_state(folder: Path, own: str | None = None):
    """Every record in the folder (any shard's, journals included): path -> entries; and warnings
    for unreadable ones. With ``own`` (a record's name), also that record's outputs, sharing
    their entries with the others (each record is read once)."""
    entries: dict[str, list[dict]] = {}
    warnings = []
    mine: dict[str, dict] = {}
    for name in _names(folder):
        outputs, bad = _read(folder, name)
        if bad:
            warnings.append(f"{Path(folder) / name}: unreadable record of earlier runs, ignored (its files are made again)")
            continue
        if name == own:
            mine = outputs
        for path, entry in outputs.items():
            if {"inputs", "sha256"} <= set(entry):
                entries.setdefault(path, []).append(entry)
    return (entries, warnings) if own is None else (entries, warnings, mine)


def own_state(folder: Path, name: str, skip=frozenset()) -> dict[str, dict]:
    outputs, bad = _read(folder, name, skip)
    return {} if bad else outputs


def state_bytes(outputs: dict[str, dict]) -> bytes:
    """The record as json.dumps(..., indent=1) writes it."""
    return b"".join(state_pieces(outputs))


def state_pieces(outputs: dict[str, dict]):
    """The record's bytes piece by piece, made entry by entry as json.dumps(..., indent=1) makes
    them whole: json's indenting encoder (pure Python) would hold millions of small pieces at
    once for a 50,000-file record, and the record whole is tens of megabytes."""
    yield f'{{\n "printgen": {json.dumps(__version__)},\n "outputs": '.encode("utf-8")
    if not outputs:
        yield b"{}\n}\n"
        return
    batch, sep = [], "{\n"
    for path in sorted(outputs):
        batch.append(sep + f"  {json.dumps(path, ensure_ascii=False)}: "
                     + json.dumps(outputs[path], indent=1, ensure_ascii=False).replace("\n", "\n  "))
        sep = ",\n"
        if len(batch) == 512:
            yield "".join(batch).encode("utf-8")
            batch = []
    batch.append("\n }\n}\n")
    yield "".join(batch).encode("utf-8")


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
    """This run's record of what it wrote (or found unchanged): changes appended to the journal
    every few seconds, merged into the record at the end, under the folder's lock (another
    batch may have recorded files of its own since: they are kept)."""

    def __init__(self, folder: Path, name: str, outputs: dict[str, dict]):
        self.folder, self.name, self.outputs = Path(folder), name, outputs
        self.mine: set[str] = set()         # the files this run made or found unchanged
        self.pending: dict[str, dict] = {}
        self.merged = not (self.folder / journal_file(name)).exists()
        self.last = time.monotonic()

    def set(self, path: str, entry: dict) -> None:
        self.mine.add(path)
        if self.outputs.get(path) != entry:
            self.outputs[path] = entry
            self.pending[path] = entry

    def flush(self, final: bool = False) -> None:
        if final:
            if self.pending or not self.merged:
                _sync()
                with locked(self.folder):
                    merged = own_state(self.folder, self.name, self.mine)   # what another batch added
                    for path in self.mine:          # one entry at a time: no second copy of the record
                        merged[path] = self.outputs[path]
                    write_atomic(self.folder / self.name, state_pieces(merged), any_kind=True)  # even a damaged one
                    try:
                        os.unlink(self.folder / journal_file(self.name))
                    except FileNotFoundError:
                        pass
                self.outputs = merged
                self.pending, self.merged = {}, True
            return
        if not self.pending or time.monotonic() - self.last < FLUSH_SECONDS:
            return
        _sync()
        lines = "".join(json.dumps([path, entry], ensure_ascii=False) + "\n" for path, entry in self.pending.items())
        with open(self.folder / journal_file(self.name), "a", encoding="utf-8") as handle:
            handle.write(lines)
        self.pending, self.merged = {}, False
        self.last = time.monotonic()


def _sync() -> None:
    if hasattr(os, "sync"):
        os.sync()            # the files first: the record must never vouch for data not yet on disk

"""Output files: their names, and writing them atomically (a failed or interrupted write leaves
nothing behind)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import signal
import stat
import unicodedata
from collections import Counter
from pathlib import Path

from printgen.errors import InputError

OUTPUT_DIR = Path("output")
SLUG_MAX = 60
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def item_file(catalogue_id: str, layout: str, lang: str, folder: str | Path = OUTPUT_DIR, page: int | None = None,
              suffix: str = "pdf") -> Path:
    """``output/<catalogue>-<layout>-<lang>.pdf`` (a page's picture: ``...-<lang>-<page>.png``)."""
    number = f"-{page}" if page is not None else ""
    return Path(folder) / f"{catalogue_id}-{layout}-{lang}{number}.{suffix}"


def fill_pattern(pattern: str, values: dict[str, str]) -> str:
    """A batch's file pattern (``{layout}-{lang}-{venue}.pdf``) filled in."""
    return re.sub(r"\{([a-z]+)\}", lambda m: values[m.group(1)], pattern)


def slug(name: str) -> str:
    """"Café Olé (Main St)" -> "cafe-ole-main-st": ASCII letters, digits and hyphens only."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def venue_file_names(names: list[str]) -> list[str]:
    """Safe, distinct file names for venues, whatever their names hold.

    A name that leaves nothing safe (all punctuation, another script), is cut short, is a
    device name on Windows, or would meet another's (names differing only in case or
    punctuation) gets a hash of the exact name appended, so the result does not depend on
    the venues' order.
    """
    slugs = [slug(n) for n in names]
    counts = Counter(s[:SLUG_MAX] for s in slugs)
    out = []
    for name, s in zip(names, slugs):
        short = s[:SLUG_MAX].rstrip("-")
        if not short or len(s) > SLUG_MAX or counts[s[:SLUG_MAX]] > 1 or short in RESERVED:
            short = f"{short or 'venue'}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
        out.append(short)
    twice = [f for f, c in Counter(out).items() if c > 1]
    if twice:           # two exact names cannot share a hash; only a contrived name could meet a hashed one
        clash = [n for n, f in zip(names, out) if f == twice[0]]
        raise InputError(f'venues "{clash[0]}" and "{clash[1]}" would share the file name {twice[0]}; rename one')
    return out



def refuse_inputs(path: str | Path, inputs) -> None:
    """Refuse to write ``path`` when it is one of this run's inputs (``(what, path)`` pairs: the
    catalogue, a layout or what it extends, an image, a manifest, a venues file), however named."""
    Inputs(inputs).refuse(path)


class Inputs:
    """A run's input files, each looked up once, for refusing many outputs (a batch's files)."""

    def __init__(self, inputs):
        self.files, self.real = {}, []
        for what, source in inputs:
            try:
                info = os.stat(source)
                self.files.setdefault((info.st_dev, info.st_ino), what)
            except (OSError, ValueError):
                pass
            self.real.append((os.path.realpath(source), what))

    def refuse(self, path: str | Path, real: str | None = None) -> None:
        """``real``: the path with every link followed, when the caller knows it."""
        target = path
        try:
            info = os.stat(target)
            what = self.files.get((info.st_dev, info.st_ino))
        except (OSError, ValueError):
            real = real or os.path.realpath(target)
            what = next((w for r, w in self.real if r == real), None)
        if what is not None:
            raise InputError(f"{target}: is {what} this run reads; writing there would replace it, so nothing "
                             "was written; choose another file with -o")


def _refuse_special(target: Path, data: bytes, any_kind: bool = False) -> None:
    """Only a regular file of the kind being written is ever replaced: never a device, a FIFO or
    a folder (os.replace would put a file in its place), nor a file of another kind (a YAML
    catalogue, a CSV, a script) that a mistyped -o names."""
    try:
        info = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise InputError(f"{target}: cannot be written ({exc.strerror}); nothing was written") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, a pipe or a socket)"
        raise InputError(f"{target}: is {kind}; printgen writes only regular files, so nothing was written; "
                         "choose a file name with -o")
    if info.st_size == 0 or any_kind:
        return
    try:
        with open(target, "rb") as handle:
            head = handle.read(5)
    except OSError:
        return
    if head != data[:5]:
        kind = {b"%PDF-": "a PDF", b"\x89PNG\r": "a PNG image"}.get(data[:5], "a file printgen writes")
        raise InputError(f"{target}: exists and is not {kind}; printgen replaces only a file of the kind it writes, "
                         "so nothing was written; choose another name with -o")


def _holds(target: Path, data: bytes) -> bool:
    """``target`` is a regular file, not a link, and holds exactly ``data``."""
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))         # a pipe put in its place opens, and is no file
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        return stat.S_ISREG(info.st_mode) and info.st_size == len(data) and handle.read(len(data) + 1) == data


_HELD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _hold_signals():
    """Ctrl-C, SIGTERM and SIGHUP held back (delivered once released), so that a temporary file is
    never created or removed half-way through; the main thread only (workers have their own)."""
    try:
        return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    except (AttributeError, OSError, ValueError):
        return None


def _release_signals(previous) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_atomic(path: str | Path, data, durable: bool = True, any_kind: bool = False, keep: bool = False) -> bool:
    """Write ``data`` to ``path`` through a hidden temporary file in the same folder.

    The temporary file's name is chosen before it is created, so whatever signal lands, the
    cleanup knows what to remove: no ``.part`` file survives an interruption (only ``kill -9``
    can leave one, which the next batch removes). ``durable=False`` skips the fsync (a batch
    syncs once before recording what it wrote); ``any_kind`` replaces a regular file whatever it
    holds (printgen's own record, even damaged), and ``data`` may then be an iterable of bytes
    written one after another. ``keep``: a regular file (not a link) that holds exactly ``data``
    already is left as it is, its time too (a batch run again: nothing freed and written again
    for a byte that did not change, nothing for a synced folder to upload again). True when
    the file was written.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    _refuse_special(target, data, any_kind)
    if keep and isinstance(data, bytes) and _holds(target, data):
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    fd, created = None, False
    try:
        held = _hold_signals()
        try:
            umask = os.umask(0)
            os.umask(umask)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666 & ~umask)
            created = True
        finally:
            _release_signals(held)        # a signal held back lands here, inside the cleanup's reach
        with os.fdopen(fd, "wb") as handle:
            fd = None
            for part in (data,) if isinstance(data, (bytes, bytearray, memoryview)) else data:
                handle.write(part)          # bytes, or pieces of them (with any_kind): a large record
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
        return True
    except BaseException as exc:
        held = _hold_signals()
        try:
            if fd is not None:          # the file object may have closed it already
                with contextlib.suppress(OSError):
                    os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        finally:
            _release_signals(held)
        if isinstance(exc, OSError) and not created:
            raise InputError(f"{folder}: cannot write here ({exc.strerror}); choose another folder with -o") from None
        if isinstance(exc, OSError):
            raise InputError(f"{target}: could not be written ({exc.strerror}); nothing was written") from None
        raise

"""A cache of validated input files (catalogues, layouts, printgen's strings, batch manifests with
their venues) and of QR matrices,
so that a command whose inputs have not changed starts without reading YAML, without
libphonenumber, without pydantic (the cache keeps records: printgen.source.record) and without
the QR encoder.

Invisible to correctness: an entry is used only when every file the loading read still has the
bytes it had (each one's SHA-256 is compared, on every use), and it is keyed by everything
else the result depends on: what was asked (the path as given, the working folder), the day
(dates may not lie in the future), printgen's code (every module's bytes), the Python and the
libraries that validate, encode or draw (pydantic, pydantic-core, phonenumbers, PyYAML, qrcode, ReportLab: their
installed versions). A file with a problem is never cached: its problems are found again each time.

Where: ``$PRINTGEN_CACHE`` if set (a folder; ``off`` turns the cache off), else
``$XDG_CACHE_HOME/printgen``, else ``~/.cache/printgen``. The folder is made private (0700);
a folder that another user owns, or that others may write to, is not used (an entry is a
pickle: only the user's own files are ever loaded). Removing the folder clears the cache; it
keeps at most ``MAX_ENTRIES`` entries, the oldest removed first.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import sys
import threading
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 256
FORMAT = b"printgen-cache 1\n"
LIBRARIES = ("pydantic", "pydantic_core", "phonenumbers", "yaml", "qrcode", "reportlab")
_local = threading.local()          # per thread: the files each loading in progress has read


def folder() -> Path | None:
    """The cache folder, or None when it is turned off."""
    chosen = os.environ.get("PRINTGEN_CACHE", "").strip()
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    try:
        return (Path(base) if base else Path.home() / ".cache") / "printgen"
    except RuntimeError:            # no home folder
        return None


def note_read(path: str | Path, data: bytes | None) -> None:
    """Note that the loadings in progress read ``path`` and found ``data`` (None: no such file)."""
    if _reads():
        _note({str(path): None if data is None else hashlib.sha256(data).hexdigest()})


def note_file(path: str | Path) -> None:
    """Note a file that a loading looked at in part (an image's header): its whole bytes."""
    if _reads():
        _note({str(path): _digest(str(path))})


def _reads() -> list[dict[str, str | None]]:
    """This thread's loadings in progress, innermost last: the files each has read."""
    if not hasattr(_local, "reads"):
        _local.reads = []
    return _local.reads


def _note(files: dict[str, str | None]) -> None:
    for reads in _reads():
        reads.update(files)


def cached(kind: str, key: tuple, load: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
    """``load()``'s result, from the cache when every file it read is unchanged.

    ``key`` holds what else the result depends on (the arguments, the day); the files are
    those ``load`` reports through ``note_read`` (printgen.source.yamlfile.read_limited does).
    A result ``keep`` refuses is not stored (it depends on more than those files).
    """
    where = _usable(folder())
    name = None
    if where is not None:
        name = where / f"{kind}-{_key(kind, key)}.pickle"
        found = _load(name)
        if found is not None:
            files, value = found
            _note(files)            # a loading this one is part of depends on them too
            return value
    files: dict[str, str | None] = {}
    _reads().append(files)
    try:
        value = load()
    finally:
        _reads().pop()              # this loading's, the innermost (by position: equal dicts are not the same)
    if name is not None and (keep is None or keep(value)):
        _store(name, files, value)
    return value


def _key(kind: str, key: tuple) -> str:
    return hashlib.sha256(repr((kind, key, os.getcwd(), _code())).encode()).hexdigest()[:40]


@functools.cache
def _code() -> str:
    """printgen's modules (their bytes), the Python, and the validating libraries' installations."""
    h = hashlib.sha256(sys.version.encode() + b"\0")
    package = Path(__file__).resolve().parent.parent
    for top, dirs, names in os.walk(package):
        dirs.sort()
        for file in sorted(n for n in names if n.endswith(".py")):
            path = os.path.join(top, file)
            with open(path, "rb") as handle:
                h.update(path.encode() + b"\0" + handle.read() + b"\0")
    import importlib.util

    for library in LIBRARIES:
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec is not None else None
        if origin is None:
            h.update(f"{library} missing\0".encode())
            continue
        home = Path(origin).parent.parent if Path(origin).name == "__init__.py" else Path(origin).parent
        info = os.stat(origin)
        versions = sorted(n for n in os.listdir(home) if n.endswith(".dist-info")
                          and n.lower().replace("-", "_").startswith(_distribution(library)))
        h.update(repr((library, origin, info.st_size, info.st_mtime_ns, versions)).encode() + b"\0")
    return h.hexdigest()


def _distribution(library: str) -> str:
    return {"yaml": "pyyaml-"}.get(library, library + "-")


def _usable(where: Path | None) -> Path | None:
    """The folder, made if missing, when only this user can write to it; else None."""
    if where is None:
        return None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(where)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    return where


def _load(name: Path):
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or handle.read(len(FORMAT)) != FORMAT:
                return None
            files, value = pickle.load(handle)
    except Exception:               # damaged, or of classes that changed: made again
        _remove(name)
        return None
    for path, digest in files.items():
        if _digest(path) != digest:
            return None
    try:
        os.utime(name)              # recently used: pruned last
    except OSError:
        pass
    return files, value


def _digest(path: str) -> str | None:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "not a regular file"         # a FIFO would block here: the loading refuses it
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError:
        return "unreadable"


def _store(name: Path, files: dict[str, str | None], value) -> None:
    part = name.with_name(f".{name.name}.{os.getpid()}.part")
    try:
        data = FORMAT + pickle.dumps((files, value), protocol=pickle.HIGHEST_PROTOCOL)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(part, name)
    except Exception:               # a full disk, a value that cannot be pickled: no cache, same result
        _remove(part)
        return
    _prune(name.parent)


def _prune(where: Path) -> None:
    try:
        entries = [e for e in os.scandir(where) if e.name.endswith(".pickle") and e.is_file(follow_symlinks=False)]
        if len(entries) > MAX_ENTRIES:
            entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
            for entry in entries[:len(entries) - MAX_ENTRIES]:
                _remove(Path(entry.path))
    except OSError:
        pass


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass

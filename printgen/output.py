"""Output files: their names, and writing them atomically (a failed or interrupted write leaves
nothing behind)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
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



def write_atomic(path: str | Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a hidden temporary file in the same folder.

    ``durable=False`` skips the fsync (a batch syncs once before recording what it wrote).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(f"{folder}: cannot write here ({exc.strerror}); choose another folder with -o") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)      # like any file the user makes, not mkstemp's 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"{target}: could not be written ({exc.strerror}); nothing was written") from None
        raise

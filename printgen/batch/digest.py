"""What a batch file depends on, as a digest: printgen's code and version, the libraries that
draw, the fonts, the normalised catalogue and which of its entries are due for review, the
layout with what it extends and its images (the options and the venue are added per job)."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from printgen import __version__
from printgen.catalogue.export import to_plain
from printgen.catalogue.model import Catalogue
from printgen.catalogue.review import stale_entries, today
from printgen.language.strings import REFERENCE
from printgen.layout.model import ImageElement, Layout, QRElement, TextElement
from printgen.source.cache import cached
from printgen.source.record import plain


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """printgen's version, its code and fonts, and the versions of the libraries that draw.

    Kept in printgen's cache (whose key holds every module's bytes already), under the fonts'
    sizes, change times and inodes: a font written again (its change time cannot be set back)
    is read and hashed again, an unchanged one is not read at all."""
    package = Path(__file__).resolve().parent.parent
    fonts = sorted((package / "fonts").glob("*"))
    files = sorted(package.rglob("*.py")) + fonts
    stamps = []
    for path in fonts:                  # the modules' bytes are in the cache's key already
        info = path.stat()
        stamps.append((path.relative_to(package).as_posix(), info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                       info.st_ino))
    return cached("code", (__version__, tuple(stamps)), lambda: _hash_code(package, files))


def _hash_code(package: Path, files: list[Path]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(__version__.encode())
    for path in files:
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in ("reportlab", "qrcode", "phonenumbers"):
        try:
            h.update(f"{dist} {version(dist)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{dist} missing\0".encode())
    return h.hexdigest()


def common_digest(catalogue: Catalogue) -> str:

    due = [s.resource_id for s in stale_entries(catalogue, today())]      # a render refuses or warns on these
    data = json.dumps(to_plain(catalogue), sort_keys=True, ensure_ascii=False, default=str)
    return digest(_code_digest(), data, ",".join(due))


def layout_digest(layout: Layout) -> str:
    parts = [layout.name or "", json.dumps(plain(layout), ensure_ascii=False)]
    for face in layout.face_names():
        for element in layout.elements(face):
            if isinstance(element, ImageElement):
                parts.append(hashlib.sha256((layout.folder / element.file).read_bytes()).hexdigest())
    return digest(*parts)


def fixed_texts(layout: Layout) -> set[str]:
    """The English wording of the layout's own texts: what printgen's strings translate for it."""
    texts = [element.text if isinstance(element, TextElement) else element.caption
             for face in layout.face_names() for element in layout.elements(face)
             if isinstance(element, (TextElement, QRElement))]
    return {text[REFERENCE] for text in texts if text is not None and REFERENCE in text}

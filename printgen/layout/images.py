"""Images a layout places: their format and size read from the file's first bytes, before
anything decodes them (a text file named .png, a 30,000 x 30,000 pixel bomb)."""

from __future__ import annotations

import struct
from pathlib import Path

from printgen.source.cache import note_file

MAX_FILE = 20 * 1024 * 1024         # bytes: a logo or a photo, not a print master
MAX_PIXELS = 40_000_000             # an A3 sheet at 300 dpi is 17.4 million
_PNG = b"\x89PNG\r\n\x1a\n"
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_problem(path: Path) -> str | None:
    """Why the image at ``path`` cannot be placed, or None: PNG or JPEG only, at most
    MAX_FILE bytes and MAX_PIXELS pixels, its size read from its header."""
    note_file(path)                 # a cached layout is used only while its images are unchanged
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(min(size, 256 * 1024))
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if size > MAX_FILE:
        return f"is {size} bytes; an image may have at most {MAX_FILE}"
    dims = _png_size(head) if head.startswith(_PNG) else _jpeg_size(head) if head.startswith(b"\xff\xd8") else None
    if dims is None:
        return "is not a PNG or JPEG image (its first bytes say otherwise); save it as PNG or JPEG"
    w, h = dims
    if w == 0 or h == 0 or w * h > MAX_PIXELS:
        return (f"is {w} x {h} pixels; an image may have at most {MAX_PIXELS // 1_000_000} million "
                "(300 dpi over an A3 sheet is 17 million): scale it down")
    return _damaged(path)


def _damaged(path: Path) -> str | None:
    """Its chunks or segments read through (checksums, no pixels decoded), now that its size is known."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # PIL's warnings name its install paths; the message says enough
            with Image.open(path) as image:
                image.verify()
    except Exception as exc:                    # PIL raises many kinds for a damaged file
        return f"is damaged ({type(exc).__name__}); save it again as PNG or JPEG"
    return None


def _png_size(head: bytes) -> tuple[int, int] | None:
    if len(head) < 24 or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    """The frame header's size: markers are walked from the start (segments skipped by length)."""
    i = 2
    while i + 4 <= len(head):
        if head[i] != 0xFF:
            return None
        marker = head[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        length = struct.unpack(">H", head[i + 2:i + 4])[0]
        if marker in _SOF:
            if i + 9 > len(head):
                return None
            h, w = struct.unpack(">HH", head[i + 5:i + 9])
            return w, h
        if length < 2:
            return None
        i += 2 + length
    return None

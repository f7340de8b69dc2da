"""QR matrices: each distinct payload encoded once; static codes only.

Payloads are ``tel:+E164`` (``tel:911`` for short numbers), ``SMSTO:number:text`` and plain
https/http URLs, all derived from the catalogue. A QR code is drawn as vectors by the
renderer with a quiet zone of 4 modules on every side.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from printgen.units import parse_length

QUIET_ZONE = 4
# The smallest printed code anywhere (print-specs: 2 cm at arm's length): a layout's floor,
# and what `printgen check` holds a code to unless --min-qr says otherwise.
MIN_CODE_TEXT = "2cm"
MIN_CODE_SIZE = parse_length(MIN_CODE_TEXT)


@dataclass(frozen=True)
class Matrix:
    payload: str
    ec: str
    rows: tuple[tuple[bool, ...], ...]

    @property
    def modules(self) -> int:
        return len(self.rows)

    @property
    def version(self) -> int:
        return (self.modules - 17) // 4

    def runs(self):
        """(row, first column, length) of every horizontal run of dark modules."""
        for r, row in enumerate(self.rows):
            c, n = 0, len(row)
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    yield r, start, c - start
                else:
                    c += 1


@functools.lru_cache(maxsize=8192)
def encode(payload: str, ec: str = "M", version: int | None = None) -> Matrix:
    """The payload's matrix at the smallest version that holds it (at least ``version``), kept in
    printgen's cache (printgen.source.cache, keyed by the qrcode library's version too): a render
    whose codes were made before neither imports nor runs the encoder."""
    from printgen.source.cache import cached      # here: `printgen --help` reads MIN_CODE_TEXT only

    return cached("qr", (payload, ec, version), lambda: make_matrix(payload, ec, version))


def make_matrix(payload: str, ec: str = "M", version: int | None = None) -> Matrix:
    """``encode`` without the caches: the encoder run."""
    import qrcode
    from qrcode import constants

    level = {"L": constants.ERROR_CORRECT_L, "M": constants.ERROR_CORRECT_M,
             "Q": constants.ERROR_CORRECT_Q, "H": constants.ERROR_CORRECT_H}[ec]
    code = qrcode.QRCode(version=version, error_correction=level, border=0, box_size=1)
    code.add_data(payload)
    code.make(fit=True)
    return Matrix(payload, ec, tuple(tuple(bool(v) for v in row) for row in code.get_matrix()))


def default_ec(payload: str) -> str:
    """The error correction a code gets when its layout names none: Q for a ``tel:`` payload
    when Q needs no larger version than M (more of the code survives a blot at the same
    size), else M."""
    if payload.startswith("tel:") and encode(payload, "Q").version == encode(payload, "M").version:
        return "Q"
    return "M"

"""Reuse across renders in one process: an element that prints no venue data is composed once.

A batch renders the same layout for hundreds of venues; only the elements that print
``{venue.*}`` differ from one poster to the next. Each element is composed into a context of
its own, so what it gives is a value: its shapes, the lines it showed and its record
(resources used, entries left out, warnings, language fallbacks). ``compose_face`` asks a
``Memo`` first and, on a hit, adds that value as composing again would. The key holds
everything the element can see besides the venue: the catalogue and layout objects (kept
alive by the memo, so their ids cannot be reused), the language, the face, the element's
index and the lines already shown on the face.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from printgen.source.record import plain, texts_in

MAX_PAIRS = 16          # (catalogue, layout) pairs remembered
MAX_ENTRIES = 4096      # elements remembered per pair


@dataclass(frozen=True)
class Composed:
    """One element composed: its shapes, the face's shown lines after it, its record."""

    shapes: tuple
    seen: frozenset
    record: object          # printgen.compose.context.Record, never changed once made


@dataclass
class _Pair:
    catalogue: object
    layout: object
    venue_free: dict          # (face, index) -> the element prints no venue data
    entries: dict


_PAIRS: OrderedDict[tuple[int, int], _Pair] = OrderedDict()


def clear() -> None:
    _PAIRS.clear()


def _pair(ctx) -> _Pair:
    key = (id(ctx.catalogue), id(ctx.layout))
    pair = _PAIRS.get(key)
    if pair is None or pair.catalogue is not ctx.catalogue or pair.layout is not ctx.layout:
        pair = _PAIRS[key] = _Pair(ctx.catalogue, ctx.layout, {}, {})
        while len(_PAIRS) > MAX_PAIRS:
            _PAIRS.popitem(last=False)
    _PAIRS.move_to_end(key)
    return pair


class Memo:
    """One element of one face in one render: a composed value found, or the means to keep one."""

    def __init__(self, ctx, face: str, index: int, element, seen: set[str], box=None):
        self.pair = _pair(ctx)
        where = (face, index)
        venue_free = self.pair.venue_free.get(where)
        if venue_free is None:
            venue_free = self.pair.venue_free[where] = not any("{venue." in t for t in texts_in(plain(element)))
        self.venue_free = venue_free
        # ``box``: the element's box grown into an empty neighbour's (give_to), a value of its own
        self.key = (face, index, frozenset(seen), ctx.language.wanted, box) if venue_free else None

    def found(self) -> Composed | None:
        return self.pair.entries.get(self.key) if self.key is not None else None

    def keep(self, composed: Composed) -> None:
        if self.key is not None and len(self.pair.entries) < MAX_ENTRIES:
            self.pair.entries[self.key] = composed

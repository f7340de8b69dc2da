"""Reuse across renders in one process: an element that prints no venue data is composed once.

A batch renders the same layout for hundreds of venues; only the elements that print
``{venue.*}`` differ from one poster to the next. ``compose_face`` asks a ``Memo`` first: on a
hit it gets the element's shapes and replays the element's effects on the render's context
(lines seen, resources used, entries left out, warnings, language fallbacks), so the result
is exactly what composing again would give. The key holds everything the element can see
besides the venue: the catalogue and layout objects (kept alive by the memo, so their ids
cannot be reused), the language, the face, the element's index, the lines already shown on
the face and the context's recorded state. Anything the memo cannot replay is not stored.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from dataclasses import dataclass

MAX_PAIRS = 16          # (catalogue, layout) pairs remembered
MAX_ENTRIES = 4096      # elements remembered per pair


@dataclass
class _Pair:
    catalogue: object
    layout: object
    venue_free: dict          # (face, index) -> the element prints no venue data
    entries: dict


@dataclass(frozen=True)
class _Entry:
    shapes: tuple
    seen: frozenset
    appended: tuple           # (owner name, field name, items appended)


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


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(obj) -> tuple[str, ...]:
    names = _FIELDS.get(type(obj))
    if names is None:
        names = _FIELDS[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
    return names


def _owners(ctx) -> list[tuple[str, object]]:
    """The context and the dataclasses it holds (the language): where effects are recorded."""
    out = [("ctx", ctx)]
    for name in _fields(ctx):
        value = getattr(ctx, name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out.append((name, value))
    return out


def _state(ctx) -> tuple:
    """Every list and mapping the context holds, as plain values (objects by identity)."""
    out = []
    for owner, obj in _owners(ctx):
        for name in _fields(obj):
            if owner == "ctx" and name == "venue":
                continue
            value = getattr(obj, name)
            if isinstance(value, list):
                out.append((owner, name, tuple(_plain(v) for v in value)))
            elif isinstance(value, (dict, set)):
                out.append((owner, name, repr(sorted(map(repr, value.items() if isinstance(value, dict) else value)))))
            elif isinstance(value, (str, int, float, bool, type(None))):
                out.append((owner, name, value))
    return tuple(out)


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else ("id", id(value))


class Memo:
    """One element of one face in one render: a cached result, or the means to store one."""

    def __init__(self, ctx, face: str, index: int, element, seen: set[str]):
        self.ctx, self.seen = ctx, seen
        self.pair = _pair(ctx)
        where = (face, index)
        venue_free = self.pair.venue_free.get(where)
        if venue_free is None:
            venue_free = self.pair.venue_free[where] = "{venue." not in element.model_dump_json()
        self.key = None
        if venue_free:
            self.before = _state(ctx)
            self.seen_before = frozenset(seen)
            self.key = (face, index, self.seen_before, self.before)     # the state holds the language

    def replay(self, shapes: list) -> bool:
        """On a hit: add the element's shapes and effects, and say so."""
        entry = self.pair.entries.get(self.key) if self.key is not None else None
        if entry is None:
            return False
        shapes.extend(entry.shapes)
        self.seen.update(entry.seen)
        owners = dict(_owners(self.ctx))
        for owner, name, items in entry.appended:
            getattr(owners[owner], name).extend(items)
        return True

    def store(self, shapes: list) -> None:
        """Remember what composing the element gave, if every effect can be replayed."""
        if self.key is None or len(self.pair.entries) >= MAX_ENTRIES:
            return
        appended = []
        owners = dict(_owners(self.ctx))
        after = _state(self.ctx)
        for (owner, name, old), (owner2, name2, new) in zip(self.before, after):
            if old == new:
                continue
            if (owner, name) != (owner2, name2) or not isinstance(old, tuple) or new[:len(old)] != old:
                return          # changed in a way other than appending: compose it every time
            appended.append((owner, name, tuple(getattr(owners[owner], name)[len(old):])))
        if len(after) != len(self.before):
            return
        self.pair.entries[self.key] = _Entry(tuple(shapes), frozenset(self.seen), tuple(appended))

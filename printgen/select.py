"""Which resources a layout element shows, in which language, and what fell back.

Resources are chosen by section, tags, ids and priority (higher first, then catalogue order),
incomplete ones left out, and a line (number or address) already shown on the same item is
not shown twice, however the catalogue writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printgen.catalogue import Catalogue, Contact, Resource
from printgen.layout import Select


@dataclass
class Language:
    """The requested language, the catalogue's own, and a record of every fallback."""

    wanted: str
    base: str
    fallbacks: list[str] = field(default_factory=list)

    def pick(self, text: dict[str, str] | None, what: str) -> str | None:
        if text is None:
            return None
        for tag in _candidates(self.wanted):
            if tag in text:
                return text[tag]
        if what not in self.fallbacks:
            self.fallbacks.append(what)
        if self.base in text:
            return text[self.base]
        return next(iter(text.values()))


def _candidates(tag: str) -> list[str]:
    """zh-Hant -> [zh-Hant, zh]; en -> [en]."""
    parts = tag.split("-")
    return ["-".join(parts[:i]) for i in range(len(parts), 0, -1)]


@dataclass(frozen=True)
class Entry:
    resource: Resource
    contacts: tuple[Contact, ...]


def choose(catalogue: Catalogue, select: Select | None, seen: set[str], left_out: list[str]) -> list[Entry]:
    """The entries ``select`` picks, skipping lines in ``seen`` (which it then extends)."""
    sel = select or Select()
    pool = []
    for order, (section, res) in enumerate(catalogue.resources()):
        if sel.sections and section.id not in sel.sections:
            continue
        if sel.ids and res.id not in sel.ids:
            continue
        if sel.tags and not set(sel.tags) & set(res.tags):
            continue
        if set(sel.exclude_tags) & set(res.tags):
            continue
        if sel.min_priority is not None and res.priority < sel.min_priority:
            continue
        if not res.complete:
            if res.id not in left_out:
                left_out.append(res.id)
            continue
        pool.append((-res.priority, order, res))
    if sel.ids:
        rank = {rid: i for i, rid in enumerate(sel.ids)}
        pool.sort(key=lambda t: rank[t[2].id])
    else:
        pool.sort(key=lambda t: (t[0], t[1]))
    entries: list[Entry] = []
    for _, _, res in pool:
        contacts = tuple(c for c in res.contacts
                         if c.identity not in seen and (not sel.kinds or c.kind in sel.kinds))
        if not contacts:
            continue
        seen.update(c.identity for c in contacts)
        entries.append(Entry(res, contacts))
        if sel.max is not None and len(entries) >= sel.max:
            break
    return entries

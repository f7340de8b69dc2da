"""Which resources a layout element shows.

Resources are chosen by section, tags, ids and priority (higher first, then catalogue order),
incomplete ones left out, and a line (number or address) already shown on the same item is
not shown twice, however the catalogue writes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from printgen.catalogue.model import Catalogue, Contact, Resource
from printgen.layout.model import Select


@dataclass(frozen=True)
class Entry:
    resource: Resource
    contacts: tuple[Contact, ...]
    because: str | None = None      # why it is shown when it is not what the element asked for first


def unknown_ids(catalogue: Catalogue, select: Select | None) -> list[str]:
    """Ids a select names that the catalogue does not have (a typo must not drop a line silently)."""
    known = catalogue.role_map()
    out, sel = [], select
    while sel is not None:
        out += [i for i in sel.ids if i not in known and i not in out]
        sel = sel.fallback
    return out


def choose(catalogue: Catalogue, select: Select | None, seen: set[str], left_out: list[str]) -> list[Entry]:
    """The entries ``select`` picks, skipping lines in ``seen`` (which it then extends).

    Tags are matched against the resource's roles (its tags, and the roles it stands in for:
    see ``Catalogue.roles``). When the select picks fewer than its ``max`` (or nothing, without
    a ``max``), its ``fallback`` fills the rest; those entries say why they are shown.
    """
    sel = select or Select()
    entries = _pick(catalogue, sel, seen, left_out, sel.max)
    stand_ins = catalogue.stand_ins()
    for i, e in enumerate(entries):
        inferred = set(catalogue.roles(e.resource)) - set(e.resource.tags)
        roles = set(sel.tags) & inferred
        if roles and not set(sel.tags) & set(e.resource.tags):
            role = sorted(roles)[0]
            entries[i] = Entry(e.resource, e.contacts, f"stands in for {role}: {stand_ins[role][1]}"
                               if role in stand_ins else f"stands in for {role}")
    fallback, asked = sel.fallback, sel
    while fallback is not None and (len(entries) < sel.max if sel.max is not None else not entries):
        room = None if sel.max is None else sel.max - len(entries)
        if fallback.max is not None:
            room = fallback.max if room is None else min(room, fallback.max)
        taken = {e.resource.id for e in entries}
        more = [e for e in _pick(catalogue, fallback, seen, left_out, room) if e.resource.id not in taken]
        why = f"fallback: nothing else matches {describe(asked)}"
        entries += [Entry(e.resource, e.contacts, why) for e in more]
        asked, fallback = fallback, fallback.fallback
    return entries


def describe(sel: Select | None) -> str:
    """A select as the layout writes it: {tags: [hotline], kinds: [phone]}."""
    if sel is None:
        return "{}"
    parts = []
    for key in ("sections", "tags", "ids", "exclude_tags", "kinds"):
        if getattr(sel, key):
            parts.append(f"{key}: [{', '.join(getattr(sel, key))}]")
    if sel.min_priority is not None:
        parts.append(f"min_priority: {sel.min_priority}")
    return "{" + ", ".join(parts) + "}" if parts else "{}"


def _pick(catalogue: Catalogue, sel: Select, seen: set[str], left_out: list[str], limit: int | None) -> list[Entry]:
    pool = []
    role_map = catalogue.role_map()
    sections, ids, tags, exclude = set(sel.sections), set(sel.ids), set(sel.tags), set(sel.exclude_tags)
    for order, (section, res) in enumerate(catalogue.resources()):
        roles = role_map[res.id]
        if sections and section.id not in sections:
            continue
        if ids and res.id not in ids:
            continue
        if tags and tags.isdisjoint(roles):
            continue
        if not exclude.isdisjoint(roles):
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
    per_tag: dict[str, int] = {}
    for _, _, res in pool:
        if sel.max_per_tag is not None and sel.tags:     # one emergency line and one hotline, not two 112s
            tag = next(t for t in sel.tags if t in role_map[res.id])
            if per_tag.get(tag, 0) >= sel.max_per_tag:
                continue
            per_tag[tag] = per_tag.get(tag, 0) + 1
        contacts = tuple(c for c in res.contacts
                         if c.identity not in seen and (not sel.kinds or c.kind in sel.kinds))
        if not contacts:
            continue
        seen.update(c.identity for c in contacts)
        entries.append(Entry(res, contacts))
        if limit is not None and len(entries) >= limit:
            break
    return entries

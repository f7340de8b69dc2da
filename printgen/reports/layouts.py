"""Reports over many layouts: warnings gathered once per run with the layouts they concern
(build, proof), and validate's table of what each layout shows from the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from printgen.compose.context import Context
from printgen.compose.face import compose
from printgen.errors import InputError
from printgen.language.pick import Language
from printgen.layout.folder import first_line, load_all
from printgen.layout.requires import outside
from printgen.render import LEFT_OUT, Options, lay_out


@dataclass
class Gathered:
    """Warnings of many renders: each said once, with the layouts it concerns."""

    seen: dict[str, list[str]] = field(default_factory=dict)

    lists: dict[str, dict[str, list[str]]] = field(default_factory=dict)   # prefix -> item -> layouts

    def add(self, layout: str, warnings: list[str]) -> None:
        for w in warnings:
            prefix = next((p for p in LISTS if w.startswith(p)), None)
            if prefix is not None:        # a list warning: each item said once, with its layouts
                for item in w[len(prefix):].split(", "):
                    _add(self.lists.setdefault(prefix, {}).setdefault(item, []), layout)
            else:
                _add(self.seen.setdefault(w, []), layout)

    def lines(self, total: int) -> list[str]:
        out = []
        for prefix, items in self.lists.items():
            groups: dict[tuple, list[str]] = {}
            for item, names in items.items():
                groups.setdefault(tuple(names), []).append(item)
            for names, group in groups.items():
                out.append(f"{_who(list(names), total)}: {prefix}{', '.join(group)}")
        out += [f"{_who(names, total)}: {text}" for text, names in self.seen.items()]
        return out


LISTS = (LEFT_OUT,)


def _add(names: list[str], layout: str) -> None:
    if layout not in names:
        names.append(layout)


def _who(names: list[str], total: int) -> str:
    if len(names) == total and total > 1:
        return f"all {total} layouts"
    return ", ".join(names)


def layout_table(catalogue, folder: Path) -> tuple[list[str], list[str]]:
    """For validate: what each layout of ``folder`` shows from ``catalogue`` (resource ids per
    selecting element, what fell back, what was left out for room), and which layouts the
    catalogue cannot feed, and why (as warnings)."""

    if not Path(folder).is_dir():
        return [f"layouts: no folder {folder}/ (give --layouts DIR to see what each layout shows)"], []
    layouts, broken = load_all(Path(folder))
    lines = [f"layouts in {folder}/: what each shows from this catalogue (resource ids; * fell back, "
             "- left out for room)"]
    warnings = [f"layout {name} does not load: {why}" for name, why in broken]
    for layout in layouts:
        elsewhere = outside(layout, catalogue)
        if elsewhere:
            lines.append(f"  {layout.name:24} not for this place: {elsewhere}")
            continue
        lang = layout.default_lang(catalogue.catalogue)
        try:
            if layout.flow is None:
                picks = lay_out(catalogue, layout, Options(lang, allow_stale=True)).picks
            else:        # the cover's selections; the flow shows everything (not composed here: 5,000
                ctx = Context(catalogue, layout, Language(lang, catalogue.catalogue.language))  # resources)
                compose(ctx)
                picks = ctx.record.picks
        except InputError as exc:
            lines.append(f"  {layout.name:24} CANNOT BE MADE: {first_line(exc)}")
            warnings.append(f"layout {layout.name} cannot be made from this catalogue: {first_line(exc)}")
            continue
        parts = []
        for face, index, kind, ids, fell_back, dropped in picks:
            shown = ", ".join(i + ("*" if i in fell_back else "") for i in ids)
            shown += "".join(f", -{i}" for i in dropped)
            parts.append(f"{face}.{index} {'code' if kind == 'qr' else kind}: {shown}")
        if layout.flow is not None:
            parts.append("flow: every complete resource and note")
        lines.append(f"  {layout.name:24} " + " | ".join(parts))
    stand_ins = catalogue.stand_ins()
    for role, (rid, why) in stand_ins.items():
        lines.append(f"  role {role}: {rid} stands in ({why})")
    return lines, warnings

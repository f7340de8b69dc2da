"""Every layout of a folder, for the commands that make or describe them all (build, proof,
validate, layouts): which load and which are broken, which posting-law presets apply to the
catalogue's place, and warnings gathered once per run with the layouts they concern."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from printgen.errors import InputError
from printgen.layout import Layout, list_layouts, load_layout
from printgen.render import LEFT_OUT


def first_line(exc: InputError) -> str:
    lines = exc.message.splitlines()
    more = f" (and {len(lines) - 1} more problems)" if len(lines) > 1 else ""
    return (lines[0] if lines else "") + more


def load_all(folder: Path) -> tuple[list[Layout], list[tuple[str, str]]]:
    """The usable layouts of ``folder`` and, for each file that does not load, (name, why)."""
    list_layouts(folder, names_only=True)          # the folder itself must exist
    layouts, broken = [], []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            layout = load_layout(path.stem, folder)
        except InputError as exc:
            broken.append((path.stem, first_line(exc)))
            continue
        if not layout.abstract:
            layouts.append(layout)
    return layouts, broken


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

"""Every layout of a folder, for the commands that make or describe them all (build, proof,
validate, layouts): which load, and which are broken and why."""

from __future__ import annotations

from pathlib import Path

from printgen.errors import InputError
from printgen.layout.load import list_layouts, load_layout
from printgen.layout.model import Layout


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

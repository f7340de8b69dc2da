"""Loading a layout: its file read with what it extends merged under it, percentages resolved,
validated against the schema, then its geometry checked (``printgen.layout.geometry``)."""

from __future__ import annotations

import re
from pathlib import Path

from printgen.errors import InputError
from printgen.layout.model import DEFAULT_DIR, Layout
from printgen.source.cache import cached
from printgen.source.document import Document
from printgen.units import parse_length, resolve_percent

MAX_EXTENDS = 8         # layouts extending each other in one chain; the shipped ones use 2
NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def layout_path(name: str, folder: Path = DEFAULT_DIR) -> Path:
    return Path(folder) / f"{name}.yaml"


def list_layouts(folder: Path = DEFAULT_DIR, names_only: bool = False) -> list:
    """Every usable (not abstract) layout of the folder, by name (``names_only``: the file names)."""
    if not Path(folder).is_dir():
        raise InputError(f"{folder}: layouts folder not found; run printgen from the project folder or "
                         "give --layouts DIR")
    if names_only:
        return [p.stem for p in sorted(Path(folder).glob("*.yaml"))]
    layouts = [load_layout(p.stem, folder) for p in sorted(Path(folder).glob("*.yaml"))]
    return [lay for lay in layouts if not lay.abstract]


def load_layout(name: str, folder: Path = DEFAULT_DIR) -> Layout:
    """Load ``folder/name.yaml`` with what it extends, validate it and check its geometry (a layout
    whose files are unchanged since it last loaded comes from printgen's cache: printgen.source.cache)."""
    return cached("layout", (name, str(folder)), lambda: _load(name, folder))


def _load(name: str, folder: Path) -> Layout:
    if not NAME.fullmatch(name):
        raise InputError(f'layout "{name}": a layout name holds lowercase letters, digits and hyphens')
    doc = _merged(name, Path(folder), [])
    _resolve_percentages(doc.data)
    from printgen.layout.schema import Layout as Schema       # validating only: not for a cached layout
    from printgen.source.schema import validate

    layout, problems = validate(Schema, doc)
    if layout is None:
        raise InputError(problems)
    layout._folder = Path(folder)
    layout._file = str(layout_path(name, folder))
    layout._doc = doc
    if layout.name is not None and layout.name != name:
        problems.append(doc.problem(("name",), f'is "{layout.name}" but the file is {name}.yaml; make them the same'))
    from printgen.layout.geometry import check_geometry     # validating only: not for a cached layout

    problems += check_geometry(layout, doc)
    if problems:
        raise InputError(problems)
    object.__setattr__(layout, "name", name) if layout.name is None else None
    return layout


def _merged(name: str, folder: Path, chain: list[str], child: Document | None = None) -> Document:
    """``name`` read and merged over what it extends; ``child`` is the layout that extends it."""
    path = layout_path(name, folder)
    if name in chain:
        raise InputError([child.problem(("extends",), f"{' -> '.join(chain + [name])}: a layout cannot "
                                                      "extend itself")])
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
        import difflib

        close = difflib.get_close_matches(name, known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known layouts: {', '.join(known) or 'none'}"
        message = f'layout "{name}" not found in {folder}/{hint}'
        raise InputError([child.problem(("extends",), message)] if child else message)
    from printgen.source.yamlfile import read_yaml

    doc = read_yaml(path)
    parent = doc.data.get("extends")
    if not isinstance(parent, str):
        return doc
    if not NAME.fullmatch(parent):        # never read a path: only a layout of the same folder
        raise InputError([doc.problem(("extends",), f'found "{parent[:60]}"; extends names a layout of the same '
                                                    "folder (lowercase letters, digits and hyphens, no / or ..)")])
    if len(chain) >= MAX_EXTENDS:
        raise InputError([doc.problem(("extends",), f"{' -> '.join(chain[:3] + ['...', name, parent])}: more than "
                                                    f"{MAX_EXTENDS} layouts extend one another; extend a layout "
                                                    "that extends fewer")])
    base = _merged(parent, folder, chain + [name], doc)
    own_name = doc.data.get("name")
    base.data.pop("abstract", None)
    base.data.pop("name", None)
    merged = Document(doc.file, _merge(base.data, doc.data), doc.root, base, doc.text)
    if own_name is None:
        merged.data.pop("name", None)
    return merged


def _resolve_percentages(data) -> None:
    """Boxes and points may be given in % of the item's width (x, w) and height (y, h), so that
    one design serves several sheet sizes."""
    try:
        w, h = (parse_length(v) for v in data["item"]["size"])
    except (KeyError, TypeError, ValueError):
        return
    faces = data.get("faces")
    for elements in (faces.values() if isinstance(faces, dict) else []):
        for element in (elements if isinstance(elements, list) else []):
            if not isinstance(element, dict):
                continue
            if isinstance(element.get("box"), list) and len(element["box"]) == 4:
                element["box"] = [resolve_percent(v, (w, h, w, h)[i]) for i, v in enumerate(element["box"])]
            for key in ("from", "to"):
                if isinstance(element.get(key), list) and len(element[key]) == 2:
                    element[key] = [resolve_percent(v, (w, h)[i]) for i, v in enumerate(element[key])]


def _merge(base, own):
    """Mappings merge key by key; anything else (a list, a length) is replaced."""
    if isinstance(base, dict) and isinstance(own, dict):
        out = dict(base)
        for key, value in own.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    return own

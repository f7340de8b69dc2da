"""Every shipped layout rendered with a named catalogue, as a test needs it: a posting-law
preset with the posting-laws catalogue moved to its state (``subdivision``) in the languages
its law asks for; other layouts in English (their own languages when they have some)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import yaml
from conftest import CATALOGUE, LAYOUTS, ROOT

from printgen.catalogue.load import load_catalogue
from printgen.layout.load import list_layouts, load_layout
from printgen.render import LaidOut, Options, lay_out

CATALOGUES = {"portland": CATALOGUE, "gb-uk": ROOT / "tests/data/catalogues/gb-uk.yaml",
              "ca-toronto": ROOT / "tests/data/catalogues/ca-toronto.yaml"}
US_LAWS = ROOT / "tests/data/catalogues/us-posting-laws.yaml"
NAMES = [layout.name for layout in list_layouts(LAYOUTS)]
PRESETS = [layout.name for layout in list_layouts(LAYOUTS) if layout.requires is not None]
_FOLDER = Path(tempfile.mkdtemp(prefix="printgen-shipped-"))


@functools.lru_cache(maxsize=None)
def catalogue_for(name: str, which: str):
    """The catalogue ``which`` (a key of CATALOGUES), or for a preset the posting-laws one in its state."""
    layout = load_layout(name, LAYOUTS)
    if layout.requires is None:
        return load_catalogue(CATALOGUES[which])
    state = layout.requires.jurisdiction
    path = _FOLDER / f"{state}.yaml"
    if not path.exists():
        data = yaml.safe_load(US_LAWS.read_text("utf-8"))
        data["catalogue"]["subdivision"] = state
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_catalogue(path)


@functools.lru_cache(maxsize=None)
def laid_out(name: str, which: str = "portland") -> LaidOut:
    layout = load_layout(name, LAYOUTS)
    catalogue = catalogue_for(name, which)
    req = layout.requires
    lang = None
    if req is not None and req.languages:
        lang = req.languages[0] if req.one_language_per_sheet else "+".join(req.languages)
    return lay_out(catalogue, layout, Options(lang))


@functools.lru_cache(maxsize=None)
def pdf_of(name: str, which: str = "portland") -> bytes:
    return laid_out(name, which).pdf()

"""Shared fixtures: the project's paths, a fixed date, and each shipped layout rendered once."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "data" / "catalogue.yaml"
LAYOUTS = ROOT / "layouts"
TODAY = "2026-11-28"

# Before any test module imports printgen: every run is dated the same day.
os.environ["PRINTGEN_TODAY"] = TODAY
# printgen's cache of validated files (printgen.source.cache): a fresh one for the run, so the
# tests exercise filling it and using it, and leave the user's own cache alone
os.environ["PRINTGEN_CACHE"] = tempfile.mkdtemp(prefix="printgen-test-cache-")
atexit.register(shutil.rmtree, os.environ["PRINTGEN_CACHE"], True)


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    monkeypatch.setenv("PRINTGEN_TODAY", TODAY)


@pytest.fixture
def in_project(monkeypatch):
    """Run from the project's root, where data/ and layouts/ are found by default."""
    monkeypatch.chdir(ROOT)
    return ROOT


@functools.lru_cache(maxsize=None)
def rendered(layout_name: str, lang: str = "en", catalogue: str = str(CATALOGUE)) -> bytes:
    from printgen.catalogue.load import load_catalogue
    from printgen.layout.load import load_layout
    from printgen.render import Options, render

    return render(load_catalogue(catalogue), load_layout(layout_name, LAYOUTS), Options(lang)).pdf


@functools.lru_cache(maxsize=None)
def decoded(layout_name: str):
    from readback import decode_codes

    return decode_codes(rendered(layout_name))


# The browser fixtures (one Chromium for the whole session, shared by every test module).
def state_catalogue(folder: Path, jurisdiction: str):
    """The posting-law test catalogue for ``jurisdiction`` (US-CA ...), written in ``folder`` and loaded."""
    import yaml

    from printgen.catalogue.load import load_catalogue

    data = yaml.safe_load((ROOT / "tests" / "data" / "catalogues" / "us-posting-laws.yaml").read_text("utf-8"))
    data["catalogue"]["subdivision"] = jurisdiction
    path = folder / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_catalogue(path)


from browser import chromium, page  # noqa: E402,F401

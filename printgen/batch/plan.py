"""Planning a batch: the jobs (layouts x languages x venues), their file names, their inputs.

Each job writes one file inside the output folder. Venue names become safe file names
(lowercase ASCII letters, digits and hyphens; a short hash of the name keeps names that
would meet, or were cut short, apart), and no path can leave the folder. Every job carries a
digest of everything its file depends on (printgen's code and version, the libraries that
draw, the fonts, the normalised catalogue and which of its entries are due for review, the
layout with what it extends and its images, the options and the venue), so an unchanged job
is skipped; the record of what was written is a small JSON file in the output folder.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from printgen import __version__
from printgen.catalogue.model import Catalogue, load_catalogue, stale_entries, today
from printgen.errors import InputError, Problem
from printgen.layout.model import ImageElement, Layout, load_layout
from printgen.batch.manifest import Manifest

STATE = ".printgen-batch"
SLUG_MAX = 60
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
VENUE_FIELD = re.compile(r"\{venue\.([a-z_]+)\}")


@dataclass(frozen=True)
class Job:
    index: int
    layout: str
    lang: str
    venues: tuple[tuple[tuple[str, str], ...], ...]    # one (or no) venue; every venue for a combined file
    path: str                                          # inside the output folder, "/"-separated
    combined: bool = False
    inputs: str = ""                                   # the digest of everything the file depends on
    where: str = ""                                    # the venue's row (CSV) or place (manifest), for messages


@dataclass(frozen=True)
class Plan:
    manifest: Manifest
    catalogue: Catalogue
    layouts: dict[str, Layout]
    jobs: tuple[Job, ...]
    warnings: tuple[str, ...]

    @property
    def folder(self) -> Path:
        return self.manifest.folder


def plan_batch(manifest: Manifest) -> Plan:
    """Load the inputs once, check they fit together, and list every job."""
    catalogue = load_catalogue(manifest.catalogue)
    layouts = {name: load_layout(name, manifest.layouts_folder) for name in manifest.layouts}
    abstract = [name for name, layout in layouts.items() if layout.abstract]
    if abstract:
        raise InputError(f"{manifest.file}: layouts: {abstract[0]} is a base for other layouts, not rendered on "
                         "its own; name a layout that extends it (see printgen layouts)")
    warnings = _check_fields(manifest, layouts)
    languages = manifest.languages or (catalogue.catalogue.language,)
    venues = manifest.venues
    try:
        files = venue_file_names([v.name for v in venues])
    except InputError as exc:
        raise InputError(f"{manifest.venue_source}: {exc.message}") from None
    common = _common_digest(catalogue)
    jobs: list[Job] = []
    for layout_name, layout in layouts.items():
        base = _digest(common, _layout_digest(layout))
        for lang in languages:
            fill = {"layout": layout_name, "lang": lang, "catalogue": catalogue.catalogue.id}
            if manifest.separate:
                for venue, file in (zip(venues, files) if venues else [(None, "")]):
                    fields = (venue.fields,) if venue else ((),)
                    jobs.append(_job(manifest, base, len(jobs), layout_name, lang, fields,
                                     _fill(manifest.pattern, {**fill, "venue": file}), False,
                                     venue.where if venue else ""))
            if manifest.combined:
                fields = tuple(v.fields for v in venues) or ((),)
                jobs.append(_job(manifest, base, len(jobs), layout_name, lang, fields,
                                 _fill(manifest.combined, fill), True))
    _check_paths(manifest, jobs)
    return Plan(manifest, catalogue, layouts, tuple(jobs), tuple(warnings))


def _job(manifest: Manifest, base: str, index: int, layout: str, lang: str, venues, path: str,
         combined: bool, where: str = "") -> Job:
    options = [lang, manifest.sheets, manifest.offset, manifest.back_offset, manifest.allow_stale, combined,
               [list(map(list, v)) for v in venues]]
    inputs = _digest(base, json.dumps(options, ensure_ascii=False))
    return Job(index, layout, lang, venues, path, combined, inputs, where)


def _fill(pattern: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([a-z]+)\}", lambda m: values[m.group(1)], pattern)


def shard(jobs: tuple[Job, ...], k: int, n: int) -> list[Job]:
    """The K-th of N disjoint parts (K from 1): every N-th job, so the parts are alike in size."""
    return [job for job in jobs if job.index % n == k - 1]


# -- file names --------------------------------------------------------------------------------

def slug(name: str) -> str:
    """"Café Olé (Main St)" -> "cafe-ole-main-st": ASCII letters, digits and hyphens only."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def venue_file_names(names: list[str]) -> list[str]:
    """Safe, distinct file names for venues, whatever their names hold.

    A name that leaves nothing safe (all punctuation, another script), is cut short, is a
    device name on Windows, or would meet another's (names differing only in case or
    punctuation) gets a hash of the exact name appended, so the result does not depend on
    the venues' order.
    """
    slugs = [slug(n) for n in names]
    counts = Counter(s[:SLUG_MAX] for s in slugs)
    out = []
    for name, s in zip(names, slugs):
        short = s[:SLUG_MAX].rstrip("-")
        if not short or len(s) > SLUG_MAX or counts[s[:SLUG_MAX]] > 1 or short in RESERVED:
            short = f"{short or 'venue'}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
        out.append(short)
    twice = [f for f, c in Counter(out).items() if c > 1]
    if twice:           # two exact names cannot share a hash; only a contrived name could meet a hashed one
        clash = [n for n, f in zip(names, out) if f == twice[0]]
        raise InputError(f'venues "{clash[0]}" and "{clash[1]}" would share the file name {twice[0]}; rename one')
    return out


def _check_paths(manifest: Manifest, jobs: list[Job]) -> None:
    """Every file inside the output folder, each a name of its own (also where case is ignored)."""
    folder = Path(os.path.abspath(manifest.folder))
    seen: dict[str, str] = {}
    for job in jobs:
        target = Path(os.path.abspath(folder / job.path))
        if folder not in target.parents or any(len(part.encode()) > 255 for part in Path(job.path).parts):
            raise InputError(f"{manifest.file}: output: {job.path} is not a file name inside {manifest.folder}")
        key = job.path.lower()
        if key in seen:
            raise InputError(f"{manifest.file}: output: {seen[key]} and {job.path} would be the same file; "
                             "change output.pattern or output.combined")
        seen[key] = job.path


def _check_fields(manifest: Manifest, layouts: dict[str, Layout]) -> list[str]:
    """Every {venue.FIELD} a layout prints is given for every venue; a layout that prints no
    venue field makes identical files (a warning)."""
    problems: list[str] = []
    warnings: list[str] = []
    for name, layout in layouts.items():
        fields = sorted(set(VENUE_FIELD.findall(layout.model_dump_json())))
        if manifest.venues and not fields and manifest.separate:
            warnings.append(f"{name} prints no venue field: its {len(manifest.venues)} files per language are alike")
        for field in fields:
            lacking = [v for v in manifest.venues if field not in dict(v.fields)]
            if manifest.venues and len(lacking) == len(manifest.venues):
                problems.append(f"{manifest.venue_source}: no venue has a {field} field, which {layout.file} prints "
                                f"as {{venue.{field}}}; add it (a column of the CSV)")
            elif lacking:
                problems.append(f"{lacking[0].where}: no {field} field, which {layout.file} prints as "
                                f"{{venue.{field}}}; add it ({len(lacking)} venues lack it)")
    if problems:
        raise InputError([Problem("", None, None, "", p) for p in problems])
    return warnings


# -- what a file depends on ---------------------------------------------------------------------

def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """printgen's version, its code and fonts, and the versions of the libraries that draw."""
    from importlib.metadata import PackageNotFoundError, version

    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")) + sorted((package / "fonts").glob("*")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in ("reportlab", "qrcode", "phonenumbers"):
        try:
            h.update(f"{dist} {version(dist)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{dist} missing\0".encode())
    return h.hexdigest()


def _common_digest(catalogue: Catalogue) -> str:
    from printgen.catalogue.export import to_plain

    due = [s.resource_id for s in stale_entries(catalogue, today())]      # a render refuses or warns on these
    plain = json.dumps(to_plain(catalogue), sort_keys=True, ensure_ascii=False, default=str)
    return _digest(_code_digest(), plain, ",".join(due))


def _layout_digest(layout: Layout) -> str:
    parts = [layout.name or "", layout.model_dump_json(by_alias=True)]
    for face in layout.face_names():
        for element in layout.elements(face):
            if isinstance(element, ImageElement):
                parts.append(hashlib.sha256((layout.folder / element.file).read_bytes()).hexdigest())
    return _digest(*parts)


# -- the record of what was written ------------------------------------------------------------

def state_file(k: int = 1, n: int = 1) -> str:
    """Each shard keeps its own record, so shards sharing a folder never overwrite each other's."""
    return f"{STATE}.json" if n == 1 else f"{STATE}.shard-{k}-of-{n}.json"


def load_state(folder: Path) -> tuple[dict[str, list[dict]], list[str]]:
    """Every record in the folder (any shard's): path -> entries; and warnings for unreadable ones."""
    entries: dict[str, list[dict]] = {}
    warnings = []
    for path in sorted(Path(folder).glob(f"{STATE}*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
            outputs = data["outputs"]
            for name, entry in outputs.items():
                if isinstance(entry, dict) and {"inputs", "sha256"} <= set(entry):
                    entries.setdefault(name, []).append(entry)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            warnings.append(f"{path}: unreadable record of earlier runs, ignored (its files are made again)")
    return entries, warnings


def own_state(folder: Path, name: str) -> dict[str, dict]:
    try:
        data = json.loads((Path(folder) / name).read_text("utf-8"))
        return {k: v for k, v in data["outputs"].items() if isinstance(v, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def state_bytes(outputs: dict[str, dict]) -> bytes:
    data = {"printgen": __version__, "outputs": dict(sorted(outputs.items()))}
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(folder: Path, job: Job, entries: dict[str, list[dict]], verify: bool = True) -> dict | None:
    """The record of an earlier run that made this very file from these very inputs (and read
    it back, when ``verify``), if any."""
    candidates = [e for e in entries.get(job.path, []) if e.get("inputs") == job.inputs
                  and (e.get("checked") or not verify)]
    if not candidates:
        return None
    sha = file_sha(Path(folder) / job.path)
    return next((e for e in candidates if e.get("sha256") == sha), None)

"""Planning a batch: the jobs (layouts x languages x venues), their file names, their inputs.

Each job writes one file inside the output folder. Venue names become safe file names
(lowercase ASCII letters, digits and hyphens; a short hash of the name keeps names that
would meet, or were cut short, apart), and no path can leave the folder. Every job carries a
digest of everything its file depends on (printgen's code and version, the libraries that
draw, the fonts, the normalised catalogue and which of its entries are due for review, the
layout with what it extends and its images, the options and the venue), so an unchanged job
is skipped (``printgen.batch.digest``); the record of what was written is a small JSON file in
the output folder (``printgen.batch.record``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from printgen.batch.digest import common_digest, digest, fixed_texts, layout_digest
from printgen.batch.manifest import Manifest
from printgen.catalogue.load import load_catalogue
from printgen.catalogue.model import Catalogue
from printgen.errors import InputError, Problem
from printgen.language import strings
from printgen.language.pick import refuse_unoffered
from printgen.layout.load import load_layout
from printgen.layout.model import Layout
from printgen.output import Inputs, fill_pattern, venue_file_names
from printgen.render import inputs_of
from printgen.source.record import plain, texts_in
from printgen.venue import check_venue

VENUE_FIELD = re.compile(r"\{venue\.([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
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
    if not manifest.allow_fallback:
        for lang, where in zip(manifest.languages, manifest.language_places):
            refuse_unoffered(lang.split("+"), catalogue.catalogue.languages, f"{where}: languages")
    library = strings.library(manifest.strings, manifest.catalogue)
    venues = manifest.venues
    for venue in venues:               # short numbers dial in the catalogue's country: known only now
        check_venue(dict(venue.fields), venue.where, catalogue.catalogue.country)
    try:
        files = venue_file_names([v.name for v in venues])
    except InputError as exc:
        raise InputError(f"{manifest.venue_source}: {exc.message}") from None
    common = common_digest(catalogue)
    jobs: list[Job] = []
    for layout_name, layout in layouts.items():
        own = layout_digest(layout)
        english = fixed_texts(layout)
        for lang in languages:
            # the translations this layout can print in this language: editing another remakes nothing
            base = digest(common, own, library.fingerprint(lang.split("+"), english))
            fill = {"layout": layout_name, "lang": lang, "catalogue": catalogue.catalogue.id}
            if manifest.separate:
                for venue, file in (zip(venues, files) if venues else [(None, "")]):
                    fields = (venue.fields,) if venue else ((),)
                    jobs.append(_job(manifest, base, len(jobs), layout_name, lang, fields,
                                     fill_pattern(manifest.pattern, {**fill, "venue": file}), False,
                                     venue.where if venue else ""))
            if manifest.combined:
                fields = tuple(v.fields for v in venues) or ((),)
                jobs.append(_job(manifest, base, len(jobs), layout_name, lang, fields,
                                 fill_pattern(manifest.combined, fill), True))
    _check_paths(manifest, jobs, _inputs(manifest, catalogue, layouts))
    return Plan(manifest, catalogue, layouts, tuple(jobs), tuple(warnings))


def _job(manifest: Manifest, base: str, index: int, layout: str, lang: str, venues, path: str,
         combined: bool, where: str = "") -> Job:
    options = [lang, manifest.sheets, manifest.offset, manifest.back_offset, manifest.allow_stale, combined,
               manifest.strict, manifest.allow_fallback,
               [list(map(list, v)) for v in venues]]
    if manifest.print_shop is not None:          # the profile's bytes, condition, quantity and paper
        options.append(manifest.print_shop.key())
    inputs = digest(base, json.dumps(options, ensure_ascii=False))
    return Job(index, layout, lang, venues, path, combined, inputs, where)


def shard(jobs: tuple[Job, ...], k: int, n: int) -> list[Job]:
    """The K-th of N disjoint parts (K from 1): every N-th job, so the parts are alike in size."""
    return [job for job in jobs if job.index % n == k - 1]


def _inputs(manifest: Manifest, catalogue: Catalogue, layouts: dict[str, Layout]) -> list[tuple[str, Path]]:
    files = [("the manifest", Path(manifest.file)), ("the venues file", Path(manifest.venue_source))]
    return files + [f for layout in layouts.values() for f in inputs_of(catalogue, layout)]


def _check_paths(manifest: Manifest, jobs: list[Job], inputs: list[tuple[str, Path]]) -> None:
    """Every file inside the output folder, also once symbolic links are followed (a folder of
    the pattern that links elsewhere), none an input of the batch, each a name of its own (also
    where case is ignored). Paths as strings (pathlib's objects cost a 1,000-file plan a tenth of
    a second)."""
    folder = os.path.abspath(manifest.folder)
    real = os.path.realpath(folder)
    inside, inside_real = os.path.join(folder, ""), os.path.join(real, "")
    seen: dict[str, str] = {}
    refusing, parents = Inputs(inputs), {}          # each input and each folder looked up once
    for job in jobs:
        target = os.path.abspath(os.path.join(folder, job.path))
        if not target.startswith(inside) or any(len(part.encode()) > 255 for part in job.path.split(os.sep)):
            raise InputError(f"{manifest.file}: output: {job.path} is not a file name inside {manifest.folder}")
        parent, name = os.path.split(target)
        if parent not in parents:
            parents[parent] = os.path.realpath(parent)
        followed = os.path.realpath(target) if os.path.islink(target) else os.path.join(parents[parent], name)
        if not followed.startswith(inside_real):
            raise InputError(f"{manifest.file}: output: {job.path} leads outside {manifest.folder} through a "
                             "symbolic link; nothing was written; name a folder inside it")
        refusing.refuse(target, followed)
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
        fields = sorted({f for text in texts_in(plain(layout)) for f in VENUE_FIELD.findall(text)})
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

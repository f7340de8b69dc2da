"""The batch manifest: which catalogue, layouts, languages and venues, and where the files go.

Read like the catalogue (safe YAML, a typed schema, every problem of the file located by line
and column and reported together). Venues come inline or from a CSV file with a header row
(``name`` plus any fields the layouts print as ``{venue.FIELD}``), checked row by row with
the CSV's line numbers. Paths in a manifest are relative to the manifest's folder.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from printgen.errors import InputError, Problem
from printgen.printshop import PrintShop, load_print_shop
from printgen.source.cache import cached
from printgen.source.record import Record
from printgen.venue import FIELD_NAME, check_venue

PATTERN_FIELDS = ("layout", "lang", "venue", "catalogue")
MAX_VENUES = 100_000


@dataclass(frozen=True, slots=True)
class Venue:
    fields: tuple[tuple[str, str], ...]      # name first, then the other fields in file order
    where: str                               # FILE:ROW (CSV) or FILE:LINE:COL (inline)

    @property
    def name(self) -> str:
        return dict(self.fields)["name"]


@dataclass(frozen=True)
class Manifest:
    file: str
    catalogue: Path
    layouts_folder: Path
    layouts: tuple[str, ...]
    languages: tuple[str, ...]               # empty: the catalogue's language
    venues: tuple[Venue, ...]
    venue_source: str                        # the CSV file, or the manifest for inline venues
    folder: Path
    pattern: str
    combined: str | None
    separate: bool
    allow_stale: bool
    sheets: int
    offset: tuple[float, float]
    back_offset: tuple[float, float]
    strings: Path | None = None
    strict: bool = False
    allow_fallback: bool = False
    language_places: tuple[str, ...] = ()    # FILE:LINE:COL of each of ``languages``
    print_shop: "PrintShop | None" = None


def load_manifest(path: str | Path) -> Manifest:
    """Read and check a manifest (and its venues CSV); raise InputError with every problem.

    An unchanged manifest whose venues CSV is unchanged too comes from printgen's cache
    (printgen.source.cache), unless it names a strings folder or a print shop's output intent:
    what those hold is not among the files the cache compares."""
    return cached("manifest", (str(path),), lambda: _read(path),
                  keep=lambda manifest: manifest.strings is None and manifest.print_shop is None)


def _read(path: str | Path) -> Manifest:
    from printgen.source.yamlfile import read_yaml      # here: a manifest from the cache reads no YAML

    from printgen.batch.schema import ManifestModel
    from printgen.source.schema import validate

    doc = read_yaml(path)
    model, problems = validate(ManifestModel, doc)
    if model is None:
        raise InputError(problems)
    base = Path(path).parent
    venues: list[Venue] = []
    if model.venues is not None:
        for i, row in enumerate(model.venues):
            file, line, col, _ = doc.find(("venues", i))
            where = f"{file}:{line}:{col}: venues.{i}"
            if not row.get("name"):
                problems.append(doc.problem(("venues", i), '"name" is missing or empty; every venue needs a name'))
                continue
            venues.append(Venue(_ordered(row), where))
    problems += _check_venues(venues)
    source = doc.file
    if model.venues_csv is not None:
        source = str(_resolve(base, model.venues_csv))
        try:
            venues = read_venues_csv(source)
        except InputError as exc:          # reported with the manifest's problems found so far
            raise InputError(problems + exc.problems) from None
    output = model.output
    pattern = output.pattern or ("{layout}-{lang}-{venue}.pdf" if venues else "{layout}-{lang}.pdf")
    problems += _check_pattern(doc, ("output", "pattern"), pattern, model, len(venues), combined=False)
    if output.combined is not None:
        problems += _check_pattern(doc, ("output", "combined"), output.combined, model, len(venues), combined=True)
    elif not output.separate:
        problems.append(doc.problem(("output", "separate"), "is false but output.combined names no file; "
                                                            "nothing would be written"))
    if len(model.languages) != len(set(model.languages)):
        problems.append(doc.problem(("languages",), "lists a language twice; list each once"))
    if len(model.layouts) != len(set(model.layouts)):
        problems.append(doc.problem(("layouts",), "lists a layout twice; list each once"))
    strings = _resolve(base, model.strings) if model.strings is not None else None
    if strings is not None and not strings.is_dir():
        problems.append(doc.problem(("strings",), f"{strings} is not a folder; give a folder of <language>.yaml "
                                                  "files"))
    shop = None
    if model.print_shop is not None:
        spec = model.print_shop
        if model.sheets != 1 or tuple(model.offset) != (0.0, 0.0) or tuple(model.back_offset) != (0.0, 0.0):
            problems.append(doc.problem(("print_shop",), "goes without sheets, offset and back_offset (they are for "
                                                         "office printers; a print-shop file has one item per page)"))
        file, line, col, _ = doc.find(("print_shop", "output_intent"))
        try:
            shop = load_print_shop(_resolve(base, spec.output_intent), spec.condition, spec.quantity, spec.paper,
                                   where=f"{file}:{line}:{col}: print_shop.output_intent:")
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    places = tuple("{}:{}:{}".format(*doc.find(("languages", i))[:3]) for i in range(len(model.languages)))
    return Manifest(doc.file, _resolve(base, model.catalogue), _resolve(base, model.layouts_folder),
                    tuple(model.layouts), tuple(model.languages), tuple(venues), source,
                    _resolve(base, output.folder), pattern, output.combined, output.separate,
                    model.allow_stale, model.sheets, tuple(model.offset), tuple(model.back_offset),
                    strings, model.strict, model.allow_fallback, places, shop)


def _resolve(base: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else base / path


def _ordered(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return (("name", row["name"]),) + tuple((k, v) for k, v in row.items() if k != "name")


def _check_venues(venues: list[Venue]) -> list[Problem]:
    """Values a layout may print (no numbers, no hidden characters), and each venue once."""
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for venue in venues:
        try:
            check_venue(dict(venue.fields), where=venue.where)
        except InputError as exc:
            problems += exc.problems
        if venue.name in first:
            problems.append(Problem("", None, None, "", f'{venue.where}: name "{venue.name}" is also at '
                                                        f"{first[venue.name]}; list each venue once"))
        first.setdefault(venue.name, venue.where)
    return problems


def _check_pattern(doc, path, pattern: str, model: Record, venues: int, combined: bool) -> list[Problem]:
    names = re.findall(r"\{([^{}]*)\}", pattern)
    allowed = [f for f in PATTERN_FIELDS if not (combined and f == "venue")]
    unknown = [n for n in names if n not in allowed]
    if unknown:
        return [doc.problem(path, f'"{{{unknown[0]}}}" is not a field; expected '
                                  f'{", ".join("{%s}" % f for f in allowed)}')]
    rest = re.sub(r"\{[^{}]*\}", "", pattern)
    if "{" in rest or "}" in rest:
        return [doc.problem(path, f'"{pattern}" has an unmatched brace')]
    parts = pattern.replace("\\", "/").split("/")
    if pattern.startswith("/") or "\\" in pattern or any(p in ("", ".", "..") for p in parts):
        return [doc.problem(path, f'"{pattern}" must stay inside the output folder: no leading /, no .., '
                                  "no \\, no empty folder names")]
    if not pattern.endswith(".pdf"):
        return [doc.problem(path, f'"{pattern}" must end with .pdf')]
    missing = []
    if len(model.layouts) > 1 and "layout" not in names:
        missing.append("{layout} (several layouts)")
    if len(model.languages) > 1 and "lang" not in names:
        missing.append("{lang} (several languages)")
    if not combined and venues > 1 and "venue" not in names and model.output.separate:
        missing.append("{venue} (several venues)")
    if not combined and not venues and "venue" in names:
        return [doc.problem(path, "holds {venue} but the manifest lists no venues; remove it or add venues")]
    if missing:
        return [doc.problem(path, f'"{pattern}" would give several files one name; add ' + " and ".join(missing))]
    return []


def read_venues_csv(path: str | Path) -> list[Venue]:
    """Venues from a UTF-8 CSV with a header row; every problem as FILE:ROW: ..."""
    from printgen.source.yamlfile import read_limited

    name = str(path)
    raw = read_limited(path, name, "a CSV file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{row}: byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[str] = []
    header: list[str] | None = None
    venues: list[Venue] = []
    first: dict[str, int] = {}
    start = 1
    try:
        for record in reader:
            row, start = start, reader.line_num + 1
            if not record or all(not cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                problems += _check_header(name, row, header)
                if problems:
                    break
                continue
            if len(record) != len(header):
                problems.append(f"{name}:{row}: {len(record)} fields; the header has {len(header)} "
                                f"({', '.join(header)})")
                continue
            fields = {key: unicodedata.normalize("NFC", cell.strip()) for key, cell in zip(header, record)}
            if not fields["name"]:
                problems.append(f"{name}:{row}: name is empty; every venue needs a name")
                continue
            try:
                check_venue(fields, where=f"{name}:{row}")
            except InputError as exc:
                problems.append(exc.message)
                continue
            if fields["name"] in first:
                problems.append(f'{name}:{row}: name "{fields["name"]}" is also on row {first[fields["name"]]}; '
                                "list each venue once")
                continue
            first[fields["name"]] = row
            venues.append(Venue(_ordered(fields), f"{name}:{row}"))
            if len(venues) > MAX_VENUES:
                problems.append(f"{name}:{row}: more than {MAX_VENUES} venues; split the file")
                break
    except csv.Error as exc:
        problems.append(f"{name}:{start}: not valid CSV ({exc}); quote fields that hold commas or quotes")
    if header is None and not problems:
        problems.append(f"{name}: is empty; expected a header row (name, ...) and a row per venue")
    elif not venues and not problems:
        problems.append(f"{name}: has a header but no venues")
    if problems:
        raise InputError([Problem("", None, None, "", p) for p in problems])
    return venues


def _check_header(name: str, row: int, header: list[str]) -> list[str]:
    problems = []
    for cell in header:
        if not FIELD_NAME.fullmatch(cell):
            problems.append(f'{name}:{row}: column "{cell}": a venue field is lowercase letters and _ (a layout '
                            "prints it as {venue.FIELD}), e.g. name, city")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        problems.append(f"{name}:{row}: the column {twice[0]} is named twice; name each column once")
    if "name" not in header:
        problems.append(f"{name}:{row}: the header has no name column; expected name, then any other fields "
                        f"(found {', '.join(header)})")
    return problems

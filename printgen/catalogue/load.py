"""Loading the catalogue: the YAML read with positions, validated against the schema
(``printgen.catalogue.schema``) into records (``printgen.catalogue.model``), then checked across
entries (ids unique, every text in the catalogue's languages, numbers of the catalogue's country)."""

from __future__ import annotations

from pathlib import Path

from printgen.catalogue.model import DEFAULT_PATH, Catalogue, today
from printgen.errors import InputError, Problem
from printgen.source.cache import cached
from printgen.source.document import Document


def load_catalogue(path: str | Path = DEFAULT_PATH) -> Catalogue:
    """Read and validate a catalogue; raise InputError with every problem of the file.

    An unchanged file that validated before comes from printgen's cache (printgen.source.cache)."""
    return cached("catalogue", (str(path), today().isoformat()), lambda: _read(path))


def _read(path: str | Path) -> Catalogue:
    from printgen.source.yamlfile import read_yaml

    return catalogue_from(read_yaml(path))


def catalogue_from(doc: Document) -> Catalogue:
    import phonenumbers

    header = doc.data.get("catalogue") if isinstance(doc.data, dict) else None
    context = {"country": "US", "language": "en"}
    if isinstance(header, dict):
        if isinstance(header.get("country"), str) and header["country"] in phonenumbers.SUPPORTED_REGIONS:
            context["country"] = header["country"]
        if isinstance(header.get("language"), str):
            context["language"] = header["language"]
    from printgen.catalogue.schema import Catalogue as Schema     # validating only: not for a cached file
    from printgen.source.schema import validate

    catalogue, problems = validate(Schema, doc, context)
    problems += _duplicate_ids(doc)
    if catalogue is not None:
        problems += _cross_checks(catalogue, doc)
    if problems:
        raise InputError(_unique(problems))
    catalogue._file = doc.file
    return catalogue


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in sorted(problems, key=lambda p: (p.line or 0, p.column or 0)):
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out


def _duplicate_ids(doc: Document) -> list[Problem]:
    """Resource and note ids are unique in the whole catalogue; section ids among sections."""
    problems: list[Problem] = []
    firsts: dict[tuple[str, str], tuple] = {}
    sections = doc.data.get("sections") if isinstance(doc.data, dict) else None
    for si, section in enumerate(sections if isinstance(sections, list) else []):
        if not isinstance(section, dict):
            continue
        places = [("section", ("sections", si), section)]
        for kind in ("resources", "notes"):
            items = section.get(kind)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    places.append(("item", ("sections", si, kind, i), item))
        for space, path, item in places:
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if (space, ident) in firsts:
                first = doc.line_of(firsts[(space, ident)] + ("id",))
                problems.append(doc.problem(path + ("id",), f'"{ident}" is used twice (first on line {first}); '
                                                           "ids must be unique"))
            else:
                firsts[(space, ident)] = path
    return problems


def texts(catalogue: Catalogue):
    """Every translatable text: (path in the file, readable name, {language: text})."""
    header = catalogue.catalogue
    yield ("catalogue", "title"), "catalogue.title", header.title
    yield ("catalogue", "region"), "catalogue.region", header.region
    for si, section in enumerate(catalogue.sections):
        base = ("sections", si)
        yield base + ("title",), f"{section.id}.title", section.title
        if section.intro:
            yield base + ("intro",), f"{section.id}.intro", section.intro
        for ri, res in enumerate(section.resources):
            rpath = base + ("resources", ri)
            for key in ("name", "description", "note"):
                if getattr(res, key):
                    yield rpath + (key,), f"{res.id}.{key}", getattr(res, key)
            for ci, contact in enumerate(res.contacts):
                if contact.label:
                    yield rpath + ("contacts", ci, "label"), f"{res.id}.contacts.{ci}.label", contact.label
        for ni, note in enumerate(section.notes):
            for key in ("title", "body", "note"):
                if getattr(note, key):
                    yield base + ("notes", ni, key), f"{note.id}.{key}", getattr(note, key)


def _cross_checks(catalogue: Catalogue, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    header = catalogue.catalogue
    offered = set(header.languages)
    if header.language not in offered:
        # one root cause: every plain string is in this language, so say it once
        return [doc.problem(("catalogue", "language"), f'"{header.language}" is not in catalogue.languages '
                                                       f'({", ".join(header.languages)}); add it there')]
    for path, _, text in texts(catalogue):
        for lang in text:
            if lang not in offered:
                problems.append(doc.problem(path + (lang,), f'language "{lang}" is not in catalogue.languages '
                                                            f'({", ".join(header.languages)}); add it there or fix the tag'))
        if header.language not in text:
            problems.append(doc.problem(path, f"has no {header.language} text; every text needs one in "
                                              f"catalogue.language ({header.language}), which others fall back to"))
    for si, section in enumerate(catalogue.sections):
        for ri, res in enumerate(section.resources):
            seen: dict[str, int] = {}
            for ci, contact in enumerate(res.contacts):
                if contact.identity in seen:
                    problems.append(doc.problem(("sections", si, "resources", ri, "contacts", ci),
                                                f'"{contact.display}" is the same line as contacts.{seen[contact.identity]}; '
                                                "list each line once per resource"))
                seen.setdefault(contact.identity, ci)
    return problems

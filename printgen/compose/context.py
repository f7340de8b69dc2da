"""The context an element is composed in, and the record of what composing found.

Composing is pure geometry and text measurement: no canvas. Messages name an element by
what it shows (``the code for 1-888-373-7888 (faces.front.3)``) and where the layout says it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printgen.catalogue.model import Catalogue
from printgen.compose.select import Entry, choose, unknown_ids
from printgen.errors import InputError
from printgen.language.pick import Language
from printgen.language.words import revealing, word
from printgen.layout.model import Layout


@dataclass
class Record:
    """What composing found besides the shapes. Each element composes into a record of its own,
    returned with its shapes and added to the face's (``printgen.compose.reuse`` keeps both)."""

    used: list = field(default_factory=list)            # resources printed, for freshness checks
    left_out: list[str] = field(default_factory=list)   # incomplete resources a select passed over
    warnings: list[str] = field(default_factory=list)
    picks: list = field(default_factory=list)           # (face, index, type, ids shown, fell back, left out)
    fallbacks: list[str] = field(default_factory=list)  # texts printed in the catalogue's language instead

    def add(self, other: "Record") -> None:
        """Another record's findings after these, each said once."""
        self.used += other.used
        self.picks += other.picks
        for mine, theirs in ((self.left_out, other.left_out), (self.warnings, other.warnings),
                             (self.fallbacks, other.fallbacks)):
            mine += [item for item in theirs if item not in mine]


@dataclass
class Context:
    """What an element is composed from (catalogue, layout, language, venue), and the record it
    writes its findings into."""

    catalogue: Catalogue
    layout: Layout
    language: Language
    venue: dict[str, str] = field(default_factory=dict)
    record: Record = field(default_factory=Record)

    def __post_init__(self):
        self.language = self.language.recording(self.record.fallbacks)

    def fork(self) -> "Context":
        """A context for one element: the same inputs, a record of its own."""
        return Context(self.catalogue, self.layout, self.language, self.venue)

    def choose(self, face: str, index: int, element, seen: set[str], select=None) -> list[Entry]:
        """The element's entries; a select naming an id the catalogue lacks is an error, and what
        fell back is reported (warnings, and ``picks`` for validate's table)."""
        select = select or element.select or self.layout.select
        missing = unknown_ids(self.catalogue, select)
        if missing:
            raise self.fail(face, index, element, f"select names {', '.join(missing)}, which the catalogue "
                                                  "does not have; select on tags (see the layout reference)")
        entries = choose(self.catalogue, select, seen, self.record.left_out)
        reasons: dict[str, list[str]] = {}
        for e in entries:
            if e.because:
                if e.because.startswith("stands in"):        # the same for every layout: said once a run
                    self.note(f"{e.resource.id} ({e.contacts[0].display}) {e.because}")
                    continue
                shown = f"{self.name_of(e.resource)} ({e.contacts[0].display})"
                reasons.setdefault(e.because, []).append(shown)
        for because, shown in reasons.items():
            self.note(f"{self.where(face, index, element, entries)}: {because}; shows {', '.join(shown)}")
        return entries

    def note(self, text: str) -> None:
        if text not in self.record.warnings:
            self.record.warnings.append(text)

    def where(self, face: str, index: int, element, entries=()) -> str:
        """An element as a message names it: by what it shows where it can."""
        what = {"qr": "the code", "resources": "the list", "tabs": "the tabs"}.get(element.type, element.type)
        if element.type in ("qr", "tabs") and entries:
            what += f" for {entries[0].contacts[0].display}"
        return f"{what} (faces.{face}.{index})"

    def name_of(self, resource, language: Language | None = None) -> str:
        """A resource's name; on a discreet layout, a neutral label when the name gives it away."""
        language = language or self.language
        name = language.pick(resource.name, f"{resource.id}.name")
        if self.layout.discreet and revealing(name):
            for contact in resource.contacts[:1]:     # the first line's label, not a later one's ("Text")
                label = language.pick(contact.label, "contact label") if contact.label else None
                if label and not revealing(label):
                    return label
            return word(language, "helpline")
        return name

    def fail(self, face: str, index: int, element, what: str) -> InputError:
        return InputError(f"{self.layout.where(face, index)}: faces.{face}.{index} ({element.type}): {what}")


def pdf_box(layout: Layout, box) -> tuple[float, float, float, float]:
    """[left, top, width, height] from the top-left -> (x, y, w, h) from the bottom-left."""
    left, top, bw, bh = box
    return left, layout.item.size[1] - top - bh, bw, bh


def short(text: str) -> str:
    """The start of a text for a one-line message (the languages of a bilingual text joined by /)."""
    text = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return text if len(text) <= 60 else text[:57] + "..."

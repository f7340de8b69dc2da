"""Layouts as commands read them: records (``printgen.source.record``) made from what
``printgen.layout.schema`` validated, with what is worked out from them.

A layout is data: sizes with units, a grid for N-up sheets, named styles and a list of
elements per face. ``extends:`` inherits another layout of the same folder (mappings merge,
lists are replaced). Geometry is checked when the layout loads, before anything is drawn.
Each record's fields are its schema class's, of the same name.
"""

from __future__ import annotations

import re
from pathlib import Path

from printgen.qr import MIN_CODE_SIZE
from printgen.source.document import Document
from printgen.source.record import Record
from printgen.units import SHEETS, parse_length

DEFAULT_DIR = Path("layouts")
PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")
FIELDS = ("catalogue.title", "catalogue.region", "catalogue.verified", "catalogue.source")


class Style(Record):
    """How text looks: font, preferred size, the smallest size it may shrink to, colour."""

    @property
    def smallest(self) -> float:
        return self.min if self.min is not None else self.size


class Select(Record):
    """Which resources an element shows: by section, tags, ids and priority, at most ``max``."""

    defaults = {"sections": [], "tags": [], "ids": [], "exclude_tags": [], "min_priority": None, "max": None,
                "kinds": [], "fallback": None, "max_per_tag": None}


class TextElement(Record):
    """Fixed words, with {catalogue.title}-style fields filled in from the catalogue or the venue."""


class Band(Record):
    """A fill drawn behind a resources element's box (a number block's band)."""


class ResourcesElement(Record):
    """Resources' names, numbers and labels in a box."""


class TabsElement(Record):
    """A row of tear-off tabs, each with the number turned to read along the tab."""


class QRElement(Record):
    """A QR code of a resource's line, with its number and what scanning does under it."""


class RuleElement(Record):
    """A line from ``start`` to ``end`` (written ``from`` and ``to``): solid, cut or fold."""


class BoxElement(Record):
    """A rectangle, filled or stroked."""


class ImageElement(Record):
    """An image file of the layout's folder."""


class WordingElement(Record):
    """A posting law's prescribed wording, printed verbatim in the render's languages."""


class NotesElement(Record):
    """The catalogue's notes of some tags: each note's title and body."""


class Sheet(Record):
    """The paper an N-up layout is printed on."""

    @property
    def points(self) -> tuple[float, float]:
        w, h = SHEETS[self.size] if isinstance(self.size, str) else self.size
        if (self.orientation == "landscape") != (w > h):
            w, h = h, w
        return w, h


class Item(Record):
    """One card, poster or page: its size, bleed and safe margin."""


class Grid(Record):
    """Where the items stand on an N-up sheet."""


class Faces(Record):
    """The elements of the front and of the back, and each face's language."""


class Flow(Record):
    """How a handout or brochure flows the catalogue's sections, resources and notes."""


class Layout(Record):
    """A whole layout, its files and folder (set when it loads)."""

    _folder: Path = Path(".")
    _doc: Document | None = None
    _file: str = ""

    @property
    def folder(self) -> Path:
        return self._folder

    @property
    def file(self) -> str:
        return self._file

    @property
    def page_size(self) -> tuple[float, float]:
        if self.sheet is not None:
            return self.sheet.points
        w, h = self.item.size
        return w + 2 * self.item.bleed, h + 2 * self.item.bleed

    def default_lang(self, header) -> str:
        """The languages this layout prints when --lang is not given: its own when the catalogue
        offers them all, else as many of the catalogue's (its own language first); without
        languages of its own, the catalogue's language."""
        if not self.languages:
            return header.language
        if all(lang in header.languages for lang in self.languages):
            return "+".join(self.languages)
        offered = [header.language] + [lang for lang in header.languages if lang != header.language]
        return "+".join(offered[:len(self.languages)])

    def qr_min(self, element: "QRElement") -> float:
        """The smallest printed code: the element's min_size, else reading distance / 10 (at least
        3 cm), else ``printgen.qr.MIN_CODE_SIZE``."""
        if element.min_size is not None:
            return element.min_size
        if self.reading_distance is not None:
            return max(parse_length("3cm"), self.reading_distance / 10)
        return MIN_CODE_SIZE

    def smallest_code(self) -> float:
        """The smallest code this layout prints: its check holds every code to it."""
        sizes = [self.qr_min(e) for face in self.face_names() for e in self.elements(face) if isinstance(e, QRElement)]
        if self.flow is not None and self.flow.qr is not None:
            sizes.append(self.flow.qr_size)
        return min(sizes, default=0.0)

    def where(self, face: str, index: int) -> str:
        """Where an element is named in messages: the layout's file, or, for an element it
        inherits, the layout's name and the file and line the element is written at."""
        if self._doc is not None:
            file, line, col, _ = self._doc.find(("faces", face, index))
            if file != self._file and line is not None:
                return f"{self.name} (from {file}:{line}:{col})"
        return self._file

    def sources(self) -> list[Path]:
        """The files this layout was read from: its own, those it extends, its images."""
        files, doc = [], self._doc
        while doc is not None:
            files.append(Path(doc.file))
            doc = doc.base
        files += [self.folder / e.file for face in self.face_names() for e in self.elements(face)
                  if isinstance(e, ImageElement)]
        return files

    def face_names(self) -> list[str]:
        return ["front"] + (["back"] if self.faces.back else [])

    def elements(self, face: str) -> list:
        return list(getattr(self.faces, face) or [])

    def lang_of(self, face: str, element) -> str | None:
        """Which of the render's languages an element prints in ("1", "2", "3"), or None for all:
        its own ``lang``, else its face's (``faces.front_lang``, ``faces.back_lang``)."""
        own = getattr(element, "lang", None)
        return own if own is not None else getattr(self.faces, f"{face}_lang")


def footer_height(layout: Layout) -> float:
    """The room a flowing layout's footer takes above the bottom safe margin."""
    flow = layout.flow
    if flow is None or not flow.footer or flow.footer_style not in layout.styles:
        return 0.0
    st = layout.styles[flow.footer_style]
    return 2 * st.size * st.leading + 6

"""Layouts: one YAML file per format and size, validated into typed objects.

A layout is data: sizes with units, a grid for N-up sheets, named styles and a list of
elements per face. ``extends:`` inherits another layout of the same folder (mappings merge,
lists are replaced). Geometry is checked when the layout loads, before anything is drawn.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PrivateAttr,
    model_validator,
)

from printgen.layout.law import Requires
from printgen.layout.values import Box, Color, Pair, PaperSize, Size, SizePair, sheet_size as _sheet_size
from printgen.qr import MIN_CODE_SIZE
from printgen.source.schema import Identifier, LanguageTag, Model, PlainText, Text
from printgen.source.document import Document
from printgen.units import SHEETS, non_negative_length, parse_length

DEFAULT_DIR = Path("layouts")


def _text_size(value):
    points = non_negative_length(value)
    if points > 1000:
        raise ValueError(f'found "{value}"; a text size is at most 1000pt (a headline of 14 in)')
    return points


class Style(Model):
    """How text looks: font, preferred size, the smallest size it may shrink to, colour."""

    font: Literal["regular", "bold"] = "regular"
    size: Annotated[float, BeforeValidator(_text_size)]
    min: Size | None = None
    color: Color = "#000000"
    leading: float = Field(default=1.2, ge=1.0, le=3.0)

    @property
    def smallest(self) -> float:
        return self.min if self.min is not None else self.size

    @model_validator(mode="after")
    def _sizes(self):
        if self.size <= 0:
            raise ValueError("size must be larger than 0")
        if self.min is not None and self.min > self.size:
            raise ValueError(f"min ({self.min:g}pt) is larger than size ({self.size:g}pt); min is the smallest "
                             "size the text may shrink to")
        return self


class Select(Model):
    """Which resources an element shows: by section, tags, ids and priority, at most ``max``."""

    sections: list[Identifier] = Field(default_factory=list)
    tags: list[Identifier] = Field(default_factory=list)
    ids: list[Identifier] = Field(default_factory=list)
    exclude_tags: list[Identifier] = Field(default_factory=list)
    min_priority: int | None = None
    max: int | None = Field(default=None, ge=1, le=500)
    kinds: list[Literal["phone", "sms", "url", "email"]] = Field(default_factory=list)
    fallback: "Select | None" = None    # fills up to max (or replaces nothing) when this picks too few
    max_per_tag: int | None = Field(default=None, ge=1, le=50)   # at most this many for each of `tags`


PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")
FIELDS = ("catalogue.title", "catalogue.region", "catalogue.verified", "catalogue.source")


def _placeholders(text: dict[str, str]) -> dict[str, str]:
    for value in text.values():
        for name in PLACEHOLDER.findall(value):
            if name not in FIELDS and not re.fullmatch(r"venue\.[a-z_]+", name):
                raise ValueError(f'"{{{name}}}" is not a field; expected one of {", ".join("{%s}" % f for f in FIELDS)} '
                                 "or {venue.name} (and other venue fields)")
    return text


class TextElement(Model):
    """Fixed words, with {catalogue.title}-style fields filled in from the catalogue or the venue."""

    type: Literal["text"]
    box: Box
    style: Identifier
    text: Annotated[Text, AfterValidator(_placeholders)]
    align: Literal["left", "center", "right"] = "left"
    valign: Literal["top", "middle", "bottom"] = "top"
    lang: Literal["1", "2", "3"] | None = None   # only the render's first, second or third language
    name: Identifier | None = None        # what give_to calls it (unique on its face)
    give_to: list[Identifier] = Field(default_factory=list)   # printing nothing, these grow into its box
    rest_to: list[Identifier] = Field(default_factory=list)   # the room under its text: these grow up into it


class Band(Model):
    """A fill drawn behind a resources element's box (a number block's band)."""

    fill: Color
    radius: Size = 0.0
    pad: Size = 0.0                     # how far the band reaches past the element's box


class ResourcesElement(Model):
    type: Literal["resources"]
    box: Box
    select: Select | None = None
    name_style: Identifier
    number_style: Identifier
    label_style: Identifier | None = None
    address_style: Identifier | None = None     # websites and emails (default: number_style)
    show_description: bool = False
    gap: Size = 4.0
    align: Literal["left", "center"] = "left"
    optional: bool = False              # selecting nothing leaves the box empty (a warning), or gives it (give_to)
    required: list[Identifier] = Field(default_factory=list)   # roles never left out for room
    valign: Literal["top", "middle", "bottom"] = "top"
    fit: Literal["shrink", "fill"] = "shrink"   # fill: grow past the asked sizes to fill the box
    verb: bool = False                  # "Call" before a number ("Call or text" with a line to text)
    verb_style: Identifier | None = None        # default: name_style
    band: Band | None = None          # a rounded fill drawn behind the block
    second_style: Identifier | None = None      # names in the other languages, a line each in this style
    second_label_style: Identifier | None = None   # labels in the other languages, a line each in this style
    second_verb_style: Identifier | None = None    # "Llame" after "Call", in this style
    lang: Literal["1", "2", "3"] | None = None   # only the render's first, second or third language
    name: Identifier | None = None        # what give_to calls it (unique on its face)
    give_to: list[Identifier] = Field(default_factory=list)   # printing nothing, these grow into its box


class TabsElement(Model):
    """A row of tear-off tabs, each with the number turned to read along the tab."""

    type: Literal["tabs"]
    box: Box
    count: int = Field(ge=2, le=20)
    select: Select | None = None
    number_style: Identifier
    label_style: Identifier
    label: Text | None = None           # default: the contact's label or the resource's name
    cut_lines: bool = True              # cut lines between the tabs (dashed, with scissors)
    top_line: Literal["fold", "cut", "none"] = "fold"   # the line the tabs are torn along
    name: Identifier | None = None        # what give_to calls it (unique on its face)


class QRElement(Model):
    type: Literal["qr"]
    box: Box
    select: Select | None = None
    ec: Literal["L", "M", "Q", "H"] | None = None   # default: Q for a tel: code where it costs no version, else M
    min_size: Size | None = None      # default: the layout's reading distance / 10, at least 2 cm
    caption_style: Identifier
    caption: Text | None = None         # what scanning does ("Scan to call this number"), under the number
    caption_text_style: Identifier | None = None   # its style (default: caption_style)
    valign: Literal["top", "middle", "bottom"] = "top"   # the code and its captions in a taller box
    lang: Literal["1", "2", "3"] | None = None   # only the render's first, second or third language
    optional: bool = False
    name: Identifier | None = None        # what give_to calls it (unique on its face)
    give_to: list[Identifier] = Field(default_factory=list)   # printing nothing, these grow into its box


class RuleElement(Model):
    type: Literal["rule"]
    start: Pair = Field(alias="from")
    end: Pair = Field(alias="to")
    width: Size | None = None           # default: the line kind's (solid 0.5pt)
    color: Color | None = None          # default: the line kind's (solid black)
    line: Literal["solid", "cut", "fold"] = "solid"   # cut: dashed with scissors at `from`; fold: dotted


class BoxElement(Model):
    type: Literal["box"]
    box: Box
    fill: Color | None = None
    stroke: Color | None = None
    width: Size = 0.5
    radius: Size = 0.0
    name: Identifier | None = None        # what give_to calls it (unique on its face)


class ImageElement(Model):
    type: Literal["image"]
    box: Box
    file: PlainText
    name: Identifier | None = None        # what give_to calls it (unique on its face)


class WordingElement(Model):
    """A posting law's prescribed wording (``requires.wording``), printed verbatim in each of the
    render's languages the preset holds it in."""

    type: Literal["wording"]
    box: Box
    style: Identifier
    align: Literal["left", "center", "right"] = "left"
    valign: Literal["top", "middle", "bottom"] = "top"
    name: Identifier | None = None        # what give_to calls it (unique on its face)
    give_to: list[Identifier] = Field(default_factory=list)   # printing nothing, these grow into its box
    rest_to: list[Identifier] = Field(default_factory=list)   # the room under its text: these grow up into it


class NotesElement(Model):
    """The catalogue's notes that carry any of ``tags`` (default: the preset's ``requires.notes``):
    each note's title and body, in the render's languages."""

    type: Literal["notes"]
    box: Box
    tags: list[Identifier] = Field(default_factory=list)
    title_style: Identifier
    body_style: Identifier
    optional: bool = False              # no such note leaves the box empty (a warning), not an error
    name: Identifier | None = None        # what give_to calls it (unique on its face)
    give_to: list[Identifier] = Field(default_factory=list)   # printing nothing, these grow into its box
    rest_to: list[Identifier] = Field(default_factory=list)   # the room under its text: these grow up into it


Element = Annotated[Union[TextElement, ResourcesElement, QRElement, TabsElement, RuleElement, BoxElement,
                          ImageElement, WordingElement, NotesElement],
                    Field(discriminator="type")]


class Sheet(Model):
    size: Annotated[str | tuple[float, float], BeforeValidator(_sheet_size)]
    orientation: Literal["portrait", "landscape"] = "portrait"

    @property
    def points(self) -> tuple[float, float]:
        w, h = SHEETS[self.size] if isinstance(self.size, str) else self.size
        if (self.orientation == "landscape") != (w > h):
            w, h = h, w
        return w, h


class Item(Model):
    size: PaperSize
    bleed: Size = 0.0
    safe: Size = parse_length("0.125in")


class Grid(Model):
    columns: int = Field(ge=1, le=20)
    rows: int = Field(ge=1, le=40)
    left: Size                          # 0 or more: every cell on the sheet
    top: Size
    gap: SizePair = (0.0, 0.0)          # 0 or more: cells never overlap
    crop_marks: bool = True


class Faces(Model):
    front: list[Element] = Field(min_length=1)
    back: list[Element] | None = None
    # a face's language: its elements print in the render's first, second or third language
    # only, unless they say otherwise (an element's own `lang`)
    front_lang: Literal["1", "2", "3"] | None = None
    back_lang: Literal["1", "2", "3"] | None = None


class Flow(Model):
    """How a handout or brochure flows the catalogue's sections, resources and notes."""

    sections: list[Identifier] = Field(default_factory=list)     # default: all, in catalogue order
    notes: bool = True
    qr: Select | None = None            # resources whose block carries a QR code
    qr_size: Size = parse_length("2.5cm")
    qr_caption: Text | None = None      # what scanning does, under the code's number ("Scan to call this number")
    qr_caption_style: Identifier | None = None  # its style (default: number_style)
    exclude_tags: list[Identifier] = Field(default_factory=list)  # resources and notes left out (a public edition)
    columns: int = Field(default=1, ge=1, le=4)      # handouts: columns on each page after the cover
    column_gap: Size = parse_length("0.25in")        # handouts: white space between two columns
    measure: Size | None = None         # handouts: the widest a column may be (a readable line); centred
    balance: bool = False               # brochures: the content spread evenly over the panels
    grow: float = Field(default=1.0, ge=1.0, le=2.0)  # brochures: flowed text grows up to this factor to fill the panels
    heading_style: Identifier
    name_style: Identifier
    number_style: Identifier
    label_style: Identifier
    address_style: Identifier | None = None     # websites and emails (default: number_style)
    body_style: Identifier
    note_title_style: Identifier
    footer_style: Identifier
    footer: bool = True                 # title, "Information verified on", "Page X of Y" on every page
    gap: Size = 8.0
    contents_from: int = Field(default=4, ge=1)   # a contents list when the document runs to this many pages
    panels: list[Size] = Field(default_factory=list)   # brochure: the widths of the inside panels
    gutter: Size = parse_length("0.25in")             # brochure: white space at each side of a fold
    # a paragraph (section intro, note) the catalogue lacks in the language: printed in the
    # catalogue's language (and listed), refused, or left out (and listed)
    fallback: Literal["print", "error", "omit"] = "print"


class Layout(Model):
    name: Identifier | None = None
    description: PlainText
    extends: Identifier | None = None
    abstract: bool = False
    discreet: bool = False
    languages: list[LanguageTag] = Field(default_factory=list)   # printed together by default (en+es)
    sheet: Sheet | None = None
    item: Item
    grid: Grid | None = None
    duplex: Literal["long-edge", "short-edge", "none"] = "long-edge"
    reading_distance: Size | None = None     # how far away people read it: sizes the QR codes
    requires: Requires | None = None
    flow: Flow | None = None                   # handouts and brochures: content flowing over pages
    select: Select | None = None
    styles: dict[Identifier, Style]
    faces: Faces

    _folder: Path = PrivateAttr(default=Path("."))
    _doc: Document | None = PrivateAttr(default=None)
    _file: str = PrivateAttr(default="")

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

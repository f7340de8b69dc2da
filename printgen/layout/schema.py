"""The layouts' schema: what pydantic checks when a layout file is read (its records, what
commands use, are ``printgen.layout.model``'s; a posting law's, ``printgen.layout.law``'s).

A layout is data: sizes with units, a grid for N-up sheets, named styles and a list of
elements per face. Geometry is checked after this (``printgen.layout.geometry``).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    model_validator,
)

from printgen.layout import law, model as runtime
from printgen.layout.model import FIELDS, PLACEHOLDER
from printgen.layout.values import Box, Color, Pair, PaperSize, Size, SizePair, sheet_size as _sheet_size
from printgen.source.schema import Date, Identifier, LanguageTag, Model, PlainText, Text
from printgen.units import non_negative_length, parse_length


def _jurisdiction(value: str) -> str:
    import phonenumbers

    if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", value) or value[:2] not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f'found "{value}"; expected a country (US) or a country and subdivision (US-CA)')
    return value


class Alternative(Model):
    """Another size the law allows, with its own smallest text (Kentucky: a 3 x 3 in cling at 10 pt)."""

    __runtime__ = law.Alternative

    sheet: SizePair
    font: Size | None = None


class Requires(Model):
    """What a posting law prescribes, measured against the rendered output; and what the job
    sheet tells the venue (citation, source, who must post, where).

    Checks what the law's text says; not legal advice.
    """

    __runtime__ = law.Requires

    law: PlainText
    jurisdiction: Annotated[str, AfterValidator(_jurisdiction)]   # US, or US-CA (ISO 3166-2): where the law holds
    city: PlainText | None = None                  # a city's own ordinance
    citation: PlainText | None = None              # the statute, e.g. Cal. Civ. Code § 52.6
    source: PlainText | None = None                # where its text was read (a URL)
    checked: Date | None = None                    # when that text was read
    who: list[PlainText] = Field(default_factory=list)        # who must post (job sheet, not the notice)
    placement: list[PlainText] = Field(default_factory=list)  # where to post it (job sheet)
    unchecked: list[PlainText] = Field(default_factory=list)  # what the law asks that this preset does not check
    sheet: SizePair | None = None                  # the smallest sheet, either way round
    orientation: Literal["portrait", "landscape"] | None = None   # New Mexico: 8.5 in high x 11 in wide
    font: Size | None = None                       # the smallest size of any text
    alternatives: list[Alternative] = Field(default_factory=list)   # other sizes allowed, each with its font
    languages: list[LanguageTag] = Field(default_factory=list)
    one_language_per_sheet: bool = False           # each language on its own sheet (Texas)
    county_language: bool = False                  # the venue's `language` field (a VRA language) is required too
    numbers: list[PlainText] = Field(default_factory=list)   # lines that must be printed
    bold_numbers: bool = False                     # those lines in bold type (Maryland)
    text_line: bool = False                        # a number to text must be printed
    wording: Text | None = None                    # the statute's own words, printed and checked verbatim
    bold_wording: bool = False                     # the wording in bold type (Louisiana, Michigan)
    notes: list[Identifier] = Field(default_factory=list)    # catalogue notes of these tags must be printed
    roles: list[Identifier] = Field(default_factory=list)    # resources of these tags must be printed


def _text_size(value):
    points = non_negative_length(value)
    if points > 1000:
        raise ValueError(f'found "{value}"; a text size is at most 1000pt (a headline of 14 in)')
    return points


class Style(Model):
    """How text looks: font, preferred size, the smallest size it may shrink to, colour."""

    __runtime__ = runtime.Style

    font: Literal["regular", "bold"] = "regular"
    size: Annotated[float, BeforeValidator(_text_size)]
    min: Size | None = None
    color: Color = "#000000"
    leading: float = Field(default=1.2, ge=1.0, le=3.0)

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

    __runtime__ = runtime.Select

    sections: list[Identifier] = Field(default_factory=list)
    tags: list[Identifier] = Field(default_factory=list)
    ids: list[Identifier] = Field(default_factory=list)
    exclude_tags: list[Identifier] = Field(default_factory=list)
    min_priority: int | None = None
    max: int | None = Field(default=None, ge=1, le=500)
    kinds: list[Literal["phone", "sms", "url", "email"]] = Field(default_factory=list)
    fallback: "Select | None" = None    # fills up to max (or replaces nothing) when this picks too few
    max_per_tag: int | None = Field(default=None, ge=1, le=50)   # at most this many for each of `tags`


def _placeholders(text: dict[str, str]) -> dict[str, str]:
    for value in text.values():
        for name in PLACEHOLDER.findall(value):
            if name not in FIELDS and not re.fullmatch(r"venue\.[a-z_]+", name):
                raise ValueError(f'"{{{name}}}" is not a field; expected one of {", ".join("{%s}" % f for f in FIELDS)} '
                                 "or {venue.name} (and other venue fields)")
    return text


class TextElement(Model):
    """Fixed words, with {catalogue.title}-style fields filled in from the catalogue or the venue."""

    __runtime__ = runtime.TextElement

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

    __runtime__ = runtime.Band

    fill: Color
    radius: Size = 0.0
    pad: Size = 0.0                     # how far the band reaches past the element's box


class ResourcesElement(Model):
    __runtime__ = runtime.ResourcesElement

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

    __runtime__ = runtime.TabsElement

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
    __runtime__ = runtime.QRElement

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
    __runtime__ = runtime.RuleElement

    type: Literal["rule"]
    start: Pair = Field(alias="from")
    end: Pair = Field(alias="to")
    width: Size | None = None           # default: the line kind's (solid 0.5pt)
    color: Color | None = None          # default: the line kind's (solid black)
    line: Literal["solid", "cut", "fold"] = "solid"   # cut: dashed with scissors at `from`; fold: dotted


class BoxElement(Model):
    __runtime__ = runtime.BoxElement

    type: Literal["box"]
    box: Box
    fill: Color | None = None
    stroke: Color | None = None
    width: Size = 0.5
    radius: Size = 0.0
    name: Identifier | None = None        # what give_to calls it (unique on its face)


class ImageElement(Model):
    __runtime__ = runtime.ImageElement

    type: Literal["image"]
    box: Box
    file: PlainText
    name: Identifier | None = None        # what give_to calls it (unique on its face)


class WordingElement(Model):
    """A posting law's prescribed wording (``requires.wording``), printed verbatim in each of the
    render's languages the preset holds it in."""

    __runtime__ = runtime.WordingElement

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

    __runtime__ = runtime.NotesElement

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
    __runtime__ = runtime.Sheet

    size: Annotated[str | tuple[float, float], BeforeValidator(_sheet_size)]
    orientation: Literal["portrait", "landscape"] = "portrait"

class Item(Model):
    __runtime__ = runtime.Item

    size: PaperSize
    bleed: Size = 0.0
    safe: Size = parse_length("0.125in")


class Grid(Model):
    __runtime__ = runtime.Grid

    columns: int = Field(ge=1, le=20)
    rows: int = Field(ge=1, le=40)
    left: Size                          # 0 or more: every cell on the sheet
    top: Size
    gap: SizePair = (0.0, 0.0)          # 0 or more: cells never overlap
    crop_marks: bool = True


class Faces(Model):
    __runtime__ = runtime.Faces

    front: list[Element] = Field(min_length=1)
    back: list[Element] | None = None
    # a face's language: its elements print in the render's first, second or third language
    # only, unless they say otherwise (an element's own `lang`)
    front_lang: Literal["1", "2", "3"] | None = None
    back_lang: Literal["1", "2", "3"] | None = None


class Flow(Model):
    """How a handout or brochure flows the catalogue's sections, resources and notes."""

    __runtime__ = runtime.Flow

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
    __runtime__ = runtime.Layout

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

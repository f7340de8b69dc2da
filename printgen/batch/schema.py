"""The batch manifest's schema: what pydantic checks when a manifest is read (``printgen.batch.manifest``
makes its ``Manifest`` of what validates)."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from printgen.source.checks import check_language
from printgen.source.record import Record
from printgen.source.schema import Identifier, Model, PlainText
from printgen.units import offset_length
from printgen.venue import FIELD_NAME


def _field_name(value):
    if not isinstance(value, str) or not FIELD_NAME.fullmatch(value):
        raise ValueError(f'found "{value}"; a venue field is lowercase letters and _ (a layout prints it as '
                         "{venue.FIELD}), e.g. name, city")
    return value


def _venue_text(value):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"found {value!r}; expected text")
    return unicodedata.normalize("NFC", value.strip())


def _languages(value):
    """A language tag, or several joined with + for bilingual items (en+es)."""
    if isinstance(value, str):
        for tag in value.split("+"):
            check_language(tag)
        return value
    return check_language(value)


def _pair(value):
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("expected two lengths [x, y], e.g. [1mm, -0.5mm]")
    return value


FieldName = Annotated[str, BeforeValidator(_field_name)]
VenueText = Annotated[str, BeforeValidator(_venue_text)]
Languages = Annotated[str, BeforeValidator(_languages)]
Offset = Annotated[tuple[Annotated[float, BeforeValidator(offset_length)],
                         Annotated[float, BeforeValidator(offset_length)]], BeforeValidator(_pair)]


class OutputSpec(Model):
    """Where the files go and what they are called."""

    __runtime__ = Record

    folder: PlainText = "output"
    pattern: PlainText | None = None          # default: {layout}-{lang}-{venue}.pdf (no venues: {layout}-{lang}.pdf)
    combined: PlainText | None = None         # also one file per layout and language holding every venue
    separate: bool = True                     # false: only the combined files


class PrintShopSpec(Model):
    """print_shop: files for a print shop (as render's --print-shop and its options)."""

    __runtime__ = Record

    output_intent: PlainText                  # the shop's CMYK ICC profile, relative to the manifest
    condition: PlainText                      # its printing condition, e.g. FOGRA39
    quantity: int | None = Field(default=None, ge=1, le=10_000_000)
    paper: PlainText | None = None


class ManifestModel(Model):
    """The manifest file (``printgen.batch.manifest`` makes a ``Manifest`` of it)."""

    __runtime__ = Record

    catalogue: PlainText = "data/catalogue.yaml"
    layouts_folder: PlainText = "layouts"
    layouts: list[Identifier] = Field(min_length=1)
    languages: list[Languages] = Field(default_factory=list)     # default: the catalogue's language
    venues: list[dict[FieldName, VenueText]] | None = None
    venues_csv: PlainText | None = None
    output: OutputSpec = Field(default_factory=OutputSpec)   # made when used: no validator built on import
    allow_stale: bool = False
    strings: PlainText | None = None           # a strings folder (as render's --strings)
    strict: bool = False                       # as render's --strict
    allow_fallback: bool = False               # as render's --allow-fallback
    sheets: int = Field(default=1, ge=1, le=10000)
    offset: Offset = (0.0, 0.0)
    back_offset: Offset = (0.0, 0.0)
    print_shop: PrintShopSpec | None = None

    @model_validator(mode="after")
    def _one_source(self):
        if self.venues is not None and self.venues_csv is not None:
            raise ValueError("give venues (a list) or venues_csv (a file), not both")
        return self

"""What a posting law prescribes, as a layout's ``requires`` says it (checked in
``printgen.layout.requires``; printed on the job sheet by ``printgen.jobsheet``)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from printgen.layout.values import Size, SizePair
from printgen.source.schema import Date, Identifier, LanguageTag, Model, PlainText, Text


def _jurisdiction(value: str) -> str:
    import phonenumbers

    if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", value) or value[:2] not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f'found "{value}"; expected a country (US) or a country and subdivision (US-CA)')
    return value


class Alternative(Model):
    """Another size the law allows, with its own smallest text (Kentucky: a 3 x 3 in cling at 10 pt)."""

    sheet: SizePair
    font: Size | None = None


class Requires(Model):
    """What a posting law prescribes, measured against the rendered output; and what the job
    sheet tells the venue (citation, source, who must post, where).

    Checks what the law's text says; not legal advice.
    """

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

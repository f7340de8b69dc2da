"""The schema of printgen's strings files (``printgen.language.strings`` reads them into
``Strings``): what pydantic checks when such a file is read."""

from __future__ import annotations

from pydantic import Field

from printgen.source.record import Record
from printgen.source.schema import Identifier, LanguageTag, Model, PlainText


class Translation(Record):
    """An entry that says for itself whether it was reviewed."""


class StringsFile(Record):
    """One language's strings file, as validated (fields: ``StringsFileSchema``'s)."""


class TranslationSchema(Model):
    __runtime__ = Translation

    text: PlainText
    reviewed: bool | None = None


Entry = PlainText | TranslationSchema


class StringsFileSchema(Model):
    """One language's strings file."""

    __runtime__ = StringsFile

    language: LanguageTag
    reviewed: bool = False
    words: dict[Identifier, Entry] = Field(default_factory=dict)
    texts: dict[str, Entry] = Field(default_factory=dict)

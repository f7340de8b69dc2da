"""The schema of printgen's strings files (``printgen.language.strings`` reads them into
``Strings``): what pydantic checks when such a file is read."""

from __future__ import annotations

from pydantic import Field

from printgen.source.record import Record
from printgen.source.schema import Identifier, LanguageTag, Model, PlainText


class Translation(Model):
    """An entry that says for itself whether it was reviewed."""

    __runtime__ = Record        # read only while the file is checked: a record of no class of its own

    text: PlainText
    reviewed: bool | None = None


Entry = PlainText | Translation


class StringsFile(Model):
    """One language's strings file."""

    __runtime__ = Record

    language: LanguageTag
    reviewed: bool = False
    words: dict[Identifier, Entry] = Field(default_factory=dict)
    texts: dict[str, Entry] = Field(default_factory=dict)

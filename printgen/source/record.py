"""What a validated input is at run time: plain objects, without pydantic.

pydantic checks a file once (``printgen.source.schema``); what it validated is then turned into
these records (``schema.to_runtime``), and that is what every command reads, and what
printgen's cache keeps. A render whose inputs come from the cache imports no pydantic: its
import and its model classes were two thirds of printgen's start-up.

A record's fields are its attributes, in the schema's order, then its private values (names
starting with ``_``: what loading derived, such as a contact's parsed number). Fields are
frozen, as the schema's are; private values may be set (a catalogue's cached lookups).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, ClassVar


class Record:
    """A validated value: its fields as attributes (made by ``schema.to_runtime``)."""

    defaults: ClassVar[dict[str, Any]] = {}     # for a record the code makes itself: every field's default

    def __init__(self, **fields: Any) -> None:
        unknown = sorted(set(fields) - set(self.defaults))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(unknown)}")
        for name, default in self.defaults.items():
            value = fields.get(name, default)
            self.__dict__[name] = list(value) if isinstance(value, list) else value

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_"):
            raise AttributeError(f"{type(self).__name__}.{name} is frozen; use model_copy(update=...)")
        self.__dict__[name] = value

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__}.{name} is frozen")

    def fields(self) -> dict[str, Any]:
        """The fields (not the private values), in the schema's order."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def model_copy(self, update: dict[str, Any] | None = None) -> "Record":
        """A shallow copy with ``update``'s fields replaced (not validated: as pydantic's)."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.__dict__.update(update or {})
        return new

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), tuple(self.fields().values())))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.fields().items())
        return f"{type(self).__name__}({shown})"


def plain(value: Any) -> Any:
    """A record's fields as plain data (mappings, lists, text, numbers; dates and paths as text)."""
    if isinstance(value, Record):
        return {name: plain(item) for name, item in value.fields().items()}
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (dt.date, os.PathLike)):
        return str(value)
    raise TypeError(f"plain: {type(value).__name__} is not a field type it knows; add it here")


def texts_in(value: Any):
    """Every text in plain data (``plain``'s), keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from texts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_in(item)
    elif isinstance(value, str):
        yield value

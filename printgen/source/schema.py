"""Validating a file with pydantic, and turning its errors into located, plain-English problems.

Schemas (the catalogue's, the layouts', the batch manifest's, printgen's strings') are pydantic
models with extra keys forbidden. A failed validation is mapped back to the YAML line and column
of the key or value at fault, with what was found and what would be right. What validates is
handed on as records (``printgen.source.record``): pydantic is for validating only, so a
command whose inputs come from printgen's cache never imports it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import types
import typing
import unicodedata
from typing import Annotated, Any, Union

# printgen uses no pydantic plugins: without this, building the first model reads the entry points
# of every installed package to look for them (a tenth of printgen's start-up)
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import pydantic  # noqa: E402
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo  # noqa: E402

from printgen.errors import Problem  # noqa: E402
from printgen.source.checks import check_language, invisible, show as _show  # noqa: E402
from printgen.source.document import Document, dotted  # noqa: E402

IDENTIFIER = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_TEXT = 5000


class Model(BaseModel):
    """Base of every schema model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)


def check_identifier(value: str) -> str:
    if not isinstance(value, str) or not IDENTIFIER.fullmatch(value):
        raise ValueError(f'found {_show(value)}; expected lowercase letters, digits and hyphens, e.g. "ppb-tip-line"')
    return value


Identifier = Annotated[str, BeforeValidator(check_identifier)]
LanguageTag = Annotated[str, BeforeValidator(check_language)]


def check_date(value: Any) -> Any:
    """Only YYYY-MM-DD: a bare number is never read as a Unix timestamp."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
        raise ValueError(f"found {_show(value)}; expected a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"found {_show(value)}; no such day: expected a real date written YYYY-MM-DD") from None


Date = Annotated[dt.date, BeforeValidator(check_date)]
def _clean_text(value: Any, where: str = "") -> str:
    if not isinstance(value, str):
        raise ValueError(f"found {_show(value)}; expected text{where}")
    text = unicodedata.normalize("NFC", value.strip())
    if not text:
        raise ValueError(f"is empty{where}; write the text or leave the key out")
    if len(text) > MAX_TEXT:
        raise ValueError(f"is {len(text)} characters long; at most {MAX_TEXT} are accepted")
    bad = invisible(text)
    if bad is not None:
        raise ValueError(f"holds the invisible or control character U+{ord(bad):04X}; remove it")
    return text


def to_text(value: Any, info: ValidationInfo) -> dict[str, str]:
    """A text: a plain string in the file's language, or a mapping language -> string."""
    if isinstance(value, dict):
        if not value:
            raise ValueError("is an empty mapping; expected text or {language: text}")
        out = {}
        for lang, text in value.items():
            check_language(lang)
            out[lang] = _clean_text(text, f" in language {lang}")
        return out
    language = (info.context or {}).get("language", "en")
    return {language: _clean_text(value)}


Text = Annotated[dict[str, str], BeforeValidator(to_text)]
PlainText = Annotated[str, BeforeValidator(_clean_text)]


def to_runtime(value: Any) -> Any:
    """What pydantic validated, as the records commands read (``printgen.source.record``): each
    model becomes its schema class's ``__runtime__`` class, with the same fields and private
    values; lists, tuples and mappings are rebuilt around what they hold."""
    if isinstance(value, BaseModel):
        kind = type(value).__dict__.get("__runtime__")
        if kind is None:
            raise TypeError(f"{type(value).__name__} names no __runtime__ class")
        record = object.__new__(kind)
        record.__dict__.update({name: to_runtime(getattr(value, name)) for name in type(value).model_fields})
        record.__dict__.update({name: to_runtime(item) for name, item in (value.__pydantic_private__ or {}).items()})
        return record
    if isinstance(value, list):
        return [to_runtime(item) for item in value]
    if isinstance(value, tuple):
        return tuple(to_runtime(item) for item in value)
    if isinstance(value, dict):
        return {key: to_runtime(item) for key, item in value.items()}
    return value


def validate(model: type[BaseModel], doc: Document, context: dict | None = None):
    """Validate ``doc`` against ``model``; return (its record or None, problems)."""
    try:
        return to_runtime(model.model_validate(doc.data, context=context or {})), []
    except pydantic.ValidationError as exc:
        return None, [_problem(model, doc, err) for err in exc.errors(include_url=False)]


def _problem(model: type[BaseModel], doc: Document, err: dict) -> Problem:
    raw = tuple(err["loc"])
    loc = _clean_loc(model, raw)
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = allowed_keys(model, raw[:-1])
        key = str(loc[-1])
        import difflib

        hint = difflib.get_close_matches(key, allowed, n=1)
        choices = ", ".join(allowed)
        message = (f'unknown key "{key}"; did you mean "{hint[0]}"? (expected one of: {choices})' if hint
                   else f'unknown key "{key}"; expected one of: {choices}')
        return doc.problem(loc, message, at_key=True)
    if kind == "missing":
        return dataclasses.replace(doc.problem(loc[:-1], f'"{loc[-1]}" is missing; add it'), path=dotted(loc))
    message = _message(kind, err, value)
    return doc.problem(loc, message)


def _message(kind: str, err: dict, value: Any) -> str:
    if kind in ("value_error", "assertion_error"):
        return str(err["ctx"]["error"])
    if kind == "union_tag_invalid":
        return f'found type "{err["ctx"]["tag"]}"; expected one of {err["ctx"]["expected_tags"]}'.replace("'", '"')
    if kind == "union_tag_not_found":
        return f'"{err["ctx"]["discriminator"].strip(chr(39))}" is missing; add it'.replace("'", "")
    expected = {
        "string_type": "text",
        "int_parsing": "a whole number",
        "int_type": "a whole number",
        "float_parsing": "a number",
        "bool_parsing": "true or false",
        "bool_type": "true or false",
        "list_type": "a list (lines starting with -)",
        "dict_type": "a mapping of keys",
        "model_type": "a mapping of keys",
        "model_attributes_type": "a mapping of keys",
        "date_parsing": "a date written YYYY-MM-DD",
        "date_from_datetime_parsing": "a date written YYYY-MM-DD",
        "date_from_datetime_inexact": "a date written YYYY-MM-DD",
        "date_type": "a date written YYYY-MM-DD",
    }.get(kind)
    if kind == "literal_error":
        choices = err["ctx"]["expected"].replace("'", '"')
        expected = f"{choices}, or leave the key out" if " or " not in choices and "," not in choices \
            else f"one of {choices}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"found {_show(value)}; {err['msg'].lower().replace('input should be', 'expected a value')}"
    if kind == "string_too_long":
        return f"is {len(value)} characters long; at most {err['ctx']['max_length']} are accepted"
    if kind == "too_short":
        return f"is empty; it needs at least {err['ctx']['min_length']} item(s)"
    if kind == "too_long":
        return f"holds too many items; at most {err['ctx']['max_length']}"
    if expected is None:
        return f"found {_show(value)}; {err['msg']}"
    return f"found {_show(value)}; expected {expected}"


def _clean_loc(model: type[BaseModel], loc: tuple) -> tuple:
    """Drop pydantic's internal steps (union branches, validator names, the tag that a
    discriminated union puts after a list index) from a location."""
    out = []
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            out.append(part)
            current = _element_type(current)
            continue
        if part.startswith("function-") or "[" in part or part in ("str", "dict", "list", "int", "bool", "date"):
            continue
        member = _tagged_member(current, part)
        if member is not None:
            current = member
            continue
        out.append(part)
        current = _field_type(current, part)
    return tuple(out)


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys that the model expects at ``loc`` (for "unknown key" messages)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _element_type(current)
            continue
        member = _tagged_member(current, part)
        current = member if member is not None else _field_type(current, part)
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _field_type(tp: Any, name: str) -> Any:
    """The type of field ``name`` of the model (or dict value) ``tp``; None when unknown."""
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(name)
        return field.annotation if field else None
    if typing.get_origin(tp) is dict:
        return typing.get_args(tp)[1]
    return None


def _element_type(tp: Any) -> Any:
    """The type of a list's items, keeping a union of items whole (to pick by its tag)."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType) and type(None) in typing.get_args(tp):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        elif origin in (list, tuple):
            return typing.get_args(tp)[0]
        else:
            return tp


def _tagged_member(tp: Any, tag: str) -> Any:
    while typing.get_origin(tp) is Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) not in (Union, types.UnionType):
        return None
    for member in typing.get_args(tp):
        if isinstance(member, type) and issubclass(member, BaseModel) and "type" in member.model_fields \
                and tag in typing.get_args(member.model_fields["type"].annotation):
            return member
    return None


def _unwrap(tp: Any) -> Any:
    """The model behind Annotated, list and Optional (a union of models: its first member)."""
    while True:
        inner = _element_type(tp)
        if typing.get_origin(inner) in (Union, types.UnionType):
            models = [a for a in typing.get_args(inner) if isinstance(a, type) and issubclass(a, BaseModel)]
            inner = models[0] if models else typing.get_args(inner)[0]
        if inner is tp:
            return tp
        tp = inner

"""Checks on plain values that need no pydantic: characters a printed text may not hold (controls,
format characters such as bidi and zero-width, private use, unassigned code points) and language
tags. Used where input is validated (``printgen.source.schema``) and by commands that check a
value of their own (a venue's text, ``--lang``, ``--county-language``)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

ZERO_WIDTH_JOINERS = {"\u200c", "\u200d"}   # needed by Arabic and Indic scripts


def invisible(text: str) -> str | None:
    """The first control, format (bidi, zero-width) or private character, if any."""
    for ch in text:
        cat = unicodedata.category(ch)
        if (cat in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\t") or (cat == "Cf" and ch not in ZERO_WIDTH_JOINERS):
            return ch
    return None


def show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):          # a newline or a control character shown, never printed
        return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], value) + '"'
    return f'"{value}"'


def check_language(value: Any) -> str:
    if not isinstance(value, str) or not LANGUAGE_TAG.fullmatch(value):
        raise ValueError(f"found {show(value)}; expected a language tag such as en, es, zh-Hans")
    return value

"""The fixed words printgen itself prints ("Text", "Anonymous", ...), per language."""

from __future__ import annotations

WORDS = {
    "en": {"text": "Text", "call": "Call", "anonymous": "Anonymous", "page": "Page {page} of {pages}",
           "verified": "Information verified on {date}"},
}


def word(language, key: str) -> str:
    table = WORDS.get(language.wanted) or WORDS.get(language.wanted.split("-")[0])
    if table is None or key not in table:
        if f"word:{key}" not in language.fallbacks:
            language.fallbacks.append(f"word:{key}")
        table = WORDS["en"]
    return table[key]

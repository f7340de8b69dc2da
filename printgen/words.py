"""The fixed words printgen itself prints ("Text", "Anonymous", ...), per language."""

from __future__ import annotations

WORDS = {
    "en": {"text": "Text", "call": "Call", "anonymous": "Anonymous", "page": "Page {page} of {pages}",
           "verified": "Information verified on {date}", "helpline": "Helpline", "contents": "Contents"},
}

# Words that give away what a discreet item is for (stems, lower case, several languages).
REVEALING = ("traffick", "trata de personas", "trata ", "sex", "prostitut", "exploit", "explotaci",
             "торгов", "贩卖", "販賣", "人口贩", "الاتجار", "buôn bán người")


def revealing(text: str) -> str | None:
    """The first revealing word in ``text``, if any."""
    lowered = f"{text.lower()} "
    return next((w.strip() for w in REVEALING if w in lowered), None)


def word(language, key: str) -> str:
    table = WORDS.get(language.wanted) or WORDS.get(language.wanted.split("-")[0])
    if table is None or key not in table:
        if f"word:{key}" not in language.fallbacks:
            language.fallbacks.append(f"word:{key}")
        table = WORDS["en"]
    return table[key]

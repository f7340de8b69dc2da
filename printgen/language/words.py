"""The fixed words printgen itself prints ("Text", "Anonymous", "Page X of Y", ...), per language.

The words are read from ``printgen/data/strings/<language>.yaml`` and a user's strings folder
(``printgen.language.strings``); a word missing
in a language falls back to English and is listed with the render's other fallbacks. A
bilingual render (``--lang en+es``) prints each word in both ("Helpline / Línea de ayuda").
"""

from __future__ import annotations

# Words that give away what a discreet item is for (stems, lower case, several languages).
REVEALING = ("traffick", "trata de personas", "trata ", "sex", "prostitut", "exploit", "explotaci", "explotad",
             "торгов", "торгівл", "секс", "експлуат", "эксплуат",
             "贩卖", "販賣", "人口贩", "人口販", "性贩", "性販", "剥削", "剝削",
             "الاتجار", "استغلال", "جنسي", "buôn bán người", "bóc lột", "tình dục", "ganacsiga dadka", "tahriib")


def revealing(text: str) -> str | None:
    """The first revealing word in ``text``, if any."""
    lowered = f"{text.lower()} "
    return next((w.strip() for w in REVEALING if w in lowered), None)


def word(language, key: str) -> str:
    """The word ``key`` in each of the render's languages, joined with " / "."""
    english = language.library.reference_word(key)
    out: list[str] = []
    for tag in language.tags:
        text = language.library.word(tag, key)
        if text is None:
            language.fell_back(f"word:{key}", tag)
            text = english
        if text not in out:
            out.append(text)
    return " / ".join(out)

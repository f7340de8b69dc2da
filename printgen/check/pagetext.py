"""A page's text as the check reads it: pdfium's, with each number's groups in the order they
stand on the page.

pdfium gives a line with right-to-left letters in reading order by its own bidirectional
reordering, which takes the space-parted groups of a number for separate runs and turns their
order round: the number printed ``0800 012 1700`` in an Arabic line (as printgen draws it, the
number kept left to right) comes back as ``1700 012 0800``. A person reads a number's digits left
to right, whatever the line's direction; so the groups of each such number are put in the order
of their places on the page, left to right (a number printed with its groups turned round is
then read as a person would misread it, and found wrong). Each group keeps its characters and
length, so every offset into the text still names the same characters' places.
"""

from __future__ import annotations

import re

GROUPS = re.compile(r"\d[\d\-./:]*(?: \d[\d\-./:]*)+")
GROUP = re.compile(r"\S+")


def page_text(textpage) -> str:
    """The text of a pypdfium2 text page, each number's groups in page order."""
    text = textpage.get_text_range()
    if not _maybe_turned(text) or len(text) != textpage.count_chars():
        return text         # (offsets name characters only when each is one of the text)
    out, last = [], 0
    for match in GROUPS.finditer(text):
        groups = [(match.start() + g.start(), g.group()) for g in GROUP.finditer(match.group())]
        places = [textpage.get_charbox(start)[0] for start, _ in groups]
        if places == sorted(places):
            continue
        ordered = [g for _, g in sorted(zip(places, (g for _, g in groups)))]
        out += [text[last:match.start()], " ".join(ordered)]
        last = match.end()
    return "".join(out) + text[last:] if out else text


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")     # Hebrew, Arabic, Syriac, ... letters


def _maybe_turned(text: str) -> bool:
    """Whether pdfium can have turned a number round: the text holds right-to-left letters."""
    return RIGHT_TO_LEFT.search(text) is not None

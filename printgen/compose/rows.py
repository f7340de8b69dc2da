"""The rows of a resource as a card, a list or a handout prints them, and how they wrap.

A resource is its name, its description (where asked), then a row per contact: the number or
address (a link) and its label ("Tip line · 24/7"). A row that is too wide wraps: pieces,
then words; a number never breaks inside itself, and an address (website, email) breaks only
after a ".", "/", "-" or "@".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from printgen.catalogue.model import Contact
from printgen.compose.context import Context
from printgen.language.words import word
from printgen.text.fit import balanced
from printgen.text.measure import text_width

ADDRESS_PARTS = re.compile(r"[^./\-@]*[./\-@]|[^./\-@]+$")    # an address breaks after . / - @


@dataclass(frozen=True)
class Piece:
    text: str
    style: str          # the style's name in the layout
    link: str | None = None


def contact_words(ctx: Context, contact: Contact, name: str | None = None, language=None,
                  hours: bool = True, label: bool = True, send: bool = True) -> tuple[str, str]:
    """(label, shown value): "Tip line · 24/7", "503-255-0118". A label that is the ``name``
    already printed (a discreet layout's stand-in name) is not printed again. ``language``:
    another than the context's (one language of a bilingual render); ``hours``: False for a
    second language's row, which does not repeat them; ``label``: False to leave the label out
    (the hours and "Anonymous" stay). A text line's keyword is printed ("Text HELP"): texting
    the number without it may reach no one; ``send``: False where a verb before the number says
    it already ("Text HELP" 233733)."""
    lang = language or ctx.language
    own = label
    label = lang.pick(contact.label, "contact label") if contact.label else None
    if label is not None and label == name:
        label = None
    instruction = None
    if contact.kind == "sms" and contact.keyword:   # what to text is printed whatever the label says
        instruction = text_verb(lang, contact.keyword)
        if label is not None and label.casefold() in instruction.casefold():
            label = None
    elif contact.kind == "sms":
        label = label or word(lang, "text")
    parts = [p for p in (instruction if send else None, label if own else None, contact.hours if hours else None,
                         word(lang, "anonymous") if contact.anonymous else None) if p]
    return " · ".join(parts), contact.display


def text_verb(language, keyword: str | None) -> str:
    """What to do with a line to text: "Text", or with its keyword "Text HELP"."""
    return word(language, "text") + (f" {keyword}" if keyword else "")


def resource_rows(ctx: Context, entry, name_style: str, number_style: str, label_style: str,
                  address_style: str | None, description: bool, second_style: str | None = None,
                  second_label_style: str | None = None, verbs: bool = False) -> list[list[Piece]]:
    """One resource: its name, its description (when ``description``), a row per contact.
    On a render in several languages each language's name and label go on rows of their own,
    never after a slash: the first in ``name_style`` and ``label_style``, the others in
    ``second_style`` and ``second_label_style`` (default: the same styles); a second language's
    label does not repeat the hours. ``verbs``: each number gets its verb ("Text HELP", "Envíe
    HELP") before it, so a line to text whose label says only "Text" prints no label."""
    resource = entry.resource
    several = len(ctx.language.tags) > 1
    languages = [ctx.language.only(i + 1, True) for i in range(len(ctx.language.tags))] if several else [None]
    names = list(dict.fromkeys(ctx.name_of(resource, language) for language in languages))
    name = names[0]
    rows = [[Piece(names[0], name_style)]] + [[Piece(n, second_style or name_style)] for n in names[1:]]
    if description and resource.description:
        rows.append([Piece(ctx.language.pick(resource.description, f"{resource.id}.description"), label_style)])
    for contact in entry.contacts:
        verb = verbs and contact.kind == "sms"      # the verb row says "Text HELP"
        said = verb and contact_words(ctx, contact, name, languages[0], hours=False, send=False)[0] in (
            "", word(languages[0] or ctx.language, "text"))
        label, shown = contact_words(ctx, contact, name, languages[0], label=not said, send=not verb)
        address = contact.kind in ("url", "email") and address_style
        row = [Piece(shown, address_style if address else number_style, contact.payload)]
        if label:
            row.append(Piece(f"  {label}", label_style))
        rows.append(row)
        others = [contact_words(ctx, contact, name, language, hours=False, label=not said, send=not verb)[0]
                  for language in languages[1:]]
        rows += [[Piece(other, second_label_style or label_style)] for other in dict.fromkeys(others)
                 if other and other not in label.split(" · ")]
    return rows


def wrap_pieces(pieces: list[Piece], styles, size_of, width):
    """One line if all pieces fit side by side; else each piece on its own line(s).

    Words wrap; a number never breaks inside itself, and an address (website, email) breaks
    only after a ".", "/", "-" or "@".
    """
    total = sum(text_width(p.text, styles[p.style].font, size_of[p.style]) for p in pieces)
    if total <= width + 0.01:
        return [pieces]
    out = []
    for p in pieces:
        st = styles[p.style]
        if p.link is None:
            lines = balanced(p.text.strip(), st.font, size_of[p.style], width)
        elif p.link.startswith(("http:", "https:", "mailto:")):
            lines = break_address(p.text.strip(), st.font, size_of[p.style], width)
        else:
            fits = text_width(p.text.strip(), st.font, size_of[p.style]) <= width + 0.01
            lines = [p.text.strip()] if fits else None
        if lines is None:
            return [None]
        out += [[Piece(line, p.style, p.link)] for line in lines]
    return out


def break_address(text: str, font: str, size: float, width: float) -> list[str] | None:
    """An address in lines no wider than ``width``, broken only after . / - @ (None if a part is too wide)."""
    parts = ADDRESS_PARTS.findall(text)
    lines, current = [], ""
    for part in parts:
        if current and text_width(current + part, font, size) > width + 0.01:
            lines.append(current)
            current = part
        else:
            current += part
        if text_width(current, font, size) > width + 0.01:
            return None
    if current:
        lines.append(current)
    return lines

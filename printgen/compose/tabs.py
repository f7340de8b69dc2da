"""Tear-off tabs: the hotline's number and a label on every tab, reading upwards, with cut lines
between the tabs (dashed, a scissors mark where each cut starts, running to the item's edge when
the tabs stand on it) and the line they are torn along (a fold: dotted), drawn by ``printgen.marks``."""

from __future__ import annotations

from printgen.compose.context import Context, pdf_box, short
from printgen.language.words import revealing, word
from printgen.layout.model import Style, TabsElement
from printgen.marks import line, scissors_mark
from printgen.pages import TextRun
from printgen.text.fit import sizes
from printgen.text.measure import ascent_descent, text_width
from printgen.units import format_length

TAB_PAD = 3.0


def _fit_tab(number: str, labels: list[str], number_style: Style, label_style: Style, along: float, tab: float):
    """The largest sizes at which the number and its labels (one a language) fit across one tab, or None."""
    for n_size in sizes(number_style.size, number_style.smallest):
        if text_width(number, number_style.font, n_size) > along:
            continue
        for l_size in sizes(label_style.size, label_style.smallest):
            n_asc, n_desc = ascent_descent(number_style.font, n_size)
            l_asc, l_desc = ascent_descent(label_style.font, l_size)
            across = n_asc - n_desc + len(labels) * (l_asc - l_desc)
            if all(text_width(label, label_style.font, l_size) <= along for label in labels) \
                    and across <= tab - 2 * TAB_PAD:
                return (n_size, l_size, n_asc, -n_desc, l_asc, -l_desc)
    return None


def _label(ctx: Context, element: TabsElement, contact, entry, language) -> str:
    """The tab's words in one language: the layout's, the contact's label, or the resource's name."""
    label = (language.pick(element.label, "tab label") if element.label else None) \
        or (language.pick(contact.label, "contact label") if contact.label else None) \
        or ctx.name_of(entry.resource, language)
    return word(language, "helpline") if ctx.layout.discreet and revealing(label) else label


def tabs(ctx: Context, face: str, index: int, element: TabsElement) -> list:
    entries = ctx.choose(face, index, element, set())
    if not entries:
        raise ctx.fail(face, index, element, "selects no complete resource with a contact for its tabs")
    entry, contact = entries[0], entries[0].contacts[0]
    ctx.record.used.append(entry.resource)
    languages = [ctx.language.only(i + 1, True) for i in range(len(ctx.language.tags))]   # a line a language
    labels = list(dict.fromkeys(_label(ctx, element, contact, entry, language) for language in languages))
    x, y, bw, bh = pdf_box(ctx.layout, element.box)
    tab = bw / element.count
    number_style, label_style = ctx.layout.styles[element.number_style], ctx.layout.styles[element.label_style]
    along = bh - 2 * TAB_PAD
    fitted = _fit_tab(contact.display, labels, number_style, label_style, along, tab)
    generic = list(dict.fromkeys(word(language, "helpline") for language in languages))
    if fitted is None and labels != generic and element.label is None:
        fitted = _fit_tab(contact.display, generic, number_style, label_style, along, tab)
        if fitted is not None:
            ctx.note(f'{ctx.where(face, index, element, entries)}: "{short(" / ".join(labels))}" does not fit on a '
                     f'tab; the tabs say "{" / ".join(generic)}"')
            labels = generic
    if fitted is None:
        raise ctx.fail(face, index, element, f'"{contact.display}" and "{short(" / ".join(labels))}" do not fit on '
                                             f"{element.count} tabs of {format_length(tab)} x {format_length(bh)} "
                                             "even at the styles' minimum sizes; use fewer tabs or a taller box")
    n_size, l_size, n_asc, n_desc, l_asc, l_desc = fitted
    shapes: list = []
    n_width = text_width(contact.display, number_style.font, n_size)
    across = n_asc + n_desc + len(labels) * (l_asc + l_desc)
    for i in range(element.count):
        left = x + i * tab + (tab - across) / 2
        tab_box = (x + i * tab, y, tab, bh)
        shapes.append(TextRun(left + n_asc, y + (bh - n_width) / 2, contact.display, number_style.font, n_size,
                              number_style.color, n_width, contact.payload, tab_box, 90))
        for k, label in enumerate(labels):
            l_width = text_width(label, label_style.font, l_size)
            shapes.append(TextRun(left + n_asc + n_desc + l_asc + k * (l_asc + l_desc), y + (bh - l_width) / 2, label,
                                  label_style.font, l_size, label_style.color, l_width, None, tab_box, 90))
    if element.top_line != "none":
        shapes += line(element.top_line, (x, y + bh), (x + bw, y + bh), scissors=False)
    if element.cut_lines:
        bottom = 0.0 if y <= ctx.layout.item.safe + 1.0 else y     # tabs on the edge: cut from the edge
        for i in range(1, element.count):
            cx = x + i * tab
            shapes += line("cut", (cx, bottom), (cx, y + bh), scissors=False)
            shapes += scissors_mark((cx, y + 2.0), (cx, y + bh), "#222222")
    return shapes

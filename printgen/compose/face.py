"""Composing faces: a layout's elements filled from the catalogue into positioned shapes.

Pure geometry and text measurement: no canvas. Text is fitted (shrunk, wrapped) or refused
with an error naming the text, the element and the layout; QR codes are checked against
their minimum printed size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from printgen.catalogue.model import Catalogue, Contact
from printgen.errors import InputError
from printgen.layout.model import (PLACEHOLDER, BoxElement, ImageElement, Layout, QRElement, ResourcesElement,
                             RuleElement, Style, TabsElement, TextElement)
from printgen.pages import Face, Line, Picture, QRMark, Rect, TextRun
from printgen.qr import encode
from printgen.compose.reuse import Memo
from printgen.compose.select import Entry, Language, choose, describe, unknown_ids
from printgen.text.shaping import align_for
from printgen.text.fit import fit, sizes, wrap
from printgen.text.fonts import ascent_descent, text_width
from printgen.units import format_length
from printgen.language.words import revealing, word

SCALE_STEP = 0.025
EC_LEVELS = ("L", "M", "Q", "H")
ADDRESS_PARTS = re.compile(r"[^./\-@]*[./\-@]|[^./\-@]+$")    # an address breaks after . / - @


@dataclass
class Context:
    catalogue: Catalogue
    layout: Layout
    language: Language
    venue: dict[str, str] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    used: list = field(default_factory=list)        # resources printed, for freshness checks
    warnings: list[str] = field(default_factory=list)
    picks: list = field(default_factory=list)       # (element, ids shown, what fell back, left out for room)

    def choose(self, face: str, index: int, element, seen: set[str], select=None) -> list[Entry]:
        """The element's entries; a select naming an id the catalogue lacks is an error, and what
        fell back is reported (warnings, and ``picks`` for validate's table)."""
        select = select or element.select or self.layout.select
        missing = unknown_ids(self.catalogue, select)
        if missing:
            raise self.fail(face, index, element, f"select names {', '.join(missing)}, which the catalogue "
                                                  "does not have; select on tags (see the layout reference)")
        entries = choose(self.catalogue, select, seen, self.left_out)
        reasons: dict[str, list[str]] = {}
        for e in entries:
            if e.because:
                if e.because.startswith("stands in"):        # the same for every layout: said once a run
                    self.note(f"{e.resource.id} ({e.contacts[0].display}) {e.because}")
                    continue
                shown = f"{self.name_of(e.resource)} ({e.contacts[0].display})"
                reasons.setdefault(e.because, []).append(shown)
        for because, shown in reasons.items():
            self.note(f"{self.where(face, index, element, entries)}: {because}; shows {', '.join(shown)}")
        return entries

    def note(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def where(self, face: str, index: int, element, entries=()) -> str:
        """An element as a message names it: by what it shows where it can."""
        what = {"qr": "the code", "resources": "the list", "tabs": "the tabs"}.get(element.type, element.type)
        if element.type in ("qr", "tabs") and entries:
            what += f" for {entries[0].contacts[0].display}"
        return f"{what} (faces.{face}.{index})"

    def name_of(self, resource) -> str:
        """A resource's name; on a discreet layout, a neutral label when the name gives it away."""
        name = self.language.pick(resource.name, f"{resource.id}.name")
        if self.layout.discreet and revealing(name):
            for contact in resource.contacts:
                label = self.language.pick(contact.label, "contact label") if contact.label else None
                if label and not revealing(label):
                    return label
            return word(self.language, "helpline")
        return name

    def fail(self, face: str, index: int, element, what: str) -> InputError:
        return InputError(f"{self.layout.where(face, index)}: faces.{face}.{index} ({element.type}): {what}")


def compose(ctx: Context) -> list[Face]:
    return [compose_face(ctx, name) for name in ctx.layout.face_names()]


def compose_face(ctx: Context, face: str) -> Face:
    layout = ctx.layout
    w, h = layout.item.size
    shapes: list = []
    seen: set[str] = set()
    for i, element in enumerate(layout.elements(face)):
        memo = Memo(ctx, face, i, element, seen)      # printgen.compose.reuse: composed once per process
        if memo.replay(shapes):
            continue
        start = len(shapes)
        if isinstance(element, TextElement):
            shapes += _text(ctx, face, i, element)
        elif isinstance(element, ResourcesElement):
            shapes += _resources(ctx, face, i, element, seen)
        elif isinstance(element, QRElement):
            shapes += _qr(ctx, face, i, element)
        elif isinstance(element, TabsElement):
            shapes += _tabs(ctx, face, i, element)
        elif isinstance(element, RuleElement):
            shapes.append(Line(element.start[0], h - element.start[1], element.end[0], h - element.end[1],
                               element.width, element.color))
        elif isinstance(element, BoxElement):
            shapes.append(_box(layout, element))
        elif isinstance(element, ImageElement):
            x, y, bw, bh = _pdf_box(layout, element.box)
            shapes.append(Picture(x, y, bw, bh, str(layout.folder / element.file)))
        memo.store(shapes[start:])
    return Face(face, w, h, layout.item.bleed, tuple(shapes))


def _pdf_box(layout: Layout, box) -> tuple[float, float, float, float]:
    """[left, top, width, height] from the top-left -> (x, y, w, h) from the bottom-left."""
    left, top, bw, bh = box
    return left, layout.item.size[1] - top - bh, bw, bh


def _box(layout: Layout, element: BoxElement) -> Rect:
    """A box that touches a trim edge runs on into the bleed, so no white sliver shows after cutting."""
    x, y, bw, bh = _pdf_box(layout, element.box)
    w, h = layout.item.size
    b, eps = layout.item.bleed, 0.01
    x0, y0, x1, y1 = x, y, x + bw, y + bh
    x0 = -b if x0 <= eps else x0
    y0 = -b if y0 <= eps else y0
    x1 = w + b if x1 >= w - eps else x1
    y1 = h + b if y1 >= h - eps else y1
    return Rect(x0, y0, x1 - x0, y1 - y0, element.fill, element.stroke, element.width, element.radius)


def fill_fields(ctx: Context, text: str) -> str:
    header = ctx.catalogue.catalogue

    def value(match) -> str:
        name = match.group(1)
        if name == "catalogue.title":
            return ctx.language.pick(header.title, "catalogue.title")
        if name == "catalogue.region":
            return ctx.language.pick(header.region, "catalogue.region")
        if name == "catalogue.verified":
            return header.verified.isoformat()
        if name == "catalogue.source":
            return header.source or ""
        return ctx.venue.get(name.split(".", 1)[1], "")

    return PLACEHOLDER.sub(value, text)


def _text(ctx: Context, face: str, index: int, element: TextElement) -> list[TextRun]:
    own = element.text.get(ctx.catalogue.catalogue.language) or next(iter(element.text.values()))
    what = f'"{_short(own)}" ({ctx.layout.name} faces.{face}.{index})'
    text = fill_fields(ctx, ctx.language.pick(element.text, what, "\n", fixed=True))
    if not text.strip():
        return []
    if ctx.layout.discreet and revealing(text):
        raise ctx.fail(face, index, element, f'"{_short(text)}" says "{revealing(text)}" on a discreet layout; '
                                             "reword it so the face does not give away what it is for")
    style = ctx.layout.styles[element.style]
    x, y, bw, bh = _pdf_box(ctx.layout, element.box)
    fitted = fit(text, style.font, style.size, style.smallest, style.leading, bw, bh)
    if fitted is None:
        raise ctx.fail(face, index, element, f'"{_short(text)}" does not fit in its {format_length(bw)} x '
                                             f"{format_length(bh)} box even at {style.smallest:g}pt; "
                                             "shorten the text, enlarge the box or lower the style's min")
    top = y + bh
    if element.valign == "middle":
        top = y + bh - (bh - fitted.height) / 2
    elif element.valign == "bottom":
        top = y + fitted.height
    runs = []
    baseline = top - fitted.ascent
    for line in fitted.lines:
        lw = text_width(line, style.font, fitted.size)
        lx = {"left": x, "center": x + (bw - lw) / 2,
              "right": x + bw - lw}[align_for(element.align, ctx.language.right_to_left)]
        runs.append(TextRun(lx, baseline, line, style.font, fitted.size, style.color, lw, None, (x, y, bw, bh)))
        baseline -= fitted.leading
    return runs


def _short(text: str) -> str:
    """The start of a text for a one-line message (the languages of a bilingual text joined by /)."""
    text = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return text if len(text) <= 60 else text[:57] + "..."


# -- resource lists ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Piece:
    text: str
    style: str          # the style's name in the layout
    link: str | None = None


def contact_words(ctx: Context, contact: Contact) -> tuple[str, str]:
    """(label, shown value): "Tip line · 24/7", "503-255-0118"."""
    lang = ctx.language
    label = lang.pick(contact.label, "contact label") if contact.label else None
    if contact.kind == "sms":
        label = label or (word(lang, "text") + (f" {contact.keyword}" if contact.keyword else ""))
    parts = [p for p in (label, contact.hours, word(lang, "anonymous") if contact.anonymous else None) if p]
    return " · ".join(parts), contact.display


def _resources(ctx: Context, face: str, index: int, element: ResourcesElement, seen: set[str]) -> list[TextRun]:
    entries = ctx.choose(face, index, element, seen)
    if not entries:
        if element.optional:
            ctx.note(f"{ctx.where(face, index, element)}: the catalogue has nothing it selects "
                     f"({describe(element.select or ctx.layout.select)}); its box stays empty")
            return []
        raise ctx.fail(face, index, element, "selects no complete resource with a contact; widen its select")
    label_style = element.label_style or element.name_style
    x, y, bw, bh = _pdf_box(ctx.layout, element.box)
    dropped: list[Entry] = []
    while True:
        runs = _fit_entries(ctx, element, entries, label_style, (x, y, bw, bh))
        if runs is not None:
            break
        droppable = [e for e in entries if not set(element.required) & ctx.catalogue.roles(e.resource)]
        if not droppable or len(entries) == 1:
            raise ctx.fail(face, index, element, _too_wide(ctx, element, entries, label_style, bw, bh))
        lowest = min(droppable, key=lambda e: (e.resource.priority, -entries.index(e)))
        entries = [e for e in entries if e is not lowest]
        dropped.append(lowest)
    for e in dropped:
        for c in e.contacts:
            seen.discard(c.identity)
    if dropped:
        ctx.warnings.append(f"{ctx.where(face, index, element)}: left out for room (lowest priority first): "
                            + ", ".join(f"{ctx.name_of(e.resource)} ({e.contacts[0].display})" for e in dropped))
    ctx.used += [e.resource for e in entries]
    ctx.picks.append((face, index, element.type, tuple(e.resource.id for e in entries),
                      tuple(e.resource.id for e in entries if e.because), tuple(e.resource.id for e in dropped)))
    return runs


def _blocks(ctx: Context, element: ResourcesElement, entries: list[Entry], label_style: str):
    blocks: list[list[list[_Piece]]] = []
    for entry in entries:
        block = [[_Piece(ctx.name_of(entry.resource), element.name_style)]]
        if element.show_description and entry.resource.description:
            block.append([_Piece(ctx.language.pick(entry.resource.description, f"{entry.resource.id}.description"),
                                 label_style)])
        for contact in entry.contacts:
            label, shown = contact_words(ctx, contact)
            address = contact.kind in ("url", "email") and element.address_style
            line = [_Piece(shown, element.address_style if address else element.number_style, contact.payload)]
            if label:
                line.append(_Piece(f"  {label}", label_style))
            block.append(line)
        blocks.append(block)
    return blocks


def _fit_entries(ctx: Context, element: ResourcesElement, entries, label_style, box) -> list[TextRun] | None:
    """The entries' runs at the largest common scale that fits the box, or None."""
    x, y, bw, bh = box
    blocks = _blocks(ctx, element, entries, label_style)
    styles = ctx.layout.styles
    used_styles = {element.name_style, element.number_style, label_style} | (
        {element.address_style} if element.address_style else set())
    factor = 1.0
    while True:
        size_of = {n: max(styles[n].smallest, styles[n].size * factor) for n in used_styles}
        runs = _flow(blocks, styles, size_of, x, y + bh, bw, element.gap,
                     align_for(element.align, ctx.language.right_to_left))
        if runs is not None and (not runs or min(r.y - _descent(r) for r in runs) >= y - 0.01):
            return [TextRun(r.x, r.y, r.text, r.font, r.size, r.color, r.width, r.link, box) for r in runs]
        if all(size_of[n] <= styles[n].smallest + 1e-9 for n in used_styles):
            return None
        factor -= SCALE_STEP


def _too_wide(ctx: Context, element: ResourcesElement, entries, label_style, bw: float, bh: float) -> str:
    """Why what must print does not fit: the widest line (number or address) if one is too wide."""
    styles = ctx.layout.styles
    for block in _blocks(ctx, element, entries, label_style):
        for pieces in block:
            for p in pieces:
                st = styles[p.style]
                if p.link:       # a number whole; an address by its longest part between breaks
                    part = p.text
                    if p.link.startswith(("http:", "https:", "mailto:")):
                        part = max(ADDRESS_PARTS.findall(p.text),
                                   key=lambda t: text_width(t, st.font, st.smallest))
                    width = text_width(part, st.font, st.smallest)
                    if width > bw + 0.01:
                        what = f'"{p.text}"' if part == p.text else f'"{part}" of "{p.text}"'
                        return (f"the line {what} is {format_length(width)} wide at {st.smallest:g}pt; the box "
                                f"is {format_length(bw)} wide: widen the box or lower the style's min")
    names = ", ".join(ctx.name_of(e.resource) for e in entries)
    kept = " (each is required)" if len(entries) > 1 else ""
    return (f"the resources ({_short(names)}){kept} do not fit in its {format_length(bw)} x {format_length(bh)} "
            "box even at the styles' minimum sizes; enlarge the box or lower the styles' min")


def _descent(run: TextRun) -> float:
    return -ascent_descent(run.font, run.size)[1]


def _flow(blocks, styles: dict[str, Style], size_of, x, top, width, gap, align) -> list[TextRun] | None:
    """Lay blocks of lines top-down; a line of pieces that is too wide wraps (pieces, then words)."""
    runs: list[TextRun] = []
    cursor = top          # the bottom of the previous line's leading, from which the next line hangs
    first = True
    for block in blocks:
        if not first:
            cursor -= gap
        for pieces in block:
            for line in _wrap_pieces(pieces, styles, size_of, width):
                if line is None:
                    return None
                height = max(size_of[p.style] * styles[p.style].leading for p in line)
                asc = max(ascent_descent(styles[p.style].font, size_of[p.style])[0] for p in line)
                baseline = cursor - asc if first else cursor - height
                first = False
                total = sum(text_width(p.text, styles[p.style].font, size_of[p.style]) for p in line)
                lx = {"center": x + (width - total) / 2, "right": x + width - total}.get(align, x)
                for p in line:
                    st = styles[p.style]
                    pw = text_width(p.text, st.font, size_of[p.style])
                    runs.append(TextRun(lx, baseline, p.text, st.font, size_of[p.style], st.color, pw, p.link))
                    lx += pw
                cursor = baseline
    return runs


def _wrap_pieces(pieces: list[_Piece], styles, size_of, width):
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
            lines = wrap(p.text.strip(), st.font, size_of[p.style], width)
        elif p.link.startswith(("http:", "https:", "mailto:")):
            lines = break_address(p.text.strip(), st.font, size_of[p.style], width)
        else:
            fits = text_width(p.text.strip(), st.font, size_of[p.style]) <= width + 0.01
            lines = [p.text.strip()] if fits else None
        if lines is None:
            return [None]
        out += [[_Piece(line, p.style, p.link)] for line in lines]
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


# -- QR codes ---------------------------------------------------------------------------------

def _qr(ctx: Context, face: str, index: int, element: QRElement) -> list:
    entries = ctx.choose(face, index, element, set())
    if not entries:
        if element.optional:
            ctx.note(f"{ctx.where(face, index, element)}: the catalogue has no line for it "
                     f"({describe(element.select or ctx.layout.select)}); it is left out")
            return []
        raise ctx.fail(face, index, element, "selects no complete resource with a contact for its code; "
                                             "widen its select")
    contact = entries[0].contacts[0]
    ctx.used.append(entries[0].resource)
    ctx.picks.append((face, index, element.type, (entries[0].resource.id,),
                      (entries[0].resource.id,) if entries[0].because else (), ()))
    style = ctx.layout.styles[element.caption_style]
    x, y, bw, bh = _pdf_box(ctx.layout, element.box)
    caption = contact.display
    for size in sizes(style.size, style.smallest):
        if text_width(caption, style.font, size) <= bw:
            break
    else:
        raise ctx.fail(face, index, element, f'the caption "{caption}" does not fit under the code; widen the box')
    asc, desc = ascent_descent(style.font, size)
    caption_h = asc - desc
    side = min(bw, bh - caption_h)
    # a short payload makes a smaller symbol in the same box (fewer modules against the same quiet
    # zone): a higher error-correction level, then a larger version, which grow it, are taken
    # when the first would print too small
    first = encode(contact.payload, element.ec)

    def tries():
        for ec in EC_LEVELS[EC_LEVELS.index(element.ec):]:
            yield encode(contact.payload, ec)
        for version in range(first.version + 1, first.version + 5):
            yield encode(contact.payload, element.ec, version)

    for matrix in tries():
        mark = QRMark(x + (bw - side) / 2, y + caption_h, side, matrix)
        if mark.symbol_size >= ctx.layout.qr_min(element) - 0.01:
            break
    else:
        mark = QRMark(x + (bw - side) / 2, y + caption_h, side, first)
    if mark.symbol_size < ctx.layout.qr_min(element) - 0.01:
        raise ctx.fail(face, index, element, f"the code for {contact.payload} would print "
                                             f"{format_length(mark.symbol_size)} wide; the layout asks at least "
                                             f"{format_length(ctx.layout.qr_min(element))}: enlarge the box")
    cw = text_width(caption, style.font, size)
    run = TextRun(x + (bw - cw) / 2, y - desc, caption, style.font, size, style.color, cw, contact.payload,
                  (x, y, bw, bh))
    return [mark, run]


# -- tear-off tabs ----------------------------------------------------------------------------

TAB_PAD = 3.0


def _fit_tab(number: str, label: str, number_style: Style, label_style: Style, along: float, tab: float):
    """The largest sizes at which the number and its label fit across one tab, or None."""
    for n_size in sizes(number_style.size, number_style.smallest):
        if text_width(number, number_style.font, n_size) > along:
            continue
        for l_size in sizes(label_style.size, label_style.smallest):
            n_asc, n_desc = ascent_descent(number_style.font, n_size)
            l_asc, l_desc = ascent_descent(label_style.font, l_size)
            across = n_asc - n_desc + l_asc - l_desc
            if text_width(label, label_style.font, l_size) <= along and across <= tab - 2 * TAB_PAD:
                return (n_size, l_size, n_asc, -n_desc, l_asc, -l_desc)
    return None


def _tabs(ctx: Context, face: str, index: int, element: TabsElement) -> list:
    entries = ctx.choose(face, index, element, set())
    if not entries:
        raise ctx.fail(face, index, element, "selects no complete resource with a contact for its tabs")
    entry, contact = entries[0], entries[0].contacts[0]
    ctx.used.append(entry.resource)
    label = (ctx.language.pick(element.label, "tab label") if element.label else None) \
        or (ctx.language.pick(contact.label, "contact label") if contact.label else None) \
        or ctx.name_of(entry.resource)
    if ctx.layout.discreet and revealing(label):
        label = word(ctx.language, "helpline")
    x, y, bw, bh = _pdf_box(ctx.layout, element.box)
    tab = bw / element.count
    number_style, label_style = ctx.layout.styles[element.number_style], ctx.layout.styles[element.label_style]
    along = bh - 2 * TAB_PAD
    fitted = _fit_tab(contact.display, label, number_style, label_style, along, tab)
    generic = word(ctx.language, "helpline")
    if fitted is None and label != generic and element.label is None:
        fitted = _fit_tab(contact.display, generic, number_style, label_style, along, tab)
        if fitted is not None:
            ctx.note(f'{ctx.where(face, index, element, entries)}: "{_short(label)}" does not fit on a tab; '
                     f'the tabs say "{generic}"')
            label = generic
    if fitted is None:
        raise ctx.fail(face, index, element, f'"{contact.display}" and "{_short(label)}" do not fit on '
                                             f"{element.count} tabs of {format_length(tab)} x {format_length(bh)} "
                                             "even at the styles' minimum sizes; use fewer tabs or a taller box")
    n_size, l_size, n_asc, n_desc, l_asc, l_desc = fitted
    shapes: list = []
    n_width = text_width(contact.display, number_style.font, n_size)
    l_width = text_width(label, label_style.font, l_size)
    across = n_asc + n_desc + l_asc + l_desc
    for i in range(element.count):
        left = x + i * tab + (tab - across) / 2
        tab_box = (x + i * tab, y, tab, bh)
        shapes.append(TextRun(left + n_asc, y + (bh - n_width) / 2, contact.display, number_style.font, n_size,
                              number_style.color, n_width, contact.payload, tab_box, 90))
        shapes.append(TextRun(left + n_asc + n_desc + l_asc, y + (bh - l_width) / 2, label, label_style.font,
                              l_size, label_style.color, l_width, None, tab_box, 90))
    if element.cut_lines:
        dash = (4.0, 3.0)
        shapes.append(Line(x, y + bh, x + bw, y + bh, 0.5, "#555555", dash))
        for i in range(1, element.count):
            shapes.append(Line(x + i * tab, y, x + i * tab, y + bh, 0.5, "#555555", dash))
    return shapes

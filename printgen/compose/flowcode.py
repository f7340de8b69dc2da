"""A flowed code: the QR code a handout or brochure block carries beside its text.

The code sits at the frame's right (left in a right-to-left language), its number under it in
the flow's number style and, with ``flow.qr_caption``, what scanning does ("Scan to call this
number", translated like a layout's own words) under the number, wrapped to the code's column.
Everything stays inside the frame, so inside the safe area.
"""

from __future__ import annotations

import unicodedata

from printgen.compose.context import Context
from printgen.errors import InputError
from printgen.pages import QRMark, TextRun
from printgen.qr import default_ec, encode
from printgen.text.fit import balanced, breakable
from printgen.text.measure import ascent_descent, text_width


def side(ctx: Context, contact) -> float:
    """The printed code with its quiet zone: ``flow.qr_size`` is the modules' part."""
    matrix = encode(contact.payload, default_ec(contact.payload))
    return ctx.layout.flow.qr_size * (matrix.modules + 8) / matrix.modules


def _number_style(ctx: Context):
    return ctx.layout.styles[ctx.layout.flow.number_style]


def _caption_style(ctx: Context):
    flow = ctx.layout.flow
    return ctx.layout.styles[flow.qr_caption_style or flow.number_style]


def _action_text(ctx: Context) -> str | None:
    flow = ctx.layout.flow
    if flow.qr_caption is None:
        return None
    own = flow.qr_caption.get(ctx.catalogue.catalogue.language) or next(iter(flow.qr_caption.values()))
    return ctx.language.pick(flow.qr_caption, f'"{own}" ({ctx.layout.name} flow.qr_caption)', "\n", fixed=True)


def column(ctx: Context, contact) -> float:
    """The width beside the text the code takes: the code, or its number or the longest word of
    its caption (a whole caption in a language written without spaces) when wider."""
    st = _number_style(ctx)
    widths = [side(ctx, contact), text_width(contact.display, st.font, st.size)]
    text = _action_text(ctx)
    if text:
        cs = _caption_style(ctx)
        widest = max(text_width(unit, cs.font, cs.size) for unit, _ in breakable(text))
        widths.append(min(widest, _widest_column(ctx)))
    return max(widths)


def _widest_column(ctx: Context) -> float:
    """A caption may widen the code's column to at most 30 % of the text column."""
    flow, (w, _) = ctx.layout.flow, ctx.layout.item.size
    column = (w - 2 * ctx.layout.item.safe - (flow.columns - 1) * flow.column_gap) / flow.columns
    return 0.3 * min(column, flow.measure or column)


def _action_lines(ctx: Context, contact) -> list[str]:
    text = _action_text(ctx)
    if text is None:
        return []
    st = _caption_style(ctx)
    width = column(ctx, contact)
    lines: list[str] = []
    for part in text.split("\n"):
        wrapped = balanced(part, st.font, st.size, width)
        if wrapped is None:             # a language written without spaces or breaks: in units
            wrapped = _units(part, st.font, st.size, width)
        if wrapped is None:
            raise InputError(f'{ctx.layout.file}: flow.qr_caption: "{part}" does not fit under a '
                             f"{width / 72:.2f}in code; use a smaller qr_caption_style or a larger qr_size")
        lines += wrapped
    return lines


def height(ctx: Context, contact) -> float:
    """From the top of the code to the bottom of its last caption line."""
    st = _number_style(ctx)
    asc, desc = ascent_descent(st.font, st.size)
    total = side(ctx, contact) + asc - desc
    lines = _action_lines(ctx, contact)
    if lines:
        cs = _caption_style(ctx)
        casc, cdesc = ascent_descent(cs.font, cs.size)
        total += 0.3 * cs.size + (len(lines) - 1) * cs.size * cs.leading + casc - cdesc
    return total


def draw(ctx: Context, contact, frame, top: float, mirrored: bool) -> list:
    """The code at the frame's right (left when ``mirrored``) from ``top``, its number and action
    caption under it, each line centred under the code and kept inside the frame."""
    s = side(ctx, contact)
    right = frame.x + frame.width
    qx = frame.x if mirrored else right - s
    clip = (frame.x, frame.bottom, frame.width, frame.top - frame.bottom)
    shapes: list = [QRMark(qx, top - s, s, encode(contact.payload, default_ec(contact.payload)))]

    def centred(text: str, st, baseline: float, link: str | None) -> TextRun:
        w = text_width(text, st.font, st.size)
        x = min(max(qx + (s - w) / 2, frame.x), right - w)
        return TextRun(x, baseline, text, st.font, st.size, st.color, w, link, (x, clip[1], w, clip[3]))

    st = _number_style(ctx)
    asc, desc = ascent_descent(st.font, st.size)
    shapes.append(centred(contact.display, st, top - s - asc, contact.payload))
    cs = _caption_style(ctx)
    casc, _ = ascent_descent(cs.font, cs.size)
    baseline = top - s - (asc - desc) - 0.3 * cs.size - casc
    for line in _action_lines(ctx, contact):
        shapes.append(centred(line, cs, baseline, None))
        baseline -= cs.size * cs.leading
    return shapes


def _units(text: str, font: str, size: float, width: float) -> list[str] | None:
    """``text`` in lines no wider than ``width``, broken between characters where it has no
    other break (Thai, Khmer and Burmese captions are short phrases)."""
    lines, current = [], ""
    for ch in text:
        mark = unicodedata.category(ch).startswith("M")      # never split a letter from its marks
        if current and not mark and text_width(current + ch, font, size) > width + 0.01:
            lines.append(current.strip())
            current = ch
        else:
            current += ch
    if current.strip():
        lines.append(current.strip())
    return lines if all(text_width(line, font, size) <= width + 0.01 for line in lines) else None

"""A QR code element: the first entry its select picks, as a code with the number under it.

A short payload makes a smaller symbol in the same box (fewer modules against the same quiet
zone): a higher error-correction level, then a larger version, which grow it, are taken when
the first would print smaller than the layout allows.
"""

from __future__ import annotations

from printgen.compose.context import Context, pdf_box
from printgen.compose.select import describe
from printgen.layout.model import QRElement
from printgen.pages import QRMark, TextRun
from printgen.qr import encode
from printgen.text.fit import sizes
from printgen.text.measure import ascent_descent, text_width
from printgen.units import format_length

EC_LEVELS = ("L", "M", "Q", "H")


def code(ctx: Context, face: str, index: int, element: QRElement) -> list:
    entries = ctx.choose(face, index, element, set())
    if not entries:
        if element.optional:
            ctx.note(f"{ctx.where(face, index, element)}: the catalogue has no line for it "
                     f"({describe(element.select or ctx.layout.select)}); it is left out")
            return []
        raise ctx.fail(face, index, element, "selects no complete resource with a contact for its code; "
                                             "widen its select")
    contact = entries[0].contacts[0]
    ctx.record.used.append(entries[0].resource)
    ctx.record.picks.append((face, index, element.type, (entries[0].resource.id,),
                      (entries[0].resource.id,) if entries[0].because else (), ()))
    style = ctx.layout.styles[element.caption_style]
    x, y, bw, bh = pdf_box(ctx.layout, element.box)
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

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
from printgen.qr import default_ec, encode
from printgen.text.fit import block_height, fit, sizes
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
    action = _action(ctx, face, index, element, bw)
    caption_h = asc - desc + (action[2] + 0.3 * size if action else 0)
    side = min(bw, bh - caption_h)
    slack = max(0.0, bh - caption_h - side)     # the captions stay under the code; the slack goes
    lift = {"top": slack, "middle": slack / 2, "bottom": 0.0}[element.valign]    # below, around or above
    # a short payload makes a smaller symbol in the same box (fewer modules against the same quiet
    # zone): a higher error-correction level, then a larger version, which grow it, are taken
    # when the first would print too small
    level = element.ec or default_ec(contact.payload)
    first = encode(contact.payload, level)

    def tries():
        for ec in EC_LEVELS[EC_LEVELS.index(level):]:
            yield encode(contact.payload, ec)
        for version in range(first.version + 1, first.version + 5):
            yield encode(contact.payload, level, version)

    for matrix in tries():
        mark = QRMark(x + (bw - side) / 2, y + lift + caption_h, side, matrix)
        if mark.symbol_size >= ctx.layout.qr_min(element) - 0.01:
            break
    else:
        mark = QRMark(x + (bw - side) / 2, y + lift + caption_h, side, first)
    if mark.symbol_size < ctx.layout.qr_min(element) - 0.01:
        raise ctx.fail(face, index, element, f"the code for {contact.payload} would print "
                                             f"{format_length(mark.symbol_size)} wide; the layout asks at least "
                                             f"{format_length(ctx.layout.qr_min(element))}: enlarge the box")
    cw = text_width(caption, style.font, size)
    number_y = y + lift + caption_h - asc
    run = TextRun(x + (bw - cw) / 2, number_y, caption, style.font, size, style.color, cw, contact.payload,
                  (x, y, bw, bh))
    runs = [mark, run]
    if action:
        fitted, astyle, _ = action
        baseline = number_y + desc - 0.3 * size - fitted.ascent
        for line in fitted.lines:
            lw = text_width(line, astyle.font, fitted.size)
            runs.append(TextRun(x + (bw - lw) / 2, baseline, line, astyle.font, fitted.size, astyle.color, lw, None,
                                (x, y, bw, bh)))
            baseline -= fitted.leading
    return runs


def _action(ctx: Context, face: str, index: int, element: QRElement, width: float):
    """The code's action caption ("Scan to call this number") fitted, with its style and the room kept for it."""
    if element.caption is None:
        return None
    own = element.caption.get(ctx.catalogue.catalogue.language) or next(iter(element.caption.values()))
    text = ctx.language.pick(element.caption, f'"{own}" ({ctx.layout.name} faces.{face}.{index}.caption)',
                             "\n", fixed=True)
    style = ctx.layout.styles[element.caption_text_style or element.caption_style]
    languages = text.count("\n") + 1
    # room for two lines (one more a language) whatever the text, so the code is as large in every
    # language; up to three a language where one needs them, no more than it needs (its code is then
    # smaller, and still checked)
    for lines in range(languages + 1, 3 * languages + 1):
        room = block_height(lines, style.font, style.size, style.leading)
        fitted = fit(text, style.font, style.size, style.smallest, style.leading, width, room)
        if fitted is not None:
            break
    if fitted is None:
        raise ctx.fail(face, index, element, f'the caption "{text}" does not fit under the code at '
                                             f"{style.smallest:g}pt; widen the box or shorten it")
    return fitted, style, room

"""A resources element: the entries its select picks, at the largest common size that fits its
box; when they do not fit even at the styles' minimum sizes, the lowest-priority entries not
``required`` are left out (and said), lowest first."""

from __future__ import annotations

from printgen.compose.context import Context, pdf_box, short
from printgen.compose.rows import ADDRESS_PARTS, Piece, resource_rows, text_verb, wrap_pieces
from printgen.compose.select import Entry, describe
from printgen.layout.model import ResourcesElement, Style
from printgen.language.words import word
from printgen.pages import Rect, TextRun
from printgen.text.measure import ascent_descent, text_width
from printgen.text.shaping import align_for
from printgen.units import format_length

SCALE_STEP = 0.025
GROW_LIMIT = 4.0        # fit: fill grows the asked sizes at most this much
SMALL = 0.75            # a style printed below this share of its asked size is said


def resources(ctx: Context, face: str, index: int, element: ResourcesElement, seen: set[str]) -> list[TextRun]:
    entries = ctx.choose(face, index, element, seen)
    if not entries:
        if element.optional:
            ctx.note(f"{ctx.where(face, index, element)}: the catalogue has nothing it selects "
                     f"({describe(element.select or ctx.layout.select)}); its box stays empty")
            return []
        raise ctx.fail(face, index, element, "selects no complete resource with a contact; widen its select")
    label_style = element.label_style or element.name_style
    x, y, bw, bh = pdf_box(ctx.layout, element.box)
    dropped: list[Entry] = []
    floor = SMALL       # lines are left out before the styles shrink below 75 % of their size
    while True:
        runs = _fit_entries(ctx, element, entries, label_style, (x, y, bw, bh), floor)
        if runs is not None:
            break
        droppable = [e for e in entries if not set(element.required) & ctx.catalogue.roles(e.resource)]
        if not droppable or len(entries) == 1:
            if floor:           # what must print shrinks to the styles' min rather than fail
                floor = 0.0
                continue
            raise ctx.fail(face, index, element, _too_wide(ctx, element, entries, label_style, bw, bh))
        lowest = min(droppable, key=lambda e: (e.resource.priority, -entries.index(e)))
        entries = [e for e in entries if e is not lowest]
        dropped.append(lowest)
    for e in dropped:
        for c in e.contacts:
            seen.discard(c.identity)
    if dropped:
        ctx.record.warnings.append(f"{ctx.where(face, index, element)}: left out for room (lowest priority first): "
                            + ", ".join(f"{ctx.name_of(e.resource)} ({e.contacts[0].display})" for e in dropped))
    if element.band is not None:
        pad = element.band.pad
        runs = [Rect(x - pad, y - pad, bw + 2 * pad, bh + 2 * pad, element.band.fill, None, 0.5,
                     element.band.radius)] + runs
    ctx.record.used += [e.resource for e in entries]
    ctx.record.picks.append((face, index, element.type, tuple(e.resource.id for e in entries),
                      tuple(e.resource.id for e in entries if e.because), tuple(e.resource.id for e in dropped)))
    return runs


def _blocks(ctx: Context, element: ResourcesElement, entries: list[Entry], label_style: str):
    blocks = [resource_rows(ctx, entry, element.name_style, element.number_style, label_style,
                            element.address_style, element.show_description, element.second_style,
                            element.second_label_style, verbs=element.verb)
              for entry in entries]
    if element.verb:
        verb_style = element.verb_style or element.name_style
        languages = [ctx.language.only(i + 1, True) for i in range(len(ctx.language.tags))]
        apart = len(languages) > 1
        for block, entry in zip(blocks, entries):
            keywords = {c.payload: c.keyword for c in entry.contacts if c.kind == "sms"}
            for at, row in reversed(list(enumerate(block))):
                link = row[0].link or ""
                verb = "call" if link.startswith("tel:") else "text" if link.upper().startswith("SMSTO:") else None
                keyword = keywords.get(link)
                if verb and apart:      # each language's verb in its own style, on a row above the number
                    said = list(dict.fromkeys(_verb(language, verb, keyword) for language in languages))
                    block.insert(at, [Piece(said[0], verb_style)] + [
                        Piece(f"  {w}", element.second_verb_style or verb_style) for w in said[1:]])
                elif verb:
                    row.insert(0, Piece(_verb(ctx.language, verb, keyword) + " ", verb_style))
    return blocks


def _verb(language, verb: str, keyword: str | None) -> str:
    """"Call", or for a line to text what to text: "Text HELP"."""
    return text_verb(language, keyword) if verb == "text" else word(language, verb)


def _fit_entries(ctx: Context, element: ResourcesElement, entries, label_style, box,
                 floor: float = 0.0) -> list[TextRun] | None:
    """The entries' runs at the largest common scale that fits the box, or None."""
    x, y, bw, bh = box
    blocks = _blocks(ctx, element, entries, label_style)
    styles = ctx.layout.styles
    used_styles = {element.name_style, element.number_style, label_style} | (
        {element.address_style} if element.address_style else set()) | (
        {element.verb_style or element.name_style} if element.verb else set()) | (
        {element.second_style} if element.second_style else set()) | (
        {element.second_label_style} if element.second_label_style else set()) | (
        {element.second_verb_style} if element.second_verb_style and element.verb else set())
    align = align_for(element.align, ctx.language.right_to_left)

    def attempt(factor: float):
        size_of = {n: max(styles[n].smallest, styles[n].size * max(factor, floor)) for n in used_styles}
        runs = _flow(blocks, styles, size_of, x, y + bh, bw, element.gap, align)
        if runs is not None and (not runs or min(r.y - _descent(r) for r in runs) >= y - 0.01):
            return runs, size_of
        return None, size_of

    factor, found = 1.0, None
    while found is None:
        found, size_of = attempt(factor)
        if found is None and all(size_of[n] <= max(styles[n].smallest, styles[n].size * floor) + 1e-9
                                 for n in used_styles):
            return None
        factor -= SCALE_STEP
    factor += SCALE_STEP
    if element.fit == "fill" and factor >= 1.0 - 1e-9:
        while factor + SCALE_STEP <= GROW_LIMIT:
            grown, _ = attempt(factor + SCALE_STEP)
            if grown is None:
                break
            found, factor = grown, factor + SCALE_STEP
    small = sorted(n for n in used_styles if max(styles[n].smallest, styles[n].size * factor) < SMALL * styles[n].size)
    if small:
        ctx.note(f"{ctx.layout.name}: {', '.join(small)} printed below {SMALL:.0%} of the asked size in a list "
                 f"({format_length(bw)} x {format_length(bh)}); enlarge the box, show fewer lines or ask a size that fits")
    shift = _valign_shift(found, y, bh, element.valign)
    return [TextRun(r.x, r.y - shift, r.text, r.font, r.size, r.color, r.width, r.link, box) for r in found]


def _valign_shift(runs, y: float, bh: float, valign: str) -> float:
    """How far down the block moves to sit in the middle or at the bottom of its box."""
    if not runs or valign == "top":
        return 0.0
    room = min(r.y - _descent(r) for r in runs) - y
    return room / 2 if valign == "middle" else room


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
    return (f"the resources ({short(names)}){kept} do not fit in its {format_length(bw)} x {format_length(bh)} "
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
            for line in wrap_pieces(pieces, styles, size_of, width):
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

"""Flowing documents: handouts and brochures, the catalogue poured into frames.

Blocks (a section heading, a resource with its contacts, a note's title and paragraphs) are
placed top-down into frames: the pages of a handout, or the panels of a brochure. A resource
block is never split; a heading stays with what follows it; a paragraph may break between
lines, never leaving fewer than two lines on either side. A heading and what it keeps with it
that overflow the room left by a little (its spaces' worth) are set closer instead of going
over the page together: the spaces above the heading and between its blocks shrink, to half at
most, and the last line may end at its descenders (its leading below them left out), so no
page is left a third empty for a few points. Content that cannot fit the brochure's panels is
an error. Pure geometry: the result is page objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from printgen.compose import flowcode
from printgen.compose.context import Context
from printgen.compose.frames import Frame
from printgen.compose.rows import Piece, resource_rows, wrap_pieces
from printgen.compose.select import choose
from printgen.errors import InputError
from printgen.language.words import word
from printgen.layout.model import Flow, Select
from printgen.pages import TextRun
from printgen.text.fit import wrap
from printgen.text.measure import ascent_descent, text_width
from printgen.text.shaping import reads_right_to_left

QR_GAP = 6.0
MIN_LINES = 2
TIGHTEST = 0.5          # a heading chain's spaces shrink to no less than this share to stay on its page


@dataclass
class Block:
    rows: list[list[Piece]]
    splittable: bool = False
    keep_with_next: bool = False
    outline: tuple[str, int] | None = None
    qr: object = None                   # the Contact whose code the block carries
    before: float = 0.0                 # space above the block
    slack: float = 0.0                  # how far its last line may reach past the frame (its leading below the descenders)


@dataclass
class Placed:
    page: int
    shapes: list = field(default_factory=list)
    outline: list = field(default_factory=list)


def blocks_for(ctx: Context) -> list[Block]:
    """The catalogue as blocks, in catalogue order (or the layout's section order)."""
    flow: Flow = ctx.layout.flow
    lang = ctx.language
    wanted = flow.sections or [s.id for s in ctx.catalogue.sections]
    by_id = {s.id: s for s in ctx.catalogue.sections}
    unknown = [sid for sid in wanted if sid not in by_id]
    if unknown:
        raise InputError(f"{ctx.layout.file}: flow.sections: {', '.join(unknown)} not in the catalogue; "
                         f"its sections are {', '.join(by_id)}")
    qr_ids = {e.resource.id for e in choose(ctx.catalogue, flow.qr, set(), [])} if flow.qr else set()
    leave_out = set(flow.exclude_tags)
    blocks: list[Block] = []
    for sid in wanted:
        section = by_id[sid]
        entries = choose(ctx.catalogue, _section_select(sid, flow.exclude_tags), set(), ctx.record.left_out)
        notes = [n for n in section.notes if n.status is None and not leave_out & set(n.tags)] if flow.notes else []
        if not entries and not notes:
            continue
        title = lang.pick(section.title, f"{sid}.title")
        blocks.append(Block([[Piece(title, flow.heading_style)]], keep_with_next=True, outline=(title, 0),
                            before=flow.gap * 2))
        if section.intro and _has(ctx, section.intro, f"{sid}.intro"):
            blocks.append(Block([[Piece(lang.pick(section.intro, f"{sid}.intro"), flow.body_style)]],
                                splittable=True, before=flow.gap / 2))
        for entry in entries:
            ctx.record.used.append(entry.resource)
            rows = resource_rows(ctx, entry, flow.name_style, flow.number_style, flow.label_style,
                                 flow.address_style, description=True)
            qr = entry.contacts[0] if entry.resource.id in qr_ids else None
            blocks.append(Block(rows, qr=qr, before=flow.gap))
        for note in notes:
            if not _has(ctx, note.body, f"note {note.id}"):
                continue
            title = lang.pick(note.title, f"{note.id}.title")
            blocks.append(Block([[Piece(title, flow.note_title_style)]], keep_with_next=True,
                                outline=(title, 1), before=flow.gap * 1.5))
            for paragraph in lang.pick(note.body, f"{note.id}.body").split("\n\n"):
                blocks.append(Block([[Piece(" ".join(paragraph.split()), flow.body_style)]], splittable=True,
                                    before=flow.gap / 2))
    return blocks


def _has(ctx: Context, text: dict[str, str], what: str) -> bool:
    """Whether to pour a paragraph the language may lack, by the layout's ``flow.fallback``."""
    lacking = ctx.language.lacks(text)
    if not lacking or ctx.layout.flow.fallback == "print":
        return True
    if ctx.layout.flow.fallback == "error":
        raise InputError(f"{ctx.layout.file}: flow.fallback: {what} has no {' or '.join(lacking)} text, and the "
                         f"layout refuses a paragraph in another language; translate it in the catalogue, or "
                         "set flow.fallback to omit or print")
    ctx.note(f"flow.fallback omit: left out {what}, which has no {' or '.join(lacking)} text")
    return False


def _section_select(section_id: str, exclude_tags: list[str]):
    return Select(sections=[section_id], exclude_tags=exclude_tags)


# -- measuring --------------------------------------------------------------------------------

def _line_metrics(ctx: Context, line: list[Piece]) -> tuple[float, float]:
    """(ascent above the baseline, height of the line) for one line of pieces."""
    styles = ctx.layout.styles
    ascent = height = 0.0
    for p in line:
        st = styles[p.style]
        asc, desc = ascent_descent(st.font, st.size)
        ascent = max(ascent, asc)
        height = max(height, st.size * st.leading, asc - desc)
    return ascent, height


def _lines(ctx: Context, block: Block, width: float) -> list[list[Piece]]:
    """The block's rows as lines no wider than ``width``. A paragraph fills each line (greedy,
    as body text is set); names and labels are balanced, as on cards."""
    styles = ctx.layout.styles
    size_of = {name: st.size for name, st in styles.items()}
    out = []
    for row in block.rows:
        if block.splittable and len(row) == 1 and row[0].link is None:
            st = styles[row[0].style]
            filled = wrap(row[0].text.strip(), st.font, st.size, width)
            wrapped = [None] if filled is None else [[Piece(line, row[0].style)] for line in filled]
        else:
            wrapped = wrap_pieces(row, styles, size_of, width)
        if any(line is None for line in wrapped):
            word_ = max((w for p in row for w in p.text.split()), key=len)
            raise InputError(f'{ctx.layout.file}: flow: the word "{word_}" is wider than a '
                             f"{width / 72:.2f}in column; use a smaller style or a wider column")
        out += wrapped
    return out


def _text_width(ctx: Context, block: Block, frame: Frame) -> float:
    return frame.width - (flowcode.column(ctx, block.qr) + QR_GAP if block.qr else 0)


def _height(ctx: Context, block: Block, frame: Frame, lines=None) -> float:
    lines = lines if lines is not None else _lines(ctx, block, _text_width(ctx, block, frame))
    text = sum(_line_metrics(ctx, line)[1] for line in lines)
    if block.qr:
        return max(text, flowcode.height(ctx, block.qr))
    return text


# -- placing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Aside:
    """A code that reaches below its block's text: what follows wraps beside it down to ``bottom``."""
    frame: Frame
    bottom: float
    width: float


def _beside(ctx: Context, aside: Aside) -> Frame:
    """The part of the frame beside the code."""
    f = aside.frame
    shift = aside.width + QR_GAP
    return replace(f, x=f.x + shift if ctx.language.right_to_left else f.x, width=f.width - shift)


def _split_beside(ctx: Context, block: Block, lines, top: float, aside: Aside) -> list[Block] | None:
    """A paragraph starting beside a code: the lines beside it, then the rest at the full width."""
    k, y = 0, top
    for line in lines:
        if y <= aside.bottom + 0.01:
            break
        y -= _line_metrics(ctx, line)[1]
        k += 1
    if k == 0 or k == len(lines):
        return None
    style = lines[0][0].style
    first = Block([[Piece(" ".join(p.text for p in line), style)] for line in lines[:k]], before=block.before,
                  outline=block.outline)
    return [first, Block([_rejoin(lines[k:])], splittable=True)]


def _rejoin(lines) -> list[Piece]:
    """The rest of a paragraph as one row again, to be wrapped anew in its next frame (lines of
    a language written without spaces join without one)."""
    texts = [" ".join(p.text for p in line) for line in lines]
    joiner = " " if any(" " in t for t in texts) else ""
    return [Piece(joiner.join(texts), lines[0][0].style)]


def pour(ctx: Context, blocks: list[Block], frames, tighten: bool = True) -> list[Placed]:
    """Place ``blocks`` into ``frames`` (an iterator, endless for handouts); return what each page
    holds. ``tighten``: a heading chain a little too tall for its room may be set closer."""
    placed: dict[int, Placed] = {}
    frame = next(frames)
    y = frame.top
    i = 0
    blocks = list(blocks)
    aside: Aside | None = None
    while i < len(blocks):
        block = blocks[i]
        empty = y == frame.top
        space = 0.0 if empty else block.before
        here = frame
        if aside is not None and aside.frame is frame and y - space > aside.bottom + 0.01 and not block.qr:
            here = _beside(ctx, aside)
            if block.splittable and len(block.rows) == 1:
                parts = _split_beside(ctx, block, _lines(ctx, block, here.width), y - space, aside)
                if parts:
                    blocks[i:i + 1] = parts
                    block = parts[0]
        lines = _lines(ctx, block, _text_width(ctx, block, here))
        need = _height(ctx, block, here, lines)
        j, spaces, last = i, [space], lines[-1:]
        while blocks[j].keep_with_next and j + 1 < len(blocks):     # a heading, a note's title: with what follows
            j += 1
            nxt = blocks[j]
            nxt_lines = _lines(ctx, nxt, _text_width(ctx, nxt, here))
            # a paragraph splits only with two lines on each side: shorter ones travel whole
            keep = nxt_lines[:MIN_LINES] if nxt.splittable and len(nxt_lines) >= 2 * MIN_LINES else nxt_lines
            need += nxt.before + (_height(ctx, nxt, here, keep) if not nxt.splittable
                                  else sum(_line_metrics(ctx, ln)[1] for ln in keep))
            spaces.append(nxt.before)
            last = keep[-1:] if not nxt.qr else []
        room = y - space - frame.bottom
        tight = _tightened(ctx, need - room - block.slack, spaces, last) if j > i and tighten else None
        if tight is not None:                   # the chain set closer, to stay on this page
            factor, slack = tight
            space *= factor
            room = y - space - frame.bottom
            for k in range(i + 1, j + 1):
                blocks[k] = replace(blocks[k], before=blocks[k].before * factor, slack=slack if k == j else 0.0)
            need = room
        if need <= room + block.slack + 0.01:
            y, code_bottom = _draw(ctx, block, lines, here, y - space, placed)
            if block.qr and code_bottom < y - 0.01:
                aside = Aside(frame, code_bottom, flowcode.column(ctx, block.qr))
            i += 1
            continue
        if block.splittable:
            fit, used = 0, 0.0
            for line in lines:
                h = _line_metrics(ctx, line)[1]
                if used + h > room + block.slack + 0.01:
                    break
                fit, used = fit + 1, used + h
            fit = min(fit, len(lines) - MIN_LINES)      # leave at least two lines for the next page
            if fit >= MIN_LINES:
                _draw(ctx, block, lines[:fit], here, y - space, placed)
                blocks[i] = replace(block, rows=[_rejoin(lines[fit:])], before=0.0, outline=None, slack=0.0)
                frame, aside = _next(frames, blocks, i, ctx), None
                y = frame.top
                continue
        if empty:
            raise InputError(f"{ctx.layout.file}: flow: a block ({_first_words(block)}) is taller than a "
                             "whole page or panel; shorten it or use smaller styles")
        frame, aside = _next(frames, blocks, i, ctx), None
        y = frame.top
    return [placed[k] for k in sorted(placed)]


def _tightened(ctx: Context, over: float, spaces: list[float], last) -> tuple[float, float] | None:
    """A chain ``over`` points taller than its room, with these ``spaces`` and ``last`` line:
    (the factor its spaces shrink by, the slack its last line is given) when that makes it fit;
    None when it fits as set, or cannot."""
    if over <= 0.01:
        return None
    slack = _below_descenders(ctx, last[0]) if last else 0.0
    total = sum(spaces)
    if over - slack > (1 - TIGHTEST) * total + 0.01:
        return None
    return (1 - max(0.0, over - slack) / total if total else 1.0), slack


def _below_descenders(ctx: Context, line: list[Piece]) -> float:
    """The leading of a line below its lowest descender."""
    ascent, height = _line_metrics(ctx, line)
    styles = ctx.layout.styles
    descent = min(ascent_descent(styles[p.style].font, styles[p.style].size)[1] for p in line)
    return max(0.0, height - (ascent - descent))


def _next(frames, blocks, i, ctx) -> Frame:
    try:
        return next(frames)
    except StopIteration:
        left = [_first_words(b) for b in blocks[i:] if b.outline or not b.splittable][:3]
        raise InputError(f"{ctx.layout.file}: flow: the content does not fit in the layout's panels; "
                         f"{len(blocks) - i} blocks are left over (from {', '.join(left) or _first_words(blocks[i])}): "
                         "select fewer sections, turn notes off or use smaller styles") from None


def _first_words(block: Block) -> str:
    text = " ".join(p.text for p in block.rows[0])
    return f'"{text[:50]}..."' if len(text) > 50 else f'"{text}"'


def _draw(ctx: Context, block: Block, lines, frame: Frame, top: float,
          placed: dict[int, Placed]) -> tuple[float, float]:
    """Draw the block from ``top``; return where its text ends and where its code (if any) ends."""
    page = placed.setdefault(frame.page, Placed(frame.page))
    styles = ctx.layout.styles
    if block.outline:
        page.outline.append((block.outline[0], block.outline[1], top))
    mirrored = ctx.language.right_to_left       # a right-to-left handout: its codes on the left
    right = frame.x + frame.width
    code = flowcode.column(ctx, block.qr) + QR_GAP if block.qr else 0.0
    left, end = frame.x + (code if mirrored else 0.0), right - (0.0 if mirrored else code)
    y = top
    for line in lines:
        ascent, height = _line_metrics(ctx, line)
        baseline = y - ascent
        # each line aligned by its own direction: an English note in an Arabic handout reads from
        # the left; a right-to-left line ends at the right, its pieces side by side as on a card
        # (the number, then its label at its right, read first)
        widths = [text_width(p.text, styles[p.style].font, styles[p.style].size) for p in line]
        rtl = reads_right_to_left("".join(p.text for p in line), mirrored)
        x = end - sum(widths) if rtl else left
        for p, w in zip(line, widths):
            st = styles[p.style]
            page.shapes.append(TextRun(x, baseline, p.text, st.font, st.size, st.color, w, p.link,
                                       (left, frame.bottom, end - left, frame.top - frame.bottom)))
            x += w
        y -= height
    if not block.qr:
        return y, y
    page.shapes += flowcode.draw(ctx, block.qr, frame, top, mirrored)
    return y, top - flowcode.height(ctx, block.qr)


# -- documents --------------------------------------------------------------------------------

def footer(ctx: Context, page: int, pages: int) -> list[TextRun]:
    """Catalogue title and verified date on the left, "Page X of Y" on the right (mirrored in a
    right-to-left language)."""
    flow = ctx.layout.flow
    st = ctx.layout.styles[flow.footer_style]
    w = ctx.layout.item.size[0]
    safe = ctx.layout.item.safe
    header = ctx.catalogue.catalogue
    title = ctx.language.pick(header.title, "catalogue.title")
    verified = word(ctx.language, "verified").format(date=header.verified.isoformat())
    number = word(ctx.language, "page").format(page=page, pages=pages)
    _, desc = ascent_descent(st.font, st.size)
    mirrored = ctx.language.right_to_left       # right to left: the title on the right, the number left
    y = safe - desc
    nw = text_width(number, st.font, st.size)
    widths = [text_width(text, st.font, st.size) for text in (verified, title)]
    # the number beside the verified date; beside the title when the date's line is too long for both
    row = 0 if widths[0] + nw + 12 <= w - 2 * safe or widths[1] + nw + 12 > w - 2 * safe else 1
    runs = [TextRun(safe if mirrored else w - safe - nw, y + row * st.size * st.leading, number, st.font, st.size,
                    st.color, nw)]
    for i, (text, tw) in enumerate(zip((verified, title), widths)):
        runs.append(TextRun(w - safe - tw if mirrored else safe, y + i * st.size * st.leading, text, st.font,
                            st.size, st.color, tw))
    return runs

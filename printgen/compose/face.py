"""Composing faces: a layout's elements filled from the catalogue into positioned shapes.

Each element is composed into a context of its own (``Context.fork``): its shapes and its
record come back together, and are kept by ``printgen.compose.reuse`` when the element prints
no venue data. Text is fitted (shrunk, wrapped) or refused with an error naming the text, the
element and the layout.
"""

from __future__ import annotations

from printgen.compose.codes import code
from printgen.compose.context import Context, Record, pdf_box, short
from printgen.compose.resources import resources
from printgen.compose.reuse import Composed, Memo
from printgen.compose.tabs import tabs
from printgen.language.words import revealing
from printgen.layout.give import grown, rest
from printgen.layout.model import (
    PLACEHOLDER,
    BoxElement,
    ImageElement,
    Layout,
    NotesElement,
    QRElement,
    ResourcesElement,
    RuleElement,
    TabsElement,
    TextElement,
    WordingElement,
)
from printgen.marks import line
from printgen.pages import Face, Picture, Rect, TextRun, bounds
from printgen.text.fit import fit
from printgen.text.measure import text_width
from printgen.text.shaping import align_for
from printgen.units import format_length


def compose(ctx: Context) -> list[Face]:
    return [compose_face(ctx, name) for name in ctx.layout.face_names()]


def compose_face(ctx: Context, face: str) -> Face:
    """The face's elements composed in order. An element that prints nothing gives its box to
    the elements its ``give_to`` names (``printgen.layout.give``): each grows across it, and
    what was composed from the first of them on is composed again with the grown boxes. The
    elements a text's ``rest_to`` names (after it) grow up into the room under its text."""
    layout = ctx.layout
    w, h = layout.item.size
    elements = layout.elements(face)
    named = {e.name: i for i, e in enumerate(elements) if getattr(e, "name", None)}
    boxes: dict[int, tuple] = {}    # element index -> its box grown into an empty neighbour's
    given: set[int] = set()         # the elements that gave their box
    rested: set[int] = set()        # the texts that gave the room under them
    done: list = [None] * len(elements)
    before: list = [None] * len(elements)   # the lines shown before each element
    seen: set[str] = set()          # lines shown on this face: never twice
    i = 0
    while i < len(elements):
        before[i] = set(seen)
        element = elements[i] if i not in boxes else elements[i].model_copy(update={"box": boxes[i]})
        memo = Memo(ctx, face, i, element, seen, boxes.get(i))   # printgen.compose.reuse: composed once per process
        found = memo.found()
        if found is None:
            own = ctx.fork()
            found = Composed(tuple(_element(own, face, i, element, seen, _face_language(ctx, face))),
                             frozenset(seen), own.record)
            memo.keep(found)
        seen.update(found.seen)
        receivers = [named[n] for n in getattr(element, "give_to", None) or []]
        gives = bool(receivers) and not found.shapes and i not in given
        if gives:
            given.add(i)
            for r in receivers:
                boxes[r] = grown(boxes.get(r, elements[r].box), boxes.get(i, element.box))
        if i in given and not found.shapes:
            found = _gave(found, face, receivers)
        takers = [named[n] for n in getattr(element, "rest_to", None) or []]
        if takers and found.shapes and i not in rested:
            rested.add(i)
            current = [boxes.get(r, elements[r].box) for r in takers]
            grown_up = rest(boxes.get(i, element.box), h - min(bounds(s)[1] for s in found.shapes), current)
            boxes.update((r, box) for r, box, was in zip(takers, grown_up, current) if box != was)
        done[i] = (found, memo.venue_free)
        back = [r for r in receivers if r < i] if gives else []
        if back:                    # a receiver composed already: again, from the first of them
            i = min(back)
            seen = set(before[i])
            continue
        i += 1
    shapes: list = []
    venue: list[int] = []           # which of the shapes print venue data
    for index, (composed, venue_free) in enumerate(done):
        if not venue_free:      # a grown receiver is not venue data: its shapes differ, and say so
            venue += range(len(shapes), len(shapes) + len(composed.shapes))
        shapes += composed.shapes
        ctx.record.add(composed.record)
    return Face(face, w, h, layout.item.bleed, tuple(shapes), tuple(venue), layout.item.safe)


def _gave(found: Composed, face: str, receivers: list[int]) -> Composed:
    """An empty element's record saying where its room went (not that its box stays empty)."""
    to = ", ".join(f"faces.{face}.{r}" for r in receivers)
    record = Record(list(found.record.used), list(found.record.left_out),
                    [m.replace("its box stays empty", f"its room goes to {to}") for m in found.record.warnings],
                    list(found.record.picks), list(found.record.fallbacks))
    return Composed(found.shapes, found.seen, record)


def _face_language(ctx: Context, face: str) -> int | None:
    """A face all of whose language-bound elements ask for a language the render lacks (the
    Spanish back of a bilingual card, rendered from an English-only catalogue) prints them in
    the render's last language, rather than as a blank side."""
    asked = [int(n) for n in (ctx.layout.lang_of(face, e) for e in ctx.layout.elements(face)) if n is not None]
    count = len(ctx.language.tags)
    return count if asked and all(n > count for n in asked) else None


def _element(ctx: Context, face: str, i: int, element, seen: set[str], instead: int | None = None) -> list:
    layout = ctx.layout
    lang = layout.lang_of(face, element)
    if lang is not None:                                 # one of the render's languages only
        narrowed = ctx.language.only(instead or int(lang))
        if narrowed is None:
            return []
        ctx.language = narrowed
    h = layout.item.size[1]
    if isinstance(element, TextElement):
        return _text(ctx, face, i, element)
    if isinstance(element, ResourcesElement):
        return resources(ctx, face, i, element, seen)
    if isinstance(element, QRElement):
        return code(ctx, face, i, element)
    if isinstance(element, TabsElement):
        return tabs(ctx, face, i, element)
    if isinstance(element, RuleElement):
        return line(element.line, (element.start[0], h - element.start[1]), (element.end[0], h - element.end[1]),
                    element.width, element.color)
    if isinstance(element, BoxElement):
        return [_box(layout, element)]
    if isinstance(element, ImageElement):
        x, y, bw, bh = pdf_box(layout, element.box)
        return [Picture(x, y, bw, bh, str(layout.folder / element.file))]
    if isinstance(element, WordingElement):
        return _wording(ctx, face, i, element)
    if isinstance(element, NotesElement):
        return _notes(ctx, face, i, element)
    return []


def _box(layout: Layout, element: BoxElement) -> Rect:
    """A box that touches a trim edge runs on into the bleed, so no white sliver shows after cutting."""
    x, y, bw, bh = pdf_box(layout, element.box)
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
    what = f'"{short(own)}" ({ctx.layout.name} faces.{face}.{index})'
    text = fill_fields(ctx, ctx.language.pick(element.text, what, "\n", fixed=True))
    if not text.strip():
        return []
    if ctx.layout.discreet and revealing(text):
        raise ctx.fail(face, index, element, f'"{short(text)}" says "{revealing(text)}" on a discreet layout; '
                                             "reword it so the face does not give away what it is for")
    return _set(ctx, face, index, element, text, element.style, element.box, element.align, element.valign)


def _wording(ctx: Context, face: str, index: int, element: WordingElement) -> list[TextRun]:
    """The law's own words, verbatim, in each of the render's languages the preset holds them in."""
    req = ctx.layout.requires
    wording = req.wording if req is not None and req.wording else {}
    text = "\n".join(wording[lang] for lang in ctx.language.tags if lang in wording)
    return _set(ctx, face, index, element, text, element.style, element.box, element.align, element.valign)


def _notes(ctx: Context, face: str, index: int, element: NotesElement) -> list[TextRun]:
    """The catalogue's notes of the element's tags: each title (in its style) over its body."""
    req = ctx.layout.requires
    tags = element.tags or (req.notes if req is not None else [])
    if not tags:
        raise ctx.fail(face, index, element, "names no tags and the layout's requires.notes none; give tags")
    notes = [n for s in ctx.catalogue.sections for n in s.notes if n.status is None and set(n.tags) & set(tags)]
    if not notes:
        if element.optional:
            ctx.record.warnings.append(f"faces.{face}.{index} (notes): the catalogue has no note tagged "
                                       f"{', '.join(tags)}; its box stays empty")
            return []
        raise ctx.fail(face, index, element, f"the catalogue has no note tagged {', '.join(tags)}; "
                                             "add one (a section's notes, with tags)")
    x, top, w, room = element.box
    runs: list[TextRun] = []
    for note in notes:
        for what, text, style in ((f"{note.id}.title", ctx.language.pick(note.title, f"{note.id}.title", "\n"),
                                   element.title_style),
                                  (f"{note.id}.body", ctx.language.pick(note.body, f"{note.id}.body", "\n"),
                                   element.body_style)):
            if room <= 0:
                raise ctx.fail(face, index, element, f"{what} does not fit in the box; enlarge it")
            placed = _set(ctx, face, index, element, text, style, (x, top, w, room), "left", "top")
            used = _used(ctx, placed, top) + 3
            runs += placed
            top, room = top + used, room - used
    return runs


def _used(ctx: Context, runs: list[TextRun], top: float) -> float:
    """How far down from ``top`` (layout units) the runs reach, their last line's descent included."""
    if not runs:
        return 0.0
    return (ctx.layout.item.size[1] - top) - min(r.y for r in runs) + runs[-1].size * 0.3


def _set(ctx: Context, face: str, index: int, element, text: str, style_name: str, box, align: str,
         valign: str) -> list[TextRun]:
    """``text`` fitted into ``box`` (layout units, from the top-left) in a style, or an error naming it."""
    if not text.strip():
        return []
    style = ctx.layout.styles[style_name]
    x, y, bw, bh = pdf_box(ctx.layout, box)
    fitted = fit(text, style.font, style.size, style.smallest, style.leading, bw, bh)
    if fitted is None:
        raise ctx.fail(face, index, element, f'"{short(text)}" does not fit in its {format_length(bw)} x '
                                             f"{format_length(bh)} box even at {style.smallest:g}pt; "
                                             "shorten the text, enlarge the box or lower the style's min")
    if fitted.size < 0.75 * style.size:
        ctx.note(f'{ctx.layout.name}: "{short(text)}" (faces.{face}.{index}) prints at {fitted.size:g}pt, below 75% '
                 f"of its style's {style.size:g}pt; enlarge the box, shorten the text or ask a size that fits")
    top = y + bh
    if valign == "middle":
        top = y + bh - (bh - fitted.height) / 2
    elif valign == "bottom":
        top = y + fitted.height
    runs = []
    baseline = top - fitted.ascent
    for text_line in fitted.lines:
        lw = text_width(text_line, style.font, fitted.size)
        lx = {"left": x, "center": x + (bw - lw) / 2,
              "right": x + bw - lw}[align_for(align, ctx.language.right_to_left)]
        runs.append(TextRun(lx, baseline, text_line, style.font, fitted.size, style.color, lw, None, (x, y, bw, bh)))
        baseline -= fitted.leading
    return runs

"""Handouts and brochures as pages: a cover (or outside) face, then the catalogue poured in.

A handout runs to as many pages as it needs, with a footer on every page ("Page X of Y",
the catalogue's title and verified date), an outline entry per section and note, and a
contents list when it reaches the layout's ``contents_from`` pages. A brochure has a fixed
outside page (the layout's front face) and an inside page whose panels take the content.
"""

from __future__ import annotations

from printgen.compose.context import Context
from printgen.compose.face import compose_face
from printgen.compose.flow import Block, blocks_for, footer, pour
from printgen.compose.frames import folds, page_frames, pour_panels
from printgen.compose.rows import Piece
from printgen.errors import InputError
from printgen.language.words import word
from printgen.marks import fold_marks
from printgen.pages import Face, Page, Placement, TextRun


def compose_document(ctx: Context) -> tuple[list[Page], dict[str, Face]]:
    cover = compose_face(ctx, "front")
    faces = {"front": cover}
    if ctx.layout.flow.panels:
        return _brochure(ctx, cover), faces
    return _handout(ctx), faces


def _handout(ctx: Context) -> list[Page]:
    flow = ctx.layout.flow
    w, h = ctx.layout.item.size
    blocks = blocks_for(ctx)
    contents: list[Block] = []
    placed = pour(ctx, blocks, page_frames(ctx, 1))
    for _ in range(4):          # page numbers settle within a pass or two
        total = 1 + _pages_of(placed)
        if total < flow.contents_from:
            break
        contents = _contents(ctx, placed)
        again = pour(ctx, contents + blocks, page_frames(ctx, 1))
        if [p.outline for p in again] == [p.outline for p in placed] and contents == _contents(ctx, again):
            placed = again
            break
        placed = again
    total = 1 + _pages_of(placed)
    title = ctx.language.pick(ctx.catalogue.catalogue.title, "catalogue.title")
    pages = [Page(w, h, (Placement("front", 0.0, 0.0),), content=tuple(_footer(ctx, 1, total)),
                  outline=((title, 0, h),))]
    by_page = {p.page: p for p in placed}
    for number in range(1, total):
        p = by_page.get(number)
        shapes = tuple(p.shapes) if p else ()
        pages.append(Page(w, h, (), content=shapes + tuple(_footer(ctx, number + 1, total)),
                          outline=tuple((t, level + 1, y) for t, level, y in (p.outline if p else []))))
    return pages


def _pages_of(placed) -> int:
    return max((p.page for p in placed), default=0)


def _footer(ctx: Context, page: int, total: int) -> list[TextRun]:
    if not ctx.layout.flow.footer:
        return []
    number, *lines = footer(ctx, page, total)
    w = ctx.layout.item.size[0] - 2 * ctx.layout.item.safe
    beside = next(run for run in lines if abs(run.y - number.y) < 0.01)
    if number.width + beside.width + 12 > w or any(run.width > w for run in lines):
        raise InputError(f"{ctx.layout.file}: flow.footer_style: the footer does not fit across the page; "
                         "use a smaller style")
    return [number, *lines]


def _contents(ctx: Context, placed) -> list[Block]:
    flow = ctx.layout.flow
    rows = [Block([[Piece(word(ctx.language, "contents"), flow.heading_style)]], keep_with_next=True,
                  outline=(word(ctx.language, "contents"), 0))]
    for p in placed:
        for title, level, _ in p.outline:
            if title == word(ctx.language, "contents"):
                continue
            indent = "    " * level
            rows.append(Block([[Piece(f"{indent}{title}", flow.body_style),
                                Piece(f"  {p.page + 1}", flow.label_style)]], before=2.0))
    return rows


def _brochure(ctx: Context, cover: Face) -> list[Page]:
    w, h = ctx.layout.item.size
    placed = pour_panels(ctx, blocks_for, pour)
    inside_folds, outside_folds = folds(ctx)
    inside = placed[0] if placed else None
    return [
        Page(w, h, (Placement("front", 0.0, 0.0),), marks=fold_marks(outside_folds, h), label="outside"),
        Page(w, h, (), marks=fold_marks(inside_folds, h), label="inside",
             content=tuple(inside.shapes) if inside else (),
             outline=tuple(inside.outline) if inside else ()),
    ]

"""Checking a layout's geometry when it loads, before anything is drawn.

Every box inside its item (text inside the safe area, colour inside the bleed), every grid
inside its sheet, images only from the layouts folder, a handout's cover clear of its footer,
a brochure's panels adding up to its sheet.
"""

from __future__ import annotations

from pathlib import Path

from printgen.errors import Problem
from printgen.layout.give import give_problems
from printgen.layout.images import image_problem
from printgen.layout.model import (
    BoxElement,
    Flow,
    ImageElement,
    Layout,
    QRElement,
    RuleElement,
    footer_height,
)
from printgen.source.document import Document
from printgen.units import format_length


def check_geometry(layout: Layout, doc: Document) -> list[Problem]:
    """Every box inside its item, every grid inside its sheet: checked before anything is drawn."""
    problems: list[Problem] = []
    w, h = layout.item.size
    bleed, safe = layout.item.bleed, layout.item.safe
    if w <= 0 or h <= 0:
        problems.append(doc.problem(("item", "size"), "both lengths must be larger than 0"))
        return problems
    if 2 * safe >= min(w, h):
        problems.append(doc.problem(("item", "safe"), f"a safe margin of {format_length(safe)} leaves no room "
                                                      f"inside a {format_length(w)} x {format_length(h)} item"))
    if layout.grid is not None:
        if layout.sheet is None:
            problems.append(doc.problem(("grid",), "a grid needs a sheet to place the items on; add sheet: size"))
        else:
            problems += _check_grid(layout, doc)
    elif layout.sheet is not None:
        sw, sh = layout.sheet.points
        if w + 2 * bleed > sw + 0.01 or h + 2 * bleed > sh + 0.01:
            problems.append(doc.problem(("item", "size"), f"the item ({format_length(w)} x {format_length(h)}) "
                                                          "is larger than its sheet"))
    for name, style in layout.styles.items():
        if style.smallest < 4:
            problems.append(doc.problem(("styles", name, "min"), f"{style.smallest:g}pt is too small to read; "
                                                                 "use at least 4pt (6.5pt on cards)"))
    for face in layout.face_names():
        for i, element in enumerate(layout.elements(face)):
            problems += _check_element(layout, doc, ("faces", face, i), element)
    problems += give_problems(layout, doc)
    if layout.flow is not None:
        problems += _check_element(layout, doc, ("flow",), layout.flow)
        problems += _check_footer_room(layout, doc)
        if layout.flow.panels and abs(sum(layout.flow.panels) - w) > 0.5:
            problems.append(doc.problem(("flow", "panels"), f"the panels add up to {format_length(sum(layout.flow.panels))}; "
                                                            f"the sheet is {format_length(w)} wide"))
    return problems


def _check_footer_room(layout: Layout, doc: Document) -> list[Problem]:
    """A cover's elements end above the footer that every page of a handout carries."""
    limit = layout.item.size[1] - layout.item.safe - footer_height(layout)
    problems = []
    for i, element in enumerate(layout.faces.front):
        box = getattr(element, "box", None)
        if box is not None and not isinstance(element, (BoxElement, ImageElement)) and box[1] + box[3] > limit + 0.01:
            problems.append(doc.problem(("faces", "front", i, "box"), f"the box reaches {format_length(box[1] + box[3])} "
                                                                     f"down; the footer starts at {format_length(limit)}"))
    return problems


def _check_grid(layout: Layout, doc: Document) -> list[Problem]:
    g, (w, h) = layout.grid, layout.item.size
    sw, sh = layout.sheet.points
    need_w = g.left + g.columns * w + (g.columns - 1) * g.gap[0]
    need_h = g.top + g.rows * h + (g.rows - 1) * g.gap[1]
    problems = []
    if need_w > sw + 0.01:
        problems.append(doc.problem(("grid", "columns"), f"{g.columns} columns of {format_length(w)} items from "
                                                         f"{format_length(g.left)} need {format_length(need_w)}; "
                                                         f"the sheet is {format_length(sw)} wide"))
    if need_h > sh + 0.01:
        problems.append(doc.problem(("grid", "rows"), f"{g.rows} rows of {format_length(h)} items from "
                                                      f"{format_length(g.top)} need {format_length(need_h)}; "
                                                      f"the sheet is {format_length(sh)} tall"))
    return problems


def _check_element(layout: Layout, doc: Document, path, element) -> list[Problem]:
    w, h = layout.item.size
    bleed, safe = layout.item.bleed, layout.item.safe
    problems = []
    for key in ("style", "name_style", "number_style", "label_style", "address_style", "caption_style", "verb_style", "second_style",
                "second_label_style", "second_verb_style", "caption_text_style", "qr_caption_style", "heading_style",
                "body_style", "note_title_style", "footer_style", "title_style"):
        ref = getattr(element, key, None)
        if ref is not None and ref not in layout.styles:
            problems.append(doc.problem(path + (key,), f'style "{ref}" is not defined; defined styles: '
                                                       f"{', '.join(layout.styles)}"))
    if isinstance(element, Flow):
        return problems
    if isinstance(element, RuleElement):
        for key, (x, y) in (("from", element.start), ("to", element.end)):
            if not (-bleed <= x <= w + bleed and -bleed <= y <= h + bleed):
                problems.append(doc.problem(path + (key,), "the point lies outside the item"))
        return problems
    x, y, bw, bh = element.box
    if bw <= 0 or bh <= 0:
        return problems + [doc.problem(path + ("box",), "width and height must be larger than 0")]
    if isinstance(element, (BoxElement, ImageElement)):
        lo, hi_x, hi_y = -bleed, w + bleed, h + bleed
        where = "the item and its bleed"
    else:
        lo, hi_x, hi_y = safe, w - safe, h - safe
        where = f"the safe area ({format_length(safe)} inside the trim)"
    eps = 0.01
    inside = (x >= lo - eps and y >= lo - eps and x + bw <= hi_x + eps and y + bh <= hi_y + eps)
    if not inside:
        problems.append(doc.problem(path + ("box",), f"the box [{format_length(x)}, {format_length(y)}, "
                                                     f"{format_length(bw)}, {format_length(bh)}] reaches outside "
                                                     f"{where}; move it inside"))
    # certain at load time; the quiet zone and caption (they depend on the payload) at render
    if isinstance(element, QRElement) and min(bw, bh) < layout.qr_min(element):
        problems.append(doc.problem(path + ("box",), f"a {format_length(min(bw, bh))} box cannot hold a code of "
                                                     f"at least {format_length(layout.qr_min(element))}; enlarge "
                                                     "the box"))
    if isinstance(element, ImageElement):
        problems += _check_image(layout, doc, path, element.file)
    return problems


def _check_image(layout: Layout, doc: Document, path, file: str) -> list[Problem]:
    rel = Path(file)
    folder = layout.folder.resolve()
    if rel.is_absolute() or ".." in rel.parts:
        return [doc.problem(path + ("file",), f'"{file}": an image must be a file inside the layouts folder, '
                                              "named without .. or a leading /")]
    target = (layout.folder / rel)
    if not target.is_file():
        return [doc.problem(path + ("file",), f'"{file}" not found in {layout.folder}/')]
    if folder not in target.resolve().parents:
        return [doc.problem(path + ("file",), f'"{file}" links outside the layouts folder; copy the image in')]
    why = image_problem(target)
    return [doc.problem(path + ("file",), f'"{file}" {why}')] if why else []

"""Empty elements giving their room back (``give_to``).

An element that can print nothing (a text whose fields are empty, such as ``{venue.name}``
without a venue; an ``optional`` resources, code or notes element that selects nothing; a
``wording`` the preset lacks) may name, in ``give_to``, the elements of its face (by their
``name``) that take its room when it does: each grows across the empty element's box, up to
its far edge, keeping its own extent the other way. So a receiver must lie beside the giver
(above, below, left or right of it: boxes apart, touching or overlapping at that edge, the
giver reaching further that way) with their spans the other way overlapping (a list under a
wording box; a code beside a list of about its height).

An element whose text stands at the top of its box (``text`` and ``wording`` set ``valign:
top``, and ``notes``) may name in ``rest_to`` the elements below it that take the room its text
leaves at the foot of its box: each grows up to a gap under the text (the gap the layout leaves
between the boxes, at least ``GAP``), so a short law text or note does not leave a band of white
above the lines.
Checked when the layout loads; applied when a face is composed (``printgen.compose.face``).
"""

from __future__ import annotations

from printgen.errors import Problem
from printgen.source.document import Document

Box = tuple[float, float, float, float]        # left, top, width, height (from the item's top-left)
EPS = 0.01
GAP = 8.0                   # points at least between a text and what grows up under it (rest_to)
LEAST = 14.0                # points of room under a text worth giving (less is left as it is)


def grown(receiver: Box, giver: Box) -> Box | None:
    """``receiver`` grown across ``giver`` to its far edge; None when it is not beside it."""
    rl, rt, rw, rh = receiver
    gl, gt, gw, gh = giver
    across = gl < rl + rw - EPS and gl + gw > rl + EPS            # the spans across overlap
    along = gt < rt + rh - EPS and gt + gh > rt + EPS             # the spans down overlap
    if across and gt > rt + EPS and gt + gh > rt + rh + EPS:     # the giver below (it may overlap the top)
        return rl, rt, rw, gt + gh - rt
    if across and gt < rt - EPS and gt + gh < rt + rh - EPS:     # above
        return rl, gt, rw, rt + rh - gt
    if along and gl > rl + EPS and gl + gw > rl + rw + EPS:      # right
        return rl, rt, gl + gw - rl, rh
    if along and gl < rl - EPS and gl + gw < rl + rw - EPS:      # left
        return gl, rt, rl + rw - gl, rh
    return None


def rest(giver: Box, bottom: float, receivers: list[Box]) -> list[Box]:
    """The ``receivers`` (below a text in ``giver`` whose lowest mark is at ``bottom``, from the
    item's top) grown up into the room under it, to a gap under the text; only ever up, never
    sideways. Each as it was when the room is too little or it starts higher already."""
    gt, gh = giver[1], giver[3]
    top = bottom + max([GAP] + [r[1] - (gt + gh) for r in receivers])
    if gt + gh - top < LEAST:
        return list(receivers)
    return [(rl, top, rw, rt + rh - top) if top < rt else (rl, rt, rw, rh) for rl, rt, rw, rh in receivers]


def _below(receiver: Box, giver: Box) -> bool:
    """``receiver`` lies under ``giver``'s top, their spans across overlapping."""
    rl, rt, rw, rh = receiver
    gl, gt, gw, gh = giver
    return gl < rl + rw - EPS and gl + gw > rl + EPS and rt > gt + EPS and rt + rh > gt + gh + EPS


def give_problems(layout, doc: Document) -> list[Problem]:
    """Names unique on a face, and each ``give_to`` naming an element of the face beside it."""
    problems: list[Problem] = []
    for face in layout.face_names():
        elements = layout.elements(face)
        named: dict[str, int] = {}
        for i, element in enumerate(elements):
            name = getattr(element, "name", None)
            if name is None:
                continue
            if name in named:
                problems.append(doc.problem(("faces", face, i, "name"), f'"{name}" already names '
                                            f"faces.{face}.{named[name]}; give each element of a face its own name"))
            else:
                named[name] = i
        for i, element in enumerate(elements):
            for k, target in enumerate(getattr(element, "give_to", None) or []):
                where = ("faces", face, i, "give_to", k)
                j = named.get(target)
                if j is None:
                    problems.append(_unknown(doc, where, face, target, named, "takes this one's room"))
                elif j == i:
                    problems.append(doc.problem(where, "an element cannot give its room to itself; name a neighbour"))
                elif grown(elements[j].box, element.box) is None:
                    problems.append(doc.problem(where, f'"{target}" (faces.{face}.{j}) is not beside this box: it '
                                                "must lie above, below, left or right of it, overlapping its width "
                                                "or height, to grow into it"))
            problems += _rest_problems(doc, face, i, element, elements, named)
    return problems


def _rest_problems(doc: Document, face: str, i: int, element, elements: list, named: dict) -> list[Problem]:
    targets = getattr(element, "rest_to", None) or []
    if targets and getattr(element, "valign", "top") != "top":
        return [doc.problem(("faces", face, i, "rest_to"), f"the text is set valign: {element.valign}, so the room "
                                                          "it leaves is not at the foot of its box; set valign: top "
                                                          "or remove rest_to")]
    problems: list[Problem] = []
    for k, target in enumerate(targets):
        where = ("faces", face, i, "rest_to", k)
        j = named.get(target)
        if j is None:
            problems.append(_unknown(doc, where, face, target, named, "grows up under this text"))
        elif j <= i:
            problems.append(doc.problem(where, f'"{target}" (faces.{face}.{j}) comes before this element; list the '
                                               "elements that grow up under a text after it"))
        elif not _below(elements[j].box, element.box):
            problems.append(doc.problem(where, f'"{target}" (faces.{face}.{j}) is not below this box: it must start '
                                               "under its top, overlapping its width, to grow up under the text"))
    return problems


def _unknown(doc: Document, where: tuple, face: str, target: str, named: dict, does: str) -> Problem:
    known = ", ".join(sorted(named)) or "none is named"
    return doc.problem(where, f'"{target}" names no element of faces.{face} ({known}); give the element that '
                              f"{does} name: {target}")

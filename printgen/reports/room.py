"""Room left unused: each page's largest empty area, and whether the page had more to show.

The measure is ``printgen.check.empty`` (the largest rectangle of an item's safe area that no
drawn box touches, read from the written PDF). An empty area is a fault of the design when
the page had something to put there (issue 16): a list left lines out for room, a list's
select matches lines that its face does not print (its ``max`` set aside: a lower ``max`` is
what more room would change), or a flowed page that is not the document's last
(its content continued on the next page while room was left here). ``WANTING`` is the share
of the safe area past which such a page is a fault: ``proof`` lists every page's share, and
the tests hold every shipped layout to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from printgen.catalogue.model import Catalogue
from printgen.check.empty import Empty, empty_areas
from printgen.compose.select import choose
from printgen.layout.model import ResourcesElement
from printgen.render import LaidOut

WANTING = 0.20          # an empty area larger than this share of the safe area, with more to show: a fault


@dataclass(frozen=True)
class Room:
    page: int                   # 1-based
    empty: Empty | None         # the largest empty area of the page's items (None: no safe area recorded)
    wanting: str                # what the page could have shown there ("" when nothing)

    @property
    def share(self) -> float:
        return self.empty.share if self.empty is not None else 0.0

    @property
    def fault(self) -> bool:
        return bool(self.wanting) and self.share > WANTING

    def describe(self) -> str:
        if self.empty is None:
            return f"page {self.page}: no safe area recorded"
        x0, y0, x1, y1 = self.empty.box
        text = (f"page {self.page}: largest empty area {self.share:.0%} of the safe area "
                f"({(x1 - x0) / 72:.1f} x {(y1 - y0) / 72:.1f} in)")
        return text + (f"; {self.wanting}" if self.wanting else "")


def rooms(laid_out: LaidOut, pdf: bytes, catalogue: Catalogue) -> list[Room]:
    """Each page's largest empty area and what it could have shown."""
    measured = empty_areas(pdf)
    more = _more_to_show(laid_out, catalogue)
    last = len(laid_out.pages)
    out = []
    for number, (page, empties) in enumerate(zip(laid_out.pages, measured), 1):
        faces = {p.face for p in page.placements}
        reasons = []
        dropped = sorted({i for face, _, _, _, _, out_ in laid_out.picks if face in faces for i in out_})
        if dropped:
            reasons.append("left out for room: " + ", ".join(dropped))
        shown_more = sorted({i for face in faces for i in more.get(face, ())})
        if shown_more:
            reasons.append("more to show: " + ", ".join(shown_more))
        if page.content and laid_out.layout.flow is not None and number < last:
            reasons.append("the text goes on over the page")
        largest = max(empties, key=lambda e: e.share, default=None)
        out.append(Room(number, largest, "; ".join(reasons)))
    return out


def _more_to_show(laid_out: LaidOut, catalogue: Catalogue) -> dict[str, list[str]]:
    """Per face, the resources a list of it selects (its max set aside) that the face does not print
    (a handout's cover may show fewer lines than its list selects: the flow prints them later)."""
    layout = laid_out.layout
    out: dict[str, list[str]] = {}
    for face in layout.face_names():
        printed = {i for on, _, _, ids, _, _ in laid_out.picks if on == face for i in ids}
        for element in layout.elements(face):
            if not isinstance(element, ResourcesElement):
                continue
            select = element.select or layout.select
            if select is not None:
                select = select.model_copy(update={"max": None})
            candidates = choose(catalogue, select, set(), [])
            out.setdefault(face, []).extend(e.resource.id for e in candidates if e.resource.id not in printed)
    return out

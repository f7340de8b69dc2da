"""Where the check rasterises a page: every graphic that could hold a code lies, with room for
its quiet zone, inside one region; so does every cluster of 20 or more touching small pieces;
regions never overlap (a code is read whole, once)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from printgen.check.regions import MANY, PageObjects, grow, regions

PAGE = (0.0, 0.0, 612.0, 792.0)


def boxes(small: bool):
    side = st.floats(1, 8) if small else st.floats(9, 300)

    @st.composite
    def box(draw):
        x, y = draw(st.floats(-50, 600)), draw(st.floats(-50, 780))
        return (x, y, x + draw(side), y + draw(side))

    return st.lists(box(), max_size=12)


def inside(inner, outer, tolerance=1e-6) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def clipped(box):
    return (max(box[0], PAGE[0]), max(box[1], PAGE[1]), min(box[2], PAGE[2]), min(box[3], PAGE[3]))


@settings(max_examples=150, deadline=None)
@given(graphics=boxes(small=False), pieces=boxes(small=True))
def test_every_graphic_lies_with_its_quiet_zone_in_one_region(graphics, pieces):
    found = regions(PageObjects(graphics=list(graphics), pieces=list(pieces)), PAGE)
    if found is None:
        return                                  # the page is read whole
    for a in found:
        for b in found:
            assert a is b or not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    for box in graphics:
        want = clipped(grow(box))
        if want[2] > want[0] and want[3] > want[1]:
            assert any(inside(want, r) for r in found), (box, found)


def test_a_code_drawn_module_by_module_is_one_region():
    # 25 x 25 modules of 1 mm, every other one dark: touching pieces, too small one by one
    module = 72 / 25.4
    pieces = [(100 + c * module, 100 + r * module, 100 + (c + 1) * module, 100 + (r + 1) * module)
              for r in range(25) for c in range(25) if (r + c) % 2 == 0]
    assert len(pieces) >= MANY
    (region,) = regions(PageObjects(pieces=pieces), PAGE)
    assert inside((100, 100, 100 + 25 * module, 100 + 25 * module), region)


def test_a_few_scattered_pieces_are_not_read():
    crop_marks = [(x, y, x + 20, y + 0.5) for x in (10, 580) for y in (10, 200, 400, 780)]
    assert regions(PageObjects(pieces=crop_marks), PAGE) == []


def test_a_page_that_could_draw_a_code_otherwise_is_read_whole():
    assert regions(PageObjects(whole=True), PAGE) is None
    big = [(0, 0, 612, 792)]                    # a full-page image: reading the regions is reading it all
    assert regions(PageObjects(graphics=big), PAGE) is None

"""A test sheet to measure a printer's drift: rulers, centre marks and front/back registration.

Print it at 100% ("actual size"), duplex on the long edge. On the front, the distance from the
paper's edge to each ruler's zero tells the front offset; holding the sheet to the light,
the back's cross should sit exactly behind the front's: the difference is the back offset.
"""

from __future__ import annotations

from printgen.marks import cross
from printgen.pages import Page, Rule, TextRun
from printgen.text.measure import text_width
from printgen.units import POINTS, SHEETS

INSTRUCTIONS = [
    "printgen calibration sheet. Print at 100% (actual size), two-sided, flip on long edge.",
    "Front: each ruler starts 10 mm from the paper's edge. If it starts at 11 mm, the printer",
    "shifts by 1 mm: pass the difference as --offset X,Y (X right, Y up), e.g. --offset -1mm,0mm.",
    "Back: hold the sheet to the light. The back's cross should sit behind the front's.",
    "Measure how far it is off and pass that as --back-offset X,Y.",
]


def calibration_pages(sheet: str = "letter") -> list[Page]:
    width, height = SHEETS[sheet]
    mm = POINTS["mm"]
    front = _rulers(width, height, mm) + cross(width / 2, height / 2, 12 * mm) + cross(72, height - 216, 8 * mm)
    y = height - 120
    for line in INSTRUCTIONS:
        front.append(TextRun(40 * mm, y, line, "regular", 9, "#000000", text_width(line, "regular", 9)))
        y -= 13
    back = cross(width - 72, height - 216, 8 * mm) + cross(width / 2, height / 2, 12 * mm)
    label = "Back: this cross should sit behind the front's cross (1 in from the left, 3 in from the top)."
    back.append(TextRun(40 * mm, height - 260, label, "regular", 9, "#000000", text_width(label, "regular", 9)))
    return [Page(width, height, (), tuple(front), label="front"), Page(width, height, (), tuple(back), label="back")]


def _rulers(width: float, height: float, mm: float) -> list:
    shapes: list = []
    start = 10 * mm
    for i in range(int((width - 2 * start) / mm) + 1):
        x = start + i * mm
        tick = 5 * mm if i % 10 == 0 else (3 * mm if i % 5 == 0 else 1.5 * mm)
        shapes.append(Rule(x, height - start, x, height - start - tick, 0.3))
        if i % 10 == 0:
            label = str(i + 10)
            shapes.append(TextRun(x + 1, height - start - 5 * mm, label, "regular", 6.5, "#000000",
                                  text_width(label, "regular", 6.5)))
    for i in range(int((height - 2 * start) / mm) + 1):
        y = height - start - i * mm
        tick = 5 * mm if i % 10 == 0 else (3 * mm if i % 5 == 0 else 1.5 * mm)
        shapes.append(Rule(start, y, start + tick, y, 0.3))
        if i % 10 == 0 and i:
            label = str(i + 10)
            shapes.append(TextRun(start + 5.5 * mm, y - 2, label, "regular", 6.5, "#000000",
                                  text_width(label, "regular", 6.5)))
    return shapes

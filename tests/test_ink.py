"""Text kept inside its safe area by its ink (a J's hook, an Arabic letter's dots below the Latin
descent), and numbers in right-to-left lines read in the order they stand on the page: the
handouts of a Polish and an Arabic catalogue are made and pass their check."""

from __future__ import annotations

import pytest
from conftest import LAYOUTS, ROOT

from printgen.catalogue.load import load_catalogue
from printgen.layout.load import load_layout
from printgen.pages import TextRun
from printgen.render import Options, render_to
from printgen.text.fonts import register
from printgen.text.ink import ink
from printgen.text.measure import ascent_descent, text_width

PLACES = ROOT / "tests" / "data" / "catalogues"
AREA = (51.0, 51.0, 561.0, 741.0)
ARABIC = "تم التحقق من المعلومات في"


def run(text: str, x: float, y: float, box=(51.0, 300.0, 300.0, 60.0), size: float = 14.0) -> TextRun:
    register("bold")
    return TextRun(x, y, text, "bold", size, "#000000", text_width(text, "bold", size), None, box)


def test_a_j_reaches_left_of_its_line_and_arabic_below_the_latin_descent():
    register("regular")
    assert ink("Jeśli", "bold", 14)[0] < -0.9              # Noto Sans Bold's J: 74/1000 of the size
    assert ink("Hello", "bold", 14)[0] > 0
    assert ink(ARABIC, "regular", 7)[1] < ascent_descent("regular", 7)[1] - 0.5
    assert ink("   ", "regular", 10) is None


def test_an_elements_lines_move_together_by_as_little_as_keeps_their_ink_inside():
    from printgen.compose.margins import kept_inside

    first, second = run("Jeśli ty lub ktoś", 51.0, 330.0), run("kogo znasz", 51.0, 313.0)
    other = run("Jutro", 51.0, 200.0, box=(51.0, 180.0, 300.0, 40.0))
    far = run("Jak", 51.0 - 20, 100.0, box=(31.0, 90.0, 300.0, 40.0))     # 7 mm out: left for the check
    moved = kept_inside((first, second, other, far), AREA)
    shift = -ink("Jeśli ty lub ktoś", "bold", 14)[0]
    assert moved[0].x == pytest.approx(51.0 + shift) and moved[1].x == pytest.approx(51.0 + shift)
    assert moved[0].y == first.y and moved[1].y == second.y
    assert moved[2].x == pytest.approx(51.0 - ink("Jutro", "bold", 14)[0])      # an element of its own
    assert moved[3] == far
    inside = run("Hello", 60.0, 330.0)
    assert kept_inside((inside,), AREA) == (inside,)
    # within what the check allows (0.5 pt): left as it is, so a file that passed stays the same
    slight = run("Jeśli", 51.0 + ink("Jeśli", "bold", 14)[0] * -1 - 0.4, 330.0)
    assert kept_inside((slight,), AREA) == (slight,)
    # a move that would take a line out of its own element's box (toward a neighbour) is not made
    full = run("Jeśli ty", 51.0, 330.0, box=(51.0, 300.0, text_width("Jeśli ty", "bold", 14), 60.0))
    assert kept_inside((full,), AREA) == (full,)


@pytest.mark.parametrize("catalogue, lang", [("gb-uk", "pl"), ("gb-ar", "ar")])
@pytest.mark.parametrize("layout", ["handout-a4", "handout-letter", "handout-large"])
def test_the_handouts_of_a_polish_and_an_arabic_catalogue_are_made_and_pass_their_check(catalogue, lang, layout,
                                                                                      tmp_path):
    target = tmp_path / f"{layout}.pdf"
    render_to(load_catalogue(PLACES / f"{catalogue}.yaml"), load_layout(layout, LAYOUTS), Options(lang), target)
    if lang == "ar":
        from printgen.check.pagetext import page_text
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(target.read_bytes())
        text = page_text(doc[0].get_textpage())
        assert "0800 012 1700" in text and "1700 012 0800" not in text


class Page:
    """A text page as pypdfium2 gives one: its text, and each character's box."""

    def __init__(self, text: str, lefts: dict[int, float]):
        self.text, self.lefts = text, lefts

    def get_text_range(self):
        return self.text

    def count_chars(self):
        return len(self.text)

    def get_charbox(self, index):
        return self.lefts.get(index, 0.0), 0.0, 0.0, 0.0


def test_a_numbers_groups_are_read_in_the_order_they_stand_on_the_page():
    from printgen.check.pagetext import page_text

    text = "اتصل 1700 012 0800"         # pdfium's order for 0800 012 1700 printed in an Arabic line
    at = {text.index("1700"): 300.0, text.index("012"): 250.0, text.index("0800"): 200.0}
    assert page_text(Page(text, at)) == "اتصل 0800 012 1700"
    printed_turned = {text.index("1700"): 200.0, text.index("012"): 250.0, text.index("0800"): 300.0}
    assert page_text(Page(text, printed_turned)) == text      # read as it stands: 1700 012 0800, found wrong
    latin = "Call 1700 012 0800"
    assert page_text(Page(latin, {})) == latin


def test_a_spaced_number_in_an_arabic_line_is_drawn_left_to_right_in_order():
    from printgen.text.shaping import visual_runs

    runs = visual_runs("اتصل على 0800 012 1700")
    assert ("0800 012 1700", False) in runs

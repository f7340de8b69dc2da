"""Fitting text into a box: wrap at spaces, shrink from the preferred to the minimum size.

Text is never clipped and never spills over: if it does not fit at the minimum size, the
caller gets ``None`` and reports an error naming the text, the element and the layout.
"""

from __future__ import annotations

import functools

import unicodedata
from dataclasses import dataclass

from printgen.text.measure import ascent_descent, text_width

STEP = 0.5


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: float
    leading: float
    ascent: float    # from the top of the block to the first baseline
    descent: float   # below the last baseline (positive)

    @property
    def height(self) -> float:
        """From the top of the tallest glyph box to the bottom of the lowest one."""
        return (len(self.lines) - 1) * self.leading + self.ascent + self.descent


def block_height(lines: int, font: str, size: float, leading: float) -> float:
    ascent, descent = ascent_descent(font, size)
    return (lines - 1) * size * leading + ascent - descent


def wrap(text: str, font: str, size: float, width: float) -> list[str] | None:
    """Greedy word wrap; paragraphs kept; None when a single word is wider than ``width``.

    Words are separated by spaces; Chinese and Japanese, written without them, may also break
    between two characters (not before a closing mark such as 。 or ），nor after an opening one).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        units = breakable(paragraph)
        if not units:
            lines.append("")
            continue
        current = units[0][0]
        if text_width(current, font, size) > width:
            return None
        for unit, spaced in units[1:]:
            if text_width(unit, font, size) > width:
                return None
            trial = f"{current} {unit}" if spaced else current + unit
            if text_width(trial, font, size) <= width:
                current = trial
            else:
                lines.append(current)
                current = unit
        lines.append(current)
    return lines


CLOSING = set("、。，．：；？！）］｝〕〉》」』】〙〗〟’”｠»ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ々〻・")
OPENING = set("（［｛〔〈《「『【〘〖〝‘“｟«")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


# Marks French (and Breton, Haitian Creole) set after a space, which a line never starts with
# ("humains : où", "danger ; les appels"), and the guillemet a line never ends with ("« Allô »").
SPACED_CLOSING = set(":;!?»›")
SPACED_OPENING = set("«‹")


def _glued(paragraph: str) -> list[str]:
    """The paragraph's words, a word of closing marks only joined to the word before it and one
    of opening marks only to the word after it, by their space."""
    words: list[str] = []
    opening = ""
    for word in paragraph.split():
        if words and not opening and set(word) <= SPACED_CLOSING:
            words[-1] += " " + word
        elif set(word) <= SPACED_OPENING:
            opening += word + " "
        else:
            words.append(opening + word)
            opening = ""
    if opening:
        words.append(opening.rstrip())
    return words


@functools.lru_cache(maxsize=4096)
def breakable(paragraph: str) -> tuple[tuple[str, bool], ...]:
    """The units a line may break between: (unit, preceded by a space); each text's found once
    a process (fitting tries the same paragraph at many widths). A space before a closing mark
    that French sets after one (``humains : où``), or after an opening guillemet, is no place to
    break."""
    units: list[tuple[str, bool]] = []
    for word in _glued(paragraph):
        start = len(units)
        piece = ""
        for ch in word:
            glued = (not piece or ch in CLOSING or piece[-1] in OPENING or " " in (ch, piece[-1])   # a glued space
                     or not (_wide(ch) or _wide(piece[-1])))
            if glued:
                piece += ch
            else:
                units.append((piece, len(units) == start))
                piece = ch
        units.append((piece, len(units) == start))
    return tuple(units)


def balanced(text: str, font: str, size: float, width: float) -> list[str] | None:
    """``wrap``, then each paragraph set well: one of up to three lines balanced (its lines as
    even as the same number of lines allows), a longer one rid of a one-word last line where a
    narrower measure gives the same number of lines and a last line of two words or more."""
    if wrap(text, font, size, width) is None:
        return None
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += settle(paragraph, font, size, width)
    return lines


def _count(paragraph: str, font: str, size: float, width: float) -> list[str] | None:
    return wrap(paragraph, font, size, width) if width > 0 else None


def settle(paragraph: str, font: str, size: float, width: float) -> list[str]:
    """One paragraph wrapped in ``width`` with balanced breaks (see ``balanced``)."""
    greedy = wrap(paragraph, font, size, width) or [paragraph]
    n = len(greedy)
    if n < 2 or len(breakable(paragraph)) <= 3:
        return greedy
    if n <= 3:
        lo, hi = 0.0, width
        for _ in range(14):
            mid = (lo + hi) / 2
            trial = _count(paragraph, font, size, mid)
            if trial is not None and len(trial) == n:
                hi = mid
            else:
                lo = mid
        return wrap(paragraph, font, size, hi) or greedy
    if len(breakable(greedy[-1])) > 1:
        return greedy
    for step in range(1, 16):
        trial = _count(paragraph, font, size, width * (1 - step / 100))
        if trial is not None and len(trial) == n and len(breakable(trial[-1])) > 1:
            return trial
    return greedy


def one_word_last_line(lines: list[str] | tuple[str, ...]) -> bool:
    """True when a text of more than three words ends with a line of one word."""
    words = sum(len(breakable(line)) for line in lines)
    return len(lines) > 1 and words > 3 and len(breakable(lines[-1])) == 1


def sizes(preferred: float, smallest: float):
    """Preferred size, then down in half-point steps to the smallest."""
    size = preferred
    while size > smallest + 1e-9:
        yield size
        size = max(smallest, size - STEP)
    yield smallest


def fit(text: str, font: str, preferred: float, smallest: float, leading: float,
        width: float, height: float) -> Fitted | None:
    for size in sizes(preferred, smallest):
        lines = balanced(text, font, size, width)
        if lines is not None and block_height(len(lines), font, size, leading) <= height + 0.01:
            ascent, descent = ascent_descent(font, size)
            return Fitted(tuple(lines), size, size * leading, ascent, -descent)
    return None

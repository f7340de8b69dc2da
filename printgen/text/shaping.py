"""One line of text as the runs that are drawn: visual order, a font per run, shaped glyphs.

- Order: a line that holds right-to-left letters is put in visual order with python-bidi
  (the Unicode bidirectional algorithm). Numbers, dates, URLs and email addresses are
  isolated left to right first, so ``503-255-0118`` or ``2026-11-28`` inside an Arabic line
  keeps its digits and groups in order (the plain algorithm would print ``0118-255-503``).
- Fonts: each character is printed by the first shipped family that has a glyph with an
  outline for it (``printgen.text.fonts.FAMILIES``, Noto Sans first); spaces and combining marks
  stay with their neighbours' font. A character no family covers is a ``MissingGlyph``.
- Shaping: runs in a shaped family (Arabic, Lao) are shaped with HarfBuzz (uharfbuzz) into
  joined forms, ligatures and placed marks, drawn by ReportLab as a ``ShapedStr``; their
  glyphs read back as the letters they print (``printgen.text.textlayer``).

Widths are in thousandths of the font size, the same for measuring and for drawing.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

from printgen.text.fonts import FAMILIES, Family, MissingGlyph, covers, family_for, font
from printgen.text.rl_internals import (
    advance,
    harfbuzz_face,
    shape_data,
    shaped_advances,
    shaped_string,
    units_per_em,
)

RTL_TYPES = ("R", "AL", "AN")
LRE, PDF = "\u202a", "\u202c"
# kept left to right, in order, inside a right-to-left line: a number's groups too, when spaces
# part them (``0800 012 1700``: the plain algorithm would print ``1700 012 0800``)
ISOLATE = re.compile(r"(?:https?://|www\.)[^\s]*[^\s.,;:!?)\]]"
                     r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
                     r"|\+?\d(?:[\d\-./:]*\d)?(?: \d(?:[\d\-./:]*\d)?)*")
STICKY = {"Zs", "Mn", "Mc", "Me", "Cf"}     # printed in the font of their neighbours


@dataclass(frozen=True)
class Segment:
    font: str                   # ReportLab font name
    text: str                   # what is drawn, in visual order (a ShapedStr for shaped runs)
    width: float                # advance, in thousandths of the font size
    synthetic_bold: bool = False
    actual: str = ""            # a shaped left-to-right run's letters, in reading order (its ActualText)


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in RTL_TYPES for ch in text)


def right_to_left(text: str) -> bool:
    """True when the line reads right to left (its first strong letter is right-to-left)."""
    if not has_rtl(text):
        return False
    from bidi import get_base_level

    return get_base_level(text) == 1


def reads_right_to_left(text: str, otherwise: bool) -> bool:
    """The direction of a line by its first strong letter; ``otherwise`` for a line without one
    (digits and signs only: "911", "24/7")."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return otherwise


def align_for(align: str, right_to_left: bool) -> str:
    """A layout's left/right alignment, mirrored when the item is in a right-to-left language."""
    if right_to_left:
        return {"left": "right", "right": "left"}.get(align, align)
    return align


def visual_runs(text: str) -> list[tuple[str, bool]]:
    """The line in visual order, in runs of one direction: (text, reads right to left).

    Each number or address isolated by ``ISOLATE`` is a run of its own, left to right.
    """
    if not has_rtl(text):
        return [(text, False)]
    from bidi import algorithm as uba

    marked, tags = [], []                   # the line with each isolate embedded left to right
    last = 0
    for n, match in enumerate(ISOLATE.finditer(text)):
        start, end = match.span()
        marked += list(text[last:start]) + [LRE] + list(text[start:end]) + [PDF]
        tags += [-1] * (start - last) + [n] * (end - start + 2)
        last = end
    marked += list(text[last:])
    tags += [-1] * (len(text) - last)
    base = uba.get_base_level(text)
    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = base, ("L", "R")[base]
    uba.get_embedding_levels("".join(marked), storage)
    for ch, tag in zip(storage["chars"], tags):
        ch["tag"] = tag
        if ch["type"] == "BN":              # joiners: kept, at their neighbour's level (not removed)
            ch["type"] = ch["orig"] = "NSM"
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    runs: list[tuple[str, bool]] = []
    key = None
    for ch in storage["chars"]:
        rtl = ch["level"] % 2 == 1
        here = (ch["tag"], rtl) if ch["tag"] >= 0 else (-1, rtl)
        if runs and here == key:
            runs[-1] = (runs[-1][0] + ch["ch"], rtl)
        else:
            runs.append((ch["ch"], rtl))
            key = here
    return runs


@functools.lru_cache(maxsize=16384)
def segments(text: str, style: str) -> tuple[Segment, ...]:
    """The runs that print one line of ``text`` in ``style``; raises MissingGlyph."""
    text = unicodedata.normalize("NFC", text)
    core = text.strip()
    if core != text and has_rtl(text):
        # spaces around a piece of a line are the layout's gaps (before a label, say), which the
        # composer puts on the left and right as in a left-to-right line: keep them there
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):] if core else ""
        return _spaces(lead, style) + segments(core, style) + _spaces(trail, style)
    out: list[Segment] = []
    for piece, rtl in visual_runs(text):
        for family, chars in _by_family(piece, style, text, rtl):
            seg = _segment(family, style, chars, rtl)
            if seg is not None:
                out.append(seg)
    return tuple(out)


def _spaces(spaces: str, style: str) -> tuple[Segment, ...]:
    if not spaces:
        return ()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    name = font(FAMILIES[0], style).fontName
    return (Segment(name, spaces, stringWidth(spaces, name, 1000)),)


def _by_family(piece: str, style: str, line: str, rtl: bool) -> list[tuple[Family, str]]:
    """Consecutive characters grouped by the family that prints them."""
    chosen: list[Family | None] = []
    for ch in piece:
        if unicodedata.category(ch) in STICKY:
            chosen.append(None)
            continue
        family = family_for(ch, style)
        if family is None:
            raise MissingGlyph(line, ch)
        chosen.append(family)
    for i, ch in enumerate(piece):
        if chosen[i] is None:
            chosen[i] = _neighbour(piece, chosen, i, style, line, rtl)
    groups: list[tuple[Family, str]] = []
    for ch, family in zip(piece, chosen):
        if groups and groups[-1][0] is family:
            groups[-1] = (family, groups[-1][1] + ch)
        else:
            groups.append((family, ch))
    return groups


def _neighbour(piece: str, chosen: list, i: int, style: str, line: str, rtl: bool) -> Family:
    """A space, mark or joiner: the font of the character before it (in reading order), or
    after it, if that one prints it."""
    ch = piece[i]
    before = next((f for f in reversed(chosen[:i]) if f is not None), None)
    after = next((f for f in chosen[i + 1:] if f is not None), None)
    for family in ((after, before) if rtl else (before, after)):
        if family is not None and (covers(family, style, ch) or (family.shaped and ch in "\u200c\u200d")):
            return family
    family = family_for(ch, style)
    if family is not None:
        return family
    if unicodedata.category(ch) == "Cf":            # a joiner with nothing to join: not drawn
        return before or after or FAMILIES[0]
    raise MissingGlyph(line, ch)


def _segment(family: Family, style: str, chars: str, rtl: bool) -> Segment | None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    ttf = font(family, style)
    if family.shaped:
        shaped = _shape(ttf, chars[::-1] if rtl else chars, rtl)
        width = shaped_advances(shaped)
        # right to left, every code stands for one letter and readers turn the line round; left
        # to right, reordered and stacked marks (Thai, Khmer, Indic scripts) are read from the span
        actual = "" if rtl else "".join(ch for ch in chars if unicodedata.category(ch) != "Cf")
        return Segment(ttf.fontName, shaped, width, family.synthetic_bold and style == "bold", actual)
    drawn = "".join(ch for ch in chars if unicodedata.category(ch) != "Cf")
    if not drawn:
        return None
    bold = family.synthetic_bold and style == "bold"
    return Segment(ttf.fontName, drawn, stringWidth(drawn, ttf.fontName, 1000), bold)


@functools.lru_cache(maxsize=None)
def _hb_font(ttf):
    import uharfbuzz as hb

    return hb.Font(harfbuzz_face(ttf))


def _shape(ttf, logical: str, rtl: bool):
    """HarfBuzz's glyphs for ``logical`` (in logical order), in visual order, as a ShapedStr."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(logical)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(_hb_font(ttf), buf, {"kern": True, "liga": True})
    starts = sorted({info.cluster for info in buf.glyph_infos}) + [len(logical)]
    text_of = {start: logical[start:end] for start, end in zip(starts, starts[1:])}
    scale = 1000 / units_per_em(ttf)
    codes, data = [], []
    glyphs = list(zip(buf.glyph_infos, buf.glyph_positions))
    for cluster, group in itertools.groupby(glyphs, key=lambda glyph: glyph[0].cluster):
        group = list(group)
        text = text_of[cluster]
        if rtl:
            # the text layer reads in visual order, like the glyphs, one letter a code: a reader
            # turns the line round letter by letter, so a glyph that stands for two letters
            # (lam-alef) carries the first and a zero-wide code after it the other
            letters = text[::-1]
            pieces = [letters[i] if i < len(letters) else "" for i in range(len(group))]
            rest = letters[len(group):]
        else:
            # one letter a glyph, in the order the glyphs are drawn (a reordered vowel sign takes
            # the cluster's first letter); the last glyph takes what is left
            cut = len(group) - 1
            pieces = list(text[:cut]) + [text[cut:]] if len(text) > cut else list(text) + [""] * (len(group) - len(text))
            rest = ""
        for (info, pos), piece in zip(group, pieces):
            if info.codepoint == 0:
                raise MissingGlyph(logical, text[:1] or "?")
            code = ttf.code_for(info.codepoint, piece)
            codes.append(chr(code))
            data.append(shape_data(info.cluster, pos.x_advance * scale, pos.y_advance * scale,
                                   pos.x_offset * scale, pos.y_offset * scale, advance(ttf, code)))
        for letter in rest:
            code = ttf.carrier(letter)
            codes.append(chr(code))
            data.append(shape_data(cluster, 0.0, 0.0, 0.0, 0.0, 0.0))
    return shaped_string("".join(codes), data)

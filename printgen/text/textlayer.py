"""Shaped glyphs that read back as the text they print.

A shaped script (Arabic's joined letter forms, Lao's marks) prints glyphs that no character
maps to: the initial form of beh, the lam-alef ligature. ReportLab draws glyphs through
character codes, so each such glyph gets a private code (never a character of the text) that
draws it; the font's ToUnicode map then says which text each code stands for (the beh, the
lam and the alef), so extracting or copying the PDF's text gives real letters, not private
codes or presentation forms. The private codes never reach the file: ReportLab writes
per-subset codes, and this map.
"""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

PRIVATE = 0xF0000      # supplementary private use area: never in printgen's (checked) text
BLOCK = 100            # entries per bfchar block (the CMap limit)


class ShapingFont(TTFont):
    """A TrueType font whose shaped glyphs carry the text they stand for."""

    def __init__(self, name: str, path: str):
        super().__init__(name, path)
        self.actual: dict[int, str] = {}                 # private code -> the text of its glyph
        self._codes: dict[tuple[int, str], int] = {}
        self._next = PRIVATE

    def code_for(self, glyph: int, text: str) -> int:
        """A code that draws ``glyph`` and reads back as ``text``."""
        face = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == glyph:
            return ord(text)
        key = (glyph, text)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = self._next
            self._next += 1
            face.charToGlyph[code] = glyph
            face.charWidths[code] = self.pdfScale(face.hmetrics[glyph][0])
            self.actual[code] = text
        return code

    def addObjects(self, doc) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if any(code in self.actual for code in subset):
                base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
                doc.idToObject["toUnicodeCMap:" + base].content = to_unicode_cmap(base, subset, self.actual)


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, subset: list[int], actual: dict[int, str]) -> str:
    """ReportLab's ToUnicode CMap for one subset, with each private code mapped to its text."""
    entries = [f"<{i:02X}> <{_hex(actual[code] if code in actual else chr(code))}>" for i, code in enumerate(subset)]
    blocks = []
    for start in range(0, len(entries), BLOCK):
        chunk = entries[start:start + BLOCK]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def", f"/CMapName /{name} def",
        "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        *blocks, "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])

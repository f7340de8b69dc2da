"""Embedding font programs: each distinct subset cut and compressed once per process.

ReportLab cuts a font subset out of the TrueType file and compresses it for every PDF it
writes. A batch writes the same subsets file after file (a poster's text, and any venue name
in ASCII, which ReportLab's first subset always holds), so the compressed program is kept
and reused. The PDF objects are built as ReportLab builds them
(``TTFontFace.addSubsetObjects``), so the bytes are the same as without the reuse.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict

MAX_PROGRAMS = 64           # distinct subsets kept per font (a program is 10-40 KB compressed)

Programs = OrderedDict  # (subset, compressed) -> (length of the program, the program as written)


def reuse_programs(font):
    """Make ``font`` (a ReportLab TTFont) embed its subsets through a cache of its own (a font
    that maps private code points to glyphs, for shaping, keeps its own meaning of them)."""
    face, programs = font.face, Programs()

    def add_subset_objects(doc, fontname, subset):
        return subset_objects(face, doc, fontname, subset, programs)

    face.addSubsetObjects = add_subset_objects
    return font


def program(face, subset, compressed: bool, programs: Programs) -> tuple[int, bytes]:
    """(length of the subset's font program, the program as it goes in the file)."""
    key = (tuple(subset), compressed)
    found = programs.get(key)
    if found is None:
        data = face.makeSubset(subset)
        found = programs[key] = (len(data), zlib.compress(data) if compressed else data)
        if len(programs) > MAX_PROGRAMS:
            programs.popitem(last=False)
    else:
        programs.move_to_end(key)
    return found


def subset_objects(face, doc, fontname, subset, programs: Programs):
    """ReportLab's TTFontFace.addSubsetObjects, the program taken from ``programs``."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC

    length, data = program(face, subset, bool(doc.compression), programs)
    font_file = pdfdoc.PDFStream()
    font_file.content = data
    font_file.dictionary["Length1"] = length
    if doc.compression:             # already compressed: the Filter entry tells ReportLab so
        font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
    flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    descriptor = pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor",
        "Ascent": face.ascent,
        "CapHeight": face.capHeight,
        "Descent": face.descent,
        "Flags": flags,
        "FontBBox": pdfdoc.PDFArray(face.bbox),
        "FontName": pdfdoc.PDFName(fontname),
        "ItalicAngle": face.italicAngle,
        "StemV": face.stemV,
        "FontFile2": font_file_ref,
        "MissingWidth": face.defaultWidth,
    })
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)

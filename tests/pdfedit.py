"""Files printgen wrote, edited as printgen would write them (a form's content changed, other
venue lines), and the poster they are made from, checked: for the tests of the check's judging
of a batch's separate files (``test_check_alike``)."""

from __future__ import annotations

import re
import zlib
from dataclasses import replace

from printgen.check.read import check_pdf
from printgen.pages import TextRun
from printgen.pdf_write import venue_pdf


def objects(pdf: bytes) -> tuple[bytes, list[bytes], bytes]:
    """(header, each object's bytes in order, trailer dictionary) of a file printgen wrote."""
    table = pdf.rindex(b"\nxref\n") + 1
    body, xref = pdf[:table], pdf[table:]
    starts = [m.start() for m in re.finditer(rb"(?m)^\d+ 0 obj\n", body)]
    trailer = xref[xref.index(b"trailer\n") + 8:xref.index(b"\nstartxref")]
    return body[:starts[0]], [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)])], trailer


def shared(pdf: bytes) -> bytes:
    """What a design's files have in common: every object but the forms' (and the trailer's /ID)."""
    header, objs, trailer = objects(pdf)
    return header + b"".join(o for o in objs if b"/Subtype /Form" not in o) + re.sub(rb"/ID[^\]]*\]", b"", trailer)


def with_form(pdf: bytes, edit) -> bytes:
    """``pdf`` with the content of its face's form changed by ``edit``, written as printgen writes it."""
    header, objs, trailer = objects(pdf)
    for n, obj in enumerate(objs):
        start = obj.find(b">>\nstream\n")
        if start < 0 or b"/Subtype /Form" not in obj[:start]:
            continue
        data = zlib.compress(edit(zlib.decompress(obj[start + 10:obj.rindex(b"endstream")])))
        head = re.sub(rb"/Length \d+", b"/Length %d" % len(data), obj[:start + 10])
        objs[n] = head + data + b"endstream\nendobj\n"
    offsets, position = [], len(header)
    for obj in objs:
        offsets.append(position)
        position += len(obj)
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return header + b"".join(objs) + xref + b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % position


def with_venue_lines(laid_out, lines) -> bytes:
    """The venue's file with ``lines`` (TextRuns) for its venue line, through printgen's writer."""
    (key, face), = laid_out.faces.items()
    first = face.venue[0]
    shapes = face.shapes[:first] + tuple(lines) + face.shapes[first + len(face.venue):]
    faces = {key: replace(face, shapes=shapes, venue=tuple(range(first, first + len(lines))))}
    data = venue_pdf(list(laid_out.pages), faces, laid_out.title, laid_out.layout.description, laid_out.lang)
    assert data is not None
    return data


def venue_line(laid_out) -> TextRun:
    (face,) = laid_out.faces.values()
    return face.shapes[face.venue[0]]


def check(data: bytes, catalogue, layout, cache: dict, dpi: int | None = None):
    return check_pdf(data, catalogue, "poster.pdf", dpi=dpi, cache=cache, min_qr=layout.smallest_code())


def problems(report) -> list[str]:
    return [f.message for p in report.pages for f in p.findings if not f.ok]

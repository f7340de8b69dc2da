"""A venue's own file, written from the bytes every venue's file shares.

A batch's separate files differ from one another in their venue text only: the poster's
headline, numbers, codes, links, boxes, metadata and fonts are the same in every one. So the
first file of a design is drawn by ReportLab (``printgen.pdf``, as every other file is) with a
mark where each face's venue lines go, and taken apart into its objects' bytes (a
``Template``, kept per process). Each venue's file is then those bytes with what the venue
changes: each face's form stream gets the venue's lines between its static parts (each part
compressed once, as a deflate block of its own: the stream is the parts' blocks and the
venue's, with the zlib checksum of the whole), a font whose subsets the venue's text added
characters to gets its objects written again (ToUnicode map, widths, program), and the
cross-reference table and /ID are made for the file. The shapes are drawn in the order the
face has them, so the page looks, reads (text order, ActualText) and links as ReportLab's file
does; pages, boxes, annotations, Info, XMP and the output intent-free catalog are ReportLab's
own bytes.

What this writer does not cover goes to ``printgen.pdf`` whole (``venue_pdf`` returns None):
a file with no venue text (nothing to reuse), pages with shapes of their own (a handout's
poured text, which the venue could change: a design per venue would reuse nothing), a venue shape that is not a line of text or that
is a link (a venue's link is an annotation of its own), and print-shop files (CMYK, then
rewritten by pikepdf: ``printgen.render.write_pdf`` never asks). Same inputs, same bytes, in
any process and whatever was written before.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, replace

from printgen.pages import Face, Picture, TextRun
from printgen.pdf import color, draw_shapes, written
from printgen.text.fonts import register
from printgen.text.rl_internals import (
    Continuation,
    content_bytes,
    font_mapping,
    font_states,
    form_name,
    raw_code,
    subset_names,
    subset_objects_bytes,
    taken_code,
    written_objects,
)

TEMPLATES = 8                   # designs kept per process (a batch has a few: layouts x languages)
MARK = "%printgen: venue lines {}"
ZLIB_HEADER = b"\x78\x9c"
FINAL_BLOCK = zlib.compressobj(6, zlib.DEFLATED, -15).flush()      # an empty last block

_templates: OrderedDict = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Gap:
    """Where a run of a face's venue lines goes, in the face drawn for every venue."""

    index: int


def venue_pdf(pages, faces: dict[str, Face], title: str, subject: str, lang: str) -> bytes | None:
    """The file of ``pages``; None when this writer does not cover it (then ``printgen.pdf``
    writes it)."""
    if not any(face.venue for face in faces.values()) or any(page.content for page in pages):
        return None     # nothing varies, or text poured onto pages (handouts) that may: drawn whole
    skeletons, lines = {}, {}
    for key, face in faces.items():
        parts = apart(face)
        if parts is None:
            return None
        skeletons[key], lines[key] = parts
    key = (tuple(pages), tuple(skeletons.items()), title, subject, lang, _pictures(pages, skeletons))
    with _lock:
        template = _templates.get(key)
        if template is None:
            template = _templates[key] = Template(pages, skeletons, title, subject, lang)
            if len(_templates) > TEMPLATES:
                _templates.popitem(last=False)
        else:
            _templates.move_to_end(key)
    return template.fill(lines)


def apart(face: Face) -> tuple[Face, list[tuple]] | None:
    """(the face with a Gap for each run of venue lines, those runs), or None when a venue
    shape is not a plain line of text."""
    venue = set(face.venue)
    shapes, runs = [], []
    for i, shape in enumerate(face.shapes):
        if i not in venue:
            shapes.append(shape)
        elif not isinstance(shape, TextRun) or shape.link:
            return None
        elif shapes and isinstance(shapes[-1], Gap):
            runs[-1].append(shape)
        else:
            shapes.append(Gap(len(runs)))
            runs.append([shape])
    return replace(face, shapes=tuple(shapes), venue=()), [tuple(run) for run in runs]


def _pictures(pages, faces) -> tuple:
    """Each image file's size and time: a file changed on disk makes a new template."""
    shapes = [s for f in faces.values() for s in f.shapes] + [s for p in pages for s in p.content + p.marks]
    out = []
    for shape in shapes:
        if isinstance(shape, Picture):
            try:
                stat = os.stat(shape.path)
                out.append((shape.path, stat.st_size, stat.st_mtime_ns))
            except OSError:
                out.append((shape.path, None, None))
    return tuple(out)


def _draw_marked(c, shapes, paint) -> None:
    start = 0
    for i, shape in enumerate(shapes):
        if isinstance(shape, Gap):
            draw_shapes(c, shapes[start:i], paint)
            raw_code(c, MARK.format(shape.index))
            start = i + 1
    draw_shapes(c, shapes[start:], paint)


def _deflate(data: bytes) -> bytes:
    """``data`` as deflate blocks that end on a byte and refer to nothing before them."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)


@dataclass
class Form:
    number: int
    head: bytes             # "N 0 obj << ... /Length L ... >> stream\n"
    pieces: list[bytes]     # the static content between the venue runs
    packed: list[bytes]     # each piece deflated on its own


class Template:
    """One design's file taken apart: its objects' bytes, and where venue text goes."""

    def __init__(self, pages, skeletons: dict[str, Face], title: str, subject: str, lang: str):
        states: dict = {}
        c, data = written(list(pages), dict(skeletons), title, subject, lang, draw=_draw_marked,
                          before_save=lambda canvas: states.update(font_states(canvas)))
        self.numbers, self.objects = written_objects(c, data)
        self.header = data[:data.index(b"1 0 obj\n")]
        trailer = data[data.rindex(b"trailer"):]
        self.root = int(re.search(rb"/Root (\d+) 0 R", trailer)[1])
        self.info = int(re.search(rb"/Info (\d+) 0 R", trailer)[1])
        self.fonts_number = self.numbers["BasicFonts"]
        self.fonts = {name.decode(): int(n) for name, n in
                      re.findall(rb"/(\S+) (\d+) 0 R", self.objects[self.fonts_number - 1])}
        self.subsets = {name: [tuple(s) for s in state.subsets] for name, (_, state) in states.items()}
        self.continuation = Continuation(states, font_mapping(c), register("regular"))
        self.lock = threading.Lock()        # one venue at a time through the continued canvas
        self.forms: dict[str, Form] = {}
        for key, face in skeletons.items():
            gaps = [s.index for s in face.shapes if isinstance(s, Gap)]
            name = form_name(f"face_{key}")
            if gaps and name in self.numbers:
                self.forms[key] = self._form(self.numbers[name], len(gaps))

    def _form(self, number: int, gaps: int) -> Form:
        obj = self.objects[number - 1]
        start = obj.index(b"\nstream\n") + len(b"\nstream\n")
        content = zlib.decompress(obj[start:obj.rindex(b"endstream")])
        pieces = []
        for i in range(gaps):
            before, content = content.split(MARK.format(i).encode("ascii"), 1)
            pieces.append(before)
        pieces.append(content)
        return Form(number, obj[:start], pieces, [_deflate(p) for p in pieces])

    def fill(self, lines: dict[str, list[tuple]]) -> bytes:
        """The file of one venue: ``lines``, face key -> its runs of venue lines."""
        with self.lock:
            return self._fill(lines)

    def _fill(self, lines: dict[str, list[tuple]]) -> bytes:
        c = self.continuation.begin()
        replaced: dict[int, bytes] = {}
        for key, form in self.forms.items():
            codes = []
            for run in lines[key]:
                draw_shapes(c, run, color)
                codes.append(content_bytes(taken_code(c)))
            replaced[form.number] = _stream(form, codes)
        return self.assemble(replaced, self.fonts_written(replaced, len(self.objects)))

    def fonts_written(self, replaced: dict[int, bytes], count: int) -> int:
        """The objects of every font subset the venue's text changed or added, numbered after
        the ``count`` the file has; how many it has then."""
        fonts = dict(self.fonts)
        for name, (font, internal, subsets) in self.continuation.subsets().items():
            before = self.subsets.get(name, [])
            for n, subset in enumerate(subsets):
                if n < len(before) and before[n] == subset:
                    continue
                names = subset_names(font, internal, n)
                if all(x in self.numbers for x in names):
                    numbers = tuple(self.numbers[x] for x in names)
                else:
                    numbers = tuple(range(count + 1, count + 5))
                    count += 4
                    fonts[names[0]] = numbers[0]
                replaced.update(zip(numbers, subset_objects_bytes(font, internal, n, subset, numbers)))
        if fonts != self.fonts:
            entries = " ".join(f"/{name} {n} 0 R" for name, n in sorted(fonts.items()))
            replaced[self.fonts_number] = f"{self.fonts_number} 0 obj\n<<\n{entries}\n>>\nendobj\n".encode("latin-1")
        return count

    def assemble(self, replaced: dict[int, bytes], count: int) -> bytes:
        """The file: the template's objects, ``replaced`` (by number, new ones too) over them."""
        objects = self.objects + [b""] * (count - len(self.objects))
        for number, data in replaced.items():
            objects[number - 1] = data
        offsets, position = [], len(self.header)
        for obj in objects:
            offsets.append(position)
            position += len(obj)
        body = b"".join(objects)
        digest = hashlib.md5(body, usedforsecurity=False).hexdigest().encode("ascii")
        xref = b"xref\n0 %d\n0000000000 65535 f \n" % (count + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
        trailer = (b"trailer\n<<\n/ID \n[<%s><%s>]\n\n/Info %d 0 R\n/Root %d 0 R\n/Size %d\n>>\nstartxref\n%d\n%%%%EOF\n"
                   % (digest, digest, self.info, self.root, count + 1, position))
        return b"".join((self.header, body, xref, trailer))


def _stream(form: Form, codes: list[bytes]) -> bytes:
    """The form's object with the venue's content between its static pieces."""
    out, check = [ZLIB_HEADER], 1
    for i, piece in enumerate(form.pieces):
        out.append(form.packed[i])
        check = zlib.adler32(piece, check)
        if i < len(codes):
            out.append(_deflate(codes[i]))
            check = zlib.adler32(codes[i], check)
    out += [FINAL_BLOCK, check.to_bytes(4, "big")]
    data = b"".join(out)
    head = re.sub(rb"/Length \d+", b"/Length %d" % len(data), form.head, count=1)
    return head + data + b"endstream\nendobj\n"

"""A batch's combined file written from its first venue's pages: each further page is bytes.

Every venue's pages in a combined file (``printgen.batch.combined``) are the same pages (the
same faces, drawn once as forms, placed at the same places) with the venue's own lines drawn
over them. So ReportLab draws the first venue's pages only, with a mark where the lines go (a
``printgen.pdf_write.Template``), and every venue's page is made from that page's bytes:

- its content stream is the first venue's page with the venue's lines in place of the first
  venue's (which the template draws where ReportLab's whole file does, between two marks),
  drawn by a canvas that goes on from the template's fonts, venue after venue: the same
  operators, subsets and codes as in ReportLab's whole file (each line sets the state it draws
  in: its colour, font, size, and any stroke in a saved state);
- its page object is the first venue's, without the links: a face's links are on the first page
  that shows it (``printgen.pdf``), and the venue's lines have none;
- the page tree lists every page in order; the fonts whose subsets the lines grew, or that the
  lines added, are written again; the cross-reference table and /ID are made for the file.

What this writer does not cover returns None and ``printgen.pdf`` writes the file whole: pages
with content of their own besides the venue's lines (a handout's poured text) or bookmarks, a
venue whose pages are not the first venue's (a face of its own), lines that are not plain text
or that link, or a venue with lines on a page where the first venue has none (or none where it
has). Same inputs, same bytes.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import replace

from printgen.pages import TextRun
from printgen.pdf import color, draw_shapes
from printgen.pdf_write import MARK, Gap, Template
from printgen.text.rl_internals import content_bytes, taken_code

STREAM = b"\nstream\n"


def combined_bytes(venues: list[list[tuple]], faces: dict, title: str, subject: str, lang: str) -> bytes | None:
    """The file of every venue's pages: ``venues`` holds, per venue, (page, its venue lines) for
    each of its pages, the page without them; None when this writer does not cover it."""
    first = [page for page, _ in venues[0]]
    lined = [bool(lines) for _, lines in venues[0]]
    if any(page.content or page.outline for page in first):
        return None
    for pages in venues:
        if len(pages) != len(first):
            return None
        for (page, lines), base, has in zip(pages, first, lined):
            if page != base or bool(lines) != has or not all(isinstance(s, TextRun) and not s.link for s in lines):
                return None
    # the first venue's lines drawn in the template, between two marks, in the order of ReportLab's
    # whole file (a later page's face may add the characters a line uses: the codes follow that order)
    marked = [replace(page, content=(Gap(2 * j), *lines, Gap(2 * j + 1))) if lines else page
              for j, (page, lines) in enumerate(venues[0])]
    return _written(Template(marked, dict(faces), title, subject, lang), venues)


def _written(template: Template, venues: list[list[tuple]]) -> bytes:
    objects = template.objects
    tree = int(re.search(rb"/Pages (\d+) 0 R", objects[template.root - 1])[1])
    kids = [int(n) for n in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[([^\]]*)\]", objects[tree - 1])[1])]
    contents = [int(re.search(rb"/Contents (\d+) 0 R", objects[k - 1])[1]) for k in kids]
    pieces = [_pieces(objects[n - 1], j) for j, n in enumerate(contents)]
    bare = [re.sub(rb"/Annots \[[^\]]*\] ?", b"", objects[k - 1]) for k in kids]    # no links: shown before
    c = template.continuation.begin()       # the fonts as the first venue's pages left them
    replaced: dict[int, bytes] = {}
    count, numbers = len(objects), []
    for v, pages in enumerate(venues):
        for j, (_, lines) in enumerate(pages):
            if v:
                count += 2
                page, content = count - 1, count
                replaced[page] = _number(bare[j], page).replace(b"/Contents %d 0 R" % contents[j],
                                                                b"/Contents %d 0 R" % content, 1)
            else:
                page, content = kids[j], contents[j]
            numbers.append(page)
            if lines:
                head, before, first, after = pieces[j]
                if v:
                    draw_shapes(c, lines, color)
                code = content_bytes(taken_code(c)) if v else first
                replaced[content] = _content(content, head, before + code + after)
            elif v:
                replaced[content] = _number(objects[contents[j] - 1], content)
    listed = " \n  ".join(" ".join(f"{n} 0 R" for n in numbers[i:i + 10]) for i in range(0, len(numbers), 10))
    replaced[tree] = f"{tree} 0 obj\n<<\n/Count {len(numbers)} /Kids [ {listed} ] /Type /Pages\n>>\nendobj\n".encode()
    return template.assemble(replaced, template.fonts_written(replaced, count))


def _pieces(obj: bytes, j: int) -> tuple[bytes, bytes, bytes, bytes] | None:
    """(the stream object's head, the page's content before its marks, the first venue's lines
    between them, the content after them); None without them."""
    start = obj.index(STREAM) + len(STREAM)
    content = zlib.decompress(obj[start:obj.rindex(b"endstream")])
    opening, closing = (MARK.format(2 * j) + "\n").encode("ascii"), ("\n" + MARK.format(2 * j + 1)).encode("ascii")
    if opening not in content:
        return None
    before, rest = content.split(opening, 1)
    first, after = rest.split(closing, 1)
    return obj[:start], before, first, after


def _content(number: int, head: bytes, content: bytes) -> bytes:
    data = zlib.compress(content)
    head = re.sub(rb"/Length \d+", b"/Length %d" % len(data), _number(head, number), count=1)
    return head + data + b"endstream\nendobj\n"


def _number(obj: bytes, number: int) -> bytes:
    """``obj`` (which begins "N 0 obj") as object ``number``."""
    return b"%d" % number + obj[obj.index(b" "):]

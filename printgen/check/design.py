"""The bytes of a file taken apart, to tell whether two files differ in their text lines only.

A batch's separate files of one design (``printgen.pdf_write``) differ from one another in the
venue's lines: the poster's codes, numbers, fonts, links and boxes are the same objects with the
same bytes. This module reads a file's bytes as a reader does, through its cross-reference
table, and accepts only a file it can read whole and exactly: a header, numbered objects that
follow one another to the table (no bytes between them, each at the offset the table gives),
one table, one trailer without /Prev, /XRefStm or /Encrypt. Its ``key`` is a digest of every
object's bytes but the content of its form XObjects (their dictionaries are in it, /Length
aside), and of the trailer but its /ID; a form's content is decoded (deflate only, nothing
after its end) and read into operators.

Two files of one key may still differ in their forms' content, so ``text_only`` tells whether
the difference is text lines: every operator but those that set and show text (and set the
fill colour) must be the same, with the same operands, in the same order. What the lines are,
and where they are drawn, the page check reads from the file (``printgen.check.alike``).
Anything this module does not read exactly makes ``parts`` return None: the file is then
checked whole, as any file is.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# operators a line of text is drawn with: text objects, text state, positioning, showing, fill colour
TEXT_OPERATORS = frozenset({b"BT", b"ET", b"Tm", b"Td", b"TD", b"T*", b"Tf", b"TL", b"Tc", b"Tw", b"Tz", b"Ts",
                            b"Tj", b"TJ", b"'", b'"', b"rg", b"g", b"k"})
_KEYWORDS = frozenset({b"true", b"false", b"null"})
_SPACE = (b"\x00", b"\t", b"\n", b"\x0c", b"\r", b" ")

_TRAILER = re.compile(rb"xref\n0 (\d+)\n((?:\d{10} \d{5} [nf] ?\r?\n)*)trailer\n(<<.*?>>)\nstartxref\n(\d+)\n%%EOF\n?\Z", re.S)
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJECT = re.compile(rb"(\d+) 0 obj\n")
_LENGTH = re.compile(rb"/Length (\d+)(?!\d)(?!\s+\d+\s+R)")    # a length given, not a reference
_FORM = re.compile(rb"/Subtype /Form\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_INDIRECT_KIND = re.compile(rb"/(?:Subtype|Type|Filter)\s+\d+\s+\d+\s+R")     # what a stream is, by reference
_FILTER = re.compile(rb"/Filter\s*\[?\s*/FlateDecode\s*\]?")
_PROGRAM = re.compile(rb"/Length[123] ")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_ROOT = re.compile(rb"/Root (\d+ 0 R)")
_ID = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]")
_TOKEN = re.compile(rb"""
    [\x00\t\n\x0c\r ]+                 # white space
  | %[^\r\n]*                          # a comment
  | \((?:[^()\\]|\\.)*\)               # a string (one with unescaped parentheses inside is not read)
  | <<|>>|<[0-9A-Fa-f\x00\t\n\x0c\r ]*>
  | [\[\]{}]
  | /[^\x00\t\n\x0c\r ()<>\[\]{}/%]*
  | [^\x00\t\n\x0c\r ()<>\[\]{}/%]+
""", re.X | re.S)


@dataclass(frozen=True)
class Parts:
    """A file's ``key``, and the decoded content of each of its forms, by object number; each
    form's dictionary (``heads``: ``N 0 obj`` and the dictionary, /Length taken out), the
    trailer's /Root and /Size and where its table starts: what an update of the file needs."""

    key: str
    forms: dict[int, bytes]
    heads: dict[int, bytes] = field(default_factory=dict)
    root: bytes = b""
    size: int = 0
    table: int = 0


def parts(pdf: bytes) -> Parts | None:
    """``pdf`` taken apart; None when it is not read exactly (then the file is checked whole)."""
    objects = _objects(pdf)
    if objects is None:
        return None
    header, numbered, trailer, table = objects
    digest = hashlib.sha256(header)
    digest.update(_ID.sub(b"", trailer))
    forms, heads = {}, {}
    for number, obj in enumerate(numbered, 1):
        stream = _stream(obj)
        if stream is not None and _FORM.search(stream[0]) and not _IMAGE.search(stream[0]) \
                and not _INDIRECT_KIND.search(stream[0]):
            head, data = stream
            content = _content(head, data)
            if content is None:
                return None
            forms[number], heads[number] = content, head
            digest.update(b"F%d:%d:" % (number, len(head)) + head)
        else:
            digest.update(b"O%d:%d:" % (number, len(obj)))
            digest.update(obj)
    root = _ROOT.search(trailer)
    return Parts(digest.hexdigest(), forms, heads, root[1] if root else b"", len(numbered) + 1, table)


class Content:
    """A judged file's form content, line by line, and where it may differ in another file:
    at a line start that no string, comment or operator's operands run across (``clean``)."""

    def __init__(self, content: bytes):
        self.lines = content.split(b"\n")
        self.clean = _clean(content, self.lines)
        self.matcher = SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(self.lines)            # indexed once, for every file compared

    def text_only(self, content: bytes) -> bool:
        """Whether ``content`` is this one but for whole text operators (drawing lines of text)."""
        if self.clean is None:
            return False
        lines = content.split(b"\n")
        return self._text_only(lines, trimmed(lines, self.lines)) or self._text_only(lines, self._matched(lines))

    def _matched(self, lines: list[bytes]) -> list[tuple]:
        self.matcher.set_seq1(lines)
        return self.matcher.get_opcodes()

    def _text_only(self, lines: list[bytes], opcodes: list[tuple]) -> bool:
        for tag, i1, i2, j1, j2 in opcodes:
            if not (self.clean[j1] and self.clean[j2]):
                return False
            if tag != "equal" and not (_text_ops(b"\n".join(lines[i1:i2])) and _text_ops(b"\n".join(self.lines[j1:j2]))):
                return False
        return True


def trimmed(a: list, b: list) -> list[tuple]:
    """difflib's opcodes from ``a`` to ``b`` with the common start and end taken first, and all
    between them one change: a file's lines (or objects) differ from another's in one place most
    often, and this costs a fraction of a SequenceMatcher."""
    n, m, start = len(a), len(b), 0
    while start < n and start < m and a[start] == b[start]:
        start += 1
    end = 0
    while end < n - start and end < m - start and a[n - 1 - end] == b[m - 1 - end]:
        end += 1
    out = [("equal", 0, start, 0, start)] if start else []
    if n - end > start or m - end > start:
        tag = "replace" if n - end > start and m - end > start else "delete" if n - end > start else "insert"
        out.append((tag, start, n - end, start, m - end))
    if end:
        out.append(("equal", n - end, n, m - end, m))
    return out


def text_only(judged: dict[int, Content], other: Parts) -> bool:
    """Whether ``other`` (of the judged file's key) differs from it in its forms' text operators only."""
    return judged.keys() == other.forms.keys() and all(judged[n].text_only(c) for n, c in other.forms.items())


def _objects(pdf: bytes) -> tuple[bytes, list[bytes], bytes, int] | None:
    """(header, each object's bytes by number, trailer dictionary, where the table starts), read
    through the table."""
    start = pdf.rfind(b"xref\n0 ")
    if start < 0:
        return None
    tail = _TRAILER.match(pdf, start)
    if tail is None or int(tail[4]) != start:
        return None
    count, trailer = int(tail[1]), tail[3]
    if any(word in trailer for word in (b"/Prev", b"/XRefStm", b"/Encrypt")):
        return None
    entries = _ENTRY.findall(tail[2])
    if len(entries) != count or count < 2 or entries[0][2] != b"f":
        return None
    offsets = []
    for offset, generation, kind in entries[1:]:
        if kind != b"n" or generation != b"00000":
            return None
        offsets.append(int(offset))
    ends = offsets[1:] + [start]
    if offsets != sorted(offsets) or offsets[0] <= 0:
        return None
    numbered = []
    for number, (begin, end) in enumerate(zip(offsets, ends), 1):
        obj = pdf[begin:end]
        head = _OBJECT.match(obj)
        if head is None or int(head[1]) != number or not obj.endswith(b"endobj\n"):
            return None
        numbered.append(obj)
    return pdf[:offsets[0]], numbered, trailer, start


def _stream(obj: bytes) -> tuple[bytes, bytes] | None:
    """(the dictionary, /Length taken out; the data) of a stream object, or None."""
    mark = obj.find(b">>\nstream\n")
    if mark < 0 or not obj.endswith(b"endstream\nendobj\n"):
        return None
    head, data = obj[:mark + 2], obj[mark + 10:-len(b"endstream\nendobj\n")]
    lengths = _LENGTH.findall(head)
    if len(lengths) != 1 or b"stream" in head[:-2] or int(lengths[0]) != len(data):
        return None
    return _LENGTH.sub(b"", head), data


def _content(head: bytes, data: bytes) -> bytes | None:
    if re.search(rb"/Filter\s*\[?\s*/FlateDecode\s*\]?", head) is None or head.count(b"/Filter") != 1 \
            or b"/DecodeParms" in head:
        return None
    inflate = zlib.decompressobj()
    try:
        content = inflate.decompress(data)
    except zlib.error:
        return None
    return content if inflate.eof and not inflate.unused_data else None


def _clean(content: bytes, lines: list[bytes]) -> list[bool] | None:
    """For each line start (and the end), whether content may be told apart there; None when
    the content is not read exactly."""
    tokens = _tokens(content)
    if tokens is None:
        return None
    starts, position, pending = set(), 0, False
    if b"BI" in tokens:                         # an inline image's data is not read as operators
        return None
    for token in tokens:
        if token[:1] in _SPACE and b"\n" in token and not pending:
            base = position
            for _ in range(token.count(b"\n")):
                base = content.index(b"\n", base) + 1
                starts.add(base)
        elif token[:1] not in _SPACE and token[:1] != b"%":
            pending = _operand(token)
        position += len(token)
    out, offset = [True], 0
    for line in lines[:-1]:
        offset += len(line) + 1
        out.append(offset in starts)
    return out + [True]


def _text_ops(block: bytes) -> bool:
    """Whether ``block`` is whole operators that draw text, each with its operands."""
    tokens = _tokens(block)
    if tokens is None:
        return False
    pending = False
    for token in tokens:
        if token[:1] in _SPACE or token[:1] == b"%":
            continue
        pending = _operand(token)
        if not pending and token not in TEXT_OPERATORS:
            return False
    return not pending


def operations(content: bytes) -> list[tuple[bytes, list[bytes]]] | None:
    """``content`` as (operator, its operands' tokens), in order; None when it is not read
    exactly as a reader reads it: an inline image, a string the tokens do not read, operands left
    at the end, a word inside an array or a dictionary (a reader skips it), a number that is not
    one (``4Tc``: a reader takes it for an unknown operator)."""
    tokens = _tokens(content)
    if tokens is None or b"BI" in tokens:
        return None
    out, operands, depth = [], [], 0
    for token in tokens:
        if token[:1] in _SPACE or token[:1] == b"%":
            continue
        if token in (b"[", b"<<"):
            depth += 1
        elif token in (b"]", b">>"):
            depth -= 1
            if depth < 0:
                return None
        if token[:1] in b"+-.0123456789" and not _NUMBER.fullmatch(token) or token[:1] in b"{}":
            return None
        if _operand(token):
            operands.append(token)
        elif depth:
            return None
        else:
            out.append((token, operands))
            operands = []
    return None if operands or depth else out


def _tokens(content: bytes) -> list[bytes] | None:
    tokens = _TOKEN.findall(content)
    return tokens if sum(map(len, tokens)) == len(content) else None


def _operand(token: bytes) -> bool:
    first = token[:1]
    return first in b"/([]<>{}" or first in b"+-.0123456789" or token in _KEYWORDS


def updated(pdf: bytes, taken: Parts, contents: dict[int, bytes], decoded: dict[int, bytes] | None = None) -> bytes:
    """``pdf`` with an update appended: each form's content ``contents`` gives, every other form's
    content empty, and the objects ``decoded`` gives (``decoded``: a file's font programs with
    their data decoded, the same programs); its other objects as they are."""
    objects = [(n, _written_stream(head, contents.get(n, b""))) for n, head in taken.heads.items()]
    offsets, position = [], len(pdf)
    for number, obj in objects + list((decoded or {}).items()):
        offsets.append((number, position, obj))
        position += len(obj)
    table = b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (n, at) for n, at, _ in offsets)
    trailer = b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        taken.size, taken.root, taken.table, position)
    return pdf + b"".join(obj for _, _, obj in offsets) + table + trailer


def decoded_fonts(pdf: bytes) -> dict[int, bytes]:
    """Each font program of ``pdf`` (a stream with /Length1, /Length2 or /Length3: TrueType or
    Type 1), deflated only, as an object of the same number with its data decoded: a reader
    that opens many files of one design then need not inflate the same programs in each."""
    objects = _objects(pdf)
    out = {}
    for number, obj in enumerate(objects[1] if objects else [], 1):
        stream = _stream(obj)
        if stream is not None and _PROGRAM.search(stream[0]):
            content = _content(*stream)
            if content is not None:
                out[number] = _written_stream(stream[0], content)
    return out


def _written_stream(head: bytes, data: bytes) -> bytes:
    """A stream object of ``head`` (``N 0 obj`` and its dictionary, /Length taken out) holding
    ``data`` as it is (no filter)."""
    return _FILTER.sub(b"", head)[:-2] + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream\nendobj\n"

"""A form's content cut down to a run of lines of text, and what those lines leave set.

``printgen.check.swapped`` reads a file's own lines alone: in a copy of its page whose form
draws only the state the lines are drawn in (the transforms, colours, text state and marked
content before them, kept as operators; paths, images and shadings left out, other text
objects kept for the state they set) and the text objects beside them. Content holding what is
not read here (a clipping path, an inline image, marked content inside a text object, a Type 3
glyph's operators, an operator not named below) is not cut: the file is then judged otherwise.
"""

from __future__ import annotations

from printgen.check.design import TEXT_OPERATORS, operations

# what a line leaves set for what follows it (a text object's matrix ends with it)
LEFT_SET = frozenset({b"Tf", b"TL", b"Tc", b"Tw", b"Tz", b"Ts"})
# drawing state kept around the lines; drawing that paints (paths, images, shadings) left out
STATE = frozenset({b"q", b"Q", b"cm", b"w", b"J", b"j", b"M", b"d", b"ri", b"i", b"gs", b"CS", b"cs", b"SC", b"SCN",
                   b"sc", b"scn", b"G", b"g", b"RG", b"rg", b"K", b"k", b"Tc", b"Tw", b"Tz", b"TL", b"Tf", b"Tr",
                   b"Ts", b"BMC", b"BDC", b"EMC", b"MP", b"DP"})
PAINT = frozenset({b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b",
                   b"b*", b"n", b"sh", b"Do"})
# inside a text object: what stays set after it
TEXT_STATE = frozenset({b"Tc", b"Tw", b"Tz", b"TL", b"Tf", b"Tr", b"Ts", b"CS", b"cs", b"SC", b"SCN", b"sc", b"scn",
                        b"G", b"g", b"RG", b"rg", b"K", b"k"})
TEXT_DRAW = frozenset({b"Tm", b"Td", b"TD", b"T*", b"Tj", b"TJ", b"'", b'"'})
# what each operator a line may hold (``design.TEXT_OPERATORS``) takes: n a number, s a string, / a
# name, [ an array of strings and numbers
OPERANDS = {b"BT": "", b"ET": "", b"T*": "", b"Tm": "nnnnnn", b"Td": "nn", b"TD": "nn", b"Tf": "/n", b"TL": "n",
            b"Tc": "n", b"Tw": "n", b"Tz": "n", b"Ts": "n", b"Tj": "s", b"'": "s", b'"': "nns", b"TJ": "[",
            b"rg": "nnn", b"g": "n", b"k": "nnnn"}
assert OPERANDS.keys() == TEXT_OPERATORS


def left_set(region: bytes) -> tuple | None:
    """What ``region`` leaves set (text state, fill colour), when it is whole text objects and
    fill colours only, each operator with the operands it takes (``OPERANDS``); else None."""
    ops = operations(region)
    if ops is None:
        return None
    left, inside = {}, False
    for op, operands in ops:
        if op not in OPERANDS or not _takes(op, operands):
            return None
        if op == b"BT":
            if inside:
                return None
            inside = True
        elif op == b"ET":
            if not inside:
                return None
            inside = False
        elif op in TEXT_DRAW and not inside:
            return None
        if op in (b"rg", b"g", b"k"):
            left["fill"] = (op, *operands)
        elif op == b'"':                         # aw ac string ": sets the word and character spacing
            left["Tw"], left["Tc"] = tuple(operands[:1]), tuple(operands[1:2])
        elif op == b"TD":                        # tx ty TD: moves, and sets the leading to -ty
            left["TL"] = (b"TD", operands[1])
        elif op in LEFT_SET:
            left[op.decode()] = tuple(operands)
    return None if inside else tuple(sorted(left.items()))



def _takes(op: bytes, operands: list[bytes]) -> bool:
    kinds = OPERANDS[op]
    if kinds == "[":
        return len(operands) >= 2 and operands[0] == b"[" and operands[-1] == b"]" \
            and all(_kind(o) in "ns" for o in operands[1:-1])
    return len(operands) == len(kinds) and all(_kind(o) == k for o, k in zip(operands, kinds))


def _kind(token: bytes) -> str:
    first = token[:1]
    return "s" if first in b"(<" and token[:2] != b"<<" else "/" if first == b"/" else \
        "n" if first in b"+-.0123456789" else "?"


def cut(before: list[bytes], after: list[bytes], region: bytes) -> tuple[bytes, bytes, bytes] | None:
    """The content before the lines (its state, its last text object), the same with that text
    object's state only, and the content after them (the state between, its first text object);
    None when the content holds what is not read here (a clipping path, an inline image ...)."""
    ops = operations(b"\n".join(before))
    later = operations(b"\n".join(after))
    own = operations(region)
    if ops is None or later is None or own is None:
        return None
    blocks = _blocks(ops)
    if blocks is None or not blocks:
        return None
    last = blocks[-1]
    block_of = {n: block for block in blocks for n in range(block[0], block[1] + 1)}
    kept, quiet = [], []
    for n, (op, operands) in enumerate(ops):
        block = block_of.get(n)
        if block is None:
            if op in STATE:
                kept.append((op, operands))
                quiet.append((op, operands))
            elif op not in PAINT:
                return None
            continue
        if op in TEXT_STATE:
            quiet.append((op, operands))
        elif op not in TEXT_DRAW and op not in (b"BT", b"ET") or op == b'"' and block is not last:
            return None
        if block is last or op in TEXT_STATE:
            kept.append((op, operands))
    quiet += [(op, operands) for op, operands in own if op in TEXT_STATE]
    following = _blocks(later)
    if not following:
        return None
    tail = []
    for n, (op, operands) in enumerate(later[:following[0][1] + 1]):
        if n >= following[0][0]:
            if op not in TEXT_STATE and op not in TEXT_DRAW and op not in (b"BT", b"ET"):
                return None
            tail.append((op, operands))
        elif op in STATE:
            tail.append((op, operands))
        elif op not in PAINT:
            return None
    return _written(kept), _written(quiet), _written(tail)


def _blocks(ops) -> list[tuple[int, int]] | None:
    """Where each text object starts and ends (BT, ET) among ``ops``; None when they do not pair."""
    out, start = [], None
    for n, (op, _) in enumerate(ops):
        if op == b"BT":
            if start is not None:
                return None
            start = n
        elif op == b"ET":
            if start is None:
                return None
            out.append((start, n))
            start = None
    return None if start is not None else out


def _written(ops) -> bytes:
    return b"\n".join(b" ".join(operands + [op]) for op, operands in ops)

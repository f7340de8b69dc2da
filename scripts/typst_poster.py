#!/usr/bin/env python3
"""The benchmark's rival: the same posters made with Typst (the `typst` Python package, extra `bench`).

The poster comes as plain data (scripts/benchmark.py poster_data: printgen's own composition of
poster-letter, every line, box, rule and code at its place) and becomes one Typst document: the
same text in the same Noto Sans fonts (embedded as subsets by Typst), the same boxes and rules,
each code as a vector image made from printgen's QR matrix (Typst writes an image once however
often it is placed), the same links (in one file for every venue, on its first page only, as
printgen's combined file has them), and the venue's name where printgen prints it. Typst's
own layout engine places each text at its baseline (top-edge: baseline), so nothing is measured
or fitted: what is timed is Typst compiling and writing the PDF.

    typst_poster.py POSTER.json OUT --venues VENUES.txt --combined       # one file, a page per venue
    typst_poster.py POSTER.json OUTDIR --venues VENUES.txt --jobs 2     # a file per venue
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _s(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _qr_svg(payload: str, ec: str) -> str:
    sys.path.insert(0, str(ROOT))
    from printgen.qr import encode

    matrix = encode(payload, ec)
    n = matrix.modules + 8
    path = "".join(f"M{col + 4} {r + 4}h{length}v1h-{length}z" for r, col, length in matrix.runs())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" shape-rendering="crispEdges">'
            f'<rect width="{n}" height="{n}" fill="#fff"/><path d="{path}" fill="#000"/></svg>')


def source(poster: dict) -> str:
    """The Typst document: a function `poster(venue)` drawing one page."""
    w, h = poster["page"]
    out = [f"#set page(width: {w}pt, height: {h}pt, margin: 0pt)",
           '#set text(font: "Noto Sans", top-edge: "baseline", bottom-edge: "baseline")']
    body = []
    for shape in poster["shapes"]:
        kind = shape["kind"]
        if kind == "rect":
            x, y, bw, bh = shape["box"]
            body.append(f'place(top + left, dx: {x}pt, dy: {h - y - bh}pt, rect(width: {bw}pt, height: {bh}pt, '
                        f'fill: rgb("{shape["fill"]}"), stroke: none, radius: {shape.get("radius", 0)}pt))')
        elif kind == "line":
            x1, y1, x2, y2 = shape["points"]
            body.append(f'place(top + left, line(start: ({x1}pt, {h - y1}pt), end: ({x2}pt, {h - y2}pt), '
                        f'stroke: {shape["width"]}pt + rgb("{shape["color"]}")))')
        elif kind == "text":
            body.append(_text(shape, shape["text"], h, literal=True))
        elif kind == "qr":
            out.append(f'#let qr{shape["index"]} = image(bytes({_s(_qr_svg(shape["payload"], shape["ec"]))}), '
                       f'format: "svg", width: {shape["size"]}pt)')
            body.append(f'place(top + left, dx: {shape["x"]}pt, dy: {h - shape["y"] - shape["size"]}pt, '
                        f'qr{shape["index"]})')
    body.append(_text(poster["venue"], "venue", h, literal=False))
    links = [f'place(top + left, dx: {x}pt, dy: {h - y - lh}pt, link({_s(url)}, box(width: {lw}pt, height: {lh}pt)))'
             for url, (x, y, lw, lh) in poster["links"]]
    body.append("if linked {\n    " + "\n    ".join(links) + "\n  }")
    out.append("#let poster(venue, linked: true) = {\n  " + "\n  ".join(body) + "\n}")
    return "\n".join(out) + "\n"


def _text(shape: dict, text: str, h: float, literal: bool) -> str:
    weight = "bold" if shape["font"] == "bold" else "regular"
    content = _s(text) if literal else text
    return (f'place(top + left, dx: {shape["x"]}pt, dy: {h - shape["y"]}pt, text(size: {shape["size"]}pt, '
            f'weight: "{weight}", fill: rgb("{shape["color"]}"), {content}))')


def compiler(path: Path):
    import typst
    from printgen.text.fonts import FONT_DIR

    return typst.Compiler(path, font_paths=[str(FONT_DIR)], ignore_system_fonts=True)


def separate(args: tuple) -> int:
    document, outdir, names = args
    made = compiler(document)
    for n, name in names:
        made.compile(output=str(Path(outdir) / f"poster-{n}.pdf"), sys_inputs={"venue": name})
    return len(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("poster")
    parser.add_argument("out")
    parser.add_argument("--venues", required=True, help="a file of venue names, one a line")
    parser.add_argument("--combined", action="store_true", help="one file with a page per venue")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from floor import in_processes

    src = source(json.loads(Path(args.poster).read_text()))
    names = Path(args.venues).read_text("utf-8").splitlines()
    document = Path(args.out).with_name(Path(args.out).name + ".typ")     # the document, beside its output
    if args.combined:
        document.write_text(src + '#for (i, v) in sys.inputs.venues.split("\\n").enumerate() '
                        '{ if i > 0 { pagebreak() }; poster(v, linked: i == 0) }\n', "utf-8")
        compiler(document).compile(output=args.out, sys_inputs={"venues": "\n".join(names)})
        return
    document.write_text(src + "#poster(sys.inputs.venue)\n", "utf-8")
    Path(args.out).mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(args.jobs, len(names)))
    in_processes(separate, [(document, args.out, list(enumerate(names))[k::jobs]) for k in range(jobs)])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The floor: the benchmark's posters drawn with a bare ReportLab canvas, one file each.

What these pages cost without printgen's machinery (no schema, no selection, no text
fitting, no checks): the same text at the same places in the same embedded fonts, the same
QR encoder drawn as one path per code, the same links, and the same reuse of repeated parts:
the shared part of the poster drawn once per file as a form XObject (the venue's name on the
page), each font subset cut and compressed once per process (printgen.text.rl_internals, the same
code printgen uses) and each code's path built once per process. The poster comes as plain
data (POSTER.json, made by scripts/benchmark.py from printgen's own composition, outside
the timing).

    python scripts/floor.py POSTER.json OUTDIR --count 1000 --jobs 2
    python scripts/floor.py POSTER.json OUTDIR --count 1000 --unique --encoder zxing

--unique gives every poster a code of its own (https://example.org/venue/N, the reserved
example domain) in place of the poster's second code; --encoder picks the QR encoder for it
(qrcode through printgen.qr, or zxing-cpp).
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def venue_name(n: int, width: int = 3) -> str:
    """"Venue BCD": letters, not digits (a number on a poster must come from the catalogue);
    ``width`` letters give 26 ** width names."""
    letters = ""
    for _ in range(width):
        n, r = divmod(n, 26)
        letters = chr(65 + r) + letters
    return f"Venue {letters}"


@functools.lru_cache(maxsize=64)       # each distinct payload encoded once per process, as printgen does
def matrix_runs(payload: str, ec: str, encoder: str) -> tuple[int, list[tuple[int, int, int]]]:
    """(modules per side, dark runs (row, first column, length)) of the payload's QR code."""
    if encoder == "zxing":
        import zxingcpp

        image = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level=ec).to_image(
            scale=1, add_quiet_zones=False)
        n = image.shape[0]
        data = bytes(memoryview(image))
        rows = [[data[r * n + c] < 128 for c in range(n)] for r in range(n)]
    else:
        from printgen.qr import make_matrix

        rows = make_matrix(payload, ec).rows        # printgen's encoder, without its caches
        n = len(rows)
    runs = []
    for r, row in enumerate(rows):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return n, runs


def draw_qr(c, code: dict, encoder: str) -> None:
    c.setFillColorRGB(1, 1, 1)
    c.rect(code["x"], code["y"], code["size"], code["size"], stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(qr_path(code["payload"], code["ec"], encoder, code["x"], code["y"], code["size"]), stroke=0, fill=1)


@functools.lru_cache(maxsize=64)        # each code's path built once per process, as printgen does
def qr_path(payload: str, ec: str, encoder: str, x: float, y: float, size: float):
    from reportlab.pdfgen.pathobject import PDFPathObject

    n, runs = matrix_runs(payload, ec, encoder)
    m = size / (n + 8)
    path = PDFPathObject()
    x0, top = x + 4 * m, y + size - 4 * m
    for r, col, length in runs:
        path.rect(x0 + col * m, top - (r + 1) * m, length * m, m)
    return path


def draw_shared(c, poster: dict, fonts: dict, skip_code: int | None, encoder: str) -> None:
    from reportlab.lib.colors import HexColor

    for shape in poster["shapes"]:
        kind = shape["kind"]
        if kind == "rect":
            c.setFillColor(HexColor(shape["fill"]))
            if shape.get("radius"):                   # the poster's bands have rounded corners
                c.roundRect(*shape["box"], shape["radius"], stroke=0, fill=1)
            else:
                c.rect(*shape["box"], stroke=0, fill=1)
        elif kind == "line":
            c.setStrokeColor(HexColor(shape["color"]))
            c.setLineWidth(shape["width"])
            c.line(*shape["points"])
        elif kind == "text":
            c.setFillColor(HexColor(shape["color"]))
            c.setFont(fonts[shape["font"]], shape["size"])
            c.drawString(shape["x"], shape["y"], shape["text"])
        elif kind == "qr" and shape["index"] != skip_code:
            draw_qr(c, shape, encoder)


def posters(args: tuple) -> int:
    poster_file, outdir, first, count, unique, encoder = args
    from reportlab import rl_config
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from printgen.text.rl_internals import reuse_programs

    rl_config.useA85 = 0
    poster = json.loads(Path(poster_file).read_text())
    fonts = {}
    for style, path in poster["fonts"].items():
        fonts[style] = f"Floor-{style}"
        # font subsets cut and compressed once per process, as printgen does (printgen.text.rl_internals)
        pdfmetrics.registerFont(reuse_programs(TTFont(fonts[style], path)))
    codes = [s for s in poster["shapes"] if s["kind"] == "qr"]
    own = codes[-1] if unique else None
    venue = poster["venue"]
    w, h = poster["page"]
    for n in range(first, first + count):
        buffer = io.BytesIO()
        c = canvas.Canvas(buffer, pagesize=(w, h), invariant=1, pageCompression=1,
                          initialFontName=fonts["regular"], initialFontSize=10)
        c.setTitle(poster["title"])
        c.beginForm("shared", lowerx=0, lowery=0, upperx=w, uppery=h)
        draw_shared(c, poster, fonts, own["index"] if own else None, encoder)
        c.endForm()
        c.doForm("shared")
        c.setFillColor(HexColor(venue["color"]))
        c.setFont(fonts[venue["font"]], venue["size"])
        c.drawString(venue["x"], venue["y"], venue_name(n))
        links = poster["links"]
        if own:
            draw_qr(c, {**own, "payload": f"https://example.org/venue/{n}"}, encoder)
            links = [link for link in links if link[0] != own["payload"]]
            links.append([f"https://example.org/venue/{n}", [own["x"], own["y"], own["size"], own["size"]]])
        for url, (x, y, lw, lh) in links:
            c.linkURL(url, (x, y, x + lw, y + lh), relative=0, thickness=0)
        c.showPage()
        c.save()
        (Path(outdir) / f"poster-{n}.pdf").write_bytes(buffer.getvalue())
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("poster")
    parser.add_argument("outdir")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--unique", action="store_true")
    parser.add_argument("--encoder", choices=["qrcode", "zxing"], default="qrcode")
    args = parser.parse_args()
    Path(args.outdir).mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(args.jobs, args.count))
    sizes = [args.count // jobs + (1 if i < args.count % jobs else 0) for i in range(jobs)]
    starts = [sum(sizes[:i]) for i in range(jobs)]
    in_processes(posters, [(args.poster, args.outdir, s, n, args.unique, args.encoder) for s, n in zip(starts, sizes)])


def in_processes(work, parts: list) -> None:
    """``work`` on each part, a process each (forked), or here when there is one."""
    if len(parts) == 1:
        work(parts[0])
    else:
        with multiprocessing.get_context("fork").Pool(len(parts)) as pool:
            pool.map(work, parts)


if __name__ == "__main__":
    main()

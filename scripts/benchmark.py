#!/usr/bin/env python3
"""printgen's benchmark: wall time, pages per second, peak memory and size, in one run.

Run from the project's root:  python scripts/benchmark.py  [--cases help,validate,cards,posters,preview]
Each case runs in a fresh process (start-up included, as a user would see it); the figure
for a case is the best of --repeat runs. Machines are shared and noisy: compare ratios
measured in the same run, not seconds across runs.

Batch cases: 1,000 personalised posters (poster-letter, the venue varies) through
`printgen batch` with verification off (--no-verify) and on (the default: each PDF read back
by printgen.check.read, as `printgen check` does, before it is written); the floor, the same
posters drawn by a bare ReportLab canvas (scripts/floor.py) with as many processes as the
batch, and printgen's time as a ratio of it; 1,000 posters with a code of their own
(https://example.org/venue/N) drawn by the floor with qrcode and with zxing-cpp's encoder,
and both encoders timed per code; peak memory for 100 and for 1,000 verified posters. Peak
memory is the largest process of the run's process tree (ru_maxrss); "tree MB" is the run's
whole tree (proportional set size, sampled every 10 ms in runs of their own: the sampling
slows what it samples, so timed runs do without it). The cases run with Python's bytecode cache on (in
a temporary folder), as an installed package runs, even where PYTHONDONTWRITEBYTECODE is set:
otherwise every run would compile printgen's modules again.

The preview case: `printgen serve`'s preview of poster-letter after a change (a new venue name or
language each time, so nothing is reused from a cache), through the app (Flask's test client):
the JSON answer and its image, from the request to the last byte; the median and the slowest of
20 changes, after one first preview (start-up, fonts) that is reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINTGEN = [sys.executable, "-m", "printgen"]


def run(cmd: list[str], env: dict, tree: bool | float = False) -> tuple[float, float, float]:
    """(wall seconds, peak memory MB of the largest process, peak MB of the whole tree) of one run.

    The whole tree's memory is sampled only when ``tree`` is asked for: reading every process's
    /proc/PID/smaps_rollup every 10 ms costs the kernel enough to slow a 2-core run by a third,
    so timed runs leave it off (their tree figure is 0). A number for ``tree`` samples every that
    many seconds instead (a long run, timed and sampled at once).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeMemory(proc.pid, 0.01 if tree is True else float(tree or 0.01))
    if tree:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if tree:
        sampler.stop()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark case failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024, sampler.peak / 1024


class TreeMemory(threading.Thread):
    """The largest total proportional set size of a process and its descendants, every 10 ms
    (or every ``every`` seconds)."""

    def __init__(self, pid: int, every: float = 0.01):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done, self.every = pid, 0, threading.Event(), every

    def run(self):
        while not self.done.wait(self.every):
            self.peak = max(self.peak, sum(_pss(p) for p in _tree(self.pid)))

    def stop(self):
        self.done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return out


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def best(cmd, env, repeat):
    runs = [run(cmd, env) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs)


def interleaved(cases: dict, repeat: int) -> tuple[dict[str, tuple[float, float, float]], dict[str, list[float]]]:
    """Each case once per round, round after round, so that the machine's load drifts alike for
    all of them: the best wall time and the largest memory of each, and every round's wall
    times (for ratios taken within a round)."""
    runs: dict[str, list] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, case in cases.items():
            runs[name].append(case())
    best = {name: (min(r[0] for r in got), max(r[1] for r in got), max(r[2] for r in got))
            for name, got in runs.items()}
    return best, {name: [r[0] for r in got] for name, got in runs.items()}


def ratio(rounds: dict[str, list[float]], a: str, b: str) -> str:
    """a / b within each round: the median and the range (the machine's load drifts less within
    a round than between the best runs of each case)."""
    values = sorted(x / y for x, y in zip(rounds[a], rounds[b]))
    return f"{statistics.median(values):5.2f}x median of {len(values)} rounds ({values[0]:.2f}-{values[-1]:.2f})"


def big_catalogue(path: Path, count: int) -> None:
    """A catalogue of ``count`` resources, built from the seed's real numbers (nothing invented)."""
    numbers = ["503.255.0118", "503.731.3100", "800.509.5439", "1.800.843.5678", "202-205-4582",
               "1 (888) 428-7581", "1 (888) 3737-888", "1 (800) THE LOST"]
    lines = ["catalogue:", "  id: bench", "  title: Benchmark", "  region: Nowhere", "  country: US",
             "  language: en", "  languages: [en, es]", "  verified: 2026-11-28", "  review_every_days: 180",
             "sections:"]
    per_section = 100
    for s in range(count // per_section):
        lines += [f"  - id: section-{s}", f"    title: Section {s}", "    resources:"]
        for r in range(per_section):
            n = s * per_section + r
            lines += [f"      - id: resource-{n}", f"        name: {{en: Resource {n}, es: Recurso {n}}}",
                      f"        tags: [national, t{n % 7}]", f"        priority: {n % 50}", "        contacts:",
                      f"          - phone: {numbers[n % len(numbers)]}", "            label: Line"]
    path.write_text("\n".join(lines) + "\n")


def poster_data(path: Path) -> None:
    """The poster the floor draws (poster-letter), as plain data from printgen's own composition."""
    sys.path.insert(0, str(ROOT))
    from printgen.catalogue.load import load_catalogue
    from printgen.text.fonts import FONT_DIR
    from printgen.layout.load import load_layout
    from printgen.pages import Rule, QRMark, Rect, TextRun
    from printgen.render import Options, lay_out

    mark = "Venue AAA"
    result = lay_out(load_catalogue(ROOT / "data" / "catalogue.yaml"), load_layout("poster-letter", ROOT / "layouts"),
                     Options("en", venue={"name": mark}))
    (face,) = result.faces.values()
    shapes, venue, codes = [], None, 0
    for s in face.shapes:
        if isinstance(s, TextRun) and s.text == mark:
            venue = {"x": s.x, "y": s.y, "font": s.font, "size": s.size, "color": s.color}
        elif isinstance(s, TextRun) and not s.angle:
            shapes.append({"kind": "text", "text": s.text, "x": s.x, "y": s.y, "font": s.font, "size": s.size,
                           "color": s.color})
        elif isinstance(s, QRMark):
            shapes.append({"kind": "qr", "index": codes, "payload": s.matrix.payload, "ec": s.matrix.ec,
                           "x": s.x, "y": s.y, "size": s.size})
            codes += 1
        elif isinstance(s, Rect) and s.fill and not s.stroke:
            shapes.append({"kind": "rect", "box": [s.x, s.y, s.w, s.h], "fill": s.fill, "radius": s.radius or 0})
        elif isinstance(s, Rule) and not s.dash:
            shapes.append({"kind": "line", "points": [s.x1, s.y1, s.x2, s.y2], "width": s.width, "color": s.color})
        else:
            sys.exit(f"benchmark: the floor cannot draw {s!r}; teach scripts/floor.py")
    fonts = {"regular": str(FONT_DIR / "NotoSans-Regular.ttf"), "bold": str(FONT_DIR / "NotoSans-Bold.ttf")}
    path.write_text(json.dumps({"page": [face.width, face.height], "title": result.title, "fonts": fonts,
                                "shapes": shapes, "venue": venue, "links": face.links()}))


def venues_csv(path: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from floor import venue_name

    path.write_text("name\n" + "".join(f"{venue_name(n)}\n" for n in range(count)))


def poster_manifest(tmp: Path, count: int) -> Path:
    venues_csv(tmp / f"venues-{count}.csv", count)
    path = tmp / f"posters-{count}.yaml"
    path.write_text(f"catalogue: {ROOT / 'data' / 'catalogue.yaml'}\nlayouts_folder: {ROOT / 'layouts'}\n"
                    f"layouts: [poster-letter]\nvenues_csv: venues-{count}.csv\noutput: {{folder: out-{count}}}\n")
    return path


def encode_times(count: int) -> tuple[float, float]:
    """Milliseconds per code for count distinct addresses: qrcode (printgen.qr) and zxing-cpp."""
    sys.path.insert(0, str(ROOT))
    import zxingcpp

    from printgen.qr import make_matrix

    payloads = [f"https://example.org/venue/{n}" for n in range(count)]
    start = time.perf_counter()
    for payload in payloads:
        make_matrix(payload, "M")
    qrcode_ms = (time.perf_counter() - start) * 1000 / count
    start = time.perf_counter()
    for payload in payloads:
        code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        bytes(memoryview(code.to_image(scale=1, add_quiet_zones=False)))
    zxing_ms = (time.perf_counter() - start) * 1000 / count
    return qrcode_ms, zxing_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                        help="processes for the batch and the floor (default: every core)")
    parser.add_argument("--cases", default="help,validate,cards,posters,preview,campaign",
                        help="which parts to run, comma-separated (default: all): help, validate, cards, posters, "
                             "preview, campaign (against Typst: scripts/campaign.py)")
    parser.add_argument("--large", action="store_true",
                        help="campaign: also the 50,000-file batch (several minutes, about 1.5 GB of PDFs)")
    parser.add_argument("--verbose", action="store_true",
                        help="help: also the imports that cost most at start-up (python -X importtime)")
    args = parser.parse_args()
    parts = set(args.cases.split(","))
    env = {**os.environ, "PRINTGEN_TODAY": "2026-11-28"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    jobs = str(args.jobs)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        env["PRINTGEN_CACHE"] = str(tmp / "cache")     # printgen's cache of validated files, this run's own
        subprocess.run([sys.executable, "-c", "import printgen.cli, printgen.batch.run, printgen.render, printgen.check.read"],
                       cwd=ROOT, env=env, capture_output=True)      # compile once, as installing does
        if "help" in parts:
            wall, mem, _ = best(PRINTGEN + ["--help"], env, args.repeat)
            rows.append(("cold printgen --help", wall, None, mem, None, None, "< 0.3 s"))
            notes_help = startup_case(tmp, env, args.repeat, rows, args.verbose)
        if "validate" in parts:
            catalogue = tmp / "big.yaml"
            big_catalogue(catalogue, 5000)
            wall, mem, _ = best(PRINTGEN + ["validate", "--catalogue", str(catalogue)], env, args.repeat)
            rows.append(("validate 5,000 resources", wall, None, mem, None, None, "< 2 s"))
        if "cards" in parts:
            out = tmp / "cards.pdf"
            pages = 200
            for label, extra in (("--no-verify", ["--no-verify"]), ("verified", [])):
                wall, mem, _ = best(PRINTGEN + ["render", "wallet-card", "--sheets", "100", "-o", str(out)] + extra,
                                    env, args.repeat)
                rows.append((f"1,000 wallet cards (100 sheets), {label}", wall, pages / wall, mem, None,
                             out.stat().st_size / 1024 / pages,
                             f"< 1 s, < 150 KB ({out.stat().st_size / 1024:.0f} KB)"))
        notes = notes_help if "help" in parts else []
        notes += posters_cases(tmp, env, jobs, args.repeat, rows) if "posters" in parts else []
        if "campaign" in parts:
            sys.path.insert(0, str(ROOT / "scripts"))
            from campaign import campaign_cases

            notes += campaign_cases(tmp, env, jobs, args.repeat, rows, args.large, sys.modules[__name__])
        if "preview" in parts:
            rows += preview_case(env)
    report(rows, notes, args)


def startup_case(tmp: Path, env: dict, repeat: int, rows: list, verbose: bool) -> list[str]:
    """`printgen render` of one poster, --no-verify and verified, start-up included; and the
    start-up alone: the interpreter's own start and printgen's imports before the render's work
    begins (what `python -X importtime` counts for the command's modules), best of ``repeat``."""
    poster = tmp / "start.pdf"
    command = ["render", "poster-letter", "--venue", "Rose City Motel", "-o", str(poster)]
    walls = {}
    for label, extra in (("--no-verify", ["--no-verify"]), ("verified", [])):
        wall, mem, _ = best(PRINTGEN + command + extra, env, repeat)
        walls[label] = wall
        rows.append((f"render one poster {label}", wall, None, mem, None, None, "start-up included"))
    # the same render with printgen's cache of validated files off: the catalogue, the layout and
    # the strings read and validated again (YAML, libphonenumber, pydantic's validators built)
    wall, mem, _ = best(PRINTGEN + command + ["--no-verify"], {**env, "PRINTGEN_CACHE": "off"}, repeat)
    walls["uncached"] = wall
    rows.append(("render one poster --no-verify, cache off", wall, None, mem, None, None, "PRINTGEN_CACHE=off"))
    bare = min(_wall([sys.executable, "-c", "pass"], env) for _ in range(repeat))
    imports = min(_wall([sys.executable, "-c", STARTUP], env) for _ in range(repeat)) - bare
    rows.append(("render: start-up (interpreter + imports)", bare + imports, None, None, None, None,
                 "well under 0.35 s (half of 0.7 s)"))
    lines = [f"render's start-up: {bare + imports:.3f} s ({bare:.3f} s the interpreter, {imports:.3f} s printgen's "
             f"imports); the poster's work after it: {walls['--no-verify'] - bare - imports:.3f} s --no-verify, "
             f"{walls['verified'] - bare - imports:.3f} s verified, {walls['uncached'] - bare - imports:.3f} s --no-verify "
             "with the cache off"]
    if verbose:
        out = subprocess.run([sys.executable, "-X", "importtime", "-m", "printgen"] + command + ["--no-verify"],
                             cwd=ROOT, env=env, capture_output=True, text=True)
        entries = []
        for line in out.stderr.splitlines():
            if line.startswith("import time:") and "|" in line and "cumulative" not in line:
                own, total, name = line[len("import time:"):].split("|")
                entries.append((int(own), int(total), name.rstrip()))
        lines.append("the imports of render --no-verify that cost most (own time, with what they import; ms):")
        lines += [f"  {own / 1000:7.1f} {total / 1000:8.1f}  {name.strip()}" for own, total, name in
                  sorted(entries, reverse=True)[:15]]
    return lines


# what `printgen render` imports before its work begins
STARTUP = "import printgen.cli.main, printgen.catalogue.load, printgen.layout.load, printgen.render, printgen.output"


def _wall(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


PREVIEW = """
import json, statistics, time
from printgen.web.app import create_app, close
from printgen.web.choices import Site
app = create_app(Site.load("data/catalogue.yaml", "layouts"), "t", port=8765)
client, host = app.test_client(), {"Host": "127.0.0.1:8765"}
def preview(**choice):
    start = time.perf_counter()
    found = client.get("/preview", query_string={"token": "t", "layout": "poster-letter", **choice}, headers=host).json
    assert found["errors"] == {} and found["images"], found
    for src in found["images"]:
        assert client.get(src, headers=host).data.startswith(b"\\x89PNG")
    return time.perf_counter() - start
first = preview()
times = [preview(venue=f"Venue number {chr(65 + i)}", lang=("en", "es")[i % 2]) for i in range(20)]
close(app)
print(json.dumps({"first": first, "median": statistics.median(times), "max": max(times)}))
"""


def preview_case(env: dict) -> list:
    """The web page's preview of poster-letter after a change (see the module's docstring)."""
    out = subprocess.run([sys.executable, "-c", PREVIEW], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"preview case failed: {out.stderr.strip().splitlines()[-1:]}")
    got = json.loads(out.stdout)
    return [("serve: first preview (fonts loaded)", got["first"], 1 / got["first"], None, None, None, ""),
            ("serve: preview after a change, median", got["median"], 1 / got["median"], None, None, None,
             "<= 0.5 s"),
            ("serve: preview after a change, slowest of 20", got["max"], 1 / got["max"], None, None, None,
             "<= 0.5 s")]


def posters_cases(tmp: Path, env: dict, jobs: str, repeat: int, rows: list) -> list[str]:
    """The poster cases, interleaved; rows added to ``rows``; the ratios as lines."""
    posters, small = poster_manifest(tmp, 1000), poster_manifest(tmp, 100)
    poster = tmp / "poster.json"
    poster_data(poster)
    floor = [sys.executable, str(ROOT / "scripts" / "floor.py"), str(poster), str(tmp / "floor"),
             "--count", "1000", "--jobs", jobs]
    cases = {"batch": lambda: run(PRINTGEN + ["batch", str(posters), "--force", "--no-verify", "--jobs", jobs], env),
             # verification on: each poster read back (printgen.check.read, as `printgen check`) before it is written
             "verified": lambda: run(PRINTGEN + ["batch", str(posters), "--force", "--jobs", jobs], env),
             "floor": lambda: run(floor, env),
             "qrcode": lambda: run(floor + ["--unique", "--encoder", "qrcode"], env),
             "zxing": lambda: run(floor + ["--unique", "--encoder", "zxing"], env)}
    got, rounds = interleaved(cases, repeat)
    # memory, in runs of their own (sampling the tree slows what it samples)
    _, mem_1000, tree_1000 = run(PRINTGEN + ["batch", str(posters), "--force", "--jobs", jobs], env, tree=True)
    wall_100, mem_100, tree_100 = run(PRINTGEN + ["batch", str(small), "--force", "--jobs", jobs], env, tree=True)
    kb = sum(p.stat().st_size for p in (tmp / "out-1000").glob("*.pdf")) / 1024 / 1000
    kb_floor = sum(p.stat().st_size for p in (tmp / "floor").glob("*.pdf")) / 1024 / 1000
    wall, mem, tree = got["batch"]
    rows.append(("1,000 posters: batch --no-verify", wall, 1000 / wall, mem, tree, kb, "< 10 s, <= 1.5x floor"))
    verified = got["verified"][0]
    rows.append(("1,000 posters: batch, verification on", verified, 1000 / verified, *got["verified"][1:], kb,
                 "< 10 s, <= 2x floor"))
    rows.append(("1,000 posters: verification on, memory run", None, None, mem_1000, tree_1000, None,
                 "< 200 MB"))
    rows.append(("1,000 posters: floor (bare ReportLab)", got["floor"][0], 1000 / got["floor"][0],
                 *got["floor"][1:], kb_floor, ""))
    rows.append(("100 posters: verification on, memory run", wall_100, 100 / wall_100, mem_100, tree_100, None,
                 "1,000's peak <= 1.2x, < 200 MB"))
    for encoder in ("qrcode", "zxing"):
        rows.append((f"1,000 unique codes: floor, {encoder}", got[encoder][0], 1000 / got[encoder][0],
                     *got[encoder][1:], None, ""))
    rows.append(("1,000 unique codes: printgen", None, None, None, None, None,
                 "n/a: no layout element prints a per-venue code"))
    qrcode_ms, zxing_ms = encode_times(1000)
    return [f"posters, printgen / floor:                    {ratio(rounds, 'batch', 'floor')}  (target <= 1.5x)",
            f"posters with verification, printgen / floor:  {ratio(rounds, 'verified', 'floor')}  (target <= 2x)",
            f"peak memory, 1,000 / 100 posters (verified):  {mem_1000 / mem_100:5.2f}x largest process, "
            f"{tree_1000 / tree_100:5.2f}x whole tree  (target <= 1.2x)",
            f"QR encoding per distinct code:                qrcode {qrcode_ms:.3f} ms, zxing-cpp {zxing_ms:.3f} ms "
            f"({qrcode_ms / zxing_ms:.0f}x)",
            f"unique codes, floor with qrcode / zxing-cpp:  {ratio(rounds, 'qrcode', 'zxing')}"]


def report(rows: list, notes: list[str], args) -> None:
    print(f"{'case':46} {'wall s':>8} {'pages/s':>9} {'peak MB':>8} {'tree MB':>8} {'KB/page':>8}  target")
    for name, wall, pps, mem, tree, kb, target in rows:
        cells = [f"{wall:8.3f}" if wall else f"{'':8}", f"{pps:9.0f}" if pps else f"{'':9}",
                 f"{mem:8.1f}" if mem else f"{'':8}", f"{tree:8.1f}" if tree else f"{'-':>8}",
                 f"{kb:8.1f}" if kb else f"{'':8}"]
        print(f"{name:46} {' '.join(cells)}  {target}")
    print()
    print(f"jobs: {args.jobs}; figures are the best of {args.repeat} runs, measured in this one run; ratios are "
          "taken within each round")
    for line in notes:
        print(line)


if __name__ == "__main__":
    main()

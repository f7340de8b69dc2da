"""The campaign cases of scripts/benchmark.py: printgen against Typst on the same posters.

The poster-letter design for the seed catalogue, one page per venue (distinct venue names), two
shared codes, Noto Sans embedded as subsets; Typst draws the same data (scripts/typst_poster.py).
Each case is a whole process (start-up included), the cases run round after round, and each
ratio is taken within a round (median and range printed):

- one 1,000-page file: `printgen batch` with only the combined file, verified and --no-verify,
  against Typst compiling one 1,000-page document;
- 1,000 separate files: `printgen batch` verified and --no-verify with --jobs N, and --no-verify
  with --jobs 1 (what the workers buy), against Typst with as many processes;
- with --large, 50,000 separate files (--no-verify, --jobs N), one run: the time per file against
  the 1,000-file rounds' median, and the peak memory of the largest process.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPST = ROOT / "scripts" / "typst_poster.py"


def name(n: int) -> str:
    """"Venue BCDE": four letters, 456,976 names (scripts/floor.py's, a letter longer)."""
    from floor import venue_name

    return venue_name(n, 4)


def manifest(tmp: Path, count: int, combined: bool) -> Path:
    kind = "combined" if combined else "separate"
    (tmp / f"names-{count}.txt").write_text("".join(f"{name(n)}\n" for n in range(count)))
    (tmp / f"venues-{count}.csv").write_text("name\n" + (tmp / f"names-{count}.txt").read_text())
    output = (f"{{folder: {kind}-{count}, combined: 'all.pdf', separate: false}}" if combined
              else f"{{folder: {kind}-{count}}}")
    path = tmp / f"{kind}-{count}.yaml"
    path.write_text(f"catalogue: {ROOT / 'data' / 'catalogue.yaml'}\nlayouts_folder: {ROOT / 'layouts'}\n"
                    f"layouts: [poster-letter]\nvenues_csv: venues-{count}.csv\noutput: {output}\n")
    return path


def _size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.pdf")) / 1e6


def campaign_cases(tmp: Path, env: dict, jobs: str, repeat: int, rows: list, large: bool, bench) -> list[str]:
    """Rows added to ``rows`` (bench: the benchmark module, for run, interleaved and ratio); the
    ratios as lines."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return ["campaign: the typst package is not installed (pip install -e '.[bench]'); cases skipped"]
    poster = tmp / "poster.json"
    if not poster.exists():
        bench.poster_data(poster)
    printgen = bench.PRINTGEN
    one, many = manifest(tmp, 1000, True), manifest(tmp, 1000, False)
    names = tmp / "names-1000.txt"
    typst = [sys.executable, str(TYPST), str(poster)]
    cases = {
        "typst one file": lambda: bench.run(typst + [str(tmp / "typst-all.pdf"), "--venues", str(names), "--combined"],
                                            env),
        "printgen one file --no-verify": lambda: bench.run(printgen + ["batch", str(one), "--force", "--no-verify"], env),
        "printgen one file verified": lambda: bench.run(printgen + ["batch", str(one), "--force"], env),
        "typst 1,000 files": lambda: bench.run(typst + [str(tmp / "typst-1000"), "--venues", str(names), "--jobs", jobs],
                                               env),
        "printgen 1,000 files --no-verify": lambda: bench.run(
            printgen + ["batch", str(many), "--force", "--no-verify", "--jobs", jobs], env),
        "printgen 1,000 files verified": lambda: bench.run(printgen + ["batch", str(many), "--force", "--jobs", jobs],
                                                           env),
        "printgen 1,000 files --no-verify --jobs 1": lambda: bench.run(
            printgen + ["batch", str(many), "--force", "--no-verify", "--jobs", "1"], env),
    }
    got, rounds = bench.interleaved(cases, repeat)
    sizes = {"typst one file": (tmp / "typst-all.pdf").stat().st_size / 1e6,
             "printgen one file": (tmp / "combined-1000" / "all.pdf").stat().st_size / 1e6,
             "typst 1,000 files": _size(tmp / "typst-1000"), "printgen 1,000 files": _size(tmp / "separate-1000")}
    for case, (wall, mem, _) in got.items():
        size = next((v for k, v in sizes.items() if case.startswith(k)), 0)
        rows.append((f"campaign: {case}", wall, 1000 / wall, mem, None, size * 1e6 / 1024 / 1000, f"{size:.2f} MB"))
    lines = [
        f"one 1,000-page file, printgen --no-verify / Typst: {bench.ratio(rounds, 'printgen one file --no-verify', 'typst one file')}  (target <= 1.0x)",
        f"one 1,000-page file, printgen verified / Typst:    {bench.ratio(rounds, 'printgen one file verified', 'typst one file')}",
        f"one 1,000-page file, bytes printgen / Typst:       {sizes['printgen one file'] / sizes['typst one file']:5.2f}x  (target <= 0.5x)",
        f"1,000 files, printgen --no-verify / Typst:         {bench.ratio(rounds, 'printgen 1,000 files --no-verify', 'typst 1,000 files')}  (target <= 0.6x)",
        f"1,000 files, printgen verified / Typst:            {bench.ratio(rounds, 'printgen 1,000 files verified', 'typst 1,000 files')}  (target <= 0.9x)",
        f"1,000 files, bytes printgen / Typst:               {sizes['printgen 1,000 files'] / sizes['typst 1,000 files']:5.2f}x",
        f"1,000 files --no-verify, --jobs {jobs} / --jobs 1:       {bench.ratio(rounds, 'printgen 1,000 files --no-verify', 'printgen 1,000 files --no-verify --jobs 1')}  (target <= 0.6x)",
    ]
    if large:
        lines += _large(tmp, env, jobs, rows, bench, statistics.median(rounds["printgen 1,000 files --no-verify"]))
    return lines


def _large(tmp: Path, env: dict, jobs: str, rows: list, bench, wall_1000: float) -> list[str]:
    path = manifest(tmp, 50000, False)
    wall, mem, _ = bench.run(bench.PRINTGEN + ["batch", str(path), "--force", "--no-verify", "--jobs", jobs], env)
    rows.append(("campaign: printgen 50,000 files --no-verify", wall, 50000 / wall, mem, None,
                 _size(tmp / "separate-50000") * 1e6 / 1024 / 50000, f"{_size(tmp / 'separate-50000'):.0f} MB"))
    return [f"50,000 files, time per file / the 1,000-file run's:  {(wall / 50000) / (wall_1000 / 1000):5.2f}x  "
            "(target <= 1.2x; one run, against the median of the 1,000-file rounds)",
            f"50,000 files, peak memory of the largest process:   {mem:.0f} MB  (target <= 150 MB)"]

"""The campaign cases of scripts/benchmark.py: printgen against Typst on the same posters.

The poster-letter design for the seed catalogue, one page per venue (distinct venue names), two
shared codes, Noto Sans embedded as subsets; Typst draws the same data (scripts/typst_poster.py).
Each case is a whole process (start-up included), the cases run round after round, and each
ratio is taken within a round (median and range printed):

- one 1,000-page file: `printgen batch` with only the combined file, verified and --no-verify,
  against Typst compiling one 1,000-page document;
- 1,000 separate files: `printgen batch` verified and --no-verify with --jobs N, against Typst with
  as many processes, and both again with --jobs 1 (what the workers buy);
- with --large, 50,000 separate files (--no-verify, --jobs N), one run: the time per file against
  the 1,000-file rounds' median, and the peak memory of the largest process.

Each run writes into a new place (``set_aside``: the round before's output moved aside, untimed,
and removed once every run is done), as a campaign's first run does.
"""

from __future__ import annotations

import os
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


TARGETS = {"printgen one file --no-verify": "<= 1.0x Typst, <= 0.5x its bytes, <= 100 MB",
           "printgen 1,000 files --no-verify": "<= 0.6x Typst; <= 0.6x of --jobs 1",
           "printgen 1,000 files verified": "<= 0.9x Typst; <= 0.6x of --jobs 1"}


def commands(typst, printgen, one, many, names, tmp, jobs, env) -> dict[str, tuple[list[str], dict]]:
    """Each case's command, for the memory runs."""
    return {
        "typst one file": (typst + [str(tmp / "typst-all.pdf"), "--venues", str(names), "--combined"], env),
        "printgen one file --no-verify": (printgen + ["batch", str(one), "--force", "--no-verify"], env),
        "printgen one file verified": (printgen + ["batch", str(one), "--force"], env),
        "typst 1,000 files": (typst + [str(tmp / "typst-1000"), "--venues", str(names), "--jobs", jobs], env),
        "printgen 1,000 files --no-verify": (printgen + ["batch", str(many), "--force", "--no-verify", "--jobs", jobs],
                                             env),
        "printgen 1,000 files verified": (printgen + ["batch", str(many), "--force", "--jobs", jobs], env),
        "printgen 1,000 files --no-verify --jobs 1": (
            printgen + ["batch", str(many), "--force", "--no-verify", "--jobs", "1"], env),
        "printgen 1,000 files verified --jobs 1": (printgen + ["batch", str(many), "--force", "--jobs", "1"], env),
    }


def set_aside(tmp: Path, case: str) -> None:
    """A case's output from the run before moved into ``tmp/set-aside`` (untimed): every run
    writes its files into a new folder, as a campaign's first run does, for both tools. Moved, not
    removed, until every run is done (``clear_aside``): on this machine's disk, creating a file in
    a folder just emptied took 0.1-0.8 ms, varying from run to run with the disk's state, against
    0.07-0.1 ms in a new folder, and 1,000 files make that a second's noise. Over the run before's
    files, printgen would leave its unchanged ones as they are (a batch keeps a file that holds
    its bytes already) while Typst writes all of its own again. Then a sync: the run before's
    files (Typst does not sync its own) are not written back during this run, nor by its sync."""
    out = {"typst one file": tmp / "typst-all.pdf", "typst 1,000 files": tmp / "typst-1000"}.get(case)
    if out is None:
        out = tmp / ("combined-1000" if "one file" in case else "separate-1000")
    if out.exists():
        aside = tmp / "set-aside"
        aside.mkdir(exist_ok=True)
        out.rename(aside / f"{len(list(aside.iterdir()))}-{out.name}")
    os.sync()


def clear_aside(tmp: Path) -> None:
    import shutil

    shutil.rmtree(tmp / "set-aside", ignore_errors=True)


def _size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.pdf")) / 1e6


def campaign_cases(tmp: Path, env: dict, jobs: str, repeat: int, rows: list, large: bool, bench) -> list[str]:
    """Rows added to ``rows`` (bench: the benchmark module, for run, interleaved and ratio); the
    ratios as lines."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return ["campaign: SKIPPED, the typst package is not installed: install the bench extra "
                "(.venv/bin/pip install -e '.[test,bench]') and run again"]
    poster = tmp / "poster.json"
    if not poster.exists():
        bench.poster_data(poster)
    printgen = bench.PRINTGEN
    one, many = manifest(tmp, 1000, True), manifest(tmp, 1000, False)
    names = tmp / "names-1000.txt"
    typst = [sys.executable, str(TYPST), str(poster)]
    cases = {case: (lambda command=command, case=case: (set_aside(tmp, case), bench.run(*command))[1])
             for case, command in commands(typst, printgen, one, many, names, tmp, jobs, env).items()}
    # an untimed run of each tool first: this run's bytecode and printgen's cache of validated files
    # are made (once, as on a user's first run) and both tools' files are read into memory, so that
    # the first round measures what the others do
    for case in ("typst one file", "printgen one file --no-verify", "printgen 1,000 files verified"):
        cases[case]()
    got, rounds = bench.interleaved(cases, repeat)
    # the whole tree's memory (proportional set size), in runs of their own: sampling slows what it samples
    trees = {case: (set_aside(tmp, case), bench.run(*command, tree=True))[1][2]
             for case, command in commands(typst, printgen, one, many, names, tmp, jobs, env).items()}
    sizes = {"typst one file": (tmp / "typst-all.pdf").stat().st_size / 1e6,
             "printgen one file": (tmp / "combined-1000" / "all.pdf").stat().st_size / 1e6,
             "typst 1,000 files": _size(tmp / "typst-1000"), "printgen 1,000 files": _size(tmp / "separate-1000")}
    for case, (wall, mem, _) in got.items():
        size = next((v for k, v in sizes.items() if case.startswith(k)), 0)
        target = TARGETS.get(case, "")
        rows.append((f"campaign: {case}", wall, 1000 / wall, mem, trees.get(case), size * 1e6 / 1024 / 1000,
                     f"{size:.2f} MB{'; ' + target if target else ''}"))
    lines = [
        f"one 1,000-page file, printgen --no-verify / Typst: {bench.ratio(rounds, 'printgen one file --no-verify', 'typst one file')}  (target <= 1.0x)",
        f"one 1,000-page file, printgen verified / Typst:    {bench.ratio(rounds, 'printgen one file verified', 'typst one file')}",
        f"one 1,000-page file, bytes printgen / Typst:       {sizes['printgen one file'] / sizes['typst one file']:5.2f}x  (target <= 0.5x)",
        f"1,000 files, printgen --no-verify / Typst:         {bench.ratio(rounds, 'printgen 1,000 files --no-verify', 'typst 1,000 files')}  (target <= 0.6x)",
        f"1,000 files, printgen verified / Typst:            {bench.ratio(rounds, 'printgen 1,000 files verified', 'typst 1,000 files')}  (target <= 0.9x)",
        f"1,000 files, bytes printgen / Typst:               {sizes['printgen 1,000 files'] / sizes['typst 1,000 files']:5.2f}x",
        f"1,000 files --no-verify, --jobs {jobs} / --jobs 1:       {bench.ratio(rounds, 'printgen 1,000 files --no-verify', 'printgen 1,000 files --no-verify --jobs 1')}  (target <= 0.6x)",
        f"1,000 files verified, --jobs {jobs} / --jobs 1:          {bench.ratio(rounds, 'printgen 1,000 files verified', 'printgen 1,000 files verified --jobs 1')}  (target <= 0.6x)",
        "peak memory, largest process / whole tree (MB):   " + "; ".join(
            f"{case} {got[case][1]:.0f} / {trees[case]:.0f}" for case in got),
        "one 1,000-page file, peak memory target <= 100 MB (largest process)",
    ]
    if large:
        lines += _large(tmp, env, jobs, rows, bench, statistics.median(rounds["printgen 1,000 files --no-verify"]))
    clear_aside(tmp)
    return lines


def _large(tmp: Path, env: dict, jobs: str, rows: list, bench, wall_1000: float) -> list[str]:
    path = manifest(tmp, 50000, False)
    # one run, timed and its tree sampled every half second (cheap at that pace)
    wall, mem, tree = bench.run(bench.PRINTGEN + ["batch", str(path), "--force", "--no-verify", "--jobs", jobs], env,
                                tree=0.5)
    size = _size(tmp / "separate-50000")
    rows.append(("campaign: printgen 50,000 files --no-verify", wall, 50000 / wall, mem, tree,
                 size * 1e6 / 1024 / 50000, f"{size:.0f} MB; per file <= 1.2x the 1,000's, <= 150 MB"))
    import shutil

    shutil.rmtree(tmp / "separate-50000", ignore_errors=True)        # a few GB: gone before the next case
    return [f"50,000 files, time per file / the 1,000-file run's:  {(wall / 50000) / (wall_1000 / 1000):5.2f}x  "
            "(target <= 1.2x; one run, against the median of the 1,000-file rounds)",
            f"50,000 files, peak memory: largest process {mem:.0f} MB, whole tree {tree:.0f} MB  (target <= 150 MB)"]

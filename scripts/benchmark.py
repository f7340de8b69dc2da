#!/usr/bin/env python3
"""printgen's benchmark: wall time, pages per second, peak memory and size, in one run.

Run from the project's root:  python scripts/benchmark.py
Each case runs in a fresh process (start-up included, as a user would see it); the figure
for a case is the best of --repeat runs. Machines are shared and noisy: compare ratios
measured in the same run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINTGEN = [sys.executable, "-m", "printgen"]


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, peak memory MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark case failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def best(cmd, env, repeat):
    runs = [run(cmd, env) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "PRINTGEN_TODAY": "2026-11-28"}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wall, mem = best(PRINTGEN + ["--help"], env, args.repeat)
        rows.append(("cold printgen --help", wall, None, mem, None, "< 0.3 s"))

        catalogue = tmp / "big.yaml"
        big_catalogue(catalogue, 5000)
        wall, mem = best(PRINTGEN + ["validate", "--catalogue", str(catalogue)], env, args.repeat)
        rows.append(("validate 5,000 resources", wall, None, mem, None, "< 2 s"))

        out = tmp / "cards.pdf"
        wall, mem = best(PRINTGEN + ["render", "wallet-card", "--sheets", "100", "-o", str(out)], env, args.repeat)
        pages = 200
        rows.append(("1,000 wallet cards (100 sheets, duplex)", wall, pages / wall, mem,
                     out.stat().st_size / 1024, "< 1 s, < 150 KB"))

    print(f"{'case':42} {'wall s':>8} {'pages/s':>9} {'peak MB':>8} {'KB':>8}  target")
    for name, wall, pps, mem, kb, target in rows:
        print(f"{name:42} {wall:8.3f} {pps and f'{pps:9.0f}' or '':>9} {mem:8.1f} "
              f"{kb and f'{kb:8.1f}' or '':>8}  {target}")


if __name__ == "__main__":
    main()

"""Build time of the real site with reading aids against the same build without them.

Usage: .venv/bin/python bench/build_time.py [--runs 5]

Three cases, each the median of --runs builds in fresh processes (`mkdocs build` into a temporary
folder): no annotation (LECTERN_ANNOTATE=0); annotated with a cold reading cache (the caches that
only the reading aids use, readings and dictionary, removed, so the reading engine loads; what both
builds compute, such as parallels and the glossary's own pinyin, stays cached in both); annotated with the cache warm (the usual rebuild, and every
`mkdocs serve` reload). The cases take turns (plain, cold, warm, plain, ...), so that a change in
the load of a shared machine touches them alike; the wall time and the CPU time (user + system) of
each build process are recorded, CPU time being the steadier of the two on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lectern"
READING_CACHES = ("readings.json", "dictionary.json")  # what only an annotated build makes
CASES = {
    "no annotation": (False, False),
    "annotated, cold reading cache": (True, True),
    "annotated, warm reading cache": (True, False),
}


def build(annotate: bool, cold: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mkdocs build` process."""
    if cold:
        for name in READING_CACHES:
            (CACHE / name).unlink(missing_ok=True)
    env = {**os.environ, "LECTERN_ANNOTATE": "1" if annotate else "0", "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as site:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", site],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    build(True, cold=False)  # warm the OS file cache (and jieba's own cache for the search plugin)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in CASES}
    for _ in range(runs):
        for name, (annotate, cold) in CASES.items():
            times[name].append(build(annotate, cold))
    base = [statistics.median(t[k] for t in times["no annotation"]) for k in (0, 1)]
    print(
        f"Median of {runs} builds each (`mkdocs build`, whole process), cases taking turns; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end:\n"
    )
    print("| Build | wall | × no annotation | CPU | × no annotation |\n|---|---:|---:|---:|---:|")
    for name, runs_ in times.items():
        wall, cpu = (statistics.median(t[k] for t in runs_) for k in (0, 1))
        print(f"| {name} | {wall:.2f} s | {wall / base[0]:.2f}× | {cpu:.2f} s | {cpu / base[1]:.2f}× |")


if __name__ == "__main__":
    main()

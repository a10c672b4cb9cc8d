"""Build time of the real site with reading aids against the same build without them.

Usage: .venv/bin/python bench/build_time.py [--runs 5]

Three cases, each the median of --runs builds in fresh processes (`mkdocs build` into a temporary
folder): no annotation (LECTERN_ANNOTATE=0); annotated with a cold reading cache (the engine loads);
annotated with the cache warm (the usual rebuild, and every `mkdocs serve` reload).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lectern"


def build(annotate: bool, cold: bool) -> float:
    if cold:
        shutil.rmtree(CACHE, ignore_errors=True)
    env = {**os.environ, "LECTERN_ANNOTATE": "1" if annotate else "0", "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as site:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    build(True, cold=False)  # warm the OS file cache and jieba's own cache
    cases = {
        "no annotation": [build(False, cold=False) for _ in range(runs)],
        "annotated, cold reading cache": [build(True, cold=True) for _ in range(runs)],
        "annotated, warm reading cache": [build(True, cold=False) for _ in range(runs)],
    }
    base = statistics.median(cases["no annotation"])
    print(f"Median of {runs} builds each (`mkdocs build`, whole process):\n")
    print("| Build | median | × no annotation |\n|---|---:|---:|")
    for name, times in cases.items():
        median = statistics.median(times)
        print(f"| {name} | {median:.2f} s | {median / base:.2f}× |")


if __name__ == "__main__":
    main()

"""Build time and peak memory at scale: generated corpora of 50, 200 and 800 sources.

Usage: .venv/bin/python bench/build_scale.py [--sizes 50 200 800] [--runs 1] [--cases cold cached]

With --edits N, each cached case is N rebuilds, each after its own edit (the median is reported).
With --cases, only those cases run (in the order of CASES; "cached" and "plain cached" after a
cold build of their kind in the same run). To measure another revision's code on the same corpus,
extract it (``git archive REV | tar -x -C /tmp/base``), copy this file into its bench/ and run it
there with ``PYTHONPATH=/tmp/base/src``: the build subprocesses inherit it.

For each size, ``bench/corpus_gen.py`` writes a corpus like ours into a temporary project, which is
then built with ``mkdocs build`` in fresh processes:

- plain: reading aids off (LECTERN_ANNOTATE=0), empty cache (``.cache/`` removed);
- cold: reading aids on, empty cache;
- cached: reading aids on, after one source was edited (one sentence appended);
- plain cached: reading aids off, after another edit (the like-for-like baseline of "cached").

Wall time and the peak resident memory of the build process (``ru_maxrss`` from ``os.wait4``) are
reported; with --runs > 1, the median. Targets (issue 7): cold ≤ 2× plain, cached ≤ 1.2× plain,
memory growing linearly. CPU time includes the build's worker processes (``lectern.cores``), and
the peak memory is the largest of the build process and its workers (Linux ``wait4``).
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import generate


def build(project: Path, annotate: bool) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MiB) of one ``mkdocs build`` of ``project``."""
    env = {
        **os.environ,
        "LECTERN_ANNOTATE": "1" if annotate else "0",
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)  # Linux: CPU includes the build's workers, memory their peak
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {project} failed:\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


EDITS = itertools.count()  # each edit appends a different sentence


def edit_one_source(project: Path) -> None:
    source = sorted((project / "corpus" / "sources").glob("*.md"))[-1]
    with source.open("a", encoding="utf-8") as f:
        f.write(f"\nOne more sentence ({next(EDITS)}), added to measure a rebuild after an edit.\n")


CASES = ("plain", "cold", "cached", "plain cached")


def measure(
    size: int, runs: int, workdir: Path, chosen: tuple[str, ...] = CASES, edits: int = 1
) -> dict[str, tuple[float, float, float]]:
    project = generate(size, workdir / f"corpus-{size}")
    cases: dict[str, list[tuple[float, float, float]]] = {case: [] for case in CASES if case in chosen}
    for _ in range(runs):
        for case in cases:
            if case in ("plain", "cold"):
                shutil.rmtree(project / ".cache", ignore_errors=True)
                cases[case].append(build(project, annotate=case == "cold"))
                continue
            for _ in range(edits):  # each rebuild after its own edit
                edit_one_source(project)
                cases[case].append(build(project, annotate=case == "cached"))
    return {case: tuple(statistics.median(r[k] for r in rows) for k in range(3)) for case, rows in cases.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--edits", type=int, default=1, help="rebuilds (each after an edit) per run of a cached case")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            results[size] = r = measure(size, args.runs, Path(tmp), tuple(args.cases), args.edits)
            print(
                f"{size} sources: "
                + ", ".join(f"{k} {t:.1f} s ({c:.1f} s CPU) / {m:.0f} MiB" for k, (t, c, m) in r.items()),
                flush=True,
            )
    if set(args.cases) != set(CASES):
        return
    print(
        "\n| Sources | plain | cold | cold ÷ plain | plain, 1 edited | cached, 1 edited | cached ÷ plain, 1 edited "
        "| cached ÷ plain | peak memory (plain / cold / cached) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size, r in results.items():
        (pt, _, pm), (ct, _, cm), (rt, _, rm), (qt, _, _) = (r[case] for case in CASES)
        print(
            f"| {size} | {pt:.1f} s | {ct:.1f} s | {ct / pt:.2f}× | {qt:.1f} s | {rt:.1f} s | {rt / qt:.2f}× | "
            f"{rt / pt:.2f}× | {pm:.0f} / {cm:.0f} / {rm:.0f} MiB |"
        )
    sizes = sorted(results)
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        for case in CASES:
            t = math.log(results[last][case][0] / results[first][case][0]) / math.log(last / first)
            m = math.log(results[last][case][2] / results[first][case][2]) / math.log(last / first)
            print(
                f"\n{case}: growth exponent {t:.2f} in time, {m:.2f} in peak memory ({first} → {last} sources)", end=""
            )
        print()


if __name__ == "__main__":
    main()

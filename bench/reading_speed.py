"""Speed of the reading engine, this one against another (an older checkout), in the same run.

The text: the Chinese paragraphs of the five seed sources, then 50,000 Han characters of CPP dev
sentences (Wikipedia prose), ten sentences a paragraph. Each run is a fresh process that imports
lectern.reading, reads every paragraph with ``analyse`` (no readings cache) and reports the wall
and CPU time from before the import to the end; the median of ``--runs`` runs is reported per engine,
the engines' runs interleaved so that the machine's load falls on both alike.

    .venv/bin/python bench/reading_speed.py --old /tmp/old/src [--old-path /tmp/old_deps] [--runs 5]

``--old`` is the ``src`` folder of the other engine (``git archive <commit> src | tar -x -C DIR``);
``--old-path`` adds folders its dependencies need (pypinyin-dict for engines before issue 15).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import polyphone  # noqa: E402
import sentences  # noqa: E402

HAN_CHARS = 50_000

RUN = """
import json, sys, time
t, c = time.perf_counter(), time.process_time()
import lectern.reading as r
paragraphs = json.loads(sys.stdin.read())
for p in paragraphs:
    r.analyse(p)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c}))
"""


def text() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "corpus" / "raw").glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n") if sentences._HAN.search(p)]
    batch, han = [], 0
    for sentence, _, _ in polyphone.load(sentences.SHARED / "cpp", "dev"):
        if han >= HAN_CHARS:
            break
        batch.append(sentence)
        han += len(sentences._HAN.findall(sentence))
    paragraphs += ["".join(batch[k : k + 10]) for k in range(0, len(batch), 10)]
    return paragraphs


def run(src: Path, extra: list[str], stdin: str) -> float:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), *extra])}
    done = subprocess.run(
        [sys.executable, "-c", RUN], input=stdin, env=env, cwd="/", capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="src folder of the engine to compare with")
    parser.add_argument("--old-path", nargs="*", default=[], help="more folders for the old engine's imports")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    paragraphs = text()
    stdin = json.dumps(paragraphs)
    times = {"old": [], "new": []}
    for _ in range(args.runs):
        times["old"].append(run(args.old, args.old_path, stdin))
        times["new"].append(run(ROOT / "src", [], stdin))
    han = sum(len(sentences._HAN.findall(p)) for p in paragraphs)
    chars = sum(map(len, paragraphs))
    print(
        f"{len(paragraphs)} paragraphs, {chars:,} characters, {han:,} Han; median of {args.runs} fresh processes each\n"
    )
    print(
        "| Engine | wall time (import, load, read everything) | CPU time | Han characters/s (wall) | runs, wall (s) |"
    )
    print("|---|---:|---:|---:|---|")
    for name, values in times.items():
        wall = statistics.median(v["seconds"] for v in values)
        cpu = statistics.median(v["cpu"] for v in values)
        runs = ", ".join(f"{v['seconds']:.2f}" for v in values)
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {han / wall:,.0f} | {runs} |")


if __name__ == "__main__":
    main()

"""Scale of parallel detection: time and peak memory on generated corpora of 1k, 4k and 16k passages.

Usage: .venv/bin/python bench/parallels_scale.py [--runs 3] [--sizes 1000 4000 16000]

The corpus is generated (seeded, so every run sees the same text): sources of 20 English passages,
each 3–6 sentences of 8–20 words drawn from a Zipf-distributed vocabulary of 30,000 made-up words
(``kaq``, ``bebiq`` …), so that word frequencies look like a real corpus' and frequent words are as common at
16k passages as function words are. One passage in ten is a reworded copy of a passage of another
source (a quarter of its words replaced, some sentences dropped): these are the parallels to find.
Sentence vectors come from a stand-in encoder by default (``--encoder hashed``: a random vector per
made-up word, summed), so that the candidates by meaning and the alignment run at full scale in
seconds; ``--encoder real`` runs the real one (about 10 ms a sentence, linear in the corpus, and
cached between builds). Each size runs in a fresh process, without cache; the table gives the median of ``--runs`` runs of
detection (features, blocking, scoring; not the corpus generation), in CPU time (robust when the
machine is shared) and wall time, the peak resident memory of the process, the recall of the
planted parallels, and the growth exponent log(t₂/t₁)/log(n₂/n₁) of CPU time between sizes.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _word(i: int) -> str:
    """A made-up word for index ``i``: consonant-vowel syllables (``i=0`` → ``ba``), letters only."""
    out = ""
    while True:
        i, r = divmod(i, 100)
        out += "bdfgklmnprstvzhjcwxy"[r // 5] + "aeiou"[r % 5]
        if not i:
            return out + "q"  # no English stem or stop word ends in q


def generate(n: int, seed: int = 5) -> tuple[list, set]:
    from lectern.parallels import Item

    rng = random.Random(seed)
    vocab = [_word(i) for i in range(30000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def words(k: int) -> list[str]:
        return rng.choices(vocab, cum_weights=cum, k=k)

    def sentence() -> str:
        return " ".join(words(rng.randint(8, 20))).capitalize() + "."

    items, planted = [], set()
    for i in range(n):
        source, pid = f"s{i // 20:05d}", f"p{i % 20 + 1}"
        if i >= 40 and rng.random() < 0.1:
            j = rng.randrange(0, (i // 20) * 20)  # a passage of an earlier source
            original = items[j].text.split(". ")
            kept = [s for s in original if rng.random() > 0.2] or original[:1]
            text = ". ".join(" ".join(w if rng.random() > 0.25 else words(1)[0] for w in s.split()) for s in kept)
            planted.add(tuple(sorted(((items[j].source, items[j].passage), (source, pid)))))
        else:
            text = " ".join(sentence() for _ in range(rng.randint(3, 6)))
        items.append(Item(source, pid, "en", text))
    return items, planted


def hashed_encoder():
    """A stand-in for the sentence encoder on made-up words: a sentence is the normalised sum of a
    fixed random vector per word, so a reworded copy (three words in four kept) is at a cosine of
    about 0.75 and unrelated sentences near 0. It costs microseconds, where the real encoder costs
    about 10 ms a sentence, a cost that grows linearly and is cached (BENCHMARKS.md gives it)."""
    import zlib

    import numpy as np

    from lectern import meaning

    table: dict[str, np.ndarray] = {}

    def vector(word: str) -> np.ndarray:
        if word not in table:
            table[word] = (
                np.random.default_rng(zlib.crc32(word.encode())).standard_normal(meaning.DIM).astype(np.float32)
            )
        return table[word]

    def encode(texts):
        out = np.array([sum((vector(w) for w in t.lower().split()), np.zeros(meaning.DIM, np.float32)) for t in texts])
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)

    return encode


def one(n: int, encoder: str = "hashed") -> dict:
    from lectern import meaning, parallels

    if encoder == "hashed":
        meaning.encode = hashed_encoder()
    items, planted = generate(n)
    start, cpu = time.perf_counter(), time.process_time()
    found = parallels.detect_items(items, parallels.Config(meaning_candidates=True))  # as measured in issue 17
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    pairs = {(p.a, p.b) for p in found}
    return {
        "n": n,
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "found": len(found),
        "planted": len(planted),
        "recall": len(pairs & planted) / max(len(planted), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument(
        "--encoder",
        choices=("hashed", "real"),
        default="hashed",
        help="sentence vectors: a cheap stand-in (default) or the real encoder (about 10 ms a sentence)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.encoder)))
        return
    rows = []
    for n in args.sizes:
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--one", str(n), "--encoder", args.encoder],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for _ in range(args.runs)
        ]
        rows.append(
            {
                **runs[0],
                "seconds": statistics.median(r["seconds"] for r in runs),
                "cpu": statistics.median(r["cpu"] for r in runs),
                "peak_mb": statistics.median(r["peak_mb"] for r in runs),
            }
        )
    print(
        "| passages | CPU time (median) | wall time (median) | peak memory | links found | planted | recall of planted | growth exponent (CPU) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k, r in enumerate(rows):
        growth = (
            "–" if k == 0 else f"{math.log(r['cpu'] / rows[k - 1]['cpu']) / math.log(r['n'] / rows[k - 1]['n']):.2f}"
        )
        print(
            f"| {r['n']:,} | {r['cpu']:.1f} s | {r['seconds']:.1f} s | {r['peak_mb']:.0f} MB | {r['found']} | {r['planted']} "
            f"| {r['recall']:.2f} | {growth} |"
        )
    if len(rows) > 1:
        overall = math.log(rows[-1]["cpu"] / rows[0]["cpu"]) / math.log(rows[-1]["n"] / rows[0]["n"])
        print(f"\nGrowth exponent (CPU time) from {rows[0]['n']:,} to {rows[-1]['n']:,} passages: {overall:.2f}")


if __name__ == "__main__":
    main()

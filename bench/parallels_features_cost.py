"""CPU time of the evidence of every candidate pair (:func:`lectern.parallels.features`), without
candidates, calibration or caches: what a change to the per-pair evidence costs.

    .venv/bin/python bench/corpus_gen.py 15 /tmp/g15
    .venv/bin/python bench/parallels_features_cost.py /tmp/g15 [--src OTHER/src] [--runs 3]

``--src`` measures another tree's ``src/`` (``git archive main src | tar -x -C /tmp/main``) on the
same corpus. Sentence vectors are computed once before timing (kept in ``DEST/.cache``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(args.src))
    from lectern import parallels, publish
    from lectern.parallels import blocking
    from lectern.parallels import cache as pcache
    from lectern.parallels import docs as passages

    inputs = publish.load(args.project / "corpus")
    config = inputs.curated.config
    terms = publish.glossary_terms(inputs.glossary, inputs.corpus)
    items = sorted(parallels.items_of(inputs.corpus, terms), key=lambda i: (i.source, i.passage))
    docs = passages.load(items, {})
    idf = passages.idf_table(docs)
    pairs = blocking.candidates(docs, idf, config)
    cache = args.project / ".cache" / "features-cost"
    store = pcache.meaning_store(cache, config)
    passages.attach_meaning(docs, store)
    store.save(cache / pcache.MEANING_CACHE)
    runs = []
    for _ in range(args.runs):
        start = time.process_time()
        for i, j in pairs:
            parallels.features(docs[i], docs[j], idf, config)
        runs.append(time.process_time() - start)
    print(
        f"{args.src}: {len(pairs)} candidate pairs; features CPU median {statistics.median(runs):.2f} s "
        f"(runs: {', '.join(f'{r:.2f}' for r in runs)})"
    )


if __name__ == "__main__":
    main()

"""Precision and recall of parallel detection against the labelled set, by kind.

    .venv/bin/python bench/parallels_eval.py [--show] [--site]

Reads tests/data/parallels_gold.yml (made by reading the five sources; see its header) and the
corpus, runs the detector as the build does (the glossary's concept ids of each passage, the
threshold of corpus/parallels.yml; no cache, no curated links) and prints a Markdown table
for BENCHMARKS.md. A link counts as found whatever kind the detector gives it; the kind is scored
separately. ``--show`` lists every miss and every false alarm. ``--site`` scores the links the
site shows instead: the detected ones with the curated links of corpus/parallels.yml applied (links
added, wrong ones suppressed), which an editor wrote after reading the detector's misses.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lectern import parallels, publish  # noqa: E402

GOLD = ROOT / "tests" / "data" / "parallels_gold.yml"


def _side(text: str, slugs: dict[str, str]) -> tuple[str, str]:
    number, pid = text.split()
    return slugs[number], pid


def load_gold(corpus, path: Path = GOLD):
    """``(links, unsure)``: links maps a sorted pair of (slug, pid) to its kind."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    slugs = {s.slug[:3]: s.slug for s in corpus.sources}
    pair = lambda r: tuple(sorted((_side(r["a"], slugs), _side(r["b"], slugs))))  # noqa: E731
    links = {pair(r): r["kind"] for r in data["links"]}
    unsure = {pair(r) for r in data.get("unsure", [])}
    return links, unsure


def evaluate(found: list[parallels.Parallel], links: dict, unsure: set) -> dict:
    """Per kind: recall over the gold links of that kind, precision over the detections of that kind."""
    got = {(p.a, p.b): p.kind for p in found if (p.a, p.b) not in unsure}
    rows = {}
    for kind in parallels.KINDS:
        gold_k = [pair for pair, k in links.items() if k == kind]
        det_k = [pair for pair, k in got.items() if k == kind]
        hit_r = sum(pair in got for pair in gold_k)
        hit_p = sum(pair in links for pair in det_k)
        rows[kind] = {
            "gold": len(gold_k),
            "found": hit_r,
            "detected": len(det_k),
            "correct": hit_p,
            "recall": hit_r / len(gold_k) if gold_k else None,
            "precision": hit_p / len(det_k) if det_k else None,
        }
    hit = sum(pair in got for pair in links)
    correct = sum(pair in links for pair in got)
    same_kind = sum(got.get(pair) == k for pair, k in links.items())
    rows["all"] = {
        "gold": len(links),
        "found": hit,
        "detected": len(got),
        "correct": correct,
        "recall": hit / len(links),
        "precision": correct / len(got) if got else None,
        "kind_agreement": same_kind / hit if hit else None,
    }
    return rows


def confusion(found: list[parallels.Parallel], links: dict, unsure: set) -> dict[tuple[str, str], int]:
    """``(labelled kind, detected kind) → count``; "none" for a missed link or a false alarm."""
    got = {(p.a, p.b): p.kind for p in found if (p.a, p.b) not in unsure}
    out: Counter = Counter()
    for pair, kind in links.items():
        out[kind, got.get(pair, "none")] += 1
    for pair, kind in got.items():
        if pair not in links:
            out["none", kind] += 1
    return dict(out)


def evaluate_pooled(pooled: list[tuple[str, parallels.Parallel]], links: dict, unsure: set, slugs) -> dict:
    """:func:`evaluate` over the folds of a leave-one-source-out run: ``pooled`` holds ``(left-out
    source, link)``; each fold is scored on the labelled links of its source, and the counts are
    summed (a link between two sources counts in the fold of each)."""
    total: dict = {}
    matrix: Counter = Counter()
    for s in slugs:
        found = [p for fold, p in pooled if fold == s]
        mine = {pair: k for pair, k in links.items() if s in (pair[0][0], pair[1][0])}
        rows = evaluate(found, mine, unsure)
        matrix.update(confusion(found, mine, unsure))
        for kind, r in rows.items():
            t = total.setdefault(kind, {"gold": 0, "found": 0, "detected": 0, "correct": 0, "same_kind": 0})
            for k in ("gold", "found", "detected", "correct"):
                t[k] += r[k]
            if kind == "all":
                t["same_kind"] += round((r["kind_agreement"] or 0) * r["found"])
    for t in total.values():
        t["recall"] = t["found"] / t["gold"] if t["gold"] else None
        t["precision"] = t["correct"] / t["detected"] if t["detected"] else None
    total["all"]["kind_agreement"] = (
        total["all"]["same_kind"] / total["all"]["found"] if total["all"]["found"] else None
    )
    total["confusion"] = dict(matrix)
    return total


def confusion_table(matrix: dict[tuple[str, str], int]) -> str:
    """The confusion between kinds as a Markdown table: rows labelled, columns detected."""
    kinds = list(parallels.KINDS) + ["none"]
    lines = ["| labelled \\ detected | " + " | ".join(kinds) + " |", "|---" + "|---:" * len(kinds) + "|"]
    for k in kinds:
        lines.append(f"| {k} | " + " | ".join(str(matrix.get((k, d), 0)) for d in kinds) + " |")
    return "\n".join(lines)


def reliability(found, links, unsure, edges=(0.2, 0.4, 0.6, 0.8, 1.01)):
    """Share of correct links per score band: the calibration check."""
    bands = []
    for lo, hi in zip(edges, edges[1:]):
        inside = [p for p in found if lo <= p.score < hi and (p.a, p.b) not in unsure]
        ok = sum((p.a, p.b) in links for p in inside)
        bands.append((lo, min(hi, 1.0), len(inside), ok))
    return bands


def detect(corpus_dir: Path = ROOT / "corpus", config: parallels.Config | None = None):
    """``(corpus, detected links)`` as :func:`lectern.publish.plan` detects them: with the glossary's
    concept ids of each passage and the configuration of ``corpus/parallels.yml``."""
    inputs = publish.load(corpus_dir)
    terms = publish.glossary_terms(inputs.glossary, inputs.corpus)
    return inputs.corpus, parallels.detect(inputs.corpus, terms=terms, config=config or inputs.curated.config)


def site_links(corpus_dir: Path = ROOT / "corpus"):
    """``(corpus, links the site shows)``: the detected links combined with the curated ones (whose
    spans are computed as the build computes them)."""
    inputs = publish.load(corpus_dir)
    terms = publish.glossary_terms(inputs.glossary, inputs.corpus)
    found = parallels.detect(
        inputs.corpus,
        terms=terms,
        config=inputs.curated.config,
        explain=[(link.a, link.b) for link in inputs.curated.links],
    )
    return inputs.corpus, parallels.combine(found, inputs.curated)


def main() -> None:
    corpus, found = site_links() if "--site" in sys.argv else detect()
    links, unsure = load_gold(corpus)
    rows = evaluate(found, links, unsure)
    rows.pop("confusion", None)
    fmt = lambda x: "–" if x is None else f"{x:.2f}"  # noqa: E731
    print("| kind | gold links | found | recall | detected | correct | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind, r in rows.items():
        print(
            f"| {kind} | {r['gold']} | {r['found']} | {fmt(r['recall'])} | {r['detected']} | {r['correct']} | {fmt(r['precision'])} |"
        )
    print(f"\nKind agreement on the links found: {fmt(rows['all']['kind_agreement'])}\n")
    print(confusion_table(confusion(found, links, unsure)))
    print("\n| score band | detected | correct |\n|---|---:|---:|")
    for lo, hi, n, ok in reliability(found, links, unsure):
        print(f"| {lo:.1f}–{hi:.1f} | {n} | {ok} |")
    if "--show" in sys.argv:
        got = {(p.a, p.b): p for p in found}
        for pair, kind in sorted(links.items()):
            p = got.get(pair)
            print(
                ("MISS " if p is None else ("KIND " if p.kind != kind else "ok   ")),
                pair,
                kind,
                p and (p.kind, p.score),
            )
        for pair, p in sorted(got.items()):
            if pair not in links:
                print("UNSURE" if pair in unsure else "FALSE", pair, p.kind, p.score)


if __name__ == "__main__":
    main()

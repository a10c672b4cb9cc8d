"""What the glossary costs a build: term matching on the rendered passages, and the term pages.

Usage: .venv/bin/python bench/glossary_match.py [--runs 5]

Every passage of the seed corpus is rendered as its page shows it (pinyin ruby on, readings from
the warm cache in .cache/lectern), then the glossary's Matcher marks it. Reported: the median of
--runs passes (CPU time of this process), after a warm-up pass, for

- the seed corpus with the real glossary;
- the seed corpus repeated 4× and 16× (growth with text);
- the seed corpus with the real glossary plus 500 and 2,000 generated terms (growth with terms);
- writing the glossary pages and api/glossary.json from the occurrences.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import time
from dataclasses import replace
from pathlib import Path

from lectern import render, termpages
from lectern.corpus import load_corpus
from lectern.glossary import load_glossary
from lectern.glossaryaid import GlossaryAid
from lectern.glossarymatch import Matcher
from lectern.ruby import Annotator

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lectern"


def bodies(corpus, annotator) -> list[str]:
    """Each passage's body HTML as render.passage_html gives it to the aids."""
    out = []
    for source in corpus.sources:
        for p in source.passages:
            body = p.html if p.language != "en" else render.mark_chinese(p.html)
            out.append(annotator.annotate(body, dict(p.readings)))
    return out


def generated_terms(base, n: int, seed: int = 7):
    """``n`` made-up terms: two or three random English words and three random Han characters."""
    rng = random.Random(seed)
    words = [
        "data",
        "network",
        "policy",
        "model",
        "system",
        "digital",
        "smart",
        "secure",
        "open",
        "grid",
        "cloud",
        "rural",
        "urban",
        "market",
        "green",
        "public",
        "central",
        "local",
        "rule",
        "plan",
    ]
    han = "数据模型系统智能安全开放电网云乡村城市场绿色公共中央地方规则计划"
    template = base[0]
    out = []
    for i in range(n):
        en = " ".join(rng.sample(words, rng.choice((2, 3)))) + f" x{i}"
        zh = "".join(rng.sample(han, 3)) + "甲乙丙丁"[i % 4]
        out.append(replace(template, id=f"gen-{i}", headword=en, variants=(), zh=zh, zh_hant=zh, zh_variants=()))
    return out


def median_time(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.process_time()  # CPU time: the machine is shared, wall time swings with its load
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    import jieba

    jieba.setLogLevel(logging.WARNING)
    corpus = load_corpus(ROOT / "corpus")
    glossary = load_glossary(ROOT / "corpus", corpus, Annotator(CACHE / "glossary-readings.json"))
    html = bodies(corpus, Annotator(CACHE / "readings.json"))
    chars = sum(len(h) for h in html)
    print(
        f"Seed corpus: {len(html)} passages, {chars:,} characters of HTML; {len(glossary.terms)} terms. "
        f"Median CPU time of {runs} passes.\n"
    )
    print("| Case | terms | passages | median | HTML chars/s |\n|---|---:|---:|---:|---:|")

    def row(name: str, terms, texts) -> None:
        matcher = Matcher(terms)
        t = median_time(lambda: [matcher.mark(h) for h in texts], runs)
        print(f"| {name} | {len(terms)} | {len(texts)} | {t * 1000:.0f} ms | {sum(map(len, texts)) / t:,.0f} |")

    row("seed corpus", glossary.terms, html)
    row("seed corpus ×4", glossary.terms, html * 4)
    row("seed corpus ×16", glossary.terms, html * 16)
    row("+500 generated terms", glossary.terms + tuple(generated_terms(glossary.terms, 500)), html)
    row("+2,000 generated terms", glossary.terms + tuple(generated_terms(glossary.terms, 2000)), html)

    aid = GlossaryAid(glossary)
    passages = [(s, p) for s in corpus.sources for p in s.passages]  # the order of html
    for (source, p), body in zip(passages, html):
        aid.body(source, p, body)

    def pages() -> None:
        found = termpages.occurrences(corpus, aid.hits)
        termpages.index_page(glossary, found)
        for term in glossary.terms:
            termpages.term_page(term, glossary, corpus, found)
        termpages.glossary_api(glossary, found)

    t = median_time(pages, runs)
    print(f"\nGlossary index, {len(glossary.terms)} term pages and api/glossary.json: {t * 1000:.0f} ms (median).")


if __name__ == "__main__":
    main()

"""Parallel detection on real Chinese texts the detector has never seen (issue 17).

    .venv/bin/python bench/parallels_real.py [--quiet]

tests/data/parallels_real/ holds eight real Chinese reports and commentaries (three in traditional
characters), quoted as found; tests/data/parallels_real_gold.yml labels their links with the five
seed sources and with each other, made by reading both sides. Each text is added to a copy of
corpus/, alone, and then all of them together; the detector runs as the build runs it with
curation off (:func:`parallels_eval.detect`: the glossary's concept ids, the threshold of
corpus/parallels.yml, no curated links). Its calibration was fitted on the seed corpus only, so
every link scored here is held out.

Only links touching a real text are scored (the seeds' own links are bench/parallels_eval.py's);
the seeds' labelled links (tests/data/parallels_gold.yml) are known too, so that a link between
two seed passages is never counted false here. Prints recall and precision by kind, the confusion
between kinds and, unless ``--quiet``, every missed, mis-kinded and false link with its passages.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import parallels_eval  # noqa: E402

REAL = ROOT / "tests" / "data" / "parallels_real"
REAL_GOLD = ROOT / "tests" / "data" / "parallels_real_gold.yml"
TEXTS = sorted(p.name for p in REAL.glob("*.md"))


def load_gold(corpus) -> tuple[dict, set]:
    """``(links, unsure)`` of both labelled sets, restricted to the sources present in ``corpus``."""
    slugs = {s.slug[:3]: s.slug for s in corpus.sources}
    links: dict = {}
    unsure: set = set()
    for path in (parallels_eval.GOLD, REAL_GOLD):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, rows in (("links", data["links"]), ("unsure", data.get("unsure", []))):
            for r in rows:
                (na, pa), (nb, pb) = r["a"].split(), r["b"].split()
                if na not in slugs or nb not in slugs:
                    continue
                pair = tuple(sorted(((slugs[na], pa), (slugs[nb], pb))))
                if key == "links":
                    links[pair] = r["kind"]
                else:
                    unsure.add(pair)
    return links, unsure


def _real(pair) -> bool:
    return any(side[0] + ".md" in TEXTS for side in pair)


@contextlib.contextmanager
def corpus_with(names: list[str]):
    """A copy of corpus/ with the texts ``names`` added (its directory, removed after)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus_dir = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus_dir)
        for name in names:
            shutil.copy(REAL / name, corpus_dir / "sources" / name)
        yield corpus_dir


def run(names: list[str]):
    """``(corpus, detected links, labelled links, unsure pairs)``, each restricted to the pairs that
    touch one of the texts ``names``, with those texts added to a copy of corpus/."""
    with corpus_with(names) as corpus_dir:
        corpus, found = parallels_eval.detect(corpus_dir)
    links, unsure = load_gold(corpus)
    found = [p for p in found if _real((p.a, p.b))]
    links = {pair: k for pair, k in links.items() if _real(pair)}
    return corpus, found, links, unsure


def scores(found, links, unsure) -> dict:
    rows = parallels_eval.evaluate(found, links, unsure)
    rows["confusion"] = parallels_eval.confusion(found, links, unsure)
    return rows


def _text(corpus, side) -> str:
    slug, pid = side
    source = next(s for s in corpus.sources if s.slug == slug)
    text = next(p.text for p in source.passages if p.id == pid).replace("\n", " ")
    return text if len(text) <= 220 else text[:220] + "…"


def show(corpus, found, links, unsure) -> None:
    got = {(p.a, p.b): p for p in found}
    for pair, kind in sorted(links.items()):
        p = got.get(pair)
        if p is not None and p.kind == kind:
            continue
        label = f"MISS {kind}" if p is None else f"KIND {kind} detected as {p.kind} ({p.score:.2f}: {p.reason})"
        print(f"\n{label}: {pair[0][0][:3]} {pair[0][1]} / {pair[1][0][:3]} {pair[1][1]}")
        for side in pair:
            print(f"  {side[0][:3]} {side[1]}: {_text(corpus, side)}")
    for pair, p in sorted(got.items()):
        if pair in links or pair in unsure:
            continue
        print(
            f"\nFALSE {p.kind} ({p.score:.2f}: {p.reason}): {pair[0][0][:3]} {pair[0][1]} / {pair[1][0][:3]} {pair[1][1]}"
        )
        for side in pair:
            print(f"  {side[0][:3]} {side[1]}: {_text(corpus, side)}")


def main() -> None:
    fmt = lambda x: "–" if x is None else f"{x:.2f}"  # noqa: E731
    print("Each text alone (links touching it):\n")
    print("| text | labelled | found | kind right | detected | false | unsure detected |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in TEXTS:
        _, found, links, unsure = run([name])
        got = {(p.a, p.b): p.kind for p in found if (p.a, p.b) not in unsure}
        hit = sum(pair in got for pair in links)
        same = sum(got.get(pair) == k for pair, k in links.items())
        false = sum(pair not in links for pair in got)
        print(f"| {name[:-3]} | {len(links)} | {hit} | {same} | {len(found)} | {false} | {len(found) - len(got)} |")
    corpus, found, links, unsure = run(TEXTS)
    rows = scores(found, links, unsure)
    matrix = rows.pop("confusion")
    print("\nAll eight together (links touching any of them):\n")
    print("| kind | gold links | found | recall | detected | correct | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind, r in rows.items():
        print(
            f"| {kind} | {r['gold']} | {r['found']} | {fmt(r['recall'])} | {r['detected']} | {r['correct']} | {fmt(r['precision'])} |"
        )
    print(f"\nKind agreement on the links found: {fmt(rows['all']['kind_agreement'])}; ", end="")
    print(f"unsure pairs detected: {sum((p.a, p.b) in unsure for p in found)}\n")
    print(parallels_eval.confusion_table(matrix))
    if "--quiet" not in sys.argv:
        show(corpus, found, links, unsure)


if __name__ == "__main__":
    main()

"""Fit the same-language calibration of parallel detection, and cross-validate it.

    .venv/bin/python bench/parallels_fit.py [--sensitivity]

Every candidate pair of passages in one language that the detector compares becomes one row of
evidence (:func:`lectern.parallels.evidence`), labelled 1 if it is a link of
tests/data/parallels_gold.yml, 0 if it is not (pairs marked ``unsure`` are left out). An
L2-regularised logistic regression (Newton's method, numpy) is fitted on all rows and printed,
rounded, for ``CALIBRATION`` in src/lectern/parallels/scoring.py.

Cross-validation, leave-one-source-out, curation off: the links of each source are detected by
the whole detector (thresholds, corroboration, best renderings) with a calibration fitted on the
pairs that do not involve it, so nothing about that text was seen in fitting. The pooled
predictions of the folds are scored by kind (a link between two sources is predicted, and
counted, in the fold of each), with the confusion between kinds, next to the in-sample scores.
``--sensitivity`` prints the cross-validated counts with each hand-chosen constant of the rules
(``CONSTANTS``) moved, one at a time.

``--cross`` fits the cross-language calibration (``CROSS_CALIBRATION``) the same way, on the
Chinese–English candidate pairs of the seed corpus with the eight real Chinese texts added
(bench/parallels_real.py), labelled from both gold files, and cross-validates it leave one source
out over the 13 sources (each fold fits both calibrations without that source's pairs). It compares,
in one run, the hand-set calibration (``HAND_SET``) with CC-CEDICT glosses read as before the ';'
fix (``gloss_tokens_before``), the hand-set one and scoring.py's with the fix, and the one fitted
in each fold.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import os  # noqa: E402

import parallels_eval  # noqa: E402
import parallels_real  # noqa: E402

from lectern import parallels, publish  # noqa: E402
from lectern.parallels import blocking, pipeline, scoring, tokens  # noqa: E402
from lectern.parallels import cache as pcache  # noqa: E402
from lectern.parallels import docs as passages  # noqa: E402

NAMES = tuple(os.environ.get("FIT_NAMES", "local cover strong peak run run_len m_best m_order").split())
CROSS_NAMES = ("sim", "terms", "m_best")  # scoring.cross_evidence
# The cross-language calibration as it was set by hand, with the glosses before the ';' fix.
HAND_SET = {"bias": -12.0, "sim": 3.0, "terms": 0.3, "m_best": 0.8}
L2 = 1.0  # ridge on the weights (not the bias), in units of the standardised... raw features


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> np.ndarray:
    """Weights (bias first) of an L2-regularised logistic regression, by Newton's method."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    reg = np.eye(len(w)) * l2
    reg[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + reg @ w
        hess = x1.T @ (x1 * (p * (1 - p))[:, None]) + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def as_weights(w: np.ndarray, names=NAMES) -> dict[str, float]:
    return {"bias": round(float(w[0]), 2)} | {n: round(float(v), 2) for n, v in zip(names, w[1:])}


def fitted(rows, names=NAMES) -> dict[str, float]:
    """The rounded weights fitted on ``rows`` (:meth:`Detector.rows`)."""
    return as_weights(fit(np.array([r[2] for r in rows]), np.array([r[3] for r in rows])), names)


class Detector:
    """The detector on a corpus (the seed corpus by default), with features computed once, and the
    labelled links of both gold files among its sources."""

    def __init__(self, corpus_dir: Path = ROOT / "corpus"):
        inputs = publish.load(corpus_dir)
        self.corpus = inputs.corpus
        self.config = inputs.curated.config
        terms = publish.glossary_terms(inputs.glossary, inputs.corpus)
        items = sorted(parallels.items_of(self.corpus, terms), key=lambda i: (i.source, i.passage))
        self.docs = passages.load(items, {})
        passages.attach_meaning(self.docs, pcache.meaning_store(ROOT / ".cache" / "lectern", self.config))
        self.idf = passages.idf_table(self.docs)
        self.chinese = {(d.item.source, d.item.passage) for d in self.docs if d.zh}
        self.pairs = blocking.candidates(self.docs, self.idf, self.config)
        self.links, self.unsure = parallels_real.load_gold(self.corpus)

    def rows(self, cross: bool = False):
        """(pair, sources, evidence vector, label) of every candidate pair of two English passages
        (``cross``: of a Chinese and an English one, less those where an English sentence renders
        a clause the Chinese gives as someone's words, which score at least ``QUOTED_SCORE``
        whatever the calibration says). Pairs of two Chinese passages are left out: they are
        linked by the quotation gate, and the calibration was fitted without them."""
        out = []
        for i, j in self.pairs:
            a, b = self.docs[i], self.docs[j]
            if (a.zh and b.zh) or (a.zh != b.zh) != cross:
                continue
            key = ((a.item.source, a.item.passage), (b.item.source, b.item.passage))
            if key in self.unsure:
                continue
            f = parallels.features(a, b, self.idf, self.config)
            if cross and f["said"]:
                continue
            e, names = (scoring.cross_evidence(f), CROSS_NAMES) if cross else (parallels.evidence(f), NAMES)
            out.append((key, {a.item.source, b.item.source}, [e[n] for n in names], float(key in self.links)))
        return out

    def detect(self, weights: dict, cross_weights: dict | None = None) -> list[parallels.Parallel]:
        saved, saved_cross = scoring.CALIBRATION, scoring.CROSS_CALIBRATION
        scoring.CALIBRATION = weights
        scoring.CROSS_CALIBRATION = cross_weights or saved_cross
        try:
            found = [
                p for i, j in self.pairs if (p := pipeline.compare(self.docs[i], self.docs[j], self.idf, self.config))
            ]
            return sorted(
                pipeline.corroborated(pipeline.best_renderings(found, self.config, self.chinese), self.config)
            )
        finally:
            scoring.CALIBRATION, scoring.CROSS_CALIBRATION = saved, saved_cross


def table(rows: dict) -> str:
    fmt = lambda x: "–" if x is None else f"{x:.2f}"  # noqa: E731
    lines = [
        "| kind | gold links | found | recall | detected | correct | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {k} | {r['gold']} | {r['found']} | {fmt(r['recall'])} | {r['detected']} | {r['correct']} | {fmt(r['precision'])} |"
        for k, r in rows.items()
        if k != "confusion"
    ]
    return "\n".join(lines) + f"\n\nKind agreement on the links found: {fmt(rows['all']['kind_agreement'])}"


def main() -> None:
    det = Detector()
    rows = det.rows()
    x = np.array([r[2] for r in rows])
    y = np.array([r[3] for r in rows])
    weights = as_weights(fit(x, y))
    print(f"{len(rows)} same-language candidate pairs, {int(y.sum())} of them links")
    print("CALIBRATION =", weights)
    print("\nIn sample (the fitted weights, rounded):\n")
    print(table(parallels_eval.evaluate(det.detect(weights), det.links, det.unsure)))
    rows_cv = leave_one_source_out(det, rows)
    print(
        "\nLeave-one-source-out (each source's links detected with weights fitted without it;"
        " a link between two sources counts once per fold):\n"
    )
    print(table(rows_cv))
    print()
    print(parallels_eval.confusion_table(rows_cv["confusion"]))


def leave_one_source_out(det: Detector, rows=None, cross=None) -> dict:
    """Scores by kind (and ``confusion``) of detection alone, each source's links found with weights
    fitted on the pairs that do not involve it (:func:`parallels_eval.evaluate_pooled`)."""
    slugs = sorted({s.slug for s in det.corpus.sources})
    return parallels_eval.evaluate_pooled(folds(det, rows, cross), det.links, det.unsure, slugs)


def folds(det: Detector, rows=None, cross=None) -> list:
    """``(left-out source, link)`` of every source's links, found with the same-language weights
    fitted without that source's pairs; the cross-language ones are scoring.py's (``cross`` None),
    the weights ``cross`` (a dict), or fitted without that source on the rows ``cross`` (a list)."""
    rows = rows if rows is not None else det.rows()
    pooled = []
    for s in sorted({s.slug for s in det.corpus.sources}):  # its links found by weights fitted without it
        fold = fitted([r for r in rows if s not in r[1]])
        cross_fold = fitted([r for r in cross if s not in r[1]], CROSS_NAMES) if isinstance(cross, list) else cross
        pooled += [(s, p) for p in det.detect(fold, cross_fold) if s in (p.a[0], p.b[0])]
    return pooled


def gloss_tokens_before(word: str) -> frozenset[str]:
    """:func:`lectern.parallels.tokens.gloss_tokens` before the ';' fix (main, 2026-12-06): a gloss
    listing renderings with ';' was read whole, and dropped when over six words."""
    stems: set[str] = set()
    for gloss in tokens.cedict_glosses().get(word, ()):
        gloss = tokens._GLOSS_NOISE.sub("", gloss).strip()
        if len(gloss.split()) > 6:
            gloss = gloss.split(",")[0]
        if not gloss or len(gloss.split()) > 6:
            continue
        stems.update(t for t in tokens.english_tokens(gloss.removeprefix("to ")) if not t.startswith("n:"))
    return frozenset(stems)


def combined(before_fix: bool = False) -> Detector:
    """The detector on the seed corpus with the eight real Chinese texts added (``before_fix``:
    with CC-CEDICT glosses read as before the ';' fix)."""
    saved = tokens.gloss_tokens
    tokens.gloss_tokens = gloss_tokens_before if before_fix else saved
    try:
        with parallels_real.corpus_with(parallels_real.TEXTS) as corpus_dir:
            return Detector(corpus_dir)
    finally:
        tokens.gloss_tokens = saved


def cross_main() -> None:
    real = {name[:-3] for name in parallels_real.TEXTS}  # their slugs
    before, det = combined(before_fix=True), combined()
    rows, cross_rows = det.rows(), det.rows(cross=True)
    print(f"{len(cross_rows)} Chinese–English candidate pairs, {int(sum(r[3] for r in cross_rows))} of them links")
    print("CROSS_CALIBRATION =", fitted(cross_rows, CROSS_NAMES))
    print(
        "\nLeave-one-source-out over the 13 sources (seeds and real texts; each source's links found with"
        " the same-language weights fitted without it, and the cross-language ones below; a link between"
        " two sources counts once per fold), found/labelled:\n"
    )
    print(
        "| glosses | cross-language calibration | sources | quotation | translations | translation | paraphrase | all | detected | false | kinds |"
    )
    print("|---|---|---|---|---|---|---|---|---:|---:|---:|")
    runs = {
        ("before the fix", "hand-set"): folds(before, before.rows(), HAND_SET),
        ("fixed", "hand-set"): folds(det, rows, HAND_SET),
        ("fixed", "scoring.py's"): folds(det, rows),
        ("fixed", "fitted in each fold"): folds(det, rows, cross_rows),
    }
    slugs = sorted({s.slug for s in det.corpus.sources})
    groups = {
        "all 13": slugs,
        "5 seeds": [s for s in slugs if s not in real],
        "8 real": [s for s in slugs if s in real],
    }
    for (glosses, calibration), pooled in runs.items():
        for group, chosen in groups.items():
            r = parallels_eval.evaluate_pooled(pooled, det.links, det.unsure, chosen)
            cells = " | ".join(f"{r[k]['found']}/{r[k]['gold']}" for k in (*parallels.KINDS, "all"))
            false = r["all"]["detected"] - r["all"]["correct"]
            agree = r["all"]["kind_agreement"] or 0.0
            print(f"| {glosses} | {calibration} | {group} | {cells} | {r['all']['detected']} | {false} | {agree:.2f} |")
    rows_cv = parallels_eval.evaluate_pooled(runs["fixed", "fitted in each fold"], det.links, det.unsure, slugs)
    print("\nFitted in each fold, all 13 sources:\n")
    print(table(rows_cv))
    print()
    print(parallels_eval.confusion_table(rows_cv["confusion"]))


# The hand-chosen constants of the rules (not fitted), and values to try each at (--sensitivity).
CONSTANTS = {
    "MEANING_ORDER": (0.52, 0.60),
    "QUOTE_FOUND": (0.7, 0.9),
    "RESTATED_SCORE": (0.0, 0.45),
    "SAID_MEANING": (0.6, 0.7),
}


def sensitivity(det: Detector) -> None:
    """Leave-one-source-out found/detected/correct by kind with each hand-chosen constant of
    :mod:`lectern.parallels.scoring` moved, one at a time (the kinds keep their own copy of
    ``QUOTE_FOUND``: only the scores move with it)."""
    print("| constant | value | quotation | translations | paraphrase | all | false |")
    print("|---|---:|---|---|---|---|---:|")
    for name, values in CONSTANTS.items():
        saved = getattr(scoring, name)
        for value in (saved, *values):
            setattr(scoring, name, value)
            try:
                r = leave_one_source_out(det)
            finally:
                setattr(scoring, name, saved)
            kinds = ("quotation", "translations", "paraphrase", "all")
            cells = " | ".join(f"{r[k]['found']}/{r[k]['gold']}" for k in kinds)
            print(f"| {name} | {value} | {cells} | {r['all']['detected'] - r['all']['correct']} |")


if __name__ == "__main__":
    if "--sensitivity" in sys.argv:
        sensitivity(Detector())
    elif "--cross" in sys.argv:
        cross_main()
    else:
        main()

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

from lectern import parallels, publish  # noqa: E402
from lectern.parallels import blocking, pipeline, scoring  # noqa: E402
from lectern.parallels import cache as pcache  # noqa: E402
from lectern.parallels import docs as passages  # noqa: E402

NAMES = tuple(os.environ.get("FIT_NAMES", "local cover strong peak run run_len m_best m_order").split())
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


def as_weights(w: np.ndarray) -> dict[str, float]:
    return {"bias": round(float(w[0]), 2)} | {n: round(float(v), 2) for n, v in zip(NAMES, w[1:])}


class Detector:
    """The detector on the seed corpus, with features computed once."""

    def __init__(self):
        inputs = publish.load(ROOT / "corpus")
        self.corpus = inputs.corpus
        self.config = inputs.curated.config
        terms = publish.glossary_terms(inputs.glossary, inputs.corpus)
        items = sorted(parallels.items_of(self.corpus, terms), key=lambda i: (i.source, i.passage))
        self.docs = passages.load(items, {})
        passages.attach_meaning(self.docs, pcache.meaning_store(ROOT / ".cache" / "lectern", self.config))
        self.idf = passages.idf_table(self.docs)
        self.chinese = {(d.item.source, d.item.passage) for d in self.docs if d.zh}
        self.pairs = blocking.candidates(self.docs, self.idf, self.config)
        self.links, self.unsure = parallels_eval.load_gold(self.corpus)

    def rows(self):
        """(pair, sources, evidence vector, label) of every same-language candidate pair."""
        out = []
        for i, j in self.pairs:
            a, b = self.docs[i], self.docs[j]
            if a.zh != b.zh:
                continue
            key = ((a.item.source, a.item.passage), (b.item.source, b.item.passage))
            if key in self.unsure:
                continue
            f = parallels.features(a, b, self.idf, self.config)
            e = parallels.evidence(f)
            out.append((key, {a.item.source, b.item.source}, [e[n] for n in NAMES], float(key in self.links)))
        return out

    def detect(self, weights: dict) -> list[parallels.Parallel]:
        saved = scoring.CALIBRATION
        scoring.CALIBRATION = weights
        try:
            found = [
                p for i, j in self.pairs if (p := pipeline.compare(self.docs[i], self.docs[j], self.idf, self.config))
            ]
            return sorted(
                pipeline.corroborated(pipeline.best_renderings(found, self.config, self.chinese), self.config)
            )
        finally:
            scoring.CALIBRATION = saved


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


def leave_one_source_out(det: Detector, rows=None) -> dict:
    """Scores by kind (and ``confusion``) of detection alone, each source's links found with weights
    fitted on the pairs that do not involve it (:func:`parallels_eval.evaluate_pooled`)."""
    rows = rows if rows is not None else det.rows()
    slugs = sorted({s.slug for s in det.corpus.sources})
    pooled = []
    for s in slugs:  # leave one source out: its links are found by weights fitted without it
        train = [r for r in rows if s not in r[1]]
        tx, ty = np.array([r[2] for r in train]), np.array([r[3] for r in train])
        fold = as_weights(fit(tx, ty))
        pooled += [(s, p) for p in det.detect(fold) if s in (p.a[0], p.b[0])]
    return parallels_eval.evaluate_pooled(pooled, det.links, det.unsure, slugs)


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
    else:
        main()

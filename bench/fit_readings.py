"""Fit lectern.reading's model (``src/lectern/data/reading_model.json``) on dev data only.

Training rows are the characters the model decides (not fixed by an override, 一/不, the domain
list or an unambiguous dictionary word) in full-sentence dev data: BZNSYP dev (every character),
CPP dev (one target per sentence) and the political dev set (``bench/data/political_dev.tsv``, if
present). For each of 5 folds (by sentence) the counts come from the other four, so every row's
count features are out of fold; the weights are then fitted by coordinate ascent on accuracy. The
cross-validated accuracy fits the weights on four folds' rows and scores the fifth. The model
written has the counts of all the rows and the weights fitted on all out-of-fold rows.

The weights are fitted by coordinate ascent on accuracy over a grid (the data sets weighted by
SHARE); ``FIT=logit`` fits a conditional logit instead (it cross-validated lower). The political
dev set is ``bench/data/political_dev.tsv`` or the file named by ``POLITICAL_DEV``. ``--rows FILE``
keeps the evidence (computing it takes minutes), so a refit with other features or weights is quick;
``FEATURES="g2pm prior …"`` fits only the features named (default: all of :data:`FEATURES`).

    .venv/bin/python bench/fit_readings.py [--rows /tmp/rows.pkl] [--write]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import polyphone  # noqa: E402
import sentences as S  # noqa: E402

from lectern import reading, reading_data, reading_model  # noqa: E402

FEATURES = os.environ.get(
    "FEATURES",
    "g2pm pypinyin cedict word default prior ctx_p ctx_n ctx_P ctx_N ctx_b g2pm_top g2pm_rare g2pm_back g2pm_lpback ctx_g",
).split()
GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6]
FOLDS = 5
SHARE = {"bznsyp": 0.8, "cpp": 0.2, "political_dev": 0.2}  # of the objective
MIN_CONTEXT = 2  # context counts seen fewer times are not kept


def cpp_sentences(split: str) -> list[S.Sentence]:
    out = []
    for text, i, gold in polyphone.load(S.SHARED / "cpp", split):
        g = [None] * len(text)
        g[i] = gold.replace("u:", "v")
        out.append(S.Sentence(text, tuple(g)))
    return out


def datasets() -> dict[str, list[S.Sentence]]:
    sets = {"bznsyp": S.load_bznsyp(), "cpp": cpp_sentences("dev")}
    path = Path(os.environ.get("POLITICAL_DEV", ROOT / "bench" / "data" / "political_dev.tsv"))
    if path.is_file():
        sets["political_dev"] = S.load_tsv(path)
    return sets


def rows_of(sentences: list[S.Sentence], fixed: dict) -> list[tuple]:
    """(evidence, the candidates that are right, gold, sentence number, scored) of each character the
    model decides; ``fixed`` counts the scored characters decided before the model, and how many
    of them are right."""
    reading.prepare([s.text for s in sentences])
    rows = []
    for n, s in enumerate(sentences):
        evidence = reading.text_evidence(reading.simplify(s.text), s.text)
        for i, ev in enumerate(evidence):
            gold = s.gold[i]
            if not gold or s.text[i] in S.SKIPPED:
                continue
            nxt = next((g for g in s.gold[i + 1 :] if g), None) if s.sandhi else None
            scored = S.polyphonic(s.text[i])
            if ev.fixed is not None or len(ev.candidates) < 2:
                if scored:
                    fixed["n"] += 1
                    fixed["right"] += S.right(S.tone3(ev.fixed or (ev.candidates or (None,))[0]), gold, nxt)
                continue
            right = frozenset(r for r in ev.candidates if S.right(S.tone3(r), gold, nxt))
            rows.append((ev, right, gold, n, scored))
    return rows


def label(ev: reading_model.Evidence, right: frozenset[str], gold: str) -> str | None:
    exact = [r for r in right if S.tone3(r) == gold]
    return (exact or sorted(right) or [None])[0]


def count(rows) -> dict:
    counts: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for ev, right, gold, *_ in rows:
        r = label(ev, right, gold)
        if r:
            unit = ev.unit or ev.char
            counts[unit][""][r] += 1
            for key in reading_model.Model.keys(ev):
                counts[unit][key][r] += 1
    return counts


def prune(counts) -> dict:
    out = {}
    for char, keys in sorted(counts.items()):
        kept = {
            k: dict(sorted(v.items())) for k, v in sorted(keys.items()) if k == "" or sum(v.values()) >= MIN_CONTEXT
        }
        out[char] = kept
    return out


def matrices(rows, counts):
    """Feature tensor (rows, candidates, features), mask of real candidates, mask of right ones."""
    model = reading_model.Model({}, counts)
    width = max(len(ev.candidates) for ev, *_ in rows)
    x = np.zeros((len(rows), width, len(FEATURES)))
    real = np.zeros((len(rows), width), bool)
    good = np.zeros((len(rows), width), bool)
    for n, (ev, right, *_) in enumerate(rows):
        feats = model.features(ev)
        for c, r in enumerate(ev.candidates):
            real[n, c], good[n, c] = True, r in right
            for f, name in enumerate(FEATURES):
                x[n, c, f] = feats.get(name, {}).get(r, 0.0)
    return x, real, good


def accuracy(w, x, real, good, groups=None) -> float:
    """The share of rows whose best candidate is right; with ``groups`` (a label per row), the
    groups' shares weighted by SHARE, so that a small data set is not drowned by a large one."""
    return _accuracy(x @ w, real, good, groups)


def _accuracy(scores, real, good, groups=None) -> float:
    scores = np.where(real, scores, -np.inf)
    best = scores.argmax(axis=1)  # ties: the first candidate in sorted order, as Model.ranked
    hits = good[np.arange(len(best)), best]
    if groups is None:
        return float(hits.mean())
    return float(sum(SHARE.get(g, 0.1) * hits[groups == g].mean() for g in np.unique(groups)))


def fit(x, real, good, groups=None) -> np.ndarray:
    start = {"g2pm": 0.2, "pypinyin": 1, "cedict": 1, "word": 2, "default": 0.5, "prior": 1, "g2pm_top": 1}
    w = np.array([start.get(f, 0.0) for f in FEATURES], float)
    best = accuracy(w, x, real, good, groups)
    for _ in range(4):
        improved = False
        for f in range(len(FEATURES)):
            rest = x @ w - w[f] * x[:, :, f]  # the scores but feature f's: a trial adds only its own
            for value in GRID:
                acc = _accuracy(rest + value * x[:, :, f], real, good, groups)
                if acc > best + 1e-9:
                    best, w, improved = acc, w.copy(), True
                    w[f] = value
        if not improved:
            break
    return w


def fit_logit(x, real, good, groups=None, steps=600, l2=1e-4) -> np.ndarray:
    """Weights of a conditional logit (softmax over each row's candidates) that maximise the
    likelihood of the right candidates (rows weighted so that each data set has its SHARE), by
    Adam; smooth, unlike accuracy, so it finds its optimum, and its scores are calibrated."""
    if groups is None:
        weight = np.ones(len(x))
    else:
        weight = np.array([SHARE.get(g, 0.1) for g in groups])
        for g in np.unique(groups):
            weight[groups == g] /= (groups == g).sum()
    weight /= weight.sum()
    w = np.zeros(x.shape[2])
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        scores = np.where(real, x @ w, -np.inf)
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        q = np.where(good, p, 0.0)
        q /= np.maximum(q.sum(axis=1, keepdims=True), 1e-300)
        grad = np.einsum("r,rc,rcf->f", weight, p - q, x) + 2 * l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def FIT(*args):  # the fitting method: accuracy (default), or FIT=logit
    return fit_logit(*args) if os.environ.get("FIT") == "logit" else fit(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write src/lectern/data/reading_model.json")
    parser.add_argument("--rows", type=Path, help="keep the evidence in this file (to refit without recomputing it)")
    args = parser.parse_args()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    sets = datasets()
    rows, origin, fixed = [], [], {}
    if args.rows and args.rows.is_file():
        rows, origin, fixed = pickle.loads(args.rows.read_bytes())
    if set(sets) - set(fixed):
        for name, sentences in sets.items():
            if name in fixed:
                continue
            fixed[name] = {"n": 0, "right": 0}
            part = rows_of(sentences, fixed[name])
            rows += part
            origin += [name] * len(part)
            print(f"{name}: {len(sentences)} sentences, {len(part)} rows the model decides", file=sys.stderr)
        if args.rows:
            args.rows.write_bytes(pickle.dumps((rows, origin, fixed)))
    origin = np.array(origin)
    fold = np.array([n % FOLDS for *_, n, _ in rows])  # by sentence number
    scored = np.array([sc for *_, sc in rows])
    parts = []  # each fold's rows, their features from the other folds' counts
    for k in range(FOLDS):
        counts = count([r for r, f in zip(rows, fold) if f != k])
        idx = np.where(fold == k)[0]
        parts.append((idx, matrices([rows[i] for i in idx], counts)))
    width = max(p[1][0].shape[1] for p in parts)
    x = np.zeros((len(rows), width, len(FEATURES)))
    real = np.zeros((len(rows), width), bool)
    good = np.zeros((len(rows), width), bool)
    for idx, (px, pr, pg) in parts:
        x[idx, : px.shape[1]], real[idx, : pr.shape[1]], good[idx, : pg.shape[1]] = px, pr, pg
    cv, cv_right = [], np.zeros(len(rows), bool)
    for k in range(FOLDS):
        tr, te = fold != k, fold == k
        w = FIT(x[tr], real[tr], good[tr], origin[tr])
        cv.append((accuracy(w, x[te], real[te], good[te]), te.sum()))
        scores = np.where(real[te], x[te] @ w, -np.inf)
        cv_right[te] = good[te][np.arange(te.sum()), scores.argmax(axis=1)]
    for name in fixed:
        m = (origin == name) & scored
        total = fixed[name]["n"] + m.sum()
        ok = fixed[name]["right"] + cv_right[m].sum()
        print(
            f"{name}, scored characters, cross-validated: {ok / total:.2%} ({ok}/{total}; "
            f"{fixed[name]['n']} decided before the model, {fixed[name]['right']} of them right)"
        )
    cv_acc = sum(a * n for a, n in cv) / sum(n for _, n in cv)
    w = FIT(x, real, good, origin)
    print(f"rows {len(rows)}; 5-fold CV accuracy of the model's decisions: {cv_acc:.2%}")
    print("weights (fitted on all out-of-fold rows):", dict(zip(FEATURES, w.round(3).tolist())))
    for name in sorted(set(origin)):
        m = origin == name
        print(f"  {name}: {accuracy(w, x[m], real[m], good[m]):.2%} of {m.sum()} rows (out-of-fold counts)")
    # The doubt threshold: the margin under which half the out-of-fold errors lie.
    scores = np.where(real, x @ w, -np.inf)
    order = np.sort(scores, axis=1)
    margin = order[:, -1] - order[:, -2]
    wrong = ~good[np.arange(len(rows)), scores.argmax(axis=1)]
    doubt = float(np.median(margin[wrong]))
    flagged = margin < doubt
    print(
        f"doubt threshold {doubt:.3f}: flags {flagged.mean():.1%} of rows; {(~wrong[flagged]).mean():.1%} of them right"
    )
    if args.write:
        jieba = {
            "crc32": reading_data.jieba_fingerprint(),
            "total": reading_data.jieba_total(),
        }  # what the counts were made with
        model = reading_model.Model(
            dict(zip(FEATURES, w.round(4).tolist())), prune(count(rows)), round(doubt, 4), jieba
        )
        path = ROOT / "src" / "lectern" / reading_model.MODEL_FILE
        path.write_text(
            json.dumps(model.dump(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

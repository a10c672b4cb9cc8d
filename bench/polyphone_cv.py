"""Cross-validated attempts at better polyphone accuracy, on CPP dev only (results in BENCHMARKS.md).

For every dev target it records lectern's evidence (g2pM's log-probabilities, phrase support), the
readings the dictionaries give the jieba word containing the character, and those of the longest
covering phrase; then, for each feature set, it refits the weights by coordinate ascent on four
fifths of dev and scores the held-out fifth (5 folds), and for the current features also a learned
per-character bias. Test is never read.

    .venv/bin/python bench/polyphone_cv.py [--data ../shared/data/cpp]
"""

import logging
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
logging.getLogger("jieba").setLevel(logging.WARNING)

import polyphone as pp  # noqa: E402
from lectern import reading as r  # noqa: E402

data = Path(sys.argv[sys.argv.index("--data") + 1]) if "--data" in sys.argv else ROOT.parent / "shared" / "data" / "cpp"
out = {}
for split in ("dev",):
    items = pp.load(data, split)
    r.prepare([s for s, _, _ in items])
    e = r._engine()
    rows = []
    for sentence, i, gold in items:
        simple = r._simplify(sentence)
        ev = r.text_evidence(simple, sentence)[i]
        # word-level evidence: the jieba word containing the target
        pos = 0; word = None
        for tok in e.cut(simple):
            if pos <= i < pos + len(tok):
                word, off = tok, i - pos
            pos += len(tok)
        wordlvl = {}
        for src, table in e.phrases.items():
            entry = table.get(word) if word and len(word) > 1 else None
            if entry and len(entry) == len(word):
                wordlvl[src] = entry[off]
        # longest covering phrase per source
        longest = {}
        for src, table in e.phrases.items():
            best = (0, set())
            for start in range(max(0, i - 7), i + 1):
                for length in range(max(2, i - start + 1), min(8, len(simple) - start) + 1):
                    entry = table.get(simple[start:start + length])
                    if entry and len(entry) == length:
                        if length > best[0]: best = (length, {entry[i - start]})
                        elif length == best[0]: best[1].add(entry[i - start])
            if best[0]: longest[src] = best
        rows.append(dict(sentence=sentence, i=i, gold=gold, char=sentence[i], fixed=ev.fixed, fixed_by=ev.fixed_by,
                         base=ev.base, support=ev.support, word=word, wordlvl=wordlvl, longest=longest))
    out[split] = rows
D = out
def t3(s): return pp.tone3(s)
# precompute per row: candidates with feature vectors
FEATS = ["base", "sup_pypinyin", "sup_cedict", "word_pypinyin", "word_cedict", "long_pypinyin", "long_cedict"]
def rows(split):
    out = []
    for x in D[split]:
        if x["fixed"] is not None or not x["base"]:
            out.append((x, None)); continue
        cands = []
        for rd, lp in sorted(x["base"].items()):
            f = [lp,
                 float(rd in x["support"].get("pypinyin", ())), float(rd in x["support"].get("cedict", ())),
                 float(x["wordlvl"].get("pypinyin") == rd), float(x["wordlvl"].get("cedict") == rd),
                 float(rd in x["longest"].get("pypinyin", (0, set()))[1]), float(rd in x["longest"].get("cedict", (0, set()))[1])]
            cands.append((rd, f, t3(rd) == x["gold"]))
        out.append((x, cands))
    return out
R = {"dev": rows("dev")}
def predict(row, w, bias=None):
    x, cands = row
    if cands is None: return t3(x["fixed"])
    best = max(cands, key=lambda c: (sum(a*b for a, b in zip(w, c[1])) + (bias.get((x["char"], c[0]), 0) if bias else 0), c[1][0]))
    return t3(best[0])
def acc(rows_, w, bias=None):
    return sum(predict(rw, w, bias) == rw[0]["gold"] for rw in rows_) / len(rows_)
cur = [1, 2, 6, 0, 0, 0, 0]
print("current weights, dev in-sample", acc(R["dev"], cur), flush=True)
def fit(rows_, start, feats, grid=(0, 1, 2, 4, 6, 8), rounds=1):
    w = list(start)
    best = acc(rows_, w)
    for _ in range(rounds):
        for k in [j for j in feats if j]:
            for g in grid:
                w2 = w[:]; w2[k] = g
                a = acc(rows_, w2)
                if a > best + 1e-12: best, w = a, w2
        for g in (0.75, 1.5):
            w2 = w[:]; w2[0] = g
            a = acc(rows_, w2)
            if a > best + 1e-12: best, w = a, w2
    return w, best
def fit_bias(rows_, w, grid=(-4, -2, -1, 1, 2, 4), min_gain=2):
    bias = {}
    bychar = defaultdict(list)
    for rw in rows_:
        if rw[1] is not None: bychar[rw[0]["char"]].append(rw)
    for ch, rs in bychar.items():
        readings = sorted({c[0] for rw in rs for c in rw[1]})
        base_ok = sum(predict(rw, w, bias) == rw[0]["gold"] for rw in rs)
        for rd in readings:
            best_g, best_ok = 0, base_ok
            for g in grid:
                b2 = dict(bias); b2[(ch, rd)] = g
                ok = sum(predict(rw, w, b2) == rw[0]["gold"] for rw in rs)
                if ok >= best_ok + min_gain: best_g, best_ok = g, ok
            if best_g: bias[(ch, rd)] = best_g; base_ok = best_ok
    return bias
dev = R["dev"]
random.seed(0)
idx = list(range(len(dev))); random.shuffle(idx)
K = 5
folds = [set(idx[k::K]) for k in range(K)]
for name, feats in (("current model, weights refit", [0,1,2]), ("+ jieba word", [0,1,2,3,4]), ("+ longest phrase", [0,1,2,5,6])):
    ok = 0; ok_b = 0
    for k in range(K):
        train = [dev[i] for i in range(len(dev)) if i not in folds[k]]
        held = [dev[i] for i in folds[k]]
        start = [1 if j == 0 else (cur[j] if j in feats else 0) for j in range(7)]
        w, _ = fit(train, start, feats)
        w = [w[j] if j in feats else 0 for j in range(7)]
        ok += sum(predict(rw, w) == rw[0]["gold"] for rw in held)
        if name.startswith("current"):
            b = fit_bias(train, w)
            ok_b += sum(predict(rw, w, b) == rw[0]["gold"] for rw in held)
    print(name, "5-fold dev", ok / len(dev), ("with per-char bias %.4f" % (ok_b / len(dev))) if name.startswith("current") else "", flush=True)

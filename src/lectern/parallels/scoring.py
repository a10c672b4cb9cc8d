"""The evidence that two passages are parallel (:func:`features`) and its calibration into a score
(:func:`calibrated`): aligned segments by words, the heaviest shared run of words, Chinese
quotations, and the alignment of sentences by meaning."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

from .docs import EN_QUOTED_WORDS, ZH_CLAUSE_CHARS, Doc, sequence, zh_sequence
from .model import Config
from .tokens import Segment


def _weight(tokens: Iterable[str], idf: Mapping[str, float]) -> float:
    """Sum of IDF weights, in sorted order: float sums must not depend on set iteration order
    (PYTHONHASHSEED), or two builds could differ."""
    return sum(idf.get(t, 0.0) for t in sorted(set(tokens)))


# A second translation keeps about this share of the word pairs of the first: a segment pair that
# keeps at least as many counts as fully contained.
PAIRS_KEPT = 0.4
PROPER_WEIGHT = 0.3  # a token of a name or title counts this much of its IDF weight


def _match_words(a: Segment, b: Segment, idf: Mapping[str, float]) -> tuple[float, float]:
    """(containment of the lighter segment in the other, shared weight) of two segments in one language
    (English stems, or Chinese words)."""
    common_words = a.words & b.words
    if len(common_words) < 3:  # most segment pairs stop here
        return 0.0, 0.0
    proper = set(a.proper) | set(b.proper)

    def weight(tokens: Iterable[str], names: Collection[str] = proper) -> float:  # sorted: see _weight
        return sum(idf.get(t, 0.0) * (PROPER_WEIGHT if t in names else 1.0) for t in sorted(tokens))

    def total(seg: Segment, other: Segment, name: str) -> float:  # weight(seg.words), or of its pairs
        tokens = getattr(seg, name)
        if set(other.proper).difference(seg.proper).isdisjoint(tokens):  # the same sum as its own: kept
            return _per_idf(seg, idf, lambda: weight(tokens, set(seg.proper)), "_own_" + name)
        return weight(tokens)

    common_pairs = a.pairs & b.pairs
    lighter = min(total(a, b, "words"), total(b, a, "words"))
    lighter_pairs = min(total(a, b, "pairs"), total(b, a, "pairs"))
    shared_words, shared_pairs = weight(common_words), weight(common_pairs)
    in_words = shared_words / max(lighter, 1e-9)
    in_pairs = shared_pairs / max(lighter_pairs, 1e-9)
    return math.sqrt(in_words * min(1.0, in_pairs / PAIRS_KEPT)), shared_words + shared_pairs


def _match_cross(zh: Segment, en: Segment, idf: Mapping[str, float]) -> tuple[float, float]:
    """(coverage of a Chinese and an English segment by each other through the CEDICT glosses,
    shared weight): the geometric mean of the two coverages."""
    english = en.words
    where = _slots_of(zh)
    common = english.intersection(where)  # the English words some Chinese word may stand for
    hit = sorted({k for t in common for k in where[t]})  # the Chinese words standing for one of them
    if len(hit) < 3:
        return 0.0, 0.0
    weights, zh_total = _per_idf(zh, idf, lambda: _slot_weights(zh.slots, idf))
    zh_hit = sum(weights[k] for k in hit)
    en_total = _per_idf(en, idf, lambda: _weight(english, idf))
    en_hit = _weight(common, idf)
    if not zh_total or not en_total:
        return 0.0, 0.0
    return math.sqrt(zh_hit / zh_total * en_hit / en_total), en_hit


def _slots_of(zh: Segment) -> dict[str, list[int]]:
    """token -> the Chinese words (slots) of ``zh`` that may stand for it; kept on the segment."""

    def index() -> dict[str, list[int]]:
        where = defaultdict(list)
        for k, slot in enumerate(zh.slots):
            for t in set(slot):
                where[t].append(k)
        return dict(where)

    return _kept(zh, "_slots_of", index)


def _kept(obj, name: str, compute):
    """``compute()``, kept on ``obj`` as ``name`` (a frozen dataclass: its cached values go in
    ``__dict__``)."""
    kept = obj.__dict__.get(name)
    if kept is None:
        kept = obj.__dict__[name] = compute()
    return kept


def _per_idf(seg: Segment, idf: Mapping[str, float], compute, name: str = "_per_idf"):
    """``compute()``, kept on the segment (as ``name``) for this IDF table: a segment is compared
    with many others in one detection, under one table (held, so that it is never another one's id)."""
    kept = seg.__dict__.get(name)
    if kept is None or kept[0] is not idf:
        kept = (idf, compute())
        seg.__dict__[name] = kept  # a frozen dataclass: its cached values go in __dict__
    return kept[1]


def _slot_weights(slots: Sequence[Iterable[str]], idf: Mapping[str, float]) -> tuple[list[float], float]:
    """Each Chinese word's weight, and their sum."""
    weights = [_slot_weight(slot, idf) for slot in slots]
    return weights, sum(weights)


def _slot_weight(slot: Iterable[str], idf: Mapping[str, float]) -> float:
    """A Chinese word weighs as the mean of its possible renderings."""
    weights = [idf.get(t, 0.0) for t in slot]
    return sum(weights) / len(weights) if weights else 0.0


ZH_QUOTE_WORDS = 6
ZH_QUOTE_SHARE = 0.7


def _quoted_sentence(run_len: int, run_segs: tuple[int, int, int, int], seq_a, seq_b) -> bool:
    """Whether two Chinese passages share a sentence: a run of words (:func:`shared_run`) of at least
    ``ZH_QUOTE_WORDS`` that is at least ``ZH_QUOTE_SHARE`` of the sentences it spans on one side.
    Chinese words are short, and texts on one subject share set phrases (网络强国战略思想) and much
    of their vocabulary, and stock fragments of sentences, without quoting each other."""
    if run_len < ZH_QUOTE_WORDS:
        return False
    a0, a1, b0, b1 = run_segs
    spanned = min(sum(a0 <= k <= a1 for *_, k in seq_a), sum(b0 <= k <= b1 for *_, k in seq_b))
    return run_len >= ZH_QUOTE_SHARE * spanned


ZH_RUN_ANY = 8  # a run of this many shared Chinese words, unbroken, is a quotation wherever it falls


def _chinese_quotation(a: Doc, b: Doc, idf: Mapping[str, float]) -> tuple[str, tuple]:
    """Whether two Chinese passages share a text: ``(how, run segments)``, ``how`` empty when not.
    ``how`` is "sentence" (a shared sentence: :func:`_quoted_sentence`), "run" (at least
    ``ZH_RUN_ANY`` words in a row, across sentence breaks too) or the clause that one passage has
    in quotation marks (「…」, “…”) and the other has too. Stock formulas and lists of names are
    masked first: they alone never link two texts."""
    seq_a, seq_b = zh_sequence(a), zh_sequence(b)
    _, run_len, run_segs = shared_run(seq_a, seq_b, idf)
    if _quoted_sentence(run_len, run_segs, seq_a, seq_b):
        return "sentence", run_segs
    if run_len >= ZH_RUN_ANY and unbroken_run(seq_a, seq_b) >= ZH_RUN_ANY:
        return "run", run_segs
    for x, y in ((a, b), (b, a)):
        for written, clause in x.zh_quoted:
            if clause in y.zh_plain:
                return written, run_segs
    for x, y, flip in ((a, b, False), (b, a, True)):
        for k, clause, _ in x.zh_clauses:
            if (found := shared_clause(clause, y)) is not None:
                return "clause", (found, found, k, k) if flip else (k, k, found, found)
    return "", run_segs


def shared_clause(clause: str, other: Doc) -> int | None:
    """The segment of ``other`` holding most of ``clause`` (a clause of reported speech, in masked
    characters: :func:`.docs.masked_features`) unbroken: at least ``ZH_QUOTE_SHARE`` of it, or None.
    A report gives the words of a speech as its speaker's (习近平指出，没有网络安全就没有国家安全…),
    which a set phrase of the reporter (党中央高度重视网络安全和信息化工作) is not. The words around
    the clause change with the sentence that takes it in (要敏锐抓住… / 我们必须敏锐抓住…), so it need
    not be found whole; Chinese words are long and function words are not words (信息化为中华民族
    带来了千载难逢的机遇 has five), so characters are counted, not words."""
    need = max(ZH_CLAUSE_CHARS, math.ceil(ZH_QUOTE_SHARE * len(clause)))
    plain = other.zh_plain
    for start in range(len(clause) - need + 1):
        if (piece := clause[start : start + need]) in plain:
            return next((k for k, seg in enumerate(other.zh_seg_plain) if piece in seg), 0)
    return None


RUN_GAP = 2  # words one side may add inside a shared run ("brought [extremely rare] opportunities")


def unbroken_run(a: Sequence[tuple[str, bool, int]], b: Sequence[tuple[str, bool, int]]) -> int:
    """The length of the longest run of words two texts share with nothing between them (across
    sentence breaks too): recombined text on one subject shares runs with a word or two changed
    inside everywhere, a quotation shares its words unbroken."""
    where: dict[str, list[int]] = defaultdict(list)
    for j, (t, _, _) in enumerate(b):
        where[t].append(j)
    ending: dict[int, int] = {}  # position in b -> length of the run ending there (previous position in a)
    best = 0
    for t, _, _ in a:
        ending = {j: ending.get(j - 1, 0) + 1 for j in where.get(t, ())}
        best = max(best, *ending.values()) if ending else best
    return best


def shared_run(
    a: Sequence[tuple[str, bool, int]], b: Sequence[tuple[str, bool, int]], idf: Mapping[str, float]
) -> tuple[float, int, tuple[int, int, int, int]]:
    """(IDF weight, length, segments) of the heaviest run of words two texts share in the same
    order, each side allowed up to ``RUN_GAP`` other words between two shared ones: the trace of a
    quotation or of two close translations, however long the passages around it. ``segments`` are
    the first and last segment of the run in ``a``, then in ``b``. A sparse dynamic programme over
    the matching positions only, so its cost grows with the shared words, not the passages'."""
    where: dict[str, list[int]] = defaultdict(list)
    for j, (t, _, _) in enumerate(b):
        where[t].append(j)
    named = {t for t, proper, _ in b if proper}
    # position in a -> {position in b: (weight, length, start in a, in b) of the best run ending there}
    rows: dict[int, dict[int, tuple[float, int, int, int]]] = {}
    top, end = (0.0, 0, 0, 0), (0, 0)
    steps = range(1, RUN_GAP + 2)
    for i, (t, proper, _) in enumerate(a):
        ids = where.get(t)
        if not ids:
            continue
        w = idf.get(t, 0.0) * (PROPER_WEIGHT if proper or t in named else 1.0)
        before = [r for di in steps if (r := rows.get(i - di))]  # the rows a run may continue from
        row = rows[i] = {}
        for j in ids:
            prev = None
            for r in before:
                for dj in steps:
                    p = r.get(j - dj)
                    if p is not None and (prev is None or p > prev):
                        prev = p
            cur = row[j] = (prev[0] + w, prev[1] + 1, prev[2], prev[3]) if prev else (w, 1, i, j)
            if cur[:2] > top[:2]:
                top, end = cur, (i, j)
    if not top[1]:
        return 0.0, 0, (0, 0, 0, 0)
    return round(top[0], 6), top[1], (a[top[2]][2], a[end[0]][2], b[top[3]][2], b[end[1]][2])


# --- meaning: sentence embeddings (lectern.meaning) -------------------------------------------

MEANING_ALIGN = 0.5  # cosine from which two sentences are aligned by meaning (unrelated ones: 0.1–0.4)
MEANING_STRONG = 0.65  # ... from which an aligned sentence counts as rendered (two renderings: 0.6–0.9)
# Across Chinese and English the cosines are lower (a sentence and its translation: 0.45–0.8).
MEANING_ALIGN_CROSS = 0.4
MEANING_STRONG_CROSS = 0.45


def meaning_alignment(a: Doc, b: Doc) -> dict:
    """Evidence from meaning: a greedy one-to-one alignment of the two passages' segments by the
    cosine of their vectors (from ``MEANING_ALIGN``). ``m_best`` is the best cosine, ``m_aligned``
    the aligned segments, ``m_strong`` those from ``MEANING_STRONG``, ``m_share`` the strong ones
    over the segments of the shorter passage, ``m_in_order`` whether they keep their order, and
    ``m_pairs`` the aligned ``(cosine, i, j)``."""
    none = {
        "m_best": 0.0,
        "m_aligned": 0,
        "m_strong": 0,
        "m_share": 0.0,
        "m_in_order": True,
        "m_pairs": [],
        "m_order": [],
    }
    if a.vecs is None or b.vecs is None or not len(a.vecs) or not len(b.vecs):
        return none
    from .. import meaning

    sims = meaning.similarity(a.vecs, b.vecs)
    low, high = (MEANING_ALIGN_CROSS, MEANING_STRONG_CROSS) if a.zh != b.zh else (MEANING_ALIGN, MEANING_STRONG)
    order = sorted(
        ((float(sims[i, j]), i, j) for i, j in zip(*(sims >= low).nonzero())), key=lambda x: (-x[0], x[1], x[2])
    )
    used_a, used_b, pairs = set(), set(), []
    for sim, i, j in order:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((sim, int(i), int(j)))
    strong = [p for p in pairs if p[0] >= high]
    by_a = [j for _, _, j in sorted(strong, key=lambda p: p[1])]
    return {
        "m_best": float(sims.max()),
        "m_aligned": len(pairs),
        "m_strong": len(strong),
        "m_share": len(strong) / min(len(a.segs), len(b.segs)),
        "m_in_order": by_a == sorted(by_a),
        "m_pairs": pairs,
        "m_order": in_order(order, PARAPHRASE_SENTENCES),
    }


def in_order(order: Sequence[tuple[float, int, int]], most: int = 2) -> list[float]:
    """The cosines of the ``most`` strongest pairs of a one-to-one alignment of sentences that keeps
    their order in both passages, best first: greedy over ``order`` (strongest first), a pair kept
    only if it crosses none kept before. Two passages on one subject each have a sentence close to
    some sentence of the other; a restatement has several, in the same order. ``most`` bounds the
    work on passages of many similar sentences."""
    kept: list[tuple[float, int, int]] = []
    for sim, i, j in order:
        if all((i - i2) * (j - j2) > 0 for _, i2, j2 in kept):
            kept.append((sim, i, j))
            if len(kept) == most:
                break
    return [sim for sim, _, _ in kept]


# A restatement: this many sentences aligned by meaning in order (each from MEANING_ORDER). The
# false paraphrases of the labelled set were one sentence of a long passage echoing one of another
# (one aligned, words covering under 15% of either); the true ones restate two or more in turn, the
# second aligned at 0.58–0.72 where other pairs on one subject reach 0.53 at most (chosen by reading
# the set). A restatement scores at least RESTATED_SCORE: a link when a third passage is linked to
# both (under threshold + corroboration), as its words alone (another translator's) may say nothing.
PARAPHRASE_SENTENCES = 2
MEANING_ORDER = 0.56
RESTATED_SCORE = 0.3


def restated(f: dict) -> bool:
    """Whether one passage restates the other: ``PARAPHRASE_SENTENCES`` sentences aligned by meaning
    in the same order in both (:func:`in_order`), as against one sentence echoing one."""
    return sum(c >= MEANING_ORDER for c in f["m_order"]) >= PARAPHRASE_SENTENCES


QUOTE_FOUND = 0.8
QUOTED_SCORE = 0.7


# What one passage quotes as said, rendered by a sentence of the other: the cosine from which a
# sentence counts as rendered (MEANING_STRONG). On the labelled set the quotations so found are at
# 0.65-0.73, other candidate pairs at most 0.56 (BENCHMARKS.md).
SAID_MEANING = MEANING_STRONG


def said_meant(f: dict) -> bool:
    """Whether what one passage quotes as said is a sentence of the other in other words
    (:func:`quote_meant` from ``SAID_MEANING``)."""
    return f.get("q_meant", (0.0,))[0] >= SAID_MEANING


def quote_found(a: Doc, b: Doc, idf: Mapping[str, float]) -> float:
    """How much of a clause one English passage has in quotation marks (:func:`.docs.quoted_clauses`)
    the other has, in the same order (up to ``RUN_GAP`` other words between two): the best share of
    a clause's IDF weight in one run (:func:`shared_run`). "Xi stated that “without cybersecurity
    there can be no national security”" and "Xi stressed that without cybersecurity, there is no
    national security, the economy…" share their five words in a long sentence that otherwise
    differs, which sentence containment misses."""
    best = 0.0
    for x, y in ((a, b), (b, a)):
        for clause in x.en_quoted:
            total = sum(idf.get(t, 0.0) for t, _, _ in clause)
            if total:
                best = max(best, shared_run(clause, sequence(y), idf)[0] / total)
    return round(min(best, 1.0), 3)


def quote_meant(a: Doc, b: Doc) -> tuple[float, int, int, int, int]:
    """``(cosine, side, quotation, segment, own)``: what one English passage quotes as said
    (:func:`.docs.said`) closest in meaning to a sentence (``segment``) of the other (``side`` 0:
    ``a`` quotes, ``b`` has the sentence); ``own`` is the quoting passage's segment closest to
    that sentence (the spans). Two translations of one Chinese sentence share few words ("gather
    together our human resources and create a strong team" / "pool all our resources of talent
    and train them to become a powerful force") but say the same; the quoted words alone are
    compared, as the sentence around them ("Xi said") blurs its meaning. From ``SAID_MEANING``
    (a sentence rendered) it is a quotation (:func:`said_meant`)."""
    best = (0.0, 0, 0, 0, 0)
    for side, (x, y) in enumerate(((a, b), (b, a))):
        long = [q for q, (_, _, words) in enumerate(x.said) if words >= EN_QUOTED_WORDS]
        if x.zh or not long or x.said_vecs is None or x.vecs is None or y.vecs is None or not len(y.vecs):
            continue
        from .. import meaning

        sims = meaning.similarity(x.said_vecs, y.vecs)
        sims[[q for q in range(len(x.said)) if q not in long]] = -1.0  # a short quotation: a formula
        q, k = divmod(int(sims.argmax()), sims.shape[1])
        if float(sims[q, k]) > best[0]:
            own = meaning.similarity(x.vecs, y.vecs[k : k + 1])[:, 0]  # rounded, as every decision
            best = (float(sims[q, k]), side, q, k, int(own.argmax()))
    return best


def _whole(doc: Doc) -> Segment:
    """The passage as one segment (across languages the passage is the unit); kept on the passage,
    which is compared with many others."""

    def whole() -> Segment:
        if doc.zh:
            return Segment(0, 0, (), (), tuple(sl for s in doc.segs for sl in s.slots))
        return Segment(0, 0, (), tuple(t for s in doc.segs for t in s.tokens))

    return _kept(doc, "_whole", whole)


def gated(a: Doc, b: Doc, idf: Mapping[str, float]) -> bool:
    """Whether two passages may be a parallel at all: two Chinese passages only when they share a
    sentence, a run of words or a quoted clause (:func:`_chinese_quotation`)."""
    return not (a.zh and b.zh) or bool(_chinese_quotation(a, b, idf)[0])


def features(a: Doc, b: Doc, idf: Mapping[str, float], config: Config, gate: bool = True) -> dict | None:
    """The evidence that two passages are parallel, from a one-to-one alignment of their segments.
    Two Chinese passages that share no sentence, run or quoted clause have none (``gate``; without
    it, their evidence is computed all the same, to mark the spans of a curated link)."""
    cross = a.zh != b.zh
    quote, zh_segs = "", (0, 0, 0, 0)
    if a.zh and b.zh:  # the gate first: most pairs of Chinese passages fail it
        quote, zh_segs = _chinese_quotation(a, b, idf)
        if not quote and gate:
            return None
    scored = []
    for i, sa in enumerate(a.segs):
        for j, sb in enumerate(b.segs):
            if cross:
                sim, shared = _match_cross(sa, sb, idf) if a.zh else _match_cross(sb, sa, idf)
            else:
                sim, shared = _match_words(sa, sb, idf)
            if shared >= config.segment_shared and (
                sim >= config.segment_min or (shared >= config.segment_strong and sim >= (0.35 if cross else 0.3))
            ):
                scored.append((shared, sim, i, j))
    whole, said, said_at = None, 0.0, [-1, -1, -1]
    if cross:  # across languages the passage is the unit: clause order and sentence breaks differ
        zh, en = (a, b) if a.zh else (b, a)
        whole = _match_cross(_whole(zh), _whole(en), idf)
        said, *said_at = said_where(zh, en, idf)
    scored.sort(reverse=True)
    used_a, used_b, matches = set(), set(), []
    for shared, sim, i, j in scored:  # greedy one-to-one alignment, strongest first
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matches.append((shared, sim, i, j))
    meant = meaning_alignment(a, b)
    terms = len(set(a.item.terms) & set(b.item.terms))
    extra = {"terms": terms} | meant  # the features after the alignment's
    if whole is not None:
        return {
            "cross": True,
            "matches": matches,
            "sim": whole[0],
            "local": whole[1],
            "total": whole[1],
            "cover_a": whole[0],
            "cover_b": whole[0],
            "said": said,
            "said_at": tuple(said_at),
        } | extra
    seq_a, seq_b = sequence(a), sequence(b)
    run, run_len, run_segs = shared_run(seq_a, seq_b, idf)
    # a clause (quoted or said), or a run the stock formulas cut: the segments the gate found
    if a.zh and (run_len < ZH_QUOTE_WORDS or quote == "clause"):
        run_segs = zh_segs
    extra = {"terms": terms, "run": run, "run_len": run_len, "run_segs": run_segs, "quote": quote} | meant
    extra["q_found"] = 0.0 if a.zh else quote_found(a, b, idf)
    extra["q_meant"] = quote_meant(a, b)
    if not matches:
        return {
            "cross": False,
            "matches": [],
            "local": 0.0,
            "sim": 0.0,
            "total": 0.0,
            "cover_a": 0.0,
            "cover_b": 0.0,
        } | extra

    def cover(doc: Doc, used: set[int]) -> float:
        weights = [_seg_weight(s, idf) for s in doc.segs]
        return sum(w for k, w in enumerate(weights) if k in used) / max(sum(weights), 1e-9)

    return {
        "cross": cross,
        "matches": matches,
        "local": matches[0][0],
        "sim": matches[0][1],
        "total": sum(m[0] for m in matches),
        "cover_a": cover(a, used_a),
        "cover_b": cover(b, used_b),
    } | extra


# Logistic calibration of the evidence: a score is the estimated chance that the link is right.
# Fitted (L2-regularised logistic regression, bench/parallels_fit.py) on the seed corpus' labelled
# set, then rounded; BENCHMARKS.md gives its cross-validated precision and recall (each pair of
# sources scored by a model fitted without both) and the reliability per score band.
CALIBRATION = {
    "bias": -6.54,
    "local": 0.55,
    "cover": -0.13,
    "strong": 1.25,
    "peak": 0.64,
    "run": 0.51,
    "run_len": 0.36,
    "m_best": 1.4,
    "m_order": 0.95,
}

# Across languages, the same fit on the Chinese–English candidate pairs of both labelled sets
# (seeds and the real Chinese texts of tests/data/parallels_real), less the pairs a said clause
# decides (:func:`said_where`), rounded: `.venv/bin/python bench/parallels_fit.py --cross`
# (it prints these weights and their leave-one-source-out scores; BENCHMARKS.md).
CROSS_CALIBRATION = {"bias": -8.5, "sim": 1.77, "terms": 0.2, "m_best": 1.12}


def cross_evidence(f: dict) -> dict[str, float]:
    """The evidence of :func:`features` for a Chinese and an English passage, as the named numbers
    ``CROSS_CALIBRATION`` weighs."""
    return {
        "sim": f["sim"] * 10,
        "terms": float(min(f["terms"], 5)),
        "m_best": (f["m_best"] - MEANING_STRONG_CROSS) * 10,
    }


def evidence(f: dict) -> dict[str, float]:
    """The same-language evidence of :func:`features` as the named numbers ``CALIBRATION`` weighs."""
    matches = f["matches"]
    return {
        "local": f["sim"] * math.log1p(f["local"]),
        "total": math.log1p(f["total"]),
        "cover": min(f["cover_a"], f["cover_b"]),
        "strong": float(sum(m[1] >= 0.5 for m in matches)),
        "peak": max((m[0] * m[1] for m in matches), default=0.0) / 10,
        "terms": float(min(f["terms"], 5)),
        "run": math.log1p(f["run"]),
        "run_len": float(min(f["run_len"], 12)),
        "m_best": max(f["m_best"] - MEANING_ALIGN, 0.0) * 10,
        "m_strong": float(min(f["m_strong"], 4)),
        "m_share": f["m_share"],
        "m_order": max((f["m_order"][1:2] or [0.0])[0] - MEANING_ALIGN, 0.0) * 10,
    }


def calibrated(f: dict, weights: Mapping[str, float] | None = None) -> float:
    """The score of a pair from its :func:`features`."""
    if f["cross"]:
        cc = CROSS_CALIBRATION
        z = cc["bias"] + sum(cc[k] * v for k, v in cross_evidence(f).items())
        score = round(1 / (1 + math.exp(-z)), 3)
        return max(score, QUOTED_SCORE) if f.get("said") else score
    c: Mapping[str, float] = weights or CALIBRATION
    z = c["bias"] + sum(c.get(k, 0.0) * v for k, v in evidence(f).items())
    score = round(1 / (1 + math.exp(-z)), 3)
    if f["q_found"] >= QUOTE_FOUND or said_meant(f):  # a clause quoted whole, or its meaning
        score = max(score, QUOTED_SCORE)  # a quotation, whatever else differs
    if restated(f):
        score = max(score, RESTATED_SCORE)
    return score


SAID_RENDERED = 0.9  # share of a said clause's words an English sentence close in meaning renders: a quotation
SAID_CLOSE, SAID_MOSTLY = 0.6, 0.6  # ... or this share, of a sentence as close as a translation (cosine)


def said_where(zh: Doc, en: Doc, idf: Mapping[str, float]) -> tuple[float, int, int, int]:
    """``(share, clause, unit, j)``: the largest share of the words of a clause the Chinese passage
    gives as someone's words (:func:`.docs.masked_features`: 习近平指出，没有网络安全就没有国家安全…)
    that an English sentence close to it in meaning (or a clause the English gives in quotation
    marks) renders: ``SAID_RENDERED`` of them from ``MEANING_STRONG_CROSS``, ``SAID_MOSTLY`` from
    ``SAID_CLOSE`` (another translator's words: 人民群众 / popular masses); and where it is found:
    the said clause (an index of ``zh.zh_clauses``) and the English unit rendering it (``unit`` 0:
    the sentence ``en.segs[j]``; 1: the clause ``en.said[j]``); ``(0.0, -1, -1, -1)`` if none.
    The trace of a formula quoted in another language inside passages that otherwise differ,
    which the passages' coverage of each other and the alignment of whole sentences miss. On the
    real texts the clauses of pairs that are no link reach 0.54 in meaning at most. The share is
    the feature ``said``; where, what the reader is shown (:func:`.kinds.described`)."""
    best = (0.0, -1, -1, -1)
    if zh.said_vecs is None or not len(zh.said_vecs) or en.vecs is None or not len(en.vecs):
        return best
    from .. import meaning

    # the English units: its sentences, and its clauses in quotation marks
    for unit, vecs, units in ((0, en.vecs, [s.words for s in en.segs]), (1, en.said_vecs, [w for _, w, _ in en.said])):
        if vecs is None or not len(vecs):
            continue
        sims = meaning.similarity(zh.said_vecs, vecs)
        for c, j in zip(*(sims >= MEANING_STRONG_CROSS).nonzero()):
            slots = zh.zh_clauses[c][2]
            weights = [_slot_weight(slot, idf) for slot in slots]
            total = sum(weights)
            share = sum(w for w, slot in zip(weights, slots) if units[j].intersection(slot)) / total if total else 0.0
            if share >= (SAID_MOSTLY if sims[c, j] >= SAID_CLOSE else SAID_RENDERED) and share > best[0]:
                best = (share, int(c), unit, int(j))
    return (round(best[0], 3), *best[1:])


def rendered(f: dict) -> bool:
    """Whether a Chinese and an English passage share something rendered, not only a subject's
    words: a said clause (:func:`said_where`) or a sentence as close in meaning as a
    translation (``SAID_CLOSE``)."""
    return bool(f.get("said")) or f["m_best"] >= SAID_CLOSE


def quoted(a: Segment, b: Segment) -> bool:
    """Whether what two segments share is, on one side, mostly inside quotation marks."""
    common = set(a.tokens) & set(b.tokens)
    words = {t for t in common if "+" not in t}
    return any(len(words & set(side.quoted)) >= max(2, len(words) // 2) for side in (a, b))


def _seg_weight(s: Segment, idf: Mapping[str, float]) -> float:
    if s.slots:
        return sum(_slot_weight(slot, idf) for slot in s.slots)
    return _weight(s.tokens, idf)

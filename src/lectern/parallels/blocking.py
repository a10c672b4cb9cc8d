"""Candidate pairs of passages, never all pairs: by shared rare tokens (an inverted index with a
document-frequency cap) and, optionally, by sentences close in meaning (random-hyperplane hashing)."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .docs import Doc
from .model import Config


def word_candidates(docs: list[Doc], idf: Mapping[str, float], config: Config) -> list[tuple[int, int]]:
    """Pairs of passages sharing at least ``min_shared`` IDF weight in tokens of df ≤ ``max_df``.

    One passage at a time, so memory holds the index and one passage's partners, never every pair
    that shares a token. The weights are multiples of 1/16 (``IDF_STEPS``), so their sums are exact
    in any order. Two Chinese passages count the pairs of Chinese words they share only (far more
    share a gloss, or a word, than a quotation); a Chinese and an English passage count the English
    word pairs the Chinese may stand for too (:func:`bridges`), in an index of their own."""
    index = _index(((i, d.tokens) for i, d in enumerate(docs)), idf, config)
    bridges = _index(
        ((i, d.bridges & idf.keys()) for i, d in enumerate(docs) if d.zh), idf, config
    )  # pairs English has
    zh = [d.zh for d in docs]
    english: dict[str, list[int]] = {}  # token -> the English passages of its postings, when first asked
    pairs = []
    for i, d in enumerate(docs):
        shared: dict[int, float] = defaultdict(float)
        found = []  # (weight, passages) of each token that proposes partners of d
        for t in d.tokens & index.keys():
            w, ids = index[t]
            if d.zh and not t.startswith("z:"):  # from a Chinese passage, a gloss proposes English passages only
                if t not in english:
                    english[t] = [j for j in ids if not zh[j]]
                ids = english[t]
            found.append((w, ids))  # a pair of Chinese words: the Chinese passages, the only ones having it
        if d.zh:  # the English passages having a pair of words this one may stand for
            found += [index[t] for t in d.bridges & index.keys()]
        else:  # the Chinese passages that may stand for a pair of words this one has
            found += [bridges[t] for t in d.tokens & bridges.keys()]
        for w, ids in found:
            for j in ids[bisect.bisect_right(ids, i) :]:
                shared[j] += w
        for j, w in sorted(shared.items()):
            other = docs[j]
            if w >= config.min_shared and not (other.item.source == d.item.source and other.zh == d.zh):
                pairs.append((i, j))  # one source in one language is never a parallel
    return pairs


def _index(
    tokens: Iterable[tuple[int, Iterable[str]]], idf: Mapping[str, float], config: Config
) -> dict[str, tuple[float, list[int]]]:
    """token → (its weight, the passages that have it, ascending), for tokens in at most ``max_df``
    passages. A glossary concept id weighs three times its IDF weight; a Chinese word alone
    (``z:网络``, as against a pair) proposes nothing."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ts in tokens:
        for t in ts:
            postings[t].append(i)  # ascending: passages are visited in order
    return {
        t: (idf[t] * (3.0 if t.startswith("t:") else 1.0), ids)
        for t, ids in postings.items()
        if len(ids) <= config.max_df and not (t.startswith("z:") and "+" not in t)
    }


# Candidates by meaning: random-hyperplane hashing (locality-sensitive) of the segment vectors. Each
# of LSH_BANDS bands hashes a vector to LSH_BITS signs of projections; two segments are compared
# only when some band gives them one bucket, and a bucket of more than LSH_BUCKET segments (a stock
# sentence everyone repeats) proposes nothing, as a too common token does not. Two segments of
# cosine 0.9 share a bucket in some band 19 times in 20, of 0.8 three times in four, of 0.6 (a
# translation) one in five, unrelated ones (0.3) almost never; a bucket holds at most LSH_BUCKET
# segments, so the pairs compared grow with the corpus, not with its square.
LSH_BANDS = 32
LSH_BITS = 14
LSH_BUCKET = 48
LSH_BLOCK = 8192  # pairs of segments whose cosines are computed at once (memory: 2 × 16 MB)
LSH_SEED = 17
PROPOSE_MEANING = 0.8  # cosine of two segments in one language from which their passages are compared
PROPOSE_MEANING_CROSS = 0.6  # ... in Chinese and English


def meaning_candidates(docs: Sequence[Doc]) -> set[tuple[int, int]]:
    """Pairs of passages (indices, ascending) having two segments close in meaning (see ``LSH_BANDS``),
    other than two passages of one source in one language."""
    import numpy as np

    from .. import meaning

    with_vecs = [(k, d.vecs) for k, d in enumerate(docs) if d.vecs is not None and len(d.vecs)]
    if not with_vecs:
        return set()
    vectors = np.vstack([v for _, v in with_vecs]).astype(np.float32)
    owner = np.concatenate([np.full(len(v), k) for k, v in with_vecs])
    zh = np.array([d.zh for d in docs])
    planes = np.random.default_rng(LSH_SEED).standard_normal((meaning.DIM, LSH_BANDS * LSH_BITS)).astype(np.float32)
    codes = np.empty((len(vectors), LSH_BANDS), dtype=np.int64)
    powers = (1 << np.arange(LSH_BITS)).astype(np.int64)
    for start in range(0, len(vectors), LSH_BLOCK):  # a block of rows at a time: the signs of 448 projections
        signs = (vectors[start : start + LSH_BLOCK] @ planes > 0).reshape(-1, LSH_BANDS, LSH_BITS)
        codes[start : start + LSH_BLOCK] = signs.astype(np.int64) @ powers
    codes += np.arange(LSH_BANDS, dtype=np.int64) << LSH_BITS
    keys, rows = codes.ravel(), np.repeat(np.arange(len(vectors)), LSH_BANDS)
    order = np.argsort(keys, kind="stable")
    keys, rows = keys[order], rows[order]
    _, size = np.unique(keys, return_counts=True)
    small = np.repeat(size <= LSH_BUCKET, size)  # entries of buckets small enough to propose
    left, right = [], []
    for d in range(1, LSH_BUCKET):  # entry t with entry t + d of the same bucket
        same = (keys[:-d] == keys[d:]) & small[:-d]
        left.append(rows[:-d][same])
        right.append(rows[d:][same])
    if not left:
        return set()
    x, y = np.concatenate(left), np.concatenate(right)
    x, y = np.minimum(x, y), np.maximum(x, y)
    keep = owner[x] != owner[y]
    pairs = np.unique(x[keep] * len(vectors) + y[keep])
    x, y = pairs // len(vectors), pairs % len(vectors)
    out: set[tuple[int, int]] = set()
    for start in range(0, len(x), LSH_BLOCK):  # the cosines, a block at a time
        bx, by = x[start : start + LSH_BLOCK], y[start : start + LSH_BLOCK]
        cos = np.round((vectors[bx] * vectors[by]).sum(axis=1), 2)
        da, db = owner[bx], owner[by]
        cross = zh[da] != zh[db]
        hit = np.where(cross, cos >= PROPOSE_MEANING_CROSS, cos >= PROPOSE_MEANING)
        for i, j in zip(da[hit].tolist(), db[hit].tolist()):
            i, j = min(i, j), max(i, j)
            if not (docs[i].item.source == docs[j].item.source and docs[i].zh == docs[j].zh):
                out.add((i, j))
    return out


def candidates(docs: list[Doc], idf: Mapping[str, float], config: Config) -> list[tuple[int, int]]:
    """The pairs of passages to compare: those the words propose (:func:`word_candidates`) and those
    the meaning of their sentences proposes (:func:`meaning_candidates`), ascending."""
    words = set(word_candidates(docs, idf, config))
    return sorted(words | meaning_candidates(docs) if config.meaning_candidates else words)

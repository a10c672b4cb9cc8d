"""Detection: candidates, scores, kinds and spans of every pair, with a cache by content
(:func:`detect_items`, :func:`detect`)."""

from __future__ import annotations

import hashlib
import math
from array import array
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from functools import cache
from pathlib import Path

from .blocking import candidates
from .cache import (
    MEANING_CACHE,
    meaning_store,
    parallel_from_json,
    parallel_to_json,
    read_cache,
    write_cache,
)
from .docs import Doc, attach_meaning, idf_table, load, meaning_texts
from .kinds import described, restated
from .model import DEFAULT, VERSION, Config, Item, Parallel, content_key
from .scoring import calibrated, features, gated, rendered, said_meant


def compare(a: Doc, b: Doc, idf: Mapping[str, float], config: Config) -> Parallel | None:
    f = features(a, b, idf, config)
    if f is None or not (f["cross"] or f["matches"] or f["run"] or f["m_strong"] or said_meant(f)):
        return None
    score = calibrated(f)
    if score < min(config.threshold, config.rescue):
        return None
    link = described(a, b, f, score, config)
    if (link.kind == "paraphrase" and not restated(f)) or (link.kind == "quotation" and f["cross"] and not rendered(f)):
        # one loose sentence in passages otherwise different, or a subject's words in two languages
        # with no sentence or said clause rendered: a shared topic, unless a third passage is
        # linked to both (:func:`corroborated`, which then reads its kind from theirs)
        return replace(link, score=min(score, round(config.threshold - 0.001, 3))) if score >= config.rescue else None
    return link


def corroborated(found: list[Parallel], config: Config) -> list[Parallel]:
    """Keep a weak link only if a third passage is linked to both of its passages: a formula
    repeated across several texts, not a chance overlap. Links from ``threshold + corroboration``
    stand alone; those from ``threshold`` need a third passage linked to both; those from
    ``rescue`` (a repeated slogan inside long passages, worded a little differently each time)
    need a third passage linked to both by links kept so far."""

    def neighbours(links):
        out: dict[tuple[str, str], set] = defaultdict(set)
        for p in links:
            out[p.a].add(p.b)
            out[p.b].add(p.a)
        return out

    near = neighbours([p for p in found if p.score >= config.threshold])
    kept = [
        p
        for p in found
        if p.score >= config.threshold + config.corroboration or (p.score >= config.threshold and near[p.a] & near[p.b])
    ]
    near = neighbours(kept)
    kinds = {(p.a, p.b): p.kind for p in kept}

    def kind_of(x, y):
        return kinds.get((min(x, y), max(x, y)))

    out = list(kept)
    for p in found:
        if config.rescue <= p.score < config.threshold and (third := sorted(near[p.a] & near[p.b])):
            # Two passages that render (or quote) what a third renders (or quotes) the same way are
            # linked in that way too: the kind of a weak link is read from its corroboration.
            agreed = {kind_of(p.a, c) for c in third if kind_of(p.a, c) == kind_of(p.b, c)} - {"translation", None}
            if len(agreed) == 1 and p.kind != "translation":
                p = replace(p, kind=agreed.pop(), reason="as both are linked to a third passage")
            out.append(p)
    return out


def best_renderings(found: list[Parallel], config: Config, chinese: Collection[tuple[str, str]] = ()) -> list[Parallel]:
    """Keep a cross-lingual link (a translation, or a quotation between a passage of ``chinese`` and
    one not) only if it is (nearly) the best of its passage in the other source: a passage has one
    rendering per translation, and its topic neighbours score just below it. A translation of the
    passage just before or after the best one is kept too: a paragraph rendered as two."""

    def cross(p: Parallel) -> bool:
        return p.kind == "translation" or (p.a in chinese) != (p.b in chinese)

    best: dict[tuple, tuple[float, str]] = {}
    for p in found:
        if cross(p):
            for x, y in ((p.a, p.b), (p.b, p.a)):
                best[x, y[0]] = max(best.get((x, y[0]), (0.0, "")), (p.score, y[1]))

    def near_best(x: tuple[str, str], y: tuple[str, str], p: Parallel) -> bool:
        top, where = best[x, y[0]]
        if _logit(p.score) >= _logit(top) - config.rendering_margin:
            return True
        return p.kind == "translation" and p.score >= config.threshold + config.corroboration and _next(where, y[1])

    return [p for p in found if not cross(p) or (near_best(p.a, p.b, p) and near_best(p.b, p.a, p))]


def _next(a: str, b: str) -> bool:
    """Whether two passage ids of one source are neighbours (p7, p8)."""
    x, y = a.removeprefix("p"), b.removeprefix("p")
    return x.isdigit() and y.isdigit() and abs(int(x) - int(y)) == 1


def _logit(score: float) -> float:
    score = min(max(score, 1e-6), 1 - 1e-6)
    return math.log(score / (1 - score))


def detect_items(
    items: Sequence[Item],
    config: Config = DEFAULT,
    cache_dir: Path | None = None,
    explain: Iterable[tuple[tuple[str, str], tuple[str, str]]] = (),
) -> list[Parallel]:
    """Parallels among ``items``: every pair scoring at least ``config.threshold``, sorted.

    ``explain`` names pairs (curated links) whose evidence is wanted whatever their score: those
    not detected come back too, with ``origin="explained"``, their spans, kind and reason, so that
    a curated link is highlighted like a detected one (:func:`combine` uses them for that only).

    With ``cache_dir``, three things are kept by content: the result of the whole run, each
    passage's features, and each compared pair's outcome, found by both passages and the weights
    of their words. After an edit, only the pairs of the edited passages, and of passages sharing
    a word whose weight the edit changed, are scored again; the result is the same as without a
    cache.
    """
    cache_file = Path(cache_dir) / "parallels.json" if cache_dir else None
    stored = read_cache(cache_file)
    named = sorted({(min(a, b), max(a, b)) for a, b in explain})
    run_key = content_key(VERSION, asdict(config), [asdict(i) for i in items], named)
    if run_key in stored.get("runs", {}):
        return [parallel_from_json(p) for p in stored["runs"][run_key]]
    feats, known = stored.get("features", {}), stored.get("pairs", {})
    items = sorted(items, key=lambda i: (i.source, i.passage))
    docs = load(items, feats)
    store = meaning_store(cache_dir, config) if config.meaning_candidates else None
    if store is not None:  # candidates by meaning need every passage's vectors
        attach_meaning(docs, store)
    idf = idf_table(docs)
    setting = content_key(VERSION, asdict(config))

    @cache
    def weighed(i: int) -> str:  # a passage (its name and text) and the weight of each of its words
        d = docs[i]
        tokens = sorted(d.tokens)  # the glossary ids (terms) among them
        weights = array("d", map(idf.__getitem__, tokens)).tobytes()
        return content_key(
            setting,
            d.item.source,
            d.item.passage,
            d.key,
            hashlib.sha256("\0".join(tokens).encode() + weights).hexdigest(),
        )

    pairs = candidates(docs, idf, config)
    # The pairs to score: not in the cache and past the gate (two Chinese passages sharing no text are
    # no parallel; most fail it, and it is the costly part of their comparison: asked once a pair).
    to_score = [(i, j) for i, j in pairs if weighed(i) + weighed(j) not in known]
    passed = {(i, j) for i, j in to_score if gated(docs[i], docs[j], idf)}
    if config.meaning:  # vectors only for the passages of the pairs to score (embedding is the costly step)
        where = {(d.item.source, d.item.passage): k for k, d in enumerate(docs)}
        needed = {k for pair in passed for k in pair} | {where[p] for pair in named for p in pair if p in where}
        needed = {k for k in needed if docs[k].vecs is None}
        if needed:  # the store (and the encoder) are loaded only when some pair needs them
            store = store or meaning_store(cache_dir, config)
            attach_meaning([docs[k] for k in sorted(needed)], store)
    found, outcomes = [], {}
    for i, j in pairs:
        key = weighed(i) + weighed(j)
        if key not in known:
            link = compare(docs[i], docs[j], idf, config) if (i, j) in passed else None
            known[key] = parallel_to_json(link) if link else None
        outcomes[key] = known[key]
        if known[key]:
            found.append(parallel_from_json(known[key]))  # as the cache gives it back, for identical results
    chinese = {(d.item.source, d.item.passage) for d in docs if d.zh}
    found = corroborated(best_renderings(found, config, chinese), config)
    found += _explained(docs, idf, config, [pair for pair in named if pair not in {(p.a, p.b) for p in found}])
    found.sort()
    if cache_file:
        used = {content_key(VERSION, i.language, i.text) for i in items}
        write_cache(
            cache_file,
            {
                "features": {k: v for k, v in sorted(feats.items()) if k in used},
                "pairs": dict(sorted(outcomes.items())),
                "runs": {run_key: [parallel_to_json(p) for p in found]},
            },
        )
        if store is not None and store.added:
            from .. import meaning

            store.save(cache_file.parent / MEANING_CACHE, {meaning.key(t) for d in docs for t in meaning_texts(d)})
    return found


def _explained(docs: Sequence[Doc], idf: Mapping[str, float], config: Config, pairs) -> list[Parallel]:
    """The evidence of named pairs of passages, whatever their score (see :func:`detect_items`)."""
    where = {(d.item.source, d.item.passage): k for k, d in enumerate(docs)}
    out = []
    for a, b in pairs:
        if a in where and b in where and a != b:
            da, db = docs[where[a]], docs[where[b]]
            f = features(da, db, idf, config, gate=False)
            if f is not None:
                out.append(replace(described(da, db, f, calibrated(f), config), origin="explained"))
    return out


def items_of(corpus, terms: Mapping[tuple[str, str], Sequence[str]] | None = None) -> list[Item]:
    """The passages of a corpus as :class:`Item`; ``terms`` maps ``(slug, pid)`` to concept ids."""
    terms = terms or {}
    return [
        Item(s.slug, p.id, p.language, p.text, tuple(sorted(terms.get((s.slug, p.id), ()))))
        for s in corpus.sources
        for p in s.passages
    ]


def detect(
    corpus,
    terms: Mapping[tuple[str, str], Sequence[str]] | None = None,
    config: Config = DEFAULT,
    cache_dir: Path | None = None,
    explain: Iterable[tuple[tuple[str, str], tuple[str, str]]] = (),
) -> list[Parallel]:
    """Detected parallels of a corpus (curated links are applied by :func:`combine`; pass their
    pairs as ``explain`` to have their spans, see :func:`detect_items`)."""
    return detect_items(items_of(corpus, terms), config, cache_dir, explain)

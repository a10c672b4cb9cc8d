"""The spans of a link: the parts of two matched segments that hold their shared words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Span
from .tokens import WORD, Segment, word_tokens


def joined(segs: Sequence[Segment]) -> Segment:
    """Consecutive segments as one."""
    return Segment(
        segs[0].start,
        segs[-1].end,
        (),
        tuple(t for s in segs for t in s.tokens),
        tuple(slot for s in segs for slot in s.slots),
    )


def renderable(a: Segment, b: Segment) -> set[str]:
    """The words of ``b`` that ``a`` shares or (Chinese ``a``, English ``b``) may render."""
    if a.slots and not b.slots:
        return {t for slot in a.slots for t in slot} & set(b.tokens)
    return {t for t in a.tokens if "+" not in t} & set(b.tokens)


def narrow(text: str, seg: Segment, shared: set[str]) -> Span:
    """The part of a segment that holds its richest run of shared words (the whole segment if it has
    fewer than two): English words at most ``GAP`` words apart, Chinese ones ``ZH_GAP`` characters."""
    hits = _chinese_hits(text, seg, shared) if seg.slots else _english_hits(text, seg, shared)
    if len(hits) < 2:
        return Span(seg.start, seg.end)
    gap = ZH_GAP if seg.slots else GAP
    runs, run = [], [hits[0]]
    for hit in hits[1:]:
        if hit[0] - run[-1][1] > gap:
            runs.append(run)
            run = []
        run.append(hit)
    runs.append(run)
    best = max(runs, key=lambda r: (len({h[4] for h in r}), -r[0][0]))
    return Span(best[0][2], best[-1][3])


GAP = 6  # words between two shared words of one matching span, at most
ZH_GAP = 4  # characters between two shared Chinese words of one matching span, at most


def _english_hits(text: str, seg: Segment, shared: set[str]) -> list[tuple[int, int, int, int, str]]:
    """The shared words of an English segment: (word index twice, start, end, word)."""
    words = WORD.finditer(text, seg.start, seg.end)
    return [
        (k, k, m.start(), m.end(), m.group(0).lower())
        for k, m in enumerate(words)
        if shared.intersection(word_tokens(m.group(0)))
    ]


def _chinese_hits(text: str, seg: Segment, shared: set[str]) -> list[tuple[int, int, int, int, str]]:
    """The shared words (``z:`` tokens) of a Chinese segment, found in its simplified form: (start,
    end, start, end, word), without overlaps, longest first where two start together."""
    from ..language import to_simplified as simplified

    simple = simplified(text[seg.start : seg.end])
    if len(simple) != seg.end - seg.start:  # a conversion that changed the length: no offsets to trust
        return []
    found = sorted(
        (m.start() + seg.start, -len(w))
        for t in shared
        if t.startswith("z:")
        for w in [t[2:]]
        for m in re.finditer(re.escape(w), simple)
    )
    hits, end = [], -1
    for start, minus_length in found:
        if start >= end:
            end = start - minus_length
            hits.append((start, end, start, end, text[start:end]))
    return hits

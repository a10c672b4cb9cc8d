"""The spans of a link: the parts of two matched segments that hold their shared words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..language import HAN
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


CLAUSE_ENDS = 6  # characters of each end of a said clause that find it in its sentence


def clause_span(text: str, seg: Segment, clause: str) -> Span | None:
    """Where a Chinese clause (its Han characters, digits and Latin letters, simplified, as
    :func:`.docs.masked_features` keeps them) lies in a segment: from its first ``CLAUSE_ENDS``
    characters to its last, punctuation between them allowed (stock formulas masked inside it
    are not in the clause, so its middle is not looked for); None if not found."""
    from ..language import to_simplified as simplified

    simple = simplified(text[seg.start : seg.end])
    if len(simple) != seg.end - seg.start or not clause:
        return None

    def loose(chars: str) -> re.Pattern:
        return re.compile(_NOT_WORD.join(re.escape(c) for c in chars))

    first = loose(clause[:CLAUSE_ENDS]).search(simple)
    last = first and loose(clause[-CLAUSE_ENDS:]).search(simple, first.start())
    if not first or not last:
        return None
    return Span(seg.start + first.start(), seg.start + last.end())


def said_span(text: str, said: str) -> Span | None:
    """Where an English clause given as said (:func:`.docs.said`: quoted clauses, perhaps joined
    across a short attribution) lies in a text: its words in order, with the attribution's
    between two of them allowed; None if not found."""
    words = WORD.findall(said)
    if not words:
        return None
    pattern = r"\W+(?:[\w’']+\W+){0," + str(SAID_BETWEEN) + "}?"
    m = re.compile(pattern.join(re.escape(w) for w in words), re.I).search(text)
    return Span(m.start(), m.end()) if m else None


_NOT_WORD = f"[^0-9A-Za-z{HAN}]*"  # punctuation and spaces between two characters of a clause
SAID_BETWEEN = 6  # words of an attribution ("Xi said") between two words of a said clause, at most


def unattributed(text: str, span: Span) -> Span:
    """A Chinese span less the attribution its first clause is (习近平指出，/ 他在会上说：): the words
    said, which are what another passage quotes or renders."""
    from ..language import to_simplified as simplified
    from .docs import ZH_CLAUSE_BREAK, ZH_SAID

    piece = simplified(text[span.start : span.end])
    said = ZH_SAID.search(piece)
    if not said or len(piece) != span.end - span.start or ZH_CLAUSE_BREAK.search(piece[: said.start()]):
        return span
    rest = len(piece) - len(piece[said.end() :].lstrip())
    return Span(span.start + rest, span.end) if rest < len(piece) else span

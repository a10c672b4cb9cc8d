"""The records of parallel detection: its settings (:class:`Config`), its input (:class:`Item`)
and its output (:class:`Parallel` with its its spans), and the kinds of link (:data:`KINDS`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

VERSION = 17  # bump when features or scoring change: it invalidates the cache
KINDS = ("quotation", "translations", "translation", "paraphrase")
KIND_LABELS = {
    "quotation": "Quotation",
    "translations": "Two translations of one original",
    "translation": "Original and translation",
    "paraphrase": "Close paraphrase",
}


@dataclass(frozen=True)
class Config:
    """Settings of the detector; the defaults are the documented ones (README, "Parallel passages")."""

    threshold: float = 0.4  # calibrated score from which a pair is reported
    max_df: int = 64  # tokens in more passages than this are not used to propose candidates
    min_shared: float = 18.0  # IDF weight two passages must share (in tokens of df ≤ max_df) to be compared
    segment_min: float = 0.5  # containment (or cross-lingual coverage) from which two segments match
    segment_shared: float = 3.0  # IDF weight two segments must share to match
    segment_strong: float = 12.0  # ... from which a containment of 0.3 is enough (a clause of a long sentence)
    quote_min: float = 0.6  # similarity from which a one-sentence same-language match is a quotation
    cover_min: float = (
        0.25  # share of each passage matched under which a one-sentence match is a quotation or paraphrase
    )
    corroboration: float = 0.2  # links scoring under threshold + this need a passage linked to both
    rendering_margin: float = 3.0  # logit below the best rendering of a passage in one source still kept
    paraphrase_max: float = 0.45  # best segment similarity under which a same-language link is a paraphrase
    rescue: float = 0.2  # links scoring from this up to threshold are kept when a third passage is linked to both
    meaning: bool = True  # sentence embeddings as evidence (lectern.meaning); off: words only
    # Candidates proposed by meaning too (meaning_candidates). Off by default: on a generated corpus
    # recombined from ours (bench/corpus_gen.py) close sentences abound and the compared pairs
    # explode (a 50-source build took minutes); it changes nothing on the labelled set.
    meaning_candidates: bool = False


DEFAULT = Config()


@dataclass(frozen=True)
class Item:
    """One passage to compare, named by ``(source, passage)``. Two passages of one source are
    compared only across languages. ``terms`` are the glossary concept ids found in it."""

    source: str
    passage: str
    language: str  # en, zh-Hans, zh-Hant
    text: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Span:
    start: int  # character offsets in the passage's plain text
    end: int


@dataclass(frozen=True, order=True)
class Parallel:
    a: tuple[str, str]  # (source, passage), a < b
    b: tuple[str, str]
    score: float
    kind: str
    origin: str = "detected"  # or "curated"
    spans_a: tuple[Span, ...] = ()
    spans_b: tuple[Span, ...] = ()
    note: str = ""
    reason: str = ""  # why the kind fits, for readers: "3 of 4 sentences aligned", "quotes: …"

    def as_json(self) -> dict:
        """The record of ``api/parallels.json``; spans are ``[start, end)`` offsets in each passage's
        ``text`` (as in ``api/passages.json``)."""
        record = {
            "a": {"source": self.a[0], "passage": self.a[1]},
            "b": {"source": self.b[0], "passage": self.b[1]},
            "score": self.score,
            "kind": self.kind,
            "origin": self.origin,
            "spans": {"a": [[s.start, s.end] for s in self.spans_a], "b": [[s.start, s.end] for s in self.spans_b]},
        }
        if self.note:
            record["note"] = self.note
        if self.reason:
            record["reason"] = self.reason
        return record


def content_key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:24]

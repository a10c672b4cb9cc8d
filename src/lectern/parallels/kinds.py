"""The kind of a link (:data:`~lectern.parallels.model.KINDS`) and the reason shown to readers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .docs import Doc, zh_sequence
from .model import Config, Parallel, Span
from .scoring import QUOTE_FOUND, quoted, restated, said_meant
from .spans import clause_span, joined, narrow, renderable, said_span, unattributed
from .tokens import HAN_RUN


def described(a: Doc, b: Doc, f: dict, score: float, config: Config) -> Parallel:
    """The link of two passages with its kind, the reason for it, and the matching spans."""
    matches = f["matches"]
    found_a: set[Span] = set()
    found_b: set[Span] = set()
    for _, _, i, j in matches:
        sa, sb = a.segs[i], b.segs[j]
        common = renderable(sa, sb) if not f["cross"] else set()
        found_a.add(narrow(a.item.text, sa, common or renderable(sb, sa)))
        found_b.add(narrow(b.item.text, sb, common or renderable(sa, sb)))
    if (
        not matches and not f["cross"] and f.get("run_len", 0) >= RUN_SPAN
    ):  # only a shared run of words: its segments, narrowed
        a0, a1, b0, b1 = f["run_segs"]
        sa, sb = joined(a.segs[a0 : a1 + 1]), joined(b.segs[b0 : b1 + 1])
        found_a.add(narrow(a.item.text, sa, renderable(sa, sb)))
        found_b.add(narrow(b.item.text, sb, renderable(sb, sa)))
    if not found_a and said_meant(f):  # what one says, in other words: its sentence and the other's
        _, side, _, k, i = f["q_meant"]
        x, y = (a, b) if side == 0 else (b, a)
        found_x, found_y = {Span(x.segs[i].start, x.segs[i].end)}, {Span(y.segs[k].start, y.segs[k].end)}
        found_a, found_b = (found_x, found_y) if side == 0 else (found_y, found_x)
    if f["cross"] and f["said_at"][0] >= 0 and not _translated(a, b, f):  # a said clause rendered: it and its rendering
        found_a, found_b = _said_spans(a, b, f) or (found_a, found_b)
    if not found_a:  # aligned by meaning only: the aligned sentences, whole
        for _, i, j in f["m_pairs"][: max(1, f["m_strong"])]:
            found_a.add(Span(a.segs[i].start, a.segs[i].end))
            found_b.add(Span(b.segs[j].start, b.segs[j].end))
    if a.zh:  # the words said, not who said them
        found_a = {unattributed(a.item.text, s) for s in found_a}
    if b.zh:
        found_b = {unattributed(b.item.text, s) for s in found_b}
    spans_a, spans_b = tuple(sorted(found_a)), tuple(sorted(found_b))
    kind, reason = _kind(a, b, f, config, spans_a, spans_b)
    return Parallel(
        (a.item.source, a.item.passage),
        (b.item.source, b.item.passage),
        score,
        kind,
        "detected",
        spans_a,
        spans_b,
        reason=reason,
    )


def _said_spans(a: Doc, b: Doc, f: dict) -> tuple[set[Span], set[Span]] | None:
    """The spans of a clause a Chinese passage gives as said (习近平指出，没有网络安全…: the words
    after the attribution) and of the English sentence or quoted clause rendering it
    (:func:`.scoring.said_where`), as ``(a's, b's)``; None if either is not found in its text."""
    zh, en = (a, b) if a.zh else (b, a)
    c, unit, j = f["said_at"]
    k, clause, _ = zh.zh_clauses[c]
    zh_span = clause_span(zh.item.text, zh.segs[k], clause)
    if unit == 0:
        en_span: Span | None = Span(en.segs[j].start, en.segs[j].end)
    else:
        en_span = said_span(en.item.text, en.said[j][0])
    if zh_span is None or en_span is None:
        return None
    return ({zh_span}, {en_span}) if a.zh else ({en_span}, {zh_span})


SAME_TEXT = 0.8  # share of the words of each Chinese passage in one shared run from which they are the same text
RUN_SPAN = 3  # words of a shared run from which it marks the spans (under it, the sentences aligned by meaning do)
_QUOTES_MET = re.compile(r"[”」』]\s*[“「『]")  # two quotations side by side (…机遇”“自主…): shown "… / …"
QUOTE_SHOWN = 40  # characters of a quoted text shown in a reason, at most


def _quote_reason(text: str) -> str:
    """ "quotes: …", with at most ``QUOTE_SHOWN`` characters of the text (half as many in Chinese),
    English cut between words."""
    text = _QUOTES_MET.sub(" / ", " ".join(text.split())).strip(" ，,。.;；:：")
    chinese = HAN_RUN.search(text)
    shown = QUOTE_SHOWN // 2 if chinese else QUOTE_SHOWN
    if len(text) <= shown:
        return "quotes: " + text
    cut = text[: shown - 1]
    if not chinese and " " in cut and text[shown - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return "quotes: " + cut.rstrip(" ,;:") + "…"


def _kind(a: Doc, b: Doc, f: dict, config: Config, spans_a: Sequence[Span], spans_b: Sequence[Span]) -> tuple[str, str]:
    """``(kind, reason)`` of a link from its evidence (see :data:`KINDS`)."""

    def quote(spans, doc) -> str:
        return _quote_reason(min((doc.item.text[s.start : s.end] for s in spans), key=len)) if spans else "quotes"

    shorter = min(len(a.segs), len(b.segs))
    aligned = f"{f['m_strong']} of {shorter} sentence{'s' if shorter > 1 else ''} aligned"
    matches = f["matches"]
    if f["cross"]:
        if _translated(a, b, f):
            if f["m_strong"] and f["m_share"] >= TRANSLATED_SHARE:
                return "translation", aligned
            return "translation", f"{round(100 * f['sim'])}% of the words rendered"
        zh_spans, zh = (spans_a, a) if a.zh else (spans_b, b)
        if not zh_spans and f["m_pairs"]:  # no words matched on the Chinese side: its sentence closest in meaning
            k = f["m_pairs"][0][1 if a.zh else 2]
            zh_spans = (Span(zh.segs[k].start, zh.segs[k].end),)
        return "quotation", quote(zh_spans, zh)
    if a.zh:  # two Chinese passages sharing a sentence, a long run of words or a quoted clause
        how = f.get("quote", "")
        if how and how not in ("sentence", "run", "clause"):
            return "quotation", _quote_reason(how)
        if f["run_len"] >= SAME_TEXT * max(len(zh_sequence(a)), len(zh_sequence(b))):
            scripts = a.item.language != b.item.language
            return "quotation", "the same text" + (" in two scripts" if scripts else "")
        return "quotation", quote(spans_a, a)
    if f["q_found"] >= QUOTE_FOUND or any(quoted(a.segs[m[2]], b.segs[m[3]]) for m in matches):
        return "quotation", quote(spans_a, a)
    if said_meant(f):  # what one quotes as said, in other words
        _, side, q, _, _ = f["q_meant"]
        return "quotation", _quote_reason((a, b)[side].said[q][0])
    if not matches and not f["m_strong"] and not restated(f):  # only a run of words shared in order: a formula
        return "quotation", quote(spans_a, a)
    if f["m_best"] >= TRANSLATIONS_MEANING:  # a sentence rendered twice, in whatever words
        return "translations", aligned
    if len(matches) <= 1 and not f["m_strong"] and f["sim"] >= config.quote_min:
        return "quotation", quote(spans_a, a)  # the same words, in sentences that otherwise differ: a repeated formula
    cover = min(f["cover_a"], f["cover_b"])
    if len(matches) <= 1 and (not f["m_strong"] or f["sim"] < config.paraphrase_max) and cover < config.cover_min:
        # one sentence, neither in the same words nor close in meaning (or close in meaning in other words)
        return "paraphrase", "in other words: " + quote(spans_a, a).removeprefix("quotes: ")
    return "translations", aligned  # several sentences rendered in turn


TRANSLATIONS_MEANING = (
    0.75  # cosine of two English sentences from which they render one original (paraphrases: 0.5–0.73)
)


TRANSLATED_SHARE = (
    0.5  # share of each passage's sentences aligned by meaning from which two languages are a translation
)
TRANSLATED_COVER = 0.38  # ... or share of the words of each covered by the other's (a quoted formula: under 0.3)


def _translated(a: Doc, b: Doc, f: dict) -> bool:
    """Whether a Chinese and an English passage are one text in two languages (most sentences
    aligned by meaning, in order, or most words of each rendered in the other), rather than one
    quoting a sentence or formula of the other. Chinese sentences are often long where the English
    cuts them in two or three, so the words covered count as much as the sentences aligned; but
    when meaning aligns a sentence and leaves most of them unaligned, the two share that sentence:
    a quotation, however many of their words (a subject's vocabulary) the other passage renders."""
    if f["sim"] >= TRANSLATED_COVER:
        return not (f["m_strong"] and f["m_share"] < TRANSLATED_SHARE)
    return (
        f["m_strong"] >= 1
        and f["m_in_order"]
        and f["m_share"] >= TRANSLATED_SHARE
        and f["m_strong"] / max(len(a.segs), len(b.segs)) >= TRANSLATED_SHARE
    )

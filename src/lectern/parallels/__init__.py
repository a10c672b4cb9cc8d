"""Parallel passages: quotations, translations and close paraphrases across sources and languages.

Public API: :func:`detect` (on a :class:`~lectern.corpus.Corpus`), :func:`detect_items` (on plain
:class:`Item` records, for benchmarks), :class:`Config`, :class:`Parallel`, :data:`KINDS`.

How it works, in three steps that never compare all pairs of passages:

1. **Features.** Every passage is cut into segments (sentences and ``;``/``:`` clauses) and each
   segment becomes a set of *concept tokens*. English words are lower-cased, spelled the American
   way (``-ise``→``-ize``, ``-our``→``-or``, ``centre``→``center``…), mapped through a short table of
   translation variants (network/internet/online/cyber are one concept, "IT application" is
   informatization, negations are one token), stop words dropped, stemmed with Snowball, and joined
   with their neighbours into unordered word pairs (``cyber+secur``), which keep some phrasing.
   Words of names and titles (capitalised inside a sentence) weigh less: a shared title is not a
   shared passage. A Chinese segment is segmented with jieba (on its simplified form; words that
   CC-CEDICT knows are re-joined) and each content word becomes a *slot*: the stems of its
   CC-CEDICT glosses; for Chinese–Chinese matching its words themselves, simplified (``z:网络``),
   are its tokens, with their pairs. Numbers, dates (``2014年2月27日`` = ``February 27, 2014``) and glossary concept
   ids (``terms``) are tokens in both languages, so they bridge them too. **Meaning:** every segment
   also gets a sentence vector from a multilingual encoder (:mod:`lectern.meaning`; Chinese in
   simplified characters), cached by its text, so that an unchanged sentence is never embedded again.
2. **Blocking.** An inverted index from token to passages proposes candidate pairs: two passages
   are compared only when they share ``Config.min_shared`` IDF weight in tokens whose document
   frequency is at most ``Config.max_df`` (two Chinese passages, in the pairs of Chinese words
   only: far more share a gloss than a quotation; a Chinese and an English passage, in the English
   word pairs two neighbouring Chinese words may stand for too, as the words a translation shares
   are common ones). Tokens that frequent say nothing about parallels and
   would make the work quadratic; with a fixed cap the work grows linearly with the corpus.
   The sentence vectors propose pairs too (:func:`.blocking.meaning_candidates`): random-hyperplane hashing
   puts close sentences in one bucket of some band, and only passages sharing a small bucket, whose
   sentences are close (``PROPOSE_MEANING``), are compared; never all pairs.
3. **Scoring.** In one language, the segments of two passages are aligned one to one by
   IDF-weighted containment (words, and word pairs for order); the evidence is the best match, the
   total shared weight, and the share of each passage the matches cover. Across languages the
   passage is the unit: the geometric mean of the share of the Chinese words whose glosses the
   English has and the share of the English words they explain. A logistic map (``CALIBRATION``;
   across languages ``CROSS_CALIBRATION``, both fitted on labelled pairs) turns the evidence into a score in 0..1 that reads as the chance that the link is right
   (BENCHMARKS.md has the reliability table). A pair is a parallel from ``Config.threshold``; a
   weak one (from ``Config.rescue`` up to ``threshold + corroboration``) only if a third passage
   is linked to both from the threshold, and it takes the kind both have with that passage; a
   passage keeps only its best renderings in each source of the other language. The matched
   segments, narrowed to their shared words, are the spans. In one language a second piece of
   evidence is the heaviest run of words the passages share in order (:func:`shared_run`): the
   trace of a slogan quoted inside a long sentence, which sentence containment misses. Two Chinese
   passages are scored the same way, but only once they share a sentence (:func:`.scoring.quoted_sentence`):
   Chinese words are short, and set phrases are everywhere: a sentence, a run of ``ZH_RUN_ANY``
   words anywhere (across sentence breaks too), or a clause one has in quotation marks (「」, “”),
   after masking stock formulas (``STOCK_FORMULAS``: 网络强国, 以习近平同志为核心的党中央…) and
   lists of names (an attendance list), which alone never make a link. **Meaning** adds its own
   evidence (:func:`meaning_alignment`): a one-to-one alignment of the segments by the cosine of
   their vectors; the best cosine is a feature of the calibration, and the alignment decides the
   kind. A second alignment keeps the sentences' order in both passages (:func:`.scoring.in_order`):
   the cosine of its second sentence is a feature too, and two sentences from ``MEANING_ORDER``
   make a restatement (:func:`.scoring.restated`), which scores at least ``RESTATED_SCORE`` (a
   link when a third passage is linked to both). **Quoted clauses:** an English clause in
   quotation marks of at least ``EN_QUOTED_WORDS`` content words (:func:`.docs.quoted_clauses`,
   computed once per passage) that the other passage has in the same order, from ``QUOTE_FOUND``
   of its weight (:func:`.scoring.quote_found`), is a quotation scoring at least ``QUOTED_SCORE``;
   so is what one English passage quotes as said (:func:`.docs.said`: its quoted clauses of one
   sentence, joined across a short attribution, embedded with the segments) whose meaning a
   sentence of the other has, from ``SAID_MEANING`` (:func:`.scoring.quote_meant`): the same words
   in another translation.

Kinds (:data:`KINDS`), each with the reason shown to readers (``Parallel.reason``):
Chinese and English passages are a ``translation`` ("3 of 4 sentences aligned", or "62% of the
words rendered") when most sentences of both align by meaning in order or most words of each are
rendered in the other (:func:`.kinds.translated`); otherwise one quotes a sentence or formula of the other,
a ``quotation`` ("quotes: 没有网络安全就没有国家安全…"). Two Chinese passages are a ``quotation``
("quotes: …", "the same text in two scripts"). In one language, a match inside quotation marks,
or a run of shared words alone, or the same words (similarity from ``quote_min``) in one sentence
whose meaning as a whole differs (no sentence aligned from ``MEANING_STRONG``), is a
``quotation``; sentences close in meaning (from ``TRANSLATIONS_MEANING``), or several rendered in
turn, are ``translations`` (two renderings of one original); passages otherwise different
restating two or more sentences in other words, in the same order, are a ``paraphrase`` ("in
other words: …"); one loose sentence alone (``scoring.PARAPHRASE_SENTENCES``) is a shared topic,
kept only when a third passage is linked to both.

Curated links (``corpus/parallels.yml``) get their spans and reason the same way: the build passes
their pairs as ``explain`` (:func:`detect_items`), and :func:`combine` takes the spans.

Results are cached by content: the features of a passage under the hash of its text and language,
the vectors of its sentences under the hash of each sentence (``meaning.npz``),
the outcome of each compared pair under the hash of both passages and their words' weights, and
the whole result under the hash of all inputs (texts, terms, configuration), so an unchanged
corpus costs one file read and an edit rescores only the pairs it can change. Bump ``VERSION``
when the features or the scoring change.
Everything is sorted; the output is deterministic.

Modules: :mod:`.model` (the records), :mod:`.tokens` (words and segments), :mod:`.docs` (a passage
as compared), :mod:`.blocking` (candidates), :mod:`.scoring` (evidence and calibration),
:mod:`.spans`, :mod:`.kinds`, :mod:`.pipeline` (the whole run), :mod:`.cache`, :mod:`.curated`.
"""

from __future__ import annotations

from .curated import Curated, combine, load_curated
from .model import KIND_LABELS, KINDS, VERSION, Config, Item, Parallel, Span
from .pipeline import detect, detect_items, items_of
from .scoring import CALIBRATION, evidence, features, shared_run
from .tokens import (
    american,
    chinese_number,
    chinese_slots,
    chinese_words,
    english_tokens,
    gloss_tokens,
    segments,
)

__all__ = [
    "CALIBRATION",
    "KINDS",
    "KIND_LABELS",
    "VERSION",
    "Config",
    "Curated",
    "Item",
    "Parallel",
    "Span",
    "american",
    "chinese_number",
    "chinese_slots",
    "chinese_words",
    "combine",
    "detect",
    "detect_items",
    "english_tokens",
    "evidence",
    "features",
    "gloss_tokens",
    "items_of",
    "load_curated",
    "segments",
    "shared_run",
]

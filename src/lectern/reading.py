"""Readings of Chinese text: word segmentation and tone-marked pinyin, one syllable per Han character.

Public API: :func:`analyse`, :class:`Word`, :func:`valid_readings`.

How a reading is chosen. The text is converted to simplified characters (OpenCC t2s), analysed,
and returned in its original script, so traditional text reads exactly as simplified. Sentence by
sentence, each Han character gets, in order of precedence:

1. an editorial override passed by the caller;
2. 一 yī and 不 bù: citation tones, no tone sandhi (GB/T 16159-2012);
3. the reading of the longest phrase of the domain list (``data/political_phrases.txt``) that covers
   it and lies on word boundaries;
4. otherwise the best-scoring candidate reading r, where
   ``score(r) = log P_g2pM(r | sentence) + Σ_source WEIGHTS[source] · [a phrase of that source
   covering the character reads it r]``. The context model g2pM gives the probabilities (for a
   character it reads one way only, that reading scores 0 and the other valid readings
   -OTHER_READING); the phrase sources are pypinyin's phrase dictionary and the CC-CEDICT
   phrase table shipped by pypinyin-dict. The weights were tuned on the CPP dev set only
   (``bench/polyphone.py --tune``; results in BENCHMARKS.md).

Candidates are restricted to :func:`valid_readings`, so every syllable returned is one of them.
Neutral tones are toneless (的 de). Words come from jieba's segmentation of the simplified text.

Importing this module is cheap: OpenCC, jieba, pypinyin, g2pM and their data load on the first
text that contains a Han character. Results are deterministic; :func:`analyse` is a pure function of
its arguments, cached per text.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from lectern.language import HAN, _t2s

__all__ = ["Word", "analyse", "valid_readings"]

# Weights of the phrase sources in the score above, tuned on the CPP dev set only.
WEIGHTS = {"pypinyin": 2.0, "cedict": 6.0}
# For a character that g2pM reads one way only, the cost of another of its valid readings (in
# practice its neutral tone): CC-CEDICT's 朋友 péngyou outweighs it, unless pypinyin's phrase
# dictionary gives the full tone (知识 zhīshí, 不是 bùshì). Not tuned: CPP has no such characters.
OTHER_READING = 4.0
MAX_PHRASE = 8  # longest dictionary phrase looked up, in characters
DOMAIN_FILE = "data/political_phrases.txt"
GAP = "…"  # a gap in a domain phrase: 1 to MAX_GAP Han characters
MAX_GAP = 20
CITATION = {"一": "yī", "不": "bù"}

_HAN_CHAR = re.compile(f"[{HAN}]")
_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]*")
_G2PM_LOCK = threading.Lock()


@dataclass(frozen=True)
class Word:
    """A segmented word in the original script, and a syllable per character of it."""

    text: str
    syllables: tuple[str | None, ...]  # tone-marked pinyin for a Han character, None otherwise


def analyse(text: str, overrides: Mapping[int, str] | None = None) -> list[Word]:
    """Segment ``text`` and read it; the words cover the whole text in order.

    ``overrides`` forces readings at character offsets of ``text``, e.g. ``{3: "wéi"}``; each must
    be one of :func:`valid_readings` of the character there, or ``ValueError`` is raised. Text that is
    not Chinese (Latin, digits, punctuation, spaces) comes back in words whose syllables are None.
    """
    words = list(_analyse(text))
    if not overrides:
        return words
    for offset, reading in overrides.items():
        if not 0 <= offset < len(text):
            raise ValueError(f"reading override at offset {offset} is outside the text")
        if reading not in valid_readings(text[offset]):
            raise ValueError(f"{reading!r} is not a reading of {text[offset]!r} (offset {offset})")
    out, start = [], 0
    for word in words:
        syllables = tuple(overrides.get(start + i, s) for i, s in enumerate(word.syllables))
        out.append(Word(word.text, syllables))
        start += len(word.text)
    return out


@cache
def valid_readings(char: str) -> frozenset[str]:
    """All tone-marked readings of a character (pypinyin's heteronym data), each also toneless.

    Any syllable can lose its tone in an unstressed position (东西 dōngxi), so the neutral-tone form
    of each reading counts as valid. Empty for a character that has no reading.
    """
    if len(char) != 1:
        raise ValueError(f"valid_readings takes one character, not {char!r}")
    readings = _readings(char) or _readings(_t2s().convert(char))
    return readings | {_toneless(r) for r in readings}


# --- analysis ------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _analyse(text: str) -> tuple[Word, ...]:
    if not _HAN_CHAR.search(text):
        return (Word(text, (None,) * len(text)),) if text else ()
    simple = _simplify(text)
    syllables = [decide(ev) for ev in text_evidence(simple, text)]
    words, start = [], 0
    for token in _engine().tokenizer.cut(simple):
        end = start + len(token)
        words.append(Word(text[start:end], tuple(syllables[start:end])))
        start = end
    return tuple(words)


def _simplify(text: str) -> str:
    """The simplified form, character for character.

    A character keeps its traditional form where the simplified one shares none of its readings
    (閤 gé is not 合 hé, gě), and everywhere if t2s rewrote a phrase to another length.
    """
    simple = _t2s().convert(text)
    if len(simple) != len(text):
        simple = "".join(s if len(s := _t2s().convert(c)) == 1 else c for c in text)
    return "".join(s if s == t or _readings(t) & _readings(s) else t for t, s in zip(text, simple))


@dataclass
class Evidence:
    """What is known about the reading of one character (used by :func:`decide` and the benchmark)."""

    char: str
    fixed: str | None = None  # a reading not up for scoring ...
    fixed_by: str | None = None  # ... and why: "citation" (一, 不) or "domain" (a domain phrase)
    base: dict[str, float] | None = None  # candidate -> log-probability from g2pM (or 0 / -OTHER)
    support: dict[str, set[str]] | None = None  # phrase source -> readings its phrases give


def text_evidence(simple: str, original: str | None = None) -> list[Evidence]:
    """The evidence for each character of a simplified text, sentence by sentence.

    ``original`` is the text before simplification (as long): its characters' readings are the
    valid ones.
    """
    original = original or simple
    return [
        ev
        for m in _SENTENCE.finditer(simple)
        if m.group()
        for ev in sentence_evidence(m.group(), original[m.start() : m.end()])
    ]


def decide(ev: Evidence, weights: Mapping[str, float] = WEIGHTS) -> str | None:
    """The reading chosen from the evidence (see the module docstring)."""
    if ev.fixed is not None or not ev.base:
        return ev.fixed

    def score(reading: str) -> tuple[float, float]:
        bonus = sum(w for source, w in weights.items() if reading in ev.support.get(source, ()))
        return ev.base[reading] + bonus, ev.base[reading]

    return max(sorted(ev.base), key=score)


def sentence_evidence(sentence: str, original: str | None = None) -> list[Evidence]:
    """The evidence for each character of a simplified sentence (``original``: see text_evidence)."""
    original = original or sentence
    engine = _engine()
    evidence = [Evidence(c) for c in sentence]
    for i, c in enumerate(sentence):
        if c in CITATION:
            evidence[i].fixed, evidence[i].fixed_by = CITATION[c], "citation"
    for i, reading in engine.domain_readings(sentence).items():
        if evidence[i].fixed is None and reading in valid_readings(original[i]):
            evidence[i].fixed, evidence[i].fixed_by = reading, "domain"
    open_ = [
        i
        for i, ev in enumerate(evidence)
        if ev.fixed is None and _HAN_CHAR.match(ev.char) and valid_readings(original[i])
    ]
    if not open_:
        return evidence
    model = engine.g2pm_scores(sentence)
    support = engine.phrase_support(sentence)
    for i in open_:
        ev, valid = evidence[i], valid_readings(original[i])
        base = {r: lp for r, lp in model.get(i, {}).items() if r in valid}
        if not base:  # a single-reading character for g2pM, or one it does not know
            default = engine.default_reading(ev.char)
            if default not in valid:
                default = next((r for r in _heteronyms(original[i]) if r in valid), min(valid))
            base = {r: (0.0 if r == default else -OTHER_READING) for r in valid}
        ev.base, ev.support = base, support.get(i, {})
    return evidence


# --- the engine: models and data, loaded on first use ---------------------------------------------


class _Engine:
    """Every expensive resource, loaded once, on the first Chinese text."""

    def __init__(self) -> None:
        import jieba
        from g2pM import G2pM
        from pypinyin.constants import PHRASES_DICT
        from pypinyin_dict.phrase_pinyin_data.cc_cedict import phrases_dict as CEDICT

        class Model(G2pM):
            """g2pM, keeping the logits of its last prediction (its API returns only the argmax)."""

            def fc_layer(self, inputs):
                self.logits = super().fc_layer(inputs)
                return self.logits

        self.tokenizer = jieba.Tokenizer()  # our own: adding nothing, and no one else's additions
        self.tokenizer.initialize()
        self.model = Model()
        self.classes = {pron: idx for idx, pron in self.model.idx2class.items()}
        self.phrases = {"pypinyin": PHRASES_DICT, "cedict": CEDICT}
        self.domain = _load_domain()

    def g2pm_scores(self, sentence: str) -> dict[int, dict[str, float]]:
        """Log-probabilities of the readings of each character that g2pM reads in context."""
        cedict = self.model.cedict
        poly = [i for i, c in enumerate(sentence) if len(cedict.get(c, ())) > 1]
        if not poly:
            return {}
        with _G2PM_LOCK:
            self.model(sentence, char_split=True)
            logits = self.model.logits
        scores = {}
        for row, i in zip(logits, poly):
            prons = [p for p in cedict[sentence[i]] if p in self.classes]
            if not prons:
                continue
            values = [float(row[self.classes[p]]) for p in prons]
            norm = max(values) + math.log(sum(math.exp(v - max(values)) for v in values))
            readings: dict[str, float] = {}
            for p, v in zip(prons, values):
                readings.setdefault(_marked(p), v - norm)  # two spellings of one reading: keep one
            scores[i] = readings
        return scores

    def default_reading(self, char: str) -> str | None:
        """The reading of a character out of context: g2pM's if it has one, else pypinyin's first."""
        prons = self.model.cedict.get(char)
        if prons:
            return _marked(prons[0])
        readings = _heteronyms(char)
        return readings[0] if readings else None

    def phrase_support(self, sentence: str) -> dict[int, dict[str, set[str]]]:
        """For each character, the readings that dictionary phrases covering it give, by source."""
        support: dict[int, dict[str, set[str]]] = {}
        for source, table in self.phrases.items():
            for start in range(len(sentence)):
                for length in range(2, min(MAX_PHRASE, len(sentence) - start) + 1):
                    entry = table.get(sentence[start : start + length])
                    if entry is None or len(entry) != length:
                        continue
                    for k, readings in enumerate(entry):
                        support.setdefault(start + k, {}).setdefault(source, set()).add(readings[0])
        return support

    def domain_readings(self, sentence: str) -> dict[int, str]:
        """Readings from the longest domain phrases that match on word boundaries."""
        bounds, pos = {0}, 0
        for token in self.tokenizer.cut(sentence):
            pos += len(token)
            bounds.add(pos)
        best: dict[int, tuple[int, str]] = {}  # offset -> (phrase length, reading)
        for pattern, syllables, size in self.domain:
            for match in pattern.finditer(sentence):
                spans = [match.span(g) for g in range(1, pattern.groups + 1)]
                if any(a not in bounds or b not in bounds for a, b in spans):
                    continue
                offsets = [i for a, b in spans for i in range(a, b)]
                for i, reading in zip(offsets, syllables):
                    if size > best.get(i, (0, ""))[0]:
                        best[i] = (size, reading)
        return {i: reading for i, (_, reading) in best.items()}


@cache
def _engine() -> _Engine:
    return _Engine()


def domain_phrases() -> list[tuple[str, tuple[str, ...]]]:
    """The domain list as (phrase, tone-marked readings of its characters; a gap has none)."""
    text = resources.files("lectern").joinpath(DOMAIN_FILE).read_text("utf-8")
    entries = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, *syllables = line.split()
            entries.append((phrase, tuple(_marked(s) for s in syllables if s != GAP)))
    return entries


def _load_domain() -> list[tuple[re.Pattern, tuple[str, ...], int]]:
    """The domain phrases as (pattern with a group per literal part, readings, literal length)."""
    patterns = []
    for phrase, readings in domain_phrases():
        parts = phrase.split(GAP)
        literal = "".join(parts)
        if len(readings) != len(literal) or len(parts) > 2:
            raise ValueError(f"domain phrase {phrase!r}: one syllable per character, at most one gap")
        gap = f"[{HAN}]{{1,{MAX_GAP}}}?"
        patterns.append((re.compile(gap.join(f"({re.escape(p)})" for p in parts)), readings, len(literal)))
    return patterns


# --- syllables ------------------------------------------------------------------------------------


@cache
def _pinyin():
    from pypinyin import Style
    from pypinyin.core import Pinyin

    return Pinyin(), Style.TONE


@cache
def _readings(char: str) -> frozenset[str]:
    return frozenset(_heteronyms(char))


def _heteronyms(char: str) -> list[str]:
    """pypinyin's tone-marked readings of a character, most common first; [] if it has none."""
    pinyin, style = _pinyin()
    readings = pinyin.pinyin(char, style=style, heteronym=True, errors=lambda _: [[]])
    return [r for r in readings[0] if r] if readings else []


def _marked(syllable: str) -> str:
    """A tone-marked syllable from g2pM's or the data file's spelling (wei2, lu:4, nv3, de5, wéi)."""
    from pypinyin.contrib.tone_convert import to_tone

    return to_tone(syllable.replace("u:", "v"))


def _toneless(syllable: str) -> str:
    from pypinyin.contrib.tone_convert import to_normal

    return to_normal(syllable, v_to_u=True)

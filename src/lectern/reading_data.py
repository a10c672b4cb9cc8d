"""The libraries' own data files that :mod:`lectern.reading` reads (jieba's word list, pypinyin's
phrase and character tables), read from the installed packages without importing them, and the
files' spellings of syllables (``wei2``, ``lu:4``) in tone marks.

jieba's ``dict.txt`` (a line ``word frequency part-of-speech`` per word) and pypinyin's
``phrases_dict.json`` (a key line ``"一丁不识": [`` per phrase) are sorted by key, so the entries
made of a text's characters are found by binary search in the undecoded bytes
(:class:`SortedFile`): a corpus's few hundred characters cost milliseconds instead of decoding and
scanning megabytes. pypinyin's modules are never imported (its ``__init__`` loads its whole phrase
table). Everything the engine needs of a file is computed from the file itself, so another version
of a library works the same way.
"""

from __future__ import annotations

import bisect
import importlib.util
import json
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

SAMPLES = 1024  # keys sampled per dictionary file to speed up its binary searches

KeyAt = Callable[[bytes, int], tuple[int, bytes]]


def package_dir(name: str) -> Path:
    """A package's folder, found without importing it (pypinyin's __init__ loads its phrase table)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the package {name!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class SortedFile:
    """A dictionary file of one entry per key line, sorted by key (after its first ``head`` bytes).

    Byte order of UTF-8 is code point order, so the entries whose key starts with a character are
    found by binary search in the undecoded bytes, and only they are decoded. ``marker`` is a byte
    string that occurs once per key line and nowhere else past the head; ``key_at`` gives the
    (line start, key) of the key line of a marker at an offset.
    """

    def __init__(self, path: Path, marker: bytes, key_at: KeyAt, head: bytes | None = None):
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


def line_key(data: bytes, newline: int) -> tuple[int, bytes]:
    """jieba's dict.txt: the line after a newline, its key up to the first space."""
    return newline + 1, data[newline + 1 : data.find(b" ", newline + 1)]


def json_key(data: bytes, marker: int) -> tuple[int, bytes]:
    """phrases_dict.json: the marker '": [\\n' ends a key line '"一丁不识": ['."""
    line = data.rfind(b"\n", 0, marker) + 1
    return line, data[line + 1 : marker]


# --- jieba ------------------------------------------------------------------------------------------


def tokenizer(total: int):
    """A jieba tokenizer with an empty word table (the caller fills ``FREQ`` with :func:`jieba_words`)
    and ``total``, the total frequency of jieba's whole dictionary (:func:`jieba_total`), as its own
    initialisation would set."""
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
    tok = jieba.Tokenizer()
    tok.total = total
    tok.initialized = True
    return tok


@cache
def jieba_file() -> SortedFile:
    # Lines "word frequency [part of speech]"; sorted from 一 on, after a head of Latin words.
    return SortedFile(package_dir("jieba") / "dict.txt", b"\n", line_key, head="\n一 ".encode())


def jieba_fingerprint() -> int:
    """A checksum of jieba's dictionary (CRC-32, a few milliseconds): what a fitted reading model
    records with the dictionary's total, which it was fitted with."""
    return zlib.crc32(jieba_file().data)


@cache
def jieba_total() -> int:
    """The sum of all word frequencies of jieba's dictionary (its word probabilities' denominator),
    computed from the file (a few tenths of a second; see :func:`known_jieba_total`)."""
    return sum(map(int, re.findall(rb"(?m)^\S+ (\d+)", jieba_file().data)))


def known_jieba_total(recorded: dict) -> int:
    """jieba's total frequency: ``recorded`` (a fitted model's record: ``crc32`` and ``total``) if
    it was taken from this very dictionary file, else computed (:func:`jieba_total`)."""
    if recorded.get("crc32") == jieba_fingerprint() and "total" in recorded:
        return recorded["total"]
    return jieba_total()


def jieba_words(char: str, chars: set[str] | None) -> tuple[dict[str, int], dict[str, str]]:
    """jieba's word table (as its Tokenizer.gen_pfdict builds it) for the words made of ``char`` (a
    regular expression class) and starting with one of ``chars`` (all: None), and their parts of
    speech."""
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    for word, count, tag in re.findall(f"(?m)^({char}+) (\\d+)(?: (\\w+))?", jieba_file().text(chars)):
        freq[word] = int(count)
        tags[word] = tag or "x"
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq, tags


# --- pypinyin ---------------------------------------------------------------------------------------


@cache
def pypinyin_file() -> SortedFile:
    # JSON written one value per line: a key line '"一丁不识": [' is followed by its readings.
    return SortedFile(package_dir("pypinyin") / "phrases_dict.json", b'": [\n', json_key)


def pypinyin_phrases(char: str, chars: set[str] | None) -> dict[str, tuple[str, ...]]:
    """pypinyin's phrase table (phrases_dict.json) for the phrases made of ``char`` and starting with
    one of ``chars`` (all: None), each phrase with its characters' first readings."""
    text, decoder = pypinyin_file().text(chars), json.JSONDecoder()
    table = {}
    for match in re.finditer(f'(?m)^"({char}+)": ', text):
        value, _ = decoder.raw_decode(text, match.end())
        table[match.group(1)] = tuple(readings[0] for readings in value)
    return table


@cache
def pinyin_table() -> dict[int, str]:
    """pypinyin's character table (pinyin_dict.json: code point -> "wéi,wèi"), parsed once: faster
    than searching its 1.5 MB for each of a text's few thousand characters."""
    data = json.loads((package_dir("pypinyin") / "pinyin_dict.json").read_bytes())
    return {int(code): readings for code, readings in data.items()}


def heteronyms(char: str) -> list[str]:
    """pypinyin's tone-marked readings of a character, most common first; [] if it has none."""
    readings = pinyin_table().get(ord(char), "") if len(char) == 1 else ""
    return list(dict.fromkeys(readings.split(","))) if readings else []


# --- the files' spellings of syllables -------------------------------------------------------------


MARKS = {"1": "\u0304", "2": "\u0301", "3": "\u030c", "4": "\u0300"}


@cache
def marked(syllable: str) -> str:
    """A tone-marked syllable from g2pM's or the data file's spelling (wei2, lu:4, nv3, de5, wéi).

    The mark goes on a or e, else on the o of ou, else on the last vowel, else on m or n (ḿ, ň).
    """
    base, tone = (syllable[:-1], syllable[-1]) if syllable[-1:].isdigit() else (syllable, "")
    base = base.replace("u:", "ü").replace("v", "ü")
    if tone not in MARKS:
        return base
    where = next((base.find(v) for v in ("a", "e", "ê", "ou") if v in base), -1)
    if where < 0:
        where = max((base.rfind(v) for v in "iouü"), default=-1)
    if where < 0:
        where = next((base.find(c) for c in "mn" if c in base), -1)
    if where < 0:
        return base
    return unicodedata.normalize("NFC", base[: where + 1] + MARKS[tone] + base[where + 1 :])


def toneless(syllable: str) -> str:
    """The syllable without its tone mark (lǘ → lü)."""
    kept = (c for c in unicodedata.normalize("NFD", syllable) if c not in MARKS.values())
    return unicodedata.normalize("NFC", "".join(kept))

"""Which language a passage is in, and ``lang`` marks on the Chinese runs inside other text."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from . import cedict, markup

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = re.compile(f"[{HAN}]")
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_LETTER = re.compile(r"[^\W\d_]")
# A Chinese run: Han characters, with CJK punctuation and digits between them.
_RUN = re.compile(f"[{HAN}](?:[{HAN}\u3000-\u303f\uff01-\uff5e\u00b7\u2014\u2026\u201c\u201d0-9]*[{HAN}])?")


@cache
def _converter(config: str):
    import opencc  # imported on first Chinese text only

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC ``t2s``; phrase conversions may change its length)."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """``text`` in traditional characters, Taiwan standard (OpenCC ``s2tw``: 為, not the variant 爲)."""
    return _converter("s2tw").convert(text)


def simplified_aligned(text: str) -> str:
    """The simplified form of ``text`` when it has the same length (so offsets stay valid), else ``text``."""
    simple = to_simplified(text)
    return simple if len(simple) == len(text) else text


def t2s():
    """OpenCC's traditional-to-simplified converter itself (loaded on first use)."""
    return _converter("t2s")


def tone(syllable: str) -> int:
    """1–4 from a pinyin syllable's tone mark, 5 for a neutral (toneless) syllable."""
    marks = [_TONE_MARKS.get(c) for c in unicodedata.normalize("NFD", syllable)]
    return next((t for t in marks if t), 5)


@lru_cache(maxsize=1 << 16)
def other_scripts(word: str) -> tuple[tuple[str, str], ...]:
    """Per character of ``word``: its simplified and traditional forms, converted as a whole word
    (so phrase-level conversions apply); the character itself where the lengths would not match.
    Words repeat, so each is converted once."""
    simple, full = to_simplified(word), to_traditional(word)
    simple = simple if len(simple) == len(word) else word
    full = full if len(full) == len(word) else word
    return tuple(zip(simple, full))


IDIOMS_FILE = "data/idioms.txt"


@cache
def _listed_idioms() -> dict[str, int]:
    """``data/idioms.txt``: simplified idiom -> where it divides (0: it does not)."""
    text = resources.files("lectern").joinpath(IDIOMS_FILE).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return {line.replace("-", ""): max(line.find("-"), 0) for line in lines if line and not line.startswith("#")}


@lru_cache(maxsize=4096)
def idiom_division(word: str) -> int | None:
    """Where a four-character idiom (成语) divides for its pinyin: 2 (``千载-难逢``), 0 when it does not
    divide (``总而言之``), None when ``word`` is no four-character idiom. An idiom is one that
    ``data/idioms.txt`` lists or that CC-CEDICT calls an idiom. (Not jieba's tag ``i``: of its
    22,000 four-character words so tagged, many are no idioms, such as 本地连接 "local connection".)"""
    simple = to_simplified(word)
    if len(simple) != 4:
        return None
    if simple in _listed_idioms():
        return _listed_idioms()[simple]
    return 2 if simple in cedict.idioms() else None


def _joined(parts: list[str]) -> str:
    """Syllables as one word: an apostrophe before a syllable that starts with a, o or e."""
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        joined += ("'" if unicodedata.normalize("NFD", part)[:1].lower() in ("a", "o", "e") else "") + part
    return joined


def word_pinyin(syllables: list[str], word: str = "") -> str:
    """The syllables of one segmented word, written as the Hanyu Pinyin orthography (GB/T 16159-2012)
    writes words: joined (``wǎngluò``, ``xìnxīhuà``), an apostrophe before a syllable that starts
    with a, o or e (``xī'ān``), and a compound of four or more syllables written as its two-syllable
    words (``wǎngluò ānquán``; an odd syllable joins the last pair: ``zhōnghuá rénmín gònghéguó``).
    A four-syllable idiom (:func:`idiom_division` of ``word``, its characters) is written as its two
    halves joined by a hyphen (``qiānzǎi-nánféng``), or as one word when it does not divide
    (``zǒng'éryánzhī``). The one rule for pinyin the site writes as words: glossary terms and
    vocabulary lists."""
    parts = [s for s in syllables if s]
    division = idiom_division(word) if word and len(parts) == 4 else None
    if division is not None:
        return "-".join(_joined(half) for half in ([parts[:division], parts[division:]] if division else [parts]))
    chunks = [parts[i : i + 2] for i in range(0, len(parts), 2)] if len(parts) >= 4 else [parts]
    if len(chunks) > 1 and len(chunks[-1]) == 1:
        chunks[-2:] = [chunks[-2] + chunks[-1]]
    return " ".join(_joined(chunk) for chunk in chunks if chunk)


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def script_of(text: str) -> str:
    """``zh-Hant`` when the text has characters that only traditional Chinese uses."""
    return "zh-Hant" if to_simplified(text) != text else "zh-Hans"


def passage_language(text: str, source_language: str) -> str:
    """A passage is Chinese when most of its letters are Han characters."""
    letters = len(_LETTER.findall(text))
    han = len(_HAN.findall(text))
    if letters and han / letters >= 0.5:
        return source_language if source_language in ("zh-Hans", "zh-Hant") else script_of(text)
    return "en"


def mark_runs(html: str, default: str) -> str:
    """Wrap each Chinese run in the text of ``html`` in ``<span lang=…>``.

    ``default`` is the script assumed unless a run shows traditional characters, or
    ``zh-Hant`` for text known to be traditional.
    """

    def wrap(m: re.Match) -> str:
        lang = "zh-Hant" if default == "zh-Hant" else script_of(m.group(0))
        return f'<span lang="{lang}">{m.group(0)}</span>'

    return markup.map_text(html, lambda text: _RUN.sub(wrap, text))

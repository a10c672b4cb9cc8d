"""Concept tokens of English and Chinese text, and the segments (sentences, clauses) of a passage.

English words are lower-cased, spelled the American way, mapped through a table of translation
variants, stop words dropped, stemmed with Snowball, and joined with their neighbours into
unordered word pairs. A Chinese word (jieba, re-joined where CC-CEDICT knows the longer word)
becomes a *slot*: the stems of its CC-CEDICT glosses; as a token of its own it is ``z:<simplified>``.
Numbers and dates are tokens in both languages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import pairwise

from ..language import HAN


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOP = _listed("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can cannot could did do does doing down during each even ever every few
for from further had has have having he her here hers him his how however i if in into is it its
itself just let may me might more most must my myself no nor not now of off on once only or other
ought our ours ourselves out over own per same shall she should so some such than that the their
theirs them themselves then there these they this those through thus to too under until up upon us
very via was we were what when where whether which while who whom whose why will with within would
yet you your yours one also well etc eg ie said says say
""")
# Negations are one concept, kept: "no X without Y" is all function words and two nouns otherwise.
_NEGATIONS = _listed("""no not cannot can't won't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't
hadn't couldn't shouldn't wouldn't never incomplete""")

# Translation variants: one concept, however a translator put it. Applied to lower-cased words.
_VARIANTS = {
    "network": "cyber",
    "networks": "cyber",
    "internet": "cyber",
    "online": "cyber",
    "web": "cyber",
    "networked": "cyber",
    "cyberspace": "cyber space",
    "cybersecurity": "cyber security",
    "cyberpower": "cyber power",
    "powerhouse": "power",
    "powerful": "power",
    "strong": "power",
    "stronger": "power",
    "strongly": "power",
    "informatisation": "informatization",
    "informationization": "informatization",
    "informatize": "informatization",
    "cpc": "party",
    "ccp": "party",
    "country's": "country",
    "nation": "country",
    "nations": "country",
    "national": "country",
    "countries": "country",
    "state": "country",
    "wellbeing": "welfare",
    "well-being": "welfare",
    "modernisation": "modernization",
    "centre": "center",
    "centres": "center",
    "defence": "defense",
    "programme": "program",
    "programmes": "program",
    "practise": "practice",
    "judgement": "judgment",
    "ageing": "aging",
    "ai": "artificial intelligence",
    "big": "large",
    "huge": "large",
    "great": "large",
    "major": "large",
}
_OUR_EXCEPT = frozenset(
    {"contour", "detour", "devour", "amour", "four", "hour", "your", "pour", "tour", "flour", "sour"}
)
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d[\d,]*(?:\.\d+)?")
_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        1,
    )
}
_DATE_EN = re.compile(
    r"\b(?:(\d{1,2})\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+(\d{1,2}))?,?\s+(\d{4})\b"
)
_DATE_ZH = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")
_IT_APPLICATION = re.compile(r"\b(?:IT|information technology) application\b")


def american(word: str) -> str:
    """One spelling for British and American forms (applied to a lower-cased word)."""
    word = re.sub(r"is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1", word) if len(word) > 5 else word
    word = re.sub(r"ys(e|ed|es|ing)$", r"yz\1", word)
    if word not in _OUR_EXCEPT:
        word = re.sub(r"(?<=\w\w)our(s|ed|ing|ite|ites|able|ful)?$", r"or\1", word)
    return word


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@cache
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def english_tokens(text: str, proper: set[str] | None = None) -> list[str]:
    """Concept tokens of an English text, in order: stems, numbers (``n:1000``) and dates.

    With ``proper``, the tokens of capitalised words inside a sentence (names and titles such as
    "the Chinese Dream of the Great Rejuvenation…") are added to it: they are weighed down, as a
    shared title is not a shared passage."""
    out: list[str] = []
    text = _IT_APPLICATION.sub("informatization", text)
    for m in WORD.finditer(text):
        tokens = word_tokens(m.group(0))
        if (
            proper is not None
            and m.group(0)[0].isupper()
            and m.start() > 0
            and not _AFTER_BREAK.search(text, max(0, m.start() - 3), m.start())
        ):
            proper.update(tokens)
        out += tokens
    return out


_AFTER_BREAK = re.compile(r"(?:[.!?:;“\"(\[]\s*|^\s*)$")


@cache
def word_tokens(word: str) -> tuple[str, ...]:
    """The concept tokens of one word (none for a stop word, two for "cybersecurity")."""
    word = word.replace("’", "'").lower().removesuffix("'s")
    if word in _NEGATIONS:
        return ("not",)
    if word[0].isdigit():
        return (f"n:{word.replace(',', '')}",)
    out = []
    for part in _VARIANTS.get(word, word).split():
        for piece in part.split("-"):
            piece = american(_VARIANTS.get(piece, piece))
            out += [stem(w) for w in _VARIANTS.get(piece, piece).split() if w not in _STOP and len(w) > 1]
    return tuple(out)


def date_tokens(text: str, zh: bool) -> list[str]:
    found = []
    if zh:
        for m in _DATE_ZH.finditer(text):
            y, mo, d = m.groups()
            found.append(f"d:{y}" + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if d else ""))
    else:
        for m in _DATE_EN.finditer(text):
            d1, month, d2, y = m.groups()
            day = d1 or d2
            found.append(f"d:{y}-{_MONTHS[month.lower()]:02d}" + (f"-{int(day):02d}" if day else ""))
    return found


# --- Chinese words ------------------------------------------------------------------------


@cache
def cedict_glosses() -> dict[str, tuple[str, ...]]:
    """Simplified headword → its English glosses, every entry of CC-CEDICT (:func:`lectern.cedict.text`) merged."""
    from .. import cedict

    table: dict[str, list[str]] = defaultdict(list)
    for simple, glosses in _CEDICT_ENTRY.findall(cedict.text()):
        table[simple] += glosses.split("/")
    return {k: tuple(v) for k, v in table.items()}


_CEDICT_ENTRY = re.compile(r"(?m)^[^#\s]\S* (\S+) \[[^\]]*\] /(.*)/\r?$")
_GLOSS_NOISE = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\b(?:CL|abbr\. for|abbr\. to|variant of|old variant of|see also|see|also written|"
    r"also pr\.|used in|Taiwan pr\.)\b:?.*|^(?:surname|Japanese|Korean|Tw)\b.*"
)
HAN_RUN = re.compile(f"[{HAN}]+")
_DIGITS = re.compile(r"\d+")
# Function words: they carry no content a translation would render.
_ZH_STOP = _listed("""
的 地 得 了 着 过 在 是 和 与 及 并 或 把 从 对 要 为 以 于 由 将 向 被 让 使 之 而 等 也 都 就 这 那 其 此 该
个 上 中 下 里 后 前 更 又 还 已 所 我们 你们 他们 它们 我 你 他 她 它 有 没 不 很 最 各 每 些 与其 以及 并且 而且
""")
_ZH_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_ZH_NUMBER = re.compile("[零一二两三四五六七八九十百]+")


def chinese_number(word: str) -> int | None:
    """十八 → 18, 一百 → 100, 二十五 → 25; None for anything else."""
    if not _ZH_NUMBER.fullmatch(word):
        return None
    total, digit = 0, None
    for c in word:
        if c in _ZH_NUMERALS:
            digit = _ZH_NUMERALS[c]
        else:
            total += (digit if digit is not None else 1) * (10 if c == "十" else 100)
            digit = None
    return total + (digit or 0)


@cache
def gloss_tokens(word: str) -> frozenset[str]:
    """Stems of the English glosses of a (simplified) Chinese word; empty if it has none."""
    stems: set[str] = set()
    for glosses in cedict_glosses().get(word, ()):
        listed = glosses.split(";")  # "to build; to construct; to establish": renderings listed in one gloss
        for gloss in listed:
            gloss = _GLOSS_NOISE.sub("", gloss).strip()
            if len(gloss.split()) > 6:  # an explanation: its head ("Xi Jinping, PRC politician, …") or nothing
                gloss = gloss.split(",")[0]
            if not gloss or len(gloss.split()) > 6:
                continue
            found = {t for t in english_tokens(gloss.removeprefix("to ")) if not t.startswith("n:")} - _PLACEHOLDERS
            if len(listed) == 1 or len(found) <= LISTED_WORDS:
                stems.update(found)
    return frozenset(stems)


_PLACEHOLDERS = frozenset({"sth", "sb", "oneself"})  # CC-CEDICT's "to attach importance to sth"
# A rendering listed among others has at most this many content words; a longer one is an
# explanation ("to bring forth new ideas; to blaze new trails" of 创新, whose rendering is "innovation").
LISTED_WORDS = 2


def _words(simple: str) -> list[str]:
    """jieba's words, re-joined where CC-CEDICT knows the longer word (习/近/平 → 习近平)."""
    import jieba

    pieces = jieba.lcut(simple)
    words, i = [], 0
    while i < len(pieces):
        for n in (4, 3, 2, 1):
            joined = "".join(pieces[i : i + n])
            if n == 1 or (len(pieces) >= i + n and HAN_RUN.fullmatch(joined) and joined in cedict_glosses()):
                words.append(joined)
                i += n
                break
    return words


def chinese_slots(text: str) -> list[frozenset[str]]:
    """One slot per content word of a Chinese text: the concept tokens it may stand for."""
    return chinese_words(text)[1]


def chinese_words(text: str) -> tuple[list[str], list[frozenset[str]]]:
    """The content words of a Chinese text, in order, as tokens (``z:网络安全``, simplified, so that
    both scripts match; numbers ``n:18``), and their slots (:func:`chinese_slots`)."""
    from ..language import to_simplified as simplified

    words, slots = [], []
    for word in _words(simplified(text)):
        if _DIGITS.fullmatch(word):
            words.append(f"n:{int(word)}")
            slots.append(frozenset({f"n:{int(word)}"}))
            continue
        if not HAN_RUN.fullmatch(word) or word in _ZH_STOP:
            continue
        words.append(f"z:{word}")
        tokens = set(gloss_tokens(word))
        number = chinese_number(word.rstrip("大届次年"))
        if number is not None:
            tokens.add(f"n:{number}")
        if tokens:
            slots.append(frozenset(tokens))
        elif len(word) > 1:
            slots += [t for part in _dictionary_parts(word) if part not in _ZH_STOP for t in [gloss_tokens(part)] if t]
    return words, slots


def _dictionary_parts(word: str) -> list[str]:
    """A word CC-CEDICT lacks, cut into the longest words it has (网络安全 → 网络, 安全)."""
    parts, i = [], 0
    while i < len(word):
        n = next(n for n in range(len(word) - i, 0, -1) if n == 1 or word[i : i + n] in cedict_glosses())
        parts.append(word[i : i + n])
        i += n
    return parts


# --- segments -----------------------------------------------------------------------------

QUOTED = re.compile(r"“[^”]{8,}”|\"[^\"]{8,}\"")  # an English clause in quotation marks
EN_BREAK = re.compile(r"(?<=[.!?;:])\s+|(?<=[.!?;:][”\"])\s+")
_ZH_BREAK = re.compile(r"(?<=[。！？；])")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    quoted: tuple[str, ...]  # English: the tokens said inside quotation marks
    tokens: tuple[str, ...]  # English: concept tokens; Chinese: its words (z:…), for matching Chinese with Chinese
    slots: tuple[tuple[str, ...], ...] = ()  # Chinese: per word, the tokens it may stand for
    proper: tuple[str, ...] = ()  # English: tokens of names and titles (weighed down)

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if "+" not in t)

    @cached_property
    def pairs(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if "+" in t)


def _cuts(text: str, breaks: re.Pattern) -> list[tuple[int, int]]:
    """Segments as (start, end): sentences and clauses, without the space around them."""
    points = sorted({0, len(text)} | {m.end() for m in breaks.finditer(text)})
    out = []
    for s, e in pairwise(points):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= 2:
            out.append((s, e))
    return out


def pairs(words: list[str], window: int = 3) -> list[str]:
    """Unordered pairs of words at most ``window`` apart (``cyber+secur``): they keep some of the
    phrasing that single words lose, and survive the reordering a second translation brings."""
    return sorted(
        {
            "+".join(sorted((w, v)))
            for i, w in enumerate(words)
            for v in words[i + 1 : i + window]
            if v != w and not v.startswith("n:") and not w.startswith("n:")
        }
    )


def segments(text: str, language: str) -> list[Segment]:
    zh = language.startswith("zh")
    out = []
    quotes = [] if zh else [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    for s, e in _cuts(text, _ZH_BREAK if zh else EN_BREAK):
        piece = text[s:e]
        quoted = tuple(
            sorted({t for qs, qe in quotes if qs < e and qe > s for t in english_tokens(text[max(qs, s) : min(qe, e)])})
        )
        dates = date_tokens(piece, zh)
        if zh:
            words, found = chinese_words(_DATE_ZH.sub(" ", piece))
            slots = [tuple(sorted(slot)) for slot in found] + [(d,) for d in dates]
            if slots or words:
                out.append(Segment(s, e, quoted, tuple(words + dates + pairs(words)), tuple(slots)))
        else:
            names: set[str] = set()
            words = english_tokens(_DATE_EN.sub(" ", piece), names)
            tokens = tuple(words + dates + pairs(words))
            if tokens:
                proper = sorted(t for t in tokens if names.intersection(t.split("+")))
                out.append(Segment(s, e, quoted, tokens, (), tuple(proper)))
    return out

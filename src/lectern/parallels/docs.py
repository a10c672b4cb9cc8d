"""A passage as the detector sees it (:class:`Doc`): its segments, its tokens, the vectors of its
sentences, and what is derived from them once per passage (word weights, masked Chinese words)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from .. import cores
from ..language import HAN
from .model import VERSION, Item, content_key

if TYPE_CHECKING:
    import numpy as np

from .tokens import EN_BREAK, HAN_RUN, QUOTED, Segment, chinese_words, english_tokens, segments


def passage_features(item: Item) -> dict:
    """Cacheable features of one passage: its segments (as plain lists) and, for Chinese, what
    quotations are looked for in (:func:`masked_features`)."""
    segs = segments(item.text, item.language)
    out: dict = {
        "segments": [
            [s.start, s.end, s.quoted, list(s.tokens), [list(x) for x in s.slots], list(s.proper)] for s in segs
        ]
    }
    if item.language.startswith("zh"):
        out |= masked_features(item.text, segs)
    else:
        out["quoted"] = quoted_clauses(item.text)
        out["said"] = said(item.text)
    return out


EN_QUOTED_WORDS = 5  # distinct content words from which an English clause in quotation marks is looked for


def quoted_clauses(text: str) -> list[list[str]]:
    """The clauses of an English passage in quotation marks (“…”, "…") with at least
    ``EN_QUOTED_WORDS`` distinct content words, each as its concept tokens in order (no word
    pairs): what a quotation of another passage is looked for by (:func:`.scoring.quote_found`)."""
    out = []
    for m in QUOTED.finditer(text):
        for sentence in EN_BREAK.split(m.group(0)[1:-1]):  # a quotation of two sentences: each
            words = [t for t in english_tokens(sentence) if not t.startswith("n:")]
            if len(set(words)) >= EN_QUOTED_WORDS:
                out.append(words)
    return out


ATTRIBUTION_WORDS = 4  # words between two quoted clauses that are one sentence said ("Xi said,")
EN_SAID_WORDS = 3  # distinct content words (not names) from which a clause in quotation marks is said


def said(text: str) -> list[list]:
    """What an English passage gives as someone's words, as ``[text, tokens, words]`` (``words``:
    how many content words outside names and titles, :func:`_words_not_named`): its clauses in
    quotation marks, two joined when only a short attribution (at most ``ATTRIBUTION_WORDS`` words,
    no sentence break) stands between them (“To build a strong cyber power,” Xi said, “we must
    gather…”), cut at the sentence breaks inside, each with at least ``EN_SAID_WORDS`` distinct
    content words outside names and titles (:func:`_words_not_named`). Compared by meaning with
    the other passage's sentences, English (:func:`.scoring.quote_meant`: another translation of the
    same words shares few of them, and the sentence around a quotation, "Xi said", blurs its
    meaning) or Chinese (:func:`.scoring.said_where`)."""
    joined: list[str] = []
    end = None
    for m in QUOTED.finditer(text):
        clause = m.group(0)[1:-1].strip()
        between = text[end : m.start()] if end is not None else ""
        if end is not None and len(between.split()) <= ATTRIBUTION_WORDS and not EN_BREAK.search(between.strip()):
            joined[-1] += " " + clause
        else:
            joined.append(clause)
        end = m.end()
    out = []
    for sentence in (s.strip(" ,.;:") for clause in joined for s in EN_BREAK.split(clause)):
        if (n := len(_words_not_named(sentence))) >= EN_SAID_WORDS:
            out.append([sentence, sorted({t for t in english_tokens(sentence) if "+" not in t}), n])
    return out


def _words_not_named(text: str) -> set[str]:
    """The content words of an English text, less numbers and the words of names and titles
    (capitalised inside it): “Xi Jinping Thought on Socialism with Chinese Characteristics for the
    New Era” in quotation marks is a title, not words said."""
    names: set[str] = set()
    words = english_tokens(text, names)
    return {w for w in words if not w.startswith("n:")} - names


# --- detection ----------------------------------------------------------------------------


@dataclass
class Doc:
    item: Item
    zh: bool
    segs: list[Segment]
    tokens: frozenset[str]  # every token the passage may stand for (glossary ids included)
    key: str = ""  # its features' key in the cache: the hash of its text and language
    bridges: frozenset[str] = frozenset()  # Chinese: English word pairs it may stand for (blocking only)
    vecs: np.ndarray | None = None  # meaning: one unit vector per segment (numpy, segments × meaning.DIM), or None
    zh_seq: list = field(default_factory=list)  # Chinese: its words with stock formulas masked (masked_features)
    zh_plain: str = ""  # Chinese: its masked characters (masked_features)
    zh_seg_plain: list = field(default_factory=list)  # Chinese: the masked characters of each segment
    zh_quoted: list = field(default_factory=list)  # Chinese: its clauses in quotation marks, as written and masked
    zh_clauses: list = field(default_factory=list)  # Chinese: its said clauses, (segment, characters, slots)
    en_quoted: list = field(default_factory=list)  # English: its quoted clauses' words, in order (quoted_clauses)
    seq: list | None = None  # English: its words in reading order (sequence), once computed
    said: list = field(default_factory=list)  # English: what it gives as someone's words, (text, tokens, words) (said)
    said_vecs: np.ndarray | None = None  # meaning: one unit vector per text of said_texts


FEATURES_WORTH = 60  # passages whose features take about as long as starting a worker process


def load(items: Sequence[Item], cache: dict) -> list[Doc]:
    keys = [content_key(VERSION, item.language, item.text) for item in items]
    missing = list({key: item for key, item in zip(keys, items) if key not in cache}.items())
    if missing:  # the first here, loading the segmenter and the dictionary before workers fork
        cache[missing[0][0]] = passage_features(missing[0][1])
        rest = missing[1:]
        cache |= dict(
            zip((k for k, _ in rest), cores.map_items(passage_features, [i for _, i in rest], worth=FEATURES_WORTH))
        )
    docs = []
    for key, item in zip(keys, items):
        feats = cache[key]
        segs = [
            Segment(s, e, tuple(q), tuple(t), tuple(tuple(x) for x in sl), tuple(pr))
            for s, e, q, t, sl, pr in feats["segments"]
        ]
        tokens = {t for s in segs for t in s.tokens} | {t for s in segs for slot in s.slots for t in slot}
        tokens |= {f"t:{term}" for term in item.terms}
        zh = item.language.startswith("zh")
        doc = Doc(item, zh, segs, frozenset(tokens), key, bridges(segs) if zh else frozenset())
        if zh:
            doc.zh_seq = [(w, False, k) for k, words in enumerate(feats["masked"]) for w in words]
            doc.zh_seg_plain = feats["plain"]
            doc.zh_plain, doc.zh_quoted = "".join(feats["plain"]), [tuple(q) for q in feats["quoted"]]
            doc.zh_clauses = [(k, clause, tuple(map(tuple, slots))) for k, clause, slots in feats["clauses"]]
        else:
            doc.en_quoted = [[(t, False, 0) for t in words] for words in feats.get("quoted", ())]
            doc.said = [(text, frozenset(tokens), n) for text, tokens, n in feats["said"]]
        docs.append(doc)
    return docs


BRIDGE_SLOT = 4  # a Chinese word with more possible renderings than this bridges to no English word pair


def bridges(segs: Sequence[Segment]) -> frozenset[str]:
    """The English word pairs (``econom+social``) two neighbouring Chinese words may be rendered by.

    Across languages the words a translation shares are its vocabulary (develop, security, party),
    found in hundreds of passages of a large corpus: too common to propose candidates (``max_df``).
    Pairs of them are rare, as in English, so they propose a Chinese passage and its rendering. Only
    for blocking: scores use the slots."""
    out: set[str] = set()
    for s in segs:
        slots = [slot for slot in s.slots if len(slot) <= BRIDGE_SLOT and not any(":" in t for t in slot)]
        for left, right in pairwise(slots):
            out.update("+".join(sorted((x, y))) for x in left for y in right if x != y)
    return frozenset(out)


def idf_table(docs: list[Doc]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for d in docs:
        for t in d.tokens:
            df[t] += 1
    n = _rounded(len(docs))
    return {t: round(math.log((n + 1) / (c + 0.5)) * IDF_STEPS) / IDF_STEPS for t, c in df.items()}


# Word weights are rounded to 1/16: a word's weight moves by about 1/df when a passage gains or
# loses it, so an edit changes the rounded weight of a common word seldom, and the pairs whose
# weights did not change keep their cached scores. The rounding moves no link of the seed corpus.
IDF_STEPS = 16


def _rounded(n: int) -> int:
    """``n`` rounded up to two significant figures (137 → 140, 5,123 → 5,200). Adding a passage
    seldom changes it, so an edit changes the weights of the words it adds or removes only, and
    the pairs of the other passages keep their cached scores (see :func:`detect_items`)."""
    step = 10 ** max(len(str(n)) - 2, 0)
    return -(-n // step) * step


# Stock formulas of Chinese political texts: every report on the subject has them, so they never
# make a link (they are masked before runs of shared words are looked for).
STOCK_FORMULAS = (
    "以习近平同志为核心的党中央",
    "习近平新时代中国特色社会主义思想",
    "中国特色社会主义",
    "中共中央总书记",
    "国家主席",
    "中央军委主席",
    "中央网络安全和信息化委员会主任",
    "中央网络安全和信息化领导小组组长",
    "网络强国",
    "网络强国战略思想",
    "新时代",
    "党中央",
    "中共中央政治局常委",
    "中共中央政治局委员",
    "中央书记处书记",
    "国务院总理",
    "全国人大常委会委员长",
    "全国政协主席",
    "国家副主席",
    "出席会议",
)
_STOCK = re.compile("|".join(sorted(map(re.escape, STOCK_FORMULAS), key=len, reverse=True)))
# The name of a national or central body or meeting (全国网络安全和信息化工作会议, 中央国家安全委员会):
# every report of the event names it, so it says which event, not which text.
_BODY = re.compile(f"(?:全国|中央)[{HAN}]{{2,14}}?(?:工作会议|座谈会|领导小组|委员会)")
# A list of names or short items (习近平、李克强、王沪宁、赵乐际): an attendance list, not a text.
_ENUMERATION = re.compile(f"(?:[{HAN}]{{2,4}}、){{2,}}[{HAN}]{{2,4}}")


NOT_HAN = re.compile(f"[^{HAN}0-9A-Za-z]+")


def masked(text: str) -> str:
    """A Chinese text in simplified characters, its stock formulas and lists replaced by a break."""
    from ..language import to_simplified as simplified

    return _ENUMERATION.sub("。", _BODY.sub("。", _STOCK.sub("。", simplified(text))))


ZH_QUOTED_MIN = 6  # Han characters from which a clause in quotation marks found in the other passage is a quotation
_ZH_QUOTED = re.compile(f'[「“『"]([^」”』"]{{{ZH_QUOTED_MIN},120}})[」”』"]')


ZH_CLAUSE_CHARS = 10  # Han characters from which a reported clause found (nearly) whole elsewhere is a quotation
# A clause: what lies between two punctuation marks (or masked formulas) of a Chinese text.
ZH_CLAUSE_BREAK = re.compile(r"[，,、；;：:。．.！!？?「」“”『』\"（）()《》〈〉…—\s]+")
# Reported speech: what follows a verb of saying and its comma or colon (习近平指出，… / 他在会上说：…),
# not the writer's own 可以说，/ 比如说，/ 据说，.
ZH_SAID = re.compile(
    r"(?:指出|强调|(?<!可以)(?<!比如)(?<!应该)(?<!就是)(?<!据)(?<!来)说|表示|提出|认为|要求|指示)[，,：:]"
)


def masked_features(text: str, segs: Sequence[Segment]) -> dict:
    """What Chinese quotations are looked for in, stock formulas and lists masked (:func:`masked`):
    ``masked``, the words (``z:…``) of each segment; ``plain``, the Han characters (and digits,
    Latin letters) of each segment; ``quoted``, its clauses in quotation marks (「…」, “…”) of at least
    ``ZH_QUOTED_MIN`` Han characters, as written and as masked characters; ``clauses``, the clauses
    it gives as someone's words, reported (after 指出，, 说：… in their sentence) or in quotation
    marks, of at least ``ZH_CLAUSE_CHARS`` Han characters, as ``[segment index, masked characters,
    slots]`` (the slots: each word's possible renderings, as a segment's).
    Computed with the other features (in worker processes, cached by content), not once per
    compared pair."""
    words, plains, clauses = [], [], []
    for k, s in enumerate(segs):
        text_k = masked(text[s.start : s.end])
        words.append([w for w in chinese_words(text_k)[0] if w.startswith("z:")])
        plains.append(NOT_HAN.sub("", text_k))
        said = ZH_SAID.search(text_k)
        reported = text_k[said.end() :] if said else ""
        pieces = ZH_CLAUSE_BREAK.split(reported)
        pieces += [reported] if len(pieces) > 1 else []  # the words said, whole
        pieces += [masked(m.group(1)) for m in _ZH_QUOTED.finditer(text[s.start : s.end])]
        for piece in pieces:
            clause = NOT_HAN.sub("", piece)
            if len("".join(HAN_RUN.findall(clause))) >= ZH_CLAUSE_CHARS:
                slots = [list(slot) for seg in segments(clause, "zh-Hans") for slot in seg.slots]
                clauses.append([k, clause, slots])
    quoted = []
    for m in _ZH_QUOTED.finditer(text):
        clause = NOT_HAN.sub("", masked(m.group(1)))
        if len("".join(HAN_RUN.findall(clause))) >= ZH_QUOTED_MIN:
            quoted.append([m.group(1), clause])
    return {"masked": words, "plain": plains, "quoted": quoted, "clauses": clauses}


def zh_sequence(doc: Doc) -> list[tuple[str, bool, int]]:
    """The words of a Chinese passage in reading order (as :func:`sequence`), stock formulas and
    lists masked."""
    return doc.zh_seq


def sequence(doc: Doc) -> list[tuple[str, bool, int]]:
    """The words of a passage in reading order: (token, part of a name?, segment index); once per passage."""
    if doc.seq is None:
        out = []
        for k, s in enumerate(doc.segs):
            proper = set(s.proper)
            out += [(t, t in proper, k) for t in s.tokens if "+" not in t and not t.startswith("d:")]
        doc.seq = out
    return doc.seq


def meaning_text(doc: Doc, seg: Segment) -> str:
    """The text of a segment as the encoder reads it: Chinese in simplified characters (the
    encoder knows traditional ones much less well: 0.2 against 0.6 for one sentence's English)."""
    text = doc.item.text[seg.start : seg.end]
    if doc.zh:
        from ..language import to_simplified as simplified

        text = simplified(text)
    return text


def meaning_texts(doc: Doc) -> list[str]:
    """The texts of a passage the encoder reads: its segments (:func:`meaning_text`), then the
    words it gives as someone's (:func:`said_texts`)."""
    return [meaning_text(doc, s) for s in doc.segs] + said_texts(doc)


def attach_meaning(docs: Sequence[Doc], store) -> None:
    """Give every passage the vectors of its segments and of the words it gives as someone's
    (:func:`said_texts`), from ``store`` (a :class:`lectern.meaning.Embeddings`)."""
    texts = [t for d in docs for t in meaning_texts(d)]
    vectors = store.vectors(texts)
    k = 0
    for d in docs:
        n, m = len(d.segs), len(said_texts(d))
        d.vecs, d.said_vecs = vectors[k : k + n], vectors[k + n : k + n + m]
        k += n + m


def said_texts(doc: Doc) -> list[str]:
    """The clauses a passage gives as someone's words, as the encoder reads them: Chinese reported
    speech (``zh_clauses``), English words in quotation marks (:func:`said`)."""
    return [clause for _, clause, _ in doc.zh_clauses] if doc.zh else [text for text, _, _ in doc.said]

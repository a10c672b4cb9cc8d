"""The detector's shortcuts for speed give the results of the plain definitions (lectern.parallels)."""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path

from lectern import parallels
from lectern.corpus import load_corpus
from lectern.parallels import Config, Item, pipeline, scoring
from lectern.parallels.tokens import Segment

ROOT = Path(__file__).resolve().parent.parent
CORPUS = load_corpus(ROOT / "corpus")


def plain_shared_run(a, b, idf):
    """:func:`scoring.shared_run` as first written: every matching position looks back at every
    position of the gap allowed, kept in one table."""
    where: dict[str, list[int]] = {}
    for j, (t, _, _) in enumerate(b):
        where.setdefault(t, []).append(j)
    best: dict = {}
    top, end = (0.0, 0, 0, 0), (0, 0)
    steps = range(1, scoring.RUN_GAP + 2)
    for i, (t, proper, _) in enumerate(a):
        ids = where.get(t, ())
        w = idf.get(t, 0.0) * (scoring.PROPER_WEIGHT if proper or any(b[j][1] for j in ids) else 1.0)
        for j in ids:
            prev = max((best[k] for di in steps for dj in steps if (k := (i - di, j - dj)) in best), default=None)
            best[i, j] = (prev[0] + w, prev[1] + 1, prev[2], prev[3]) if prev else (w, 1, i, j)
            if best[i, j][:2] > top[:2]:
                top, end = best[i, j], (i, j)
    if not top[1]:
        return 0.0, 0, (0, 0, 0, 0)
    return round(top[0], 6), top[1], (a[top[2]][2], a[end[0]][2], b[top[3]][2], b[end[1]][2])


def test_shared_run_is_the_plain_programme():
    rng = random.Random(3)
    runs = Counter()
    for _ in range(3000):
        letters = "abcdefg"[: rng.randint(1, 7)]
        a = [(rng.choice(letters), rng.random() < 0.1, k // 4) for k in range(rng.randint(0, 30))]
        b = [(rng.choice(letters), rng.random() < 0.1, k // 3) for k in range(rng.randint(0, 30))]
        idf = {c: rng.choice([0.0, 0.5, 1.0, 2.5]) for c in letters}
        got = scoring.shared_run(a, b, idf)
        assert got == plain_shared_run(a, b, idf), (a, b, idf)
        runs[min(got[1], 6)] += 1
    assert runs[0] and runs[6] > 100  # empty runs and long ones were both tried


def plain_match_words(a: Segment, b: Segment, idf) -> tuple[float, float]:
    """:func:`scoring._match_words` by its definition: the names of both sides weigh less."""
    proper = set(a.proper) | set(b.proper)

    def weight(tokens):
        return sum(idf.get(t, 0.0) * (scoring.PROPER_WEIGHT if t in proper else 1.0) for t in sorted(tokens))

    if len(a.words & b.words) < 3:
        return 0.0, 0.0
    in_words = weight(a.words & b.words) / max(min(weight(a.words), weight(b.words)), 1e-9)
    in_pairs = weight(a.pairs & b.pairs) / max(min(weight(a.pairs), weight(b.pairs)), 1e-9)
    shared = weight(a.words & b.words) + weight(a.pairs & b.pairs)
    return math.sqrt(in_words * min(1.0, in_pairs / scoring.PAIRS_KEPT)), shared


def segment(words: str, proper: str = "") -> Segment:
    ws = words.split()
    return Segment(0, 0, (), (*ws, *(f"{x}+{y}" for x, y in zip(ws, ws[1:]))), (), tuple(proper.split()))


def test_segment_totals_kept_only_while_the_other_sides_names_leave_them_alone():
    idf = {w: 1.0 + k / 4 for k, w in enumerate("cyber security law state council order rule".split())}
    a = segment("cyber security law state council")
    plain = segment("cyber security law state order")
    named = segment("cyber security law state rule", proper="state council")  # names a's "state", "council"
    for other in (plain, named, plain):  # the totals of a, kept after the first, must not serve the second
        assert scoring._match_words(a, other, idf) == plain_match_words(a, other, idf)
        assert scoring._match_words(other, a, idf) == plain_match_words(other, a, idf)
    assert plain_match_words(a, named, idf) != plain_match_words(a, plain, idf)  # the names do count


def plain_match_cross(zh: Segment, en: Segment, idf) -> tuple[float, float]:
    """:func:`scoring._match_cross` by its definition: each Chinese word hit by an English word."""
    hit = [en.words.intersection(slot) for slot in zh.slots]
    if sum(1 for h in hit if h) < 3:
        return 0.0, 0.0
    weights = [sum(idf.get(t, 0.0) for t in s) / len(s) if s else 0.0 for s in zh.slots]
    zh_total, en_total = sum(weights), scoring._weight(en.words, idf)
    if not zh_total or not en_total:
        return 0.0, 0.0
    zh_hit = sum(w for w, h in zip(weights, hit) if h)
    en_hit = scoring._weight(set().union(*hit), idf)
    return math.sqrt(zh_hit / zh_total * en_hit / en_total), en_hit


def test_chinese_words_found_by_their_glosses_as_by_each_gloss():
    rng = random.Random(5)
    glosses = [f"w{k}" for k in range(30)]
    idf = {g: rng.choice([0.5, 1.0, 3.0]) for g in glosses}
    found = 0
    for _ in range(500):
        slots = tuple(tuple(rng.sample(glosses, rng.randint(0, 3))) for _ in range(rng.randint(0, 12)))
        zh = Segment(0, 0, (), (), slots)
        en = Segment(0, 0, (), tuple(rng.sample(glosses, rng.randint(0, 15))))
        for _ in range(2):  # the second time from what the segment keeps
            assert scoring._match_cross(zh, en, idf) == plain_match_cross(zh, en, idf)
        found += scoring._match_cross(zh, en, idf)[1] > 0
    assert 50 < found < 450  # matches and misses both tried


# Chinese passages: a shared run across a sentence break (a quotation: past the gate), stock formulas
# and the same officials (stopped by it), a recombination of the report's words (stopped too).
REPORT = (
    "新华社北京2月27日电 会议指出，当今世界，信息技术革命日新月异，对国际政治、经济、文化、社会、军事等领域"
    "发展产生了深刻影响。信息化和经济全球化相互促进，互联网已经融入社会生活方方面面。"
)
CHINESE = (
    REPORT,
    (
        "评论员文章认为，信息技术革命日新月异，对国际政治、经济、文化、社会、军事等领域发展产生了深刻影响。"
        "信息化和经济全球化相互促进，我们必须抓住机遇。"
    ),
    "党的十八大以来，以习近平同志为核心的党中央高度重视网络强国建设。习近平、李克强、王沪宁、赵乐际、韩正出席会议。",
    "以习近平同志为核心的党中央统筹推进网络强国建设。习近平、李克强、王沪宁、赵乐际、韩正出席会议并讲话。",
    "当今世界，经济全球化和信息技术革命对社会生活产生了深刻影响，互联网也深刻改变了军事和文化领域的发展。",
)


def test_the_chinese_gate_is_asked_once_for_a_pair_it_stops(monkeypatch):
    asked = Counter()
    quotation = scoring._chinese_quotation

    def counted(a, b, idf):
        how = quotation(a, b, idf)
        asked[(a.item.source, a.item.passage), (b.item.source, b.item.passage), bool(how[0])] += 1
        return how

    background = [Item("bg-" + i.source, i.passage, i.language, i.text) for i in parallels.items_of(CORPUS)]
    items = [Item(f"zh{k}", "p1", "zh-Hans", t) for k, t in enumerate(CHINESE)] + background
    expected = pipeline.detect_items(items, Config())
    monkeypatch.setattr(scoring, "_chinese_quotation", counted)
    assert pipeline.detect_items(items, Config()) == expected  # as without the counting
    stopped = [n for (_, _, passed), n in asked.items() if not passed]
    passed = [n for (_, _, ok), n in asked.items() if ok]
    assert stopped and passed  # Chinese pairs of both outcomes were compared
    assert set(stopped) == {1}  # a pair the gate stops is never compared again
    assert max(passed) <= 2  # a pair it lets through: the gate, then its features

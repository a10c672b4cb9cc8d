"""Evidence of parallels in one language beyond aligned sentences (issue 17, detection quality): a
clause in quotation marks found whole in the other passage, and sentences aligned by meaning in
the same order (a restatement) as against one sentence echoing one."""

from __future__ import annotations

import pytest

from conftest import ROOT
from lectern import meaning, parallels
from lectern.corpus import load_corpus
from lectern.parallels import Config, Item, kinds, scoring
from lectern.parallels import docs as passages

CORPUS = load_corpus(ROOT / "corpus")
BACKGROUND = [Item("bg-" + i.source, i.passage, i.language, i.text) for i in parallels.items_of(CORPUS)]

COMMENTARY = (
    "At the 2014 meeting, which was itself a sign of the consolidation of Party control over policy, Xi "
    "stated that “without cybersecurity there can be no national security,” and without informatization "
    "there can be no modernization. Analysts read this as a turn in how the leadership sees the internet."
)
REPORT = (
    "Xi Jinping stressed that without cybersecurity, there is no national security, the economy and society "
    "will not operate in a stable manner, and the broad masses' interests will be difficult to guarantee. "
    "We must vigorously develop cybersecurity industries and raise the masses' protection capabilities."
)
# The same report, but without the slogan: it shares the commentary's subject, not its quotation.
REPORT_WITHOUT = (
    "Xi Jinping stressed that the economy and society will not operate in a stable manner, and the broad "
    "masses' interests will be difficult to guarantee without protection. We must vigorously develop "
    "cybersecurity industries and raise the masses' protection capabilities."
)


def test_quoted_clauses_are_cut_into_sentences_and_short_ones_dropped():
    text = (
        "He said: “We must develop the digital economy and modern manufacturing. Accelerate the "
        'digitization of industry.” He spoke of a "strong cyber power strategy" again.'
    )
    # the second sentence of the quotation (three content words) and the formula (four) are dropped
    assert passages.quoted_clauses(text) == [["develop", "digit", "economi", "modern", "manufactur"]]


def _features(a: str, b: str) -> dict:
    docs = passages.load([Item("a", "p1", "en", a), Item("b", "p1", "en", b)] + BACKGROUND, {})
    idf = passages.idf_table(docs)
    passages.attach_meaning(docs[:2], meaning.Embeddings())
    return parallels.features(docs[0], docs[1], idf, Config())


def _detect(a: str, b: str) -> list[parallels.Parallel]:
    """Links among two passages and the seed corpus. The pair shares a little less rare weight than
    blocking asks for (``min_shared``, 18) in a corpus this small: it is compared at 12."""
    return parallels.detect_items(
        [Item("a", "p1", "en", a), Item("b", "p1", "en", b)] + BACKGROUND, Config(min_shared=12)
    )


def test_a_quoted_clause_found_whole_in_a_long_sentence_is_a_quotation():
    f = _features(COMMENTARY, REPORT)
    assert f["q_found"] >= scoring.QUOTE_FOUND
    assert scoring.calibrated(f) >= scoring.QUOTED_SCORE
    found = {(p.a, p.b): p for p in _detect(COMMENTARY, REPORT)}
    link = found[("a", "p1"), ("b", "p1")]
    assert link.kind == "quotation" and link.score >= scoring.QUOTED_SCORE


def test_a_quoted_clause_the_other_passage_lacks_is_no_evidence():
    f = _features(COMMENTARY, REPORT_WITHOUT)
    assert f["q_found"] < scoring.QUOTE_FOUND
    found = _detect(COMMENTARY, REPORT_WITHOUT)
    assert not [p for p in found if (p.a, p.b) == (("a", "p1"), ("b", "p1"))]


def test_in_order_keeps_only_pairs_that_cross_none_kept_before():
    order = [(0.9, 0, 1), (0.8, 1, 0), (0.7, 2, 2), (0.6, 3, 3), (0.5, 2, 4)]
    assert scoring.in_order(order, most=5) == [0.9, 0.7, 0.6]
    assert scoring.in_order(order) == [0.9, 0.7]  # two at most, by default
    assert scoring.in_order([]) == []


def test_restated_needs_two_sentences_aligned_in_order():
    assert scoring.restated({"m_order": [0.72, scoring.MEANING_ORDER]})
    assert not scoring.restated({"m_order": [0.9, scoring.MEANING_ORDER - 0.01]})
    assert not scoring.restated({"m_order": [0.95]})


@pytest.fixture(scope="module")
def seed():
    """The seed corpus as the detector sees it: its passages by short name, and the word weights."""
    docs = passages.load(sorted(parallels.items_of(CORPUS), key=lambda i: (i.source, i.passage)), {})
    passages.attach_meaning(docs, meaning.Embeddings())
    return {d.item.source[:3] + d.item.passage: d for d in docs}, passages.idf_table(docs)


def test_a_restatement_in_other_words_stands_and_one_echoed_sentence_does_not(seed):
    """001 p6 (the 2014 goals) and 002 p12 (an article restating them): the Two Centenary Goals, then
    universal infrastructure, innovation, economy and security, in turn and in other words. 001 p6
    and 002 p6 share one sentence's subject (information infrastructure and economy), nothing more."""
    docs, idf = seed
    restatement = parallels.features(docs["001p6"], docs["002p12"], idf, Config())
    echo = parallels.features(docs["001p6"], docs["002p6"], idf, Config())
    assert scoring.restated(restatement) and not scoring.restated(echo)
    assert scoring.calibrated(restatement) >= scoring.RESTATED_SCORE


def test_what_is_said_joins_clauses_across_a_short_attribution_only():
    text = (
        "“To build a strong cyber power,” Xi said, “we must gather together our human resources.” "
        "He then spoke at length about the history of the internet in China and its growth. "
        "“Core technologies are the pillars and lifeblood of the country,” he added. A “strong cyber power” again."
    )
    assert [said for said, _, _ in passages.said(text)] == [
        "To build a strong cyber power, we must gather together our human resources",
        "Core technologies are the pillars and lifeblood of the country",
    ]  # the formula ("strong cyber power": two content words) is dropped


def test_a_quotation_in_another_translation_is_a_quotation_by_meaning(seed):
    """000 p5 quotes the 2014 speech in its own translation ("we must gather together our human
    resources and create a strong team…"); 001 p9 is the official one ("pool all our resources of
    talent and train them to become a powerful force…"): few shared words, one meaning. 001 p6 is
    the same speech on the same subject, without that sentence."""
    docs, idf = seed
    quoting = parallels.features(docs["000p5"], docs["001p9"], idf, Config())
    other = parallels.features(docs["000p5"], docs["001p6"], idf, Config())
    assert scoring.said_meant(quoting) and not scoring.said_meant(other)
    assert scoring.calibrated(quoting) >= scoring.QUOTED_SCORE
    link = kinds.described(docs["000p5"], docs["001p9"], quoting, scoring.calibrated(quoting), Config())
    assert link.kind == "quotation" and link.reason.startswith("quotes: To build a strong cyber power, we must")
    text_a, text_b = docs["000p5"].item.text, docs["001p9"].item.text
    assert [text_a[s.start : s.end] for s in link.spans_a] == [
        text_a[text_a.index("“To build") : text_a.index(" Strong")]
    ]
    assert [text_b[s.start : s.end] for s in link.spans_b] == [text_b[: text_b.index(' "It is')]]


def test_a_title_in_quotation_marks_is_not_something_said():
    text = "It is part of “Xi Jinping Thought on Socialism with Chinese Characteristics for the New Era” now."
    assert passages.said(text) == []
    assert passages.said("He said: “we must train globally renowned scientists and outstanding engineers.”")


def test_a_said_clause_is_found_in_its_sentence_across_punctuation_and_script():
    """The clause as features keep it (Han characters only, simplified) is marked in the text as
    written: traditional characters, with its commas."""
    from lectern.parallels.spans import clause_span
    from lectern.parallels.tokens import segments

    text = "習近平指出，沒有網絡安全就沒有國家安全，沒有信息化就沒有現代化。建設網絡強國，要有自己的技術。"
    seg = segments(text, "zh-Hant")[0]
    span = clause_span(text, seg, "没有网络安全就没有国家安全没有信息化就没有现代化")
    assert text[span.start : span.end] == "沒有網絡安全就沒有國家安全，沒有信息化就沒有現代化"
    assert clause_span(text, seg, "没有互联网就没有现代化") is None


def test_an_english_said_clause_is_found_across_its_attribution():
    from lectern.parallels.spans import said_span

    text = "He spoke. “To build a strong cyber power,” Xi said, “we must gather our human resources.” Then he left."
    [(said, _, _)] = passages.said(text)
    span = said_span(text, said)
    assert text[span.start : span.end] == "To build a strong cyber power,” Xi said, “we must gather our human resources"


def test_a_chinese_span_loses_the_attribution_it_opens_with():
    from lectern.parallels.model import Span
    from lectern.parallels.spans import unattributed

    text = "他强调，网络安全和信息化是重大战略问题。可以说，网络安全很重要。在会议上，他强调，要抓住机遇。"
    said = unattributed(text, Span(0, 19))
    assert text[said.start : said.end] == "网络安全和信息化是重大战略问题"
    assert unattributed(text, Span(20, 31)) == Span(20, 31)  # the writer's own 可以说 is no attribution
    assert unattributed(text, Span(32, 46)) == Span(32, 46)  # a span that opens with other words


def test_a_reason_quotes_whole_words_and_two_quotations_as_two():
    assert kinds._quote_reason("without cybersecurity there can be no national security") == (
        "quotes: without cybersecurity there can be no…"  # was "… no n…"
    )
    assert kinds._quote_reason("no modernization without informatization.") == (
        "quotes: no modernization without informatization"
    )
    assert kinds._quote_reason("敏锐抓住信息化发展的历史机遇”“自主创新推进网络强国建设") == (
        "quotes: 敏锐抓住信息化发展的历史机遇 / 自主…"
    )

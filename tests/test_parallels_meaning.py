"""Parallels by meaning: sentence embeddings (lectern.meaning), their cache, the candidates they
propose, the kinds and reasons they decide, Chinese quotations, and the spans of curated links."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from conftest import ROOT
from lectern import meaning, parallels
from lectern.corpus import load_corpus
from lectern.parallels import Config, Item, blocking
from lectern.parallels import cache as pcache
from lectern.parallels import docs as passages

_spec = importlib.util.spec_from_file_location("parallels_eval", ROOT / "bench" / "parallels_eval.py")
evaluation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(evaluation)

SLOGAN_EN = "Without cybersecurity there can be no national security."
SLOGAN_EN_2 = "National security is incomplete without cybersecurity."
SLOGAN_ZH = "没有网络安全就没有国家安全。"
BACKGROUND = [
    Item("bg-" + i.source, i.passage, i.language, i.text) for i in parallels.items_of(load_corpus(ROOT / "corpus"))
]
UNRELATED = "Farmers in the valley harvested rice and barley before the autumn rains arrived."


@pytest.fixture
def counted(monkeypatch):
    """Count the sentences given to the encoder."""
    calls: list[int] = []
    real = meaning.encode

    def encode(texts):
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(meaning, "encode", encode)
    monkeypatch.setattr(meaning, "_MEMO", {})
    return calls


def test_the_encoder_puts_translations_close_and_other_subjects_far():
    store = meaning.Embeddings()
    v = store.vectors([SLOGAN_EN, SLOGAN_EN_2, SLOGAN_ZH, UNRELATED])
    assert v.shape == (4, meaning.DIM) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    sims = meaning.similarity(v, v)
    assert sims[0, 1] >= 0.8 and sims[0, 2] >= 0.6  # a rewording; the Chinese
    assert sims[0, 3] <= 0.3 and sims[2, 3] <= 0.3


def test_vectors_are_cached_by_content_and_the_file_keeps_only_what_is_used(tmp_path, counted):
    path = tmp_path / "meaning.npz"
    store = meaning.Embeddings.load(path)
    first = store.vectors([SLOGAN_EN, UNRELATED, SLOGAN_EN])
    assert counted == [2] and store.computed == 2  # a repeated sentence is embedded once
    store.save(path, keep={meaning.key(SLOGAN_EN)})
    meaning._MEMO.clear()
    again = meaning.Embeddings.load(path)
    assert np.array_equal(again.vectors([SLOGAN_EN]), first[:1]) and again.computed == 0 and counted == [2]
    again.vectors([UNRELATED])
    assert again.computed == 1  # it was not kept


def test_an_unusable_cache_file_is_ignored(tmp_path):
    path = tmp_path / "meaning.npz"
    path.write_bytes(b"not a numpy file")
    assert meaning.Embeddings.load(path).computed == 0
    assert meaning.Embeddings.load(path)._rows == {}


def _items():
    return [
        Item("a", "p1", "en", "The meeting was held in Beijing. " + SLOGAN_EN + " Talent decides everything."),
        Item("b", "p1", "zh-Hans", "会议在北京召开。" + SLOGAN_ZH + "人才决定一切。"),
        Item("c", "p1", "en", UNRELATED),
    ]


def test_a_rebuild_embeds_only_the_edited_sentences(tmp_path, counted):
    items = _items()
    config = Config(meaning_candidates=True)  # every passage's sentences are embedded
    parallels.detect_items(items, config, cache_dir=tmp_path)
    assert (tmp_path / pcache.MEANING_CACHE).is_file()
    cold = sum(counted)
    assert cold == 7
    meaning._MEMO.clear()
    edited = items[:2] + [Item("c", "p1", "en", UNRELATED + " The harvest was good.")]
    parallels.detect_items(edited, config, cache_dir=tmp_path)
    assert sum(counted) - cold == 1


def test_only_the_passages_of_pairs_to_score_are_embedded(tmp_path, counted):
    text = "The meeting was held in Beijing. " + SLOGAN_EN + " Talent decides everything about informatization."
    items = [
        Item("a", "p1", "en", text),
        Item("d", "p1", "en", text + " Everyone applauded."),
        Item("c", "p1", "en", UNRELATED),
    ]
    config = Config(min_shared=1)  # a three-passage corpus: its words weigh little
    found = parallels.detect_items(items, config, cache_dir=tmp_path)
    assert [(p.a, p.b) for p in found] == [(("a", "p1"), ("d", "p1"))]
    assert sum(counted) == 4  # the four sentences of a and d (three shared); c is compared with nothing
    meaning._MEMO.clear()
    parallels.detect_items(items[:2] + [Item("c", "p1", "en", UNRELATED + " The harvest was good.")], config, tmp_path)
    assert sum(counted) == 4  # the pair a–d is cached and c still compared with nothing: nothing embedded


def test_meaning_is_evidence_and_can_be_turned_off():
    on = parallels.detect_items(_items(), Config(meaning_candidates=True))
    off = parallels.detect_items(_items(), Config(meaning=False, meaning_candidates=True))
    link = next(p for p in on if p.a == ("a", "p1") and p.b == ("b", "p1"))
    assert link.kind == "translation" and link.reason == "3 of 3 sentences aligned"
    assert [p for p in off if p.a == ("a", "p1") and p.b == ("b", "p1")] == [] or next(
        p for p in off if p.b == ("b", "p1")
    ).score < link.score


def test_meaning_proposes_a_pair_the_words_do_not():
    docs = passages.load(
        [
            Item("a", "p1", "en", "Without cybersecurity there can be no national security."),
            Item("b", "p1", "en", "National security is incomplete without cybersecurity."),
            Item("c", "p1", "en", UNRELATED),
        ],
        {},
    )
    passages.attach_meaning(docs, meaning.Embeddings())
    assert blocking.meaning_candidates(docs) == {(0, 1)}


def test_a_stock_sentence_everyone_repeats_proposes_nothing_by_meaning(monkeypatch):
    monkeypatch.setattr(blocking, "LSH_BUCKET", 3)
    docs = passages.load([Item(f"s{k}", "p1", "en", SLOGAN_EN) for k in range(5)], {})
    passages.attach_meaning(docs, meaning.Embeddings())
    assert blocking.meaning_candidates(docs) == set()


# --- Chinese with Chinese -------------------------------------------------------------------

REPORT = (
    "新华社北京2月27日电 会议指出，当今世界，信息技术革命日新月异，对国际政治、经济、文化、社会、军事等领域"
    "发展产生了深刻影响。信息化和经济全球化相互促进，互联网已经融入社会生活方方面面。"
)
COMMENTARY_RUN = (
    "评论员文章认为，信息技术革命日新月异，对国际政治、经济、文化、社会、军事等领域发展产生了深刻影响。"
    "信息化和经济全球化相互促进，我们必须抓住机遇。"
)
COMMENTARY_QUOTE = "评论指出，「信息化为中华民族带来了千载难逢的机遇」，这是我们的历史责任。"
SPEECH = "我们必须敏锐抓住信息化发展的历史机遇。信息化为中华民族带来了千载难逢的机遇，我们要紧紧抓住。"
STOCK = "党的十八大以来，以习近平同志为核心的党中央高度重视网络强国建设。习近平、李克强、王沪宁、赵乐际、韩正出席会议。"
STOCK_2 = "以习近平同志为核心的党中央统筹推进网络强国建设。习近平、李克强、王沪宁、赵乐际、韩正出席会议并讲话。"


def _zh(*texts, language="zh-Hans"):
    """The links among ``texts`` found with the seed corpus in the background (for real word weights)."""
    items = [Item(f"s{k}", "p1", language if k else "zh-Hans", t) for k, t in enumerate(texts)]
    return {
        (p.a[0], p.b[0]): p
        for p in parallels.detect_items(items + BACKGROUND)
        if p.a[0] in ("s0", "s1") and p.b[0] in ("s0", "s1")
    }


def test_a_shared_run_across_a_sentence_break_is_a_quotation():
    found = _zh(REPORT, COMMENTARY_RUN)
    assert found[("s0", "s1")].kind == "quotation"
    assert found[("s0", "s1")].reason.startswith("quotes: ")


def test_a_clause_in_quotation_marks_is_a_quotation_with_its_words_as_the_reason():
    found = _zh(COMMENTARY_QUOTE, SPEECH)
    assert found[("s0", "s1")].kind == "quotation"
    assert found[("s0", "s1")].reason == "quotes: 信息化为中华民族带来了千载难逢的机遇"


def test_stock_formulas_and_lists_of_officials_alone_make_no_link():
    assert _zh(STOCK, STOCK_2) == {}


def test_the_same_text_in_two_scripts():
    link = _zh(
        REPORT,
        "新華社北京2月27日電 會議指出，當今世界，信息技術革命日新月異，對國際政治、經濟、文化、社會、軍事等領域"
        "發展產生了深刻影響。信息化和經濟全球化相互促進，互聯網已經融入社會生活方方面面。",
        language="zh-Hant",
    )[("s0", "s1")]
    assert (link.kind, link.reason) == ("quotation", "the same text in two scripts")


# --- the site ---------------------------------------------------------------------------------


def test_every_curated_link_is_highlighted_on_both_sides():
    """The compare view marks the spans of curated links too (before, only detected ones had spans)."""
    _, links = evaluation.site_links()
    curated = [p for p in links if p.origin == "curated"]
    assert len(curated) >= 8
    assert all(p.spans_a and p.spans_b for p in curated), [p for p in curated if not (p.spans_a and p.spans_b)]


def test_every_detected_link_says_why_its_kind_fits():
    _, found = evaluation.detect()
    assert found and all(p.reason for p in found)
    assert {p.reason.split(":")[0] for p in found if p.kind == "quotation"} <= {
        "quotes",
        "the same text",
        "as both are linked to a third passage",
    }


def test_a_long_list_of_officials_alone_makes_no_link():
    """Nine names in a row would be a run of nine shared words: an attendance list is not a text."""
    names = "习近平、李克强、栗战书、汪洋、王沪宁、赵乐际、韩正、王岐山、丁薛祥"
    assert (
        _zh(
            f"{names}出席会议。会议审议通过了工作规则和重点工作。",
            f"{names}出席座谈会。与会代表就数字经济发展交流了意见。",
        )
        == {}
    )

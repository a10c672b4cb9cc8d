"""Parallel detection on real Chinese texts (tests/data/parallels_real/, labelled in
tests/data/parallels_real_gold.yml): eight reports and commentaries added to the corpus together,
curation off (bench/parallels_real.py; BENCHMARKS.md, "Parallel passages, issue 17")."""

from __future__ import annotations

import importlib.util

import pytest
import yaml

from conftest import ROOT
from lectern import parallels

_spec = importlib.util.spec_from_file_location("parallels_real", ROOT / "bench" / "parallels_real.py")
real = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(real)


@pytest.fixture(scope="module")
def detected():
    """``(corpus, found, links, unsure)``: the links touching the real texts, all added together."""
    return real.run(real.TEXTS)


def test_every_labelled_pair_names_passages_that_exist_once(detected):
    corpus, _, links, unsure = detected
    data = yaml.safe_load(real.REAL_GOLD.read_text(encoding="utf-8"))
    passages = {(s.slug[:3], p.id) for s in corpus.sources for p in s.passages}
    rows = data["links"] + data["unsure"]
    sides = {tuple(r[k].split()) for r in rows for k in ("a", "b")}
    assert sides <= passages, sorted(sides - passages)
    assert {r["kind"] for r in data["links"]} <= set(parallels.KINDS)
    pairs = [tuple(sorted((r["a"], r["b"]))) for r in rows]
    assert len(pairs) == len(set(pairs)), "a pair labelled twice"
    assert len(links) == len(data["links"]) and not set(links) & unsure


def _counts(detected) -> tuple[int, int, int, int]:
    """(labelled links found, of them with the labelled kind, labelled links, false links)."""
    _, found, links, unsure = detected
    got = {(p.a, p.b): p.kind for p in found if (p.a, p.b) not in unsure}
    hit = [pair for pair in got if pair in links]
    return len(hit), sum(got[pair] == links[pair] for pair in hit), len(links), len(got) - len(hit)


def test_detection_on_real_chinese_texts_does_not_regress(detected):
    """The level measured (BENCHMARKS.md): 41 of the 61 labelled links, 37 of them of the labelled
    kind, 2 false (main's detector, when the set was made: 28, 20 and 7; before the ';' gloss fix
    and the fitted cross-language calibration: 41, 38 and 3). The cross-language calibration is
    fitted on these texts too: in sample (bench/parallels_fit.py --cross cross-validates it)."""
    hit, same_kind, total, false = _counts(detected)
    assert hit >= 41 and same_kind >= 37 and false <= 2, (hit, same_kind, total, false)


def test_a_subjects_words_in_two_languages_are_no_link_alone(detected):
    """Ming Pao's report of the 2016 study session shares the subject's words with 004 p12 (the
    Party's leadership of cyberspace work) and no sentence: no link, though its words cover the
    other's as much as a loose translation's would (0.66 before)."""
    _, found, _, _ = detected
    pairs = {(p.a[0][:3] + p.a[1], p.b[0][:3] + p.b[1]) for p in found}
    assert ("004p12", "107p1") not in pairs and ("002p9", "102p1") not in pairs


def test_a_formula_given_as_said_links_to_its_english_renderings(detected):
    """CNR's commentary gives the slogan as Xi's words (习近平总书记在会上说：没有网络安全就没有国家安全，
    …) in a passage about other things; the English passages that carry it are quotations of it."""
    _, found, _, _ = detected
    kinds = {(p.a[0][:3] + p.a[1], p.b[0][:3] + p.b[1]): p.kind for p in found}
    assert {kinds.get((en, "105p1")) for en in ("001p6", "002p11", "003p2", "004p7")} == {"quotation"}
    # the dictionary entry (000 p2) has it in quotation marks, in a long sentence about other things
    assert kinds.get(("000p2", "105p1")) == "quotation"


def test_a_paragraph_rendered_as_two_links_to_both(detected):
    """Xinhua's 2014 report has in one paragraph (101 p3) what the English of the speech gives in
    two (001 p7 and p8): both are its translation, not only the better one."""
    _, found, _, _ = detected
    kinds = {(p.a[0][:3] + p.a[1], p.b[0][:3] + p.b[1]): p.kind for p in found}
    assert kinds.get(("001p7", "101p3")) == kinds.get(("001p8", "101p3")) == "translation"


@pytest.mark.xfail(strict=True, reason="issue 17: recall 0.67 with 2 false links on the real texts (BENCHMARKS.md)")
def test_detection_on_real_chinese_texts_meets_the_issue_target(detected):
    """Issue 17: on real Chinese texts, recall of at least 0.95 with at most one false link."""
    hit, _, total, false = _counts(detected)
    assert hit >= 0.95 * total and false <= 1, (hit, total, false)


def _chinese_links(*texts: str) -> set[tuple[str, str]]:
    """The pairs of ``texts`` (passages "a", "b", … of one paragraph each) detected as quotations,
    with the real texts' paragraphs in the background to weigh the words as a corpus would."""
    background = [
        parallels.Item("bg" + name[:3], f"p{k}", "zh-Hans", text)
        for name in real.TEXTS
        for k, text in enumerate((real.REAL / name).read_text(encoding="utf-8").split("---", 2)[2].split("\n\n"))
        if text.strip()
    ]
    items = [parallels.Item(chr(97 + k), "p1", "zh-Hans", text) for k, text in enumerate(texts)]
    found = parallels.detect_items([*background, *items], parallels.Config(min_shared=1))
    return {(p.a[0], p.b[0]) for p in found if "bg" not in p.a[0] + p.b[0] and p.kind == "quotation"}


def test_a_clause_given_as_someones_words_is_a_quotation_wherever_it_falls():
    """The slogan is four words of a long sentence in each report: a clause of reported speech
    (after 说： or 指出，) found in the other passage is a quotation; the same clause in the
    reporter's own words of both is not (a set phrase of the subject)."""
    reported = (
        "习近平总书记在会上说：没有网络安全就没有国家安全，就没有经济社会稳定运行，广大人民群众利益也难以得到保障。"
    )
    other = "习近平指出，没有网络安全就没有国家安全，没有信息化就没有现代化。"
    assert _chinese_links(reported, other) == {("a", "b")}
    own = "各地认识到没有网络安全就没有国家安全，工作日益扎实。"
    own_too = "可以说，没有网络安全就没有国家安全，各方面形成共识。"
    assert _chinese_links(own, own_too) == set()


def _shown(corpus, p) -> tuple[list[str], list[str]]:
    """The texts a link's spans mark on each side."""

    def text(side) -> str:
        source = next(s for s in corpus.sources if s.slug == side[0])
        return next(x.text for x in source.passages if x.id == side[1])

    return ([text(p.a)[s.start : s.end] for s in p.spans_a], [text(p.b)[s.start : s.end] for s in p.spans_b])


def test_a_said_formula_rendered_in_english_is_what_the_reader_is_shown(detected):
    """CNR's commentary (105 p1) opens with another sentence; what links it to the English is the
    slogan it gives as Xi's words. The reason quotes the slogan, and the spans mark it and its
    English rendering, not 105's first sentence and an English sentence about infrastructure."""
    corpus, found, _, _ = detected
    link = next(p for p in found if p.a[0][:3] + p.a[1] == "001p6" and p.b[0][:3] + p.b[1] == "105p1")
    assert link.reason == "quotes: 没有网络安全就没有国家安全"
    english, chinese = _shown(corpus, link)
    assert chinese == ["没有网络安全就没有国家安全"]
    assert english == ["Without ensuring cyber security, we cannot safeguard national security;"]


def test_a_chinese_quotation_is_shown_without_who_said_it(detected):
    """Xinhua's report (101 p2) gives the slogan after 习近平指出，: the reason and the spans are
    the words said, not the attribution."""
    corpus, found, _, _ = detected
    links = {(p.a[0][:3] + p.a[1], p.b[0][:3] + p.b[1]): p for p in found}
    for pair in (("000p2", "101p2"), ("101p2", "105p1"), ("002p7", "101p1")):
        link = links[pair]
        shown = [t for side in _shown(corpus, link) for t in side]
        assert not any(t.startswith(("习近平指出", "他强调")) for t in shown), (pair, shown)
        assert "指出" not in link.reason and "强调" not in link.reason, (pair, link.reason)


def test_a_panel_marks_chinese_titles_and_quotations_as_chinese(detected):
    """A panel is English (the page's language, in a Chinese passage too): the Chinese titles of the
    reports and the Chinese words a reason quotes carry their language, and two quotations side by
    side (…机遇”“自主…) read as two."""
    from bs4 import BeautifulSoup

    from lectern.compare import ParallelsAid, Views

    corpus, found, _, _ = detected
    items = BeautifulSoup(ParallelsAid(corpus, found).panel("105-cnr-commentary-2018", "p1"), "html.parser")
    titles = {a.get_text(): a.select_one("span[lang]") for a in items.select("a.lx-par-to")}
    assert titles["习近平：没有网络安全就没有国家安全（节选）, passage 2"]["lang"] == "zh-Hans"
    assert titles["習近平：自主創新推進網絡強國建設（節選）, passage 1"]["lang"] == "zh-Hant"
    assert titles["Build China into a Cyberpower, passage 6"] is None
    kinds = [k.get_text() for k in items.select(".lx-par-kind")]
    assert any(k.startswith("Quotation (quotes: 没有网络安全就没有国家安全) · ") for k in kinds), kinds
    assert any("quotes: 敏锐抓住信息化发展的历史机遇 / 自主" in k for k in kinds), kinds
    assert all(span["lang"].startswith("zh") for span in items.select(".lx-par-kind span"))
    assert items.select(".lx-par-kind span")
    link = next(p for p in found if p.a[0][:3] + p.a[1] == "001p6" and p.b[0][:3] + p.b[1] == "105p1")
    view = BeautifulSoup(Views(corpus).view(link)["html"], "html.parser")
    assert [
        a.select_one("span[lang]") and a.select_one("span[lang]")["lang"] for a in view.select(".lx-cmp-head a")
    ] == [
        None,
        "zh-Hans",
    ]
    assert view.select_one(".lx-cmp-facts span[lang=zh-Hans]").get_text() == "没有网络安全就没有国家安全"

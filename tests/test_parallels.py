"""Parallel detection (lectern.parallels) and its pages (lectern.compare), on small exact inputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import real_corpus
from lectern import compare, parallels, render, ruby
from lectern.corpus import CorpusError, load_corpus
from lectern.markup import plain_text
from lectern.parallels import Config, Item, Parallel, Span, blocking, pipeline, scoring
from lectern.parallels import docs as passages
from lectern.parallels import tokens as ptokens

ROOT = Path(__file__).resolve().parent.parent
CORPUS = real_corpus()

SLOGAN_A = (
    "At the meeting Xi stated that “without cybersecurity there can be no national security,” "
    "which surprised nobody at the time."
)
SLOGAN_B = (
    "Without ensuring cyber security, we cannot safeguard national security; without promoting "
    "IT application, we cannot realize modernization. We should train engineers."
)
OTHER = "Farmers in the valley harvested rice and barley before the autumn rains arrived this year."
# The seed corpus as background, so that word weights (IDF) are those of a real corpus.
BACKGROUND = [Item("bg-" + i.source, i.passage, i.language, i.text) for i in parallels.items_of(CORPUS)]


def detect(items, config: Config | None = None):
    """The links among ``items`` found with the seed corpus in the background."""
    config = config or Config()
    names = {(i.source, i.passage) for i in items}
    return [p for p in parallels.detect_items(items + BACKGROUND, config) if p.a in names and p.b in names]


def test_spelling_and_translation_variants_meet():
    assert parallels.american("emphasised") == "emphasized"
    assert parallels.american("labour") == "labor"
    assert parallels.american("four") == "four"
    assert parallels.english_tokens("cybersecurity and informatisation") == parallels.english_tokens(
        "Cyber security and IT application"
    )
    assert parallels.english_tokens("network security") == parallels.english_tokens("cybersecurity")


def test_negations_are_one_token_and_stop_words_go():
    assert parallels.english_tokens("there can be no national security") == ["not", "countri", "secur"]
    assert parallels.english_tokens("we cannot") == ["not"]


def test_names_and_titles_are_marked_proper():
    proper: set[str] = set()
    tokens = parallels.english_tokens("Realize the Chinese Dream of the Great Rejuvenation", proper)
    assert tokens == ["realiz", "chines", "dream", "larg", "rejuven"]
    assert proper == {"chines", "dream", "larg", "rejuven"}  # the first word starts the sentence


def test_dates_and_numbers_bridge_languages():
    assert ptokens.date_tokens("On February 27, 2014, at the first meeting", zh=False) == ["d:2014-02-27"]
    assert ptokens.date_tokens("2014年2月27日，在会议上", zh=True) == ["d:2014-02-27"]
    assert [parallels.chinese_number(w) for w in ("十八", "一百", "二十五", "两", "网络")] == [18, 100, 25, 2, None]


def test_cedict_glosses_give_english_stems():
    assert {"countri", "secur"} <= parallels.gloss_tokens("国家安全")
    assert "modern" in parallels.gloss_tokens("现代化")
    assert parallels.gloss_tokens("不存在的词语") == frozenset()
    # renderings listed in one gloss ("to build; to construct; …", over six words in all)
    assert {"build", "construct", "establish"} <= parallels.gloss_tokens("建设")
    assert parallels.gloss_tokens("重视") == {"attach", "import", "valu"}  # not CC-CEDICT's "sth"
    assert parallels.gloss_tokens("创新") == {"innov"}  # not "to bring forth new ideas; to blaze new trails"


def test_chinese_slots_skip_function_words_and_rejoin_names():
    slots = parallels.chinese_slots("习近平提出没有网络安全就没有国家安全")
    assert any({"xi", "jinp"} <= slot for slot in slots)  # 习近平: the head of its CC-CEDICT gloss
    assert {"cyber"} in slots and {"safe", "secur"} <= slots[4]  # 网络安全, not in CC-CEDICT: 网络, 安全
    assert any({"countri", "secur"} <= slot for slot in slots)
    assert not any(slot == parallels.gloss_tokens("就") for slot in slots)  # a function word


def test_chinese_words_are_simplified_tokens_for_either_script():
    words, slots = parallels.chinese_words("習近平指出，沒有網絡安全就沒有國家安全")
    assert words == parallels.chinese_words("习近平指出，没有网络安全就没有国家安全")[0]
    assert "z:习近平" in words and "z:国家安全" in words and "z:就" not in words  # a function word
    assert slots == parallels.chinese_slots("習近平指出，沒有網絡安全就沒有國家安全")


DEV_ZH_PARAGRAPHS = [
    p.strip()
    for p in (ROOT / "tests" / "data" / "parallels_dev_zh.md")
    .read_text(encoding="utf-8")
    .split("---", 2)[2]
    .split("\n\n")
    if p.strip()
]
CHINESE_OPENING = (
    "党的十八大以来，以习近平同志为核心的党中央审时度势、高瞻远瞩，顺势应时，吹响了向网络强国进军的号角。"
    "习近平同志提出，要从国际国内大势出发，总体布局，统筹各方，创新发展，努力把我国建设成为网络强国。"
)


def test_chinese_quotation_is_found_across_scripts():
    """A Chinese passage quoting another in the other script (and other punctuation) is a quotation."""
    quoted = "我们要认真学习。" + CHINESE_OPENING.replace("，", ",")
    traditional = __import__("opencc").OpenCC("s2t").convert(quoted)
    items = [Item("a", "p1", "zh-Hans", CHINESE_OPENING), Item("b", "p1", "zh-Hant", traditional)]
    [link] = detect(items)
    assert (link.a, link.b, link.kind) == (("a", "p1"), ("b", "p1"), "quotation")
    assert link.score > 0.9


def test_chinese_passages_sharing_a_set_phrase_are_not_linked_but_a_quoted_sentence_is():
    """Texts on one subject share set phrases (以习近平同志为核心的党中央高度重视…) without quoting each
    other: a run of shared words that is only part of the sentences around it is no link. The
    other passages give the shared words the weight they would have in a corpus."""
    background = [Item("bg", f"p{k}", "zh-Hans", text) for k, text in enumerate(DEV_ZH_PARAGRAPHS)]
    a = "党的十八大以来，以习近平同志为核心的党中央高度重视网络安全和信息化工作，推动网信事业取得历史性成就。"
    b = (
        "十年来，以习近平同志为核心的党中央高度重视网络安全和信息化工作，各地区各部门认真贯彻落实，"
        "数字经济蓬勃发展，网络空间日益清朗，网络强国建设迈出坚实步伐。"
    )
    c = "党的十八大以来，以习近平同志为核心的党中央高度重视网络安全和信息化工作。"  # a's first clause, whole
    found = detect(
        [*background, Item("a", "p1", "zh-Hans", a), Item("b", "p1", "zh-Hans", b), Item("c", "p1", "zh-Hans", c)],
        Config(min_shared=1),
    )
    assert [(p.a, p.b, p.kind) for p in found if p.a[0] != "bg"] == [(("a", "p1"), ("c", "p1"), "quotation")]


def test_quotation_is_found_with_its_spans():
    items = [Item("a", "p1", "en", SLOGAN_A), Item("b", "p1", "en", SLOGAN_B), Item("c", "p1", "en", OTHER)]
    assert detect(items) == []  # two short passages share too little to be compared at all
    [link] = detect(items, Config(min_shared=8))
    assert (link.a, link.b, link.kind, link.origin) == (("a", "p1"), ("b", "p1"), "quotation", "detected")
    assert [SLOGAN_A[s.start : s.end] for s in link.spans_a] == [
        "without cybersecurity there can be no national security"
    ]
    assert [SLOGAN_B[s.start : s.end] for s in link.spans_b] == [
        "Without ensuring cyber security, we cannot safeguard national security"
    ]


def test_shared_run_allows_small_gaps_and_keeps_order():
    seq = lambda words, proper=(): [(w, w in proper, 0) for w in words.split()]  # noqa: E731
    idf = dict.fromkeys("a b c d e x y z".split(), 1.0)
    # a b c d shared in order; b gets two extra words on the second side, which a gap allows
    assert parallels.shared_run(seq("a b c d"), seq("z a x y b c d"), idf) == (4.0, 4, (0, 0, 0, 0))
    # three words between two shared ones break the run; reversed order never counts
    assert parallels.shared_run(seq("a b"), seq("a x y z b"), idf)[:2] == (1.0, 1)
    assert parallels.shared_run(seq("a b c"), seq("c b a"), idf)[:2] == (1.0, 1)
    # a word that is part of a name weighs PROPER_WEIGHT of its IDF weight
    assert parallels.shared_run(seq("a b", {"a"}), seq("a b"), idf)[:2] == (1.0 + scoring.PROPER_WEIGHT, 2)
    assert parallels.shared_run(seq("a b"), seq("x y"), idf) == (0.0, 0, (0, 0, 0, 0))


def test_weak_link_is_kept_through_a_third_passage_and_takes_its_kind():
    a, b, c, d = ("s1", "p1"), ("s2", "p1"), ("s3", "p1"), ("s4", "p1")
    found = [
        Parallel(a, b, 0.9, "quotation"),
        Parallel(a, c, 0.7, "quotation"),
        Parallel(b, c, 0.25, "paraphrase"),
        Parallel(a, d, 0.5, "translations"),
        Parallel(c, d, 0.1, "quotation"),
        Parallel(b, d, 0.3, "paraphrase"),
    ]
    kept = {(p.a, p.b): p.kind for p in pipeline.corroborated(found, Config())}
    # b–c is weak, but a links to both by quotations: a quotation of one formula too. a–d (under
    # threshold + corroboration) has no third passage; b–d's only third passage would be a through
    # a–d, which is not kept; c–d is under the rescue score.
    assert kept == {(a, b): "quotation", (a, c): "quotation", (b, c): "quotation"}


def test_one_source_in_one_language_never_links_to_itself():
    items = [Item("a", "p1", "en", SLOGAN_A), Item("a", "p2", "en", SLOGAN_A)]
    assert parallels.detect_items(items, Config(threshold=0.0)) == []


def test_translation_across_languages_within_a_source():
    zh = "2014年2月27日，习近平提出，要从国际国内大势出发，总体布局，统筹各方，创新发展，努力把我国建设成为网络强国。"
    en = (
        "On February 27, 2014, Xi Jinping proposed that we should proceed from the international and domestic "
        "trends, make an overall layout, coordinate all parties, innovate and develop, and strive to build "
        "my country into a cyber power."
    )
    items = [Item("s", "p1", "zh-Hans", zh), Item("s", "p2", "en", en), Item("t", "p1", "en", OTHER)]
    [link] = detect(items)
    assert (link.a, link.b, link.kind) == (("s", "p1"), ("s", "p2"), "translation")
    assert link.score >= Config().threshold


def test_a_translation_is_proposed_by_word_pairs_when_its_words_are_common(monkeypatch):
    """In a large corpus the words a translation shares (security, nation, modernization) are in too
    many passages to propose candidates; the English word pairs two neighbouring Chinese words may
    stand for (cyber+secur from 网络 安全, informat+not from 没有 信息化) are not, and propose the pair."""
    zh = "习近平指出，没有网络安全就没有国家安全，没有信息化就没有现代化。"
    en = (
        "Xi Jinping pointed out that without cybersecurity there is no national security, and without "
        "informatization there is no modernization."
    )
    each_word_alone = (
        "Security is a word. The nation is a word. Modernization is a word. Informatization is a word. "
        "Cyber is a word. Pointed is a word. Without is a word."
    )
    items = [
        Item("zh", "p1", "zh-Hans", zh),
        Item("en", "p1", "en", en),
        *(Item(f"f{k}", "p1", "en", each_word_alone) for k in range(4)),
    ]
    config = Config(
        max_df=3, min_shared=4, meaning=False
    )  # words alone: the filler passages are one text, which meaning links
    assert {"cyber+secur", "informat+not"} <= passages.bridges(parallels.segments(zh, "zh-Hans"))
    assert [(p.a, p.b, p.kind) for p in parallels.detect_items(items, config)] == [
        (("en", "p1"), ("zh", "p1"), "translation")
    ]
    monkeypatch.setattr(passages, "bridges", lambda segs: frozenset())
    assert parallels.detect_items(items, config) == []  # the single words alone propose nothing


def test_blocking_ignores_tokens_in_too_many_passages():
    items = [Item(f"s{i}", "p1", "en", SLOGAN_B) for i in range(5)]
    docs = passages.load(items, {})
    idf = passages.idf_table(docs)
    assert len(blocking.word_candidates(docs, idf, Config(min_shared=0))) == 10  # every pair of five
    assert blocking.word_candidates(docs, idf, Config(max_df=4, min_shared=0)) == []  # every token is in 5


def test_output_is_deterministic_and_cached_by_content(tmp_path, monkeypatch):
    items = [Item("b", "p1", "en", SLOGAN_B), Item("a", "p1", "en", SLOGAN_A)]
    first = parallels.detect_items(items, Config(threshold=0.1), tmp_path)
    assert parallels.detect_items(list(reversed(items)), Config(threshold=0.1)) == first

    def fail(_item):
        raise AssertionError("features recomputed for an unchanged passage")

    monkeypatch.setattr(passages, "passage_features", fail)
    assert parallels.detect_items(items, Config(threshold=0.1), tmp_path) == first
    changed = [items[0], Item("a", "p1", "en", SLOGAN_A + " One more sentence.")]
    with pytest.raises(AssertionError, match="recomputed"):
        parallels.detect_items(changed, Config(threshold=0.1), tmp_path)


def test_after_an_edit_only_the_affected_pairs_are_scored_again_with_the_result_of_a_fresh_run(tmp_path, monkeypatch):
    items = parallels.items_of(CORPUS)
    parallels.detect_items(items, Config(), tmp_path)
    edited = [
        Item(i.source, i.passage, i.language, i.text + " The zither players rehearsed.") if k == 7 else i
        for k, i in enumerate(items)
    ]
    scored = []
    compare_pair = pipeline.compare
    monkeypatch.setattr(pipeline, "compare", lambda a, b, *rest: scored.append((a, b)) or compare_pair(a, b, *rest))
    cached = parallels.detect_items(edited, Config(), tmp_path)
    # no other passage has the new words, so no other passage's word weights changed
    assert scored and all(edited[7] in (a.item, b.item) for a, b in scored)
    rescored = len(scored)
    fresh = parallels.detect_items(edited, Config())
    assert cached == fresh
    assert rescored < len(scored) / 5  # the fresh run scored every candidate pair


def test_curated_links_win_and_suppressions_drop():
    detected = [
        Parallel(("a", "p1"), ("b", "p1"), 0.8, "paraphrase", spans_a=(Span(0, 4),)),
        Parallel(("a", "p2"), ("b", "p2"), 0.7, "translations"),
    ]
    curated = parallels.Curated(
        links=(
            Parallel(("a", "p1"), ("b", "p1"), 1.0, "quotation", "curated", note="n"),
            Parallel(("a", "p3"), ("c", "p1"), 1.0, "translation", "curated"),
        ),
        suppressed=frozenset({(("a", "p2"), ("b", "p2"))}),
    )
    assert parallels.combine(detected, curated) == [
        Parallel(("a", "p1"), ("b", "p1"), 0.8, "quotation", "curated", (Span(0, 4),), (), "n"),
        Parallel(("a", "p3"), ("c", "p1"), 1.0, "translation", "curated"),
    ]


def test_curated_file_problems_name_their_line(tmp_path):
    path = tmp_path / "corpus" / "parallels.yml"
    path.parent.mkdir()
    path.write_text(
        "links:\n"
        "  - a: 000-strong-cyber-power#p99\n"
        "    b: 001-build-china-into-a-cyberpowr#p1\n"
        "    kind: quotation\n"
        "  - {a: 000-strong-cyber-power#p1, b: 001-build-china-into-a-cyberpower#p1, kind: echo}\n"
        "suppress:\n"
        "  - {a: 003-strengthen-cyber-capabilities#p2, b: 003-strengthen-cyber-capabilities#p2, why: typo}\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as error:
        parallels.load_curated(CORPUS, path)
    assert [str(p) for p in error.value.problems] == [
        "corpus/parallels.yml:5: links.1.kind: Input should be 'quotation', 'translations', 'translation' or 'paraphrase'",
        "corpus/parallels.yml:7: suppress.0.why: Extra inputs are not permitted",
    ]
    path.write_text(path.read_text().replace("kind: echo", "kind: paraphrase").replace(", why: typo", ""))
    with pytest.raises(CorpusError) as error:
        parallels.load_curated(CORPUS, path)
    assert [str(p) for p in error.value.problems] == [
        "corpus/parallels.yml:2: 000-strong-cyber-power has no passage 'p99' (write source#p3)",
        "corpus/parallels.yml:3: unknown source '001-build-china-into-a-cyberpowr' (did you mean '001-build-china-into-a-cyberpower'?)",
        "corpus/parallels.yml:7: a passage cannot be its own parallel",
    ]


def test_word_diff_marks_what_each_side_alone_has():
    assert (
        compare.word_diff("we must develop the economy", "We must grow the economy")
        == "We must <del>develop</del> <ins>grow</ins> the economy"
    )
    assert compare.word_diff("a <b>", "a <c>") == "a &lt;<del>b</del><ins>c</ins>&gt;"
    assert (
        compare.word_diff("we must, as before, develop it", "We must develop it.")
        == "We must<del>, as before,</del> develop it<ins>.</ins>"
    )


def test_word_diff_of_chinese_goes_by_character_whatever_the_script():
    """Traditional against simplified, with full-width punctuation: only the words differ."""
    assert (
        compare.word_diff(
            "習近平同志指出,沒有網絡安全就沒有國家安全。", "没有网络安全就没有国家安全，没有信息化就没有现代化。"
        )
        == "<del>習近平同志指出,</del>没有网络安全就没有国家安全<ins>，没有信息化就没有现代化</ins>。"
    )


def test_api_record_shape():
    link = Parallel(("a", "p1"), ("b", "p2"), 0.91, "quotation", "detected", (Span(3, 9),), (Span(0, 5),))
    assert json.loads(compare.api([link])) == {
        "parallels": [
            {
                "a": {"source": "a", "passage": "p1"},
                "b": {"source": "b", "passage": "p2"},
                "score": 0.91,
                "kind": "quotation",
                "origin": "detected",
                "spans": {"a": [[3, 9]], "b": [[0, 5]]},
            }
        ]
    }


def test_marker_panel_lists_each_parallel_with_a_link_to_its_passage():
    s0, s1 = CORPUS.source("000-strong-cyber-power"), CORPUS.source("001-build-china-into-a-cyberpower")
    link = Parallel((s0.slug, "p2"), (s1.slug, "p6"), 0.93, "quotation", "detected", (), (Span(0, 12),))
    aid = compare.ParallelsAid(CORPUS, [link])
    html = aid.controls(s0, s0.passages[1])
    assert html == (
        '<button type="button" class="lx-par lx-aid" lang="en" aria-expanded="false" aria-controls="lx-par-p2" '
        'data-lx-panel="lx-par-p2" title="1 parallel passage" aria-label="1 parallel passage">'
        '<span aria-hidden="true">⇄</span>1</button><div class="lx-par-panel lx-aid" lang="en" id="lx-par-p2" '
        'role="region" aria-label="Parallels of passage 2" '
        f'data-lx-src="../../api/panels/{s0.slug}.json#p2" data-search-exclude hidden></div>'
    )
    assert aid.controls(s0, s0.passages[0]) == ""
    files = aid.files()  # the lists, fetched when a panel is first opened
    assert sorted(files) == [f"api/panels/{s0.slug}.json", f"api/panels/{s1.slug}.json"]
    panels = json.loads(files[f"api/panels/{s0.slug}.json"])
    assert list(panels) == ["p2"] and panels["p2"].startswith("<ul><li>") and panels["p2"].endswith("</li></ul>")
    row = panels["p2"]
    assert (
        f'<a class="lx-par-to" href="../../sources/{s1.slug}/#p6">Build China into a Cyberpower, passage 6</a>' in row
    )
    assert "Quotation · strong (0.93)" in row
    assert "<q>Without ensuring cyber security, we cannot safeguard national security;" in row
    assert f'<a class="lx-par-cmp" href="../../compare/#{s0.slug}-p2--{s1.slug}-p6">Compare side by side</a>' in row
    assert f'href="../../sources/{s0.slug}/#p2"' in json.loads(files[f"api/panels/{s1.slug}.json"])["p6"]


def test_panels_of_passages_with_one_id_from_two_sources_are_told_apart_on_an_assignment_page():
    """An assignment shows 003#p3 and 000#p3: each marker controls its own panel (the element's id
    names it), where the panels' ids were both lx-par-p3 and the second marker opened the first panel."""
    s0, s3 = CORPUS.source("000-strong-cyber-power"), CORPUS.source("003-strengthen-cyber-capabilities")
    links = [
        Parallel((s0.slug, "p3"), (s3.slug, "p3"), 0.9, "quotation", "detected", (), ()),
    ]
    aid = compare.ParallelsAid(CORPUS, links)
    pages = [render.passage_html(s, s.passages[2], aids=(aid,), element_id=f"{s.slug}-p3", href="x") for s in (s0, s3)]
    ids = [re.findall(r' (?:id|aria-controls|data-lx-panel)="(lx-par-[^"]+)"', html) for html in pages]
    assert ids == [[f"lx-par-{s.slug}-p3"] * 3 for s in (s0, s3)]
    assert 'id="lx-par-p3"' in render.passage_html(s0, s0.passages[2], aids=(aid,))  # on its source page


def test_mark_spans_marks_text_exactly_and_ruby_words_whole():
    mark = compare.mark_spans
    assert mark("a &amp; b c", (Span(2, 5),)) == "a <mark>&amp; b</mark> c"
    assert mark("abcdef", (Span(4, 6), Span(0, 2), Span(1, 3))) == "<mark>abc</mark>d<mark>ef</mark>"  # sorted, merged
    assert mark("abc", ()) == "abc"
    # a mark never crosses a tag: it is closed before one and opened again after it
    assert (
        mark('the <span lang="zh-Hans">网络</span> age', (Span(1, 5),))
        == 't<mark>he </mark><span lang="zh-Hans"><mark>网</mark>络</span> age'
    )
    word = ruby.word_html("网络", ("wǎng", "luò"))
    assert mark(f"建{word}。", (Span(2, 3),)) == f"建<mark>{word}</mark>。"  # one character of a word marks it whole
    assert mark(f"建{word}。", (Span(0, 1), Span(3, 4))) == f"<mark>建</mark>{word}<mark>。</mark>"


SMALL = {
    "a.md": "---\ntitle: A <Talk>\ndate: 2014\nlanguage: en\n---\n\nWe build a <script>x</script> power & more.\n",
    "b.md": "---\ntitle: B\ndate: 2015\nlanguage: zh-Hans\n---\n\n建设网络强国。\n",
    "c.md": "---\ntitle: C\ndate: 2016\nlanguage: en\n---\n\nWe build a power and more.\n",
    "d.md": "---\ntitle: D\ndate: 2017\nlanguage: zh-Hant\n---\n\n努力建設網絡強國。\n",
}


def small_corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sources").mkdir(parents=True)
    for name, text in SMALL.items():
        (root / "sources" / name).write_text(text, encoding="utf-8")
    return load_corpus(root)


def test_view_of_a_pair_is_escaped_with_its_spans_and_note(tmp_path):
    corpus = small_corpus(tmp_path)
    link = Parallel(
        ("a", "p1"), ("b", "p1"), 0.95, "translation", "curated", (Span(3, 8),), (Span(2, 4),), note="N <b>"
    )
    assert compare.pair_id(link) == "a-p1--b-p1"
    assert compare.Views(corpus).view(link) == {
        "title": "A <Talk>, passage 1, and B, passage 1",
        "html": '<p class="lx-cmp-facts">Original and translation · strong (0.95) · curated</p>'
        '<p class="lx-cmp-note">N &lt;b&gt;</p><div class="lx-cmp">'
        '<section class="lx-cmp-side" aria-label="A &lt;Talk&gt;, passage 1"><p class="lx-cmp-head">'
        '<a href="../sources/a/#p1">A &lt;Talk&gt;, passage 1</a> <time datetime="2014">2014</time></p>'
        '<p class="lx-cmp-text">We <mark>build</mark> a &lt;script&gt;x&lt;/script&gt; power &amp; more.</p></section>'
        '<section class="lx-cmp-side" aria-label="B, passage 1"><p class="lx-cmp-head">'
        '<a href="../sources/b/#p1">B, passage 1</a> <time datetime="2015">2015</time></p>'
        '<p class="lx-cmp-text" lang="zh-Hans">建设<mark>网络</mark>强国。</p></section></div>',
    }


def test_view_of_one_language_has_a_word_diff(tmp_path):
    corpus = small_corpus(tmp_path)
    html = compare.Views(corpus).view(Parallel(("a", "p1"), ("c", "p1"), 0.5, "paraphrase"))["html"]
    assert html.startswith(
        '<p class="lx-cmp-facts">Close paraphrase · possible (0.50) · detected</p><div class="lx-cmp">'
    )
    assert html.endswith(
        '<h2>Word by word</h2><p class="lx-cmp-diff"><span class="lx-cmp-legend"><del>only in A &lt;Talk&gt;</del> '
        "<ins>only in C</ins></span> We build a <del>&lt;script&gt;x&lt;/script&gt;</del> power <del>&amp;</del> "
        "<ins>and</ins> more.</p>"
    )


def test_view_of_two_chinese_passages_has_a_character_diff_in_chinese(tmp_path):
    corpus = small_corpus(tmp_path)
    html = compare.Views(corpus).view(Parallel(("b", "p1"), ("d", "p1"), 0.9, "quotation"))["html"]
    assert html.endswith('<ins>only in D</ins></span> <span lang="zh-Hant"><ins>努力</ins>建設網絡強國。</span></p>')


def test_view_of_chinese_has_ruby_with_the_spans_on_whole_words(tmp_path):
    corpus = small_corpus(tmp_path)
    views = compare.Views(corpus, ruby.Annotator())
    link = Parallel(("a", "p1"), ("b", "p1"), 0.95, "translation", spans_b=(Span(3, 4),))
    side = BeautifulSoup(views.view(link)["html"], "html.parser").select(".lx-cmp-text")[1]
    assert plain_text(str(side)) == "建设网络强国。"  # nothing lost
    assert [plain_text(str(m)) for m in side.select("mark")] == ["网络"]
    assert side.select_one("mark > ruby.lx-w")["data-py"] == "wǎng luò"
    assert views.shown[("b", "p1")] == ruby.Annotator().annotate("建设网络强国。")  # as on the source page


def test_views_are_grouped_by_the_first_passage_in_sorted_files(tmp_path):
    corpus = small_corpus(tmp_path)
    links = [
        Parallel(("a", "p1"), ("c", "p1"), 0.5, "paraphrase"),
        Parallel(("a", "p1"), ("b", "p1"), 0.9, "translation"),
        Parallel(("b", "p1"), ("c", "p1"), 0.9, "translation"),
    ]
    files = compare.view_files(compare.Views(corpus).by_passage(links))
    assert list(files) == ["api/compare/a/p1.json", "api/compare/b/p1.json"]
    assert list(json.loads(files["api/compare/a/p1.json"])) == ["a-p1--b-p1", "a-p1--c-p1"]
    assert list(json.loads(files["api/compare/b/p1.json"])) == ["b-p1--c-p1"]
    assert (
        compare.view_files(compare.Views(corpus).by_passage(links[::-1])) == files
    )  # order of the links does not matter


def test_script_finds_the_views_file_of_any_pair():
    """compare.js takes side A from a pair id with its PAIR pattern (also valid in Python)."""
    script = (ROOT / "src" / "lectern" / "assets" / "compare.js").read_text(encoding="utf-8")
    pattern = re.compile(re.search(r"const PAIR = /(.+)/;", script).group(1))
    for a, b in [(("a", "p1"), ("b", "p2a")), (("x-p1-y", "p10"), ("x-p1-y", "p12b")), (("p2", "p3"), ("p2-p3", "p1"))]:
        assert pattern.fullmatch(compare.pair_id(Parallel(a, b, 1, "quotation"))).groups() == a
    assert pattern.fullmatch("compare-passages") is None and pattern.fullmatch("a-p1") is None


def test_compare_page_is_one_page_with_a_message_without_scripts():
    page = compare.compare_page()
    assert compare.PAGE == "compare/index.md" and "# Compare passages\n" in page
    assert '<div class="lx-cmp-view" data-lx-views="../api/compare/"></div>' in page
    assert "<noscript><p>This page shows two passages side by side with a script" in page
    assert page.count('<a href="../parallels/">Parallels</a>') == 2


def test_curated_file_sets_the_threshold(tmp_path):
    path = tmp_path / "corpus" / "parallels.yml"
    path.parent.mkdir()
    path.write_text("threshold: 0.7\n", encoding="utf-8")
    assert parallels.load_curated(CORPUS, path).config == Config(threshold=0.7)
    path.write_text("links: []\nthreshold: 1.5\n", encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        parallels.load_curated(CORPUS, path)
    assert [str(p) for p in error.value.problems] == [
        "corpus/parallels.yml:2: threshold: Input should be less than or equal to 1"
    ]


def test_marker_and_panel_are_not_part_of_the_passage_text():
    s0 = CORPUS.source("000-strong-cyber-power")
    link = Parallel((s0.slug, "p2"), ("001-build-china-into-a-cyberpower", "p6"), 0.93, "quotation")
    html = compare.ParallelsAid(CORPUS, [link]).controls(s0, s0.passages[1])
    assert plain_text(f"<div>{html}<p>Text.</p></div>") == "Text."


def test_results_cached_under_other_calibration_weights_are_not_reused(tmp_path, monkeypatch):
    from lectern.parallels import cache

    path = tmp_path / "parallels.json"
    cache.write_cache(path, {"pairs": {"k": 1}})
    assert cache.read_cache(path)["pairs"] == {"k": 1}
    assert not list(tmp_path.glob("*.tmp"))  # the temporary file was renamed into place
    monkeypatch.setattr(scoring, "CROSS_CALIBRATION", {**scoring.CROSS_CALIBRATION, "bias": -1.0})
    assert cache.read_cache(path) == {}

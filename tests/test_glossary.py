"""The glossary: loading and validation (``file:line: problem``), matching on passage HTML, term pages."""

import json
import re
import textwrap
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lectern import termpages
from lectern.corpus import CorpusError, load_corpus
from lectern.glossary import load_glossary, plain_pinyin
from lectern.glossaryaid import GlossaryAid, passage_terms
from lectern.glossarymatch import Matcher
from lectern.language import mark_runs
from lectern.markup import plain_text
from lectern.render import source_page
from lectern.ruby import annotate
from test_corpus import GOOD, corpus_with
from test_render import assert_golden

GLOSSARY = """\
# a small glossary
- id: strong-cyber-power
  en: strong cyber power
  zh: 网络强国
  pinyin: wǎng luò qiáng guó
  variants: [cyber power, network power]
  definition: The goal of making China strong on the internet.
  note: |
    A *slogan* of 2014.

    See [the entry](https://example.org/).
  related: [strategy]
  first_use: {date: 2014-02-27, source: "a-speech#p1", text: first meeting}

- id: strategy
  en: strong cyber power strategy
  zh: 网络强国战略
  definition: The national strategy.
  related: [strong-cyber-power]

- id: party-centre
  en: Party Centre
  zh: 党中央
  zh_hant: 黨中央
  definition: The central leadership of the Party.
"""


def glossary_corpus(tmp_path, text=GLOSSARY, sources=None):
    root = corpus_with(tmp_path, sources or {"a-speech.md": GOOD})
    (root / "glossary.yml").write_text(text, encoding="utf-8")
    return root


def problems(tmp_path, text) -> list[str]:
    root = glossary_corpus(tmp_path, text)
    with pytest.raises(CorpusError) as caught:
        load_glossary(root, load_corpus(root))
    return [str(p) for p in caught.value.problems]


# --- loading ----------------------------------------------------------------------------------------


def test_glossary_loads_with_generated_and_checked_forms(tmp_path):
    root = glossary_corpus(tmp_path)
    glossary = load_glossary(root, load_corpus(root))
    assert [t.id for t in glossary.terms] == ["party-centre", "strong-cyber-power", "strategy"]  # by headword
    term = glossary.term("strong-cyber-power")
    assert term.zh_hant == "網絡強國"  # generated with OpenCC s2tw
    assert term.pinyin == ("wǎng", "luò", "qiáng", "guó")
    assert term.pinyin_words == "wǎngluò qiángguó" and term.pinyin_plain == "wangluo qiangguo"
    assert term.variants == ("cyber power", "network power")
    assert (
        term.note_html == '<p>A <em>slogan</em> of 2014.</p>\n<p>See <a href="https://example.org/">the entry</a>.</p>'
    )
    assert term.first_use.date == "2014-02-27" and term.first_use.source == "a-speech#p1"
    strategy = glossary.term("strategy")
    assert strategy.pinyin_words == "wǎngluò qiángguó zhànlüè"  # generated, grouped by words
    assert strategy.pinyin_plain == "wangluo qiangguo zhanlue"


def test_no_glossary_file_is_an_empty_glossary(tmp_path):
    root = corpus_with(tmp_path, {"a.md": GOOD})
    assert load_glossary(root).terms == ()


def test_plain_pinyin():
    assert plain_pinyin("lǜ xī'ān nǚ") == "lu xian nu"


def test_duplicate_id(tmp_path):
    text = GLOSSARY + "\n- id: strategy\n  en: another\n  zh: 另一个\n  definition: Another.\n"
    assert problems(tmp_path, text) == ["corpus/glossary.yml:27: duplicate id 'strategy' (first used on line 15)"]


def test_variant_claimed_by_two_terms(tmp_path):
    text = GLOSSARY.replace("  zh: 党中央\n", "  zh: 党中央\n  variants: [Network-Power]\n")
    assert problems(tmp_path, text) == [
        "corpus/glossary.yml:24: 'Network-Power' is already claimed by term 'strong-cyber-power' (line 6)"
    ]


def test_chinese_form_claimed_by_two_terms_in_either_script(tmp_path):
    text = GLOSSARY.replace("  zh: 党中央\n", "  zh: 党中央\n  variants: [網絡強國]\n")
    assert problems(tmp_path, text) == [
        "corpus/glossary.yml:24: '網絡強國' is already claimed by term 'strong-cyber-power' (line 4)"
    ]


def test_missing_definition(tmp_path):
    text = GLOSSARY.replace("  definition: The national strategy.\n", "")
    assert problems(tmp_path, text) == ["corpus/glossary.yml:15: term 'strategy': missing required field 'definition'"]


def test_definition_must_be_one_line(tmp_path):
    text = GLOSSARY.replace("  definition: The national strategy.\n", "  definition: |\n    Two\n    lines.\n")
    assert problems(tmp_path, text) == ["corpus/glossary.yml:18: term 'strategy': definition: must be one line"]


def test_unknown_related_id(tmp_path):
    text = GLOSSARY.replace("related: [strong-cyber-power]", "related: [strong-cyber-power, party-center]")
    assert problems(tmp_path, text) == [
        "corpus/glossary.yml:19: related id 'party-center' is not a term of the glossary (did you mean 'party-centre'?)"
    ]


def test_pinyin_that_does_not_match_the_characters(tmp_path):
    text = GLOSSARY.replace("wǎng luò qiáng guó", "wǎng luò qiáng guǒ")
    assert problems(tmp_path, text) == [
        "corpus/glossary.yml:5: pinyin does not match 网络强国: 'guǒ' is not a reading of 国 (its readings: guó)"
    ]


def test_pinyin_with_the_wrong_number_of_syllables(tmp_path):
    text = GLOSSARY.replace("wǎng luò qiáng guó", "wǎngluò qiángguó")
    assert problems(tmp_path, text) == [
        (
            "corpus/glossary.yml:5: pinyin gives 2 syllable(s) for the 4 character(s) of 网络强国: "
            "write one tone-marked syllable per character, separated by spaces"
        )
    ]


def test_traditional_form_is_checked(tmp_path):
    text = GLOSSARY.replace("zh_hant: 黨中央", "zh_hant: 黨中間")
    assert problems(tmp_path, text) == [
        "corpus/glossary.yml:24: zh_hant: '黨中間' is not a traditional form of '党中央' (its simplified form is '党中间')"
    ]


def test_unknown_key_and_unknown_first_use_source(tmp_path):
    text = GLOSSARY.replace("  related: [strong-cyber-power]\n", "  relatd: [strong-cyber-power]\n")
    text = text.replace('source: "a-speech#p1"', 'source: "a-speech#p9"')
    assert problems(tmp_path, text) == [
        "corpus/glossary.yml:13: first_use: a-speech has no passage 'p9'",
        "corpus/glossary.yml:19: term 'strategy': unknown key 'relatd' (did you mean 'related'?)",
    ]


def test_malformed_yaml(tmp_path):
    (problem,) = problems(tmp_path, GLOSSARY.replace("related: [strategy]", "related: [strategy"))
    assert problem.startswith("corpus/glossary.yml:13: malformed YAML: while parsing a flow sequence")


# --- matching ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    root = glossary_corpus(tmp_path_factory.mktemp("g"))
    return Matcher(load_glossary(root).terms)


def mark(matcher, html, marks="first"):
    return matcher.mark(html, marks)[0]


def term(tid, text):
    return f'<span class="lx-term" data-term="{tid}" tabindex="0">{text}</span>'


def test_english_case_hyphens_plurals_and_first_occurrence(matcher):
    html = "<p>A Cyber-Power, two cyber powers and one CYBERPOWER.</p>"
    assert (
        mark(matcher, html)
        == f"<p>A {term('strong-cyber-power', 'Cyber-Power')}, two cyber powers and one CYBERPOWER.</p>"
    )
    assert [(h.term, h.text) for h in matcher.find(html)] == [
        ("strong-cyber-power", "Cyber-Power"),
        ("strong-cyber-power", "cyber powers"),
        ("strong-cyber-power", "CYBERPOWER"),
    ]
    assert mark(matcher, html, "all") == (
        f"<p>A {term('strong-cyber-power', 'Cyber-Power')}, two {term('strong-cyber-power', 'cyber powers')} "
        f"and one {term('strong-cyber-power', 'CYBERPOWER')}.</p>"
    )


def test_whole_words_only(matcher):
    assert matcher.find("<p>hypercyber power, cyber powerful, networks powered</p>") == []


def test_longest_match_wins(matcher):
    html = "<p>The strong cyber power strategy and a cyber power.</p>"
    assert mark(matcher, html) == (
        f"<p>The {term('strategy', 'strong cyber power strategy')} and a {term('strong-cyber-power', 'cyber power')}.</p>"
    )


def test_not_inside_links_code_headings_or_notes(matcher):
    html = (
        '<p><a href="https://x.org/">cyber power</a> <code>cyber power</code> network'
        '<sup class="lx-fnref"><a href="#fn-1">1</a></sup> power</p><h2>cyber power</h2>'
    )
    assert [(h.text, h.left, h.right) for h in matcher.find(html)] == [
        ("network power", "cyber power cyber power ", "")
    ]
    assert mark(matcher, html) == html.replace(
        "network<sup", '<span class="lx-term" data-term="strong-cyber-power" tabindex="0">network<sup'
    ).replace(" power</p>", " power</span></p>")


def test_emphasis_inside_a_match_is_kept_whole(matcher):
    assert (
        mark(matcher, "<p>a <em>cyber</em> power</p>")
        == f"<p>a {term('strong-cyber-power', '<em>cyber</em> power')}</p>"
    )
    assert (
        mark(matcher, "<p><em>strong cyber</em> power strategy</p>")
        == f"<p>{term('strategy', '<em>strong cyber</em> power strategy')}</p>"
    )


def test_chinese_plain_text_in_either_script(matcher):
    html = mark_runs("<p>On 網絡強國 and 网络强国战略 and 党中央.</p>", "zh-Hans")
    assert mark(matcher, html) == (
        f'<p>On <span lang="zh-Hant">{term("strong-cyber-power", "網絡強國")}</span> and '
        f'<span lang="zh-Hans">{term("strategy", "网络强国战略")}</span> and '
        f'<span lang="zh-Hans">{term("party-centre", "党中央")}</span>.</p>'
    )


def ruby(*words):
    """Ruby markup as lectern.ruby writes it: words of (character, simplified or None, reading)."""

    def cell(ch, simple, py):
        data = f' data-s="{simple}"' if simple else ""
        return f'<span class="t1"{data}>{ch}</span><rt data-search-exclude>{py}</rt>'

    return "".join(
        f'<ruby class="lx-w" data-py="{" ".join(c[2] for c in w)}">{"".join(cell(*c) for c in w)}</ruby>' for w in words
    )


NET = [("網", "网", "wǎng"), ("絡", "络", "luò")]
STRONG = [("強", "强", "qiáng"), ("國", "国", "guó")]


def test_chinese_ruby_matches_whole_words(matcher):
    html = f"<p>{ruby(NET, STRONG)}，{ruby(NET + STRONG + [('論', '论', 'lùn')])}</p>"
    assert (
        mark(matcher, html)
        == f"<p>{term('strong-cyber-power', ruby(NET, STRONG))}，{ruby(NET + STRONG + [('論', '论', 'lùn')])}</p>"
    )
    assert [h.text for h in matcher.find(html)] == ["網絡強國"]  # not inside the word 網絡強國論


def test_chinese_ruby_in_links_and_readings_is_not_matched(matcher):
    linked = f'<p><a href="#x">{ruby(NET, STRONG)}</a> <rt>{ruby(NET, STRONG)}</rt></p>'
    assert matcher.find(linked) == []
    assert mark(matcher, linked) == linked
    html = f"<p>{ruby(NET, [('强', None, 'qiáng'), ('国', None, 'guó')])}</p>"  # simplified: no data-s
    assert [(h.text, h.start, h.end) for h in matcher.find(html)] == [
        ("網絡强国", 1, 5)
    ]  # after the block boundary of <p>


def test_chinese_match_across_a_language_span(tmp_path):
    text = GLOSSARY + "\n- id: internet-plus\n  en: Internet Plus\n  zh: 互联网+\n  definition: A programme.\n"
    m = Matcher(load_glossary(glossary_corpus(tmp_path, text)).terms)
    html = mark_runs("<p>“internet plus” (互联网+), a program</p>", "zh-Hans")
    plus = term("internet-plus", '<span lang="zh-Hans">互联网</span>+')
    assert mark(m, html, "all") == f"<p>“{term('internet-plus', 'internet plus')}” ({plus}), a program</p>"


def test_concordance_context(matcher):
    (hit,) = matcher.find("<p>" + "word " * 30 + "the cyber power of " + "more " * 30 + "</p>")
    assert hit.left == "… word word word word word word word word word word word the "
    assert hit.right == " of more more more more more more more more more more more …"


# --- property: marking never changes the text --------------------------------------------------------

PIECES = st.sampled_from(
    [
        "cyber power",
        "Cyber-Power",
        "strong cyber power strategy",
        "网络强国",
        "網絡強國",
        "党中央",
        "a",
        " ",
        "<",
        "&",
        '"',
        "。",
        "x",
        "战略",
        "😀",
    ]
)


def unmark(html: str) -> str:
    """``html`` without the ``span.lx-term`` elements (their content stays)."""
    out, stack = [], []
    for i, part in enumerate(re.split(r"(<[^>]*>)", html)):
        if i % 2 and part.startswith("<span"):
            stack.append('class="lx-term"' in part)
            if stack[-1]:
                continue
        elif i % 2 and part == "</span>" and stack.pop():
            continue
        out.append(part)
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=25))
def test_stripping_the_marks_gives_back_the_html(matcher, pieces):
    html = mark_runs("<p>" + escape("".join(pieces), quote=False) + "</p>", "zh-Hans")
    for marks in ("first", "all"):
        marked = mark(matcher, html, marks)
        assert plain_text(marked) == plain_text(html)
        assert unmark(marked) == html


@settings(max_examples=40, deadline=None)
@given(st.lists(PIECES, max_size=12))
def test_stripping_the_marks_gives_back_annotated_html(matcher, pieces):
    html = annotate(mark_runs("<p>" + escape("".join(pieces), quote=False) + "</p>", "zh-Hans"))
    marked = mark(matcher, html, "all")
    assert unmark(marked) == html
    stack = []  # open tags: a mark never opens inside a ruby word (it wraps whole words)
    for tag in re.findall(r"<(/?)(\w+)([^>]*)>", marked):
        if tag[0]:
            stack.pop()
        else:
            assert not (tag[1] == "span" and "lx-term" in tag[2] and "ruby" in stack)
            stack.append(tag[1])


# --- pages --------------------------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path):
    late = GOOD.replace("2014-02-27", "2018-04").replace(
        "First paragraph about 网络强国.[^1]", "The strong cyber power strategy: a cyber power[^1] again."
    )
    root = glossary_corpus(tmp_path, sources={"a-speech.md": GOOD, "b-later.md": late})
    corpus = load_corpus(root)
    glossary = load_glossary(root, corpus)
    aid = GlossaryAid(glossary)
    pages = {s.slug: source_page(s, None, (aid,)) for s in corpus.sources}
    return corpus, glossary, aid, pages


def test_page_end_lists_the_terms_of_the_page(built):
    pages = built[3]
    assert pages["a-speech"].endswith(
        '\n## Terms in this text\n\n<section class="lx-glossary" data-search-exclude>'
        '<div class="lx-gloss" id="lx-gloss-party-centre" data-term="party-centre"><p class="lx-gloss-head">'
        '<a class="lx-gloss-link" href="../../glossary/party-centre/"><span class="lx-gloss-en">Party Centre</span></a> '
        '<span class="lx-gloss-zh" lang="zh-Hans">党中央</span> <span class="lx-gloss-zht" lang="zh-Hant">黨中央</span> '
        '<span class="lx-gloss-py">dǎngzhōngyāng</span></p><p class="lx-gloss-def">The central leadership of the Party.</p></div>'
        '<div class="lx-gloss" id="lx-gloss-strong-cyber-power" data-term="strong-cyber-power"><p class="lx-gloss-head">'
        '<a class="lx-gloss-link" href="../../glossary/strong-cyber-power/"><span class="lx-gloss-en">strong cyber power</span></a> '
        '<span class="lx-gloss-zh" lang="zh-Hans">网络强国</span> <span class="lx-gloss-zht" lang="zh-Hant">網絡強國</span> '
        '<span class="lx-gloss-py">wǎngluò qiángguó</span></p><p class="lx-gloss-def">The goal of making China strong on the internet.</p></div>'
        "</section>\n\n"
    )


def test_term_page(built):
    corpus, glossary, aid, _ = built
    found = termpages.occurrences(corpus, aid.hits)
    assert_golden("term_page.md", termpages.term_page(glossary.term("strong-cyber-power"), glossary, corpus, found))


def test_glossary_index(built):
    corpus, glossary, aid, _ = built
    assert_golden("glossary_index.md", termpages.index_page(glossary, termpages.occurrences(corpus, aid.hits)))


def test_glossary_api_and_passage_terms(built):
    corpus, glossary, aid, _ = built
    api = json.loads(termpages.glossary_api(glossary, termpages.occurrences(corpus, aid.hits)))
    scp = next(t for t in api["terms"] if t["id"] == "strong-cyber-power")
    assert scp["occurrences"] == [
        {"source": "a-speech", "passage": "p1", "count": 1},
        {"source": "b-later", "passage": "p1", "count": 1},
    ]
    assert (
        scp["count"] == 2 and scp["pinyin_plain"] == "wangluo qiangguo" and scp["url"] == "glossary/strong-cyber-power/"
    )
    assert aid.passage_terms() == {
        ("a-speech", "p1"): ("strong-cyber-power",),
        ("a-speech", "p2"): ("party-centre",),
        ("b-later", "p1"): ("strategy", "strong-cyber-power"),
        ("b-later", "p2"): ("party-centre",),
    }
    assert passage_terms(glossary, corpus) == aid.passage_terms()


def test_readme_example_is_valid(tmp_path):
    """The example in README.md's Glossary section loads as it stands."""
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Glossary", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    root = glossary_corpus(tmp_path, textwrap.dedent(example))
    assert [t.id for t in load_glossary(root).terms]


def test_hidden_aid_records_occurrences_without_marking(built):
    """With the reading aids off (``show=False``), pages are plain but the concordance is whole."""
    corpus, glossary, shown, pages = built
    hidden = GlossaryAid(glossary, show=False)
    plain = {s.slug: source_page(s, None, (hidden,)) for s in corpus.sources}
    assert hidden.hits == shown.hits and hidden.hits
    assert plain == {s.slug: source_page(s) for s in corpus.sources}
    assert "lx-term" in pages["a-speech"]


def test_loading_the_glossary_loads_no_page_code():
    import subprocess
    import sys

    code = (
        "import sys, lectern.glossary; "
        "print(sorted(m for m in sys.modules if m.startswith('lectern.') and m.split('.')[1] in "
        "('render', 'ruby', 'glossarymatch', 'glossaryaid', 'termpages', 'publish')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_repeated_key_and_unreal_first_use_date_are_reported_at_their_lines(tmp_path):
    text = GLOSSARY.replace(
        "  definition: The national strategy.\n", "  definition: The national strategy.\n  en: again\n", 1
    )
    text = text.replace("first_use: {date: 2014-02-27,", "first_use: {date: 2014-02-30,")
    assert problems(tmp_path, text) == [
        (
            "corpus/glossary.yml:13: term 'strong-cyber-power': first_use.date: '2014-02-30' is not a real date "
            "(day is out of range for month)"
        ),
        "corpus/glossary.yml:19: key 'en' appears twice",
    ]

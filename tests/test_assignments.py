"""Assignments: loading, each bad-input case as ``file:line: problem``, ranges, vocabulary, exports."""

import csv
import io
import shutil
from pathlib import Path

import pytest

from lectern import handouts, render
from lectern.anchors import format_ledger
from lectern.assignments import Lexicon, VocabularyItem, chinese_words, load_assignments, word_pinyin
from lectern.corpus import CorpusError, load_corpus
from test_corpus import GOOD, corpus_with

TALK = """---
title: A Talk
date: 2018-04-20
language: en
kind: speech
speaker: Xi Jinping
published_in: Collected Talks
publisher: A Press
---

First.

Second.

Third.

Fourth.

Fifth.
"""

GOOD_ASSIGNMENT = """\
title: Week 1
course: Politics 101
audience: Year 2
instructions: |
  Read the *talk* and 网络强国.

  - then answer.
passages:
  - b-talk#p2-p4
  - a-speech#p2
  - a-speech#p1
questions:
  - What is **first**?
  - Why?
vocabulary: [cyber-power]
"""

TERMS = {"cyber-power": VocabularyItem("strong cyber power", "网络强国", "wǎngluò qiángguó", "A goal set in 2014.")}


def write(root: Path, files: dict[str, str]) -> Path:
    folder = root / "assignments"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def root(tmp_path) -> Path:
    return corpus_with(tmp_path, {"a-speech.md": GOOD, "b-talk.md": TALK})


def load(root: Path, files: dict[str, str], terms=TERMS):
    write(root, files)
    return load_assignments(load_corpus(root), Lexicon(terms=terms))


def problems(root: Path, files: dict[str, str], terms=TERMS) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        load(root, files, terms)
    return [str(p) for p in caught.value.problems]


def test_good_assignment_loads(root):
    (a,) = load(root, {"week-1.yml": GOOD_ASSIGNMENT})
    assert (a.slug, a.title, a.meta.course, a.meta.audience) == ("week-1", "Week 1", "Politics 101", "Year 2")
    assert [(s.source.slug, [p.id for p in s.passages], s.anchor, s.label) for s in a.selections] == [
        ("b-talk", ["p2", "p3", "p4"], "p2-p4", "passages 2–4"),
        ("a-speech", ["p2"], "p2", "passage 2"),
        ("a-speech", ["p1"], "p1", "passage 1"),
    ]
    assert a.instructions_html == "<p>Read the <em>talk</em> and 网络强国.</p>\n<ul>\n<li>then answer.</li>\n</ul>"
    assert a.questions_html == ("What is <strong>first</strong>?", "Why?")
    assert a.meta.vocabulary == ["cyber-power"]


def test_whole_source_and_several_files_sorted_by_slug(root):
    found = load(
        root, {"z.yml": "title: Z\npassages: [b-talk]\n", "a.yaml": "title: A\npassages: ['a-speech#p1-p2']\n"}
    )
    assert [a.slug for a in found] == ["a", "z"]
    assert [p.id for p in found[1].selections[0].passages] == ["p1", "p2", "p3", "p4", "p5"]


SHOWN = "corpus/assignments/x.yml"
BAD = {
    "unknown source": (
        "title: T\npassages:\n  - b-tlak#p1\n",
        f"{SHOWN}:3: unknown source 'b-tlak' (did you mean 'b-talk'?)",
    ),
    "unknown passage": (
        "title: T\npassages:\n  - b-talk#p1\n  - b-talk#p9\n",
        f"{SHOWN}:4: b-talk has no passage p9 (its passages are p1–p5)",
    ),
    "unknown end of range": (
        "title: T\npassages: ['b-talk#p2-p7']\n",
        f"{SHOWN}:2: b-talk has no passage p7 (its passages are p1–p5)",
    ),
    "reversed range": (
        "title: T\n\npassages:\n  - b-talk#p4-p2\n",
        f"{SHOWN}:4: reversed range p4-p2: p4 comes after p2 in b-talk; write p2-p4",
    ),
    "missing title": ("course: C\npassages: [b-talk]\n", f"{SHOWN}:1: missing required field 'title'"),
    "empty title": ("title: ''\npassages: [b-talk]\n", f"{SHOWN}:1: title: must not be empty"),
    "unknown glossary id": (
        "title: T\npassages: [b-talk]\nvocabulary:\n  - cyber-power\n  - cyber-pwoer\n",
        f"{SHOWN}:5: unknown glossary id 'cyber-pwoer' (did you mean 'cyber-power'?)",
    ),
    "not a reference": (
        "title: T\npassages: ['b-talk#3-5']\n",
        f"{SHOWN}:2: 'b-talk#3-5' is not a passage reference: write source-slug#p3-p5, source-slug#p3 or source-slug",
    ),
    "no passages": ("title: T\npassages: []\n", f"{SHOWN}:2: passages: list at least one passage or range"),
    "unknown key": (
        "title: T\npassages: [b-talk]\nquestion: [Why]\n",
        f"{SHOWN}:3: unknown key 'question' (did you mean 'questions'?)",
    ),
    "overlap": (
        "title: T\npassages:\n  - b-talk#p1-p3\n  - b-talk#p3\n",
        f"{SHOWN}:4: passage p3 of b-talk is already selected on line 3",
    ),
    "malformed YAML": ("title: T\npassages: [b-talk\n", f"{SHOWN}:3: malformed YAML: while parsing a flow sequence"),
    "key twice": ("title: T\npassages: [b-talk]\ntitle: U\n", f"{SHOWN}:3: key 'title' appears twice"),
    "not a mapping": ("- b-talk\n", f"{SHOWN}:1: an assignment must be a mapping of keys to values (title: …)"),
    "unsafe link": (
        "title: T\npassages: [b-talk]\nquestions:\n  - See [this](javascript:alert(1)).\n",
        f"{SHOWN}:4: link target 'javascript:alert(1)' is not http(s), mailto or relative",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_assignment_names_file_and_line(root, case):
    text, message = BAD[case]
    found = problems(root, {"x.yml": text})
    assert any(p.startswith(message) for p in found), found


def test_every_problem_is_reported_at_once(root):
    text = "title: T\npassages:\n  - b-talk#p5-p1\n  - nowhere#p1\nvocabulary: [nothing]\n"
    assert problems(root, {"x.yml": text, "y.yml": "passages: [b-talk]\n"}) == [
        f"{SHOWN}:3: reversed range p5-p1: p5 comes after p1 in b-talk; write p1-p5",
        f"{SHOWN}:4: unknown source 'nowhere'; sources: a-speech, b-talk",
        f"{SHOWN}:5: unknown glossary id 'nothing'",
        "corpus/assignments/y.yml:1: missing required field 'title'",
    ]


def test_without_a_glossary_every_glossary_id_is_unknown(root):
    assert problems(root, {"x.yml": "title: T\npassages: [b-talk]\nvocabulary: [cyber-power]\n"}, terms={}) == [
        f"{SHOWN}:3: unknown glossary id 'cyber-power'"
    ]


def test_a_range_follows_reading_order_and_survives_an_insertion(root):
    """``p2-p3`` still names the same texts after a passage is inserted before it, and includes
    one inserted inside it (``p2a``), by the anchor ledger rule."""
    write(root, {"r.yml": "title: R\npassages: ['b-talk#p2-p3', 'b-talk#p4']\n"})
    source = load_corpus(root).source("b-talk")
    ledger = root / "anchors" / "b-talk.txt"
    ledger.parent.mkdir()
    ledger.write_text(format_ledger(source.anchors.ledger, {p.id: p.text for p in source.passages}), encoding="utf-8")
    (before,) = load_assignments(load_corpus(root))
    path = root / "sources" / "b-talk.md"
    path.write_text(
        path.read_text().replace("First.\n", "Zeroth.\n\nFirst.\n").replace("Second.\n", "Second.\n\nInserted.\n")
    )
    (after,) = load_assignments(load_corpus(root))
    assert [p.text for p in before.selections[0].passages] == ["Second.", "Third."]
    assert [(p.id, p.text) for p in after.selections[0].passages] == [
        ("p2", "Second."),
        ("p2a", "Inserted."),
        ("p3", "Third."),
    ]
    assert (
        [p.text for p in after.selections[1].passages] == [p.text for p in before.selections[1].passages] == ["Fourth."]
    )


def test_a_deleted_passage_is_named_as_deleted(root):
    source = load_corpus(root).source("b-talk")
    (root / "anchors").mkdir()
    (root / "anchors" / "b-talk.txt").write_text(format_ledger(source.anchors.ledger, {}), encoding="utf-8")
    path = root / "sources" / "b-talk.md"
    path.write_text(path.read_text().replace("Third.\n\n", ""))
    assert problems(root, {"x.yml": "title: T\npassages: ['b-talk#p3']\n"}) == [
        f"{SHOWN}:2: passage p3 of b-talk was deleted from the source; choose the passages again"
    ]


def test_assignment_ranges_in_the_real_corpus_survive_an_edit(tmp_path):
    """The seed assignment's ranges name the same texts after a paragraph is inserted before them."""
    from conftest import ROOT

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    texts = lambda: [[p.text for p in s.passages] for a in load_assignments(load_corpus(corpus)) for s in a.selections]  # noqa: E731
    before = texts()
    path = corpus / "sources" / "003-strengthen-cyber-capabilities.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\n\nFirst, we have clarified", "\n\nAn inserted paragraph.\n\nFirst, we have clarified", 1)
    )
    assert load_corpus(corpus).source(path.stem).passages[1].id == "p1a"
    assert texts() == before and len(before[0]) == 3


# --- vocabulary ----------------------------------------------------------------------------------

WORDS = [
    ("网络", ("wǎng", "luò")),
    ("的", ("de",)),
    ("西安", ("xī", "ān")),
    ("5G", (None, None)),
    ("网络", ("wǎng", "luò")),
]


def test_chinese_words_come_once_each_without_particles_or_words_without_readings():
    assert chinese_words(WORDS) == [("网络", "wǎngluò"), ("西安", "xī'ān")]
    assert chinese_words([("重", ("chóng",)), ("重", ("zhòng",))]) == [("重", "chóng")]  # the first reading shown


def test_vocabulary_words_are_the_ruby_words_of_the_passage(root, tmp_path):
    """What a vocabulary list reads (Annotator.spoken) is what the page shows (Annotator.annotate),
    editorial reading overrides included."""
    import re

    from lectern.ruby import Annotator

    annotator = Annotator(tmp_path / "readings.json")
    corpus = load_corpus(root)
    passages = [p for s in corpus.sources for p in s.passages if "<rt" in annotator.annotate(render.body_html(p))]
    assert passages
    for p in passages:
        html = annotator.annotate(render.body_html(p), dict(p.readings))
        shown = [
            ("".join(re.findall(r">([^<])</span><rt", m.group(2))), tuple(m.group(1).split()))
            for m in re.finditer(r'<ruby class="lx-w" data-py="([^"]*)">(.*?)</ruby>', html)
        ]
        spoken = [(w, tuple(s for s in syllables if s)) for w, syllables in render.passage_words(p, annotator)]
        assert spoken == shown
    overridden = annotator.spoken("<p>重要</p>", {0: "chóng"})
    assert overridden[0][1][0] == "chóng"


@pytest.mark.parametrize(
    ("syllables", "word"),
    [
        (["xī", "ān"], "xī'ān"),
        (["wǎng", "luò"], "wǎngluò"),
        (["Ēi", "ǒu"], "Ēi'ǒu"),
        ([], ""),
        (["xìn", "xī", "huà"], "xìnxīhuà"),
        (["xìn", "xī", "ān", "quán"], "xìnxī ānquán"),  # a compound of four: its two words, as the glossary writes them
        (["zhōng", "huá", "rén", "mín", "gòng", "hé", "guó"], "zhōnghuá rénmín gònghéguó"),
    ],
)
def test_word_pinyin(syllables, word):
    assert word_pinyin(syllables) == word


@pytest.mark.parametrize(
    ("chinese", "syllables", "written"),
    [
        # GB/T 16159-2012, 6.1.10: a four-syllable idiom that divides into two halves is hyphenated…
        ("千载难逢", ["qiān", "zǎi", "nán", "féng"], "qiānzǎi-nánféng"),  # CC-CEDICT: "(idiom)"
        ("风平浪静", ["fēng", "píng", "làng", "jìng"], "fēngpíng-làngjìng"),
        ("胸有成竹", ["xiōng", "yǒu", "chéng", "zhú"], "xiōngyǒu-chéngzhú"),  # "(idiom) to have…"
        ("高瞻遠矚", ["gāo", "zhān", "yuǎn", "zhǔ"], "gāozhān-yuǎnzhǔ"),  # traditional: looked up simplified
        ("审时度势", ["shěn", "shí", "duó", "shì"], "shěnshí-duóshì"),  # data/idioms.txt: CC-CEDICT has no "(idiom)"
        (
            "三十而立",
            ["sān", "shí", "ér", "lì"],
            "sānshí-érlì",
        ),  # "(idiom, from Confucius)": no apostrophe at the hyphen
        # …one that does not divide is written as one word (data/idioms.txt)…
        ("总而言之", ["zǒng", "ér", "yán", "zhī"], "zǒng'éryánzhī"),
        ("一衣带水", ["yī", "yī", "dài", "shuǐ"], "yīyīdàishuǐ"),
        # …and a compound of four syllables is still its two words.
        ("网络安全", ["wǎng", "luò", "ān", "quán"], "wǎngluò ānquán"),
        ("一带一路", ["yī", "dài", "yī", "lù"], "yīdài yīlù"),
    ],
)
def test_four_syllable_idioms_are_hyphenated_between_their_halves(chinese, syllables, written):
    assert word_pinyin(syllables, chinese) == written


def test_the_vocabulary_lists_an_idiom_hyphenated():
    """The printed vocabulary (and its CSV and Anki files) takes its pinyin from chinese_words."""
    words = [
        ("千载难逢", ("qiān", "zǎi", "nán", "féng")),
        ("机遇", ("jī", "yù")),
        ("網絡安全", ("wǎng", "luò", "ān", "quán")),
    ]
    assert chinese_words(words) == [("千载难逢", "qiānzǎi-nánféng"), ("机遇", "jīyù"), ("網絡安全", "wǎngluò ānquán")]


def test_vocabulary_puts_focus_then_terms_then_words_with_glosses(root):
    from lectern.assignments import vocabulary

    corpus = load_corpus(root)
    source = corpus.source("a-speech")
    terms = {
        **TERMS,
        "xian": VocabularyItem("Xi'an", "西安", "xī'ān", "A city."),
        "other": VocabularyItem("other", "", "", "x"),
    }
    lexicon = Lexicon(
        terms=terms, terms_in=lambda s, p: ["xian"] if p.id == "p1" else [], gloss={"网络": "network"}.get
    )
    other = [w for w in WORDS if w[0] != "网络"]  # the words are those given, not read from the passage
    items = vocabulary([(source, source.passages[0], WORDS), (source, source.passages[1], other)], lexicon, ["other"])
    assert items == [terms["other"], terms["xian"], VocabularyItem("", "网络", "wǎngluò", "network")]


def test_vocabulary_words_of_four_syllables_are_written_as_the_glossary_writes_them(root):
    """信息安全 as a word of the text is xìnxī ānquán, as the glossary writes 网络安全 wǎngluò ānquán
    (both through language.word_pinyin), never xìnxī'ānquán."""
    from lectern.glossary import load_glossary

    (tmp := root / "glossary.yml").write_text(
        "- id: cybersecurity\n  en: cybersecurity\n  zh: 网络安全\n  definition: Security of networks.\n",
        encoding="utf-8",
    )
    (term,) = load_glossary(root, load_corpus(root)).terms
    assert tmp.is_file() and term.pinyin_words == "wǎngluò ānquán"
    words = [("信息安全", ("xìn", "xī", "ān", "quán")), ("信息化", ("xìn", "xī", "huà"))]
    assert [p for _, p in chinese_words(words)] == ["xìnxī ānquán", "xìnxīhuà"]


def test_words_inside_a_listed_term_are_not_listed_again_in_either_script():
    from lectern.assignments import combine

    words = [VocabularyItem("network", w, "", "") for w in ("网络", "強國", "安全", "网络", "網絡強國")]
    items = combine(["cyber-power", "cyber-power", "unknown"], words, TERMS)
    assert items == [TERMS["cyber-power"], VocabularyItem("network", "安全", "", "")]


def test_a_word_gets_the_dictionarys_headword_and_a_traditional_word_a_traditional_gloss():
    import json

    from lectern.dictionary import entry_lookup, gloss_lookup, headword_lookup

    api = json.dumps(
        {
            "网络": {"wǎng luò": {"g": ["network (computing, telecommunications, transport etc)", "Internet"]}},
            "吹响": {"chuī xiǎng": {"c": [["吹", "chuī", ["to blow"]], ["响", "xiǎng", ["echo", "sound"]]]}},
            "号角": {"hào jiǎo": {"g": ["bugle horn; see 号"]}},
        },
        ensure_ascii=False,
    )
    entry = entry_lookup(api)
    assert entry("网络") == ("network", "network (computing, telecommunications, transport etc); Internet")
    assert entry("網絡") == entry("网络")  # found by its simplified form
    assert entry("吹响") == ("to blow + echo", "吹: to blow; 响: echo; sound")
    assert entry("吹響") == ("to blow + echo", "吹: to blow; 響: echo; sound")
    assert entry("號角") == ("bugle horn", "bugle horn; see 號")
    assert entry("5G") is None and entry("没有") is None
    assert gloss_lookup(api)("吹響") == "吹: to blow; 響: echo; sound" and headword_lookup(api)("网络") == "network"


def test_vocabulary_lines_of_other_words_carry_the_dictionarys_headword(root):
    from lectern.assignments import vocabulary

    corpus = load_corpus(root)
    source = corpus.source("a-speech")
    lexicon = Lexicon(terms=TERMS, gloss={"西安": "Xi'an (city)"}.get, headword={"西安": "Xi'an"}.get)
    items = vocabulary([(source, source.passages[0], WORDS)], lexicon)
    assert items == [
        VocabularyItem("", "网络", "wǎngluò", ""),
        VocabularyItem("Xi'an", "西安", "xī'ān", "Xi'an (city)"),
    ]


def test_the_slug_shared_is_reserved_for_shared_links(root):
    assert problems(root, {"shared.yml": GOOD_ASSIGNMENT}) == [
        (
            "corpus/assignments/shared.yml:1: the slug 'shared' is reserved for the page that opens assignments "
            "shared by link: rename the file"
        )
    ]


# --- exports ---------------------------------------------------------------------------------------

ITEMS = [
    VocabularyItem("strong cyber power", "网络强国", "wǎngluò qiángguó", 'A goal, "set" in 2014'),
    VocabularyItem("", "信息化", "xìnxīhuà", ""),
    VocabularyItem("tab\there", "", "", "a <b> & c\nnext"),
]


def test_csv_export_bytes():
    assert handouts.vocabulary_csv(ITEMS) == (
        "\ufeffheadword,chinese,pinyin,definition\r\n"
        'strong cyber power,网络强国,wǎngluò qiángguó,"A goal, ""set"" in 2014"\r\n'
        ",信息化,xìnxīhuà,\r\n"
        'tab\there,,,"a <b> & c\nnext"\r\n'
    ).encode("utf-8")
    rows = list(csv.reader(io.StringIO(handouts.vocabulary_csv(ITEMS).decode("utf-8-sig"), newline="")))
    assert rows[1] == ["strong cyber power", "网络强国", "wǎngluò qiángguó", 'A goal, "set" in 2014']


def test_anki_export_bytes():
    assert (
        handouts.vocabulary_anki(ITEMS, "week-1")
        == (
            "#separator:tab\n#html:true\n#tags:week-1\n"
            '网络强国\twǎngluò qiángguó<br>strong cyber power; A goal, "set" in 2014\n'
            "信息化\txìnxīhuà\n"
            "tab here\ta &lt;b&gt; &amp; c next\n"
        ).encode()
    )
    notes = [
        line.split("\t") for line in handouts.vocabulary_anki(ITEMS).decode().splitlines() if not line.startswith("#")
    ]
    assert all(len(n) == 2 for n in notes) and len(notes) == 3


# --- citations and pages -----------------------------------------------------------------------------


def test_citation_is_chicago_style(root):
    corpus = load_corpus(root)
    assert handouts.citation(corpus.source("b-talk")) == (
        "Xi Jinping. “A Talk.” Speech, April 20, 2018. In Collected Talks. A Press."
    )
    assert handouts.citation(corpus.source("a-speech")) == "Xi Jinping. “A Speech.” February 27, 2014."


def test_citation_data_is_on_the_page_once_per_source(root):
    (a,) = load(root, {"week-1.yml": GOOD_ASSIGNMENT})
    end = handouts.Citations().page_end(a.passages)
    assert end == (
        '<div class="lx-cite-data" hidden data-source="a-speech" data-href="../../sources/a-speech/" '
        'data-cite="Xi Jinping. “A Speech.” February 27, 2014."></div>'
        '<div class="lx-cite-data" hidden data-source="b-talk" data-href="../../sources/b-talk/" '
        'data-cite="Xi Jinping. “A Talk.” Speech, April 20, 2018. In Collected Talks. A Press."></div>'
    )


def test_assignment_page(root):
    (a,) = load(root, {"week-1.yml": GOOD_ASSIGNMENT})
    page = handouts.assignment_page(a, None, (handouts.Citations(),), [TERMS["cyber-power"]])
    lines = page.split("\n")
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Week 1",
        "## Instructions",
        "## Reading",
        "### A Talk, passages 2–4",
        "### A Speech, passage 2",
        "### A Speech, passage 1",
        "## Questions",
        "## Vocabulary",
    ]
    blocks = [line for line in lines if line.startswith("<")]
    assert all(line.endswith(">") for line in blocks)  # one-line HTML blocks
    assert '<a href="../../sources/b-talk/#p2-p4">Read passages 2–4 in the whole text</a>' in page
    assert page.count('class="lx-passage"') == 5 and 'id="b-talk-p3"' in page
    assert '<a class="lx-pn" href="../../sources/b-talk/#p3" title="Link to passage 3">3</a>' in page
    # the note reference of a-speech p1 points at the note on the source page, without a page-level id
    assert '<a href="../../sources/a-speech/#fn-1" aria-label="Note 1">1</a>' in page and "fnref-1" not in page
    assert '<ol class="lx-questions"><li>What is <strong>first</strong>?</li><li>Why?</li></ol>' in page
    assert '<td>strong cyber power</td><td lang="zh-Hans">网络强国</td><td>wǎngluò qiángguó</td>' in page
    assert '<a href="vocabulary.csv" download>' in page and '<a href="vocabulary-anki.txt" download>' in page
    assert page.rstrip().endswith("</div>") and 'data-source="b-talk" data-href' in page


def test_assignment_page_escapes_its_text(root):
    text = 'title: "<script>alert(1)</script>"\ncourse: "<b>c</b>"\npassages: [b-talk#p1]\nquestions: ["<img src=x onerror=alert(1)>"]\n'
    (a,) = load(root, {"x.yml": text})
    page = handouts.assignment_page(a, None, (), []).split("\n---\n", 1)[1]  # the front matter is YAML, not HTML
    assert "<script>" not in page and "<img" not in page and "<b>c" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_assignments_index(root):
    found = load(root, {"week-1.yml": GOOD_ASSIGNMENT})
    index = handouts.assignments_index(found)
    assert '<td><a href="week-1/">Week 1</a></td><td>Politics 101</td><td>Year 2</td>' in index
    assert "A Talk, passages 2–4; A Speech, passage 2; A Speech, passage 1" in index
    assert "No assignments yet" in handouts.assignments_index(())


def test_passage_html_carries_its_source_for_scripts(root):
    source = load_corpus(root).source("b-talk")
    assert render.passage_html(source, source.passages[0]) == (
        '<div class="lx-passage" id="p1" data-source="b-talk" data-pid="p1" data-n="1">'
        '<a class="lx-pn" href="#p1" title="Link to passage 1">1</a><p>First.</p></div>'
    )


def test_assignment_page_golden(root, tmp_path):
    """The whole page, with pinyin, compared with a reviewed file (UPDATE_GOLDEN=1 rewrites it)."""
    from lectern.ruby import Annotator
    from test_render import assert_golden

    (a,) = load(root, {"week-1.yml": GOOD_ASSIGNMENT})
    annotator = Annotator(tmp_path / "readings.json")
    lexicon = Lexicon(terms=TERMS, gloss={"習近平": "Xi Jinping"}.get)
    items = handouts.assignment_vocabulary(a, annotator, lexicon)
    assert items[0] == TERMS["cyber-power"] and ("習近平", "Xi Jinping") in [(i.chinese, i.definition) for i in items]
    assert_golden("assignment_page.md", handouts.assignment_page(a, annotator, (handouts.Citations(),), items))

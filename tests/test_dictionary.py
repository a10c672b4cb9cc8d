"""The popup dictionary: CC-CEDICT parsing, choice of entries and glosses, words read from pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import ROOT
from lectern import dictionary, publish
from lectern.dictionary import Dictionary, Entry, Word
from lectern.ruby import Annotator

LINES = [
    "# CC-CEDICT test lines",
    "強 强 [Qiang2] /surname Qiang/",
    "強 强 [qiang2] /strong/powerful/better/slightly more than/",
    "強 强 [qiang3] /to force/to compel/",
    "強國 强国 [qiang2 guo2] /powerful country/great power/",
    "網絡 网络 [Wang3 luo4] /Internet/",
    "網絡 网络 [wang3 luo4] /network (computing, telecommunications, transport etc)/CL:張|张[zhang1],個|个[ge4]/",
    "網 网 [wang3] /net/network/",
    "安全 安全 [an1 quan2] /safe; secure/safety; security/",
    "行長 行长 [hang2 zhang3] /bank president/",
    "綠 绿 [lu:4] /green/",
    "爲 为 [wei2] /variant of 為|为[wei2]/",
    "not a line",
]


@pytest.fixture(scope="module")
def small() -> Dictionary:
    return Dictionary.from_lines(LINES)


def word(simplified: str, traditional: str, *syllables: str | None) -> Word:
    return Word(simplified, traditional, " ".join(s for s in syllables if s), syllables)


def test_entry_keeps_senses_whole_and_writes_tone_marks():
    assert dictionary.parse_entry("綠 绿 [lu:4] /green/") == Entry("綠", "绿", "lǜ", ("green",))
    assert dictionary.parse_entry(LINES[8]) == Entry("安全", "安全", "ān quán", ("safe; secure", "safety; security"))
    assert dictionary.parse_entry("# comment /x/") is None
    assert dictionary.parse_entry("not a line") is None


def test_one_parser_reads_cedict_lines_for_the_popups_and_the_readings():
    from lectern import cedict

    assert cedict.parse_line("便宜 便宜 [pian2 yi5] /cheap/petty advantage/") == cedict.Line(
        "便宜", "便宜", "pian2 yi5", ("cheap", "petty advantage")
    )
    assert cedict.parse_line("#! version=1") is None and cedict.parse_line("便宜 便宜 pian2 /x/") is None
    # the readings table is the same pattern over the whole file: each entry of 便宜 is a reading
    lines = [line for line in cedict.text().splitlines() if line.split(" ")[1:2] == ["便宜"]]
    assert [p.pinyin.split() for p in map(cedict.parse_line, lines)] == [list(r) for r in cedict.readings("便宜")]
    assert dictionary.marks("nu:3 er2 men5") == "nǚ ér men"


def test_entry_with_the_pages_reading_common_word_before_names(small):
    assert small.entry(word("网络", "網絡", "wǎng", "luò")) == {
        "g": ["network (computing, telecommunications, transport etc)", "Internet"]  # no CL: line
    }
    assert small.entry(word("强", "強", "qiǎng")) == {"g": ["to force", "to compel"]}
    assert small.entry(word("强", "強", "qiáng")) == {"g": ["strong", "powerful", "better"]}  # three at most


def test_another_reading_is_named(small):
    assert small.entry(word("行长", "行長", "xíng", "zhǎng")) == {"g": ["bank president"], "d": "háng zhǎng"}


def test_found_by_traditional_form_and_noise_kept_when_it_is_all_there_is(small):
    assert small.entry(word("绿", "綠", "lǜ")) == {"g": ["green"]}
    assert small.entry(word("为", "爲", "wéi")) == {"g": ["variant of 为"]}  # reference reduced to its simplified form


def test_missing_word_falls_back_to_its_longest_known_parts(small):
    assert small.entry(word("网络安全", "網絡安全", "wǎng", "luò", "ān", "quán")) == {
        "c": [
            ["网络", "wǎng luò", ["network (computing, telecommunications, transport etc)", "Internet"]],
            ["安全", "ān quán", ["safe; secure", "safety; security"]],
        ]
    }
    # Characters at worst; a character CC-CEDICT lacks keeps its reading; non-Han characters are left out.
    assert small.entry(word("A网鍂", "A網鍂", None, "wǎng", "jiān")) == {
        "c": [
            ["网", "wǎng", ["net", "network"]],
            ["鍂", "jiān", []],
        ]
    }
    assert small.entry(word("鍂", "鍂", "jiān")) == {"g": []}


def test_glosses_are_short_and_unique():
    long = "to make an effort; to try hard; to strive; to do one's best; to exert oneself; to endeavour"
    assert dictionary.glosses([long, "CL:個|个[ge4]", "to try hard", "to try hard"]) == [
        "to make an effort; to try hard; to strive; to do one's best",
        "to try hard",
    ]
    assert dictionary.glosses(["x" * 30 + " " + "y" * 40]) == ["x" * 30 + "…"]


RANKED = [
    "同志 同志 [tong2 zhi4] /(slang) homosexual/comrade/CL:個|个[ge4]/",
    "后 后 [hou4] /empress/queen/",
    "後 后 [hou4] /back/behind/",
    "幹 干 [gan4] /to kill (slang)/(coll.) pissed off/classifier for things/to do/surname Gan/",
    "則 则 [ze2] /(literary) then/(bound form) standard/",
    "和 和 [he2] /(joining two nouns) and; with (Taiwan pr. [han4])/(Tw) sum/",
    "嘿 嘿 [hei1] /(dialect) hey/(old) ho/",
]


def test_plain_senses_before_marked_ones_otherwise_in_cedict_order():
    ranked = Dictionary.from_lines(RANKED)
    assert ranked.senses("同志", "同志", "tóng zhì", 3) == (["comrade", "(slang) homosexual"], None)
    assert ranked.senses("干", "幹", "gàn", 5) == (
        ["to do", "to kill (slang)", "(coll.) pissed off", "classifier for things", "surname Gan"],
        None,
    )
    # (literary) is political prose's own register; "Taiwan pr." only gives a pronunciation.
    assert ranked.senses("则", "則", "zé", 3)[0] == ["(literary) then", "(bound form) standard"]
    assert ranked.senses("和", "和", "hé", 3)[0] == ["(joining two nouns) and; with (Taiwan pr. [han4])", "(Tw) sum"]
    assert ranked.senses("嘿", "嘿", "hēi", 3)[0] == ["(dialect) hey", "(old) ho"]  # all marked: order kept


def test_entries_of_the_pages_traditional_form_first():
    ranked = Dictionary.from_lines(RANKED)
    assert ranked.senses("后", "後", "hòu", 3)[0] == ["back", "behind", "empress"]
    assert ranked.senses("后", "后", "hòu", 3)[0] == ["empress", "queen", "back"]


def test_editorial_moves_put_named_senses_first_or_last():
    assert dictionary.editorial_moves()["把", "bǎ"] == {
        "(used to put the object before the verb": -1,
        "to hold a baby in position": 1,
    }
    assert dictionary.glosses(
        ["a", "to hold a baby in position", "b", "(used to put the object before the verb)"],
        dictionary.editorial_moves()["把", "bǎ"],
    ) == ["(used to put the object before the verb)", "a", "b", "to hold a baby in position"]


RUBY = (
    '<p>The <span lang="zh-Hans"><ruby class="lx-w" data-py="wǎng luò"><span class="t3" data-t="網">网</span>'
    '<rt data-search-exclude>wǎng</rt><span class="t4" data-t="絡">络</span><rt data-search-exclude>luò</rt></ruby>'
    '</span> and <span lang="zh-Hant"><ruby class="lx-w" data-py="gǔ">A<span class="t3">股</span>'
    '<rt data-search-exclude>gǔ</rt></ruby><ruby class="lx-w" data-py="wǎng luò"><span class="t3" data-s="网">網</span>'
    '<rt data-search-exclude>wǎng</rt><span class="t4" data-s="络">絡</span><rt data-search-exclude>luò</rt></ruby></span>'
    "<ruby>no<rt>not ours</rt></ruby></p>"
)


def page_words(pages: list[str]) -> list[Word]:
    """The words of ``ruby.lx-w`` elements on pages, read with BeautifulSoup (independently of lectern)."""
    words = set()
    for page in pages:
        for ruby in BeautifulSoup(page, "html.parser").select("ruby.lx-w"):
            chars = []  # (simplified, traditional, syllable)
            for node in ruby.children:
                if isinstance(node, NavigableString):
                    chars += [(ch, ch, None) for ch in node]
                elif node.name == "span":
                    ch = node.get_text()
                    rt = node.find_next_sibling("rt")
                    chars.append((node.get("data-s", ch), node.get("data-t", ch), rt.get_text()))
            words.add(
                Word(
                    "".join(c[0] for c in chars),
                    "".join(c[1] for c in chars),
                    ruby["data-py"],
                    tuple(c[2] for c in chars),
                )
            )
    return sorted(words)


def test_the_annotator_records_each_word_it_writes_as_the_page_shows_it():
    annotator = Annotator()
    html = annotator.annotate("<p>The 網絡 and <em>A股</em> and 网络</p>")
    recorded = sorted({dictionary.word(*w) for w in annotator.written})  # 網絡 and 网络 are one word
    assert recorded == [
        Word("A股", "A股", "gǔ", (None, "gǔ")),
        Word("网络", "網絡", "wǎng luò", ("wǎng", "luò")),
    ]
    assert recorded == page_words([html])
    assert page_words([RUBY]) == [
        Word("A股", "A股", "gǔ", (None, "gǔ")),
        Word("网络", "網絡", "wǎng luò", ("wǎng", "luò")),
    ]


def test_real_cedict_entries():
    built = dictionary.build(
        [
            word("网络", "網絡", "wǎng", "luò"),
            word("为", "為", "wèi"),
            word("为", "為", "wéi"),
            word("强国", "強國", "qiáng", "guó"),
            word("信息安全", "信息安全", "xìn", "xī", "ān", "quán"),
        ]
    )
    assert built == {
        "为": {
            "wèi": {"g": ["because of", "for", "to"]},
            "wéi": {"g": ["as (in the capacity of)", "to take sth as", "to act as"]},
        },
        "强国": {
            "qiáng guó": {
                "g": ["powerful country", "great power", "(ironically) mainland China (Taiwan & Hong Kong usage)"]
            }
        },
        "信息安全": {
            "xìn xī ān quán": {
                "c": [
                    ["信息", "xìn xī", ["information", "news"]],
                    ["安全", "ān quán", ["safe; secure", "safety; security"]],
                ]
            }
        },
        "网络": {"wǎng luò": {"g": ["network (computing, telecommunications, transport etc)", "Internet"]}},
    }


def test_real_cedict_senses_ranked_for_political_prose():
    built = dictionary.build(
        [
            word("同志", "同志", "tóng", "zhì"),
            word("把", "把", "bǎ"),
            word("后", "後", "hòu"),
            word("当", "當", "dāng"),
            word("于", "於", "yú"),
            word("干部", "幹部", "gàn", "bù"),
            word("干", "幹", "gàn"),
        ]
    )
    assert {w: entry[next(iter(entry))]["g"] for w, entry in built.items()} == {
        "同志": ["comrade", "(slang) homosexual"],
        "把": ["(used to put the object before the verb: 把 + {noun} +…", "to hold; to grasp", "handlebar"],
        "后": ["back", "behind", "rear"],  # 後, not 后 "empress"
        "当": ["to be", "to act as", "manage"],  # 當, not 噹 "(onom.) dong"
        "于": [
            "(of time or place) in; at; on",
            "(indicating any indirect relation) to; toward; vis-à-vis",
            "(indicating a source) from; out of",
        ],
        "干部": ["cadre", "official", "officer"],
        "干": ["tree trunk", "main part of sth", "to manage"],
    }


def test_api_is_deterministic_and_cached(tmp_path: Path, monkeypatch):
    words = page_words([RUBY])
    first = dictionary.api(words, tmp_path / "dictionary.json")
    assert first == dictionary.api(list(reversed(words)) + words)  # same words, any order, same bytes
    assert json.loads(first) == {
        "A股": {"gǔ": {"c": [["股", "gǔ", ["thigh", "part of a whole"]]]}},
        "网络": {"wǎng luò": {"g": ["network (computing, telecommunications, transport etc)", "Internet"]}},
    }
    assert first.endswith("}\n") and '": ' not in first and '", "' not in first  # compact

    def must_not_load():
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(dictionary, "cedict_text", must_not_load)
    assert dictionary.api(words, tmp_path / "dictionary.json") == first  # same words: no dictionary
    with pytest.raises(AssertionError, match="cache"):  # other words: the dictionary is read again
        dictionary.api(page_words([RUBY.replace('data-py="gǔ"', 'data-py="gū"')]), tmp_path / "dictionary.json")


@pytest.mark.build  # plans the whole site
def test_plan_ships_the_dictionary_only_with_reading_aids():
    assert "api/dictionary.json" not in publish.plan(ROOT / "corpus", annotate=False).files


def test_built_site_dictionary_covers_every_word(site_dir: Path):
    shipped = json.loads((site_dir / "api" / "dictionary.json").read_text(encoding="utf-8"))
    pages = [p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))]
    views = [
        view["html"]
        for f in sorted((site_dir / "api" / "compare").rglob("*.json"))
        for view in json.loads(f.read_text(encoding="utf-8")).values()
    ]  # the compare page shows these
    assert views
    words = page_words(pages + views)
    assert len(words) > 50
    assert {(w.simplified, w.reading) for w in words} == {(s, r) for s, rs in shipped.items() for r in rs}
    assert shipped["网络"]["wǎng luò"]["g"][0] == "network (computing, telecommunications, transport etc)"

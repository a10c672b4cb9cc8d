"""Rendered pages compared with reviewed golden files (UPDATE_GOLDEN=1 rewrites them)."""

import difflib
import json
import os
import re
from pathlib import Path

import pytest

from lectern import render
from lectern.corpus import load_corpus
from lectern.ruby import Annotator
from test_corpus import GOOD, corpus_with

GOLDEN = Path(__file__).parent / "golden"


# Between a tag and what follows or precedes it on the same line.
_TAG_EDGE = re.compile(r"(?<=[^\n])(?=<)|(?<=>)(?=[^\n])")


def one_element_per_line(page: str) -> str:
    """``page`` with every tag, and every run of text between tags, on a line of its own, so that a
    difference shows as a changed line. Only line breaks are added, never where there is one."""
    return _TAG_EDGE.sub("\n", page)


def assert_golden(name: str, page: str) -> None:
    path = GOLDEN / name
    actual = one_element_per_line(page)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "rendered")
        )
        pytest.fail(f"rendered output differs from golden/{name} (UPDATE_GOLDEN=1 to accept):\n{diff}")


@pytest.fixture
def corpus(tmp_path):
    late = GOOD.replace("2014-02-27", "2018-04").replace("A Speech[^*]", "Later <Text> & More[^*]")
    return load_corpus(corpus_with(tmp_path, {"a-speech.md": GOOD, "b-later.md": late}))


def test_one_element_per_line():
    page = '---\ntitle: "A"\n---\n\n<div class="x"><p>Text <em>here</em>.</p></div>\n<br>\n'
    assert one_element_per_line(page) == (
        '---\ntitle: "A"\n---\n\n<div class="x">\n<p>\nText \n<em>\nhere\n</em>\n.\n</p>\n</div>\n<br>\n'
    )


def test_source_page(corpus):
    assert_golden("source_page.md", render.source_page(corpus.source("a-speech")))


def test_source_page_with_pinyin(corpus, tmp_path):
    cache = tmp_path / "readings.json"
    annotator = Annotator(cache)
    page = render.source_page(corpus.source("a-speech"), annotator)
    assert_golden("source_page_annotated.md", page)
    assert "<h2" not in page and "## Part two" in page  # headings stay free of ruby
    annotator.save()
    assert Annotator(cache).cache == annotator.cache and len(annotator.cache) == 2  # the two Chinese texts


def test_sources_index(corpus):
    assert_golden("sources_index.md", render.sources_index(corpus))


def test_passages_api(corpus):
    api = json.loads(render.passages_api(corpus, {("a-speech", "p2"): ("party-centre", "xi-as-core")}))
    assert [s["slug"] for s in api["sources"]] == ["a-speech", "b-later"]
    assert api["sources"][1]["title"] == "Later <Text> & More"
    assert api["passages"][1] == {
        "source": "a-speech",
        "id": "p2",
        "n": 2,
        "language": "zh-Hant",
        "text": "黨的十八大以來,以習近平同志為核心的黨中央審時度勢",
        "url": "sources/a-speech/#p2",
        "terms": ["party-centre", "xi-as-core"],
    }
    assert api["passages"][0]["terms"] == []


@pytest.mark.parametrize(
    ("iso", "human"), [("2014-02-27", "27 February 2014"), ("2015-10", "October 2015"), ("2021", "2021")]
)
def test_human_date(iso, human):
    assert render.human_date(iso) == human


def test_traps_of_issue_15_on_the_render_path():
    """The annotator (what pages show) reads the traps of issue 15 right, one <ruby> per word."""
    html = Annotator().annotate("信息化为中华民族带来了千载难逢的机遇。这件衣服很便宜。我们要清醒地看到，被卡脖子。")
    words = {
        m.group(2): m.group(1)
        for m in __import__("re").finditer(r'<ruby class="lx-w" data-py="([^"]*)">(.*?)</ruby>', html)
    }
    plain = {__import__("re").sub(r"<rt[^>]*>.*?</rt>|<[^>]+>", "", k): v for k, v in words.items()}
    assert plain["为"] == "wèi"
    assert plain["便宜"] == "pián yi"
    assert plain["地"] == "de"
    assert plain["卡脖子"] == "qiǎ bó zi"
    assert plain["衣服"] == "yī fu"

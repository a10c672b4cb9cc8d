"""The glossary on the real site: marked terms, page glossaries, term pages, concordance counts, API."""

import json
import re
from collections import Counter

import opencc
import pytest

from conftest import ROOT
from lectern.glossary import load_glossary, plain_pinyin
from lectern.language import HAN
from lectern.markup import plain_text
from test_site import CORPUS, soup

GLOSSARY = load_glossary(ROOT / "corpus", CORPUS)
T2S = opencc.OpenCC("t2s")

# Counted here from the sources' plain text, independently of lectern.glossary: hand-written
# patterns for the English forms the sources use, and the simplified Chinese form searched in the
# text converted to simplified.
INDEPENDENT = {
    "central-leading-group": (
        (
            r"Central Leading Group for (?:Cybersecurity and Informatization|Cyberspace Affairs)"
            r"|Central Network Security and Informatization Leading Group"
        ),
        "中央网络安全和信息化领导小组",
    ),
    "xi-as-core": (r"Party Central Committee with Comrade Xi Jinping at its core", "以习近平同志为核心的党中央"),
    "digital-economy": (r"digital economy", "数字经济"),
    "core-technology": (r"core technolog(?:y|ies)", "核心技术"),
    "military-civil-fusion": (r"military-civil(?:ian)? integration|civil-military convergence", "军民融合"),
    "two-centenary-goals": (r"two centenary”? goals", "两个一百年"),
    "sense-of-gain": (r"sense of gain", "获得感"),
    "netizen": (r"netizens?", "网民"),
    "qizhiyu": (r"qizhiyu", "旗帜语"),
}


def independent_counts(term_id: str) -> Counter:
    english, chinese = INDEPENDENT[term_id]
    pattern = re.compile(rf"(?<![A-Za-z])(?:{english})(?![A-Za-z])", re.I)
    counts = Counter()
    for source in CORPUS.sources:
        for passage in source.passages:
            n = len(pattern.findall(passage.text)) + T2S.convert(passage.text).count(chinese)
            if n:
                counts[source.slug] += n
    return counts


@pytest.fixture(scope="module")
def glossary_api(site_dir):
    return json.loads((site_dir / "api" / "glossary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def passages_api(site_dir):
    return json.loads((site_dir / "api" / "passages.json").read_text(encoding="utf-8"))


def test_at_least_forty_terms_each_found_in_the_texts(glossary_api):
    assert len(glossary_api["terms"]) == len(GLOSSARY.terms) >= 40
    assert [t["id"] for t in glossary_api["terms"] if not t["count"]] == []


def test_every_variant_is_a_form_the_sources_use():
    texts = " ".join(" ".join([s.title, *(b.text for b in s.blocks if hasattr(b, "text"))]) for s in CORPUS.sources)
    simplified = T2S.convert(texts)
    missing = []
    for term in GLOSSARY.terms:
        for form in term.variants:
            loose = r"[\s\-]?".join(re.escape(w) for w in re.split(r"[\s\-]+", form))
            if not re.search(loose, texts, re.I):
                missing.append((term.id, form))
        missing += [(term.id, form) for form in term.zh_variants if T2S.convert(form) not in simplified]
    assert missing == []


@pytest.mark.parametrize("term_id", INDEPENDENT)
def test_concordance_counts_match_an_independent_count(site_dir, glossary_api, term_id):
    expected = independent_counts(term_id)
    assert expected, f"{term_id} should occur in the corpus"
    page = soup(site_dir, f"glossary/{term_id}").select_one("article")
    shown = Counter()
    for heading in page.select("h3"):
        title = heading.get_text().removesuffix("¶")
        count = int(title.rpartition(": ")[2])
        items = heading.find_next_sibling("ol", class_="lx-kwic").select("li")
        assert len(items) == count
        slug = items[0].select_one("a.lx-kwic-ref")["href"].split("/")[3]
        shown[slug] += count
    assert shown == expected
    total = sum(expected.values())
    assert page.select_one(".lx-kwic-total").get_text().startswith(f"{total} occurrence")
    record = next(t for t in glossary_api["terms"] if t["id"] == term_id)
    assert record["count"] == total
    assert (
        Counter({s: sum(o["count"] for o in record["occurrences"] if o["source"] == s) for s in expected}) == expected
    )


def test_concordance_lines_link_to_passages_that_hold_the_word(site_dir):
    page = soup(site_dir, "glossary/strong-cyber-power").select_one("article")
    dates = []
    for li in page.select("ol.lx-kwic li"):
        href = li.select_one("a.lx-kwic-ref")["href"]
        assert href.startswith("../../sources/")
        slug, pid = href.removeprefix("../../sources/").split("/#")
        source = CORPUS.source(slug)
        passage = next(p for p in source.passages if p.id == pid)
        hit = li.select_one("mark.lx-kwic-hit").get_text()
        assert hit in passage.text
        dates.append(source.meta.date)
    assert len(dates) > 20 and dates == sorted(dates)
    svg = page.select_one("svg.lx-usage-chart")
    assert len(svg.select("circle")) == len(CORPUS.sources)
    # Each row of the chart links to that source's lines of the concordance (or, unused, to the source)
    for a in svg.select("a"):
        href = a["xlink:href"]
        uses = int(a.select_one("text").get_text().split(" · ")[0])
        if uses:
            group = page.find(id=href.removeprefix("#"))
            assert group.name == "h3" and group.get_text().rstrip("¶").endswith(f": {uses}")
            assert len(group.find_next_sibling("ol").select("li")) == uses
        else:
            assert href.startswith("../../sources/")
    assert len(svg.select("a")) == len(CORPUS.sources)


def test_term_page_shows_toneless_pinyin_for_search(site_dir):
    page = soup(site_dir, "glossary/strong-cyber-power").select_one("article")
    assert page.select_one(".lx-term-plain").get_text() == "wangluo qiangguo"
    assert page.select_one(".lx-term-py").get_text() == "wǎngluò qiángguó"
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("glossary/strong-cyber-power/")]
    assert any("wangluo qiangguo" in d["text"] for d in docs)
    # the concordance repeats the sources' text: search finds it in the sources, not here
    assert docs and not any("build China into a" in d["text"] for d in docs)


@pytest.mark.parametrize("source", CORPUS.sources, ids=lambda s: s.slug)
def test_source_pages_mark_terms_and_end_with_their_glossary(site_dir, source):
    article = soup(site_dir, f"sources/{source.slug}").select_one("article")
    marked = set()
    for passage in article.select(".lx-passage"):
        terms = [t["data-term"] for t in passage.select("span.lx-term")]
        assert len(terms) == len(set(terms)), "only the first occurrence of a term in a passage is marked"
        for span in passage.select("span.lx-term"):
            assert span["tabindex"] == "0" and span["data-term"] in GLOSSARY
            assert span.find_parent(["a", "code", "h1", "h2", "h3", "rt"]) is None
        marked |= set(terms)
    assert marked, "every source uses some glossary term"
    heading = article.find("h2", id="terms-in-this-text")
    assert heading is not None
    entries = article.select(".lx-glossary .lx-gloss")
    assert {e["data-term"] for e in entries} == marked
    for entry in entries:
        term = GLOSSARY.term(entry["data-term"])
        assert entry["id"] == f"lx-gloss-{term.id}"
        assert entry.select_one(".lx-gloss-en").get_text() == term.headword
        assert entry.select_one(".lx-gloss-zh").get_text() == term.zh
        assert entry.select_one(".lx-gloss-def").get_text() == term.definition
        link = entry.select_one("a.lx-gloss-link")["href"]
        assert (site_dir / "sources" / source.slug / link / "index.html").resolve().is_file()


def test_traditional_chinese_is_matched_on_whole_words(site_dir):
    article = soup(site_dir, "sources/002-internet-governance-with-chinese-characteristics").select_one("article")
    p1 = article.select_one("#p1")
    marked = {t["data-term"]: plain_text(str(t)) for t in p1.select("span.lx-term")}
    assert marked == {
        "18th-party-congress": "黨的十八大",
        "xi-as-core": "以習近平同志為核心的黨中央",
        "strong-cyber-power": "網絡強國",
        "central-leading-group": "中央網絡安全和信息化領導小組",
    }
    for span in p1.select("span.lx-term"):  # whole ruby words only (and the line breaks between them)
        assert all(child.name in ("ruby", "wbr") for child in span.children)


def test_passages_api_lists_the_terms_of_each_passage(glossary_api, passages_api):
    from_terms = {}
    for term in glossary_api["terms"]:
        for o in term["occurrences"]:
            from_terms.setdefault((o["source"], o["passage"]), set()).add(term["id"])
    for p in passages_api["passages"]:
        assert p["terms"] == sorted(from_terms.get((p["source"], p["id"]), ()))
    p1 = next(
        p
        for p in passages_api["passages"]
        if p["source"] == "002-internet-governance-with-chinese-characteristics" and p["id"] == "p1"
    )
    assert p1["terms"] == ["18th-party-congress", "central-leading-group", "strong-cyber-power", "xi-as-core"]


def test_glossary_index_by_english_and_pinyin(site_dir):
    page = soup(site_dir, "glossary")
    article = page.select_one("article")
    lists = article.select("ul.lx-gindex")
    english = [a.get_text() for ul in lists for a in ul.select("li > a .lx-gindex-en")]
    pinyin = [a.get_text() for ul in lists for a in ul.select("li > a .lx-gindex-py")]
    assert len(english) == len(pinyin) == len(GLOSSARY.terms)
    assert english == sorted(english, key=str.casefold)
    plain = [plain_pinyin(p).casefold() for p in pinyin]
    assert plain == sorted(plain) and plain.index("wangluo qiangguo") > plain.index("dangzhongyang")
    hrefs = {a["href"] for a in article.select("ul.lx-gindex a")}
    assert all((site_dir / "glossary" / href / "index.html").is_file() for href in hrefs)
    nav = page.select_one(".md-nav--primary")
    titles = [a.get_text(" ", strip=True) for a in nav.select("a")]
    assert titles[titles.index("Glossary") + 1 :][: len(GLOSSARY.terms)] == [t.headword for t in GLOSSARY.terms]


def test_chinese_in_glossary_pages_carries_its_language(site_dir):
    han = re.compile(f"[{HAN}]")
    for term_id in ("strong-cyber-power", "xi-as-core"):
        article = soup(site_dir, f"glossary/{term_id}").select_one("article")
        for text in article.find_all(string=han):
            if text.find_parent(["svg", "title"]):
                continue
            holder = text.find_parent(attrs={"lang": True})
            assert holder is not None and holder["lang"] in ("zh-Hans", "zh-Hant"), text


def test_page_glossaries_are_not_indexed_for_search(site_dir):
    """The short glossary repeats definitions: a search must not find a source by words it lacks."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    definitions = [t.definition[:40] for t in GLOSSARY.terms]
    leaks = [
        d["location"]
        for d in index["docs"]
        if d["location"].startswith("sources/") and any(definition in d["text"] for definition in definitions)
    ]
    assert leaks == []

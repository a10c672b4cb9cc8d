"""The real site, built once: pages, anchors, language marks, the JSON API and no external loads."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, Project, real_corpus
from lectern.language import HAN

CORPUS = real_corpus()
HAN_CHAR = re.compile(f"[{HAN}]")


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def api(site_dir):
    return json.loads((site_dir / "api" / "passages.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", CORPUS.sources, ids=lambda s: s.slug)
def test_source_page_has_every_passage_with_its_permalink(site_dir, source):
    page = soup(site_dir, f"sources/{source.slug}")
    article = page.select_one("article")
    passages = article.select(".lx-passage")
    assert [p["id"] for p in passages] == [p.id for p in source.passages]
    for el, passage in zip(passages, source.passages):
        link = el.select_one("a.lx-pn")
        assert link["href"] == f"#{passage.id}" and link.get_text() == passage.label
    assert article.select_one("h1").get_text().startswith(source.title)
    meta = article.select_one(".lx-meta").get_text(" ")
    for value in (
        source.meta.speaker,
        source.meta.author,
        source.meta.translator,
        source.meta.rights,
        source.meta.published_in,
    ):
        assert value is None or value in meta


@pytest.mark.parametrize("source", CORPUS.sources, ids=lambda s: s.slug)
def test_chinese_runs_carry_their_language(site_dir, source):
    article = soup(site_dir, f"sources/{source.slug}").select_one("article")
    for text in article.find_all(string=HAN_CHAR):
        holder = text.find_parent(attrs={"lang": True})
        assert holder is not None and holder["lang"] in ("zh-Hans", "zh-Hant"), text


def test_traditional_paragraph_is_marked_traditional(site_dir):
    article = soup(site_dir, "sources/002-internet-governance-with-chinese-characteristics").select_one("article")
    chinese = [p for p in article.select(".lx-passage") if p.get("lang", "").startswith("zh")]
    assert len(chinese) == 1 and chinese[0]["lang"] == "zh-Hant"
    assert "網絡強國" in chinese[0].get_text()


def test_sources_index_is_sorted_by_date_with_a_timeline(site_dir):
    page = soup(site_dir, "sources")
    rows = page.select(".lx-sources table tbody tr")
    dates = [r.select_one("time")["datetime"] for r in rows]
    assert dates == sorted(dates) and len(rows) == len(CORPUS.sources)
    links = [r.select_one("a")["href"] for r in rows]
    assert all((site_dir / "sources" / href / "index.html").is_file() for href in links)
    svg = page.select_one("svg.lx-timeline")
    assert len(svg.select("circle")) == len(CORPUS.sources)
    # Every mark links to its source, with xlink:href (see render.timeline_svg and charts.js)
    marks = svg.select("a")
    assert [a["xlink:href"] for a in marks] == [f"{s.slug}/" for s in CORPUS.sources]
    assert all(a.select_one("circle") and not a.has_attr("href") for a in marks)
    assert all(s.title in svg.select_one("title").get_text() for s in CORPUS.sources)


def test_api_matches_the_corpus(site_dir, api):
    assert [s["slug"] for s in api["sources"]] == [s.slug for s in CORPUS.sources]
    for record in api["sources"]:
        assert {"slug", "title", "date", "language", "url", "origin"} <= record.keys()
        assert (site_dir / record["url"] / "index.html").is_file()
        assert (site_dir / "raw" / record["origin"]).read_bytes() == (
            ROOT / "corpus/raw" / record["origin"]
        ).read_bytes()
    expected = [(s.slug, p.id, p.n, p.language, p.text) for s in CORPUS.sources for p in s.passages]
    assert [(p["source"], p["id"], p["n"], p["language"], p["text"]) for p in api["passages"]] == expected
    for p in api["passages"]:
        page, anchor = p["url"].split("#")
        assert p["url"] == f"sources/{p['source']}/#{p['id']}"
        assert soup(site_dir, page.rstrip("/")).find(id=anchor) is not None


def test_api_text_is_plain(api):
    for p in api["passages"]:
        assert not re.search(r"<[a-z]|\[\^|&amp;|\*\w", p["text"]), p["text"]


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_no_page_loads_anything_from_another_host(site_dir):
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > len(CORPUS.sources)
    for path in pages:
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("link", "href")):
            for el in doc.find_all(tag, attrs={attr: True}):
                if tag == "link" and not set(el.get("rel", [])) & {
                    "stylesheet",
                    "preload",
                    "prefetch",
                    "icon",
                    "modulepreload",
                    "manifest",
                    "preconnect",
                    "dns-prefetch",
                }:
                    continue
                assert not EXTERNAL.match(el[attr]), f"{path.relative_to(site_dir)} loads {el[attr]}"
        assert "fonts.googleapis" not in str(doc) and "api.github.com" not in str(doc)
    for css in site_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import\s+(url\()?['\"]?(https?:)?//", text), css


def test_two_builds_are_byte_identical(site_dir, site_url, tmp_path):
    again = tmp_path / "again"
    assert Project(ROOT).build(again, site_url).returncode == 0
    first = {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_anchor_ledgers_are_committed_and_current():
    stale = [s.slug for s in CORPUS.sources if s.anchors.stale]
    assert stale == [], "run `make anchors` and commit corpus/anchors/"


def test_search_index_holds_english_and_segmented_chinese(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "zh"]
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "cyberpower" in text.lower()
    assert "網絡" in text and "\u200b" in text  # jieba segmented the Chinese at build time


@pytest.mark.parametrize("source", CORPUS.sources, ids=lambda s: s.slug)
def test_stripped_page_text_is_the_source_text(site_dir, source):
    """Strip every annotation from each rendered passage: what is left is the source's text."""
    from lectern.markup import plain_text

    article = soup(site_dir, f"sources/{source.slug}").select_one("article")
    rendered = [plain_text(str(el)) for el in article.select(".lx-passage")]
    assert rendered == [p.text for p in source.passages]


def test_source_date_epoch_dates_the_sitemap(site_dir):
    # conftest builds with SOURCE_DATE_EPOCH=1700000000, 2023-11-14 UTC
    sitemap = (site_dir / "sitemap.xml").read_text()
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2023-11-14"}


def test_navigation_lists_every_source_by_date(site_dir):
    nav = soup(site_dir, "sources").select(".md-sidebar--primary a.md-nav__link[href]")
    hrefs = [a["href"] for a in nav]
    expected = [f"{s.slug}/" for s in CORPUS.sources]
    assert [h for h in hrefs if h in expected] == expected
    footer = soup(site_dir, f"sources/{CORPUS.sources[0].slug}").select_one("a.md-footer__link--next")
    assert footer["href"] == f"../{CORPUS.sources[1].slug}/"


def test_cc_cedict_is_credited_on_the_site(site_dir):
    about = soup(site_dir, "about").select_one("article").get_text(" ")
    assert "CC-CEDICT" in about and "Attribution-ShareAlike 4.0" in about
    footer = soup(site_dir, "sources").select_one(".md-copyright a[href$='about/']")
    assert footer is not None and "Credits" in footer.get_text()

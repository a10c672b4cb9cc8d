"""Parallels on the built site: api/parallels.json, markers, compare pages, the overview page, and
errors in corpus/parallels.yml through the real build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from lectern.corpus import load_corpus

CORPUS = load_corpus(ROOT / "corpus")
TEXT = {(s.slug, p.id): p.text for s in CORPUS.sources for p in s.passages}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def links(site_dir):
    return json.loads((site_dir / "api" / "parallels.json").read_text(encoding="utf-8"))["parallels"]


def test_api_shape_and_every_link_names_real_passages(links):
    assert links, "the seed corpus has parallels"
    for link in links:
        assert set(link) <= {"a", "b", "score", "kind", "origin", "spans", "note"}
        assert {"a", "b", "score", "kind", "origin", "spans"} <= set(link)
        a, b = (link["a"]["source"], link["a"]["passage"]), (link["b"]["source"], link["b"]["passage"])
        assert a < b and a in TEXT and b in TEXT
        assert link["kind"] in {"quotation", "translations", "translation", "paraphrase"}
        assert link["origin"] in {"detected", "curated"} and 0 <= link["score"] <= 1
        for side, key in ((a, "a"), (b, "b")):
            for start, end in link["spans"][key]:
                assert 0 <= start < end <= len(TEXT[side])
    pairs = [(l["a"]["source"], l["a"]["passage"], l["b"]["source"], l["b"]["passage"]) for l in links]
    assert pairs == sorted(pairs) and len(set(pairs)) == len(pairs)


def test_curated_file_is_applied(links):
    by_pair = {(l["a"]["source"] + l["a"]["passage"], l["b"]["source"] + l["b"]["passage"]): l for l in links}
    curated = by_pair[("000-strong-cyber-powerp5", "001-build-china-into-a-cyberpowerp9")]
    assert curated["origin"] == "curated" and curated["kind"] == "quotation" and "pool all our resources" in curated["note"]
    assert ("003-strengthen-cyber-capabilitiesp5", "004-cybersecurity-informatization-work-conferencep3") not in by_pair


def test_markers_count_the_links_of_each_passage(site_dir, links):
    for source in CORPUS.sources:
        article = soup(site_dir, f"sources/{source.slug}").select_one("article")
        for passage in source.passages:
            count = sum((l[k]["source"], l[k]["passage"]) == (source.slug, passage.id) for l in links for k in "ab")
            el = article.select_one(f"#{passage.id}")
            button = el.select_one("button.lx-par")
            if not count:
                assert button is None
                continue
            assert button.get_text() == f"⇄{count}" and button["aria-expanded"] == "false"
            panel = el.select_one(f"#{button['aria-controls']}")
            assert panel.has_attr("hidden") and panel.has_attr("data-search-exclude")
            items = panel.select("li")
            assert len(items) == count
            for item in items:
                href = item.select_one("a.lx-par-to")["href"]
                page, anchor = href.split("#")
                target = soup(site_dir, f"sources/{source.slug}/{page}")
                assert target.select_one(f"#{anchor}.lx-passage") is not None
                compare = item.select_one("a.lx-par-cmp")["href"]
                assert (site_dir / "sources" / source.slug / compare / "index.html").resolve().is_file()


def test_compare_page_shows_both_passages_and_their_spans(site_dir, links):
    for link in links:
        a, b = link["a"], link["b"]
        page = soup(site_dir, f"compare/{a['source']}-{a['passage']}--{b['source']}-{b['passage']}")
        sides = page.select(".lx-cmp-side")
        assert len(sides) == 2
        for side, key in zip(sides, "ab"):
            text = TEXT[link[key]["source"], link[key]["passage"]]
            assert side.select_one(".lx-cmp-text").get_text() == text
            assert [m.get_text() for m in side.select("mark")] == [text[s:e] for s, e in link["spans"][key]]
        langs = {s.select_one(".lx-cmp-text").get("lang", "en") for s in sides}
        assert (page.select_one(".lx-cmp-diff") is not None) == (len(langs) == 1)


def test_overview_page_has_a_matrix_and_links_to_every_pair(site_dir, links):
    page = soup(site_dir, "parallels")
    svg = page.select_one("svg.lx-matrix")
    assert svg is not None and svg.select("a") == []  # links live in the tables, not in the SVG
    assert len(svg.select("rect")) == len(CORPUS.sources) ** 2
    hrefs = [a["href"] for a in page.select(".lx-par-pairs a") if a.get_text() == "Compare"]
    assert len(hrefs) == len(links)
    assert all((site_dir / "parallels" / href / "index.html").resolve().is_file() for href in hrefs)


CURATED_ERRORS = {
    "unknown source": ("  - a: 000-strong-cyber-power#p5\n    b: 009-nowhere#p1\n    kind: quotation\n",
                       "corpus/parallels.yml:3: unknown source '009-nowhere'"),
    "unknown passage": ("  - a: 000-strong-cyber-power#p50\n    b: 001-build-china-into-a-cyberpower#p1\n    kind: quotation\n",
                        "corpus/parallels.yml:2: 000-strong-cyber-power has no passage 'p50'"),
    "bad kind": ("  - a: 000-strong-cyber-power#p5\n    b: 001-build-china-into-a-cyberpower#p1\n    kind: echo\n",
                 "corpus/parallels.yml:4: links.0.kind: Input should be"),
}


@pytest.mark.parametrize("case", CURATED_ERRORS)
def test_bad_curated_file_fails_the_build_clearly(project, case):
    entry, message = CURATED_ERRORS[case]
    (project.root / "corpus" / "parallels.yml").write_text("links:\n" + entry, encoding="utf-8")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0 and message in output, output
    assert "Traceback" not in output
    assert not (project.root / "site").exists()

"""Parallels on the built site: api/parallels.json, markers, the compare page and its views
(api/compare/*.json), the overview page, and errors in corpus/parallels.yml through the real build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import real_corpus

CORPUS = real_corpus()
TEXT = {(s.slug, p.id): p.text for s in CORPUS.sources for p in s.passages}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def links(site_dir):
    return json.loads((site_dir / "api" / "parallels.json").read_text(encoding="utf-8"))["parallels"]


@pytest.fixture(scope="module")
def views(site_dir):
    """Every pair's view, by its file (site-relative) and pair id."""
    return {
        f.relative_to(site_dir).as_posix(): json.loads(f.read_text(encoding="utf-8"))
        for f in sorted((site_dir / "api" / "compare").rglob("*.json"))
    }


def pair_of(link: dict) -> str:
    a, b = link["a"], link["b"]
    return f"{a['source']}-{a['passage']}--{b['source']}-{b['passage']}"


def compare_link(site_dir: Path, page: str, href: str, views: dict) -> str:
    """The pair a link on ``page`` opens, after checking that it goes to the compare page and that the
    pair has a view."""
    path, pair = href.split("#")
    assert (site_dir / page / path).resolve() == (site_dir / "compare").resolve(), href
    assert any(pair in file for file in views.values()), href
    return pair


def test_api_shape_and_every_link_names_real_passages(links):
    assert links, "the seed corpus has parallels"
    for link in links:
        assert set(link) <= {"a", "b", "score", "kind", "origin", "spans", "note", "reason"}
        assert {"a", "b", "score", "kind", "origin", "spans"} <= set(link)
        a, b = (link["a"]["source"], link["a"]["passage"]), (link["b"]["source"], link["b"]["passage"])
        assert a < b and a in TEXT and b in TEXT
        assert link["kind"] in {"quotation", "translations", "translation", "paraphrase"}
        assert link["origin"] in {"detected", "curated"} and 0 <= link["score"] <= 1
        for side, key in ((a, "a"), (b, "b")):
            for start, end in link["spans"][key]:
                assert 0 <= start < end <= len(TEXT[side])
    pairs = [(link["a"]["source"], link["a"]["passage"], link["b"]["source"], link["b"]["passage"]) for link in links]
    assert pairs == sorted(pairs) and len(set(pairs)) == len(pairs)


def test_curated_file_is_applied(links):
    by_pair = {
        (link["a"]["source"] + link["a"]["passage"], link["b"]["source"] + link["b"]["passage"]): link for link in links
    }
    curated = by_pair[("000-strong-cyber-powerp5", "001-build-china-into-a-cyberpowerp9")]
    assert (
        curated["origin"] == "curated"
        and curated["kind"] == "quotation"
        and "pool all our resources" in curated["note"]
    )
    assert ("003-strengthen-cyber-capabilitiesp5", "004-cybersecurity-informatization-work-conferencep3") not in by_pair


def sides_of(pair: str) -> list[tuple[str, str]]:
    return [tuple(side.rsplit("-", 1)) for side in pair.split("--")]


def test_markers_count_the_links_of_each_passage(site_dir, links, views):
    for source in CORPUS.sources:
        article = soup(site_dir, f"sources/{source.slug}").select_one("article")
        for passage in source.passages:
            count = sum(
                (link[k]["source"], link[k]["passage"]) == (source.slug, passage.id) for link in links for k in "ab"
            )
            el = article.select_one(f"#{passage.id}")
            button = el.select_one("button.lx-par")
            if not count:
                assert button is None
                continue
            assert button.get_text() == f"⇄{count}" and button["aria-expanded"] == "false"
            panel = el.select_one(f"#{button['aria-controls']}")
            assert panel.has_attr("hidden") and panel.has_attr("data-search-exclude") and not panel.contents
            assert button["lang"] == panel["lang"] == "en"  # English, in a Chinese passage too
            file, key = panel["data-lx-src"].split("#")  # the list, fetched when the panel is first opened
            panels = json.loads((site_dir / "sources" / source.slug / file).resolve().read_text(encoding="utf-8"))
            items = BeautifulSoup(panels[key], "html.parser").select("li")
            assert len(items) == count
            for item in items:
                href = item.select_one("a.lx-par-to")["href"]
                page, anchor = href.split("#")
                target = soup(site_dir, f"sources/{source.slug}/{page}")
                assert target.select_one(f"#{anchor}.lx-passage") is not None
                href = item.select_one("a.lx-par-cmp")["href"]
                pair = compare_link(site_dir, f"sources/{source.slug}", href, views)
                assert (source.slug, passage.id) in {(pair_source, pid) for pair_source, pid in sides_of(pair)}


def marks(side) -> tuple[str, set[int]]:
    """A side's reader-visible text (no readings) and the offsets of its marked characters."""
    text, marked = "", set()
    for string in side.find_all(string=True):
        if string.find_parent("rt"):
            continue
        if string.find_parent("mark"):
            marked |= set(range(len(text), len(text) + len(string)))
        text += string
    return text, marked


def test_one_compare_page_and_a_view_of_every_pair_in_the_file_of_its_first_passage(site_dir, links, views):
    assert [p.name for p in (site_dir / "compare").iterdir()] == ["index.html"]  # no page per pair
    page = soup(site_dir, "compare")
    assert page.select_one(".lx-cmp-view")["data-lx-views"] == "../api/compare/"
    assert page.select_one("noscript a")["href"] == "../parallels/"
    assert sorted(pair for file in views.values() for pair in file) == sorted(pair_of(link) for link in links)
    for link in links:
        view = views[f"api/compare/{link['a']['source']}/{link['a']['passage']}.json"][pair_of(link)]
        html = BeautifulSoup(view["html"], "html.parser")
        sides = html.select(".lx-cmp-side")
        assert len(sides) == 2
        for side, key in zip(sides, "ab"):
            source, pid = link[key]["source"], link[key]["passage"]
            head = side.select_one(".lx-cmp-head a")
            assert head["href"] == f"../sources/{source}/#{pid}" and head.get_text() in view["title"]
            text, marked = marks(side.select_one(".lx-cmp-text"))
            assert text == TEXT[source, pid]  # nothing lost, readings aside
            spans = {i for start, end in link["spans"][key] for i in range(start, end)}
            if side.select_one(".lx-cmp-text").get("lang", "en") != "en":
                assert side.select("ruby.lx-w")  # pinyin, as on the source page
            if side.select("ruby"):  # ruby words are marked whole, never cut
                assert marked >= spans and all(m.find_parent("ruby") is None for m in side.select("mark"))
            else:
                assert marked == spans
        langs = {s.select_one(".lx-cmp-text").get("lang", "en")[:2] for s in sides}  # zh: either script
        assert (html.select_one(".lx-cmp-diff") is not None) == (len(langs) == 1)
    for file in views.values():
        assert list(file) == sorted(file)
        assert all(set(view) == {"title", "html"} for view in file.values())


CURATED_ERRORS = {
    "unknown source": (
        "  - a: 000-strong-cyber-power#p5\n    b: 009-nowhere#p1\n    kind: quotation\n",
        "corpus/parallels.yml:3: unknown source '009-nowhere'",
    ),
    "unknown passage": (
        "  - a: 000-strong-cyber-power#p50\n    b: 001-build-china-into-a-cyberpower#p1\n    kind: quotation\n",
        "corpus/parallels.yml:2: 000-strong-cyber-power has no passage 'p50'",
    ),
    "bad kind": (
        "  - a: 000-strong-cyber-power#p5\n    b: 001-build-china-into-a-cyberpower#p1\n    kind: echo\n",
        "corpus/parallels.yml:4: links.0.kind: Input should be",
    ),
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

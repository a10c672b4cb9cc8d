"""The guide, the home page and citations (issue 19), on the real site built with --strict.

The guide's pages are built (a broken link or a missing page fails the strict build of
``site_dir``), are in the navigation and linked from the home page, and describe every feature the
issue names: each feature is listed here with the page it must be described on.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, real_corpus
from lectern.corpus import Source, SourceMeta
from lectern.handouts import citation
from lectern.render import LANGUAGE_NAMES, human_date, web_label

CORPUS = real_corpus()
GUIDE = ["guide", "guide/readers", "guide/teachers", "guide/editors"]
EXAMPLE = ROOT / "corpus" / "assignments" / "strong-cyber-power-2018.yml"

# Each feature and the words that must describe it on its page.
FEATURES = {
    "guide/readers": {
        "the Pinyin control": ["Pinyin", "Shows or hides the pinyin"],
        "the Tones control": ["Tones", "Colour-blind safe"],
        "the Script control": ["Script", "简体", "繁體"],
        "the text-size control": ["Size", "Small", "Larger"],
        "settings persist": ["persist", "kept in your browser"],
        "the popup dictionary": ["popup dictionary", "hover", "tap", "Escape"],
        "glossary tooltips": ["Glossary tooltips", "tooltip", "definition"],
        "the ⇄ parallel markers": ["⇄", "Parallel passages"],
        "the compare view": ["compare view", "Compare side by side"],
        "search in both scripts": ["Search", "网络强国", "網絡強國"],
        "search by pinyin": ["wangluo qiangguo", "pinyin"],
        "passage links": ["permanent link", "#p6", "Copy link"],
        "citing": ["Cite", "citation", "naming the author"],
        "printing": ["Printing", "Save as PDF"],
        "charts link": ["timeline", "matrix", "Where it is used"],
    },
    "guide/teachers": {
        "the builder's button": ["Add to assignment"],
        "ranges": ["Shift+click", "Add range"],
        "the tray": ["Assignment draft", "Up", "Down", "Remove"],
        "the draft's fields": ["Title", "Instructions", "Questions", "one per line"],
        "the draft persists": ["persists in your browser"],
        "saving gives a link": ["Save", "/assignments/shared/#", "no server", "whole assignment is in the link"],
        "the students' page": ["reading aids", "vocabulary", "Print"],
        "saving gives the YAML": ["YAML", "corpus/assignments/"],
        "printing": ["Printing handouts", "Save as PDF"],
        "exports": ["CSV", "Anki", "vocabulary.csv", "vocabulary-anki.txt"],
        "publishing with the YAML": ["Publishing an assignment", "rebuild"],
        "a worked example": ["worked example", "Field by field"],
    },
    "guide/editors": {
        "adding a source": ["Adding a source", "front matter", "corpus/sources/"],
        "front matter fields": ["title", "date", "language", "speaker", "author", "affiliation", "origin"],
        "the glossary": ["corpus/glossary.yml", "variants", "definition"],
        "curating parallels": ["corpus/parallels.yml", "links", "suppress"],
        "overrides": ["{为|wèi}"],
        "lectern check": ["lectern check", "file:line"],
        "check --readings": ["check --readings"],
        "what errors look like": ["unknown key 'speeker' (did you mean 'speaker'?)", "has no passage"],
    },
}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def article_text(site: Path, page: str) -> str:
    """The article as a reader reads it: the pinyin over its Chinese (ruby) left out."""
    article = soup(site, page).select_one("article")
    for reading in article.select("rt, rp"):
        reading.decompose()
    return article.get_text("")


@pytest.mark.parametrize("page", GUIDE)
def test_guide_pages_are_built_and_in_the_navigation(site_dir, page):
    assert (site_dir / page / "index.html").is_file()
    home_nav = [a["href"] for a in soup(site_dir, "").select(".md-nav--primary a.md-nav__link[href]")]
    assert "guide/" in home_nav
    doc = soup(site_dir, page)
    active = doc.select(".md-nav--primary .md-nav__link--active")  # the page has its place in the navigation
    assert active and doc.select_one("article h1").get_text().rstrip("¶") in [
        a.get_text(" ", strip=True) for a in active
    ]


def test_home_page_links_every_guide_page(site_dir):
    links = {a["href"] for a in soup(site_dir, "").select("article a[href]")}
    for page in GUIDE:
        assert any(href.split("#")[0] == f"{page}/" for href in links), page


@pytest.mark.parametrize("page", ["", *GUIDE])
def test_links_into_the_guides_sections_land_on_headings(site_dir, page):
    """The home page's tour and the guide link to sections of the guide: each lands on its heading."""
    links = [a["href"] for a in soup(site_dir, page).select("article a[href*='#']:not(.headerlink)")]
    checked = 0
    for href in links:
        target, anchor = href.split("#")
        path = posixpath.normpath(posixpath.join(page, target)).strip("./") if target else page
        if not (path == "guide" or path.startswith("guide/")) or not anchor:
            continue
        assert soup(site_dir, path).find(id=anchor) is not None, href
        checked += 1
    assert checked or page not in ("", "guide/teachers")  # these two do link into sections


@pytest.mark.parametrize(
    ("page", "feature", "words"),
    [(page, feature, words) for page, features in FEATURES.items() for feature, words in features.items()],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_guide_describes_the_feature(site_dir, page, feature, words):
    text = " ".join(article_text(site_dir, page).split())
    missing = [w for w in words if w not in text]
    assert missing == [], f"{page} does not describe {feature}: missing {missing}"


def test_reader_controls_named_in_the_guide_exist_on_the_site(site_dir):
    """The labels the guide gives the controls are the site's own."""
    script = (site_dir / "assets" / "lectern.js").read_text(encoding="utf-8")
    text = article_text(site_dir, "guide/readers")
    for label in (
        "Pinyin",
        "Tones",
        "Script",
        "Size",
        "No colours",
        "Colour-blind safe",
        "简体",
        "繁體",
        "Small",
        "Normal",
        "Large",
        "Larger",
        "Copy link",
        "Cite",
    ):
        assert f">{label}<" in script or f'"{label}"' in script, label
        assert label in text, label
    assert "Compare side by side" in (site_dir / "api" / "panels" / f"{CORPUS.sources[0].slug}.json").read_text(
        encoding="utf-8"
    )


# The builder's labels the teachers' guide names (tray, buttons, fields, the students' page).
BUILDER_LABELS = (
    "Add to assignment",
    "Remove from assignment",
    "Add range",
    "Assignment draft",
    "Up",
    "Down",
    "Remove",
    "Title",
    "Instructions",
    "Questions (one per line)",
    "Save",
    "Clear draft",
    "Link for students",
    "Copy link",
    "Open the assignment",
    "YAML for corpus/assignments/",
    "Copy YAML",
    "Download YAML",
    "Saved: share the link, or publish the YAML.",
    "Print",
    "Reading",
    "CSV (spreadsheet)",
    "Anki (tab-separated)",
)


def test_builder_labels_named_in_the_guide_exist_in_the_shipped_script(site_dir):
    """Each label the teachers' guide gives the assignment builder and the students' page is the
    shipped script's own: a button's or field's text, a tray heading, a download's name."""
    # every page's script (the buttons) and the parts loaded on first use (the tray, the students' page)
    script = "".join(
        (site_dir / "assets" / name).read_text(encoding="utf-8")
        for name in ("lectern.js", "teacher.js", "teacher-link.js")
    )
    text = " ".join(article_text(site_dir, "guide/teachers").split())
    for label in BUILDER_LABELS:
        assert re.search(rf'(?:>|"){re.escape(label)}(?:\s*<|")', script), f"{label!r} is not a label of the script"
        assert label in text, f"the guide does not name {label!r}"
    limits = {name: int(n) for name, n in re.findall(r"\b(MAX_PASSAGES|MAX_LINK) = (\d+)", script)}
    assert set(limits) == {"MAX_PASSAGES", "MAX_LINK"}
    assert f"{limits['MAX_PASSAGES']} passages" in text and f"{limits['MAX_LINK']:,} characters" in text
    damaged = re.search(r'const DAMAGED = "([^"]+)"', script).group(1)  # the message a tampered link shows
    assert damaged in text


def test_the_builders_steps_are_one_numbered_list(site_dir):
    """The steps render as one list of six, Save's two results nested in its step (a list
    indented too little would break it in two)."""
    section = soup(site_dir, "guide/teachers").find(id="building-an-assignment-in-the-browser")
    steps = section.find_next("ol").find_all("li", recursive=False)
    assert len(steps) == 6 and steps[-1].get_text().strip().startswith("Clear draft")
    assert [li.strong.get_text() for li in steps[4].select("ul > li")] == [
        "Link for students",
        "YAML for corpus/assignments/",
    ]


def test_worked_example_is_the_real_assignment_explained_field_by_field(site_dir):
    page = soup(site_dir, "guide/teachers").select_one("article")
    blocks = [code.get_text() for code in page.select("pre code")]
    assert EXAMPLE.read_text(encoding="utf-8") in blocks
    explained = {row.select_one("td code").get_text() for row in page.select("table tr") if row.select_one("td code")}
    keys = set(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))) | {"vocabulary"}
    assert keys <= explained, keys - explained


def test_home_page_shows_every_source_at_a_glance(site_dir):
    items = soup(site_dir, "").select("article ul.lx-glance > li")
    assert len(items) == len(CORPUS.sources)
    for li, source in zip(items, CORPUS.sources):
        link = li.select_one("a")
        assert link.get_text() == source.title and link["href"] == f"sources/{source.slug}/"
        assert (site_dir / "sources" / source.slug / "index.html").is_file()
        line = li.get_text(" ")
        assert human_date(source.meta.date) in line and LANGUAGE_NAMES[source.meta.language] in line


# --------------------------------------------------------------------------- citations


@pytest.mark.parametrize("source", CORPUS.sources, ids=lambda s: s.slug)
def test_citations_name_the_author_not_their_job(site_dir, source):
    data = soup(site_dir, f"sources/{source.slug}").select_one(".lx-cite-data")["data-cite"]
    who = source.meta.speaker or source.meta.author
    assert data.startswith(f"{who}.")
    assert "Director" not in data and (source.meta.affiliation or "\0") not in data


def test_002_is_cited_as_xu_shan_and_shows_the_affiliation_on_its_page(site_dir):
    page = soup(site_dir, "sources/002-internet-governance-with-chinese-characteristics")
    assert page.select_one(".lx-cite-data")["data-cite"].startswith("Xu Shan. “The Way of Internet Governance")
    record = page.select_one(".lx-meta dl").get_text(" ")
    assert "Affiliation" in record and "Director of the Second Division" in record
    assert "Xu Shan" in page.select_one(".lx-byline").get_text()


def test_a_citation_leaves_out_the_affiliation():
    meta = SourceMeta(
        title="A Talk",
        date="2020-05",
        language="en",
        kind="lecture",
        author="Li Hua",
        affiliation="Professor of Law, Peking University",
    )
    source = Source(
        slug="a-talk", path="a-talk.md", meta=meta, title_html="A Talk", blocks=(), footnotes=(), anchors=None
    )
    text = citation(source)
    assert text.startswith("Li Hua. “A Talk.” Lecture, May 2020.") and "Professor" not in text


def test_affiliation_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| `affiliation` |" in readme and "guide/" in readme


def test_the_readmes_links_into_the_guide_land_on_its_headings(site_dir):
    """The README sends readers, teachers and editors to the guide: each link reaches a built page
    and, when it names a section, that section's heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(docs/guide/([a-z]+)\.md(?:#([a-z0-9-]+))?\)", readme)
    assert {page for page, _ in links} >= {"index", "readers", "teachers", "editors"}
    for page, anchor in links:
        path = "guide" if page == "index" else f"guide/{page}"
        assert (site_dir / path / "index.html").is_file(), page
        assert not anchor or soup(site_dir, path).find(id=anchor) is not None, f"{page}#{anchor}"


def test_web_addresses_are_shown_by_their_site_never_percent_encoded():
    assert (
        web_label("https://reddragon1949.com/chinas-informatization-%e4%b8%ad%e5%9c%8b/%e4%b8%ad/")
        == "reddragon1949.com"
    )
    assert web_label("http://en.qstheory.cn/2025-07/23/c_1109796.htm") == "en.qstheory.cn/2025-07/23/c_1109796.htm"
    long = "https://digichina.stanford.edu/work/xi-jinpings-speech-at-the-national-cybersecurity-and-informatization/"
    assert web_label(long) == "digichina.stanford.edu"
    for source in CORPUS.sources:
        if source.meta.url:
            assert "%" not in web_label(source.meta.url) and web_label(source.meta.url).startswith(
                urlsplit(source.meta.url).hostname
            )

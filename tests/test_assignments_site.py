"""Assignments on the real site: pages, index, navigation, vocabulary exports, citation data, and
bad assignment files failing the real build with ``file:line: problem``."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import real_corpus
from lectern import language
from lectern.assignments import VocabularyItem, combine, load_assignments
from lectern.markup import plain_text

CORPUS = real_corpus()
ASSIGNMENTS = load_assignments(CORPUS)
SEED = "strong-cyber-power-2018"


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def anki_notes(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["#separator:tab", "#html:true"]
    return [line.split("\t") for line in lines if not line.startswith("#")]


def check_assignment_page(site: Path, slug: str, expected: list[tuple[str, str, str]], questions: int) -> BeautifulSoup:
    """The page shows ``expected`` (source, passage id, text) in order, with a link back to each
    range, a vocabulary table whose rows are the CSV's and the Anki file's, and the questions."""
    page = soup(site, f"assignments/{slug}")
    article = page.select_one("article")
    passages = article.select(".lx-passage")
    shown = [(p["data-source"], p["data-pid"], plain_text(str(p))) for p in passages]
    assert shown == expected
    for p in passages:  # each number links back to its passage in the whole source
        href = p.select_one("a.lx-pn")["href"]
        assert href == f"../../sources/{p['data-source']}/#{p['data-pid']}"
    for link in article.select(".lx-context a"):
        target, _, anchor = link["href"].partition("#")
        assert ((site / "assignments" / slug / target / "index.html").is_file() and "-" in anchor) or anchor.startswith(
            "p"
        )
    rows = [[td.get_text() for td in tr.select("td")] for tr in article.select(".lx-vocabulary tbody tr")]
    exports = {a.get_text(): a["href"] for a in article.select(".lx-exports a")}
    assert sorted(exports.values()) == ["vocabulary-anki.txt", "vocabulary.csv"]
    table = csv_rows(site / "assignments" / slug / "vocabulary.csv")
    assert table[0] == ["headword", "chinese", "pinyin", "definition"] and table[1:] == rows and rows
    notes = anki_notes(site / "assignments" / slug / "vocabulary-anki.txt")
    assert [n[0] for n in notes] == [r[1] or r[0] for r in rows]
    assert [n[1].split("<br>")[0] for n in notes] == [r[2] for r in rows]
    assert len(article.select("ol.lx-questions > li")) == questions
    cite = {d["data-source"] for d in article.select(".lx-cite-data")}
    assert cite == {source for source, _, _ in expected}
    return page


def test_seed_assignment_page(site_dir):
    (a,) = [a for a in ASSIGNMENTS if a.slug == SEED]
    expected = [(s.slug, p.id, p.text) for s, p in a.passages]
    page = check_assignment_page(site_dir, SEED, expected, len(a.meta.questions))
    assert page.select_one("article h1").get_text().startswith(a.title)
    words = [tr.select("td")[1].get_text() for tr in page.select(".lx-vocabulary tbody tr")]
    assert "网络强国" in words and "网络" not in words and "强国" not in words  # not again after the term
    assert page.select_one(".lx-instructions em").get_text() == "strong cyber power"


def test_assignments_index_and_navigation(site_dir):
    page = soup(site_dir, "assignments")
    links = [a["href"] for a in page.select(".lx-assignments a")]
    assert links == [f"{a.slug}/" for a in ASSIGNMENTS]
    nav = [a["href"] for a in soup(site_dir, "").select(".md-nav--primary a.md-nav__link[href]")]
    assert "assignments/" in nav


@pytest.mark.parametrize("source", CORPUS.sources, ids=lambda s: s.slug)
def test_source_pages_offer_their_vocabulary_and_citation(site_dir, source):
    article = soup(site_dir, f"sources/{source.slug}").select_one("article")
    assert [p["data-source"] for p in article.select(".lx-passage")] == [source.slug] * len(source.passages)
    (data,) = article.select(".lx-cite-data")
    assert data["data-source"] == source.slug and data["data-cite"].startswith(
        (source.meta.speaker or source.meta.author or "") + "."
    )
    folder = site_dir / "sources" / source.slug
    has_chinese = any("lx-w" in str(p) for p in article.select(".lx-passage"))
    has_terms = bool(article.select(".lx-passage .lx-term"))  # glossary terms are vocabulary too
    assert bool(article.select(".lx-exports a")) == (has_chinese or has_terms) == (folder / "vocabulary.csv").is_file()
    if has_chinese:
        rows = csv_rows(folder / "vocabulary.csv")[1:]
        chinese = "".join(p.text for p in source.passages)
        glossary = json.loads((site_dir / "api" / "glossary.json").read_text(encoding="utf-8"))["terms"]
        terms = {t["zh"] for t in glossary}
        words = [r for r in rows if r[1] not in terms]  # a glossary term may be matched in English
        assert rows and all(r[1] in chinese and r[2] for r in words)
        assert all(r[0] and r[3] for r in rows), "every line has a headword and a definition (glossary or CC-CEDICT)"
        listed = [language.to_simplified(r[1]) for r in rows if r[1] in terms]
        inside = [r[1] for r in words if any(language.to_simplified(r[1]) in term for term in listed)]
        assert not inside, f"words inside a listed term are listed again: {inside}"
        assert not [r[2] for r in rows if re.search(r"\w'\w+'", r[2])], "a word of four syllables is written as one"
        assert len(anki_notes(folder / "vocabulary-anki.txt")) == len(rows)


def test_published_vocabulary_gives_the_builds_lists(site_dir):
    """api/vocabulary.json (what assignments made in the browser list) holds every passage, and
    combined as the build combines an assignment's passages it gives the build's CSV."""
    api = json.loads((site_dir / "api" / "vocabulary.json").read_text(encoding="utf-8"))
    assert {s.slug: [p.id for p in s.passages] for s in CORPUS.sources} == {
        k: list(v) for k, v in api["passages"].items()
    }
    (seed,) = [a for a in ASSIGNMENTS if a.slug == SEED]
    terms = {i: VocabularyItem(*t[:4]) for i, t in api["terms"].items()}
    records = [api["passages"][s.slug][p.id] for s, p in seed.passages]
    words = [VocabularyItem(w[3], w[0], w[2], w[4]) for r in records for w in r["w"]]
    items = combine([t for r in records for t in r["t"]], words, terms)
    rows = [[i.headword, i.chinese, i.pinyin, i.definition] for i in items]
    assert rows == csv_rows(site_dir / "assignments" / SEED / "vocabulary.csv")[1:]


def test_the_shared_assignment_page_is_built_but_not_listed(site_dir):
    page = soup(site_dir, "assignments/shared")
    assert page.select_one("article .lx-shared [role=status]").get_text().startswith("This page shows an assignment")
    nav = [a["href"] for a in soup(site_dir, "assignments").select(".md-nav a.md-nav__link[href]")]
    assert not [h for h in nav if "shared" in h]
    assert "lxAssign" in (site_dir / "assets" / "teacher-link.js").read_text(encoding="utf-8")  # loaded on first use
    for name in ("lectern.js", "teacher.js"):  # every page's script, and the tray's
        assert "lxAssign =" not in (site_dir / "assets" / name).read_text(encoding="utf-8")


NEW_ASSIGNMENT = """\
title: Two translations, one original
course: Reading political Chinese
instructions: Compare the Chinese paragraph with the English that follows it. Look up **網絡強國**.
passages:
  - 002-internet-governance-with-chinese-characteristics#p1-p2
  - 001-build-china-into-a-cyberpower#p9
  - 004-cybersecurity-informatization-work-conference#p2-p3
questions:
  - Which words of the Chinese does the machine translation leave out?
  - Is 網絡 the same word as 网络?
"""


def test_a_new_assignment_in_a_copy_of_the_corpus(project, site_url):
    """An assignment written for this test, over three sources and both scripts, builds into its
    page with its vocabulary and its exports."""
    (project.root / "corpus" / "assignments" / "compare.yml").write_text(NEW_ASSIGNMENT, encoding="utf-8")
    result = project.build(site_url=site_url)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project.root / "site"
    refs = [
        ("002-internet-governance-with-chinese-characteristics", ["p1", "p2"]),
        ("001-build-china-into-a-cyberpower", ["p9"]),
        ("004-cybersecurity-informatization-work-conference", ["p2", "p3"]),
    ]
    texts = {(s.slug, p.id): p.text for s in CORPUS.sources for p in s.passages}
    expected = [(slug, pid, texts[(slug, pid)]) for slug, ids in refs for pid in ids]
    page = check_assignment_page(site, "compare", expected, 2)
    chinese = page.select_one('.lx-passage[lang="zh-Hant"]')
    assert chinese is not None and chinese.select("ruby.lx-w rt")  # the traditional passage, with pinyin
    rows = csv_rows(site / "assignments" / "compare" / "vocabulary.csv")[1:]
    chinese = [r[1] for r in rows]
    assert "以习近平同志为核心的党中央" in chinese and "習近平" not in chinese  # inside the term: not again
    assert all(r[0] and r[2] for r in rows)
    traditional = [r for r in rows if language.script_of(r[1]) == "zh-Hant"]
    assert traditional and all(language.to_traditional(r[3]) == r[3] for r in traditional), "glossed in traditional"
    assert {"compare/", "strong-cyber-power-2018/"} <= {
        a["href"] for a in soup(site, "assignments").select(".lx-assignments a")
    }


def edit_assignment(project, text: str) -> str:
    (project.root / "corpus" / "assignments" / "bad.yml").write_text(text, encoding="utf-8")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert not (project.root / "site").exists(), "a site was written despite the error"
    return output


BAD = {
    "unknown source": (
        "title: T\npassages:\n  - 001-build-china-into-a-cyberpowre#p3\n",
        ":3: unknown source '001-build-china-into-a-cyberpowre' (did you mean '001-build-china-into-a-cyberpower'?)",
    ),
    "unknown passage": (
        "title: T\npassages:\n  - 001-build-china-into-a-cyberpower#p3-p42\n",
        ":3: 001-build-china-into-a-cyberpower has no passage p42 (its passages are p1–p10)",
    ),
    "reversed range": (
        "title: T\npassages:\n  - 001-build-china-into-a-cyberpower#p5-p3\n",
        ":3: reversed range p5-p3: p5 comes after p3 in 001-build-china-into-a-cyberpower",
    ),
    "missing title": (
        "course: C\npassages: [001-build-china-into-a-cyberpower]\n",
        ":1: missing required field 'title'",
    ),
    "unknown glossary id": (
        "title: T\npassages: [001-build-china-into-a-cyberpower]\nvocabulary:\n  - no-such-term\n",
        ":4: unknown glossary id 'no-such-term'",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_assignment_fails_the_build_clearly(project, case):
    text, message = BAD[case]
    output = edit_assignment(project, text)
    assert f"corpus/assignments/bad.yml{message}" in output, output


def test_script_in_an_assignment_is_escaped(project, site_url):
    text = (
        "title: '<script>alert(1)</script>\" x'\npassages: [001-build-china-into-a-cyberpower#p1]\n"
        'instructions: "<img src=x onerror=alert(1)> <script>alert(2)</script>"\n'
    )
    (project.root / "corpus" / "assignments" / "x.yml").write_text(text, encoding="utf-8")
    source = project.sources / "001-build-china-into-a-cyberpower.md"  # titles reach the theme's templates
    source.write_text(
        source.read_text().replace("title: Build China", 'title: <script>alert(3)</script>" Build China', 1)
    )
    result = project.build(site_url=site_url)
    assert result.returncode == 0, result.stderr
    for page in ("assignments/x", "sources/001-build-china-into-a-cyberpower", "assignments"):
        doc = BeautifulSoup((project.root / "site" / page / "index.html").read_text(), "html.parser")
        assert not [s for s in doc.find_all("script") if "alert" in s.get_text()], page
        assert doc.find("img", src="x") is None
        assert all(
            set(m.attrs) == {"name", "content"} for m in doc.select("meta[name=description]")
        )  # no attribute break-out
    doc = BeautifulSoup((project.root / "site" / "assignments" / "x" / "index.html").read_text(), "html.parser")
    assert doc.select_one("article h1").get_text().startswith('<script>alert(1)</script>" x')
    assert doc.title.get_text().startswith('<script>alert(1)</script>" x')  # shown as text


def test_check_command_reports_assignment_problems(project):
    import subprocess
    import sys

    (project.root / "corpus" / "assignments" / "bad.yml").write_text(BAD["reversed range"][0], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lectern", "check"], cwd=project.root, capture_output=True, text=True
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"corpus/assignments/bad.yml{BAD['reversed range'][1]}; write p3-p5"

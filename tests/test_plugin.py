"""The MkDocs plugin on a site that is not this project: the README's example, its options, the wheel."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, readme_example

pytestmark = pytest.mark.build  # every test here builds a site (or the wheel) with MkDocs


def words(html: str) -> list[str]:
    return [ruby["data-py"] for ruby in BeautifulSoup(html, "html.parser").select("article ruby.lx-w")]


def test_the_example_page_gets_ruby_read_in_context(example_site):
    html = (example_site / "index.html").read_text(encoding="utf-8")
    found = words(html)
    assert "yín háng háng zhǎng" in found  # 银行行长: both 行 háng
    assert found[found.index("rén mín") - 1] == "wèi"  # 为人民服务: wèi, not wéi
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("article h1").get_text() == "银行"  # headings are left as written
    assert not soup.select("article h1 ruby, nav ruby, title ruby")
    assert soup.select_one('article span[lang="zh-Hans"] ruby.lx-w')  # the run is marked Chinese
    # the plugin links its own assets and applies the reader's settings before the first frame
    assert soup.select_one('link[href="assets/lectern.css"]') and soup.select_one('script[src="assets/lectern.js"]')
    assert "function lxSettings()" in html.split("</head>")[0]
    assert "lectern.onPage" in (example_site / "assets" / "lectern.js").read_text(encoding="utf-8")


def test_the_example_has_the_dictionary_of_its_words(example_site):
    entries = json.loads((example_site / "api" / "dictionary.json").read_text(encoding="utf-8"))
    assert entries["银行行长"]["yín háng háng zhǎng"]["c"][0] == ["银行", "yín háng", ["bank"]]
    assert entries["为"]["wèi"]["g"][0] == "because of"
    assert set(entries) == {"银行行长", "说", "我们", "要", "为", "人民", "服务", "行长"}  # the words shown, no more


def test_search_indexes_the_text_not_the_readings(example_site):
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"]).replace("\u200b", "")  # Material's word breaks
    assert "为人民服务" in text and "háng" not in text.replace("háng zhǎng when", "")


def test_a_site_without_chinese_or_corpus_builds_unchanged_but_for_the_assets(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Notes\n\nNo Chinese here.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Notes\ntheme: {name: material, font: false}\nplugins: [search, lectern]\n", encoding="utf-8"
    )
    result = build_site(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<p>No Chinese here.</p>" in html and "ruby" not in html.split("<article")[1]
    assert not (tmp_path / "site" / "api").exists()  # no words, no dictionary


def write_site(root, options: str, extra: str = "") -> None:
    readme_example(root)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - lectern\n", f"  - lectern:{options}\n")
    (root / "mkdocs.yml").write_text(text + extra, encoding="utf-8")


@pytest.mark.parametrize(
    "options, message",
    [
        (
            "\n      glosary_marks: all",
            "Plugin 'lectern' option 'glosary_marks': unknown option (did you mean 'glossary_marks'?)",
        ),
        (
            "\n      glossary_marks: every",
            "Plugin 'lectern' option 'glossary_marks': Expected one of: ('first', 'all')",
        ),
        ("\n      pages: 3", "Plugin 'lectern' option 'pages': Expected type: <class 'bool'>"),
        ("\n      corpus: [a, b]", "Plugin 'lectern' option 'corpus': Expected type: <class 'str'>"),
        (" yes", "Invalid config options for the 'lectern' plugin."),
        ("\n      glossary: missing.yml", "plugins.lectern.glossary: no file 'missing.yml'"),
        ("\n      corpus: texts", "plugins.lectern.corpus: no folder 'texts'"),  # the default may be absent, a name not
    ],
)
def test_bad_options_are_errors_naming_the_key(tmp_path, options, message):
    write_site(tmp_path, options)
    result = build_site(tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "site").exists()


def test_a_leftover_extra_lectern_says_where_the_options_went(tmp_path):
    write_site(tmp_path, "", "extra:\n  lectern: yes\n")
    result = build_site(tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "extra.lectern is no longer read: put its options under 'plugins: - lectern:'" in result.stderr


def test_a_glossary_marks_its_terms_on_the_pages(tmp_path):
    write_site(tmp_path, "\n      glossary: terms.yml")
    (tmp_path / "terms.yml").write_text(
        "- id: serve-the-people\n  en: serve the people\n  zh: 为人民服务\n"
        "  definition: A slogan of the Communist Party of China.\n",
        encoding="utf-8",
    )
    result = build_site(tmp_path)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    term = soup.select_one('article .lx-term[data-term="serve-the-people"]')
    assert term is not None and term.get_text().replace("wèi", "").startswith("为")
    entry = soup.select_one("article #lx-gloss-serve-the-people")
    assert entry is not None and "A slogan of the Communist Party" in entry.get_text()
    assert entry.select_one("a") is None  # no term pages without a corpus: nothing to link to


def test_an_unannotated_option_leaves_the_pages_alone(tmp_path):
    write_site(tmp_path, "\n      pages: false")
    assert build_site(tmp_path).returncode == 0
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "银行行长说，我们要为人民服务。" in html and "lx-w" not in html.split("<article")[1]


def test_the_wheel_carries_the_plugin_its_assets_and_data(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("mkdocs_lectern-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = z.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert re.search(r"\[mkdocs\.plugins\]\nlectern = lectern\.mkdocs_plugin\.plugin:LecternPlugin", entry_points)
    shipped = {name for name in names if name.startswith("lectern/")}
    for folder in ("assets", "assets/workers", "data"):
        expected = {
            f"lectern/{p.relative_to(ROOT / 'src' / 'lectern').as_posix()}"
            for p in (ROOT / "src" / "lectern" / folder).iterdir()
            if p.is_file()
        }
        assert expected and expected <= shipped, expected - shipped
    assert "lectern/mkdocs_plugin/plugin.py" in shipped and "lectern/mkdocs_plugin/config.py" in shipped


def test_the_corpus_folder_can_be_named(project):
    (project.root / "corpus").rename(project.root / "texts")
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      corpus: corpus " in text
    config.write_text(
        text.replace("      corpus: corpus ", "      corpus: texts ").replace("  - corpus\n", "  - texts\n"),
        encoding="utf-8",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = project.root / "site" / "sources" / "002-internet-governance-with-chinese-characteristics" / "index.html"
    assert 'class="lx-w"' in page.read_text(encoding="utf-8")
    assert (project.root / "site" / "api" / "passages.json").is_file()
    # a problem in the renamed folder is reported under its name
    source = project.root / "texts" / "sources" / "003-strengthen-cyber-capabilities.md"
    source.write_text(source.read_text(encoding="utf-8").replace("language: en", "language: EN"), encoding="utf-8")
    result = project.build()
    assert result.returncode != 0
    assert "texts/sources/003-strengthen-cyber-capabilities.md:4: language must be one of" in result.stderr

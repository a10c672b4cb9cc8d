"""lectern.searchindex: Material's search index rewritten for Chinese (issue 18)."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

from lectern import searchindex

ZWSP = "\u200b"
TERM = SimpleNamespace(
    id="strong-cyber-power",
    zh="网络强国",
    pinyin=("wǎng", "luò", "qiáng", "guó"),
    english_forms=("strong cyber power", "cyberpower"),
    chinese_forms=("网络强国", "網絡強國"),
)
CONFIG = {
    "lang": ["en", "zh"],
    "separator": "[\\s\\u200b]+",
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
}


def index(*docs: dict) -> str:
    return json.dumps({"config": CONFIG, "docs": list(docs)})


def test_toneless_pinyin_as_typed():
    assert searchindex.toneless("wǎng") == "wang"
    assert searchindex.toneless("lǜ") == "lv"
    assert searchindex.toneless("Nǚ") == "nv"


def test_chinese_is_cut_on_its_simplified_form_with_glossary_words_whole():
    # Material's jieba cut the traditional run as it could; the rewrite cuts 网络强国 whole
    doc = {"location": "sources/x/", "title": "X", "text": f"<p>建設{ZWSP}網{ZWSP}絡{ZWSP}強國</p>"}
    out = json.loads(searchindex.rewrite(index(doc), [TERM]))
    assert out["docs"][0]["text"] == f"<p>建設{ZWSP}網絡強國</p>"
    tables = out["config"]["lectern"]
    assert tables["py"]["网络强国"] == "wang luo qiang guo"
    assert tables["py"]["建设"] == "jian she"
    assert tables["t2s"]["網"] == "网" and tables["t2s"]["設"] == "设"
    assert "网络" in tables["sub"]["网络强国"] and "强国" in tables["sub"]["网络强国"]


def test_term_page_keeps_its_own_text_and_gains_its_names():
    docs = [
        {"location": "glossary/strong-cyber-power/", "title": "strong cyber power", "text": "<p>网络强国</p>"},
        {
            "location": "glossary/strong-cyber-power/#build-china-into-a-cyberpower-1",
            "title": "Build China into a Cyberpower: 1",
            "text": "",
        },
        {"location": "glossary/strong-cyber-power/#concordance", "title": "Concordance", "text": ""},
    ]
    out = json.loads(searchindex.rewrite(index(*docs), [TERM]))
    assert [d["location"] for d in out["docs"]] == ["glossary/strong-cyber-power/"]
    assert out["docs"][0]["names"] == "strong cyber power cyberpower 网络强国 網絡強國"
    assert out["config"]["fields"]["names"] == {"boost": searchindex.NAMES_BOOST}


STRATEGY = SimpleNamespace(
    id="strategy",
    zh="网络强国战略",
    pinyin=("wǎng", "luò", "qiáng", "guó", "zhàn", "lüè"),
    english_forms=("strong cyber power strategy",),
    chinese_forms=("网络强国战略",),
)


def test_source_page_is_found_by_the_chinese_of_the_terms_it_translates():
    docs = [
        {"location": "sources/001-x/", "title": "Build China into a Cyberpower", "text": "<p>a cyberpower</p>"},
        {"location": "sources/001-x/#a-heading", "title": "A heading", "text": "<p>more</p>"},
    ]
    found = {("001-x", "p1"): ("strong-cyber-power",), ("001-x", "p2"): ("strong-cyber-power",)}
    out = json.loads(searchindex.rewrite(index(*docs), [TERM], found))
    assert out["docs"][0]["terms"] == "网络强国 网络强国"  # once per passage that uses it
    assert "terms" not in out["docs"][1]
    assert out["config"]["fields"]["terms"] == {"boost": searchindex.TERMS_BOOST}


def test_a_source_uses_the_terms_inside_the_terms_it_uses_up_to_a_cap():
    docs = [
        {"location": "sources/004-x/", "title": "X", "text": ""},
        {"location": "sources/003-x/", "title": "Y", "text": ""},
    ]
    found = {("004-x", f"p{i}"): ("strategy",) for i in range(searchindex.TERMS_REPEAT + 2)}
    found[("003-x", "p1")] = ("strong-cyber-power", "strategy")  # one passage: each form once
    out = json.loads(searchindex.rewrite(index(*docs), [TERM, STRATEGY], found))
    terms = {d["location"]: d["terms"].split() for d in out["docs"]}
    assert terms["sources/004-x/"].count("网络强国战略") == searchindex.TERMS_REPEAT
    assert terms["sources/004-x/"].count("网络强国") == searchindex.TERMS_REPEAT
    assert sorted(terms["sources/003-x/"]) == ["网络强国", "网络强国战略"]


def test_rewrite_is_deterministic_and_leaves_english_alone():
    doc = {"location": "about/", "title": "About", "text": "<p>Reader software MIT.</p>"}
    first = searchindex.rewrite(index(doc), [TERM])
    assert first == searchindex.rewrite(index(doc), [TERM])
    assert json.loads(first)["docs"][0]["text"] == "<p>Reader software MIT.</p>"


def test_pages_load_the_worker_shim_with_materials_worker_named():
    html = '<script id="__config" type="application/json">{"search": "../../assets/javascripts/workers/search.a7633da7.min.js", "x": 1}</script>'
    assert searchindex.use_worker(html) == (
        '<script id="__config" type="application/json">{"search": '
        '"../../assets/javascripts/workers/lectern-search.js?w=search.a7633da7.min.js", "x": 1}</script>'
    )


def test_worker_shim_loads_only_a_material_worker():
    script = searchindex.worker_script()
    assert "importScripts(worker)" in script
    assert r"/^search\.[0-9a-f]+\.min\.js$/" in script


# --- on the built site -----------------------------------------------------------------------

MATERIAL_INDEX_BYTES = 208_500  # the seed corpus's index before issue 18 (Material's own, at 4d02293^1, BENCHMARKS.md)


def test_built_index_is_within_budget_and_ranks_terms_by_their_names(site_dir):
    data = (site_dir / "search" / "search_index.json").read_bytes()
    assert len(data) <= 2 * MATERIAL_INDEX_BYTES
    index = json.loads(data)
    docs = {d["location"]: d for d in index["docs"]}
    term = docs["glossary/strong-cyber-power/"]
    assert "cyberpower" in term["names"].split() and "网络强国" in term["names"].split()
    assert not [loc for loc in docs if loc.startswith("glossary/strong-cyber-power/#")]  # no concordance headings
    assert "网络强国" in docs["sources/001-build-china-into-a-cyberpower/"]["terms"].split()
    assert index["config"]["lectern"]["py"]["网络强国"] == "wang luo qiang guo"
    # an assignment's vocabulary table is not running text
    vocabulary = [d for loc, d in docs.items() if loc.startswith("assignments/") and loc.endswith("#vocabulary")]
    assert vocabulary and all("Headword" not in d["text"] for d in vocabulary)


def test_built_pages_use_the_worker_shim(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'"search": "[^"]*lectern-search\.js\?w=search\.[0-9a-f]+\.min\.js"', html)
    assert (site_dir / searchindex.WORKER).read_text(encoding="utf-8") == searchindex.worker_script()
    assert "++s++" not in html and "<kbd>/</kbd>" in html

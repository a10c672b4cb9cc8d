"""Language of passages and lang marks on Chinese runs."""

from lectern.language import mark_runs, passage_language, script_of


def test_script_of():
    assert script_of("网络强国") == "zh-Hans"
    assert script_of("網絡強國") == "zh-Hant"


def test_passage_language():
    assert passage_language("The notion of a “strong cyber power” (网络强国)", "en") == "en"
    assert passage_language("黨的十八大以來,以習近平同志為核心 2014年2月27日", "mixed") == "zh-Hant"
    assert passage_language("党的十八大以来", "mixed") == "zh-Hans"
    assert passage_language("党的十八大以来", "zh-Hant") == "zh-Hant"  # declared script wins
    assert passage_language("An English note in a Chinese source.", "zh-Hans") == "en"


def test_mark_runs_only_touches_text():
    html = 'a 网络强国（互联网+） b <a href="/网络" title="網">網絡強國</a>'
    assert mark_runs(html, "zh-Hans") == (
        'a <span lang="zh-Hans">网络强国（互联网</span>+） b '
        '<a href="/网络" title="網"><span lang="zh-Hant">網絡強國</span></a>'
    )


def test_mark_runs_in_traditional_text():
    assert mark_runs("中国", "zh-Hant") == '<span lang="zh-Hant">中国</span>'

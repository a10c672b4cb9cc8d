"""Ruby markup: one <ruby> per word, one <rt> per Han character, kept out of search and copying."""

import re
import subprocess
import sys

import pytest

from conftest import ROOT
from lectern.language import tone
from lectern.markup import plain_text
from lectern.ruby import Annotator, annotate, annotate_text, ruby


def test_one_ruby_per_word_one_rt_per_character():
    assert ruby("网络强国") == (
        '<ruby class="lx-w" data-py="wǎng luò"><span class="t3" data-t="網">网</span><rt aria-hidden="true" data-search-exclude>wǎng</rt>'
        '<span class="t4" data-t="絡">络</span><rt aria-hidden="true" data-search-exclude>luò</rt></ruby>'
        '<wbr><ruby class="lx-w" data-py="qiáng guó"><span class="t2" data-t="強">强</span><rt aria-hidden="true" data-search-exclude>qiáng</rt>'
        '<span class="t2" data-t="國">国</span><rt aria-hidden="true" data-search-exclude>guó</rt></ruby>'
    )


def test_original_script_is_displayed_with_the_other_script_at_hand():
    html = ruby("為人民服務")
    assert plain_text(html) == "為人民服務" and "wèi" in html
    assert '<span class="t4" data-s="为">為</span>' in html and 'data-s="务">務</span>' in html


def test_tones():
    assert [tone(s) for s in ("mā", "má", "mǎ", "mà", "ma", "lǘ")] == [1, 2, 3, 4, 5, 2]


def test_annotate_leaves_tags_and_latin_alone():
    html = '<p>The <a href="/网络">notion</a> (<em>网络</em>) &amp; more</p>'
    out = annotate(html)
    assert out.startswith('<p>The <a href="/网络">notion</a> (<em><ruby')
    assert plain_text(out) == "The notion (网络) & more"


def test_text_without_chinese_is_untouched():
    assert annotate("<p>Plain &amp; simple</p>") == "<p>Plain &amp; simple</p>"


def test_annotate_text_paragraphs_and_languages():
    out = annotate_text("Cyber power (网络强国).\n\n黨的十八大以來\n")
    first, second = out.strip().split("\n")
    assert first.startswith('<p>Cyber power (<span lang="zh-Hans"><ruby')
    assert second.startswith('<p lang="zh-Hant"><ruby') and "dǎng" in second


def test_annotate_command(tmp_path):
    path = tmp_path / "passage.txt"
    path.write_text("为人民服务\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lectern", "annotate", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        '<p lang="zh-Hans"><ruby class="lx-w" data-py="wèi"><span class="t4" data-t="為">为</span><rt'
    )
    missing = subprocess.run(
        [sys.executable, "-m", "lectern", "annotate", str(tmp_path / "nope.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "cannot read it" in missing.stderr and "Traceback" not in missing.stderr


def test_editorial_readings_by_han_index_across_tags():
    html = "<p>以<em>人民</em>为中心</p>"  # 为 is the fourth Han character (index 3)
    assert (
        '<span class="t4" data-t="為">为</span><rt aria-hidden="true" data-search-exclude>wèi</rt>'
        in Annotator().annotate(html, {3: "wèi"})
    )
    assert (
        '<span class="t2" data-t="為">为</span><rt aria-hidden="true" data-search-exclude>wéi</rt>'
        in Annotator().annotate(html)
    )


def test_prepared_texts_reach_the_engine_once_and_only_if_a_text_is_not_cached(tmp_path, monkeypatch):
    from lectern import reading

    calls = []
    monkeypatch.setattr(reading, "prepare", lambda texts: calls.append(list(texts)))
    cold = Annotator(tmp_path / "readings.json")
    cold.prepare(["为人民服务。", "网络强国"])
    cold.ruby("English only")
    assert calls == []  # no Chinese yet: the engine is not needed
    first = cold.ruby("为人民服务")
    cold.ruby("网络强国")
    assert calls == [["为人民服务。", "网络强国"]]
    cold.save()
    warm = Annotator(tmp_path / "readings.json")
    warm.prepare(["为人民服务。", "网络强国"])
    assert warm.ruby("为人民服务") == first and calls == [["为人民服务。", "网络强国"]]


def test_read_fills_the_cache_on_two_cores_with_what_one_core_reads(tmp_path, monkeypatch):
    from lectern import cores, reading

    htmls = [
        "<p>我们要建设网络强国。</p>",
        '<p>The <span lang="zh-Hans">长城</span> and <em>长大</em></p>',
        "<p>No Chinese here.</p>",
        "<p>行业银行行长。</p>",
    ]
    serial = [Annotator().annotate(h) for h in htmls]
    monkeypatch.setattr(cores, "count", lambda: 2)
    started = []
    real_map = cores.map_items
    monkeypatch.setattr(
        cores, "map_items", lambda fn, items, worth: started.append(len(items)) or real_map(fn, items, worth=1)
    )
    annotator = Annotator(tmp_path / "readings.json")
    annotator.read(htmls)
    assert started == [4]  # four Chinese texts (one per text node with Han), none cached
    monkeypatch.setattr(reading, "analyse", lambda text: pytest.fail(f"{text!r} was read again"))
    assert [annotator.annotate(h) for h in htmls] == serial
    annotator.read(htmls)
    assert started == [4]  # all cached now: no workers


def _breaks(text: str) -> str:
    """The text with ``|`` where a line may break (a <wbr>) and ``[…]`` around a no-wrap group."""
    html = re.sub(r"<rt[^>]*>[^<]*</rt>", "", ruby(text))
    html = html.replace("<wbr>", "|").replace('<span class="lx-nb">', "[")
    html = re.sub(r'<span class="t\d"[^>]*>([^<]*)</span>', r"\1", html)
    return re.sub(r"<ruby[^>]*>|</ruby>", "", html).replace("</span>", "]")


def test_lines_break_between_words_only_and_keep_punctuation_and_numbers_with_their_word():
    assert _breaks("党的十八大以来，习近平说：“网络强国”。") == "党|的|十八|大|以来，|习近平|说：|“网络|强国”。"
    assert _breaks("2014年2月27日，在（节选）中") == "[2014年2月27日，]|在|（节选）|中"
    assert _breaks("在2023年7月6日下午，64.6亿元") == "在|[2023年7月6日]|下午，|[64.6亿元]"
    assert _breaks("号角。 2014年2月27日，在") == "号角。 [2014年2月27日，]|在"  # a space breaks by itself
    assert plain_text(ruby("2014年2月27日，在“网络强国”")) == "2014年2月27日，在“网络强国”"  # copying is unchanged

"""The reading engine: segmentation and pinyin, traps of political language, overrides, laziness."""

import subprocess
import sys

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from lectern import reading
from lectern.reading import Word, analyse, valid_readings


def readings(text: str, overrides=None) -> list[str | None]:
    return [s for word in analyse(text, overrides) for s in word.syllables]


def read(text: str, part: str, overrides=None) -> str:
    """The syllables of ``part`` (its first occurrence) where it stands in ``text``."""
    start = text.index(part)
    return " ".join(readings(text, overrides)[start : start + len(part)])


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("以习近平同志为核心的党中央", "为核心", "wéi hé xīn"),
        ("坚持以人民为中心的发展思想", "为中心", "wéi zhōng xīn"),
        ("全心全意为人民服务", "为人民服务", "wèi rén mín fú wù"),
        ("为人民服务", "为", "wèi"),
        ("努力把我国建设成为网络强国", "成为网络强国", "chéng wéi wǎng luò qiáng guó"),
        ("我们应当积极应对各种风险挑战", "应当", "yīng dāng"),
        ("我们应当积极应对各种风险挑战", "应对", "yìng duì"),
        ("这是一项长期任务", "长期", "cháng qī"),
        ("中国人民银行行长出席会议", "银行行长", "yín háng háng zhǎng"),
        ("行长", "行长", "háng zhǎng"),
        ("网络安全和信息化事关党的长期执政", "长期执政", "cháng qī zhí zhèng"),
        ("审时度势", "度", "duó"),
    ],
)
def test_known_traps(text, part, expected):
    assert read(text, part) == expected


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("成為", "成为"),
        ("為人民服務", "为人民服务"),
        ("我們應當積極應對", "我们应当积极应对"),
        ("銀行行長", "银行行长"),
        (
            "黨的十八大以來,以習近平同志為核心的黨中央審時度勢、高瞻遠矚,順勢應時",
            "党的十八大以来,以习近平同志为核心的党中央审时度势、高瞻远瞩,顺势应时",
        ),
    ],
)
def test_traditional_reads_as_simplified(traditional, simplified):
    assert readings(traditional) == readings(simplified)
    assert "".join(w.text for w in analyse(traditional)) == traditional  # the original script comes back


def test_traditional_examples():
    assert read("成為網絡強國", "成為") == "chéng wéi"
    assert read("為人民服務", "為人民服務") == "wèi rén mín fú wù"


def test_neutral_tone_is_toneless():
    assert read("我们的朋友", "我们的") == "wǒ men de"
    assert read("他们走了", "了") == "le"


def test_yi_and_bu_keep_citation_tones():
    assert read("一个一样的问题不是不对", "一个一样") == "yī gè yī yàng"
    assert read("一个一样的问题不是不对", "不是不对") == "bù shì bù duì"


def test_words_cover_the_text_and_non_han_has_no_syllables():
    text = "The “strong cyber power” (网络强国), 2014年2月27日: 为人民服务！ ok"
    words = analyse(text)
    assert "".join(w.text for w in words) == text
    for word in words:
        assert len(word.syllables) == len(word.text)
        for char, syllable in zip(word.text, word.syllables):
            assert (syllable is not None) == (reading._HAN_CHAR.match(char) is not None)
    assert read(text, "网络强国") == "wǎng luò qiáng guó"


def test_text_without_chinese_is_one_word():
    assert analyse("Hello, world.") == [Word("Hello, world.", (None,) * 13)]
    assert analyse("") == []


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="为人民服务应当长期行的了一不網絡強國 ab,.。，1\n“”", max_size=30))
def test_words_always_cover_the_text(text):
    words = analyse(text)
    assert "".join(w.text for w in words) == text
    assert all(len(w.syllables) == len(w.text) and w.text for w in words)


def test_every_syllable_is_a_valid_reading():
    text = (ROOT / "corpus" / "raw" / "002_9b8cccd7a277c6cf.txt").read_text(encoding="utf-8")
    for word in analyse(text):
        for char, syllable in zip(word.text, word.syllables):
            if syllable is not None:
                assert syllable in valid_readings(char), (word.text, char, syllable)


def test_overrides():
    assert readings("为人民服务", {0: "wéi"})[0] == "wéi"
    assert readings("为人民服务", {0: "wéi"})[1:] == readings("为人民服务")[1:]
    assert read("成為網絡強國", "為", {1: "wèi"}) == "wèi"  # offsets into the original text
    with pytest.raises(ValueError, match="not a reading"):
        analyse("为人民服务", {0: "mǎ"})
    with pytest.raises(ValueError, match="outside"):
        analyse("为人民服务", {5: "wéi"})
    with pytest.raises(ValueError, match="not a reading"):
        analyse("ab为", {0: "wéi"})


def test_valid_readings():
    assert valid_readings("为") == {"wéi", "wèi", "wei"}  # pypinyin's two, and the toneless form
    assert valid_readings("為") == valid_readings("为")
    assert {"cháng", "zhǎng"} <= valid_readings("长")
    assert {"háng", "xíng"} <= valid_readings("行")
    assert {"yīng", "yìng"} <= valid_readings("应")
    assert {"de", "dí", "dì"} <= valid_readings("的")
    assert valid_readings("a") == frozenset()
    with pytest.raises(ValueError):
        valid_readings("为人")


def test_domain_list_is_well_formed():
    entries = list(reading.domain_phrases())
    assert len(entries) > 300
    for phrase, syllables in entries:
        chars = phrase.replace(reading.GAP, "")
        assert len(syllables) == len(chars), phrase
        for char, syllable in zip(chars, syllables):
            assert syllable in valid_readings(char), (phrase, char, syllable)
    assert len({phrase for phrase, _ in entries}) == len(entries), "a phrase is listed twice"


def test_domain_phrases_need_word_boundaries():
    domain = reading._engine().domain_readings
    assert domain("全心全意为人民服务")[4] == "wèi"
    assert domain("成为人民服务的榜样")[1] == "wéi"  # 成为, not 为人民服务
    assert domain("以经济建设为中心")[5] == "wéi"
    assert 1 not in domain("所以人民为中心")  # the 以 of 所以 opens no 以…为中心


def test_results_are_deterministic():
    text = "以习近平同志为核心的党中央高瞻远瞩，为人民服务。"
    first = analyse(text)
    reading._analyse.cache_clear()
    assert analyse(text) == first


def test_importing_is_cheap_and_english_loads_nothing():
    code = (
        "import sys, lectern.reading as r\n"
        "r.analyse('Only English here.')\n"
        "heavy = [m for m in ('pypinyin', 'jieba', 'g2pM', 'numpy', 'opencc', 'pypinyin_dict') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_domain_data_ships_with_the_package():
    from importlib import resources

    assert resources.files("lectern").joinpath("data/political_phrases.txt").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/*.txt"' in pyproject

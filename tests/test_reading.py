"""The reading engine: segmentation and pinyin, traps of political language, overrides, laziness."""

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from lectern import cedict, reading, reading_data, reading_g2pm, reading_model
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
        # issue 15: every trap, in context
        ("信息化为中华民族带来了千载难逢的机遇", "为", "wèi"),
        ("为全球发展作出贡献", "为", "wèi"),
        ("我们要为实现中华民族伟大复兴贡献力量", "为实现", "wèi shí xiàn"),
        ("我们要深入了解网民", "了解", "liǎo jiě"),
        ("详细了解情况", "了解", "liǎo jiě"),
        ("了解到这些情况", "了解", "liǎo jiě"),
        ("这件衣服很便宜", "衣服很便宜", "yī fu hěn pián yi"),
        ("他在公司做会计", "会计", "kuài jì"),
        ("我们要清醒地看到", "地", "de"),
        ("千军易得，一将难求", "一将难求", "yī jiàng nán qiú"),
        ("建久安之势、成长治之业", "成长治", "chéng cháng zhì"),
        ("关键核心技术被卡脖子", "卡脖子", "qiǎ bó zi"),
        ("被人牵着鼻子走", "鼻子", "bí zi"),
        # a jieba word no list has is read as the listed words it is made of (牵着, 鼻子)
        ("牵着鼻子走。", "牵着鼻子", "qiān zhe bí zi"),
        ("丈夫和孩子", "丈夫和孩子", "zhàng fu hé hái zi"),
        ("我们的", "我们的", "wǒ men de"),
        ("他走了么", "了么", "le me"),
        # the measure word after a number keeps its tone, as the dictionaries write it; after 这 not
        ("增强四个意识，坚定四个自信", "四个意识", "sì gè yì shí"),
        ("增强四个意识，坚定四个自信", "四个自信", "sì gè zì xìn"),
        ("在多个场合", "多个", "duō gè"),
        ("这个问题", "这个", "zhè ge"),
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
            assert (syllable is not None) == (reading.HAN_CHAR.match(char) is not None)
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
        "heavy = [m for m in ('pypinyin', 'jieba', 'g2pM', 'numpy', 'opencc') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_domain_data_ships_with_the_package():
    from importlib import resources

    assert resources.files("lectern").joinpath("data/political_phrases.txt").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/*.txt"' in pyproject


# --- the engine's data: own tone marks, dictionary files searched by binary search ------------------


@pytest.mark.parametrize(
    ("spelling", "marked"),
    [
        ("wei2", "wéi"),
        ("lu:4", "lǜ"),
        ("nv3", "nǚ"),
        ("lve4", "lüè"),
        ("de5", "de"),
        ("wéi", "wéi"),
        ("liu2", "liú"),
        ("gui4", "guì"),
        ("hou4", "hòu"),
        ("xiong1", "xiōng"),
        ("er2", "ér"),
        ("zhuang4", "zhuàng"),
        ("m2", "ḿ"),
        ("ng3", "ňg"),
        ("a1", "ā"),
        ("yue4", "yuè"),
    ],
)
def test_tone_marks(spelling, marked):
    assert reading_data.marked(spelling) == marked


def test_toneless():
    assert [reading_data.toneless(s) for s in ("lǘ", "wéi", "de", "ḿ", "zhuàng")] == ["lü", "wei", "de", "m", "zhuang"]


def test_heteronyms_come_from_pypinyins_table_most_common_first():
    assert reading_data.heteronyms("为") == ["wèi", "wéi"]
    assert reading_data.heteronyms("〇") == ["líng", "yuán", "xīng"]
    assert reading_data.heteronyms("a") == [] and reading_data.heteronyms("为人") == []


def test_sorted_file_finds_the_entries_of_given_first_characters(tmp_path):
    path = tmp_path / "dict.txt"
    lines = ["Q版 3", "T恤 9", "一 100", "一一 5", "一丁 2", "中 50", "中国 40", "中国人 3", "国 30", "国家 20", "龟 1"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    file = reading_data.SortedFile(path, b"\n", reading_data.line_key, head="\n一 ".encode())
    assert file.text({"中"}) == "Q版 3\nT恤 9\n中 50\n中国 40\n中国人 3\n"  # the unsorted head, then 中…
    assert file.text({"一", "龟"}) == "Q版 3\nT恤 9\n一 100\n一一 5\n一丁 2\n龟 1\n"
    assert file.text({"人", "丁"}) == "Q版 3\nT恤 9\n"  # no key starts with them
    assert file.text() == path.read_text(encoding="utf-8")


def test_searched_entries_are_those_of_a_full_scan():
    """For real text, the binary searches in the library files find exactly what scanning them finds."""
    text = "以习近平同志为核心的党中央，银行行长应当为人民服务。B超、T恤、AA制和阿Q。"
    chars = set(text)
    char = "[" + "".join(map(re.escape, sorted(chars))) + "]"
    for load in (reading_data.jieba_words, reading_data.pypinyin_phrases):
        searched, scanned = load(char, chars), load(char, None)
        assert searched == scanned and searched, load.__name__
    words, tags = reading_data.jieba_words(char, chars)
    assert words["行长"] > 0 and words["中央"] > 0 and words["阿Q"] > 0 and words["AA"] == 0  # a prefix of AA制
    assert tags["行长"] == "n" and tags["为"] == "p"


def test_jieba_total_frequency_is_what_jieba_itself_computes():
    import jieba

    own = jieba.Tokenizer()
    own.initialize()  # jieba's own parse of its whole dictionary
    assert reading_data.jieba_total() == own.total > 0
    engine = reading._engine()  # the engine's tokenizer has the same, from the model's record or computed
    assert engine.tokenizer.total == own.total


def test_the_model_records_the_jieba_dictionary_it_was_fitted_with():
    recorded = reading_model.model().jieba
    assert recorded == {"crc32": reading_data.jieba_fingerprint(), "total": reading_data.jieba_total()}


def test_prepare_loads_the_entries_of_all_texts_in_one_scan():
    code = (
        "import sys, lectern.reading as r\n"
        "texts = ['以习近平同志为核心的党中央', 'English only', '銀行行長']\n"
        "r.prepare(texts)\n"
        "e = r._engine()\n"
        "assert e.scans == 1 and not e.complete, e.scans\n"
        "assert {'以', '央', '银', '长'} <= e.chars and '銀' not in e.chars and 'E' not in e.chars\n"
        "[r.analyse(t) for t in texts]\n"
        "assert e.scans == 1, e.scans\n"
        "r.analyse('审时度势')\n"
        "assert e.scans == 2 and '审' in e.chars, e.scans\n"
        "heavy = [m for m in ('pypinyin', 'pkg_resources') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_many_new_characters_load_the_whole_dictionaries():
    code = (
        "import lectern.reading as r\n"
        "e = r._engine()\n"
        "for k in range(r.MAX_SCANS + 1):\n"
        "    r.analyse(chr(0x4e00 + 200 * k) + '中')\n"
        "assert e.complete and e.scans == r.MAX_SCANS + 1\n"
        "assert len(e.tokenizer.FREQ) > 400000 and len(e.tags) > 300000\n"
        "import json; from lectern import reading_data as d\n"  # every phrase of the file, parsed as JSON:
        "data = json.loads((d.package_dir('pypinyin') / 'phrases_dict.json').read_text('utf-8'))\n"
        "assert e.phrases['pypinyin'] == {k: tuple(r[0] for r in v) for k, v in data.items()}\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


SENTENCES = [
    "没有网络安全就没有国家安全。",
    "银行行长说，这个重要的问题还没有解决。",
    "为人民服务",
    "我们要把我国从网络大国建设成为网络强国！他说：“长期以来……”",
]


def test_g2pm_batches_read_each_sentence_as_alone(monkeypatch):
    engine = reading._engine()
    every = [(s, list(range(len(s)))) for s in SENTENCES]
    alone = [engine.g2pm_scores([s])[0] for s in every]
    assert all(alone), "every sentence has a character g2pM reads in context"
    for cells in (reading_g2pm.CELLS, 40):  # one batch; several (rows of unequal length)
        monkeypatch.setattr(reading_g2pm, "CELLS", cells)
        batched = engine.g2pm_scores(every)
        for one, other in zip(alone, batched):
            assert one.keys() == other.keys()
            for i in one:
                assert one[i] == pytest.approx(other[i], abs=1e-5)  # float32 weights: BLAS rounding


def test_the_engine_runs_blas_on_one_thread():
    # in a fresh process, where nothing has loaded numpy's BLAS before the engine
    code = (
        "import lectern.reading as r, threadpoolctl\n"
        "r.analyse('银行行长说')\n"
        "blas = [p['num_threads'] for p in threadpoolctl.threadpool_info() if p['user_api'] == 'blas']\n"
        "assert blas and set(blas) == {1}, blas\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_g2pm_logits_are_those_of_g2pms_own_predict():
    import numpy as np
    from g2pM import G2pM
    from g2pM.g2pM import BOS_TOKEN, EOS_TOKEN, UNK_TOKEN

    theirs, ours = G2pM(), reading._engine().g2pm
    kept = {}
    fc_layer = theirs.fc_layer
    theirs.fc_layer = lambda inputs: kept.setdefault("logits", fc_layer(inputs))
    ids = theirs.char2idx
    # every character: the first and the last one too (where one direction has just begun)
    targets = [list(range(len(s))) for s in SENTENCES]
    ours_all = ours.logits(SENTENCES, targets)  # one batch of rows of unequal length
    row = 0
    for sentence, offsets in zip(SENTENCES, targets):
        kept.clear()
        encoded = [ids[BOS_TOKEN], *(ids.get(c, ids[UNK_TOKEN]) for c in sentence), ids[EOS_TOKEN]]
        theirs.predict(np.array([encoded], dtype=np.int32), np.array([i + 1 for i in offsets]))
        mine = ours_all[row : row + len(offsets)]
        assert mine.shape == kept["logits"].shape
        np.testing.assert_allclose(mine, kept["logits"], atol=1e-3)  # logits run to about ±60
        assert (mine.argmax(axis=1) == kept["logits"].argmax(axis=1)).all()
        row += len(offsets)
    assert row == len(ours_all)


def test_sentence_by_sentence_words_are_jiebas_words_of_the_text():
    text = "".join(SENTENCES) + "\n第二段：网络安全和信息化是一体之两翼、驱动之双轮。"
    engine = reading._engine()
    assert [w.text for w in analyse(text)] == engine.cut(text)


# --- issue 15: dictionary words, the model, CC-CEDICT, doubts ----------------------------------------


def test_cedict_cross_references_count_only_for_a_word_without_other_entries():
    assert cedict.variant_only("variant of 檗[bo4]") and cedict.variant_only("old variant of 宴[yan4]/see 燕[yan4]")
    assert not cedict.variant_only("swallow (family Hirundinidae)/old variant of 宴[yan4]")
    # 一哄而散 yi1 hong4 is "variant of 一哄而散[yi1 hong1 er2 san4]": the word has one reading
    assert cedict.readings("一哄而散") == (("yi1", "hong1", "er2", "san4"),)
    assert cedict.readings("尽快") == (("jin3", "kuai4"),)  # 盡快 jìn kuài: "variant of 儘快"
    # a word whose every entry is a cross-reference keeps them
    assert cedict.readings("㹴犬") == (("geng3", "quan3"),)  # only "variant of 梗犬"


def test_a_word_one_list_alone_has_is_left_to_the_model_only_when_g2pm_is_sure_it_is_wrong():
    # 拖拽: only CC-CEDICT has it, as tuō yè; g2pM gives yè a log-probability far below -LONE_DOUBT
    evidence = reading.text_evidence("用鼠标拖拽文件")
    drag = evidence[4]
    assert drag.tentative == "yè" and drag.fixed is None and drag.g2pm["yè"] < -reading.LONE_DOUBT
    assert drag.word == frozenset({"yè"})  # the list's reading is still evidence for the model
    assert [w.syllables for w in reading.analyse("用鼠标拖拽文件")][2] == ("tuō", "zhuài")
    # its other character, and 鼠标's, have one reading: they keep the list's
    assert (evidence[3].fixed, evidence[3].fixed_by) == ("tuō", "dictionary")
    assert (evidence[1].fixed, evidence[2].fixed) == ("shǔ", "biāo")
    # a word both lists have is fixed whatever g2pM says (会计: g2pM huì jì)
    assert reading.text_evidence("他做会计")[2].fixed == "kuài"


def test_cedict_has_every_reading_of_a_word():
    assert cedict.readings("便宜") == (("bian4", "yi2"), ("pian2", "yi5"))
    assert cedict.readings("会计") == (("kuai4", "ji4"),)
    assert cedict.readings("长治") == (("chang2", "zhi4"),)  # a name: lower-cased
    assert cedict.readings("没有这个词") == ()


def test_unambiguous_dictionary_words_are_fixed_and_others_are_not():
    evidence = reading.text_evidence("他在公司做会计，东西很便宜")
    by_char = {ev.char: ev for ev in evidence}
    assert by_char["会"].fixed == "kuài" and by_char["会"].fixed_by == "dictionary"
    assert by_char["便"].fixed is None and set(by_char["便"].candidates) == {"biàn", "pián"}  # two entries


def test_word_readings_of_all_lists_and_names():
    assert reading.word_readings("衣服", "衣服") == (("yī", "fu"), ("yī", "fú"))  # CC-CEDICT, then pypinyin
    assert reading.word_readings("一个", "一个") == (("yī", "gè"),)  # 一 keeps its citation tone
    assert reading.word_readings("勃艮第", "勃艮第") == (("bó", "gěn", "dì"),)  # a name's entry ...
    assert reading.word_readings("勃艮第", "勃艮第", names=False) == ()  # ... is not a fixed reading
    assert read("勃艮第王朝", "勃艮第") == "bó gèn dì"


def test_a_neutral_tone_that_only_one_list_gives_is_a_reading_among_two():
    assert cedict.readings("枇杷") == (("pi2", "pa5"),) and reading.word_readings("枇杷", "枇杷") == (
        ("pí", "pa"),
        ("pí", "pá"),
    )
    evidence = reading.text_evidence("枇杷")
    assert evidence[1].fixed is None and set(evidence[1].candidates) == {"pa", "pá"}
    # where both lists give the neutral tone, it is the word's one reading
    assert reading.word_readings("鼻子", "鼻子") == (("bí", "zi"),) and read("孩子的鼻子", "鼻子") == "bí zi"
    assert reading.word_readings("会计", "会计") == (("kuài", "jì"),)  # no neutral tone: nothing added


def test_a_word_with_several_readings_is_read_one_way_whole():
    for text in ("这件衣服很便宜", "这样做很便宜", "交通很便宜", "占便宜", "便宜行事"):
        assert read(text, "便宜") in ("pián yi", "biàn yí"), text


def test_g2pm_does_not_load_its_own_cedict():
    code = (
        "import builtins, pickle, lectern.reading as r\n"
        "loads = []\n"
        "real = pickle.load\n"
        "pickle.load = lambda f, *a, **k: (loads.append(getattr(f, 'name', '')), real(f, *a, **k))[1]\n"
        "r.analyse('为人民服务')\n"
        "assert not [n for n in loads if 'digest_cedict' in n], loads\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_doubts_name_the_reading_and_its_alternative():
    doubts = reading.doubts("他在公司做会计，这件衣服很便宜", threshold=100.0)
    assert [(d.char, d.reading, d.alternative) for d in doubts if d.char == "便"] == [("便", "pián", "biàn")]
    assert all(d.offset not in (5, 6) for d in doubts)  # 会计: fixed by the dictionary, never doubtful
    assert reading.doubts("以人民为中心", threshold=0.0) == []
    assert reading.doubts("Only English.") == []


def test_the_models_scores_are_its_weighted_features():
    fitted = reading_model.model()
    evidence = [ev for s in SENTENCES for ev in reading.text_evidence(s) if ev.fixed is None and ev.candidates]
    assert len(evidence) >= 5  # enough open characters to compare scores on
    for ev in evidence:
        every = fitted.features(ev)
        assert set(reading_model.FEATURES) <= every.keys() and {"ctx_p", "ctx_n", "ctx_b"} <= every.keys()
        for name, values in every.items():
            assert values.keys() == set(ev.candidates), name
        weighted = [(name, w) for name, w in fitted.weights.items() if name in every]
        expected = {r: sum(w * every[name][r] for name, w in weighted) for r in ev.candidates}
        ranked = fitted.ranked(ev)
        assert [r for _, r in ranked] == sorted(ev.candidates, key=lambda r: (-expected[r], ev.candidates.index(r)))
        assert all(s == pytest.approx(expected[r]) for s, r in ranked)
        # other weights: only their features count
        assert fitted.features(ev, {"prior", "ctx_n"}).keys() == {"prior", "ctx_n"}
        alone = fitted.ranked(ev, {"prior": 1.0})
        assert all(s == pytest.approx(every["prior"][r]) for s, r in alone)


def test_phrase_support_is_every_dictionary_phrase_over_the_character():
    engine = reading._engine()
    for sentence in [*SENTENCES, "这件衣服很便宜，他在公司做会计。"]:
        engine.cover(sentence)
        expected: dict[int, dict[str, set[str]]] = {}
        for a in range(len(sentence)):
            for b in range(a + 2, min(a + reading.MAX_PHRASE, len(sentence)) + 1):
                phrase = sentence[a:b]
                entries = [("cedict", tuple(map(reading_data.marked, e))) for e in cedict.readings(phrase)]
                if phrase in engine.phrases["pypinyin"]:
                    entries.append(("pypinyin", engine.phrases["pypinyin"][phrase]))
                for source, entry in entries:
                    for k, syllable in enumerate(entry if len(entry) == b - a else ()):
                        expected.setdefault(a + k, {}).setdefault(source, set()).add(syllable)
        assert expected, sentence
        assert engine.phrase_support(sentence) == expected
        some = sorted(expected)[::3]
        assert engine.phrase_support(sentence, some) == {i: expected[i] for i in some}

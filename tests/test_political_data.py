"""The labelled political prose (bench/data/political_*.tsv) is well-formed: each line is a sentence
and one valid tone-marked reading per Han character, and no sentence is in both halves."""

from __future__ import annotations

import importlib.util
import unicodedata

import pytest
from pypinyin.constants import PINYIN_DICT

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("political", ROOT / "bench" / "political.py")
political = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(political)

TONES = "\u0304\u0301\u030c\u0300"


def readings(char: str) -> set[str]:
    """pypinyin's readings of a character, each also in the neutral tone (们 men, 子 zi)."""
    marked = set(PINYIN_DICT.get(ord(char), "").split(",")) - {""}
    toneless = {
        unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", r) if c not in TONES))
        for r in marked
    }
    return marked | toneless


@pytest.mark.parametrize("split", political.SPLITS)
def test_lines_are_well_formed(split):
    path = political.DATA / f"political_{split}.tsv"
    problems = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 2:
            problems.append(f"{path.name}:{n}: {len(parts)} tab-separated fields, not 2")
            continue
        sentence, syllables = parts[0], parts[1].split()
        han = [c for c in sentence if political.HAN.match(c)]
        if len(han) != len(syllables):
            problems.append(f"{path.name}:{n}: {len(han)} Han characters, {len(syllables)} syllables")
            continue
        for char, syllable in zip(han, syllables):
            if syllable not in readings(char):
                problems.append(f"{path.name}:{n}: {syllable!r} is not a reading of {char}")
            if char in political.SKIPPED and syllable != {"一": "yī", "不": "bù"}[char]:
                problems.append(f"{path.name}:{n}: {char} is labelled {syllable!r}, not its citation tone")
    assert problems == []


@pytest.mark.parametrize("split", political.SPLITS)
def test_each_half_has_400_polyphones(split):
    rows = political.load(split)
    assert sum(len(list(political.scored(s, y))) for s, y in rows) >= 400


def test_halves_share_no_sentence():
    dev = {s for s, _ in political.load("dev")}
    test = {s for s, _ in political.load("test")}
    assert dev & test == set()


def test_scorer_skips_monophones_and_yi_bu():
    assert [i for i, _ in political.scored("为人民服务一不", "wèi rén mín fú wù yī bù".split())] == [
        0,
        3,
    ]  # 为 wèi,wéi; 服 fú,fù…

"""The benchmark corpus generator (bench/corpus_gen.py): deterministic, about half Chinese, new
text, and the deliberate parallels it lists really in the sources. Runs without ../shared (as a CI
clone may), on the seed corpus alone."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from collections import defaultdict

import pytest

from conftest import ROOT
from lectern import markup
from lectern.corpus import load_corpus

_spec = importlib.util.spec_from_file_location("corpus_gen", ROOT / "bench" / "corpus_gen.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules["corpus_gen"] = gen  # its dataclasses look their module up
_spec.loader.exec_module(gen)

N = 12


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    return gen.generate(N, root / "a", seed=5, cpp=None), gen.generate(N, root / "b", seed=5, cpp=None)


@pytest.fixture(scope="module")
def loaded(generated):
    """The first generated corpus, loaded."""
    return load_corpus(generated[0] / "corpus")


def _files(dest):
    files = sorted((dest / "corpus" / "sources").glob("*-generated.md")) + [dest / gen.MANIFEST]
    return {p.name: p.read_bytes() for p in files}


def test_same_size_and_seed_give_the_same_corpus(generated):
    a, b = generated
    assert len(_files(a)) == N + 1
    assert _files(a) == _files(b)


def test_another_seed_gives_another_corpus(generated, tmp_path):
    other = gen.generate(2, tmp_path / "c", seed=6, cpp=None)
    first = lambda d: (d / "corpus" / "sources" / "0000-generated.md").read_text(encoding="utf-8")  # noqa: E731
    assert first(other) != first(generated[0])


def test_about_half_of_the_characters_are_han(generated):
    _, share = gen.han_share(generated[0])
    assert 0.35 <= share <= 0.65


def test_the_corpus_loads_with_the_seed_sources(loaded):
    corpus = loaded
    slugs = {s.slug for s in corpus.sources}
    assert {f"{k:04d}-generated" for k in range(N)} <= slugs and len(slugs) == N + 5
    languages = {p.language for s in corpus.sources if "generated" in s.slug for p in s.passages}
    assert {"en", "zh-Hans"} <= languages


def test_deliberate_quotations_are_in_both_passages(generated, loaded):
    corpus = loaded
    text = {f"{s.slug}#{p.id}": p.text for s in corpus.sources for p in s.passages}
    manifest = json.loads((generated[0] / gen.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["quotations"], "no quotation at this seed: pick another"
    for link in manifest["quotations"]:
        assert link["quoted"] in text[link["a"]] and link["quoted"] in text[link["b"]], link
        if link["kind"] == "quoted sentence":
            assert text[link["a"]] != text[link["b"]]
    for link in manifest["links"]:  # every listed passage exists
        assert link["a"] in text and link["b"] in text, link


def test_no_sentence_repeats_outside_the_deliberate_parallels(generated, loaded):
    corpus = loaded
    manifest = json.loads((generated[0] / gen.MANIFEST).read_text(encoding="utf-8"))
    linked = {ref for link in manifest["links"] for ref in (link["a"], link["b"])}
    where = defaultdict(set)
    for source in corpus.sources:
        for p in source.passages:
            ref = f"{source.slug}#{p.id}"
            if "generated" not in source.slug or ref in linked:
                continue
            splitter = gen._SENTENCE_EN if p.language == "en" else gen._SENTENCE_ZH
            for sentence in splitter.split(p.text):
                if len(sentence) >= 20:
                    where[sentence].add(ref)
    repeated = {s: refs for s, refs in where.items() if len(refs) > 1}
    assert not repeated


def test_the_chain_writes_sentences_it_was_not_trained_on():
    training = [
        "the party leads the work of the country",
        "the country leads the work of the world",
        "the world needs the work of the party",
    ]
    chain = gen.Chain([s.split() for s in training], " ", copy_limit=None)
    rng = random.Random(1)
    written = [chain.sentence(rng, min_words=4) for _ in range(5)]
    assert len(set(written)) == 5 and not set(written) & set(training)
    again = gen.Chain([s.split() for s in training], " ", copy_limit=None)
    assert [again.sentence(random.Random(1), min_words=4)] == written[:1]


@pytest.mark.parametrize(
    "text",
    [
        "1. Not a list",
        "- not a bullet",
        "+ nor this",
        "*stars* _under_ `tick`",
        "[a](link) ![b](c) <b>tag</b> #hash {curly} | pipe \\ slash > gt",
        "# heading",
        "> quote",
    ],
)
def test_markdown_safe_text_reads_back_unchanged(text):
    assert markup.render(gen.markdown_safe(text), {}, inline=False).text == text


def test_lexicon_keeps_glossary_forms():
    lexicon = gen.Lexicon(["strong cyber power"])
    sentence = "Building a strong cyber power requires thorough modernization and informatization everywhere"
    varied = lexicon.vary(sentence, random.Random(2), rate=1.0)
    assert "a strong cyber power requires" not in varied and "strong cyber power" in varied
    assert varied.split()[0] == "Building"  # a capitalised first word is not a name to swap
    assert re.search(r"\w+tion \w+ \w+tion", varied)  # shapes kept: a -tion word stays one

"""Parallel detection against the labelled set of the seed corpus, and on a Chinese source it has
never seen (tests/data/parallels_dev_zh.md, the Chinese of the five points of 003 and 002)."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from conftest import ROOT, real_corpus
from lectern.corpus import load_corpus
from lectern.parallels import scoring

_spec = importlib.util.spec_from_file_location("parallels_eval", ROOT / "bench" / "parallels_eval.py")
evaluation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(evaluation)

TARGET = 0.9  # issue 5: precision and recall of at least 0.9, by kind
TARGET_CV = 0.95  # issue 17: the same, leave-one-source-out, for every kind with at least 5 labelled links
CORPUS = real_corpus()


@pytest.fixture(scope="module")
def scores():
    """Detected as the build detects: with the glossary's concept ids of each passage."""
    links, unsure = evaluation.load_gold(CORPUS)
    return evaluation.evaluate(evaluation.detect()[1], links, unsure)


def test_gold_set_covers_what_the_issue_names():
    links, _ = evaluation.load_gold(CORPUS)
    pairs = {tuple(sorted((a[0][:3] + a[1], b[0][:3] + b[1]))) for a, b in links}
    assert {
        ("002p11", "003p2"),
        ("002p12", "003p3"),
        ("002p13", "003p4"),
        ("002p14", "003p5"),
        ("002p15", "003p6"),
    } <= pairs
    assert {("000p2", "001p6"), ("000p3", "004p9")} <= pairs  # the dictionary's quotations
    assert {("002p1", "002p7"), ("001p1", "002p1")} <= pairs  # the Chinese paragraph
    slogan = {"000p2", "001p6", "002p11", "003p2", "004p7"}
    assert sum(set(pair) <= slogan for pair in pairs) == 10


def test_precision_meets_target_for_the_kinds_that_reach_it(scores):
    low = {
        k: scores[k]["precision"]
        for k in ("quotation", "translations", "translation")
        if scores[k]["precision"] < TARGET
    }
    assert not low, f"precision below {TARGET}: {low}"


def test_recall_of_cross_lingual_links_meets_target(scores):
    assert scores["translation"]["recall"] >= TARGET


@pytest.mark.xfail(
    strict=True, reason="quotation and paraphrase recall are below the 0.9 target (BENCHMARKS.md, Parallel passages)"
)
def test_recall_and_precision_meet_target_for_every_kind(scores):
    low = {
        (k, m): r[m] for k, r in scores.items() for m in ("recall", "precision") if r[m] is not None and r[m] < TARGET
    }
    assert not low, f"below {TARGET}: {low}"


@pytest.fixture(scope="module")
def fitting():
    """bench/parallels_fit.py, as a module."""
    spec = importlib.util.spec_from_file_location("parallels_fit", ROOT / "bench" / "parallels_fit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cross_validated(fitting):
    """Detection alone (no curated links), each source's links found with a calibration fitted
    without it (bench/parallels_fit.py)."""
    return fitting.leave_one_source_out(fitting.Detector())


def test_cross_validated_scores_do_not_regress(cross_validated):
    """Leave-one-source-out, curation off: the level reached with sentence embeddings, quoted
    clauses, quotations by meaning and sentences aligned in order (issue 17; BENCHMARKS.md): recall
    0.86, precision 0.98 overall. Main's words-only detector: 0.71 / 0.88."""
    rows = cross_validated
    assert rows["all"]["recall"] >= 0.85 and rows["all"]["precision"] >= 0.95
    assert rows["quotation"]["recall"] >= 0.88 and rows["paraphrase"]["recall"] >= 0.5
    assert rows["translations"]["recall"] >= 0.92 and rows["translation"]["recall"] == 1.0
    assert rows["all"]["kind_agreement"] >= 0.95


@pytest.fixture(scope="module")
def combined(fitting):
    """The detector on the seeds with the eight real Chinese texts added, and its candidate pairs'
    evidence: English with English, Chinese with English."""
    det = fitting.combined()
    return det, det.rows(), det.rows(cross=True)


def test_cross_calibration_is_the_fit_on_both_labelled_sets(fitting, combined):
    """``CROSS_CALIBRATION`` is what ``bench/parallels_fit.py --cross`` fits on the Chinese–English
    pairs of the seeds and the real texts, rounded: refit it when the evidence or the labels change."""
    _, _, cross = combined
    assert scoring.CROSS_CALIBRATION == fitting.fitted(cross, fitting.CROSS_NAMES)


def test_cross_calibration_cross_validated_over_thirteen_sources(fitting, combined):
    """Leave-one-source-out over the 5 seeds and the 8 real texts, both calibrations fitted in each
    fold without that source (BENCHMARKS.md): 138 of 187 labelled links (a link between two sources
    counts in the fold of each), 7 false; the hand-set cross-language calibration: 137, 7 false.
    Fitted with the pairs whose said clause is rendered (scored by that rule, not the calibration):
    139 found, 16 false."""
    det, rows, cross = combined
    r = fitting.leave_one_source_out(det, rows, cross)["all"]
    assert r["found"] >= 138 and r["detected"] - r["correct"] <= 7, (r["found"], r["detected"], r["correct"])


@pytest.mark.xfail(
    strict=True,
    reason="issue 17 targets not met: quotation recall 0.88, translations 0.93, paraphrase 0.50 (BENCHMARKS.md)",
)
def test_cross_validated_targets_for_every_kind_with_five_links(cross_validated):
    low = {
        (k, m): r[m]
        for k, r in cross_validated.items()
        if k not in ("all", "confusion") and r["gold"] >= 5
        for m in ("recall", "precision")
        if r[m] is not None and r[m] < TARGET_CV
    }
    assert not low, f"below {TARGET_CV}: {low}"


def test_the_site_shows_every_labelled_link_and_no_false_one():
    """What readers see: detection with the curated links of corpus/parallels.yml, which an editor
    added (and the false alarms suppressed) after reading the detector's misses. This checks that
    the curation stays complete and applied, not the detector (the xfail above does)."""
    links, unsure = evaluation.load_gold(CORPUS)
    site = evaluation.evaluate(evaluation.site_links()[1], links, unsure)
    low = {(k, m): r[m] for k, r in site.items() for m in ("recall", "precision") if r[m] is not None and r[m] < TARGET}
    assert not low, f"below {TARGET}: {low}"


def test_scores_do_not_regress(scores):
    """The level reached when this was written (BENCHMARKS.md): a drop is a regression."""
    assert scores["all"]["recall"] >= 0.81 and scores["all"]["precision"] >= 0.95
    assert scores["quotation"]["recall"] >= 0.84 and scores["translations"]["recall"] >= 0.85
    assert scores["all"]["kind_agreement"] >= 0.95


def test_a_new_chinese_source_links_to_its_english_renderings(tmp_path):
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus_dir)
    shutil.copy(ROOT / "tests" / "data" / "parallels_dev_zh.md", corpus_dir / "sources" / "005-five-points-zh.md")
    load_corpus(corpus_dir)
    _, detected = evaluation.detect(corpus_dir)
    found = {(p.a, p.b): p for p in detected if "005-five-points-zh" in (p.a[0], p.b[0])}
    s2, s3 = "002-internet-governance-with-chinese-characteristics", "003-strengthen-cyber-capabilities"
    expected = {
        ((s, f"p{n + offset}"), ("005-five-points-zh", f"p{n}"))
        for n in range(1, 6)
        for s, offset in ((s2, 10), (s3, 1))
    }
    assert expected <= set(found), f"missing: {sorted(expected - set(found))}"
    assert all(found[pair].kind == "translation" for pair in expected)
    # The other links allowed are genuine: the 2014 goals restated in the second point, and the
    # slogan of the first point (没有网络安全就没有国家安全) that the dictionary entry quotes; and at
    # most one more (issue 17: "at most one false link"). Today that one is 004 p9 with the third
    # point, whose English (003 p4) the labelled set marks *unsure* with 004 p9 ("new drivers
    # promote new development"): 003 p4 and 002 p13, two renderings of the point, are both linked
    # to 004 p9 and so corroborate it.
    others = set(found) - expected
    genuine = {
        (("001-build-china-into-a-cyberpower", "p6"), ("005-five-points-zh", "p2")),
        (("000-strong-cyber-power", "p2"), ("005-five-points-zh", "p1")),
    }
    assert len(others - genuine) <= 1, f"more than one false link: {sorted(others - genuine)}"


def test_a_new_chinese_source_quoting_chinese_links_to_it_in_either_script(tmp_path):
    """tests/data/parallels_dev_zh_quote.md opens with 002's Chinese paragraph in simplified characters
    (002 has it in traditional), has a sentence no source has, and quotes the 2014 slogan, which the
    first of the five points (parallels_dev_zh.md, added too) repeats inside a long sentence."""
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus_dir)
    shutil.copy(ROOT / "tests" / "data" / "parallels_dev_zh.md", corpus_dir / "sources" / "005-five-points-zh.md")
    shutil.copy(ROOT / "tests" / "data" / "parallels_dev_zh_quote.md", corpus_dir / "sources" / "006-opening-zh.md")
    _, detected = evaluation.detect(corpus_dir)
    links = {(p.a, p.b): p for p in detected if "006-opening-zh" in (p.a[0], p.b[0])}
    found = {pair: p.kind for pair, p in links.items()}
    s2, new = "002-internet-governance-with-chinese-characteristics", "006-opening-zh"
    assert found[(s2, "p1"), (new, "p1")] == "quotation"  # Chinese and Chinese, two scripts
    assert found[(s2, "p7"), (new, "p1")] == "translation"  # and the English rendering of it
    assert found[("005-five-points-zh", "p1"), (new, "p3")] == "quotation"  # the slogan
    assert not [pair for pair in found if (new, "p2") in pair]  # the sentence no source has
    # The slogan is marked, not the long sentence of the five points around it.
    slogan = "没有网络安全就没有国家安全，没有信息化就没有现代化"
    corpus = load_corpus(corpus_dir)
    text = {(s.slug, p.id): p.text for s in corpus.sources for p in s.passages}
    link = links[("005-five-points-zh", "p1"), (new, "p3")]
    assert [text[link.a][s.start : s.end] for s in link.spans_a] == [slogan]
    assert [text[link.b][s.start : s.end] for s in link.spans_b] == [slogan]

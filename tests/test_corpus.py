"""Loading and validating corpus sources: every problem is ``file:line: message``."""

from pathlib import Path

import pytest

from lectern.corpus import CorpusError, load_corpus

GOOD = """---
title: A Speech[^*]
date: 2014-02-27
language: mixed
speaker: Xi Jinping
---

First paragraph about 网络强国.[^1]

## Part two

黨的十八大以來,以習近平同志為核心的黨中央審時度勢

[^1]: A note.
[^*]: A note on the title.
"""


def corpus_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "corpus"
    (root / "sources").mkdir(parents=True)
    (root / "raw").mkdir()
    for name, content in files.items():
        path = root / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def problems(tmp_path, files) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_with(tmp_path, files))
    return [str(p) for p in caught.value.problems]


def test_good_source_loads(tmp_path):
    corpus = load_corpus(corpus_with(tmp_path, {"a-speech.md": GOOD}))
    (source,) = corpus.sources
    assert source.slug == "a-speech" and source.title == "A Speech"
    assert [(p.id, p.n, p.line, p.language) for p in source.passages] == [
        ("p1", 1, 8, "en"),
        ("p2", 2, 12, "zh-Hant"),
    ]
    assert source.passages[0].text == "First paragraph about 网络强国."
    assert [(f.number, f.label, f.text) for f in source.footnotes] == [
        (1, "1", "A note."),
        (2, "*", "A note on the title."),
    ]
    assert "fn-2" in source.title_html


def test_bom_and_crlf_simply_work(tmp_path):
    data = b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()
    (source,) = load_corpus(corpus_with(tmp_path, {"a.md": data})).sources
    assert source.meta.title == "A Speech[^*]" and source.passages[1].line == 12
    assert "\r" not in source.passages[0].text


def test_partial_dates_and_year_only(tmp_path):
    for date in ("2015-10", "2015", "'2015-10-01'"):
        src = GOOD.replace("date: 2014-02-27", f"date: {date}")
        (source,) = load_corpus(corpus_with(tmp_path / date, {"a.md": src})).sources
        assert source.meta.date == date.strip("'")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            GOOD.replace("speaker: Xi Jinping", "speaker: [Xi"),
            "corpus/sources/a.md:5: malformed YAML front matter: while parsing a flow sequence, expected",
        ),
        (GOOD.replace("title: A Speech[^*]\n", ""), "corpus/sources/a.md:1: missing required field 'title'"),
        (GOOD.replace("2014-02-27", "2014-02-30"), "corpus/sources/a.md:3: date: '2014-02-30' is not a real date"),
        (
            GOOD.replace("2014-02-27", "27 Feb 2014"),
            "corpus/sources/a.md:3: date: '27 Feb 2014' is not an ISO 8601 date",
        ),
        (
            GOOD.replace("language: mixed", "language: chinese"),
            "corpus/sources/a.md:4: language must be one of en, zh-Hans, zh-Hant, mixed, not 'chinese'",
        ),
        (GOOD.replace("speaker:", "speakr:"), "corpus/sources/a.md:5: unknown key 'speakr' (did you mean 'speaker'?)"),
        (
            GOOD.replace("speaker: Xi Jinping", "speaker: Xi Jinping\nspeaker: Li"),
            "corpus/sources/a.md:6: key 'speaker' appears twice",
        ),
        (
            GOOD.replace("url", "x").replace("speaker: Xi Jinping", "url: javascript:alert(1)"),
            "corpus/sources/a.md:5: url: 'javascript:alert(1)' is not an http(s) URL",
        ),
        ("", "corpus/sources/a.md:1: the file is empty"),
        ("  \n\n", "corpus/sources/a.md:1: the file is empty"),
        ("Just text.\n", "corpus/sources/a.md:1: a source must start with '---'"),
        ("---\ntitle: x\n", "corpus/sources/a.md:1: the front matter opened by '---' on line 1 is never closed"),
        ("---\n- a list\n---\n\nText.\n", "corpus/sources/a.md:2: front matter must be a mapping"),
        (
            GOOD.replace("Part two", "Part two").replace("## Part", "# Part"),
            "corpus/sources/a.md:10: use '##' for section headings",
        ),
        (GOOD.replace("[^1]: A note.", "[^2]: A note."), "corpus/sources/a.md:8: footnote [^1] is not defined"),
        (
            GOOD.replace("[^*]: A note on the title.", ""),
            "corpus/sources/a.md:2: the title refers to footnote [^*], which is not defined",
        ),
        (GOOD + "\n[^1]: Again.\n", "corpus/sources/a.md:17: footnote [^1] is defined twice"),
        (
            GOOD.replace("## Part two", "See [this](javascript:alert(1))."),
            "corpus/sources/a.md:10: link target 'javascript:alert(1)'",
        ),
        (
            GOOD.replace("speaker: Xi Jinping", "origin: missing.txt"),
            "corpus/sources/a.md:5: origin 'missing.txt' is not a file in corpus/raw/",
        ),
        (
            "---\ntitle: T\ndate: 2020\nlanguage: en\n---\n\n## Only a heading\n",
            "corpus/sources/a.md:6: the body has no paragraphs",
        ),
    ],
)
def test_bad_source_is_one_clear_problem(tmp_path, content, expected):
    found = problems(tmp_path, {"a.md": content})
    assert len(found) == 1 and found[0].startswith(expected), found


def test_not_utf8_names_the_line(tmp_path):
    data = GOOD.replace("First paragraph", "Caf\xe9 paragraph").encode("latin-1", errors="replace")
    assert problems(tmp_path, {"a.md": GOOD.encode()[:0] + data.replace(b"?", b"")}) == [
        "corpus/sources/a.md:8: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    ]


def test_duplicate_slugs_name_both_files(tmp_path):
    found = problems(tmp_path, {"course/a-speech.md": GOOD, "A Speech.md": GOOD})
    assert found == [
        "corpus/sources/course/a-speech.md:1: slug 'a-speech' is already used by corpus/sources/A Speech.md"
    ]


def test_every_problem_in_every_file_is_reported(tmp_path):
    found = problems(tmp_path, {"a.md": GOOD.replace("speaker:", "speakr:"), "b.md": ""})
    assert [f.split(":")[0] for f in found] == ["corpus/sources/a.md", "corpus/sources/b.md"]


def test_reading_override_is_taken_out_of_the_text(tmp_path):
    src = GOOD.replace("First paragraph about 网络强国.", "The {行长|háng zhǎng} said 网络强国.")
    (source,) = load_corpus(corpus_with(tmp_path, {"a.md": src})).sources
    p = source.passages[0]
    assert p.text == "The 行长 said 网络强国." and p.readings == ((0, "háng"), (1, "zhǎng"))


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("{为|wāi}", "corpus/sources/a.md:8: 'wāi' is not a reading of 为 (its readings: wéi, wèi)"),
        ("{行长|háng}", "corpus/sources/a.md:8: reading override {行长|háng} gives 1 syllable(s) for 2 character(s)"),
    ],
)
def test_bad_reading_override_names_file_and_line(tmp_path, override, expected):
    src = GOOD.replace("First paragraph about 网络强国.", f"First {override} paragraph.")
    found = problems(tmp_path, {"a.md": src})
    assert len(found) == 1 and found[0].startswith(expected), found


def test_no_sources_at_all(tmp_path):
    assert problems(tmp_path, {}) == ["corpus/sources:1: no sources (*.md) found"]


def test_script_in_body_is_escaped_not_run(tmp_path):
    src = GOOD.replace("## Part two", '<script>alert(1)</script><b onclick="x()">bold</b>')
    (source,) = load_corpus(corpus_with(tmp_path, {"a.md": src})).sources
    p = source.passages[1]
    assert "<script" not in p.html and "<b " not in p.html
    assert p.text == '<script>alert(1)</script><b onclick="x()">bold</b>'


def test_sources_are_sorted_by_date(tmp_path):
    late = GOOD.replace("2014-02-27", "2018")
    corpus = load_corpus(corpus_with(tmp_path, {"a.md": late, "b.md": GOOD}))
    assert [s.slug for s in corpus.sources] == ["b", "a"]

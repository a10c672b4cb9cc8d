"""The stable-anchor rule: an edit to one passage never moves the anchor of another."""

import pytest

from lectern.anchors import Ledger, assign, format_ledger, read_ledger

TEXTS = [
    "Cyber security and information technology application are major strategic issues.",
    "In the world today the IT revolution is making rapid advances.",
    "Cyber security and IT application are closely interconnected with many other fields.",
    "It is a long-term task to ensure that online public opinion is healthy and sound.",
]


def recorded(texts):
    return assign(texts, Ledger()).ledger


def test_without_a_ledger_passages_are_numbered_in_order():
    a = assign(TEXTS, Ledger())
    assert a.ids == ("p1", "p2", "p3", "p4") and a.stale


def test_unchanged_passages_keep_ids_and_ledger_is_current():
    a = assign(TEXTS, recorded(TEXTS))
    assert a.ids == ("p1", "p2", "p3", "p4") and not a.stale


def test_typo_fix_keeps_the_id():
    edited = TEXTS.copy()
    edited[1] = "In the world today the IT revolution is making rapid advance."
    assert assign(edited, recorded(TEXTS)).ids == ("p1", "p2", "p3", "p4")


def test_inserted_passage_gets_a_lettered_id_and_others_stay():
    edited = TEXTS[:2] + ["A new paragraph inserted by the editor."] + TEXTS[2:]
    assert assign(edited, recorded(TEXTS)).ids == ("p1", "p2", "p2a", "p3", "p4")


def test_two_insertions_at_the_start():
    edited = ["First new.", "Second new."] + TEXTS
    assert assign(edited, recorded(TEXTS)).ids == ("p0a", "p0b", "p1", "p2", "p3", "p4")


def test_deleted_id_is_retired_and_never_reused():
    ledger = assign(TEXTS[:1] + TEXTS[2:], recorded(TEXTS)).ledger
    assert [(e.id, e.retired) for e in ledger.entries][-1] == ("p2", True)
    again = assign(TEXTS[:1] + ["Brand new text here."] + TEXTS[2:], ledger)
    assert again.ids == ("p1", "p1a", "p3", "p4")


def test_edit_plus_insert_keeps_the_id_on_the_closer_text():
    edited = (
        TEXTS[:1]
        + [
            "A wholly new paragraph about something else entirely, added here.",
            "In the world today the IT revolution is making very rapid advances.",
        ]
        + TEXTS[2:]
    )
    assert assign(edited, recorded(TEXTS)).ids == ("p1", "p1a", "p2", "p3", "p4")


def test_ledger_round_trip(tmp_path):
    a = assign(TEXTS, Ledger())
    path = tmp_path / "x.txt"
    path.write_text(format_ledger(a.ledger, dict(zip(a.ids, TEXTS))), encoding="utf-8")
    assert read_ledger(path) == a.ledger
    assert "p2 " in path.read_text() and "In the world today the IT revolution is making rapid" in path.read_text()


@pytest.mark.parametrize("n", [0, 1])
def test_degenerate_sizes(n):
    assert assign(TEXTS[:n], Ledger()).ids == tuple(f"p{i}" for i in range(1, n + 1))


def test_editing_a_real_source_keeps_every_other_link(tmp_path):
    """Fix a typo in one passage and insert another: every old link still finds its text."""
    import shutil

    from conftest import ROOT
    from lectern.corpus import load_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    path = corpus / "sources" / "001-build-china-into-a-cyberpower.md"
    before = {p.id: p.text for p in load_corpus(corpus).source(path.stem).passages}
    text = path.read_text(encoding="utf-8")
    text = text.replace("rapid advances", "rapid advance", 1)  # a typo "fixed" in p2
    text = text.replace(
        "\n\nCyber security and IT application are closely",
        "\n\nAn inserted paragraph.\n\nCyber security and IT application are closely",
        1,
    )
    path.write_text(text, encoding="utf-8")
    after = load_corpus(corpus).source(path.stem)
    ids = [p.id for p in after.passages]
    assert ids[:4] == ["p1", "p2", "p2a", "p3"] and after.anchors.stale
    texts = {p.id: p.text for p in after.passages}
    assert texts["p2a"] == "An inserted paragraph."
    assert texts["p2"] == before["p2"].replace("rapid advances", "rapid advance")
    assert all(texts[i] == before[i] for i in before if i != "p2")
    assert [p.n for p in after.passages] == list(range(1, len(before) + 2))

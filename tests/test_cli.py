"""``python -m lectern``: check and anchors, as an editor uses them."""

import re
import subprocess
import sys

from conftest import ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "lectern", *args], cwd=cwd, capture_output=True, text=True)


def test_check_reports_the_corpus():
    result = run("check")
    assert result.returncode == 0
    assert result.stdout.strip() == "corpus: 5 sources, 59 passages, 54 glossary terms, 1 assignments, no problems"


def test_check_lists_problems_without_traceback(project):
    path = project.sources / "003-strengthen-cyber-capabilities.md"
    path.write_text(path.read_text(encoding="utf-8").replace("language: en", "language: EN"), encoding="utf-8")
    result = run("check", cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "corpus/sources/003-strengthen-cyber-capabilities.md:4: "
        "language must be one of en, zh-Hans, zh-Hant, mixed, not 'EN'"
    )


def test_anchors_records_an_edit_and_then_is_current(project):
    path = project.sources / "003-strengthen-cyber-capabilities.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n\nSecond, ", "\n\nA new paragraph.\n\nSecond, ", 1), encoding="utf-8")
    assert run("anchors", "--check", cwd=project.root).returncode == 1
    ledger = (project.root / "corpus/anchors/003-strengthen-cyber-capabilities.txt").read_text()
    assert "\np2a " in ledger and "A new paragraph." in ledger
    again = run("anchors", "--check", cwd=project.root)
    assert again.returncode == 0 and again.stdout.strip() == "anchor ledgers are up to date"


def test_core_never_imports_mkdocs():
    code = (
        "import sys, lectern.publish, lectern.__main__; "
        "lectern.publish.plan('corpus'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- check --readings (issue 15) -----------------------------------------------------------------

TRAPS = """---
title: Traps
date: 2021
language: zh-Hans
---

这件衣服很便宜。

信息化为中华民族带来了千载难逢的机遇，他在公司做{会|kuài}计。
"""


def test_check_readings_is_empty_for_the_seed_corpus():
    result = run("check", "--readings")
    assert result.returncode == 0 and result.stdout == ""


def test_check_readings_lists_file_line_reading_and_alternative(project, monkeypatch):
    (project.sources / "900-traps.md").write_text(TRAPS, encoding="utf-8")
    code = (
        "import sys; from lectern import reading, __main__ as m; from lectern.corpus import load_corpus\n"
        # a threshold just above 便's margin (pián over biàn)
        "d = [d for d in reading.doubts('这件衣服很便宜。', 100.0) if d.char == '便'][0]\n"
        "reading._model().doubt = d.margin + 0.01\n"
        "print('\\n'.join(m.doubtful_readings(load_corpus('corpus'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "corpus/sources/900-traps.md:7: 便 pián (or biàn): 这件衣服很便宜。" in lines
    assert all(re.fullmatch(r"corpus/sources/[^:]+\.md:\d+: \w \w+ \(or \w+\): \S.*", line) for line in lines), lines
    assert not [line for line in lines if "会" in line.split(":")[2]]  # overridden in the file


def test_check_readings_never_lists_an_edited_reading(project):
    (project.sources / "900-traps.md").write_text(TRAPS.replace("很便宜", "很{便|pián}宜"), encoding="utf-8")
    code = (
        "from lectern import reading, __main__ as m; from lectern.corpus import load_corpus\n"
        "reading._model().doubt = 100.0\n"  # every reading the model chose is doubtful
        "print('\\n'.join(m.doubtful_readings(load_corpus('corpus'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stdout.splitlines() if line.startswith("corpus/sources/900-traps.md:7:")]
    assert listed and not [line for line in listed if ": 便 " in line]  # 宜 is listed, the edited 便 is not

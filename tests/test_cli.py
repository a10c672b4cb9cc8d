"""``python -m lectern``: check and anchors, as an editor uses them."""

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

"""``python -m lectern``: check and anchors, as an editor uses them.

The commands run in this process, through ``main()`` as ``python -m lectern`` and the ``lectern``
script call it, so that each does not start Python and the reading engine again; two tests run
the real ``python -m lectern`` (undecodable standard input here, ``annotate FILE`` in test_ruby),
and test_hostile runs ``check`` in processes of bounded memory."""

import contextlib
import io
import re
import subprocess
import sys
from dataclasses import dataclass
from unittest import mock

import pytest

from conftest import ROOT
from lectern.__main__ import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args, cwd=ROOT, stdin: bytes = b"") -> Result:
    """``python -m lectern ARGS`` in ``cwd``, run in this process: its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(cwd),
        mock.patch.object(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin))),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse: --help, --version and usage errors
            code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
    return Result(code, out.getvalue(), err.getvalue())


@pytest.mark.build  # checks the whole corpus: the build's first stage
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


@pytest.mark.build  # plans the whole site
def test_core_never_imports_mkdocs():
    """Only the plugin (``lectern.mkdocs_plugin``) may: every other module is imported and a plan made."""
    code = (
        "import sys, pkgutil, importlib, lectern, lectern.publish; "
        "names = [m.name for m in pkgutil.walk_packages(lectern.__path__, 'lectern.') "
        "         if not m.name.startswith('lectern.mkdocs_plugin')]; "
        "assert len(names) > 20, names; "
        "[importlib.import_module(n) for n in names]; "
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


@pytest.mark.build  # checks the whole corpus: the build's first stage
def test_check_readings_is_empty_for_the_seed_corpus():
    result = run("check", "--readings")
    assert result.returncode == 0 and result.stdout == ""


def test_check_readings_lists_file_line_reading_and_alternative(project, monkeypatch):
    (project.sources / "900-traps.md").write_text(TRAPS, encoding="utf-8")
    code = (
        "import sys; from lectern import reading, reading_model, __main__ as m; from lectern.corpus import load_corpus\n"
        # a threshold just above 便's margin (pián over biàn)
        "d = [d for d in reading.doubts('这件衣服很便宜。', 100.0) if d.char == '便'][0]\n"
        "reading_model.model().doubt = d.margin + 0.01\n"
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
        "from lectern import reading, reading_model, __main__ as m; from lectern.corpus import load_corpus\n"
        "reading_model.model().doubt = 100.0\n"  # every reading the model chose is doubtful
        "print('\\n'.join(m.doubtful_readings(load_corpus('corpus'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stdout.splitlines() if line.startswith("corpus/sources/900-traps.md:7:")]
    assert listed and not [line for line in listed if ": 便 " in line]  # 宜 is listed, the edited 便 is not


# --- the command line itself (issue 20) -----------------------------------------------------------


def test_help_is_plain_text_and_every_command_has_it():
    top = run("--help")
    assert top.returncode == 0 and "usage: lectern" in top.stdout
    assert "``" not in top.stdout and ":func:" not in top.stdout  # no reStructuredText markup
    for command in ("check", "anchors", "annotate", "links"):
        assert command in top.stdout
        result = run(command, "-h")
        assert result.returncode == 0, command
        assert result.stdout.startswith(f"usage: lectern {command}") and "``" not in result.stdout


def test_version_is_the_installed_distribution():
    from importlib import metadata

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"lectern {metadata.version('mkdocs-lectern')}"


def test_links_of_a_missing_site_is_an_error_not_a_pass():
    result = run("links", "/nonexistent")
    assert result.returncode == 2
    assert "broken internal link" not in result.stdout + result.stderr
    assert "lectern links: error: argument site: /nonexistent: no such folder" in result.stderr


def test_check_of_a_missing_corpus_names_the_path_as_given(tmp_path):
    for command in ("check", "anchors"):
        result = run(command, "/nonexistent")
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"lectern {command}: error: argument corpus: /nonexistent: no such folder" in result.stderr
    (tmp_path / "file").write_text("x")
    result = run("check", str(tmp_path / "file"))
    assert result.returncode == 2 and f"{tmp_path / 'file'}: not a folder" in result.stderr


def test_annotate_refuses_undecodable_standard_input():
    result = subprocess.run(
        [sys.executable, "-m", "lectern", "annotate", "-"],
        input="为人民\n服务".encode() + b"\xff\n",
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1 and result.stdout == b""
    assert (
        result.stderr.decode().strip() == "lectern annotate: standard input:2: not UTF-8 text (byte 0xff at offset 16)"
    )


def test_annotate_reads_standard_input_and_a_missing_file_is_an_error():
    result = run("annotate", "-", stdin="\ufeff为人民服务".encode())
    assert result.returncode == 0 and 'data-py="wèi"' in result.stdout and "\ufeff" not in result.stdout
    missing = run("annotate", "/nonexistent.txt")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "lectern annotate: /nonexistent.txt: cannot read it (No such file or directory)"

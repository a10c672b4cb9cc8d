"""Hostile corpus edits (issue 22), shared by the build tests and the Chromium tests.

Each function edits a copy of the project (``conftest.Project``) in place; ``PAGES`` lists the
pages of the site that carry a payload once :func:`all_text_payloads` has been applied.
"""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = "001-build-china-into-a-cyberpower.md"
ATTRS = "{: tabindex=0 autofocus onfocus=alert(document.domain) }"
LINKS = "[click](javascript:alert(1)) ![t](https://evil.example/pixel.png) [x](//evil.example/t)"
TERM = "strong-cyber-power"
ASSIGNMENT = "strong-cyber-power-2018.yml"

PAGES = (
    "sources/001-build-china-into-a-cyberpower/",
    "sources/zhong-wen/",
    "glossary/strong-cyber-power/",
    "assignments/strong-cyber-power-2018/",
    "sources/",
    "glossary/",
    "assignments/",
    "parallels/",
    "compare/#000-strong-cyber-power-p5--001-build-china-into-a-cyberpower-p9",  # a curated pair: its note
)


def yaml_string(text: str) -> str:
    """``text`` as a single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


def set_key(text: str, key: str, value: str, indent: str = "") -> str:
    """Replace the first ``key:`` (at ``indent``) of a YAML text, with its continuation lines (a
    block scalar, a wrapped list), by ``key: value``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(rf"{indent}{key}:", line))
    end = start + 1
    while end < len(lines) and (lines[end].startswith(indent + " ") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # blank lines after the value stay
        end -= 1
    return "\n".join([*lines[:start], f"{indent}{key}: {value}", *lines[end:]])


def edit_source(root: Path, **fields: str) -> None:
    path = root / "corpus" / "sources" / SOURCE
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    for key, value in fields.items():
        if re.search(rf"^{key}:", head, re.M):
            head = set_key(head, key, value)
        else:
            head += f"\n{key}: {value}"
    path.write_text(head + "\n---\n" + body, encoding="utf-8")


def append_body(root: Path, markdown: str) -> None:
    path = root / "corpus" / "sources" / SOURCE
    path.write_text(path.read_text(encoding="utf-8") + "\n" + markdown + "\n", encoding="utf-8")


def edit_term(root: Path, **fields: str) -> None:
    """Change fields of the first glossary term (``strong-cyber-power``)."""
    path = root / "corpus" / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {TERM}\n")
    end = text.index("\n- id:", start)
    entry = text[start:end]
    for key, value in fields.items():
        entry = set_key(entry, key, value, indent="  ") if f"\n  {key}:" in entry else entry + f"\n  {key}: {value}"
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")


def edit_assignment(root: Path, **fields: str) -> None:
    path = root / "corpus" / "assignments" / ASSIGNMENT
    text = path.read_text(encoding="utf-8")
    for key, value in fields.items():
        text = set_key(text, key, value)
    path.write_text(text, encoding="utf-8")


def edit_parallels_note(root: Path, note: str) -> None:
    """The note of the first curated link (000 p5 and 001 p9)."""
    path = root / "corpus" / "parallels.yml"
    path.write_text(set_key(path.read_text(encoding="utf-8"), "note", note, indent="    "), encoding="utf-8")


def chinese_file_name(root: Path) -> None:
    """A second source whose file name is Chinese (it must not be lost)."""
    text = (root / "corpus" / "sources" / SOURCE).read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    head = set_key(head, "title", "中文 source")
    (root / "corpus" / "sources" / "中文.md").write_text(head + "\n---\n\n网络强国是一个目标。\n", encoding="utf-8")


def all_text_payloads(root: Path) -> None:
    """Attribute lists and links in every text field that reaches a heading or the page header."""
    edit_source(
        root,
        title=yaml_string(f"Hostile {ATTRS}"),
        summary=yaml_string(f"Summary {LINKS} {ATTRS}"),
        speaker=yaml_string(f"<img src=x onerror=alert(1)> {ATTRS}"),
    )
    append_body(root, f"## Section {ATTRS}\n\nA paragraph {ATTRS} with *emphasis*{{: onclick=alert(2) }}.")
    edit_term(
        root, en=yaml_string(f"strong cyber power {ATTRS}"), definition=yaml_string(f"Definition {LINKS} {ATTRS}")
    )
    edit_assignment(
        root,
        title=yaml_string(f"Assignment {ATTRS}"),
        course=yaml_string(f"Course {LINKS}"),
        audience=yaml_string(f"<script>alert(3)</script> {ATTRS}"),
    )
    edit_parallels_note(root, yaml_string(f"Note {LINKS} <img src=x onerror=alert(4)> {ATTRS}"))
    chinese_file_name(root)

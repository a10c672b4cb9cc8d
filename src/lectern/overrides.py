"""Editorial reading overrides in corpus Markdown: ``{行长|háng zhǎng}`` fixes the pinyin of the
characters it wraps, one syllable per character."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import language

_OVERRIDE = re.compile(f"\\{{([{language.HAN}]+)\\|([^{{}}|\\n]+)\\}}")
_HAN_CHAR = re.compile(f"[{language.HAN}]")


@dataclass(frozen=True)
class Override:
    """An editorial reading, ``{行长|háng zhǎng}``: the Han character's index in the passage."""

    han_index: int
    char: str
    reading: str
    line: int  # line offset in the block


def extract_overrides(text: str) -> tuple[str, list[Override], list[tuple[int, str]]]:
    """Take ``{字|zì}`` reading overrides out of corpus Markdown: the text, the overrides, problems."""
    overrides, problems, out, last, han = [], [], [], 0, 0
    for m in _OVERRIDE.finditer(text):
        out.append(text[last : m.start()])
        han += len(_HAN_CHAR.findall(text[last : m.start()]))
        chars, syllables = m.group(1), m.group(2).split()
        line = text.count("\n", 0, m.start())
        if len(syllables) != len(chars):
            problems.append(
                (
                    line,
                    (
                        f"reading override {m.group(0)} gives {len(syllables)} syllable(s) for "
                        f"{len(chars)} character(s): write one per character, separated by spaces"
                    ),
                )
            )
        overrides += [Override(han + i, c, r, line) for i, (c, r) in enumerate(zip(chars, syllables))]
        out.append(chars)
        han += len(chars)
        last = m.end()
    out.append(text[last:])
    return "".join(out), overrides, problems

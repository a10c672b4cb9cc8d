"""Pinyin ruby over every Han character: one ``<ruby>`` per segmented word, one ``<rt>`` per character.

``<rt>`` carries ``data-search-exclude`` so that search indexes the Chinese, not the readings,
and each ``<ruby>`` carries the word's syllables (``data-py``) for the reader's popups and tools.
The readings come from :mod:`lectern.reading`; this module only writes markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from html import escape, unescape

from . import language, markup

_TONE = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def tone(syllable: str) -> int:
    """1–4 from the tone mark, 5 for a neutral (toneless) syllable."""
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONE:
            return _TONE[ch]
    return 5


def ruby(text: str, overrides: Mapping[int, str] | None = None) -> str:
    """Escaped HTML of plain ``text`` with a reading over every Han character."""
    from . import reading  # the engine loads on first Chinese text only

    if not language.has_han(text):
        return escape(text, quote=False)
    out = []
    for word in reading.analyse(text, overrides):
        if not any(word.syllables):
            out.append(escape(word.text, quote=False))
            continue
        cells = "".join(
            escape(ch, quote=False) if syl is None else f'{ch}<rt class="t{tone(syl)}" data-search-exclude>{syl}</rt>'
            for ch, syl in zip(word.text, word.syllables)
        )
        py = " ".join(s for s in word.syllables if s)
        out.append(f'<ruby class="lx-w" data-py="{py}">{cells}</ruby>')
    return "".join(out)


def annotate(html: str) -> str:
    """Ruby on every Han character in the text of an HTML fragment (tags are left as they are)."""
    return markup.map_text(html, lambda text: ruby(unescape(text)) if language.has_han(text) else text)


def annotate_text(text: str) -> str:
    """An HTML fragment for plain text: one ``<p>`` per paragraph, Chinese marked and annotated."""
    paragraphs = [" ".join(p.split("\n")).strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    out = []
    for paragraph in filter(None, paragraphs):
        lang = language.passage_language(paragraph, "mixed")
        html = escape(paragraph, quote=False)
        if lang == "en":
            out.append(f"<p>{annotate(language.mark_runs(html, 'zh-Hans'))}</p>")
        else:
            out.append(f'<p lang="{lang}">{annotate(html)}</p>')
    return "\n".join(out) + "\n"

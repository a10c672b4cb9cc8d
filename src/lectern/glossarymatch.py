"""Finding glossary terms in a passage's rendered HTML, and marking them.

Matching works on "atoms": one per character of text, and one per pinyin-ruby word
(``ruby.lx-w``), so a Chinese form only matches whole segmented words. Every atom has its text as
shown and its simplified form (from the ruby's ``data-s``, or OpenCC for unannotated text), both of
the same length, so English forms are matched on the shown text and Chinese forms on the simplified
text, which makes traditional text match too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape

from . import language
from .glossary import Term
from .ruby import UNITS, WORD_START, word_text

_VOID = {"br", "wbr", "img", "hr", "input", "meta", "link", "source", "col", "area", "base", "embed", "param", "track"}
_BLOCKED = {"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "svg"}  # shown, never matched
_SKIPPED = {"rt", "rp", "script", "style", "template"}  # not reader text
_SKIPPED_CLASSES = {"lx-fnref", "lx-pn", "lx-term"}
_INLINE = {"span", "em", "strong", "b", "i", "u", "small", "mark", "sub", "sup", "q", "cite", "abbr", "dfn", "s"}
_BREAK = {"p", "li", "ul", "ol", "div", "blockquote", "br", "table", "tr", "td", "th", "dd", "dt", "dl", "section"}
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_CLASS = re.compile(r'\sclass="([^"]*)"')
_PIECE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.S)
_BREAK_CHAR = "\u2029"  # stands for a block boundary in the matched text: no match or context crosses it
_LETTER = "0-9A-Za-z\u00c0-\u024f"
_WORD_START = re.compile(f"(?<![{_LETTER}])[{_LETTER}]")


@dataclass(frozen=True)
class Hit:
    """One occurrence of a term in a passage: offsets in the passage's reader text."""

    term: str
    start: int
    end: int
    text: str
    left: str  # context, for the concordance
    right: str


class _Atom:
    """A unit of matching: one character, or one ruby word. ``key`` is its simplified form (same length)."""

    __slots__ = ("blocked", "key", "text", "u0", "u1")

    def __init__(self, text: str, key: str, u0: int, u1: int, blocked: bool):
        self.text, self.key, self.u0, self.u1, self.blocked = text, key, u0, u1, blocked


def _bucket(form: str) -> str:
    """Where an English form is filed: its first two characters if both are letters or digits."""
    return form[:2].lower() if form[1:2].isalnum() else form[:1].lower()


def _english_pattern(form: str) -> str:
    """A regex for an English form: any case, words joined by spaces, a hyphen or nothing, a plural."""
    words = re.findall(r"[^\s\-\u2010\u2011\u2013]+", form)
    parts = [re.escape(w) for w in words]
    last = words[-1]
    if re.search(r"[^aeiou]y$", last, re.I):
        parts[-1] = re.escape(last[:-1]) + "(?:y|ies)"
    elif re.search(r"(s|x|z|ch|sh)$", last, re.I):
        parts[-1] += "(?:es)?"
    elif re.search(r"[a-z]$", last, re.I):
        parts[-1] += "s?"
    joiner = r"(?:[\u201d\u2019\"']?[\s\u00a0]+|\s*[-\u2010\u2011\u2013]\s*|)"
    body = joiner.join(parts)
    after = f"(?![{_LETTER}])" if re.search(f"[{_LETTER}]$", form) else ""
    return body + after


@functools.cache
def _english_regex(form: str) -> re.Pattern:
    """The compiled pattern of an English form, kept: a build makes two matchers (plain text, then
    pages), and a large glossary has more forms than ``re``'s own cache holds."""
    return re.compile(_english_pattern(form), re.I)


class Matcher:
    """Finds glossary terms in passage HTML written by this package, and marks them.

    The longest match wins; matches never overlap. Nothing inside links, code, headings or ruby
    readings is matched, and marks never split an element.
    """

    def __init__(self, terms: Iterable[Term]):
        self.terms = tuple(terms)
        self.chinese: dict[str, list[tuple[str, str]]] = {}  # first character -> (form, term id), longest first
        # English forms by their first two letters, so each word start tries only a few patterns
        self.english: dict[str, list[tuple[re.Pattern, str]]] = {}
        for term in self.terms:
            for form in dict.fromkeys(term.english_forms):
                pattern = _english_regex(form)
                self.english.setdefault(_bucket(form), []).append((pattern, term.id))
            for form in dict.fromkeys(language.simplified_aligned(f) for f in term.chinese_forms):
                self.chinese.setdefault(form[0], []).append((form, term.id))
        for forms in self.chinese.values():
            forms.sort(key=lambda f: (-len(f[0]), f[0]))

    # -- reading the HTML

    def _atoms(self, html: str) -> tuple[list[str], list[_Atom]]:
        """The HTML as units (a tag, one of this package's ruby words whole, or one character of
        text), and the atoms of its reader text."""
        units: list[str] = []
        atoms: list[_Atom] = []
        stack: list[tuple[str, str]] = []  # (tag, state): state is "", "blocked", "skipped"
        for i, token in enumerate(UNITS.split(html)):
            if not token:
                continue
            state = stack[-1][1] if stack else ""
            if i % 2 and token.startswith(WORD_START):  # words repeat: each is read once (cached)
                units.append(token)
                if state != "skipped":
                    atoms.append(_Atom(*word_text(token), len(units) - 1, len(units), state == "blocked"))
                continue
            if i % 2:  # a tag
                units.append(token)
                m = _TAG_NAME.match(token)
                if not m:
                    continue
                closing, name = m.group(1) == "/", m.group(2).lower()
                if name in _BREAK:
                    atoms.append(_Atom(_BREAK_CHAR, _BREAK_CHAR, len(units) - 1, len(units) - 1, True))
                if closing:
                    if stack and stack[-1][0] == name:
                        stack.pop()
                    continue
                if name in _VOID or token.endswith("/>"):
                    continue
                class_attribute = _CLASS.search(token)
                classes = set(class_attribute.group(1).split()) if class_attribute else set()
                if state != "skipped":
                    if name in _SKIPPED or classes & _SKIPPED_CLASSES:
                        state = "skipped"
                    elif name in _BLOCKED:
                        state = "blocked"
                stack.append((name, state))
                continue
            pieces = _PIECE.findall(token)
            if state == "skipped":
                units += pieces
                continue
            chars = [unescape(p) if p[0] == "&" else p for p in pieces]
            text = "".join(chars)
            simple = language.simplified_aligned(text) if language.has_han(text) else text
            # None where an entity stands for an astral character, say: each character is its own key
            keys = simple if len(simple) == len(chars) and len(text) == len(chars) else None
            for j, (piece, char) in enumerate(zip(pieces, chars)):
                key = keys[j] if keys else char
                atoms.append(_Atom(char, key, len(units), len(units) + 1, state == "blocked"))
                units.append(piece)
        return units, atoms

    # -- finding

    def find(self, html: str) -> list[Hit]:
        """Every occurrence of every term in ``html``, in text order."""
        return [hit for hit, _ in self._find(html)[1]]

    def _find(self, html: str) -> tuple[list[str], list[tuple[Hit, tuple[int, int]]]]:
        units, atoms = self._atoms(html)
        text = "".join(a.text for a in atoms)
        key = "".join(a.key for a in atoms)
        starts, ends, blocked = {}, {}, []
        offset = 0
        for n, atom in enumerate(atoms):
            starts[offset] = n
            offset += len(atom.text)
            ends[offset] = n
            blocked += [atom.blocked] * len(atom.text)
        candidates: list[tuple[int, int, str]] = []
        for word in _WORD_START.finditer(text):
            start = word.start()
            best = None
            tried = self.english.get(text[start].lower(), [])
            if text[start + 1 : start + 2].isalnum():
                tried = [*tried, *self.english.get(text[start : start + 2].lower(), ())]
            for pattern, term_id in tried:
                m = pattern.match(text, start)
                if m and (best is None or m.end() > best[1]):
                    best = (start, m.end(), term_id)
            if best:
                candidates.append(best)
        for start in starts:
            for form, term_id in self.chinese.get(key[start : start + 1], ()):
                if key.startswith(form, start) and start + len(form) in ends:
                    candidates.append((start, start + len(form), term_id))
                    break
        chosen: list[tuple[int, int, str]] = []
        taken = [False] * len(text)
        for start, end, term_id in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
            if start not in starts or end not in ends or any(taken[start:end]) or any(blocked[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            chosen.append((start, end, term_id))
        chosen.sort()
        hits = []
        for start, end, term_id in chosen:
            hit = Hit(
                term_id,
                start,
                end,
                text[start:end],
                _context(text[max(0, start - 200) : start], left=True),
                _context(text[end : end + 200], left=False),
            )
            hits.append((hit, (atoms[starts[start]].u0, atoms[ends[end]].u1)))
        return units, hits

    # -- marking

    def mark(self, html: str, marks: str = "first") -> tuple[str, list[Hit]]:
        """``html`` with terms wrapped in ``span.lx-term`` (the first of each term, or ``all``), and every hit."""
        units, found = self._find(html)
        before: dict[int, list[str]] = {}
        after: dict[int, list[str]] = {}
        seen: set[str] = set()
        for hit, (u0, u1) in found:
            if marks == "first" and hit.term in seen:
                continue
            span = _balanced(units, u0, u1)
            if span is None:
                continue
            seen.add(hit.term)
            u0, u1 = span
            before.setdefault(u0, []).append(f'<span class="lx-term" data-term="{hit.term}" tabindex="0">')
            after.setdefault(u1, []).append("</span>")
        if not before:
            return html, [hit for hit, _ in found]
        out: list[str] = []
        for k in range(len(units) + 1):
            out += after.get(k, ())
            out += before.get(k, ())
            if k < len(units):
                out.append(units[k])
        return "".join(out), [hit for hit, _ in found]


def _depth_change(unit: str) -> int:
    m = _TAG_NAME.match(unit)
    if not m or m.group(2).lower() in _VOID or unit.endswith("/>") or unit.startswith(WORD_START):  # void or whole
        return 0
    return -1 if m.group(1) else 1


def _balanced(units: list[str], u0: int, u1: int) -> tuple[int, int] | None:
    """Widen ``[u0, u1)`` out of inline elements it starts or ends at until it is well-formed."""

    def ok(a: int, b: int) -> bool:
        depth = 0
        for unit in units[a:b]:
            depth += _depth_change(unit)
            if depth < 0:
                return False
        return depth == 0

    def inline_open(k: int) -> bool:
        m = _TAG_NAME.match(units[k]) if k >= 0 else None
        return bool(m and not m.group(1) and m.group(2).lower() in _INLINE)

    def inline_close(k: int) -> bool:
        m = _TAG_NAME.match(units[k]) if k < len(units) else None
        return bool(m and m.group(1) and m.group(2).lower() in _INLINE)

    for _ in range(8):
        if ok(u0, u1):
            return u0, u1
        if inline_open(u0 - 1):
            u0 -= 1
        elif inline_close(u1):
            u1 += 1
        else:
            return None
    return None


def _context(text: str, *, left: bool, width: int = 60) -> str:
    """Up to ``width`` characters of context on one line, cut at a word boundary (``…`` where cut)."""
    text = re.sub(r"\s+", " ", text.rpartition(_BREAK_CHAR)[2] if left else text.partition(_BREAK_CHAR)[0])
    if len(text) <= width:
        return text.lstrip() if left else text.rstrip()
    if left:
        cut = text[-width:]
        if " " in cut[:-1] and not language.has_han(cut[:1]):
            cut = cut[cut.index(" ") + 1 :]
        return "… " + cut
    cut = text[:width]
    if " " in cut[1:] and not language.has_han(cut[-1:]):
        cut = cut[: cut.rindex(" ")]
    return cut + " …"

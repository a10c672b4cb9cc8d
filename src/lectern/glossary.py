"""The glossary: curated terms, found in the rendered passages in English and Chinese.

``corpus/glossary.yml`` is a YAML list of terms (format in README.md). :func:`load_glossary`
validates it into :class:`Term` records, reporting every problem as ``file:line: problem``.
:class:`Matcher` finds the terms in a passage's rendered HTML and marks them; :class:`GlossaryAid`
plugs it into :mod:`lectern.render` and collects every occurrence for the concordance and the API.

Matching works on "atoms": one per character of text, and one per pinyin-ruby word
(``ruby.lx-w``), so a Chinese form only matches whole segmented words. Every atom has its text as
shown and its simplified form (from the ruby's ``data-s``, or OpenCC for unannotated text), both of
the same length, so English forms are matched on the shown text and Chinese forms on the simplified
text, which makes traditional text match too.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from . import language, markup, yamlsafe
from .corpus import RESERVED_SLUGS, Corpus, CorpusError, OutsideCorpus, Passage, Problem, Source, read_inside, unknown_key
from .render import Aid
from .ruby import UNITS, WORD_START, word_text

GLOSSARY_FILE = "glossary.yml"
MARKS = ("first", "all")  # mark the first occurrence of a term in each passage, or every one
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SYLLABLE_SPLIT = re.compile(r"\s+")


# --- the data ----------------------------------------------------------------------------------


class FirstUse(BaseModel):
    """When the term was first used, as far as the corpus (or the editor) knows."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    date: str
    source: str | None = None  # a source slug, or slug#passage
    text: str | None = None  # what happened, in a few words

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> str:
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            raise ValueError(f"{text!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
        try:
            datetime.date(*([int(p) for p in text.split("-")] + [1, 1])[:3])
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        return text


class TermEntry(BaseModel):
    """One term as written in the glossary file. Unknown keys are rejected (usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str
    en: str
    zh: str
    definition: str
    variants: tuple[str, ...] = ()
    zh_hant: str | None = None
    pinyin: str | None = None
    note: str = ""
    related: tuple[str, ...] = ()
    first_use: FirstUse | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.fullmatch(value):
            raise ValueError(f"{value!r} is not a valid id: use lower-case letters, digits and single hyphens")
        if value in RESERVED_SLUGS:
            raise ValueError(f"{value!r} is reserved for the glossary's own page: choose another id, e.g. '{value}-term'")
        return value

    @field_validator("en", "definition")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        if "\n" in value:
            raise ValueError("must be one line")
        return value

    @field_validator("zh")
    @classmethod
    def _chinese(cls, value: str) -> str:
        if not language.has_han(value):
            raise ValueError(f"{value!r} has no Chinese characters")
        return value


@dataclass(frozen=True)
class Term:
    """A validated glossary term. ``pinyin`` has one tone-marked syllable per Han character of
    ``zh``; ``pinyin_words`` joins them by words (``wǎngluò qiángguó``); ``pinyin_plain`` is the
    same without tones, for search (``wangluo qiangguo``)."""

    id: str
    headword: str
    variants: tuple[str, ...]  # English forms other than the headword, as the sources write them
    zh: str  # simplified
    zh_hant: str  # traditional (Taiwan standard characters unless given)
    zh_variants: tuple[str, ...]  # other Chinese forms, either script
    pinyin: tuple[str, ...]
    pinyin_words: str
    pinyin_plain: str
    definition: str
    note_markdown: str
    note_html: str
    related: tuple[str, ...]
    first_use: FirstUse | None
    line: int

    @property
    def english_forms(self) -> tuple[str, ...]:
        return (self.headword, *self.variants)

    @property
    def chinese_forms(self) -> tuple[str, ...]:
        return (self.zh, self.zh_hant, *self.zh_variants)


@dataclass(frozen=True)
class Glossary:
    path: str
    terms: tuple[Term, ...]  # sorted by headword (case-insensitive), then id

    def term(self, term_id: str) -> Term:
        return self._by_id[term_id]

    def __contains__(self, term_id: str) -> bool:
        return term_id in self._by_id

    @property
    def _by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}


# --- loading and validation ----------------------------------------------------------------------


def load_glossary(corpus_dir: Path, corpus: Corpus | None = None, readings=None, name: str = GLOSSARY_FILE) -> Glossary:
    """Load ``corpus_dir/glossary.yml`` (or another ``name`` in that folder; an empty glossary when there is none).

    ``corpus`` lets first uses be checked against the sources; ``readings`` is a
    :class:`lectern.ruby.Annotator` whose cached word readings give the pinyin that is not written.
    Raises :class:`CorpusError` with every problem found.
    """
    path = Path(corpus_dir) / name
    shown = _display(path, Path(corpus_dir).parent)
    if not path.is_file():
        return Glossary(shown, ())
    problems: list[Problem] = []
    try:
        root = yamlsafe.compose(yamlsafe.decode(read_inside(path, corpus_dir)))
    except yamlsafe.YamlProblem as exc:
        raise CorpusError([Problem(shown, exc.line, exc.message)]) from None
    except OutsideCorpus as exc:
        raise CorpusError([Problem(shown, 1, str(exc))]) from None
    if root is None:
        return Glossary(shown, ())
    if not isinstance(root, yaml.SequenceNode):
        raise CorpusError([Problem(shown, root.start_mark.line + 1, "the glossary must be a list of terms ('- id: …')")])

    entries: list[tuple[TermEntry, dict[str, int], yaml.Node]] = []
    known: set[str] = set()
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(shown, line, "each term must be a mapping of keys to values (id: …, en: …)"))
            continue
        lines: dict[str, int] = {}
        for key_node, _ in item.value:
            key = str(key_node.value)
            if key in lines:
                problems.append(Problem(shown, key_node.start_mark.line + 1, f"key {key!r} appears twice"))
            lines[key] = key_node.start_mark.line + 1
        try:
            data = yamlsafe.construct(item)
        except yamlsafe.YamlProblem as exc:
            problems.append(Problem(shown, exc.line if exc.line > 1 else line, exc.message))
            continue
        if isinstance(data.get("id"), str):
            known.add(data["id"])  # so that a term with other problems is still a known related id
        try:
            entries.append((TermEntry.model_validate(data), lines, item))
        except ValidationError as exc:
            name = data.get("id") if isinstance(data.get("id"), str) else None
            problems += [_entry_problem(err, lines, line, shown, name) for err in exc.errors()]

    terms: list[Term] = []
    ids: dict[str, int] = {}
    claimed: dict[str, tuple[str, int]] = {}  # normalised form -> (term id, line)
    for entry, lines, item in entries:
        line = item.start_mark.line + 1
        if entry.id in ids:
            problems.append(Problem(shown, lines["id"], f"duplicate id {entry.id!r} (first used on line {ids[entry.id]})"))
            continue
        ids[entry.id] = lines["id"]
        term, found = _term(entry, lines, item, line, shown, readings)
        problems += found
        for form, form_line in _forms_with_lines(entry, lines, item):
            key = _normal_form(form)
            owner = claimed.get(key)
            if owner and owner[0] != entry.id:
                problems.append(Problem(shown, form_line, f"{form!r} is already claimed by term {owner[0]!r} (line {owner[1]})"))
            elif not owner:
                claimed[key] = (entry.id, form_line)
        if term:
            terms.append(term)

    for entry, lines, item in entries:
        for node, related in zip(_list_nodes(item, "related"), entry.related):
            if related not in known:
                close = difflib.get_close_matches(related, sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(Problem(shown, node.start_mark.line + 1, f"related id {related!r} is not a term of the glossary{hint}"))
            elif related == entry.id:
                problems.append(Problem(shown, node.start_mark.line + 1, f"term {entry.id!r} lists itself as related"))
        if entry.first_use and entry.first_use.source and corpus is not None:
            slug, _, pid = entry.first_use.source.partition("#")
            source = next((s for s in corpus.sources if s.slug == slug), None)
            if source is None:
                problems.append(Problem(shown, lines["first_use"], f"first_use: unknown source {slug!r}"))
            elif pid and pid not in {p.id for p in source.passages}:
                problems.append(Problem(shown, lines["first_use"], f"first_use: {slug} has no passage {pid!r}"))
    if problems:
        raise CorpusError(problems)
    terms.sort(key=lambda t: (t.headword.casefold(), t.id))
    return Glossary(shown, tuple(terms))


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _entry_problem(err: dict, lines: dict[str, int], line: int, shown: str, name: str | None) -> Problem:
    key = str(err["loc"][0]) if err["loc"] else ""
    who = f"term {name!r}: " if name else ""
    if err["type"] == "missing":
        return Problem(shown, line, f"{who}missing required field {key!r}")
    if err["type"] == "extra_forbidden":
        return Problem(shown, lines.get(key, line), f"{who}{unknown_key(key, TermEntry)}")
    where = ".".join(str(part) for part in err["loc"])
    return Problem(shown, lines.get(key, line), f"{who}{where}: {err['msg'].removeprefix('Value error, ')}")


def _list_nodes(item: yaml.MappingNode, key: str) -> list[yaml.Node]:
    for key_node, value in item.value:
        if key_node.value == key:
            return list(value.value) if isinstance(value, yaml.SequenceNode) else [value]
    return []


def _forms_with_lines(entry: TermEntry, lines: dict[str, int], item: yaml.MappingNode) -> Iterable[tuple[str, int]]:
    yield entry.en, lines["en"]
    yield entry.zh, lines["zh"]
    for node, variant in zip(_list_nodes(item, "variants"), entry.variants):
        yield variant, node.start_mark.line + 1


def _normal_form(form: str) -> str:
    """Forms that match the same text: case, spaces and hyphens do not count; Chinese as simplified."""
    if language.has_han(form):
        return _simplified(form)
    return re.sub(r"[\W_]+", "", form.casefold())


def _simplified(text: str) -> str:
    simple = language._t2s().convert(text)
    return simple if len(simple) == len(text) else text


def _term(entry: TermEntry, lines: dict[str, int], item, line: int, shown: str, readings) -> tuple[Term | None, list[Problem]]:
    problems: list[Problem] = []
    zh = entry.zh
    if _simplified(zh) != zh:
        problems.append(Problem(shown, lines["zh"], f"zh: {zh!r} is not simplified Chinese (simplified: {_simplified(zh)!r}); "
                                                     "give the traditional form as zh_hant"))
    traditional = language._s2t().convert(zh)
    if entry.zh_hant is not None:
        if _simplified(entry.zh_hant) != _simplified(zh):
            problems.append(Problem(shown, lines["zh_hant"], f"zh_hant: {entry.zh_hant!r} is not a traditional form of {zh!r} "
                                                               f"(its simplified form is {_simplified(entry.zh_hant)!r})"))
        traditional = entry.zh_hant
    han = [c for c in zh if language.has_han(c)]
    words = _words(zh, readings)
    if entry.pinyin is not None:
        syllables = [unicodedata.normalize("NFC", s) for s in _SYLLABLE_SPLIT.split(entry.pinyin.strip().lower()) if s]
        problem = _check_pinyin(zh, han, syllables)
        if problem:
            problems.append(Problem(shown, lines["pinyin"], problem))
    else:
        syllables = [s for _, ss in words for s in ss if s]
    english, chinese = [], []
    for variant in entry.variants:
        (chinese if language.has_han(variant) else english).append(variant)
    for form in (entry.en, *english):
        if not form[:1].isalnum():
            problems.append(Problem(shown, lines.get("variants" if form != entry.en else "en", line),
                                    f"{form!r} must start with a letter or digit"))
    note = markup.render(entry.note, {}, inline=False) if entry.note else None
    if note:
        base = lines.get("note", line) + (1 if entry.note and "\n" in entry.note else 0)
        problems += [Problem(shown, base + offset, f"note: {message}") for offset, message in note.problems]
    if problems:
        return None, problems
    grouped = _group(words, syllables)
    return Term(
        id=entry.id, headword=entry.en, variants=tuple(english), zh=zh, zh_hant=traditional,
        zh_variants=tuple(chinese), pinyin=tuple(syllables), pinyin_words=grouped,
        pinyin_plain=plain_pinyin(grouped), definition=entry.definition, note_markdown=entry.note,
        note_html=note.html if note else "", related=entry.related, first_use=entry.first_use, line=line,
    ), []


def _check_pinyin(zh: str, han: list[str], syllables: list[str]) -> str | None:
    if len(syllables) != len(han):
        return (f"pinyin gives {len(syllables)} syllable(s) for the {len(han)} character(s) of {zh}: "
                "write one tone-marked syllable per character, separated by spaces")
    from .reading import valid_readings  # loads pypinyin's data only

    for char, syllable in zip(han, syllables):
        valid = valid_readings(char)
        if valid and syllable not in valid:
            known = ", ".join(sorted(r for r in valid if language.tone(r) != 5 or r in (syllable,))) or "none"
            return f"pinyin does not match {zh}: {syllable!r} is not a reading of {char} (its readings: {known})"
    return None


def _words(zh: str, readings) -> list[tuple[str, list[str | None]]]:
    """The segmented words of ``zh`` with their readings (cached by the annotator, if one is given)."""
    if readings is not None:
        return [(w, list(s)) for w, s in readings.words(zh)]
    from .reading import analyse

    return [(w.text, list(w.syllables)) for w in analyse(zh)]


def _group(words: list[tuple[str, list[str | None]]], syllables: list[str]) -> str:
    """Syllables joined into words as pinyin orthography writes them (:func:`language.word_pinyin`):
    ``wǎngluò qiángguó``, ``xī'ān``."""
    it = iter(syllables)
    out = [language.word_pinyin([next(it) for s in word_syllables if s]) for _, word_syllables in words]
    return " ".join(filter(None, out))


def plain_pinyin(pinyin: str) -> str:
    """Pinyin without tone marks, as typed into a search box: ``wǎngluò`` → ``wangluo``."""
    decomposed = unicodedata.normalize("NFD", pinyin.replace("ü", "u").replace("Ü", "U"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")


# --- matching ------------------------------------------------------------------------------------

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

    __slots__ = ("text", "key", "u0", "u1", "blocked")

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


@functools.lru_cache(maxsize=None)
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
            for form in dict.fromkeys(_simplified(f) for f in term.chinese_forms):
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
                classes = set((_CLASS.search(token) or [None, ""])[1].split())
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
            keys = _simplified(text) if language.has_han(text) else text
            if len(keys) != len(chars) or len(text) != len(chars):  # an entity for an astral char, say
                keys = text = None
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
            hit = Hit(term_id, start, end, text[start:end], _context(text[max(0, start - 200) : start], left=True),
                      _context(text[end : end + 200], left=False))
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
        out = []
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


# --- on the pages --------------------------------------------------------------------------------


@dataclass
class GlossaryAid(Aid):
    """Marks terms in passages, lists them at the end of the page, and records every occurrence.

    ``marks``: ``first`` marks a term's first occurrence in each passage, ``all`` every one.
    ``root`` is the relative path from the page to the site root (for the term links). With
    ``show`` false, occurrences are only recorded (for the concordance), not marked or listed.
    """

    glossary: Glossary
    marks: str = "first"
    root: str = "../../"
    show: bool = True
    hits: dict[tuple[str, str], list[Hit]] = field(default_factory=dict)
    # The passages in which the terms were found on the plain text (:func:`passage_terms`), if
    # known: the others need no matching on their ruby, which only ever finds fewer.
    found: dict[tuple[str, str], tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        if self.marks not in MARKS:
            raise ValueError(f"glossary marks must be one of {', '.join(MARKS)}, not {self.marks!r}")
        self.matcher = Matcher(self.glossary.terms)

    def body(self, source: Source, passage: Passage, html: str) -> str:
        if self.found is not None and not self.found.get((source.slug, passage.id)):
            self.hits[(source.slug, passage.id)] = []
            return html
        marked, hits = self.matcher.mark(html, self.marks)
        self.hits[(source.slug, passage.id)] = hits
        return marked if self.show else html

    def page_end(self, passages: list[tuple[Source, Passage]]) -> str:
        used = {hit.term for s, p in passages for hit in self.hits.get((s.slug, p.id), ())}
        if not used or not self.show:
            return ""
        entries = "".join(gloss_entry(t, self.root) for t in self.glossary.terms if t.id in used)
        # Not indexed for search: it repeats the glossary, and would make a page match words it lacks.
        # A <section>, not a <div>: Material's search parser ends an exclusion at the first closing
        # tag of the same name, which would be the first entry's </div>.
        return f'## Terms in this text\n\n<section class="lx-glossary" data-search-exclude>{entries}</section>\n'

    def passage_terms(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {key: tuple(sorted({h.term for h in hits})) for key, hits in sorted(self.hits.items())}


def gloss_entry(term: Term, root: str | None = "../../") -> str:
    """One entry of a page's short glossary (and the content of a term's tooltip); ``root`` is the
    path to the site root, whose ``glossary/<id>/`` page the headword links to (None: no link)."""
    trad = (f' <span class="lx-gloss-zht" lang="zh-Hant">{escape(term.zh_hant)}</span>'
            if term.zh_hant != term.zh else "")
    headword = f'<span class="lx-gloss-en">{escape(term.headword)}</span>'
    if root is not None:
        headword = f'<a class="lx-gloss-link" href="{root}glossary/{term.id}/">{headword}</a>'
    return (
        f'<div class="lx-gloss" id="lx-gloss-{term.id}" data-term="{term.id}">'
        f'<p class="lx-gloss-head">{headword} '
        f'<span class="lx-gloss-zh" lang="zh-Hans">{escape(term.zh)}</span>{trad} '
        f'<span class="lx-gloss-py">{escape(term.pinyin_words)}</span></p>'
        f'<p class="lx-gloss-def">{escape(term.definition)}</p></div>'
    )


def passage_terms(glossary: Glossary, corpus: Corpus, annotator=None) -> dict[tuple[str, str], tuple[str, ...]]:
    """The sorted term ids found in each passage, in either language: ``{(slug, pid): ids}``.

    Renders every passage as its page does (with ``annotator``, the Chinese matches whole words),
    so the answer is the same as on the pages.
    """
    from .render import passage_html

    aid = GlossaryAid(glossary)
    for source in corpus.sources:
        for passage in source.passages:
            passage_html(source, passage, annotator, (aid,))
    return aid.passage_terms()

"""The glossary: curated terms, loaded and checked.

``corpus/glossary.yml`` is a YAML list of terms (format in README.md). :func:`load_glossary`
validates it into :class:`Term` records (with their pinyin checked, or read from the text),
reporting every problem as ``file:line: problem``. Finding the terms in the passages is
:mod:`lectern.glossarymatch`; marking them on the pages is :mod:`lectern.glossaryaid`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from . import language, markup, yamlsafe
from .corpus import (
    RESERVED_SLUGS,
    Corpus,
    CorpusError,
    IsoDate,
    OutsideCorpus,
    Problem,
    display_path,
    read_inside,
    unknown_key,
)

GLOSSARY_FILE = "glossary.yml"
MARKS = ("first", "all")  # mark the first occurrence of a term in each passage, or every one
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SYLLABLE_SPLIT = re.compile(r"\s+")


# --- the data ----------------------------------------------------------------------------------


class FirstUse(BaseModel):
    """When the term was first used, as far as the corpus (or the editor) knows."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    date: IsoDate
    source: str | None = None  # a source slug, or slug#passage
    text: str | None = None  # what happened, in a few words


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
            raise ValueError(
                f"{value!r} is reserved for the glossary's own page: choose another id, e.g. '{value}-term'"
            )
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
    shown = display_path(path, Path(corpus_dir).parent)
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
        raise CorpusError([Problem(shown, yamlsafe.line_of(root), "the glossary must be a list of terms ('- id: …')")])

    entries: list[tuple[TermEntry, dict[str, int], yaml.MappingNode]] = []
    known: set[str] = set()
    for item in root.value:
        line = yamlsafe.line_of(item)
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(shown, line, "each term must be a mapping of keys to values (id: …, en: …)"))
            continue
        lines, repeated = yamlsafe.key_lines(item)
        problems += [Problem(shown, key_line, f"key {key!r} appears twice") for key, key_line in repeated]
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
            term_id = data.get("id") if isinstance(data.get("id"), str) else None
            problems += [_entry_problem(err, lines, line, shown, term_id) for err in exc.errors()]

    terms: list[Term] = []
    ids: dict[str, int] = {}
    claimed: dict[str, tuple[str, int]] = {}  # normalised form -> (term id, line)
    for entry, lines, item in entries:
        line = yamlsafe.line_of(item)
        if entry.id in ids:
            problems.append(
                Problem(shown, lines["id"], f"duplicate id {entry.id!r} (first used on line {ids[entry.id]})")
            )
            continue
        ids[entry.id] = lines["id"]
        term, found = _term(entry, lines, item, line, shown, readings)
        problems += found
        for form, form_line in _forms_with_lines(entry, lines, item):
            key = _normal_form(form)
            owner = claimed.get(key)
            if owner and owner[0] != entry.id:
                problems.append(
                    Problem(shown, form_line, f"{form!r} is already claimed by term {owner[0]!r} (line {owner[1]})")
                )
            elif not owner:
                claimed[key] = (entry.id, form_line)
        if term:
            terms.append(term)

    for entry, lines, item in entries:
        for node, related in zip(_list_nodes(item, "related"), entry.related):
            if related not in known:
                close = difflib.get_close_matches(related, sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(
                    Problem(
                        shown, yamlsafe.line_of(node), f"related id {related!r} is not a term of the glossary{hint}"
                    )
                )
            elif related == entry.id:
                problems.append(Problem(shown, yamlsafe.line_of(node), f"term {entry.id!r} lists itself as related"))
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


def _entry_problem(err: Mapping[str, Any], lines: dict[str, int], line: int, shown: str, name: str | None) -> Problem:
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
        yield variant, yamlsafe.line_of(node)


def _normal_form(form: str) -> str:
    """Forms that match the same text: case, spaces and hyphens do not count; Chinese as simplified."""
    if language.has_han(form):
        return language.simplified_aligned(form)
    return re.sub(r"[\W_]+", "", form.casefold())


def _term(
    entry: TermEntry, lines: dict[str, int], item, line: int, shown: str, readings
) -> tuple[Term | None, list[Problem]]:
    problems: list[Problem] = []
    zh = entry.zh
    if language.simplified_aligned(zh) != zh:
        problems.append(
            Problem(
                shown,
                lines["zh"],
                f"zh: {zh!r} is not simplified Chinese (simplified: {language.simplified_aligned(zh)!r}); "
                "give the traditional form as zh_hant",
            )
        )
    traditional = language.to_traditional(zh)
    if entry.zh_hant is not None:
        if language.simplified_aligned(entry.zh_hant) != language.simplified_aligned(zh):
            problems.append(
                Problem(
                    shown,
                    lines["zh_hant"],
                    f"zh_hant: {entry.zh_hant!r} is not a traditional form of {zh!r} "
                    f"(its simplified form is {language.simplified_aligned(entry.zh_hant)!r})",
                )
            )
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
    english: list[str] = []
    chinese: list[str] = []
    for variant in entry.variants:
        (chinese if language.has_han(variant) else english).append(variant)
    for form in (entry.en, *english):
        if not form[:1].isalnum():
            problems.append(
                Problem(
                    shown,
                    lines.get("variants" if form != entry.en else "en", line),
                    f"{form!r} must start with a letter or digit",
                )
            )
    note = markup.render(entry.note, {}, inline=False) if entry.note else None
    if note:
        base = lines.get("note", line) + (1 if entry.note and "\n" in entry.note else 0)
        problems += [Problem(shown, base + offset, f"note: {message}") for offset, message in note.problems]
    if problems:
        return None, problems
    grouped = _group(words, syllables)
    return Term(
        id=entry.id,
        headword=entry.en,
        variants=tuple(english),
        zh=zh,
        zh_hant=traditional,
        zh_variants=tuple(chinese),
        pinyin=tuple(syllables),
        pinyin_words=grouped,
        pinyin_plain=plain_pinyin(grouped),
        definition=entry.definition,
        note_markdown=entry.note,
        note_html=note.html if note else "",
        related=entry.related,
        first_use=entry.first_use,
        line=line,
    ), []


def _check_pinyin(zh: str, han: list[str], syllables: list[str]) -> str | None:
    if len(syllables) != len(han):
        return (
            f"pinyin gives {len(syllables)} syllable(s) for the {len(han)} character(s) of {zh}: "
            "write one tone-marked syllable per character, separated by spaces"
        )
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
    out = [language.word_pinyin([next(it) for s in word_syllables if s], w) for w, word_syllables in words]
    return " ".join(filter(None, out))


def plain_pinyin(pinyin: str) -> str:
    """Pinyin without tone marks, as typed into a search box: ``wǎngluò`` → ``wangluo``."""
    decomposed = unicodedata.normalize("NFD", pinyin.replace("ü", "u").replace("Ü", "U"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")

"""Assignments: a teacher's selection of passages, with instructions, questions and vocabulary.

``corpus/assignments/<slug>.yml`` names passages by their stable anchors, as ranges such as
``001-build-china-into-a-cyberpower#p3-p5``. A range follows the reading order of the source, so
``p2-p3`` includes a passage ``p2a`` inserted later, and because anchors never move (see
:mod:`lectern.anchors`), an assignment keeps pointing to the same texts when a source is edited.

The glossary and the dictionary are inputs, not imports (:class:`Lexicon`): this module only needs
to know which glossary ids exist, which terms a passage contains and how to gloss a Chinese word.
Every problem is reported as ``corpus/assignments/<file>:LINE: problem`` in one ``CorpusError``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import language, markup, yamlsafe
from .corpus import (
    Corpus,
    CorpusError,
    NonBlank,
    OutsideCorpus,
    Passage,
    Problem,
    Source,
    claim_slug,
    display_path,
    read_inside,
    unknown_key,
)

SHARED = "shared"  # assignments/shared/ opens the assignments made in the browser (lectern.handouts.shared_page)
_RESERVED = {
    SHARED: f"the slug {SHARED!r} is reserved for the page that opens assignments shared by link: rename the file"
}
_REF = re.compile(r"^(?P<slug>[^#\s]+)(?:#(?P<first>p\d+[a-z]*)(?:-(?P<last>p\d+[a-z]*))?)?$")


@dataclass(frozen=True)
class VocabularyItem:
    """One line of a vocabulary list: a glossary term, or a Chinese word of the text."""

    headword: str  # English headword: the glossary's, or for another word the dictionary's ("" if it has none)
    chinese: str
    pinyin: str
    definition: str


def _no_terms(source: Source, passage: Passage) -> Iterable[str]:
    return ()


def _no_gloss(word: str) -> str | None:
    return None


@dataclass(frozen=True)
class Lexicon:
    """What vocabulary lists draw on, supplied by the glossary and the dictionary.

    ``terms``: every glossary id and its item; ``terms_in(source, passage)``: the ids of the glossary
    terms found in a passage, in order; ``gloss(word)``: a short English gloss of a Chinese word
    (simplified or traditional), or None; ``headword(word)``: its short English headword, or None.
    The defaults know nothing, so the teaching features work before a glossary or dictionary is
    wired in.
    """

    terms: Mapping[str, VocabularyItem] = field(default_factory=dict)
    terms_in: Callable[[Source, Passage], Iterable[str]] = _no_terms
    gloss: Callable[[str], str | None] = _no_gloss
    headword: Callable[[str], str | None] = _no_gloss


class AssignmentFile(BaseModel):
    """The fields of an assignment file. Unknown keys are rejected: they are usually typos."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: NonBlank
    course: str | None = None
    audience: str | None = None
    instructions: str = ""
    passages: list[str] = Field(min_length=1)
    questions: list[str] = []
    vocabulary: list[str] = []


@dataclass(frozen=True)
class Selection:
    """One range of an assignment: consecutive passages of one source, in reading order."""

    ref: str  # as written in the file
    source: Source
    passages: tuple[Passage, ...]

    @property
    def anchor(self) -> str:
        """The URL fragment of the range: ``p3-p5``, or ``p3`` for one passage."""
        first, last = self.passages[0].id, self.passages[-1].id
        return first if first == last else f"{first}-{last}"

    @property
    def label(self) -> str:
        """``passages 3–5`` or ``passage 3``, for headings and links."""
        first, last = self.passages[0].label, self.passages[-1].label
        return f"passage {first}" if first == last else f"passages {first}–{last}"


@dataclass(frozen=True)
class Assignment:
    slug: str
    path: str  # as shown in messages, e.g. corpus/assignments/week-1.yml
    meta: AssignmentFile
    instructions_html: str
    questions_html: tuple[str, ...]
    selections: tuple[Selection, ...]

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def passages(self) -> list[tuple[Source, Passage]]:
        return [(s.source, p) for s in self.selections for p in s.passages]


def expand(source: Source, first: str, last: str) -> tuple[Passage, ...]:
    """The passages from ``first`` to ``last`` in reading order (so inserted ``p2a`` is in ``p2-p3``)."""
    ids = [p.id for p in source.passages]
    return source.passages[ids.index(first) : ids.index(last) + 1]


def load_assignments(corpus: Corpus, lexicon: Lexicon = Lexicon()) -> tuple[Assignment, ...]:
    """Every ``assignments/*.yml`` of the corpus, by slug; raises :class:`CorpusError` on any problem."""
    folder = corpus.root / "assignments"
    files = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    problems: list[Problem] = []
    found: dict[str, Assignment] = {}
    seen: dict[str, str] = {}
    for path in files:
        shown = display_path(path, corpus.root.parent)
        slug, refused = claim_slug(path, shown, seen, "assignment", reserved=_RESERVED)
        if refused:
            problems.append(refused)
            continue
        assignment, file_problems = _load(path, shown, slug, corpus, lexicon)
        problems += file_problems
        if assignment is not None:
            found[slug] = assignment
    if problems:
        raise CorpusError(problems)
    return tuple(found[slug] for slug in sorted(found))


def _item_lines(node: yaml.MappingNode) -> dict[tuple[str, int], int]:
    """The line of each item of a list value, by (key, index)."""
    return {
        (str(key.value), i): yamlsafe.line_of(item)
        for key, value in node.value
        if isinstance(value, yaml.SequenceNode)
        for i, item in enumerate(value.value)
    }


def _load(
    path: Path, shown: str, slug: str, corpus: Corpus, lexicon: Lexicon
) -> tuple[Assignment | None, list[Problem]]:
    try:
        node = yamlsafe.compose(yamlsafe.decode(read_inside(path, corpus.root)))
        if not isinstance(node, yaml.MappingNode):
            return None, [Problem(shown, 1, "an assignment must be a mapping of keys to values (title: …)")]
        keys, repeated = yamlsafe.key_lines(node)
        if repeated:
            return None, [Problem(shown, line, f"key {key!r} appears twice") for key, line in repeated]
        items = _item_lines(node)
        data = yamlsafe.construct(node)
    except yamlsafe.YamlProblem as exc:
        return None, [Problem(shown, exc.line, exc.message)]
    except OutsideCorpus as exc:
        return None, [Problem(shown, 1, str(exc))]
    try:
        meta = AssignmentFile.model_validate(data)
    except ValidationError as exc:
        return None, [_problem(err, keys, items, shown) for err in exc.errors()]

    problems: list[Problem] = []
    selections: list[Selection] = []
    taken: dict[tuple[str, str], int] = {}
    for i, ref in enumerate(meta.passages):
        line = items[("passages", i)]
        selection, message = _select(ref, corpus)
        if message or selection is None:
            problems.append(Problem(shown, line, message or "no passages selected"))
            continue
        for p in selection.passages:
            if (where := taken.get((selection.source.slug, p.id))) is not None:
                problems.append(
                    Problem(
                        shown, line, f"passage {p.id} of {selection.source.slug} is already selected on line {where}"
                    )
                )
                break
            taken[(selection.source.slug, p.id)] = line
        selections.append(selection)
    for i, term in enumerate(meta.vocabulary):
        if term not in lexicon.terms:
            close = difflib.get_close_matches(term, list(lexicon.terms), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(shown, items[("vocabulary", i)], f"unknown glossary id {term!r}{hint}"))

    def rendered(md: str, line: int, inline: bool) -> str:
        result = markup.render(md, {}, inline=inline)
        problems.extend(Problem(shown, line + offset, message) for offset, message in result.problems)
        return result.html

    # A block scalar (instructions: |) starts on the line after its key.
    start = keys.get("instructions", 1) + (1 if "\n" in meta.instructions else 0)
    instructions = rendered(meta.instructions, start, inline=False) if meta.instructions else ""
    questions = tuple(rendered(q, items[("questions", i)], inline=True) for i, q in enumerate(meta.questions))
    if problems:
        return None, problems
    return Assignment(slug, shown, meta, instructions, questions, tuple(selections)), []


def _select(ref: str, corpus: Corpus) -> tuple[Selection | None, str]:
    """The passages a reference names, or a message saying why it names none."""
    m = _REF.match(ref.strip())
    if not m:
        return None, (f"{ref!r} is not a passage reference: write source-slug#p3-p5, source-slug#p3 or source-slug")
    slug, first, last = m.group("slug"), m.group("first"), m.group("last")
    slugs = [s.slug for s in corpus.sources]
    if slug not in slugs:
        close = difflib.get_close_matches(slug, slugs, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f"; sources: {', '.join(slugs)}"
        return None, f"unknown source {slug!r}{hint}"
    source = corpus.source(slug)
    if first is None:
        return Selection(ref, source, source.passages), ""
    last = last or first
    ids = [p.id for p in source.passages]
    retired = {e.id for e in source.anchors.ledger.entries if e.retired}
    for pid in dict.fromkeys((first, last)):
        if pid in retired:
            return None, f"passage {pid} of {slug} was deleted from the source; choose the passages again"
        if pid not in ids:
            return None, f"{slug} has no passage {pid} (its passages are {ids[0]}–{ids[-1]})"
    if ids.index(first) > ids.index(last):
        return None, f"reversed range {first}-{last}: {first} comes after {last} in {slug}; write {last}-{first}"
    return Selection(ref, source, expand(source, first, last)), ""


def _problem(err: Mapping[str, Any], keys: dict[str, int], items: dict[tuple[str, int], int], shown: str) -> Problem:
    loc = err["loc"]
    key = str(loc[0]) if loc else ""
    line = items.get((key, loc[1]), keys.get(key, 1)) if len(loc) > 1 else keys.get(key, 1)
    if err["type"] == "missing":
        return Problem(shown, 1, f"missing required field {key!r}")
    if err["type"] == "extra_forbidden":
        return Problem(shown, line, unknown_key(key, AssignmentFile))
    if err["type"] == "too_short" and key == "passages":
        return Problem(shown, line, "passages: list at least one passage or range")
    message = err["msg"].removeprefix("Value error, ")
    return Problem(shown, line, f"{key}: {message}")


# --- vocabulary ----------------------------------------------------------------------------

_PARTICLES = set("的地得了着过之和与及而也")  # grammatical words: noise in a vocabulary list


def chinese_words(words: Iterable[tuple[str, Sequence[str | None]]]) -> list[tuple[str, str]]:
    """The distinct Chinese words of a text, with their pinyin, in order of first use.

    ``words`` are the ruby words of the text with their syllables (:meth:`lectern.ruby.Annotator.spoken`),
    so they carry the readings chosen in context and any editorial override. Grammatical particles
    (的, 了…) are left out.
    """
    out: dict[str, str] = {}
    for word, syllables in dict.fromkeys(words):  # each (word, reading) once: a text repeats its words
        if word not in out and any(syllables) and not set(word) <= _PARTICLES:
            out[word] = word_pinyin([s for s in syllables if s], word)
    return list(out.items())


def word_pinyin(syllables: list[str], word: str = "") -> str:
    """Syllables written as one word, the standard way (:func:`lectern.language.word_pinyin`):
    ``xī'ān``, ``wǎngluò``, ``xìnxī ānquán``, and the idiom ``word`` ``qiānzǎi-nánféng``."""
    return language.word_pinyin(syllables, word)


def passage_items(words: Iterable[tuple[str, Sequence[str | None]]], lexicon: Lexicon) -> list[VocabularyItem]:
    """The Chinese words of one passage (see :func:`chinese_words`) as lines of a vocabulary list,
    with the dictionary's headword and gloss."""
    return [VocabularyItem(lexicon.headword(w) or "", w, py, lexicon.gloss(w) or "") for w, py in chinese_words(words)]


def forms(chinese: str) -> list[str]:
    """The Chinese forms a vocabulary line gives (``网络 / 網絡``), each in simplified characters."""
    return [language.to_simplified(form) for form in re.split(r"[\s/／、]+", chinese) if form]


def combine(
    term_ids: Iterable[str], words: Iterable[VocabularyItem], terms: Mapping[str, VocabularyItem]
) -> list[VocabularyItem]:
    """A vocabulary list: the glossary terms ``term_ids`` (each once, in order), then each of the other
    ``words`` once (the first line of a word that repeats), leaving out the words that are inside a
    listed term in either script (网络 and 强国 after 网络强国). ``assignments.js`` does the same in
    the browser, from ``api/vocabulary.json``."""
    items = [terms[i] for i in dict.fromkeys(term_ids) if i in terms]
    covered = [form for item in items for form in forms(item.chinese)]
    seen: set[str] = set()
    for item in words:
        if item.chinese in seen:
            continue
        seen.add(item.chinese)
        simple = language.to_simplified(item.chinese)
        if not any(simple in form for form in covered):
            items.append(item)
    return items


def vocabulary(
    passages: list[tuple[Source, Passage, list[tuple[str, tuple[str | None, ...]]]]],
    lexicon: Lexicon,
    focus: Iterable[str] = (),
) -> list[VocabularyItem]:
    """The vocabulary of some passages, each with its ruby words (see :func:`chinese_words`).

    First the ``focus`` glossary terms, then the glossary terms found in the passages, then the
    other Chinese words with their pinyin and, where the dictionary has them, a headword and a
    gloss (see :func:`combine`).
    """
    ids = [*focus, *(t for s, p, _ in passages for t in lexicon.terms_in(s, p))]
    return combine(ids, (i for _, _, words in passages for i in passage_items(words, lexicon)), lexicon.terms)

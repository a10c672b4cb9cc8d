"""Load and validate the corpus: ``corpus/sources/*.md`` become typed :class:`Source` records.

A source file is YAML front matter followed by a Markdown body. Every paragraph of the
body is one passage; ``##`` headings and ``[^label]`` footnotes are allowed. Every problem
found is reported as ``file:line: message`` in one :class:`CorpusError`, never as a traceback.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator

from . import anchors, language, markup, yamlsafe
from .overrides import extract_overrides

LANGUAGES = ("en", "zh-Hans", "zh-Hant", "mixed")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CorpusError(Exception):
    """The corpus cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


def _non_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


NonBlank = Annotated[str, AfterValidator(_non_blank)]  # a required text, also for other corpus files


def iso_date(value: object) -> str:
    """``value`` as an ISO 8601 date of a year, a month or a day (``2014``, ``2014-02``,
    ``2014-02-27``), kept as text; ValueError if it is not one, or not a real date."""
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(f"{text!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        datetime.date(*parts[:3])
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    return text


IsoDate = Annotated[str, BeforeValidator(iso_date)]  # a date field of any corpus file


class SourceMeta(BaseModel):
    """The front matter of a source. Unknown keys are rejected: they are usually typos."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: NonBlank
    date: IsoDate
    language: Literal["en", "zh-Hans", "zh-Hant", "mixed"]
    kind: str | None = None
    speaker: str | None = None
    author: str | None = None
    affiliation: str | None = None
    translator: str | None = None
    published_in: str | None = None
    publisher: str | None = None
    url: str | None = None
    rights: str | None = None
    origin: str | None = None
    summary: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"https?://[^\s<>\"]+$", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Passage:
    """One paragraph of a source. ``id`` is the stable anchor, ``n`` the reading order."""

    n: int
    id: str
    line: int
    language: str  # en, zh-Hans or zh-Hant
    markdown: str
    html: str  # block HTML, footnote references included
    text: str  # plain text exactly as in the source, without markup
    readings: tuple[tuple[int, str], ...] = ()  # editorial readings: (index of the Han character, syllable)

    @property
    def label(self) -> str:
        return self.id.removeprefix("p")


@dataclass(frozen=True)
class Footnote:
    number: int
    label: str
    line: int
    html: str
    text: str


@dataclass(frozen=True)
class Source:
    slug: str
    path: str
    meta: SourceMeta
    title_html: str
    blocks: tuple[Heading | Passage, ...]
    footnotes: tuple[Footnote, ...]
    anchors: anchors.Anchoring = field(repr=False)

    @property
    def title(self) -> str:
        """The plain title, without note markers."""
        return markup.plain_text(self.title_html)

    @property
    def passages(self) -> tuple[Passage, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Passage))


@dataclass(frozen=True)
class Corpus:
    root: Path
    sources: tuple[Source, ...]  # sorted by date, then slug

    def source(self, slug: str) -> Source:
        return next(s for s in self.sources if s.slug == slug)


# --- loading -----------------------------------------------------------------------------


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*)$")
RESERVED_SLUGS = frozenset({"index"})  # sources/index.md, glossary/index.md, assignments/index.md are the lists


def slug_of(path: Path) -> str:
    """The URL slug of a corpus file: its lower-cased name with runs of other characters as ``-``.

    Chinese characters in the name are written in pinyin without tones (``中文.md`` → ``zhong-wen``);
    other letters lose their accents (``café`` → ``cafe``). The slug may still be empty (a name of
    punctuation or of another script): :func:`slug_problem` says so.
    """
    stem = path.stem
    if not stem.isascii():
        stem = _ascii_name(stem)
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _ascii_name(stem: str) -> str:
    import unicodedata

    if language.has_han(stem):
        from pypinyin import Style, lazy_pinyin  # only for a non-ASCII file name

        # pypinyin accepts an `errors` callable returning a list, which its annotations do not say
        stem = "-".join(lazy_pinyin(stem, style=Style.NORMAL, errors=lambda chars: [chars]))  # type: ignore[arg-type,return-value]
    return unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")


def slug_problem(path: Path, slug: str, kind: str = "source") -> str | None:
    """Why ``slug`` (of ``path``) cannot name a page, or None."""
    if not slug:
        return (
            f"the file name {path.name!r} gives no URL slug: rename it with Latin letters or digits, "
            f"e.g. '{kind}-1{path.suffix}'"
        )
    if slug in RESERVED_SLUGS:
        return f"the slug {slug!r} is reserved for the list of all {kind}s: rename the file, e.g. '{kind}-{slug}{path.suffix}'"
    return None


def claim_slug(
    path: Path, shown: str, seen: dict[str, str], kind: str = "source", reserved: Mapping[str, str] | None = None
) -> tuple[str, Problem | None]:
    """The slug of ``path`` and the problem that refuses it, if any: no slug, a reserved one (the
    list page's, or one of ``reserved``: slug → why), or one that another file of ``seen`` (slug →
    file shown) already has. A slug that is not refused is recorded in ``seen``."""
    slug = slug_of(path)
    message = (reserved or {}).get(slug) or slug_problem(path, slug, kind)
    if message is None and slug in seen:
        message = f"slug {slug!r} is already used by {seen[slug]}"
    if message:
        return slug, Problem(shown, 1, message)
    seen[slug] = shown
    return slug, None


class OutsideCorpus(Exception):
    """A corpus path that leads out of the corpus (a symbolic link, or ``..``)."""


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, all symbolic links followed, is inside ``folder`` (also resolved)."""
    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError):  # a symbolic-link loop
        return False


def read_inside(path: Path, folder: Path) -> bytes:
    """The bytes of ``path``, refusing a file that is, or is reached through, a link out of ``folder``."""
    if not inside(path, folder):
        raise OutsideCorpus(
            f"{path.name} is a symbolic link to a file outside {Path(folder).name}/; "
            "copy the file into the corpus instead"
        )
    return Path(path).read_bytes()


# Raw texts are published as they are, so only kinds that a browser shows as text or downloads:
# a .md file would become a page of the site (with its raw HTML), an .html, .svg or .xml file
# would run its scripts on the site's own address.
RAW_SUFFIXES = (".txt", ".csv", ".tsv", ".json", ".pdf", ".docx", ".odt")


def raw_files(corpus_dir: Path) -> dict[str, Path]:
    """The files of ``corpus/raw/`` that may be published, by name: regular files inside it, of a
    kind in :data:`RAW_SUFFIXES`."""
    raw = Path(corpus_dir) / "raw"
    if not raw.is_dir():
        return {}
    return {
        p.name: p
        for p in sorted(raw.iterdir())
        if p.is_file() and inside(p, raw) and p.suffix.lower() in RAW_SUFFIXES and not p.name.startswith(".")
    }


def raw_problems(corpus_dir: Path, display_root: Path) -> list[Problem]:
    """Files of ``corpus/raw/`` that must not be published: symbolic links that lead out of it (a
    host file), and kinds of file that would be pages or run script on the site."""
    raw = Path(corpus_dir) / "raw"
    if not raw.is_dir():
        return []
    problems = []
    for p in sorted(raw.iterdir()):
        shown = display_path(p, display_root)
        if p.is_symlink() and not inside(p, raw):
            problems.append(
                Problem(
                    shown,
                    1,
                    f"{p.name} is a symbolic link to a file outside corpus/raw/; "
                    "copy the file in instead (it would be published)",
                )
            )
        elif p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in RAW_SUFFIXES:
            problems.append(
                Problem(
                    shown,
                    1,
                    f"{p.name}: raw texts are published as they are, so only "
                    f"{', '.join(RAW_SUFFIXES)} files (save it as {p.stem}.txt)",
                )
            )
    return problems


def origin_problem(origin: str, corpus_dir: Path) -> str | None:
    """Why ``origin`` does not name a published file of ``corpus/raw/``, or None."""
    if "/" in origin or "\\" in origin or origin in (".", ".."):
        return f"origin {origin!r} must be the name of a file in corpus/raw/ (no folders, no '..')"
    if origin not in raw_files(corpus_dir):
        return f"origin {origin!r} is not a file in corpus/raw/"
    return None


def load_corpus(corpus_dir: Path) -> Corpus:
    """Load every ``sources/**/*.md`` under ``corpus_dir``; raise :class:`CorpusError` on any problem."""
    corpus_dir = Path(corpus_dir)
    display_root = corpus_dir.parent
    problems: list[Problem] = raw_problems(corpus_dir, display_root)
    for folder in ("sources", "raw", "anchors", "assignments"):  # `lectern anchors` writes into anchors/
        if (corpus_dir / folder).exists() and not inside(corpus_dir / folder, corpus_dir):
            problems.append(
                Problem(
                    display_path(corpus_dir / folder, display_root),
                    1,
                    f"{folder}/ is a symbolic link to a folder outside corpus/; make it a real folder",
                )
            )
    sources: list[Source] = []
    seen: dict[str, str] = {}
    files = sorted((corpus_dir / "sources").rglob("*.md"))
    if not files:
        problems.append(Problem(display_path(corpus_dir / "sources", display_root), 1, "no sources (*.md) found"))
    for path in files:
        shown = display_path(path, display_root)
        slug, refused = claim_slug(path, shown, seen)
        if refused:
            problems.append(refused)
            continue
        ledger_path = corpus_dir / "anchors" / f"{slug}.txt"
        if ledger_path.exists() and not inside(ledger_path, corpus_dir):
            problems.append(
                Problem(
                    display_path(ledger_path, display_root),
                    1,
                    f"{ledger_path.name} is a symbolic link to a file outside corpus/; copy the file in instead",
                )
            )
            continue
        try:
            ledger = anchors.read_ledger(ledger_path)
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    display_path(ledger_path, display_root),
                    1,
                    f"not valid UTF-8 ({exc.reason}); delete the file and run `lectern anchors`",
                )
            )
            continue
        source, found = _load_source(path, shown, slug, corpus_dir, ledger)
        problems += found
        if source is not None:
            sources.append(source)
    if problems:
        raise CorpusError(problems)
    sources.sort(key=lambda s: (s.meta.date, s.slug))
    return Corpus(root=corpus_dir, sources=tuple(sources))


def display_path(path: Path, root: Path) -> str:
    """``path`` as shown in messages: relative to ``root`` (the project) when it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_source(
    path: Path, shown: str, slug: str, corpus_dir: Path, ledger: anchors.Ledger
) -> tuple[Source | None, list[Problem]]:
    try:
        text = yamlsafe.decode(read_inside(path, corpus_dir))
    except yamlsafe.YamlProblem as exc:
        return None, [Problem(shown, exc.line, exc.message)]
    except OutsideCorpus as exc:
        return None, [Problem(shown, 1, str(exc))]
    if not text.strip():
        return None, [Problem(shown, 1, "the file is empty; a source needs front matter and a body")]
    if found := yamlsafe.control_problem(text):
        return None, [Problem(shown, *found)]
    front = _split_front_matter(text)
    if isinstance(front, Problem):
        return None, [Problem(shown, front.line, front.message)]
    yaml_text, body, body_line = front
    meta, problems, key_lines = _parse_meta(yaml_text, shown)
    if meta is not None and meta.origin:
        if message := origin_problem(meta.origin, corpus_dir):
            problems.append(Problem(shown, key_lines.get("origin", 1), message))
    title_line = key_lines.get("title", 1)
    blocks, assignment, footnotes, body_problems = _parse_body(body, body_line, meta, shown, ledger, title_line)
    problems += body_problems
    if meta is None or problems:
        return None, problems
    title = markup.render(meta.title, {f.label: f.number for f in footnotes})
    if title.problems:  # a link or image in the title, or a control character written as &#127;
        return None, [Problem(shown, title_line, f"title: {message}") for _, message in title.problems]
    assert assignment is not None  # _parse_body gives one whenever it finds no problem
    source = Source(slug, shown, meta, title.html, blocks, footnotes, assignment)
    return source, problems


def _split_front_matter(text: str) -> tuple[str, str, int] | Problem:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return Problem("", 1, "a source must start with '---' and YAML front matter (title, date, language)")
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return Problem("", 1, "the front matter opened by '---' on line 1 is never closed by another '---'")


def _parse_meta(yaml_text: str, shown: str) -> tuple[SourceMeta | None, list[Problem], dict[str, int]]:
    """The validated front matter, the problems found, and the line of each key."""
    key_lines: dict[str, int] = {}
    try:
        node = yamlsafe.compose(yaml_text)
        if node is None or not isinstance(node, yaml.MappingNode):
            return None, [Problem(shown, 2, "front matter must be a mapping of keys to values (key: value)")], key_lines
        lines, repeated = yamlsafe.key_lines(node)  # front matter starts on the file's line 2
        key_lines = {key: line + 1 for key, line in lines.items()}
        problems = [Problem(shown, line + 1, f"key {key!r} appears twice") for key, line in repeated]
        if problems:
            return None, problems, key_lines
        data = yamlsafe.construct(node)
    except yamlsafe.YamlProblem as exc:  # front matter starts on the file's line 2
        message = exc.message.replace("malformed YAML", "malformed YAML front matter", 1)
        return None, [Problem(shown, exc.line + 1, message)], key_lines
    try:
        return SourceMeta.model_validate(data), [], key_lines
    except ValidationError as exc:
        return None, [_meta_problem(err, key_lines, shown) for err in exc.errors()], key_lines


def did_you_mean(word: str, choices, otherwise: str = "") -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices`` to a mistyped ``word``, else ``otherwise``."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else otherwise


def unknown_key(key: str, model: type[BaseModel]) -> str:
    """The message for a key that ``model`` does not have: usually a typo of one it has."""
    fields = list(model.model_fields)
    return f"unknown key {key!r}{did_you_mean(key, fields, '; known keys: ' + ', '.join(fields))}"


def _meta_problem(err: Mapping[str, Any], key_lines: dict[str, int], shown: str) -> Problem:
    key = str(err["loc"][0]) if err["loc"] else ""
    line = key_lines.get(key, 1)
    if err["type"] == "missing":
        return Problem(shown, 1, f"missing required field {key!r}")
    if err["type"] == "extra_forbidden":
        return Problem(shown, line, unknown_key(key, SourceMeta))
    if key == "language":
        return Problem(shown, line, f"language must be one of {', '.join(LANGUAGES)}, not {err.get('input')!r}")
    message = err["msg"].removeprefix("Value error, ")
    return Problem(shown, line, f"{key}: {message}")


def _blocks(body: str, first_line: int) -> list[tuple[int, list[str]]]:
    """Split a body into blank-line separated blocks; headings stand alone, notes start a block."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate(body.split("\n"), start=first_line):
        if not line.strip() or _HEADING.match(line):
            if current:
                blocks.append((start, current))
            current = []
            if line.strip():
                blocks.append((number, [line]))
            continue
        if current and _FOOTNOTE_DEF.match(line):  # each note definition starts a block
            blocks.append((start, current))
            current = []
        if not current:
            start = number
        current.append(line.rstrip())
    if current:
        blocks.append((start, current))
    return blocks


def _parse_body(
    body: str, body_line: int, meta: SourceMeta | None, shown: str, ledger: anchors.Ledger, title_line: int
) -> tuple[tuple[Heading | Passage, ...], anchors.Anchoring | None, tuple[Footnote, ...], list[Problem]]:
    """Headings, passages (with stable ids) and footnotes of a body, or the problems found."""
    problems: list[Problem] = []
    headings: list[Heading] = []
    texts: list[tuple[int, str]] = []
    notes: list[tuple[str, int, str]] = []
    order: list[tuple[str, int]] = []
    for line, lines in _blocks(body, body_line):
        first = lines[0]
        if m := _HEADING.match(first):
            if len(m.group(1)) == 1:
                problems.append(
                    Problem(shown, line, "use '##' for section headings: the title comes from front matter")
                )
            order.append(("h", len(headings)))
            headings.append(Heading(level=len(m.group(1)), text=m.group(2), line=line))
        elif m := _FOOTNOTE_DEF.match(first):
            notes.append((m.group(1), line, "\n".join([m.group(2), *lines[1:]]).strip()))
        else:
            order.append(("p", len(texts)))
            texts.append((line, "\n".join(lines)))

    labels: dict[str, int] = {}
    for label, line, _ in notes:
        if label in labels:
            problems.append(Problem(shown, line, f"footnote [^{label}] is defined twice"))
        labels.setdefault(label, len(labels) + 1)

    def rendered(md: str, line: int, inline: bool) -> markup.Rendered:
        result = markup.render(md, labels, inline=inline)
        problems.extend(Problem(shown, line + offset, message) for offset, message in result.problems)
        return result

    def overridden(md: str, line: int) -> tuple[str, tuple[tuple[int, str], ...]]:
        plain, overrides, found = extract_overrides(md)
        problems.extend(Problem(shown, line + offset, message) for offset, message in found)
        if overrides:
            from .reading import valid_readings  # loads pypinyin only, and only for overrides

            for o in overrides:
                valid = valid_readings(o.char)
                if o.reading not in valid:
                    known = (
                        ", ".join(
                            sorted((r for r in valid if language.tone(r) != 5), key=lambda r: (language.tone(r), r))
                        )
                        or "none known"
                    )
                    problems.append(
                        Problem(
                            shown, line + o.line, f"{o.reading!r} is not a reading of {o.char} (its readings: {known})"
                        )
                    )
        return plain, tuple((o.han_index, o.reading) for o in overrides)

    paragraphs = [
        (line, md, rendered(plain, line, inline=False), readings)
        for line, md in texts
        for plain, readings in [overridden(md, line)]
    ]
    footnotes = tuple(
        Footnote(labels[label], label, line, r.html, r.text)
        for label, line, md in notes
        for r in [rendered(md, line, inline=True)]
    )
    if meta is not None:
        problems += [
            Problem(shown, title_line, f"the title refers to footnote [^{label}], which is not defined")
            for label in markup.footnote_refs(meta.title)
            if label not in labels
        ]
    if not paragraphs:
        problems.append(Problem(shown, body_line, "the body has no paragraphs: every paragraph becomes a passage"))
    if problems or meta is None:
        return (), None, (), problems

    assignment = anchors.assign([r.text for _, _, r, _ in paragraphs], ledger)
    passages = [
        Passage(
            n=n,
            id=pid,
            line=line,
            language=language.passage_language(result.text, meta.language),
            markdown=md,
            html=result.html,
            text=result.text,
            readings=readings,
        )
        for n, ((line, md, result, readings), pid) in enumerate(zip(paragraphs, assignment.ids), start=1)
    ]
    blocks = tuple(headings[i] if kind == "h" else passages[i] for kind, i in order)
    return blocks, assignment, footnotes, problems

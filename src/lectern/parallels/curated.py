"""Curated links (``corpus/parallels.yml``): links to add and detected pairs to drop, read with
``file:line`` errors (:func:`load_curated`), and applied to detected links (:func:`combine`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .model import Config, Parallel


class _Link(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    a: str
    b: str
    kind: Literal["quotation", "translations", "translation", "paraphrase"]
    note: str = ""


class _Suppression(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    a: str
    b: str
    note: str = ""


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    links: list[_Link] = []
    suppress: list[_Suppression] = []


@dataclass(frozen=True)
class Curated:
    """Editorial decisions: links to add (with kind and note) and detected pairs to drop."""

    links: tuple[Parallel, ...] = ()
    suppressed: frozenset[tuple[tuple[str, str], tuple[str, str]]] = frozenset()
    config: Config = field(default_factory=Config)  # the default, or with the file's ``threshold``


def load_curated(corpus, path: Path) -> Curated:
    """Read ``corpus/parallels.yml``; every problem is a ``file:line`` :class:`CorpusError`.

    A passage is written ``<source slug>#<passage id>``, as in its URL.
    """
    from ..corpus import CorpusError, Problem

    path = Path(path)
    if not path.is_file():
        return Curated()
    shown = f"{path.parent.name}/{path.name}"
    from .. import yamlsafe
    from ..corpus import OutsideCorpus, read_inside

    try:
        node = yamlsafe.compose(yamlsafe.decode(read_inside(path, path.parent)))
        data = yamlsafe.construct(node) if node is not None else {}
    except yamlsafe.YamlProblem as exc:
        raise CorpusError([Problem(shown, exc.line, exc.message)]) from None
    except OutsideCorpus as exc:
        raise CorpusError([Problem(shown, 1, str(exc))]) from None
    lines = _line_map(node)
    try:
        parsed = _File.model_validate(data or {})
        if corpus is None:  # the sources did not load: only the file itself can be checked
            return Curated()
    except ValidationError as exc:
        raise CorpusError(
            [
                Problem(
                    shown,
                    lines.get(tuple(str(x) for x in e["loc"]), _nearest(lines, e["loc"])),
                    f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}",
                )
                for e in exc.errors()
            ]
        ) from None
    passages = {(s.slug, p.id) for s in corpus.sources for p in s.passages}
    slugs = {s.slug for s in corpus.sources}
    problems: list = []
    links: list[Parallel] = []
    suppressed: set[tuple[tuple[str, str], tuple[str, str]]] = set()

    def side(value: str, loc: tuple) -> tuple[str, str] | None:
        slug, _, pid = value.partition("#")
        line = lines.get(tuple(map(str, loc)), 1)
        if slug not in slugs:
            close = difflib.get_close_matches(slug, sorted(slugs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(shown, line, f"unknown source {slug!r}{hint}"))
        elif (slug, pid) not in passages:
            problems.append(Problem(shown, line, f"{slug} has no passage {pid!r} (write source#p3)"))
        else:
            return slug, pid
        return None

    for i, link in enumerate(parsed.links):
        a, b = side(link.a, ("links", i, "a")), side(link.b, ("links", i, "b"))
        if a and b:
            if a == b:
                problems.append(
                    Problem(shown, lines.get(("links", str(i), "a"), 1), "a passage cannot be its own parallel")
                )
                continue
            a, b = sorted((a, b))
            links.append(Parallel(a, b, 1.0, link.kind, "curated", note=link.note))
    for i, drop in enumerate(parsed.suppress):
        a, b = side(drop.a, ("suppress", i, "a")), side(drop.b, ("suppress", i, "b"))
        if a and a == b:
            problems.append(
                Problem(shown, lines.get(("suppress", str(i), "a"), 1), "a passage cannot be its own parallel")
            )
        elif a and b:
            suppressed.add((min(a, b), max(a, b)))
    if problems:
        raise CorpusError(problems)
    config = Config() if parsed.threshold is None else Config(threshold=parsed.threshold)
    return Curated(tuple(sorted(links)), frozenset(suppressed), config)


def _line_map(node) -> dict[tuple[str, ...], int]:
    """1-based line of every key and list item of a YAML document, by its path."""
    out: dict[tuple[str, ...], int] = {}

    def walk(n, path):
        out.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                out[path + (str(key.value),)] = key.start_mark.line + 1
                walk(value, path + (str(key.value),))
        elif isinstance(n, yaml.SequenceNode):
            for i, value in enumerate(n.value):
                walk(value, path + (str(i),))

    if node is not None:
        walk(node, ())
    return out


def _nearest(lines: dict, loc: tuple) -> int:
    path = tuple(map(str, loc))
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def combine(detected: Sequence[Parallel], curated: Curated) -> list[Parallel]:
    """Detected links less the suppressed ones, plus the curated links (which win, keeping the
    spans of the same pair, detected or explained, and its reason when the kinds agree). Links
    of ``origin="explained"`` (see :func:`detect_items`) only lend their spans."""
    spans = {(p.a, p.b): p for p in detected}
    out = {(p.a, p.b): p for p in detected if (p.a, p.b) not in curated.suppressed and p.origin != "explained"}
    for link in curated.links:
        seen = spans.get((link.a, link.b))
        score = seen.score if seen and seen.origin != "explained" else 1.0
        out[link.a, link.b] = Parallel(
            link.a,
            link.b,
            score,
            link.kind,
            "curated",
            seen.spans_a if seen else (),
            seen.spans_b if seen else (),
            link.note,
            seen.reason if seen and seen.kind == link.kind else "",
        )
    return sorted(out.values())

"""Parallel passages on the site: the marker and panel on passages, the compare view, the overview
page with its matrix, and ``api/parallels.json``.

Markup contract (``assets/parallels.js`` relies on it): a passage with parallels carries, after its
number, ``<button class="lx-par lx-aid" data-lx-panel="lx-par-<id>" aria-expanded="false">`` and
the panel ``<div class="lx-par-panel lx-aid" id="lx-par-<id>" data-lx-src="…/api/panels/<slug>.json#<pid>" hidden>``
(``<id>``: the passage element's id, ``<pid>`` on its source page, ``<slug>-<pid>`` on an assignment page),
empty until the reader first opens it: the list of parallels is fetched from that file, where it is
under the passage's id. The class ``lx-aid`` keeps them out of the passage's plain text
(``markup.plain_text``).

The compare view is one page, ``compare/``; a pair is its fragment, ``compare/#<slugA>-<pidA>--<slugB>-<pidB>``
(a < b, see :func:`pair_id`), so that the number of pages does not grow with the pairs. Each pair's
view is rendered here, once, into ``api/compare/<slugA>/<pidA>.json`` (``{pair id: {"title", "html"}}``:
one small file per passage that is side A of a pair, so files grow with passages, not pairs);
``assets/compare.js`` shows the one the address names, and the link checker (``links.py``) reads
the same files. In a view, matching spans are ``<mark>``, the word diff
``<del>``/``<ins>``. All URLs are relative.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from html import escape, unescape

from . import render
from .corpus import Corpus, Passage, Source
from .language import HAN, has_han, to_simplified
from .parallels import KIND_LABELS, Parallel, Span
from .ruby import UNITS, WORD_START, Annotator, word_text

PANELS = "api/panels"  # where the passages' panels are (see ParallelsAid.files)
SNIPPET = (
    90  # characters of a parallel passage shown in the panel: enough to recognise it (the compare view has it all)
)


def strength(score: float) -> str:
    return "strong" if score >= 0.9 else "likely" if score >= 0.7 else "possible"


def kind_text(p: Parallel) -> str:
    """The kind of a link and why it fits: "Original and translation (3 of 4 sentences aligned)"."""
    return f"{KIND_LABELS[p.kind]} ({p.reason})" if p.reason else KIND_LABELS[p.kind]


def title_html(source: Source) -> str:
    """A source's title, escaped, marked as Chinese when the source is (read in the page's English
    otherwise, and set in its glyphs)."""
    title = escape(source.title)
    chinese = source.meta.language.startswith("zh") and has_han(title)
    return f'<span lang="{source.meta.language}">{title}</span>' if chinese else title


def _snippet(text: str, spans: tuple[Span, ...]) -> str:
    """The first matching span (or the start) of a passage, cut at a word near SNIPPET."""
    start = spans[0].start if spans else 0
    piece = text[start : start + SNIPPET]
    if start + SNIPPET < len(text):
        piece = piece.rsplit(" ", 1)[0] if " " in piece[SNIPPET // 2 :] else piece
        piece += "…"
    return ("…" if start else "") + piece


class ParallelsAid(render.Aid):
    """Adds the marker with the count, and the panel listing the parallels, to each passage."""

    def __init__(self, corpus: Corpus, links: list[Parallel]):
        self.sources = {s.slug: s for s in corpus.sources}
        self.by_passage: dict[tuple[str, str], list[tuple[Parallel, tuple[str, str], tuple[Span, ...]]]] = defaultdict(
            list
        )
        for p in links:
            self.by_passage[p.a].append((p, p.b, p.spans_b))
            self.by_passage[p.b].append((p, p.a, p.spans_a))
        for items in self.by_passage.values():  # strongest first, then by date of the other source
            items.sort(key=lambda t: (-t[0].score, self.sources[t[1][0]].meta.date, t[1]))

    def controls(self, source: Source, passage: Passage, element_id: str | None = None) -> str:
        n = len(self.by_passage.get((source.slug, passage.id), ()))
        if not n:
            return ""
        # named after the passage's element: unique on a page of passages from several sources
        panel_id = f"lx-par-{element_id or passage.id}"
        label = f"{n} parallel passage{'s' * (n != 1)}"
        return (
            f'<button type="button" class="lx-par lx-aid" lang="en" aria-expanded="false" aria-controls="{panel_id}" data-lx-panel="{panel_id}" '
            f'title="{label}" aria-label="{label}"><span aria-hidden="true">⇄</span>{n}</button>'
            f'<div class="lx-par-panel lx-aid" lang="en" id="{panel_id}" role="region" aria-label="Parallels of passage '
            f'{escape(passage.label)}" data-lx-src="../../{PANELS}/{source.slug}.json#{passage.id}" data-search-exclude hidden></div>'
        )

    def panel(self, slug: str, pid: str) -> str:
        """The list in a passage's panel: each parallel with its passage, kind, a snippet and the compare link."""
        rows = []
        for p, (other_slug, other_pid), spans in self.by_passage[(slug, pid)]:
            other = self.sources[other_slug]
            q = next(q for q in other.passages if q.id == other_pid)
            lang_attr = f' lang="{q.language}"' if q.language != "en" else ""
            note = f'<span class="lx-par-note">{escape(p.note)}</span>' if p.note else ""
            here = "" if other_slug != slug else " (this page)"
            rows.append(
                f'<li><a class="lx-par-to" href="../../sources/{other_slug}/#{other_pid}">{title_html(other)}{here}, '
                f"passage {escape(other_pid.removeprefix('p'))}</a> "
                f'<time datetime="{other.meta.date}">{render.human_date(other.meta.date)}</time>'
                f'<span class="lx-par-kind">{render.mark_chinese(escape(kind_text(p)))} · {strength(p.score)} ({p.score:.2f})'
                f"{' · curated' if p.origin == 'curated' else ''}</span>"
                f"<q{lang_attr}>{escape(_snippet(q.text, spans))}</q>{note}"
                f'<a class="lx-par-cmp" href="{compare_href(p, "../../")}">Compare side by side</a></li>'
            )
        return f"<ul>{''.join(rows)}</ul>"

    def files(self) -> dict[str, str]:
        """``api/panels/<slug>.json``: ``{passage id: the panel's HTML}`` for each source with parallels.

        Panels are fetched when a reader first opens one (parallels.js), so that pages do not
        carry every panel's snippets; their links are relative to a page two folders deep
        (``sources/<slug>/``, ``assignments/<slug>/``), where passages are shown."""
        by_source: dict[str, dict[str, str]] = defaultdict(dict)
        for slug, pid in sorted(self.by_passage):
            by_source[slug][pid] = self.panel(slug, pid)
        dumps = lambda panels: json.dumps(panels, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"  # noqa: E731
        return {f"{PANELS}/{slug}.json": dumps(panels) for slug, panels in sorted(by_source.items())}


# --- the compare view ---------------------------------------------------------------------

PAGE = "compare/index.md"  # the one compare page; a pair is its fragment (pair_id)
TITLE = "Compare passages"
VIEWS = "api/compare"  # pre-rendered views of the pairs of each passage A: VIEWS/<slugA>/<pidA>.json


def pair_id(p: Parallel) -> str:
    """A pair's address on the compare page (``compare/#<id>``) and its key in the views.

    ``<slugA>-<pidA>--<slugB>-<pidB>``: a slug never holds ``--`` and a passage id never ``-``, so the
    first ``--`` ends side A, whose last ``-`` parts its slug and passage id (the views file).
    """
    return f"{p.a[0]}-{p.a[1]}--{p.b[0]}-{p.b[1]}"


def compare_href(p: Parallel, root: str) -> str:
    """The link to a pair's view from a page whose way to the site root is ``root`` (``../../``)."""
    return f"{root}compare/#{pair_id(p)}"


def mark_spans(html: str, spans: tuple[Span, ...]) -> str:
    """``<mark>`` around the spans of an HTML fragment this package wrote (escaped text, ruby words,
    language runs), the spans being character offsets in its reader-visible text (readings not
    counted, see :func:`markup.plain_text`).

    A mark never crosses a tag, so the result stays well nested: it is closed before one and opened
    again after it. A ruby word is one unit: it is marked whole when any of its characters is in a
    span, because a word cut in two would lose its reading and its popup.
    """
    merged: list[list[int]] = []  # the spans sorted, overlapping or touching ones joined
    for s in sorted(spans):
        if merged and s.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s.end)
        elif s.end > s.start:
            merged.append([s.start, s.end])
    out: list[str] = []
    is_open, k = False, 0  # k: the first span that may still reach the current unit

    def put(piece: str, mark: bool) -> None:
        nonlocal is_open
        if mark != is_open:
            out.append("<mark>" if mark else "</mark>")
            is_open = mark
        out.append(piece)

    for kind, piece, start, end in _units(html):
        while k < len(merged) and merged[k][1] <= start:
            k += 1
        if kind == "tag":
            put(piece, False)
        elif k == len(merged) or merged[k][0] >= end:  # no span reaches into this unit
            put(escape(piece, quote=False) if kind == "text" else piece, False)
        elif kind == "word":
            put(piece, True)
        else:  # text: cut at the span boundaries inside it
            cuts = sorted({start, end, *(c for s in merged[k:] if s[0] < end for c in s if start < c < end)})
            for a, b in zip(cuts, cuts[1:]):
                inside = any(s[0] < b and a < s[1] for s in merged[k:] if s[0] < end)
                put(escape(piece[a - start : b - start], quote=False), inside)
    put("", False)
    return "".join(out)


@lru_cache(maxsize=1 << 12)
def _units(html: str) -> tuple[tuple[str, str, int, int], ...]:
    """An HTML fragment as units for :func:`mark_spans`: (``text``, its unescaped text, …), (``word``,
    a whole ruby word, …) or (``tag``, …), each with its start and end in the reader's text. A
    passage is in several pairs: it is cut up once."""
    units, pos = [], 0
    for i, part in enumerate(UNITS.split(html)):
        if i % 2 == 0:
            text = unescape(part)
            if text:
                units.append(("text", text, pos, pos + len(text)))
            pos += len(text)
        elif part.startswith(WORD_START):
            n = len(word_text(part)[0])
            units.append(("word", part, pos, pos + n))
            pos += n
        else:
            units.append(("tag", part, pos, pos))
    return tuple(units)


# Units of the diff: a Han character (Chinese has no spaces between words), a word of anything else,
# or a punctuation mark. Each keeps the space before it in its text.
_DIFF_UNITS = re.compile(f"\\s*([{HAN}]|[^\\W{HAN}]+(?:['’-][^\\W{HAN}]+)*|[^\\w\\s])")


def word_diff(a: str, b: str) -> str:
    """``b`` against ``a`` word by word (character by character in Chinese): ``<del>`` what only ``a``
    has, ``<ins>`` what only ``b`` has. Neither case, nor the Chinese script, nor the width of
    punctuation counts."""
    ua, ub = _diff_units(a), _diff_units(b)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, [_unit_key(u) for _, u in ua], [_unit_key(u) for _, u in ub], autojunk=False
    ).get_opcodes():
        if op == "equal":
            out.append(_written(ub[j1:j2], "{}"))
            continue
        if i2 > i1:
            out.append(_written(ua[i1:i2], "<del>{}</del>"))
        if j2 > j1:
            out.append(_written(ub[j1:j2], "<ins>{}</ins>"))
    return "".join(out).strip()


def _diff_units(text: str) -> list[tuple[str, str]]:
    """(space before, unit) of each unit of ``text`` for :func:`word_diff`."""
    return [(" " if m.start(1) > m.start() else "", m.group(1)) for m in _DIFF_UNITS.finditer(text)]


def _written(units: list[tuple[str, str]], around: str) -> str:
    """The units as their text has them, in ``around``, the space before the first outside it."""
    text = "".join(space + unit for space, unit in units)
    return units[0][0] + around.format(escape(text.lstrip()))


@lru_cache(maxsize=1 << 14)
def _unit_key(unit: str) -> str:
    """What a diff compares of a unit: lower case, Chinese in simplified characters, full-width
    punctuation as ASCII (，→ ,)."""
    return to_simplified(unit) if has_han(unit) else unicodedata.normalize("NFKC", unit).lower()


def compare_page() -> str:
    """The compare page: ``assets/compare.js`` fills ``.lx-cmp-view`` with the view of the pair the
    address names, from the folder its ``data-lx-views`` names (relative to the page), and marks it
    ``aria-busy`` while it loads; the message below it is shown when there is no such pair. Without
    scripts, a note says where to go."""
    overview = '<a href="../parallels/">Parallels</a>'
    return (
        render.front_matter(TITLE, description="Two parallel passages side by side, with what they share marked.")
        + f"# {TITLE}\n\n"
        + f'<div class="lx-cmp-view" data-lx-views="../{VIEWS}/"></div>\n\n'
        + f'<p class="lx-cmp-missing" hidden><span></span> The {overview} page lists every pair.</p>\n\n'
        + f"<noscript><p>This page shows two passages side by side with a script, which your browser does not run. "
        f"The {overview} page lists every pair, with links to both passages.</p></noscript>\n"
    )


class Views:
    """Every pair's view, pre-rendered for the compare page: its title and its HTML, with links
    relative to ``compare/``. Chinese gets pinyin ruby as on the source pages when there is an
    ``annotator``; the matching spans are ``<mark>``; a pair in one language gets a word diff."""

    def __init__(self, corpus: Corpus, annotator: Annotator | None = None):
        self.sources = {s.slug: s for s in corpus.sources}
        self.passages = {(s.slug, p.id): p for s in corpus.sources for p in s.passages}
        self.annotator = annotator
        self.shown: dict[tuple[str, str], str] = {}  # each passage's text as shown, once (it is in many pairs)

    def text(self, slug: str, passage: Passage) -> str:
        """A passage's text as the compare view shows it: escaped, Chinese runs marked, with ruby."""
        key = (slug, passage.id)
        if key not in self.shown:
            html = escape(passage.text, quote=False)
            html = render.mark_chinese(html) if passage.language == "en" else html
            self.shown[key] = self.annotator.annotate(html, dict(passage.readings)) if self.annotator else html
        return self.shown[key]

    def view(self, p: Parallel) -> dict[str, str]:
        sides = [(self.sources[k[0]], self.passages[k], spans) for k, spans in ((p.a, p.spans_a), (p.b, p.spans_b))]
        (sa, pa, _), (sb, pb, _) = sides
        lang = lambda passage: f' lang="{passage.language}"' if passage.language != "en" else ""  # noqa: E731
        cols = []
        for source, passage, spans in sides:
            name = f"{escape(source.title)}, passage {escape(passage.label)}"
            linked = f"{title_html(source)}, passage {escape(passage.label)}"
            cols.append(
                f'<section class="lx-cmp-side" aria-label="{name}">'
                f'<p class="lx-cmp-head"><a href="../sources/{source.slug}/#{passage.id}">{linked}</a> '
                f'<time datetime="{source.meta.date}">{render.human_date(source.meta.date)}</time></p>'
                f'<p class="lx-cmp-text"{lang(passage)}>{mark_spans(self.text(source.slug, passage), spans)}</p></section>'
            )
        facts = f"{kind_text(p)} · {strength(p.score)} ({p.score:.2f}) · {'curated' if p.origin == 'curated' else 'detected'}"
        out = [f'<p class="lx-cmp-facts">{render.mark_chinese(escape(facts))}</p>']
        if p.note:
            out.append(f'<p class="lx-cmp-note">{escape(p.note)}</p>')
        out.append(f'<div class="lx-cmp">{"".join(cols)}</div>')
        if pa.language[:2] == pb.language[:2]:  # one language, in either Chinese script
            diff = word_diff(pa.text, pb.text)
            diff = f"<span{lang(pb)}>{diff}</span>" if pb.language != "en" else diff
            out.append(
                "<h2>Word by word</h2>"
                f'<p class="lx-cmp-diff"><span class="lx-cmp-legend"><del>only in {escape(sa.title)}</del> '
                f"<ins>only in {escape(sb.title)}</ins></span> {diff}</p>"
            )
        return {"title": f"{sa.title}, passage {pa.label}, and {sb.title}, passage {pb.label}", "html": "".join(out)}

    def by_passage(self, links: list[Parallel]) -> dict[tuple[str, str], dict[str, dict[str, str]]]:
        """Every pair's view, by its side A (source, passage), then by :func:`pair_id`.

        By passage rather than by source: a passage quoted by many sources has many pairs, but a
        whole source with many such passages would make one large file for a phone to fetch.
        """
        out: dict[tuple[str, str], dict[str, dict[str, str]]] = defaultdict(dict)
        for p in links:
            out[p.a][pair_id(p)] = self.view(p)
        return dict(out)


def view_files(by_passage: dict[tuple[str, str], dict[str, dict[str, str]]]) -> dict[str, str]:
    """``api/compare/<slugA>/<pidA>.json``: ``{pair id: {"title", "html"}}``, keys sorted."""
    dumps = lambda views: json.dumps(views, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"  # noqa: E731
    return {f"{VIEWS}/{slug}/{pid}.json": dumps(views) for (slug, pid), views in sorted(by_passage.items())}


# --- overview -----------------------------------------------------------------------------


def short_label(slug: str) -> str:
    """A source's label in the matrix and its key: ``001`` for ``001-build-china…``."""
    return slug[:3] if slug[:3].isdigit() else slug[:6]


def pair_anchor(a: str, b: str) -> str:
    """The id of the rows of two sources' parallels in the Parallels page's table."""
    return f"pairs-{a}" if a == b else f"pairs-{a}--{b}"


def matrix_svg(corpus: Corpus, counts: Counter) -> str:
    """Sources × sources: each cell's shade and number give the links between the two (the
    diagonal: links across languages within one source). A cell links to those links' rows in the
    table below, a label to its source (SVG links: see ``render.timeline_svg``). Drawn at 12 px in
    44-unit cells, up to 18rem wide (``parallels.css``): legible on a phone up to seven sources."""
    n = len(corpus.sources)
    cell, left, top = 44, 40, 40
    size_w, size_h = left + n * cell + 4, top + n * cell + 4
    peak = max(counts.values(), default=1)
    parts = []
    for i, s in enumerate(corpus.sources):
        label = escape(short_label(s.slug))
        link = f'<a xlink:href="../sources/{s.slug}/" class="lx-chart-link"><title>{escape(s.title)}</title>'
        parts.append(
            f'{link}<text x="{left + i * cell + cell / 2}" y="{top - 10}" text-anchor="middle" class="lx-mx-label">{label}</text></a>'
        )
        parts.append(
            f'{link}<text x="{left - 8}" y="{top + i * cell + cell / 2 + 4}" text-anchor="end" class="lx-mx-label">{label}</text></a>'
        )
        for j, t in enumerate(corpus.sources):
            pair = tuple(sorted((s.slug, t.slug)))
            c = counts.get(pair, 0)
            shade = round(0.12 + 0.88 * c / peak, 2) if c else 0
            title = f"<title>{escape(s.title)} and {escape(t.title)}: {c} parallel{'s' * (c != 1)}</title>"
            rect = (
                f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell - 2}" height="{cell - 2}" '
                f'class="lx-mx-cell" fill-opacity="{shade}"/>'
            )
            if not c:
                parts.append(f"<g>{title}{rect}</g>")
                continue
            parts.append(
                f'<a xlink:href="#{pair_anchor(*pair)}" class="lx-chart-link">{title}{rect}'
                f'<text x="{left + j * cell + cell / 2 - 1}" y="{top + i * cell + cell / 2 + 4}" '
                f'text-anchor="middle" class="lx-mx-n{" lx-mx-dark" if shade > 0.5 else ""}">{c}</text></a>'
            )
    desc = "; ".join(f"{a} and {b}: {c}" for (a, b), c in sorted(counts.items()))
    return (
        f'<svg class="lx-matrix" viewBox="0 0 {size_w} {size_h}" role="group" aria-labelledby="lx-mx-title" '
        f'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<title id="lx-mx-title">Parallel passages between sources: {escape(desc)}</title>'
        f"{''.join(parts)}</svg>"
    )


def overview_page(corpus: Corpus, links: list[Parallel]) -> str:
    sources = {s.slug: s for s in corpus.sources}
    counts = Counter(tuple(sorted((p.a[0], p.b[0]))) for p in links)
    kinds = Counter(p.kind for p in links)
    summary = ", ".join(f"{kinds[k]} {KIND_LABELS[k].lower()}" for k in KIND_LABELS if kinds[k])
    legend = "".join(
        f'<tr><th scope="row">{escape(short_label(s.slug))}</th><td><a href="../sources/{s.slug}/">{escape(s.title)}</a></td>'
        f'<td><time datetime="{s.meta.date}">{s.meta.date}</time></td></tr>'
        for s in corpus.sources
    )
    groups = defaultdict(list)
    for p in links:
        groups[tuple(sorted((p.a[0], p.b[0])))].append(p)
    order = {s.slug: i for i, s in enumerate(corpus.sources)}
    blocks = []
    for pair in sorted(groups, key=lambda k: (order[k[0]], order[k[1]])):
        a, b = pair
        heading = (
            f"{escape(sources[a].title)} and {escape(sources[b].title)}"
            if a != b
            else f"Within {escape(sources[a].title)}"
        )
        rows = "".join(
            f'<tr><td><a href="../sources/{p.a[0]}/#{p.a[1]}">{escape(p.a[0][:3])} {escape(p.a[1])}</a></td>'
            f'<td><a href="../sources/{p.b[0]}/#{p.b[1]}">{escape(p.b[0][:3])} {escape(p.b[1])}</a></td>'
            f"<td>{KIND_LABELS[p.kind]}{' (curated)' if p.origin == 'curated' else ''}</td><td>{p.score:.2f}</td>"
            f'<td><a href="{compare_href(p, "../")}">Compare</a></td></tr>'
            for p in sorted(groups[pair], key=lambda p: (-p.score, p.a, p.b))
        )
        blocks.append(
            f'<tr class="lx-par-group" id="{pair_anchor(a, b)}"><th colspan="5" scope="colgroup">'
            f"{heading} ({len(groups[pair])})</th></tr>{rows}"
        )
    table = (
        '<div class="lx-par-pairs"><table><thead><tr><th scope="col">Passage</th><th scope="col">Passage</th>'
        '<th scope="col">Kind</th><th scope="col">Score</th><th scope="col">Side by side</th></tr></thead>'
        f"<tbody>{''.join(blocks)}</tbody></table></div>"
    )
    return (
        render.front_matter("Parallels", description="Which sources quote, translate or paraphrase each other.")
        + "# Parallels\n\n"
        + f"<p>{len(links)} links between passages: {escape(summary)}. The matrix shows how many each pair "
        "of sources shares (the diagonal: a passage and its rendering in another language within one source); "
        "the table below lists them, with a side-by-side comparison of each.</p>\n\n"
        + f'<div class="lx-par-overview"><figure class="lx-figure">{matrix_svg(corpus, counts)}</figure>'
        f'<table class="lx-par-legend"><thead><tr><th scope="col">No.</th><th scope="col">Source</th>'
        f'<th scope="col">Date</th></tr></thead><tbody>{legend}</tbody></table></div>\n\n'
        + "## All parallel passages\n\n"
        + f"{table}\n"
    )


def api(links: list[Parallel]) -> str:
    """``api/parallels.json``."""
    return json.dumps({"parallels": [p.as_json() for p in links]}, ensure_ascii=False, indent=1) + "\n"

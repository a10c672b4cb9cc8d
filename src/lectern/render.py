"""Render the corpus as generated pages (Markdown with HTML blocks) and the static JSON API.

Pages are Markdown so that any Markdown site generator can take them: headings stay Markdown
(for its table of contents and search), everything else is one-line HTML blocks that pass
through unchanged. URLs are relative, so the site works under any base path.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from html import escape
from urllib.parse import urlsplit

import yaml

from . import language, markup
from .corpus import Corpus, Heading, Passage, Source
from .ruby import Annotator


class Aid:
    """A reading aid that adds to passages (glossary terms, parallel markers…).

    Subclasses override what they need; the defaults add nothing. ``render`` calls them for every
    passage of a page, in order, after the pinyin ruby is in place.
    """

    def body(self, source: Source, passage: Passage, html: str) -> str:
        """The passage's body HTML, changed (e.g. terms marked)."""
        return html

    def controls(self, source: Source, passage: Passage, element_id: str | None = None) -> str:
        """HTML placed after the passage number (e.g. a marker that opens a panel); ``element_id`` is
        the passage element's id on this page (its own id on its source page), to name what it adds."""
        return ""

    def page_end(self, passages: list[tuple[Source, Passage]]) -> str:
        """HTML at the end of a page showing these passages (e.g. a list of the terms used)."""
        return ""


LANGUAGE_NAMES = {
    "en": "English",
    "zh-Hans": "Chinese (simplified)",
    "zh-Hant": "Chinese (traditional)",
    "mixed": "English and Chinese",
}
_MD_SPECIAL = re.compile(r"[\\`*_\[\]#<>|~{}]")  # {} as well: attr_list would read "{: onfocus=… }" as attributes


def human_date(iso: str) -> str:
    """``2014-02-27`` → ``27 February 2014``; ``2015-10`` → ``October 2015``."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return iso
    month = datetime.date(parts[0], parts[1], 1).strftime("%B")
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def md_text(html: str) -> str:
    """Safe HTML for a Markdown heading line: Markdown syntax in its text becomes entities."""
    one_line = html.replace("\n", " ")  # a heading is one line: the rest would be Markdown of its own
    return markup.map_text(one_line, lambda text: _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", text))


_TEMPLATE_UNSAFE = str.maketrans({"<": "&lt;", ">": "&gt;", '"': "&quot;"})


def template_text(text: str) -> str:
    """Text for the theme's templates, which print page titles and descriptions unescaped
    (``<title>``, the header, the navigation, ``<meta content="…">``): ``<``, ``>`` and ``"``
    become entities; ``&`` is left alone because some templates escape again (``| e``)."""
    return text.translate(_TEMPLATE_UNSAFE)


def front_matter(title: str, **meta: str) -> str:
    """Page title and metadata, safe for the templates (see :func:`template_text`).

    Each value is written by a YAML dumper as a double-quoted scalar, so any text (quotes, colons,
    ``---``, control characters as escapes) stays one valid YAML string; for ordinary text this is
    the same as a JSON string."""
    fields = {"title": title} | {key: value for key, value in meta.items() if value}
    lines = [f"{key}: {_yaml_string(template_text(value))}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _yaml_string(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n")


def mark_chinese(html: str) -> str:
    """Mark the Chinese runs in an HTML fragment of an English context with their ``lang``."""
    return language.mark_runs(html, "zh-Hans") if language.has_han(html) else html


class Held:
    """Annotated passage bodies held back from the site generator until a page is written.

    A page's Markdown carries each passage's plain body between two HTML comments; the generator
    converts and indexes that (its search sees the text, not the readings, and its Markdown parser
    never sees the bulky ruby); :meth:`release` then puts the annotated body in its place in the
    finished HTML. A page that is never released still shows every passage, without reading aids.
    """

    _MARKED = re.compile(r"<!--lx:([0-9a-f]{16})-->.*?<!--/lx-->", re.S)

    def __init__(self) -> None:
        self.bodies: dict[str, str] = {}

    def __call__(self, plain: str, annotated: str) -> str:
        if plain == annotated:
            return plain
        key = hashlib.sha256(annotated.encode()).hexdigest()[:16]
        self.bodies[key] = annotated
        return f"<!--lx:{key}-->{plain}<!--/lx-->"

    def release(self, html: str) -> str:
        return self._MARKED.sub(lambda m: self.bodies.get(m.group(1), m.group(0)), html)


def body_html(p: Passage) -> str:
    """A passage's body before the reading aids (Chinese runs in English marked with their ``lang``)."""
    return p.html if p.language != "en" else mark_chinese(p.html)


def passage_words(p: Passage, annotator: Annotator | None) -> list[tuple[str, tuple[str | None, ...]]]:
    """The ruby words :func:`passage_html` writes in the passage's body, with their syllables."""
    return annotator.spoken(body_html(p), dict(p.readings)) if annotator else []


def passage_html(
    source: Source,
    p: Passage,
    annotator: Annotator | None = None,
    aids: tuple[Aid, ...] = (),
    *,
    element_id: str | None = None,
    href: str | None = None,
    notes: str | None = None,
    hold: Held | None = None,
) -> str:
    """One passage: its number (a link, ``href``, by default to itself), the aids' controls and its
    annotated body.

    ``data-source`` names the source, so scripts (citations, copy link) know where a passage comes
    from on pages that show several sources; ``element_id`` replaces the id there. ``notes`` is the
    page holding the source's notes when it is not this one: note references point there and lose
    their ids (two sources on one page may both have a note 1). With ``hold``, the annotated body
    is held back (see :class:`Held`) and the plain one written.
    """
    plain = body_html(p)
    if notes is not None:
        plain = re.sub(r'href="#fn-(\d+)"', lambda m: f'href="{notes}#fn-{m.group(1)}"', plain)
        plain = re.sub(r' id="fnref-\d+"', "", plain)
    body = annotator.annotate(plain, dict(p.readings)) if annotator else plain
    for aid in aids:
        body = aid.body(source, p, body)
    if hold:
        body = hold(plain, body)
    lang = f' lang="{p.language}"' if p.language != "en" else ""
    controls = "".join(aid.controls(source, p, element_id or p.id) for aid in aids)
    return (
        f'<div class="lx-passage" id="{element_id or p.id}" data-source="{source.slug}" data-pid="{p.id}" data-n="{p.n}"{lang}>'
        f'<a class="lx-pn" href="{href or "#" + p.id}" title="Link to passage {p.label}">{p.label}</a>'
        f"{controls}{body}</div>"
    )


def _meta_rows(source: Source) -> list[tuple[str, str]]:
    m = source.meta
    fields: list[tuple[str, str | None]] = [
        ("Speaker", m.speaker),
        ("Author", m.author),
        ("Affiliation", m.affiliation),
        ("Date", f'<time datetime="{m.date}">{human_date(m.date)}</time>'),
        ("Published in", m.published_in),
        ("Publisher", m.publisher),
        ("Translator", m.translator),
        ("Language", LANGUAGE_NAMES[m.language]),
        ("Rights", m.rights),
    ]
    rows = [(k, v if k == "Date" else escape(v)) for k, v in fields if v]
    if m.url:
        rows.append(("Original", f'<a href="{escape(m.url)}" rel="noopener">{escape(web_label(m.url))}</a>'))
    if m.origin:
        rows.append(("Raw text", f'<a href="../../raw/{escape(m.origin)}">{escape(m.origin)}</a> (as received)'))
    return rows


def web_label(url: str) -> str:
    """A link's text for a web address: its host, with the path when that is short and readable
    (a percent-encoded path is never shown: the link holds it)."""
    parts = urlsplit(url)
    host = parts.hostname or url
    path = parts.path.rstrip("/")
    return f"{host}{path}" if path and len(path) <= 40 and "%" not in path else host


def byline(source: Source) -> str:
    """One line under the title: who, when, in what language (``Speech by Xi Jinping · 27 February
    2014 · English``); the full record is in the details below it."""
    m = source.meta
    who = m.speaker or m.author
    kind = (m.kind[:1].upper() + m.kind[1:]) if m.kind else ""
    lead = f"{kind} by {who}" if kind and who else (who or kind)
    translated = ""
    if m.translator:
        machine = m.translator.lower().startswith("machine")
        translated = "machine translation" if machine else f"translated by {m.translator}"
    parts = [
        escape(lead),
        f'<time datetime="{m.date}">{human_date(m.date)}</time>',
        escape(translated),
        escape(LANGUAGE_NAMES[m.language]),
    ]
    return " · ".join(p for p in parts if p)


def source_page(
    source: Source, annotator: Annotator | None = None, aids: tuple[Aid, ...] = (), *, hold: Held | None = None
) -> str:
    """The page of one source: metadata header, numbered passages, headings and notes.

    With an ``annotator``, Chinese in the text gets pinyin ruby; headings never do. ``aids`` add
    to every passage and to the end of the page.
    """

    def text(html: str) -> str:
        return annotator.annotate(mark_chinese(html)) if annotator else mark_chinese(html)

    m = source.meta
    out = [front_matter(source.title, description=m.summary or "")]
    out.append(f"# {md_text(mark_chinese(source.title_html))}\n\n")
    dl = "".join(f"<dt>{k}</dt><dd>{text(v)}</dd>" for k, v in _meta_rows(source))
    summary = f'<p class="lx-summary">{text(escape(m.summary))}</p>' if m.summary else ""
    note = f'<p class="lx-note">{text(escape(m.note))}</p>' if m.note else ""
    out.append(
        f'<div class="lx-meta"><p class="lx-byline">{text(byline(source))}</p>'
        f'<details class="lx-meta-more"><summary>About this text</summary>'
        f"{summary}<dl>{dl}</dl></details>{note}</div>\n\n"
    )
    for block in source.blocks:
        if isinstance(block, Heading):
            heading = mark_chinese(escape(block.text))
            out.append(f"{'#' * block.level} {md_text(heading)}\n\n")
        else:
            out.append(passage_html(source, block, annotator, aids, hold=hold) + "\n\n")
    if source.footnotes:
        out.append("## Notes\n\n")
        notes = "".join(
            f'<li id="fn-{f.number}"><a class="lx-note-label" href="#fnref-{f.number}" '
            f'title="Back to the text">{escape(f.label)}</a> {text(f.html)}</li>'
            for f in source.footnotes
        )
        out.append(f'<ol class="lx-notes">{notes}</ol>\n')
    end = "".join(aid.page_end([(source, p) for p in source.passages]) for aid in aids)
    if end:
        out.append(f"\n{end}\n")
    return "".join(out)


def timeline_year(iso: str) -> float:
    """A date's place on a time axis, in years: ``2014-07`` → 2014.5."""
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 365


def timeline_svg(corpus: Corpus, root: str = "") -> str:
    """A small SVG timeline: one labelled dot per source, each a link to its page (``root`` is the
    path from the page to ``sources/``).

    The links use ``xlink:href`` and ``charts.js`` keeps their clicks from Material's instant
    navigation, which expects an HTML link's ``href`` (an SVG link's is an object) and would stop
    working. Its labels are drawn at 12 px for a column about 720 px wide: on narrow screens the
    timeline is hidden (``lectern.css``) and the table of sources beside it stands in.
    """
    years = [timeline_year(s.meta.date) for s in corpus.sources]
    first, last = int(min(years)), int(max(years)) + 1
    width, left, right, row = 720, 20, 20, 22
    scale = (width - left - right) / max(last - first, 1)
    x_of = lambda y: round(left + (y - first) * scale, 1)  # noqa: E731
    rows: list[float] = []  # per row, the x where the last label ends
    marks = []
    for source, y in zip(corpus.sources, years):
        x = x_of(y)
        title = source.title
        label = title if len(title) <= 28 else title[:27] + "…"
        span = 6.5 * len(label) + 8
        flip = x + span > width  # near the right edge the label runs leftwards
        start = x - span if flip else x
        r = next((i for i, end in enumerate(rows) if end < start), len(rows))
        rows[r : r + 1] = [max(x, start + span) + 6]
        ty = 38 + r * row
        anchor = f'x="{x - 4}" text-anchor="end"' if flip else f'x="{x + 4}"'
        marks.append(
            f'<a xlink:href="{root}{source.slug}/" class="lx-chart-link">'
            f"<title>{escape(title)} ({human_date(source.meta.date)})</title>"
            f'<line x1="{x}" y1="20" x2="{x}" y2="{ty - 4}" class="lx-tl-stem"/>'
            f'<circle cx="{x}" cy="20" r="5" class="lx-tl-dot"/>'
            f'<text {anchor} y="{ty}" class="lx-tl-label">{escape(label)}</text></a>'
        )
    height = 38 + len(rows) * row
    ticks = "".join(
        f'<text x="{x_of(y)}" y="{height - 2}" text-anchor="middle" class="lx-tl-year">{y}</text>'
        for y in range(first, last + 1)
    )
    return (
        f'<svg class="lx-timeline" viewBox="0 0 {width} {height + 4}" role="group" aria-labelledby="lx-tl-title" '
        f'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<title id="lx-tl-title">Timeline of the {len(corpus.sources)} sources, {first}–{last}: '
        f"{escape('; '.join(f'{s.title}, {human_date(s.meta.date)}' for s in corpus.sources))}</title>"
        f'<line x1="{left}" y1="20" x2="{width - right}" y2="20" class="lx-tl-axis"/>'
        f"{''.join(marks)}{ticks}</svg>"
    )


SOURCES_MARK = "<!-- lectern:sources -->"


def sources_glance(corpus: Corpus, root: str = "") -> str:
    """The sources at a glance, for a page of the docs (the home page) that holds ``SOURCES_MARK``:
    one line each, by date, its title a link to its page (``root``: the path from the page to the
    site's root) and its byline (kind and who, date, language)."""
    items = "".join(
        f'<li><a href="{root}sources/{s.slug}/">{mark_chinese(escape(s.title))}</a><br>'
        f'<span class="lx-glance-by">{byline(s)}</span></li>'
        for s in corpus.sources
    )
    return f'<ul class="lx-glance">{items}</ul>'


def sources_index(corpus: Corpus) -> str:
    """The Sources page: a timeline and a table sorted by date."""
    rows = "".join(
        f'<tr><td><time datetime="{s.meta.date}">{s.meta.date}</time></td>'
        f'<td><a href="{s.slug}/">{escape(s.title)}</a></td>'
        f"<td>{escape(s.meta.kind or '')}</td><td>{LANGUAGE_NAMES[s.meta.language]}</td>"
        f"<td>{escape(s.meta.speaker or s.meta.author or '')}</td><td>{len(s.passages)}</td></tr>"
        for s in corpus.sources
    )
    table = (
        '<div class="lx-sources"><table><thead><tr><th scope="col">Date</th><th scope="col">Title</th>'
        '<th scope="col">Kind</th><th scope="col">Language</th><th scope="col">Speaker or author</th>'
        f'<th scope="col">Passages</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )
    return (
        front_matter("Sources", description="Every text in the reader, by date.")
        + "# Sources\n\n"
        + f'<figure class="lx-figure lx-tl-figure">{timeline_svg(corpus)}</figure>\n\n'
        + f"{table}\n"
    )


def passages_api(corpus: Corpus, terms: dict[tuple[str, str], tuple[str, ...]] | None = None) -> str:
    """``api/passages.json``: every source and passage; URLs are relative to the site root.

    ``terms`` gives the glossary term ids found in each passage (``glossaryaid.passage_terms``).
    """
    sources = []
    for s in corpus.sources:
        record: dict[str, object] = {"slug": s.slug, "title": s.title, "url": f"sources/{s.slug}/"}
        record |= s.meta.model_dump(exclude={"title", "url"}, exclude_none=True)
        record["tags"] = list(s.meta.tags)
        if s.meta.url:
            record["original_url"] = s.meta.url
        sources.append(record)
    passages = [
        {
            "source": s.slug,
            "id": p.id,
            "n": p.n,
            "language": p.language,
            "text": p.text,
            "url": f"sources/{s.slug}/#{p.id}",
            "terms": list((terms or {}).get((s.slug, p.id), ())),
        }
        for s in corpus.sources
        for p in s.passages
    ]
    return json.dumps({"sources": sources, "passages": passages}, ensure_ascii=False, indent=1) + "\n"

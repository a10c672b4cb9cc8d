"""The glossary's pages and API: an index, one page per term with its concordance, ``api/glossary.json``.

Search indexes a term's own text (headword, Chinese, pinyin with and without tones, definition,
note) but not its concordance, related terms or picture (``data-search-exclude``): those repeat
text that search finds where it belongs, and would bury the sources under term pages.

Every occurrence comes from :class:`lectern.glossaryaid.GlossaryAid`, which saw each passage as its
page shows it, so the concordance counts exactly what the reader sees marked (or could see, with
``glossary_marks: all``). URLs are relative: the index is ``glossary/``, a term ``glossary/<id>/``.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from html import escape

from .corpus import Corpus, Passage, Source
from .glossary import Glossary, Term
from .glossarymatch import Hit
from .render import front_matter, human_date, mark_chinese, md_text, timeline_year

Occurrences = dict[str, list[tuple[Source, Passage, Hit]]]  # term id -> in source date and text order


def occurrences(corpus: Corpus, hits: dict[tuple[str, str], list[Hit]]) -> Occurrences:
    """Every hit by term, in the order of the sources (by date), their passages and the text."""
    found: Occurrences = defaultdict(list)
    for source in corpus.sources:
        for passage in source.passages:
            for hit in hits.get((source.slug, passage.id), ()):
                found[hit.term].append((source, passage, hit))
    return dict(found)


def _zh_spans(term: Term) -> str:
    trad = f' <span lang="zh-Hant">{escape(term.zh_hant)}</span>' if term.zh_hant != term.zh else ""
    return f'<span lang="zh-Hans">{escape(term.zh)}</span>{trad}'


def index_page(glossary: Glossary, found: Occurrences) -> str:
    """``glossary/index.md``: every term, by English headword and by pinyin, grouped by letter."""
    out = [front_matter("Glossary", description="The political vocabulary of the texts, in English and Chinese.")]
    out.append("# Glossary\n\n")
    out.append(
        f'<p class="lx-gindex-intro">{len(glossary.terms)} terms from the texts, each with its Chinese, pinyin, '
        "a short definition and every place it is used. Browse by English headword or by pinyin.</p>\n\n"
    )
    if not glossary.terms:
        return "".join(out)

    def letter(text: str) -> str:
        first = text[:1].upper()
        return first if "A" <= first <= "Z" else "0–9"

    by_en = sorted(glossary.terms, key=lambda t: (t.headword.casefold(), t.id))
    by_py = sorted(glossary.terms, key=lambda t: (t.pinyin_plain.casefold(), t.pinyin_words, t.zh))
    for title, prefix, terms, key in (
        ("By English headword", "en", by_en, lambda t: letter(t.headword)),
        ("By pinyin", "py", by_py, lambda t: letter(t.pinyin_plain)),
    ):
        groups: dict[str, list[Term]] = {}
        for term in terms:
            groups.setdefault(key(term), []).append(term)
        jump = " ".join(f'<a href="#{prefix}-{_anchor(g)}">{escape(g)}</a>' for g in groups)
        out.append(f"## {title}\n\n")
        out.append(f'<p class="lx-gindex-jump" aria-label="{title}: jump to a letter">{jump}</p>\n\n')
        for group, members in groups.items():
            out.append(f"### {escape(group)} {{#{prefix}-{_anchor(group)}}}\n\n")
            items = "".join(_index_item(t, prefix, len(found.get(t.id, ()))) for t in members)
            out.append(f'<ul class="lx-gindex">{items}</ul>\n\n')
    return "".join(out)


def _anchor(group: str) -> str:
    return "digits" if group == "0–9" else group.lower()


def _index_item(term: Term, order: str, count: int) -> str:
    uses = f'<span class="lx-gindex-count">{count} use{"s" * (count != 1)}</span>'
    if order == "py":
        head = (
            f'<a href="{term.id}/"><span class="lx-gindex-py">{escape(term.pinyin_words)}</span> '
            f'{_zh_spans(term)}</a> <span class="lx-gindex-en">{escape(term.headword)}</span>'
        )
    else:
        head = (
            f'<a href="{term.id}/"><span class="lx-gindex-en">{escape(term.headword)}</span></a> '
            f'{_zh_spans(term)} <span class="lx-gindex-py">{escape(term.pinyin_words)}</span>'
        )
    return f'<li>{head} {uses}<br><span class="lx-gindex-def">{escape(term.definition)}</span></li>'


def term_page(term: Term, glossary: Glossary, corpus: Corpus, found: Occurrences) -> str:
    """``glossary/<id>.md``: the definition, note, related terms, first use, a picture and the concordance."""
    hits = found.get(term.id, [])
    # The Chinese is not in the title: search weighs titles heavily, and a Chinese query (segmented,
    # so 网络强国 also finds every term with 网络) would list term pages above the sources that use it.
    out = [front_matter(term.headword, description=term.definition)]
    out.append(f"# {md_text(escape(term.headword))}\n\n")
    variants = ", ".join(f"<i>{escape(v)}</i>" for v in (*term.variants, *term.zh_variants))
    # The toneless pinyin is on the page (not hidden) so that a search for "wangluo qiangguo" finds it.
    out.append(
        '<div class="lx-term-head">'
        f'<p class="lx-term-forms">{_zh_spans(term)} <span class="lx-term-py">{escape(term.pinyin_words)}</span> '
        f'<span class="lx-term-plain" title="pinyin without tones">{escape(term.pinyin_plain)}</span></p>'
        f'<p class="lx-term-def">{escape(term.definition)}</p>'
        + (f'<p class="lx-term-variants">Also in the texts: {mark_chinese(variants)}</p>' if variants else "")
        + "</div>\n\n"
    )
    if term.note_html:
        note = " ".join(mark_chinese(term.note_html).split("\n"))  # one line: an HTML block ends at a blank line
        out.append(f'<div class="lx-term-note">{note}</div>\n\n')
    first = _first_use(term, corpus, hits)
    if first:
        out.append(f"## First known use\n\n{first}\n\n")
    if term.related:
        items = "".join(
            f'<li><a href="../{r.id}/">{escape(r.headword)}</a> {_zh_spans(r)}: '
            f'<span class="lx-gindex-def">{escape(r.definition)}</span></li>'
            for r in (glossary.term(i) for i in term.related)
        )
        out.append(f'## Related terms\n\n<ul class="lx-related" data-search-exclude>{items}</ul>\n\n')
    out.append("## Where it is used\n\n")
    out.append(f'<figure class="lx-figure lx-usage" data-search-exclude>{usage_svg(term, corpus, hits)}</figure>\n\n')
    out.append("## Concordance\n\n")
    sources = list(dict.fromkeys(source.slug for source, _, _ in hits))
    if not hits:
        out.append('<p class="lx-kwic-total">Not found in the texts of this reader.</p>\n')
        return "".join(out)
    out.append(
        f'<p class="lx-kwic-total">{len(hits)} occurrence{"s" * (len(hits) != 1)} in '
        f"{len(sources)} source{'s' * (len(sources) != 1)}, ordered by date.</p>\n\n"
    )
    for slug in sources:
        source = corpus.source(slug)
        lines = [(p, h) for s, p, h in hits if s.slug == slug]
        out.append(
            f"### {md_text(mark_chinese(escape(source.title)))} ({human_date(source.meta.date)}): {len(lines)} "
            f"{{: #{usage_anchor(slug)} }}\n\n"
        )
        items = "".join(
            f'<li><a class="lx-kwic-ref" href="../../sources/{slug}/#{p.id}" '
            f'title="Passage {p.label} of {escape(source.title)}">{p.label}</a> '
            f'<span class="lx-kwic-left">{mark_chinese(escape(h.left))}</span>'
            f'<mark class="lx-kwic-hit">{mark_chinese(escape(h.text))}</mark>'
            f'<span class="lx-kwic-right">{mark_chinese(escape(h.right))}</span></li>'
            for p, h in lines
        )
        out.append(f'<ol class="lx-kwic" data-search-exclude>{items}</ol>\n\n')
    return "".join(out)


def _first_use(term: Term, corpus: Corpus, hits: list[tuple[Source, Passage, Hit]]) -> str:
    parts = []
    if term.first_use:
        fu = term.first_use
        where = ""
        if fu.source:
            slug, _, pid = fu.source.partition("#")
            source = corpus.source(slug)
            href = f"../../sources/{slug}/" + (f"#{pid}" if pid else "")
            where = f' (see <a href="{href}">{escape(source.title)}</a>{", passage " + pid.removeprefix("p") if pid else ""})'
        text = f": {escape(fu.text)}" if fu.text else ""
        parts.append(f'<time datetime="{fu.date}">{human_date(fu.date)}</time>{text}{where}.')
    if hits:
        source, passage, _ = hits[0]
        parts.append(
            f'Earliest in this reader: <a href="../../sources/{source.slug}/#{passage.id}">{escape(source.title)}</a>, '
            f'passage {passage.label} (<time datetime="{source.meta.date}">{human_date(source.meta.date)}</time>).'
        )
    return f'<p class="lx-first-use">{" ".join(parts)}</p>' if parts else ""


def usage_svg(term: Term, corpus: Corpus, hits: list[tuple[Source, Passage, Hit]]) -> str:
    """Uses of a term per source, in time: one row per source (by date), a dot at its date sized by
    the count, and the count beside it; a hollow ring where the term is not used.

    Drawn for a phone's column (340 units wide, 12 px labels: 11 px or more from 312 px of width;
    ``glossary.css`` caps its width on wider screens). Each row links to what it counts: the
    source's lines of the concordance below, or the source's page where the term is not used (SVG
    links: see ``render.timeline_svg``).
    """
    counts = {s.slug: 0 for s in corpus.sources}
    for source, _, _ in hits:
        counts[source.slug] += 1
    years = {s.slug: timeline_year(s.meta.date) for s in corpus.sources}
    first, last = int(min(years.values())), int(max(years.values())) + 1
    width, left, right, row, top_pad = 340, 18, 190, 22, 14
    scale = (width - left - right) / max(last - first, 1)
    top = max(counts.values(), default=0) or 1
    marks = []
    for i, source in enumerate(corpus.sources):
        n = counts[source.slug]
        x = round(left + (years[source.slug] - first) * scale, 1)
        y = top_pad + i * row
        r = round(2.5 + 7 * math.sqrt(n / top), 1) if n else 2.5
        label = source.title if len(source.title) <= 24 else source.title[:23] + "…"
        href = f"#{usage_anchor(source.slug)}" if n else f"../../sources/{source.slug}/"
        marks.append(
            f'<a xlink:href="{href}" class="lx-chart-link">'
            f"<title>{escape(source.title)} ({human_date(source.meta.date)}): {n} use{'s' * (n != 1)}</title>"
            f'<rect x="0" y="{y - row / 2}" width="{width}" height="{row}" class="lx-chart-hit"/>'
            f'<line x1="{left}" y1="{y}" x2="{width - right + 4}" y2="{y}" class="lx-usage-row"/>'
            f'<circle cx="{x}" cy="{y}" r="{r}" class="{"lx-usage-dot" if n else "lx-usage-none"}"/>'
            f'<text x="{width - right + 10}" y="{y + 4}" class="lx-usage-n">{n} · {escape(label)}</text></a>'
        )
    axis = top_pad + len(corpus.sources) * row - 6
    step = max(1, math.ceil(32 / scale))  # year labels at least 32 units apart
    ticks = "".join(
        f'<text x="{round(left + (y - first) * scale, 1)}" y="{axis + 16}" text-anchor="middle" class="lx-tl-year">{y}</text>'
        for y in range(first, last + 1, step)
    )
    summary = "; ".join(f"{s.title} ({s.meta.date}): {counts[s.slug]}" for s in corpus.sources)
    return (
        f'<svg class="lx-usage-chart" viewBox="0 0 {width} {axis + 22}" role="group" aria-labelledby="lx-usage-title" '
        f'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<title id="lx-usage-title">Uses of “{escape(term.headword)}” per source, by date: {escape(summary)}</title>'
        f'<line x1="{left}" y1="{axis}" x2="{width - right}" y2="{axis}" class="lx-tl-axis"/>'
        f"{''.join(marks)}{ticks}</svg>"
    )


def usage_anchor(slug: str) -> str:
    """The id of a source's lines in a term page's concordance."""
    return f"uses-{slug}"


def glossary_api(glossary: Glossary, found: Occurrences) -> str:
    """``api/glossary.json``: every term with its occurrences as ``{source, passage, count}``."""
    terms = []
    for term in glossary.terms:
        per_passage: dict[tuple[str, str], int] = {}
        for source, passage, _ in found.get(term.id, ()):
            per_passage[(source.slug, passage.id)] = per_passage.get((source.slug, passage.id), 0) + 1
        terms.append(
            {
                "id": term.id,
                "headword": term.headword,
                "variants": list(term.variants),
                "zh": term.zh,
                "zh_hant": term.zh_hant,
                "zh_variants": list(term.zh_variants),
                "pinyin": term.pinyin_words,
                "pinyin_plain": term.pinyin_plain,
                "definition": term.definition,
                "note": term.note_markdown,
                "related": list(term.related),
                "first_use": term.first_use.model_dump(exclude_none=True) if term.first_use else None,
                "url": f"glossary/{term.id}/",
                "count": sum(per_passage.values()),
                "occurrences": [{"source": s, "passage": p, "count": n} for (s, p), n in per_passage.items()],
            }
        )
    return json.dumps({"terms": terms}, ensure_ascii=False, indent=1) + "\n"

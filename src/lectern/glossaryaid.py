"""The glossary on the pages: terms marked in the passages, a short glossary at the end of each
page, and every occurrence recorded for the concordance and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .corpus import Corpus, Passage, Source
from .glossary import MARKS, Glossary, Term
from .glossarymatch import Hit, Matcher
from .render import Aid


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
    trad = (
        f' <span class="lx-gloss-zht" lang="zh-Hant">{escape(term.zh_hant)}</span>' if term.zh_hant != term.zh else ""
    )
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

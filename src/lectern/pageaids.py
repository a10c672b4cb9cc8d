"""Reading aids on a site's own pages: pinyin ruby on the Chinese, glossary terms, the popup dictionary.

A site generator hands each converted page body to :meth:`PageAids.content` (after its Markdown
is converted, before its search indexes it) and each finished page to :meth:`PageAids.finish`
(after indexing). The annotated body is held back as :class:`lectern.render.Held` does for corpus
passages, so search, the table of contents and the Markdown parser see the plain text. Headings,
code, preformatted text, scripts and existing ruby are left as written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import dictionary, language
from .glossary import Glossary
from .glossaryaid import gloss_entry
from .glossarymatch import Matcher
from .render import Held
from .ruby import Annotator

# Elements whose text is never annotated: headings (ruby would reach the table of contents and
# the permalinks), code, and what is not prose.
SKIPPED = frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "code",
        "pre",
        "kbd",
        "samp",
        "script",
        "style",
        "textarea",
        "ruby",
        "svg",
        "math",
        "title",
    ]
)
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID_END = re.compile(r"/\s*>$")


def map_prose(html: str, change) -> str:
    """Apply ``change`` to the text of ``html`` outside the :data:`SKIPPED` elements and comments."""
    parts = _TAG.split(html)
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:
            m = _NAME.match(part)
            if m and m.group(2).lower() in SKIPPED and not _VOID_END.search(part):
                depth = max(0, depth + (-1 if m.group(1) else 1))
        elif depth == 0 and part:
            parts[i] = change(part)
    return "".join(parts)


class PageAids:
    """Annotates the Chinese of a site's pages, with readings cached in ``cache_dir``.

    ``glossary`` (optional) marks its terms (``marks``: ``first`` or ``all`` occurrences per page)
    and lists them at the end of the page, for their popups; ``glossary_links`` says whether the
    site has a page per term (``glossary/<id>/``) for those entries to link to.
    """

    def __init__(
        self,
        cache_dir: Path | None = None,
        glossary: Glossary | None = None,
        marks: str = "first",
        glossary_links: bool = False,
    ):
        self.annotator = Annotator(cache_dir / "page-readings.json" if cache_dir else None)
        self.cache_dir = cache_dir
        self.glossary = glossary if glossary and glossary.terms else None
        self.matcher = Matcher(self.glossary.terms) if self.glossary else None
        self.marks = marks
        self.glossary_links = glossary_links
        self.held = Held()

    def content(self, html: str, root: str = "") -> str:
        """A page body with its Chinese marked (``lang``) and annotated, held back until
        :meth:`finish`; ``root`` is the relative path from the page to the site root."""
        if not language.has_han(html):
            return html
        marked = map_prose(html, lambda text: language.mark_runs(text, "zh-Hans") if language.has_han(text) else text)
        annotated = map_prose(marked, lambda text: self.annotator.annotate(text) if language.has_han(text) else text)
        if self.matcher and self.glossary:
            annotated, hits = self.matcher.mark(annotated, self.marks)
            used = {hit.term for hit in hits}
            if used:
                link = root if self.glossary_links else None
                entries = "".join(gloss_entry(t, link) for t in self.glossary.terms if t.id in used)
                annotated += f'<section class="lx-glossary" data-search-exclude>{entries}</section>'
        return self.held(html, annotated)

    def finish(self, html: str) -> str:
        """A finished page with its annotated body in place."""
        return self.held.release(html)

    def words(self) -> set[dictionary.Word]:
        return {dictionary.word(text, syllables) for text, syllables in self.annotator.written}

    def dictionary_api(self, corpus_api: str | None = None) -> str | None:
        """``api/dictionary.json`` for the words on the pages, merged with the corpus's
        (``corpus_api``); None when the pages added no word."""
        self.annotator.save()
        words = self.words()
        if not words:
            return None
        cache = self.cache_dir / "page-dictionary.json" if self.cache_dir else None
        content = json.loads(dictionary.api(words, cache))
        for word, readings in json.loads(corpus_api or "{}").items():
            content.setdefault(word, {}).update(readings)
        return dictionary.dumps(content)

"""What the reader adds to a site, independent of the site generator.

:func:`plan` loads the corpus and returns every generated page (Markdown) and file (bytes or
text) by its path in the site. An adapter such as the MkDocs plugin (``lectern.mkdocs_plugin``) only has to hand
these to its generator; another generator can drive the same plan.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import compare, dictionary, handouts, parallels, render, termpages
from .assignments import Assignment, Lexicon, VocabularyItem, load_assignments
from .corpus import Corpus, CorpusError, load_corpus, raw_files
from .glossary import Glossary, load_glossary
from .glossaryaid import GlossaryAid
from .glossaryaid import passage_terms as glossary_terms
from .ruby import Annotator

# The reader's assets are written per feature in src/lectern/assets/ and served as a few bundles,
# each made of these files in this order: a file may use what an earlier one defines (popups.js
# opens its popups with popover.js's). Every page loads lectern.css and lectern.js; the assignment
# builder's tray (teacher.*, which uses teacher-link.js) and the students' page (teacher-link.*) are
# loaded on first use by assign.js, each page only what it needs, so a reader who never builds an
# assignment does not download them; so is compare.js, by the compare page (lectern.js). Every asset file is in one list (a test
# checks it); workers/ are served on their own.
BUNDLES = {
    "lectern.css": (
        "lectern.css",
        "glossary.css",
        "parallels.css",
        "popover.css",
        "print.css",
        "searchmarks.css",
        "teaching.css",
    ),
    "lectern.js": (
        "lectern.js",
        "charts.js",
        "parallels.js",
        "passages.js",
        "popover.js",
        "popups.js",
        "searchmarks.js",
        "assign.js",
    ),
    "teacher.css": ("teacher.css",),
    "teacher.js": ("teacher.js",),
    "teacher-link.css": ("teacher-link.css",),
    "teacher-link.js": ("teacher-link.js",),
    "compare.js": ("compare.js",),
}
# What every page loads (the rest is loaded on first use)
PAGE_BUNDLES = ("lectern.css", "lectern.js")


# Comments on lines of their own: they are for whoever reads the asset files, not for readers' phones.
_COMMENT_LINES = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n|^[ \t]*//[^\n]*\n", re.M | re.S)


def bundle(name: str) -> str:
    """The bundle ``name`` (``lectern.js``): its files in the order of :data:`BUNDLES`, without the
    comments that stand on lines of their own."""
    assets = resources.files("lectern") / "assets"
    text = "\n".join((assets / part).read_text(encoding="utf-8").rstrip("\n") + "\n" for part in BUNDLES[name])
    return _COMMENT_LINES.sub("", text)


# The reader's settings: where they are stored, their defaults, and applying pinyin, tones and text size before
# the first frame (applied at the end of the page instead, hiding pinyin moved the text after it was
# shown: a layout shift on every load for a reader who keeps pinyin off). The one place that knows
# the key and the defaults: lectern.js reads and stores the settings through ``lxSettings``.
EARLY_SETTINGS = (
    '<script>function lxSettings(){var d={pinyin:"on",tones:"off",script:"original",size:"m"};'
    'try{return Object.assign(d,JSON.parse(localStorage.getItem(lxSettings.key)||"{}"))}catch(e){return d}}'
    'lxSettings.key="lectern.settings";'
    "(function(s,d){d.lxPinyin=s.pinyin;d.lxTones=s.tones;d.lxSize=s.size})(lxSettings(),document.documentElement.dataset)</script>"
)


def with_settings(html: str) -> str:
    """A finished page with the reader's settings applied in its ``<head>`` (``EARLY_SETTINGS``)."""
    return html.replace("</head>", EARLY_SETTINGS + "</head>", 1)


# A glossary of more terms than this lists them on its index page only, not in the navigation: the
# navigation of a term page lists its section's pages, so n term pages would carry n links each
# (a 5,000-term glossary: 1.5 MB a page, 7 GB of site). Below it, the terms stay in the navigation.
NAV_TERMS = 200


@dataclass(frozen=True)
class Plan:
    corpus: Corpus
    glossary: Glossary
    passage_terms: dict[tuple[str, str], tuple[str, ...]]  # (slug, passage id) -> glossary ids found there
    pages: dict[str, str]  # docs-relative path of a Markdown page -> its text
    files: dict[str, str | bytes]  # site-relative path of a static file -> its content
    sections: dict[str, list[tuple[str, str]]]  # index page -> (title, page) of the pages under it
    held: render.Held  # annotated passage bodies, put into each finished page by finish_page
    assignments: tuple[Assignment, ...] = ()
    unlisted: frozenset[str] = frozenset()  # pages reached from their index page, not from the navigation

    def finish_page(self, html: str) -> str:
        """A page's finished HTML, with the annotated passage bodies in place (see render.Held) and
        the reader's settings applied in its ``<head>`` (see ``EARLY_SETTINGS``).

        Call it on every HTML page after the generator has converted and indexed it, template-only
        pages such as 404.html included (lectern.js reads the settings through its head script).
        """
        return with_settings(self.held.release(html))

    def origins(self) -> dict[str, Callable[[str], str]]:
        """For each generated page, a function giving ``corpus/file:line`` for a message about it:
        the line of the corpus file where a text quoted in the message ('…') appears, else the
        entry's first line."""
        root = self.corpus.root.parent
        found: dict[str, Callable[[str], str]] = {}

        def where(shown: str, line: int) -> Callable[[str], str]:
            def locate(message: str) -> str:
                try:
                    lines = (root / shown).read_text(encoding="utf-8-sig").splitlines()
                except (OSError, UnicodeDecodeError):
                    lines = []
                for quoted in re.findall(r"'([^'\n]{2,})'", message):
                    hit = next((n for n, text in enumerate(lines, start=1) if quoted in text), None)
                    if hit:
                        return f"{shown}:{hit}"
                return f"{shown}:{line}"

            return locate

        for s in self.corpus.sources:
            found[f"sources/{s.slug}.md"] = where(s.path, 1)
        for t in self.glossary.terms:
            found[f"glossary/{t.id}.md"] = where(self.glossary.path, t.line)
        for a in self.assignments:
            found[f"assignments/{a.slug}.md"] = where(a.path, 1)
        return found

    def fragments(self) -> Iterator[tuple[str, str]]:
        """(file, HTML) of every HTML fragment in the JSON files that scripts insert into pages
        (parallels panels, compare views), for :func:`lectern.sanitise.audit`."""

        def strings(value):
            if isinstance(value, str):
                if "<" in value:
                    yield value
            elif isinstance(value, dict):
                for item in value.values():
                    yield from strings(item)
            elif isinstance(value, list):
                for item in value:
                    yield from strings(item)

        for path, content in self.files.items():
            if path.startswith(("api/panels/", "api/compare/")) and path.endswith(".json"):
                for html in strings(json.loads(content)):
                    yield path, html

    def stale_anchors(self) -> list[str]:
        """Slugs whose anchor ledger does not record the current passages."""
        return [s.slug for s in self.corpus.sources if s.anchors.stale]


@dataclass(frozen=True)
class Inputs:
    """Every corpus file, loaded and validated."""

    corpus: Corpus
    glossary: Glossary
    assignments: tuple[Assignment, ...]
    curated: parallels.Curated  # corpus/parallels.yml


def load(corpus_dir: Path, cache_dir: Path | None = None) -> Inputs:
    """Load and validate every corpus file: sources, glossary, assignments and curated parallels.

    Raises :class:`CorpusError` with the problems of all of them at once.
    """
    corpus_dir = Path(corpus_dir)
    problems = []
    corpus = glossary = None
    assignments: tuple[Assignment, ...] = ()
    curated = parallels.Curated()
    try:
        corpus = load_corpus(corpus_dir)
    except CorpusError as exc:
        problems += exc.problems
    # The glossary's own pinyin has its own cache, so that it never evicts the passages' readings.
    term_readings = Annotator(cache_dir / "glossary-readings.json" if cache_dir else None)
    try:
        glossary = load_glossary(corpus_dir, corpus, term_readings)
        term_readings.save()
    except CorpusError as exc:
        problems += exc.problems
    try:  # without sources, the file is still read and checked on its own
        curated = parallels.load_curated(corpus, corpus_dir / "parallels.yml")
    except CorpusError as exc:
        problems += exc.problems
    if corpus is not None and glossary is not None:  # assignments name passages and glossary ids
        try:
            assignments = load_assignments(corpus, Lexicon(terms=vocabulary_items(glossary)))
        except CorpusError as exc:
            problems += exc.problems
    if problems:
        raise CorpusError(problems)
    assert corpus is not None and glossary is not None  # each is None only after a problem
    return Inputs(corpus, glossary, assignments, curated)


def vocabulary_items(glossary: Glossary) -> dict[str, VocabularyItem]:
    """The glossary's terms as lines of a vocabulary list, by id."""
    return {t.id: VocabularyItem(t.headword, t.zh, t.pinyin_words, t.definition) for t in glossary.terms}


def plan(
    corpus_dir: Path, *, cache_dir: Path | None = None, annotate: bool = True, glossary_marks: str = "first"
) -> Plan:
    """Everything the corpus adds to the site. Raises :class:`lectern.corpus.CorpusError`.

    ``annotate=False`` leaves out the reading aids on passages (pinyin ruby and its dictionary,
    glossary marks, parallel markers), for comparison in benchmarks; ``cache_dir``
    keeps readings between builds, keyed by content. ``glossary_marks`` is ``first`` (mark a
    term's first occurrence in each passage) or ``all``.
    """
    inputs = load(corpus_dir, cache_dir)
    corpus, glossary, assignments, curated = inputs.corpus, inputs.glossary, inputs.assignments, inputs.curated
    # Parallels use the glossary's concept ids of each passage (found here on the plain text).
    on_plain_text = glossary_terms(glossary, corpus)
    detected = parallels.detect(
        corpus,
        terms=on_plain_text,
        config=curated.config,
        cache_dir=cache_dir,
        explain=[(link.a, link.b) for link in curated.links],
    )
    links = parallels.combine(detected, curated)
    annotator = Annotator(cache_dir / "readings.json" if cache_dir else None) if annotate else None
    if annotator:  # every text it may read, so that the reading engine loads its data in one go
        texts = (
            t for s in corpus.sources for t in (s.title, *(b.text for b in s.blocks), *(f.text for f in s.footnotes))
        )
        annotator.prepare(texts)
        annotator.read(render.body_html(p) for s in corpus.sources for p in s.passages)  # on every core
    held = render.Held()
    # With annotate=False passages carry no reading aids (the benchmarks' baseline); terms are still
    # found, for the glossary's concordance.
    terms = GlossaryAid(glossary, marks=glossary_marks, show=annotate, found=on_plain_text)
    markers = (compare.ParallelsAid(corpus, links),) if annotate else ()
    aids: tuple[render.Aid, ...] = (terms, *markers, handouts.Citations())
    pages = {f"sources/{s.slug}.md": render.source_page(s, annotator, aids, hold=held) for s in corpus.sources}
    pages["sources/index.md"] = render.sources_index(corpus)
    found = termpages.occurrences(corpus, terms.hits)
    passage_terms = terms.passage_terms()
    pages["glossary/index.md"] = termpages.index_page(glossary, found)
    pages |= {f"glossary/{t.id}.md": termpages.term_page(t, glossary, corpus, found) for t in glossary.terms}
    pages["parallels/index.md"] = compare.overview_page(corpus, links)
    pages[compare.PAGE] = compare.compare_page()
    views = compare.Views(corpus, annotator)  # every pair's view, for the compare page
    files: dict[str, str | bytes] = {
        "api/passages.json": render.passages_api(corpus, passage_terms),
        "api/glossary.json": termpages.glossary_api(glossary, found),
        "api/parallels.json": compare.api(links),
        **compare.view_files(views.by_passage(links)),
        **(markers[0].files() if markers else {}),
    }
    gloss = None
    if annotator:  # the popup dictionary: the words with ruby on the pages, fetched on first use
        # every word the annotator wrote: the passages' (held bodies) and the compare views'
        written = (dictionary.word(text, syllables) for text, syllables in annotator.written)
        popup = dictionary.api(written, cache_dir / "dictionary.json" if cache_dir else None)
        files["api/dictionary.json"] = popup
        gloss = dictionary.gloss_lookup(popup)
        headword = dictionary.headword_lookup(popup)
    lexicon = Lexicon(
        terms=vocabulary_items(glossary),
        terms_in=lambda source, passage: passage_terms.get((source.slug, passage.id), ()),
        **({"gloss": gloss, "headword": headword} if gloss else {}),
    )
    # each passage's vocabulary, for assignments made in the browser (assets/teacher-link.js)
    files[handouts.VOCABULARY_API] = handouts.vocabulary_api(corpus, annotator, lexicon)
    for s in corpus.sources:
        words = handouts.source_vocabulary(s, annotator, lexicon)
        if words:
            pages[f"sources/{s.slug}.md"] += "\n" + handouts.exports_links("this text") + "\n"
            files |= {f"sources/{s.slug}/{name}": data for name, data in handouts.exports(words, s.slug).items()}
    for a in assignments:
        words = handouts.assignment_vocabulary(a, annotator, lexicon)
        pages[f"assignments/{a.slug}.md"] = handouts.assignment_page(a, annotator, aids, words, hold=held)
        if words:
            files |= {f"assignments/{a.slug}/{name}": data for name, data in handouts.exports(words, a.slug).items()}
    pages["assignments/index.md"] = handouts.assignments_index(assignments)
    pages[handouts.SHARED_PAGE] = handouts.shared_page()
    if annotator:
        annotator.save()
    files |= {f"assets/{name}": bundle(name) for name in BUNDLES}
    # only regular files inside corpus/raw/ (load refused links out of it: they would publish host files)
    files |= {f"raw/{name}": path.read_bytes() for name, path in raw_files(corpus.root).items()}
    sections = {  # titles for the navigation, which the theme prints unescaped
        "sources/index.md": [(render.template_text(s.title), f"sources/{s.slug}.md") for s in corpus.sources],
        "glossary/index.md": [(render.template_text(t.headword), f"glossary/{t.id}.md") for t in glossary.terms],
        "assignments/index.md": [(render.template_text(a.title), f"assignments/{a.slug}.md") for a in assignments],
    }
    unlisted = frozenset({handouts.SHARED_PAGE})  # reached by the links the builder makes
    if len(glossary.terms) > NAV_TERMS:  # each term page would carry every term in its navigation
        unlisted |= frozenset(page for _, page in sections.pop("glossary/index.md"))
    return Plan(corpus, glossary, passage_terms, pages, files, sections, held, assignments, unlisted)

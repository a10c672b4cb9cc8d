"""What the reader adds to a site, independent of the site generator.

:func:`plan` loads the corpus and returns every generated page (Markdown) and file (bytes or
text) by its path in the site. An adapter such as ``hooks/lectern_mkdocs.py`` only has to hand
these to its generator; another generator can drive the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import dictionary, handouts, render
from .assignments import Assignment, Lexicon, load_assignments
from .corpus import Corpus, load_corpus
from .ruby import Annotator

# The reader's assets are written per feature in src/lectern/assets/ and served as one style
# sheet and one script: lectern.css / lectern.js first, then the others by name.
BUNDLES = ("lectern.css", "lectern.js")


def bundle(name: str) -> str:
    """``name`` (``lectern.js``) followed by every other asset of its type, by file name."""
    suffix = name.rpartition(".")[2]
    assets = resources.files("lectern") / "assets"
    parts = sorted(p.name for p in assets.iterdir() if p.name.endswith(f".{suffix}") and p.name != name)
    return "\n".join((assets / part).read_text(encoding="utf-8").rstrip("\n") + "\n" for part in (name, *parts))


@dataclass(frozen=True)
class Plan:
    corpus: Corpus
    pages: dict[str, str]  # docs-relative path of a Markdown page -> its text
    files: dict[str, str | bytes]  # site-relative path of a static file -> its content
    sections: dict[str, list[tuple[str, str]]]  # index page -> (title, page) of the pages under it
    held: render.Held  # annotated passage bodies, put into each finished page by finish_page
    assignments: tuple[Assignment, ...] = ()

    def finish_page(self, html: str) -> str:
        """A page's finished HTML, with the annotated passage bodies in place (see render.Held).

        Call it on every page after the generator has converted and indexed it.
        """
        return self.held.release(html)

    def stale_anchors(self) -> list[str]:
        """Slugs whose anchor ledger does not record the current passages."""
        return [s.slug for s in self.corpus.sources if s.anchors.stale]


def plan(
    corpus_dir: Path, *, cache_dir: Path | None = None, annotate: bool = True, lexicon: Lexicon | None = None
) -> Plan:
    """Everything the corpus adds to the site. Raises :class:`lectern.corpus.CorpusError`.

    ``annotate=False`` leaves out the reading aids (for comparison in benchmarks); ``cache_dir``
    keeps readings between builds, keyed by content. ``lexicon`` gives vocabulary lists their
    glossary terms and dictionary glosses (see :class:`lectern.assignments.Lexicon`).
    """
    corpus = load_corpus(Path(corpus_dir))
    lexicon = lexicon or Lexicon()
    assignments = load_assignments(corpus, lexicon)
    annotator = Annotator(cache_dir / "readings.json" if cache_dir else None) if annotate else None
    held = render.Held()
    aids: tuple[render.Aid, ...] = (handouts.Citations(),)
    pages: dict[str, str] = {}
    files: dict[str, str | bytes] = {}
    for s in corpus.sources:
        page = render.source_page(s, annotator, aids, hold=held)
        words = handouts.source_vocabulary(s, annotator, lexicon)
        if words:
            page += "\n" + handouts.exports_links("this text") + "\n"
            files |= {f"sources/{s.slug}/{name}": data for name, data in handouts.exports(words, s.slug).items()}
        pages[f"sources/{s.slug}.md"] = page
    for a in assignments:
        words = handouts.assignment_vocabulary(a, annotator, lexicon)
        pages[f"assignments/{a.slug}.md"] = handouts.assignment_page(a, annotator, aids, words, hold=held)
        if words:
            files |= {f"assignments/{a.slug}/{name}": data for name, data in handouts.exports(words, a.slug).items()}
    if annotator:
        annotator.save()
    pages["sources/index.md"] = render.sources_index(corpus)
    pages["assignments/index.md"] = handouts.assignments_index(assignments)
    files["api/passages.json"] = render.passages_api(corpus)
    if annotator:  # the popup dictionary: the words with ruby on the pages, fetched on first use
        shown = [*pages.values(), *held.bodies.values()]  # held bodies carry the passages' ruby
        files["api/dictionary.json"] = dictionary.api(shown, cache_dir / "dictionary.json" if cache_dir else None)
    files |= {f"assets/{name}": bundle(name) for name in BUNDLES}
    raw = corpus.root / "raw"
    if raw.is_dir():
        files |= {f"raw/{p.name}": p.read_bytes() for p in sorted(raw.iterdir()) if p.is_file()}
    sections = {  # titles for the navigation, which the theme prints unescaped
        "sources/index.md": [(render.template_text(s.title), f"sources/{s.slug}.md") for s in corpus.sources],
        "assignments/index.md": [(render.template_text(a.title), f"assignments/{a.slug}.md") for a in assignments],
    }
    return Plan(corpus, pages, files, sections, held, assignments)

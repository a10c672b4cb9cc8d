"""What the reader adds to a site, independent of the site generator.

:func:`plan` loads the corpus and returns every generated page (Markdown) and file (bytes or
text) by its path in the site. An adapter such as ``hooks/lectern_mkdocs.py`` only has to hand
these to its generator; another generator can drive the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import render
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

    def stale_anchors(self) -> list[str]:
        """Slugs whose anchor ledger does not record the current passages."""
        return [s.slug for s in self.corpus.sources if s.anchors.stale]


def plan(corpus_dir: Path, *, cache_dir: Path | None = None, annotate: bool = True) -> Plan:
    """Everything the corpus adds to the site. Raises :class:`lectern.corpus.CorpusError`.

    ``annotate=False`` leaves out the reading aids (for comparison in benchmarks); ``cache_dir``
    keeps readings between builds, keyed by content.
    """
    corpus = load_corpus(Path(corpus_dir))
    annotator = Annotator(cache_dir / "readings.json" if cache_dir else None) if annotate else None
    if annotator:  # every text it may read, so that the reading engine loads its data in one go
        texts = (t for s in corpus.sources for t in (s.title, *(b.text for b in s.blocks), *(f.text for f in s.footnotes)))
        annotator.prepare(texts)
    pages = {f"sources/{s.slug}.md": render.source_page(s, annotator) for s in corpus.sources}
    if annotator:
        annotator.save()
    pages["sources/index.md"] = render.sources_index(corpus)
    files: dict[str, str | bytes] = {"api/passages.json": render.passages_api(corpus)}
    files |= {f"assets/{name}": bundle(name) for name in BUNDLES}
    raw = corpus.root / "raw"
    if raw.is_dir():
        files |= {f"raw/{p.name}": p.read_bytes() for p in sorted(raw.iterdir()) if p.is_file()}
    sections = {"sources/index.md": [(s.title, f"sources/{s.slug}.md") for s in corpus.sources]}
    return Plan(corpus, pages, files, sections)

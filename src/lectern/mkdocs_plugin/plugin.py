"""MkDocs events → calls on the core. Nothing here knows about passages or Chinese.

MkDocs keeps one plugin object across the rebuilds of ``mkdocs serve``, so every per-build state
is reset in ``on_config``. With a corpus folder the whole reader is built (:func:`lectern.publish.plan`);
with or without one, the site's own pages get reading aids (:class:`lectern.pageaids.PageAids`).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from lectern import publish, render, sanitise, searchindex
from lectern.corpus import CorpusError
from lectern.glossary import load_glossary
from lectern.pageaids import PageAids

from .config import ConfigErrors, ConfigWarnings, LecternConfig, unknown_keys

log = logging.getLogger("mkdocs.plugins.lectern")
DICTIONARY = "api/dictionary.json"


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so that two builds of one input are byte-identical."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        return out or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


class LecternPlugin(BasePlugin[LecternConfig]):
    """Pinyin ruby, popup dictionary, glossary terms and reader controls on any MkDocs site; the
    whole corpus reader when the ``corpus`` folder exists."""

    def __init__(self) -> None:
        self.plan: publish.Plan | None = None
        self.aids: PageAids | None = None
        self.command: str | None = None  # build, gh-deploy or serve; None when MkDocs is driven as a library
        self.swap: tuple[Path, Path] | None = None  # (the site folder, the folder this build writes into)

    def load_config(self, options: dict, config_file_path: str | None = None) -> tuple[ConfigErrors, ConfigWarnings]:
        errors, warnings = super().load_config(options, config_file_path)
        unknown = unknown_keys(options, self.config)
        # MkDocs only warns about an unknown option: here it is an error (usually a typo)
        warnings = [w for w in warnings if not (isinstance(w, tuple) and w[0] in dict(unknown))]
        return [*unknown, *errors], warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """``serve`` builds into its own temporary folder, ``--dirty`` into the existing site, so
        only a clean ``build`` is written aside and swapped in (see :meth:`on_post_build`)."""
        self.command = "serve" if command == "serve" or dirty else command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate the corpus, if there is one: a bad corpus stops the build here, before
        MkDocs touches the site folder. A build then writes into a folder beside the site, swapped
        in only when the build succeeds (strict-mode warnings included)."""
        self.plan, self.aids, self.swap = None, None, None
        if "lectern" in (config.extra or {}):
            raise PluginError(
                "mkdocs.yml: extra.lectern is no longer read: put its options under "
                "'plugins: - lectern:' (see the README)"
            )
        root = Path(config.config_file_path).parent
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading chatter on every build
        os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
        annotate = os.environ.get("LECTERN_ANNOTATE", "1") != "0"  # 0: no reading aids (benchmarks)
        cache = root / self.config.cache_dir
        corpus = root / self.config.corpus
        glossary = None
        if not corpus.is_dir() and self.config.corpus != LecternConfig.corpus.default:  # named, so meant to be there
            raise PluginError(f"mkdocs.yml: plugins.lectern.corpus: no folder {self.config.corpus!r}")
        if corpus.is_dir():
            try:
                self.plan = publish.plan(
                    corpus, cache_dir=cache, annotate=annotate, glossary_marks=self.config.glossary_marks
                )
            except CorpusError as exc:
                count = len(exc.problems)
                raise PluginError(f"the corpus has {count} problem{'s' * (count != 1)}:\n{exc}") from None
            glossary = self.plan.glossary
            self._expand_nav(config.nav or [])
            for slug in self.plan.stale_anchors():
                log.info(
                    "%s/anchors/%s.txt does not record the current passages; run `lectern anchors`",
                    self.config.corpus,
                    slug,
                )
            self._name_corpus_files()
        elif self.config.glossary:
            path = root / self.config.glossary
            if not path.is_file():
                raise PluginError(f"mkdocs.yml: plugins.lectern.glossary: no file {self.config.glossary!r}")
            try:
                glossary = load_glossary(path.parent, name=path.name)
            except CorpusError as exc:
                raise PluginError(str(exc)) from None
        if self.config.pages and annotate:
            self.aids = PageAids(cache, glossary, self.config.glossary_marks, glossary_links=self.plan is not None)
        for name, paths in (("css", config.extra_css), ("js", config.extra_javascript)):
            if f"assets/lectern.{name}" not in [str(p) for p in paths]:
                paths.append(f"assets/lectern.{name}")
        if self.command != "serve":
            site = Path(config.site_dir)
            building = site.with_name(f".{site.name}.lectern-build")
            shutil.rmtree(building, ignore_errors=True)  # a build killed half-way left it
            self.swap = (site, building)
            config.site_dir = str(building)
        return config

    def _name_corpus_files(self) -> None:
        """MkDocs names a generated page (``sources/x.md``) in its warnings: name the corpus file and
        line it comes from too, so that the message says what to edit."""
        origins = self.plan.origins() if self.plan else {}
        pattern = re.compile(
            "|".join(re.escape(f"'{page}'") for page in sorted(origins, key=len, reverse=True)) or "(?!)"
        )

        class CorpusNames(logging.Filter):
            def filter(self, record: logging.LogRecord) -> bool:
                if record.levelno >= logging.WARNING and not getattr(record, "lectern_named", False):
                    message = record.getMessage()
                    if m := pattern.search(message):
                        where = origins[m.group(0)[1:-1]]
                        record.msg, record.args, record.lectern_named = f"{where(message)}: {message}", (), True
                return True

        for handler in logging.getLogger("mkdocs").handlers:
            handler.filters = [f for f in handler.filters if type(f).__name__ != "CorpusNames"]
            handler.addFilter(CorpusNames())

    def _expand_nav(self, nav: list) -> None:
        """A nav entry naming a section's index page (``Sources: sources/index.md``) gains its pages."""
        assert self.plan is not None
        for item in nav:
            if not isinstance(item, dict):
                continue
            for title, target in item.items():
                if isinstance(target, list):
                    self._expand_nav(target)
                elif target in self.plan.sections:
                    item[title] = [target, *({name: page} for name, page in self.plan.sections[target])]

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the generated source and glossary pages, the JSON API, the raw texts, or without a
        corpus, the reader's assets alone (a large glossary's term pages as not in the navigation,
        see ``publish.NAV_TERMS``)."""
        if self.plan is None:
            for name in publish.BUNDLES:
                files.append(File.generated(config, f"assets/{name}", content=publish.bundle(name)))
            return files
        for path, html in self.plan.fragments():  # HTML that scripts insert (panels, compare views): audited too
            self._audited(html, path)
        for path, content in {**self.plan.pages, **self.plan.files}.items():
            unlisted = {"inclusion": InclusionLevel.NOT_IN_NAV} if path in self.plan.unlisted else {}
            files.append(File.generated(config, path, content=content, **unlisted))
        files.append(File.generated(config, searchindex.WORKER, content=searchindex.worker_script()))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page of the docs that holds ``render.SOURCES_MARK`` (the home page) lists the sources there."""
        if self.plan is None or render.SOURCES_MARK not in markdown:
            return markdown
        root = "../" * page.url.count("/")
        return markdown.replace(render.SOURCES_MARK, render.sources_glance(self.plan.corpus, root))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The site's own pages: their Chinese annotated (held back until the page is written)."""
        if self.aids is None or (self.plan and page.file.src_uri in self.plan.pages):
            return html
        return self.aids.content(html, "../" * page.url.count("/"))  # the path to the site root

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Put the annotated bodies into the finished page (after search has indexed it), then, with
        a corpus, check it: anything that could run script or load from another host stops the build."""
        return self._finished(output, page.file.src_uri)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Pages made from a theme template alone (404.html) get the reader's settings too."""
        if not template_name.endswith(".html"):
            return output_content
        return self._finished(output_content, template_name)

    def _finished(self, output: str, page: str) -> str:
        """A page as the reader gets it: annotated, pointed at the search worker, and audited."""
        if self.aids:
            output = self.aids.finish(output)
        if self.plan is None:
            return publish.with_settings(output)
        return self._audited(searchindex.use_worker(self.plan.finish_page(output)), page)

    def _audited(self, html: str, page: str) -> str:
        found = sanitise.audit(html)
        if found:
            where = self.plan.origins().get(page) if self.plan else None
            named = f"{where('')}: " if where else ""
            raise PluginError(
                f"{named}the page {page} could run script or load from another host: {'; '.join(found[:5])}"
            )
        return html

    @event_priority(-100)  # after every other plugin has written its files (search writes its index)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the dictionary of the words on the site's own pages, rewrite the search index for
        Chinese (see ``lectern.searchindex``), then swap the finished site in for the previous one,
        unless strict mode is about to abort the build on a warning: then the previous site stays."""
        site_dir = Path(config.site_dir)
        if self.aids:
            corpus_api = self.plan.files.get(DICTIONARY) if self.plan else None
            text = self.aids.dictionary_api(corpus_api if isinstance(corpus_api, str) else None)
            if text is not None and text != corpus_api:
                (site_dir / DICTIONARY).parent.mkdir(parents=True, exist_ok=True)
                (site_dir / DICTIONARY).write_bytes(text.encode("utf-8"))
        index = site_dir / "search" / "search_index.json"
        if self.plan is not None and index.is_file():
            text = searchindex.rewrite(
                index.read_text(encoding="utf-8"), self.plan.glossary.terms, self.plan.passage_terms
            )
            index.write_bytes(text.encode("utf-8"))
        if self.swap is None:
            return
        site, building = self.swap
        self.swap = None
        config.site_dir = str(site)
        warned = any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
        if config.strict and warned:
            shutil.rmtree(building, ignore_errors=True)
            return
        replace(site, building)
        log.info("The site was built beside %s and has replaced it", site)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves the previous site untouched: drop what it wrote."""
        if self.swap is not None:
            shutil.rmtree(self.swap[1], ignore_errors=True)
            self.swap = None


def replace(site: Path, building: Path) -> None:
    """Put ``building`` in the place of ``site``: two renames, or, where the site folder cannot be
    renamed (a mount point, a symbolic link), by emptying it and moving the new files in."""
    old = site.with_name(f".{site.name}.lectern-old")
    shutil.rmtree(old, ignore_errors=True)
    if not site.is_symlink() and not os.path.ismount(site):
        try:
            if site.exists():
                site.rename(old)
            building.rename(site)
            shutil.rmtree(old, ignore_errors=True)
            return
        except OSError:
            if old.exists() and not site.exists():
                old.rename(site)
    site.mkdir(parents=True, exist_ok=True)
    for entry in list(site.iterdir()):
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in list(building.iterdir()):
        shutil.move(str(entry), str(site / entry.name))
    building.rmdir()

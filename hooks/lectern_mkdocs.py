"""MkDocs adapter for lectern: turns MkDocs events into calls on :mod:`lectern.publish`.

Hook modules are loaded once and kept by ``mkdocs serve``, so all per-build state is reset in
``on_config``. Nothing here knows about passages or Chinese: that lives in ``src/lectern``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from lectern import publish, sanitise, searchindex
from lectern.corpus import CorpusError
from lectern.glossary import MARKS

log = logging.getLogger("mkdocs.hooks.lectern")
_plan: publish.Plan | None = None
_command: str | None = None  # build, gh-deploy or serve (on_startup); None when MkDocs is driven as a library
_swap: tuple[Path, Path] | None = None  # (the site folder, the folder this build writes into)


def on_startup(command: str, dirty: bool) -> None:
    """Remember the command: ``serve`` builds into its own temporary folder, ``--dirty`` into the
    existing site, so only a clean ``build`` is written aside and swapped in (see :func:`on_post_build`)."""
    global _command
    _command = "serve" if command == "serve" or dirty else command


def _source_date_epoch(root: Path) -> str:
    """The last commit's time, so that two builds of one input are byte-identical."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        return out or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def on_config(config):
    """Load and validate the corpus (priority default): a bad corpus stops the build here, before
    MkDocs touches the site folder. A build then writes into a folder beside the site, swapped in
    only when the build succeeds (strict-mode warnings included)."""
    global _plan, _swap
    _plan = None
    _swap = None
    root = Path(config.config_file_path).parent
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading chatter on every build
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(root))
    options = config.extra.get("lectern") or {}
    marks = options.get("glossary_marks", "first")
    if marks not in MARKS:
        raise PluginError(f"mkdocs.yml: extra.lectern.glossary_marks must be one of {', '.join(MARKS)}, not {marks!r}")
    try:
        _plan = publish.plan(
            root / "corpus",
            cache_dir=root / ".cache" / "lectern",
            annotate=os.environ.get("LECTERN_ANNOTATE", "1") != "0",  # 0: no reading aids (benchmarks)
            glossary_marks=marks,
        )
    except CorpusError as exc:
        count = len(exc.problems)
        raise PluginError(f"the corpus has {count} problem{'s' * (count != 1)}:\n{exc}") from None
    _expand_nav(config.nav or [])
    for slug in _plan.stale_anchors():
        log.info("corpus/anchors/%s.txt does not record the current passages; run `lectern anchors`", slug)
    _name_corpus_files(config)
    if _command != "serve":
        site = Path(config.site_dir)
        building = site.with_name(f".{site.name}.lectern-build")
        shutil.rmtree(building, ignore_errors=True)  # a build killed half-way left it
        _swap = (site, building)
        config.site_dir = str(building)
    return config


def _name_corpus_files(config) -> None:
    """MkDocs names a generated page (``sources/x.md``) in its warnings: name the corpus file and
    line it comes from too, so that the message says what to edit."""
    origins = _plan.origins()
    pattern = re.compile("|".join(re.escape(f"'{page}'") for page in sorted(origins, key=len, reverse=True)) or "(?!)")

    class CorpusNames(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            if record.levelno >= logging.WARNING and not getattr(record, "lectern_named", False):
                message = record.getMessage()
                if m := pattern.search(message):
                    where = origins[m.group(0)[1:-1]]
                    record.msg, record.args, record.lectern_named = f"{where(message)}: {message}", (), True
            return True

    mkdocs_log = logging.getLogger("mkdocs")
    for handler in mkdocs_log.handlers:
        handler.filters = [f for f in handler.filters if type(f).__name__ != "CorpusNames"]
        handler.addFilter(CorpusNames())


def _expand_nav(nav: list) -> None:
    """A nav entry naming a section's index page (``Sources: sources/index.md``) gains its pages."""
    for item in nav:
        if not isinstance(item, dict):
            continue
        for title, target in item.items():
            if isinstance(target, list):
                _expand_nav(target)
            elif target in _plan.sections:
                item[title] = [target, *({name: page} for name, page in _plan.sections[target])]


def on_files(files: Files, config) -> Files:
    """Add the generated source and glossary pages, the JSON API, the reader's assets and the raw texts
    (a large glossary's term pages as not in the navigation, see ``publish.NAV_TERMS``)."""
    for path, html in _plan.fragments():  # HTML that scripts insert (panels, compare views): audited too
        _audited(html, path)
    for path, content in {**_plan.pages, **_plan.files}.items():
        unlisted = {"inclusion": InclusionLevel.NOT_IN_NAV} if path in _plan.unlisted else {}
        files.append(File.generated(config, path, content=content, **unlisted))
    files.append(File.generated(config, searchindex.WORKER, content=searchindex.worker_script()))
    return files


def on_post_page(output: str, page, config) -> str:
    """Put the annotated passage bodies into the finished page (after search has indexed it), then
    check it: anything that could run script or load from another host stops the build."""
    return _finished(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config) -> str:
    """Pages made from a theme template alone (404.html) get the reader's settings too."""
    if not template_name.endswith(".html"):
        return output
    return _finished(output, template_name)


def _finished(output: str, page: str) -> str:
    """A page as the reader gets it: annotated, pointed at the search worker, and audited."""
    return _audited(searchindex.use_worker(_plan.finish_page(output)), page)


def _audited(html: str, page: str) -> str:
    found = sanitise.audit(html)
    if found:
        where = _plan.origins().get(page)
        named = f"{where('')}: " if where else ""
        raise PluginError(f"{named}the page {page} could run script or load from another host: {'; '.join(found[:5])}")
    return html


@event_priority(-100)  # after every other plugin has written its files (search writes its index)
def on_post_build(config) -> None:
    """Swap the finished site in for the previous one, unless strict mode is about to abort the
    build on a warning: then the previous site stays as it was. First the search index that
    Material's search plugin wrote is rewritten for Chinese (see ``lectern.searchindex``)."""
    global _swap
    index = Path(config.site_dir) / "search" / "search_index.json"
    if _plan is not None and index.is_file():
        text = searchindex.rewrite(index.read_text(encoding="utf-8"), _plan.glossary.terms, _plan.passage_terms)
        index.write_bytes(text.encode("utf-8"))
    if _swap is None:
        return
    site, building = _swap
    _swap = None
    config.site_dir = str(site)
    warned = any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
    if config.strict and warned:
        shutil.rmtree(building, ignore_errors=True)
        return
    _replace(site, building)
    log.info("The site was built beside %s and has replaced it", site)


def _replace(site: Path, building: Path) -> None:
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


def on_build_error(error) -> None:
    """A failed build leaves the previous site untouched: drop what it wrote."""
    global _swap
    if _swap is not None:
        shutil.rmtree(_swap[1], ignore_errors=True)
        _swap = None

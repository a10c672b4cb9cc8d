"""MkDocs adapter for lectern: turns MkDocs events into calls on :mod:`lectern.publish`.

Hook modules are loaded once and kept by ``mkdocs serve``, so all per-build state is reset in
``on_config``. Nothing here knows about passages or Chinese: that lives in ``src/lectern``.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from lectern import publish
from lectern.corpus import CorpusError
from lectern.glossary import MARKS

log = logging.getLogger("mkdocs.hooks.lectern")
_plan: publish.Plan | None = None


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
    """Load and validate the corpus (priority default): a bad corpus stops the build here."""
    global _plan
    _plan = None
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
    return config


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
    """Add the generated source and glossary pages, the JSON API, the reader's assets and the raw texts."""
    for path, content in {**_plan.pages, **_plan.files}.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_post_page(output: str, page, config) -> str:
    """Put the annotated passage bodies into the finished page (after search has indexed it)."""
    return _plan.finish_page(output)


def on_post_template(output: str, template_name: str, config) -> str:
    """Pages made from a theme template alone (404.html) get the reader's settings too."""
    return _plan.finish_page(output) if template_name.endswith(".html") else output

"""The plugin's options (``plugins: [lectern: {…}]`` in mkdocs.yml), each checked by MkDocs."""

from __future__ import annotations

import difflib

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ConfigErrors, ConfigWarnings

from lectern.glossary import MARKS


class LecternConfig(Config):
    """Every option, its type and its default; an option not listed here is an error."""

    # The folder of the corpus (sources, glossary, assignments), relative to mkdocs.yml. When it
    # exists, the whole reader is built from it (source pages, glossary, parallels, JSON API);
    # when the default folder does not, only the site's own pages get reading aids (a folder
    # named here must exist).
    corpus = c.Type(str, default="corpus")
    # Reading aids (pinyin ruby, popup dictionary, glossary terms) on the site's own pages
    # (docs_dir), not only on the pages generated from the corpus.
    pages = c.Type(bool, default=True)
    # A glossary file for the site's own pages when there is no corpus (relative to mkdocs.yml,
    # same format as corpus/glossary.yml). With a corpus, its glossary.yml is used.
    glossary = c.Optional(c.Type(str))
    # Mark a glossary term's first occurrence in each passage (or page), or "all" of them.
    glossary_marks = c.Choice(MARKS, default="first")
    # Where readings, parallels and the dictionary are cached between builds (relative to mkdocs.yml).
    cache_dir = c.Type(str, default=".cache/lectern")


def unknown_keys(options: dict, config: Config) -> ConfigErrors:
    """An error for each option ``config`` does not declare, with the closest one it does."""
    known = sorted(key for key, value in vars(type(config)).items() if isinstance(value, BaseConfigOption))
    errors: ConfigErrors = []
    for key in options:
        if key in known or key == "enabled":
            continue
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (the options are: {', '.join(known)})"
        errors.append((str(key), c.ValidationError(f"unknown option{hint}")))
    return errors


__all__ = ["ConfigErrors", "ConfigWarnings", "LecternConfig", "unknown_keys"]

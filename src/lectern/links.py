"""Link integrity of a built site: every internal link and anchor resolves.

:func:`check_site` reads every HTML page of a site folder, as a static host would serve it, and
reports each ``href``/``src`` that points inside the site to a missing file or to a fragment that
no element of the target page has as its ``id`` (or ``name``); a passage range ``#p3-p5`` needs
both of its ends. Links to other hosts are not
followed: the site loads nothing from them, and a reader's browser is the judge of those.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_URL_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src", "iframe": "src"}


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # site-relative path of the page holding the link
    target: str  # the link as written
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target}: {self.problem}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag in ("a", "map") else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        attribute = _URL_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.links.append(values[attribute])


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def _resolve(site: Path, page: Path, target: str) -> tuple[Path | None, str] | None:
    """The file a link points to (None if there is none) and its fragment; None for other hosts."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith(("mailto:", "javascript:", "data:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    base = site if path.startswith("/") else page.parent
    file = (base / path.lstrip("/")).resolve()
    if site.resolve() not in (file, *file.parents):
        return None, ""
    if file.is_dir():
        file = file / "index.html"
    return (file if file.is_file() else None), unquote(parts.fragment)


def _anchored(fragment: str, ids: set[str]) -> bool:
    """An id of the page, or a passage range ``p3-p5`` whose two ends are."""
    return fragment in ids or (fragment.count("-") == 1 and all(end in ids for end in fragment.split("-")))


def check_site(site: Path) -> list[BrokenLink]:
    """Every broken internal link or anchor of the site in folder ``site``, sorted."""
    site = Path(site)
    _parse.cache_clear()
    broken = set()
    for page in sorted(site.rglob("*.html")):
        shown = page.relative_to(site).as_posix()
        for target in _parse(page).links:
            resolved = _resolve(site, page, target)
            if resolved is None:
                continue
            file, fragment = resolved
            if file is None:
                broken.add(BrokenLink(shown, target, "no such file in the site"))
            elif fragment and file.suffix == ".html" and not _anchored(fragment, _parse(file).ids):
                broken.add(BrokenLink(shown, target, f"no element with id {fragment!r} on that page"))
    return sorted(broken)

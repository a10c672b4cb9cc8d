"""Link integrity of a built site: every internal link and anchor resolves.

:func:`check_site` reads every HTML page of a site folder, as a static host would serve it, and
reports each ``href``/``src`` that points inside the site to a missing file or to a fragment that
no element of the target page has as its ``id`` (or ``name``); a passage range ``#p3-p5`` needs
both of its ends. Links to other hosts are not
followed: the site loads nothing from them, and a reader's browser is the judge of those.

A page that shows views by its fragment (the compare page, see :mod:`lectern.compare`) names their
folder in ``data-lx-views``: every ``*.json`` under it is ``{fragment: {"html": …}}``. Its keys are
fragments of that page, and the links in each view's HTML are checked as links of that page.
Likewise an element that a script fills from a JSON file (a passage's list of parallels) names it
in ``data-lx-src="FILE#KEY"``: the file must hold the key, and the links of its HTML are checked as
links of the page.
"""

from __future__ import annotations

import json
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
        self.views = ""  # a folder of views shown by fragment (data-lx-views)
        self.fills: list[str] = []  # FILE#KEY of the elements filled from JSON files (data-lx-src)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag in ("a", "map") else ("id",):
            if value := values.get(name):
                self.ids.add(value)
        self.views = values.get("data-lx-views") or self.views
        if fill := values.get("data-lx-src"):
            self.fills.append(fill)
        attribute = _URL_ATTRIBUTES.get(tag)
        if attribute and (url := values.get(attribute)):
            self.links.append(url)


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@cache
def _parse(path: Path) -> _Page:
    return _read(path.read_text(encoding="utf-8", errors="replace"))


@cache
def _views(site: Path, path: Path) -> dict[str, tuple[str, str]]:
    """The views a page shows by fragment: fragment -> (the file holding it, site-relative; its HTML)."""
    folder = _parse(path).views
    if not folder:
        return {}
    views: dict[str, tuple[str, str]] = {}
    for file in sorted((path.parent / folder).resolve().rglob("*.json")):
        if site.resolve() not in file.parents:
            continue
        shown = file.relative_to(site.resolve()).as_posix()
        views |= {key: (shown, view["html"]) for key, view in json.loads(file.read_text(encoding="utf-8")).items()}
    return views


@cache
def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _fills(site: Path, page: Path) -> list[tuple[str, str, str | None]]:
    """(FILE#KEY as written, the file site-relative, the HTML under KEY or None) of every element of
    the page that a script fills from a JSON file."""
    out = []
    for fill in _parse(page).fills:
        file, _, key = fill.partition("#")
        path = (page.parent / unquote(file)).resolve()
        inside = site.resolve() in path.parents
        shown = path.relative_to(site.resolve()).as_posix() if inside else file
        html = _json(path).get(key) if inside else None
        out.append((fill, shown, html if isinstance(html, str) else None))
    return out


@cache
def _anchors(site: Path, path: Path) -> frozenset[str]:
    return frozenset(_parse(path).ids | _views(site, path).keys())


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


def _anchored(fragment: str, ids: frozenset[str]) -> bool:
    """An id of the page, or a passage range ``p3-p5`` whose two ends are."""
    return fragment in ids or (fragment.count("-") == 1 and all(end in ids for end in fragment.split("-")))


def _links(site: Path, page: Path) -> list[tuple[str, str]]:
    """(where it is written, target) of every link on a page, those of the views it shows included."""
    links = [(page.relative_to(site).as_posix(), target) for target in _parse(page).links]
    for key, (file, html) in sorted(_views(site, page).items()):
        links += [(f"{file}: {key}", target) for target in _read(html).links]
    for fill, file, filled in _fills(site, page):
        links += [(f"{file}: {fill.partition('#')[2]}", target) for target in _read(filled or "").links]
    return links


def check_site(site: Path) -> list[BrokenLink]:
    """Every broken internal link or anchor of the site in folder ``site``, sorted."""
    site = Path(site)
    for cached in (_parse, _views, _anchors, _json):
        cached.cache_clear()
    broken = set()
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        broken |= {
            BrokenLink(where, fill, f"{file} has no {fill.partition('#')[2]!r} to fill the element with")
            for fill, file, html in _fills(site, page)
            if html is None
        }
        for shown, target in _links(site, page):
            resolved = _resolve(site, page, target)
            if resolved is None:
                continue
            file, fragment = resolved
            if file is None:
                broken.add(BrokenLink(shown, target, "no such file in the site"))
            elif fragment and file.suffix == ".html" and not _anchored(fragment, _anchors(site, file)):
                what = "element or view" if _parse(file).views else "element"
                broken.add(BrokenLink(shown, target, f"no {what} with id {fragment!r} on that page"))
    return sorted(broken)

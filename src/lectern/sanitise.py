"""The last line of defence: corpus HTML through an allow-list, and a check of finished pages.

Corpus Markdown is rendered with raw HTML, images and unsafe links already refused
(:mod:`lectern.markup`); :func:`clean` then passes the HTML through Ammonia (``nh3``), a
maintained sanitiser, with an allow-list of exactly the elements and attributes that rendering
writes. Whatever a bug in rendering lets through, no event handler, script, style, image or
``javascript:``/``data:``/protocol-relative link survives it.

:func:`audit` reads a finished page and names anything that could run script or load from
another host; the MkDocs adapter fails the build on it, so a regression anywhere (theme, hook,
rendering) cannot ship silently.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

# What lectern.markup writes from corpus Markdown (Python-Markdown's core syntax and note references).
TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sup",
    "ul",
}
ATTRIBUTES = {
    "a": {"href", "title", "id", "aria-label"},
    "sup": {"class"},
    "ol": {"start"},
    "abbr": {"title"},
}
_SCHEMES = {"http", "https", "mailto"}


def safe_href(href: str) -> bool:
    """Whether a link target from the corpus may be published: ``http(s)://host…``, ``mailto:…``,
    a fragment, or a relative path that stays on this site (not ``//host`` or ``/\\host``, which
    browsers read as another host)."""
    if not href or href != href.strip() or re.search(r"[\x00-\x20\x7f\\]", href):
        return False  # browsers drop tabs and newlines and read "\" as "/": /\evil.example is //evil.example
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme:
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            return bool(parts.hostname) and href.lower().startswith(f"{scheme}://")
        return scheme == "mailto"
    if re.match(r"^[^/?#]*:", href):  # "javascript&colon;" is not, but "foo:bar" would be a scheme
        return False
    return not href.startswith("//") and not parts.netloc


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return value if safe_href(value) else None
    if attribute == "class":  # only the note-reference class that markup writes
        return value if value == "lx-fnref" else None
    if attribute == "id":
        return value if re.fullmatch(r"fnref-\d+", value) else None
    return value


def clean(html: str) -> str:
    """``html`` (from corpus Markdown) with everything outside the allow-list removed.

    What rendering writes passes unchanged, so a page's output does not change; anything else
    (an attribute, an element, a URL) is dropped.
    """
    out = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=_SCHEMES,
        attribute_filter=_attribute_filter,
        link_rel=None,
        strip_comments=True,
    )
    return out.replace("&nbsp;", "\u00a0")  # Ammonia writes U+00A0 as an entity; keep the character


# --- checking a finished page ----------------------------------------------------------------------

_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "xlink:href",
    "background",
    "cite",
    "ping",
}
_LOADS = {"src", "srcset", "poster", "data", "background"}  # fetched by the browser with no click
_LINK_LOADS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "manifest", "preconnect", "dns-prefetch"}
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)


def _external(url: str) -> bool:
    url = re.sub(r"[\t\n\r]", "", url).strip().replace("\\", "/")  # as browsers read a URL
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I))


def _urls(attribute: str, value: str) -> list[str]:
    """The URLs of an attribute: ``srcset`` lists several (``a.png 1x, b.png 2x``)."""
    if attribute != "srcset":
        return [value]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def _spaced(word: str) -> str:
    """A pattern for ``word`` with any ASCII whitespace or control characters between its letters
    (browsers drop them from a URL's scheme)."""
    return r"[\x00-\x20]*".join(re.escape(c) for c in word)


# Anything that could be a finding of the full check, in a lower-cased page. A page with none of
# these is clean without parsing it (parsing every page cost a fifth of a build); otherwise the
# parser decides.
_SUSPECT = [
    re.compile(p)
    for p in (
        r"""[\s"'/]on[^\s/=>]*\s*=""",  # an event-handler attribute (names follow a space, a quote or a slash)
        *(_spaced(scheme) for scheme in ("javascript:", "vbscript:", "data:", "file:")),
        # character references that could spell a scheme, a colon, a slash or whitespace
        r"&#0*(?:9|10|13|47|58|92|6[5-9]|[78]\d|90|9[7-9]|1[01]\d|12[0-2])(?!\d)",
        r"&#x0*(?:9|a|d|2f|3a|5c|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])(?![0-9a-f])",
        r"&(?:colon|sol|bsol|tab|newline)\b",
        r"style\s*=",
        r"url\s*=",
        r"srcset\s*=",
        r"<base[\s/>]",
        # a <link> the browser fetches, to another host (rel before or after href)
        r"""<link[^>]*\srel\s*=\s*["']?[^"'>]*(?:stylesheet|preload|prefetch|icon|manifest|preconnect)[^>]*\shref\s*=\s*["']?[\x00-\x20]*(?:[a-z][a-z0-9+.-]*:)?[/\\][\t\n\r]*[/\\]""",
        r"""<link[^>]*\shref\s*=\s*["']?[\x00-\x20]*(?:[a-z][a-z0-9+.-]*:)?[/\\][\t\n\r]*[/\\][^>]*\srel\s*=""",
        r"""(?:src|poster|data|background)\s*=\s*["']?[\x00-\x20]*(?:[a-z][a-z0-9+.-]*:)?[/\\][\t\n\r]*[/\\]""",
    )
]


def _suspect(html: str) -> bool:
    lower = html.lower()
    return any(p.search(lower) for p in _SUSPECT)


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "base":
            self.found.append("<base>: it would send every relative link elsewhere")
        rel = set((dict(attrs).get("rel") or "").lower().split())
        fetched = tag == "link" and bool(rel & _LINK_LOADS)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>: an event handler")
            elif name in _URL_ATTRIBUTES or (tag == "meta" and name == "content" and "url=" in value.lower()):
                if name == "content":  # <meta http-equiv="refresh" content="0; url=…">
                    value = value[value.lower().index("url=") + 4 :].strip("'\" ")
                if _BAD_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)):
                    self.found.append(f"<{tag} {name}={value[:60]!r}>: a {value.split(':')[0].strip().lower()}: URL")
                elif (name in _LOADS or name == "content" or (fetched and name == "href")) and any(
                    map(_external, _urls(name, value))
                ):
                    self.found.append(f"<{tag} {name}={value[:60]!r}>: loads from another host")
            elif name == "style" and re.search(r"url\s*\(|expression\s*\(", value, re.I):
                self.found.append(f"<{tag} style=…>: a style that loads or runs")

    handle_startendtag = handle_starttag


def audit(html: str) -> list[str]:
    """What in a finished page could run script or load from another host with no click: event
    handler attributes, ``javascript:``/``data:`` URLs, external ``src``. Empty when the page is clean.

    The site's own scripts (``<script>`` elements and their relative ``src``) are not findings.
    """
    if not _suspect(html):
        return []
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.found

"""Corpus Markdown to safe HTML, and HTML back to plain text.

Raw HTML in a source is shown as literal text, never passed through, so nothing in a corpus
file can put script into the site. Links must be http(s), mailto or relative paths on this site;
images are refused (they would load from another host). The HTML is then passed through
:func:`lectern.sanitise.clean`, an allow-list of what rendering writes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from . import sanitise

_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_MARK = "\ue000{}\ue001"  # private-use placeholder for a footnote reference
_MARKED = re.compile("\ue000(\\d+)\ue001")
_TAG = re.compile(r"(<[^>]*>)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # as lectern.yamlsafe.CONTROL


MAX_BRACKETS = 1_000  # '[' in one block of corpus Markdown (10,000 took 25 s to render)


@dataclass
class Rendered:
    html: str
    text: str
    refs: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line offset, message)


class _Guard(Treeprocessor):
    """Records links and images that a reader's browser should not follow or load."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag == "img":
                self.md.lectern_problems.append(f"images are not supported in sources: {el.get('src')!r}")
            elif el.tag == "a" and not sanitise.safe_href(el.get("href", "")):
                href = el.get("href", "")
                off = " (it leads to another host)" if href.startswith(("//", "/\\", "\\")) else ""
                self.md.lectern_problems.append(f"link target {href!r} is not http(s), mailto or relative{off}")


class _SafeMarkdown(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Guard(md), "lectern_guard", 1)


def _new_markdown() -> Markdown:
    return Markdown(extensions=[_SafeMarkdown()], output_format="html")


_md = _new_markdown()


def _renew() -> None:
    global _md
    _md = _new_markdown()


def map_text(html: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to the text between the tags of a fragment that this package wrote."""
    parts = _TAG.split(html)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def footnote_refs(text: str) -> list[str]:
    return _REF.findall(text)


def render(text: str, footnotes: dict[str, int], *, inline: bool = True) -> Rendered:
    """Render one block of corpus Markdown; ``footnotes`` maps labels to note numbers.

    ``inline`` drops the ``<p>`` around a single paragraph (for titles and notes).
    """
    refs: list[str] = []
    problems: list[tuple[int, str]] = []
    for m in _REF.finditer(text):
        if m.group(1) not in footnotes:
            line = text.count("\n", 0, m.start())
            problems.append((line, f"footnote [^{m.group(1)}] is not defined (add a line '[^{m.group(1)}]: …')"))
        refs.append(m.group(1))
    counter = iter(range(len(refs)))
    marked = _REF.sub(lambda m: _MARK.format(next(counter)), text)

    if text.count("[") > MAX_BRACKETS:  # Python-Markdown's link parsing takes time quadratic in them
        problems.append((0, f"more than {MAX_BRACKETS:,} '[' in one paragraph: split it, or write them as &#91;"))
        return Rendered(html=escape(text), text=text, refs=refs, problems=problems)
    _md.reset()
    _md.lectern_problems = []
    try:
        html = _md.convert(marked)
    except RecursionError:
        _renew()  # the parser's state is left half-way: start again with a new one
        problems.append((0, "lists or quotes nested too deeply to render: use fewer levels"))
        return Rendered(html=escape(text), text=text, refs=refs, problems=problems)
    problems += [(0, message) for message in _md.lectern_problems]
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]

    seen: set[int] = set()

    def sup(m: re.Match) -> str:
        label = refs[int(m.group(1))]
        number = footnotes.get(label, 0)
        anchor = "" if number in seen else f' id="fnref-{number}"'
        seen.add(number)
        return (
            f'<sup class="lx-fnref"><a href="#fn-{number}"{anchor} '
            f'aria-label="Note {escape(label)}">{escape(label)}</a></sup>'
        )

    html = sanitise.clean(_MARKED.sub(sup, html))  # the allow-list, whatever rendering let through
    plain = plain_text(html)
    if control := _CONTROL.search(plain):  # written as a character reference (&#127;): the text would carry it
        problems.append(
            (0, f"control character U+{ord(control.group()):04X} is not allowed (written as a character reference)")
        )
    return Rendered(html=html, text=plain, refs=refs, problems=problems)


class _TextOf(HTMLParser):
    SKIP_TAGS = frozenset({"rt", "rp", "script", "style", "template"})
    SKIP_CLASSES = frozenset({"lx-fnref", "lx-pn", "lx-aid"})  # lx-aid: a reading aid's controls, not the text

    def __init__(self, skip_classes: frozenset[str] | set[str]):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: is it (inside) a skipped one
        self.skip_classes = skip_classes

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "wbr", "img", "hr", "input", "meta", "link"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = bool(self.stack and self.stack[-1]) or tag in self.SKIP_TAGS or bool(classes & self.skip_classes)
        self.stack.append(skipped)

    def handle_endtag(self, tag):
        if self.stack and tag not in {"br", "wbr", "img", "hr", "input", "meta", "link"}:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def plain_text(html: str, skip_classes: frozenset[str] | set[str] = _TextOf.SKIP_CLASSES) -> str:
    """The reader-visible text of an HTML fragment, without ruby readings or note markers."""
    parser = _TextOf(skip_classes)
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)

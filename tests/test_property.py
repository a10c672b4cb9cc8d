"""Property tests: random mixed text survives annotation, and the HTML stays well-formed."""

import re
from html import escape
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from lectern.language import mark_runs
from lectern.markup import plain_text, render

# CJK (simplified and traditional), Latin, CJK punctuation, HTML-special characters and emoji.
MIXED = st.text(
    alphabet=st.sampled_from(
        list("网络强國為應當行长一不abcXYZ09 ,.()“”。，、（）<>&\"'=/") + ["😀", "\U0001f1e8", "\u00a0", "\U00020000"]
    ),
    max_size=60,
)
VOID = {"br", "hr", "img", "wbr"}


class WellFormed(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


def assert_well_formed(html: str) -> None:
    checker = WellFormed()
    checker.feed(html)
    checker.close()
    assert checker.stack == []


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_marking_chinese_runs_keeps_the_text(text):
    html = mark_runs(escape(text, quote=False), "zh-Hans")
    assert plain_text(html) == text
    assert_well_formed(html)


# Prose: one line, not opening with block syntax (a quote '>' or a list number '1. '), which is
# markup rather than text; inline Markdown characters (* _ ` [ ] \\ #) are not in the alphabet.
PROSE = MIXED.map(lambda s: " ".join(s.split())).filter(lambda s: not re.match(r"(>|\d+[.)](\s|$))", s))


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_rendering_plain_prose_keeps_the_text(text):
    r = render(text, {}, inline=False)
    assert r.problems == []
    assert plain_text(r.html) == text
    assert_well_formed(r.html)

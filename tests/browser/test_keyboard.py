"""A keyboard-only walk through each page type: every Tab stop is on screen, has a visible focus
indicator, and the reader's features on the page are among the stops."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import goto

# page type -> (path, selectors that must be reached by Tab alone)
WALKS = {
    "home": (
        "/",
        [".lx-controls [data-setting=pinyin]", ".md-search__input, label.md-search__icon, .md-header__button"],
    ),
    "sources index": ("/sources/", ["article a[href*='000-strong-cyber-power']"]),
    "English source": ("/sources/000-strong-cyber-power/", ["a.lx-pn", "article a"]),
    "Chinese source": (
        "/sources/002-internet-governance-with-chinese-characteristics/",
        ["a.lx-pn", "ruby.lx-w", ".lx-term", "button.lx-par", ".lx-tool"],
    ),
    "glossary index": ("/glossary/", ["article a[href*='strong-cyber-power']"]),
    "term page": ("/glossary/strong-cyber-power/", ["article a[href*='/sources/']"]),
    "parallels overview": ("/parallels/", ["article a[href*='compare/']"]),
    "compare view": (
        "/compare/#001-build-china-into-a-cyberpower-p1--002-internet-governance-with-chinese-characteristics-p1",
        ["article a[href*='/sources/']", "article ruby.lx-w"],
    ),
    "assignment page": ("/assignments/strong-cyber-power-2018/", ["a.lx-pn", ".lx-tool", "article a[download]"]),
}
MAX_STOPS = 250

FOCUS_STATE = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // Material's palette switch is a visually hidden radio; its label, next to it, is the button.
  if (el.matches('.md-option')) el = el.nextElementSibling;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
    || s.textDecorationLine.includes('underline') && el.matches(':focus-visible') && s.outlineStyle !== 'none';
  return {tag: el.tagName.toLowerCase(), cls: el.className && String(el.className), text: el.textContent.trim().slice(0, 30),
          ring, visible: r.width > 0 && r.height > 0, id: el.id};
}"""


@pytest.mark.parametrize("path, required", WALKS.values(), ids=WALKS.keys())
def test_tab_walk(page: Page, site_server: str, path: str, required: list[str]) -> None:
    goto(page, site_server, path)
    page.mouse.move(0, 0)
    reached: set[str] = set()
    problems = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            break
        for selector in required:
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                reached.add(selector)
        if not state["visible"]:
            problems.append(f"focus on an invisible element: {state}")
        elif not state["ring"]:
            problems.append(f"no visible focus indicator: {state}")
    assert not problems, "\n".join(problems[:10])
    assert reached == set(required), f"not reachable by Tab: {set(required) - reached}"

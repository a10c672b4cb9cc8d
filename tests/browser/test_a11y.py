"""Accessibility: axe-core (from npm, see package.json) finds no WCAG 2.1 A/AA violation on any
page type, with the reading aids in each of their states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import goto

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_TYPES = {
    "home": "/",
    "sources index": "/sources/",
    "English source": "/sources/000-strong-cyber-power/",
    "Chinese source": "/sources/002-internet-governance-with-chinese-characteristics/",
    "credits": "/about/",
    "glossary index": "/glossary/",
    "term page": "/glossary/strong-cyber-power/",
    "parallels overview": "/parallels/",
    "compare view": "/compare/#000-strong-cyber-power-p2--002-internet-governance-with-chinese-characteristics-p11",
    "compare view, with Chinese": "/compare/#001-build-china-into-a-cyberpower-p1--002-internet-governance-with-chinese-characteristics-p1",
    "compare view, unknown pair": "/compare/#000-strong-cyber-power-p2--002-internet-governance-with-chinese-characteristics-p99",
    "assignments index": "/assignments/",
    "assignment page": "/assignments/strong-cyber-power-2018/",
    "guide page": "/guide/teachers/",
}
SETTINGS = {
    "defaults": {},
    "pinyin off, standard colours": {"pinyin": "off", "tones": "standard"},
    "colour-blind palette, traditional": {"tones": "safe", "script": "traditional"},
}


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page; the violations, each with the offending elements."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)", pytrace=False)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


@pytest.mark.parametrize("settings", SETTINGS.values(), ids=SETTINGS.keys())
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_wcag_violations(page: Page, site_server: str, path: str, settings: dict) -> None:
    goto(page, site_server, "/")
    page.evaluate("s => localStorage.setItem('lectern.settings', JSON.stringify(s))", settings)
    goto(page, site_server, path)
    # Material animates colour changes; measure the settled colours, not a frame of the transition.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for scheme in ("default", "slate"):  # Material's light and dark palettes
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        violations = axe_violations(page)
        assert not violations, f"{path} ({scheme}, {settings}):\n{json.dumps(violations, indent=1, ensure_ascii=False)}"

"""The README's minimal site (Material, one Chinese page, ``plugins: [search, lectern]``) in a real
browser: ruby read in context, the reader's controls in the header, the popup dictionary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import goto, serve_directory


@pytest.fixture(scope="module")
def example_server(example_site: Path) -> Iterator[str]:
    with serve_directory(example_site) as base_url:
        yield base_url


def word(page: Page, reading: str):
    return page.locator(f'article ruby.lx-w[data-py="{reading}"]').first


def test_ruby_reads_in_context(page: Page, example_server: str) -> None:
    goto(page, example_server)
    bank = word(page, "yín háng háng zhǎng")
    expect(bank.locator("rt")).to_have_text(["yín", "háng", "háng", "zhǎng"])
    expect(bank.locator("rt").nth(1)).to_be_visible()
    serve = page.locator('article ruby.lx-w:has(> span:text-is("为"))').first
    expect(serve.locator("rt")).to_have_text("wèi")
    expect(word(page, "rén mín")).to_be_visible()
    # the ruby sits over its characters: the reading is above the character, not beside it
    char, reading = bank.locator("span").first.bounding_box(), bank.locator("rt").first.bounding_box()
    assert reading["y"] + reading["height"] <= char["y"] + 2


def test_controls_hide_and_show_the_pinyin(page: Page, example_server: str) -> None:
    goto(page, example_server)
    toggle = page.locator(".md-header .lx-controls button[data-setting=pinyin]")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".md-header .lx-controls select[data-setting=tones]")).to_have_value("off")
    reading = word(page, "yín háng háng zhǎng").locator("rt").first
    toggle.click()
    expect(reading).to_be_hidden()
    page.reload(wait_until="load")  # the choice is kept
    expect(word(page, "yín háng háng zhǎng").locator("rt").first).to_be_hidden()
    page.locator(".md-header .lx-controls button[data-setting=pinyin]").click()
    expect(word(page, "yín háng háng zhǎng").locator("rt").first).to_be_visible()


def test_popup_dictionary_on_hover_and_keyboard(page: Page, example_server: str) -> None:
    goto(page, example_server)
    tip = page.locator("#lx-popover")
    target = word(page, "fú wù")
    target.hover()
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("role", "tooltip")
    expect(tip.locator(".lx-pop-py")).to_have_text("fú wù")
    expect(tip.locator(".lx-pop-g li").first).to_have_text("to serve")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    word(page, "háng zhǎng").focus()
    expect(tip).to_be_visible()
    expect(tip.locator(".lx-pop-g li").first).to_have_text("bank president")

"""The glossary in a real browser: term pages, the concordance's links, the index, search by
toneless pinyin, and marked terms reachable by keyboard. (Tooltips are tested with their script.)"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import goto
from .test_pages import expect_targeted, has_visible_outline, search, url_of

TERM = "/glossary/strong-cyber-power/"


def test_term_page_shows_definition_picture_and_concordance(page: Page, site_server: str) -> None:
    goto(page, site_server, TERM)
    expect(page.locator("article h1")).to_contain_text("strong cyber power")
    expect(page.locator(".lx-term-py")).to_have_text("wǎngluò qiángguó")
    expect(page.locator(".lx-term-def")).to_be_visible()
    expect(page.locator("svg.lx-usage-chart")).to_be_visible()
    lines = page.locator("ol.lx-kwic > li")
    assert lines.count() > 20
    expect(lines.first.locator("mark")).to_be_visible()


def scroll_to(page: Page, link) -> None:
    """Bring ``link`` on screen as a reader would, before clicking it. Material records the scroll
    offset in the history entry 100 ms after scrolling stops; a click within those 100 ms (as
    Playwright's scroll-and-click does) lets that record land on the new page's entry, which then
    opens at the old offset instead of the passage: a race no reader's hand is fast enough for."""
    before = page.evaluate("window.scrollY")
    link.scroll_into_view_if_needed()
    if page.evaluate("window.scrollY") != before:  # wait for Material to record the new offset
        page.wait_for_function("() => history.state && Math.abs(history.state.y - window.scrollY) < 1")


def test_concordance_line_leads_to_its_passage_by_mouse_and_keyboard(page: Page, site_server: str) -> None:
    goto(page, site_server, TERM)
    first = page.locator("ol.lx-kwic > li a.lx-kwic-ref").first
    target = first.get_attribute("href").rpartition("#")[2]
    scroll_to(page, first)
    first.click()
    expect_targeted(page, target)
    expect(page.locator(f"#{target} span.lx-term[data-term='strong-cyber-power']").first).to_be_visible()

    goto(page, site_server, TERM)
    link = page.locator("ol.lx-kwic > li a.lx-kwic-ref").nth(1)
    target = link.get_attribute("href").rpartition("#")[2]
    link.focus()
    scroll_to(page, link)
    assert has_visible_outline(link)
    page.keyboard.press("Enter")
    expect_targeted(page, target)


def test_search_by_toneless_pinyin_finds_the_term_page(page: Page, site_server: str) -> None:
    goto(page, site_server, "/")
    results = search(page, "wangluo qiangguo")
    wanted = url_of(site_server, TERM)
    expect(results.and_(page.locator(f'[href^="{wanted}"]')).first).to_be_visible()


def test_index_by_pinyin_then_term_with_instant_navigation(page: Page, site_server: str) -> None:
    goto(page, site_server, "/glossary/")
    page.locator(".lx-gindex-jump a", has_text=re.compile("^W$")).last.click()
    expect(page).to_have_url(re.compile("#py-w$"))
    entry = page.locator('ul.lx-gindex a[href$="strong-cyber-power/"]').last
    expect(entry).to_contain_text("wǎngluò qiángguó")
    entry.click()
    expect(page).to_have_url(url_of(site_server, TERM))
    expect(page.locator("article h1")).to_contain_text("strong cyber power")
    kwic = page.locator("ol.lx-kwic > li a.lx-kwic-ref").first
    scroll_to(page, kwic)
    kwic.click()  # a second page change, still instant
    expect(page.locator("article h2#terms-in-this-text")).to_be_attached()


def test_marked_terms_take_keyboard_focus_and_the_page_ends_with_its_terms(page: Page, site_server: str) -> None:
    goto(page, site_server, "/sources/000-strong-cyber-power/")
    term = page.locator("#p1 span.lx-term").first
    expect(term).to_have_attribute("data-term", "strong-cyber-power")
    page.locator("#p1 a.lx-pn").focus()
    for _ in range(4):  # after the number come the passage's own controls (copy link, cite…), then its text
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('lx-term')"):
            break
    expect(term).to_be_focused()
    assert has_visible_outline(term)
    gloss = page.locator("#lx-gloss-strong-cyber-power")
    expect(gloss).to_contain_text("网络强国")
    gloss.locator("a.lx-gloss-link").click()
    expect(page).to_have_url(url_of(site_server, TERM))

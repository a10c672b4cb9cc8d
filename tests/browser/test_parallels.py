"""Parallel passages as a reader uses them: the marker panel (mouse, keyboard, touch, Escape,
instant navigation), the compare view, and the overview page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import goto

DICTIONARY = "/sources/000-strong-cyber-power/"
SPEECH = "/sources/001-build-china-into-a-cyberpower/"
COMPARE = "/compare/000-strong-cyber-power-p2--003-strengthen-cyber-capabilities-p2/"
CROSS = ("/compare/002-internet-governance-with-chinese-characteristics-p1--"
         "002-internet-governance-with-chinese-characteristics-p7/")


def marker(page: Page, pid: str):
    return page.locator(f"#{pid} button.lx-par")


def panel(page: Page, pid: str):
    return page.locator(f"#lx-par-{pid}")


def test_marker_opens_a_panel_whose_links_reach_the_exact_passage(page: Page, site_server: str) -> None:
    goto(page, site_server, DICTIONARY)
    expect(panel(page, "p2")).to_be_hidden()
    marker(page, "p2").click()
    expect(marker(page, "p2")).to_have_attribute("aria-expanded", "true")
    expect(panel(page, "p2")).to_be_visible()
    link = panel(page, "p2").locator("a.lx-par-to", has_text="Build China into a Cyberpower, passage 6")
    expect(link).to_be_visible()
    expect(panel(page, "p2").locator("li").first).to_contain_text("Quotation")
    page.evaluate("window.__noReload = 1")
    link.click()
    expect(page).to_have_url(site_server.rstrip("/") + SPEECH + "#p6")
    assert page.evaluate("window.__noReload") == 1  # instant navigation
    expect(page.locator("#p6")).to_have_class("lx-passage lx-target")
    marker(page, "p6").click()  # the script runs on the new page too
    expect(panel(page, "p6")).to_be_visible()


def test_keyboard_opens_the_panel_tab_enters_it_and_escape_closes_it(page: Page, site_server: str) -> None:
    goto(page, site_server, DICTIONARY)
    marker(page, "p2").focus()
    page.keyboard.press("Enter")
    expect(panel(page, "p2")).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#lx-par-p2') && document.activeElement.classList.contains('lx-par-to')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus
    page.keyboard.press("Escape")
    expect(panel(page, "p2")).to_be_hidden()
    expect(marker(page, "p2")).to_be_focused()
    expect(marker(page, "p2")).to_have_attribute("aria-expanded", "false")


def test_one_panel_at_a_time_and_a_click_elsewhere_closes(page: Page, site_server: str) -> None:
    goto(page, site_server, DICTIONARY)
    marker(page, "p2").click()
    marker(page, "p3").click()
    expect(panel(page, "p2")).to_be_hidden()
    expect(panel(page, "p3")).to_be_visible()
    page.locator("article h1").click()
    expect(panel(page, "p3")).to_be_hidden()


def test_tap_opens_the_panel_on_a_phone(mobile_page: Page, site_server: str) -> None:
    goto(mobile_page, site_server, DICTIONARY)
    marker(mobile_page, "p3").tap()
    expect(panel(mobile_page, "p3")).to_be_visible()
    box = marker(mobile_page, "p3").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # a target a finger can hit
    marker(mobile_page, "p3").tap()
    expect(panel(mobile_page, "p3")).to_be_hidden()


def test_compare_view_side_by_side_with_spans_and_word_diff(page: Page, site_server: str) -> None:
    goto(page, site_server, COMPARE)
    sides = page.locator(".lx-cmp-side")
    expect(sides).to_have_count(2)
    left, right = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert right["x"] > left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 2  # side by side
    expect(sides.nth(0).locator("mark").first).to_contain_text("without cybersecurity there can be no national security")
    expect(sides.nth(1).locator("mark").first).to_contain_text("national security is incomplete without cybersecurity")
    expect(page.locator(".lx-cmp-diff del").first).to_be_visible()
    expect(page.locator(".lx-cmp-diff ins").first).to_be_visible()
    sides.nth(1).locator("a").first.click()
    expect(page).to_have_url(site_server.rstrip("/") + "/sources/003-strengthen-cyber-capabilities/#p2")


def test_compare_view_across_languages_has_no_word_diff(mobile_page: Page, site_server: str) -> None:
    goto(mobile_page, site_server, CROSS)
    expect(mobile_page.locator(".lx-cmp-side")).to_have_count(2)
    expect(mobile_page.locator(".lx-cmp-text[lang=zh-Hant]")).to_contain_text("網絡強國")
    expect(mobile_page.locator(".lx-cmp-diff")).to_have_count(0)
    first, second = (mobile_page.locator(".lx-cmp-side").nth(i).bounding_box() for i in (0, 1))
    assert second["y"] >= first["y"] + first["height"] - 1  # stacked on a narrow screen


def test_overview_matrix_and_links_into_the_pairs(page: Page, site_server: str) -> None:
    goto(page, site_server, "/parallels/")
    expect(page.locator("svg.lx-matrix")).to_be_visible()
    page.evaluate("window.__noReload = 1")
    page.locator(".lx-par-pairs a", has_text="Compare").first.click()
    expect(page.locator(".lx-cmp-side")).to_have_count(2)
    assert "/compare/" in page.url
    assert page.evaluate("window.__noReload") == 1

"""Parallel passages as a reader uses them: the marker panel (mouse, keyboard, touch, Escape,
instant navigation), the compare view (one page; the pair is the address's fragment), and the
overview page."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from .conftest import PageMonitor, goto, mark_document, same_document

DICTIONARY = "/sources/000-strong-cyber-power/"
SPEECH = "/sources/001-build-china-into-a-cyberpower/"
PAIR = "000-strong-cyber-power-p2--003-strengthen-cyber-capabilities-p2"
COMPARE = f"/compare/#{PAIR}"
CROSS = (
    "/compare/#002-internet-governance-with-chinese-characteristics-p1--"
    "002-internet-governance-with-chinese-characteristics-p7"
)
CHINESE = "002-internet-governance-with-chinese-characteristics"
HEADING = ".md-content h1"


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
    mark_document(page)
    link.click()
    expect(page).to_have_url(site_server.rstrip("/") + SPEECH + "#p6")
    assert same_document(page)  # instant navigation
    expect(page.locator("#p6")).to_have_class("lx-passage lx-target")
    marker(page, "p6").click()  # the script runs on the new page too
    expect(panel(page, "p6")).to_be_visible()


def test_keyboard_opens_the_panel_tab_enters_it_and_escape_closes_it(page: Page, site_server: str) -> None:
    goto(page, site_server, DICTIONARY)
    marker(page, "p2").focus()
    page.keyboard.press("Enter")
    expect(panel(page, "p2")).to_be_visible()
    expect(panel(page, "p2").locator("a.lx-par-to").first).to_be_visible()  # the list, fetched on opening
    page.keyboard.press("Tab")
    assert page.evaluate(
        "!!document.activeElement.closest('#lx-par-p2') && document.activeElement.classList.contains('lx-par-to')"
    )
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus
    page.keyboard.press("Escape")
    expect(panel(page, "p2")).to_be_hidden()
    expect(marker(page, "p2")).to_be_focused()
    expect(marker(page, "p2")).to_have_attribute("aria-expanded", "false")


def test_one_panel_at_a_time_and_a_click_elsewhere_closes(page: Page, site_server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: "/api/panels/" in r.url and requests.append(r.url.split("/api/panels/")[1]))
    goto(page, site_server, DICTIONARY)
    assert page.locator(".lx-par-panel li").count() == 0  # the lists are not in the page
    marker(page, "p2").click()
    expect(panel(page, "p2").locator("li").first).to_be_visible()
    marker(page, "p3").click()
    expect(panel(page, "p2")).to_be_hidden()
    expect(panel(page, "p3")).to_be_visible()
    expect(panel(page, "p3").locator("li").first).to_be_visible()
    page.locator("article h1").click()
    expect(panel(page, "p3")).to_be_hidden()
    assert requests == ["000-strong-cyber-power.json"]  # one file for the page's panels, fetched once


def test_tap_opens_the_panel_on_a_phone(mobile_page: Page, site_server: str) -> None:
    goto(mobile_page, site_server, DICTIONARY)
    marker(mobile_page, "p3").tap()
    expect(panel(mobile_page, "p3")).to_be_visible()
    box = marker(mobile_page, "p3").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # a target a finger can hit
    marker(mobile_page, "p3").tap()
    expect(panel(mobile_page, "p3")).to_be_hidden()


def test_the_markers_tooltip_never_covers_its_open_panel(mobile_page: Page, site_server: str) -> None:
    """Material turns the marker's title ("7 parallel passages") into a tooltip while the marker has
    focus, as it keeps after a tap: over the first line of the panel the tap opened."""
    goto(mobile_page, site_server, SPEECH)
    marker(mobile_page, "p6").tap()
    expect(panel(mobile_page, "p6").locator("li").first).to_be_visible()
    covering = mobile_page.evaluate(
        """() => {
          const p = document.getElementById('lx-par-p6').getBoundingClientRect();
          return [...document.querySelectorAll('[role=tooltip]')].map(t => t.getBoundingClientRect())
            .filter(t => t.width && t.height && t.right > p.left && t.left < p.right
                         && t.bottom > p.top && t.top < p.bottom).length;
        }"""
    )
    assert covering == 0


def test_compare_view_side_by_side_with_spans_and_word_diff(page: Page, site_server: str) -> None:
    goto(page, site_server, COMPARE)
    expect(page.locator(HEADING)).to_have_text(
        "Strong Cyber Power, passage 2, and Redouble Our Efforts to Strengthen Cyber Capabilities, passage 2"
    )
    assert page.title().startswith(
        "Strong Cyber Power, passage 2, and Redouble Our Efforts to Strengthen Cyber Capabilities, passage 2 - "
    )
    expect(page.locator(".lx-cmp-missing")).to_be_hidden()
    sides = page.locator(".lx-cmp-side")
    expect(sides).to_have_count(2)
    left, right = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert right["x"] > left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 2  # side by side
    expect(sides.nth(0).locator("mark").first).to_contain_text(
        "without cybersecurity there can be no national security"
    )
    expect(sides.nth(1).locator("mark").first).to_contain_text("national security is incomplete without cybersecurity")
    expect(page.locator(".lx-cmp-diff del").first).to_be_visible()
    expect(page.locator(".lx-cmp-diff ins").first).to_be_visible()
    sides.nth(1).locator("a").first.click()
    expect(page).to_have_url(site_server.rstrip("/") + "/sources/003-strengthen-cyber-capabilities/#p2")


def test_compare_view_across_languages_has_no_word_diff(mobile_page: Page, site_server: str) -> None:
    goto(mobile_page, site_server, CROSS)
    expect(mobile_page.locator(".lx-cmp-side")).to_have_count(2)
    chinese = mobile_page.locator(".lx-cmp-text[lang=zh-Hant]")
    expect(chinese.locator("ruby.lx-w").first).to_be_visible()  # pinyin, as on the source page
    expect(chinese.locator("mark ruby.lx-w").first).to_be_visible()
    assert "網絡強國" in mobile_page.evaluate(
        "() => { const c = document.querySelector('.lx-cmp-text[lang=zh-Hant]').cloneNode(true);"
        " c.querySelectorAll('rt').forEach(n => n.remove()); return c.textContent; }"
    )
    expect(mobile_page.locator(".lx-cmp-diff")).to_have_count(0)
    first, second = (mobile_page.locator(".lx-cmp-side").nth(i).bounding_box() for i in (0, 1))
    assert second["y"] >= first["y"] + first["height"] - 1  # stacked on a narrow screen


def test_overview_matrix_and_links_into_the_pairs(page: Page, site_server: str) -> None:
    goto(page, site_server, "/parallels/")
    expect(page.locator("svg.lx-matrix")).to_be_visible()
    mark_document(page)
    first = page.locator(".lx-par-pairs a", has_text="Compare").first
    pair = first.get_attribute("href").split("#")[1]
    first.click()
    expect(page.locator(".lx-cmp-side")).to_have_count(2)
    assert page.url == f"{site_server}compare/#{pair}"
    assert same_document(page)


def test_panel_link_opens_the_pair_in_the_compare_view(page: Page, site_server: str) -> None:
    goto(page, site_server, DICTIONARY)
    marker(page, "p2").click()
    mark_document(page)
    panel(page, "p2").locator("li", has_text="Strengthen Cyber Capabilities").locator("a.lx-par-cmp").click()
    expect(page).to_have_url(site_server.rstrip("/") + COMPARE)
    expect(page.locator(".lx-cmp-head a")).to_have_text(
        ["Strong Cyber Power, passage 2", "Redouble Our Efforts to Strengthen Cyber Capabilities, passage 2"]
    )
    assert same_document(page)  # instant navigation


def test_changing_the_address_shows_another_pair_and_moves_focus_to_its_title(page: Page, site_server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: "/api/compare/" in r.url and requests.append(r.url.split("/api/compare/")[1]))
    goto(page, site_server, COMPARE)
    expect(page.locator(".lx-cmp-side")).to_have_count(2)
    page.evaluate(f"location.hash = '#{CROSS.split('#')[1]}'")
    expect(page.locator(HEADING)).to_have_text(
        "The Way of Internet Governance with Chinese Characteristics and the Strategic Thought of Network Power, "
        "passage 1, and The Way of Internet Governance with Chinese Characteristics and the Strategic Thought of "
        "Network Power, passage 7"
    )
    expect(page.locator(HEADING)).to_be_focused()  # a screen reader announces the new pair
    expect(page.locator(".lx-cmp-side")).to_have_count(2)
    expect(page.locator(".lx-cmp-diff")).to_have_count(0)
    assert page.title().startswith("The Way of Internet Governance")
    page.go_back()  # back to the first pair, from the browser's cache of the file
    expect(page.locator(".lx-cmp-head a").first).to_have_text("Strong Cyber Power, passage 2")
    assert requests == ["000-strong-cyber-power/p2.json", f"{CHINESE}/p1.json"]  # one small file per passage, once


def test_unknown_or_missing_pair_says_so_and_links_to_the_overview(page: Page, site_server: str) -> None:
    goto(page, site_server, "/compare/#000-strong-cyber-power-p2--003-strengthen-cyber-capabilities-p99")
    missing = page.locator(".lx-cmp-missing")
    expect(missing).to_be_visible()
    expect(missing).to_contain_text(
        "No pair of passages has the address #000-strong-cyber-power-p2--003-strengthen-cyber-capabilities-p99."
    )
    expect(page.locator(".lx-cmp-side")).to_have_count(0)
    expect(page.locator(HEADING)).to_have_text("Compare passages")
    page.evaluate(f"location.hash = '#{PAIR}'")  # a known pair after an unknown one
    expect(page.locator(".lx-cmp-side")).to_have_count(2)
    expect(missing).to_be_hidden()
    page.evaluate("location.hash = ''")
    expect(missing).to_contain_text("No pair of passages was chosen.")
    expect(page.locator(HEADING)).to_have_text("Compare passages")
    mark_document(page)
    missing.locator("a", has_text="Parallels").click()
    expect(page).to_have_url(f"{site_server}parallels/")
    assert same_document(page)


def test_without_scripts_the_page_says_where_to_go(browser: Browser, site_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    monitor = PageMonitor(context)
    page = context.new_page()
    goto(page, site_server, COMPARE)
    note = page.locator("article noscript + p, article p", has_text="does not run").first
    expect(note).to_be_visible()
    expect(note.locator("a")).to_have_attribute("href", "../parallels/")
    expect(page.locator(".lx-cmp-missing")).to_be_hidden()
    context.close()
    monitor.assert_clean()


def test_words_of_the_compare_view_have_popups_the_script_setting_and_one_tab_stop(
    page: Page, site_server: str
) -> None:
    goto(page, site_server, "/")
    page.evaluate("localStorage.setItem('lectern.settings', JSON.stringify({script: 'simplified'}))")
    goto(page, site_server, CROSS)
    chinese = page.locator(".lx-cmp-text[lang=zh-Hant]")
    words = chinese.locator("ruby.lx-w")
    expect(words.first).to_be_visible()
    expect(chinese.locator("[data-s]").first).to_have_text(chinese.locator("[data-s]").first.get_attribute("data-s"))
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('.lx-cmp-text[lang=zh-Hant] ruby.lx-w')]"
            ".filter(w => w.tabIndex === 0).length"
        )
        == 1
    )  # the passage's words are one tab stop
    page.locator(".lx-cmp-side").nth(0).locator(".lx-cmp-head a").focus()
    page.keyboard.press("Tab")
    expect(words.first).to_be_focused()
    expect(page.locator("#lx-popover")).to_be_visible()
    expect(page.locator("#lx-popover .lx-pop-py")).to_have_text(words.first.get_attribute("data-py"))
    page.keyboard.press("ArrowRight")
    expect(words.nth(1)).to_be_focused()
    expect(page.locator("#lx-popover .lx-pop-py")).to_have_text(words.nth(1).get_attribute("data-py"))
    page.keyboard.press("Escape")
    expect(page.locator("#lx-popover")).to_be_hidden()


def test_a_panel_in_a_chinese_passage_wraps_a_long_chinese_title_on_a_phone(
    mobile_page: Page, site_server: str
) -> None:
    """A Chinese passage with pinyin breaks its lines only between words (keep-all, lectern.css);
    its panel's titles and excerpts have no word breaks marked, so they break anywhere: a report's
    long Chinese title (新华社评论员：…一论…) overflowed a 390 px screen by 118 px."""
    goto(mobile_page, site_server, f"/sources/{CHINESE}/")
    marker(mobile_page, "p1").tap()
    link = panel(mobile_page, "p1").locator("a.lx-par-to").first
    expect(link).to_be_visible()
    link.evaluate(
        "a => { a.textContent = '新华社评论员：抓住历史机遇建设网络强国——一论习近平总书记在全国网络安全和信息化工作会议重要讲话（节选）, passage 2'; }"
    )
    width = mobile_page.evaluate("document.documentElement.clientWidth")
    assert link.bounding_box()["x"] + link.bounding_box()["width"] <= width
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= width

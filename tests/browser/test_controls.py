"""Reader controls in the header: show or hide pinyin, tone colours; kept across pages and visits."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import goto, mark_document, reader_text, same_document

CHINESE = "/sources/002-internet-governance-with-chinese-characteristics/"
ENGLISH = "/sources/000-strong-cyber-power/"
PALETTES = {  # tone 3 colour of each palette, light scheme
    "standard": "rgb(29, 122, 29)",
    "safe": "rgb(11, 94, 168)",
}


def pinyin_button(page: Page):
    return page.locator(".md-header .lx-controls button[data-setting=pinyin]")


def tones_select(page: Page):
    return page.locator(".md-header .lx-controls select[data-setting=tones]")


def first_reading(page: Page):
    return page.locator("article .lx-passage ruby.lx-w rt").first


def colour(page: Page, selector: str) -> str:
    return page.locator(selector).first.evaluate("el => getComputedStyle(el).color")


def test_defaults_pinyin_on_colours_off(page: Page, site_server: str) -> None:
    goto(page, site_server, CHINESE)
    expect(pinyin_button(page)).to_have_attribute("aria-pressed", "true")
    expect(first_reading(page)).to_be_visible()
    expect(tones_select(page)).to_have_value("off")
    plain = page.locator("article .lx-passage p").first.evaluate("el => getComputedStyle(el).color")
    assert colour(page, "article .lx-w .t3") == plain


def test_hiding_pinyin_persists_across_reload_and_instant_navigation(page: Page, site_server: str) -> None:
    goto(page, site_server, CHINESE)
    pinyin_button(page).click()
    expect(first_reading(page)).to_be_hidden()
    expect(pinyin_button(page)).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(first_reading(page)).to_be_hidden()
    mark_document(page)
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Strong Cyber Power").first.click()
    expect(page).to_have_url(site_server.rstrip("/") + ENGLISH)
    assert same_document(page)  # instant navigation, no full load
    expect(first_reading(page)).to_be_hidden()
    expect(pinyin_button(page)).to_have_attribute("aria-pressed", "false")
    pinyin_button(page).click()
    expect(first_reading(page)).to_be_visible()


def test_tone_colours_both_palettes_persist(page: Page, site_server: str) -> None:
    goto(page, site_server, CHINESE)
    for palette, tone3 in PALETTES.items():
        tones_select(page).select_option(palette)
        assert colour(page, "article .lx-w .t3") == tone3
        assert colour(page, "article .lx-w .t3 + rt") == tone3  # the pinyin takes the colour too
    page.reload()
    expect(tones_select(page)).to_have_value("safe")
    assert colour(page, "article .lx-w .t3") == PALETTES["safe"]


def test_damaged_stored_settings_fall_back_to_the_defaults(page: Page, site_server: str) -> None:
    """Unreadable settings (another script's data, a hand edit) give the defaults, and the next
    change stores readable ones again; the page raises no error (checked by the fixture)."""
    goto(page, site_server, "/about/")
    page.evaluate("localStorage.setItem('lectern.settings', '{not json')")
    goto(page, site_server, CHINESE)
    expect(pinyin_button(page)).to_have_attribute("aria-pressed", "true")
    expect(tones_select(page)).to_have_value("off")
    pinyin_button(page).click()
    expect(first_reading(page)).to_be_hidden()
    stored = page.evaluate("JSON.parse(localStorage.getItem('lectern.settings'))")
    assert stored == {"pinyin": "off", "tones": "off", "script": "original", "size": "m"}


def test_the_not_found_page_keeps_the_settings(page: Page, site_server: str) -> None:
    """404.html is made from a theme template, not a page; it still applies the stored settings."""
    goto(page, site_server, "/about/")
    page.evaluate("localStorage.setItem('lectern.settings', JSON.stringify({pinyin: 'off', tones: 'safe'}))")
    goto(page, site_server, "/404.html")
    assert page.evaluate("[document.documentElement.dataset.lxPinyin, document.documentElement.dataset.lxTones]") == [
        "off",
        "safe",
    ]
    expect(pinyin_button(page)).to_have_attribute("aria-pressed", "false")


def test_pinyin_toggle_by_keyboard(page: Page, site_server: str) -> None:
    goto(page, site_server, CHINESE)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.setting === 'pinyin'"):
            break
    else:
        raise AssertionError("Tab never reached the pinyin control")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Space")
    expect(first_reading(page)).to_be_hidden()
    page.keyboard.press("Enter")
    expect(first_reading(page)).to_be_visible()


def test_pinyin_toggle_by_touch(mobile_page: Page, site_server: str) -> None:
    goto(mobile_page, site_server, CHINESE)
    expect(pinyin_button(mobile_page)).to_be_hidden()  # on a phone the controls are in a panel
    toggle = mobile_page.locator(".md-header .lx-controls__toggle")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390  # the header fits the phone
    pinyin_button(mobile_page).tap()
    expect(first_reading(mobile_page)).to_be_hidden()


def script_select(page: Page):
    return page.locator(".md-header .lx-controls select[data-setting=script]")


def shown_text(page: Page, passage_id: str) -> str:
    """The characters on screen in a passage, without readings and numbers."""
    return reader_text(page.locator(f"article .lx-passage#{passage_id}"))


def test_script_setting_converts_and_restores(page: Page, site_server: str) -> None:
    goto(page, site_server, CHINESE)
    assert shown_text(page, "p1").startswith("黨的十八大以來")
    script_select(page).select_option("simplified")
    assert shown_text(page, "p1").startswith("党的十八大以来")
    assert "网络强国" in shown_text(page, "p1")
    page.reload()  # kept across visits
    expect(script_select(page)).to_have_value("simplified")
    assert shown_text(page, "p1").startswith("党的十八大以来")
    goto(page, site_server, ENGLISH)
    script_select(page).select_option("traditional")
    assert "網絡強國" in shown_text(page, "p1")
    script_select(page).select_option("original")
    assert "网络强国" in shown_text(page, "p1")

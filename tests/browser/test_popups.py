"""Popups on Chinese words (CC-CEDICT) and glossary terms: hover, keyboard, tap, in a real browser.

The pages, the dictionary file and the glossary terms (``.lx-term[data-term]``, whose tooltip copies
the page's entry ``#lx-gloss-ID``) are the real built site.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import goto, mark_document, same_document, serve_directory

ENGLISH = "/sources/000-strong-cyber-power/"  # English with simplified runs: 网络强国 → 网络 + 强国
TRADITIONAL = "/sources/002-internet-governance-with-chinese-characteristics/"  # p1 is zh-Hant
PASSAGE_WITH_RUN = "article .lx-passage#p1"  # 000's p1: "(网络强国)"


def tip(page: Page):
    return page.locator("#lx-popover")


def word(page: Page, scope: str, reading: str):
    """The first word with this reading that is not part of a marked glossary term (whose own
    entry would open instead)."""
    return page.locator(f'{scope} ruby.lx-w[data-py="{reading}"]:not(.lx-term ruby)').first


def layout(page: Page) -> list[list[float]]:
    """Where every passage, word and heading of the article is, in page coordinates (to show
    that nothing moved)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('article .lx-passage, article ruby.lx-w, article h1, article h2')]
                 .map(el => { const r = el.getBoundingClientRect(); return [r.x + scrollX, r.y + scrollY, r.width, r.height]; })"""
    )


def dictionary_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: r.url.endswith("/api/dictionary.json") and seen.append(r.url))
    return seen


def test_hover_shows_pinyin_and_glosses_without_moving_anything(page: Page, site_server: str) -> None:
    fetched = dictionary_requests(page)
    goto(page, site_server, ENGLISH)
    assert fetched == []  # the dictionary is loaded on the first popup, not with the page
    before = layout(page)
    target = word(page, PASSAGE_WITH_RUN, "wǎng luò")
    target.hover()
    expect(tip(page)).to_be_visible()
    expect(tip(page)).to_have_attribute("role", "tooltip")
    expect(target).to_have_attribute("aria-describedby", "lx-popover")
    expect(tip(page).locator(".lx-pop-py")).to_have_text("wǎng luò")
    expect(tip(page).locator(".lx-pop-hw")).to_have_text(["网络", "網絡"])
    expect(tip(page).locator(".lx-pop-g li")).to_have_text(
        ["network (computing, telecommunications, transport etc)", "Internet"]
    )
    assert layout(page) == before
    box, word_box = tip(page).bounding_box(), target.bounding_box()
    assert box["y"] >= word_box["y"] + word_box["height"]  # below the word, not over it
    assert fetched == [site_server + "api/dictionary.json"]

    # The pointer may move onto the popover (to read or select it) without closing it…
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    expect(tip(page)).to_be_visible()
    # …and off both, which closes it.
    page.mouse.move(5, 880)
    expect(tip(page)).to_be_hidden()
    expect(target).not_to_have_attribute("aria-describedby", "lx-popover")

    word(page, PASSAGE_WITH_RUN, "qiáng guó").hover()
    expect(tip(page).locator(".lx-pop-g li").first).to_have_text("powerful country")
    assert len(fetched) == 1  # fetched once per visit
    page.keyboard.press("Escape")
    expect(tip(page)).to_be_hidden()
    box = word(page, PASSAGE_WITH_RUN, "qiáng guó").bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] - 2, steps=3)  # still on the word: stays closed
    expect(tip(page)).to_be_hidden()
    assert layout(page) == before


def test_traditional_word_shows_both_scripts(page: Page, site_server: str) -> None:
    goto(page, site_server, TRADITIONAL)
    target = word(page, "article .lx-passage#p1", "wǎng luò")
    expect(target).to_contain_text("網")
    target.hover()
    expect(tip(page).locator(".lx-pop-hw")).to_have_text(["网络", "網絡"])
    expect(tip(page).locator(".lx-pop-g li").first).to_have_text(
        "network (computing, telecommunications, transport etc)"
    )


def test_senses_ranked_for_a_reader_of_political_prose(page: Page, site_server: str) -> None:
    """把 leads with the object marker (data/senses.txt); 同志 with "comrade", the slang sense last."""
    goto(page, site_server, TRADITIONAL)
    word(page, "article .lx-passage", "bǎ").hover()
    expect(tip(page).locator(".lx-pop-g li")).to_have_text(
        ["(used to put the object before the verb: 把 + {noun} +…", "to hold; to grasp", "handlebar"]
    )
    page.keyboard.press("Escape")
    word(page, "article .lx-passage", "tóng zhì").hover()
    expect(tip(page).locator(".lx-pop-g li")).to_have_text(["comrade", "(slang) homosexual"])


def test_word_card_follows_the_script_setting_and_pinyin_off(page: Page, site_server: str) -> None:
    """Shown simplified (the reader's setting), a traditional word still finds its entry."""
    goto(page, site_server, TRADITIONAL)
    page.locator(".md-header .lx-controls select[data-setting=script]").select_option("simplified")
    page.locator(".md-header .lx-controls button[data-setting=pinyin]").click()  # pinyin off
    target = word(page, "article .lx-passage#p1", "wǎng luò")
    expect(target).to_contain_text("网")
    target.hover()
    expect(tip(page).locator(".lx-pop-hw")).to_have_text(["网络", "網絡"])
    expect(tip(page).locator(".lx-pop-py")).to_have_text("wǎng luò")  # the popup still gives the reading


def test_word_missing_from_cedict_shows_its_parts(page: Page, site_server: str) -> None:
    goto(page, site_server, TRADITIONAL)
    word(page, "article .lx-passage", "zǒng tǐ bù jú").hover()  # 總體布局
    expect(tip(page).locator(".lx-pop-note")).to_have_text("Not in CC-CEDICT as one word; its parts:")
    expect(tip(page).locator(".lx-pop-chars li")).to_have_count(2)
    expect(tip(page).locator(".lx-pop-chars li").nth(1)).to_contain_text("布局 bù jú: ")


def test_dictionary_found_under_a_base_path(page: Page, site_dir: Path, tmp_path: Path) -> None:
    """The same site copied under /reader/ on another host: the popup finds the dictionary there."""
    (tmp_path / "reader").symlink_to(site_dir, target_is_directory=True)
    fetched = dictionary_requests(page)
    with serve_directory(tmp_path) as base:
        goto(page, base, "/reader" + ENGLISH)
        word(page, PASSAGE_WITH_RUN, "qiáng guó").hover()
        expect(tip(page).locator(".lx-pop-g li").first).to_have_text("powerful country")
        assert fetched == [base + "reader/api/dictionary.json"]
        page.goto("about:blank")  # before the server stops: the search worker may still be loading


def test_keyboard_one_tab_stop_per_passage_arrows_and_escape(page: Page, site_server: str) -> None:
    goto(page, site_server, TRADITIONAL)
    stops = page.evaluate(
        """() => [...document.querySelectorAll('article .lx-passage')].map(p =>
                 p.querySelectorAll('ruby.lx-w[tabindex="0"]').length)"""
    )
    words = page.evaluate(
        "() => [...document.querySelectorAll('article .lx-passage')].map(p => p.querySelectorAll('ruby.lx-w').length)"
    )
    assert [min(n, 1) for n in words] == stops  # exactly one tab stop in each passage with Chinese
    assert words[0] > 20  # p1 is a whole Chinese paragraph: many words, still one stop

    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('article #p1 ruby.lx-w')"):
            break
    else:
        raise AssertionError("Tab never reached the words of the Chinese passage")
    first = page.evaluate("document.activeElement.dataset.py")
    expect(tip(page)).to_be_visible()
    expect(tip(page).locator(".lx-pop-py")).to_have_text(first)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    page.keyboard.press("ArrowRight")
    second = page.evaluate("document.activeElement.dataset.py")
    assert page.evaluate("document.activeElement.matches('article #p1 ruby.lx-w')") and second != first
    expect(tip(page).locator(".lx-pop-py")).to_have_text(second)
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "lx-popover"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.dataset.py") == first
    page.keyboard.press("End")
    page.keyboard.press("Escape")
    expect(tip(page)).to_be_hidden()
    assert page.evaluate("document.activeElement.matches('article #p1 ruby.lx-w')")  # focus stays

    # Tab leaves the passage's words (one stop), and Shift+Tab comes back to the last word visited.
    last = page.evaluate("document.activeElement.dataset.py")
    page.keyboard.press("Tab")
    assert not page.evaluate("document.activeElement.matches('article #p1 ruby.lx-w')")
    expect(tip(page)).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.py") == last
    expect(tip(page).locator(".lx-pop-py")).to_have_text(last)


def tap(page: Page, locator) -> None:
    """A finger tap at the middle of ``locator``, as a reader does (``Locator.tap`` may scroll first).
    The element is scrolled to the middle of the screen: "into view" may leave it under the sticky header."""
    locator.evaluate("el => el.scrollIntoView({block: 'center'})")
    box = locator.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_tap_opens_closes_and_stays_on_screen(mobile_page: Page, site_server: str) -> None:
    page = mobile_page
    goto(page, site_server, TRADITIONAL)
    words = page.locator("article .lx-passage#p1 ruby.lx-w:not(.lx-term ruby)")  # words, not terms
    target = words.nth(3)
    target.scroll_into_view_if_needed()
    before = layout(page)
    tap(page, target)
    expect(tip(page)).to_be_visible()
    expect(tip(page).locator(".lx-pop-py")).to_have_text(target.get_attribute("data-py"))
    box = tip(page).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # inside the phone's viewport
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844  # (bounding_box is in viewport coordinates)
    assert layout(page) == before

    tap(page, page.locator("article .lx-passage#p2"))  # elsewhere
    expect(tip(page)).to_be_hidden()
    tap(page, target)
    expect(tip(page)).to_be_visible()
    tap(page, target)  # the same word again: closes
    expect(tip(page)).to_be_hidden()
    tap(page, words.nth(5))
    expect(tip(page).locator(".lx-pop-py")).to_have_text(words.nth(5).get_attribute("data-py"))


def test_popups_after_instant_navigation(page: Page, site_server: str) -> None:
    goto(page, site_server, TRADITIONAL)
    word(page, "article .lx-passage#p1", "wǎng luò").hover()
    expect(tip(page)).to_be_visible()
    mark_document(page)
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Strong Cyber Power").first.click()
    expect(page).to_have_url(site_server + ENGLISH.lstrip("/"))
    assert same_document(page)  # instant navigation, no full load
    expect(tip(page)).to_be_hidden()
    word(page, PASSAGE_WITH_RUN, "qiáng guó").hover()
    expect(tip(page).locator(".lx-pop-py")).to_have_text("qiáng guó")
    assert page.locator(f'{PASSAGE_WITH_RUN} ruby.lx-w[tabindex="0"]').count() == 1  # roving set up again
    assert page.locator("#lx-popover").count() == 1


def chinese_term(page: Page):
    """The first glossary term marked in 002's Chinese paragraph: a run of ruby words."""
    return page.locator("article .lx-passage#p1 .lx-term:has(ruby.lx-w)").first


def entry_text(page: Page, term_id: str, part: str) -> str:
    """A part of the term's entry in the page's own short glossary (what its tooltip copies)."""
    return page.locator(f"#lx-gloss-{term_id} .lx-gloss-{part}").text_content()


def test_glossary_term_wins_over_its_words(page: Page, site_server: str) -> None:
    goto(page, site_server, TRADITIONAL)
    term = chinese_term(page)
    term_id = term.get_attribute("data-term")
    assert term.locator("ruby.lx-w").count() >= 1
    assert term.locator("ruby.lx-w[tabindex]").count() == 0  # its words are no tab stops of their own
    term.locator("ruby.lx-w").first.hover()  # a word inside the term: the term's popover opens
    expect(page.locator("[role=tooltip]:visible")).to_have_count(1)
    expect(tip(page)).to_contain_text(entry_text(page, term_id, "def"))
    expect(tip(page).locator(".lx-pop-py")).to_have_count(0)  # not the word's card
    expect(term).to_have_attribute("aria-describedby", "lx-popover")
    assert page.locator(f"#lx-gloss-{term_id}").count() == 1  # the copy carries no id
    page.mouse.move(5, 880)
    expect(tip(page)).to_be_hidden()

    term.focus()
    expect(tip(page)).to_contain_text(entry_text(page, term_id, "en"))
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Escape")
    expect(tip(page)).to_be_hidden()

    # A word outside every term shows the dictionary.
    outside = word(page, "article .lx-passage#p1", "wǎng luò")
    outside.hover()
    expect(tip(page).locator(".lx-pop-py")).to_have_text("wǎng luò")


def test_term_tap_on_phone(mobile_page: Page, site_server: str) -> None:
    page = mobile_page
    goto(page, site_server, TRADITIONAL)
    term = chinese_term(page)
    term.scroll_into_view_if_needed()
    tap(page, term.locator("ruby.lx-w").last)
    expect(tip(page)).to_contain_text(entry_text(page, term.get_attribute("data-term"), "def"))
    expect(page.locator("[role=tooltip]:visible")).to_have_count(1)
    tap(page, page.locator("article h1"))
    expect(tip(page)).to_be_hidden()


def test_dictionary_file_covers_every_word_on_the_page(page: Page, site_server: str) -> None:
    goto(page, site_server, TRADITIONAL)
    missing = page.evaluate(
        """async () => {
            const entries = await (await fetch('../../api/dictionary.json')).json();
            const key = w => [...w.childNodes].filter(n => n.nodeName !== 'RT')
                .map(n => (n.dataset && n.dataset.s) || n.textContent).join('');
            return [...document.querySelectorAll('article ruby.lx-w')]
                .filter(w => !(entries[key(w)] && entries[key(w)][w.dataset.py]))
                .map(w => key(w) + ' ' + w.dataset.py);
        }"""
    )
    assert missing == []
    assert json.loads(page.evaluate("fetch('../../api/dictionary.json').then(r => r.text())"))["网络"]

"""Teaching in a real browser: range links, "copy link" and "cite" by mouse, keyboard and touch,
assignment pages, and the printed handout (a PDF from chromium, read back with poppler)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT
from lectern.assignments import load_assignments
from lectern.corpus import load_corpus
from lectern.handouts import citation
from lectern.language import HAN

from .conftest import goto, mark_document, same_document

CORPUS = load_corpus(ROOT / "corpus")
SPEECH = CORPUS.source("003-strengthen-cyber-capabilities")  # English, seven passages
ENTRY = CORPUS.source("000-strong-cyber-power")  # English with Chinese terms
(SEED,) = [a for a in load_assignments(CORPUS) if a.slug == "strong-cyber-power-2018"]


def passage(page: Page, element_id: str):
    return page.locator(f'article .lx-passage[id="{element_id}"]')


def targeted(page: Page) -> list[str]:
    return page.locator("article .lx-passage.lx-target").evaluate_all("els => els.map(e => e.id)")


def expect_range(page: Page, ids: list[str]) -> None:
    """Exactly these passages are highlighted, and the first of them is on screen."""
    expect(page.locator("article .lx-passage.lx-target")).to_have_count(len(ids))
    assert targeted(page) == ids
    expect(passage(page, ids[0])).to_be_in_viewport()


def clipboard(page: Page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


# --------------------------------------------------------------------------- ranges


def test_range_link_highlights_and_scrolls_on_first_load(page: Page, site_server: str) -> None:
    goto(page, site_server, f"/sources/{SPEECH.slug}/#p3-p5")
    expect_range(page, ["p3", "p4", "p5"])
    assert page.evaluate("scrollY") > 200, "the page did not scroll to the range"


def test_range_link_from_an_assignment_opens_in_place(page: Page, site_server: str) -> None:
    """The assignment's "read in the whole text" link opens the source by instant navigation,
    with the range highlighted and on screen."""
    goto(page, site_server, f"/assignments/{SEED.slug}/")
    mark_document(page)
    page.get_by_role("link", name="Read passages 3–5 in the whole text").click()
    expect(page).to_have_url(urljoin(site_server, f"sources/{SPEECH.slug}/#p3-p5"))
    expect_range(page, ["p3", "p4", "p5"])
    assert same_document(page), "the source was opened by a full page load"


def test_in_page_range_links_and_back(page: Page, site_server: str) -> None:
    """A range link inside the page moves the highlight (Material follows it with pushState);
    a passage number narrows it to one passage; Back restores the range."""
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    expect(page.locator(".lx-passage.lx-target")).to_have_count(0)
    page.evaluate("""() => { const a = document.createElement('a'); a.href = '#p6-p7'; a.id = 'range-link';
                             a.textContent = 'six to seven'; document.querySelector('article h1').after(a); }""")
    page.locator("#range-link").click()
    expect(page).to_have_url(re.compile("#p6-p7$"))
    expect_range(page, ["p6", "p7"])
    passage(page, "p2").locator("a.lx-pn").click()
    expect_range(page, ["p2"])
    page.go_back()
    expect(page).to_have_url(re.compile("#p6-p7$"))
    expect_range(page, ["p6", "p7"])


@pytest.mark.parametrize("fragment", ["#p5-p3", "#p3-p99", "#p3-", "#nothing"])
def test_a_fragment_that_names_no_range_highlights_nothing(page: Page, site_server: str, fragment: str) -> None:
    goto(page, site_server, f"/sources/{SPEECH.slug}/{fragment}")
    expect(page.locator("article .lx-passage")).to_have_count(len(SPEECH.passages))
    expect(page.locator(".lx-passage.lx-target")).to_have_count(0)


# --------------------------------------------------------------------------- copy link and cite


def test_copy_link_puts_the_absolute_passage_url_on_the_clipboard(clipboard_page: Page, site_server: str) -> None:
    page = clipboard_page
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    passage(page, "p4").hover()
    page.get_by_role("button", name="Copy link to passage 4").click()
    expect(page.get_by_role("status")).to_have_text("Link copied")
    assert clipboard(page) == urljoin(site_server, f"sources/{SPEECH.slug}/#p4")


def test_copy_link_on_an_assignment_gives_the_source_url(clipboard_page: Page, site_server: str) -> None:
    page = clipboard_page
    goto(page, site_server, f"/assignments/{SEED.slug}/")
    element = passage(page, f"{ENTRY.slug}-p2")
    element.hover()
    element.get_by_role("button", name="Copy link to passage 2").click()
    assert clipboard(page) == urljoin(site_server, f"sources/{ENTRY.slug}/#p2")


def test_cite_shows_a_chicago_citation_to_copy(clipboard_page: Page, site_server: str) -> None:
    page = clipboard_page
    source = CORPUS.source("001-build-china-into-a-cyberpower")
    goto(page, site_server, f"/sources/{source.slug}/")
    passage(page, "p3").hover()
    cite = page.get_by_role("button", name="Cite passage 3")
    cite.click()
    expect(cite).to_have_attribute("aria-expanded", "true")
    url = urljoin(site_server, f"sources/{source.slug}/#p3")
    expected = f"{citation(source)} Passage 3. {url}."
    assert expected.startswith("Xi Jinping. “Build China into a Cyberpower.” Speech, February 27, 2014. In Xi Jinping")
    panel = page.get_by_role("group", name="Citation of passage 3")
    expect(panel.locator(".lx-cite__text")).to_have_text(expected)
    copy = panel.get_by_role("button", name="Copy citation")
    expect(copy).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Citation copied")
    assert clipboard(page) == expected
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    expect(cite).to_be_focused()
    expect(cite).to_have_attribute("aria-expanded", "false")


def test_tools_are_reached_by_keyboard_with_a_visible_focus(clipboard_page: Page, site_server: str) -> None:
    page = clipboard_page
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    passage(page, "p2").locator("a.lx-pn").focus()
    page.keyboard.press("Tab")
    link = page.get_by_role("button", name="Copy link to passage 2")
    expect(link).to_be_focused()
    expect(link).to_be_visible()
    # The tools fade in (0.15 s): wait until they are fully shown, failing if they never are.
    page.wait_for_function(
        "el => getComputedStyle(el.parentElement).opacity === '1'", arg=link.element_handle(), timeout=2000
    )
    assert link.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert clipboard(page) == urljoin(site_server, f"sources/{SPEECH.slug}/#p2")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Cite passage 2")).to_be_focused()


def test_tools_stay_out_of_the_way_until_wanted(page: Page, site_server: str) -> None:
    """Hidden tools take no clicks: a click where they would be reaches the text underneath."""
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    page.mouse.move(5, 5)
    tools = passage(page, "p5").locator(".lx-tools")
    assert tools.evaluate("el => getComputedStyle(el).opacity") == "0"
    assert tools.evaluate("el => getComputedStyle(el).pointerEvents") == "none"


def test_touch_copy_link_and_cite(clipboard_phone: Page, site_server: str) -> None:
    """On a phone (no hover) the tools are shown beside each passage and work by tap, also on an
    assignment page, where a tap on the passage number would open the source."""
    page = clipboard_phone
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    button = page.get_by_role("button", name="Copy link to passage 3")
    expect(button).to_be_visible()
    button.tap()
    expect(page.get_by_role("status")).to_have_text("Link copied")
    assert clipboard(page) == urljoin(site_server, f"sources/{SPEECH.slug}/#p3")
    page.get_by_role("button", name="Cite passage 3").tap()
    expect(page.get_by_role("group", name="Citation of passage 3")).to_contain_text("Passage 3.")
    goto(page, site_server, f"/assignments/{SEED.slug}/")
    element = passage(page, f"{ENTRY.slug}-p1")
    element.get_by_role("button", name="Copy link to passage 1").tap()
    assert clipboard(page) == urljoin(site_server, f"sources/{ENTRY.slug}/#p1")
    expect(page).to_have_url(urljoin(site_server, f"assignments/{SEED.slug}/"))


def test_tools_come_back_after_instant_navigation(page: Page, site_server: str) -> None:
    goto(page, site_server, "/sources/")
    page.locator(f'.lx-sources a[href$="{SPEECH.slug}/"]').click()
    expect(page.locator("article .lx-passage")).to_have_count(len(SPEECH.passages))
    expect(page.locator("article .lx-passage .lx-tools")).to_have_count(len(SPEECH.passages))


# --------------------------------------------------------------------------- printed handouts


def pdf_text(page: Page, tmp_path: Path) -> tuple[str, int]:
    """Print the page to PDF as chromium does; its text (poppler's pdftotext) and page count."""
    if not shutil.which("pdftotext"):
        pytest.fail(
            "pdftotext not found: install Debian's poppler-utils (tools/ensure-chromium.sh does)", pytrace=False
        )
    pdf = tmp_path / "handout.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text, text.count("\f")


def squash(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", text)


def printed(passage_text: str, text: str) -> bool:
    """An English passage is in the text word for word; in one with Chinese words, poppler puts
    the lines that carry ruby out of order, so there every word of four letters or more must be."""
    if not re.search(f"[{HAN}]", passage_text):
        return squash(passage_text) in squash(text)
    words = set(re.findall(r"[A-Za-z]+", text))
    return all(w in words for w in re.findall(r"[A-Za-z]{4,}", passage_text))


NAV_TEXT = ["Table of contents", "Skip to content", "Copy link", "Cite", "Credits and licences", "Tones", "Search"]


def test_printed_assignment_is_a_clean_handout(page: Page, site_server: str, tmp_path: Path) -> None:
    goto(page, site_server, f"/assignments/{SEED.slug}/")
    passage(page, f"{SPEECH.slug}-p3").hover()  # tools shown on screen must not print
    text, pages = pdf_text(page, tmp_path)
    assert 2 <= pages <= 5, f"{pages} pages"
    flat = squash(text)
    for source, p in SEED.passages:
        assert printed(p.text, text), f"{source.slug} {p.id} not printed"
    for heading in ("Instructions", "Reading", "Vocabulary", "Questions"):
        assert heading in text
    for question in SEED.meta.questions:
        assert printed(question, text), question
    assert "wǎng" in text and "网" in text  # pinyin is kept over the Chinese
    for chrome in NAV_TEXT:
        assert chrome not in text, f"{chrome!r} printed"
    # links print their address, absolute
    assert squash(urljoin(site_server, f"sources/{SPEECH.slug}/#p3-p5")) in flat
    assert "CSV (spreadsheet)" not in text  # download links are no use on paper


def test_printed_source_keeps_every_passage_and_no_chrome(page: Page, site_server: str, tmp_path: Path) -> None:
    goto(page, site_server, f"/sources/{ENTRY.slug}/")
    text, pages = pdf_text(page, tmp_path)
    assert 1 <= pages <= 6
    for p in ENTRY.passages:
        assert printed(p.text, text), f"{p.id} not printed"
    for chrome in NAV_TEXT + ["Build China into a Cyberpower"]:  # the navigation lists the other sources
        assert chrome not in text, f"{chrome!r} printed"
    assert squash(ENTRY.meta.url) in squash(text)  # the original's address

"""Where the assignment builder's tray and messages sit, what they fetch, and how the students'
handout prints its vocabulary: the tray opens on one page only and never covers the text on a
desktop; on a phone the text can be scrolled clear of it and messages never cover its buttons;
each passage in the tray has its Up/Down/Remove in one row; api/passages.json is fetched only
when the tray is opened; a long Chinese handout prints its vocabulary as a compact two-column
list whose entries never break across pages."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PageMonitor, goto
from .test_builder import tray
from .test_teaching import CORPUS, ENTRY, SPEECH, passage

CHINESE = CORPUS.source("002-internet-governance-with-chinese-characteristics")  # its first passage is Chinese
NOTE = re.compile(r"\[\^[^\]]*\]")  # a note reference in a title
OVERLAPS = """([a, b]) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom"""


@pytest.fixture
def laptop_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A 1280×800 desktop page (the brief's laptop), monitored like the others."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    monitor = PageMonitor(context)
    yield context.new_page()
    context.close()
    monitor.assert_clean()


def toggle(page: Page):
    return tray(page).get_by_role("button", name=re.compile("Assignment draft"))


def add(page: Page, pid: str) -> None:
    element = passage(page, pid)
    element.hover()
    element.get_by_role("button", name=f"Add passage {pid[1:]} to assignment").click()
    expect(element.get_by_role("button", name=f"Remove passage {pid[1:]} from assignment")).to_have_count(1)


def box(locator) -> dict:
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
    )


def overlaps(page: Page, a: dict, b: dict) -> bool:
    return page.evaluate(OVERLAPS, [a, b])


def text_under_tray(page: Page) -> list[str]:
    """Lines of passage text on screen that the tray covers (each line's box, from a Range)."""
    return page.evaluate("""() => {
        const t = document.querySelector('.lx-tray').getBoundingClientRect(), hit = [];
        for (const p of document.querySelectorAll('article .lx-passage p')) {
          const range = document.createRange(); range.selectNodeContents(p);
          for (const r of range.getClientRects())
            if (r.bottom > 0 && r.top < innerHeight && r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom)
              hit.push(p.closest('.lx-passage').id);
        }
        return [...new Set(hit)]; }""")


ON_SCREEN = """() => [...document.querySelectorAll('article .lx-passage')]
    .filter(p => { const r = p.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }).map(p => p.id)"""


# --------------------------------------------------------------------------- the tray's place


def test_the_tray_opens_on_this_page_only_and_keeps_the_draft(laptop_page: Page, site_server: str) -> None:
    page = laptop_page
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    add(page, "p2")
    toggle(page).click()
    tray(page).get_by_label("Title").fill("Week 3")
    expect(toggle(page)).to_have_attribute("aria-expanded", "true")
    # Another page by the site's own navigation (instant: the tray element stays in the document)…
    page.locator(f'.md-nav a[href$="{ENTRY.slug}/"]').first.click()
    expect(page.locator("article h1")).to_contain_text(ENTRY.meta.title)
    expect(toggle(page)).to_have_attribute("aria-expanded", "false")
    expect(tray(page).get_by_label("Title")).to_be_hidden()
    expect(toggle(page)).to_contain_text("(1 passage)")
    toggle(page).click()
    expect(tray(page).get_by_label("Title")).to_have_value("Week 3")  # the draft is kept
    # …and by a full page load.
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    expect(toggle(page)).to_have_attribute("aria-expanded", "false")
    expect(tray(page).locator(".lx-tray__item")).to_be_hidden()
    # Emptied from the open tray, the draft's next passage brings the tray back folded.
    toggle(page).click()
    tray(page).get_by_role("button", name=re.compile(r"^Remove .*passage 2$")).click()
    expect(tray(page)).to_have_count(0)
    add(page, "p3")
    expect(toggle(page)).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_open_tray_never_covers_the_text_on_a_desktop(laptop_page: Page, site_server: str, width: int) -> None:
    page = laptop_page
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    for pid in ("p1", "p2", "p3"):
        add(page, pid)
    assert text_under_tray(page) == [], "the folded tray covers passage text"
    toggle(page).click()
    expect(tray(page).get_by_label("Title")).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight - innerHeight")
    assert height > 800, "the page is expected to scroll"
    seen: set[str] = set()
    for y in range(0, height + 400, 400):  # the whole page, scrolled under the open tray
        page.evaluate("y => scrollTo(0, y)", y)
        page.wait_for_function(
            "y => Math.abs(scrollY - Math.min(y, document.documentElement.scrollHeight - innerHeight)) < 2", arg=y
        )
        assert text_under_tray(page) == [], f"at scrollY {y} the open tray covers passage text"
        seen.update(page.evaluate(ON_SCREEN))
    assert seen == {p.id for p in SPEECH.passages}, "some passages were never on screen"


COVERED = """sel => {
    const m = document.querySelector(sel).getBoundingClientRect(), hit = [];
    const under = r => r.width && r.left < m.right && m.left < r.right && r.top < m.bottom && m.top < r.bottom;
    for (const p of document.querySelectorAll('article .lx-passage p')) {  // each line of text, from a Range
      const range = document.createRange(); range.selectNodeContents(p);
      if ([...range.getClientRects()].some(under)) hit.push(p.closest('.lx-passage').id);
    }
    const controls = '.md-sidebar--secondary .md-nav__link, .lx-tray button, .lx-tray input, .lx-tray textarea, .lx-tray label';
    for (const e of document.querySelectorAll(controls)) {
      const r = e.getBoundingClientRect(), clip = e.closest('.lx-tray__body')?.getBoundingClientRect() || r;
      const shown = new DOMRect(r.x, Math.max(r.top, clip.top), r.width, Math.min(r.bottom, clip.bottom) - Math.max(r.top, clip.top));
      if (e.checkVisibility() && shown.height > 0 && under(shown)) hit.push(e.textContent.trim() || e.name);  // scrolled in view
    }
    return [...new Set(hit)]; }"""


@pytest.mark.parametrize("width", [1280, 1024])
def test_on_a_desktop_messages_cover_no_text(laptop_page: Page, site_server: str, width: int) -> None:
    """The builder's messages ("Added to the assignment draft", 2.5 s) stand at the foot of the
    right-hand column: before the tray is there, above the folded tray, and in the band the open
    tray keeps at its foot; they covered a line of the text in the middle of the screen."""
    page = laptop_page
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    status = page.locator(".lx-status")
    page.evaluate("scrollTo(0, 300)")  # the text fills the screen, to its foot

    def uncovered(when: str) -> None:
        expect(status).to_have_class(re.compile("lx-status--shown"))
        expect(status).to_have_css("opacity", "1")
        assert page.evaluate(COVERED, ".lx-status") == [], f"{when}: the message covers text"

    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    add(page, "p3")  # the first: the tray is loaded after the message is shown
    uncovered("the first passage added")
    expect(toggle(page)).to_be_visible()
    uncovered("the tray appeared")
    add(page, "p4")
    uncovered("the tray folded")
    toggle(page).click()
    expect(tray(page).get_by_label("Title")).to_be_visible()
    add(page, "p5")
    expect(status).to_have_text("Added to the assignment draft")
    uncovered("the tray open")
    tray(page).get_by_label("Title").fill("Week 3")
    tray(page).get_by_role("button", name="Save").click()
    tray(page).get_by_role("button", name="Copy YAML").scroll_into_view_if_needed()
    tray(page).get_by_role("button", name="Copy YAML").click()
    expect(status).to_have_text(re.compile("YAML"))
    uncovered("the tray open and saved")


def test_on_a_phone_the_text_scrolls_clear_of_the_open_tray(mobile_page: Page, site_server: str) -> None:
    page = mobile_page
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    passage(page, "p2").get_by_role("button", name="Add passage 2 to assignment").tap()
    toggle(page).tap()
    expect(tray(page).get_by_label("Title")).to_be_visible()
    sheet = box(tray(page))
    assert sheet["top"] > 844 * 0.25, "the open tray leaves part of the page to read"
    page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => innerHeight + scrollY >= document.documentElement.scrollHeight - 1")
    end = box(page.locator("article.md-content__inner"))  # the page's text ends above the tray
    assert end["bottom"] <= box(tray(page))["top"] + 1, "the end of the page stays under the open tray"


def test_on_a_phone_messages_never_cover_the_trays_buttons(clipboard_phone: Page, site_server: str) -> None:
    page = clipboard_phone
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    passage(page, "p2").get_by_role("button", name="Add passage 2 to assignment").tap()
    status = page.locator(".lx-status")
    expect(status).to_have_class(re.compile("lx-status--shown"))
    assert not overlaps(page, box(status), box(toggle(page))), "the message covers the folded tray"

    def uncovered(when: str) -> None:
        expect(status).to_have_class(re.compile("lx-status--shown"))
        message = box(status)
        for button in tray(page).get_by_role("button").all():
            if button.is_visible():
                assert not overlaps(page, message, box(button)), f"{when}: the message covers {button.inner_text()!r}"

    toggle(page).tap()
    passage(page, "p1").get_by_role("button", name="Add passage 1 to assignment").tap()  # a message, the tray open
    uncovered("adding a passage")
    tray(page).get_by_label("Title").fill("Week 3")
    tray(page).get_by_role("button", name="Save").tap()
    expect(tray(page).get_by_label("Link for students")).not_to_have_value("")
    tray(page).get_by_role("button", name="Copy link").tap()
    expect(status).to_have_text("Link copied")
    uncovered("copying the link")


def test_up_down_and_remove_make_one_row_under_each_passage_at_390px(mobile_page: Page, site_server: str) -> None:
    page = mobile_page
    goto(page, site_server, f"/sources/{SPEECH.slug}/")  # a long title: the names take two lines
    for pid in ("p2", "p3", "p4"):
        passage(page, pid).get_by_role("button", name=f"Add passage {pid[1:]} to assignment").tap()
    toggle(page).tap()
    rows = tray(page).locator(".lx-tray__list li")
    expect(rows).to_have_count(3)
    edge = box(tray(page))
    lefts = set()
    for row in rows.all():
        name = box(row.locator(".lx-tray__item"))
        buttons = [
            box(row.get_by_role("button", name=re.compile(f"^{what}")))
            for what in ("Move .* up", "Move .* down", "Remove")
        ]
        tops = {round(b["top"]) for b in buttons}
        assert len(tops) == 1, f"Up, Down and Remove are not in one row: {buttons}"
        assert all(b["top"] >= name["bottom"] - 1 for b in buttons), "a button beside the passage's name"
        assert buttons[0]["right"] <= buttons[1]["left"] and buttons[1]["right"] <= buttons[2]["left"]
        assert buttons[2]["right"] <= edge["right"], "a button runs off the tray"
        lefts.add(round(buttons[0]["left"]))
    assert len(lefts) == 1, "the rows of buttons do not line up"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


# --------------------------------------------------------------------------- what it fetches


def test_passages_json_is_fetched_only_when_the_tray_opens(page: Page, site_server: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("/api/passages.json") else None)
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    add(page, "p2")
    page.goto(f"{site_server}sources/{ENTRY.slug}/", wait_until="networkidle")  # a page view with a draft
    expect(toggle(page)).to_contain_text("(1 passage)")
    assert fetched == [], "a page view with the tray folded fetched api/passages.json"
    with page.expect_request(re.compile(r"/api/passages\.json$")):
        toggle(page).click()
    expect(tray(page).locator(".lx-tray__item")).to_have_text(
        [f"{NOTE.sub('', SPEECH.meta.title)}, passage 2"]
    )  # its title, from the file


# --------------------------------------------------------------------------- the printed vocabulary


def fold(text: str) -> str:
    """Text without the spaces, line breaks and dashes that layout adds; page breaks (\\f) kept."""
    return re.sub(r"[ \t\r\n—]+", "", unicodedata.normalize("NFC", text))


def test_a_long_chinese_handout_prints_its_vocabulary_compactly(page: Page, site_server: str, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.fail(
            "pdftotext not found: install Debian's poppler-utils (tools/ensure-chromium.sh does)", pytrace=False
        )
    goto(page, site_server, "/assignments/")
    ref = f"{CHINESE.slug}#{CHINESE.passages[0].id}-{CHINESE.passages[-1].id}"
    fragment = page.evaluate(
        "async r => (await lectern.assets('teacher-link.js'), lxAssign.encode({t: 'Internet governance', p: [r]}))", ref
    )
    page.goto(f"{site_server}assignments/shared/#{fragment}", wait_until="load")
    rows = page.locator(".lx-shared .lx-vocabulary tbody tr")
    expect(rows.first).to_be_attached()
    entries = rows.evaluate_all("trs => trs.map(tr => [...tr.cells].map(td => td.textContent))")
    assert len(entries) > 40, "a long vocabulary is expected"

    page.emulate_media(media="print")
    sizes = page.evaluate("""() => {
        const px = (el) => parseFloat(getComputedStyle(el).fontSize);
        const rows = document.querySelectorAll('.lx-vocabulary tbody tr');
        return {text: px(document.querySelector('article.md-typeset')), cells: [...rows[0].cells].map(px)}; }""")
    assert min(sizes["cells"]) >= 8 / 0.75, f"printed vocabulary smaller than 8 pt: {sizes}"
    assert sizes["cells"][1] >= sizes["text"], f"the Chinese is smaller than the handout's text: {sizes}"

    pdf = tmp_path / "handout.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    start = re.search(r"(?:^|\f)Vocabulary$", text, re.M).end() - len("Vocabulary")  # the heading
    folded = fold(text[start:])
    first_page = text[:start].count("\f")
    at = 0
    for headword, chinese, pinyin, definition in entries:
        entry = fold(headword + chinese + pinyin + definition)
        found = folded.find(entry, at)
        assert found >= 0, f"{chinese} {headword!r} is not printed whole on one page"
        at = found + len(entry)
    last_page = first_page + folded[:at].count("\f")
    pages = last_page - first_page + 1
    most = math.ceil(len(entries) / 30) + 1  # a full page holds 30 entries or more (a table held about 14)
    assert pages <= most, f"{len(entries)} words take {pages} printed pages (at most {most})"

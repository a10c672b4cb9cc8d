"""What a reader does on the built site, in a real browser.

Each test drives the real site (built once with ``mkdocs build --strict`` and served
on 127.0.0.1) the way a reader does — clicking, tapping, tabbing, searching, copying —
and asserts on what the reader gets: the address bar, the highlighted passage, what
is on screen, the search results, the clipboard. Every page is monitored (see
conftest.py): a request leaving the machine, an uncaught script error or a console
error fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from conftest import ROOT
from lectern.corpus import Source, load_corpus

from .conftest import DESKTOP_CONTEXT, _monitored_page, goto, mark_document, reader_text, same_document

CORPUS = load_corpus(ROOT / "corpus")
SOURCES = CORPUS.sources
ENGLISH = CORPUS.source("000-strong-cyber-power")  # English, with simplified runs such as 网络强国
TRADITIONAL = CORPUS.source("002-internet-governance-with-chinese-characteristics")  # one zh-Hant passage
WITH_NOTE = CORPUS.source("001-build-china-into-a-cyberpower")  # note marker 1 sits in p9


# --------------------------------------------------------------------------- helpers


def source_path(source: Source) -> str:
    return f"/sources/{source.slug}/"


def url_of(base_url: str, path: str) -> str:
    return urljoin(base_url, path.lstrip("/"))


def heading(page: Page) -> Locator:
    return page.locator("article h1")


def passage(page: Page, passage_id: str) -> Locator:
    return page.locator(f"article .lx-passage#{passage_id}")


def passage_number(page: Page, passage_id: str) -> Locator:
    """The passage's visible number, which is its own permalink."""
    return passage(page, passage_id).locator("a.lx-pn")


def index_link(page: Page, source: Source) -> Locator:
    """The link to ``source`` in the table of the sources index (Material may make it absolute)."""
    return page.locator(f'.lx-sources table a[href$="{source.slug}/"]')


def expect_source_shown(page: Page, source: Source) -> None:
    """The page on screen is ``source``: its title and all its passages."""
    expect(heading(page)).to_contain_text(source.title)
    expect(page.locator("article .lx-passage")).to_have_count(len(source.passages))


def expect_targeted(page: Page, passage_id: str) -> None:
    """The address bar names the passage, it alone is highlighted, and it is on screen."""
    expect(page).to_have_url(re.compile(f"#{passage_id}$"))
    expect(passage(page, passage_id)).to_have_class(re.compile(r"\blx-target\b"))
    expect(page.locator(".lx-passage.lx-target")).to_have_count(1)
    expect(passage(page, passage_id)).to_be_in_viewport()


def has_visible_outline(element: Locator) -> bool:
    """The element's computed outline is drawn: a style, a width and a colour that shows."""
    return element.evaluate(
        """el => {
            const s = getComputedStyle(el);
            return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
                && !/^rgba\\(.*,\\s*0\\)$|^transparent$/.test(s.outlineColor);
        }"""
    )


def normalise(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- loading pages


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Strong Cyber Power Reader"),
        ("/sources/", "Sources"),
        ("/about/", "Credits and licences"),
        ("/404.html", "404 - Not found"),
    ],
    ids=["home", "sources", "about", "404"],
)
def test_page_loads_cleanly(page: Page, site_server: str, path: str, title: str) -> None:
    """Each page shows its heading, and (checked by the fixture) loads nothing from
    outside the site and raises no errors."""
    goto(page, site_server, path)
    expect(heading(page)).to_be_visible()
    expect(heading(page)).to_contain_text(title)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.slug)
def test_source_page_shows_every_passage(page: Page, site_server: str, source: Source) -> None:
    """A source page shows its title and every passage of the source, the first one on screen."""
    goto(page, site_server, source_path(source))
    expect(heading(page)).to_be_visible()
    expect_source_shown(page, source)
    first = passage(page, source.passages[0].id)
    expect(first).to_be_in_viewport()
    assert source.passages[0].text[:40] in reader_text(first)


# --------------------------------------------------------------------------- permalinks


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.slug)
def test_clicking_a_passage_number_links_to_the_passage(page: Page, site_server: str, source: Source) -> None:
    """Clicking a passage number puts its permalink in the address bar and highlights the passage."""
    third = source.passages[2].id
    goto(page, site_server, source_path(source))
    passage_number(page, third).click()
    expect_targeted(page, third)


def test_clicking_another_passage_number_moves_the_highlight(page: Page, site_server: str) -> None:
    """Clicking a second passage number moves the highlight to that passage, and Back moves
    it back. (Material follows in-page links with pushState, which fires no hashchange.)"""
    third, fifth = ENGLISH.passages[2].id, ENGLISH.passages[4].id
    goto(page, site_server, source_path(ENGLISH))
    passage_number(page, third).click()
    expect_targeted(page, third)
    passage_number(page, fifth).click()
    expect_targeted(page, fifth)
    page.go_back()
    expect_targeted(page, third)


def test_deep_link_opens_on_the_passage(page: Page, site_server: str) -> None:
    """Opening a passage's permalink directly scrolls to the passage and highlights it."""
    fifth = ENGLISH.passages[4].id
    goto(page, site_server, f"{source_path(ENGLISH)}#{fifth}")
    expect_targeted(page, fifth)


def test_passage_numbers_work_from_the_keyboard(page: Page, site_server: str) -> None:
    """Tab reaches a passage number, shows a focus ring on it, and Enter follows its permalink."""
    goto(page, site_server, source_path(ENGLISH))
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.lx-pn')"):
            break
    else:
        pytest.fail("60 presses of Tab never reached a passage number")
    focused = page.locator("a.lx-pn:focus")
    passage_id = focused.evaluate("el => el.closest('.lx-passage').id")
    assert has_visible_outline(focused), "no visible focus ring on the passage number"

    page.keyboard.press("Enter")
    expect_targeted(page, passage_id)


# --------------------------------------------------------------------------- instant navigation


def test_sources_index_opens_a_source_in_place(page: Page, site_server: str) -> None:
    """A source picked in the index opens without a page reload, its passage numbers still
    highlight their passage, and Back walks back through the permalink to the index."""
    source = WITH_NOTE
    goto(page, site_server, "/sources/")
    mark_document(page)

    index_link(page, source).click()
    page.wait_for_url(url_of(site_server, source_path(source)))
    expect_source_shown(page, source)
    assert same_document(page), "the source was opened by a full page load"

    third = source.passages[2].id
    passage_number(page, third).click()
    expect_targeted(page, third)

    page.go_back()
    expect(page).to_have_url(url_of(site_server, source_path(source)))
    expect(page.locator(".lx-passage.lx-target")).to_have_count(0)
    page.go_back()
    expect(page).to_have_url(url_of(site_server, "/sources/"))
    expect(heading(page)).to_contain_text("Sources")
    expect(index_link(page, source)).to_be_visible()
    assert same_document(page), "Back reloaded the index"


def test_navigation_opens_the_sources_index_in_place(page: Page, site_server: str) -> None:
    """The "Sources" entry of the site navigation shows the index without a reload, and its
    links still work afterwards."""
    goto(page, site_server, "/about/")
    mark_document(page)
    page.locator(".md-nav--primary a.md-nav__link", has_text="Sources").click()
    expect(page).to_have_url(url_of(site_server, "/sources/"))
    expect(heading(page)).to_contain_text("Sources")

    index_link(page, ENGLISH).click()
    expect(page).to_have_url(url_of(site_server, source_path(ENGLISH)))
    expect_source_shown(page, ENGLISH)
    assert same_document(page), "a page was reloaded"


def test_touch_opens_a_source_and_a_passage(mobile_page: Page, site_server: str) -> None:
    """On a phone, tapping a source in the index opens it, and tapping a passage number
    links to the passage and highlights it."""
    page, source = mobile_page, ENGLISH
    goto(page, site_server, "/sources/")
    index_link(page, source).tap()
    page.wait_for_url(url_of(site_server, source_path(source)))
    expect_source_shown(page, source)

    third = source.passages[2].id
    passage_number(page, third).tap()
    expect_targeted(page, third)


@pytest.mark.parametrize(
    "path",
    ["/", "/sources/", "/about/", source_path(ENGLISH)],
    ids=["home", "sources", "about", "source"],
)
def test_footer_links_to_the_credits(page: Page, site_server: str, path: str) -> None:
    """The "Credits and licences" link in the footer of every page leads to /about/."""
    goto(page, site_server, path)
    link = page.locator(".md-copyright a", has_text="Credits and licences")
    assert link.evaluate("a => a.href") == url_of(site_server, "/about/")


# --------------------------------------------------------------------------- search


def search(page: Page, query: str) -> Locator:
    """Type ``query`` into Material's search box; return the links of the results.

    Characters missing from a US keyboard arrive as input events only, as from an
    IME; Material reads the query on keyup, so an End key (which leaves the text as
    it is) stands in for the keystroke that commits the IME's text.
    """
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query)
    box.press("End")
    return page.locator(".md-search-result__item > .md-search-result__link")


@pytest.mark.parametrize(
    ("query", "source"),
    [("cyberpower", None), ("网络强国", ENGLISH), ("網絡強國", TRADITIONAL)],
    ids=["english", "simplified", "traditional"],
)
def test_search_finds_sources(page: Page, site_server: str, query: str, source: Source | None) -> None:
    """Search finds source pages by English words, and by Chinese words in either script."""
    goto(page, site_server, "/")
    results = search(page, query)
    wanted = url_of(site_server, source_path(source) if source else "/sources/")
    expect(results.and_(page.locator(f'[href^="{wanted}"]')).first).to_be_visible()


# --------------------------------------------------------------------------- copying


@pytest.fixture
def clipboard_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop page allowed to read and write the clipboard, checked like ``page``."""
    yield from _monitored_page(browser, request, **DESKTOP_CONTEXT, permissions=["clipboard-read", "clipboard-write"])


@pytest.mark.parametrize(
    ("source", "first", "last"),
    [(ENGLISH, 0, 1), (WITH_NOTE, 7, 8)],
    ids=["p1-p2", "p8-p9-with-note"],
)
def test_copying_passages_copies_their_text_only(
    clipboard_page: Page, site_server: str, source: Source, first: int, last: int
) -> None:
    """Selecting whole passages and pressing Ctrl+C copies their text, without the passage
    numbers and note markers shown in the page."""
    page = clipboard_page
    start, end = source.passages[first], source.passages[last]
    goto(page, site_server, source_path(source))
    page.evaluate(
        """([start, end]) => {
            const range = document.createRange();
            range.setStartBefore(document.getElementById(start));
            range.setEndAfter(document.getElementById(end));
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        [start.id, end.id],
    )
    page.keyboard.press("Control+C")
    copied = page.evaluate("navigator.clipboard.readText()")

    assert not copied.lstrip().startswith(start.label), f"passage number copied: {copied[:40]!r}"
    expected = " ".join(p.text for p in source.passages[first : last + 1])
    assert normalise(copied) == normalise(expected)


# --------------------------------------------------------------------------- language


def test_traditional_passage_is_marked_traditional(page: Page, site_server: str) -> None:
    """The browser (fonts, screen readers) takes the traditional passage as zh-Hant."""
    traditional = [p for p in TRADITIONAL.passages if p.language == "zh-Hant"]
    assert traditional, "the corpus no longer has a traditional passage"
    goto(page, site_server, source_path(TRADITIONAL))
    element = passage(page, traditional[0].id)
    assert "網絡強國" in reader_text(element)
    assert element.evaluate("el => el.lang") == "zh-Hant"
    assert element.locator("p").evaluate("el => el.matches(':lang(zh-Hant)')")


def test_simplified_run_in_english_is_marked_simplified(page: Page, site_server: str) -> None:
    """A simplified Chinese phrase inside English prose is taken as zh-Hans, not English."""
    goto(page, site_server, source_path(ENGLISH))
    runs = page.locator('article .lx-passage span[lang="zh-Hans"]')
    expect(runs.first).to_be_visible()
    run = next(r for r in runs.all() if reader_text(r) == "网络强国")
    assert run.evaluate("el => el.matches(':lang(zh-Hans)') && !el.matches(':lang(en)')")

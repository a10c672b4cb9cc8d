"""Charts people can use (issue 19): every mark of the timeline, the term-use chart and the parallels
matrix links to what it shows; at 390 px no page scrolls sideways and no chart label is under 11 px
(the timeline gives way to the table of sources there); 002's first passage starts on the first
screen of a desktop and of a phone, under a header that shows no percent-encoded address."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from lectern.corpus import load_corpus

from .conftest import DESKTOP_CONTEXT, PageMonitor, goto, mark_document, same_document

ROOT = Path(__file__).resolve().parents[2]
CORPUS = load_corpus(ROOT / "corpus")
SOURCES = {s.slug: s for s in CORPUS.sources}
ARTICLE_002 = "/sources/002-internet-governance-with-chinese-characteristics/"
CHART_PAGES = ["/sources/", "/glossary/strong-cyber-power/", "/glossary/belt-and-road/", "/parallels/"]
CHARTS = "svg.lx-timeline, svg.lx-usage-chart, svg.lx-matrix"

# Rendered size of every label of the visible charts: font size times the SVG's scale on screen.
LABEL_SIZES = """() => [...document.querySelectorAll(arguments_selector)]
  .filter(svg => svg.getClientRects().length)
  .flatMap(svg => [...svg.querySelectorAll('text')].map(t => ({
      chart: svg.getAttribute('class'), text: t.textContent,
      px: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a})))"""


def label_sizes(page: Page) -> list[dict]:
    return page.evaluate(LABEL_SIZES.replace("arguments_selector", repr(CHARTS)))


def sideways_scroll(page: Page) -> int:
    """How far the page scrolls sideways (0 when it does not)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("LECTERN_ARTEFACTS") or tmp_path_factory.mktemp("charts"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"chart screenshots: {folder}")
    return folder


# --------------------------------------------------------------------------- links


def test_timeline_marks_open_their_sources_after_instant_navigation(page: Page, site_server: str) -> None:
    goto(page, site_server, "/")
    mark_document(page)
    page.locator('.md-nav--primary a.md-nav__link[href$="sources/"]').first.click()
    expect(page.locator("svg.lx-timeline")).to_be_visible()
    assert same_document(page), "the Sources page should open by instant navigation"
    marks = page.locator("svg.lx-timeline a")
    assert marks.count() == len(CORPUS.sources)
    for i, source in enumerate(CORPUS.sources):
        if i:
            goto(page, site_server, "/sources/")
        page.locator("svg.lx-timeline a").nth(i).locator("text").click()  # dots of one month overlap; labels never
        expect(page).to_have_url(re.compile(f"/sources/{source.slug}/$"))
        expect(page.locator("article h1")).to_contain_text(source.title[:20])
    # instant navigation still works after a chart's link was followed
    mark_document(page)
    page.locator(".md-nav a.md-nav__link", has_text="Parallels").first.click()
    expect(page.locator("svg.lx-matrix")).to_be_visible()
    assert same_document(page)


def test_term_use_rows_open_their_concordance_lines_or_the_source(page: Page, site_server: str) -> None:
    goto(page, site_server, "/glossary/belt-and-road/")
    rows = page.locator("svg.lx-usage-chart a")
    assert rows.count() == len(CORPUS.sources)
    used = unused = 0
    for i, source in enumerate(CORPUS.sources):
        goto(page, site_server, "/glossary/belt-and-road/")
        row = page.locator("svg.lx-usage-chart a").nth(i)
        uses = int(row.locator("text").text_content().split(" · ")[0])
        row.locator("text").click()
        if uses:
            used += 1
            expect(page).to_have_url(re.compile(f"#uses-{source.slug}$"))
            group = page.locator(f"#uses-{source.slug}")
            expect(group).to_be_in_viewport()
            lines = group.locator("xpath=following-sibling::ol[1]/li")
            expect(lines).to_have_count(uses)
            expect(lines.first.locator("a.lx-kwic-ref")).to_have_attribute(
                "href", re.compile(f"sources/{source.slug}/#")
            )
        else:
            unused += 1
            expect(page).to_have_url(re.compile(f"/sources/{source.slug}/$"))
    assert used and unused  # belt-and-road is used in one source only: both kinds of row were clicked


def test_matrix_cells_open_their_parallels_and_labels_their_sources(page: Page, site_server: str) -> None:
    goto(page, site_server, "/parallels/")
    cells = page.locator("svg.lx-matrix a:has(rect)")
    assert cells.count() >= 10
    for i in range(cells.count()):
        cell = page.locator("svg.lx-matrix a:has(rect)").nth(i)
        count = int(cell.locator("text").text_content())
        anchor = cell.get_attribute("xlink:href")
        cell.locator("rect").click()
        expect(page).to_have_url(re.compile(re.escape(anchor) + "$"))
        group = page.locator(anchor)
        expect(group).to_be_in_viewport()
        expect(group).to_contain_text(f"({count})")
        # the group's rows: one per parallel, each with its compare view
        rows = group.locator("xpath=following-sibling::tr").evaluate_all(
            "rows => { const out = []; for (const r of rows) { if (r.classList.contains('lx-par-group')) break; out.push(r); } return out.length; }"
        )
        assert rows == count
    label = page.locator("svg.lx-matrix a:has(text.lx-mx-label)").first
    label.click()
    expect(page).to_have_url(re.compile(f"/sources/{CORPUS.sources[0].slug}/$"))


def test_chart_links_work_from_the_keyboard(page: Page, site_server: str) -> None:
    goto(page, site_server, "/sources/")
    page.locator("svg.lx-timeline a").first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/sources/{CORPUS.sources[0].slug}/$"))


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "path", [*CHART_PAGES, "/", ARTICLE_002, "/guide/readers/", "/guide/teachers/", "/guide/editors/"]
)
def test_no_sideways_scroll_at_390(mobile_page: Page, site_server: str, path: str) -> None:
    goto(mobile_page, site_server, path)
    assert sideways_scroll(mobile_page) == 0


@pytest.mark.parametrize("path", CHART_PAGES)
def test_chart_labels_are_legible_at_390(mobile_page: Page, site_server: str, path: str, artefacts: Path) -> None:
    goto(mobile_page, site_server, path)
    sizes = label_sizes(mobile_page)
    small = [s for s in sizes if s["px"] < 11]
    assert small == [], small[:5]
    if path == "/sources/":
        # the timeline gives way to the table, which lists and links every source
        expect(mobile_page.locator("svg.lx-timeline")).to_be_hidden()
        links = mobile_page.locator(".lx-sources table a")
        expect(links).to_have_count(len(CORPUS.sources))
        # …and fits: neither the table nor Material's scrolling wrapper around it scrolls sideways
        assert (
            mobile_page.locator(".lx-sources").evaluate(
                "el => [el, ...el.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1"
                " && getComputedStyle(e).overflowX !== 'visible').map(e => e.className)"
            )
            == []
        )
    else:
        assert sizes, "the chart is shown"
        chart = mobile_page.locator(CHARTS).first
        chart.screenshot(path=str(artefacts / f"chart-390{path.replace('/', '-')}.png".replace("-.png", ".png")))


def test_chart_labels_are_legible_on_a_desktop(page: Page, site_server: str) -> None:
    for path in CHART_PAGES:
        goto(page, site_server, path)
        sizes = label_sizes(page)
        assert sizes and min(s["px"] for s in sizes) >= 11, (path, sorted(sizes, key=lambda s: s["px"])[:3])


def test_timeline_is_shown_on_a_desktop_and_hidden_on_a_phone(page: Page, mobile_page: Page, site_server: str) -> None:
    goto(page, site_server, "/sources/")
    expect(page.locator("svg.lx-timeline")).to_be_visible()
    goto(mobile_page, site_server, "/sources/")
    expect(mobile_page.locator("svg.lx-timeline")).to_be_hidden()


# --------------------------------------------------------------------------- 002 above the fold


@pytest.fixture
def short_desktop(browser: Browser) -> Iterator[Page]:
    """A 1280×800 desktop page (a common laptop), monitored like the others."""
    context = browser.new_context(**{**DESKTOP_CONTEXT, "viewport": {"width": 1280, "height": 800}})
    monitor = PageMonitor(context)
    yield context.new_page()
    context.close()
    monitor.assert_clean()


def first_line_bottom(page: Page) -> float:
    """Where the first line of passage 1's text ends, from the top of the window."""
    return page.locator("#p1").evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el.querySelector('p'));"
        " return r.getClientRects()[0].bottom; }"
    )


@pytest.mark.parametrize("which", ["desktop", "phone"])
def test_002_passage_1_starts_on_the_first_screen(
    short_desktop: Page, mobile_page: Page, site_server: str, which: str, artefacts: Path
) -> None:
    page = short_desktop if which == "desktop" else mobile_page
    goto(page, site_server, ARTICLE_002)
    height = page.viewport_size["height"]
    assert first_line_bottom(page) <= height, "the first line of passage 1 is below the fold"
    visible = page.locator("article .lx-meta").evaluate("el => el.innerText")
    assert not re.search(r"%[0-9a-fA-F]{2}", visible), visible
    page.screenshot(path=str(artefacts / f"002-{which}.png"))


def test_002_full_record_is_one_click_away(page: Page, site_server: str) -> None:
    goto(page, site_server, ARTICLE_002)
    record = page.locator("article .lx-meta dl")
    expect(record).to_be_hidden()
    page.locator("article .lx-meta summary").click()
    expect(record).to_be_visible()
    source = SOURCES["002-internet-governance-with-chinese-characteristics"]
    original = record.locator("dd a[rel=noopener]")
    expect(original).to_have_attribute("href", source.meta.url)
    assert "%" not in original.inner_text() and original.inner_text() == "reddragon1949.com"
    expect(record).to_contain_text(source.meta.affiliation)
    expect(record).to_contain_text("Xu Shan")


def test_002_record_prints_unfolded(page: Page, site_server: str) -> None:
    goto(page, site_server, ARTICLE_002)
    expect(page.locator("article .lx-meta dl")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator("article .lx-meta dl")).to_be_visible()
    expect(page.locator("article .lx-meta summary")).to_be_hidden()
    # a printed page carries the original's full address (print.css writes it after the link)
    after = page.locator("article .lx-meta dd a[rel=noopener]").evaluate("a => getComputedStyle(a, '::after').content")
    assert "reddragon1949.com/chinas-informatization" in after

"""Chinese that reads like a good graded reader (issue 16), measured in the browser.

The site of these tests is the real project plus two real Chinese news reports of several
paragraphs (``tests/data/typography_zh_*.md``, Xinhua, not part of the public corpus) and an
assignment of Chinese passages (``tests/data/typography_assignment.yml``), built once. On every
Chinese passage of its pages, and on every compare view with a Chinese side, at 390 and 1280 px:

- line fill: at most 5% of the lines that are not a paragraph's last end before 85% of the column;
- line breaking: only between words (no word and no number group such as 2014年2月27日 split), no
  line starting with ，。、；：？！」』）… nor ending with 「『（…;
- readings: at least 0.25 em of the pinyin's size between the glyphs of neighbouring readings,
  measured with a Range on the text (an ``<rt>`` box is as wide as its base), each centred in its
  column, at least 11 px;
- no sideways scrolling.

``typography.js`` does the measuring (``bench/typography.py`` reports the same figures). Screenshots
of a phone and a desktop passage and a page of the printed handout are saved as artefacts, in
``$LECTERN_ARTEFACTS`` or else a temporary folder (the path is printed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT, copy_project

from .conftest import DESKTOP_CONTEXT, MOBILE_CONTEXT, _monitored_page, goto, serve_directory
from .test_layout import OBSERVE, unexpected_shifts
from .typography import Summary, measure

DATA = ROOT / "tests" / "data"
EXTRA_SOURCES = {"900-xi-online-zh.md": "typography_zh_online.md", "901-review-zh.md": "typography_zh_review.md"}
ASSIGNMENT = "chinese-news-week-2"
ARTICLE = "/sources/900-xi-online-zh/"
VIEWPORTS = {"phone": MOBILE_CONTEXT, "desktop": {**DESKTOP_CONTEXT, "viewport": {"width": 1280, "height": 800}}}


# --------------------------------------------------------------------------- the site


@pytest.fixture(scope="session")
def typography_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def typography_site(tmp_path_factory: pytest.TempPathFactory, typography_port: int) -> Path:
    """The project with the Chinese test articles and assignment, built with ``mkdocs build --strict``."""
    project = copy_project(tmp_path_factory.mktemp("typography") / "project")
    for name, data in EXTRA_SOURCES.items():
        shutil.copy(DATA / data, project.sources / name)
    shutil.copy(DATA / "typography_assignment.yml", project.root / "corpus" / "assignments" / f"{ASSIGNMENT}.yml")
    cache = ROOT / ".cache" / "lectern"
    if cache.is_dir():  # readings are cached by content: the seed's need not be read again
        shutil.copytree(cache, project.root / ".cache" / "lectern")
    site = project.root / "site"
    result = project.build(site, f"http://127.0.0.1:{typography_port}/")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def typography_server(typography_site: Path, typography_port: int) -> Iterator[str]:
    with serve_directory(typography_site, typography_port) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = (
        Path(os.environ["LECTERN_ARTEFACTS"])
        if os.environ.get("LECTERN_ARTEFACTS")
        else tmp_path_factory.mktemp("artefacts")
    )
    folder.mkdir(parents=True, exist_ok=True)
    print(f"typography artefacts: {folder}")
    return folder


def chinese_pages(site: Path) -> list[str]:
    """Every page with a Chinese passage, and every compare view with a Chinese side."""
    pages = []
    for html in sorted(site.glob("*/*/index.html")):
        if re.search(r'class="lx-passage[^"]*"[^>]*lang="zh', html.read_text(encoding="utf-8")):
            pages.append("/" + html.parent.relative_to(site).as_posix() + "/")
    passages = json.loads((site / "api" / "passages.json").read_text(encoding="utf-8"))["passages"]
    chinese = {(p["source"], p["id"]) for p in passages if p["language"].startswith("zh")}
    for view in sorted((site / "api" / "compare").rglob("*.json")):
        for pair in json.loads(view.read_text(encoding="utf-8")):
            a, b = pair.split("--")
            if any((slug, pid) in chinese for slug, pid in (side.rsplit("-", 1) for side in (a, b))):
                pages.append(f"/compare/#{pair}")
    return pages


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def reader(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    yield from _monitored_page(browser, request, **VIEWPORTS[request.param])


def width_of(page: Page) -> int:
    return page.viewport_size["width"]


# --------------------------------------------------------------------------- on screen


def measure_pages(page: Page, base: str, paths: list[str], ragged: Summary | None = None) -> Summary:
    """The typography of the pages; ``ragged`` gets the same lines set ragged (before justification)."""
    summary = Summary()
    for path in paths:
        goto(page, base, path)
        measured = measure(page)
        # the layout viewport of a phone grows with content that overflows: compare with the device
        assert measured["width"] == width_of(page), f"{path}: the page is {measured['width']} px wide"
        summary.add(measured)
        if ragged is not None:
            ragged.add(measure(page, natural=True))
    return summary


def test_chinese_passages_fill_their_lines_and_keep_pinyin_apart(
    reader: Page, typography_server: str, typography_site: Path, artefacts: Path
) -> None:
    paths = chinese_pages(typography_site)
    assert ARTICLE in paths and f"/assignments/{ASSIGNMENT}/" in paths and any("/compare/" in p for p in paths)
    ragged = Summary()
    s = measure_pages(reader, typography_server, paths, ragged)
    assert s.blocks >= 20 and s.lines >= 40 and s.pairs > 1000, s.row()
    assert s.short_share <= 0.05, f"{s.short_share:.1%} of {s.lines} lines short: {s.short[:10]}"
    # justification fills the lines; it never has to stretch one that breaks at a word to twice its length
    assert ragged.lines == s.lines and ragged.least_fill >= 0.5, sorted(ragged.short, key=lambda x: x[1])[:5]
    assert s.bad_start == [] and s.bad_end == [], (s.bad_start + s.bad_end)[:10]
    assert s.split == [], s.split[:10]
    assert s.collisions == [], f"{len(s.collisions)} readings too close: {s.collisions[:10]}"
    assert min(s.rt_px) >= 11, s.rt_px
    assert s.max_off_centre <= 0.5, "a reading is not centred over its character"
    assert s.overflow == 0
    assert s.clear_above is not None and s.clear_above >= 0, "pinyin runs into the line above"
    # screenshots of a passage, to look at
    goto(reader, typography_server, ARTICLE + "#p5")
    reader.locator("#p5").screenshot(path=str(artefacts / f"passage-{width_of(reader)}.png"))


def test_pinyin_off_is_plain_chinese(reader: Page, typography_server: str) -> None:
    goto(reader, typography_server, ARTICLE)
    reader.evaluate("localStorage.setItem('lectern.settings', JSON.stringify({pinyin: 'off'}))")
    s = measure_pages(reader, typography_server, [ARTICLE, "/sources/901-review-zh/"])
    expect(reader.locator("article ruby.lx-w rt").first).to_be_hidden()
    assert s.pairs == 0 and s.short_share <= 0.05 and not s.bad_start and not s.bad_end and not s.split
    # no gaps: characters advance by one em, plus what justification adds to fill a line
    pitches = sorted(p / b["fontSize"] for b in measure(reader)["blocks"] for p in b["pitch"])
    assert pitches[len(pitches) // 2] <= 1.1, pitches[len(pitches) // 2]


def test_text_size_setting_scales_characters_and_pinyin_without_shifting(page: Page, typography_server: str) -> None:
    goto(page, typography_server, ARTICLE)
    sizes = "() => ['.lx-passage[lang^=zh] p', '.lx-passage[lang^=zh] rt'].map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
    base, rt = page.evaluate(sizes)
    assert rt >= 11 and rt / base == pytest.approx(0.625, abs=0.01)
    select = page.locator(".md-header .lx-controls select[data-setting=size]")
    assert select.evaluate("s => [...s.options].map(o => o.value)") == ["s", "m", "l", "xl"]
    select.select_option("xl")
    large, large_rt = page.evaluate(sizes)
    assert large == pytest.approx(base * 1.3, rel=0.01) and large_rt / large == pytest.approx(rt / base, rel=0.01)
    # kept with the other settings, and applied before the first frame on the next page
    assert json.loads(page.evaluate("localStorage.getItem('lectern.settings')"))["size"] == "xl"
    goto(page, typography_server, "/sources/901-review-zh/")
    page.evaluate(OBSERVE)
    expect(page.locator("html")).to_have_attribute("data-lx-size", "xl")
    assert page.evaluate(sizes)[0] == pytest.approx(large, rel=0.01)
    assert unexpected_shifts(page) == []


COVERED = """(selector) => {
  const range = document.createRange(), boxes = [];
  for (const el of document.querySelectorAll('article .lx-passage, .lx-cmp-text')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('.lx-tools, .lx-par, .lx-pn, .lx-aid, .lx-cite') || !n.data.trim()) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width && r.height) boxes.push([r, n.data]);
    }
  }
  const hits = [];
  for (const el of document.querySelectorAll(selector)) {
    const c = el.getBoundingClientRect();
    if (!c.width || getComputedStyle(el).opacity === '0' || getComputedStyle(el).visibility === 'hidden') continue;
    for (const [r, text] of boxes)
      if (r.left < c.right - 0.5 && c.left < r.right - 0.5 && r.top < c.bottom - 0.5 && c.top < r.bottom - 0.5)
        hits.push([el.className, text.slice(0, 12)]);
  }
  return hits;
}"""


def test_tools_and_markers_never_cover_text(reader: Page, typography_server: str) -> None:
    for path in (
        ARTICLE,
        "/sources/002-internet-governance-with-chinese-characteristics/",
        f"/assignments/{ASSIGNMENT}/",
    ):
        goto(reader, typography_server, path)
        reader.add_style_tag(content=".lx-tools { opacity: 1 !important; transition: none !important; }")  # as on hover
        assert reader.evaluate(COVERED, ".lx-tools .lx-tool, .lx-par, .lx-pn") == [], path


def test_popup_never_covers_its_word_or_reading(reader: Page, typography_server: str) -> None:
    goto(reader, typography_server, ARTICLE)
    words = reader.locator("article .lx-passage ruby.lx-w")
    for word in (words.nth(3), words.last):  # the popup opens below one, above the other (page end)
        word.scroll_into_view_if_needed()
        word.focus() if width_of(reader) > 500 else word.tap()
        popup = reader.locator("#lx-popover")
        expect(popup).to_be_visible()
        box = popup.bounding_box()
        glyphs = word.evaluate("""w => { const r = document.createRange(); return [...w.childNodes].map(n => {
            r.selectNodeContents(n); const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }); }""")
        for left, top, right, bottom in glyphs:
            assert not (
                left < box["x"] + box["width"]
                and box["x"] < right
                and top < box["y"] + box["height"]
                and box["y"] < bottom
            )
        reader.keyboard.press("Escape")


# --------------------------------------------------------------------------- printed


def test_printed_chinese_handout(page: Page, typography_server: str, artefacts: Path, tmp_path: Path) -> None:
    for tool in ("pdftotext", "pdftoppm"):
        if not shutil.which(tool):
            pytest.fail(
                f"{tool} not found: install Debian's poppler-utils (tools/ensure-chromium.sh does)", pytrace=False
            )
    goto(page, typography_server, f"/assignments/{ASSIGNMENT}/")
    page.locator(".lx-passage").first.hover()  # shown tools must not print
    pdf = artefacts / "handout.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    # title and instructions, the passages, the questions, then the vocabulary, once
    instructions = text.index("Instructions")
    order = [
        text.index("How the"),
        instructions,
        text.index("Reading", instructions),
        re.search("互 ?联 ?网 ?大 ?潮", text).start(),  # (pdftotext spaces out ruby text)
        text.index("Questions"),
        text.index("Vocabulary"),
    ]
    assert order == sorted(order), order
    assert text.count("Terms in this text") == 0 and text.count("Vocabulary") == 1
    page_of = lambda needle: next(n for n, p in enumerate(pages) if needle in p)  # noqa: E731
    assert page_of("Questions") <= page_of("Read passage 1 in the whole text") + 1, (
        "the questions are not right after the reading"
    )
    for chrome in ("⇄", "Copy link", "Cite", "CSV (spreadsheet)", "Tones"):
        assert chrome not in text, f"{chrome!r} printed"
    body = text[text.index("Reading") : text.index("Questions")]
    addresses = re.findall(r"https?://\S+", body)
    assert all("/sources/" in a and "#p" in a for a in addresses), addresses  # only the "read in the whole text" lines
    assert not re.search(r"<https?://[^>\s]*\s", text), "an address broken across lines"
    # readable pinyin: syllables at least 7.5 pt high in the PDF (their boxes; a page is 842 pt high)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    heights = [
        float(m[3]) - float(m[1])
        for m in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', boxes
        )
        if re.fullmatch(r"[a-zāáàēéèīíìōóòūúùǘǜü]{2,6}", unescape(m[4]))
        and re.search("[āáàēéèīíìōóòūúù]", unescape(m[4]))
    ]
    assert len(heights) > 200 and sorted(heights)[len(heights) // 2] >= 7.5, (len(heights), sorted(heights)[:5])
    # the vocabulary table's rows are never split between pages, and no heading ends a page
    for n, p in enumerate(pages[:-1]):
        last = [line for line in p.splitlines() if line.strip()][-1:]
        assert not last or last[0].strip() not in ("Instructions", "Reading", "Questions", "Vocabulary"), (
            f"page {n + 1} ends on a heading"
        )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(artefacts / "handout")], check=True
    )


def test_copying_a_chinese_passage_gives_its_text(page: Page, typography_server: str) -> None:
    """The line-break markup (<wbr>, the no-wrap groups of numbers) adds nothing to copied text."""
    goto(page, typography_server, ARTICLE)
    copied = page.evaluate("""() => { const p = document.querySelector('#p5 > p'); const r = document.createRange();
        r.selectNodeContents(p); const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
    source = (DATA / EXTRA_SOURCES["900-xi-online-zh.md"]).read_text(encoding="utf-8")
    assert copied == next(line for line in source.splitlines() if line.startswith("2014年2月27日"))

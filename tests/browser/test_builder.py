"""The assignment builder in a real browser: a teacher adds passages of two sources (one by
Shift+click, one by "Add range"), orders them, writes questions and saves; a student opens the
link in a fresh browser, reads the passages with pinyin, prints them (PDF read back with poppler)
and downloads the vocabulary, which equals the build's own export of the same passages. Tampered
links show a message and run nothing."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT
from lectern.assignments import load_assignments
from lectern.corpus import load_corpus

from .conftest import DESKTOP_CONTEXT, PageMonitor, goto
from .test_a11y import axe_violations
from .test_teaching import ENTRY, SEED, SPEECH, clipboard, passage, pdf_text, printed

TITLE = "Strong cyber power 2018"  # its slug is the seed assignment's: the Anki files' tags are the same
QUESTIONS = ["Which five areas must China excel in?", "What had changed by the 2018 speech?"]


def tool(page: Page, source: str, pid: str, name: str):
    element = page.locator(f'article .lx-passage[data-source="{source}"][data-pid="{pid}"]')
    element.hover()
    return element.get_by_role("button", name=name)


def tray(page: Page):
    return page.get_by_role("region", name="Assignment draft")


def build_seed_assignment(page: Page, site_server: str) -> None:
    """The seed assignment's passages (003 p3–p5, then 000 p1–p4), chosen in the browser."""
    goto(page, site_server, f"/sources/{ENTRY.slug}/")
    tool(page, ENTRY.slug, "p1", "Add passage 1 to assignment").click()
    tool(page, ENTRY.slug, "p4", "Add passages up to 4 to assignment").click()  # "Add range"
    expect(tool(page, ENTRY.slug, "p3", "Remove passage 3 from assignment")).to_have_attribute(
        "data-label", "Remove from assignment"
    )
    goto(page, site_server, f"/sources/{SPEECH.slug}/")  # the draft follows the teacher to another page
    expect(tray(page).get_by_role("button", name=re.compile("Assignment draft"))).to_contain_text("(4 passages)")
    tool(page, SPEECH.slug, "p3", "Add passage 3 to assignment").click()
    tool(page, SPEECH.slug, "p5", "Add passage 5 to assignment").click(modifiers=["Shift"])  # p3 to p5
    toggle = tray(page).get_by_role("button", name=re.compile("Assignment draft"))
    expect(toggle).to_contain_text("(7 passages)")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    items = tray(page).locator(".lx-tray__item")
    expect(items).to_have_count(7)
    expect(items.first).to_contain_text("Strong Cyber Power, passage 1")
    # The speech's passages go first: each moved up, by keyboard, four places.
    for pid in ("3", "4", "5"):
        up = tray(page).locator(f'li[data-item="{SPEECH.slug}#p{pid}"]').get_by_role("button", name=re.compile("up$"))
        up.focus()
        for _ in range(4):
            page.keyboard.press("Enter")
    expect(items.nth(0)).to_contain_text("passage 3")
    order = tray(page).locator(".lx-tray__list li").evaluate_all("els => els.map(e => e.dataset.item)")
    assert order == [f"{SPEECH.slug}#p{n}" for n in (3, 4, 5)] + [f"{ENTRY.slug}#p{n}" for n in (1, 2, 3, 4)]
    tray(page).get_by_label("Title").fill(TITLE)
    tray(page).get_by_label("Questions (one per line)").fill("\n".join(QUESTIONS))
    tray(page).get_by_label("Instructions").fill("Read both texts.\n\nBring notes.")


def save(page: Page) -> tuple[str, str]:
    tray(page).get_by_role("button", name="Save").click()
    link = tray(page).get_by_label("Link for students")
    expect(link).to_have_value(re.compile(r"/assignments/shared/#1\.[A-Za-z0-9_-]+$"))
    return link.input_value(), tray(page).get_by_label("YAML for corpus/assignments/").input_value()


def test_a_teacher_builds_and_a_student_opens_prints_and_downloads(
    clipboard_page: Page, browser: Browser, site_server: str, site_dir: Path, tmp_path: Path
) -> None:
    page = clipboard_page
    build_seed_assignment(page, site_server)
    link, yaml_text = save(page)
    assert len(link) < 2000, len(link)
    expect(tray(page)).to_contain_text("100 passages")  # the limit is stated
    tray(page).get_by_role("button", name="Copy link").click()
    expect(page.locator(".lx-status")).to_have_text("Link copied")
    assert clipboard(page) == link
    with page.expect_download() as download:
        tray(page).get_by_role("button", name="Download YAML").click()
    assert download.value.suggested_filename == "strong-cyber-power-2018.yml"
    assert Path(download.value.path()).read_text(encoding="utf-8") == yaml_text

    # The YAML is an assignment file the loader takes, naming the same passages.
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "assignments" / "built.yml").write_text(yaml_text, encoding="utf-8")
    (built,) = [a for a in load_assignments(load_corpus(corpus)) if a.slug == "built"]
    assert [(s.slug, p.id) for s, p in built.passages] == [(s.slug, p.id) for s, p in SEED.passages]
    assert built.meta.title == TITLE and list(built.meta.questions) == QUESTIONS

    # A student: a fresh browser, nothing in its storage.
    context = browser.new_context(**DESKTOP_CONTEXT, accept_downloads=True)
    monitor = PageMonitor(context)
    student = context.new_page()
    try:
        student.goto(link, wait_until="load")
        article = student.locator("article")
        expect(article.locator("h1")).to_have_text(TITLE)
        passages = article.locator(".lx-shared .lx-passage")
        expect(passages).to_have_count(7)
        ids = passages.evaluate_all("els => els.map(e => e.id)")
        assert ids == [f"{s.slug}-{p.id}" for s, p in SEED.passages]
        for (s, p), element in zip(SEED.passages, passages.all()):
            assert printed(p.text, element.inner_text()), f"{s.slug} {p.id}"
        ruby = article.locator(f'.lx-passage[id^="{ENTRY.slug}"] ruby.lx-w rt')
        expect(ruby.first).to_be_visible()  # pinyin over the Chinese words
        expect(article.locator(".lx-questions li")).to_have_text(QUESTIONS)
        expect(student.get_by_role("button", name="Print")).to_be_visible()
        term = article.locator(".lx-shared .lx-passage .lx-term").first
        term.hover()  # the glossary popup, from the term entries brought with the passages
        expect(student.locator("#lx-popover")).to_contain_text(
            article.locator(f"#lx-gloss-{term.get_attribute('data-term')} .lx-gloss-def").inner_text()
        )
        expect(student.locator(".lx-tray")).to_have_count(0)  # a student has no draft

        text, pages = pdf_text(student, tmp_path)
        assert pages >= 2
        for s, p in SEED.passages:
            assert printed(p.text, text), f"{s.slug} {p.id} not printed"
        for question in QUESTIONS:
            assert printed(question, text), question
        assert "wǎng" in text and "Print" not in text.split("\n")

        expected = site_dir / "assignments" / SEED.slug
        for name in ("CSV (spreadsheet)", "Anki (tab-separated)"):
            with student.expect_download() as download:
                student.get_by_role("link", name=name).click()
            got = Path(download.value.path()).read_bytes()
            file = "vocabulary.csv" if name.startswith("CSV") else "vocabulary-anki.txt"
            assert download.value.suggested_filename == file
            assert got == (expected / file).read_bytes(), f"{file} differs from the build's"
    finally:
        context.close()
    monitor.assert_clean()


def test_the_browsers_lists_equal_the_builds_for_every_source(page: Page, site_server: str, site_dir: Path) -> None:
    """The vocabulary of every passage of a source, combined in the browser (teacher-link.js), is
    the build's list of that source byte for byte: English and Chinese sources, both scripts."""
    goto(page, site_server, "/assignments/")
    made = page.evaluate("""async () => {
        await lectern.assets('teacher-link.js');  // loaded on first use
        const [api, vocab] = await Promise.all([lxAssign.json('api/passages.json'), lxAssign.json('api/vocabulary.json')]);
        const out = {};
        for (const s of api.sources) {
          const items = lxAssign.vocabulary(api.passages.filter(p => p.source === s.slug).map(p => [s.slug, p.id]), vocab);
          if (items.length) out[s.slug] = [lxAssign.csv(items), lxAssign.anki(items, s.slug)];
        }
        return out; }""")
    expected = {f.parent.name for f in (site_dir / "sources").glob("*/vocabulary.csv")}
    assert set(made) == expected and len(expected) >= 3
    for slug, (csv_text, anki_text) in made.items():
        folder = site_dir / "sources" / slug
        assert csv_text.encode("utf-8") == (folder / "vocabulary.csv").read_bytes(), slug
        assert anki_text.encode("utf-8") == (folder / "vocabulary-anki.txt").read_bytes(), slug


def test_the_first_add_on_a_fresh_page_loads_the_builder_and_shows_the_tray(page: Page, site_server: str) -> None:
    """A reader who builds nothing never downloads the tray (assets/teacher.*, loaded on first use);
    the first "Add to assignment" on a fresh page still adds the passage and shows the tray, styled."""
    lazy: list[str] = []
    page.on("request", lambda r: "/assets/teacher" in r.url and lazy.append(r.url.rsplit("/", 1)[1]))
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    add = tool(page, SPEECH.slug, "p2", "Add passage 2 to assignment")
    expect(add).to_have_attribute("data-label", "Add to assignment")
    assert lazy == [] and page.evaluate("typeof window.lxTray") == "undefined"
    add.click()
    expect(tool(page, SPEECH.slug, "p2", "Remove passage 2 from assignment")).to_have_attribute(
        "data-label", "Remove from assignment"
    )
    toggle = tray(page).get_by_role("button", name=re.compile("Assignment draft"))
    expect(toggle).to_contain_text("(1 passage)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert sorted(lazy) == ["teacher-link.js", "teacher.css", "teacher.js"]  # not the students' page's style
    assert tray(page).evaluate("e => getComputedStyle(e).position") == "fixed"  # teacher.css applies
    toggle.click()
    expect(tray(page).locator(".lx-tray__item")).to_have_text([re.compile("passage 2$")])


@pytest.mark.allow_console_errors  # the failed load of assets/teacher-link.js, as this test wants
def test_the_students_page_says_so_when_the_lazy_part_cannot_load(page: Page, site_server: str) -> None:
    fragment = encoded(page, site_server, {"t": "x", "p": [f"{SPEECH.slug}#p2"]})
    page.route("**/assets/teacher-link.js", lambda route: route.abort())
    page.goto(f"{site_server}assignments/shared/#{fragment}", wait_until="load")
    expect(page.locator("article .lx-shared [role=status]")).to_have_text(
        "The assignment could not be loaded: check your connection and reload the page."
    )
    expect(page.locator("article .lx-passage")).to_have_count(0)


def test_the_students_page_loads_only_its_part_and_shows_each_passages_parallels(
    page: Page, site_server: str, site_dir: Path
) -> None:
    """The students' page loads the part that shows a link (teacher-link.*), not the tray that makes
    one (teacher.js and teacher.css, 3 KB gzip it never used); its passages carry their parallels
    markers as on their source pages, and each marker opens its own passage's list (two passages
    numbered 3, from two sources)."""
    fragment = encoded(page, site_server, {"t": "x", "p": [f"{SPEECH.slug}#p3", f"{ENTRY.slug}#p3"]})
    lazy: list[str] = []
    page.on("request", lambda r: "/assets/teacher" in r.url and lazy.append(r.url.rsplit("/", 1)[1]))
    page.goto(f"{site_server}assignments/shared/#{fragment}", wait_until="load")
    passages = page.locator("article .lx-shared .lx-passage")
    expect(passages).to_have_count(2)
    assert sorted(lazy) == ["teacher-link.css", "teacher-link.js"]
    assert page.evaluate("typeof window.lxTray") == "undefined"
    for source, element in ((SPEECH, passages.nth(0)), (ENTRY, passages.nth(1))):
        listed = json.loads((site_dir / "api" / "panels" / f"{source.slug}.json").read_text(encoding="utf-8"))["p3"]
        hrefs = re.findall(r'class="lx-par-to" href="([^"]+)"', listed)
        n = len(hrefs)
        marker = element.get_by_role("button", name=f"{n} parallel passage{'s' * (n != 1)}")
        expect(marker).to_be_visible()
        marker.click()
        expect(marker).to_have_attribute("aria-expanded", "true")
        panel = element.get_by_role("region", name="Parallels of passage 3")
        expect(panel.locator("a.lx-par-to")).to_have_count(n)
        shown = panel.locator("a.lx-par-to").evaluate_all("els => els.map(e => e.href)")
        assert shown == [f"{site_server}{h.removeprefix('../../')}" for h in hrefs], f"{source.slug}: another list"
    expect(page.locator("article .lx-par-panel:not([hidden])")).to_have_count(1)  # one open at a time
    page.keyboard.press("Escape")
    expect(page.locator("article .lx-par-panel:not([hidden])")).to_have_count(0)


def test_the_builder_by_keyboard(page: Page, site_server: str) -> None:
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    passage(page, "p2").locator("a.lx-pn").focus()
    for _ in range(3):  # Copy link, Cite, Add to assignment
        page.keyboard.press("Tab")
    add = page.get_by_role("button", name="Add passage 2 to assignment")
    expect(add).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove passage 2 from assignment")).to_be_focused()
    toggle = tray(page).get_by_role("button", name=re.compile("Assignment draft"))
    toggle.focus()
    page.keyboard.press("Enter")
    expect(tray(page).get_by_label("Title")).to_be_visible()
    tray(page).get_by_label("Title").focus()
    page.keyboard.press("Escape")  # closes the tray, back on its button
    expect(tray(page).get_by_label("Title")).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(tray(page).get_by_role("button", name=re.compile(r"^Move .*passage 2 up$"))).to_be_disabled()
    expect(
        tray(page).get_by_role("button", name=re.compile(r"^Remove .*passage 2$"))
    ).to_be_focused()  # Up, Down disabled
    page.keyboard.press("Enter")
    expect(tray(page)).to_have_count(0)
    expect(page.get_by_role("button", name="Add passage 2 to assignment")).to_have_count(1)


def test_the_builder_by_touch_and_its_draft_persists(mobile_page: Page, site_server: str) -> None:
    page = mobile_page
    goto(page, site_server, f"/sources/{SPEECH.slug}/")
    passage(page, "p2").get_by_role("button", name="Add passage 2 to assignment").tap()
    range_button = passage(page, "p6").get_by_role("button", name="Add passages up to 6 to assignment")
    expect(range_button).to_be_visible()
    range_button.tap()
    toggle = tray(page).get_by_role("button", name=re.compile("Assignment draft"))
    expect(toggle).to_contain_text("(5 passages)")
    toggle.tap()
    tray(page).get_by_role("button", name=re.compile(r"^Remove .*passage 4$")).tap()
    expect(toggle).to_contain_text("(4 passages)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.reload()
    expect(toggle).to_have_attribute("aria-expanded", "false")  # the draft is kept, folded on a new page
    expect(tray(page).locator(".lx-tray__item")).to_have_count(4)
    expect(passage(page, "p4").get_by_role("button", name="Add passage 4 to assignment")).to_be_visible()
    toggle.tap()
    tray(page).get_by_role("button", name="Clear draft").tap()
    expect(tray(page)).to_have_count(0)


def test_builder_and_shared_page_pass_axe(page: Page, site_server: str) -> None:
    build_seed_assignment(page, site_server)
    link, _ = save(page)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for scheme in ("default", "slate"):
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        assert not axe_violations(page), json.dumps(axe_violations(page), indent=1)
    page.goto(link, wait_until="load")
    expect(page.locator(".lx-shared .lx-passage")).to_have_count(7)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for scheme in ("default", "slate"):
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        assert not axe_violations(page), json.dumps(axe_violations(page), indent=1)


# --------------------------------------------------------------------------- tampered links

HOSTILE = "<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>"


def encoded(page: Page, site_server: str, assignment: dict) -> str:
    goto(page, site_server, "/assignments/")
    return page.evaluate("async a => (await lectern.assets('teacher-link.js'), lxAssign.encode(a))", assignment)


def bomb(page: Page, site_server: str) -> str:
    """Valid deflate that inflates to a megabyte."""
    goto(page, site_server, "/assignments/")
    return page.evaluate("""async () => {
        const s = new Blob([new Uint8Array(1 << 20).fill(32)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
        const b = new Uint8Array(await new Response(s).arrayBuffer());
        let t = ''; for (const x of b) t += String.fromCharCode(x);
        return '1.' + btoa(t).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''); }""")


CASES = {
    "unknown source": (
        lambda p, s: encoded(p, s, {"t": "x", "p": ["999-no-such-source#p1"]}),
        "source that is not on this site",
    ),
    "missing passage": (lambda p, s: encoded(p, s, {"t": "x", "p": [f"{SPEECH.slug}#p99"]}), "has no such passage"),
    "reversed range": (lambda p, s: encoded(p, s, {"t": "x", "p": [f"{SPEECH.slug}#p5-p3"]}), "damaged"),
    "bad reference": (lambda p, s: encoded(p, s, {"t": "x", "p": [HOSTILE]}), "form the site does not know"),
    "wrong shape": (lambda p, s: encoded(p, s, {"t": ["x"], "p": "y"}), "damaged"),
    "garbage": (lambda p, s: "1.%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "damaged"),
    "not base64 deflate": (lambda p, s: "1.AAAAAAAAAA", "damaged"),
    "no version": (lambda p, s: "<script>alert(1)</script>", "damaged"),
    "empty": (lambda p, s: "", "holds none"),
    "oversized": (lambda p, s: "1." + "A" * 9000, "too long"),
    "decompression bomb": (bomb, "more than an assignment can"),
}


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_a_tampered_link_shows_a_message_and_runs_nothing(page: Page, site_server: str, case: str) -> None:
    make, message = CASES[case]
    fragment = make(page, site_server)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    goto(page, site_server, "/assignments/")  # a page load, then the link: as a student follows it
    page.goto(f"{site_server}assignments/shared/#{fragment}", wait_until="load")
    alert = page.locator("article .lx-shared").get_by_role("alert")
    expect(alert).to_contain_text(message)
    expect(page.locator("article .lx-passage")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert page.locator("article img, article .lx-shared script").count() == 0


def test_hostile_text_in_a_valid_link_is_shown_as_text(page: Page, site_server: str) -> None:
    fragment = encoded(page, site_server, {"t": HOSTILE, "i": HOSTILE, "q": [HOSTILE], "p": [f"{SPEECH.slug}#p2"]})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{site_server}assignments/shared/#{fragment}", wait_until="load")
    expect(page.locator("article .lx-passage")).to_have_count(1)
    expect(page.locator("article h1")).to_have_text(HOSTILE)
    expect(page.locator("article .lx-questions li")).to_have_text([HOSTILE])
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert page.locator("article img").count() == 0

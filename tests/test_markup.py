"""Corpus Markdown to safe HTML, and back to plain text."""

from lectern.markup import plain_text, render


def test_paragraph_with_emphasis_and_footnote():
    r = render("A *word* and a note.[^1]", {"1": 1})
    assert r.html == (
        'A <em>word</em> and a note.<sup class="lx-fnref"><a href="#fn-1" id="fnref-1" aria-label="Note 1">1</a></sup>'
    )
    assert r.text == "A word and a note."
    assert r.refs == ["1"] and r.problems == []


def test_block_keeps_its_paragraph():
    assert render("Plain.", {}, inline=False).html == "<p>Plain.</p>"


def test_raw_html_is_shown_as_text_not_run():
    r = render('<script>alert(1)</script> <img src=x onerror="alert(1)">', {})
    assert "<script" not in r.html and "<img" not in r.html
    assert r.html == '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror="alert(1)"&gt;'
    assert r.text == '<script>alert(1)</script> <img src=x onerror="alert(1)">'


def test_unsafe_links_and_images_are_problems():
    r = render("[x](javascript:alert(1)) ![pic](https://example.com/a.png)", {})
    assert [m for _, m in r.problems] == [
        "link target 'javascript:alert(1)' is not http(s), mailto or relative",
        "images are not supported in sources: 'https://example.com/a.png'",
    ]


def test_safe_links_pass():
    for href in ("https://example.org/a", "mailto:a@b.c", "#p3", "../other/", "page.html"):
        assert render(f"[x]({href})", {}).problems == [], href


def test_undefined_footnote_is_reported_on_its_line():
    r = render("one\ntwo[^9]", {})
    assert r.problems == [(1, "footnote [^9] is not defined (add a line '[^9]: …')")]


def test_repeated_reference_gets_one_id():
    r = render("a[^1] b[^1]", {"1": 1})
    assert r.html.count('id="fnref-1"') == 1 and r.html.count('href="#fn-1"') == 2


def test_plain_text_skips_ruby_and_note_markers():
    html = '<p><ruby>网<rt>wǎng</rt></ruby> &amp; x<sup class="lx-fnref"><a>1</a></sup><br>y</p>'
    assert plain_text(html) == "网 & xy"

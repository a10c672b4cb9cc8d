"""The link checker, on a small hand-made site and on the real built site."""

from __future__ import annotations

import json
from pathlib import Path

from lectern.__main__ import main
from lectern.links import BrokenLink, check_site


def write(site: Path, path: str, body: str) -> None:
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_finds_missing_pages_and_anchors(tmp_path: Path) -> None:
    write(
        tmp_path,
        "index.html",
        '<a href="a/">ok</a> <a href="a/#p2">ok</a> <a href="a/#p9">no anchor</a> '
        '<a href="missing/">no page</a> <a href="#top">no anchor here</a> <a href="a/#p2-p9">range end missing</a> '
        '<a href="a/#p2-p2">range ok</a> <a href="https://example.org/x">other host</a> '
        '<script src="assets/app.js"></script>',
    )
    write(
        tmp_path,
        "a/index.html",
        '<div id="p2">x</div><a href="../index.html#p2">no anchor there</a> '
        '<a href="../../outside.html">outside the site</a> <a name="old">named</a> <a href="#old">ok</a>',
    )
    assert check_site(tmp_path) == [
        BrokenLink("a/index.html", "../../outside.html", "no such file in the site"),
        BrokenLink("a/index.html", "../index.html#p2", "no element with id 'p2' on that page"),
        BrokenLink("index.html", "#top", "no element with id 'top' on that page"),
        BrokenLink("index.html", "a/#p2-p9", "no element with id 'p2-p9' on that page"),
        BrokenLink("index.html", "a/#p9", "no element with id 'p9' on that page"),
        BrokenLink("index.html", "assets/app.js", "no such file in the site"),
        BrokenLink("index.html", "missing/", "no such file in the site"),
    ]


def test_views_shown_by_fragment_are_anchors_and_their_links_are_checked(tmp_path: Path) -> None:
    """The compare page shows pairs by fragment from the views named by data-lx-views (lectern.compare)."""
    write(tmp_path, "compare/index.html", '<h1 id="top">Compare</h1><div data-lx-views="../api/compare/"></div>')
    write(tmp_path, "sources/a/index.html", '<div id="p1">x</div>')
    views = tmp_path / "api" / "compare"
    (views / "a").mkdir(parents=True)
    (views / "a" / "p1.json").write_text(
        json.dumps(
            {
                "a-p1--b-p2": {
                    "title": "A and B",
                    "html": '<a href="../sources/a/#p1">ok</a> <a href="../sources/b/#p2">gone</a>',
                },
            }
        ),
        encoding="utf-8",
    )
    (views / "notes.txt").write_text("not a views file", encoding="utf-8")
    write(
        tmp_path,
        "index.html",
        '<a href="compare/#a-p1--b-p2">ok</a> <a href="compare/#top">ok</a> '
        '<a href="compare/#a-p1--b-p3">stale pair</a> <a href="compare/">ok</a>',
    )
    assert check_site(tmp_path) == [
        BrokenLink("api/compare/a/p1.json: a-p1--b-p2", "../sources/b/#p2", "no such file in the site"),
        BrokenLink("index.html", "compare/#a-p1--b-p3", "no element or view with id 'a-p1--b-p3' on that page"),
    ]
    (views / "a" / "p1.json").unlink()  # without its views, no pair is an anchor of the page
    assert [str(b) for b in check_site(tmp_path)] == [
        ("index.html: compare/#a-p1--b-p2: no element or view with id 'a-p1--b-p2' on that page"),
        ("index.html: compare/#a-p1--b-p3: no element or view with id 'a-p1--b-p3' on that page"),
    ]


def test_elements_filled_from_json_files_need_their_key_and_their_links_are_checked(tmp_path: Path) -> None:
    """A passage's list of parallels is fetched from api/panels/<slug>.json#<pid> (data-lx-src)."""
    write(
        tmp_path,
        "sources/a/index.html",
        '<div id="p1"><div data-lx-src="../../api/panels/a.json#p1"></div></div>'
        '<div id="p2"><div data-lx-src="../../api/panels/a.json#p2"></div></div>'
        '<div data-lx-src="../../api/panels/gone.json#p1"></div>',
    )
    panels = tmp_path / "api" / "panels"
    panels.mkdir(parents=True)
    (panels / "a.json").write_text(
        json.dumps(
            {
                "p1": '<ul><li><a href="../../sources/a/#p1">ok</a> '
                '<a href="../../sources/a/#p7">no such passage</a></li></ul>'
            }
        ),
        encoding="utf-8",
    )
    assert check_site(tmp_path) == [
        BrokenLink("api/panels/a.json: p1", "../../sources/a/#p7", "no element with id 'p7' on that page"),
        BrokenLink(
            "sources/a/index.html",
            "../../api/panels/a.json#p2",
            "api/panels/a.json has no 'p2' to fill the element with",
        ),
        BrokenLink(
            "sources/a/index.html",
            "../../api/panels/gone.json#p1",
            "api/panels/gone.json has no 'p1' to fill the element with",
        ),
    ]


def test_command_exit_status(tmp_path: Path, capsys) -> None:
    write(tmp_path, "index.html", '<a href="#here" id="here">self</a>')
    assert main(["links", str(tmp_path)]) == 0
    write(tmp_path, "index.html", '<a href="gone.html">gone</a>')
    assert main(["links", str(tmp_path)]) == 1
    assert "index.html: gone.html: no such file in the site" in capsys.readouterr().out


def test_built_site_has_no_broken_internal_links(site_dir: Path) -> None:
    broken = check_site(site_dir)
    assert not broken, "\n".join(map(str, broken))

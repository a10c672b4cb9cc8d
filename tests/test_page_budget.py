"""Issue 7's budget on the built site: the JS and CSS the project adds on top of Material, which
every page loads (assets/lectern.js and assets/lectern.css), at most 15 KB gzip-compressed together.
What is loaded on first use (the assignment builder's assets/teacher.*, the students' page's
assets/teacher-link.*) is not on that path; a test
checks that no page loads any other asset of the project up front. BENCHMARKS.md ("Page budgets")
has the measured figures (bench/page_budget.py)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from lectern.publish import BUNDLES, PAGE_BUNDLES

BUDGET = 15 * 1024  # bytes, gzip level 9 (as bench/page_budget.py and bench/dictionary_budget.py count)
# a script or style sheet a page names: <script src="…"> and <link rel="stylesheet" href="…">
LOADED = re.compile(r'<script[^>]*\ssrc="([^"]+)"|<link[^>]*\srel="?stylesheet"?[^>]*\shref="([^"]+)"')
MATERIAL = re.compile(r"assets/(javascripts|stylesheets)/")


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def test_what_every_page_loads_stays_within_15_kb_gzip(site_dir: Path) -> None:
    sizes = {name: gz(site_dir / "assets" / name) for name in PAGE_BUNDLES}
    assert sum(sizes.values()) <= BUDGET, f"{sizes}: {sum(sizes.values())} bytes, over {BUDGET}"


def test_pages_load_no_other_project_asset_up_front(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        named = {a or b for a, b in LOADED.findall(page.read_text(encoding="utf-8"))}
        own = {re.sub(r"^(\.\./|/)*|\?.*$", "", url) for url in named if not MATERIAL.search(url)}
        assert own == {f"assets/{name}" for name in PAGE_BUNDLES}, page.relative_to(site_dir)


def test_the_lazy_part_is_published_beside_the_page_bundles(site_dir: Path) -> None:
    lazy = set(BUNDLES) - set(PAGE_BUNDLES)
    assert lazy == {"teacher.js", "teacher.css", "teacher-link.js", "teacher-link.css", "compare.js"}
    for name in lazy:
        assert (site_dir / "assets" / name).stat().st_size > 200
    script = (site_dir / "assets" / "lectern.js").read_text(encoding="utf-8")
    assert all(f'"{name}"' in script for name in lazy)  # lectern.js and assign.js load each by its name

"""Page budgets: bytes per page type, the project's own JS and CSS, and time to the first passage.

Usage: .venv/bin/python bench/page_budget.py [--runs 5]

Builds the site twice into temporary folders, with the reading aids and without them
(LECTERN_ANNOTATE=0), then reports:

- each page type's HTML, gzip-compressed (level 9), annotated against plain, with the ratio;
- the JS and CSS this project adds on top of Material that every page loads (assets/lectern.js and
  assets/lectern.css, publish.PAGE_BUNDLES), gzip-compressed, and apart from them the parts loaded on
  first use (the assignment builder's assets/teacher.js and assets/teacher.css, and
  assets/teacher-link.js, which it shares with the students' page with assets/teacher-link.css);
- in headless chromium (Debian's, with Playwright), the time from navigation start until the first
  passage is painted visible, median of --runs cold page loads from a local server.

Targets (issue 7): annotated pages ≤ 1.5× plain for English-dominant pages; added JS+CSS ≤ 15 KB gzip.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from lectern.publish import BUNDLES, PAGE_BUNDLES  # noqa: E402

# page type -> (path in the site, English-dominant?)
PAGE_TYPES = {
    "home": ("index.html", True),
    "sources index": ("sources/index.html", True),
    "source page, English (000)": ("sources/000-strong-cyber-power/index.html", True),
    "source page, English (004)": ("sources/004-cybersecurity-informatization-work-conference/index.html", True),
    "source page, with Chinese (002)": (
        "sources/002-internet-governance-with-chinese-characteristics/index.html",
        False,
    ),
    "glossary index": ("glossary/index.html", True),
    "term page": ("glossary/strong-cyber-power/index.html", True),
    "parallels overview": ("parallels/index.html", True),
    "compare page (any pair)": ("compare/index.html", True),
    "compare views of a passage": ("api/compare/002-internet-governance-with-chinese-characteristics/p1.json", False),
    "assignment page": ("assignments/strong-cyber-power-2018/index.html", True),
}
OWN_ASSETS = tuple(f"assets/{name}" for name in PAGE_BUNDLES)  # what every page loads
LAZY_ASSETS = tuple(f"assets/{name}" for name in BUNDLES if name not in PAGE_BUNDLES)  # loaded on first use
FIRST_PASSAGE = """() => new Promise(resolve => {
  const seen = () => { const el = document.querySelector('.lx-passage');
    return el && el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const tick = () => seen() ? requestAnimationFrame(() => resolve(performance.now())) : requestAnimationFrame(tick);
  tick();
})"""


def build(site: Path, annotate: bool) -> None:
    env = {
        **os.environ,
        "LECTERN_ANNOTATE": "1" if annotate else "0",
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def first_passage_ms(site: Path, paths: list[str], runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {p: [] for p in paths}
    with serve_directory(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for _ in range(runs):
            for path in paths:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(base + path.removesuffix("index.html"), wait_until="commit")
                results[path].append(page.evaluate(FIRST_PASSAGE))
                context.close()
        browser.close()
    return {p: statistics.median(t) for p, t in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        annotated, plain = Path(tmp) / "annotated", Path(tmp) / "plain"
        build(annotated, True)
        build(plain, False)
        print("| Page type | annotated, gzip | plain, gzip | ratio | target |\n|---|---:|---:|---:|---|")
        for name, (path, english) in PAGE_TYPES.items():
            a, p = gz(annotated / path), gz(plain / path)
            target = "≤ 1.5×" if english else "(Chinese-dominant: no target)"
            print(f"| {name} | {a / 1024:.1f} KB | {p / 1024:.1f} KB | {a / p:.2f}× | {target} |")
        sizes = {name: gz(annotated / name) for name in OWN_ASSETS}
        print("\n| Project asset | gzip |\n|---|---:|")
        for name, size in sizes.items():
            print(f"| {name} | {size / 1024:.1f} KB |")
        print(f"| **together** (target ≤ 15 KB) | **{sum(sizes.values()) / 1024:.1f} KB** |")
        lazy = {name: gz(annotated / name) for name in LAZY_ASSETS}
        for name, size in lazy.items():
            print(f"| {name} (loaded on first use) | {size / 1024:.1f} KB |")
        print(f"| loaded on first use, together | {sum(lazy.values()) / 1024:.1f} KB |")
        paths = [
            path
            for path, _ in PAGE_TYPES.values()  # the pages that show passages
            if path.endswith(".html") and 'class="lx-passage"' in (annotated / path).read_text(encoding="utf-8")
        ]
        timings = {"annotated": first_passage_ms(annotated, paths, runs), "plain": first_passage_ms(plain, paths, runs)}
        print(
            f"\n| Page | first passage visible, annotated | plain | (median of {runs} cold loads) |\n|---|---:|---:|---|"
        )
        for name, (path, _) in PAGE_TYPES.items():
            if path in paths:
                print(f"| {name} | {timings['annotated'][path]:.0f} ms | {timings['plain'][path]:.0f} ms | |")


if __name__ == "__main__":
    main()

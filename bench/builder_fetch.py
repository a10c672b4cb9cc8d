"""What the assignment builder fetches: bytes of api/ files per page view while a draft exists.

Usage: .venv/bin/python bench/builder_fetch.py [--site DIR] [--runs 5]

Builds the site into a temporary folder (or takes a built one with --site, e.g. a build of an
older commit, to compare), serves it locally and, in headless chromium (Debian's, with
Playwright), adds one passage to the assignment draft, then views another source page --runs
times, each in a fresh browser context holding the same draft (nothing cached). It reports the
median bytes of api/ files fetched per page view with the tray folded, then what opening the tray
fetches, as served and gzip-compressed (level 9, as a compressing host would send them).
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

FIRST, OTHER = "003-strengthen-cyber-capabilities", "000-strong-cyber-power"


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"}
    mkdocs = ROOT / ".venv" / "bin" / "mkdocs"
    subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env, check=True)


def api_bytes(site: Path, urls: list[str]) -> tuple[int, int]:
    """Bytes of the api/ files among `urls`: as stored, and gzip-compressed."""
    files = [site / url.split("/", 3)[3] for url in urls if "/api/" in url]
    data = [f.read_bytes() for f in files]
    return sum(map(len, data)), sum(len(gzip.compress(d, 9)) for d in data)


def measure(site: Path, runs: int) -> dict[str, list[tuple[int, int]]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[tuple[int, int]]] = {"page view, tray folded": [], "opening the tray": []}
    with serve_directory(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}sources/{FIRST}/", wait_until="load")
        passage = page.locator('article .lx-passage[data-pid="p2"]')
        passage.hover()
        passage.locator("[data-action=assign]").click()
        page.locator(".lx-tray").wait_for()
        state = page.context.storage_state()
        for _ in range(runs):
            context = browser.new_context(storage_state=state)
            view = context.new_page()
            urls: list[str] = []
            view.on("requestfinished", lambda r, urls=urls: urls.append(r.url))
            view.goto(f"{base}sources/{OTHER}/", wait_until="networkidle")
            view.locator(".lx-tray").wait_for()
            out["page view, tray folded"].append(api_bytes(site, urls))
            urls.clear()
            view.locator(".lx-tray__toggle").click()
            view.wait_for_load_state("networkidle")
            view.locator(".lx-tray__item").first.wait_for()
            out["opening the tray"].append(api_bytes(site, urls))
            context.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build this checkout)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(site)
        results = measure(site, args.runs)
    print(f"api/ bytes fetched, median of {args.runs} fresh page views (as stored / gzip -9)")
    for what, values in results.items():
        raw = statistics.median(v[0] for v in values)
        packed = statistics.median(v[1] for v in values)
        print(f"  {what:24} {raw / 1000:7.1f} KB / {packed / 1000:5.1f} KB")


if __name__ == "__main__":
    main()

"""Typography of Chinese passages (issue 16): line fill, breaks, pinyin gaps and size, overflow.

Usage: .venv/bin/python bench/typography.py [--root DIR] [--pinyin off]

Builds the project at DIR (default: this checkout; give an unpacked older commit, e.g.
``git archive <commit> | tar -x -C /tmp/old``, for a before/after comparison) with this checkout's
two Chinese test articles and Chinese assignment (tests/data/typography_*), as the browser tests
do, then measures in headless Debian chromium, at 390×844 (touch) and 1280×800, every page with a
Chinese passage and every compare view with a Chinese side, with ``tests/browser/typography.js``:

- short lines: the share of lines that are not a paragraph's last and end before 85% of the column;
- bad breaks: lines starting with ，。、；：？！」』）… or ending with 「『（…; split: words or number
  groups (2014年2月27日) split across lines;
- min gap: the least gap between the glyphs of neighbouring readings on a line (Range on the rt
  text), in px and in em of the pinyin; collisions: gaps under 0.25 em;
- rt: the computed size of the pinyin; overflow: the widest sideways scroll of a page.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, goto, serve_directory  # noqa: E402
from browser.test_typography import ASSIGNMENT, DATA, EXTRA_SOURCES, chinese_pages  # noqa: E402
from browser.typography import Summary, measure  # noqa: E402
from conftest import copy_project  # noqa: E402

VIEWPORTS = {
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    1280: {"viewport": {"width": 1280, "height": 800}},
}


def build(root: Path, work: Path, port: int) -> Path:
    import conftest

    conftest.ROOT = root  # copy_project copies from here
    project = copy_project(work / "project")
    for name, data in EXTRA_SOURCES.items():
        shutil.copy(DATA / data, project.sources / name)
    shutil.copy(DATA / "typography_assignment.yml", project.root / "corpus" / "assignments" / f"{ASSIGNMENT}.yml")
    if (ROOT / ".cache" / "lectern").is_dir():
        shutil.copytree(ROOT / ".cache" / "lectern", project.root / ".cache" / "lectern")
    # the reader's code of that tree, not this checkout's (installed in editable mode)
    env = {**conftest.ENV, "SITE_URL": f"http://127.0.0.1:{port}/", "PYTHONPATH": str(project.root / "src")}
    result = subprocess.run(
        [*conftest.MKDOCS, "build", "--strict", "--site-dir", str(project.root / "site")],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return project.root / "site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--pinyin", choices=("on", "off"), default="on")
    parser.add_argument("--size", choices=("s", "m", "l", "xl"), default="m", help="the reader's text size")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as work:
        site = build(args.root.resolve(), Path(work), port)
        paths = chinese_pages(site)
        with serve_directory(site, port) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            print(f"{len(paths)} pages; pinyin {args.pinyin}, size {args.size}")
            print(
                "| width | blocks | lines | short lines | bad breaks | split | min gap | collisions | rt | overflow |"
            )
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for width, options in VIEWPORTS.items():
                context = browser.new_context(**options)
                page = context.new_page()
                settings = {"pinyin": args.pinyin, "size": args.size}
                page.add_init_script(f"localStorage.setItem('lectern.settings', JSON.stringify({settings!r}))")
                summary, natural = Summary(), Summary()
                for path in paths:
                    goto(page, base, path)
                    measured = measure(page)
                    measured["overflow"] = max(measured["overflow"], measured["width"] - width)
                    summary.add(measured)
                    natural.add(measure(page, natural=True))
                r = summary.row()
                print(
                    f"| {width} | {r['blocks']} | {r['lines']} | {r['short']} ({natural.row()['short']} ragged, least {natural.row()['least fill']}) | {r['bad starts/ends']} | {r['split']} "
                    f"| {r['min gap']} | {r['collisions']} of {summary.pairs} | {r['rt']} | {r['overflow']} |"
                )
                context.close()
            browser.close()


if __name__ == "__main__":
    main()

"""Search: index size and time to the first result in Chromium, the site as built before issue 18
(Material's own index and worker) against the site built now, on a generated corpus (default: the
largest of build_scale.py, 800 sources).

Usage: .venv/bin/python bench/search_speed.py [--sources 800] [--runs 5] [--base COMMIT] [--keep DIR]
       .venv/bin/python bench/search_speed.py --sites OLD_SITE NEW_SITE [--runs 5]

One project is generated (``bench/corpus_gen.py``) and built twice, plain (LECTERN_ANNOTATE=0: search
indexes the text before the reading aids are added): with the code of ``--base`` (default: the first
parent of the merge of the search branch; its tree is exported with ``git archive`` and put first
on PYTHONPATH, its mkdocs.yml, docs, hooks and overrides copied into the project) and with the code
of the working tree. ``--keep DIR`` builds there and reuses finished builds; ``--sites`` measures two
sites built already.

Each site is served on 127.0.0.1 and measured in fresh Chromium contexts, alternately old and new,
``--runs`` times per query:

- *cold*: the home page is opened and the query put into the search box as soon as the page is
  parsed; the time from the navigation's start to the first result drawn (fetching the index,
  handing it to the worker, lunr indexing it, the query). Also: when the index was fetched
  (``responseEnd``) and when the worker reported itself ready (Material's READY message), from
  the navigation's start, and the worker's set-up (from SETUP sent to READY);
- *warm*: in the same page, the worker ready, each query in turn put into the emptied box: the
  time from its ``keyup`` to its first result drawn.

Medians are printed, per query and overall.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from corpus_gen import PROJECT_PARTS, generate  # noqa: E402

QUERIES = ["网络强国", "網絡強國", "cyberpower", "wangluo qiangguo"]
BASE = "4d02293^1"  # main before the search branch was merged (issue 18)

# Times Material's search worker: when the page sends it the index (SETUP, type 0) and when it
# answers READY (type 1), in performance.now() milliseconds from the navigation's start.
WORKER_TIMES = """(() => {
  const Base = window.Worker
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args)
      this.addEventListener("message", e => { if (e.data && e.data.type === 1 && !window.__ready) window.__ready = performance.now() })
    }
    postMessage(message, ...rest) {
      if (message && message.type === 0 && !window.__setup) window.__setup = performance.now()
      return super.postMessage(message, ...rest)
    }
  }
})()"""

# Put a query into Material's search box (as an IME commits it) and resolve with the time its
# first result is drawn; Material reads the box on keyup.
ASK = """async query => {
  const box = document.querySelector(".md-search__input"), list = document.querySelector(".md-search-result__list")
  const drawn = new Promise(resolve => {
    const seen = () => list.querySelector(".md-search-result__item")
    new MutationObserver((_, observer) => { if (seen()) { observer.disconnect(); resolve(performance.now()) } })
      .observe(list, {childList: true, subtree: true})
  })
  box.focus()
  box.value = query
  const start = performance.now()
  box.dispatchEvent(new Event("input", {bubbles: true}))
  box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "Process"}))
  return [start, await drawn]
}"""

CLEAR = """() => { const box = document.querySelector(".md-search__input"); box.value = "";
  box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "Backspace"})) }"""


def build(project: Path, site: Path, pythonpath: str | None) -> None:
    env = {**os.environ, "LECTERN_ANNOTATE": "0", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env, check=True)
    print(f"built {site} in {time.perf_counter() - start:.0f} s", flush=True)


def build_both(work: Path, sources: int, base: str) -> tuple[Path, Path]:
    """The generated project built with the code of ``base`` (old) and of the working tree (new)."""
    new, old, code = work / "new", work / "old", work / "base-code"
    if not (new / "corpus").exists():
        generate(sources, new)
    if not (old / "corpus").exists():
        shutil.rmtree(code, ignore_errors=True)
        code.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", base], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        shutil.copytree(new, old)
        for part in (*PROJECT_PARTS, "hooks"):  # the base still had its hook (the plugin came with issue 20)
            target = old / part
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            if (code / part).exists():
                (shutil.copytree if (code / part).is_dir() else shutil.copy2)(code / part, target)
        # The seed corpus as the base had it (its schema may lack keys added since); generated sources kept.
        for entry in (old / "corpus").rglob("*"):
            if entry.is_file() and not entry.name.endswith("-generated.md"):
                entry.unlink()
        shutil.copytree(code / "corpus", old / "corpus", dirs_exist_ok=True)
        config = old / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  - src\n", ""), encoding="utf-8")
    for project, pythonpath in ((old, str(code / "src")), (new, None)):
        if not (project / "site" / "search" / "search_index.json").exists():
            build(project, project / "site", pythonpath)
    return old / "site", new / "site"


def sizes(site: Path) -> tuple[int, int]:
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, 9, mtime=0))


def measure(browser, base: str, query: str) -> dict[str, float]:
    """One fresh page: the cold query, then each of QUERIES warm."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WORKER_TIMES)
    page = context.new_page()
    page.goto(base, wait_until="domcontentloaded")
    _, drawn = page.evaluate(ASK, query)
    page.wait_for_function("window.__ready > 0", timeout=120_000)
    out = page.evaluate("""() => ({fetched: performance.getEntriesByType("resource")
        .find(e => e.name.includes("search_index.json")).responseEnd, setup: window.__setup, ready: window.__ready})""")
    out = {"cold": drawn, "fetched": out["fetched"], "ready": out["ready"], "init": out["ready"] - out["setup"]}
    for warm in QUERIES:
        page.evaluate(CLEAR)
        page.wait_for_function("!document.querySelector('.md-search-result__item')")
        start, drawn = page.evaluate(ASK, warm)
        out[f"warm {warm}"] = drawn - start
    context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=800)
    parser.add_argument("--runs", type=int, default=5, help="cold runs per query and site")
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--keep", type=Path, help="build here and keep it (finished builds are reused)")
    parser.add_argument("--sites", nargs=2, type=Path, metavar=("OLD_SITE", "NEW_SITE"), help="measure these")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="lectern-search-"))
    old, new = args.sites or build_both(work, args.sources, args.base)
    for name, site in (("old", old), ("new", new)):
        raw, gz = sizes(site)
        print(f"{name} index: {raw:,} bytes raw, {gz:,} bytes gzip -9", flush=True)

    from playwright.sync_api import sync_playwright
    from tests.browser.conftest import CHROMIUM_ARGS, serve_directory

    rows: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    with serve_directory(old) as old_url, serve_directory(new) as new_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for run in range(args.runs * len(QUERIES)):
            query = QUERIES[run % len(QUERIES)]
            sites = (("old", old_url), ("new", new_url))
            for name, url in sites if run % 2 == 0 else sites[::-1]:
                row = measure(browser, url, query)
                rows[name].append({**row, f"cold {query}": row["cold"]})
                print(f"run {run} {name} {query}: " + ", ".join(f"{k} {v:.0f}" for k, v in row.items()), flush=True)
        browser.close()
    keys = ["cold", *(f"cold {q}" for q in QUERIES), "fetched", "ready", "init", *(f"warm {q}" for q in QUERIES)]
    print("median ms (n)            old      new   new/old")
    for key in keys:
        o, n = ([r[key] for r in rows[name] if key in r] for name in ("old", "new"))
        mo, mn = statistics.median(o), statistics.median(n)
        print(f"{key:22} {mo:8.0f} {mn:8.0f}   {mn / mo:.2f}×  ({len(o)}/{len(n)})")
    warm = {
        name: statistics.median(v for r in rows[name] for k, v in r.items() if k.startswith("warm")) for name in rows
    }
    print(f"{'warm (all queries)':22} {warm['old']:8.0f} {warm['new']:8.0f}   {warm['new'] / warm['old']:.2f}×")
    if not args.keep and not args.sites:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

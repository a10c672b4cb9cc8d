"""Search: index size and time to the first result in the browser, Material's index against
lectern's (issue 18), on a generated corpus (default: the largest of build_scale.py, 800 sources).

Usage: .venv/bin/python bench/search_speed.py [--sources 800] [--runs 7] [--base COMMIT]

One project is generated (``bench/corpus_gen.py``) and built once, plain (LECTERN_ANNOTATE=0: search
indexes the text before the reading aids are added, so the index is the same), with the hook of
``--base`` (the commit before search was reworked): that is the *old* site, Material's own index and
worker. The *new* site is a copy with the index rewritten by ``lectern.searchindex.rewrite`` (terms
per passage found on the plain text, as the build finds them), the worker shim added and the pages
pointed at it. Then, alternately old and new, ``--runs`` times each in fresh browser contexts:
the home page is opened, the search box focused and a query typed at once; the time from the
navigation's start to the first result drawn is recorded (fetching the index, building the lunr
index in the worker, the query), and, once ready, the time from one more query's keystroke to its
first result. Medians are printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
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

from corpus_gen import generate  # noqa: E402

QUERIES = ["网络强国", "cyberpower", "wangluo"]


def build_old(project: Path, base: str) -> Path:
    old_hook = subprocess.run(["git", "show", f"{base}:hooks/lectern_mkdocs.py"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    (project / "hooks").mkdir(exist_ok=True)  # the hook is gone since the plugin (issue 20): the base's, with its config
    (project / "hooks" / "lectern_mkdocs.py").write_text(old_hook, encoding="utf-8")
    old_config = subprocess.run(["git", "show", f"{base}:mkdocs.yml"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout
    (project / "mkdocs.yml").write_text(old_config.replace("  - src\n", ""), encoding="utf-8")
    env = {**os.environ, "LECTERN_ANNOTATE": "0", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    site = project / "site-old"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env, check=True)
    print(f"old build: {time.perf_counter() - start:.0f} s", flush=True)
    return site


def make_new(project: Path, old: Path) -> Path:
    from lectern import searchindex
    from lectern.glossary import passage_terms
    from lectern.publish import load

    new = project / "site-new"
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(old, new)
    start = time.perf_counter()
    inputs = load(project / "corpus")
    found = passage_terms(inputs.glossary, inputs.corpus)
    loaded = time.perf_counter()
    index = new / "search" / "search_index.json"
    index.write_bytes(searchindex.rewrite(index.read_text(encoding="utf-8"), inputs.glossary.terms, found).encode("utf-8"))
    done = time.perf_counter()
    print(f"rewrite: corpus and terms {loaded - start:.1f} s, index {done - loaded:.1f} s", flush=True)
    (new / searchindex.WORKER).write_text(searchindex.worker_script(), encoding="utf-8")
    for page in new.rglob("*.html"):
        page.write_text(searchindex.use_worker(page.read_text(encoding="utf-8")), encoding="utf-8")
    return new


def index_only(project: Path, seed_old: Path, seed_new: Path) -> tuple[Path, Path]:
    """Without a site build (an 800-source build takes over half an hour on a busy machine): the
    index Material's plugin would write for the generated sources (one entry per source, its
    passages as paragraphs, Chinese segmented by the plugin's own jieba code), added to the seed
    site's index; served in copies of a built seed site (old: as built before issue 18; new: with the
    shim). The rewrite then runs on it as the hook runs it."""
    from html import escape

    from material.plugins.search.plugin import SearchIndex

    from lectern import searchindex
    from lectern.glossary import passage_terms
    from lectern.publish import load

    start = time.perf_counter()
    inputs = load(project / "corpus")
    print(f"corpus loaded: {time.perf_counter() - start:.0f} s", flush=True)
    segment = SearchIndex()._segment_chinese
    seed = json.loads((seed_old / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = list(seed["docs"])
    for source in inputs.corpus.sources:
        if not source.slug.endswith("-generated"):
            continue
        text = "".join(f"<p>{escape(p.text, quote=False)}</p>" for p in source.passages)
        docs.append({"location": f"sources/{source.slug}/", "title": segment(source.title), "text": segment(text)})
    material = json.dumps({"config": seed["config"], "docs": docs}, separators=(",", ":"))
    old = project / "site-old"
    new = project / "site-new"
    for site, shell in ((old, seed_old), (new, seed_new)):
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(shell, site)
    (old / "search" / "search_index.json").write_text(material, encoding="utf-8")
    start = time.perf_counter()
    found = passage_terms(inputs.glossary, inputs.corpus)
    found_at = time.perf_counter()
    rewritten = searchindex.rewrite(material, inputs.glossary.terms, found)
    print(f"rewrite: terms per passage {found_at - start:.0f} s, index {time.perf_counter() - found_at:.1f} s", flush=True)
    (new / "search" / "search_index.json").write_text(rewritten, encoding="utf-8")
    (new / searchindex.WORKER).write_text(searchindex.worker_script(), encoding="utf-8")
    return old, new


def sizes(site: Path) -> tuple[int, int]:
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, 9, mtime=0))


def first_result(browser, base: str, query: str) -> tuple[float, float]:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base, wait_until="domcontentloaded")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query)
    box.press("End")
    item = page.locator(".md-search-result__item").first
    expect(item).to_be_visible(timeout=120_000)
    cold = page.evaluate("performance.now()")
    # once ready: one more query, from its keystroke to its first result
    box.fill("")
    box.press("End")
    page.wait_for_timeout(300)
    page.evaluate("""() => { window.__t0 = null;
        new MutationObserver((_, o) => { if (document.querySelector('.md-search-result__item')) {
          window.__t1 = performance.now(); o.disconnect() } })
          .observe(document.querySelector('.md-search-result__list'), {childList: true}) }""")
    box.press_sequentially("power")
    page.evaluate("window.__t0 = performance.now()")
    box.press("End")
    page.wait_for_function("window.__t1 > 0", timeout=60_000)
    warm = page.evaluate("window.__t1 - window.__t0")
    context.close()
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=800)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--base", default="f115026")
    parser.add_argument("--keep", type=Path, help="build here and keep it (reused when it holds both sites)")
    parser.add_argument("--index-only", nargs=2, type=Path, metavar=("OLD_SEED_SITE", "NEW_SEED_SITE"),
                        help="no site build: see index_only()")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="lectern-search-"))
    project = work / "project"
    if not (project / "corpus").exists():
        generate(args.sources, project)
    if args.index_only:
        old, new = index_only(project, *args.index_only)
    else:
        if not (project / "site-old" / "search" / "search_index.json").exists():
            build_old(project, args.base)
        old, new = project / "site-old", make_new(project, project / "site-old")
    for name, site in (("old", old), ("new", new)):
        raw, gz = sizes(site)
        print(f"{name} index: {raw} bytes raw, {gz} bytes gzip -9", flush=True)

    from playwright.sync_api import sync_playwright
    from tests.browser.conftest import CHROMIUM_ARGS, serve_directory

    times = {"old": [], "new": []}
    with serve_directory(old) as old_url, serve_directory(new) as new_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for run in range(args.runs):
            query = QUERIES[run % len(QUERIES)]
            for name, url in (("old", old_url), ("new", new_url)) if run % 2 == 0 else (("new", new_url), ("old", old_url)):
                cold, warm = first_result(browser, url, query)
                times[name].append((cold, warm))
                print(f"run {run} {name} {query}: first result {cold:.0f} ms after navigation, next query {warm:.0f} ms", flush=True)
        browser.close()
    for name, values in times.items():
        print(f"{name}: median first result {statistics.median(c for c, _ in values):.0f} ms, "
              f"median next query {statistics.median(w for _, w in values):.0f} ms")
    ratio = statistics.median(c for c, _ in times["new"]) / statistics.median(c for c, _ in times["old"])
    print(f"new/old first result: {ratio:.2f}×")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

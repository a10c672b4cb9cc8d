"""Byte budgets of the popup dictionary and the popover, measured on the built site.

Usage: .venv/bin/python bench/dictionary_budget.py [SITE_DIR] [--runs 5]

Without SITE_DIR, builds the site (`mkdocs build`) into a temporary folder first. Sizes are gzip
level 6 (what a web server typically sends). Exits with status 1 if a budget is exceeded. Then
times the dictionary's share of a build (`lectern.dictionary.api` on the words of the corpus's passages, median
of --runs): without a cache, and with the cache of an unchanged rebuild.

- api/dictionary.json: fetched once, on the first popup of a visit, never inlined in pages.
- the popover's own files (popover.js, popups.js, popover.css) as bundled into assets/lectern.*.
- the reader's whole bundle (assets/lectern.js + assets/lectern.css), the project's limit.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB = 1024
BUDGETS = {  # name -> bytes (gzip)
    "api/dictionary.json": 48 * KB,
    "popover JS + CSS": 4 * KB,
    "assets/lectern.js + lectern.css": 15 * KB,
}
POPOVER_FILES = ("popover.js", "popups.js", "popover.css")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure(site: Path) -> dict[str, tuple[int, int]]:
    """name -> (bytes, gzip bytes)."""
    dictionary = (site / "api" / "dictionary.json").read_bytes()
    assets = resources.files("lectern") / "assets"
    popover = b"".join((assets / name).read_bytes() for name in POPOVER_FILES)
    bundle = (site / "assets" / "lectern.js").read_bytes() + (site / "assets" / "lectern.css").read_bytes()
    # The popover's files must really be in the bundle the site serves.
    for name in POPOVER_FILES:
        assert (assets / name).read_bytes().strip() in bundle, f"{name} is not in the site's bundle"
    return {
        "api/dictionary.json": (len(dictionary), gz(dictionary)),
        "popover JS + CSS": (len(popover), gz(popover)),
        "assets/lectern.js + lectern.css": (len(bundle), gz(bundle)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.site:
        status = report(args.site)
    else:
        with tempfile.TemporaryDirectory() as site:
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=ROOT, env=env, check=True)
            status = report(Path(site))
    timing(args.runs)
    return status


def timing(runs: int) -> None:
    from lectern import dictionary, render
    from lectern.corpus import load_corpus
    from lectern.ruby import Annotator

    annotator = Annotator(ROOT / ".cache" / "lectern" / "readings.json")  # the words a build shows
    for source in load_corpus(ROOT / "corpus").sources:
        for p in source.passages:
            annotator.annotate(render.body_html(p), dict(p.readings))
    words = [dictionary.word(*w) for w in annotator.written]

    def median(cold: bool, cache: Path | None) -> float:
        times = []
        for _ in range(runs):
            if cold:
                dictionary.cedict.text.cache_clear()
            start = time.perf_counter()
            dictionary.api(words, cache)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "dictionary.json"
        cold = median(True, None)
        dictionary.api(words, cache)
        warm = median(False, cache)
    print(
        f"\nDictionary's share of a build (median of {runs}): no cache {cold:.2f} s; "
        f"unchanged words, cache warm {warm * 1000:.1f} ms"
    )


def report(site: Path) -> int:
    sizes = measure(site)
    words = json.loads((site / "api" / "dictionary.json").read_text(encoding="utf-8"))
    readings = sum(len(r) for r in words.values())
    print(f"Dictionary: {len(words)} words ({readings} word-readings).\n")
    print("| File | bytes | gzip | budget (gzip) | |\n|---|---:|---:|---:|---|")
    over = False
    for name, (raw, packed) in sizes.items():
        ok = packed <= BUDGETS[name]
        over |= not ok
        print(f"| {name} | {raw:,} | {packed:,} | {BUDGETS[name]:,} | {'ok' if ok else 'OVER'} |")
    print(f"\ngzip bytes per word-reading in the dictionary: {sizes['api/dictionary.json'][1] / max(readings, 1):.0f}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

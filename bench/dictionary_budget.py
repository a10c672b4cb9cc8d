"""Byte budgets of the popup dictionary and the popover, measured on the built site.

Usage: .venv/bin/python bench/dictionary_budget.py [SITE_DIR]

Without SITE_DIR, builds the site (`mkdocs build`) into a temporary folder first. Sizes are gzip
level 6 (what a web server typically sends). Exits with status 1 if a budget is exceeded.

- api/dictionary.json: fetched once, on the first popup of a visit, never inlined in pages.
- the popover's own files (popover.js, popups.js, popover.css) as bundled into assets/lectern.*.
- the reader's whole bundle (assets/lectern.js + assets/lectern.css), the project's limit.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
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
    if len(sys.argv) > 1:
        return report(Path(sys.argv[1]))
    with tempfile.TemporaryDirectory() as site:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=ROOT, env=env, check=True)
        return report(Path(site))


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

"""Build time and site size with a large glossary: the seed corpus plus N generated terms.

Usage: .venv/bin/python bench/glossary_scale.py [--sizes 500 1000 5000]

For each size the project is copied to a temporary folder, ``corpus/glossary.yml`` gets N more
terms (distinct English headwords and three-character Chinese forms with their pinyin written out,
so the glossary's own pinyin is not what is measured), and ``mkdocs build`` runs once in a fresh
process with the reading aids on and an empty cache. Reported: wall time, CPU time, peak memory,
the size of the site, the size of the glossary folder and of one term page. Target (issue 22):
5,000 terms in under 10× the time of 500, and the site growing linearly.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_scale import build  # one timed `mkdocs build` for every bench

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "docs", "overrides", "corpus", "src")
# Characters with one common reading each, so the generated pinyin is a valid reading.
CHARS = "天地人山水火木金土日月星云风雨雪花草树林石田江河湖海东西南北上下左右大小多少长短高低"
WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
    "quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
).split()


def terms(n: int) -> str:
    from pypinyin import Style, pinyin

    reading = {c: pinyin(c, style=Style.TONE)[0][0] for c in CHARS}
    out = []
    combos = itertools.product(CHARS, repeat=3)
    for i, chars in zip(range(n), combos):
        a, b, c = WORDS[i % 26], WORDS[(i // 26) % 26], WORDS[(i // 676) % 26]
        zh = "".join(chars)
        out.append(
            f"- id: synthetic-{i:05d}\n  en: {a} {b} {c} concept\n  zh: {zh}\n"
            f"  pinyin: {' '.join(reading[ch] for ch in chars)}\n"
            f"  definition: A generated term ({i}) to measure how the build scales with the glossary.\n"
        )
    return "".join(out)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(n: int, workdir: Path) -> dict[str, float]:
    project = workdir / f"g{n}"
    project.mkdir()
    for part in PARTS:
        src = ROOT / part
        (
            shutil.copytree(src, project / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            if src.is_dir()
            else shutil.copy2(src, project / part)
        )
    glossary = project / "corpus" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + terms(n), encoding="utf-8")
    wall, cpu, peak = build(project, annotate=True)
    site = project / "site"
    result = {
        "terms": n,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_mib": peak,
        "site_mb": size(site) / 1e6,
        "glossary_mb": size(site / "glossary") / 1e6,
        "term_page_kb": (site / "glossary" / "synthetic-00000" / "index.html").stat().st_size / 1e3,
    }
    shutil.rmtree(project)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 5000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lectern-glossary-") as tmp:
        rows = [measure(n, Path(tmp)) for n in args.sizes]
    print("| terms | wall | CPU | peak memory | site | glossary/ | one term page |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['terms']:,} | {r['wall_s']:.1f} s | {r['cpu_s']:.1f} s | {r['peak_mib']:.0f} MiB | "
            f"{r['site_mb']:.1f} MB | {r['glossary_mb']:.1f} MB | {r['term_page_kb']:.1f} KB |"
        )


if __name__ == "__main__":
    main()

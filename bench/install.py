"""Install time and size of a fresh runtime venv: ``requirements.lock`` plus the project, as
``make build`` does on a new machine (or in CI without a cache).

    .venv/bin/python bench/install.py [PROJECT_DIR ...] [--runs 3] [--cold]

``--cold`` installs with pip's cache off (a CI runner without a cache: every package downloaded,
jieba's source archive built if the lock file names jieba); otherwise pip's cache is used as it is.
Prints, per project folder, each run's seconds, their median and the venv's size (``du -sm``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def install(project: Path, cold: bool) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        env = {**os.environ, **({"PIP_NO_CACHE_DIR": "1"} if cold else {})}
        start = time.perf_counter()
        subprocess.run([*pip, "-r", str(project / "requirements.lock")], check=True, env=env)
        subprocess.run([*pip, "--no-deps", str(project)], check=True, env=env)
        seconds = time.perf_counter() - start
        size = int(
            subprocess.run(["du", "-sm", str(venv)], capture_output=True, text=True, check=True).stdout.split()[0]
        )
        shutil.rmtree(venv)
        return seconds, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("projects", nargs="*", type=Path, default=[Path(__file__).resolve().parent.parent])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="pip's cache off (PIP_NO_CACHE_DIR=1)")
    args = parser.parse_args()
    for project in args.projects:
        runs = [install(project, args.cold) for _ in range(args.runs)]
        times = [f"{s:.1f}" for s, _ in runs]
        print(
            f"{project}: {'cold' if args.cold else 'warm'} install {statistics.median(s for s, _ in runs):.1f} s "
            f"(runs: {', '.join(times)}), venv {runs[-1][1]} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""The build's caches (``.cache/lectern/*.json``): versioned, read forgivingly, written atomically.

A cache is a JSON object with a ``version``: a file of another version, a damaged file or a missing
one reads as empty, so the work is simply done again. It is written to a temporary file that then
replaces the old one, so a build that is interrupted never leaves half a cache behind.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def read(path: Path | None, version: int | str) -> dict:
    """The cached data (without its version), or ``{}`` when there is nothing usable."""
    if not path:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    return {key: value for key, value in data.items() if key != "version"}


def write(path: Path, version: int | str, data: dict) -> None:
    """Store ``data`` (a JSON object with no ``version`` key of its own) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"version": version, **data}, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    tmp.replace(path)

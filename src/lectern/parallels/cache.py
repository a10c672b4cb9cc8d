"""The detector's cache files: results by content (``parallels.json``) and sentence vectors
(``meaning.npz``, :mod:`lectern.meaning`)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .model import VERSION, Config, Parallel, Span

MEANING_CACHE = "meaning.npz"


def meaning_store(cache_dir: Path | None, config: Config):
    """The sentence vectors (:class:`lectern.meaning.Embeddings`) kept in ``cache_dir``, or None
    when ``config.meaning`` is off."""
    if not config.meaning:
        return None
    from .. import meaning

    return meaning.Embeddings.load(Path(cache_dir) / MEANING_CACHE if cache_dir else None)


def parallel_to_json(p: Parallel) -> list:
    return [
        list(p.a),
        list(p.b),
        p.score,
        p.kind,
        [[s.start, s.end] for s in p.spans_a],
        [[s.start, s.end] for s in p.spans_b],
        p.reason,
        p.origin,
    ]


def parallel_from_json(r: list) -> Parallel:
    return Parallel(
        tuple(r[0]),
        tuple(r[1]),
        r[2],
        r[3],
        r[7],
        tuple(Span(*s) for s in r[4]),
        tuple(Span(*s) for s in r[5]),
        reason=r[6],
    )


def cache_version() -> str:
    """``VERSION`` and a digest of the calibrations' weights: scores cached under other weights
    (a refit, a hand edit that forgot to bump ``VERSION``) are never reused."""
    from .scoring import CALIBRATION, CROSS_CALIBRATION

    weights = json.dumps([CALIBRATION, CROSS_CALIBRATION], sort_keys=True)
    return f"{VERSION}:{hashlib.sha256(weights.encode()).hexdigest()[:12]}"


def read_cache(path: Path | None) -> dict:
    if not path or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if data.get("version") == cache_version() else {}
    except (OSError, ValueError):
        return {}


def write_cache(path: Path, data: dict) -> None:
    """Write ``data`` atomically; the temporary file is the process's own, so two builds sharing a
    cache folder never write into one file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"version": cache_version(), **data}, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)

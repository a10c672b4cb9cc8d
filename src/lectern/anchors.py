"""Stable passage anchors.

The rule, in the words the README uses:

* A source without a ledger numbers its passages ``p1``, ``p2``, … in reading order.
* ``corpus/anchors/<slug>.txt`` (the *ledger*, written by ``lectern anchors`` and committed)
  remembers which text each id was given to, as two fingerprints per passage.
* On every build the current passages are aligned with the ledger, like ``diff`` aligns lines:
  unchanged passages keep their ids; a passage edited in place (a typo fixed) keeps its id;
  an inserted passage gets the id of the passage before it plus a letter (``p2a``, ``p2b``),
  the way statutes number inserted sections; a deleted passage's id is retired and never reused.

So an edit to one passage never moves the anchor of another, and links stay valid.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from string import ascii_lowercase

HEADER = "# Passage anchors of this source. Written by `lectern anchors`; commit it with the source.\n"


@dataclass(frozen=True)
class Entry:
    id: str
    exact: str  # hash of the normalised text
    near: int  # 64-bit simhash, close for similar texts
    retired: bool = False


@dataclass(frozen=True)
class Ledger:
    entries: tuple[Entry, ...] = ()

    @property
    def active(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if not e.retired)


@dataclass(frozen=True)
class Anchoring:
    """The ids given to a source's passages (``ids``, in order), by :func:`assign`."""

    ids: tuple[str, ...]
    ledger: Ledger  # the ledger that records these ids
    stale: bool  # the ledger on disk differs from ``ledger``


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"[^\W\d_]+|\d+|[\u3400-\u9fff]", text) or [text]


def exact_hash(text: str) -> str:
    return hashlib.blake2b(" ".join(_tokens(text)).encode(), digest_size=8).hexdigest()


def near_hash(text: str) -> int:
    """A 64-bit simhash over word pairs: texts that differ by a typo differ in few bits."""
    tokens = _tokens(text)
    weights = [0] * 64
    for shingle in zip(tokens, tokens[1:] + [""]):
        h = int.from_bytes(hashlib.blake2b(" ".join(shingle).encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def _distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def read_ledger(path: Path) -> Ledger:
    if not path.is_file():
        return Ledger()
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split(" ", 3)
        if line.startswith("#") or len(fields) < 2:
            continue
        if fields[1] == "retired":
            entries.append(Entry(fields[0], "", 0, retired=True))
        elif len(fields) >= 3:
            entries.append(Entry(fields[0], fields[1], int(fields[2], 16)))
    return Ledger(tuple(entries))


def format_ledger(ledger: Ledger, texts: dict[str, str]) -> str:
    """The ledger file: one line per id, with the passage's first words for reviewers."""
    lines = [HEADER]
    for e in ledger.entries:
        if e.retired:
            lines.append(f"{e.id} retired\n")
        else:
            words = " ".join(texts.get(e.id, "").split())
            preview = words[:60] + ("…" if len(words) > 60 else "")
            lines.append(f"{e.id} {e.exact} {e.near:016x} {preview}\n")
    return "".join(lines)


def _suffixes():
    for size in range(1, 4):
        for letters in product(ascii_lowercase, repeat=size):
            yield "".join(letters)


def _inserted_id(previous: str | None, taken: set[str]) -> str:
    base = m.group(0) if previous and (m := re.match(r"p\d+", previous)) else "p0"
    return next(base + s for s in _suffixes() if base + s not in taken)


def assign(texts: list[str], ledger: Ledger) -> Anchoring:
    """Give each passage text its stable id, aligned against ``ledger``."""
    exact = [exact_hash(t) for t in texts]
    near = [near_hash(t) for t in texts]
    if not ledger.entries:
        first = [f"p{n}" for n in range(1, len(texts) + 1)]
        new = Ledger(tuple(Entry(i, x, h) for i, x, h in zip(first, exact, near)))
        return Anchoring(tuple(first), new, stale=bool(texts))

    old = ledger.active
    ids: list[str | None] = [None] * len(texts)
    matcher = difflib.SequenceMatcher(a=[e.exact for e in old], b=exact, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2)):  # unchanged, or edited in place
                ids[j] = old[i].id
        elif op == "replace":  # unequal runs: the closest texts inherit the old ids
            pairs = sorted((_distance(old[i].near, near[j]), j, i) for i in range(i1, i2) for j in range(j1, j2))
            free_old, free_new = set(range(i1, i2)), set(range(j1, j2))
            for _, j, i in pairs:
                if i in free_old and j in free_new:
                    ids[j] = old[i].id
                    free_old.discard(i)
                    free_new.discard(j)

    taken = {e.id for e in ledger.entries}
    given: list[str] = []
    for pid in ids:
        if pid is None:
            pid = _inserted_id(given[-1] if given else None, taken)
            taken.add(pid)
        given.append(pid)

    kept = set(given)
    entries = [Entry(i, x, h) for i, x, h in zip(given, exact, near)]
    entries += [Entry(e.id, "", 0, retired=True) for e in ledger.entries if e.id not in kept]
    new = Ledger(tuple(entries))
    return Anchoring(tuple(given), new, stale=new != ledger)

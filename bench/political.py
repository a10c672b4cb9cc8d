"""Polyphone accuracy on real political prose (bench/data/political_{dev,test}.tsv).

Each line of a data file is ``sentence<TAB>syllables``: one tone-marked dictionary reading per Han
character of the sentence, in order (see bench/data/README.md). Scored, as for BZNSYP:

- only polyphonic characters, those with more than one reading in ``pypinyin.constants.PINYIN_DICT``;
- 一 and 不 are skipped;
- a reading is right when it equals the label exactly (the labels are dictionary readings, with
  neutral tones written without a mark, so there is no sandhi to allow for).

Two systems: pypinyin alone (``Pinyin().pinyin(sentence, style=Style.TONE)``) and lectern's
current engine (``lectern.reading.analyse``). Each is also scored on the trap characters alone
(``TRAPS``: 为 地 得 了 着 还 只 将 当 中 行 长 …), where the errors gather.

    .venv/bin/python bench/political.py [--errors]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SPLITS = ("dev", "test")
SKIPPED = frozenset("一不")
# single characters whose reading depends on the context (issue 15); scored apart as well
TRAPS = frozenset("为地得了着还只将当中行长重发教分相应数便调处量种系卡")
sys.path.insert(0, str(ROOT / "src"))  # lectern, when run without installing it
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def load(split: str, data: Path = DATA) -> list[tuple[str, list[str]]]:
    """(sentence, its syllables) for each line of a split."""
    rows = []
    path = data / f"political_{split}.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        sentence, syllables = line.split("\t")
        rows.append((sentence, syllables.split()))
    return rows


def polyphonic(char: str) -> bool:
    from pypinyin.constants import PINYIN_DICT

    return len(PINYIN_DICT.get(ord(char), "").split(",")) > 1


def scored(sentence: str, syllables: list[str]) -> Iterator[tuple[int, str]]:
    """(offset in the sentence, gold reading) of each scored character."""
    han = [i for i, c in enumerate(sentence) if HAN.match(c)]
    for i, gold in zip(han, syllables, strict=True):
        if sentence[i] not in SKIPPED and polyphonic(sentence[i]):
            yield i, gold


def read_pypinyin(sentence: str) -> list[str | None]:
    from pypinyin import Style
    from pypinyin.core import Pinyin

    result = Pinyin().pinyin(sentence, style=Style.TONE, errors=list)
    return [r[0] if HAN.match(c) else None for c, r in zip(sentence, result, strict=True)]


def read_lectern(sentence: str) -> list[str | None]:
    from lectern import reading

    return [s for word in reading.analyse(sentence) for s in word.syllables]


SYSTEMS: dict[str, Callable[[str], list[str | None]]] = {
    "pypinyin alone": read_pypinyin,
    "lectern (reading.analyse)": read_lectern,
}


def score(rows, read, chars: frozenset[str] | None = None) -> tuple[int, int, list[str]]:
    """(right, scored, one line per error), on every scored character or only on ``chars``."""
    right = total = 0
    errors = []
    for sentence, syllables in rows:
        got = read(sentence)
        for i, gold in scored(sentence, syllables):
            if chars is not None and sentence[i] not in chars:
                continue
            total += 1
            if got[i] == gold:
                right += 1
            else:
                context = sentence[max(0, i - 6) : i] + f"[{sentence[i]}]" + sentence[i + 1 : i + 7]
                errors.append(f"{context}\t{got[i]} (gold {gold})")
    return right, total, errors


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list each wrong reading")
    args = parser.parse_args(argv)
    data = {split: load(split) for split in SPLITS}
    columns = [(split, None) for split in SPLITS] + [(split, TRAPS) for split in SPLITS]
    print("| system | " + " | ".join(SPLITS) + " | " + " | ".join(f"{s}, traps only" for s in SPLITS) + " |")
    print("|---|" + "---:|" * len(columns))
    found = {}
    for name, read in SYSTEMS.items():
        cells = []
        for split, chars in columns:
            right, total, errors = score(data[split], read, chars)
            cells.append(f"{100 * right / total:.2f}% ({right}/{total})")
            if chars is None:
                found[name, split] = errors
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.errors:
        for (name, split), errors in found.items():
            print(f"\n## {name}, {split}: {len(errors)} errors")
            print("\n".join(errors))


if __name__ == "__main__":
    main()

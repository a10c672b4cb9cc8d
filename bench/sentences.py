"""Full-sentence polyphone accuracy: every polyphonic character of real sentences is scored.

Two kinds of labelled data, one scorer:

- BZNSYP (Databaker transcripts, ``../shared/data/bznsyp/dev.txt``), scored exactly as its README
  says: sentences whose syllables do not match their Han characters one to one, or that have an
  erhua syllable, are skipped; only polyphonic characters count (more than one reading in
  pypinyin's ``PINYIN_DICT``), 一 and 不 excepted; a third tone where the gold (spoken) reading has
  a second tone before a second or third tone is right (tone-3 sandhi).
- The political set (``bench/data/political_{dev,test}.tsv``): ``sentence<TAB>syllables``, one
  tone-marked syllable per Han character, scored by the same rules.

Readings are compared in tone-digit spelling (5 = neutral, ü as v).

    .venv/bin/python bench/sentences.py [--bznsyp PATH] [--political PATH ...]
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lectern import reading  # noqa: E402

# The shared data folder: next to the project, or next to its worktree's folder.
SHARED = next(
    (d / "shared" / "data" for d in (ROOT.parent, ROOT.parent.parent) if (d / "shared" / "data").is_dir()), ROOT
)
BZNSYP = SHARED / "bznsyp" / "dev.txt"
POLITICAL = ROOT / "bench" / "data"
SKIPPED = frozenset("一不")
_HAN = re.compile(f"[{reading.HAN}]")
_ERHUA = re.compile(r"^(?!er\d)\w+r\d$")


@dataclass(frozen=True)
class Sentence:
    text: str
    gold: tuple[str | None, ...]  # per character of text: tone-digit syllable, None if not Han
    sandhi: bool = True  # the gold is spoken (BZNSYP): tone-3 sandhi is accepted


def tone3(syllable: str | None) -> str | None:
    """A syllable (tone marks or digits) in tone-digit spelling: neutral 5, ü as v."""
    if not syllable:
        return None
    from pypinyin.contrib.tone_convert import to_tone3

    syllable = syllable.lower().replace("u:", "v").replace("ü", "v")
    if syllable[-1:].isdigit():
        return syllable
    return to_tone3(syllable, neutral_tone_with_five=True).replace("ü", "v")


def _align(text: str, syllables: list[str]) -> Sentence | None:
    han = [i for i, c in enumerate(text) if _HAN.match(c)]
    if len(han) != len(syllables) or any(_ERHUA.match(s) for s in syllables):
        return None
    gold: list[str | None] = [None] * len(text)
    for i, s in zip(han, syllables):
        gold[i] = tone3(s)
    return Sentence(text, tuple(gold))


def load_bznsyp(path: Path = BZNSYP) -> list[Sentence]:
    """The sentences of the Databaker transcripts that its README's rules score."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    out = []
    for head, pinyin in zip(lines[0::2], lines[1::2]):
        text = re.sub(r"#\d", "", head.split("\t", 1)[1]).strip()
        sentence = _align(text, pinyin.split())
        if sentence:
            out.append(sentence)
    return out


def load_tsv(path: Path) -> list[Sentence]:
    """``sentence<TAB>syllables`` lines (``#`` comments and blank lines ignored)."""
    out = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip() and not line.startswith("#"):
            text, _, syllables = line.partition("\t")
            sentence = _align(text.strip(), syllables.split())
            if sentence is None:
                raise ValueError(f"{path}: syllables do not match the Han characters of {text!r}")
            out.append(Sentence(sentence.text, sentence.gold, sandhi=False))
    return out


def polyphonic(char: str) -> bool:
    from pypinyin.constants import PINYIN_DICT

    return char not in SKIPPED and len(PINYIN_DICT.get(ord(char), "").split(",")) > 1


def right(predicted: str | None, gold: str, next_gold: str | None) -> bool:
    """The README's rule: equal, or tone 3 for a gold tone 2 that tone-3 sandhi explains (pass
    ``next_gold=None`` where the gold has no sandhi)."""
    if predicted == gold:
        return True
    return bool(
        predicted
        and predicted[-1] == "3"
        and gold[-1] == "2"
        and predicted[:-1] == gold[:-1]
        and next_gold
        and next_gold[-1] in "23"
    )


def targets(sentences: list[Sentence]) -> list[tuple[int, int]]:
    """(sentence number, character offset) of every scored character."""
    return [(k, i) for k, s in enumerate(sentences) for i, c in enumerate(s.text) if s.gold[i] and polyphonic(c)]


def score(sentences: list[Sentence], predictions: list[list[str | None]]) -> tuple[int, int, list]:
    """(right, scored, errors); ``predictions`` is one syllable (any spelling) per character."""
    ok, errors, scored = 0, [], targets(sentences)
    for k, i in scored:
        s = sentences[k]
        nxt = next((g for g in s.gold[i + 1 :] if g), None) if s.sandhi else None
        p = tone3(predictions[k][i])
        if right(p, s.gold[i], nxt):
            ok += 1
        else:
            errors.append((s.text, i, s.gold[i], p))
    return ok, len(scored), errors


# --- the systems: one syllable per character of each sentence ------------------------------------


def predict_lectern(sentences: list[Sentence]) -> list[list[str | None]]:
    reading.prepare([s.text for s in sentences])
    return [[y for w in reading.analyse(s.text) for y in w.syllables] for s in sentences]


def predict_pypinyin(sentences: list[Sentence]) -> list[list[str | None]]:
    from pypinyin import Style, pinyin

    out = []
    for s in sentences:
        result = pinyin(s.text, style=Style.TONE, errors=lambda chars: [[None]] * len(chars))
        out.append([r[0] for r in result] if len(result) == len(s.text) else [None] * len(s.text))
    return out


def predict_g2pm(sentences: list[Sentence]) -> list[list[str | None]]:
    from g2pM import G2pM

    model = G2pM()
    out = []
    for s in sentences:
        result = model(s.text, char_split=True)
        out.append([r if _HAN.match(c) else None for c, r in zip(s.text, result)])
    return out


SYSTEMS = {"pypinyin alone": predict_pypinyin, "g2pM alone": predict_g2pm, "lectern": predict_lectern}


def main(argv: list[str] | None = None) -> None:
    import argparse
    import logging

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bznsyp", type=Path, default=BZNSYP)
    parser.add_argument("--political", type=Path, nargs="*", default=sorted(POLITICAL.glob("political_*.tsv")))
    parser.add_argument("--errors", type=int, default=0, help="print this many of lectern's errors per set")
    args = parser.parse_args(argv)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    sets = {"BZNSYP dev": load_bznsyp(args.bznsyp)} | {p.stem: load_tsv(p) for p in args.political}
    print("| System | " + " | ".join(sets) + " |\n|---|" + "---:|" * len(sets))
    for name, system in SYSTEMS.items():
        cells = []
        for label, sentences in sets.items():
            ok, n, errors = score(sentences, system(sentences))
            cells.append(f"{ok / n:.2%} ({ok}/{n})" if n else "–")
            if name == "lectern" and args.errors:
                for text, i, gold, p in errors[: args.errors]:
                    print(
                        f"    {label}: {text[max(0, i - 8) : i]}[{text[i]}]{text[i + 1 : i + 8]} {gold} → {p}",
                        file=sys.stderr,
                    )
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

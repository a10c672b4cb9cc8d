"""Generate a corpus of N sources that looks like ours, for the scale benchmarks.

Usage: .venv/bin/python bench/corpus_gen.py N DEST [--seed 1]

DEST becomes a buildable project: this project's mkdocs.yml, docs/, hooks/ and overrides/, and
its whole ``corpus/`` (sources, glossary, parallels, assignments) plus N generated sources,
recombined from the real corpus so that its vocabulary, glossary terms and Chinese reach them:

- about half of the characters are Chinese: Chinese passages are built from the Chinese sentences
  of the seed corpus and, when ``../shared/data/cpp/dev.sent`` is there, from Wikipedia sentences of
  the CPP set (each sentence used once, so readings are not all cache hits);
- English passages are recombined from the sentences of the seed corpus's English passages;
- every fourth source quotes a passage of an earlier source verbatim, every sixth paraphrases one
  (a few words swapped), and every fifth carries a seed Chinese passage beside its English
  rendering, so parallels and glossary hits occur at realistic rates.

The same N and seed always give the same corpus.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lectern.corpus import load_corpus  # noqa: E402

CPP = ROOT.parent / "shared" / "data" / "cpp" / "dev.sent"
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "overrides")
_SENTENCE_EN = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_SENTENCE_ZH = re.compile(r"(?<=[。！？])")


def seed_material() -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """English sentences, Chinese sentences, and (Chinese, English) passage pairs of the corpus."""
    corpus = load_corpus(ROOT / "corpus")
    english, chinese, pairs = [], [], []
    for source in corpus.sources:
        passages = source.passages
        for i, p in enumerate(passages):
            if p.language == "en":
                english += [s for s in _SENTENCE_EN.split(p.text) if len(s) > 30]
            else:
                chinese += [s for s in _SENTENCE_ZH.split(p.text) if len(s) > 8]
                if i + 1 < len(passages) and passages[i + 1].language == "en":
                    pairs.append((p.text, passages[i + 1].text))
    if CPP.is_file():
        chinese += [line.replace("\u2581", "") for line in CPP.read_text(encoding="utf-8").splitlines()]
    return english, chinese, pairs


def markdown_safe(text: str) -> str:
    """Plain text that the corpus reads back as the same text (no Markdown or note syntax)."""
    return re.sub(r"([\\`*_\[\]#<>{}|])", r"\\\1", text)


def generate(n: int, dest: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    english, chinese, pairs = seed_material()
    rng.shuffle(chinese)
    fresh_chinese = itertools.cycle(chinese)  # each sentence once, until a large N needs them again
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, dest / part)
    config = dest / "mkdocs.yml"  # the generated project has no src/ to watch
    config.write_text(config.read_text(encoding="utf-8").replace("  - src\n", ""), encoding="utf-8")
    # The seed corpus comes along whole (its glossary, curated parallels and assignments name its
    # sources); the generated sources are added beside it.
    shutil.copytree(ROOT / "corpus", dest / "corpus")
    written: list[list[str]] = []
    for k in range(n):
        passages: list[str] = []
        for _ in range(rng.randint(8, 16)):
            if rng.random() < 0.45:
                passages.append(" ".join(rng.choice(english) for _ in range(rng.randint(2, 5))))
            else:
                passages.append("".join(next(fresh_chinese) for _ in range(rng.randint(16, 30))))
        if written and k % 4 == 0:
            passages.insert(rng.randrange(len(passages)), rng.choice(rng.choice(written)))
        if written and k % 6 == 0:
            words = rng.choice(rng.choice(written)).split()
            i = rng.randrange(max(len(words) - 1, 1))
            words[i : i + 2] = reversed(words[i : i + 2])
            passages.append(" ".join(words))
        if pairs and k % 5 == 0:
            passages += list(rng.choice(pairs))
        written.append(passages)
        year, month = 2012 + k % 13, 1 + k % 12
        body = "\n\n".join(markdown_safe(p) for p in passages)
        (dest / "corpus" / "sources" / f"{k:04d}-generated.md").write_text(
            f"---\ntitle: Generated source {k}\ndate: {year}-{month:02d}\nlanguage: mixed\n"
            f"speaker: Speaker {k % 17}\nkind: speech\n---\n\n{body}\n",
            encoding="utf-8",
        )
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.dest, args.seed)
    chars = han = 0
    for path in (args.dest / "corpus" / "sources").glob("*.md"):
        text = path.read_text(encoding="utf-8").split("---", 2)[2]
        chars += len(re.findall(r"\S", text))
        han += len(re.findall(r"[\u4e00-\u9fff]", text))
    print(f"{args.dest}: {args.n} sources, {chars} characters, {han / max(chars, 1):.0%} Han")


if __name__ == "__main__":
    main()

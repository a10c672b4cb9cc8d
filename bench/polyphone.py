"""Polyphone accuracy and speed of the reading engine (lectern.reading); prints a Markdown section.

Accuracy is measured on the CPP data set of g2pM (Chinese Polyphones with Pinyin): each line of
``*.sent`` is a sentence with one polyphonic character wrapped in U+2581 (▁X▁), the same line of
``*.lb`` its reading with a tone digit (5 = neutral tone, ü written u:). Three systems are scored:
pypinyin alone (its phrase dictionary, then each character's most common reading), g2pM alone, and
lectern.reading, plus ablations of its model. The model is fitted on dev data only
(``bench/fit_readings.py``); test is reported. Before CPP, the full-sentence table of
``bench/sentences.py`` (BZNSYP dev, the political sets) is printed.

Speed: the cold start (importing the module and reading a first short Chinese text) and the
throughput on the corpus's raw texts (mixed Chinese and English, analysed paragraph by paragraph
with an empty cache), each the median of 5 runs, each run in a fresh process.

    .venv/bin/python bench/polyphone.py [--data ../shared/data/cpp] [--political DEV TEST] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import sentences  # noqa: E402

from lectern import reading, reading_model  # noqa: E402

MARK = "\u2581"
SPLITS = ("dev", "test")


def load(data: Path, split: str) -> list[tuple[str, int, str]]:
    """(sentence, offset of the target character, gold reading) for each line of a split."""
    sents = (data / f"{split}.sent").read_text(encoding="utf-8").splitlines()
    labels = (data / f"{split}.lb").read_text(encoding="utf-8").splitlines()
    items = []
    for line, gold in zip(sents, labels, strict=True):
        before, char, after = line.split(MARK)
        items.append((before + char + after, len(before), gold.strip()))
    return items


def tone3(syllable: str | None) -> str | None:
    """A tone-marked syllable in CPP's spelling: tone digit, 5 for neutral, ü as u:."""
    from pypinyin.contrib.tone_convert import to_tone3

    if not syllable:
        return None
    return to_tone3(syllable, neutral_tone_with_five=True).replace("v", "u:").replace("ü", "u:")


# --- the systems ---------------------------------------------------------------------------------


def predict_pypinyin(items):
    from pypinyin import Style
    from pypinyin.core import Pinyin

    pinyin = Pinyin()
    out = []
    for sentence, i, _ in items:
        result = pinyin.pinyin(sentence, style=Style.TONE, errors=list)
        out.append(tone3(result[i][0]) if len(result) == len(sentence) else None)
    return out


def predict_g2pm(items):
    from g2pM import G2pM

    model = G2pM()
    return [model(sentence, char_split=True)[i] for sentence, i, _ in items]


def predict_lectern(items):
    out = []
    for sentence, i, _ in items:
        syllables = [s for word in reading.analyse(sentence) for s in word.syllables]
        out.append(tone3(syllables[i]))
    return out


def evidence(items):
    """lectern's evidence for each target character, to re-decide with other weights."""
    return [reading.text_evidence(reading.simplify(sentence), sentence)[i] for sentence, i, _ in items]


def accuracy(predictions, items) -> float:
    return sum(p == gold for p, (_, _, gold) in zip(predictions, items)) / len(items)


def decide_all(evs, weights=None):
    model = reading_model.model()
    if weights is not None:
        model = reading_model.Model(weights, model.counts, model.doubt)
    return [tone3(model.decide(ev)) for ev in evs]


# --- speed, each run in a fresh process ------------------------------------------------------------

COLD = r"""
import json, re, time
t = time.perf_counter()
import lectern.reading as r
imported = time.perf_counter() - t
r.analyse("以习近平同志为核心的党中央")
first = time.perf_counter() - t
rss = int(re.search(r"VmHWM:\s+(\d+) kB", open("/proc/self/status").read()).group(1)) * 1024
print(json.dumps({"import": imported, "first": first, "rss": rss}))
"""

BASELINE = r"""
import json, re
import lectern.reading
print(json.dumps({"rss": int(re.search(r"VmHWM:\s+(\d+) kB", open("/proc/self/status").read()).group(1)) * 1024}))
"""

THROUGHPUT = """
import json, sys, time
import lectern.reading as r
paragraphs = json.loads(sys.stdin.read())
r.prepare(paragraphs)  # load the engine and the dictionary entries of the text first, as a build does
t = time.perf_counter()
for p in paragraphs:
    r._analyse.__wrapped__(p)  # no cache
elapsed = time.perf_counter() - t
chars = sum(map(len, paragraphs))
han = sum(1 for p in paragraphs for c in p if r.HAN_CHAR.match(c))
print(json.dumps({"chars": chars, "han": han, "paragraphs": len(paragraphs), "seconds": elapsed}))
"""


def fresh_process(code: str, stdin: str = "") -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], input=stdin, cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def speed_text(dev: list[tuple[str, int, str]]) -> list[str]:
    """Realistic text to time: the corpus's paragraphs that have Chinese (mixed with English, but
    only 149 Han characters in all), then 1,000 CPP dev sentences (Wikipedia prose), 10 a paragraph."""
    paragraphs = []
    for path in sorted((ROOT / "corpus" / "raw").glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n") if reading.HAN_CHAR.search(p)]
    sentences = [s for s, _, _ in dev[:1000]]
    paragraphs += ["".join(sentences[k : k + 10]) for k in range(0, len(sentences), 10)]
    return paragraphs


# --- report --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=sentences.SHARED / "cpp")
    parser.add_argument(
        "--political", type=Path, nargs="*", default=sorted(sentences.POLITICAL.glob("political_*.tsv"))
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh processes for each speed figure")
    parser.add_argument("--speed-only", action="store_true", help="only the speed section")
    args = parser.parse_args()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    if args.speed_only:
        speed(args.runs, load(args.data, "dev"))
        return

    items = {split: load(args.data, split) for split in SPLITS}
    evs = {split: evidence(items[split]) for split in SPLITS}

    systems = {
        "pypinyin 0.55 alone (phrase dictionary, then most common reading)": predict_pypinyin,
        "g2pM alone": predict_g2pm,
        "**lectern.reading** (domain list, dictionary words, then the fitted model)": predict_lectern,
    }
    weights = reading_model.model().weights
    ablations = {
        "lectern, model without g2pM": {**weights, "g2pm": 0.0, "g2pm_top": 0.0},
        "lectern, model without context counts": {k: v for k, v in weights.items() if not k.startswith("ctx_")},
    }
    table, predictions = [], {}
    for name, system in systems.items():
        predictions[name] = {split: system(items[split]) for split in SPLITS}
        table.append((name, *(accuracy(predictions[name][s], items[s]) for s in SPLITS)))
    for name, weights in ablations.items():
        table.append((name, *(accuracy(decide_all(evs[s], weights), items[s]) for s in SPLITS)))
    lectern = predictions[list(systems)[-1]]

    n = {s: len(items[s]) for s in SPLITS}
    print("## Polyphone accuracy and reading-engine speed\n")
    print("Reproduce: `.venv/bin/python bench/polyphone.py` (the model is fitted by `bench/fit_readings.py --write`).")
    print("\n### Every polyphonic character of real sentences\n")
    sentences.main(["--political", *map(str, args.political)])
    print()
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}.\n")
    print(f"CPP (g2pM's polyphone set): dev {n['dev']} sentences, test {n['test']}; one target character each.")
    print(f"Model weights, fitted on dev data only: {reading_model.model().weights}.\n")
    print("| System | dev | test |\n|---|---:|---:|")
    for name, dev, test in table:
        print(f"| {name} | {dev:.2%} | {test:.2%} |")

    fixed = Counter(ev.fixed_by for ev in evs["test"] if ev.fixed_by)
    right = Counter(
        ev.fixed_by for ev, (_, _, gold) in zip(evs["test"], items["test"]) if ev.fixed_by and tone3(ev.fixed) == gold
    )
    for source in sorted(fixed):
        print(f"\nOn test, {source} readings decided {fixed[source]} targets, {right[source]} of them right.", end="")
    print("\n")

    errors, totals, confusions = Counter(), Counter(), defaultdict(Counter)
    for pred, (sentence, i, gold) in zip(lectern["test"], items["test"]):
        totals[sentence[i]] += 1
        if pred != gold:
            errors[sentence[i]] += 1
            confusions[sentence[i]][f"{gold}→{pred}"] += 1
    wrong = sum(errors.values())
    print(f"### Remaining errors on test, by character (top 20 of {len(errors)} characters, {wrong} errors)\n")
    print("| Character | Errors | Targets | Gold → predicted |\n|---|---:|---:|---|")
    for char, count in errors.most_common(20):
        pairs = ", ".join(f"{pair} ×{k}" if k > 1 else pair for pair, k in confusions[char].most_common(4))
        print(f"| {char} | {count} | {totals[char]} | {pairs} |")

    speed(args.runs, items["dev"])


def speed(runs: int, dev: list[tuple[str, int, str]]) -> None:
    """Time the cold start, the memory and the throughput, each run in a fresh process."""
    cold = [fresh_process(COLD) for _ in range(runs)]
    baseline = [fresh_process(BASELINE) for _ in range(runs)]
    text = json.dumps(speed_text(dev))
    speed = [fresh_process(THROUGHPUT, text) for _ in range(runs)]

    def med(values):
        return statistics.median(values)

    print(f"\n### Speed (median of {runs} runs, each in a fresh process)\n")
    print("| Measure | Value |\n|---|---:|")
    print(f"| `import lectern.reading` | {med([c['import'] for c in cold]) * 1000:.0f} ms |")
    print(f"| cold start: import + first analyse() of a short Chinese text | {med([c['first'] for c in cold]):.2f} s |")
    memory = med([c["rss"] for c in cold]) - med([b["rss"] for b in baseline])
    print(f"| memory of the engine after that (peak RSS over the bare import) | {memory / 2**20:.0f} MB |")
    s = speed[0]
    rate = med([r["chars"] / r["seconds"] for r in speed])
    han_rate = med([r["han"] / r["seconds"] for r in speed])
    print(f"| throughput, all characters | {rate:,.0f} chars/s |")
    print(f"| throughput, Han characters | {han_rate:,.0f} chars/s |")
    print(
        f"\nThroughput text: the corpus's raw paragraphs that contain Chinese, then 1,000 CPP dev sentences in "
        f"paragraphs of 10: {s['paragraphs']} paragraphs, {s['chars']:,} characters of which {s['han']:,} Han, "
        "analysed paragraph by paragraph without the cache, after the engine has loaded (with `prepare()`). "
        "A text with no Han character costs nothing: the engine is not even loaded."
    )


if __name__ == "__main__":
    main()

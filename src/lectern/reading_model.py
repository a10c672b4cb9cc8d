"""The model that decides the readings the dictionaries leave open (step 5 of :mod:`lectern.reading`):
the evidence about a character's reading, and a linear model over it fitted on full-sentence data
by ``bench/fit_readings.py`` (weights and counts in ``data/reading_model.json``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

MODEL_FILE = "data/reading_model.json"  # the fitted weights and counts of :class:`Model`
# the features of a candidate reading (:meth:`Model.features`), before those of its contexts ("ctx_p", …)
FEATURES = (
    *("g2pm", "g2pm_top", "g2pm_rare", "g2pm_back", "g2pm_lpback"),
    *("pypinyin", "cedict", "word", "default", "prior"),
)


@dataclass
class Evidence:
    """What is known about the reading of one character (used by :class:`Model` and the benchmark)."""

    char: str
    fixed: str | None = None  # a reading not up for the model ...
    fixed_by: str | None = None  # ... and why: "citation" (一, 不), "measure" (四个), "domain" or "dictionary"
    tentative: str | None = None  # a reading only one word list gives: fixed unless g2pM strongly disagrees
    candidates: tuple[str, ...] = ()  # the readings the model chooses from (sorted)
    g2pm: dict[str, float] = field(default_factory=dict)  # candidate -> g2pM's log-probability
    support: dict[str, set[str]] = field(default_factory=dict)  # phrase source -> readings its phrases give
    word: frozenset[str] = frozenset()  # the readings the entries of the character's word give it
    entries: tuple[tuple[str, ...], ...] = ()  # the readings of its word (when it has several)
    unit: str = ""  # what the model's counts are kept by: the character, or "便宜:0" in such a word
    default: str | None = None  # the character's most common reading (pypinyin's first)
    context: tuple[str, ...] = ()  # keys of its neighbourhood: "p:" + previous word's tag, … (see :func:`context`)


class Model:
    """The linear model of step 5 of :mod:`lectern.reading`'s docstring.

    ``score(r) = Σ weights[f] · f(r)`` over the features of :meth:`features`; the counts are, per
    character, how often each reading occurred in the training sentences overall (key ``""``) and
    in each context (key ``"p:v"``: after a verb; ``"N:了"``: before the word 了, …; ``"g:wèi"``: where
    g2pM's choice is wèi, which calibrates g2pM character by character). Counts give
    smoothed log-probabilities, each context's as a log-ratio to the character's overall one, so a
    context seen rarely says little.
    """

    FLOOR = 8.0  # g2pM's log-probability of a reading it does not give, and its lowest
    ALPHA = 1.0  # smoothing of a character's overall counts (spread over its candidates)
    BETA = 2.0  # smoothing of a context's counts (towards the character's overall distribution)
    RARE = 10  # a character seen fewer times in training is rare (feature g2pm_rare)

    def __init__(
        self,
        weights: Mapping[str, float],
        counts: Mapping[str, Mapping[str, Mapping[str, int]]],
        doubt: float = 1.0,
        jieba: Mapping[str, int] | None = None,
    ):
        self.weights = dict(weights)
        self.weighted = frozenset(name for name, w in self.weights.items() if w)  # the features that count
        self.counts = counts  # char -> context key ("" overall) -> reading -> count
        self.doubt = doubt
        # the jieba dictionary the counts were made with: {"crc32": its checksum, "total": its total
        # frequency}, so that the engine need not add up its 350,000 frequencies when it is the same
        self.jieba = dict(jieba or {})

    @classmethod
    def load(cls, data: Mapping) -> Model:
        return cls(data["weights"], data["counts"], data.get("doubt", 1.0), data.get("jieba"))

    def dump(self) -> dict:
        return {"weights": self.weights, "doubt": self.doubt, "counts": self.counts, "jieba": self.jieba}

    @staticmethod
    def keys(ev: Evidence) -> tuple[str, ...]:
        """The context keys the counts are kept by: the neighbourhood's, and g2pM's choice."""
        top = max(ev.g2pm, key=ev.g2pm.__getitem__) if ev.g2pm else None
        return (*ev.context, f"g:{top}") if top else ev.context

    def features(self, ev: Evidence, wanted: Collection[str] | None = None) -> dict[str, dict[str, float]]:
        """Feature name -> candidate -> value, for the ``wanted`` features only (all: None)."""
        names, rows = self._rows(ev, wanted)
        return {
            name: {r: rows[r][i] for r in ev.candidates}
            for i, name in enumerate(names)
            if wanted is None or name in wanted
        }

    def _rows(self, ev: Evidence, wanted: Collection[str] | None) -> tuple[list[str], dict[str, tuple[float, ...]]]:
        """The features' names (:data:`FEATURES`, then the ``wanted`` contexts'), and each
        candidate's values of them, in that order."""
        counts = self.counts.get(ev.unit or ev.char, {})
        candidates = ev.candidates
        k = len(candidates)
        overall = counts.get("", {})
        total = sum(overall.values())
        top = max(ev.g2pm, key=ev.g2pm.__getitem__) if ev.g2pm else None
        back = self.RARE / (self.RARE + total)  # how little the counts know: 1 for a character never seen
        pypinyin, cedict = ev.support.get("pypinyin", ()), ev.support.get("cedict", ())
        names = list(FEATURES)
        contexts = []  # (the counts of a context, their total)
        for key in self.keys(ev):
            if wanted is None or f"ctx_{key[:1]}" in wanted:
                names.append(f"ctx_{key[:1]}")
                seen = counts.get(key, {})
                contexts.append((seen, sum(seen.values())))
        rows = {}
        for r in candidates:
            prior = (overall.get(r, 0) + self.ALPHA / k) / (total + self.ALPHA)
            g2pm = max(ev.g2pm.get(r, -self.FLOOR), -self.FLOOR)
            row = (  # as FEATURES
                g2pm,
                float(r == top),
                # g2pM again, the more the fewer times the training sentences had the character: then
                # the counts know little, and g2pM, trained on one such character per sentence, is surer
                float(r == top and total < self.RARE),
                back * (r == top),
                back * g2pm,
                float(r in pypinyin),
                float(r in cedict),
                float(r in ev.word),
                float(r == ev.default),
                math.log(prior),
            )
            # each context's smoothed log-ratio to the character's overall odds
            rows[r] = row + tuple(
                [
                    math.log((seen.get(r, 0) + self.BETA * prior) / (n + self.BETA) / prior) if n else 0.0
                    for seen, n in contexts
                ]
            )
        return names, rows

    def ranked(self, ev: Evidence, weights: Mapping[str, float] | None = None) -> list[tuple[float, str]]:
        """The candidates with their scores, best first (ties: in sorted order)."""
        if weights is None:
            weights, wanted = self.weights, self.weighted
        else:
            wanted = frozenset(n for n, w in weights.items() if w)
        names, rows = self._rows(ev, wanted)
        factors = [(k, w) for k, name in enumerate(names) if (w := weights.get(name, 0.0))]
        scores = {}
        for r, row in rows.items():
            score = 0.0
            for k, w in factors:
                score += w * row[k]
            scores[r] = score
        return sorted(((s, r) for r, s in scores.items()), key=lambda sr: (-sr[0], ev.candidates.index(sr[1])))

    def decide(self, ev: Evidence) -> str | None:
        if ev.fixed is not None or not ev.candidates:
            return ev.fixed
        if (
            not (ev.g2pm or ev.support or ev.word)
            and ev.default in ev.candidates
            and (ev.unit or ev.char) not in self.counts
        ):
            return ev.default  # no evidence but the most common reading: what ranked() would give, cheaply
        return self.ranked(ev)[0][1]

    def decide_word(self, evidence: list[Evidence]) -> list[str | None]:
        """The readings of a word's characters. A word with several dictionary readings (便宜:
        biàn yí, pián yi) takes the one whose characters score best together, so that it is never
        read half one way and half the other; other characters are decided one by one."""
        entries = next((ev.entries for ev in evidence if ev.entries), ())
        fits = [e for e in entries if all(ev.fixed in (None, r) for ev, r in zip(evidence, e))]
        if not fits:
            return [self.decide(ev) for ev in evidence]

        scores = [{c: s for s, c in self.ranked(ev)} if ev.fixed is None and ev.candidates else {} for ev in evidence]

        def score(entry):
            total = 0.0
            for ev, found, r in zip(evidence, scores, entry):
                if ev.fixed is None and ev.candidates:
                    total += found.get(r, -math.inf)
            return total

        best = max(fits, key=score)  # ties: the first entry (CC-CEDICT's order)
        return [ev.fixed if ev.fixed is not None else r for ev, r in zip(evidence, best)]


@cache
def model() -> Model:
    """The fitted model shipped with lectern (``data/reading_model.json``)."""
    return Model.load(json.loads(resources.files("lectern").joinpath(MODEL_FILE).read_text("utf-8")))


def context(words: list[str], tags: list[str], k: int) -> tuple[str, ...]:
    """The context keys of the k-th word of a sentence: the previous and next words and their parts
    of speech ("^" and "$" at the sentence's ends), and whether a noun or pronoun then a verb follow
    it in its clause (为 wèi "for" in 为人民带来, not 为 wéi "be" in 以人民为中心)."""
    prev_word, prev_tag = (words[k - 1], tags[k - 1]) if k else ("^", "^")
    next_word, next_tag = (words[k + 1], tags[k + 1]) if k + 1 < len(words) else ("$", "$")
    clause: list[str] = []
    for tag in tags[k + 1 : k + 6]:
        if tag in ("w", "x") and not clause:
            break
        clause.append(tag[:1])
    pattern = "nv" if clause[:1] and clause[0] in "nr" and "v" in clause[1:] else "-"
    return (f"p:{prev_tag}", f"n:{next_tag}", f"P:{prev_word}", f"N:{next_word}", f"b:{pattern}")

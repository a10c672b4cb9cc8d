"""g2pM's log-probabilities of readings in context (evidence for step 5 of :mod:`lectern.reading`).

g2pM is a one-layer bidirectional LSTM (hidden size 32) and a two-layer classifier. Its weights come
from the installed package's files, but its own ``predict`` is not used: run one sentence at a time,
its cost is Python's, not arithmetic's (two LSTM cells of some twenty numpy calls each per
character, the classifier and an argmax over every target of every row). :class:`G2pm` computes the
same (``test_reading`` checks it against g2pM's ``predict``) with fewer, larger numpy calls:

- the input half of each LSTM gate, ``embedding @ W_ih.T + b_ih``, depends on the character alone,
  so it is computed once per vocabulary entry when the model loads (a lookup per step, not a matmul);
- both directions advance in the same numpy calls (their weights stacked);
- the forward pass stops after the last target of a batch, the backward one before its first;
- the classifier runs on the targets only.

The LSTM works in float64 as g2pM's does (its initial states are float64), on float32 weights.
"""

from __future__ import annotations

import math
import pickle

from lectern import reading_data

# characters (rows × padded width) in one batch of rows; bounds the memory of a batch
CELLS = 1 << 15
BOS, EOS, UNK = "시", "끝", "<UNK>"  # g2pM's tokens: begin and end of a sentence, unknown character


class G2pm:
    """g2pM's model, loaded from its package's files (not its CC-CEDICT copy, ``digest_cedict.pkl``:
    the candidates of a character are its readings that g2pM has classes for)."""

    def __init__(self, readings) -> None:
        """``readings``: a character -> its tone-marked readings (the engine's candidates)."""
        import numpy as np

        folder = reading_data.package_dir("g2pM")

        def load(name):
            return pickle.loads((folder / name).read_bytes())

        self.readings = readings
        self.ids: dict[str, int] = load("char2idx.pkl")
        w = load("np_ckpt.pkl")
        lstm = ("lstm.{}_l0", "lstm.{}_l0_reverse")  # forward, backward
        # PyTorch's gates are i, f, g, o (32 units each); put them as i, f, o, g, so that one
        # sigmoid covers i, f and o
        order = np.r_[0:64, 96:128, 64:96]
        # per vocabulary entry, per direction: the input half of the gates (2, vocabulary, 128)
        self.gates_in = np.stack(
            [(w["embedding.weight"] @ w[d.format("weight_ih")].T + w[d.format("bias_ih")])[:, order] for d in lstm]
        )
        self.w_hh = np.stack([w[d.format("weight_hh")].T[:, order] for d in lstm]).astype(np.float64)  # (2, 32, 128)
        self.b_hh = np.stack([w[d.format("bias_hh")][order] for d in lstm])[:, None, :]  # (2, 1, 128)
        self.fc = [(w[f"logit_layer.{k}.weight"].T, w[f"logit_layer.{k}.bias"]) for k in (0, 2)]
        self.classes: dict[str, list[tuple[str, int]]] = {}  # tone-marked reading -> g2pM's classes
        for pron, idx in load("class2idx.pkl").items():
            if pron[-1:].isdigit():
                self.classes.setdefault(reading_data.marked(pron), []).append((pron, idx))
        self.classes_of: dict[str, tuple[tuple[str, int], ...]] = {}  # character -> its classes

    def candidates(self, char: str) -> tuple[tuple[str, int], ...]:
        """g2pM's classes (spelling, index) for the readings of a character."""
        if char not in self.classes_of:
            self.classes_of[char] = tuple(c for r in sorted(self.readings(char)) for c in self.classes.get(r, ()))
        return self.classes_of[char]

    def scores(self, sentences: list[tuple[str, list[int]]]) -> list[dict[int, dict[str, float]]]:
        """For each (sentence, offsets), the log-probabilities of the readings of each character at
        those offsets that g2pM reads in context (those with several of its classes among the
        character's readings).

        The sentences go through the LSTM in batches of rows (sorted by length, so that a batch pads
        little): its steps cost little more for a batch than for a row, and a row's result does not
        depend on the others.
        """
        rows = []  # (sentence number, offsets of its polyphonic characters)
        for k, (sentence, offsets) in enumerate(sentences):
            poly = [i for i in offsets if len(self.candidates(sentence[i])) > 1]
            if poly:
                rows.append((k, poly))
        rows.sort(key=lambda row: len(sentences[row[0]][0]))
        scores: list[dict[int, dict[str, float]]] = [{} for _ in sentences]
        while rows:
            size = 1  # the longest batch within CELLS characters (its last row is its longest)
            while size < len(rows) and (size + 1) * len(sentences[rows[size][0]][0]) <= CELLS:
                size += 1
            batch, rows = rows[:size], rows[size:]
            logits = iter(self.logits([sentences[k][0] for k, _ in batch], [poly for _, poly in batch]))
            for k, poly in batch:
                for i in poly:
                    scores[k][i] = self._log_probabilities(self.candidates(sentences[k][0][i]), next(logits))
        return scores

    def logits(self, sentences: list[str], targets: list[list[int]]):
        """g2pM's logits (one row of its classes) for each target, in order: the offsets ``targets[r]``
        of ``sentences[r]``, for each r."""
        import numpy as np

        ids = self.ids
        lengths = [len(s) + 2 for s in sentences]  # with BOS and EOS
        width = max(lengths)
        tokens = np.zeros((len(sentences), width), dtype=np.int64)  # 0 pads, as in g2pM
        reverse = np.zeros_like(tokens)  # each row's tokens backwards, then padding
        for r, sentence in enumerate(sentences):
            encoded = [ids[BOS], *(ids.get(c, ids[UNK]) for c in sentence), ids[EOS]]
            tokens[r, : len(encoded)] = encoded
            reverse[r, : len(encoded)] = encoded[::-1]
        rows = np.array([r for r, offsets in enumerate(targets) for _ in offsets])
        forward = np.array([i + 1 for offsets in targets for i in offsets])  # position after BOS
        backward = np.array([lengths[r] - 2 - i for r, offsets in enumerate(targets) for i in offsets])
        steps = max(forward.max(), backward.max()) + 1  # enough for the last target of each direction
        # (step, direction, row, gate)
        gates_in = np.stack([self.gates_in[0][tokens[:, :steps]], self.gates_in[1][reverse[:, :steps]]])
        gates_in = gates_in.transpose(2, 0, 1, 3)
        h = np.zeros((2, len(sentences), self.w_hh.shape[1]))  # (direction, row, hidden)
        c = np.zeros_like(h)
        hidden = np.empty((steps, *h.shape))
        n = self.w_hh.shape[1]  # units per gate
        for step in range(steps):
            gates = gates_in[step] + (np.matmul(h, self.w_hh) + self.b_hh)
            ifo = 1 / (1 + np.exp(-gates[..., : 3 * n]))
            c = ifo[..., n : 2 * n] * c + ifo[..., :n] * np.tanh(gates[..., 3 * n :])
            h = ifo[..., 2 * n :] * np.tanh(c)
            hidden[step] = h
        out = np.concatenate([hidden[forward, 0, rows], hidden[backward, 1, rows]], axis=1)
        (w0, b0), (w1, b1) = self.fc
        out = out @ w0 + b0
        return (out * (out > 0)) @ w1 + b1

    @staticmethod
    def _log_probabilities(prons: tuple[tuple[str, int], ...], logits) -> dict[str, float]:
        values = [float(logits[idx]) for _, idx in prons]
        norm = max(values) + math.log(sum(math.exp(v - max(values)) for v in values))
        readings: dict[str, float] = {}
        for (p, _), v in zip(prons, values):
            readings.setdefault(reading_data.marked(p), v - norm)  # two spellings of one reading: keep one
        return readings

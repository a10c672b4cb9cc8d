"""Measuring the typography of Chinese text in the browser (issue 16); used by the browser tests
(``test_typography.py``) and by ``bench/typography.py``.

:func:`measure` runs ``typography.js`` on a page and returns what it found in each Chinese block;
:func:`summary` reduces the blocks of any number of pages to the figures the issue asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

SCRIPT = (Path(__file__).parent / "typography.js").read_text(encoding="utf-8")
NO_START = set("，。、；：？！」』）》〉”’…,.;:?!)")  # clreq: never at the start of a line
NO_END = set("「『（《〈“‘(")  # …nor at the end
FILL = 0.85  # a non-final line ending before this fraction of the column counts as short
GAP_EM = 0.25  # the least gap between neighbouring readings, in em of the reading's font


def measure(page: Page, selector: str | None = None, natural: bool = False) -> dict:
    """The Chinese blocks of the page as ``typography.js`` measures them, and the page's overflow;
    ``natural``: with the lines set ragged, as they are before justification stretches them (the
    same line breaks), so that line fill tells how much stretching justification does."""
    return page.evaluate(SCRIPT, {"natural": natural, **({"selector": selector} if selector else {})})


@dataclass
class Summary:
    blocks: int = 0
    lines: int = 0  # non-final lines
    short: list[tuple[str, float, str]] = field(default_factory=list)  # (block, fill, line text)
    least_fill: float = 1.0  # the least fill of a non-final line
    bad_start: list[tuple[str, str]] = field(default_factory=list)
    bad_end: list[tuple[str, str]] = field(default_factory=list)
    split: list[tuple[str, str]] = field(default_factory=list)  # words or number groups split across lines
    pairs: int = 0
    min_gap_px: float | None = None
    min_gap_em: float | None = None
    collisions: list[tuple[str, str, str, float]] = field(default_factory=list)  # gap under GAP_EM
    rt_px: set[float] = field(default_factory=set)
    max_off_centre: float = 0.0
    overflow: int = 0  # the widest sideways overflow of a page, px
    clear_below: float | None = None  # least room between a reading's glyphs and its character, px
    clear_above: float | None = None  # …and the characters of the line above, px
    pitch_em: set[float] = field(default_factory=set)  # line pitch in em of the characters

    @property
    def short_share(self) -> float:
        return len(self.short) / self.lines if self.lines else 0.0

    def add(self, measured: dict) -> Summary:
        self.overflow = max(self.overflow, measured["overflow"])
        for b in measured["blocks"]:
            where = f"{b['page']} {b['id']}"
            self.blocks += 1
            width = b["colRight"] - b["colLeft"]
            for line in b["lines"][:-1]:
                self.lines += 1
                fill = (line["right"] - b["colLeft"]) / width
                self.least_fill = min(self.least_fill, fill)
                if fill < FILL:
                    self.short.append((where, round(fill, 3), line["text"]))
            for line in b["lines"]:
                if line["first"] in NO_START:
                    self.bad_start.append((where, line["text"]))
                if line["last"] in NO_END:
                    self.bad_end.append((where, line["text"]))
            self.split += [(where, s) for s in b["split"]]
            for p in b["pairs"]:
                self.pairs += 1
                em = p["gap"] / p["em"]
                if self.min_gap_px is None or p["gap"] < self.min_gap_px:
                    self.min_gap_px = p["gap"]
                if self.min_gap_em is None or em < self.min_gap_em:
                    self.min_gap_em = em
                if em < GAP_EM:
                    self.collisions.append((where, p["a"], p["b"], round(p["gap"], 2)))
            self.rt_px |= set(b["rtSizes"])
            self.max_off_centre = max(self.max_off_centre, b["maxOffCentre"])
            for name in ("clear_below", "clear_above"):
                value = b["clearBelow" if name == "clear_below" else "clearAbove"]
                if value is not None and (getattr(self, name) is None or value < getattr(self, name)):
                    setattr(self, name, value)
            if b["linePitch"]:
                self.pitch_em.add(round(b["linePitch"] / b["fontSize"], 2))
        return self

    def row(self) -> dict:
        return {
            "blocks": self.blocks,
            "lines": self.lines,
            "short": f"{self.short_share:.0%}",
            "least fill": f"{self.least_fill:.0%}",
            "bad starts/ends": len(self.bad_start) + len(self.bad_end),
            "split": len(self.split),
            "min gap": f"{self.min_gap_px:.1f} px ({self.min_gap_em:.2f} em)" if self.min_gap_px is not None else "-",
            "collisions": len(self.collisions),
            "rt": f"{min(self.rt_px):.1f} px" if self.rt_px else "-",
            "off centre": f"{self.max_off_centre:.1f} px",
            "overflow": f"{self.overflow} px",
            "clear": f"{_px(self.clear_below)}/{_px(self.clear_above)}",
            "pitch": "/".join(f"{p:.2f}" for p in sorted(self.pitch_em)) + " em",
        }


def _px(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"

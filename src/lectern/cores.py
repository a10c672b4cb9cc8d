"""Work spread over the machine's cores, where there is enough of it to pay for the processes.

A build is one process; the costly steps of a cold build (reading the Chinese, the features of
parallel passages) are pure functions of one text each, so they can run in worker processes.
Workers are forked where the platform forks (Linux): they start with what the parent has loaded
(the reading engine, the corpus), and only the texts go in and the results come out. Results come
back in input order, so a build is the same on one core or many.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def count() -> int:
    """Cores this process may use; ``LECTERN_CORES`` sets a limit (1: never start workers)."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    limit = os.environ.get("LECTERN_CORES", "").strip()
    return max(1, min(available, int(limit))) if limit.isdigit() and int(limit) > 0 else available


def map_items(fn: Callable[[T], R], items: Sequence[T], *, worth: int) -> list[R]:
    """``[fn(x) for x in items]``, on every core when there are at least ``worth`` items.

    ``fn`` must be a module-level function. ``worth`` is the number of items that takes about as
    long as starting the workers (a second or so): below it, one process is faster.
    """
    workers = min(count(), len(items) // max(worth, 1))
    if workers < 2:
        return [fn(x) for x in items]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(items) // (workers * 8))  # small enough to even out, large enough to batch
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(fn, items, chunksize=chunk))

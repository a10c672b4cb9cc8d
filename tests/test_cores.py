"""lectern.cores: the same results on one core or several, and workers only where they pay."""

import os

from lectern import cores


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def test_count_obeys_lectern_cores(monkeypatch):
    monkeypatch.setenv("LECTERN_CORES", "1")
    assert cores.count() == 1
    monkeypatch.setenv("LECTERN_CORES", "not a number")
    assert cores.count() >= 1
    monkeypatch.delenv("LECTERN_CORES")
    assert cores.count() == (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())


def test_map_items_on_two_workers_keeps_the_order(monkeypatch):
    monkeypatch.setattr(cores, "count", lambda: 2)
    results = cores.map_items(_pid_and_square, list(range(40)), worth=10)
    assert [square for _, square in results] == [x * x for x in range(40)]
    assert os.getpid() not in {pid for pid, _ in results}  # the work ran in worker processes


def test_map_items_stays_in_this_process_when_too_little_to_do(monkeypatch):
    monkeypatch.setattr(cores, "count", lambda: 2)
    assert {pid for pid, _ in cores.map_items(_pid_and_square, [1, 2, 3], worth=10)} == {os.getpid()}
    monkeypatch.setattr(cores, "count", lambda: 1)
    assert {pid for pid, _ in cores.map_items(_pid_and_square, list(range(40)), worth=10)} == {os.getpid()}

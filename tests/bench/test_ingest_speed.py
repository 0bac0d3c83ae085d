"""The ingest benchmark's CPU clock counts the work of its worker processes, not only its own:
the CPU ratio it prints for 2 workers compares every process's work."""

from __future__ import annotations

import multiprocessing
import time

from bench.ingest_speed import cpu_seconds, load_average


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_cpu_seconds_counts_a_live_child_processs_work():
    context = multiprocessing.get_context("spawn")
    started = context.Event()
    before = cpu_seconds()
    child = context.Process(target=_spin_then_wait, args=(0.5, started))
    child.start()
    try:
        assert started.wait(60)
        used = cpu_seconds() - before
    finally:
        child.terminate()
        child.join()
    assert used >= 0.4  # the child's half second, this process waited without spinning


def _spin_then_wait(seconds: float, done) -> None:
    _spin(seconds)
    done.set()
    time.sleep(60)  # alive until terminated, so the parent reads its CPU time


def test_load_average_reads_as_uptime_prints_it():
    parts = load_average().split(", ")
    assert len(parts) == 3
    assert all(float(part) >= 0 for part in parts)

"""Garbage is collected on the GUI thread only, while the application runs."""

from __future__ import annotations

import gc

from gui.gc_guard import GuiThreadGarbageCollector


def test_collector_switches_automatic_collection_off_and_back(qapp: object) -> None:
    gc.enable()
    collector = GuiThreadGarbageCollector(interval_ms=10)
    assert not gc.isenabled()
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    collector.collect()  # what the timer calls, on the GUI thread
    collector.stop()
    assert gc.isenabled()

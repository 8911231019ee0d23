"""The server freezes its start-up heap and collects young objects less often; stopping puts
the collector back as it was (tests and embedders share the process)."""

from __future__ import annotations

import gc

from frontline.bootstrap import GC_THRESHOLDS, FrozenStartupHeap


def test_start_freezes_and_raises_thresholds_and_stop_restores() -> None:
    before = gc.get_threshold()
    heap = FrozenStartupHeap()
    heap.start()
    try:
        assert gc.get_freeze_count() > 1000  # the modules and objects alive now
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        heap.stop()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before

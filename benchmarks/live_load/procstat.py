"""CPU seconds, run-queue waits and resident memory of processes, from ``/proc`` (Linux)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15)


def runqueue_waits(pid: int) -> dict[int, float]:
    """Seconds each thread of ``pid`` has spent runnable but waiting for a CPU (its
    ``schedstat``): on a shared machine, the time other work took from it."""
    waits: dict[int, float] = {}
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return waits
    for task in tasks:
        try:
            waits[int(task.name)] = int((task / "schedstat").read_text().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            continue
    return waits


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) in KiB."""
    found: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    except OSError:
        pass
    return found


class RssSampler(threading.Thread):
    """Samples a process's RSS once a second; ``peak_kib`` is the highest sample."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(1.0):
            self.peak_kib = max(self.peak_kib, memory_kib(self.pid).get("VmRSS", 0))


class CpuWindow:
    """CPU seconds used by a set of processes between ``start()`` and ``stop()``, and the
    seconds their threads waited for a CPU meanwhile (``waited``)."""

    def __init__(self) -> None:
        self.before: dict[int, float] = {}
        self.waits: dict[int, float] = {}
        self.used = 0.0
        self.waited = 0.0  # a lower bound: threads that ended meanwhile are not counted

    def start(self, pids: list[int]) -> None:
        self.before = {pid: cpu_seconds(pid) for pid in pids}
        self.waits = {tid: w for pid in pids for tid, w in runqueue_waits(pid).items()}

    def stop(self, pids: list[int]) -> float:
        self.used = sum(cpu_seconds(pid) - self.before.get(pid, 0.0) for pid in pids)
        after = {tid: w for pid in pids for tid, w in runqueue_waits(pid).items()}
        self.waited = sum(w - self.waits.get(tid, 0.0) for tid, w in after.items())
        return self.used

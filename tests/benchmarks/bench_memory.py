"""Memory figures: the app's peak RSS with N tokens loaded (process start → first painted table),
against the bare window's peak RSS; both read with wait4 from fresh processes.

The runs themselves are the start-up runs (bench_startup): one process gives both its wall time
and its peak RSS. `--only memory` runs them for the memory figures alone.
"""

from __future__ import annotations

import bench_startup


def run(sizes: list[int], repeat: int, warmup: int) -> list:
    return bench_startup.run(sizes, repeat, warmup, want_startup=False, want_memory=True)

"""Peak memory of this process, for the benchmarks' fresh child processes.

Linux carries ``ru_maxrss`` over ``fork`` and ``exec``: a child started by a parent
that holds a million records reports the parent's peak (measured here: a child of a
parent holding 800 MB printed 813 MB, its own high-water mark 13 MB). So the figure
is the process's own high-water mark, ``VmHWM`` in ``/proc/self/status``, and
``ru_maxrss`` only where there is no ``/proc``.
"""

from __future__ import annotations

import pathlib
import resource


def peak_mb() -> float:
    """This process's own peak resident memory, in MB."""
    status = pathlib.Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

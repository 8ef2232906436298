"""Memory figures of a bench process."""

from __future__ import annotations


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM). Not `ru_maxrss`: Linux carries the parent's
    peak over to a child through fork and exec (getrusage(2): usage is preserved across execve),
    and a bench's parent has often just generated its data."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024

"""Read and parse a big file in a second process while this one writes to the database.

An import has two halves of similar cost: Python work on each line (CSV, parsing, commune,
fingerprint, search terms) and the database's work. On a machine with two cores they run side
by side: a forked child runs the pure half and sends ready batches, in order, through a bounded
queue (a few batches at most in flight: memory stays flat whatever the file's size); the parent
keeps the database connection and every write, so transactions, batches and resumption are the
same as in one process.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import pickle
import queue
import resource
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

# The cyclic garbage collector's threshold while batches go through (see _child): a hundred
# times less often than the default (700).
_BULK_GC_THRESHOLD = (100_000, 10, 10)
# Seconds between two checks that the other process is still there.
_POLL_S = 1.0


class WorkerError(Exception):
    """The parsing process failed in an unexpected way (its traceback is the message)."""


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


def dumps_unshared(item) -> bytes:
    """`pickle.dumps(item)` without its memo (`Pickler.fast`): an object met twice is written
    twice. A batch is hundreds of thousands of small acyclic objects (never a cycle, which would
    recurse forever here): remembering each one cost 75 % of the pickling, 4.5 µs per line of
    SIRENE's stock, for 16 % fewer bytes; reading it back costs the same."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(item)
    return buffer.getvalue()


def _child(produce: Callable[[], Iterable[T]], channel, parent: int) -> None:
    def send(message) -> None:
        while True:
            try:
                channel.put(message, timeout=_POLL_S)
                return
            except queue.Full:
                if os.getppid() != parent:  # the importer was killed: nobody will read
                    os._exit(1)

    # Each batch is thousands of young tuples that live until it is sent: with the default
    # threshold (700) the cyclic collector went over them again and again, 2.5 µs per line of
    # SIRENE's stock (8 % of the child's CPU). What the child makes is acyclic and freed by
    # reference counting; the collector still runs, a hundred times less often.
    gc.set_threshold(*_BULK_GC_THRESHOLD)
    # The fork inherits the parent's Python signal handlers: under `run_worker` (which finishes its
    # task on SIGTERM) the child would only note `terminate()` and the parent's join would wait forever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        for item in produce():
            send(("item", dumps_unshared(item)))
    except BaseException as error:
        try:
            pickle.dumps(error)
        except Exception:
            error = WorkerError("".join(traceback.format_exception(error)))
        send(("error", error))
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    send(("end", {"cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": _peak_mb()}))


class ProducedInChild(Generic[T]):
    """Iterate over `produce()` run in a forked child process; `stats` (the child's CPU seconds
    and peak memory) once it is exhausted. Use as a context manager: leaving early (an error
    while writing) stops the child."""

    def __init__(self, produce: Callable[[], Iterable[T]], *, max_pending: int = 3):
        context = multiprocessing.get_context("fork")
        self._channel = context.Queue(maxsize=max_pending)
        # The child inherits what the parent prepared (lookups, caches) without pickling.
        self._process = context.Process(target=_child, args=(produce, self._channel, os.getpid()), daemon=True)
        self.stats: dict = {}

    def __enter__(self) -> ProducedInChild[T]:
        # What exists now lives as long as the import: out of the garbage collector's sight, it
        # is not traversed again at each collection (the batches received create many objects),
        # and the child does not copy the pages it would otherwise touch.
        gc.freeze()
        self._process.start()
        # The batches received are acyclic too: in the writing process the collector took 4 % of
        # the CPU (0.62 of 14.6 s for 300,000 RNA lines) with its default threshold.
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(*_BULK_GC_THRESHOLD)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)
        if self._process.is_alive():  # never wait forever on a child that does not stop
            self._process.kill()
            self._process.join()
        self._channel.close()
        self._channel.join_thread()
        gc.set_threshold(*self._gc_threshold)
        gc.unfreeze()

    def __iter__(self) -> Iterator[T]:
        while True:
            try:
                kind, payload = self._channel.get(timeout=_POLL_S)
            except queue.Empty:
                if self._process.is_alive():
                    continue
                try:  # a message sent just before the child ended
                    kind, payload = self._channel.get(timeout=_POLL_S)
                except queue.Empty:
                    raise WorkerError(f"le processus de lecture s'est arrêté (code {self._process.exitcode})") from None
            if kind == "item":
                payload = pickle.loads(payload)  # not the bytes kept while the batch is written
                yield payload
            elif kind == "error":
                raise payload
            else:
                self.stats = payload
                return

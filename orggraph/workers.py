"""A second process for independent heavy steps, so that a report keeps both cores busy.

The randomised clusterings behind the clusters' stability and significance and the
betweenness of units need nothing from the rest of a report but a few arrays, and each
file of a report needs only its own table. Analyses
that do such work take an ``executor`` (a :class:`concurrent.futures.Executor`) and
submit each independent run to it as a plain function of arrays; the answer is the same
whether a run happens in the second process or here, because every run carries its own
seed; the report's writer hands over its files the same way. :func:`in_process` runs jobs
at once, :func:`second_process` hands them to one spawned Python (the same start on
Windows, macOS and Linux).

A spawned process imports the caller's main module again, so scripts that ask for one
need the usual ``if __name__ == "__main__":`` guard; the command line has it. When a
second process cannot be started or dies, its jobs run here instead: slower, same answer.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures import wait as _wait
from pathlib import Path
from typing import Any

__all__ = ["SECOND_PROCESS_BYTES", "ZIPPED_BYTES", "in_process", "second_process", "worth_a_second_process", "free_here", "offer", "results"]

#: From this much input (about 2,500 tasks as CSV) a second process pays for its start (about
#: half a second of the other core, importing numpy, scipy and igraph while the input is read).
SECOND_PROCESS_BYTES = 500_000
#: A zipped table (.xlsx, .docx) holds about this many bytes of text per byte of file.
ZIPPED_BYTES = 4


class _InProcess(Executor):
    """Run each job when it is submitted; its future is already done."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the caller meets it at .result(), as with a pool
            future.set_exception(exc)
        return future


def in_process() -> Executor:
    """An executor that runs every job at once, in this process."""
    return _InProcess()


class _Handed(Future):
    """A job for the second process.

    Jobs wait in orggraph's own queue and go to the worker one at a time, as it finishes the
    previous one, so a job still queued can be taken back: it runs here instead when this
    process has nothing else to do (see :func:`free_here`), so that two cores share the last
    jobs instead of one working through them while the other waits; and it runs here when
    the worker is gone.
    """

    def __init__(self, owner: _SecondProcess, job: tuple[Callable[..., Any], tuple, dict]) -> None:
        super().__init__()
        self._owner = owner
        self.job = job
        self._inner: Future | None = None
        self._handed = threading.Event()  # set once the job went to the worker (or never will)

    def result(self, timeout: float | None = None) -> Any:
        """The job's result (its error raised), wherever it ran; kept once known."""
        if not super().done():
            try:
                self.set_result(self._outcome())
            except Exception as exc:  # the job's own error, raised to every caller as a pool does
                self.set_exception(exc)
        return super().result()

    def _outcome(self) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        while True:
            if self._owner.free.is_set() and self._owner.take_back(self):
                return self._run_here()
            if not self._handed.wait(_LOOK_AGAIN):
                continue
            if self._inner is None:  # the worker could not take it
                return self._run_here()
            if not self._owner.free.is_set() and not self._inner.done():
                _wait([self._inner], timeout=_LOOK_AGAIN)
                continue
            try:
                return self._inner.result()
            except BrokenProcessPool:
                return self._run_here()

    def done(self) -> bool:
        return super().done() or (self._inner is not None and self._inner.done())

    def hand_over(self, inner: Future | None) -> None:
        self._inner = inner
        self._handed.set()

    def _run_here(self) -> Any:
        fn, args, kwargs = self.job
        return fn(*args, **kwargs)


# How often a waiting thread looks whether this process has become free to run the job itself.
_LOOK_AGAIN = 0.05


class _SecondProcess(Executor):
    """One spawned worker fed one job at a time from orggraph's queue; jobs it cannot take run here."""

    def __init__(self, preload: tuple[str, ...]) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool: Executor | None = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_start
        )
        self._here = _InProcess()
        self.free = threading.Event()
        self._queue: deque[_Handed] = deque()
        self._busy = False  # a job is with the worker
        self._lock = threading.Lock()
        self.submit(_import, preload)  # start the worker now; its imports overlap our work

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        if self._pool is None:
            return self._here.submit(fn, *args, **kwargs)
        job = _Handed(self, (fn, args, kwargs))
        with self._lock:
            self._queue.append(job)
        self._next()
        return job

    def offer(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Hand the job over when the worker would start it next, else run it here now."""
        with self._lock:
            waiting = len(self._queue) + self._busy
        return self._here.submit(fn, *args, **kwargs) if waiting >= 2 else self.submit(fn, *args, **kwargs)

    def take_back(self, job: _Handed) -> bool:
        """Remove a job not yet handed over from the queue; say whether it was still there."""
        with self._lock:
            if job in self._queue:
                self._queue.remove(job)
                return True
        return False

    def _next(self, finished: Future | _Handed | None = None) -> None:
        """Hand the next queued job to the worker when it has none (called again as each finishes)."""
        with self._lock:
            if finished is not None:
                self._busy = False
            if self._busy or not self._queue:
                return
            job = self._queue.popleft()
            self._busy = self._pool is not None
        if self._pool is None:
            job.hand_over(None)
            return
        fn, args, kwargs = job.job
        try:
            inner = self._pool.submit(fn, *args, **kwargs)
        except (OSError, RuntimeError):  # no process could be started, or the pool broke
            self._stop()
            job.hand_over(None)
            self._next(job)
            return
        job.hand_over(inner)
        inner.add_done_callback(self._next)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._stop(wait=wait, cancel_futures=cancel_futures)

    def _stop(self, wait: bool = False, cancel_futures: bool = True) -> None:
        pool, self._pool = self._pool, None
        with self._lock:
            left = list(self._queue)
            self._queue.clear()
        for job in left:  # their callers run them here
            job.hand_over(None)
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@contextlib.contextmanager
def free_here(executor: Executor) -> Iterator[None]:
    """Say that this process waits with nothing else to do: jobs not yet started run here meanwhile."""
    free = getattr(executor, "free", None)
    if free is None:  # in process: every job has run already
        yield
        return
    free.set()
    try:
        yield
    finally:
        free.clear()


def offer(executor: Executor, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
    """Run a job in the second process when it is about to be free, else here at once.

    For a stream of jobs whose arguments are large (the tables of a report): at most two
    are ever waiting for the worker, so their arguments do not pile up in memory, and this
    process does the rest itself instead of waiting.
    """
    share = getattr(executor, "offer", None)
    return share(fn, *args, **kwargs) if share is not None else executor.submit(fn, *args, **kwargs)


def results(futures: list[Future]) -> list[Any]:
    """Every future's result, in order; waited for last first, so that jobs not yet started
    are the ones a free process takes (see :func:`free_here`) while the others finish there."""
    for future in reversed(futures):
        future.result()
    return [future.result() for future in futures]


def _import(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(name)


def worth_a_second_process(paths: Iterable[str | Path]) -> bool:
    """Whether input files this large give a second process enough to do (:data:`SECOND_PROCESS_BYTES`).

    A .xlsx or .docx file is zipped: each of its bytes counts as :data:`ZIPPED_BYTES` of text.
    """
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):  # a missing file is the reader's to report
            size = Path(path).stat().st_size
            total += size * ZIPPED_BYTES if Path(path).suffix.lower() in (".xlsx", ".docx") else size
    return total >= SECOND_PROCESS_BYTES


@contextlib.contextmanager
def second_process(enabled: bool = True, *, preload: tuple[str, ...] = ()) -> Iterator[Executor]:
    """An executor with one worker process while the block runs (in process when not ``enabled``).

    The worker starts at once and imports the ``preload`` modules, those its jobs come from,
    while the caller goes on.
    """
    if not enabled:
        yield in_process()
        return
    try:
        executor: Executor = _SecondProcess(preload)
    except (OSError, RuntimeError, ImportError):  # a platform without process pools
        executor = in_process()
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _worker_start() -> None:
    """Let the worker end as soon as the pool stops it, without freeing its objects one by
    one first (up to half a second the block would wait for)."""
    import atexit
    import os

    atexit.register(os._exit, 0)

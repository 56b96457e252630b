"""`validate_content --jobs N`: worker processes for the per-page half of a run, on N cores.

What they compute depends on one page and no service: documents from
revision content (cluster/validation/loading.py) and page-local results
(validators/local.py).
The parent keeps everything else: queries, cache reads and writes, the
cross-page indexes and checks, the cluster section and the report, so the
report does not depend on N (docs/architecture.md, "Worker processes").

The processes are forked (Linux's start method) on first use, once per
command run, after the parent has loaded what each of them would otherwise
load again: the URL resolver (documents name their admin edit view) and the
CMU dictionary. Forked, they share it copy-on-write.

A worker never touches the database or a cache: its tasks carry neither.
The parent's database connections are closed before the fork, so no socket
is shared; inside a transaction (a caller's atomic block, the tests)
closing would end it, so there they stay open, unused by the workers, and
each worker refuses any query (`_no_queries`) rather than use them.
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.core.management.base import CommandError
from django.db import connections

from cluster.validation.documents import admin_edit_url
from validators.local import preload


def job_count(jobs: int) -> int:
    """`--jobs`: 0 means one per CPU; 1 is the single-process path."""
    return jobs or os.cpu_count() or 1


class ForkedWorkers:
    """`jobs` processes behind an ordered `map(fn, iterable)`, forked when first asked."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._executor: ProcessPoolExecutor | None = None

    def map(self, fn, iterable):
        """fn over `iterable` in the workers; the results in input order (every task is sent now)."""
        if self._executor is None:
            self._executor = self._start()
        return self._executor.map(fn, iterable)

    def _start(self) -> ProcessPoolExecutor:
        admin_edit_url(1)  # builds the URL resolver's reverse map once, here
        preload(("en",))  # other languages' patterns are smaller; a worker loads them if a page needs them
        if not any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
            connections.close_all()
        # With the fork start method every worker is launched on the first task.
        executor = ProcessPoolExecutor(
            self.jobs, mp_context=multiprocessing.get_context("fork"), initializer=_refuse_queries
        )
        _widen_pipes(executor)
        return executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)  # Linux


def _widen_pipes(executor) -> None:
    """Pipes of 1 MB between this process and the workers, instead of Linux's 64 KB.

    A chunk of documents or results is a few hundred kilobytes: through a
    64 KB pipe, a worker that has finished one waits for the parent to read
    it piece by piece, and the parent reads only when its own work lets the
    pool's threads run. Both queues are private attributes of
    ProcessPoolExecutor: where they are not there, the pipes stay as they are.
    """
    for queue in (getattr(executor, "_call_queue", None), getattr(executor, "_result_queue", None)):
        for end in (getattr(queue, "_reader", None), getattr(queue, "_writer", None)):
            with contextlib.suppress(AttributeError, OSError, ValueError):
                fcntl.fcntl(end.fileno(), _F_SETPIPE_SZ, PIPE_BYTES)


def _no_queries(execute, sql, params, many, context):
    raise RuntimeError("a validation worker process never queries the database")


def _refuse_queries() -> None:
    for conn in connections.all():
        conn.execute_wrappers.append(_no_queries)


@contextlib.contextmanager
def worker_processes(jobs: int):
    """None for one job (today's single-process path, unchanged), else `ForkedWorkers`, shut down after.

    0 means one per CPU.
    """
    jobs = job_count(jobs)
    if jobs == 1:
        yield None
        return
    workers = ForkedWorkers(jobs)
    try:
        yield workers
    except BrokenProcessPool:
        # Exit 2, not 1: no content failed, the run did not finish.
        raise CommandError(
            "a worker process stopped before the run was done (killed, or out of memory?); "
            "no report was written: run again, with fewer --jobs or --jobs 1"
        ) from None
    finally:
        workers.close()

"""Worker processes for CPU-bound kernel steps that hold Python's lock (scikit-image's MCP does).

Threads cannot run two scikit-image cost passes at once (the module is compiled
without releasing the GIL), so the corridor kernel spreads its per-patch passes
over forked processes: a fork shares the large read-only grids with the parent
page by page (copy on write) instead of pickling them, and each worker keeps its
own scikit-image pass object. Only small tasks and results cross the pipes.

Used only where ``os.fork`` is safe for such a worker: Linux. On Windows and
macOS (fork is unsafe there with the system frameworks) :func:`worker_count`
returns 1 and the caller runs serially in its own process; the results are
identical either way. ``WERTVOLL_WORKERS`` (environment) overrides the count
(1 = never fork).

The child of a fork runs only numpy/scikit-image code of the kernel and leaves
with ``os._exit`` (no atexit handlers, no stream flushes, no Qt or QGIS object
touched). Python objects that exist at the fork are frozen for the garbage
collector (``gc.freeze``), so a child never finalizes objects of the parent.
"""
import contextlib
import gc
import os
import signal
import sys
import traceback
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import wait

#: upper bound of worker processes (each one keeps its own pass state in memory)
MAX_WORKERS = 4


def cpu_count():
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(wanted_max=MAX_WORKERS, bytes_each=0, available=None):
    """How many worker processes to use: 1 means run serially, without forking.

    ``WERTVOLL_WORKERS`` wins when set (an integer ≥ 1; 0 or invalid = automatic).
    Otherwise: the CPU cores (at most *wanted_max*) on Linux, 1 elsewhere, and no
    more than the *available* bytes of memory hold at *bytes_each* per worker.
    """
    forced = _forced()
    if forced >= 1:
        return forced if can_fork() else 1
    if not can_fork():
        return 1
    count = min(cpu_count(), wanted_max)
    if available is not None and bytes_each > 0:
        count = min(count, int(available // bytes_each))
    return max(1, count)


def thread_count(wanted_max=MAX_WORKERS):
    """How many threads a kernel whose work runs in GEOS (shapely releases Python's lock there) may use.

    ``WERTVOLL_WORKERS`` wins when set (an integer ≥ 1); otherwise the CPU cores, at most *wanted_max*.
    Threads need no fork, so this holds on every platform.
    """
    forced = _forced()
    return forced if forced >= 1 else max(1, min(cpu_count(), wanted_max))


def connection_count(wanted_max=MAX_WORKERS):
    """How many database connections a kernel whose work runs in a database server keeps busy at once.

    ``WERTVOLL_WORKERS`` wins when set (an integer ≥ 1); otherwise one more than :func:`thread_count`:
    the threads holding the connections only wait for the server (whose cores this machine cannot
    count), and one more keeps it at work while a thread reads its rows and spreads the last areas
    of a run over the cores.
    """
    forced = _forced()
    return forced if forced >= 1 else thread_count(wanted_max) + 1


def _forced():
    """``WERTVOLL_WORKERS`` as an integer (0 when not set or not an integer)."""
    text = os.environ.get("WERTVOLL_WORKERS", "").strip()
    try:
        return int(text) if text else 0
    except ValueError:
        return 0


def can_fork():
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class WorkerError(RuntimeError):
    """A worker process failed (its traceback is the message) or ended without answering."""


@dataclass
class Worker:
    """One forked worker as the parent sees it: its process id, its end of the pipe, whether it has a task."""

    pid: int
    connection: object
    busy: bool = False


class Workers:
    """Forked workers, each running ``serve(connection)`` until it receives ``None``.

    ``serve`` is the child's loop (see :func:`serve_tasks`). Each worker handles
    one task at a time: :meth:`submit` sends a task to an idle worker,
    :meth:`results` yields ``(worker, result)`` as answers arrive.
    """

    def __init__(self, count, serve):
        self._workers = []           # Worker records
        gc.collect()
        gc.freeze()
        try:
            for _ in range(count):
                self._workers.append(self._fork(serve))
        except BaseException:
            self.kill()
            raise
        finally:
            gc.unfreeze()

    def _fork(self, serve):
        """Fork one worker running ``serve(connection)``; the parent gets its :class:`Worker`."""
        parent_end, child_end = Pipe()
        pid = os.fork()
        if pid == 0:                          # the child
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                parent_end.close()
                for other in self._workers:
                    other.connection.close()
                serve(child_end)
                code = 0
            finally:
                os._exit(code)
        child_end.close()
        return Worker(pid, parent_end)

    def __len__(self):
        return len(self._workers)

    def idle(self):
        return [w for w in self._workers if not w.busy]

    def busy(self):
        return any(w.busy for w in self._workers)

    def submit(self, worker, task):
        worker.connection.send(task)
        worker.busy = True

    def results(self, timeout):
        """``(worker, result)`` of every worker that answered within *timeout* seconds."""
        busy = {w.connection: w for w in self._workers if w.busy}
        if not busy:
            return []
        answers = []
        for connection in wait(list(busy), timeout):
            worker = busy[connection]
            try:
                status, value = connection.recv()
            except (EOFError, OSError):
                raise WorkerError("worker process {} ended without an answer".format(worker.pid)) from None
            worker.busy = False
            if status != "ok":
                raise WorkerError(value)
            answers.append((worker, value))
        return answers

    def close(self):
        """Tell every worker to stop and wait for it."""
        self._stop(lambda worker: worker.connection.send(None))

    def kill(self):
        """Stop every worker at once (cancel, error)."""
        self._stop(lambda worker: os.kill(worker.pid, signal.SIGKILL))

    def _stop(self, tell):
        """``tell(worker)`` for every worker (one that is gone already is passed over), then :meth:`_reap`."""
        for worker in self._workers:
            with contextlib.suppress(OSError):
                tell(worker)
        self._reap()

    def _reap(self):
        """Wait for every worker to end and close its pipe."""
        for worker in self._workers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(worker.pid, 0)
            worker.connection.close()
        self._workers = []


def serve_tasks(connection, handle):
    """The child's loop: answer each task with ``("ok", handle(task))`` or ``("error", traceback)``."""
    while True:
        task = connection.recv()
        if task is None:
            return
        try:
            answer = ("ok", handle(task))
        except Exception:  # noqa: BLE001 - sent to the parent, which raises it there
            answer = ("error", traceback.format_exc())
        connection.send(answer)


def private_memory():
    """Bytes of memory private to this process (copy-on-write pages it wrote), or ``None``."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as handle:
            total = 0
            for line in handle:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1]) * 1024
            return total
    except (OSError, ValueError, IndexError):
        return None

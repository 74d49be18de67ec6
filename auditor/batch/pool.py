"""A small process pool that survives its workers: crash, hang or memory blow-up costs one APK.

concurrent.futures.ProcessPoolExecutor marks the whole pool broken when one worker dies
(BrokenProcessPool), and cannot stop one task that hangs. Here every worker is a
multiprocessing.Process with its own duplex pipe, so the parent always knows which task each
worker holds and since when:

* a worker that dies (segfault, os._exit, the kernel's OOM killer) turns its task into an
  `internal` error record ("worker died with signal 11 (SIGSEGV)") and is replaced;
* a task past its deadline gets its worker SIGKILLed: a `timeout` error record, a new worker;
* workers retire on their own after `max_tasks` APKs or when their RSS passes a budget
  (androguard keeps caches), so memory stays flat over thousands of APKs.

Workers start from a forkserver that has androguard and the catalogue preloaded, so a
replacement is ready in milliseconds (`spawn` where there is no forkserver, e.g. Windows).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from auditor.batch.worker import Task, WorkerConfig, encode_record, error_record, worker_main

#: A worker must say "ready" within this many seconds of being started.
STARTUP_TIMEOUT = 120.0
#: This many workers in a row failing to start aborts the batch (a broken install).
MAX_START_FAILURES = 3


class PoolError(RuntimeError):
    """Workers cannot be started at all; `detail` holds the last worker's traceback."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


@dataclass
class Outcome:
    """One finished task: the results.jsonl line and what the progress sink needs."""

    task: Task
    line: bytes
    info: dict[str, Any]  # ok, error_code, score, level, package
    seconds: float
    worker_pid: int | None
    rss_mb: float | None = None
    peak_mb: float | None = None


@dataclass
class _Worker:
    proc: Any  # multiprocessing.Process
    conn: Any  # parent end of the pipe
    started: float
    state: str = "starting"  # starting | idle | busy
    task: Task | None = None
    since: float = 0.0
    deadline: float = 0.0


def default_start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


class WorkerPool:
    def __init__(
        self,
        config: WorkerConfig,
        jobs: int,
        timeout: float,
        *,
        start_method: str | None = None,
        startup_timeout: float = STARTUP_TIMEOUT,
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be >= 1")
        self.config = config
        self.jobs = jobs
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        method = start_method or default_start_method()
        self.ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            # Only takes effect if this process has not started its forkserver yet.
            self.ctx.set_forkserver_preload(["auditor.batch.preload"])
        # Workers get the read end; only this process holds the write end, so when this
        # process dies (even by SIGKILL) every worker sees EOF and exits (batch_worker).
        self._alive_r, self._alive_w = self.ctx.Pipe(duplex=False)
        self.workers: list[_Worker] = []
        self._queue: deque[Task] = deque()
        self._requeued: set[int] = set()
        self._retired: list[tuple[Any, float]] = []  # (process, when) being reaped
        self._start_failures = 0
        self._last_fatal: str | None = None
        self.started_workers = 0  # statistics: how many processes were started in all

    # ------------------------------------------------------------ lifecycle

    def _spawn(self) -> None:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(
            target=worker_main,
            args=(child, self.config, self._alive_r),
            daemon=True,
            name="auditor-worker",
        )
        proc.start()
        child.close()
        self.started_workers += 1
        self.workers.append(_Worker(proc, parent, time.monotonic()))

    def _remove(self, w: _Worker, kill: bool) -> None:
        if w in self.workers:
            self.workers.remove(w)
        if kill and w.proc.is_alive():
            w.proc.kill()
        w.conn.close()
        self._retired.append((w.proc, time.monotonic()))

    def _reap(self, final: bool = False) -> None:
        keep = []
        for proc, since in self._retired:
            if final:
                proc.join(2.0)
            if proc.exitcode is None:
                if final or time.monotonic() - since > 10.0:
                    proc.kill()
                    proc.join(2.0)
                else:
                    keep.append((proc, since))
                    continue
            proc.close()
        self._retired = keep

    def shutdown(self, graceful: bool = True) -> None:
        """Stop every worker. graceful: ask idle ones to exit; anything else is killed."""
        for w in list(self.workers):
            if graceful and w.state == "idle":
                with contextlib.suppress(OSError):
                    w.conn.send(None)
                self._remove(w, kill=False)
            else:
                if w.proc.is_alive():
                    w.proc.terminate()
                self._remove(w, kill=False)
        self._reap(final=True)
        self._alive_r.close()
        self._alive_w.close()

    # ------------------------------------------------------------ the loop

    def run(
        self,
        tasks: Iterable[Task],
        on_result: Callable[[Outcome], None],
        tick: Callable[[], None] | None = None,
        tick_interval: float = 0.5,
    ) -> None:
        """Run every task; call on_result (in this process) as each one finishes."""
        self._queue = deque(tasks)
        while self._queue or any(w.state == "busy" for w in self.workers):
            busy = sum(1 for w in self.workers if w.state == "busy")
            want = min(self.jobs, busy + len(self._queue))
            while len(self.workers) < want:
                self._spawn()
            for w in self.workers:
                if w.state == "idle":
                    self._dispatch(w)
            self._wait(tick_interval, on_result)
            self._reap()
            if tick:
                tick()

    def _dispatch(self, w: _Worker) -> None:
        """Hand the next task to an idle worker."""
        if not self._queue:
            return
        task = self._queue.popleft()
        try:
            w.conn.send(task)
        except OSError:  # died while idle: its sentinel tells us next round
            self._queue.appendleft(task)
            return
        w.state, w.task = "busy", task
        w.since = time.monotonic()
        w.deadline = w.since + self.timeout

    def _wait(self, tick_interval: float, on_result: Callable[[Outcome], None]) -> None:
        now = time.monotonic()
        horizon = now + tick_interval
        for w in self.workers:
            if w.state == "busy":
                horizon = min(horizon, w.deadline)
            elif w.state == "starting":
                horizon = min(horizon, w.started + self.startup_timeout)
        handles: list[Any] = []
        for w in self.workers:
            handles += [w.conn, w.proc.sentinel]
        ready = set(wait(handles, timeout=max(0.0, horizon - now))) if handles else set()

        for w in list(self.workers):
            if w.conn in ready or w.proc.sentinel in ready:
                self._drain(w, on_result)
        now = time.monotonic()
        for w in list(self.workers):
            if w.state == "busy" and now >= w.deadline:
                task = w.task
                assert task is not None
                self._remove(w, kill=True)
                line = encode_record(
                    error_record(
                        task.input,
                        "timeout",
                        f"scan exceeded the {self.timeout:g} s time limit; the worker was stopped",
                    )
                )
                on_result(
                    Outcome(
                        task,
                        line,
                        {"ok": False, "error_code": "timeout"},
                        now - w.since,
                        w.proc.pid,
                    )
                )
            elif w.state == "starting" and now >= w.started + self.startup_timeout:
                self._remove(w, kill=True)
                self._start_failed(f"no answer within {self.startup_timeout:g} s")

    def _drain(self, w: _Worker, on_result: Callable[[Outcome], None]) -> None:
        """Read every message the worker sent; then, if it is gone, account for its task."""
        broken = False
        fresh: Task | None = None  # a task handed over during this call
        while True:
            try:
                if not w.conn.poll():
                    break
                msg = w.conn.recv()
            except Exception:  # EOF, or a message cut short by a dying worker
                broken = True
                break
            kind = msg[0]
            if kind == "ready":
                w.state = "idle"
                self._start_failures = 0
            elif kind == "fatal":
                self._remove(w, kill=True)
                self._start_failed("start-up failed", msg[1])
                return
            elif kind == "done":
                _, task_id, line, info, rss, peak, retiring = msg
                task = w.task
                if task is None or task.id != task_id:  # cannot happen; be safe
                    continue
                seconds = time.monotonic() - w.since
                w.state, w.task = "idle", None
                if retiring:
                    self._remove(w, kill=False)
                else:
                    self._dispatch(w)  # keep it busy while the result is written
                    fresh = w.task
                on_result(Outcome(task, line, info, seconds, w.proc.pid, rss, peak))
                if retiring:
                    return
        if w in self.workers and broken and w.proc.is_alive():
            w.proc.kill()  # its pipe is gone: it can never answer
        if w in self.workers and not w.proc.is_alive():
            w.proc.join(0.5)
            code = w.proc.exitcode
            task, state, since = w.task, w.state, w.since
            self._remove(w, kill=False)
            if code is not None and code < 0:
                reason = f"worker died with signal {-code} ({_signal_name(-code)})"
                if -code == signal.SIGKILL:
                    reason += "; killed from outside, often the kernel's out-of-memory killer"
            else:
                reason = f"worker exited with code {code}"
            if state == "busy" and task is not None and task is fresh \
                    and task.id not in self._requeued:
                # It may have died before it ever read this task: give the task one more go
                # (if the task is what kills workers, the next one records it).
                self._requeued.add(task.id)
                self._queue.appendleft(task)
            elif state == "busy" and task is not None:
                if self.config.log_path:
                    reason += " (its last words, if any, are in workers.log)"
                line = encode_record(
                    error_record(task.input, "internal", f"{reason} while scanning this input")
                )
                on_result(
                    Outcome(
                        task,
                        line,
                        {"ok": False, "error_code": "internal"},
                        time.monotonic() - since,
                        w.proc.pid,
                    )
                )
            elif state == "starting":
                self._start_failed(reason)

    def _start_failed(self, reason: str, detail: str | None = None) -> None:
        self._start_failures += 1
        if detail:
            self._last_fatal = detail
        if self._start_failures >= MAX_START_FAILURES:
            raise PoolError(
                f"worker processes cannot start ({reason}; {self._start_failures} in a row)",
                self._last_fatal,
            )

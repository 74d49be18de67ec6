"""Batch scanning on a Dask cluster: one task per input, the same records, the same results.jsonl.

    from auditor.batch import run_batch
    run_batch(["dump/", "s3://bucket/dump/"], scheduler="tcp://10.0.0.5:8786", out_dir="reports/d")

`auditor.batch.run_batch(..., scheduler=...)` picks DaskBackend instead of the local worker
pool; discovery on this machine, results.jsonl, --resume, the progress sink, the table and the
dashboard are the very same code (docs/dask.md has the user-facing story):

* **One task per input** (`client.submit(scan_on_worker, job)`), at most a window of
  2 x (threads in the cluster) in flight so a million-input run does not flood the scheduler
  (the window follows the cluster as workers come and go);
  results stream back with `as_completed` and are appended to results.jsonl as they arrive.
* **The scan is batch_worker's**: on each Dask worker thread a one-process
  auditor.batch.pool.WorkerPool runs batch_worker.run_task in a child process, so the per-APK
  timeout (the child is killed: `timeout` record), memory cap (RLIMIT_AS in the child:
  `too_large`), crash handling (`internal`), recycling and the records themselves are exactly
  those of local mode. The child is reused from task to task (started from a forkserver with
  androguard preloaded).
* **Workers read the bytes themselves**: a local path is sent as an absolute path (it must be
  visible to the workers at the same place, e.g. a shared mount); an fsspec URL (`s3://`,
  `gs://`, `file://`...) is copied by the worker into a worker-local temporary file (its
  sha256 computed on the way), scanned, and deleted. The client never handles APK bytes of a
  URL and never ships APK bytes to the cluster.
* **A worker that dies** while it holds a task costs a retry: the scheduler runs the task
  elsewhere, up to `distributed.scheduler.allowed-failures` times (default 3), after which the
  client writes an `internal` record (KilledWorker). An exception in the task itself is retried
  `retries` times (default 2) before it becomes an `internal` record.
* **Resume**: local inputs are keyed by sha256 as in local mode. A URL's sha256 is only known
  after a worker has read it, so URL inputs are keyed by `url:<URL>|<size>|<etag>` from the
  listing (etag: the store's ETag / generation, else the modification time); the record keeps
  that etag in its `input` object.

The task function and everything it needs are importable by reference (the workers need
auditor installed); nothing here imports dask at module level except where noted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import distributed  # noqa: F401 - ImportError here means "pip install 'auditor[dask]'"

from auditor.batch.backend import BatchUsageError, LocalBackend
from auditor.batch.discover import APK, APK_SUFFIXES, BUNDLE, INVALID, Discovery, Input, discover_all
from auditor.batch.pool import Outcome, PoolError, WorkerPool
from auditor.batch.progress import ProgressSink
from auditor.batch.table import iter_records
from auditor.batch.worker import Task, WorkerConfig, encode_record, error_record, resolve_hook
from auditor.errors import AuditorError

if TYPE_CHECKING:
    import pandas as pd

#: The CLI reads the scheduler address from this variable when --scheduler is not given.
SCHEDULER_ENV = "AUDITOR_SCHEDULER"
#: A diagnostic seam like the worker's HOOK_ENV ("module:function[=argument]"): called on the
#: Dask worker as function(argument, job, sha256) before each scan, in the Dask worker process
#: itself (the tests kill Dask workers through it: tests/crash_hooks.py).
DASK_HOOK_ENV = "AUDITOR_DASK_HOOK"

DEFAULT_RETRIES = 2  # an exception raised by the task (not a scan error: those are records)
DEFAULT_CONNECT_TIMEOUT = 20.0  # seconds to reach the scheduler
#: Tasks in flight per worker thread: 2 = each thread has the next scan waiting when one ends
#: (no round trip between scans). A worker that dies also costs the tasks waiting on it one of
#: their allowed failures; 1 avoids that at the price of a round trip per scan.
WINDOW_PER_THREAD = 2
NO_WORKERS_WINDOW = 16  # submitted while no worker is connected yet (they wait on the scheduler)
RESUBMIT_CANCELLED = 3  # a task cancelled under us (client.restart, scheduler restart) again
_CHUNK = 1 << 20
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://")
_MANGLED_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]+):/(?!/)")  # what Path() does to "s3://"


# ---------------------------------------------------------------- inputs: paths and URLs


def is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(_URL.match(value))


def _as_input_name(p: Any) -> str:
    """str(p), undoing what pathlib does to a URL (Path("s3://b/k") prints "s3:/b/k") when
    the scheme is one fsspec knows and no such local path exists."""
    if isinstance(p, str) or not isinstance(p, PurePath):
        return os.fspath(p)
    text = str(p)
    m = _MANGLED_URL.match(text)
    if m and not os.path.exists(text):
        import fsspec

        scheme = m.group(1).lower()
        if scheme in fsspec.available_protocols():
            rest = text[m.end():]
            return f"{scheme}:///{rest}" if scheme in ("file", "local") else f"{scheme}://{rest}"
    return text


def url_key(url: str, size: Any, etag: Any) -> str:
    """The --resume identity of a URL input (its sha256 is only known on a worker)."""
    return f"url:{url}|{'' if size is None else size}|{'' if etag is None else etag}"


@dataclass
class UrlInput(Input):
    """An input named by an fsspec URL: sha256 unknown until a worker has read it."""

    etag: str | None = None

    @property
    def key(self) -> str:
        return url_key(self.path, self.size, self.etag)

    def record_input(self) -> dict[str, object]:
        return {**super().record_input(), "etag": self.etag}


def _etag(info: dict[str, Any]) -> str | None:
    """A version stamp from an fsspec listing: ETag / generation / md5, else the mtime."""
    for k in ("ETag", "etag", "generation", "md5Hash", "mtime", "LastModified", "updated",
              "last_modified", "modified"):
        v = info.get(k)
        if v not in (None, ""):
            return str(v).strip('"') if "tag" in k.lower() else str(v)
    return None


def _url_kind(url: str) -> str:
    return BUNDLE if url.lower().endswith(APK_SUFFIXES[1:]) else APK


def discover_urls(urls: Iterable[str]) -> Discovery:
    """URL inputs. An object URL is always an input; under a "folder" URL, every object named
    like an app (*.apk, *.xapk, *.apks, *.apkm) is one — by name, not by content: the client
    does not read the bytes. No dedupe by content (the workers hash)."""
    import fsspec

    inputs: list[Input] = []
    notes: list[str] = []
    seen: set[str] = set()

    def add(inp: UrlInput) -> None:
        if inp.path not in seen:
            seen.add(inp.path)
            inputs.append(inp)

    for url in urls:
        try:
            fs, root = fsspec.core.url_to_fs(url)
        except (ImportError, ValueError) as exc:
            raise BatchUsageError(f"{url}: {exc}") from exc
        try:
            info = fs.info(root)
        except FileNotFoundError:
            add(UrlInput(url, [url], None, None, INVALID, ("not_found", "no such file or object")))
            continue
        except OSError as exc:
            add(UrlInput(url, [url], None, None, INVALID,
                         ("not_found", f"cannot access: {exc.strerror or exc}")))
            continue
        if info.get("type") == "directory":
            try:
                found = fs.find(root, detail=True)
            except OSError as exc:
                notes.append(f"cannot list {url}: {exc.strerror or exc}")
                continue
            for path in sorted(found):
                item = found[path]
                if item.get("type") not in (None, "file"):
                    continue
                if not str(path).lower().endswith(APK_SUFFIXES):
                    continue
                full = fs.unstrip_protocol(path)
                add(UrlInput(full, [full], None, item.get("size"), _url_kind(full),
                             etag=_etag(item)))
        else:
            add(UrlInput(url, [url], None, info.get("size"), _url_kind(url), etag=_etag(info)))
    return Discovery(inputs, 0, notes)


# ---------------------------------------------------------------- what runs on a worker


class WorkerSetupError(RuntimeError):
    """The scan processes cannot start on this Dask worker (a broken install there)."""


@dataclass(frozen=True)
class Job:
    """One input, as sent to the cluster (small: paths and options, never APK bytes)."""

    task: Task  # id, path as recorded, kind, the record's "input" object
    source: str  # absolute local path or URL the worker reads
    config: WorkerConfig
    timeout: float
    start_method: str | None = None
    token: str = ""  # the run, for test-hook markers
    hook: str | None = None  # see DASK_HOOK_ENV


class _WorkerState(threading.local):
    """Per Dask-worker thread: a one-process WorkerPool, reused while the options match."""

    pool: WorkerPool | None = None
    key: Any = None
    html_dir: str | None = None


_state = _WorkerState()


def _scratch_root() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().local_directory)
    except Exception:  # not on a Dask worker (tests call scan_on_worker directly)
        return tempfile.gettempdir()


def _allow_children() -> None:
    """Dask starts worker processes as daemons (distributed.worker.daemon, default True), and
    multiprocessing refuses to start children from a daemon. Our children exit on their own
    when this process dies (batch_worker watches a pipe), so lift the flag."""
    import multiprocessing

    proc = multiprocessing.current_process()
    if proc.daemon:
        proc._config["daemon"] = False  # type: ignore[attr-defined]


def _pool(job: Job) -> tuple[WorkerPool, str | None]:
    root = os.path.join(_scratch_root(), "auditor")
    config = job.config
    html_dir = None
    if config.html_dir:  # pages land here, then travel back with the result
        html_dir = os.path.join(root, f"pages-{os.getpid()}-{threading.get_ident()}")
        os.makedirs(html_dir, exist_ok=True)
    config = dataclasses.replace(
        config,
        log_path=os.path.join(root, "workers.log") if config.log_path else None,
        html_dir=html_dir,
    )
    key = (config, job.timeout, job.start_method)
    if _state.pool is not None and _state.key == key:
        return _state.pool, _state.html_dir
    if _state.pool is not None:
        with contextlib.suppress(Exception):
            _state.pool.shutdown()
        _state.pool = None
    os.makedirs(root, exist_ok=True)
    _allow_children()
    _state.pool = WorkerPool(config, 1, job.timeout, start_method=job.start_method)
    _state.key, _state.html_dir = key, html_dir
    return _state.pool, html_dir


def _run_one(job: Job, task: Task) -> tuple[Outcome, dict[str, str]]:
    pool, html_dir = _pool(job)
    got: list[Outcome] = []
    try:
        pool.run([task], got.append)
    except PoolError as exc:
        with contextlib.suppress(Exception):
            pool.shutdown(graceful=False)
        _state.pool = None
        raise WorkerSetupError(f"{exc}\n{exc.detail or ''}".strip()) from None
    pages: dict[str, str] = {}
    if html_dir:
        for page in Path(html_dir).glob("*.html"):
            with contextlib.suppress(OSError):
                pages[page.name] = page.read_text(encoding="utf-8")
                page.unlink()
    return got[0], pages


def _relabel_value(value: Any, actual: str, shown: str) -> Any:
    if isinstance(value, str):
        return value.replace(actual, shown) if actual in value else value
    if isinstance(value, list):
        return [_relabel_value(v, actual, shown) for v in value]
    if isinstance(value, dict):
        return {k: _relabel_value(v, actual, shown) for k, v in value.items()}
    return value


def _relabel(line: bytes, actual: str, shown: str) -> bytes:
    """The scan saw `actual` (an absolute path, a temp copy); the record must say `shown`."""
    if actual == shown or actual.encode() not in line:
        return line
    record = json.loads(line)
    inp = record.pop("input")
    return encode_record({"input": inp, **_relabel_value(record, actual, shown)})


def _fetch(url: str, dest_dir: str, deadline: float) -> tuple[str, str, int]:
    """Copy a URL to dest_dir (keeping its file name); (path, sha256, size)."""
    import fsspec

    name = os.path.basename(url.rstrip("/")) or "input.apk"
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name)[-100:] or "input.apk"
    target = os.path.join(dest_dir, name)
    h = hashlib.sha256()
    size = 0
    with fsspec.open(url, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(_CHUNK):
            h.update(chunk)
            dst.write(chunk)
            size += len(chunk)
            if time.monotonic() > deadline:
                raise TimeoutError
    return target, h.hexdigest(), size


def _answer(task: Task, line: bytes, info: dict[str, Any], t0: float,
            outcome: Outcome | None = None, pages: dict[str, str] | None = None) -> dict[str, Any]:
    worker = None
    with contextlib.suppress(Exception):
        from distributed import get_worker

        worker = get_worker().address
    return {
        "id": task.id, "line": line, "info": info, "seconds": time.monotonic() - t0,
        "pid": outcome.worker_pid if outcome else os.getpid(),
        "rss_mb": outcome.rss_mb if outcome else None,
        "peak_mb": outcome.peak_mb if outcome else None,
        "pages": pages or {}, "worker": worker,
    }


def _error(task: Task, inp: dict[str, Any], code: str, message: str, t0: float) -> dict[str, Any]:
    return _answer(task, encode_record(error_record(inp, code, message)),
                   {"ok": False, "error_code": code}, t0)


def _call_hook(job: Job, sha: str | None) -> None:
    hook = resolve_hook(job.hook)
    if hook is not None:
        hook(job, sha)


def scan_on_worker(job: Job) -> dict[str, Any]:
    """The Dask task: scan one input on this worker; the results.jsonl line and what the
    progress sink needs. Scan failures are records, not exceptions."""
    t0 = time.monotonic()
    task = job.task
    if not is_url(job.source):
        _call_hook(job, task.input.get("sha256"))
        outcome, pages = _run_one(job, dataclasses.replace(task, path=job.source))
        line = _relabel(outcome.line, job.source, task.path)
        pages = {k: v.replace(job.source, task.path) for k, v in pages.items()}
        return _answer(task, line, outcome.info, t0, outcome, pages)

    scratch = tempfile.mkdtemp(prefix="fetch-", dir=_scratch_dir())
    try:
        inp = dict(task.input)
        try:
            local, sha, size = _fetch(job.source, scratch, t0 + job.timeout)
        except FileNotFoundError:
            return _error(task, inp, "not_found", "no such file or object", t0)
        except IsADirectoryError:
            return _error(task, inp, "not_a_file", "is a directory, not an APK file", t0)
        except PermissionError as exc:
            return _error(task, inp, "not_found", f"cannot read: {exc.strerror or exc}", t0)
        except TimeoutError:
            return _error(task, inp, "timeout",
                          f"download exceeded the {job.timeout:g} s time limit", t0)
        inp.update(sha256=sha, size=size)
        _call_hook(job, sha)
        outcome, pages = _run_one(job, dataclasses.replace(task, path=local, input=inp))
        line = _relabel(outcome.line, local, job.source)
        pages = {k: v.replace(local, job.source) for k, v in pages.items()}
        return _answer(task, line, outcome.info, t0, outcome, pages)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _scratch_dir() -> str:
    d = os.path.join(_scratch_root(), "auditor")
    os.makedirs(d, exist_ok=True)
    return d


def worker_versions() -> dict[str, str]:
    """Run on every worker at connection time (client.run): what a worker has installed."""
    import auditor

    return {"auditor": auditor.__version__}


# ---------------------------------------------------------------- the client side


def _connect(scheduler: Any, timeout: float) -> tuple[Any, bool]:
    """(Client, whether we own it). A Client is used as is; a cluster object or an address
    ("tcp://host:port", or a scheduler file written by `dask scheduler --scheduler-file`)."""
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        if isinstance(scheduler, (str, os.PathLike)):
            text = os.fspath(scheduler)
            if "://" not in text and os.path.isfile(text):
                return Client(scheduler_file=text, timeout=timeout, set_as_default=False), True
            return Client(text, timeout=timeout, set_as_default=False), True
        if hasattr(scheduler, "scheduler_address"):  # LocalCluster, SSHCluster, ...
            return Client(scheduler, timeout=timeout, set_as_default=False), True
    except (OSError, TimeoutError) as exc:
        raise BatchUsageError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc} (is `dask scheduler` "
            f"running there? check --scheduler / {SCHEDULER_ENV})") from exc
    raise BatchUsageError(f"scheduler must be an address, a Client or a cluster, not {scheduler!r}")


class DaskBackend(LocalBackend):
    """run_batch's executor seam for a Dask cluster (see the module docstring)."""

    def __init__(self, scheduler: Any, *, timeout: float, start_method: str | None = None,
                 sink: ProgressSink | None = None, retries: int = DEFAULT_RETRIES,
                 connect_timeout: float | None = None) -> None:
        self.client, self._own = _connect(scheduler, connect_timeout or DEFAULT_CONNECT_TIMEOUT)
        self.timeout, self.start_method, self.retries = timeout, start_method, retries
        self.sink = sink
        try:
            versions = self.client.run(worker_versions)
        except Exception as exc:
            self.close()
            raise BatchUsageError(
                "the Dask workers cannot run auditor — install the same auditor on every "
                f"worker machine ({type(exc).__name__}: {exc})") from exc
        import auditor

        wrong = sorted(w for w, v in versions.items() if v.get("auditor") != auditor.__version__)
        if wrong and sink is not None:
            sink.message(f"{len(wrong)} Dask worker(s) run another auditor version than "
                         f"{auditor.__version__} (e.g. {wrong[0]}): records may differ")

    @property
    def jobs(self) -> int:  # shown in the progress header: threads in the cluster now
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:
            return 1

    def discover(self, paths: list[Any]) -> Discovery:
        names = [_as_input_name(p) for p in paths]
        local = [p for p in names if not is_url(p)]
        urls = [p for p in names if is_url(p)]
        found = discover_all(local) if local else Discovery([])
        if urls:
            more = discover_urls(urls)
            found.inputs.extend(more.inputs)
            found.notes.extend(more.notes)
        return found

    def resume_keys(self, results: Path, retry_errors: bool) -> set[str]:
        last: dict[str, bool] = {}
        for rec in iter_records(results):
            inp = rec["input"]
            if is_url(inp.get("path")):
                last[url_key(inp["path"], inp.get("size"), inp.get("etag"))] = "error" in rec
        return {k for k, failed in last.items() if not (retry_errors and failed)}

    def executor(self, config: WorkerConfig) -> DaskExecutor:
        return DaskExecutor(self.client, config, self.timeout, start_method=self.start_method,
                            retries=self.retries, sink=self.sink)

    def close(self) -> None:
        if self._own and self.client is not None:
            with contextlib.suppress(Exception):
                self.client.close()


class DaskExecutor:
    """Submits one task per input, a window at a time, and hands every result to on_result
    (in this process, in completion order) exactly once."""

    def __init__(self, client: Any, config: WorkerConfig, timeout: float, *,
                 start_method: str | None = None, retries: int = DEFAULT_RETRIES,
                 sink: ProgressSink | None = None) -> None:
        self.client = client
        self.sink = sink
        self._threads = 0
        self.timeout, self.start_method, self.retries = timeout, start_method, retries
        # Paths in the options must mean the same on the workers: make them absolute.
        scan = dataclasses.replace(
            config.scan,
            rules_dirs=tuple(Path(d).absolute() for d in config.scan.rules_dirs),
            indicator_files=tuple(Path(f).absolute() for f in config.scan.indicator_files),
        )
        self.config = dataclasses.replace(config, scan=scan)
        self.html_dir = config.html_dir
        self.token = uuid.uuid4().hex[:12]
        self.hook = os.environ.get(DASK_HOOK_ENV) or None
        self.pending: dict[Any, Task] = {}
        self.workers_seen: set[str] = set()
        self.attempt: dict[int, int] = {}  # task id -> submissions so far (key suffix)
        self.cancelled: dict[int, int] = {}  # task id -> cancellations while connected

    @property
    def started_workers(self) -> int:
        return len(self.workers_seen)

    def _job(self, task: Task) -> Job:
        source = task.path if is_url(task.path) else os.path.abspath(task.path)
        return Job(task, source, self.config, self.timeout, self.start_method, self.token,
                   self.hook)

    def _submit(self, task: Task, ac: Any) -> None:
        attempt = self.attempt.get(task.id, 0)
        self.attempt[task.id] = attempt + 1
        fut = self.client.submit(
            scan_on_worker, self._job(task), key=f"auditor-scan-{self.token}-{task.id}-{attempt}",
            pure=False, retries=self.retries)
        self.pending[fut] = task
        ac.add(fut)

    def _window(self) -> int:
        try:
            threads = sum(self.client.nthreads().values())
        except Exception:  # not connected right now: keep the last figure
            threads = self._threads
        if threads != self._threads and self.sink is not None:
            self.sink.message(f"{threads} Dask worker thread(s) in the cluster"
                              + ("; waiting for workers to connect" if not threads else ""))
        self._threads = threads
        return WINDOW_PER_THREAD * threads if threads else NO_WORKERS_WINDOW

    def run(self, tasks: Iterable[Task], on_result: Callable[[Outcome], None],
            tick: Callable[[], None] | None = None, tick_interval: float = 0.5) -> None:
        from distributed import as_completed

        queue = deque(tasks)
        ac = as_completed([], loop=self.client.loop, with_results=False)
        window = self._window()
        last_tick = last_window = time.monotonic()
        done: set[int] = set()
        while queue or self.pending:
            status = self.client.status
            if status in ("closing", "closed"):
                raise AuditorError(
                    "internal", "lost the Dask scheduler; every finished result is in "
                    "results.jsonl: run again with --resume to finish")
            if status == "running":  # "connecting": the client is reconnecting; wait
                while queue and len(self.pending) < window:
                    self._submit(queue.popleft(), ac)
            batch = ac.next_batch(block=False)
            for fut in batch:
                task = self.pending.pop(fut, None)
                if task is None or task.id in done:
                    continue
                if fut.status not in ("finished", "error", "cancelled"):
                    # "lost": the worker holding the result died after as_completed saw it
                    # finish; the scheduler computes it again, so wait for it again.
                    self.pending[fut] = task
                    ac.add(fut)
                    continue
                if self._finish(fut, task, on_result):
                    done.add(task.id)
                else:
                    queue.appendleft(task)  # submitted again when the client is connected
                fut.release()
            now = time.monotonic()
            if not batch:
                time.sleep(0.05)
            if now - last_window >= (5.0 if self._threads else 1.0):
                window, last_window = self._window(), now
            if tick and now - last_tick >= tick_interval:
                tick()
                last_tick = now

    def _finish(self, fut: Any, task: Task, on_result: Callable[[Outcome], None]) -> bool:
        """Record one finished future; False when the task must be submitted again."""
        from distributed import KilledWorker

        status = fut.status
        if status == "finished":
            res = fut.result()
            if res.get("worker"):
                self.workers_seen.add(res["worker"])
            self._write_pages(res.get("pages") or {})
            on_result(Outcome(task, res["line"], res["info"], res["seconds"], res["pid"],
                              res["rss_mb"], res["peak_mb"]))
            return True
        if status == "cancelled":
            # Not the input's fault: the client lost the scheduler (every future is cancelled
            # while it reconnects) or someone called client.restart() / cancel().
            if self.client.status != "running":
                return False
            n = self.cancelled[task.id] = self.cancelled.get(task.id, 0) + 1
            if n <= RESUBMIT_CANCELLED:
                return False
            message, tb = "the Dask cluster cancelled this scan repeatedly", None
        else:
            exc = fut.exception()
            if isinstance(exc, WorkerSetupError):
                raise AuditorError("internal", f"auditor cannot start its scan processes on a "
                                               f"Dask worker: {exc}")
            if isinstance(exc, KilledWorker):
                tries = getattr(exc, "allowed_failures", None)
                tries = f"{tries + 1} times" if isinstance(tries, int) else "repeatedly"
                last = getattr(exc, "last_worker", None)
                where = f" (last on {getattr(last, 'address', last)})" if last else ""
                message = (f"the Dask worker holding this input died {tries}{where}; "
                           "rescan it with --resume --retry-errors")
                tb = None
            else:
                message = f"{type(exc).__name__}: {exc}"[:500]
                tb = None
                with contextlib.suppress(Exception):
                    import traceback

                    tb = "".join(traceback.format_tb(fut.traceback())) or None
        line = encode_record(error_record(task.input, "internal", message, tb))
        on_result(Outcome(task, line, {"ok": False, "error_code": "internal"}, 0.0, None))
        return True

    def _write_pages(self, pages: dict[str, str]) -> None:
        if not self.html_dir or not pages:
            return
        target = Path(self.html_dir)
        with contextlib.suppress(OSError):
            target.mkdir(parents=True, exist_ok=True)
            for name, text in pages.items():
                name = os.path.basename(name)
                tmp = target / f".{name}.tmp"
                tmp.write_text(text, encoding="utf-8")
                os.replace(tmp, target / name)

    def shutdown(self, graceful: bool = True) -> None:
        if self.pending:
            with contextlib.suppress(Exception):
                self.client.cancel(list(self.pending))
            self.pending.clear()
        for marker in glob.glob(os.path.join(tempfile.gettempdir(),
                                             f"auditor-dask-exit-{self.token}-*")):
            with contextlib.suppress(OSError):
                os.unlink(marker)


# ---------------------------------------------------------------- large tables


def write_parquet_dataset(
    table: pd.DataFrame | str | os.PathLike[str],
    directory: str | os.PathLike[str],
    *,
    partition_on: Iterable[str] = ("level",),
    max_rows_per_file: int = 250_000,
) -> Path:
    """The batch table as a Parquet dataset: hive-partitioned folders (`level=high/...`), at
    most max_rows_per_file rows per file. `table` is a DataFrame or a results.jsonl path.

    A partition value cannot be empty, so in the dataset an error row's `level` is "error"
    and any other empty partition value is "none" (the table itself is unchanged). Written
    next to `directory` first and swapped in, so readers never see half a dataset.
    Read back with pandas.read_parquet(directory) or dask.dataframe.read_parquet(directory)
    (partition columns come back as categoricals)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    from auditor.batch.table import build_table

    df = table if not isinstance(table, (str, os.PathLike)) else build_table(table)
    cols = list(partition_on)
    if cols:
        df = df.copy()
        for col in cols:
            filler = "none"
            if col == "level" and "error_code" in df:
                filler = df["error_code"].notna().map({True: "error", False: "none"})
            df[col] = df[col].astype("string").fillna(filler)
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{uuid.uuid4().hex[:8]}")
    ds.write_dataset(
        pa.Table.from_pandas(df, preserve_index=False), tmp, format="parquet",
        partitioning=cols or None, partitioning_flavor="hive" if cols else None,
        max_rows_per_file=max_rows_per_file, max_rows_per_group=min(max_rows_per_file, 65536),
        existing_data_behavior="error",
    )
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def main(argv: list[str] | None = None) -> int:
    """python -m auditor.batch.dask_backend parquet OUT_DIR [--by level] [--rows N]"""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m auditor.batch.dask_backend")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parquet", help="write OUT_DIR/results.jsonl as a partitioned Parquet "
                                       "dataset OUT_DIR/results_dataset/")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--by", default="level", help="comma list of partition columns ('' = none)")
    p.add_argument("--rows", type=int, default=250_000, help="rows per file at most")
    args = parser.parse_args(argv)
    results = args.out_dir / "results.jsonl"
    if not results.exists():
        parser.error(f"{results} does not exist")
    target = write_parquet_dataset(results, args.out_dir / "results_dataset",
                                   partition_on=[c for c in args.by.split(",") if c],
                                   max_rows_per_file=args.rows)
    print(target)
    return 0


__all__ = [
    "SCHEDULER_ENV", "DaskBackend", "DaskExecutor", "Job", "UrlInput", "WorkerSetupError",
    "discover_urls", "scan_on_worker", "url_key", "write_parquet_dataset",
]

if __name__ == "__main__":
    raise SystemExit(main())

"""The worker process of a batch scan: one APK at a time, answers on a pipe.

Runs in a child process started by auditor.batch.pool (forkserver, or spawn where there is
no forkserver). This module is preloaded in the forkserver, so androguard and the knowledge
catalogue are imported once and every worker starts warm. It must stay light: no pandas, no
rich.

Protocol (parent <-> worker, over one duplex multiprocessing Pipe; a second, one-way pipe
only tells the worker that the parent is still alive):
  worker -> ("ready", pid, rss_mb)                        after start-up
  worker -> ("fatal", traceback_text)                     start-up failed; the worker exits
  parent -> Task                                          scan this
  worker -> ("done", task_id, line, info, rss_mb, peak_mb, retiring)
  parent -> None                                          exit now
`line` is the finished results.jsonl line (UTF-8 bytes, no newline): the worker encodes the
JSON so the parent only appends bytes. `retiring` means the worker exits after this message
(its task budget or RSS budget is spent, or it hit MemoryError): the parent replaces it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
import json
import os
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.options import (
    DEFAULT_MAX_TASKS,
    DEFAULT_MEMORY_MB,
    DEFAULT_RECYCLE_RSS_MB,
    ScanOptions,
)

#: A diagnostic seam: "module:function[=argument]". The parent reads it once when the batch
#: starts and passes it in WorkerConfig (a forkserver child does not see the parent's later
#: environment); each worker calls function(argument, task) before scanning a task. The
#: test suite injects crashes, hangs and memory blow-ups through it (tests/crash_hooks.py).
HOOK_ENV = "AUDITOR_WORKER_HOOK"


@dataclass(frozen=True)
class WorkerConfig:
    scan: ScanOptions = field(default_factory=ScanOptions)  # passed unchanged to the pipeline
    memory_mb: int = DEFAULT_MEMORY_MB  # RLIMIT_AS of the worker; 0 = no limit
    max_tasks: int = DEFAULT_MAX_TASKS  # retire after this many APKs (androguard keeps caches)
    recycle_rss_mb: int = DEFAULT_RECYCLE_RSS_MB  # retire when RSS grows past this; 0 = never
    log_path: str | None = None  # the worker's stdout/stderr (and crash tracebacks) go here
    hook: str | None = None  # see HOOK_ENV
    html_dir: str | None = None  # also write each app's HTML report here (<sha256>.html)


@dataclass(frozen=True)
class Task:
    id: int
    path: str
    kind: str  # discover.APK | BUNDLE (open_apk handles both)
    input: dict[str, Any]  # the record's "input" object


def resolve_hook(spec: str | None) -> Callable[[Task], None] | None:
    """The callable a HOOK_ENV spec names, bound to its argument; None without a spec."""
    if not spec:
        return None
    target, _, argument = spec.partition("=")
    module, _, name = target.partition(":")
    func = getattr(importlib.import_module(module), name)
    return functools.partial(func, argument)


# ---------------------------------------------------------------- memory figures


def _status_kb(field_name: str) -> int | None:
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(field_name.encode() + b":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_mb() -> float:
    """Current resident set size of this process in MiB."""
    kb = _status_kb("VmRSS")
    if kb is None:
        return peak_mb()
    return round(kb / 1024, 1)


def peak_mb() -> float:
    kb = _status_kb("VmHWM")
    if kb is not None:
        return round(kb / 1024, 1)
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
    except (ImportError, OSError):
        return 0.0


# ---------------------------------------------------------------- process set-up


def _set_memory_limit(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    try:
        import resource
    except ImportError:  # Windows: no RLIMIT_AS; the timeout still applies
        return
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _watch_parent(alive: Any) -> None:
    """Exit as soon as the batch process is gone, even in the middle of a scan.

    `alive` is the read end of a pipe whose only write end the batch process holds: EOF means
    it died (SIGKILL included). A forkserver worker cannot rely on its parent process (that is
    the forkserver, which itself waits for its workers) or on PR_SET_PDEATHSIG.
    """
    import threading

    def watch() -> None:
        with contextlib.suppress(BaseException):
            while True:
                alive.recv()  # the parent never sends: returns only by EOFError
        os._exit(3)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _redirect_output(path: str) -> None:
    """Whatever a worker prints (a library's warning, a native crash dump) goes to the batch's
    workers.log, not over the progress bar; faulthandler writes a segfault's Python stack."""
    import faulthandler

    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        faulthandler.enable(file=sys.stderr, all_threads=False)


def _log(text: str) -> None:
    with contextlib.suppress(Exception):
        sys.stderr.write(f"[worker {os.getpid()}] {text}\n")
        sys.stderr.flush()


def warm_up() -> None:
    """Import and load everything a scan needs (runs in the forkserver when preloaded)."""
    from auditor.apk.androguard_lib import apk_class
    from auditor.catalogue.knowledge import load_knowledge

    apk_class()  # androguard, quiet, with its fast public-resource table

    import auditor.pipeline  # noqa: F401

    load_knowledge()


def worker_main(conn: Any, config: WorkerConfig, alive: Any = None) -> None:
    """Entry point of a worker process. `alive`: see _watch_parent."""
    # Ctrl-C reaches the whole process group: the parent decides, workers just get stopped.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if alive is not None:
        _watch_parent(alive)
    if config.log_path:
        _redirect_output(config.log_path)
    try:
        warm_up()
        # Everything loaded so far lives as long as the worker: keep it out of the collector,
        # so the gc.collect() after each APK only walks that APK's objects (and does not
        # write to pages shared with the forkserver).
        gc.freeze()
        _set_memory_limit(config.memory_mb)
        hook = resolve_hook(config.hook)
    except BaseException:
        with contextlib.suppress(Exception):
            conn.send(("fatal", traceback.format_exc()))
        return
    conn.send(("ready", os.getpid(), rss_mb()))
    done = 0
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        if config.log_path:
            _log(f"scanning {task.path}")
        line, info, retire = run_task(task, config, hook)
        done += 1
        gc.collect()
        rss = rss_mb()
        retire = (
            retire
            or done >= config.max_tasks > 0
            or (config.recycle_rss_mb > 0 and rss > config.recycle_rss_mb)
        )
        try:
            conn.send(("done", task.id, line, info, rss, peak_mb(), retire))
        except (EOFError, OSError):
            return
        if retire:
            return


# ---------------------------------------------------------------- one task


def error_record(
    input_obj: dict[str, Any], code: str, message: str, tb: str | None = None
) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if tb:
        err["traceback"] = tb
    return {"input": input_obj, "error": err}


def encode_record(record: dict[str, Any]) -> bytes:
    """One results.jsonl line (no newline). Readable UTF-8; \\u escapes when a string holds
    lone surrogates (damaged manifests do)."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True, separators=(",", ":"), default=str).encode(
            "ascii"
        )


def _write_html(report: Any, config: WorkerConfig) -> None:
    """The app's own HTML report, linked from the batch dashboard (best effort)."""
    from auditor.render import RenderOptions, get_renderer

    try:
        page = get_renderer("html").render(report, RenderOptions(lang=config.scan.lang))
        target = Path(config.html_dir or ".") / f"{report.app.sha256}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        _log(f"cannot write the HTML report: {exc}")


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    score = report.get("score") or {}
    return {
        "ok": True,
        "score": score.get("value"),
        "level": score.get("level"),
        "package": (report.get("app") or {}).get("package"),
    }


def run_task(
    task: Task, config: WorkerConfig, hook: Callable[[Task], None] | None = None
) -> tuple[bytes, dict[str, Any], bool]:
    """Scan one input: (results.jsonl line, summary for the progress sink, retire?)."""
    from auditor.errors import AuditorError

    retire = False
    cpu0 = _cpu_seconds()
    record: dict[str, Any]
    try:
        if hook is not None:
            hook(task)
        from auditor.pipeline import scan

        scanned = scan(task.path, config.scan)  # bundles too (apk/container.py)
        report = scanned.to_dict()
        if config.html_dir:
            _write_html(scanned, config)
        record = {"input": task.input, **report}
        info = _summary(report)
    except AuditorError as exc:
        record = error_record(task.input, exc.code, exc.message)
        info = {"ok": False, "error_code": exc.code}
    except MemoryError:
        retire = True  # the heap may be fragmented or half-built: start afresh
        gc.collect()
        limit = f" ({config.memory_mb} MiB)" if config.memory_mb > 0 else ""
        record = error_record(task.input, "too_large", f"memory limit exceeded{limit}")
        info = {"ok": False, "error_code": "too_large"}
    except Exception as exc:  # a bug in auditor or androguard: keep the traceback
        record = error_record(
            task.input, "internal", f"{type(exc).__name__}: {exc}"[:500], traceback.format_exc()
        )
        info = {"ok": False, "error_code": "internal"}
    try:
        line = encode_record(record)
    except Exception as exc:
        line = encode_record(
            error_record(task.input, "internal", f"cannot encode the report: {exc}"[:500])
        )
        info = {"ok": False, "error_code": "internal"}
    info["cpu_s"] = round(_cpu_seconds() - cpu0, 3)
    return line, info, retire


def _cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system

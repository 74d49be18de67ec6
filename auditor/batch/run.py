"""One batch run: results.jsonl (one fsync'd line per input, --resume), discovery, the
executor, Ctrl-C/SIGTERM, the table and dashboard at the end, and the exit code.
The package docstring (auditor/batch/__init__.py) lists the other stages."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.batch.backend import BatchUsageError, Executor, LocalBackend
from auditor.batch.discover import INVALID, Discovery, Input, discover
from auditor.batch.pool import Outcome, PoolError
from auditor.batch.progress import (
    BatchStart,
    CallbackProgress,
    ItemDone,
    NullProgress,
    PlainProgress,
    ProgressSink,
    RichProgress,
    as_sink,
    default_progress,
)
from auditor.batch.table import (
    BatchSummary,
    build_table,
    common_root,
    iter_records,
    record_key,
    render_summary,
    short_path,
    summarize,
    summary_renderables,
    write_table,
)
from auditor.batch.worker import (
    HOOK_ENV,
    Task,
    WorkerConfig,
    encode_record,
    error_record,
)
from auditor.errors import EXIT_INPUT, EXIT_OK, EXIT_THRESHOLD, AuditorError
from auditor.model import LEVELS
from auditor.options import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    BatchOptions,
    ScanOptions,
)

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_REPORTS_DIR = Path("reports")
RESULTS_NAME = "results.jsonl"
WORKERS_LOG = "workers.log"  # what workers print: library warnings, crash dumps
APP_PAGES = "apps"  # each app's HTML report, <sha256>.html, linked from index.html
DASHBOARD = "index.html"

#: Exit code of an interrupted batch (128 + SIGINT, the shell convention).
EXIT_INTERRUPTED = 130

# ---------------------------------------------------------------- results.jsonl


class ResultsLog:
    """Append-only results.jsonl: every line is written whole, flushed and fsync'd."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def repair(self) -> int:
        """Drop a last line cut short by a killed run; returns the bytes removed."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return 0
        good = 0
        with open(self.path, "rb") as fh:
            pos = 0
            for raw in fh:
                pos += len(raw)
                if raw.endswith(b"\n"):
                    good = pos
        if good < size:
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
                fh.flush()
                os.fsync(fh.fileno())
        return size - good

    def done_keys(self, retry_errors: bool = False) -> set[str]:
        """Keys of inputs that already have a record (only successful ones with retry_errors)."""
        last: dict[str, bool] = {}
        for rec in iter_records(self.path):
            last[record_key(rec)] = "error" in rec
        return {k for k, failed in last.items() if not (retry_errors and failed)}

    def open(self) -> None:
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def append(self, line: bytes) -> None:
        assert self._fd is not None, "ResultsLog.open() first"
        data = memoryview(line.rstrip(b"\n") + b"\n")
        while data:
            n = os.write(self._fd, data)
            data = data[n:]
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# ---------------------------------------------------------------- the output folder


def default_out_dir(base: Path = DEFAULT_REPORTS_DIR) -> Path:
    """reports/batch-YYYYmmdd-HHMMSS (relative to the working directory), never reused."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = base / f"batch-{stamp}"
    n = 1
    while candidate.exists():
        candidate = base / f"batch-{stamp}-{n}"
        n += 1
    return candidate


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One batch at a time per output folder (POSIX advisory lock on <out>/.lock)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    fh = open(out / ".lock", "a+b")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BatchUsageError(f"{out} is in use by another batch scan") from None
        yield
    finally:
        fh.close()


def _set_aside(results: Path) -> Path | None:
    """A fresh run into a folder with results keeps them: results.jsonl -> results.<time>.jsonl."""
    if not results.exists() or results.stat().st_size == 0:
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(results.stat().st_mtime))
    target = results.with_name(f"results.{stamp}.jsonl")
    n = 1
    while target.exists():
        target = results.with_name(f"results.{stamp}-{n}.jsonl")
        n += 1
    os.replace(results, target)
    return target


# ---------------------------------------------------------------- signals


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the batch like Ctrl-C (KeyboardInterrupt) while inside the block."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    old = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[list[int]]:
    """While finishing up (killing workers, writing the table), note Ctrl-C/SIGTERM instead of
    dying half-way; the caller sees them in the yielded list."""
    got: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield got
        return
    olds = {
        s: signal.signal(s, lambda n, f: got.append(n)) for s in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield got
    finally:
        for s, old in olds.items():
            signal.signal(s, old)


def _backend(scheduler: Any, jobs: int, timeout: float, start_method: str | None,
             sink: ProgressSink) -> LocalBackend:
    if scheduler is None:
        return LocalBackend(jobs, timeout, start_method)
    try:
        from auditor.batch.dask_backend import DaskBackend
    except ImportError as exc:
        raise BatchUsageError(
            f"scanning on a Dask cluster needs dask and distributed ({exc}): "
            "pip install 'auditor[dask]'") from exc
    return DaskBackend(scheduler, timeout=timeout, start_method=start_method, sink=sink)


# ---------------------------------------------------------------- the run


def resume_command(paths: list[Any], options: BatchOptions, out: Path) -> str:
    """The `auditor scan` command line that continues this batch: the same inputs and
    analysis options, the same folder, --resume (quoted for a POSIX shell)."""
    args = ["auditor", "scan", *(str(p) for p in paths), "--out", str(out), "--resume"]
    scan = options.scan
    if scan.policies:
        args += ["--policy", ",".join(scan.policies)]
    if scan.lang != "en":
        args += ["--lang", scan.lang]
    for folder in scan.rules_dirs:
        args += ["--rules-dir", str(folder)]
    for path in scan.indicator_files:
        args += ["--indicators", str(path)]
    if not scan.scan_code:
        args.append("--no-code")
    if options.timeout != DEFAULT_TIMEOUT:
        args += ["--timeout", f"{options.timeout:g}"]
    if options.memory_mb != DEFAULT_MEMORY_MB:
        args += ["--memory-mb", str(options.memory_mb)]
    if isinstance(options.scheduler, str):
        args += ["--scheduler", options.scheduler]
    return " ".join(shlex.quote(a) for a in args)


@dataclass
class BatchResult:
    table: pd.DataFrame  # every input recorded in results.jsonl (all runs), one row each
    summary: BatchSummary
    out_dir: Path
    results_path: Path  # results.jsonl
    csv_path: Path | None
    parquet_path: Path | None
    found: int  # distinct inputs discovered (after merging duplicate contents)
    scanned: int  # reports written by this run
    failed: int  # error records written by this run
    skipped_resume: int  # inputs skipped because results.jsonl already had them
    duplicates: int  # extra paths merged into an input with the same sha256
    interrupted: bool  # Ctrl-C / SIGTERM stopped the run; finished results are kept
    elapsed: float  # seconds, discovery to table
    workers_started: int = 0
    root: str | None = None  # the folder the paths are shown relative to (common_root)
    resume_command: str = ""  # the command that finishes an interrupted run
    lang: str = "en"  # the language of the dashboard and the summary
    transient: bool = False  # out_dir is removed afterwards (scan_many without out_dir)

    @property
    def dashboard_path(self) -> Path:
        return self.out_dir / DASHBOARD

    @property
    def status(self) -> str:
        return "interrupted" if self.interrupted else "complete"

    @property
    def pending(self) -> int:
        """Inputs neither finished nor skipped (non-zero only when interrupted)."""
        return self.found - self.skipped_resume - self.scanned - self.failed


class _Run:
    """One run: discovery, invalid inputs, the pool; every outcome goes to results.jsonl
    first, then to the progress sink."""

    def __init__(self, log: ResultsLog, sink: ProgressSink, lang: str = "en") -> None:
        self.log = log
        self.sink = sink
        self.lang = lang
        self.found = Discovery([])
        self.skipped = 0
        self.scanned = 0
        self.failed = 0
        self.interrupted = False
        self.workers_started = 0

    def record(self, line: bytes, input_obj: dict[str, Any], info: dict[str, Any],
               outcome: Outcome | None = None) -> None:
        self.log.append(line)  # on disk before anyone hears about it
        if info.get("ok"):
            self.scanned += 1
        else:
            self.failed += 1
        self.sink.advance(ItemDone(
            path=str(input_obj.get("path")),
            sha256=input_obj.get("sha256"),
            ok=bool(info.get("ok")),
            error_code=info.get("error_code"),
            score=info.get("score"),
            level=info.get("level"),
            package=info.get("package"),
            seconds=outcome.seconds if outcome else None,
            cpu_s=info.get("cpu_s"),
            worker_pid=outcome.worker_pid if outcome else None,
            rss_mb=outcome.rss_mb if outcome else None,
            peak_mb=outcome.peak_mb if outcome else None,
        ))

    def execute(self, paths: list[Any], done: set[str], config: WorkerConfig,
                backend: LocalBackend, out: Path) -> None:
        pool: Executor | None = None
        try:
            with _sigterm_as_interrupt():
                self.found = backend.discover(paths)
                for note in self.found.notes:
                    self.sink.message(note)
                todo = [i for i in self.found.inputs if i.key not in done]
                self.skipped = len(self.found.inputs) - len(todo)
                self.sink.start(BatchStart(
                    total=len(todo), found=len(self.found.inputs), skipped_resume=self.skipped,
                    duplicates=self.found.duplicates, jobs=min(backend.jobs, max(1, len(todo))),
                    out_dir=str(out), lang=self.lang,
                ))
                for inp in todo:
                    if inp.kind == INVALID:  # nothing to open: no worker needed
                        code, message = inp.error or ("internal", "unreadable input")
                        obj = inp.record_input()
                        self.record(encode_record(error_record(obj, code, message)), obj,
                                    {"ok": False, "error_code": code})
                scannable = sorted((i for i in todo if i.kind != INVALID),
                                   key=lambda i: -(i.size or 0))  # biggest first: a short tail
                tasks = [Task(n, i.path, i.kind, i.record_input())
                         for n, i in enumerate(scannable)]
                if tasks:
                    pool = backend.executor(config)
                    pool.run(tasks, lambda o: self.record(o.line, o.task.input, o.info, o),
                             tick=self.sink.tick)
        except KeyboardInterrupt:
            self.interrupted = True
        except PoolError as exc:
            detail = f"\n{exc.detail}" if exc.detail else ""
            raise AuditorError("internal", f"{exc}{detail}") from exc
        finally:
            with _signals_deferred():
                if pool is not None:
                    pool.shutdown(graceful=not self.interrupted)
                    self.workers_started = pool.started_workers


def _prepare_out(out_dir: Path | None) -> Path:
    out = default_out_dir() if out_dir is None else out_dir
    if out.exists() and not out.is_dir():
        raise BatchUsageError(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _previous_results(log: ResultsLog, resume: bool, retry_errors: bool,
                      sink: ProgressSink, lang: str = "en") -> set[str]:
    """Keys to skip (resume), after repairing a cut last line; or set old results aside."""
    from auditor.render import locale

    ui = locale.ui(lang)["batch"]
    if not resume:
        moved = _set_aside(log.path)
        if moved:
            sink.message(ui["set_aside"].format(path=moved))
        return set()
    dropped = log.repair()
    if dropped:
        sink.message(ui["repaired"].format(n=dropped, path=log.path))
    return log.done_keys(retry_errors)


def write_dashboard(table: Any, out: Path, lang: str, root: str | None = None) -> Path:
    """index.html: the sortable table and charts, linking to apps/<sha256>.html; files are
    shown relative to `root` (the folder that was scanned)."""
    from auditor.catalogue.knowledge import load_knowledge
    from auditor.render.dashboard import render_dashboard

    pages = {p.stem for p in (out / APP_PAGES).glob("*.html")}
    rows = table.to_dict(orient="records")
    for row in rows:
        if isinstance(row.get("file"), str):
            row["file"] = short_path(row["file"], root)
    # The table names categories by id; the names are the ones every report carries.
    knowledge = load_knowledge()
    names = {cid: info.name for cid, info in knowledge.categories.items()}
    packers = {p.name: p.display_name for p in knowledge.packers if p.display_name is not None}
    path = out / DASHBOARD
    path.write_text(render_dashboard(rows, lang, pages, names, packers), encoding="utf-8")
    return path


def _load_knowledge_files(scan: ScanOptions) -> None:
    """Policies and extra indicator files load here, once: a broken file fails the batch
    before any work (each worker loads them again for itself)."""
    from auditor.analysis.indicators import load_families
    from auditor.policy.packs import load_packs

    load_packs(scan.policy_ids(), scan.rules_dirs)
    for path in scan.indicator_files:
        load_families(path)


def run_batch(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    options: BatchOptions | None = None,
    *,
    progress: ProgressSink | Callable[[ItemDone], Any] | bool | None = None,
    transient: bool = False,
    **values: Any,
) -> BatchResult:
    """Scan every input under `paths`; see docs/batch.md. Never prints except via `progress`.

    Options come as a BatchOptions, or as keyword arguments named like its fields and those of
    ScanOptions (jobs, timeout, memory_mb, out_dir, resume, policies, lang, rules_dirs,
    indicator_files, scan_code, max_tasks_per_worker, recycle_rss_mb, retry_errors,
    start_method, scheduler). `scheduler` (a Dask scheduler address "tcp://host:port", a
    distributed.Client or a cluster) runs one task per input on that cluster instead of local
    worker processes (docs/dask.md); everything else (results.jsonl, resume, progress, table)
    is the same.

    `transient` says the caller removes the output folder afterwards: the last progress
    line then names no file in it.

    Raises UnknownPolicyError (a policy id no pack has) and RuleError (a broken pack or
    indicator file), both before anything runs, BatchUsageError (bad options, busy output
    folder) and AuditorError("internal") when worker processes cannot start.
    Ctrl-C / SIGTERM do not raise: the result says `interrupted`.
    """
    t0 = time.monotonic()
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if options is None:
        options = BatchOptions.from_values(values)
    elif values:
        raise TypeError("give options either as a BatchOptions or as keyword arguments")
    options.validate()
    sink = as_sink(progress)
    _load_knowledge_files(options.scan)
    assert options.jobs is not None and options.recycle_rss_mb is not None  # set by BatchOptions

    out = _prepare_out(options.out_dir)
    log = ResultsLog(out / RESULTS_NAME)
    backend_cm = _backend(options.scheduler, options.jobs, options.timeout, options.start_method, sink)
    with _locked(out), contextlib.closing(backend_cm) as backend:
        done = _previous_results(log, options.resume, options.retry_errors, sink,
                                 options.scan.lang)
        if options.resume:
            done |= backend.resume_keys(log.path, options.retry_errors)
        run = _Run(log, sink, options.scan.lang)
        log.open()
        config = WorkerConfig(
            scan=options.scan,
            memory_mb=options.memory_mb,
            max_tasks=options.max_tasks_per_worker,
            recycle_rss_mb=options.recycle_rss_mb,
            log_path=str(out / WORKERS_LOG),
            hook=os.environ.get(HOOK_ENV) or None,
            html_dir=str(out / APP_PAGES),
        )
        try:
            run.execute(paths, done, config, backend, out)
        finally:
            log.close()
        with _signals_deferred():
            table = build_table(log.path)
            csv_path, parquet_path = write_table(table, out)
            root = common_root(paths)
            write_dashboard(table, out, options.scan.lang, root)
    result = BatchResult(
        table=table, summary=summarize(table), out_dir=out, results_path=log.path,
        csv_path=csv_path, parquet_path=parquet_path, found=len(run.found.inputs),
        scanned=run.scanned, failed=run.failed, skipped_resume=run.skipped,
        duplicates=run.found.duplicates, interrupted=run.interrupted,
        elapsed=time.monotonic() - t0, workers_started=run.workers_started,
        root=root, resume_command=resume_command(paths, options, out), lang=options.scan.lang,
        transient=transient,
    )
    sink.finish(result)
    return result


def scan_many(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    options: BatchOptions | None = None,
    *,
    progress: ProgressSink | Callable[[ItemDone], Any] | bool | None = None,
    **values: Any,
) -> pd.DataFrame:
    """Scan files and folders in parallel; the table, one row per input (docs/batch.md).

    Options as for run_batch (a BatchOptions, or keyword arguments: jobs, timeout, memory_mb,
    out_dir, resume, policies, lang, scheduler, ...).

    Nothing is written unless you ask: without `out_dir` the batch runs in a temporary
    folder that is removed before this returns (the table is in memory). With `out_dir`
    the folder keeps results.jsonl (every full JSON report), results.csv/.parquet, one HTML
    report per app and index.html, and a later call can `resume` it.

    The DataFrame's attrs carry "status" ("complete" or "interrupted"), and with `out_dir`
    "out_dir" and "results" (the results.jsonl path), else None for both. `scheduler`
    runs the scans on a Dask cluster (docs/dask.md); the table is the same.
    """
    import tempfile

    if options is None:
        options = BatchOptions.from_values(values)
    elif values:
        raise TypeError("give options either as a BatchOptions or as keyword arguments")
    if options.out_dir is not None:
        result = run_batch(paths, options, progress=progress)
        df = result.table
        df.attrs.update(
            out_dir=str(result.out_dir), status=result.status, results=str(result.results_path)
        )
        return df
    options.validate()  # before the temporary folder: resume without out_dir is an error
    with tempfile.TemporaryDirectory(prefix="auditor-batch-") as tmp:
        result = run_batch(
            paths, replace(options, out_dir=Path(tmp)), progress=progress, transient=True
        )
        df = result.table.copy()
    df.attrs.update(out_dir=None, status=result.status, results=None)
    return df


# ---------------------------------------------------------------- exit code


def _level_rank(level: Any) -> int:
    return LEVELS.index(level) if level in LEVELS else -1


def batch_exit_code(result: BatchResult, fail_on: str | None = None) -> int:
    """The `auditor scan DIR` exit status; first match wins:

    130  the run was interrupted (Ctrl-C / SIGTERM); resume to finish
    1    fail_on is set and some app's risk level is >= fail_on (low < medium < high < critical)
    3    some input could not be scanned (an error row in the table, any code)
    0    everything scanned, no threshold hit
    """
    if fail_on is not None and fail_on not in LEVELS:
        raise BatchUsageError(f"fail_on must be one of {', '.join(LEVELS)}")
    if result.interrupted:
        return EXIT_INTERRUPTED
    df = result.table
    if fail_on is not None and any(_level_rank(lv) >= LEVELS.index(fail_on)
                                   for lv in df["level"].dropna()):
        return EXIT_THRESHOLD
    if df["error_code"].notna().any():
        return EXIT_INPUT
    return EXIT_OK


__all__ = [
    "DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT", "EXIT_INTERRUPTED",
    "BatchResult", "BatchStart", "BatchSummary", "BatchUsageError", "CallbackProgress",
    "Executor", "Input", "ItemDone", "LocalBackend", "NullProgress", "PlainProgress",
    "ProgressSink", "ResultsLog",
    "RichProgress", "batch_exit_code", "build_table", "default_out_dir", "default_progress",
    "discover", "render_summary", "run_batch", "scan_many", "summarize", "summary_renderables",
    "write_table",
]

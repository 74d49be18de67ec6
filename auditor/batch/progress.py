"""Progress of a batch: the engine reports through a sink and never prints by itself.

Sinks: RichProgress (a live bar on a terminal), PlainProgress (a line every N seconds or M
items, for logs and CI), NullProgress (silent), CallbackProgress (calls a function with each
finished item). `as_sink(None)` picks Rich when stderr is a TTY, plain lines otherwise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.batch import BatchResult


@dataclass
class BatchStart:
    total: int  # inputs this run will process (after dedupe and --resume)
    found: int  # distinct inputs discovered
    skipped_resume: int
    duplicates: int
    jobs: int
    out_dir: str
    lang: str = "en"  # the language of the progress lines


@dataclass
class ItemDone:
    path: str
    sha256: str | None
    ok: bool
    error_code: str | None = None
    score: float | None = None
    level: str | None = None
    package: str | None = None
    seconds: float | None = None  # wall time from hand-over to answer
    cpu_s: float | None = None  # CPU time the worker spent on it
    worker_pid: int | None = None
    rss_mb: float | None = None  # the worker's resident set after this item
    peak_mb: float | None = None  # the worker's peak resident set so far


class ProgressSink:
    """Override what you need; every method is optional."""

    def start(self, info: BatchStart) -> None: ...

    def advance(self, item: ItemDone) -> None: ...

    def tick(self) -> None:
        """Called about twice a second while the batch runs, even when nothing finishes."""

    def message(self, text: str) -> None: ...

    def finish(self, result: BatchResult) -> None: ...


class NullProgress(ProgressSink):
    pass


class CallbackProgress(ProgressSink):
    def __init__(self, fn: Callable[[ItemDone], Any]) -> None:
        self.fn = fn

    def advance(self, item: ItemDone) -> None:
        self.fn(item)


def _clock(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds == float("inf"):
        return "--:--"
    seconds = round(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class _Counter(ProgressSink):
    """Shared bookkeeping: done, errors, rate (APKs/minute), ETA."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.errors = 0
        self.t0 = time.monotonic()
        self.lang = "en"

    def start(self, info: BatchStart) -> None:
        self.total = info.total
        self.t0 = time.monotonic()
        self.lang = info.lang

    @property
    def ui(self) -> dict[str, Any]:
        from auditor.render import locale

        return locale.ui(self.lang)["batch"]

    def _count(self, key: str, n: int) -> str:
        from auditor.render import locale

        return locale.fill(self.ui[key], n=n)

    def advance(self, item: ItemDone) -> None:
        self.done += 1
        self.errors += 0 if item.ok else 1

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.t0

    @property
    def per_minute(self) -> float:
        return 60.0 * self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        if not self.done:
            return None
        return (self.total - self.done) * self.elapsed / self.done

    def _start_text(self, info: BatchStart) -> str:
        from auditor.render import locale

        ui = locale.ui(info.lang)["batch"]
        extra = []
        if info.skipped_resume:
            extra.append(ui["resumed"].format(n=info.skipped_resume))
        if info.duplicates:
            extra.append(locale.fill(ui["duplicates"], n=info.duplicates))
        more = f" ({', '.join(extra)})" if extra else ""
        return ui["start"].format(
            total=info.total,
            found=info.found,
            more=more,
            workers=locale.fill(ui["workers"], n=info.jobs),
            out=info.out_dir,
        )

    def _finish_text(self, result: BatchResult) -> str:
        key = "interrupted" if result.interrupted else "finished"
        if getattr(result, "transient", False):  # nothing is kept: name no file
            key += "_in_memory"
        return self.ui[key].format(
            done=self.done,
            total=self.total,
            clock=_clock(self.elapsed),
            rate=f"{self.per_minute:.1f}",
            errors=self._count("errors", self.errors),
            dashboard=result.dashboard_path,
            command=result.resume_command,
        )


class PlainProgress(_Counter):
    """A line at start, every `every_seconds` or `every_items`, and at the end."""

    def __init__(
        self, stream: IO[str] | None = None, every_seconds: float = 10.0, every_items: int = 100
    ) -> None:
        super().__init__()
        self.stream = stream
        self.every_seconds = every_seconds
        self.every_items = every_items
        self._last_time = time.monotonic()
        self._last_done = 0

    def _print(self, text: str) -> None:
        stream = self.stream or sys.stderr
        print(text, file=stream, flush=True)

    def start(self, info: BatchStart) -> None:
        super().start(info)
        self._last_time = time.monotonic()
        self._print(self._start_text(info))

    def advance(self, item: ItemDone) -> None:
        super().advance(item)
        if self.done - self._last_done >= self.every_items:
            self._line()

    def tick(self) -> None:
        if time.monotonic() - self._last_time >= self.every_seconds and self.done < self.total:
            self._line()

    def _line(self) -> None:
        pct = 100.0 * self.done / self.total if self.total else 100.0
        self._print(
            self.ui["progress"].format(
                done=self.done,
                total=self.total,
                pct=f"{pct:.0f}",
                rate=f"{self.per_minute:.1f}",
                eta=_clock(self.eta),
                errors=self._count("errors", self.errors),
            )
        )
        self._last_time = time.monotonic()
        self._last_done = self.done

    def message(self, text: str) -> None:
        self._print(f"batch: {text}")

    def finish(self, result: BatchResult) -> None:
        self._print(self._finish_text(result))


class RichProgress(_Counter):
    """A live bar on stderr: done/total, APKs per minute, ETA, errors so far."""

    def __init__(self, console: Any = None) -> None:
        super().__init__()
        from rich.console import Console

        self.console = console or Console(stderr=True)
        self._progress: Any = None
        self._task: Any = None

    def start(self, info: BatchStart) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        super().start(info)
        self.console.print(self._start_text(info), highlight=False)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn(self.ui["scanning"]),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("[red]{task.fields[errors]}[/red]"),
            console=self.console,
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(
            "scan", total=info.total, rate="", errors=self._count("errors", 0)
        )

    def advance(self, item: ItemDone) -> None:
        super().advance(item)
        if self._progress is not None:
            self._progress.update(
                self._task,
                advance=1,
                errors=self._count("errors", self.errors),
                rate=f"{self.per_minute:.1f}/min",
            )

    def message(self, text: str) -> None:
        self.console.print(f"batch: {text}", highlight=False, markup=False)

    def finish(self, result: BatchResult) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        self.console.print(self._finish_text(result), highlight=False, markup=False)


def default_progress() -> ProgressSink:
    """A rich bar when stderr is a terminal, plain periodic lines otherwise."""
    return RichProgress() if sys.stderr.isatty() else PlainProgress()


def as_sink(progress: ProgressSink | Callable[[ItemDone], Any] | bool | None) -> ProgressSink:
    """None/True: default_progress(); False: silent; a sink; or a function of ItemDone."""
    if progress is None or progress is True:
        return default_progress()
    if progress is False:
        return NullProgress()
    if isinstance(progress, ProgressSink):
        return progress
    if callable(progress):
        return CallbackProgress(progress)
    raise TypeError(f"progress must be a ProgressSink, a callable or a bool, not {progress!r}")

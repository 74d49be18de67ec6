"""Where a batch runs: the executor seam between the batch run and its workers.

LocalBackend runs worker processes on this machine (auditor.batch.pool); with a scheduler,
auditor.batch.dask_backend.DaskBackend runs one task per input on a Dask cluster. Both
modules import this one, never each other or auditor.batch.run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from auditor.batch.discover import Discovery, discover_all
from auditor.batch.pool import Outcome, WorkerPool
from auditor.batch.worker import Task, WorkerConfig
from auditor.options import OptionError

#: A bad combination of options (resume without an output folder, a busy folder...): the
#: same error as a bad option value, shown by the CLI as a usage error (exit 2).
BatchUsageError = OptionError



class Executor(Protocol):
    """Runs the scan tasks of a batch; WorkerPool is one, auditor.batch.dask_backend another.
    `run` calls on_result in this process once per task (the results.jsonl line is ready)."""

    started_workers: int

    def run(self, tasks: Iterable[Task], on_result: Callable[[Outcome], None],
            tick: Callable[[], None] | None = None) -> None: ...

    def shutdown(self, graceful: bool = True) -> None: ...


class LocalBackend:
    """Where a batch runs: discovery and the executor. This one: worker processes here."""

    def __init__(self, jobs: int, timeout: float, start_method: str | None = None) -> None:
        self.jobs, self.timeout, self.start_method = jobs, timeout, start_method

    def discover(self, paths: list[Any]) -> Discovery:
        return discover_all(paths)

    def resume_keys(self, results: Path, retry_errors: bool) -> set[str]:
        """Extra keys already done besides record_key's (none here)."""
        return set()

    def executor(self, config: WorkerConfig) -> Executor:
        return WorkerPool(config, self.jobs, self.timeout, start_method=self.start_method)

    def close(self) -> None:
        pass



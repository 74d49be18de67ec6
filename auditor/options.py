"""Every option of a scan, in one place: created once (by the CLI or the Python API) and passed
unchanged to the pipeline, the batch pool, its workers and Dask.

Adding an option is one field here (with its default and check) plus the click option of the
same name in auditor/cli/scan.py: `ScanOptions.from_values` and `BatchOptions.from_values` pick
fields by name, so the option reaches single scans, batch workers and Dask tasks without
further wiring.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from auditor.render.locale import languages

#: Report languages: one per language file in auditor/render/locale/ (English first), so adding
#: a language is adding a file. The analysis never depends on the language.
LANGS: tuple[str, ...] = languages()


#: The pack every scan evaluates: the risk score and level come from its findings alone, so
#: they are the same whatever other packs (and whatever language) a reader chooses.
BASELINE = "baseline"


def default_policies(lang: str | None = None) -> list[str]:
    """The packs of a scan that names none: `baseline` alone, for every language.

    `lang` is accepted for callers of the old signature and ignored: a language changes the
    words of a report, never what is checked (issue 19).
    """
    return [BASELINE]


def with_baseline(ids: Iterable[str] | None) -> list[str]:
    """`ids` with `baseline` first and no repeats: packs are added to the baseline."""
    out = [BASELINE]
    for pid in ids or ():
        if pid not in out:
            out.append(pid)
    return out


class OptionError(ValueError):
    """A bad option value or combination; the CLI shows it as a usage error (exit 2)."""


def _paths(values: Iterable[str | os.PathLike[str]] | None) -> tuple[Path, ...]:
    return tuple(Path(v) for v in values or ())


@dataclass(frozen=True)
class ScanOptions:
    """What one scan looks at and judges against. Frozen and hashable: batch workers compare
    it to decide whether a warm worker can be reused."""

    policies: tuple[str, ...] | None = None  # packs added to baseline; None = baseline alone
    lang: str = "en"
    rules_dirs: tuple[Path, ...] = ()  # extra folders of policy packs
    indicator_files: tuple[Path, ...] = ()  # extra predatory-app indicator files
    scan_code: bool = True  # False: the manifest only
    # Lending recognition (docs/lending.md): rules for lending apps judge every app as if it
    # lent money (a regulator may know better than the recognition) ...
    assume_lender: bool = False
    # ... or: an app that does not look like a lender gets no DEX pass (a store dump triaged).
    only_lenders: bool = False

    def __post_init__(self) -> None:
        # Accept lists and strings from Python callers; store tuples of Paths.
        if self.policies is not None:
            object.__setattr__(self, "policies", tuple(self.policies) or None)
        object.__setattr__(self, "rules_dirs", _paths(self.rules_dirs))
        object.__setattr__(self, "indicator_files", _paths(self.indicator_files))

    def policy_ids(self) -> list[str]:
        """The packs this scan evaluates: baseline first, then the ones asked for."""
        return with_baseline(self.policies)

    def validate(self) -> None:
        if self.lang not in LANGS:
            raise OptionError(f"lang must be one of {', '.join(LANGS)}")

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> ScanOptions:
        """The options among `values` (e.g. a CLI command's parameters) whose names are fields."""
        return cls(**{f.name: values[f.name] for f in fields(cls) if f.name in values})


#: Batch defaults (docs/batch.md, "Options").
DEFAULT_TIMEOUT = 300.0  # seconds per APK
DEFAULT_MEMORY_MB = 2048  # RLIMIT_AS per worker; 0 = no cap
DEFAULT_MAX_TASKS = 100  # APKs per worker process before it is replaced
DEFAULT_RECYCLE_RSS_MB = 1024  # a worker whose RSS passes this after an APK is replaced


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs; `scan` is passed unchanged to every worker."""

    scan: ScanOptions = field(default_factory=ScanOptions)
    jobs: int | None = None  # None = the CPUs this process may use
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    max_tasks_per_worker: int = DEFAULT_MAX_TASKS
    recycle_rss_mb: int | None = None  # None = DEFAULT_RECYCLE_RSS_MB, at most memory_mb / 2
    out_dir: Path | None = None  # None = reports/batch-<time>
    resume: bool = False
    retry_errors: bool = False
    start_method: str | None = None  # multiprocessing start method; None = forkserver
    scheduler: Any = None  # a Dask scheduler address, Client or cluster

    def __post_init__(self) -> None:
        if self.out_dir is not None:
            object.__setattr__(self, "out_dir", Path(self.out_dir))
        if self.jobs is None:
            object.__setattr__(self, "jobs", default_jobs())
        if self.recycle_rss_mb is None:
            rss = DEFAULT_RECYCLE_RSS_MB
            if self.memory_mb:
                rss = min(rss, self.memory_mb // 2)
            object.__setattr__(self, "recycle_rss_mb", rss)

    def validate(self) -> None:
        self.scan.validate()
        if self.jobs is None or self.jobs < 1:
            raise OptionError("jobs must be at least 1")
        if not self.timeout or self.timeout <= 0:
            raise OptionError("timeout must be a positive number of seconds")
        if self.memory_mb < 0:
            raise OptionError("memory_mb must be >= 0 (0 switches the cap off)")
        if self.memory_mb and self.memory_mb < 256:
            raise OptionError("memory_mb below 256 leaves a worker no room to start")
        if self.resume and self.out_dir is None:
            raise OptionError("resume needs out_dir: the folder of the run to continue")

    def with_scan(self, **changes: Any) -> BatchOptions:
        return replace(self, scan=replace(self.scan, **changes))

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> BatchOptions:
        """Batch and scan options from one mapping of named values (CLI parameters or the
        keyword arguments of run_batch/scan_many); unknown names are an error."""
        scan_names = {f.name for f in fields(ScanOptions)}
        batch_names = {f.name for f in fields(cls)} - {"scan"}
        unknown = set(values) - scan_names - batch_names
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        scan = values.get("scan")
        if not isinstance(scan, ScanOptions):
            scan = ScanOptions.from_values(values)
        return cls(scan=scan, **{k: v for k, v in values.items() if k in batch_names})

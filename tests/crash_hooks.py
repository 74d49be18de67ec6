"""Failures injected into batch workers and Dask workers, through the diagnostic hooks of
auditor.batch.worker (HOOK_ENV) and auditor.batch.dask_backend (DASK_HOOK_ENV).

    monkeypatch.setenv(TEST_CRASH_ENV, crash_spec(f"{sha[:16]}:hang,{other[:16]}:oom"))

A spec is `PREFIX[:MODE][,PREFIX[:MODE]...]`: inputs whose sha256 starts with PREFIX fail in
MODE (default exit). The hooks run inside worker processes, so this module must be importable
there (the repository root on sys.path, as under pytest).
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from typing import Any

from auditor.batch.worker import HOOK_ENV

TEST_CRASH_ENV = HOOK_ENV
CRASH_MODES = ("exit", "kill", "segv", "hang", "oom", "raise")
DASK_EXIT_MODES = ("once", "always")


def _parse(spec: str, modes: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for part in spec.split(","):
        prefix, _, mode = part.strip().partition(":")
        if not prefix:
            continue
        mode = mode or modes[0]
        if mode not in modes:
            raise ValueError(f"unknown mode {mode!r}")
        out.append((prefix.lower(), mode))
    return out


def crash_spec(spec: str) -> str:
    """The HOOK_ENV value that makes batch workers fail as `spec` says."""
    _parse(spec, CRASH_MODES)  # fail in the test, not in a worker
    return f"{__name__}:crash={spec}"


def dask_exit_spec(spec: str) -> str:
    """The DASK_HOOK_ENV value that makes Dask workers exit (`once` per task, or `always`)."""
    _parse(spec, DASK_EXIT_MODES)
    return f"{__name__}:dask_exit={spec}"


def crash(spec: str, task: Any) -> None:
    """Worker hook: fail on the inputs `spec` names."""
    sha = str(task.input.get("sha256") or "")
    for prefix, mode in _parse(spec, CRASH_MODES):
        if not sha.startswith(prefix):
            continue
        if mode == "exit":
            os._exit(70)
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == "segv":
            os.kill(os.getpid(), signal.SIGSEGV)
        if mode == "hang":
            while True:
                time.sleep(3600)
        if mode == "oom":
            hog = []
            while True:
                hog.append(bytearray(64 * 1024 * 1024))
        if mode == "raise":
            raise RuntimeError("test hook: injected failure")


def dask_exit(spec: str, job: Any, sha: str | None) -> None:
    """Dask hook: the Dask worker process exits on the inputs `spec` names; `once` leaves a
    marker so the retried task goes through."""
    for prefix, mode in _parse(spec, DASK_EXIT_MODES):
        if not (sha or "").startswith(prefix):
            continue
        if mode == "always":
            os._exit(70)
        marker = os.path.join(tempfile.gettempdir(), f"auditor-dask-exit-{job.token}-{job.task.id}")
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            continue  # died on an earlier try: this one goes through
        os._exit(70)

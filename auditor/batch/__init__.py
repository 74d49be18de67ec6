"""Batch scanning: many APKs in parallel, resumable, nothing lost, one table at the end.

    from auditor.batch import scan_many
    df = scan_many(["dump/"], jobs=4, out_dir="reports/dump")

The stages (docs/batch.md has the user-facing story):

* `discover` — which files are inputs (by content), sha256, duplicates;
* `backend` — where tasks run: LocalBackend (`pool` + `worker` processes here) or
  `dask_backend` (one task per input on a Dask cluster);
* `run` — results.jsonl (one fsync'd line per input, --resume), the run itself,
  Ctrl-C/SIGTERM, the exit code;
* `table` — the pandas table (CSV + Parquet) and the terminal summary;
* `progress` — progress sinks; the engine prints nothing by itself;
* `preload` — what the worker forkserver imports once.
"""

from auditor.batch.run import *  # noqa: F403
from auditor.batch.run import __all__  # noqa: F401

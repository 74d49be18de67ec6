"""Benchmark: batch throughput with --jobs 1 vs --jobs 2, and worker memory over the batch.

Builds a folder of ~100 inputs from the real-APK corpus (../shared/corpus/fetch.sh, default
~/.cache/auditor-corpus or $AUDITOR_CORPUS) plus sample_apks/, then runs
auditor.batch.run_batch on it with jobs=1 and jobs=2, alternating, `--repeat` times each,
all in this one process (so the same machine state is compared).

Honest copies: every copy gets a different byte appended (after the end-of-central-directory
record, where the ZIP stays valid), so its sha256 differs and it is really scanned — identical
copies would be deduplicated and make the batch look faster than it is. Every copy costs what
its original costs; the mix is the corpus's mix (one 4-second framework-res.apk per round...).

Reported per run: wall time from discovery to table (what a user waits for), APKs/minute,
and the jobs=2 / jobs=1 ratio; the CPU count and load average (the ratio cannot exceed the
free cores). Then the resident set size (RSS) of every worker after each APK, over the batch,
with the default recycling and with recycling switched off: flat means no leak.

    python bench/bench_batch.py                  # ~100 inputs, repeat 2
    python bench/bench_batch.py --files 200 --repeat 3 --json bench.json

Not a test: machines are noisy, read the ratio and the shape of the RSS curve.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("AUDITOR_CORPUS", Path.home() / ".cache" / "auditor-corpus"))
SAMPLES = ROOT / "sample_apks"


def build_folder(target: Path, files: int) -> tuple[int, int]:
    """~`files` inputs in target/ (round-robin over the originals, unique content each)."""
    originals = sorted(CORPUS.glob("*.apk")) + sorted(
        p for p in SAMPLES.iterdir() if p.suffix in {".apk", ".xapk", ".apks", ".apkm"}
    )
    if not originals:
        raise SystemExit(f"no APKs in {CORPUS} or {SAMPLES}; run ../shared/corpus/fetch.sh")
    target.mkdir(parents=True, exist_ok=True)
    total_bytes = 0
    for n in range(files):
        src = originals[n % len(originals)]
        copy = n // len(originals)
        dst = target / f"round{copy:02d}" / src.name
        dst.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, dst)
        if copy:  # the first round is the originals, later rounds get one distinct byte more
            with open(dst, "ab") as fh:
                fh.write(bytes([copy % 256]) * copy)
        total_bytes += dst.stat().st_size
    return len(originals), total_bytes


class MemoryLog:
    """A progress sink that keeps, per worker, (seconds since start, RSS, peak) per APK, the
    CPU seconds of every APK, and when each phase ended."""

    def __init__(self) -> None:
        from auditor.batch import ProgressSink

        self.t0 = time.monotonic()
        self.by_worker: dict[int, list[tuple[float, float, float]]] = {}
        self.cpu: list[float] = []
        self.started = self.last_item = self.finished = self.t0
        sink = self

        class _Sink(ProgressSink):
            def start(self, info):
                sink.started = time.monotonic()

            def advance(self, item):
                sink.last_item = time.monotonic()
                if item.worker_pid and item.rss_mb is not None:
                    sink.by_worker.setdefault(item.worker_pid, []).append(
                        (sink.last_item - sink.t0, item.rss_mb, item.peak_mb or 0.0)
                    )
                if item.cpu_s is not None:
                    sink.cpu.append(item.cpu_s)

            def finish(self, result):
                sink.finished = time.monotonic()

        self.sink = _Sink()


def run(folder: Path, out: Path, jobs: int, **options) -> dict:
    from auditor.batch import run_batch

    load = os.getloadavg()[0]
    mem = MemoryLog()
    start = time.perf_counter()
    result = run_batch([folder], jobs=jobs, out_dir=out, progress=mem.sink, **options)
    wall = time.perf_counter() - start
    done = result.scanned + result.failed
    scan_s = mem.last_item - mem.started
    cpu = sum(mem.cpu)
    return {
        "jobs": jobs,
        "inputs": done,
        "failed": result.failed,
        "wall_s": wall,
        "per_minute": 60.0 * done / wall,
        "discovery_s": mem.started - mem.t0,  # walking + sha256 of every file
        "scan_s": scan_s,  # first hand-over to last result
        "table_s": mem.finished - mem.last_item,  # results.jsonl -> DataFrame, CSV, Parquet
        "worker_cpu_s": cpu,  # CPU the workers spent on the APKs
        # share of `jobs` CPUs the workers actually got during the scan phase
        "cpu_utilisation": cpu / (jobs * scan_s) if scan_s > 0 else None,
        "workers_started": result.workers_started,
        "memory": {str(pid): series for pid, series in mem.by_worker.items()},
        "load_before": load,
    }


def _series_summary(series: list[tuple[float, float, float]]) -> str:
    rss = [r for _, r, _ in series]
    n = len(rss)
    q = [rss[0], rss[n // 4], rss[n // 2], rss[(3 * n) // 4], rss[-1]]
    return " → ".join(f"{v:.0f}" for v in q)


def print_memory(title: str, res: dict) -> None:
    print(f"\n{title}: RSS (MiB) of each worker after APK 1, 25%, 50%, 75%, last; peak")
    print(f"  {'worker':>8} {'APKs':>5}  {'RSS over the batch':<34} {'peak':>6}")
    for pid, series in res["memory"].items():
        peak = max(p for _, _, p in series)
        print(f"  {pid:>8} {len(series):>5}  {_series_summary(series):<34} {peak:6.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100, help="inputs in the folder")
    parser.add_argument("--repeat", type=int, default=2, help="runs per jobs setting")
    parser.add_argument("--folder", type=Path, help="build/keep the folder here")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--no-memory-run", action="store_true",
                        help="skip the extra run without worker recycling")
    args = parser.parse_args()

    from auditor.options import DEFAULT_MAX_TASKS

    work = Path(tempfile.mkdtemp(prefix="auditor-bench-batch-"))
    folder = args.folder or work / "in"
    try:
        originals, size = build_folder(folder, args.files)
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"{args.files} inputs ({originals} distinct originals, {size / 1e6:.0f} MB), "
              f"{cpus} CPUs, load average {os.getloadavg()[0]:.2f}")

        # warm-up: the forkserver (imports androguard once) and the page cache
        run(folder, work / "warm", 2)
        runs: list[dict] = []
        for i in range(args.repeat):
            for jobs in (1, 2):
                res = run(folder, work / f"j{jobs}-{i}", jobs)
                runs.append(res)
                print(f"  run {i + 1} jobs={jobs}: {res['inputs']} inputs in "
                      f"{res['wall_s']:.1f} s = {res['per_minute']:.0f} APKs/min  "
                      f"[discovery {res['discovery_s']:.1f} s, scan {res['scan_s']:.1f} s, "
                      f"table {res['table_s']:.1f} s; worker CPU {res['worker_cpu_s']:.1f} s "
                      f"= {100 * res['cpu_utilisation']:.0f}% of {jobs} CPU; "
                      f"load before {res['load_before']:.1f}]")

        med = {j: statistics.median(r["per_minute"] for r in runs if r["jobs"] == j)
               for j in (1, 2)}
        wall = {j: statistics.median(r["wall_s"] for r in runs if r["jobs"] == j)
                for j in (1, 2)}
        pairs = zip(runs[::2], runs[1::2], strict=True)
        ratios = [b["per_minute"] / a["per_minute"] for a, b in pairs]
        print()
        print(f"  {'jobs':>4} {'wall (median)':>14} {'APKs/min (median)':>18}")
        for j in (1, 2):
            print(f"  {j:>4} {wall[j]:>12.1f} s {med[j]:>18.0f}")
        print(f"  jobs 2 / jobs 1 = {med[2] / med[1]:.2f}x (per pair: "
              f"{', '.join(f'{r:.2f}' for r in ratios)})")
        util = {j: statistics.median(r["cpu_utilisation"] for r in runs if r["jobs"] == j)
                for j in (1, 2)}
        print(f"  CPU the workers got during the scan: jobs=1 {100 * util[1]:.0f}% of 1 CPU, "
              f"jobs=2 {100 * util[2]:.0f}% of 2 CPUs (below 100%: other processes, or "
              "waiting on the parent)")

        last2 = next(r for r in reversed(runs) if r["jobs"] == 2)
        print_memory(f"jobs=2, default recycling (every {DEFAULT_MAX_TASKS} APKs or RSS > "
                     "1 GiB)", last2)
        mem_run = None
        if not args.no_memory_run:
            mem_run = run(folder, work / "norecycle", 2, max_tasks_per_worker=0,
                          recycle_rss_mb=0)
            print_memory("jobs=2, recycling OFF (one process per worker for the whole batch)",
                         mem_run)
        if args.json:
            args.json.write_text(json.dumps(
                {"files": args.files, "cpus": cpus, "runs": runs, "norecycle": mem_run,
                 "median_per_minute": med, "ratio": med[2] / med[1]}, indent=1),
                encoding="utf-8")
    finally:
        if not args.folder:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

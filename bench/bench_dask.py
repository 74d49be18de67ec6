"""Benchmark + done-when check: a real `dask scheduler` and two `dask worker` processes on this
machine (loopback) against local `--jobs 2`, on the batch benchmark's folder.

1. Builds the folder of bench/bench_batch.py (~100 inputs from the real-APK corpus
   ../shared/corpus/fetch.sh, default ~/.cache/auditor-corpus or $AUDITOR_CORPUS, plus
   sample_apks/, every copy with distinct bytes so nothing is deduplicated away).
2. Starts `dask scheduler --host 127.0.0.1 --no-dashboard` and two
   `dask worker --nthreads 1 --memory-limit ... --no-dashboard` processes, as a user would.
3. Runs auditor.batch.run_batch on the folder with jobs=2 (local) and with
   scheduler=<that cluster>, alternating, --repeat times each (after one warm-up of each).
   Every cluster run must give the same results.jsonl records (order aside), the same
   results.csv bytes and the same summary as the local run — checked, not assumed.
4. The kill run: SIGKILLs one Dask worker process once a third of the inputs are done (the
   OOM-killer case; its nanny restarts it) — or with --kill nanny, a whole `dask worker`
   command (a lost machine: the batch ends on the other one). The run must still record
   every input exactly once, with the same records.
5. Prints wall time and APKs/minute (median) for both, and the resident memory of each
   Dask worker's process tree (the worker, its forkserver, the scan process) over the runs.

    python bench/bench_dask.py                       # ~100 inputs, repeat 2
    python bench/bench_dask.py --files 200 --repeat 3 --json bench-dask.json

Not a test: machines are noisy; read the ratio next to the load average it prints.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import build_folder

DASK = Path(sys.executable).with_name("dask")


# ---------------------------------------------------------------- the cluster


class Cluster:
    """`dask scheduler` + N `dask worker` subprocesses on 127.0.0.1."""

    def __init__(self, work: Path, workers: int, memory_limit: str) -> None:
        self.work = work
        self.sched_file = work / "scheduler.json"
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.procs: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []
        self.procs.append(self._start("scheduler", [
            "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            "--scheduler-file", str(self.sched_file)]))
        deadline = time.monotonic() + 60
        while not self.sched_file.exists():
            if time.monotonic() > deadline:
                raise SystemExit(f"dask scheduler did not start; see {self.logs}")
            time.sleep(0.2)
        for n in range(workers):
            p = self._start(f"worker{n}", [
                "worker", "--scheduler-file", str(self.sched_file), "--host", "127.0.0.1",
                "--nthreads", "1", "--nworkers", "1", "--memory-limit", memory_limit,
                "--no-dashboard", "--local-directory", str(work / f"w{n}"), "--name", f"w{n}"])
            self.procs.append(p)
            self.workers.append(p)
        from distributed import Client

        self.client = Client(scheduler_file=str(self.sched_file), set_as_default=False)
        self.client.wait_for_workers(workers, timeout=120)
        self.address = self.client.scheduler.address

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - lives with the process
        return subprocess.Popen([str(DASK), *args], stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def worker_pids(self) -> dict[str, int]:
        return self.client.run(os.getpid)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            for p in reversed(self.procs):
                if p.poll() is None:
                    os.killpg(p.pid, signal.SIGTERM)
            for p in self.procs:
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)


class TreeRss:
    """Samples, every 0.2 s, the resident set of each Dask worker's process tree: the worker
    process itself and its children (forkserver, scan processes). Keeps peaks."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.peak: dict[str, dict[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeRss:
        self.pids = self.cluster.worker_pids()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        import psutil

        while not self._stop.wait(0.2):
            for addr, pid in self.pids.items():
                try:
                    proc = psutil.Process(pid)
                    worker = proc.memory_info().rss / 2**20
                    kids = proc.children(recursive=True)
                    sizes = sorted((k.memory_info().rss / 2**20 for k in kids), reverse=True)
                except psutil.Error:
                    continue
                p = self.peak.setdefault(addr, {"worker": 0.0, "children": 0.0, "tree": 0.0,
                                                "largest_child": 0.0})
                p["worker"] = max(p["worker"], worker)
                p["children"] = max(p["children"], sum(sizes))
                p["largest_child"] = max(p["largest_child"], sizes[0] if sizes else 0.0)
                p["tree"] = max(p["tree"], worker + sum(sizes))


# ---------------------------------------------------------------- runs and checks


def _records(out: Path, normalise: bool = True) -> dict[str, dict]:
    """Records by input key. normalise: app.declared_permissions in name order — androguard's
    find_tags returns a set, so that list's order changes from one scan to the next, in local
    mode too (auditor/manifest.py); nothing else in a record does."""
    recs: dict[str, dict] = {}
    for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        inp = rec["input"]
        key = inp["sha256"] or f"path:{inp['path']}"
        if key in recs:
            raise SystemExit(f"MISMATCH: {inp['path']} recorded twice in {out}")
        app = rec.get("app") or {}
        if normalise and app.get("declared_permissions"):
            app["declared_permissions"].sort(key=lambda d: (str(d.get("name")), str(d)))
        recs[key] = rec
    return recs


def same_as(ref_out: Path, out: Path, label: str) -> str:
    a, b = _records(ref_out), _records(out)
    raw_a, raw_b = _records(ref_out, False), _records(out, False)
    order_only = sum(1 for k in raw_a if raw_a[k] != raw_b.get(k))
    if a != b:
        missing = sorted(set(a) - set(b))
        extra = sorted(set(b) - set(a))
        diff = [k for k in set(a) & set(b) if a[k] != b[k]]
        raise SystemExit(f"MISMATCH {label}: {len(missing)} missing, {len(extra)} extra, "
                         f"{len(diff)} differ (e.g. {(missing + extra + diff)[:3]})")
    if (ref_out / "results.csv").read_bytes() != (out / "results.csv").read_bytes():
        raise SystemExit(f"MISMATCH {label}: results.csv differs")
    note = f" ({order_only} only by declared-permission order)" if order_only else ""
    return f"same {len(b)} records{note} and results.csv as local"


def run(folder: Path, out: Path, **options) -> dict:
    from auditor.batch import ProgressSink, run_batch

    class Counter(ProgressSink):
        def __init__(self) -> None:
            self.done = 0
            self.hooks: list = []
            self.peak = 0.0  # the scan processes' own peak (VmHWM), MiB
            self.rss: list[float] = []  # a scan process's RSS after each APK

        def advance(self, item) -> None:
            self.done += 1
            self.peak = max(self.peak, item.peak_mb or 0.0)
            if item.rss_mb:
                self.rss.append(item.rss_mb)
            for hook in self.hooks:
                hook(self.done)

    sink = Counter()
    sink.hooks = options.pop("hooks", [])
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    result = run_batch([folder], out_dir=out, progress=sink, timeout=300, **options)
    wall = time.perf_counter() - t0
    done = result.scanned + result.failed
    rss = sorted(sink.rss)
    return {"inputs": done, "failed": result.failed, "wall_s": wall,
            "per_minute": 60.0 * done / wall, "load_before": load,
            "scan_peak_mb": sink.peak, "scan_rss_median_mb": rss[len(rss) // 2] if rss else None,
            "summary_top": [(t.file, t.score) for t in result.summary.top_risk],
            "summary": result.summary}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100, help="inputs in the folder")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per mode")
    parser.add_argument("--workers", type=int, default=2, help="`dask worker` processes")
    parser.add_argument("--memory-limit", default="1GiB", help="dask worker --memory-limit")
    parser.add_argument("--kill", choices=("worker", "nanny", "none"), default="worker",
                        help="what to SIGKILL in the kill run")
    parser.add_argument("--folder", type=Path, help="build/keep the input folder here")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="auditor-bench-dask-"))
    folder = args.folder or work / "in"
    cluster = None
    try:
        originals, size = build_folder(folder, args.files)
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"{args.files} inputs ({originals} distinct originals, {size / 1e6:.0f} MB), "
              f"{cpus} CPUs, load average {os.getloadavg()[0]:.2f}")
        t0 = time.monotonic()
        cluster = Cluster(work, args.workers, args.memory_limit)
        print(f"cluster up in {time.monotonic() - t0:.1f} s: {cluster.address}, "
              f"{args.workers} x `dask worker --nthreads 1 --memory-limit {args.memory_limit}`")

        # warm-up: the local forkserver, each Dask worker's forkserver, the page cache
        ref = work / "local-warm"
        ref_summary = run(folder, ref, jobs=2)["summary"]
        warm = run(folder, work / "dask-warm", scheduler=cluster.address)
        print(f"  warm-up cluster run: {warm['wall_s']:.1f} s; "
              f"{same_as(ref, work / 'dask-warm', 'warm-up')}")

        runs: dict[str, list[dict]] = {"local": [], "dask": []}
        with TreeRss(cluster) as rss:
            for i in range(args.repeat):
                for mode in ("local", "dask"):
                    out = work / f"{mode}-{i}"
                    opts = {"jobs": 2} if mode == "local" else {"scheduler": cluster.address}
                    res = run(folder, out, **opts)
                    check = same_as(ref, out, f"{mode} run {i + 1}")
                    if res["summary"] != ref_summary:
                        raise SystemExit(f"MISMATCH {mode} run {i + 1}: the summary differs")
                    runs[mode].append(res)
                    print(f"  run {i + 1} {mode:>5}: {res['inputs']} inputs in "
                          f"{res['wall_s']:5.1f} s = {res['per_minute']:4.0f} APKs/min "
                          f"[load before {res['load_before']:.1f}] {check}")

        med = {m: statistics.median(r["per_minute"] for r in rs) for m, rs in runs.items()}
        wall = {m: statistics.median(r["wall_s"] for r in rs) for m, rs in runs.items()}
        print()
        print(f"  {'mode':>22} {'wall (median)':>14} {'APKs/min (median)':>18}")
        print(f"  {'local --jobs 2':>22} {wall['local']:>12.1f} s {med['local']:>18.0f}")
        print(f"  {f'dask, {args.workers} workers x 1':>22} {wall['dask']:>12.1f} s "
              f"{med['dask']:>18.0f}")
        print(f"  cluster / local = {med['dask'] / med['local']:.2f}x")
        for mode, rs in runs.items():
            print(f"  {mode}: scan process RSS after an APK, median "
                  f"{statistics.median(r['scan_rss_median_mb'] for r in rs):.0f} MiB; its peak "
                  f"(VmHWM) {max(r['scan_peak_mb'] for r in rs):.0f} MiB")
        print("\n  peak resident memory per Dask worker (MiB), sampled every 0.2 s: worker "
              "process | its children (forkserver + scan process) | largest child | whole tree")
        for addr, p in sorted(rss.peak.items()):
            print(f"    {addr}: {p['worker']:.0f} | {p['children']:.0f} | "
                  f"{p['largest_child']:.0f} | {p['tree']:.0f}")

        kill = None
        if args.kill != "none":
            target = max(1, args.files // 3)
            pids = cluster.worker_pids()
            victim_addr = sorted(pids)[0]
            killed: list[str] = []

            def hook(done: int) -> None:
                if done >= target and not killed:
                    if args.kill == "worker":  # the worker process; its nanny restarts it
                        os.kill(pids[victim_addr], signal.SIGKILL)
                    else:  # the whole `dask worker` command: nanny and worker
                        os.killpg(cluster.workers[0].pid, signal.SIGKILL)
                    killed.append(f"{args.kill} of {victim_addr} after {done} results")

            res = run(folder, work / "dask-kill", scheduler=cluster.address, hooks=[hook])
            check = same_as(ref, work / "dask-kill", "kill run")
            kill = {**res, "killed": killed}
            print(f"\n  kill run: SIGKILLed {killed[0] if killed else 'nothing (too fast?)'}; "
                  f"{res['inputs']} inputs in {res['wall_s']:.1f} s = "
                  f"{res['per_minute']:.0f} APKs/min; {check}, each exactly once")
        if args.json:
            for rs in runs.values():
                for r in rs:
                    r.pop("summary")
            if kill:
                kill.pop("summary")
            args.json.write_text(json.dumps(
                {"files": args.files, "cpus": cpus, "workers": args.workers, "runs": runs,
                 "median_per_minute": med, "ratio": med["dask"] / med["local"],
                 "peak_rss_mib": rss.peak, "kill": kill}, indent=1, default=str),
                encoding="utf-8")
    finally:
        if cluster is not None:
            cluster.close()
        if not args.folder:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: `auditor scan DIR --only-lenders` against a full batch scan of the same folder.

The folder mixes the real-APK corpus (../shared/corpus/fetch.sh, default ~/.cache/auditor-corpus
or $AUDITOR_CORPUS; none of them lends money) and sample_apks/ (lenders, non-lenders, unclear
apps, bundles), each original copied `--copies` times with one distinct byte appended after the
ZIP's end record (a valid APK with its own sha256, so nothing is deduplicated away): what a
store dump looks like to the batch engine, with a known share of lenders.

Both settings run with the same jobs, alternating, `--repeat` times, in this one process. Per
run: wall time from discovery to table, and the CPU seconds the workers spent. Then the check
that matters: every input gets the same lending verdict both ways, and every app that is not
`not_lender` gets the same report (its lending object aside, which notes how much was read).

    python bench/bench_only_lenders.py                    # 2 copies, repeat 3, jobs 2
    python bench/bench_only_lenders.py --copies 4 --jobs 1 --json out.json

Not a test: read the ratio, and the load average printed next to it.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import MemoryLog

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("AUDITOR_CORPUS", Path.home() / ".cache" / "auditor-corpus"))
SAMPLES = ROOT / "sample_apks"
SUFFIXES = {".apk", ".xapk", ".apks", ".apkm"}


def build_folder(target: Path, copies: int) -> tuple[int, int, int]:
    """(originals, inputs, bytes): every corpus APK and sample, `copies` times each."""
    corpus = sorted(CORPUS.glob("*.apk"))
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in SUFFIXES)
    if not corpus:
        raise SystemExit(f"no APKs in {CORPUS}; run ../shared/corpus/fetch.sh")
    total = 0
    inputs = 0
    for copy in range(copies):
        for src in corpus + samples:
            dst = target / f"copy{copy}" / ("corpus" if src in corpus else "samples") / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            if copy:
                with open(dst, "ab") as fh:
                    fh.write(bytes([copy % 256]) * copy)
            total += dst.stat().st_size
            inputs += 1
    return len(corpus) + len(samples), inputs, total


def run(folder: Path, out: Path, jobs: int, only_lenders: bool) -> dict:
    from auditor.batch import run_batch

    load = os.getloadavg()[0]
    mem = MemoryLog()
    by_group = {"corpus": 0.0, "samples": 0.0}
    advance = mem.sink.advance

    def count(item) -> None:  # worker CPU per group of inputs (corpus / samples)
        advance(item)
        group = "corpus" if f"{os.sep}corpus{os.sep}" in item.path else "samples"
        by_group[group] += item.cpu_s or 0.0

    mem.sink.advance = count
    start = time.perf_counter()
    result = run_batch([folder], jobs=jobs, out_dir=out, progress=mem.sink, only_lenders=only_lenders)
    wall = time.perf_counter() - start
    return {
        "only_lenders": only_lenders,
        "jobs": jobs,
        "inputs": result.scanned + result.failed,
        "wall_s": wall,
        "scan_s": mem.last_item - mem.started,
        "worker_cpu_s": sum(mem.cpu),
        "worker_cpu_by_group": by_group,
        "load_before": load,
        "out": str(out),
    }


def _records(out: Path) -> dict[str, dict]:
    from auditor.batch.table import iter_records, record_key

    return {record_key(r): r for r in iter_records(out / "results.jsonl")}


def compare(full_out: Path, triage_out: Path) -> dict:
    """Same verdict for every input; the same report for every app whose code was read."""
    full, triage = _records(full_out), _records(triage_out)
    assert full.keys() == triage.keys()
    verdicts: dict[str, int] = {}
    skipped = same = differ = 0
    for key, a in full.items():
        b = triage[key]
        if "error" in a or "error" in b:
            assert a.get("error", {}).get("code") == b.get("error", {}).get("code"), key
            continue
        va, vb = a["app"]["lending"]["verdict"], b["app"]["lending"]["verdict"]
        assert va == vb, (a["input"]["path"], va, vb)
        verdicts[va] = verdicts.get(va, 0) + 1
        if any(m.get("key") == "code_only_lenders" for m in b.get("warning_messages", [])):
            skipped += 1  # --only-lenders did not read this app's code
            continue
        strip = [
            {k: v for k, v in r.items() if k != "input"} | {"app": {**r["app"], "lending": None}}
            for r in (a, b)
        ]
        if strip[0] == strip[1]:
            same += 1
        else:
            differ += 1
    return {"verdicts": verdicts, "code_skipped": skipped, "same_report": same, "different_report": differ}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=2, help="copies of every original")
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="auditor-bench-only-lenders-"))
    try:
        originals, inputs, size = build_folder(work / "in", args.copies)
        print(
            f"{inputs} inputs ({originals} originals x {args.copies}, {size / 1e6:.0f} MB), "
            f"jobs={args.jobs}, load average {os.getloadavg()[0]:.2f}"
        )
        run(work / "in", work / "warm", args.jobs, False)  # forkserver and page cache
        runs: list[dict] = []
        for i in range(args.repeat):
            for only in (False, True):
                res = run(work / "in", work / f"{'triage' if only else 'full'}-{i}", args.jobs, only)
                runs.append(res)
                print(
                    f"  run {i + 1} {'--only-lenders' if only else 'full scan     '}: "
                    f"{res['wall_s']:.1f} s wall, workers {res['worker_cpu_s']:.1f} s CPU "
                    f"(load before {res['load_before']:.1f})"
                )
        check = compare(work / "full-0", work / "triage-0")
        wall = {
            o: statistics.median(r["wall_s"] for r in runs if r["only_lenders"] == o) for o in (False, True)
        }
        cpu = {
            o: statistics.median(r["worker_cpu_s"] for r in runs if r["only_lenders"] == o)
            for o in (False, True)
        }
        pairs = zip(runs[::2], runs[1::2], strict=True)
        ratios = [a["wall_s"] / b["wall_s"] for a, b in pairs]
        print()
        print(f"  full scan:      {wall[False]:.1f} s wall (median), workers {cpu[False]:.1f} s CPU")
        print(f"  --only-lenders: {wall[True]:.1f} s wall (median), workers {cpu[True]:.1f} s CPU")
        print(
            f"  speed-up {wall[False] / wall[True]:.2f}x wall, {cpu[False] / cpu[True]:.2f}x worker CPU "
            f"(per pair: {', '.join(f'{r:.2f}' for r in ratios)})"
        )
        for group in ("corpus", "samples"):
            full = statistics.median(r["worker_cpu_by_group"][group] for r in runs if not r["only_lenders"])
            tri = statistics.median(r["worker_cpu_by_group"][group] for r in runs if r["only_lenders"])
            print(f"  worker CPU on the {group} inputs: {full:.1f} s -> {tri:.1f} s ({full / tri:.2f}x)")
        print(
            f"  verdicts {check['verdicts']}; code skipped for {check['code_skipped']} apps; "
            f"the others: {check['same_report']} identical reports, {check['different_report']} different"
        )
        if args.json:
            args.json.write_text(json.dumps({"runs": runs, "check": check}, indent=1), encoding="utf-8")
        return 0 if check["different_report"] == 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: `auditor scan` against androguard AnalyzeAPK + xref lookup of the same catalogue.

Each side runs in its own fresh Python process, so peak RSS (ru_maxrss) is that side's alone.
Reported: wall time of the work (imports excluded), wall time of the whole process, peak
RSS, and the ratios androguard / auditor measured in the same run. auditor's whole process
is the command a user runs, `auditor scan APK --format json -o FILE` (start-up, imports,
scan, report written, exit), and its peak RSS is that process's; its work is timed in a
separate child around `auditor.scan()`.

    python bench/bench_scan.py                       # the corpus reference APK (18 MB, 16 dex)
    python bench/bench_scan.py a.apk b.apk --repeat 3

The corpus comes from ../shared/corpus/fetch.sh (default ~/.cache/auditor-corpus or
$AUDITOR_CORPUS). Not a test: machines are noisy, so read the ratios, not the seconds.

Both sides start from byte-compiled modules, as after `pip install` (which compiles them): the
benchmark compiles auditor and the virtual environment's packages first, so an environment with
PYTHONDONTWRITEBYTECODE set (or an editable install never run before) does not charge either
side for compiling its sources on every start. Each side also runs once unmeasured, so both
read the APK from a warm page cache.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(os.environ.get("AUDITOR_CORPUS", Path.home() / ".cache" / "auditor-corpus"))
REFERENCE = CORPUS / "appium-uiautomator2-server-v10.6.6.apk"
_POLICIES = ("baseline", "cn", "google-play")

_AUDITOR_CHILD = r"""
import json, resource, sys, time
from auditor.pipeline import ScanOptions, scan
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t, c = time.perf_counter(), cpu()
report = scan(sys.argv[1], ScanOptions(policies=sys.argv[2].split(",")))
work, work_cpu = time.perf_counter() - t, cpu() - c
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
hits = sum(1 for e in report.evidence if e.caller)
print(json.dumps({"work": work, "cpu": work_cpu, "rss_mb": rss, "hits": hits,
                  "dex": len(report.app.dex_files)}))
"""

_ANDROGUARD_CHILD = r"""
import json, re, resource, sys, time
from loguru import logger
logger.remove()
from androguard.misc import AnalyzeAPK
from auditor.catalogue.knowledge import load_knowledge
apis = load_knowledge().apis
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t, c = time.perf_counter(), cpu()
a, d, dx = AnalyzeAPK(sys.argv[1])
hits = 0
for e in apis:
    if e.kind == "method":
        name = "^" + re.escape(e.name) + "$"
        for m in dx.find_methods(classname=re.escape(e.cls), methodname=name):
            if e.descriptor and m.descriptor != e.descriptor:
                continue
            hits += sum(1 for _ in m.get_xref_from())
    elif e.kind == "string":
        pattern = "^" + re.escape(e.value) + ("" if e.match == "prefix" else "$")
        for s in dx.find_strings(pattern):
            hits += sum(1 for _ in s.get_xref_from())
work, work_cpu = time.perf_counter() - t, cpu() - c
print(json.dumps({"work": work, "cpu": work_cpu,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "hits": hits, "dex": len(d)}))
"""


def _process(argv: list[str]) -> tuple[str, float, float, float]:
    """Run one process: (stdout, wall s, CPU s, peak RSS MB), from that child's own rusage."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, text=True)
        # reaped here, not by Popen, so the rusage is this child's alone
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode not in (0, 1):  # 1: auditor's --fail-on exit, never asked for here
        raise RuntimeError(f"{argv[:3]} exited {proc.returncode}: {stderr.strip()[-500:]}")
    return stdout, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _run(child: str, apk: Path) -> dict:
    stdout, wall, cpu, _rss = _process([sys.executable, "-c", child, str(apk), ",".join(_POLICIES)])
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process"] = wall
    # the whole process's CPU time (start-up and imports included): unlike wall time, it
    # hardly moves when other work shares the machine
    result["process_cpu"] = cpu
    return result


def _run_auditor(apk: Path, out: Path) -> dict:
    """auditor's work (the child) and its whole process (the CLI, as a user runs it)."""
    result = _run(_AUDITOR_CHILD, apk)
    argv = [_auditor_command(), "scan", str(apk), "--policy", ",".join(_POLICIES)]
    _stdout, wall, cpu, rss = _process([*argv, "--format", "json", "-o", str(out)])
    result.update(process=wall, process_cpu=cpu, rss_mb=rss)
    return result


def _auditor_command() -> str:
    """The `auditor` script installed next to this interpreter (what `pip install` made)."""
    script = Path(sys.executable).with_name("auditor")
    if not script.exists():
        raise SystemExit(f"no {script}: install auditor into this environment first")
    return str(script)


def _byte_compile() -> None:
    import compileall
    import sysconfig

    roots = [Path(__file__).resolve().parent.parent / "auditor", Path(sysconfig.get_paths()["purelib"])]
    for root in roots:
        compileall.compile_dir(root, quiet=2, workers=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("apks", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="runs per side (median reported)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    apks = args.apks or [REFERENCE]
    missing = [a for a in apks if not a.exists()]
    if missing:
        print(f"missing {missing[0]}; run ../shared/corpus/fetch.sh first", file=sys.stderr)
        return 2

    _byte_compile()
    rows = []
    for apk in apks:
        report = Path(tempfile.gettempdir()) / f"bench-scan-{os.getpid()}.json"
        _run_auditor(apk, report)  # unmeasured: warm the page cache for both sides
        _run(_ANDROGUARD_CHILD, apk)
        runs = {"auditor": [], "androguard": []}
        for _ in range(args.repeat):
            runs["auditor"].append(_run_auditor(apk, report))
            runs["androguard"].append(_run(_ANDROGUARD_CHILD, apk))
        report.unlink(missing_ok=True)
        med = {
            side: {
                k: statistics.median(r[k] for r in rs)
                for k in ("work", "cpu", "process", "process_cpu", "rss_mb")
            }
            for side, rs in runs.items()
        }
        row = {
            "apk": apk.name,
            "size_mb": round(apk.stat().st_size / 1e6, 1),
            "dex": runs["auditor"][0]["dex"],
            "auditor": med["auditor"],
            "androguard": med["androguard"],
            "speedup_work": med["androguard"]["work"] / med["auditor"]["work"],
            "speedup_cpu": med["androguard"]["cpu"] / med["auditor"]["cpu"],
            "speedup_process": med["androguard"]["process"] / med["auditor"]["process"],
            "speedup_process_cpu": med["androguard"]["process_cpu"] / med["auditor"]["process_cpu"],
            "rss_ratio": med["auditor"]["rss_mb"] / med["androguard"]["rss_mb"],
        }
        rows.append(row)
        a, g = row["auditor"], row["androguard"]
        print(
            f"{row['apk']} ({row['size_mb']} MB, {row['dex']} dex)\n"
            f"  auditor    work {a['work']:7.2f} s (CPU {a['cpu']:6.2f} s)  process "
            f"{a['process']:7.2f} s (CPU {a['process_cpu']:6.2f} s)  peak RSS {a['rss_mb']:7.1f} MB\n"
            f"  androguard work {g['work']:7.2f} s (CPU {g['cpu']:6.2f} s)  process "
            f"{g['process']:7.2f} s (CPU {g['process_cpu']:6.2f} s)  peak RSS {g['rss_mb']:7.1f} MB\n"
            f"  => {row['speedup_work']:.1f}x faster (work, wall), {row['speedup_cpu']:.1f}x (work, CPU), "
            f"{row['speedup_process']:.1f}x (whole process, wall), "
            f"{row['speedup_process_cpu']:.1f}x (whole process, CPU), RSS {100 * row['rss_ratio']:.1f} % "
            "of androguard's"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

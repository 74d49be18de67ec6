"""Benchmark auditor.dex.scan_dex against androguard's AnalyzeAPK on real APKs.

    python bench/bench_dex.py                      # the 18 MB appium server APK of the corpus
    python bench/bench_dex.py a.apk b.apk          # any APKs
    python bench/bench_dex.py --no-androguard ...  # only the scanner (fast)

Each measurement runs in its own fresh subprocess, so peak RSS (getrusage ru_maxrss of the
child) is that measurement's alone and nothing is shared or cached between them:
  python     an interpreter that only imports auditor.dex and zipfile (the RSS floor)
  scan       read every classes*.dex with zipfile and scan_dex it (best of --repeat runs)
  androguard AnalyzeAPK, then the same questions: find_methods(...).get_xref_from() per
             method, find_strings(...) per string, and a walk over all instructions for
             field reads (androguard does not index fields of framework classes)
Both sides answer the same TargetSet; their reference counts are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("AUDITOR_CORPUS") or Path.home() / ".cache" / "auditor-corpus")
DEFAULT_APK = CORPUS / "appium-uiautomator2-server-v10.6.6.apk"
ROOT_DEX = re.compile(r"^classes(\d+)?\.dex$")  # androguard's rule for the APK's dex files

METHODS = (
    ("Landroid/content/ContentResolver;", "query"),
    ("Landroid/telephony/TelephonyManager;", "getDeviceId"),
    ("Landroid/telephony/TelephonyManager;", "getLine1Number"),
    ("Landroid/telephony/TelephonyManager;", "getSubscriberId"),
    ("Landroid/telephony/TelephonyManager;", "getImei"),
    ("Landroid/content/pm/PackageManager;", "getInstalledPackages"),
    ("Landroid/content/pm/PackageManager;", "getInstalledApplications"),
    ("Landroid/content/pm/PackageManager;", "queryIntentActivities"),
    ("Landroid/location/LocationManager;", "getLastKnownLocation"),
    ("Landroid/location/LocationManager;", "requestLocationUpdates"),
    ("Landroid/accounts/AccountManager;", "getAccounts"),
    ("Landroid/accounts/AccountManager;", "getAccountsByType"),
    ("Landroid/content/ClipboardManager;", "getPrimaryClip"),
    ("Landroid/net/Uri;", "parse"),
    ("Ljava/net/HttpURLConnection;", "getOutputStream"),
    ("Lokhttp3/OkHttpClient;", "newCall"),
    ("Landroid/app/ActivityManager;", "getRunningAppProcesses"),
    ("Landroid/net/wifi/WifiManager;", "getConnectionInfo"),
    ("Landroid/net/wifi/WifiManager;", "getScanResults"),
    ("Landroid/telephony/SmsManager;", "sendTextMessage"),
    ("Landroid/provider/Settings$Secure;", "getString"),
    ("Landroid/media/MediaRecorder;", "setAudioSource"),
    ("Landroid/hardware/Camera;", "open"),
)
FIELDS = (
    ("Landroid/provider/ContactsContract$CommonDataKinds$Phone;", "CONTENT_URI"),
    ("Landroid/provider/ContactsContract$Contacts;", "CONTENT_URI"),
    ("Landroid/provider/CallLog$Calls;", "CONTENT_URI"),
    ("Landroid/provider/Telephony$Sms;", "CONTENT_URI"),
    ("Landroid/provider/MediaStore$Images$Media;", "EXTERNAL_CONTENT_URI"),
    ("Landroid/os/Build;", "SERIAL"),
)
STRINGS = (
    ("content://sms", "prefix"),
    ("content://contacts", "prefix"),
    ("content://call_log", "prefix"),
    ("android_id", "exact"),
    ("http://", "prefix"),
    ("https://", "prefix"),
)


def _usage() -> dict[str, float]:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    # ru_maxrss is KiB on Linux, bytes on macOS
    rss = ru.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return {"cpu_s": ru.ru_utime + ru.ru_stime, "rss_mb": rss}


# ------------------------------------------------------------------ children


def child_python() -> dict[str, Any]:
    from auditor.dex import scan_dex  # noqa: F401  (the import is what is measured)

    return _usage()


def child_scan(apk: str, repeat: int) -> dict[str, Any]:
    from auditor.dex import FieldTarget, MethodTarget, StringTarget, TargetSet, scan_dex

    targets = TargetSet(
        methods=tuple(MethodTarget(f"{c}->{n}", c, n, None) for c, n in METHODS),
        fields=tuple(FieldTarget(f"{c}->{n}", c, n, None) for c, n in FIELDS),
        strings=tuple(StringTarget(v, v, m) for v, m in STRINGS),
    )
    best: dict[str, float] = {}
    refs = 0
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        c0 = time.process_time()
        unzip = 0.0
        refs = 0
        with zipfile.ZipFile(apk) as zf:
            for name in sorted(n for n in zf.namelist() if ROOT_DEX.match(n)):
                u0 = time.perf_counter()
                data = zf.read(name)
                unzip += time.perf_counter() - u0
                refs += len(scan_dex(data, targets, name))
                del data  # one dex in memory at a time, as the auditor does
        run = {
            "wall_s": time.perf_counter() - t0,
            "cpu_s": time.process_time() - c0,
            "unzip_s": unzip,
        }
        if not best or run["wall_s"] < best["wall_s"]:
            best = run
    return {**best, "rss_mb": _usage()["rss_mb"], "refs": refs}


def child_androguard(apk: str) -> dict[str, Any]:
    from loguru import logger

    logger.remove()  # androguard logs through loguru; printing would distort the timing
    from androguard.misc import AnalyzeAPK

    t0 = time.perf_counter()
    c0 = time.process_time()
    _a, _d, dx = AnalyzeAPK(apk)
    analyse = time.perf_counter() - t0
    refs = 0
    for cls, name in METHODS:
        for ma in dx.find_methods(classname=re.escape(cls), methodname="^" + re.escape(name) + "$"):
            refs += len(ma.get_xref_from())
    for value, match in STRINGS:
        pattern = "^" + re.escape(value) + ("" if match == "prefix" else r"\Z")
        for sa in dx.find_strings(pattern):
            refs += len(sa.get_xref_from(with_offset=True))
    wanted = set(FIELDS)
    for ma in dx.get_methods():
        if ma.is_external():
            continue
        for _off, ins in ma.get_method().get_instructions_idx():
            op = ins.get_op_value()
            if 0x52 <= op <= 0x58 or 0x60 <= op <= 0x66:
                fcls, _ftype, fname = ins.cm.vm.get_cm_field(ins.get_ref_kind())
                refs += (fcls, fname) in wanted
    return {
        "wall_s": time.perf_counter() - t0,
        "cpu_s": time.process_time() - c0,
        "analyse_s": analyse,
        "rss_mb": _usage()["rss_mb"],
        "refs": refs,
    }


# ------------------------------------------------------------------ parent


def run_child(mode: str, apk: str = "", repeat: int = 1) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--repeat", str(repeat)]
    if apk:
        cmd.append(apk)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode:
        raise RuntimeError(f"{mode} child failed on {apk}:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def dex_megabytes(apk: Path) -> tuple[int, float]:
    with zipfile.ZipFile(apk) as zf:
        sizes = [i.file_size for i in zf.infolist() if ROOT_DEX.match(i.filename)]
    return len(sizes), sum(sizes) / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("apks", nargs="*", type=Path, help=f"APK files (default: {DEFAULT_APK})")
    ap.add_argument("--repeat", type=int, default=3, help="scan runs per APK, best is kept")
    ap.add_argument("--no-androguard", action="store_true", help="skip the androguard runs")
    ap.add_argument("--child", choices=["python", "scan", "androguard"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        apk = str(args.apks[0]) if args.apks else ""
        if args.child == "python":
            out = child_python()
        elif args.child == "scan":
            out = child_scan(apk, args.repeat)
        else:
            out = child_androguard(apk)
        print(json.dumps(out))
        return 0

    apks = args.apks or [DEFAULT_APK]
    missing = [str(a) for a in apks if not a.is_file()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2

    floor = run_child("python")
    print(f"python + auditor.dex import floor: {floor['rss_mb']:.1f} MB RSS\n")
    header = (
        f"{'APK':44s} {'dex':>4s} {'MB':>6s} | {'scan s':>7s} {'cpu s':>6s} {'unzip':>6s} "
        f"{'RSS MB':>7s} {'refs':>6s}"
    )
    if not args.no_androguard:
        header += (
            f" | {'agd s':>7s} {'cpu s':>7s} {'RSS MB':>7s} {'refs':>6s}"
            f" | {'x wall':>7s} {'x cpu':>6s} {'x RSS':>6s}"
        )
    print(header)
    print("-" * len(header))
    for apk in apks:
        n_dex, mb = dex_megabytes(apk)
        if not n_dex:
            print(f"{apk.name[:44]:44s} {'-':>4s}  (no classes*.dex)")
            continue
        scan = run_child("scan", str(apk), args.repeat)
        line = (
            f"{apk.name[:44]:44s} {n_dex:4d} {mb:6.1f} | {scan['wall_s']:7.3f} "
            f"{scan['cpu_s']:6.3f} {scan['unzip_s']:6.3f} {scan['rss_mb']:7.1f} {scan['refs']:6d}"
        )
        if not args.no_androguard:
            agd = run_child("androguard", str(apk))
            line += (
                f" | {agd['wall_s']:7.1f} {agd['cpu_s']:7.1f} {agd['rss_mb']:7.0f} {agd['refs']:6d}"
                f" | {agd['wall_s'] / scan['wall_s']:6.0f}x {agd['cpu_s'] / scan['cpu_s']:5.0f}x"
                f" {agd['rss_mb'] / scan['rss_mb']:5.1f}x"
            )
        print(line, flush=True)
    print(
        "\nscan s / cpu s: wall and CPU time of reading + scanning every classes*.dex "
        "(unzip: the zipfile part of it);\nagd s: AnalyzeAPK + the same lookups; "
        "x wall / x cpu / x RSS: androguard divided by scanner (refs: same TargetSet, both sides)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

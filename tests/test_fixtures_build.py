"""`make fixtures` rebuilds the committed sample APKs byte for byte (needs Debian's aapt,
smali, zipalign and apksigner; skipped where they are not installed)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest

from tests.conftest import SAMPLES

TOOLS = ("aapt", "smali", "zipalign", "apksigner", "zip", "java")


@pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason="fixture build tools absent")
@pytest.mark.parametrize(
    "name", ["compliant", "harvester", "uniapp_njs_contacts", "flutter_contacts", "lend_zh"]
)
def test_fixture_rebuilds_byte_identically(tmp_path, name):
    copy = tmp_path / "sample_apks"
    built_files = shutil.ignore_patterns("*.apk", "*.xapk", "*.apks", "*.apkm", "*.zip")
    shutil.copytree(SAMPLES, copy, ignore=built_files)
    proc = subprocess.run(["bash", str(copy / "build.sh"), name], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    built = hashlib.sha256((copy / f"{name}.apk").read_bytes()).hexdigest()
    committed = hashlib.sha256((SAMPLES / f"{name}.apk").read_bytes()).hexdigest()
    assert built == committed

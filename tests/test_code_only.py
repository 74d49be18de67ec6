"""Code without a manifest (a dex-only zip, a bare dex file): a code-only report, not an error,
through the API, the CLI and every renderer (batch: tests/test_batch.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from auditor.pipeline import ScanOptions, scan
from tests.conftest import CORPUS, MALFORMED, sample, validate_report

POLICIES = ["baseline", "cn", "google-play"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A dex-only zip and a bare dex file cut from the harvester sample."""
    root = tmp_path_factory.mktemp("code-only")
    with zipfile.ZipFile(sample("harvester")) as src:
        dex, dex2 = src.read("classes.dex"), src.read("classes2.dex")
    with zipfile.ZipFile(root / "payload.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("classes.dex", dex)
        zf.writestr("classes2.dex", dex2)
    (root / "plugin.dex").write_bytes(dex)
    return root


def _code(report) -> set:
    return {(e.category, e.kind, e.detail, e.caller) for e in report.evidence if e.kind != "permission"}


@pytest.mark.parametrize("name", ["payload.zip", "plugin.dex"])
def test_code_only_report(inputs, name):
    report = scan(inputs / name, ScanOptions(policies=POLICIES))
    data = report.to_dict()
    validate_report(data)
    assert data["app"]["kind"] == "code_only" and data["app"]["package"] == ""
    assert data["complete"] is False
    assert data["permissions"] == [] and not any(e["kind"] == "permission" for e in data["evidence"])
    assert data["warnings"][0].startswith("no manifest: this input is ")
    assert report.app.dex_files
    # the code evidence is what the same dex gives inside the full app
    full = scan(sample("harvester"), ScanOptions(policies=POLICIES))
    assert _code(report) and _code(report) <= _code(full)
    assert report.categories["contacts"].in_code and not report.categories["contacts"].declared
    # without a manifest the payload's own code is "the app" (known SDKs stay SDKs)
    assert {e.by for e in report.evidence} <= {"app", *(s.id for s in report.sdks)}
    assert all(v.verdict in ("violations", "incomplete") for v in report.verdicts)


def test_bare_dex_names_its_evidence_after_the_file(inputs):
    report = scan(inputs / "plugin.dex", ScanOptions(policies=["baseline"]))
    assert report.app.dex_files == ["plugin.dex"]
    assert {e.dex for e in report.evidence if e.dex} == {"plugin.dex"}


def test_public_dex_only_vectors_are_code_only():
    paths = [MALFORMED / "multidex.apk"]
    paths += [p for p in (CORPUS / "drozer-Native.apk",) if p.exists()]
    for path in paths:
        report = scan(path, ScanOptions(policies=["baseline"]))
        assert report.app.kind == "code_only" and report.app.dex_files, path.name
        assert report.verdicts[0].verdict == "incomplete"


def test_a_zip_without_dex_or_manifest_is_still_refused(tmp_path):
    from auditor.errors import AuditorError

    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.jpg", b"\xff\xd8\xff")
    with pytest.raises(AuditorError) as info:
        scan(path)
    assert info.value.code == "no_manifest"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("name", ["payload.zip", "plugin.dex"])
def test_cli_gives_code_only_reports_in_every_format(inputs, tmp_path, name):
    path = str(inputs / name)
    terminal = _cli("scan", path)
    assert terminal.returncode == 0, terminal.stderr
    assert f"{name}  (code only, no AndroidManifest.xml)" in terminal.stdout
    assert "NO MANIFEST" in terminal.stdout and "Permissions requested" not in terminal.stdout
    out = _cli("scan", path, "--format", "json")
    assert out.returncode == 0 and json.loads(out.stdout)["app"]["kind"] == "code_only"
    for fmt, phrase in (
        ("markdown", "code only, no AndroidManifest.xml"),
        ("html", "No AndroidManifest.xml: this is code only"),
        ("sarif", "No AndroidManifest.xml: this is code only"),
    ):
        target = tmp_path / f"report.{fmt}"
        done = _cli("scan", path, "--format", fmt, "-o", str(target))
        assert done.returncode == 0, done.stderr
        text = target.read_text(encoding="utf-8")
        assert phrase in text, fmt
        assert name in text, fmt
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Permissions requested" not in html
    zh = _cli("scan", path, "--lang", "zh")
    assert zh.returncode == 0 and "没有清单文件" in zh.stdout

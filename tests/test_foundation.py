"""End-to-end on the sample APKs: manifest facts, permission knowledge, contract, score."""

from __future__ import annotations

from tests.conftest import sample, scan_sample, validate_report


def _perm(report, name):
    (p,) = [p for p in report.permissions if p.name == name]
    return p


def test_every_sample_report_validates_against_the_schema():
    for name in ("harvester", "compliant", "sns_login"):
        for lang in ("en", "zh"):
            validate_report(scan_sample(name, lang=lang).to_dict())


def test_harvester_manifest_facts():
    r = scan_sample("harvester")
    app = r.app
    assert app.package == "com.example.cashnow"
    assert app.label == "CashNow - Instant Loan"
    assert app.min_sdk == 21 and app.target_sdk == 33
    assert app.version_name and app.version_code
    assert len(app.sha256) == 64 and app.size == sample("harvester").stat().st_size
    assert len(app.signing_cert_sha256) == 1
    assert app.components["activity"] >= 2 and app.components["service"] >= 1
    assert app.components["receiver"] >= 1 and app.components["provider"] >= 1
    assert app.uses_cleartext_traffic is True
    assert any(d["protection_level"] == "signature" for d in app.declared_permissions)
    assert app.dex_files[:2] == ["classes.dex", "classes2.dex"]


def test_harvester_permission_knowledge():
    r = scan_sample("harvester")
    contacts = _perm(r, "android.permission.READ_CONTACTS")
    assert contacts.protection_level == "dangerous" and contacts.dangerous
    assert contacts.categories == ["contacts"]
    assert contacts.meaning.en and contacts.meaning.zh
    assert _perm(r, "android.permission.WRITE_EXTERNAL_STORAGE").max_sdk == 28
    assert _perm(r, "android.permission.READ_EXTERNAL_STORAGE").max_sdk == 32
    audio = _perm(r, "android.permission.RECORD_AUDIO")
    assert audio.sdk23_only and audio.categories == ["microphone"]
    qap = _perm(r, "android.permission.QUERY_ALL_PACKAGES")
    assert qap.protection_level == "normal" and not qap.dangerous
    assert qap.categories == ["installed_apps"]
    internet = _perm(r, "android.permission.INTERNET")
    assert internet.categories == [] and not internet.dangerous
    unknown = [p for p in r.permissions if not p.known]
    assert unknown and all(p.protection_level == "unknown" for p in unknown)


def test_declared_categories_follow_permissions():
    r = scan_sample("harvester")
    for cat in (
        "contacts",
        "call_log",
        "sms",
        "location",
        "installed_apps",
        "device_ids",
        "phone_number",
        "photos_media",
        "accounts",
        "calendar",
        "camera",
        "microphone",
    ):
        assert r.categories[cat].declared, cat
    c = scan_sample("compliant")
    declared = {k for k, v in c.categories.items() if v.declared}
    assert declared == {"camera", "location"}


def test_harvester_scores_far_above_compliant():
    h, c = scan_sample("harvester"), scan_sample("compliant")
    assert h.score.level in ("high", "critical")
    assert c.score.level == "low"
    assert h.score.value - c.score.value >= 50


def test_cn_and_google_play_flag_the_harvester():
    r = scan_sample("harvester")
    for policy in ("cn", "google-play"):
        assert any(f.policy == policy for f in r.findings), policy
        (v,) = [v for v in r.verdicts if v.policy == policy]
        assert v.verdict == "violations"
    gp = {f.rule_id for f in r.findings if f.policy == "google-play"}
    assert any("CON" in rid for rid in gp)


def test_compliant_app_has_no_wrong_findings():
    r = scan_sample("compliant", ("baseline", "cn", "google-play"))
    serious = [f for f in r.findings if f.severity not in ("info", "low")]
    assert serious == [], [f.rule_id for f in serious]
    for v in r.verdicts:
        assert v.verdict == "compliant", (v.policy, [f.rule_id for f in r.findings])


def test_finding_evidence_points_at_its_proof():
    r = scan_sample("harvester")
    for f in r.findings:
        assert f.evidence or not f.categories, f.rule_id
        for ev in f.evidence:
            assert ev.kind == "permission" or ev.caller, (f.rule_id, ev)

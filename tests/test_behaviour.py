"""How the app asks and where data goes (permission requests, endpoints, indicators,
signing), who collects (SDK attribution, packers) and bundles, on the fixture APKs."""

from __future__ import annotations

import pytest

from auditor.pipeline import ScanOptions, scan
from tests.conftest import SAMPLES, sample, scan_sample, validate_report


def test_startup_request_is_bundled_premature_and_blocking():
    r = scan_sample("startup_asker", ("baseline", "cn", "in"))
    (req,) = r.permission_requests
    assert req.component == "com.example.rapidloan.SplashActivity"
    assert req.at_startup and req.bundled and req.blocks_on_denial
    assert {p.rsplit(".", 1)[-1] for p in req.permissions} == {
        "READ_CONTACTS", "READ_SMS", "READ_CALL_LOG", "ACCESS_FINE_LOCATION"}
    assert req.quit_calls and "onRequestPermissionsResult" in req.quit_calls[0]
    ids = {f.rule_id for f in r.findings}
    assert {"BASE-REQ-001", "BASE-REQ-002", "CN-MIIT-003", "CN-MIIT-004", "IN-REQ-001"} <= ids
    blocking = next(f for f in r.findings if f.rule_id == "CN-MIIT-004")
    assert blocking.evidence[0].kind == "permission_request"
    assert "SplashActivity" in blocking.evidence[0].caller


def test_camera_asked_in_context_is_not_flagged():
    r = scan_sample("kyc_camera", ("baseline", "cn", "in"))
    (req,) = r.permission_requests
    assert req.permissions == ["android.permission.CAMERA"]
    assert not (req.at_startup or req.bundled or req.blocks_on_denial)
    assert not any(f.rule_id.split("-")[1] in ("REQ", "MIIT") for f in r.findings)


def test_endpoints_are_listed_with_cleartext_and_ip_flags():
    r = scan_sample("startup_asker")
    by_url = {e.url: e for e in r.endpoints}
    ip = by_url["http://203.0.113.7:8080/api/upload"]
    assert ip.cleartext and ip.ip_literal and ip.by == "app" and ip.callers
    secure = by_url["https://api.rapidloan.example/v2/"]
    assert not secure.cleartext and not secure.ip_literal
    assert r.app.cleartext_policy == "allowed"
    assert "https://rapidloan.example/privacy" in r.app.privacy_policy_urls
    assert r.endpoints[0].cleartext  # cleartext endpoints are listed first


def test_emergency_contact_form_is_compliant_evidence():
    r = scan_sample("startup_asker")
    forms = [e for e in r.evidence if e.kind == "resource"]
    assert {"紧急联系人", "Emergency contact"} <= {e.detail for e in forms}
    assert all(e.category == "contacts" and e.strength == "alternative" for e in forms)


def test_exfiltration_links_the_endpoint():
    r = scan_sample("harvester")
    (exfil,) = [e for e in r.evidence if e.kind == "exfiltration_suspected" and e.category == "contacts"]
    assert "http://api.cashnow-loans.example/v1/contacts" in exfil.note


def test_known_predatory_family_is_a_critical_finding_with_its_source():
    r = scan_sample("spyloan_indicator")
    (finding,) = [f for f in r.findings if f.rule_id == "BASE-IOC-001"]
    assert finding.severity == "critical"
    details = " ".join(e.detail for e in finding.evidence)
    assert "SpyLoan (McAfee, 2024)" in details and "com.prestamoseguro.ss" in details
    assert "SpyLoan (ESET, 2023)" in details and "api.yumicash.com" in details
    assert all(e.note and "; source: " in e.note for e in finding.evidence)
    # what matched and its source, as language-file keys
    assert all(
        [m.key for m in e.note_parts][-1].startswith("indicator_source") for e in finding.evidence
    )
    assert r.score.level == "critical"


def test_user_indicator_file(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "families:\n  - id: mine\n    name: Test family\n    source: my notes\n"
        "    packages: [com.example.fairlend]\n", encoding="utf-8")
    r = scan(sample("compliant"), ScanOptions(indicator_files=(extra,)))
    assert any("Test family" in e.detail for e in r.evidence if e.kind == "indicator")
    assert scan_sample("compliant").findings == []


def test_signing_facts():
    r = scan_sample("harvester")
    assert r.app.signing.schemes == ["v1", "v2"]
    assert r.app.signing.subject and "auditor test fixtures" in r.app.signing.subject
    assert not r.app.signing.v1_only and not r.app.signing.debug_or_test_key


def test_sdk_collects_and_is_named():
    r = scan_sample("sdk_harvester")
    assert r.categories["contacts"].in_code
    assert r.categories["contacts"].by == ["tongdun"]
    assert any(s.id == "tongdun" and s.classes for s in r.sdks)
    exfil = [e for e in r.evidence if e.kind == "exfiltration_suspected"]
    assert exfil and {e.sdk for e in exfil} == {"tongdun"}
    app_code = [e for e in r.evidence if e.by == "app" and e.strength in ("code", "exfiltration")]
    assert app_code == []  # the app's own code collects nothing


def test_broad_prefixes_do_not_match_unrelated_libraries():
    r = scan_sample("sns_login")
    ids = {s.id for s in r.sdks}
    assert {"wechat_opensdk", "qq_connect"} <= ids
    assert not any(s.id.startswith("facebook") for s in r.sdks)  # com/facebook/fresco is not Login


def test_packed_app_is_incomplete_not_clean():
    r = scan_sample("packed", ("baseline", "cn", "google-play"))
    assert r.packer and "Jiagu" in r.packer
    assert r.complete is False
    assert any("packed" in w for w in r.warnings)
    assert any(f.rule_id == "BASE-PACK-001" for f in r.findings)
    assert r.categories["contacts"].declared and not r.categories["contacts"].in_code
    cn = next(v for v in r.verdicts if v.policy == "cn")
    assert cn.verdict == "violations"  # the permission findings still stand


@pytest.mark.parametrize("name", ["bundle_xapk.xapk", "bundle_apks.apks", "bundle_apkm.apkm"])
def test_bundles_cover_base_and_splits(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip("bundle fixture not built")
    r = scan(path)
    validate_report(r.to_dict())
    assert r.app.package == "com.example.splitloan" and r.app.bundle
    assert len(r.app.splits) >= 2
    contacts = [e for e in r.evidence if e.category == "contacts" and e.strength == "code"]
    sms = [e for e in r.evidence if e.category == "sms" and e.strength == "code"]
    assert contacts and all("!" not in e.dex for e in contacts)  # base dex
    assert sms and all("kyc" in e.dex and "!" in e.dex for e in sms)  # the split is named
    assert r.app.sha256 and r.app.file.endswith(name)


def test_apk_nested_in_a_zip():
    path = SAMPLES / "nested.zip"
    if not path.exists():
        pytest.skip("nested fixture not built")
    r = scan(path)
    assert r.app.package == "com.example.cashnow" and r.app.bundle == "nested"
    assert r.categories["contacts"].in_code


def test_social_login_names_network_scope_and_caller():
    r = scan_sample("sns_login")
    uses = {u.network: u for u in r.sns}
    assert set(uses) == {"wechat", "qq"}
    assert uses["wechat"].scopes == ["snsapi_userinfo"]
    assert "LoginActivity;->loginWithWeChat" in uses["wechat"].callers[0]
    assert uses["qq"].scopes and uses["qq"].scopes[0].startswith("get_simple_userinfo")
    assert r.categories["sns"].in_code and r.categories["sns"].by == ["app"]
    assert any(f.rule_id == "BASE-SNS-001" for f in scan_sample("sns_login", ("baseline",)).findings)


def test_sns_harvester_other_app_data_and_accessibility():
    r = scan_sample("sns_harvester", ("baseline", "cn"))
    assert {u.network for u in r.sns} == {"wechat", "qq", "weibo"}
    assert {u.network: u.scopes for u in r.sns}["qq"] == ["all"]  # "all" counts next to the SDK call
    hows = {(o.how, o.target) for o in r.other_app_data}
    assert ("accessibility", "com.tencent.mm") in hows
    assert any(how == "path" and "EnMicroMsg.db" in target for how, target in hows)
    ids = {f.rule_id for f in r.findings}
    assert {"BASE-SNS-002", "CN-PIPL-003"} <= ids


def test_bundled_sdk_that_nobody_calls_is_not_sns_collection():
    r = scan_sample("harvester")
    assert r.sns == [] and not r.categories["sns"].in_code
    # WeChat SDK's own isWXAppInstalled check names com.tencent.mm outside an accessibility
    # service: not other-app data.
    assert scan_sample("sns_login").other_app_data == []

"""Every rule of every shipped pack: it fires on an app built to satisfy its condition, it
stays silent on a minimal compliant app, and the packs judge the samples as expected."""

from __future__ import annotations

from dataclasses import replace

import pytest

from auditor.analysis.evidence import permission_evidence
from auditor.model import (
    AppInfo,
    Evidence,
    OtherAppAccess,
    Permission,
    PermissionRequest,
    Sdk,
    SnsUse,
)
from auditor.policy import conditions as c
from auditor.policy.conditions import Facts
from auditor.policy.engine import evaluate
from auditor.policy.packs import available_packs, load_pack
from tests.conftest import ALL_PACKS, scan_sample

PACKS = {pid: load_pack(path) for pid, path in available_packs().items()}
RULES = [(pid, rule) for pid, pack in PACKS.items() for rule in pack.rules]


def _minimal_app() -> AppInfo:
    return AppInfo(package="com.example.minimal", label="Minimal", version_name="1.0",
                   version_code=1, min_sdk=24, target_sdk=34, sha256="0" * 64,
                   file="minimal.apk", size=1, uses_cleartext_traffic=False, allow_backup=False)


def _perm(name: str, categories: list[str], max_sdk: int | None = None) -> Permission:
    return Permission(name=name, protection_level="dangerous", dangerous=True,
                      categories=categories, max_sdk=max_sdk)


class _Witness:
    """Mutable app facts grown until a condition holds."""

    def __init__(self) -> None:
        self.app = _minimal_app()
        self.permissions: dict[str, Permission] = {
            "android.permission.INTERNET": Permission("android.permission.INTERNET", "normal", False, [])
        }
        self.evidence: list[Evidence] = []
        self.sdks: list[Sdk] = []
        self.packer: str | None = None
        self.requests: list[PermissionRequest] = []
        self.sns: list[SnsUse] = []
        self.other_app: list[OtherAppAccess] = []
        self.tampering: list[str] = []

    def facts(self) -> Facts:
        perms = list(self.permissions.values())
        return Facts(self.app, perms, permission_evidence(perms) + self.evidence, self.sdks,
                     self.packer, self.requests, self.sns, self.other_app, self.tampering)

    def satisfy(self, cond: c.Condition) -> None:
        if isinstance(cond, c.All):
            for part in cond.parts:
                self.satisfy(part)
        elif isinstance(cond, c.Any_):
            self.satisfy(cond.parts[0])
        elif isinstance(cond, c.Not):
            pass  # the minimal app satisfies no positive leaf, so a negation already holds
        elif isinstance(cond, c.PermissionLeaf):
            self.permissions[cond.names[0]] = _perm(cond.names[0], [])
        elif isinstance(cond, c.DeclaredLeaf):
            cat = cond.categories[0]
            self.permissions[f"test.permission.{cat}"] = _perm(f"test.permission.{cat}", [cat])
        elif isinstance(cond, c.CollectedLeaf):
            by = cond.by or "app"
            self.evidence.append(Evidence(
                cond.categories[0], "api_call", "Lx/Api;->read()V", caller="Lcom/example/minimal/A;->m()V",
                dex="classes.dex", sdk="test_sdk" if by == "sdk" else None,
                by="test_sdk" if by == "sdk" else by, strength="code"))
        elif isinstance(cond, c.EvidenceLeaf):
            kind = cond.kinds[0]
            strength = {"exfiltration_suspected": "exfiltration", "permission": "declared",
                        "alternative": "alternative"}.get(kind, "code")
            by = cond.by or "app"
            self.evidence.append(Evidence(
                cond.categories[0] if cond.categories else None, kind, "test", caller="Lcom/x/A;->m()V",
                dex="classes.dex", sdk="test_sdk" if by == "sdk" else None,
                by="test_sdk" if by == "sdk" else by, strength=strength))
        elif isinstance(cond, c.SdkLeaf):
            self.sdks.append(Sdk("test_sdk", "Test SDK", "Test", cond.kinds[0]))
            self.evidence.append(Evidence(None, "sdk", "Test SDK", sdk="test_sdk", by="test_sdk",
                                          strength="reference"))
        elif isinstance(cond, c.PackerLeaf):
            self.packer = "Test Packer" if cond.packed else None
        elif isinstance(cond, c.TamperingLeaf):
            note = "local header of AndroidManifest.xml carries another name"
            self.tampering = [note] if cond.tampered else []
        elif isinstance(cond, c.SdkLevelLeaf):
            value = {"lt": -1, "le": 0, "gt": 1, "ge": 0, "eq": 0}
            op, n = cond.checks[0]
            self.app = replace(self.app, **{cond.attribute: n + value[op]})
        elif isinstance(cond, c.PermissionRequestLeaf):
            flags = dict(cond.wanted)
            dangerous = ["android.permission.READ_CONTACTS", "android.permission.READ_SMS"]
            caller = "Lcom/example/minimal/Splash;->onCreate(Landroid/os/Bundle;)V"
            self.requests.append(PermissionRequest(
                caller=caller, component="com.example.minimal.Splash", api="requestPermissions",
                dex="classes.dex", permissions=dangerous, dangerous=dangerous,
                at_startup=flags.get("at_startup", False), bundled=flags.get("bundled", False),
                blocks_on_denial=flags.get("blocks_on_denial", False)))
            self.evidence.append(Evidence(None, "permission_request", "requestPermissions",
                                          caller=caller, dex="classes.dex", by="app"))
        elif isinstance(cond, c.SnsLeaf):
            caller = "Lcom/example/minimal/Login;->wechat()V"
            if cond.other_app_data:
                self.other_app.append(OtherAppAccess("path", "/data/data/com.tencent.mm", caller))
            else:
                network = cond.networks[0] if cond.networks else "wechat"
                self.sns.append(SnsUse(network, "test_sdk", ["snsapi_userinfo"], [caller]))
            self.evidence.append(Evidence("sns", "string", "snsapi_userinfo", caller=caller,
                                          dex="classes.dex", by="app", strength="code"))
        elif isinstance(cond, c.ManifestLeaf):
            self.app = replace(self.app, **dict(cond.expected))
        else:  # pragma: no cover - a new leaf type needs a witness here
            raise AssertionError(f"no witness for {type(cond).__name__}")


def test_all_nine_packs_ship():
    assert set(PACKS) == set(ALL_PACKS)
    for pack in PACKS.values():
        assert pack.rules and pack.name.en and pack.name.zh


@pytest.mark.parametrize(("policy", "rule"), RULES, ids=[r.id for _, r in RULES])
def test_rule_fires_on_its_witness_and_not_on_a_minimal_app(policy, rule):
    pack = PACKS[policy]
    single = replace(pack, rules=(rule,))
    quiet, _ = evaluate([single], _Witness().facts())
    assert quiet == [], f"{rule.id} fires on a minimal compliant app"
    witness = _Witness()
    witness.satisfy(rule.when)
    findings, _ = evaluate([single], witness.facts())
    assert [f.rule_id for f in findings] == [rule.id]
    if rule.categories and not isinstance(rule.when, c.Not):
        assert findings[0].evidence, f"{rule.id} fired without evidence"


def test_rules_are_bilingual_and_cited():
    for _, rule in RULES:
        for text in (rule.title, rule.why, rule.advice_borrower, rule.advice_developer):
            assert text.en and text.zh and text.en != text.zh, rule.id
        assert rule.citation.instrument and rule.citation.article


def _verdict(report, policy):
    """The verdict of `policy` (every report has baseline's too, first)."""
    assert report.verdicts[0].policy == "baseline"
    (verdict,) = [v for v in report.verdicts if v.policy == policy]
    return verdict


@pytest.mark.parametrize("policy", ALL_PACKS)
def test_harvester_violates_every_pack(policy):
    r = scan_sample("harvester", (policy,))
    verdict = _verdict(r, policy)
    assert verdict.verdict == "violations", policy
    assert any(f.severity in ("high", "critical") for f in r.findings if f.policy == policy)


@pytest.mark.parametrize("policy", ALL_PACKS)
def test_compliant_sample_is_compliant_under_every_pack(policy):
    r = scan_sample("compliant", (policy,))
    verdict = _verdict(r, policy)
    assert verdict.verdict == "compliant", [f.rule_id for f in r.findings]


@pytest.mark.parametrize("policy", ALL_PACKS)
def test_benign_utility_is_compliant_under_every_pack(policy):
    r = scan_sample("benign", (policy,))
    # not a lending app: a pack of lending rules only does not judge it at all
    expected = "not_applicable" if policy in ("in", "id", "ke", "ng", "ph", "pk") else "compliant"
    assert r.findings == [] and _verdict(r, policy).verdict == expected


@pytest.mark.parametrize("policy", ALL_PACKS)
def test_packed_app_is_never_called_clean(policy):
    r = scan_sample("packed", (policy,))
    verdict = _verdict(r, policy)
    # Its permissions still break the rules that ban them; where none does, the pack says
    # it could not check the code rather than "compliant".
    assert verdict.verdict in ("violations", "incomplete"), policy


@pytest.mark.parametrize("policy", ("baseline", "cn"))
def test_sns_harvester_violates_packs_that_cover_social_data(policy):
    r = scan_sample("sns_harvester", (policy,))
    assert _verdict(r, policy).verdict == "violations"
    assert any("sns" in f.categories for f in r.findings if f.policy == policy)

"""The condition language, pack validation and the score, on synthetic facts (no APK)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import RuleError
from auditor.model import AppInfo, Evidence, Permission, Sdk
from auditor.policy.conditions import ConditionError, Facts, parse_condition
from auditor.policy.engine import evaluate
from auditor.policy.packs import load_pack
from auditor.policy.scoring import compute_score, finding_weight, level_for


def _app(**kw) -> AppInfo:
    base = dict(
        package="com.x",
        label="X",
        version_name="1",
        version_code=1,
        min_sdk=21,
        target_sdk=33,
        sha256="0" * 64,
        file="x.apk",
        size=1,
    )
    base.update(kw)
    return AppInfo(**base)


def _perm(name: str, cats: list[str], max_sdk: int | None = None) -> Permission:
    return Permission(
        name=name, protection_level="dangerous", dangerous=True, categories=cats, max_sdk=max_sdk
    )


def _facts(perms=(), evidence=(), sdks=(), packer=None, **app) -> Facts:
    from auditor.analysis.evidence import permission_evidence

    perms = list(perms)
    ev = permission_evidence(perms) + list(evidence)
    return Facts(app=_app(**app), permissions=perms, evidence=ev, sdks=list(sdks), packer=packer)


CONTACTS_CODE = Evidence(
    "contacts",
    "api_call",
    "Landroid/content/ContentResolver;->query(...)",
    caller="Lcom/x/A;->m()V",
    dex="classes.dex",
    by="app",
    strength="code",
)
CONTACTS_SDK = Evidence(
    "contacts",
    "api_call",
    "Landroid/content/ContentResolver;->query(...)",
    caller="Lcn/tongdun/A;->m()V",
    dex="classes2.dex",
    sdk="tongdun",
    by="tongdun",
    strength="code",
)
CONTACTS_PICKER = Evidence(
    "contacts",
    "alternative",
    "android.intent.action.PICK",
    caller="Lcom/x/P;->pick()V",
    by="app",
    strength="alternative",
)
EXFIL = Evidence(
    "contacts",
    "exfiltration_suspected",
    "Ljava/net/HttpURLConnection;->getOutputStream()",
    caller="Lcom/x/A;->m()V",
    by="app",
    strength="exfiltration",
)


@pytest.mark.parametrize(
    ("cond", "facts", "expected"),
    [
        (
            {"permission": "android.permission.READ_CONTACTS"},
            _facts([_perm("android.permission.READ_CONTACTS", ["contacts"])]),
            True,
        ),
        (
            {"permission": ["android.permission.READ_SMS"]},
            _facts([_perm("android.permission.READ_CONTACTS", ["contacts"])]),
            False,
        ),
        (
            {
                "permission_on_sdk": {
                    "names": ["android.permission.READ_EXTERNAL_STORAGE"],
                    "sdk": 33,
                }
            },
            _facts([_perm("android.permission.READ_EXTERNAL_STORAGE", ["photos_media"], 32)]),
            False,
        ),
        (
            {
                "permission_on_sdk": {
                    "names": ["android.permission.READ_EXTERNAL_STORAGE"],
                    "sdk": 29,
                }
            },
            _facts([_perm("android.permission.READ_EXTERNAL_STORAGE", ["photos_media"], 32)]),
            True,
        ),
        (
            {"declared": "contacts"},
            _facts([_perm("android.permission.READ_CONTACTS", ["contacts"])]),
            True,
        ),
        (
            {"declared": "sms"},
            _facts([_perm("android.permission.READ_CONTACTS", ["contacts"])]),
            False,
        ),
        ({"collected": "contacts"}, _facts(evidence=[CONTACTS_CODE]), True),
        ({"collected": "contacts"}, _facts(evidence=[CONTACTS_PICKER]), False),
        (
            {"collected_by": {"category": "contacts", "by": "sdk"}},
            _facts(evidence=[CONTACTS_SDK]),
            True,
        ),
        (
            {"collected_by": {"category": "contacts", "by": "app"}},
            _facts(evidence=[CONTACTS_SDK]),
            False,
        ),
        (
            {"evidence": {"kind": "exfiltration_suspected", "category": "contacts"}},
            _facts(evidence=[EXFIL]),
            True,
        ),
        ({"evidence": {"kind": "alternative"}}, _facts(evidence=[CONTACTS_CODE]), False),
        (
            {"sdk": {"kind": "sns_login"}},
            _facts(
                sdks=[Sdk("wechat", "WeChat", "Tencent", "sns_login")],
                evidence=[Evidence(None, "sdk", "WeChat", sdk="wechat", strength="reference")],
            ),
            True,
        ),
        (
            {"sdk": {"kind": "ads"}},
            _facts(sdks=[Sdk("wechat", "WeChat", "Tencent", "sns_login")]),
            False,
        ),
        ({"packer": True}, _facts(packer="360 Jiagu"), True),
        ({"packer": True}, _facts(), False),
        ({"target_sdk": {"lt": 30}}, _facts(target_sdk=28), True),
        ({"target_sdk": {"ge": 30, "lt": 34}}, _facts(target_sdk=34), False),
        ({"min_sdk": {"le": 21}}, _facts(), True),
        ({"manifest": {"uses_cleartext_traffic": True}}, _facts(uses_cleartext_traffic=True), True),
        ({"manifest": {"uses_cleartext_traffic": True}}, _facts(), False),
        (
            {"all": [{"declared": "contacts"}, {"not": {"collected": "contacts"}}]},
            _facts([_perm("android.permission.READ_CONTACTS", ["contacts"])]),
            True,
        ),
        (
            {"all": [{"declared": "contacts"}, {"not": {"collected": "contacts"}}]},
            _facts([_perm("android.permission.READ_CONTACTS", ["contacts"])], [CONTACTS_CODE]),
            False,
        ),
        (
            {"any": [{"collected": "sms"}, {"collected": "contacts"}]},
            _facts(evidence=[CONTACTS_CODE]),
            True,
        ),
        (
            {"any": [{"collected": "sms"}, {"collected": "call_log"}]},
            _facts(evidence=[CONTACTS_CODE]),
            False,
        ),
    ],
)
def test_condition_leaves(cond, facts, expected):
    assert (parse_condition(cond).evaluate(facts) is not None) is expected


def test_every_leaf_has_exactly_one_parser():
    # LEAVES is what packs and the JSON Schema name; each must parse, and nothing else may.
    from auditor.policy import conditions

    assert set(conditions._LEAF_PARSERS) == set(conditions.LEAVES)
    for leaf in conditions.LEAVES:
        with pytest.raises(ConditionError) as err:
            parse_condition({leaf: object()})
        assert "unknown condition" not in str(err.value)


def test_matched_evidence_is_the_proof():
    facts = _facts(
        [_perm("android.permission.READ_CONTACTS", ["contacts"])], [CONTACTS_CODE, EXFIL]
    )
    got = parse_condition({"all": [{"declared": "contacts"}, {"collected": "contacts"}]}).evaluate(
        facts
    )
    assert {e.kind for e in got} == {"permission", "api_call", "exfiltration_suspected"}


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ({"declared": "address_book"}, "unknown value"),
        ({"permission": []}, "non-empty"),
        ({"all": []}, "non-empty"),
        ({"declared": "contacts", "collected": "sms"}, "exactly one key"),
        ({"frobnicate": 1}, "unknown condition"),
        ({"target_sdk": {"below": 3}}, "unknown key"),
        ({"evidence": {"kind": "magic"}}, "unknown value"),
        ({"collected_by": {"category": "contacts", "by": "vendor"}}, "unknown value"),
        ({"packer": "yes"}, "true or false"),
        ("declared: contacts", "mapping"),
    ],
)
def test_bad_conditions_are_rejected(cond, message):
    with pytest.raises(ConditionError, match=message):
        parse_condition(cond)


GOOD_RULE = """
  - id: T-001
    title: {en: "Reads contacts", zh: "读取通讯录"}
    why: {en: "Not needed.", zh: "不需要。"}
    severity: high
    categories: [contacts]
    citation: {instrument: "Test Act", issuer: "Tester", article: "1", date: "2024-01-01",
               url: null, status: in_force, confidence: confirmed}
    when: {collected: contacts}
    advice:
      borrower: {en: "Refuse.", zh: "拒绝。"}
      developer: {en: "Use the picker.", zh: "使用选择器。"}
"""


def _write_pack(tmp_path: Path, rules: str, pack_id: str = "t") -> Path:
    path = tmp_path / f"{pack_id}.yaml"
    head = f"""policy:
  id: {pack_id}
  name: {{en: "Test", zh: "测试"}}
  jurisdiction: GLOBAL
  summary: {{en: "Test pack", zh: "测试规则"}}
rules:
"""
    path.write_text(head + rules.strip("\n") + "\n", encoding="utf-8")
    return path


def test_valid_pack_loads_and_fires(tmp_path):
    pack = load_pack(_write_pack(tmp_path, GOOD_RULE))
    assert [r.id for r in pack.rules] == ["T-001"]
    findings, verdicts = evaluate([pack], _facts(evidence=[CONTACTS_CODE]))
    assert [f.rule_id for f in findings] == ["T-001"]
    assert findings[0].strength == "code"
    assert verdicts[0].verdict == "violations"
    findings, verdicts = evaluate([pack], _facts(evidence=[CONTACTS_PICKER]))
    assert findings == [] and verdicts[0].verdict == "compliant"


def test_packed_app_without_findings_is_incomplete(tmp_path):
    pack = load_pack(_write_pack(tmp_path, GOOD_RULE))
    _, verdicts = evaluate([pack], _facts(packer="Tencent Legu"))
    assert verdicts[0].verdict == "incomplete"


def test_broken_rule_names_file_and_line(tmp_path):
    second = GOOD_RULE.replace("T-001", "T-002").replace("severity: high", "severity: severe")
    path = _write_pack(tmp_path, GOOD_RULE + second)
    with pytest.raises(RuleError) as info:
        load_pack(path)
    err = info.value
    assert "severity" in err.message and "T-002" in err.message
    line = path.read_text(encoding="utf-8").splitlines()[err.line - 1]
    assert "T-002" in line
    assert err.one_line().startswith(f"error [bad_rules] {path}:{err.line}: ")


def test_yaml_syntax_error_names_line(tmp_path):
    path = _write_pack(tmp_path, GOOD_RULE.replace("severity: high", "severity: [high"))
    with pytest.raises(RuleError) as info:
        load_pack(path)
    assert info.value.line is not None and info.value.line > 5


def test_duplicate_rule_ids_rejected(tmp_path):
    with pytest.raises(RuleError, match="duplicate rule id T-001"):
        load_pack(_write_pack(tmp_path, GOOD_RULE + GOOD_RULE))


def test_pack_id_must_match_file_name(tmp_path):
    path = _write_pack(tmp_path, GOOD_RULE)
    path = path.rename(tmp_path / "other.yaml")
    with pytest.raises(RuleError, match="file name"):
        load_pack(path)


def test_score_is_recomputable_from_findings(tmp_path):
    second = (
        GOOD_RULE.replace("T-001", "T-002")
        .replace("contacts", "sms")
        .replace("severity: high", "severity: medium")
    )
    pack = load_pack(_write_pack(tmp_path, GOOD_RULE + second))
    sms = Evidence("sms", "api_call", "x", caller="Lcom/x/B;->m()V", by="app", strength="code")
    findings, _ = evaluate([pack], _facts(evidence=[EXFIL, sms]))
    score = compute_score(findings)
    # Recompute by hand from the findings' own fields.
    expected = 1.0
    for f in findings:
        expected *= 1 - finding_weight(f.severity, f.strength)
    assert score.value == round(100 * (1 - expected), 1)
    assert score.level == level_for(score.value)
    assert {t.rule_id for t in score.terms} == {"T-001", "T-002"}


def test_same_concern_counts_once_with_its_largest_weight(tmp_path):
    declared_rule = GOOD_RULE.replace("T-001", "T-009").replace(
        "{collected: contacts}", "{declared: contacts}"
    )
    code_pack = load_pack(_write_pack(tmp_path, GOOD_RULE, "a"))
    decl_pack = load_pack(_write_pack(tmp_path, declared_rule, "b"))
    facts = _facts([_perm("android.permission.READ_CONTACTS", ["contacts"])], [CONTACTS_CODE])
    findings, _ = evaluate([code_pack, decl_pack], facts)
    assert len(findings) == 2
    score = compute_score(findings)
    assert len(score.terms) == 1 and score.terms[0].rule_id == "T-001"
    alone, _ = evaluate([code_pack], facts)
    assert compute_score(alone).value == score.value


def test_score_orders_apps_by_what_was_found():
    assert compute_score([]).value == 0 and compute_score([]).level == "low"
    assert (
        finding_weight("high", "declared")
        < finding_weight("high", "code")
        < finding_weight("high", "exfiltration")
    )
    assert finding_weight("info", "code") == 0

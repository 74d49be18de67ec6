"""`auditor diff`: the v1 -> v2 fixture lists exactly what v2 adds; an APK diffed with itself
shows no change; saved JSON reports give the same diff as the APKs; --fail-on-new; the
folder form; Chinese output; clean errors for inputs that are not reports."""

from __future__ import annotations

import copy
import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli.diff import diff as diff_command
from auditor.diff import DIFF_SCHEMA_VERSION, DiffOptions, compute_diff, diff_paths
from auditor.errors import EXIT_INPUT, EXIT_THRESHOLD
from auditor.render import RenderOptions as DiffRenderOptions
from auditor.render import render_diff
from tests.conftest import SAMPLES, sample, scan_sample

POLICIES = ("baseline", "cn", "google-play")
POLICY_ARG = ",".join(POLICIES)
CLEARTEXT_URL = "http://collect.steadyloan.example/c"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(diff_command, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def report_dict(name: str) -> dict:
    return copy.deepcopy(scan_sample(name, POLICIES).to_dict())


@pytest.fixture(scope="module")
def v1_v2():
    return report_dict("update_v1"), report_dict("update_v2")


# ---------------------------------------------------------------- v1 -> v2


def test_v1_to_v2_lists_exactly_the_additions(v1_v2):
    v1, v2 = v1_v2
    d = compute_diff(v1, v2)

    assert d.same_package and d.old.package == "com.example.steadyloan"
    assert (d.old.version_name, d.old.version_code) == ("1.0", 10)
    assert (d.new.version_name, d.new.version_code) == ("1.1", 11)
    assert not d.signer_changed and not d.packer_changed
    assert d.policies_compared == list(POLICIES) and not d.score_recomputed

    assert [p.name for p in d.permissions_added] == ["android.permission.READ_CONTACTS"]
    assert d.permissions_added[0].dangerous and d.permissions_added[0].categories == ["contacts"]
    assert d.permissions_removed == []

    assert [c.category for c in d.categories] == ["contacts"]
    contacts = d.categories[0]
    assert contacts.newly_declared and contacts.newly_collected
    assert contacts.by_new == ["shumei"] and contacts.by_added == ["shumei"]

    assert [s.id for s in d.sdks_added] == ["shumei"] and d.sdks_removed == []

    assert [(e.url, e.cleartext) for e in d.endpoints_added] == [(CLEARTEXT_URL, True)]
    assert d.endpoints_removed == []

    # every finding of v2 is new (v1 has none), none resolved, all about the contacts
    assert v1["findings"] == []
    assert {(f.policy, f.rule_id) for f in d.findings_new} == {
        (f["policy"], f["rule_id"]) for f in v2["findings"]
    }
    assert ("baseline", "BASE-CON-001") in {(f.policy, f.rule_id) for f in d.findings_new}
    assert all(f.categories == ["contacts"] for f in d.findings_new)
    assert d.findings_resolved == [] and d.findings_changed == []

    assert (d.old.score, d.old.level) == (v1["score"]["value"], v1["score"]["level"])
    assert (d.new.score, d.new.level) == (v2["score"]["value"], v2["score"]["level"])
    assert d.old.level == "low" and d.new.score > d.old.score
    assert d.score_delta == round(v2["score"]["value"] - v1["score"]["value"], 1)

    assert not d.is_empty and d.better() == [] and d.other() == []
    assert d.warnings == []


def test_worse_comes_in_order_of_seriousness(v1_v2):
    d = compute_diff(*v1_v2)
    kinds = [c.kind for c in d.worse()]
    compact = [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]
    serious = [c for c in d.worse() if c.kind == "finding_new" and c.ref.severity == "high"]
    assert serious and d.worse()[: len(serious)] == serious  # new high findings first
    assert compact[1:6] == [
        "category_collected",
        "sdk_added",
        "cleartext_endpoint_added",
        "permission_added",
        "category_declared",
    ]
    assert compact[-1] == "finding_new"  # then the medium and low findings


def test_v1_to_v2_json_output(v1_v2):
    d = compute_diff(*v1_v2)
    data = json.loads(render_diff(d, "json"))
    assert data["schema_version"] == DIFF_SCHEMA_VERSION == "diff-1.0"
    assert data["permissions"]["added"][0]["name"] == "android.permission.READ_CONTACTS"
    assert data["categories"] == [
        {
            "category": "contacts",
            "declared": {"old": False, "new": True},
            "in_code": {"old": False, "new": True},
            "by": {"old": [], "new": ["shumei"], "added": ["shumei"], "removed": []},
        }
    ]
    assert data["endpoints"]["added"][0]["url"] == CLEARTEXT_URL
    assert data["got_worse"][0]["kind"] == "finding_new"
    assert {"kind": "category_collected", "key": "contacts", "by": ["shumei"]} in data["got_worse"]
    assert data["is_empty"] is False and data["got_better"] == []
    assert json.dumps(data, ensure_ascii=False)  # plain JSON types only


def test_terminal_headline_and_sections(v1_v2):
    d = compute_diff(*v1_v2)
    text = render_diff(d, "terminal", DiffRenderOptions(width=100))
    first = text.splitlines()[1]
    score = f"{d.new.score:g}"
    assert f"SteadyLoan 1.0 → 1.1: risk 0 → {score} (low → {d.new.level})" in first
    assert text.index("Got worse") < text.index("Got better")
    assert "READ_CONTACTS" in text and CLEARTEXT_URL in text and "Shumei" in text
    assert "\x1b[" not in text  # plain when not a terminal


# ---------------------------------------------------------------- no change


def _all_samples() -> list[str]:
    return sorted(p.stem for p in SAMPLES.glob("*.apk"))


@pytest.mark.parametrize("name", _all_samples())
def test_an_apk_diffed_with_itself_shows_no_change(name):
    path = sample(name)
    d = diff_paths(path, path, DiffOptions(policies=list(POLICIES)))  # two separate scans
    assert d.is_empty, [c.to_dict() for c in d.changes()]
    assert d.changes() == [] and d.warnings == [w for w in d.warnings if w.code == "incomplete"]
    data = d.to_dict()
    assert data["is_empty"] is True and data["got_worse"] == [] and data["got_better"] == []
    assert "No change" in render_diff(d, "terminal")


def test_cli_diff_of_an_apk_with_itself_exits_0():
    path = sample("update_v2")
    code, out, err = run(path, path, "--fail-on-new", "low")
    assert code == 0, err
    assert "No change" in out


# ---------------------------------------------------------------- saved JSON reports


def _save_report(path: Path, out: Path) -> Path:
    """`auditor scan --format json -o` exactly as a user would save a report."""
    from auditor.cli import main

    result = CliRunner().invoke(
        main, ["scan", str(path), "--format", "json", "--policy", POLICY_ARG, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_diff_of_saved_json_reports_equals_diff_of_the_apks(tmp_path):
    v1, v2 = sample("update_v1"), sample("update_v2")
    j1 = _save_report(v1, tmp_path / "v1.json")
    j2 = _save_report(v2, tmp_path / "v2.json")

    def as_json(a: Path, b: Path) -> dict:
        code, out, err = run(a, b, "--format", "json", "--policy", POLICY_ARG)
        assert code == 0, err
        return json.loads(out)

    from_apks = as_json(v1, v2)
    assert from_apks == as_json(j1, j2)
    assert from_apks == as_json(j1, v2)  # a saved report against a fresh scan
    assert from_apks["findings"]["new"] and not from_apks["is_empty"]
    # without --policy, an APK is scanned with the policies of the saved report
    code, out, _ = run(j1, v2, "--format", "json")
    assert code == 0 and json.loads(out) == from_apks


def test_reports_with_different_policies_compare_the_common_ones(v1_v2):
    v1, v2 = v1_v2
    base_only = copy.deepcopy(v1)
    base_only["policies"] = ["baseline"]
    base_only["findings"] = [f for f in v1["findings"] if f["policy"] == "baseline"]
    d = compute_diff(base_only, v2)
    assert d.policies_compared == ["baseline"] and not d.score_recomputed
    assert {f.policy for f in d.findings_new} == {"baseline"}
    assert [w.code for w in d.warnings] == ["policies_differ"]
    assert "baseline" in d.warnings[0].en and d.warnings[0].zh
    # both scores are the baseline assessments', whatever else each report checked
    assert (d.old.score, d.new.score) == (v1["score"]["value"], v2["score"]["value"])


def test_an_older_report_is_compared_by_its_baseline_score(v1_v2):
    """Before contract 1.4 a report's score counted every pack it was made with: the diff
    recomputes it from its baseline findings, so both sides are the baseline's."""
    v1, v2 = v1_v2
    older = copy.deepcopy(v2)
    del older["score"]["basis"]
    older["score"]["value"], older["score"]["level"] = 99.0, "critical"  # counted cn too
    d = compute_diff(v1, older)
    assert d.score_recomputed and d.new.score == v2["score"]["value"]
    assert d.new.level == v2["score"]["level"]


# ---------------------------------------------------------------- signer, packer, package


def test_signer_change_is_a_warning_and_worse(v1_v2):
    v1, v2 = v1_v2
    other = copy.deepcopy(v2)
    other["app"]["signing_cert_sha256"] = ["0" * 64]
    d = compute_diff(v1, other)
    assert d.signer_changed
    assert d.warnings[0].code == "signer_changed"
    kinds = [c.kind for c in d.worse()]
    assert "signer_changed" in kinds
    assert kinds.index("signer_changed") < kinds.index("sdk_added")
    assert kinds.index("category_collected") < kinds.index("signer_changed")


def test_packer_appearing_and_a_different_package(v1_v2):
    v1, _ = v1_v2
    packed = copy.deepcopy(v1)
    packed["packer"] = "Jiagu (360)"
    packed["complete"] = False
    packed["app"]["package"] = "com.example.other"
    d = compute_diff(v1, packed)
    assert d.packer_appeared and [c.kind for c in d.worse()] == ["packer_appeared"]
    codes = [w.code for w in d.warnings]
    assert "package_differs" in codes and "incomplete" in codes
    back = compute_diff(packed, v1)
    assert back.packer_disappeared and [c.kind for c in back.better()] == ["packer_disappeared"]


def test_v2_to_v1_is_the_mirror_image(v1_v2):
    v1, v2 = v1_v2
    d = compute_diff(v2, v1)
    assert d.worse() == []
    assert [p.name for p in d.permissions_removed] == ["android.permission.READ_CONTACTS"]
    assert [s.id for s in d.sdks_removed] == ["shumei"]
    assert len(d.findings_resolved) == len(v2["findings"])
    assert d.categories[0].no_longer_collected and d.categories[0].no_longer_declared
    assert [w.code for w in d.warnings] == ["version_not_newer"]


# ---------------------------------------------------------------- exit codes


def test_fail_on_new_high():
    v1, v2 = sample("update_v1"), sample("update_v2")
    code, out, err = run(v1, v2, "--fail-on-new", "high", "--policy", POLICY_ARG)
    assert code == EXIT_THRESHOLD, err
    assert "BASE-CON-001" in err and out
    code, _, err = run(v2, v2, "--fail-on-new", "high", "--policy", POLICY_ARG)
    assert code == 0, err


def test_fail_on_new_is_not_met_by_lower_severities(v1_v2):
    d = compute_diff(*v1_v2)
    worst = max(("low", "medium", "high", "critical").index(f.severity) for f in d.findings_new)
    above = ("low", "medium", "high", "critical")[worst + 1 :]
    for sev in above:
        code, _, err = run(
            sample("update_v1"), sample("update_v2"), "--fail-on-new", sev, "--policy", POLICY_ARG
        )
        assert code == 0, err


def _one_error_line(stderr: str, code: str) -> None:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"error [{code}]")
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('{"name": "not a report", "items": [1, 2]}', "not_an_apk"),
        ("[1, 2, 3]", "not_an_apk"),  # not an object: treated as a file that is not an APK
        ("{ this is not json", "not_an_apk"),
        ('{"schema_version": "1.0", "tool": {"name": "auditor"}}', "corrupt"),
        ('{"schema_version": "diff-1.0"}', "corrupt"),
    ],
)
def test_json_that_is_not_a_report_gives_a_clean_error(tmp_path, content, code):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    exit_code, out, err = run(bad, sample("update_v1"))
    assert exit_code == EXIT_INPUT and out == ""
    _one_error_line(err, code)
    assert "bad.json" in err


def test_missing_input_and_usage_errors(tmp_path):
    code, out, err = run(tmp_path / "nope.apk", sample("update_v1"))
    assert code == EXIT_INPUT and out == ""
    _one_error_line(err, "not_found")
    code, _, err = run(tmp_path, sample("update_v1"))
    assert code == 2 and "two files or two folders" in err
    code, _, err = run(sample("update_v1"), sample("update_v2"), "--policy", "nosuch")
    assert code == 2 and "nosuch" in err and "known packs: baseline" in err


def test_help_has_an_example():
    code, out, _ = run("--help")
    assert code == 0 and "Example" in out and "--fail-on-new" in out


# ---------------------------------------------------------------- languages and formats


def test_chinese_output_is_natural_chinese():
    code, out, err = run(
        sample("update_v1"), sample("update_v2"), "--lang", "zh", "--policy", POLICY_ARG
    )
    assert code == 0, err
    for phrase in (
        "风险分",
        "（低 → 高）",
        "风险增加",
        "有所改善",
        "新增权限",
        "危险权限",
        "通讯录：新版代码会读取",
        "新增 SDK",
        "新增明文传输（http）地址",
        "新问题",
    ):
        assert phrase in out, phrase
    for english in ("Got worse", "Got better", "New permission", "risk 0", "dangerous"):
        assert english not in out, english


def test_markdown_and_html(v1_v2, tmp_path):
    d = compute_diff(*v1_v2)
    md = render_diff(d, "markdown", DiffRenderOptions(lang="en"))
    assert md.startswith("# ") and "## Got worse" in md and "`READ_CONTACTS`" in md
    code, _, err = run(
        sample("update_v1"),
        sample("update_v2"),
        "--format",
        "html",
        "--lang",
        "zh",
        "-o",
        tmp_path / "d.html",
        "--policy",
        POLICY_ARG,
    )
    assert code == 0, err
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert 'name="viewport"' in page and "<style>" in page
    for external in ("<script", "<link", "src=", "@import", "url("):  # self-contained
        assert external not in page, external
    assert "风险增加" in page


def test_strings_from_the_apk_are_escaped(v1_v2):
    v1, v2 = v1_v2
    evil = copy.deepcopy(v2)
    evil["app"]["label"] = "<img src=x onerror=alert(1)>"
    evil["sdks"][0]["name"] = "**bold** <script>alert(1)</script> | pipe"
    evil["sdks"][0]["display_name"] = {"en": evil["sdks"][0]["name"], "zh": "x"}
    evil["endpoints"][0]["url"] = "http://x.example/`code`<b>"
    d = compute_diff(v1, evil)
    page = render_diff(d, "html")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page
    assert "x.example/`code`&lt;b&gt;" in page
    md = render_diff(d, "markdown")
    assert "<script>" not in md and "\\<script\\>" in md and "\\*\\*bold\\*\\*" in md


# ---------------------------------------------------------------- folders


def test_batch_pairs_by_package_and_writes_a_csv(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    shutil.copy(sample("update_v1"), old / "steady-10.apk")
    shutil.copy(sample("harvester"), old / "a.apk")
    shutil.copy(sample("update_v2"), new / "zz-latest.apk")
    shutil.copy(sample("harvester"), new / "cashnow.apk")
    shutil.copy(sample("sns_login"), new / "weloan.apk")
    (new / "notes.txt").write_text("not an input", encoding="utf-8")
    out = tmp_path / "table.csv"

    code, stdout, err = run(old, new, "--output", out, "--policy", POLICY_ARG)
    assert code == 0, err
    assert "1 changed, 1 unchanged, 0 only in the old folder, 1 only in the new folder" in stdout

    with out.open(newline="", encoding="utf-8") as fh:
        rows = {r["package"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"com.example.steadyloan", "com.example.cashnow", "com.example.weloan"}
    steady = rows["com.example.steadyloan"]
    assert steady["status"] == "changed"
    assert steady["old_file"].endswith("steady-10.apk")
    assert steady["new_file"].endswith("zz-latest.apk")
    assert (steady["old_version"], steady["new_version"]) == ("1.0 (10)", "1.1 (11)")
    assert steady["permissions_added"] == "android.permission.READ_CONTACTS"
    assert steady["categories_newly_collected"] == "contacts(shumei)"
    assert steady["sdks_added"] == "shumei"
    assert int(steady["new_findings"]) > 0 and steady["signer_changed"] == "False"
    assert (steady["level_old"], steady["level_new"]) == ("low", "high")
    assert float(steady["score_new"]) > float(steady["score_old"])
    assert rows["com.example.cashnow"]["status"] == "unchanged"
    assert rows["com.example.cashnow"]["new_findings"] == "0"
    assert rows["com.example.weloan"]["status"] == "only_new"

    code, _, err = run(old, new, "--fail-on-new", "high", "--policy", POLICY_ARG)
    assert code == EXIT_THRESHOLD, err


def test_batch_mixes_reports_and_apks_and_records_bad_files(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    _save_report(sample("update_v1"), old / "steady.json")
    shutil.copy(sample("update_v2"), new / "steady.apk")
    (old / "broken.json").write_text('{"hello": 1}', encoding="utf-8")
    out = tmp_path / "t.csv"
    code, stdout, _ = run(old, new, "-o", out, "--policy", POLICY_ARG)
    assert code == EXIT_INPUT  # one file could not be read; the table is still written
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    statuses = sorted(r["status"] for r in rows)
    assert statuses == ["changed", "error"]
    bad = next(r for r in rows if r["status"] == "error")
    assert bad["error_code"] == "not_an_apk" and bad["old_file"].endswith("broken.json")
    assert "broken.json" in stdout


def test_reports_saved_before_category_names_still_diff_with_names(v1_v2):
    old, new = (copy.deepcopy(r) for r in v1_v2)
    for report in (old, new):
        for status in report["categories"].values():
            for key in ("name", "meaning", "harm", "icon"):
                status.pop(key)
    plain = render_diff(compute_diff(old, new), "terminal", DiffRenderOptions(lang="zh"))
    assert plain == render_diff(compute_diff(*v1_v2), "terminal", DiffRenderOptions(lang="zh"))
    assert "通讯录" in plain


def test_two_different_apps_are_named_both_and_warned_first():
    code, out, _ = run(sample("harvester"), sample("compliant"), "--width", "100")
    assert code == 0
    head = out.split("Got worse")[0]  # the warning comes before any change
    assert "CashNow - Instant Loan 4.7.2 → FairLend 1.3.0" in " ".join(head.split())
    assert "two different apps" in head
    assert "com.example.cashnow and com.example.fairlend" in " ".join(head.split())
    code, zh, _ = run(sample("harvester"), sample("compliant"), "--lang", "zh")
    assert code == 0 and "这是两个不同的应用" in zh.split("风险增加")[0]


def test_diff_names_sdks_and_rulebooks_in_the_readers_language():
    code, out, _ = run(sample("update_v1"), sample("update_v2"), "--lang", "zh")
    assert code == 0
    assert "数美设备指纹" in out and "Shumei device fingerprint" not in out
    assert "通用基线" in out and "（baseline）" not in out

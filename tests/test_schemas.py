"""The JSON Schemas of the YAML inputs: policy packs and catalogue files.

Each schema is valid draft 2020-12, the shipped files match it, its enums are the Python
constants the code uses, a representative mistake is reported as `FILE:LINE: message`, and a
file is checked once per content (not on every scan)."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from auditor import validation
from auditor.datafiles import load_data, rules_dir
from auditor.errors import RuleError
from auditor.model import (
    CATEGORIES,
    CITATION_STATUSES,
    CONFIDENCES,
    EVIDENCE_KINDS,
    SDK_KINDS,
    SEVERITIES,
)
from auditor.policy import conditions
from auditor.policy.packs import load_pack
from auditor.validation import load_schema, pack_schema


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """A fresh cache: every load really checks (no marker from an earlier run)."""
    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path / "cache"))


def _pack_text() -> str:
    return (Path(__file__).parent / "data" / "schema" / "t.yaml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the schemas themselves


def test_pack_schema_is_valid_draft_2020_12():
    schema = load_schema(pack_schema())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", sorted(Path(rules_dir()).glob("*.yaml")), ids=lambda p: p.stem)
def test_builtin_packs_match_the_schema(path):
    validation.check(load_data(path), pack_schema(), path)


def test_pack_schema_enums_are_the_python_constants():
    defs = load_schema(pack_schema())["$defs"]
    assert tuple(defs["category"]["enum"]) == CATEGORIES
    assert tuple(defs["severity"]["enum"]) == SEVERITIES
    assert tuple(defs["citation_status"]["enum"]) == CITATION_STATUSES
    assert tuple(defs["confidence"]["enum"]) == CONFIDENCES
    assert tuple(defs["evidence_kind"]["enum"]) == EVIDENCE_KINDS
    assert tuple(defs["sdk_kind"]["enum"]) == SDK_KINDS
    assert tuple(defs["collector"]["enum"]) == conditions.COLLECTORS
    leaves = defs["condition"]["properties"]
    assert tuple(leaves) == conditions.COMBINATORS + conditions.LEAVES
    assert tuple(defs["sdk_level"]["properties"]) == tuple(conditions.COMPARATORS)
    assert tuple(leaves["manifest"]["properties"]) == conditions.MANIFEST_FACTS
    assert tuple(leaves["permission_request"]["properties"]) == (
        *conditions.REQUEST_FLAGS,
        "min_dangerous",
    )


# ---------------------------------------------------------------- messages name FILE:LINE


# The line is the first line of the mapping that holds the mistake (`line_has` is on it).
@pytest.mark.parametrize(
    ("old", "new", "message", "line_has"),
    [
        ("severity: high", "severity: severe", "rule T-001: severity must be one of info, low", "T-001"),
        ("status: in_force", "status: law", "rule T-001: citation.status must be one of", "instrument"),
        ("url: null", "url: ftp://x", "citation.url must be an http(s) URL or null", "instrument"),
        ('zh: "读取通讯录"', 'zh: " "', "rule T-001: title.zh must be a non-empty string", "Reads"),
        ("    why:", "    wyh:", "rule T-001: missing ['why']; unknown key(s) ['wyh']", "T-001"),
        ("{collected: contacts}", "{collected: address_book}", "when.any[0].collected must be one of", "any"),
        ("{collected: contacts}", "{frobnicate: 1}", "when.any[0]: unknown condition 'frobnicate'", "any"),
        ("{collected: contacts}", "{packer: true, sdk: {kind: ads}}", "exactly one key", "any"),
        (
            "{collected: contacts}",
            "{all: [{packer: true}, {sdk: {kind: [ads, spyware]}}]}",
            "when.any[0].all[1].sdk.kind[1] must be one of sns_login",
            "any",
        ),
        ("{collected: contacts}", "{target_sdk: {below: 30}}", "unknown key(s) ['below']", "any"),
        ("  jurisdiction: GLOBAL\n", "", "policy: missing ['jurisdiction']", "id: t"),
    ],
)
def test_a_pack_mistake_names_file_line_and_rule(tmp_path, old, new, message, line_has):
    text = _pack_text()
    assert old in text
    path = _write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(RuleError) as info:
        load_pack(path)
    err = info.value
    assert message in err.message
    assert err.line is not None and line_has in text.splitlines()[err.line - 1]
    assert err.one_line().startswith(f"error [bad_rules] {path}:{err.line}: ")


def test_cross_field_rule_of_a_condition_is_still_checked(tmp_path):
    text = _pack_text().replace("{collected: contacts}", "{sns: {other_app_data: true, network: qq}}")
    with pytest.raises(RuleError, match="other_app_data cannot be combined") as info:
        load_pack(_write(tmp_path, text))
    assert "- id: T-001" in text.splitlines()[info.value.line - 1]


def test_rules_validate_uses_the_schema(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    path = _write(tmp_path, _pack_text().replace("severity: high", "severity: severe"))
    result = CliRunner().invoke(main, ["rules", "validate", str(path)])
    assert result.exit_code == 5
    assert result.stdout.startswith(f"error [bad_rules] {path}:")
    assert "severity must be one of" in result.stdout


# ---------------------------------------------------------------- once per content


def test_a_file_is_checked_once_per_content(tmp_path, monkeypatch):
    calls: list[Path] = []
    real = validation.check
    monkeypatch.setattr(validation, "check", lambda d, s, p: (calls.append(p), real(d, s, p)))
    path = _write(tmp_path, _pack_text())
    load_pack(path)
    load_pack(path)
    assert calls == [path]  # the second load found the marker
    path.write_text(_pack_text().replace("severity: high", "severity: low"), encoding="utf-8")
    assert load_pack(path).rules[0].severity == "low"
    assert calls == [path, path]  # new content, checked again


def test_a_bad_file_is_rejected_every_time(tmp_path):
    path = _write(tmp_path, _pack_text().replace("severity: high", "severity: severe"))
    for _ in range(2):
        with pytest.raises(RuleError, match="severity"):
            load_pack(path)

"""The JSON Schemas of the YAML inputs: policy packs and catalogue files.

Each schema is valid draft 2020-12, the shipped files match it, its enums are the Python
constants the code uses, a representative mistake is reported as `FILE:LINE: message`, and a
file is checked once per content (not on every scan)."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from auditor import validation
from auditor.catalogue import hybrid, knowledge, permission_libraries
from auditor.datafiles import catalogue_dir, catalogue_schema, load_data, pack_schema, rules_dir
from auditor.errors import RuleError
from auditor.model import (
    CATEGORIES,
    CITATION_STATUSES,
    CONFIDENCES,
    EVIDENCE_KINDS,
    RULE_SCOPES,
    SDK_KINDS,
    SEVERITIES,
)
from auditor.policy import conditions
from auditor.policy.packs import load_pack
from auditor.validation import load_schema


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """A fresh cache: every load really checks (no marker from an earlier run)."""
    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path / "cache"))


CATALOGUE = (
    "categories",
    "permissions",
    "apis",
    "sdks",
    "packers",
    "indicators",
    "resources",
    "runtimes",
    "scripts",
    "framework_classes",
    "permission_libraries",
    "lending",
)
#: `$defs` name -> the constant its enum must equal, in whichever schema defines it.
SYNCED: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "severity": SEVERITIES,
    "citation_status": CITATION_STATUSES,
    "confidence": CONFIDENCES,
    "evidence_kind": EVIDENCE_KINDS,
    "sdk_kind": SDK_KINDS,
    "collector": conditions.COLLECTORS,
    "api_kind": knowledge.API_KINDS,
    "api_role": knowledge.API_ROLES,
    "runtime_family": hybrid.FAMILIES,
    "sign_kind": hybrid.SIGN_KINDS,
    "registry": hybrid.REGISTRIES,
    "script_read": hybrid.READERS,
    "script_role": hybrid.ROLES,
    "script_confidence": hybrid.CONFIDENCES,
    "library_kind": permission_libraries.KINDS,
    "step": permission_libraries.STEPS,
    "rule_scope": RULE_SCOPES,
}


def _all_schemas() -> list[Path]:
    return [pack_schema()] + [catalogue_schema(f"{name}.yaml") for name in CATALOGUE]


def _pack_text() -> str:
    return (Path(__file__).parent / "data" / "schema" / "t.yaml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the schemas themselves


@pytest.mark.parametrize("schema", _all_schemas(), ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(schema):
    document = load_schema(schema)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", CATALOGUE)
def test_builtin_catalogue_matches_its_schema(name):
    path = catalogue_dir() / f"{name}.yaml"
    validation.check(load_data(path), catalogue_schema(path.name), path)


@pytest.mark.parametrize("path", sorted(Path(rules_dir()).glob("*.yaml")), ids=lambda p: p.stem)
def test_builtin_packs_match_the_schema(path):
    validation.check(load_data(path), pack_schema(), path)


@pytest.mark.parametrize("schema", _all_schemas(), ids=lambda p: p.name)
def test_schema_enums_are_the_python_constants(schema):
    defs = load_schema(schema)["$defs"]
    for name, constant in SYNCED.items():
        if name in defs:
            assert tuple(defs[name]["enum"]) == constant, f"{schema.name}: $defs/{name}"


def test_each_vocabulary_is_in_the_schema_that_needs_it():
    def has(name: str) -> set[str]:
        return {p.name for p in _all_schemas() if name in load_schema(p)["$defs"]}

    assert has("category") == {
        "pack.schema.json",
        *(f"{n}.schema.json" for n in ("categories", "permissions", "apis", "resources", "scripts")),
    }
    assert has("sdk_kind") == {"pack.schema.json", "sdks.schema.json"}
    assert has("api_role") == has("api_kind") == {"apis.schema.json"}
    for name in ("severity", "citation_status", "confidence", "evidence_kind", "collector", "rule_scope"):
        assert has(name) == {"pack.schema.json"}, name


def test_condition_language_in_the_schema_is_the_parser_s():
    defs = load_schema(pack_schema())["$defs"]
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


# The first line of the file's mapping that holds the mistake contains `line_has`.
@pytest.mark.parametrize(
    ("name", "old", "new", "message", "line_has"),
    [
        ("categories", "\n  call_log:", "\n  calls:", "categories has an unknown key 'calls'", "contacts"),
        ("categories", '    icon: "👥"', "    icon: 1", "category contacts: icon must be a", "Contacts"),
        (
            "permissions",
            "categories: [contacts]",
            "categories: [address_book]",
            "permission android.permission.READ_CONTACTS: categories[0] must be one of contacts",
            "categories: [address_book]",
        ),
        ("apis", "kind: field", "kind: blob", "api entry contacts.phone_uri: kind must be one of", "id:"),
        ("apis", "    match: exact", "    match: prefix", "contacts.phone_uri: match must be 'exact'", "id:"),
        (
            "sdks",
            '"com/tencent/mm/opensdk/"',
            '"com.tencent.mm.opensdk"',
            "sdk wechat_opensdk: prefixes[0] must be a package prefix in slash form",
            "wechat_opensdk",
        ),
        ("packers", "    assets: [", "    asets: [", "packer jiagu360: missing ['assets']", "jiagu360"),
        (
            "indicators",
            "      - 136067ac519c23ef7b9e8eb788d1f5366ccc5045",
            "      - 136067ac",
            "family spyloan_eset_2023: apk_sha1[0] must be 40 hex digits",
            "spyloan_eset_2023",
        ),
        ("resources", "  category: contacts", "  category: sms_", "emergency_contact.category", "category"),
        (
            "lending",
            '      - {t: "loan", kind: strong,',
            '      - {t: "loan", kind: strongest,',
            "languages.en.terms[0].kind must be one of strong, medium, weak",
            '"loan"',
        ),
    ],
)
def test_a_catalogue_mistake_names_file_and_line(tmp_path, name, old, new, message, line_has):
    text = (catalogue_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    path = _write(tmp_path, text.replace(old, new, 1), f"{name}.yaml")
    with pytest.raises(RuleError) as info:
        load_data(path, catalogue_schema(path.name))
    err = info.value
    assert message in err.message
    assert line_has in text.replace(old, new, 1).splitlines()[err.line - 1]
    assert err.one_line().startswith(f"error [bad_rules] {path}:{err.line}: ")


def test_duplicate_api_id_is_still_checked(tmp_path, monkeypatch):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    for name in CATALOGUE:
        (folder / f"{name}.yaml").write_bytes((catalogue_dir() / f"{name}.yaml").read_bytes())
    apis = folder / "apis.yaml"
    text = apis.read_text(encoding="utf-8")
    apis.write_text(text.replace("id: contacts.phone_filter_uri", "id: contacts.phone_uri"), "utf-8")
    monkeypatch.setattr(knowledge, "catalogue_dir", lambda: folder)
    knowledge.load_knowledge.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"api entry contacts\.phone_uri: duplicate id") as info:
            knowledge.load_knowledge()
    finally:
        knowledge.load_knowledge.cache_clear()
    assert "contacts.phone_uri" in apis.read_text(encoding="utf-8").splitlines()[info.value.line - 1]


def test_lending_sdk_ids_are_checked_against_sdks_yaml(tmp_path, monkeypatch):
    from auditor.analysis import lending

    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "schema").symlink_to(catalogue_dir() / "schema")
    text = (catalogue_dir() / "lending.yaml").read_text(encoding="utf-8")
    broken = text.replace("strong: [credolab,", "strong: [credolabs,", 1)
    (folder / "lending.yaml").write_text(broken, "utf-8")
    monkeypatch.setattr(lending, "catalogue_dir", lambda: folder)
    lending.catalogue.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"unknown SDK id.*credolabs"):
            lending.catalogue()
    finally:
        lending.catalogue.cache_clear()


def test_a_user_indicator_file_is_checked(tmp_path):
    from auditor.options import ScanOptions
    from auditor.pipeline import scan
    from tests.conftest import sample

    bad = _write(tmp_path, "families:\n  - id: mine\n    name: Mine\n    sorce: notes\n", "mine.yaml")
    with pytest.raises(RuleError) as info:
        scan(sample("benign"), ScanOptions(indicator_files=(bad,)))
    assert info.value.one_line() == (
        f"error [bad_rules] {bad}:2: family mine: missing ['source']; unknown key(s) ['sorce']"
    )


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

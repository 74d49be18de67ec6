"""SARIF 2.1.0: valid against the schema, one result per finding, rule metadata, stable
fingerprints, code locations as logical locations, manifest facts at AndroidManifest.xml."""

from __future__ import annotations

import copy
import functools
import json

import jsonschema
import pytest

from auditor.model import Report
from auditor.render.interface import RenderOptions
from auditor.render.sarif import LEVEL_OF_SEVERITY, SarifRenderer
from tests.conftest import scan_sample
from tests.test_render_html import HOSTILE_LABEL, hostile_report

SAMPLES = ("harvester", "compliant", "sns_login")


@functools.lru_cache(maxsize=1)
def sarif_schema() -> dict:
    from auditor.datafiles import schema_dir

    return json.loads((schema_dir() / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def validate(log: dict) -> None:
    schema = sarif_schema()
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def render(report: Report, lang: str = "en") -> dict:
    text = SarifRenderer().render(report, RenderOptions(lang=lang))
    return json.loads(text)


def test_schema_is_the_sarif_210_schema():
    schema = sarif_schema()
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_schema_rejects_a_broken_log():
    log = render(scan_sample("sns_login"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        validate(log)
    log = render(scan_sample("sns_login"))
    del log["runs"][0]["tool"]["driver"]["name"]
    with pytest.raises(AssertionError):
        validate(log)


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_valid_and_one_result_per_finding(name, lang):
    report = scan_sample(name)
    log = render(report, lang)
    validate(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    results = run["results"]
    assert len(results) == len(report.findings)
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(dict.fromkeys(f.rule_id for f in report.findings))
    for f, res in zip(report.findings, results, strict=True):
        assert res["ruleId"] == f.rule_id
        assert rules[res["ruleIndex"]]["id"] == f.rule_id
        assert res["level"] == LEVEL_OF_SEVERITY[f.severity]
        assert res["message"]["text"].startswith(f.title.get(lang))
        assert res["locations"]
        for loc in res["locations"]:
            assert "region" not in loc.get("physicalLocation", {})  # errata01: no empty region


def test_severity_to_level():
    assert LEVEL_OF_SEVERITY == {
        "critical": "error",
        "high": "error",
        "medium": "warning",
        "low": "note",
        "info": "note",
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rule_metadata(lang):
    report = scan_sample("harvester")
    run = render(report, lang)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "auditor"
    assert driver["version"] == report.tool_version
    assert "informationUri" not in driver  # must be an absolute URI; auditor has none
    by_id = {r["id"]: r for r in driver["rules"]}
    for f in report.findings:
        rule = by_id[f.rule_id]
        assert rule["name"] and rule["name"].isalnum()
        assert rule["shortDescription"]["text"] == f.title.get(lang)
        assert rule["fullDescription"]["text"] == f.why.get(lang)
        assert f.advice_developer.get(lang) in rule["help"]["text"]
        assert f.citation.text("instrument", lang) in rule["help"]["text"]
        assert rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == LEVEL_OF_SEVERITY[f.severity]
        props = rule["properties"]
        assert props["policy"] == f.policy and props["severity"] == f.severity
        assert props["citation"]["instrument"] == f.citation.instrument
        assert props["citation"]["status"] == f.citation.status
        assert set(f.categories) <= set(props["tags"])
        if f.citation.url:
            assert rule["helpUri"] == f.citation.url


def test_locations():
    report = scan_sample("harvester")
    run = render(report)["runs"][0]
    apk = "harvester.apk"
    assert run["artifacts"][0]["location"]["uri"] == apk
    assert run["artifacts"][0]["hashes"]["sha-256"] == report.app.sha256
    for f, res in zip(report.findings, run["results"], strict=True):
        code = [loc for loc in res["locations"] if "logicalLocations" in loc]
        callers = {(ev.caller, ev.dex) for ev in f.evidence if ev.caller}
        assert len(code) == len(callers)
        for loc in code:
            logical = loc["logicalLocations"][0]
            assert logical["kind"] == "function"
            assert (logical["decoratedName"], loc["properties"]["dex"]) in callers
            smali = logical["decoratedName"]
            cls, member = smali[1:].split(";->")
            assert logical["fullyQualifiedName"] == cls.replace("/", ".") + "." + member
            assert loc["physicalLocation"]["artifactLocation"]["uri"] == apk
        manifest = [
            loc
            for loc in res["locations"]
            if loc.get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
            == "AndroidManifest.xml"
        ]
        if any(ev.caller is None for ev in f.evidence) or not f.evidence:
            assert len(manifest) == 1
        else:
            assert not manifest
    contacts = next(r for r in run["results"] if r["ruleId"] == "BASE-CON-002")
    names = [loc["logicalLocations"][0]["fullyQualifiedName"] for loc in contacts["locations"]]
    assert "com.example.cashnow.ContactsHarvester.readAll()I" in names


def test_fingerprints_are_stable_and_distinct():
    report = scan_sample("harvester")
    a = render(report, "en")["runs"][0]["results"]
    b = render(report, "zh")["runs"][0]["results"]
    fa = [r["partialFingerprints"]["auditorFinding/v1"] for r in a]
    fb = [r["partialFingerprints"]["auditorFinding/v1"] for r in b]
    assert fa == fb
    assert len(set(fa)) == len(fa)
    other = copy.deepcopy(report)
    other.app.package = "com.other.app"
    fc = [
        r["partialFingerprints"]["auditorFinding/v1"] for r in render(other)["runs"][0]["results"]
    ]
    assert not set(fa) & set(fc)


def test_run_properties_and_notifications():
    report = copy.deepcopy(scan_sample("harvester"))
    props = render(report)["runs"][0]["properties"]
    assert props["app"]["package"] == "com.example.cashnow"
    assert props["app"]["version_name"] == report.app.version_name
    assert props["app"]["sha256"] == report.app.sha256
    assert props["score"] == report.score.value
    assert props["level"] == "critical"
    report.packer = "Jiagu"
    report.warnings = ["classes3.dex: truncated"]
    log = render(report)
    validate(log)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    texts = [n["message"]["text"] for n in notes]
    assert any("Jiagu" in t for t in texts) and "classes3.dex: truncated" in texts


def test_compliant_has_no_results():
    run = render(scan_sample("compliant"))["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []
    assert run["properties"]["level"] == "low"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_report_is_valid_and_verbatim(lang):
    report = hostile_report()
    text = SarifRenderer().render(report, RenderOptions(lang=lang))
    log = json.loads(text)
    validate(log)
    run = log["runs"][0]
    assert run["properties"]["app"]["label"] == HOSTILE_LABEL
    uri = run["artifacts"][0]["location"]["uri"]
    assert " " not in uri and "<" not in uri and "|" not in uri
    first = run["results"][0]
    decorated = [
        loc["logicalLocations"][0]["decoratedName"]
        for loc in first["locations"]
        if "logicalLocations" in loc
    ]
    assert "Lcom/evil/<X>;->m`|`(I)V" in decorated
    rule = run["tool"]["driver"]["rules"][0]
    assert "helpUri" not in rule  # javascript: URL dropped
    assert len(run["results"]) == len(report.findings)

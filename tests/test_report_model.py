"""`Report.from_dict` is the inverse of `Report.to_dict` (the diff reads saved reports with it)."""

from __future__ import annotations

import copy

import pytest

from auditor.model import Finding, PolicyVerdict, Report, Text
from tests.conftest import ALL_PACKS, SAMPLES, validate_report

POLICY_SETS = (("baseline",), ("baseline", "cn", "google-play"), ALL_PACKS)
INPUTS = sorted(
    p.name for p in SAMPLES.iterdir() if p.suffix in (".apk", ".apks", ".apkm", ".xapk", ".zip")
)


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, tuple[str, ...], str], Report]:
    from auditor.options import ScanOptions
    from auditor.pipeline import scan

    out = {}
    for name in INPUTS:
        for policies in POLICY_SETS:
            for lang in ("en", "zh") if policies == POLICY_SETS[1] else ("en",):
                out[(name, policies, lang)] = scan(
                    SAMPLES / name, ScanOptions(policies=list(policies), lang=lang)
                )
    return out


def test_every_sample_input_is_covered(reports):
    assert {"harvester.apk", "packed.apk", "bundle_xapk.xapk", "nested.zip"} <= set(INPUTS)
    assert len(reports) == len(INPUTS) * (len(POLICY_SETS) + 1)


def test_from_dict_inverts_to_dict_on_every_sample(reports):
    for key, report in reports.items():
        data = report.to_dict()
        back = Report.from_dict(data)
        assert back.to_dict() == data, key
        # The objects are equal too, except the language, which to_dict does not write.
        assert back == Report(**{**vars(report), "lang": "en"}), key


def test_from_dict_of_parsed_json_equals_the_scan(reports):
    import json

    report = reports[("harvester.apk", POLICY_SETS[1], "en")]
    data = json.loads(json.dumps(report.to_dict()))
    assert Report.from_dict(data) == report


def test_from_dict_shares_nothing_with_the_dict(reports):
    data = reports[("update_v2.apk", POLICY_SETS[1], "en")].to_dict()
    report = Report.from_dict(data)
    before = report.to_dict()
    data["app"]["signing_cert_sha256"].append("0" * 64)
    data["findings"][0]["categories"].append("sms")
    data["categories"]["contacts"]["by"].append("app")
    assert report.to_dict() == before


def test_a_minimal_1x_report_reads_with_defaults(reports):
    """What the schema makes optional may be missing from a saved report; newer keys are ignored."""
    data = copy.deepcopy(reports[("update_v2.apk", POLICY_SETS[1], "en")].to_dict())
    for key in ("policies", "verdicts", "tampering", "endpoints", "permission_requests", "sns"):
        del data[key]
    del data["score"]["terms"]
    del data["app"]["signing"]
    for finding in data["findings"]:
        del finding["why"], finding["strength"], finding["weight"]
    for status in data["categories"].values():  # a 1.0 report: no display texts
        for key in ("name", "meaning", "harm", "icon"):
            status.pop(key, None)
    data["future_section"] = {"anything": 1}
    data["app"]["future_field"] = True
    validate_report(data)

    report = Report.from_dict(data)
    assert report.policies == [] and report.verdicts == [] and report.endpoints == []
    assert report.score.terms == [] and report.app.signing.schemes == []
    assert report.categories["contacts"].name is None and report.categories["contacts"].icon == ""
    first: Finding = report.findings[0]
    assert (first.why, first.strength, first.weight) == (Text("", ""), "", 0.0)
    assert PolicyVerdict.from_dict({"policy": "cn", "verdict": "compliant", "findings": 0}).name == Text(
        "cn", "cn"
    )

"""SARIF 2.1.0 output, for code-scanning tools and app-store CI.

One run; `tool.driver.rules` holds one reporting descriptor per rule that fired (title,
why, developer advice and citation); one result per finding. Code evidence points at
the calling method as a logical location (`kind: function`) inside the APK; manifest
evidence points at `AndroidManifest.xml`. The tests validate the output against the
SARIF 2.1.0 JSON schema shipped in auditor/schema/sarif-2.1.0.json.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from typing import Any
from urllib.parse import quote

from auditor.model import Evidence, Finding, NotApplicable, Report
from auditor.render import i18n, locale
from auditor.render.interface import Renderer, RenderOptions
from auditor.render.markdown import md_text

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
MANIFEST_URI = "AndroidManifest.xml"
#: Evidence lines quoted in a result's message before "and N more".
MESSAGE_EVIDENCE = 3

LEVEL_OF_SEVERITY = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "note",
    "info": "note",
}
#: GitHub code scanning reads `security-severity` (0.0-10.0) to rank results.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}


def _rule_name(f: Finding) -> str:
    """A readable PascalCase name from the English title (SARIF `reportingDescriptor.name`)."""
    words = re.findall(r"[A-Za-z0-9]+", f.title.en)
    name = "".join(w[:1].upper() + w[1:] for w in words[:10])
    return name or re.sub(r"[^A-Za-z0-9]", "", f.rule_id) or "Rule"


def _citation_dict(f: Finding) -> dict[str, Any]:
    c = f.citation
    return {
        "instrument": c.instrument,
        "issuer": c.issuer,
        "article": c.article,
        "date": c.date,
        "url": c.url,
        "status": c.status,
        "confidence": c.confidence,
    }


def _absolute_url(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^\s<>\"]+$", url):
        return url
    return None


def _citation_text(f: Finding, ui: dict, lang: str) -> str:
    c = f.citation
    text = ui["citation_line"].format(
        date=c.date,
        status=ui["status"].get(c.status, c.status),
        confidence=ui["confidence"].get(c.confidence, c.confidence),
        **i18n.citation(c, lang),
    )
    if c.url:
        text += f" {c.url}"
    return text


def _fingerprint(rule_id: str, package: str, primary: str) -> str:
    digest = hashlib.sha256(f"{rule_id}\x00{package}\x00{primary}".encode()).hexdigest()
    return digest[:32]


class SarifRenderer(Renderer[Report]):
    name = "sarif"

    def render(self, report: Report, options: RenderOptions) -> str:
        return json.dumps(self.build(report, options), ensure_ascii=False, indent=2) + "\n"

    def build(self, report: Report, options: RenderOptions) -> dict[str, Any]:
        lang = locale.lang_of(options.lang)
        ui = i18n.ui_for(lang)
        apk_uri = quote(posixpath.basename(report.app.file.replace("\\", "/")) or "app.apk")

        rules: list[dict[str, Any]] = []
        rule_index: dict[str, int] = {}
        for f in report.findings:
            if f.rule_id not in rule_index:
                rule_index[f.rule_id] = len(rules)
                rules.append(self._rule(f, ui, lang))

        results = [
            self._result(report, f, rule_index[f.rule_id], apk_uri, ui, lang)
            for f in report.findings
        ]
        # Rules for lending apps only whose condition holds, set aside because the app does not
        # look like a lending app: SARIF's own "notApplicable" kind (level none).
        for n in i18n.not_applicable_matched(report):
            if n.rule_id not in rule_index:
                rule_index[n.rule_id] = len(rules)
                rules.append(self._na_rule(n, lang))
            results.append(self._na_result(report, n, rule_index[n.rule_id], apk_uri, lang))
        app = report.app
        artifact: dict[str, Any] = {
            "location": {"uri": apk_uri},
            "length": app.size,
            "roles": ["analysisTarget"],
            "mimeType": "application/vnd.android.package-archive"
            if app.kind != "code_only"
            else "application/octet-stream",
            "hashes": {"sha-256": app.sha256},
        }
        notifications = [
            {"level": "warning", "message": {"text": w}} for w in i18n.warning_texts(report, lang)
        ]
        if report.app.kind == "code_only":
            notifications.insert(0, {"level": "warning", "message": {"text": ui["code_only"]}})
        elif report.packer:
            packed = ui["packed"].format(p=report.packer_in(lang))
            notifications.insert(0, {"level": "warning", "message": {"text": packed}})
        elif not report.complete:
            notifications.insert(0, {"level": "warning", "message": {"text": ui["incomplete"]}})
        invocation: dict[str, Any] = {"executionSuccessful": True}
        if notifications:
            invocation["toolExecutionNotifications"] = notifications
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "auditor",
                    "version": report.tool_version,
                    "semanticVersion": report.tool_version,
                    "language": ui["sarif_lang"],
                    "rules": rules,
                }
            },
            "invocations": [invocation],
            "language": ui["sarif_lang"],
            "artifacts": [artifact],
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {
                "app": {
                    "package": app.package,
                    "label": app.label,
                    "version_name": app.version_name,
                    "version_code": app.version_code,
                    "min_sdk": app.min_sdk,
                    "target_sdk": app.target_sdk,
                    "sha256": app.sha256,
                    "size": app.size,
                },
                "score": report.score.value,
                "level": report.score.level,
                "policies": list(report.policies),
                "verdicts": {v.policy: v.verdict for v in report.verdicts},
                "packer": report.packer,
                "complete": report.complete,
                **self._lending(report, lang),
            },
        }
        return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}

    # -- lending ------------------------------------------------------------------------

    @staticmethod
    def _lending(report: Report, lang: str) -> dict[str, Any]:
        lending = report.app.lending
        if lending is None:
            return {}
        return {
            "lending": {
                "verdict": lending.verdict,
                "confidence": lending.confidence,
                "score": lending.score,
                "decidedBy": lending.decided_by,
                "summary": (
                    f"{i18n.lending_headline(report, lang)}{i18n.ui_for(lang)['space']}"
                    f"{i18n.lending_reason(report, lang)}"
                ),
                "topSignals": [
                    {
                        "family": s.family,
                        "term": s.term,
                        "points": s.points,
                        "where": i18n.signal_where(s, report, lang),
                    }
                    for s in i18n.top_signals(report)
                ],
                "assumedLender": lending.assumed_lender,
            },
            "notApplicable": [n.rule_id for n in report.not_applicable],
        }

    @staticmethod
    def _na_rule(n: NotApplicable, lang: str) -> dict[str, Any]:
        return {
            "id": n.rule_id,
            "name": "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", n.title.en)[:10])
            or "Rule",
            "shortDescription": {"text": n.title.get(lang)},
            "fullDescription": {"text": n.reason.get(lang)},
            "help": {"text": n.reason.get(lang), "markdown": md_text(n.reason.get(lang))},
            "defaultConfiguration": {"level": LEVEL_OF_SEVERITY.get(n.severity, "warning")},
            "properties": {"policy": n.policy, "severity": n.severity, "appliesTo": "lending"},
        }

    @staticmethod
    def _na_result(report: Report, n: NotApplicable, index: int, apk_uri: str, lang: str) -> dict[str, Any]:
        return {
            "ruleId": n.rule_id,
            "ruleIndex": index,
            "kind": "notApplicable",
            "level": "none",
            "message": {"text": f"{n.title.get(lang)}\n{n.reason.get(lang)}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": apk_uri, "index": 0}}}],
            "partialFingerprints": {"auditorFinding/v1": _fingerprint(n.rule_id, report.app.package, "n/a")},
            "properties": {"policy": n.policy, "severity": n.severity},
        }

    # -- rules --------------------------------------------------------------------------

    def _rule(self, f: Finding, ui: dict, lang: str) -> dict[str, Any]:
        title = f.title.get(lang)
        why = f.why.get(lang)
        advice = f.advice_developer.get(lang)
        cite = _citation_text(f, ui, lang)
        c = f.citation
        url = _absolute_url(c.url)
        md_cite = md_text(cite[: -len(c.url) - 1] if c.url else cite)
        if url:
            md_cite += f" [{md_text(ui['read_source'])}](<{url}>)"
        rule: dict[str, Any] = {
            "id": f.rule_id,
            "name": _rule_name(f),
            "shortDescription": {"text": title},
            "fullDescription": {"text": why},
            "help": {
                "text": f"{advice}\n\n{ui['citation']}{ui['colon']}{cite}",
                "markdown": (
                    f"**{md_text(ui['advice_dev'])}**{ui['colon']}{md_text(advice)}\n\n"
                    f"**{md_text(ui['citation'])}**{ui['colon']}{md_cite}"
                ),
            },
            "defaultConfiguration": {"level": LEVEL_OF_SEVERITY.get(f.severity, "warning")},
            "properties": {
                "policy": f.policy,
                "severity": f.severity,
                "citation": _citation_dict(f),
                "tags": list(dict.fromkeys(["privacy", "security", f.policy, *f.categories])),
                "security-severity": SECURITY_SEVERITY.get(f.severity, "0.0"),
            },
        }
        if url:
            rule["helpUri"] = url
        return rule

    # -- results ------------------------------------------------------------------------

    def _result(
        self, report: Report, f: Finding, index: int, apk_uri: str, ui: dict, lang: str
    ) -> dict[str, Any]:
        locations: list[dict[str, Any]] = []
        seen: set[tuple[str, str | None]] = set()
        manifest_evidence: list[Evidence] = []
        for ev in f.evidence:
            if ev.script is not None:
                where = (ev.script.file, str(ev.offset))
                if where not in seen:
                    seen.add(where)
                    locations.append(self._script_location(ev, apk_uri, ui))
                continue
            if not ev.caller:
                manifest_evidence.append(ev)
                continue
            key = (ev.caller, ev.dex)
            if key in seen:
                continue
            seen.add(key)
            locations.append(self._code_location(report, ev, apk_uri, ui, lang))
        if manifest_evidence or not locations:
            details = sorted({ev.detail for ev in manifest_evidence})
            loc: dict[str, Any] = {
                "physicalLocation": {"artifactLocation": {"uri": MANIFEST_URI}},
                "properties": {"apk": apk_uri},
            }
            if details:
                loc["message"] = {"text": ", ".join(details)}
                loc["properties"]["permissions"] = details
            locations.append(loc)

        primary = next((ev.caller for ev in f.evidence if ev.caller), None) or MANIFEST_URI
        lines = [i18n.evidence_summary(ev, report, lang) for ev in f.evidence[:MESSAGE_EVIDENCE]]
        more = len(f.evidence) - len(lines)
        summary = ui["evidence"].format(n=len(f.evidence)) + ui["colon"] + "; ".join(lines)
        if more > 0:
            summary += "; " + ui["more"].format(n=more)
        text = f.title.get(lang)
        if f.evidence:
            text += "\n" + summary
        return {
            "ruleId": f.rule_id,
            "ruleIndex": index,
            "level": LEVEL_OF_SEVERITY.get(f.severity, "warning"),
            "message": {"text": text},
            "locations": locations,
            "partialFingerprints": {
                "auditorFinding/v1": _fingerprint(f.rule_id, report.app.package, primary)
            },
            "properties": {
                "policy": f.policy,
                "severity": f.severity,
                "strength": f.strength,
                "weight": f.weight,
                "categories": list(f.categories),
                "evidenceCount": len(f.evidence),
                "adviceBorrower": f.advice_borrower.get(lang),
                "citation": _citation_dict(f),
            },
        }

    @staticmethod
    def _script_location(ev: Evidence, apk_uri: str, ui: dict) -> dict[str, Any]:
        """A call in a script file of the APK: the file, its line (or byte offset), the call."""
        s = ev.script
        assert s is not None
        region: dict[str, Any] = {"startLine": s.line} if s.line else {"byteOffset": ev.offset or 0}
        props: dict[str, Any] = {
            "apk": apk_uri,
            "evidenceKind": ev.kind,
            "detail": ev.detail,
            "runtime": s.runtime,
            "pattern": s.pattern,
            "confidence": s.confidence,
        }
        if ev.offset is not None:
            props["offset"] = ev.offset
        if s.supporting:
            props["supporting"] = list(s.supporting)
        if ev.by:
            props["by"] = ev.by
        kind = ui["ev_kind"].get(ev.kind, ev.kind)
        return {
            "physicalLocation": {"artifactLocation": {"uri": s.file}, "region": region},
            "message": {"text": f"{kind}: {ev.detail}"},
            "properties": props,
        }

    def _code_location(
        self, report: Report, ev: Evidence, apk_uri: str, ui: dict, lang: str
    ) -> dict[str, Any]:
        caller = ev.caller or ""
        kind = ui["ev_kind"].get(ev.kind, ev.kind)
        what = i18n.evidence_what(ev, report, lang)
        props: dict[str, Any] = {"dex": ev.dex, "evidenceKind": ev.kind, "detail": ev.detail}
        if ev.by:
            props["by"] = ev.by
        if ev.sdk:
            props["sdk"] = ev.sdk
        if ev.offset is not None:
            props["offset"] = ev.offset
        return {
            "physicalLocation": {
                "artifactLocation": {"uri": apk_uri, "index": 0},
            },
            "logicalLocations": [
                {
                    "name": i18n.method_name(caller),
                    "fullyQualifiedName": i18n.smali_to_java(caller),
                    "decoratedName": caller,
                    "kind": "function",
                }
            ],
            "message": {"text": f"{kind}{ui['colon']}{what}"},
            "properties": props,
        }


__all__ = ["LEVEL_OF_SEVERITY", "SARIF_VERSION", "SarifRenderer"]

"""`auditor diff`: what changed between two versions of an app, computed on the report model.

Both sides are JSON-contract dicts (`Report.to_dict()`, docs/report-format.md). An APK or a
bundle is scanned first and converted with `to_dict()`; a saved JSON report is loaded and
validated against the report schema. There is one code path, `compute_diff(old, new)`, so
diffing two saved reports gives exactly the diff of the APKs they were made from.

    from auditor.diff import diff_paths
    d = diff_paths("v1.apk", "v2.apk", DiffOptions(policies=["baseline", "cn"]))
    d.worse()      # what got worse, most serious first
    d.to_dict()    # the diff JSON, schema_version "diff-1.0" (docs/diff.md)

The batch form (`diff_dirs`) pairs the apps of two folders by package name and returns a
pandas table, one row per package.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.errors import AuditorError
from auditor.model import SEVERITIES, STRENGTHS

if TYPE_CHECKING:  # pandas is imported only by the batch form
    import pandas as pd

DIFF_SCHEMA_VERSION = "diff-1.0"

#: A saved JSON report larger than this is refused (a real report is a few MB at most).
MAX_REPORT_BYTES = 256 * 1024 * 1024
#: How a file that is a ZIP (APK, bundle) starts.
_ZIP_MAGIC = b"PK"

# ---------------------------------------------------------------- ranks of "got worse"
# Lower rank = shown first. The order is the one a reviewer needs: serious new findings, data
# newly taken in code, a different signer, a new packer, new SDKs, new cleartext endpoints,
# permissions, then the rest. "Got better" mirrors it.
RANK_FINDING_SERIOUS = 0  # critical, then high (severity breaks the tie)
RANK_CATEGORY_COLLECTED = 10
RANK_SIGNER = 20
RANK_PACKER = 30
RANK_SDK = 40
RANK_CLEARTEXT = 50
RANK_PERMISSION = 60
RANK_CATEGORY_DECLARED = 70
RANK_FINDING_OTHER = 80  # medium, low, info
RANK_ENDPOINT = 90  # https endpoints: neither worse nor better, listed as "other"


def severity_rank(severity: str | None) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def _strength_rank(strength: str | None) -> int:
    return STRENGTHS.index(strength) if strength in STRENGTHS else -1


# ---------------------------------------------------------------- the model


@dataclass
class Side:
    """Identity of one input, and its score over the compared policies."""

    package: str
    label: str | None
    version_name: str | None
    version_code: int | None
    sha256: str
    file: str
    signing_cert_sha256: list[str]
    tool_version: str | None
    policies: list[str]
    complete: bool
    packer: str | None
    score: float
    level: str

    @property
    def version(self) -> str:
        """`1.1 (11)`, or whatever part is known."""
        name, code = self.version_name, self.version_code
        if name and code is not None:
            return f"{name} ({code})"
        if name:
            return name
        return f"({code})" if code is not None else "?"

    def to_dict(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "label": self.label,
            "version_name": self.version_name,
            "version_code": self.version_code,
            "sha256": self.sha256,
            "file": self.file,
            "signing_cert_sha256": list(self.signing_cert_sha256),
            "tool_version": self.tool_version,
            "policies": list(self.policies),
            "complete": self.complete,
            "packer": self.packer,
            "score": self.score,
            "level": self.level,
        }


@dataclass
class PermissionChange:
    name: str
    protection_level: str
    dangerous: bool
    categories: list[str]
    meaning: dict[str, str] | None = None

    @property
    def short(self) -> str:
        return self.name.replace("android.permission.", "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "protection_level": self.protection_level,
            "dangerous": self.dangerous,
            "categories": list(self.categories),
            "meaning": dict(self.meaning) if self.meaning else None,
        }


@dataclass
class CategoryChange:
    """One data category whose status changed. `by`: `app`, SDK ids, `third_party`."""

    category: str
    declared_old: bool
    declared_new: bool
    in_code_old: bool
    in_code_new: bool
    by_old: list[str]
    by_new: list[str]

    @property
    def newly_declared(self) -> bool:
        return self.declared_new and not self.declared_old

    @property
    def no_longer_declared(self) -> bool:
        return self.declared_old and not self.declared_new

    @property
    def newly_collected(self) -> bool:
        return self.in_code_new and not self.in_code_old

    @property
    def no_longer_collected(self) -> bool:
        return self.in_code_old and not self.in_code_new

    @property
    def by_added(self) -> list[str]:
        return [b for b in self.by_new if b not in self.by_old]

    @property
    def by_removed(self) -> list[str]:
        return [b for b in self.by_old if b not in self.by_new]

    @property
    def collectors_added(self) -> list[str]:
        """New collectors of a category that was already collected."""
        return self.by_added if self.in_code_old and self.in_code_new else []

    @property
    def collectors_removed(self) -> list[str]:
        return self.by_removed if self.in_code_old and self.in_code_new else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "declared": {"old": self.declared_old, "new": self.declared_new},
            "in_code": {"old": self.in_code_old, "new": self.in_code_new},
            "by": {
                "old": list(self.by_old),
                "new": list(self.by_new),
                "added": self.by_added,
                "removed": self.by_removed,
            },
        }


@dataclass
class SdkChange:
    id: str
    name: str
    vendor: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "vendor": self.vendor, "kind": self.kind}


@dataclass
class FindingChange:
    """A finding that appeared or was resolved; for `changed`, old_* hold the old values."""

    rule_id: str
    policy: str
    severity: str
    strength: str
    title: dict[str, str]
    categories: list[str]
    old_severity: str | None = None
    old_strength: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.policy, self.rule_id)

    @property
    def got_worse(self) -> bool:
        """For a changed finding: higher severity, or the same severity on stronger evidence."""
        new = (severity_rank(self.severity), _strength_rank(self.strength))
        old = (severity_rank(self.old_severity), _strength_rank(self.old_strength))
        return new > old

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule_id": self.rule_id,
            "policy": self.policy,
            "severity": self.severity,
            "strength": self.strength,
            "title": dict(self.title),
            "categories": list(self.categories),
        }
        if self.old_severity is not None or self.old_strength is not None:
            data["old_severity"] = self.old_severity
            data["old_strength"] = self.old_strength
        return data


@dataclass
class EndpointChange:
    url: str
    host: str
    cleartext: bool
    ip_literal: bool
    by: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "host": self.host,
            "cleartext": self.cleartext,
            "ip_literal": self.ip_literal,
            "by": self.by,
        }


@dataclass(frozen=True)
class DiffWarning:
    """Something the reader must know to trust the diff, in English and Chinese."""

    code: str  # package_differs | signer_changed | policies_differ | policy_missing |
    #            incomplete | tool_versions_differ | version_not_newer
    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "zh": self.zh}


@dataclass
class Change:
    """One line of "got worse" / "got better" / "other changes", pointing at its detail."""

    direction: str  # worse | better | other
    kind: str
    rank: int
    ref: Any = None  # the PermissionChange / CategoryChange / ... it describes

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        ref = self.ref
        if isinstance(ref, FindingChange):
            data.update(key=ref.rule_id, policy=ref.policy, severity=ref.severity)
        elif isinstance(ref, CategoryChange):
            data["key"] = ref.category
            if self.kind in ("category_collected", "category_collector_added"):
                data["by"] = ref.by_new if self.kind == "category_collected" else ref.by_added
            elif self.kind in ("category_not_collected", "category_collector_removed"):
                data["by"] = ref.by_old if self.kind == "category_not_collected" else ref.by_removed
        elif isinstance(ref, SdkChange):
            data["key"] = ref.id
        elif isinstance(ref, EndpointChange):
            data["key"] = ref.url
        elif isinstance(ref, PermissionChange):
            data.update(key=ref.name, dangerous=ref.dangerous)
        elif isinstance(ref, tuple):  # packer (old, new)
            data.update(old=ref[0], new=ref[1])
        return data


@dataclass
class ReportDiff:
    old: Side
    new: Side
    policies_compared: list[str]
    score_recomputed: bool
    permissions_added: list[PermissionChange] = field(default_factory=list)
    permissions_removed: list[PermissionChange] = field(default_factory=list)
    categories: list[CategoryChange] = field(default_factory=list)
    sdks_added: list[SdkChange] = field(default_factory=list)
    sdks_removed: list[SdkChange] = field(default_factory=list)
    findings_new: list[FindingChange] = field(default_factory=list)
    findings_resolved: list[FindingChange] = field(default_factory=list)
    findings_changed: list[FindingChange] = field(default_factory=list)
    endpoints_added: list[EndpointChange] = field(default_factory=list)
    endpoints_removed: list[EndpointChange] = field(default_factory=list)
    warnings: list[DiffWarning] = field(default_factory=list)
    #: SDK id -> name, from both reports (for readable "by" lists; not part of the JSON)
    sdk_names: dict[str, str] = field(default_factory=dict)

    # ---- identity
    @property
    def same_package(self) -> bool:
        return self.old.package == self.new.package

    @property
    def version_changed(self) -> bool:
        return (self.old.version_name, self.old.version_code) != (
            self.new.version_name,
            self.new.version_code,
        )

    @property
    def signer_changed(self) -> bool:
        return set(self.old.signing_cert_sha256) != set(self.new.signing_cert_sha256)

    @property
    def packer_appeared(self) -> bool:
        return self.old.packer is None and self.new.packer is not None

    @property
    def packer_disappeared(self) -> bool:
        return self.old.packer is not None and self.new.packer is None

    @property
    def packer_changed(self) -> bool:
        return self.old.packer != self.new.packer

    @property
    def score_delta(self) -> float:
        return round(self.new.score - self.old.score, 1)

    # ---- category views
    @property
    def newly_collected(self) -> list[CategoryChange]:
        return [c for c in self.categories if c.newly_collected]

    @property
    def newly_declared(self) -> list[CategoryChange]:
        return [c for c in self.categories if c.newly_declared]

    # ---- ordered changes
    def changes(self) -> list[Change]:
        """Every change, each with a direction and a rank; sorted by `worse()` etc."""
        out: list[Change] = []
        for f in self.findings_new:
            out.append(Change("worse", "finding_new", _finding_rank(f.severity), f))
        for f in self.findings_changed:
            if f.got_worse:
                out.append(Change("worse", "finding_worse", _finding_rank(f.severity) + 1, f))
            else:
                rank = _finding_rank(f.old_severity) + 1
                out.append(Change("better", "finding_better", rank, f))
        for f in self.findings_resolved:
            out.append(Change("better", "finding_resolved", _finding_rank(f.severity), f))
        for c in self.categories:
            if c.newly_collected:
                out.append(Change("worse", "category_collected", RANK_CATEGORY_COLLECTED, c))
            if c.collectors_added:
                out.append(
                    Change("worse", "category_collector_added", RANK_CATEGORY_COLLECTED + 1, c)
                )
            if c.no_longer_collected:
                out.append(Change("better", "category_not_collected", RANK_CATEGORY_COLLECTED, c))
            if c.collectors_removed:
                out.append(
                    Change("better", "category_collector_removed", RANK_CATEGORY_COLLECTED + 1, c)
                )
            if c.newly_declared:
                out.append(Change("worse", "category_declared", RANK_CATEGORY_DECLARED, c))
            if c.no_longer_declared:
                out.append(Change("better", "category_not_declared", RANK_CATEGORY_DECLARED, c))
        if self.signer_changed:
            out.append(Change("worse", "signer_changed", RANK_SIGNER, None))
        if self.packer_changed:
            packers = (self.old.packer, self.new.packer)
            if self.packer_disappeared:
                out.append(Change("better", "packer_disappeared", RANK_PACKER, packers))
            else:
                kind = "packer_appeared" if self.packer_appeared else "packer_changed"
                out.append(Change("worse", kind, RANK_PACKER, packers))
        for s in self.sdks_added:
            out.append(Change("worse", "sdk_added", RANK_SDK, s))
        for s in self.sdks_removed:
            out.append(Change("better", "sdk_removed", RANK_SDK, s))
        for e in self.endpoints_added:
            if e.cleartext:
                out.append(Change("worse", "cleartext_endpoint_added", RANK_CLEARTEXT, e))
            else:
                out.append(Change("other", "endpoint_added", RANK_ENDPOINT, e))
        for e in self.endpoints_removed:
            if e.cleartext:
                out.append(Change("better", "cleartext_endpoint_removed", RANK_CLEARTEXT, e))
            else:
                out.append(Change("other", "endpoint_removed", RANK_ENDPOINT + 1, e))
        for p in self.permissions_added:
            out.append(Change("worse", "permission_added", RANK_PERMISSION + (not p.dangerous), p))
        for p in self.permissions_removed:
            out.append(
                Change("better", "permission_removed", RANK_PERMISSION + (not p.dangerous), p)
            )
        # stable: ties keep the order of the lists, which are sorted already
        return sorted(out, key=lambda c: c.rank)

    def worse(self) -> list[Change]:
        return [c for c in self.changes() if c.direction == "worse"]

    def better(self) -> list[Change]:
        return [c for c in self.changes() if c.direction == "better"]

    def other(self) -> list[Change]:
        return [c for c in self.changes() if c.direction == "other"]

    @property
    def is_empty(self) -> bool:
        """Nothing changed: same app, same version, same signer, same findings and data."""
        return (
            not self.changes()
            and self.same_package
            and not self.version_changed
            and self.old.score == self.new.score
        )

    def new_findings_at_or_above(self, severity: str) -> list[FindingChange]:
        floor = severity_rank(severity)
        return [f for f in self.findings_new if severity_rank(f.severity) >= floor]

    def to_dict(self) -> dict[str, Any]:
        changes = self.changes()
        return {
            "schema_version": DIFF_SCHEMA_VERSION,
            "tool": {"name": "auditor", "version": __version__},
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "is_empty": self.is_empty,
            "same_package": self.same_package,
            "version_changed": self.version_changed,
            "signer_changed": self.signer_changed,
            "packer": {
                "old": self.old.packer,
                "new": self.new.packer,
                "appeared": self.packer_appeared,
                "disappeared": self.packer_disappeared,
            },
            "policies_compared": list(self.policies_compared),
            "score": {
                "old": self.old.score,
                "new": self.new.score,
                "delta": self.score_delta,
                "old_level": self.old.level,
                "new_level": self.new.level,
                "recomputed": self.score_recomputed,
            },
            "permissions": {
                "added": [p.to_dict() for p in self.permissions_added],
                "removed": [p.to_dict() for p in self.permissions_removed],
            },
            "categories": [c.to_dict() for c in self.categories],
            "sdks": {
                "added": [s.to_dict() for s in self.sdks_added],
                "removed": [s.to_dict() for s in self.sdks_removed],
            },
            "findings": {
                "new": [f.to_dict() for f in self.findings_new],
                "resolved": [f.to_dict() for f in self.findings_resolved],
                "changed": [f.to_dict() for f in self.findings_changed],
            },
            "endpoints": {
                "added": [e.to_dict() for e in self.endpoints_added],
                "removed": [e.to_dict() for e in self.endpoints_removed],
            },
            "got_worse": [c.to_dict() for c in changes if c.direction == "worse"],
            "got_better": [c.to_dict() for c in changes if c.direction == "better"],
            "other_changes": [c.to_dict() for c in changes if c.direction == "other"],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _finding_rank(severity: str | None) -> int:
    """critical 0, high 2 (RANK_FINDING_SERIOUS); medium 80, low 82, info 84."""
    sev = severity_rank(severity)
    if sev >= severity_rank("high"):
        return RANK_FINDING_SERIOUS + 2 * (severity_rank("critical") - sev)
    return RANK_FINDING_OTHER + 2 * (severity_rank("medium") - sev)


# ---------------------------------------------------------------- computation


def _side(report: dict[str, Any], score: float | None = None, level: str | None = None) -> Side:
    """One side's identity; `score`/`level` replace the report's when they were recomputed."""
    app = report.get("app") or {}
    reported = report.get("score") or {}
    return Side(
        package=str(app.get("package") or ""),
        label=app.get("label"),
        version_name=app.get("version_name"),
        version_code=app.get("version_code"),
        sha256=str(app.get("sha256") or ""),
        file=str(app.get("file") or ""),
        signing_cert_sha256=sorted(app.get("signing_cert_sha256") or []),
        tool_version=(report.get("tool") or {}).get("version"),
        policies=report_policies(report),
        complete=bool(report.get("complete", True)),
        packer=report.get("packer"),
        score=float(reported.get("value", 0.0)) if score is None else score,
        level=str(reported.get("level", "low")) if level is None else level,
    )


def _perm(p: dict[str, Any]) -> PermissionChange:
    return PermissionChange(
        name=p["name"],
        protection_level=str(p.get("protection_level") or "unknown"),
        dangerous=bool(p.get("dangerous")),
        categories=list(p.get("categories") or []),
        meaning=p.get("meaning"),
    )


def _perm_sort(p: PermissionChange) -> tuple[bool, str]:
    return (not p.dangerous, p.name)


def _finding(f: dict[str, Any], old: dict[str, Any] | None = None) -> FindingChange:
    return FindingChange(
        rule_id=f["rule_id"],
        policy=f["policy"],
        severity=f["severity"],
        strength=str(f.get("strength") or ""),
        title=dict(f.get("title") or {}),
        categories=list(f.get("categories") or []),
        old_severity=old["severity"] if old else None,
        old_strength=str(old.get("strength") or "") if old else None,
    )


def _finding_sort(f: FindingChange) -> tuple[int, str, str]:
    return (-severity_rank(f.severity), f.policy, f.rule_id)


def _endpoint(e: dict[str, Any]) -> EndpointChange:
    return EndpointChange(
        url=e["url"],
        host=str(e.get("host") or ""),
        cleartext=bool(e.get("cleartext")),
        ip_literal=bool(e.get("ip_literal")),
        by=e.get("by"),
    )


def _sdk(s: dict[str, Any]) -> SdkChange:
    return SdkChange(
        id=s["id"],
        name=str(s.get("name") or s["id"]),
        vendor=str(s.get("vendor") or ""),
        kind=str(s.get("kind") or ""),
    )


def _score_over(findings: list[dict[str, Any]]) -> tuple[float, str]:
    """The report score recomputed from finding dicts (auditor.policy.scoring)."""
    from auditor.policy.scoring import compute_score

    items = [
        SimpleNamespace(
            rule_id=f["rule_id"],
            severity=f["severity"],
            strength=f.get("strength") or "declared",
            weight=float(f.get("weight") or 0.0),
            categories=list(f.get("categories") or []),
        )
        for f in findings
    ]
    score = compute_score(items)  # type: ignore[arg-type]
    return score.value, score.level


def report_policies(report: dict[str, Any]) -> list[str]:
    """The packs a report was made with; older reports without `policies` give them
    through their verdicts or findings."""
    if report.get("policies"):
        return list(report["policies"])
    seen: list[str] = []
    for item in list(report.get("verdicts") or []) + list(report.get("findings") or []):
        pid = item.get("policy")
        if pid and pid not in seen:
            seen.append(pid)
    return seen


def _policy_list(values: list[str]) -> str:
    return ", ".join(values) if values else "-"


def compute_diff(
    old: dict[str, Any], new: dict[str, Any], policies: list[str] | None = None
) -> ReportDiff:
    """The diff of two reports in the JSON contract. `policies`, when given, limits the
    comparison of findings to those packs (it is what the user asked for with --policy)."""
    warnings: list[DiffWarning] = []
    old_pol = report_policies(old)
    new_pol = report_policies(new)
    compared = [p for p in new_pol if p in old_pol]
    if policies:
        for side_name, side_pol, zh_side in (("old", old_pol, "旧"), ("new", new_pol, "新")):
            missing = [p for p in policies if p not in side_pol]
            if missing:
                warnings.append(
                    DiffWarning(
                        "policy_missing",
                        f"the {side_name} report was made without policy "
                        f"{_policy_list(missing)}: its findings cannot be compared",
                        f"{zh_side}报告生成时没有使用规则 {_policy_list(missing)}，"
                        "无法比较这部分问题",
                    )
                )
        compared = [p for p in compared if p in policies]
    if set(old_pol) != set(new_pol):
        warnings.append(
            DiffWarning(
                "policies_differ",
                f"the two reports were made with different policies (old: "
                f"{_policy_list(old_pol)}; new: {_policy_list(new_pol)}); only the findings "
                f"of {_policy_list(compared)} are compared, and the scores are recomputed "
                "over them",
                f"两份报告使用的规则不同（旧：{_policy_list(old_pol)}；新："
                f"{_policy_list(new_pol)}），只比较 {_policy_list(compared)} 的问题，"
                "风险分也只按这些规则重新计算",
            )
        )

    old_f = [f for f in old.get("findings") or [] if f.get("policy") in compared]
    new_f = [f for f in new.get("findings") or [] if f.get("policy") in compared]
    recompute = set(compared) != set(old_pol) or set(compared) != set(new_pol)
    if recompute:
        old_score, old_level = _score_over(old_f)
        new_score, new_level = _score_over(new_f)
        old_side = _side(old, old_score, old_level)
        new_side = _side(new, new_score, new_level)
    else:
        old_side = _side(old)
        new_side = _side(new)

    d = ReportDiff(
        old=old_side, new=new_side, policies_compared=compared, score_recomputed=recompute
    )

    # permissions
    old_p = {p["name"]: p for p in old.get("permissions") or []}
    new_p = {p["name"]: p for p in new.get("permissions") or []}
    d.permissions_added = sorted(
        (_perm(p) for n, p in new_p.items() if n not in old_p), key=_perm_sort
    )
    d.permissions_removed = sorted(
        (_perm(p) for n, p in old_p.items() if n not in new_p), key=_perm_sort
    )

    # categories, in the report's (contract) order
    old_c = old.get("categories") or {}
    new_c = new.get("categories") or {}
    order = list(new_c) + [c for c in old_c if c not in new_c]
    for cid in order:
        o = old_c.get(cid) or {}
        n = new_c.get(cid) or {}
        change = CategoryChange(
            category=cid,
            declared_old=bool(o.get("declared")),
            declared_new=bool(n.get("declared")),
            in_code_old=bool(o.get("in_code")),
            in_code_new=bool(n.get("in_code")),
            by_old=list(o.get("by") or []),
            by_new=list(n.get("by") or []),
        )
        if (
            change.declared_old != change.declared_new
            or change.in_code_old != change.in_code_new
            or (
                change.in_code_new
                and change.in_code_old
                and set(change.by_old) != set(change.by_new)
            )
        ):
            d.categories.append(change)

    # SDKs
    old_s = {s["id"]: s for s in old.get("sdks") or []}
    new_s = {s["id"]: s for s in new.get("sdks") or []}
    d.sdk_names = {i: str(s.get("name") or i) for i, s in {**old_s, **new_s}.items()}
    d.sdks_added = [_sdk(new_s[i]) for i in sorted(new_s) if i not in old_s]
    d.sdks_removed = [_sdk(old_s[i]) for i in sorted(old_s) if i not in new_s]

    # findings, per policy, matched by rule id
    old_k = {(f["policy"], f["rule_id"]): f for f in old_f}
    new_k = {(f["policy"], f["rule_id"]): f for f in new_f}
    d.findings_new = sorted(
        (_finding(f) for k, f in new_k.items() if k not in old_k), key=_finding_sort
    )
    d.findings_resolved = sorted(
        (_finding(f) for k, f in old_k.items() if k not in new_k), key=_finding_sort
    )
    d.findings_changed = sorted(
        (
            _finding(f, old_k[k])
            for k, f in new_k.items()
            if k in old_k
            and (f["severity"], f.get("strength"))
            != (old_k[k]["severity"], old_k[k].get("strength"))
        ),
        key=_finding_sort,
    )

    # endpoints, by URL; cleartext first
    old_e = {e["url"]: e for e in old.get("endpoints") or []}
    new_e = {e["url"]: e for e in new.get("endpoints") or []}

    def ep_sort(e: EndpointChange) -> tuple[bool, str]:
        return (not e.cleartext, e.url)

    d.endpoints_added = sorted(
        (_endpoint(e) for u, e in new_e.items() if u not in old_e), key=ep_sort
    )
    d.endpoints_removed = sorted(
        (_endpoint(e) for u, e in old_e.items() if u not in new_e), key=ep_sort
    )

    # warnings about the comparison itself
    if not d.same_package:
        warnings.insert(
            0,
            DiffWarning(
                "package_differs",
                f"these are two different apps ({old_side.package} and {new_side.package}): "
                "the diff compares unrelated packages",
                f"这是两个不同的应用（{old_side.package} 和 {new_side.package}），比较结果没有意义",
            ),
        )
    if d.signer_changed:
        warnings.insert(
            0,
            DiffWarning(
                "signer_changed",
                "the signing certificate changed: the new file is signed with a different key. "
                "Unless the developer rotated its key, it may not come from the same developer "
                "(a repackaged or fake app), and Android will not install it over the old one",
                "签名证书变了：新文件用另一把密钥签名。除非开发者更换过密钥，"
                "它可能不是同一开发者发布的（可能被重新打包或是仿冒应用），"
                "安卓也不会把它当作旧版的更新来安装",
            ),
        )
    oc, nc = old_side.version_code, new_side.version_code
    if d.same_package and oc is not None and nc is not None and nc < oc:
        warnings.append(
            DiffWarning(
                "version_not_newer",
                f'the "new" file has a lower version code ({nc}) than the "old" one ({oc}): '
                "are the two arguments swapped?",
                f"“新”文件的版本号（{nc}）比“旧”文件（{oc}）还低：两个参数是否写反了？",
            )
        )
    incomplete = [
        (side, en, zh)
        for side, en, zh in ((old_side, "old", "旧"), (new_side, "new", "新"))
        if not side.complete
    ]
    if incomplete:
        both = len(incomplete) == 2
        packers = sorted({s.packer for s, _, _ in incomplete if s.packer})
        why = f" (packed with {', '.join(packers)})" if packers else ""
        why_zh = f"（被 {'、'.join(packers)} 加固）" if packers else ""
        which = "both versions" if both else f"the {incomplete[0][1]} version"
        which_zh = "两个版本" if both else f"{incomplete[0][2]}版本"
        warnings.append(
            DiffWarning(
                "incomplete",
                f"the code of {which} could not be fully analysed{why}: "
                "changes seen only in code may be missing",
                f"{which_zh}的代码未能完整分析{why_zh}，只体现在代码里的变化可能没被发现",
            )
        )
    if (
        old_side.tool_version
        and new_side.tool_version
        and (old_side.tool_version != new_side.tool_version)
    ):
        warnings.append(
            DiffWarning(
                "tool_versions_differ",
                f"the reports were made by different auditor versions ({old_side.tool_version}, "
                f"{new_side.tool_version}): some changes may come from the tool, not the app",
                f"两份报告由不同版本的 auditor 生成（{old_side.tool_version}、"
                f"{new_side.tool_version}），部分差异可能来自工具而不是应用",
            )
        )
    d.warnings = warnings
    return d


# ---------------------------------------------------------------- inputs


@dataclass
class DiffOptions:
    policies: list[str] | None = None  # None: a JSON side's policies, else the scan default
    lang: str = "en"
    rules_dirs: tuple[Path, ...] = ()


def _head(path: Path, n: int = 64) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def sniff(path: str | os.PathLike[str]) -> str:
    """`report` when the file's content starts with `{` (a JSON report), else `apk`
    (pipeline.scan decides what kind of archive it is and reports its errors)."""
    p = Path(path)
    if not p.exists():
        raise AuditorError("not_found", "no such file", str(path))
    if not p.is_file():
        raise AuditorError("not_a_file", "not a regular file", str(path))
    try:
        head = _head(p)
    except OSError as exc:
        raise AuditorError("not_found", f"cannot read: {exc.strerror}", str(path)) from exc
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return "report" if text.startswith(b"{") else "apk"


def load_report(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Load a saved JSON report and check it against the report schema."""
    p = Path(path)
    where = str(path)
    if p.stat().st_size > MAX_REPORT_BYTES:
        raise AuditorError(
            "too_large", f"JSON report larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB", where
        )
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise AuditorError("not_an_apk", "not an APK, and not a UTF-8 JSON report", where) from exc
    except json.JSONDecodeError as exc:
        raise AuditorError(
            "not_an_apk",
            f"not an APK, and not valid JSON (line {exc.lineno}: {exc.msg})",
            where,
        ) from exc
    if not isinstance(data, dict) or "schema_version" not in data:
        raise AuditorError(
            "not_an_apk",
            "not an APK, and not an auditor JSON report (no schema_version)",
            where,
        )
    version = str(data.get("schema_version"))
    if not version.startswith("1."):
        raise AuditorError(
            "corrupt",
            f"unsupported report schema_version {version!r} (this auditor reads 1.x"
            + ("; a diff cannot be diffed" if version.startswith("diff-") else "")
            + ")",
            where,
        )
    validate_report_dict(data, where)
    return data


@functools.lru_cache(maxsize=1)
def _report_validator() -> Any:
    import jsonschema

    from auditor.resources import schema_dir

    schema = json.loads((schema_dir() / "report.schema.json").read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def validate_report_dict(data: dict[str, Any], where: str) -> None:
    import jsonschema

    validator = _report_validator()
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        at = "/".join(str(x) for x in error.absolute_path) or "(top level)"
        message = " ".join(error.message.split())
        if len(message) > 160:
            message = message[:157] + "..."
        raise AuditorError(
            "corrupt", f"JSON report does not match the schema at {at}: {message}", where
        )


def scan_to_dict(
    path: str | os.PathLike[str], policies: list[str], options: DiffOptions
) -> dict[str, Any]:
    from auditor.pipeline import ScanOptions, scan

    report = scan(
        path, ScanOptions(policies=list(policies), lang=options.lang, rules_dirs=options.rules_dirs)
    )
    return report.to_dict()


def load_input(
    path: str | os.PathLike[str], policies: list[str], options: DiffOptions
) -> dict[str, Any]:
    """One side of a diff as a JSON-contract dict: a saved report, or a fresh scan."""
    if sniff(path) == "report":
        return load_report(path)
    return scan_to_dict(path, policies, options)


def _scan_policies(options: DiffOptions, reports: list[dict[str, Any]]) -> list[str]:
    if options.policies:
        return list(options.policies)
    for r in reports:  # scan an APK with the policies of the saved report it is compared with
        if report_policies(r):
            return report_policies(r)
    from auditor.pipeline import default_policies

    return default_policies(options.lang)


def check_policies(options: DiffOptions) -> None:
    """Fail fast (bad_rules, exit 5) on an unknown --policy id, even when no APK is scanned."""
    if options.policies:
        from auditor.policy.packs import load_packs

        load_packs(list(options.policies), options.rules_dirs)


def diff_paths(
    old: str | os.PathLike[str], new: str | os.PathLike[str], options: DiffOptions | None = None
) -> ReportDiff:
    options = options or DiffOptions()
    check_policies(options)
    kinds = [sniff(old), sniff(new)]
    loaded = {
        i: load_report(p)
        for i, (p, k) in enumerate(zip((old, new), kinds, strict=True))
        if k == "report"
    }
    policies = _scan_policies(options, list(loaded.values()))
    sides = [
        loaded[i] if i in loaded else scan_to_dict(p, policies, options)
        for i, p in enumerate((old, new))
    ]
    return compute_diff(sides[0], sides[1], options.policies)


# ---------------------------------------------------------------- batch: two folders

BATCH_COLUMNS: tuple[str, ...] = (
    "package",
    "status",
    "old_file",
    "new_file",
    "old_version",
    "new_version",
    "score_old",
    "score_new",
    "level_old",
    "level_new",
    "permissions_added",
    "categories_newly_collected",
    "sdks_added",
    "new_findings",
    "signer_changed",
    "error_code",
    "error",
)
STATUSES = ("changed", "unchanged", "only_old", "only_new", "error")


@dataclass
class Loaded:
    file: Path
    report: dict[str, Any] | None = None
    error: AuditorError | None = None

    @property
    def package(self) -> str:
        return str(((self.report or {}).get("app") or {}).get("package") or "")


@dataclass
class BatchDiff:
    table: pd.DataFrame
    diffs: dict[str, ReportDiff]  # package -> diff, for the paired packages
    notes: list[DiffWarning]  # a package found twice in one folder

    def count(self, status: str) -> int:
        return int((self.table["status"] == status).sum()) if len(self.table) else 0


def candidates(folder: Path) -> list[Path]:
    """The inputs of one folder (not recursive): ZIP archives and JSON files, by content."""
    out = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or not p.is_file():
            continue
        try:
            head = _head(p, 8)
        except OSError:
            out.append(p)  # reported as an error when loaded
            continue
        if head.startswith(_ZIP_MAGIC) or head.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
            out.append(p)
    return out


def _load_folder(
    folder: Path, policies: list[str], options: DiffOptions, notes: list[DiffWarning]
) -> tuple[dict[str, Loaded], list[Loaded]]:
    by_package: dict[str, Loaded] = {}
    errors: list[Loaded] = []
    for path in candidates(folder):
        try:
            item = Loaded(path, load_input(path, policies, options))
        except AuditorError as err:
            if err.code == "bad_rules":
                raise
            errors.append(Loaded(path, error=err))
            continue
        pkg = item.package
        if pkg in by_package:
            keep, drop = by_package[pkg], item
            code = ((item.report or {}).get("app") or {}).get("version_code") or 0
            kept = ((keep.report or {}).get("app") or {}).get("version_code") or 0
            if code > kept:
                keep, drop = item, keep
            notes.append(
                DiffWarning(
                    "duplicate_package",
                    f"{folder}: {pkg} appears more than once; using {keep.file.name} "
                    f"(the higher version code), ignoring {drop.file.name}",
                    f"{folder}：{pkg} 出现了不止一次；使用版本号较高的 {keep.file.name}，"
                    f"忽略 {drop.file.name}",
                )
            )
            by_package[pkg] = keep
        else:
            by_package[pkg] = item
    return by_package, errors


def _version(report: dict[str, Any] | None) -> str | None:
    if report is None:
        return None
    app = report.get("app") or {}
    name, code = app.get("version_name"), app.get("version_code")
    if name and code is not None:
        return f"{name} ({code})"
    return name or (str(code) if code is not None else None)


def _empty_row(package: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS)
    row["package"] = package
    return row


def _side_row(row: dict[str, Any], prefix: str, item: Loaded) -> None:
    rep = item.report or {}
    score = rep.get("score") or {}
    row[f"{prefix}_file"] = str(item.file)
    row[f"{prefix}_version"] = _version(rep)
    row[f"score_{prefix}"] = score.get("value")
    row[f"level_{prefix}"] = score.get("level")


def diff_dirs(
    old_dir: str | os.PathLike[str],
    new_dir: str | os.PathLike[str],
    options: DiffOptions | None = None,
) -> BatchDiff:
    """Scan (or load) every input of both folders, pair by package, diff each pair."""
    import pandas as pd

    options = options or DiffOptions()
    check_policies(options)
    notes: list[DiffWarning] = []
    policies = _scan_policies(options, [])
    old_map, old_err = _load_folder(Path(old_dir), policies, options, notes)
    new_map, new_err = _load_folder(Path(new_dir), policies, options, notes)
    rows: list[dict[str, Any]] = []
    diffs: dict[str, ReportDiff] = {}
    for pkg in sorted(set(old_map) | set(new_map)):
        row = _empty_row(pkg)
        o, n = old_map.get(pkg), new_map.get(pkg)
        if o is not None:
            _side_row(row, "old", o)
        if n is not None:
            _side_row(row, "new", n)
        if o is None or n is None:
            row["status"] = "only_new" if o is None else "only_old"
            rows.append(row)
            continue
        d = compute_diff(o.report or {}, n.report or {}, options.policies)
        diffs[pkg] = d
        row.update(
            score_old=d.old.score,
            score_new=d.new.score,
            level_old=d.old.level,
            level_new=d.new.level,
            permissions_added=";".join(p.name for p in d.permissions_added),
            categories_newly_collected=";".join(
                f"{c.category}({'+'.join(c.by_new)})" if c.by_new else c.category
                for c in d.newly_collected
            ),
            sdks_added=";".join(s.id for s in d.sdks_added),
            new_findings=len(d.findings_new),
            signer_changed=d.signer_changed,
            status="unchanged" if d.is_empty else "changed",
        )
        rows.append(row)
    for side, errs in (("old", old_err), ("new", new_err)):
        for item in errs:
            row = _empty_row("")
            row[f"{side}_file"] = str(item.file)
            row["status"] = "error"
            assert item.error is not None
            row["error_code"] = item.error.code
            row["error"] = item.error.message
            rows.append(row)
    table = pd.DataFrame(rows, columns=list(BATCH_COLUMNS))
    table["new_findings"] = table["new_findings"].astype("Int64")
    table["signer_changed"] = table["signer_changed"].astype("boolean")
    return BatchDiff(table=table, diffs=diffs, notes=notes)


__all__ = [
    "BATCH_COLUMNS",
    "DIFF_SCHEMA_VERSION",
    "BatchDiff",
    "CategoryChange",
    "Change",
    "DiffOptions",
    "DiffWarning",
    "EndpointChange",
    "FindingChange",
    "PermissionChange",
    "ReportDiff",
    "SdkChange",
    "Side",
    "compute_diff",
    "diff_dirs",
    "diff_paths",
    "load_input",
    "load_report",
    "sniff",
]

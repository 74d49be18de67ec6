"""The diff's data model: what changed between two reports, and how serious each change is.

`compute.compute_diff` fills it; `render` formats it; `to_dict()` is the diff JSON
(schema_version "diff-1.0", docs/diff.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor import __version__
from auditor.model import SEVERITIES, STRENGTHS, Text

DIFF_SCHEMA_VERSION = "diff-1.0"

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
    #: SDK id -> name and vendor in every language the reports give, from both reports
    #: (for readable "by" lists; not part of the JSON)
    sdk_names: dict[str, Text] = field(default_factory=dict)
    sdk_vendors: dict[str, Text] = field(default_factory=dict)
    #: category id -> display name, from the reports (not part of the JSON)
    category_names: dict[str, Text] = field(default_factory=dict)
    #: policy pack id -> its name, from the reports' verdicts (not part of the JSON)
    policy_names: dict[str, Text] = field(default_factory=dict)
    #: packer name (as `Side.packer` holds it) -> its name in every language (not in the JSON)
    packer_names: dict[str, Text] = field(default_factory=dict)

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
        out = [*self._finding_changes(), *self._category_changes(), *self._app_changes()]
        # stable: ties keep the order of the lists, which are sorted already
        return sorted(out, key=lambda c: c.rank)

    def _finding_changes(self) -> list[Change]:
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
        return out

    def _category_changes(self) -> list[Change]:
        out: list[Change] = []
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
        return out

    def _app_changes(self) -> list[Change]:
        """Signer, packer, SDKs, endpoints and permissions."""
        out: list[Change] = []
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
        return out

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

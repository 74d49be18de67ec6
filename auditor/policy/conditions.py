"""The `when:` condition language of policy rules: parse once, evaluate per app.

A condition is a mapping with exactly one key: a combinator (`all`, `any`, `not`) or a leaf
(see LEAVES and docs/rules.md). Evaluating returns None when false, or the evidence that
made it true (possibly empty, e.g. for `target_sdk`), so a finding can show its proof.

Pack files are checked against auditor/policy/pack.schema.json before they get here; the
checks below stay because `parse_condition` is also called on plain Python data (tests, the
Python API), and they carry the cross-field rules the schema leaves out. The vocabularies
(CATEGORIES, EVIDENCE_KINDS, SDK_KINDS, COLLECTORS, ...) are the ones the schema's enums are
tested against (tests/test_schemas.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditor.catalogue.knowledge import LIBRARY_KINDS
from auditor.model import (
    CATEGORIES,
    COLLECTING_STRENGTHS,
    EVIDENCE_KINDS,
    SDK_KINDS,
    AppInfo,
    Evidence,
    OtherAppAccess,
    Permission,
    PermissionRequest,
    Sdk,
    SnsUse,
)

Matched = list[Evidence] | None

COMBINATORS = ("all", "any", "not")
#: Every leaf kind, in the order the "unknown condition" message lists them.
LEAVES = (
    "permission",
    "permission_on_sdk",
    "declared",
    "collected",
    "collected_by",
    "evidence",
    "sdk",
    "packer",
    "tampering",
    "target_sdk",
    "min_sdk",
    "manifest",
    "permission_request",
    "sns",
)
#: Who collected: the app's own code, a catalogued SDK, or code that is neither.
COLLECTORS = ("app", "sdk", "third_party")
REQUEST_FLAGS = ("bundled", "at_startup", "blocks_on_denial")
MANIFEST_FACTS = ("uses_cleartext_traffic", "debuggable", "allow_backup")
COMPARATORS: dict[str, Callable[[int, int], bool]] = {
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "eq": lambda a, b: a == b,
}


@dataclass
class Facts:
    """What the rules can see about one app (built from the report in progress)."""

    app: AppInfo
    permissions: list[Permission]
    evidence: list[Evidence]
    sdks: list[Sdk]
    packer: str | None
    permission_requests: list[PermissionRequest] = field(default_factory=list)
    sns: list[SnsUse] = field(default_factory=list)
    other_app_data: list[OtherAppAccess] = field(default_factory=list)
    #: tampering notes that are anti-analysis signals (a plain archive comment is not one)
    tampering: list[str] = field(default_factory=list)
    _perm_evidence: dict[str, list[Evidence]] = field(default_factory=dict)

    _libraries: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for ev in self.evidence:
            if ev.kind == "permission":
                self._perm_evidence.setdefault(ev.detail, []).append(ev)
        self._libraries = {s.id for s in self.sdks if s.kind in LIBRARY_KINDS}

    def is_library(self, sdk: str | None) -> bool:
        """A library (AndroidX, an image loader...) runs only when called: a read in it that
        counts was reached from the app, so it is the app's collection, not an SDK's."""
        return sdk is not None and sdk in self._libraries

    def permission_evidence(self, name: str) -> list[Evidence]:
        return self._perm_evidence.get(name, [])


class ConditionError(ValueError):
    """A malformed condition; `path` says where inside the rule's `when`."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class Condition:
    def evaluate(self, facts: Facts) -> Matched:  # pragma: no cover - interface
        raise NotImplementedError


def _names(value: Any, path: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise ConditionError("expected a name or a non-empty list of names", path)
    if allowed is not None:
        bad = [i for i in items if i not in allowed]
        if bad:
            raise ConditionError(f"unknown value(s) {bad}; allowed: {', '.join(allowed)}", path)
    return tuple(items)


def _mapping(
    value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConditionError("expected a mapping", path)
    keys = set(value)
    missing = [k for k in required if k not in keys]
    extra = keys - set(required) - set(optional)
    if missing:
        raise ConditionError(f"missing key(s) {missing}", path)
    if extra:
        raise ConditionError(f"unknown key(s) {sorted(extra)}", path)
    return value


@dataclass
class All(Condition):
    parts: list[Condition]

    def evaluate(self, facts: Facts) -> Matched:
        found: list[Evidence] = []
        for part in self.parts:
            got = part.evaluate(facts)
            if got is None:
                return None
            found.extend(got)
        return found


@dataclass
class Any_(Condition):
    parts: list[Condition]

    def evaluate(self, facts: Facts) -> Matched:
        found: list[Evidence] | None = None
        for part in self.parts:
            got = part.evaluate(facts)
            if got is not None:
                found = (found or []) + got
        return found


@dataclass
class Not(Condition):
    part: Condition

    def evaluate(self, facts: Facts) -> Matched:
        return [] if self.part.evaluate(facts) is None else None


@dataclass
class PermissionLeaf(Condition):
    names: tuple[str, ...]
    on_sdk: int | None = None

    def evaluate(self, facts: Facts) -> Matched:
        wanted = set(self.names)
        hits = [
            p
            for p in facts.permissions
            if p.name in wanted and (self.on_sdk is None or p.effective_on(self.on_sdk))
        ]
        if not hits:
            return None
        return [ev for p in hits for ev in facts.permission_evidence(p.name)]


@dataclass
class DeclaredLeaf(Condition):
    categories: tuple[str, ...]

    def evaluate(self, facts: Facts) -> Matched:
        found = [
            ev
            for ev in facts.evidence
            if ev.kind == "permission" and ev.category in self.categories
        ]
        return found or None


@dataclass
class CollectedLeaf(Condition):
    categories: tuple[str, ...]
    by: str | None = None  # app | sdk | third_party

    def evaluate(self, facts: Facts) -> Matched:
        found = [
            ev
            for ev in facts.evidence
            if ev.category in self.categories
            and ev.strength in COLLECTING_STRENGTHS
            and _by_matches(ev, self.by, facts)
        ]
        return found or None


def _by_matches(ev: Evidence, by: str | None, facts: Facts) -> bool:
    if by is None:
        return True
    if by == "sdk":
        return ev.sdk is not None and not facts.is_library(ev.sdk)
    if by == "app":
        return ev.by == "app" or facts.is_library(ev.sdk)
    return ev.by == by


@dataclass
class EvidenceLeaf(Condition):
    kinds: tuple[str, ...]
    categories: tuple[str, ...] | None
    by: str | None = None

    def evaluate(self, facts: Facts) -> Matched:
        found = [
            ev
            for ev in facts.evidence
            if ev.kind in self.kinds
            and (self.categories is None or ev.category in self.categories)
            and _by_matches(ev, self.by, facts)
        ]
        return found or None


@dataclass
class SdkLeaf(Condition):
    kinds: tuple[str, ...]

    def evaluate(self, facts: Facts) -> Matched:
        ids = {s.id for s in facts.sdks if s.kind in self.kinds}
        if not ids:
            return None
        return [ev for ev in facts.evidence if ev.kind == "sdk" and ev.sdk in ids]


@dataclass
class PackerLeaf(Condition):
    packed: bool

    def evaluate(self, facts: Facts) -> Matched:
        return [] if (facts.packer is not None) == self.packed else None


@dataclass
class TamperingLeaf(Condition):
    tampered: bool

    def evaluate(self, facts: Facts) -> Matched:
        return [] if bool(facts.tampering) == self.tampered else None


@dataclass
class SdkLevelLeaf(Condition):
    attribute: str  # target_sdk | min_sdk
    checks: tuple[tuple[str, int], ...]

    def evaluate(self, facts: Facts) -> Matched:
        value = getattr(facts.app, self.attribute)
        if value is None:
            return None
        return [] if all(COMPARATORS[op](value, n) for op, n in self.checks) else None


@dataclass
class ManifestLeaf(Condition):
    expected: tuple[tuple[str, Any], ...]

    def evaluate(self, facts: Facts) -> Matched:
        ok = all(getattr(facts.app, key) == value for key, value in self.expected)
        return [] if ok else None


@dataclass
class PermissionRequestLeaf(Condition):
    """Runtime permission requests with all the wanted properties."""

    wanted: tuple[tuple[str, Any], ...]

    def evaluate(self, facts: Facts) -> Matched:
        from auditor.analysis.requests import requests_matching

        hits = requests_matching(facts.permission_requests, **dict(self.wanted))
        if not hits:
            return None
        callers = {r.caller for r in hits}
        return [e for e in facts.evidence if e.kind == "permission_request" and e.caller in callers]


@dataclass
class SnsLeaf(Condition):
    """Social-graph harvesting: a social SDK called by code outside it (optionally on given
    networks, optionally with authorisation scopes), or code aimed at other apps' data."""

    networks: tuple[str, ...] | None
    scopes: bool | None
    other_app_data: bool | None

    def evaluate(self, facts: Facts) -> Matched:
        found: list[Evidence] = []
        if self.other_app_data:
            callers = {o.caller for o in facts.other_app_data}
            found = [e for e in facts.evidence if e.category == "sns" and e.caller in callers]
            return found or None
        uses = [
            u
            for u in facts.sns
            if (self.networks is None or u.network in self.networks)
            and (not self.scopes or u.scopes)
        ]
        if not uses:
            return None
        callers = {c for u in uses for c in u.callers}
        found = [e for e in facts.evidence if e.category == "sns" and e.caller in callers]
        return found



def parse_condition(raw: Any, path: str = "when") -> Condition:
    """Build a Condition tree from YAML data, or raise ConditionError naming the spot."""
    if not isinstance(raw, dict):
        raise ConditionError("a condition must be a mapping with one key", path)
    keys = list(raw)
    if len(keys) != 1:
        raise ConditionError(f"a condition has exactly one key, got {keys}", path)
    key = keys[0]
    value = raw[key]
    here = f"{path}.{key}"
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError("expected a non-empty list of conditions", here)
        parts = [parse_condition(v, f"{here}[{i}]") for i, v in enumerate(value)]
        return All(parts) if key == "all" else Any_(parts)
    if key == "not":
        return Not(parse_condition(value, here))
    parse_leaf = _LEAF_PARSERS.get(key)
    if parse_leaf is None:
        raise ConditionError(
            f"unknown condition {key!r}; use {'/'.join(COMBINATORS)} or one of: {', '.join(LEAVES)}",
            path,
        )
    return parse_leaf(key, value, here)


# ---- one parser per leaf: (leaf name, its value, where it is) -> the leaf


def _parse_permission(key: str, value: Any, here: str) -> Condition:
    return PermissionLeaf(_names(value, here))


def _parse_permission_on_sdk(key: str, value: Any, here: str) -> Condition:
    m = _mapping(value, here, ("names", "sdk"))
    if not isinstance(m["sdk"], int):
        raise ConditionError("sdk must be an integer API level", here)
    return PermissionLeaf(_names(m["names"], here + ".names"), on_sdk=m["sdk"])


def _parse_declared(key: str, value: Any, here: str) -> Condition:
    return DeclaredLeaf(_names(value, here, CATEGORIES))


def _parse_collected(key: str, value: Any, here: str) -> Condition:
    return CollectedLeaf(_names(value, here, CATEGORIES))


def _parse_collected_by(key: str, value: Any, here: str) -> Condition:
    m = _mapping(value, here, ("category", "by"))
    by = _names(m["by"], here + ".by", COLLECTORS)
    if len(by) != 1:
        raise ConditionError("by takes one value", here)
    return CollectedLeaf(_names(m["category"], here + ".category", CATEGORIES), by[0])


def _parse_evidence(key: str, value: Any, here: str) -> Condition:
    m = _mapping(value, here, ("kind",), ("category", "by"))
    cats = _names(m["category"], here + ".category", CATEGORIES) if "category" in m else None
    by = _names(m["by"], here + ".by", COLLECTORS)[0] if "by" in m else None
    return EvidenceLeaf(_names(m["kind"], here + ".kind", EVIDENCE_KINDS), cats, by)


def _parse_sdk(key: str, value: Any, here: str) -> Condition:
    m = _mapping(value, here, ("kind",))
    return SdkLeaf(_names(m["kind"], here + ".kind", SDK_KINDS))


def _parse_permission_request(key: str, value: Any, here: str) -> Condition:
    m = _mapping(value, here, (), (*REQUEST_FLAGS, "min_dangerous"))
    wanted = tuple(m.items())
    for k, v in wanted:
        if k == "min_dangerous" and not isinstance(v, int):
            raise ConditionError("min_dangerous takes an integer", here)
        if k != "min_dangerous" and not isinstance(v, bool):
            raise ConditionError(f"{k} takes true or false", here)
    return PermissionRequestLeaf(wanted)


def _parse_sns(key: str, value: Any, here: str) -> Condition:
    m = _mapping(value, here, (), ("network", "scopes", "other_app_data"))
    nets = _names(m["network"], here + ".network") if "network" in m else None
    flags = {k: m.get(k) for k in ("scopes", "other_app_data")}
    if any(v is not None and not isinstance(v, bool) for v in flags.values()):
        raise ConditionError("scopes and other_app_data take true or false", here)
    if flags["other_app_data"] and (nets or flags["scopes"]):
        raise ConditionError("other_app_data cannot be combined with network or scopes", here)
    return SnsLeaf(nets, flags["scopes"], flags["other_app_data"])


def _parse_packer(key: str, value: Any, here: str) -> Condition:
    if not isinstance(value, bool):
        raise ConditionError("packer takes true or false", here)
    return PackerLeaf(value)


def _parse_tampering(key: str, value: Any, here: str) -> Condition:
    if not isinstance(value, bool):
        raise ConditionError("tampering takes true or false", here)
    return TamperingLeaf(value)


def _parse_sdk_level(key: str, value: Any, here: str) -> Condition:
    """`target_sdk` / `min_sdk`: `key` is the AppInfo attribute compared."""
    m = _mapping(value, here, (), tuple(COMPARATORS))
    checks = tuple(m.items())
    if not checks or not all(isinstance(n, int) for _, n in checks):
        raise ConditionError("expected comparisons like {lt: 30} with integer levels", here)
    return SdkLevelLeaf(key, checks)


def _parse_manifest(key: str, value: Any, here: str) -> Condition:
    m = _mapping(value, here, (), MANIFEST_FACTS)
    expected = tuple(m.items())
    if not expected:
        raise ConditionError(f"name at least one of {MANIFEST_FACTS}", here)
    return ManifestLeaf(expected)


#: Leaf name -> its parser; the keys are exactly LEAVES (tests/test_policy_engine.py).
_LEAF_PARSERS: dict[str, Callable[[str, Any, str], Condition]] = {
    "permission": _parse_permission,
    "permission_on_sdk": _parse_permission_on_sdk,
    "declared": _parse_declared,
    "collected": _parse_collected,
    "collected_by": _parse_collected_by,
    "evidence": _parse_evidence,
    "sdk": _parse_sdk,
    "packer": _parse_packer,
    "tampering": _parse_tampering,
    "target_sdk": _parse_sdk_level,
    "min_sdk": _parse_sdk_level,
    "manifest": _parse_manifest,
    "permission_request": _parse_permission_request,
    "sns": _parse_sns,
}

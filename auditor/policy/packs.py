"""Policy packs: load rules/<id>.yaml, validate every rule, report errors with file:line.

Packs are parsed with the fast C YAML loader; only when a pack is invalid is it parsed a
second time with line tracking, so the error can point at the offending rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.datafiles import load_data, load_yaml, rules_dir
from auditor.errors import RuleError
from auditor.model import CATEGORIES, CITATION_STATUSES, CONFIDENCES, SEVERITIES, Citation, Text
from auditor.policy.conditions import Condition, ConditionError, parse_condition

_RULE_KEYS = ("id", "title", "why", "severity", "categories", "citation", "when", "advice")
_CITATION_KEYS = ("instrument", "issuer", "article", "date", "url", "status", "confidence")


@dataclass(frozen=True)
class Rule:
    id: str
    policy: str
    title: Text
    why: Text
    severity: str
    categories: tuple[str, ...]
    citation: Citation
    when: Condition
    advice_borrower: Text
    advice_developer: Text


@dataclass(frozen=True)
class PolicyPack:
    id: str
    name: Text
    jurisdiction: str
    summary: Text
    rules: tuple[Rule, ...]
    path: str


class _Invalid(Exception):
    def __init__(self, message: str, rule_index: int | None = None) -> None:
        super().__init__(message)
        self.rule_index = rule_index


def _text(value: Any, where: str) -> Text:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("en"), str)
        or not isinstance(value.get("zh"), str)
        or not value["en"].strip()
        or not value["zh"].strip()
    ):
        raise _Invalid(f"{where} needs non-empty en and zh texts")
    # Other languages are optional translations (e.g. `id:` for an Indonesian reader);
    # a reader of a language a rule lacks gets its English.
    others = {
        k: v.strip()
        for k, v in value.items()
        if k not in ("en", "__line__") and isinstance(v, str) and v.strip()
    }
    return Text(value["en"].strip(), **others)


def _check_keys(value: Any, where: str, required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"{where} must be a mapping")
    keys = set(value) - {"__line__"}
    missing = [k for k in required if k not in keys]
    extra = sorted(keys - set(required))
    if missing:
        raise _Invalid(f"{where}: missing {missing}")
    if extra:
        raise _Invalid(f"{where}: unknown key(s) {extra}")
    return value


def _rule(raw: Any, policy_id: str) -> Rule:
    r = _check_keys(raw, "rule", _RULE_KEYS)
    rid = r["id"]
    if not isinstance(rid, str) or not rid.strip():
        raise _Invalid("rule id must be a non-empty string")
    where = f"rule {rid}"
    if r["severity"] not in SEVERITIES:
        raise _Invalid(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    cats = r["categories"]
    if not isinstance(cats, list) or any(c not in CATEGORIES for c in cats):
        raise _Invalid(f"{where}: categories must be a list of {', '.join(CATEGORIES)}")
    c = _check_keys(r["citation"], f"{where} citation", _CITATION_KEYS)
    if c["status"] not in CITATION_STATUSES:
        raise _Invalid(f"{where}: citation.status must be one of {', '.join(CITATION_STATUSES)}")
    if c["confidence"] not in CONFIDENCES:
        raise _Invalid(f"{where}: citation.confidence must be one of {', '.join(CONFIDENCES)}")
    for key in ("instrument", "issuer", "article", "date"):
        if not isinstance(c[key], (str, int)) or not str(c[key]).strip():
            raise _Invalid(f"{where}: citation.{key} must be a non-empty string")
    if c["url"] is not None and not (isinstance(c["url"], str) and c["url"].startswith("http")):
        raise _Invalid(f"{where}: citation.url must be an http(s) URL or null")
    advice = _check_keys(r["advice"], f"{where} advice", ("borrower", "developer"))
    try:
        when = parse_condition(r["when"])
    except ConditionError as exc:
        raise _Invalid(f"{where}: {exc}") from exc
    return Rule(
        id=rid,
        policy=policy_id,
        title=_text(r["title"], f"{where} title"),
        why=_text(r["why"], f"{where} why"),
        severity=r["severity"],
        categories=tuple(cats),
        citation=Citation(
            instrument=str(c["instrument"]),
            issuer=str(c["issuer"]),
            article=str(c["article"]),
            date=str(c["date"]),
            url=c["url"],
            status=c["status"],
            confidence=c["confidence"],
        ),
        when=when,
        advice_borrower=_text(advice["borrower"], f"{where} advice.borrower"),
        advice_developer=_text(advice["developer"], f"{where} advice.developer"),
    )


def _pack(data: Any, path: Path) -> PolicyPack:
    top = _check_keys(data, "pack", ("policy", "rules"))
    p = _check_keys(top["policy"], "policy", ("id", "name", "jurisdiction", "summary"))
    if p["id"] != path.stem:
        raise _Invalid(f"policy.id {p['id']!r} must equal the file name {path.stem!r}")
    if not isinstance(top["rules"], list) or not top["rules"]:
        raise _Invalid("rules must be a non-empty list")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(top["rules"]):
        try:
            rule = _rule(raw, p["id"])
        except _Invalid as exc:
            raise _Invalid(str(exc), i) from exc
        if rule.id in seen:
            raise _Invalid(f"duplicate rule id {rule.id}", i)
        seen.add(rule.id)
        rules.append(rule)
    return PolicyPack(
        id=p["id"],
        name=_text(p["name"], "policy.name"),
        jurisdiction=str(p["jurisdiction"]),
        summary=_text(p["summary"], "policy.summary"),
        rules=tuple(rules),
        path=str(path),
    )


def load_pack(path: Path) -> PolicyPack:
    """Load and validate one pack file, or raise RuleError naming file and line."""
    data = load_data(path)
    try:
        return _pack(data, path)
    except _Invalid as exc:
        raise RuleError(str(exc), str(path), _line_of(path, exc.rule_index)) from exc


def _line_of(path: Path, rule_index: int | None) -> int | None:
    try:
        data = load_yaml(path, lines=True)
        if rule_index is None:
            return 1
        return int(data["rules"][rule_index]["__line__"])
    except Exception:
        return None


def available_packs(extra_dirs: tuple[Path, ...] = ()) -> dict[str, Path]:
    """Pack id -> file, built-in first; a user's --rules-dir may add or override packs."""
    found: dict[str, Path] = {}
    for folder in (rules_dir(), *extra_dirs):
        for path in sorted(Path(folder).glob("*.yaml")):
            found[path.stem] = path
    return found


def load_packs(ids: list[str], extra_dirs: tuple[Path, ...] = ()) -> list[PolicyPack]:
    known = available_packs(extra_dirs)
    missing = [i for i in ids if i not in known]
    if missing:
        raise RuleError(
            f"unknown policy {', '.join(missing)}; available: {', '.join(sorted(known))}"
        )
    packs = [load_pack(known[i]) for i in ids]
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen and seen[rule.id] != pack.id:
                raise RuleError(f"rule id {rule.id} is used by both {seen[rule.id]} and {pack.id}")
            seen[rule.id] = pack.id
    return packs

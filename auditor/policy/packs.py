"""Policy packs: load rules/<id>.yaml, validate every rule, report errors with file:line.

The file format is auditor/policy/pack.schema.json (keys, types, enums, the `when:`
language); `load_data` checks it once per file content. This module then builds the rules
and adds the checks a schema cannot express:

- `policy.id` equals the file name (a schema does not know the file name);
- rule ids are unique within a pack (`uniqueItems` compares whole rules, not one key) and
  across the packs loaded together (`load_packs`: that spans files);
- a condition's cross-field rules, in `parse_condition` (e.g. `sns.other_app_data` cannot be
  combined with `network` or `scopes`).

Packs are parsed with the fast C YAML loader; only when a pack is invalid is it parsed a
second time with line tracking, so the error can point at the offending rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.datafiles import load_data, pack_schema, rules_dir
from auditor.errors import RuleError
from auditor.model import Citation, Text
from auditor.policy.conditions import Condition, ConditionError, parse_condition
from auditor.validation import line_at


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


def _text(value: dict[str, Any]) -> Text:
    # en and zh are required and non-blank (the schema). Other languages are optional
    # translations (e.g. `id:` for an Indonesian reader); a reader of a language a rule
    # lacks gets its English.
    others = {k: v.strip() for k, v in value.items() if k != "en" and isinstance(v, str) and v.strip()}
    return Text(value["en"].strip(), **others)


def _rule(r: dict[str, Any], policy_id: str) -> Rule:
    c = r["citation"]
    return Rule(
        id=r["id"],
        policy=policy_id,
        title=_text(r["title"]),
        why=_text(r["why"]),
        severity=r["severity"],
        categories=tuple(r["categories"]),
        citation=Citation(
            # A bare year (date: 2021) or article number arrives as an int.
            instrument=str(c["instrument"]),
            issuer=str(c["issuer"]),
            article=str(c["article"]),
            date=str(c["date"]),
            url=c["url"],
            status=c["status"],
            confidence=c["confidence"],
        ),
        when=parse_condition(r["when"]),
        advice_borrower=_text(r["advice"]["borrower"]),
        advice_developer=_text(r["advice"]["developer"]),
    )


def load_pack(path: Path) -> PolicyPack:
    """Load and validate one pack file, or raise RuleError naming file and line."""
    path = Path(path)
    data = load_data(path, pack_schema())
    policy = data["policy"]
    if policy["id"] != path.stem:
        raise RuleError(
            f"policy.id {policy['id']!r} must equal the file name {path.stem!r}",
            str(path),
            line_at(path, ["policy"]),
        )
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["rules"]):
        if raw["id"] in seen:
            raise RuleError(f"duplicate rule id {raw['id']}", str(path), line_at(path, ["rules", i]))
        seen.add(raw["id"])
        try:
            rules.append(_rule(raw, policy["id"]))
        except ConditionError as exc:
            raise RuleError(
                f"rule {raw['id']}: {exc}", str(path), line_at(path, ["rules", i])
            ) from exc
    return PolicyPack(
        id=policy["id"],
        name=_text(policy["name"]),
        jurisdiction=policy["jurisdiction"],
        summary=_text(policy["summary"]),
        rules=tuple(rules),
        path=str(path),
    )


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

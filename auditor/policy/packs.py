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
from auditor.errors import RuleError, UnknownPolicyError
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
    applies_to: str = "any"  # see RULE_SCOPES: lending apps only, or every app


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


def _cited(value: str | int | dict[str, Any]) -> tuple[str, Text | None]:
    """A citation's instrument, issuer or article: a string (the same in every language, e.g.
    a Chinese law's own title), or a text object with a translation per language."""
    if isinstance(value, dict):
        text = _text(value)
        return text.en, text
    return str(value), None  # a bare article number arrives as an int


def _rule(r: dict[str, Any], policy_id: str) -> Rule:
    c = r["citation"]
    instrument, issuer, article = (_cited(c[k]) for k in ("instrument", "issuer", "article"))
    return Rule(
        id=r["id"],
        policy=policy_id,
        title=_text(r["title"]),
        why=_text(r["why"]),
        severity=r["severity"],
        categories=tuple(r["categories"]),
        citation=Citation(
            instrument=instrument[0],
            issuer=issuer[0],
            article=article[0],
            date=str(c["date"]),  # a bare year (date: 2021) arrives as an int
            url=c["url"],
            status=c["status"],
            confidence=c["confidence"],
            instrument_text=instrument[1],
            issuer_text=issuer[1],
            article_text=article[1],
        ),
        when=parse_condition(r["when"]),
        advice_borrower=_text(r["advice"]["borrower"]),
        advice_developer=_text(r["advice"]["developer"]),
        # A pack written before the field existed judged every app: it still does.
        applies_to=r.get("applies_to", "any"),
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


def resolve_ids(ids: list[str], extra_dirs: tuple[Path, ...] = ()) -> list[str]:
    """The pack ids as their files spell them (`CN` is `cn`), in order, without repeats.

    Raises UnknownPolicyError, naming the packs there are, for an id no file has.
    """
    known = available_packs(extra_dirs)
    folded = {k.casefold(): k for k in known}
    out: list[str] = []
    missing: list[str] = []
    for pid in ids:
        real = pid if pid in known else folded.get(pid.casefold())
        if real is None:
            missing.append(pid)
        elif real not in out:
            out.append(real)
    if missing:
        raise UnknownPolicyError(missing, list(known))
    return out


def load_packs(ids: list[str], extra_dirs: tuple[Path, ...] = ()) -> list[PolicyPack]:
    """Load the packs `ids` (any case); UnknownPolicyError for an id no file has, RuleError
    for a pack file that is invalid."""
    known = available_packs(extra_dirs)
    packs = [load_pack(known[i]) for i in resolve_ids(ids, extra_dirs)]
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen and seen[rule.id] != pack.id:
                raise RuleError(f"rule id {rule.id} is used by both {seen[rule.id]} and {pack.id}")
            seen[rule.id] = pack.id
    return packs

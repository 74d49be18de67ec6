"""Evaluate policy packs against one app's facts: findings, per-policy verdicts.

A rule with `applies_to: lending` judges only apps that look like lending apps: for an app
whose lending verdict is `not_lender` (and no --assume-lender) it gives no finding; it is
listed as not applicable instead, with whether its condition held. A pack whose rules are
all set aside gets the verdict `not_applicable`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.model import (
    SEVERITIES,
    STRENGTHS,
    Evidence,
    Finding,
    NotApplicable,
    PolicyVerdict,
    Text,
)
from auditor.policy.conditions import Facts
from auditor.policy.packs import PolicyPack, Rule
from auditor.policy.scoring import finding_weight

#: 0 for the strongest kind of evidence (STRENGTHS is weakest first).
_WEAKNESS = {s: len(STRENGTHS) - 1 - i for i, s in enumerate(STRENGTHS)}
#: Evidence carried on a finding is capped so a rule matching 5,000 call sites stays readable;
#: the report's top-level evidence[] keeps every one.
MAX_EVIDENCE_PER_FINDING = 50


def _strength(evidence: list[Evidence]) -> str:
    strengths = {e.strength for e in evidence}
    if "exfiltration" in strengths:
        return "exfiltration"
    if "code" in strengths:
        return "code"
    return "declared"


def _finding(rule: Rule, matched: list[Evidence]) -> Finding:
    unique = list(dict.fromkeys(matched))
    # Strongest evidence first, so a capped list still shows the proof that matters.
    unique.sort(
        key=lambda e: (_WEAKNESS.get(e.strength, len(STRENGTHS)), e.category or "", e.detail, e.caller or "")
    )
    cats = [c for c in rule.categories if any(e.category == c for e in unique)] or list(
        rule.categories
    )
    strength = _strength(unique)
    return Finding(
        rule_id=rule.id,
        policy=rule.policy,
        severity=rule.severity,
        title=rule.title,
        why=rule.why,
        categories=cats,
        evidence=unique[:MAX_EVIDENCE_PER_FINDING],
        citation=rule.citation,
        advice_borrower=rule.advice_borrower,
        advice_developer=rule.advice_developer,
        strength=strength,
        weight=finding_weight(rule.severity, strength),
    )


@dataclass
class Evaluation:
    findings: list[Finding] = field(default_factory=list)
    verdicts: list[PolicyVerdict] = field(default_factory=list)
    not_applicable: list[NotApplicable] = field(default_factory=list)


def evaluate(packs: list[PolicyPack], facts: Facts) -> tuple[list[Finding], list[PolicyVerdict]]:
    """Every rule judges the app (as if it were a lending app)."""
    result = evaluate_scoped(packs, facts)
    return result.findings, result.verdicts


def evaluate_scoped(
    packs: list[PolicyPack], facts: Facts, not_lender_reason: Text | None = None
) -> Evaluation:
    """With `not_lender_reason` (the app does not look like a lending app), the rules for
    lending apps are set aside with that reason; without it every rule applies."""
    out = Evaluation()
    findings, verdicts = out.findings, out.verdicts
    for pack in packs:
        mine: list[Finding] = []
        set_aside = 0
        for rule in pack.rules:
            matched = rule.when.evaluate(facts)
            if not_lender_reason is not None and rule.applies_to == "lending":
                set_aside += 1
                out.not_applicable.append(
                    NotApplicable(
                        rule_id=rule.id,
                        policy=pack.id,
                        severity=rule.severity,
                        title=rule.title,
                        matched=matched is not None,
                        reason=not_lender_reason,
                    )
                )
                continue
            if matched is not None:
                mine.append(_finding(rule, matched))
        violations = [f for f in mine if f.severity != "info"]
        if violations:
            verdict = "violations"
        elif set_aside == len(pack.rules):
            verdict = "not_applicable"
        elif facts.packer is not None or facts.app.kind == "code_only":
            verdict = "incomplete"
        else:
            verdict = "compliant"
        worst = max((SEVERITIES.index(f.severity) for f in mine), default=None)
        verdicts.append(
            PolicyVerdict(
                policy=pack.id,
                name=pack.name,
                verdict=verdict,
                findings=len(mine),
                max_severity=SEVERITIES[worst] if worst is not None else None,
                not_applicable=set_aside,
            )
        )
        findings.extend(mine)
    findings.sort(key=lambda f: (-SEVERITIES.index(f.severity), -f.weight, f.policy, f.rule_id))
    # the ones that would have fired first, then by pack order
    out.not_applicable.sort(key=lambda n: not n.matched)
    return out

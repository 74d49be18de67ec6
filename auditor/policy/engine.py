"""Evaluate policy packs against one app's facts: findings, per-policy verdicts."""

from __future__ import annotations

from auditor.model import (
    SEVERITIES,
    STRENGTHS,
    Evidence,
    Finding,
    PolicyVerdict,
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


def evaluate(packs: list[PolicyPack], facts: Facts) -> tuple[list[Finding], list[PolicyVerdict]]:
    findings: list[Finding] = []
    verdicts: list[PolicyVerdict] = []
    for pack in packs:
        mine: list[Finding] = []
        for rule in pack.rules:
            matched = rule.when.evaluate(facts)
            if matched is not None:
                mine.append(_finding(rule, matched))
        violations = [f for f in mine if f.severity != "info"]
        if violations:
            verdict = "violations"
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
            )
        )
        findings.extend(mine)
    findings.sort(key=lambda f: (-SEVERITIES.index(f.severity), -f.weight, f.policy, f.rule_id))
    return findings, verdicts

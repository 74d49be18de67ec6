"""The 0-100 risk score: recomputable by hand from the findings in a report.

1. Each finding gets a weight: severity points x evidence-strength factor
   (SEVERITY_POINTS, STRENGTH_FACTOR below).
2. Findings about the same concern (the same set of data categories, or the same rule when
   it names none) count once, with the largest weight, so choosing more policy packs does
   not inflate the score for one behaviour.
3. score = 100 x (1 - product(1 - w)) over the counted weights, rounded to 0.1. Every
   extra concern raises the score, it never exceeds 100, and an app without findings
   scores 0.
4. Level: >= 75 critical, >= 40 high, >= 15 medium, else low.
"""

from __future__ import annotations

from auditor.model import Finding, Score, ScoreTerm

SEVERITY_POINTS: dict[str, float] = {
    "info": 0.0,
    "low": 0.08,
    "medium": 0.2,
    "high": 0.4,
    "critical": 0.6,
}
#: Permission-only findings weigh less than code-proven collection, which weighs less
#: than collection followed by an upload in the same method.
STRENGTH_FACTOR: dict[str, float] = {"declared": 0.5, "code": 1.0, "exfiltration": 1.25}
LEVEL_THRESHOLDS: tuple[tuple[float, str], ...] = (
    (75.0, "critical"),
    (40.0, "high"),
    (15.0, "medium"),
)


def finding_weight(severity: str, strength: str) -> float:
    return round(min(0.95, SEVERITY_POINTS[severity] * STRENGTH_FACTOR.get(strength, 0.5)), 4)


def concern_of(finding: Finding) -> str:
    if finding.categories:
        return "+".join(sorted(finding.categories))
    return finding.rule_id


def level_for(value: float) -> str:
    for threshold, level in LEVEL_THRESHOLDS:
        if value >= threshold:
            return level
    return "low"


def compute_score(findings: list[Finding]) -> Score:
    best: dict[str, Finding] = {}
    for f in findings:
        key = concern_of(f)
        if f.weight > 0 and (key not in best or f.weight > best[key].weight):
            best[key] = f
    remaining = 1.0
    terms: list[ScoreTerm] = []
    for key in sorted(best):
        f = best[key]
        remaining *= 1.0 - f.weight
        terms.append(ScoreTerm(key, f.rule_id, f.severity, f.strength, round(100 * f.weight, 1)))
    value = round(100.0 * (1.0 - remaining), 1)
    return Score(value=value, level=level_for(value), terms=terms)

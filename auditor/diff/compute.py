"""compute_diff(old, new): the one code path from two reports to a ReportDiff.

Both sides are `Report` objects (a saved JSON report is read with `Report.from_dict`, an APK
is scanned). The risk scores compared are the baseline assessments': a report since contract
1.4 carries it (`score.basis`); an older one, whose score counted every pack it was made
with, is recomputed with `auditor.policy.scoring` over its own baseline findings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from auditor.diff.model import (
    CategoryChange,
    DiffWarning,
    EndpointChange,
    FindingChange,
    PermissionChange,
    ReportDiff,
    SdkChange,
    Side,
    severity_rank,
)
from auditor.model import CategoryStatus, Endpoint, Finding, Permission, Report, Sdk, Text

# ---------------------------------------------------------------- computation


def _side(report: Report, findings: list[Finding] | None = None) -> Side:
    """One side's identity; with `findings`, its score is recomputed over those alone."""
    # Imported here: the renderers import auditor.diff.model, which loads this package, and
    # they must not pull in the policy layer (tests/test_render_layers.py).
    from auditor.policy.scoring import compute_score

    app = report.app
    score = report.score if findings is None else compute_score(findings)
    return Side(
        package=app.package,
        label=app.label,
        version_name=app.version_name,
        version_code=app.version_code,
        sha256=app.sha256,
        file=app.file,
        signing_cert_sha256=sorted(app.signing_cert_sha256),
        tool_version=report.tool_version,
        policies=report_policies(report),
        complete=report.complete,
        packer=report.packer,
        score=float(score.value),  # a hand-written report may say 0 for 0.0
        level=score.level,
    )


def _perm(p: Permission) -> PermissionChange:
    return PermissionChange(
        name=p.name,
        protection_level=p.protection_level or "unknown",
        dangerous=p.dangerous,
        categories=list(p.categories),
        meaning=p.meaning.to_dict() if p.meaning else None,
    )


def _perm_sort(p: PermissionChange) -> tuple[bool, str]:
    return (not p.dangerous, p.name)


def _finding(f: Finding, old: Finding | None = None) -> FindingChange:
    return FindingChange(
        rule_id=f.rule_id,
        policy=f.policy,
        severity=f.severity,
        strength=f.strength,
        title=f.title.to_dict(),
        categories=list(f.categories),
        old_severity=old.severity if old else None,
        old_strength=old.strength if old else None,
    )


def _finding_sort(f: FindingChange) -> tuple[int, str, str]:
    return (-severity_rank(f.severity), f.policy, f.rule_id)


def _endpoint(e: Endpoint) -> EndpointChange:
    return EndpointChange(
        url=e.url, host=e.host, cleartext=e.cleartext, ip_literal=e.ip_literal, by=e.by
    )


def _sdk(s: Sdk) -> SdkChange:
    return SdkChange(id=s.id, name=s.name or s.id, vendor=s.vendor, kind=s.kind)


def _baseline_side(report: Report) -> tuple[Side, bool]:
    """One side with its baseline score, and whether that had to be recomputed (a report
    made before the score was the baseline's alone, contract < 1.4)."""
    if report.score.basis == "baseline" or "baseline" not in report_policies(report):
        return _side(report), False  # nothing to recompute from: its own score, as it was
    return _side(report, [f for f in report.findings if f.policy == "baseline"]), True


def report_policies(report: Report) -> list[str]:
    """The packs a report was made with; older reports without `policies` give them
    through their verdicts or findings."""
    if report.policies:
        return list(report.policies)
    seen: list[str] = []
    for pid in [v.policy for v in report.verdicts] + [f.policy for f in report.findings]:
        if pid and pid not in seen:
            seen.append(pid)
    return seen


def _category_names(*reports: Report) -> dict[str, Text]:
    """Category display names as the reports carry them (the newer report wins).

    Reports saved before contract 1.1 carry none: those names come from the catalogue, and a
    catalogue that cannot be read leaves the ids, because it must not hide the diff.
    """
    names: dict[str, Text] = {}
    for report in reports:
        for cid, status in report.categories.items():
            if status.name is not None:
                names[cid] = status.name
    missing = [cid for report in reports for cid in report.categories if cid not in names]
    if missing:
        with contextlib.suppress(Exception):
            from auditor.catalogue.knowledge import load_knowledge

            catalogue = load_knowledge().categories
            names.update({cid: catalogue[cid].name for cid in missing if cid in catalogue})
    return names


def _as_report(report: Report | Mapping[str, Any]) -> Report:
    """A report given as a JSON-contract dict (docs/diff.md, "From Python") is read with
    Report.from_dict; saved files are schema-checked first, by load.load_report."""
    return report if isinstance(report, Report) else Report.from_dict(report)


def _policy_list(values: list[str]) -> str:
    return ", ".join(values) if values else "-"


def compute_diff(
    old: Report | Mapping[str, Any],
    new: Report | Mapping[str, Any],
    policies: list[str] | None = None,
) -> ReportDiff:
    """The diff of two reports (Report objects, or dicts in the JSON contract). `policies`,
    when given, limits the comparison of findings to those packs (it is what the user asked
    for with --policy)."""
    old, new = _as_report(old), _as_report(new)
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
                f"of {_policy_list(compared)} are compared (the risk scores are the baseline "
                "assessments')",
                f"两份报告使用的规则不同（旧：{_policy_list(old_pol)}；新："
                f"{_policy_list(new_pol)}），只比较 {_policy_list(compared)} 的问题"
                "（风险分比较的是通用基线的评估）",
            )
        )

    old_f = [f for f in old.findings if f.policy in compared]
    new_f = [f for f in new.findings if f.policy in compared]
    # The scores compared are the baseline assessments', whatever packs are compared.
    (old_side, old_re), (new_side, new_re) = _baseline_side(old), _baseline_side(new)
    recompute = old_re or new_re

    d = ReportDiff(
        old=old_side, new=new_side, policies_compared=compared, score_recomputed=recompute
    )

    # permissions
    old_p = {p.name: p for p in old.permissions}
    new_p = {p.name: p for p in new.permissions}
    d.permissions_added = sorted(
        (_perm(p) for n, p in new_p.items() if n not in old_p), key=_perm_sort
    )
    d.permissions_removed = sorted(
        (_perm(p) for n, p in old_p.items() if n not in new_p), key=_perm_sort
    )

    # categories, in the report's (contract) order
    order = list(new.categories) + [c for c in old.categories if c not in new.categories]
    for cid in order:
        o = old.categories.get(cid) or CategoryStatus()
        n = new.categories.get(cid) or CategoryStatus()
        change = CategoryChange(
            category=cid,
            declared_old=o.declared,
            declared_new=n.declared,
            in_code_old=o.in_code,
            in_code_new=n.in_code,
            by_old=list(o.by),
            by_new=list(n.by),
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

    d.category_names = _category_names(old, new)

    # SDKs
    old_s = {s.id: s for s in old.sdks}
    new_s = {s.id: s for s in new.sdks}
    both = {**old_s, **new_s}
    d.sdk_names = {i: s.display_name or Text(s.name or i) for i, s in both.items()}
    d.sdk_vendors = {i: s.display_vendor or Text(s.vendor) for i, s in both.items()}
    d.policy_names = {v.policy: v.name for v in [*old.verdicts, *new.verdicts]}
    d.packer_names = {r.packer: r.packer_name for r in (old, new) if r.packer and r.packer_name}
    d.sdks_added = [_sdk(new_s[i]) for i in sorted(new_s) if i not in old_s]
    d.sdks_removed = [_sdk(old_s[i]) for i in sorted(old_s) if i not in new_s]

    # findings, per policy, matched by rule id
    old_k = {(f.policy, f.rule_id): f for f in old_f}
    new_k = {(f.policy, f.rule_id): f for f in new_f}
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
            if k in old_k and (f.severity, f.strength) != (old_k[k].severity, old_k[k].strength)
        ),
        key=_finding_sort,
    )

    # endpoints, by URL; cleartext first
    # (only where data can go: an image or a web page added is not a new destination)
    old_e = {e.url: e for e in old.destinations()}
    new_e = {e.url: e for e in new.destinations()}

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
        zh_names = [d.packer_names[p].get("zh") if p in d.packer_names else p for p in packers]
        why_zh = f"（被 {'、'.join(zh_names)} 加固）" if packers else ""
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

"""compute_diff(old, new): the one code path from two JSON-contract reports to a ReportDiff."""

from __future__ import annotations

import contextlib
from types import SimpleNamespace
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
from auditor.model import Text

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


def _category_names(*sides: dict[str, Any]) -> dict[str, Text]:
    """Category display names as the reports carry them (the newer report wins).

    Reports saved before contract 1.1 carry none: those names come from the catalogue, and a
    catalogue that cannot be read leaves the ids, because it must not hide the diff.
    """
    names: dict[str, Text] = {}
    for side in sides:
        for cid, status in side.items():
            name = (status or {}).get("name")
            if isinstance(name, dict) and isinstance(name.get("en"), str):
                names[cid] = Text.of(name)
    missing = [cid for side in sides for cid in side if cid not in names]
    if missing:
        with contextlib.suppress(Exception):
            from auditor.catalogue.knowledge import load_knowledge

            catalogue = load_knowledge().categories
            names.update({cid: catalogue[cid].name for cid in missing if cid in catalogue})
    return names


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

    d.category_names = _category_names(old_c, new_c)

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

"""Manifest and SDK facts as evidence, and the per-category summary of all evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from auditor.analysis.context import ScanContext
from auditor.analysis.notes import message, note
from auditor.catalogue.knowledge import CategoryInfo
from auditor.model import (
    CATEGORIES,
    COLLECTING_STRENGTHS,
    WHY_NOT,
    CategoryStatus,
    Endpoint,
    Evidence,
    Permission,
    Sdk,
)


def permission_evidence(permissions: list[Permission]) -> list[Evidence]:
    out: list[Evidence] = []
    for p in permissions:
        part = message("max_sdk", n=p.max_sdk) if p.max_sdk is not None else None
        if p.sdk23_only:
            part = message("sdk23_only")
        for cat in p.categories or [None]:
            out.append(
                Evidence(
                    category=cat, kind="permission", detail=p.name, strength="declared", **note(part)
                )
            )
    return out


def category_status(
    evidence: list[Evidence], infos: Mapping[str, CategoryInfo]
) -> dict[str, CategoryStatus]:
    """Per category: declared, read in code and by whom, if not read why not, and how to show
    it to a reader.

    `why_not` lists `declared_only` (the manifest asks for it) and the reasons of the
    category's unscored code hits (auditor.model.REASONS), in WHY_NOT order."""
    status = {c: CategoryStatus() for c in CATEGORIES}
    for c, info in infos.items():
        if c in status:
            status[c] = CategoryStatus(
                name=info.name, meaning=info.meaning, harm=info.harm, icon=info.icon
            )
    by: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    why: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    for ev in evidence:
        if ev.category not in status:
            continue
        if ev.kind == "permission":
            status[ev.category].declared = True
        elif ev.strength in COLLECTING_STRENGTHS and ev.scored:
            status[ev.category].in_code = True
            by[ev.category].add(ev.by or "app")
        elif ev.reason:
            why[ev.category].add(ev.reason)
    for c in CATEGORIES:
        st = status[c]
        st.by = sorted(by[c])
        if not st.in_code:
            if st.declared:
                why[c].add("declared_only")
            st.why_not = [w for w in WHY_NOT if w in why[c]]
    return status


def sdk_evidence(sdks: list[Sdk]) -> list[Evidence]:
    return [
        Evidence(
            category=None,
            kind="sdk",
            detail=f"{s.name} ({s.vendor}): {len(s.classes)} matching classes listed",
            sdk=s.id,
            by=s.id,
            strength="reference",
            **note(message("sdk_bundled", sdk=s.id, kind=s.kind, n=len(s.classes))),
        )
        for s in sdks
    ]


def link_endpoints(evidence: list[Evidence], endpoints: Iterable[Endpoint]) -> list[Evidence]:
    """Name, on each exfiltration evidence, the URLs loaded in the same method."""
    by_caller: dict[str, list[str]] = {}
    for ep in endpoints:
        if ep.kind != "api":  # an image fetched in that method is not where data goes
            continue
        for caller in ep.callers:
            by_caller.setdefault(caller, []).append(ep.url)
    out = []
    for ev in evidence:
        urls = by_caller.get(ev.caller or "") if ev.kind == "exfiltration_suspected" else None
        if urls:
            ev = replace(
                ev, **note(*ev.note_parts, message("endpoints_in_method", urls=sorted(urls)))
            )
        out.append(ev)
    return out


def analyse_endpoints(ctx: ScanContext) -> None:
    ctx.evidence = link_endpoints(ctx.evidence, ctx.endpoints.values())

"""scan(path) -> Report: load, extract evidence, evaluate policies, score. Never prints."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from auditor import __version__
from auditor.analysis.attribution import Attributor, app_prefixes, detect_sdks
from auditor.analysis.code import build_code_evidence, target_set
from auditor.analysis.endpoints import cleartext_policy, endpoints_from_references, endpoints_from_resources
from auditor.analysis.evidence import category_status, link_endpoints, permission_evidence, sdk_evidence
from auditor.analysis.exfiltration import link_calls, second_pass_targets
from auditor.analysis.indicators import builtin_families, load_families, match_indicators
from auditor.analysis.permissions import classify
from auditor.analysis.requests import analyse_requests
from auditor.analysis.resources import resource_evidence
from auditor.analysis.sns import analyse_sns
from auditor.apk.container import OpenedApk, open_apk
from auditor.apk.manifest import accessibility_services, read_app_info, requested_permissions
from auditor.catalogue.knowledge import Knowledge, PackerInfo, load_knowledge
from auditor.dex import DexError, DexFile, Reference, TargetSet, scan_dex
from auditor.model import OtherAppAccess, PermissionRequest, Report, Sdk, SnsUse
from auditor.policy.conditions import Facts
from auditor.policy.engine import evaluate
from auditor.policy.packs import PolicyPack, load_packs
from auditor.policy.scoring import compute_score

LANGS = ("en", "zh")


def default_policies(lang: str) -> list[str]:
    """baseline always; China's pack too when the reader asked for Chinese."""
    return ["baseline", "cn"] if lang == "zh" else ["baseline"]


@dataclass
class ScanOptions:
    policies: list[str] | None = None  # None = default_policies(lang)
    lang: str = "en"
    rules_dirs: tuple[Path, ...] = ()
    indicator_files: tuple[Path, ...] = ()
    scan_code: bool = True
    extra_warnings: list[str] = field(default_factory=list)

    def policy_ids(self) -> list[str]:
        return list(self.policies) if self.policies else default_policies(self.lang)


def _name_matches(names: set[str], patterns: tuple[str, ...]) -> bool:
    """Exact file names, or prefixes written with a trailing '*' (versioned library names)."""
    for pattern in patterns:
        if pattern.endswith("*"):
            if any(n.startswith(pattern[:-1]) for n in names):
                return True
        elif pattern in names:
            return True
    return False


def detect_packer(opened: OpenedApk, app_class: str | None, packers: tuple[PackerInfo, ...]) -> str | None:
    """The first packer whose application class, native library or asset is present.
    Exact signatures are tried for every packer before any prefix signature."""
    names = opened.files()
    libs = {n.rsplit("/", 1)[-1] for n in names if n.startswith("lib/")}
    assets = {n[len("assets/") :] for n in names if n.startswith("assets/")}
    for exact in (True, False):
        for packer in packers:
            if exact and app_class and app_class in packer.application_classes:
                return packer.name
            libs_p = tuple(p for p in packer.native_libs if p.endswith("*") != exact)
            assets_p = tuple(p for p in packer.assets if p.endswith("*") != exact)
            if _name_matches(libs, libs_p) or _name_matches(assets, assets_p):
                return packer.name
    return None


#: Inflated dex files are kept for the second (cross-call) pass while they total at most
#: this much: inflating everything again costs more time than keeping it costs memory, since
#: the peak is mostly set by the largest single dex anyway. Bigger apps are re-read.
KEEP_CODE_BYTES = 32 * 1024**2


@dataclass
class CodeScan:
    references: list[Reference]
    dex_names: list[str]
    class_names: list[str]
    scanned_ok: bool
    kept: list[tuple[str, bytes]] | None = None  # every dex, when they fit KEEP_CODE_BYTES


def _dex_payloads(opened: OpenedApk, kept: list[tuple[str, bytes]] | None) -> Iterator[tuple[str, bytes]]:
    if kept is not None:
        yield from kept
        return
    for blob in opened.code_blobs():
        yield from opened.read_code(blob)


def scan_code(
    opened: OpenedApk,
    targets: TargetSet,
    class_prefixes: tuple[str, ...],
    warnings: list[str],
    kept: list[tuple[str, bytes]] | None = None,
) -> CodeScan:
    """Scan every dex (root classesN.dex, code embedded in assets/ or res/raw, splits) one
    at a time; `kept` replays the dex files a previous pass kept in memory."""
    refs: list[Reference] = []
    names: list[str] = []
    classes: list[str] = []
    keep: list[tuple[str, bytes]] | None = [] if kept is None else None
    kept_bytes = 0
    ok = True
    for name, data in _dex_payloads(opened, kept):
        names.append(name)
        if keep is not None:
            kept_bytes += len(data)
            if kept_bytes <= KEEP_CODE_BYTES:
                keep.append((name, data))
            else:
                keep = None
        try:
            refs.extend(scan_dex(data, targets, name))
            if class_prefixes:
                classes.extend(DexFile(data, name).classes_with_prefixes(class_prefixes))
        except DexError as exc:
            ok = False
            warnings.append(f"{name}: dex could not be analysed ({exc})")
        del data
    return CodeScan(refs, names, classes, ok, keep)


def scan(path: str | os.PathLike[str], options: ScanOptions | None = None) -> Report:
    options = options or ScanOptions()
    knowledge: Knowledge = load_knowledge()
    # Policies load before the APK so a broken rule file fails fast, for every input.
    packs: list[PolicyPack] = load_packs(options.policy_ids(), options.rules_dirs)

    opened = open_apk(path)
    warnings: list[str] = list(options.extra_warnings)
    app = read_app_info(opened, warnings)
    declared_by_app = {
        str(d["name"]): d.get("protection_level") for d in app.declared_permissions if d.get("name")
    }
    permissions = classify(requested_permissions(opened), app.target_sdk, knowledge, declared_by_app)
    evidence = permission_evidence(permissions)

    app.bundle = opened.bundle
    app.splits = [name for name, _ in opened.splits]
    warnings.extend(f"tampering: {note}" for note in opened.tampering)
    res_evidence, app.privacy_policy_urls = resource_evidence(opened, warnings)
    evidence.extend(res_evidence)
    app.cleartext_policy = cleartext_policy(opened, app.uses_cleartext_traffic, app.target_sdk)
    endpoints = endpoints_from_resources(opened)
    packer = detect_packer(opened, app.application_class, knowledge.packers)
    sdks: list[Sdk] = []
    requests: list[PermissionRequest] = []
    sns: list[SnsUse] = []
    other_app: list[OtherAppAccess] = []
    complete = False
    if options.scan_code:
        attributor = Attributor(app_prefixes(app), knowledge.sdks)
        sdk_prefixes = tuple(sorted({"L" + p for s in knowledge.sdks for p in s.prefixes}))
        code = scan_code(opened, target_set(knowledge), sdk_prefixes, warnings)
        app.dex_files = code.dex_names
        code_ev = build_code_evidence(code.references, knowledge, attributor)
        sink_keys = {e.id for e in knowledge.apis if e.role == "sink"}
        targets2, readers, senders = second_pass_targets(code_ev, code.references, sink_keys)
        if targets2:
            calls = scan_code(opened, targets2, (), [], code.kept).references
            code_ev.extend(link_calls(calls, readers, senders, attributor.who))
        code.kept = None  # release the dex bytes
        evidence.extend(code_ev)
        warnings.extend(dict.fromkeys(opened.warnings))
        requests, request_evidence = analyse_requests(code.references, knowledge, app, attributor)
        evidence.extend(request_evidence)
        endpoint_keys = {e.id for e in knowledge.apis if e.role == "endpoint"}
        endpoints.update(endpoints_from_references(code.references, endpoint_keys, attributor))
        sdks = detect_sdks(code.class_names, attributor)
        evidence.extend(sdk_evidence(sdks))
        sns, other_app, sns_evidence = analyse_sns(
            code.references, knowledge, attributor, sdks, accessibility_services(opened)
        )
        evidence.extend(sns_evidence)
        complete = code.scanned_ok and bool(code.dex_names) and packer is None
        if not code.dex_names:
            warnings.append("the APK contains no dex code: code evidence is missing")
    else:
        warnings.append("code scanning was switched off: only the manifest was checked")
    if packer:
        warnings.append(
            f"the code is packed with {packer}: code evidence is incomplete; "
            "the permission findings still stand"
        )

    evidence = link_endpoints(evidence, endpoints.values())
    families = builtin_families() + tuple(
        fam for f in options.indicator_files for fam in load_families(Path(f))
    )
    evidence.extend(match_indicators(app, opened.sha1, endpoints.values(), families))
    facts = Facts(
        app=app,
        permissions=permissions,
        evidence=evidence,
        sdks=sdks,
        packer=packer,
        permission_requests=requests,
        sns=sns,
        other_app_data=other_app,
    )
    findings, verdicts = evaluate(packs, facts)
    return Report(
        tool_version=__version__,
        app=app,
        permissions=permissions,
        evidence=evidence,
        categories=category_status(evidence),
        sdks=sdks,
        packer=packer,
        complete=complete,
        tampering=list(opened.tampering),
        endpoints=sorted(endpoints.values(), key=lambda e: (not e.cleartext, e.host, e.url)),
        permission_requests=requests,
        sns=sns,
        other_app_data=other_app,
        warnings=warnings,
        findings=findings,
        verdicts=verdicts,
        score=compute_score(findings),
        policies=[p.id for p in packs],
        lang=options.lang,
    )

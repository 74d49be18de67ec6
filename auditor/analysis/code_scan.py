"""Read every dex once (root classesN.dex, code embedded in assets/ or res/raw, splits) and
turn the catalogue references in it into code evidence, including the cross-call
collect -> upload pass (auditor.analysis.exfiltration)."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.analysis import runtimes, webview
from auditor.analysis.attribution import Attributor, app_prefixes
from auditor.analysis.code import (
    apply_gates,
    build_code_evidence,
    inspect_keys,
    is_upload,
    target_set,
)
from auditor.analysis.context import CodeScan, ScanContext
from auditor.analysis.exfiltration import link_calls, second_pass_targets
from auditor.analysis.judge import AppFacts
from auditor.analysis.reach import judge_reachability
from auditor.apk.container import OpenedApk
from auditor.apk.manifest import entry_classes
from auditor.dex import DexError, DexFile, MethodFlow, StringTarget, TargetSet, scan_dex_flows

#: Flutter's GeneratedPluginRegistrant logs "Error registering plugin <pub package>, <class>"
#: for every plugin it registers: the list of plugins, even when R8 renamed the classes.
REGISTRANT_KEY = "hybrid:flutter_registrant"
REGISTRANT_PREFIX = "Error registering plugin "


def _with_hybrid_targets(targets: TargetSet) -> TargetSet:
    """The catalogue targets plus WebView bridge/page loads and Flutter's plugin registrant."""
    return TargetSet(
        targets.methods + webview.TARGETS,
        targets.fields,
        (*targets.strings, StringTarget(REGISTRANT_KEY, REGISTRANT_PREFIX, "prefix")),
    )

#: Inflated dex files are kept for the second (cross-call) pass while they total at most
#: this much: inflating everything again costs more time than keeping it costs memory, since
#: the peak is mostly set by the largest single dex anyway. Bigger apps are re-read.
KEEP_CODE_BYTES = 32 * 1024**2
#: Classes listed per SDK prefix and dex: proof the SDK is there (the report lists 25),
#: without walking every class of a library such as AndroidX.
SDK_CLASS_LIMIT = 100


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
    inspect: frozenset[str] = frozenset(),
) -> CodeScan:
    """Scan every dex one at a time; `kept` replays the dex files a previous pass kept.

    Methods that reference a key in `inspect` also get the def-use pass (CodeScan.flows)."""
    refs = []
    flows: dict[tuple[str, str], MethodFlow] = {}
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
            found, method_flows = scan_dex_flows(data, targets, name, inspect)
            refs.extend(found)
            flows.update(method_flows)
            if class_prefixes:
                found = DexFile(data, name).classes_with_prefixes(class_prefixes, SDK_CLASS_LIMIT)
                classes.extend(found)
        except DexError as exc:
            ok = False
            warnings.append(f"{name}: dex could not be analysed ({exc})")
        del data
    return CodeScan(refs, names, classes, ok, keep, flows)


def _reachability(ctx: ScanContext, code: CodeScan, evidence: list) -> list:
    """Library and unidentified code counts only when reached (auditor/analysis/reach.py)."""
    attributor = ctx.attributor
    assert attributor is not None
    if ctx.app.runtimes:
        # A hybrid runtime (Flutter, Cordova, uni-app, React Native) calls its plugins from
        # native code and scripts, where no Java caller chain exists: the hybrid pass, which
        # reads the scripts, decides which plugin code is used.
        return evidence
    sdks = {s.id: s for s in ctx.knowledge.sdks}
    library = {s.id for s in sdks.values() if s.library}

    def is_root_class(cls: str) -> bool:
        by, sdk = attributor.who(cls)
        return by == "app" or (sdk is not None and sdk not in library)

    kept = code.kept
    return judge_reachability(
        evidence,
        lambda: _dex_payloads(ctx.opened, kept),
        is_root_class,
        entry_classes(ctx.opened),
        library,
        {s.id: s.name for s in sdks.values()},
    )


def app_facts(ctx: ScanContext) -> AppFacts:
    """What the strength rules need from the manifest (the permissions pass ran before)."""
    return AppFacts(
        package=ctx.app.package,
        min_sdk=ctx.app.min_sdk,
        target_sdk=ctx.app.target_sdk,
        permissions=frozenset(p.name for p in ctx.permissions),
        manifest=ctx.app.kind != "code_only",
    )


def analyse(ctx: ScanContext) -> None:
    """The DEX pass: references, code evidence, collect -> upload one call apart."""
    if not ctx.options.scan_code:
        return
    knowledge = ctx.knowledge
    own = app_prefixes(ctx.app, runtimes.framework_prefixes(ctx))
    ctx.attributor = attributor = Attributor(own, knowledge.sdks)
    sdk_prefixes = {"L" + p for s in knowledge.sdks for p in s.prefixes}
    class_prefixes = tuple(sorted(sdk_prefixes | set(runtimes.dex_prefixes())))
    targets = _with_hybrid_targets(target_set(knowledge))
    code = scan_code(
        ctx.opened, targets, class_prefixes, ctx.warnings, inspect=inspect_keys(knowledge)
    )
    ctx.code = code
    ctx.app.dex_files = code.dex_names
    code_ev = build_code_evidence(code.references, knowledge, attributor, app_facts(ctx), code.flows)
    code_ev = apply_gates(code_ev, code.references, knowledge)
    code_ev = _reachability(ctx, code, code_ev)
    sink_keys = {e.id for e in knowledge.apis if is_upload(e)}
    targets2, readers, senders = second_pass_targets(code_ev, code.references, sink_keys)
    if targets2:
        calls = scan_code(ctx.opened, targets2, (), [], code.kept).references
        code_ev.extend(link_calls(calls, readers, senders, attributor.who))
    # code.kept stays for the WebView bridge pass, which releases it.
    ctx.evidence.extend(code_ev)
    ctx.warnings.extend(dict.fromkeys(ctx.opened.warnings))

"""Read every dex once (root classesN.dex, code embedded in assets/ or res/raw, splits) and
turn the catalogue references in it into code evidence:

1. the targeted scan of the catalogue (auditor.dex), the permission entry points included,
   with the def-use pass of the methods whose hits need their arguments judged;
2. calls to inherited members written through the app's own classes, resolved through the
   APK's class hierarchy (auditor.analysis.inherited);
3. code evidence per calling method (judged by the catalogue's strength rules and the
   reachability of library code), named by its source-level method when the caller is
   compiler-made (auditor.analysis.shapes);
4. the cross-call collect -> upload pass (auditor.analysis.exfiltration).

The dex files stay open (auditor.analysis.dex_source) for the webview and request passes;
`release` drops them once no pass needs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

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
from auditor.analysis.dex_source import DexSource
from auditor.analysis.exfiltration import link_calls, link_nested, second_pass_targets
from auditor.analysis.inherited import inherited_targets, resolve_inherited
from auditor.analysis.judge import AppFacts
from auditor.analysis.lending import code_string_prefixes
from auditor.analysis.reach import judge_reachability
from auditor.analysis.shapes import Shapes
from auditor.apk.container import OpenedApk
from auditor.apk.manifest import entry_classes
from auditor.catalogue.framework_classes import load_framework_classes
from auditor.catalogue.permission_libraries import load_permission_libraries
from auditor.dex import (
    DexError,
    DexFile,
    MethodFlow,
    Reference,
    StringTarget,
    TargetSet,
    scan_dexfiles,
)
from auditor.dex._code import trim_locator_state
from auditor.dex.hierarchy import Hierarchy
from auditor.model import Evidence, Message

#: Flutter's GeneratedPluginRegistrant logs "Error registering plugin <pub package>, <class>"
#: for every plugin it registers: the list of plugins, even when R8 renamed the classes.
REGISTRANT_KEY = "hybrid:flutter_registrant"
REGISTRANT_PREFIX = "Error registering plugin "
#: Classes listed per SDK prefix and dex: proof the SDK is there (the report lists 25),
#: without walking every class of a library such as AndroidX.
SDK_CLASS_LIMIT = 100
#: Classes of the app's own packages listed at most (lending recognition reads their names).
MAX_APP_CLASSES = 20_000
#: Strings of one prefix listed at most (lending hints: upi://mandate...).
MAX_PREFIX_STRINGS = 20


def _with_hybrid_targets(targets: TargetSet) -> TargetSet:
    """The catalogue targets plus WebView bridge/page loads and Flutter's plugin registrant."""
    return TargetSet(
        targets.methods + webview.TARGETS,
        targets.fields,
        (*targets.strings, StringTarget(REGISTRANT_KEY, REGISTRANT_PREFIX, "prefix")),
        targets.types,
    )


def _dex_payloads(
    opened: OpenedApk, kept: list[tuple[str, bytes]] | None = None
) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every dex of the APK, read from it (or `kept`, when already read).
    The DEX pass itself goes through DexSource; this is for code that parses on its own."""
    if kept is not None:
        yield from kept
        return
    for blob in opened.code_blobs():
        yield from opened.read_code(blob)


def scan_code(
    source: DexSource,
    targets: TargetSet,
    class_prefixes: tuple[str, ...],
    warnings: list[str],
    inspect: frozenset[str] = frozenset(),
    app_prefixes: tuple[str, ...] = (),
    string_prefixes: tuple[str, ...] = (),
) -> CodeScan:
    """The first pass: every dex read once, scanned, and registered in `source`.

    Methods that reference a key in `inspect` also get the def-use pass (CodeScan.flows).
    Also lists, from each dex's sorted id tables (no extra pass over the code), the classes
    under `app_prefixes` and the strings starting with one of `string_prefixes` (for lending
    recognition)."""
    refs: list[Reference] = []
    flows: dict[tuple[str, str], MethodFlow] = {}
    names: list[str] = []
    classes: list[str] = []
    app_classes: list[str] = []
    strings: dict[str, list[str]] = {}
    ok = True
    blobs = list(source.blobs())
    for b, blob in blobs:
        parts = source.opened.read_code(blob)
        # the next large dex inflates on another core while this one is scanned
        source.opened.read_ahead(later for _, later in blobs[b + 1 :])
        for part, (name, data) in enumerate(parts):
            names.append(name)
            try:
                dexes = DexFile.open_all(data, name)
                refs.extend(scan_dexfiles(dexes, targets, inspect, flows))
                if class_prefixes:
                    classes.extend(dexes[0].classes_with_prefixes(class_prefixes, SDK_CLASS_LIMIT))
                if app_prefixes and len(app_classes) < MAX_APP_CLASSES:
                    room = MAX_APP_CLASSES - len(app_classes)
                    app_classes.extend(dexes[0].classes_with_prefixes(app_prefixes, room)[:room])
                for prefix in string_prefixes:
                    listed = strings.setdefault(prefix, [])
                    if len(listed) < MAX_PREFIX_STRINGS:
                        room = MAX_PREFIX_STRINGS - len(listed)
                        listed.extend(dexes[0].strings_with_prefix(prefix)[:room])
                for dex in dexes:  # kept for later passes: only what is worth keeping
                    trim_locator_state(dex)
                    dex.trim_caches()
            except DexError as exc:
                ok = False
                warnings.append(f"{name}: dex could not be analysed ({exc})")
                continue
            source.add(b, part, dexes, len(data))
    found = {p: v for p, v in strings.items() if v}
    return CodeScan(
        refs, names, classes, ok, flows, source=source, app_classes=app_classes, strings=found
    )


def all_targets(knowledge_targets: TargetSet) -> TargetSet:
    """The catalogue's targets plus the permission entry points (permission_libraries.yaml)."""
    methods, strings = load_permission_libraries().targets()
    return TargetSet(
        knowledge_targets.methods + methods,
        knowledge_targets.fields,
        knowledge_targets.strings + strings,
        knowledge_targets.types,
    )


def _in_load_order(refs: list[Reference], names: list[str]) -> list[Reference]:
    """Dex files in load order, each sorted like scan_dex sorts it."""
    rank = {name: i for i, name in reversed(list(enumerate(names)))}
    return sorted(
        refs,
        key=lambda r: (rank.get(r.dex, len(rank)), r.dex, r.caller_class, r.caller_method,
                       r.caller_descriptor, r.offset, r.kind, r.key, r.target),
    )  # fmt: skip


def _name_sources(evidence: list[Evidence], shapes: Shapes) -> list[Evidence]:
    out = []
    for ev in evidence:
        try:
            found = shapes.source_method(ev.caller) if ev.caller else None
        except DexError:  # a class we cannot read: the evidence keeps its plain caller
            found = None
        out.append(replace(ev, source_method=found.reference) if found else ev)
    return out


def _safe(chain: Callable[[str], tuple[str, ...]]) -> Callable[[str], tuple[str, ...]]:
    def safe(method: str) -> tuple[str, ...]:
        try:
            return chain(method)
        except DexError:
            return (method,)

    return safe


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

    source = code.source
    assert source is not None
    return judge_reachability(
        evidence,
        source.payloads,
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
    lending = ctx.app.lending
    if ctx.options.only_lenders and lending is not None and not lending.loan_rules_apply:
        ctx.code_skipped = "only_lenders"
        return
    knowledge = ctx.knowledge
    own = app_prefixes(ctx.app, runtimes.framework_prefixes(ctx))
    ctx.attributor = attributor = Attributor(own, knowledge.sdks)
    sdk_prefixes = {"L" + p for s in knowledge.sdks for p in s.prefixes}
    class_prefixes = tuple(sorted(sdk_prefixes | set(runtimes.dex_prefixes())))
    targets = all_targets(_with_hybrid_targets(target_set(knowledge)))
    inspect = inspect_keys(knowledge)
    source = DexSource(ctx.opened)
    code = scan_code(
        source,
        targets,
        class_prefixes,
        ctx.warnings,
        inspect,
        app_prefixes=tuple("L" + p for p in own),
        string_prefixes=code_string_prefixes(),
    )
    ctx.code = code
    ctx.app.dex_files = code.dex_names

    code.hierarchy = hierarchy = Hierarchy(source, load_framework_classes())
    code.shapes = shapes = Shapes(hierarchy)
    try:
        extra = inherited_targets(hierarchy, targets)
        raw = source.scan(extra, inspect=inspect, flows=code.flows)
        inherited = resolve_inherited(raw, hierarchy, targets, code.references)
    except DexError as exc:  # the dex files already parsed once: only a hostile layout
        ctx.warnings.append(Message.of("hierarchy_unreadable", detail=str(exc)))
        inherited = []
    if inherited:
        code.references = _in_load_order(code.references + inherited, code.dex_names)

    code_ev = build_code_evidence(code.references, knowledge, attributor, app_facts(ctx), code.flows)
    code_ev = apply_gates(code_ev, code.references, knowledge)
    code_ev = _name_sources(_reachability(ctx, code, code_ev), shapes)
    sink_keys = {e.id for e in knowledge.apis if is_upload(e)}
    targets2, readers, senders = second_pass_targets(code_ev, code.references, sink_keys)
    if targets2:
        calls = source.scan(targets2, call_sites=True)
        code_ev.extend(_name_sources(link_calls(calls, readers, senders, attributor.who), shapes))
    code_ev.extend(_name_sources(link_nested(code_ev, readers, senders, _safe(shapes.chain)), shapes))
    ctx.evidence.extend(code_ev)
    ctx.warnings.extend(dict.fromkeys(ctx.opened.warnings))


def release(ctx: ScanContext) -> None:
    """Drop the dex files once the passes that read code again are done."""
    if ctx.code is not None and ctx.code.source is not None:
        ctx.code.source.release()
        ctx.code.source = None
        ctx.code.hierarchy = None
        ctx.code.shapes = None

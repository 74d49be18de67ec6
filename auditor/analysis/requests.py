"""How the app asks: runtime permission requests, what they bundle, when, and what happens
on refusal ("不给权限不让用": forced, bundled and premature requests; 认定方法 2019,
MIIT 164号文).

The ways of asking are data (catalogue/permission_libraries.yaml): framework calls, the
AndroidX Activity Result API, the permission libraries. Static reading, per asking method:

- a request is a `combined` or `trigger` entry point called there, or an
  ActivityResultLauncher.launch whose launcher was registered with a permission contract
  (the field the registering method stores it in is read before the launch) or that is given
  permission names; one request per method. Calls through the app's own subclasses count
  (resolved by the DEX pass through the class hierarchy);
- a library's own prompt (its invisible Fragment or Activity asking, its own launcher) is
  folded into the app's call into the library: never a request of its own, and its result
  handlers are not the app's;
- the permissions asked are the `android.permission.*` strings loaded in that method
  (Manifest.permission constants are inlined as strings), the String[] constants it reads
  (their values come from the declaring class's static initialiser in the APK), and the
  libraries' permission getters and group words;
- the component is the calling class with inner/lambda suffixes removed; the launcher
  activity or the Application class means "at start-up, before any loan step"; a
  compiler-made caller (lambda, anonymous class) is also named by its source-level method;
- refusal blocks the service when the request's class (or one of its inner classes) calls
  finish()/System.exit()/Process.killProcess() from a permission result handler, including
  a lambda body whose lambda class implements the callback.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from auditor.analysis.attribution import Attributor
from auditor.analysis.context import ScanContext
from auditor.analysis.notes import message, note
from auditor.analysis.permissions import protection_level
from auditor.analysis.shapes import Shapes, compiler_made_class, split_method
from auditor.catalogue.knowledge import Knowledge
from auditor.catalogue.permission_libraries import (
    ASKING_STEPS,
    EntryPoint,
    PermissionLibraries,
    load_permission_libraries,
)
from auditor.dex import DexError, MethodFlow, MethodTarget, Reference, TargetSet
from auditor.dex.annotations import encoded_array
from auditor.dex.hierarchy import Hierarchy
from auditor.model import AppInfo, Evidence, Message, PermissionRequest

#: Methods that receive the outcome of a permission request (framework and common libraries);
#: the libraries' own callbacks are added from permission_libraries.yaml.
RESULT_HANDLERS = frozenset(
    {
        "onRequestPermissionsResult",
        "onActivityResult",
        "onResult",
        "onActivityResultCallback",
        "onDenied",
        "onPermissionsDenied",
        "onPermissionDenied",
        "onGranted",
        "accept",
        "call",
        "invoke",
    }
)
_PERMISSION = ".permission."  # android.permission.X, com.android.permission.X, ...


def _outer(class_descriptor: str) -> str:
    return class_descriptor.split("$", 1)[0].rstrip(";") + ";"


def _java(class_descriptor: str) -> str:
    return class_descriptor[1:-1].replace("/", ".")


def _simple(method: str) -> str:
    cls, name, _desc = split_method(method)
    return f"{_java(cls).rsplit('.', 1)[-1]}.{name}"


class _Code:
    """The few method bodies a judgement needs: the def-use pass (auditor.dex._flow) of each,
    taken from the DEX pass when it ran there, else run through the class hierarchy."""

    def __init__(self, hierarchy: Hierarchy | None, flows: dict[tuple[str, str], MethodFlow]) -> None:
        self.hierarchy = hierarchy
        self._known = {caller: flow for (_dex, caller), flow in flows.items()}
        self._flows: dict[str, MethodFlow | None] = {}
        self._statics: dict[str, list[str]] = {}

    def flow(self, method: str) -> MethodFlow | None:
        if method not in self._flows:
            got = self._known.get(method)
            if got is None and self.hierarchy is not None:
                try:
                    got = self.hierarchy.method_flow(method)
                except DexError:
                    got = None
            self._flows[method] = got
        return self._flows[method]

    def static_strings(self, field_ref: str) -> list[str]:
        """The strings a static String / String[] field of an APK class is initialised with:
        what the class's <clinit> stores into it, or its static value."""
        if field_ref in self._statics:
            return self._statics[field_ref]
        out: list[str] = []
        h = self.hierarchy
        cls = field_ref.split("->", 1)[0]
        if h is not None and h.in_apk(cls):
            clinit = self.flow(f"{cls}-><clinit>()V")
            for store in clinit.stores if clinit else ():
                if store.static and store.field == field_ref:
                    out = clinit.strings_in(store.values)
            if not out:
                out = self._static_value(h, cls, field_ref)
        self._statics[field_ref] = out
        return out

    @staticmethod
    def _static_value(h: Hierarchy, cls: str, field_ref: str) -> list[str]:
        """A `static final String` initial value from the class's static_values array."""
        where = h.class_column(cls, 7)
        if where is None or not where[1]:
            return []
        dex, off = where
        try:
            values = encoded_array(dex, off)
            fields = h.static_fields(cls)
        except (DexError, IndexError):
            return []
        for ref, value in zip(fields, values, strict=False):  # trailing defaults omitted
            if ref == field_ref and isinstance(value, str):
                return [value]
        return []


class _Asking:
    """One asking method: its entry-point calls, names and what they came from."""

    __slots__ = ("caller", "calls", "getters", "strings", "words")

    def __init__(self, caller: str) -> None:
        self.caller = caller
        self.calls: list[tuple[Reference, EntryPoint]] = []
        self.strings: set[str] = set()
        self.getters: set[str] = set()
        self.words: list[tuple[Reference, str]] = []


def _permission_launchers(asking: dict[str, _Asking], code: _Code) -> dict[str, str]:
    """Fields holding a launcher registered with a permission contract -> contract class.

    In the method that creates the contract (`new RequestPermission()`), the call it is
    passed to returns the launcher, stored into a field."""
    out: dict[str, str] = {}
    for ask in asking.values():
        contracts = {e.cls for _r, e in ask.calls if e.step == "contract"}
        flow = code.flow(ask.caller) if contracts else None
        if flow is None:
            continue
        registered: dict[int, str] = {}
        for inv in flow.invokes:
            for values in inv.args:
                for v in values:
                    if v[0] == "n" and v[1] in contracts:
                        registered[inv.offset] = v[1]
        for store in flow.stores:
            for v in store.values:
                if v[0] == "r" and v[1] in registered:
                    out[store.field] = registered[v[1]]
    return out


def _launched_fields(ask: _Asking, code: _Code) -> set[str]:
    """Fields the launchers of this method's launch() calls were read from."""
    flow = code.flow(ask.caller)
    if flow is None:
        return set()
    out = set()
    for ref, entry in ask.calls:
        inv = flow.invoke_at(ref.offset) if entry.step == "launch" else None
        out.update(v[1] for v in (inv.receiver if inv else ()) if v[0] == "f")
    return out


def _names(ask: _Asking, code: _Code, libs: PermissionLibraries) -> tuple[list[str], list[str]]:
    """(permission names, where the non-inline ones came from) for one asking method: the
    permission strings it loads, and what reaches the names argument of its calls (a String[]
    constant, read from its class's static initialiser; an array of them)."""
    names = set(ask.strings)
    how: list[str] = []
    for key in sorted(ask.getters):
        names.update(libs.names_by_key[key].permissions)
    named_libs = {e.library for _r, e in ask.calls if e.step == "names"}
    for _ref, key in ask.words:
        src = libs.names_by_key[key]
        if src.library in named_libs:
            names.update(src.permissions)
            how.append(src.value or "")
    carrying = [(r, e) for r, e in ask.calls if e.arg is not None]
    flow = code.flow(ask.caller) if carrying else None
    for ref, entry in carrying if flow is not None else ():
        inv = flow.invoke_at(ref.offset)
        if inv is None:
            continue
        values = inv.arg(entry.arg + 1)  # `arg` counts declared parameters from 0
        names.update(s for s in flow.strings_in(values) if _PERMISSION in s)
        for field_ref in flow.fields_in(values):
            found = [s for s in code.static_strings(field_ref) if _PERMISSION in s]
            if found:
                names.update(found)
                how.append(f"{_simple(field_ref.split(':', 1)[0])} ({len(found)})")
    return sorted(names), sorted(set(how))


def _enclosing_names(
    caller: str, asking: dict[str, _Asking], code: _Code, libs: PermissionLibraries, shapes: Shapes
) -> tuple[list[str], list[str]]:
    """Names a compiler-made asking method was given by the method it is written in (a
    Kotlin lambda capturing `val perms = arrayOf(...)` receives the array as a parameter)."""
    try:
        chain = shapes.chain(caller)[1:]
    except DexError:
        return [], []
    for outer in chain:
        method = outer if outer in asking else next(
            (m for m in sorted(asking) if "(" not in outer and m.startswith(outer + "(")), None)
        if method is None:
            continue
        names, how = _names(asking[method], code, libs)
        if names:
            return names, [*how, _simple(method)]
    return [], []


def _handler_bridges(
    quits: list[Reference], handlers: frozenset[str], ctx_scan: ScanContext | None
) -> set[str]:
    """Quitting methods that are lambda bodies reached from a lambda class's callback method
    (`ReferenceActivity$$ExternalSyntheticLambda0.onActivityResult` -> `lambda$new$0$...`)."""
    code = ctx_scan.code if ctx_scan is not None else None
    if code is None or code.source is None:
        return set()
    wanted = sorted({q.caller for q in quits if q.caller_method not in handlers})
    if not wanted:
        return set()
    targets = TargetSet(methods=tuple(MethodTarget("q:" + m, *split_method(m)) for m in wanted))
    out = set()
    for ref in code.source.scan(targets):
        if ref.caller_method in handlers and compiler_made_class(ref.caller_class):
            out.add(ref.key[2:])
    # lambdas left as invoke-custom: the call site names the interface method directly
    for method, names in code.source.handed_over().items():
        if method in wanted and names & handlers:
            out.add(method)
    return out


def _sort_references(
    refs: list[Reference], roles: dict[str, str], libs: PermissionLibraries
) -> tuple[dict[str, _Asking], list[Reference], dict[str, list[Reference]]]:
    """Group the references by what they do for a permission prompt.

    Returns the asking methods (caller -> its calls, names and getters), the "quit" calls
    outside permission libraries, and each library's own internal prompts (library id ->
    references), which are the library's plumbing, not the app asking.
    """
    asking: dict[str, _Asking] = {}
    quits: list[Reference] = []
    internal: dict[str, list[Reference]] = defaultdict(list)

    def ask_for(ref: Reference) -> _Asking:
        got = asking.get(ref.caller)
        if got is None:
            got = asking[ref.caller] = _Asking(ref.caller)
        return got

    for ref in refs:
        entry = libs.by_key.get(ref.key)
        if entry is not None:
            owner = libs.internal_prefix(ref.caller_class)
            if owner is not None:
                if entry.step in ASKING_STEPS:
                    internal[owner.id].append(ref)
                continue
            ask_for(ref).calls.append((ref, entry))
        elif ref.key in libs.names_by_key:
            src = libs.names_by_key[ref.key]
            if src.kind == "getter":
                ask_for(ref).getters.add(ref.key)
            else:
                ask_for(ref).words.append((ref, ref.key))
        elif roles.get(ref.key) == "permission_string":
            ask_for(ref).strings.add(ref.target)
        elif roles.get(ref.key) == "quit" and libs.internal_prefix(ref.caller_class) is None:
            quits.append(ref)
    return asking, quits, internal


def analyse_requests(
    refs: list[Reference],
    knowledge: Knowledge,
    app: AppInfo,
    attributor: Attributor,
    *,
    hierarchy: Hierarchy | None = None,
    shapes: Shapes | None = None,
    ctx: ScanContext | None = None,
    libs: PermissionLibraries | None = None,
    flows: dict[tuple[str, str], MethodFlow] | None = None,
) -> tuple[list[PermissionRequest], list[Evidence]]:
    libs = libs or load_permission_libraries()
    roles = {e.id: e.role for e in knowledge.apis}
    handlers = RESULT_HANDLERS | libs.result_handlers()
    code = _Code(hierarchy, flows or {})
    asking, quits, internal = _sort_references(refs, roles, libs)

    launchers = _permission_launchers(asking, code)
    found: list[tuple[str, Reference, EntryPoint, str, list[str], list[str], str | None]] = []
    for caller, ask in sorted(asking.items()):
        calls = [(r, e) for r, e in ask.calls if e.step in ASKING_STEPS]
        if not calls:
            continue
        names, how = _names(ask, code, libs)
        if not names and shapes is not None:
            names, how = _enclosing_names(caller, asking, code, libs, shapes)
        contract = None
        if all(e.step == "launch" for _r, e in calls):
            fields = _launched_fields(ask, code)
            contract = next((launchers[f] for f in sorted(fields) if f in launchers), None)
            if contract is None and not names:
                continue  # a launcher of another contract (camera, picker...)
        call, entry = calls[0]
        component = _outer(call.caller_class)
        component = libs.generated_target(component) or component
        found.append((caller, call, entry, component, names, how, contract))

    # Quits count in the result handlers of the components that ask (a lambda body counts
    # when its lambda class's callback, or the call site creating it, is a handler).
    components = {f[3] for f in found}
    quits = [q for q in quits if _outer(q.caller_class) in components]
    bridged = _handler_bridges(quits, handlers, ctx)
    quits_by_class: dict[str, list[Reference]] = defaultdict(list)
    for q in quits:
        if q.caller_method in handlers or q.caller in bridged:
            quits_by_class[_outer(q.caller_class)].append(q)

    startup = {c for c in (app.main_activity, app.application_class) if c}
    requests: list[PermissionRequest] = []
    evidence: list[Evidence] = []
    asked_libs: set[str] = set()
    for caller, call, entry, component, names, how, contract in found:
        lib = libs.library(entry.library)
        dangerous = [
            n for n in names if "dangerous" in (protection_level(n, app.target_sdk) or "").split("|")
        ]
        refused = quits_by_class.get(component, [])
        by, sdk = attributor.who(call.caller_class)
        source = shapes.source_method(caller) if shapes is not None else None
        library = lib.id if lib.kind != "framework" else None
        if library:
            asked_libs.add(library)
        req = PermissionRequest(
            caller=caller,
            component=_java(component),
            api=call.target,
            dex=call.dex,
            permissions=names,
            dangerous=dangerous,
            at_startup=_java(component) in startup,
            bundled=len(dangerous) >= 2,
            blocks_on_denial=bool(refused),
            quit_calls=sorted({f"{q.target} in {q.caller}" for q in refused}),
            by=by,
            sdk=sdk,
            source_method=source.reference if source else None,
            library=library,
        )
        extra = _extra_notes(req, call, lib.name if library else None, contract, how,
                             len(internal.get(library or "", ())))  # fmt: skip
        requests.append(req)
        evidence.append(_evidence(req, call, extra))
    # A library whose own prompt is there but whose entry point the app's code does not call
    # in a recognisable way (renamed, or reached another way): report the prompt itself, once.
    for lib_id, calls_inside in sorted(internal.items()):
        lib = libs.library(lib_id)
        if lib.kind == "framework" or lib_id in asked_libs:
            continue
        call = calls_inside[0]
        by, sdk = attributor.who(call.caller_class)
        req = PermissionRequest(
            caller=call.caller, component=_java(_outer(call.caller_class)), api=call.target,
            dex=call.dex, permissions=[], dangerous=[], at_startup=False, bundled=False,
            blocks_on_denial=False, by=by, sdk=sdk, library=lib_id,
        )  # fmt: skip
        requests.append(req)
        evidence.append(_evidence(req, call, [message("request_library_only", library=lib.name)]))
    return requests, evidence


def _extra_notes(
    req: PermissionRequest,
    call: Reference,
    library: str | None,
    contract: str | None,
    how: list[str],
    folded: int,
) -> list[Message]:
    """The parts of a request's note beyond the framework ones (each a language-file key)."""
    parts = []
    if library:
        parts.append(message("request_through", library=library))
        if folded:
            parts.append(message("request_folded", n=folded))
    if contract:
        parts.append(message("request_contract", contract=contract.rsplit("$", 1)[-1].rstrip(";")))
    if call.via:
        parts.append(message("request_inherited", written=_simple(call.via)))
    if how:
        parts.append(message("request_names_from", sources=how))
    return parts


def _evidence(req: PermissionRequest, call: Reference, extra: Iterable[Message] = ()) -> Evidence:
    parts = [
        message("request_asks", n=len(req.permissions))
        if req.permissions
        else message("request_unnamed")
    ]
    if req.dangerous:
        short = [p.rsplit(".", 1)[-1] for p in req.dangerous]
        parts.append(message("request_dangerous", n=len(req.dangerous), names=short))
    if req.at_startup:
        parts.append(message("request_startup"))
    if req.blocks_on_denial:
        # quit_calls reads "target in caller"; the note names them language-neutrally
        calls = [" @ ".join(q.split(" in ", 1)) for q in req.quit_calls]
        parts.append(message("request_quits", calls=calls))
    parts.extend(extra)
    return Evidence(
        category=None,
        kind="permission_request",
        detail=req.api,
        caller=req.caller,
        dex=req.dex,
        sdk=req.sdk,
        offset=call.offset,
        by=req.by,
        strength="code",
        **note(*parts),
        source_method=req.source_method,
    )


def requests_matching(
    requests: Iterable[PermissionRequest], **wanted: bool | int
) -> list[PermissionRequest]:
    """Requests with the wanted flags (bundled, at_startup, blocks_on_denial, min_dangerous)."""
    out = []
    for r in requests:
        if "min_dangerous" in wanted and len(r.dangerous) < int(wanted["min_dangerous"]):
            continue
        if any(getattr(r, k) != v for k, v in wanted.items() if k != "min_dangerous"):
            continue
        out.append(r)
    return out


def analyse(ctx: ScanContext) -> None:
    code = ctx.code
    if code is None or ctx.attributor is None:
        return
    try:
        ctx.requests, evidence = analyse_requests(
            code.references, ctx.knowledge, ctx.app, ctx.attributor,
            hierarchy=code.hierarchy, shapes=code.shapes, ctx=ctx, flows=code.flows,
        )  # fmt: skip
    except DexError as exc:  # code we cannot read again: judge from the references alone
        ctx.warnings.append(Message.of("requests_without_shapes", detail=str(exc)))
        ctx.requests, evidence = analyse_requests(
            code.references, ctx.knowledge, ctx.app, ctx.attributor
        )
    if code.source is not None:
        for error in dict.fromkeys(code.source.errors):
            ctx.warnings.append(Message.of("dex_reread_failed", detail=error))
    ctx.evidence.extend(evidence)

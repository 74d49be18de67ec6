"""WebView JavaScript bridges: `webView.addJavascriptInterface(obj, "name")` lets every page
loaded in that WebView call obj's exposed methods as `window.name.method()`. When an exposed
method reads personal data (in the method, or one call away), any page can take that data:
the app's own page, a remote page that can change at any time, or, over plain http, a page
someone on the network injected.

How, without a call graph (the DEX pass already found every `addJavascriptInterface` and
`WebView.loadUrl` call site, see TARGETS):
1. decode only the registering method, straight-line, to name the object's class and the
   JavaScript name (auditor.dex method_calls);
2. read that class's method annotations: since API 17 only `@JavascriptInterface` methods
   are exposed (a RUNTIME annotation, so it is in the dex); below targetSdk 17 every public
   method is;
3. an exposed method reaches a category when the code evidence shows a read in it, or when it
   calls a method that reads (one call, the same reach as collect -> upload);
4. the constant URLs that the registering class loads say which pages get the bridge.

Also recognises a WebView shell: a launcher activity that loads a page itself, when no
hybrid runtime was recognised from the APK's files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from auditor.analysis.context import ScanContext
from auditor.analysis.notes import message, note
from auditor.analysis.runtimes import add_runtime
from auditor.dex import (
    VISIBILITY_RUNTIME,
    CallSite,
    ClassDef,
    DexError,
    DexFile,
    MethodDef,
    MethodTarget,
    Reference,
    class_methods,
    find_class,
    method_annotations,
    method_calls,
)
from auditor.model import (
    COLLECTING_STRENGTHS,
    BridgeMethod,
    BridgeUrl,
    Evidence,
    Message,
    WebViewBridge,
)

BRIDGE_KEY = "webview:add_js_interface"
LOAD_KEY = "webview:load_url"
#: Extra DEX-pass targets (kept out of apis.yaml: they are not collection by themselves).
#: addJavascriptInterface is matched on any class, so app subclasses of WebView and Tencent's
#: X5 WebView (same method, another class) are found too.
TARGETS: tuple[MethodTarget, ...] = (
    MethodTarget(BRIDGE_KEY, "", "addJavascriptInterface", "(Ljava/lang/Object;Ljava/lang/String;)V"),
    MethodTarget(LOAD_KEY, "Landroid/webkit/WebView;", "loadUrl", None),
    MethodTarget(LOAD_KEY, "Lcom/tencent/smtt/sdk/WebView;", "loadUrl", None),
)
JS_INTERFACE = "Landroid/webkit/JavascriptInterface;"
#: Before API 17 every public method of the object is callable from the page (AOSP
#: WebView.addJavascriptInterface documentation).
ANNOTATION_REQUIRED_FROM = 17
_LOCAL_PREFIXES = ("file:///android_asset/", "file:///android_res/")
_OBJECT_METHODS = frozenset({"<init>", "<clinit>", "toString", "hashCode", "equals"})


class _Dexes:
    """The app's dex files: the DEX pass's open ones (auditor.analysis.dex_source), or parsed
    on demand when there is none (a context built without the DEX pass)."""

    def __init__(self, ctx: ScanContext) -> None:
        self._ctx = ctx
        self._parsed: dict[str, list[DexFile]] = {}
        code = ctx.code
        self._source = code.source if code is not None else None

    def _payloads(self) -> Iterator[tuple[str, bytes]]:
        for blob in self._ctx.opened.code_blobs():
            yield from self._ctx.opened.read_code(blob)

    def _load(self, wanted: set[str] | None) -> None:
        for name, data in self._payloads():
            if name not in self._parsed and (wanted is None or name in wanted):
                self._parsed[name] = DexFile.open_all(data, name)

    def dex(self, name: str) -> list[DexFile]:
        if self._source is not None:
            return [self._source[i] for i in self._source.positions(name)]
        if name not in self._parsed:
            self._load({name})
        return self._parsed.get(name, [])

    def find(self, descriptor: str) -> tuple[DexFile, ClassDef] | None:
        """Where a class is defined, looking in every dex (parsed once each)."""
        if self._source is not None:
            source = self._source
            for i in source.candidates(descriptor):
                cdef = find_class(source[i], descriptor)
                if cdef is not None:
                    return source[i], cdef
            return None
        for dexes in list(self._parsed.values()):
            for d in dexes:
                cdef = find_class(d, descriptor)
                if cdef is not None:
                    return d, cdef
        missing = {n for n in self._all_names() if n not in self._parsed}
        if missing:
            self._load(missing)
            for name in missing:
                for d in self._parsed.get(name, []):
                    cdef = find_class(d, descriptor)
                    if cdef is not None:
                        return d, cdef
        return None

    def _all_names(self) -> list[str]:
        code = self._ctx.code
        return list(code.dex_names) if code is not None else []


def _method(dex: DexFile, cdef: ClassDef, name: str, desc: str) -> MethodDef | None:
    for m in class_methods(dex, cdef):
        _cls, mname, mdesc = dex.method_info(m.midx)
        if mname == name and mdesc == desc:
            return m
    return None


def _type_of(value: tuple[str, object] | None) -> str | None:
    """The class of the object a register holds, when the straight-line reading names it."""
    if value is None:
        return None
    kind, what = value
    text = str(what)
    if kind in ("new", "this"):
        return text
    if kind == "field":
        return text.rsplit(":", 1)[-1]
    if kind == "result":
        return text.rsplit(")", 1)[-1]
    return None


def _calls_at(dex: DexFile, cdef: ClassDef, ref: Reference) -> CallSite | None:
    m = _method(dex, cdef, ref.caller_method, ref.caller_descriptor)
    if m is None:
        return None
    return next((c for c in method_calls(dex, m, ref.caller_class) if c.offset == ref.offset), None)


def _urls(ctx: ScanContext, dexes: _Dexes, cls: str, loads: list[Reference]) -> list[BridgeUrl]:
    out: dict[str, BridgeUrl] = {}
    for ref in loads:
        if ref.caller_class != cls:
            continue
        for d in dexes.dex(ref.dex):
            cdef = find_class(d, cls)
            site = _calls_at(d, cdef, ref) if cdef is not None else None
            value = site.arg(1) if site is not None else None
            if value is not None and value[0] == "string":
                url = str(value[1])
                if "://" in url and url not in out:
                    out[url] = BridgeUrl(
                        url, url.lower().startswith("http://"), url.startswith(_LOCAL_PREFIXES)
                    )
    return sorted(out.values(), key=lambda u: (u.local, u.url))


def _readers(evidence: list[Evidence]) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = defaultdict(list)
    for ev in evidence:
        if ev.caller and ev.category and ev.strength in COLLECTING_STRENGTHS and ev.kind != "js_bridge":
            out[ev.caller].append(ev)
    return out


def _exposed(dex: DexFile, cdef: ClassDef, target_sdk: int | None) -> tuple[list[MethodDef], bool]:
    all_public = target_sdk is not None and target_sdk < ANNOTATION_REQUIRED_FROM
    annotated = {
        midx
        for midx, items in method_annotations(dex, cdef).items()
        if (VISIBILITY_RUNTIME, JS_INTERFACE) in items
    }
    out = []
    for m in class_methods(dex, cdef):
        name = dex.method_info(m.midx)[1]
        if m.midx in annotated or (
            all_public and m.is_public and not m.is_static and name not in _OBJECT_METHODS
        ):
            out.append(m)
    return out, all_public


def _bridge(
    ctx: ScanContext,
    dexes: _Dexes,
    ref: Reference,
    loads: list[Reference],
    readers: dict[str, list[Evidence]],
) -> tuple[WebViewBridge, list[Evidence]] | None:
    site = None
    for d in dexes.dex(ref.dex):
        cdef = find_class(d, ref.caller_class)
        if cdef is not None:
            site = _calls_at(d, cdef, ref)
            break
    if site is None:
        return None
    obj_type = _type_of(site.arg(1))
    name_value = site.arg(2)
    js_name = str(name_value[1]) if name_value is not None and name_value[0] == "string" else "?"
    if obj_type is None or not obj_type.startswith("L"):
        ctx.warnings.append(Message.of("bridge_class_unknown", name=js_name, caller=ref.caller))
        return None
    found = dexes.find(obj_type)
    if found is None:
        return None  # a framework or library class the APK does not define
    bdex, bdef = found
    exposed, all_public = _exposed(bdex, bdef, ctx.app.target_sdk)
    attributor = ctx.attributor
    by, sdk = attributor.who(obj_type) if attributor is not None else (None, None)
    bridge = WebViewBridge(
        name=js_name,
        cls=obj_type,
        caller=ref.caller,
        dex=ref.dex,
        offset=ref.offset,
        all_public=all_public,
        urls=_urls(ctx, dexes, ref.caller_class, loads),
        by=by,
        sdk=sdk,
    )
    evidence: list[Evidence] = []
    pages = [u.url for u in bridge.urls]
    cleartext = [u.url for u in bridge.urls if u.cleartext]
    for m in exposed:
        _cls, mname, mdesc = bdex.method_info(m.midx)
        full = f"{obj_type}->{mname}{mdesc}"
        # (rank, offset, how): a call read in the method first, then a Uri or string, then one call away
        reached: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        vias_msg: dict[tuple[str, str], Message] = {}  # the same, as language-file keys
        for ev in readers.get(full, ()):
            rank = 0 if ev.kind == "api_call" else 1
            reached[ev.category or ""].append((rank, ev.offset or 0, f"reads via {ev.detail}"))
            vias_msg[(ev.category or "", f"reads via {ev.detail}")] = message(
                "bridge_reads_via", api=ev.detail
            )
        for call in method_calls(bdex, m, obj_type):
            for ev in readers.get(call.target, ()):
                how = f"calls {call.target}, which reads via {ev.detail}"
                reached[ev.category or ""].append((2, call.offset, how))
                vias_msg[(ev.category or "", how)] = message(
                    "bridge_calls_via", callee=call.target, api=ev.detail
                )
        cats = sorted(reached)
        vias = sorted({how for c in cats for _r, _o, how in reached[c]})
        bridge.methods.append(BridgeMethod(mname, cats, vias))
        for cat in cats:
            _rank, offset, via = min(reached[cat])
            parts = [
                message("bridge_exposed", js=f"window.{js_name}.{mname}()", caller=ref.caller),
                vias_msg[(cat, via)],
            ]
            if pages:
                parts.append(message("bridge_pages_loaded", urls=pages))
            if cleartext:
                parts.append(message("bridge_cleartext_pages", urls=cleartext))
            evidence.append(
                Evidence(
                    category=cat,
                    kind="js_bridge",
                    detail=f"window.{js_name}.{mname}()",
                    caller=full,
                    dex=bdex.name,
                    sdk=sdk,
                    offset=offset,
                    **note(*parts),
                    by=by,
                    strength="code",
                )
            )
    return bridge, evidence


def _shell(ctx: ScanContext, loads: list[Reference]) -> None:
    """A launcher activity that loads a page itself, in an app no runtime was recognised for."""
    main = ctx.app.main_activity
    if not main or any(r.id != "webview_shell" for r in ctx.app.runtimes):
        return
    launcher = "L" + main.replace(".", "/") + ";"
    hits = sorted({r.caller for r in loads if r.caller_class == launcher})
    if hits:
        add_runtime(ctx, "webview_shell", [f"launcher {main} loads a page: {hits[0]}"])


def analyse(ctx: ScanContext) -> None:
    """WebView bridges and shells (the DEX pass's open dex files are dropped later, by
    code_scan.release)."""
    code = ctx.code
    if code is None:
        return
    refs = [r for r in code.references if r.key in (BRIDGE_KEY, LOAD_KEY)]
    loads = [r for r in refs if r.key == LOAD_KEY]
    _shell(ctx, loads)
    bridges = sorted({r for r in refs if r.key == BRIDGE_KEY}, key=lambda r: (r.dex, r.caller, r.offset))
    if not bridges:
        return
    dexes = _Dexes(ctx)
    readers = _readers(ctx.evidence)
    for ref in bridges:
        try:
            got = _bridge(ctx, dexes, ref, loads, readers)
        except DexError as exc:
            ctx.warnings.append(Message.of("bridge_unreadable", caller=ref.caller, detail=str(exc)))
            continue
        if got is not None:
            ctx.bridges.append(got[0])
            ctx.evidence.extend(got[1])

"""Hybrid apps: evidence from the app's JavaScript and Dart, and who really collects.

In a uni-app, Cordova, React Native or Flutter app the decision to read the address book is
in a script (or a Dart snapshot) and the Java code that reads sits in a generic plugin. This
pass, run only when a runtime was recognised (auditor.analysis.runtimes, including a WebView
shell):

1. reads the plugin registries the runtime keeps in the APK (which plugins are present);
2. streams the script files of the active scopes once each, bounded per file and per scan,
   through the patterns of catalogue/scripts.yaml (auditor.analysis.scripts), plus the pages'
   calls to the WebView bridges found in code (auditor.analysis.webview);
3. turns the hits into `script_call` evidence: attributed to the app, with the file, line
   (or the offset in a Hermes string table or a Dart snapshot) and the call;
4. ties each call to the plugin's Java code: that code's evidence of the same category
   becomes supporting evidence of the call and counts as the app's collection. The Java
   evidence of a plugin the scripts never call stays, as `reference` with reason
   `not_called`: present, not a collection. When the scripts could not all be read (too
   large, encrypted, replaced by a hot update) nothing is called unused.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from auditor.analysis import runtimes as runtimes_pass
from auditor.analysis.context import ScanContext
from auditor.analysis.notes import message, note
from auditor.analysis.runtimes import ApkFile, apk_files
from auditor.analysis.scripts import FileResult, Hit, requirement_met, scan_file
from auditor.catalogue.hybrid import (
    PluginRef,
    ScriptCatalogue,
    ScriptPattern,
    ScriptScope,
    glob_regex,
    load_runtimes,
    load_scripts,
    make_pattern,
)
from auditor.errors import AuditorError
from auditor.model import (
    CATEGORIES,
    COLLECTING_STRENGTHS,
    Evidence,
    Message,
    Runtime,
    RuntimePlugin,
    ScriptSite,
    Text,
)

#: Bytes read from one script file, and from all of them in one scan. A bundle larger than
#: the first is read up to it (the runtime is then marked incomplete); nothing is read twice.
MAX_FILE_BYTES = 64 * 1024**2
MAX_SCAN_BYTES = 256 * 1024**2
#: Script files read per scan (a uni-app www/ folder holds hundreds; a broken one, thousands).
MAX_FILES = 4000
#: Registry files (plugin lists) are small; anything bigger is not one.
MAX_REGISTRY_BYTES = 1024**2
#: Evidence items per pattern and file (the rest are counted in the note).
MAX_EVIDENCE = 5
_DEX_KINDS = ("api_call", "field_read", "string", "exfiltration_suspected", "alternative", "dynamic_code")


# ---------------------------------------------------------------- registries


def _read_small(ctx: ScanContext, f: ApkFile) -> bytes | None:
    try:
        return b"".join(f.archive.stream(f.name, MAX_REGISTRY_BYTES))
    except AuditorError as err:
        ctx.warnings.append(Message.of("script_unreadable", file=f.shown, detail=err.message))
        return None


def _dotted_to_descriptor(name: str) -> str:
    return "L" + name.replace(".", "/") + ";"


def _dcloud_features(text: str) -> list[tuple[str, str]]:
    return re.findall(r'<feature\s+name="([^"]+)"\s+value="([^"]+)"', text)


def _dcloud_uniplugins(text: str) -> list[tuple[str, str]]:
    out = []
    data = json.loads(text)
    for group in data.get("nativePlugins") or ():
        for plugin in group.get("plugins") or ():
            if plugin.get("name") and plugin.get("class"):
                out.append((str(plugin["name"]), str(plugin["class"])))
    return out


def _cordova_config(raw: bytes) -> list[tuple[str, str]]:
    """res/xml/config.xml is compiled (binary XML) in the APK: <feature name><param android-package>."""
    from androguard.core.axml import AXMLPrinter

    root = AXMLPrinter(raw).get_xml_obj()
    out: list[tuple[str, str]] = []
    if root is None:
        return out

    def local(tag: object) -> str:  # Cordova's config.xml puts its elements in the W3C widgets namespace
        return str(tag).rsplit("}", 1)[-1]

    for feature in (e for e in root.iter() if local(e.tag) == "feature"):
        for param in (e for e in feature.iter() if local(e.tag) == "param"):
            if param.get("name") == "android-package" and feature.get("name") and param.get("value"):
                out.append((str(feature.get("name")), str(param.get("value"))))
    return out


def _cordova_plugin_list(text: str) -> list[tuple[str, str]]:
    return [(pid, "") for pid in dict.fromkeys(re.findall(r'"pluginId"\s*:\s*"([^"]+)"', text))]


def _capacitor_plugins(text: str) -> list[tuple[str, str]]:
    return [
        (str(p.get("pkg")), str(p.get("classpath") or ""))
        for p in json.loads(text)
        if isinstance(p, dict) and p.get("pkg")
    ]


_REGISTRY_FILES = {
    "dcloud_features": ("assets/data/dcloud_properties.xml", _dcloud_features),
    "dcloud_uniplugins": ("assets/dcloud_uniplugins.json", _dcloud_uniplugins),
    "cordova_plugin_list": ("assets/www/cordova_plugins.js", _cordova_plugin_list),
    "capacitor_plugins": ("assets/capacitor.plugins.json", _capacitor_plugins),
}


def _flutter_registrant(ctx: ScanContext) -> list[tuple[str, str]]:
    from auditor.analysis.code_scan import REGISTRANT_KEY, REGISTRANT_PREFIX

    out = []
    for ref in ctx.code_references():
        if ref.key == REGISTRANT_KEY:
            name, _, cls = ref.target[len(REGISTRANT_PREFIX) :].partition(", ")
            if name and cls:
                out.append((name.strip(), cls.strip()))
    return sorted(set(out))


def _registry(ctx: ScanContext, kind: str, files: dict[str, ApkFile]) -> list[tuple[str, str]]:
    try:
        if kind == "flutter_registrant":
            return _flutter_registrant(ctx)
        if kind == "cordova_config":
            f = files.get("res/xml/config.xml")
            raw = _read_small(ctx, f) if f is not None else None
            return _cordova_config(raw) if raw else []
        path, parse = _REGISTRY_FILES[kind]
        f = files.get(path)
        raw = _read_small(ctx, f) if f is not None else None
        return parse(raw.decode("utf-8", "replace")) if raw else []
    except (ValueError, AttributeError, TypeError) as exc:
        ctx.warnings.append(Message.of("plugin_list_unreadable", file=kind, detail=str(exc)))
        return []


# ---------------------------------------------------------------- plugin scopes


@dataclass
class _Plugin:
    """One plugin as the runtime lists it, or as the catalogue knows its classes."""

    record: RuntimePlugin | None  # None: known from the catalogue only
    name: str
    scopes: tuple[str, ...]  # slash-form package prefixes or exact descriptors of its code
    called: bool = False
    categories: set[str] = field(default_factory=set)  # what the calls read
    sites: list[str] = field(default_factory=list)  # where the calls are


def _scope_of(descriptor: str, keep_out: tuple[str, ...]) -> str:
    """The package of a plugin class, unless that package is the runtime's or the app's own
    (then only the class itself): a plugin never covers code that is not the plugin's."""
    path = descriptor[1:-1] if descriptor.startswith("L") and descriptor.endswith(";") else descriptor
    package = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    if not package or any(k.startswith(package) or package == k for k in keep_out):
        return descriptor
    return package


def _covers(scopes: tuple[str, ...], cls: str) -> bool:
    path = cls[1:] if cls.startswith("L") else cls
    return any(cls == s if s.endswith(";") else path.startswith(s) for s in scopes)


# ---------------------------------------------------------------- script files


@dataclass
class _Job:
    file: ApkFile
    runtime: Runtime
    read: str
    patterns: list[ScriptPattern]


def _active_scopes(cat: ScriptCatalogue, ids: set[str]) -> list[ScriptScope]:
    return [s for s in cat.scopes.values() if ids & set(s.runtimes)]


def _bridge_reveals(ctx: ScanContext, call: str, cat: str) -> Text:
    """What a page's call to a bridge method reveals, in every language the category has."""
    info = ctx.knowledge.categories.get(cat)
    name = info.name if info is not None else Text(cat, cat)
    return Text(
        f"The page calls the app's {call}, which reads {cat}",
        f"网页会调用应用的 {call}，它会读取{name.get('zh')}",
    )


def _bridge_patterns(ctx: ScanContext) -> list[ScriptPattern]:
    """Calls to the WebView bridges found in code: window.<name>.<method>( or <name>.<method>(."""
    out = []
    for b in ctx.bridges:
        reading = [m for m in b.methods if m.categories]
        if b.name == "?" or not reading:
            continue
        for m in reading:
            for cat in m.categories:
                out.append(
                    make_pattern(
                        id=f"bridge:{b.name}.{m.name}:{cat}",
                        scopes=("web_pages",),
                        category=cat,
                        role="collect",
                        confidence="high",
                        regex=rf"\b(?:window\.)?{re.escape(b.name)}\.{re.escape(m.name)}\s*\(",
                        groups=(),
                        requires=(),
                        within=None,
                        plugin=PluginRef(
                            f"WebView bridge {b.name}", f"window.{b.name}", (), (b.cls,), m.name
                        ),
                        reveals=_bridge_reveals(ctx, f"{b.name}.{m.name}()", cat),
                        source="auditor.analysis.webview: addJavascriptInterface found in the dex",
                    )
                )
    return out


def _jobs(ctx: ScanContext, cat: ScriptCatalogue, extra: list[ScriptPattern]) -> list[_Job]:
    files = apk_files(ctx)
    runtimes = {r.id: r for r in ctx.app.runtimes}
    scopes = _active_scopes(cat, set(runtimes))
    if not scopes:
        return []
    by_scope: dict[str, list[ScriptPattern]] = defaultdict(list)
    for p in (*cat.patterns, *extra):
        for sid in p.scopes:
            by_scope[sid].append(p)
    jobs: dict[str, _Job] = {}
    for scope in scopes:
        chosen = [n for n in sorted(files) if scope.includes(n)]
        chosen = [n for n in chosen if not any(s.excludes(n) for s in scopes)]
        if scope.first_only and chosen:
            order = {g: i for i, g in enumerate(scope.include)}
            chosen = [min(chosen, key=lambda n: min(order[g] for g in scope.include if _glob_hit(g, n)))]
        owner = next(runtimes[r] for r in scope.runtimes if r in runtimes)
        for name in chosen:
            job = jobs.get(name)
            if job is None:
                jobs[name] = _Job(files[name], owner, scope.read, list(by_scope[scope.id]))
            else:
                job.patterns.extend(p for p in by_scope[scope.id] if p not in job.patterns)
                if scope.read != "text":
                    job.read = scope.read
    return [jobs[n] for n in sorted(jobs)]


def _glob_hit(glob: str, name: str) -> bool:
    return re.fullmatch(glob_regex(glob), name) is not None


def _scan_jobs(ctx: ScanContext, jobs: list[_Job]) -> list[tuple[_Job, FileResult]]:
    out = []
    budget = MAX_SCAN_BYTES
    for i, job in enumerate(jobs):
        rt = job.runtime
        if i >= MAX_FILES or budget <= 0:
            rt.complete = False
            rt.notes.append(f"script reading stopped after {i} files ({(MAX_SCAN_BYTES - budget) >> 20} MB)")
            break
        f = job.file
        size = f.archive.declared_size(f.name)
        limit = min(MAX_FILE_BYTES, budget)
        try:
            result = scan_file(f.shown, f.archive.stream(f.name, limit), job.patterns, job.read, size)
        except AuditorError as err:
            rt.complete = False
            rt.notes.append(f"{f.shown}: not read ({err.message})")
            continue
        budget -= result.read
        rt.scripts.append(f.shown)
        rt.script_bytes += result.read
        if result.variant and rt.variant is None:
            rt.variant = result.variant
        rt.notes.extend(result.notes)
        if result.unreadable:
            rt.complete = False  # an encrypted or packed script
        if result.reader in ("text", "binary") and result.read < size and result.read >= limit:
            rt.complete = False
            rt.notes.append(f"{f.shown}: only the first {result.read >> 20} MB of {size >> 20} MB were read")
        out.append((job, result))
    return out


# ---------------------------------------------------------------- evidence


def _strength(p: ScriptPattern) -> tuple[str, str | None]:
    if p.role in ("picker", "alternative"):
        return "alternative", None
    if p.role == "probe" or p.confidence == "low":
        return "reference", "weak"
    return "code", None


def _note(p: ScriptPattern, hit: Hit, partner: Hit | None) -> list[Message]:
    """What the script call reveals, the call it needs next to it, the strings it was built
    from: language-file keys (auditor/analysis/notes.py)."""
    parts = [message("script_reveals", what=p.reveals)]
    if partner is not None and partner is not hit:
        apart = abs(partner.offset - hit.offset)
        pid = partner.pattern.id
        if partner.line:
            parts.append(message("script_partner_line", pattern=pid, line=partner.line, n=apart))
        else:
            at = f"{partner.offset:#x}"
            parts.append(message("script_partner_offset", pattern=pid, at=at, n=apart))
    if hit.parts:
        parts.append(message("script_strings", found=[f"{lit} @{off:#x}" for lit, off in hit.parts]))
    return parts


def _hit_evidence(job: _Job, result: FileResult) -> list[tuple[Hit, Evidence]]:
    by_pattern: dict[str, list[Hit]] = defaultdict(list)
    for h in result.hits:
        by_pattern[h.pattern.id].append(h)
    out = []
    for pid, hits in by_pattern.items():
        p = hits[0].pattern
        if not p.makes_evidence or p.category is None:
            continue
        kept = [(h, partner) for h in hits if (partner := requirement_met(h, by_pattern)) is not None]
        for h, partner in kept[:MAX_EVIDENCE]:
            strength, reason = _strength(p)
            parts = _note(p, h, partner)
            if len(kept) > MAX_EVIDENCE and h is kept[-1][0]:
                parts.append(message("script_more_in_file", n=len(kept) - MAX_EVIDENCE))
            site = ScriptSite(
                file=result.name,
                line=h.line,
                runtime=job.runtime.id,
                pattern=pid,
                confidence=p.confidence,
                reader=result.reader,
                plugin=p.plugin.name if p.plugin else None,
            )
            ev = Evidence(
                category=p.category,
                kind="script_call",
                detail=h.call,
                offset=h.offset,
                **note(*parts),
                by="app",
                strength=strength,
                reason=reason,
                script=site,
            )
            out.append((h, ev))
    return out


def _bridge_support(ctx: ScanContext, ev: Evidence) -> list[str]:
    """A page's call to a bridge method: the Java reads that method reaches."""
    call = ev.detail.removeprefix("window.").split("(", 1)[0].strip()
    out = []
    for js in ctx.evidence:
        if js.kind == "js_bridge" and js.category == ev.category and js.detail.startswith(f"window.{call}("):
            for read in ctx.evidence:
                same = read.caller == js.caller and read.kind == "api_call" and read.category == ev.category
                if same and read.strength in COLLECTING_STRENGTHS:
                    out.append(_supporting(read))
            out.append(_supporting(js))
    return sorted(set(out))


# ---------------------------------------------------------------- the pass


def _plugins(ctx: ScanContext, cat: ScriptCatalogue) -> list[_Plugin]:
    """Plugins the runtimes list, with the code each covers."""
    files = apk_files(ctx)
    info = {r.id: r for r in load_runtimes()}
    keep_out = runtimes_pass.framework_prefixes(ctx) + (ctx.attributor.app_prefixes if ctx.attributor else ())
    out: list[_Plugin] = []
    for rt in ctx.app.runtimes:
        for kind in info[rt.id].registries if rt.id in info else ():
            for name, cls in _registry(ctx, kind, files):
                classes = [_dotted_to_descriptor(cls)] if cls else []
                record = RuntimePlugin(name=name, registry=kind, classes=classes)
                rt.plugins.append(record)
                scopes = tuple(sorted({_scope_of(c, keep_out) for c in classes}))
                out.append(_Plugin(record, name, scopes))
    # Plugins the catalogue knows by their classes (React Native modules have no registry).
    active = {r.id for r in ctx.app.runtimes}
    scopes_active = {s.id for s in _active_scopes(cat, active)}
    for p in cat.patterns:
        if p.plugin and p.plugin.classes and set(p.scopes) & scopes_active:
            scopes = tuple(sorted({_scope_of(c, keep_out) for c in p.plugin.classes}))
            if not any(q.name == p.plugin.name and q.scopes == scopes for q in out):
                out.append(_Plugin(None, p.plugin.name, scopes))
    return out


def _link(plugins: list[_Plugin], p: ScriptPattern, hit: Hit, where: str) -> list[_Plugin]:
    """The plugins a hit's pattern reaches (by registry id or by class), marked called."""
    ref = p.plugin
    if ref is None:
        return []
    classes = set(ref.classes)
    linked = []
    for q in plugins:
        by_id = q.record is not None and q.record.name in ref.ids
        by_class = any(_covers(q.scopes, c) for c in classes) or (
            q.record is not None and bool(classes & set(q.record.classes))
        )
        if by_id or by_class or (q.record is None and q.name == ref.name):
            linked.append(q)
    for q in linked:
        q.called = True
        if p.category and p.makes_evidence:
            q.categories.add(p.category)
        q.sites.append(where)
    return linked


def _link_by_name(plugins: list[_Plugin], names: tuple[str, ...], where: str) -> None:
    """A script that names a listed plugin (uni.requireNativePlugin("X") and the like) calls
    it; which of its methods is not known, so all its reads count."""
    for q in plugins:
        if q.record is not None and q.record.name in names:
            q.called = True
            q.sites.append(where)


def _where(ev: Evidence) -> str:
    s = ev.script
    if s is None:
        return "?"
    return f"{s.file}:{s.line}" if s.line else f"{s.file} @{ev.offset or 0:#x}"


def _supporting(ev: Evidence) -> str:
    return f"{ev.caller} {ev.detail} [{ev.dex} +{ev.offset or 0:#x}]"


def _attribute(ctx: ScanContext, plugins: list[_Plugin], complete: bool) -> dict[int, list[Evidence]]:
    """Re-attribute the Java evidence inside plugins; returns supporting evidence per plugin."""
    support: dict[int, list[Evidence]] = defaultdict(list)
    out: list[Evidence] = []
    for ev in ctx.evidence:
        cls = ev.caller.split("->", 1)[0] if ev.caller else None
        owners = [q for q in plugins if cls and ev.kind in _DEX_KINDS and _covers(q.scopes, cls)]
        if not owners:
            out.append(ev)
            continue
        if ev.category and ev.strength in COLLECTING_STRENGTHS:
            for record in (q.record for q in owners if q.record is not None):
                record.categories.extend([ev.category] if ev.category not in record.categories else [])
        users = [q for q in owners if q.called and (ev.category in q.categories or not q.categories)]
        if users and ev.category:
            sites = sorted({s for q in users for s in q.sites})
            called = message("plugin_called_by_script", plugin=users[0].name, sites=sites[:3])
            new = replace(ev, by="app", sdk=None, **note(*ev.note_parts, called))
            for q in users:
                support[id(q)].append(new)
            out.append(new)
        elif complete and ev.strength in COLLECTING_STRENGTHS and ev.category:
            q = owners[0]
            unused = (
                message("plugin_never_called", plugin=q.name)
                if not q.called
                else message("plugin_called_only_for", plugin=q.name, cats=sorted(q.categories))
            )
            out.append(
                replace(ev, strength="reference", reason="not_called", **note(*ev.note_parts, unused))
            )
        else:
            out.append(ev)
    ctx.evidence = out
    return support


def analyse(ctx: ScanContext) -> None:
    """Script evidence and plugin attribution for hybrid apps (nothing for plain Android apps)."""
    runtimes_pass.refine(ctx)
    if not ctx.app.runtimes:
        return
    if not ctx.options.scan_code:  # --no-code: the runtime is named, its scripts are not read
        return
    cat = load_scripts()
    plugins = _plugins(ctx, cat)
    jobs = _jobs(ctx, cat, _bridge_patterns(ctx))
    script_ev: list[tuple[_Job, Hit, Evidence]] = []
    for job, result in _scan_jobs(ctx, jobs):
        for hit in result.hits:  # links mark plugins called even when they make no evidence
            where = f"{result.name}:{hit.line or hex(hit.offset)}"
            if hit.pattern.plugin and not hit.pattern.makes_evidence:
                _link(plugins, hit.pattern, hit, where)
            if hit.pattern.role == "link":
                _link_by_name(plugins, hit.groups, where)
        for hit, ev in _hit_evidence(job, result):
            script_ev.append((job, hit, ev))
            _link(plugins, hit.pattern, hit, _where(ev))
    complete = all(rt.complete and not rt.hot_update for rt in ctx.app.runtimes)
    support = _attribute(ctx, plugins, complete)
    for q in plugins:
        if q.record is not None:
            q.record.called = True if q.called else (False if complete else None)
            q.record.categories.sort(key=CATEGORIES.index)
    for _job, hit, ev in script_ev:
        linked = [q for q in plugins if id(q) in support and hit.pattern.plugin and q.called]
        lines = sorted(
            {
                _supporting(s)
                for q in linked
                for s in support[id(q)]
                if s.category == ev.category and q.sites and _where(ev) in q.sites
            }
        )
        if ev.script is not None and ev.script.pattern.startswith("bridge:"):
            lines = _bridge_support(ctx, ev)
        if lines and ev.script is not None:
            ev = replace(ev, script=replace(ev.script, supporting=tuple(lines)))
        ctx.evidence.append(ev)
    for rt in ctx.app.runtimes:
        if rt.hot_update:
            rt.notes.append(
                "scripts can be replaced after install: the script evidence covers this version only"
            )

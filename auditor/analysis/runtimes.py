"""Which hybrid runtime (uni-app, Cordova, Capacitor, React Native, Flutter...) the app's logic
runs in, from catalogue/runtimes.yaml.

Two steps, so that plain Android apps pay nothing:
- `detect` (before the DEX pass) looks only at entry names under assets/ and lib/ and at the
  manifest's launcher and Application class. A runtime it finds keeps its framework packages
  out of "the app's own code" during attribution (DCloud's launcher is io.dcloud.PandoraEntry
  in every uni-app app);
- `refine` (after the DEX pass) adds what the dex shows: classes the runtimes define (the DEX
  pass looked for their prefixes next to the SDK prefixes) and hot-update libraries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.analysis.context import ScanContext
from auditor.apk.archive import SafeZip
from auditor.catalogue.hybrid import RuntimeInfo, RuntimeSign, glob_regex, load_runtimes
from auditor.model import Runtime

#: Entry names that can matter to a runtime (everything else, mostly res/, is never looked at).
_ROOTS = ("assets/", "lib/", "res/xml/config.xml")


@dataclass(frozen=True)
class ApkFile:
    name: str  # entry name inside its archive
    shown: str  # name in reports: "assets/x.js", or "split.apk!assets/x.js"
    archive: SafeZip


def apk_files(ctx: ScanContext) -> dict[str, ApkFile]:
    """Entries under assets/ and lib/ (and Cordova's config.xml) of the base and the splits,
    by entry name; the base wins over a split holding the same name."""
    cached = ctx.files
    if cached is not None:
        return cached
    out: dict[str, ApkFile] = {}
    opened = ctx.opened
    for label, zf in [("", opened.base), *((f"{n}!", z) for n, z in opened.splits)]:
        for name in zf.names():
            if name.startswith(_ROOTS) and name not in out:
                out[name] = ApkFile(name, label + name, zf)
    ctx.files = out
    return out


def _native_libs(files: dict[str, ApkFile]) -> set[str]:
    return {n.rsplit("/", 1)[-1] for n in files if n.startswith("lib/") and n.count("/") == 2}


def _matches_file(sign: RuntimeSign, files: dict[str, ApkFile]) -> str | None:
    value = sign.value
    if "*" not in value and "?" not in value:
        return value if value in files else None
    rx = re.compile(glob_regex(value))
    return next((n for n in sorted(files) if rx.fullmatch(n)), None)


def _matches_lib(sign: RuntimeSign, libs: set[str]) -> str | None:
    value = sign.value
    if value.endswith("*"):
        return next((lib for lib in sorted(libs) if lib.startswith(value[:-1])), None)
    return value if value in libs else None


def _describe(sign: RuntimeSign, found: str) -> str:
    return {
        "file": f"file {found}",
        "native_lib": f"native library {found}",
        "manifest_class": f"component {found}",
        "dex_class": f"class {found}",
        "dex_prefix": f"classes under {found}",
    }[sign.kind]


def _make(info: RuntimeInfo, evidence: list[str]) -> Runtime:
    return Runtime(id=info.id, name=info.name, family=info.family, evidence=evidence)


def add_runtime(ctx: ScanContext, rid: str, evidence: list[str]) -> Runtime | None:
    """Record a runtime recognised outside this module (the WebView shell heuristic)."""
    info = next((r for r in load_runtimes() if r.id == rid), None)
    if info is None:
        return None
    for rt in ctx.app.runtimes:
        if rt.id == rid:
            rt.evidence.extend(e for e in evidence if e not in rt.evidence)
            return rt
    rt = _make(info, list(evidence))
    ctx.app.runtimes.append(rt)
    return rt


def detect(ctx: ScanContext) -> None:
    """Runtimes whose files or launcher/Application class are in the APK (names only)."""
    files = apk_files(ctx)
    components = {c for c in (ctx.app.main_activity, ctx.app.application_class) if c}
    if not files and not components:
        return
    libs = _native_libs(files)
    for info in load_runtimes():
        strong: list[str] = []
        supporting: list[str] = []
        for sign in info.evidence:
            if sign.kind == "file":
                found = _matches_file(sign, files)
            elif sign.kind == "native_lib":
                found = _matches_lib(sign, libs)
            elif sign.kind == "manifest_class":
                found = sign.value if sign.value in components else None
            else:
                continue  # dex signs: refine()
            if found is not None:
                (strong if sign.strength == "strong" else supporting).append(_describe(sign, found))
        if strong:
            ctx.app.runtimes.append(_make(info, strong + supporting))


@lru_cache(maxsize=1)
def dex_prefixes() -> tuple[str, ...]:
    """Class prefixes the DEX pass should list for `refine` (descriptor form, 'L...')."""
    out: set[str] = set()
    for info in load_runtimes():
        for sign in (*info.evidence, *info.hot_update):
            if sign.kind == "dex_prefix":
                out.add("L" + sign.value)
            elif sign.kind == "dex_class":
                out.add(sign.value)
    return tuple(sorted(out))


def refine(ctx: ScanContext) -> None:
    """Dex signs: runtimes recognised only from their classes, and hot-update libraries."""
    code = ctx.code
    if code is None:
        return
    wanted = dex_prefixes()
    classes = [c for c in code.class_names if c.startswith(wanted)]  # SDK classes drop out here
    if not classes:
        return
    defined = set(classes)

    def found(sign: RuntimeSign) -> str | None:
        if sign.kind == "dex_class":
            return sign.value if sign.value in defined else None
        if sign.kind == "dex_prefix":
            prefix = "L" + sign.value
            return sign.value if any(c.startswith(prefix) for c in classes) else None
        return None

    for info in load_runtimes():
        hits = [(s, f) for s in info.evidence if (f := found(s)) is not None]
        existing = next((r for r in ctx.app.runtimes if r.id == info.id), None)
        if existing is None and any(s.strength == "strong" for s, _ in hits):
            existing = _make(info, [])
            ctx.app.runtimes.append(existing)
        if existing is None:
            continue
        existing.evidence.extend(d for s, f in hits if (d := _describe(s, f)) not in existing.evidence)
        for sign in info.hot_update:
            got = found(sign) if sign.kind != "file" else _matches_file(sign, apk_files(ctx))
            if got is not None and sign.what not in existing.hot_update:
                existing.hot_update.append(sign.what)


def framework_prefixes(ctx: ScanContext) -> tuple[str, ...]:
    """Package prefixes (slash form) of the recognised runtimes' own code."""
    ids = {r.id for r in ctx.app.runtimes}
    return tuple(sorted({p for info in load_runtimes() if info.id in ids for p in info.framework}))

"""Which packer (if any) hides the app's real code, and what that means for completeness."""

from __future__ import annotations

from auditor.analysis.context import ScanContext
from auditor.apk.container import OpenedApk
from auditor.catalogue.knowledge import PackerInfo
from auditor.model import Message


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


def analyse(ctx: ScanContext) -> None:
    ctx.packer = detect_packer(ctx.opened, ctx.app.application_class, ctx.knowledge.packers)


def coverage_notes(ctx: ScanContext) -> None:
    """Say plainly when the code evidence cannot be complete (no dex, no scan, a packer)."""
    if ctx.code is None and ctx.code_skipped == "only_lenders":
        ctx.warnings.append(Message.of("code_only_lenders"))
    elif ctx.code is None:
        ctx.warnings.append(Message.of("code_off"))
    elif not ctx.code.dex_names:
        ctx.warnings.append(Message.of("no_dex"))
    if ctx.packer:
        ctx.warnings.append(Message.of("packed", packer=ctx.packer))

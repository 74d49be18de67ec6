"""What each requested permission means: protection level, runtime or not, data categories.

Protection levels come from androguard's bundled AOSP permission data for the app's target
SDK (falling back to the newest level for permissions added later); categories and the
plain-language meaning come from catalogue/permissions.yaml.
"""

from __future__ import annotations

from functools import lru_cache

from auditor.analysis.context import ScanContext
from auditor.analysis.evidence import permission_evidence
from auditor.apk.manifest import RequestedPermission, requested_permissions
from auditor.catalogue.knowledge import Knowledge
from auditor.model import Permission, Text


@lru_cache(maxsize=8)
def _aosp_table(api_level: int) -> dict[str, str]:
    """permission name -> protectionLevel, as AOSP declares it at that API level."""
    from loguru import logger

    logger.disable("androguard")
    from androguard.core.api_specific_resources import load_permissions

    return {
        name: str(info.get("protectionLevel") or "")
        for name, info in load_permissions(api_level).items()
    }


NEWEST_AOSP_LEVEL = 36


def protection_level(name: str, target_sdk: int | None) -> str | None:
    level = target_sdk if target_sdk and target_sdk > 0 else NEWEST_AOSP_LEVEL
    found = _aosp_table(level).get(name)
    if found is None and level != NEWEST_AOSP_LEVEL:
        # Permissions newer than the app's target (READ_MEDIA_IMAGES on a target-31 app)
        # still have a protection level on the devices that grant them.
        found = _aosp_table(NEWEST_AOSP_LEVEL).get(name)
    return found or None


def classify(
    requested: list[RequestedPermission],
    target_sdk: int | None,
    knowledge: Knowledge,
    declared_by_app: dict[str, str | None],
) -> list[Permission]:
    out: list[Permission] = []
    for req in sorted(requested, key=lambda r: r.name):
        info = knowledge.permissions.get(req.name)
        level = protection_level(req.name, target_sdk)
        known = level is not None or info is not None
        if level is None and req.name in declared_by_app:
            level = declared_by_app[req.name] or "normal"
            known = True
        out.append(
            Permission(
                name=req.name,
                protection_level=level or "unknown",
                dangerous="dangerous" in (level or "").split("|"),
                categories=list(info.categories) if info else [],
                max_sdk=req.max_sdk,
                sdk23_only=req.sdk23_only,
                meaning=info.meaning
                if info
                else _fallback_meaning(known, own=req.name in declared_by_app),
                known=known,
            )
        )
    return out


def _fallback_meaning(known: bool, own: bool) -> Text:
    """A meaning for a permission the catalogue does not describe (the name is shown next
    to it, so the meaning says what kind of permission it is)."""
    if own:
        return Text(
            "A permission this app defines for its own use (it opens no data on the phone by itself)",
            "这个应用自己定义、供自己使用的权限（它本身不开放手机上的数据）",
        )
    if known:
        return Text("An Android permission auditor has no description for", "auditor 没有说明的安卓权限")
    return Text(
        "A vendor or app-specific permission auditor does not know",
        "auditor 不认识的厂商或应用自定义权限",
    )


def analyse(ctx: ScanContext) -> None:
    """Requested permissions with their meaning, and each as `declared` evidence."""
    if ctx.opened.apk is None:  # code only: no manifest, no permission is known
        return
    declared_by_app = {
        str(d["name"]): d.get("protection_level") for d in ctx.app.declared_permissions if d.get("name")
    }
    ctx.permissions = classify(
        requested_permissions(ctx.opened), ctx.app.target_sdk, ctx.knowledge, declared_by_app
    )
    ctx.evidence.extend(permission_evidence(ctx.permissions))

"""Social-graph harvesting (category `sns`): who logs you in through WeChat/QQ/Weibo/
Facebook…, what the authorisation asks for, and code aimed at other apps' data.

A bundled social SDK alone is not collection (it may sit unused). `sns` is collected when
1. code outside the SDK calls into it (every method of the SDK's packages is a target, so
   any entry point counts, whatever the SDK version calls it), with the authorisation
   scopes that code loads (`snsapi_userinfo`, `get_user_info`, `user_friends`, …); or
2. code reaches for another app's private data: paths to WeChat/QQ/WhatsApp databases and
   storage, or an accessibility service that names a messaging app (it can read its screens).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from auditor.analysis.attribution import Attributor
from auditor.analysis.context import ScanContext
from auditor.analysis.notes import keyed
from auditor.apk.manifest import accessibility_services
from auditor.catalogue.knowledge import Knowledge, SdkInfo
from auditor.dex import MethodTarget, Reference, StringTarget
from auditor.model import Evidence, OtherAppAccess, Sdk, SnsUse

SNS_KINDS = ("sns_login", "social_share")
_USE = "sns_use:"
_SCOPE = "sns_scope:"


def social_sdks(knowledge: Knowledge) -> list[SdkInfo]:
    return [s for s in knowledge.sdks if s.kind in SNS_KINDS or s.sns_network]


def sns_targets(knowledge: Knowledge) -> tuple[list[MethodTarget], list[StringTarget]]:
    """Any method of a social SDK's packages, and its authorisation-scope strings."""
    methods, strings = [], []
    for sdk in social_sdks(knowledge):
        for prefix in sdk.prefixes:
            methods.append(MethodTarget(f"{_USE}{sdk.id}", "L" + prefix, "", None))
        for scope in sdk.sns_scopes:
            # Short common words ("all", "email") only count next to an SDK call (below).
            strings.append(
                StringTarget(f"{_SCOPE}{sdk.id}", scope, "prefix" if len(scope) >= 6 else "exact")
            )
    return methods, strings


@dataclass
class _Found:
    sdk: SdkInfo
    uses: list[Reference]
    scopes: list[Reference]


def analyse_sns(
    refs: list[Reference],
    knowledge: Knowledge,
    attributor: Attributor,
    sdks_present: list[Sdk],
    accessibility_classes: set[str],
) -> tuple[list[SnsUse], list[OtherAppAccess], list[Evidence]]:
    by_id = {s.id: s for s in social_sdks(knowledge)}
    # Platform plumbing (Play services base calling its own sign-in classes) is not a use:
    # libraries run only when called and never start a login by themselves.
    libraries = {s.id for s in knowledge.sdks if s.library}
    present = {s.id for s in sdks_present}
    found: dict[str, _Found] = {}
    scope_refs: dict[str, list[Reference]] = defaultdict(list)
    messaging_keys = {e.id for e in knowledge.apis if e.role == "messaging_package"}
    path_keys = {e.id for e in knowledge.apis if e.role == "other_app_data"}
    messaging: list[Reference] = []
    paths: list[Reference] = []
    for ref in refs:
        if ref.key.startswith(_USE):
            sid = ref.key[len(_USE) :]
            by, _ = attributor.who(ref.caller_class)
            if by != sid and sid in by_id and by not in libraries:  # calls from outside the SDK
                found.setdefault(sid, _Found(by_id[sid], [], [])).uses.append(ref)
        elif ref.key.startswith(_SCOPE):
            scope_refs[ref.key[len(_SCOPE) :]].append(ref)
        elif ref.key in path_keys:
            paths.append(ref)
        elif ref.key in messaging_keys and _outer(ref.caller_class) in accessibility_classes:
            messaging.append(ref)

    uses: list[SnsUse] = []
    evidence: list[Evidence] = []
    for sid, f in sorted(found.items()):
        if sid not in present:
            continue
        callers = {r.caller for r in f.uses}
        scopes = [
            r
            for r in scope_refs.get(sid, [])
            if r.caller in callers or ("_" in r.target and len(r.target) >= 8)
        ]
        network = f.sdk.sns_network or f.sdk.id
        for r in _first_per_caller(f.uses):
            evidence.append(_ev(r, attributor, keyed("sns_call", sdk=sid, network=network)))
        for r in scopes:
            note = keyed("sns_scope", network=network, scope=r.target)
            evidence.append(_ev(r, attributor, note, kind="string"))
        uses.append(
            SnsUse(
                network=network,
                sdk=sid,
                scopes=sorted({r.target for r in scopes}),
                callers=sorted(callers),
            )
        )
    other: list[OtherAppAccess] = []
    for r in paths:
        evidence.append(_ev(r, attributor, keyed("other_app_path"), kind="string"))
        other.append(OtherAppAccess("path", r.target, r.caller, r.dex))
    for r in messaging:
        evidence.append(_ev(r, attributor, keyed("accessibility_messaging"), kind="string"))
        other.append(OtherAppAccess("accessibility", r.target, r.caller, r.dex))
    return uses, other, evidence


def _outer(class_descriptor: str) -> str:
    return class_descriptor.split("$", 1)[0].rstrip(";").lstrip("L").replace("/", ".")


def _first_per_caller(refs: list[Reference]) -> list[Reference]:
    seen: dict[str, Reference] = {}
    for r in sorted(refs):
        seen.setdefault(r.caller, r)
    return list(seen.values())


def _ev(
    ref: Reference, attributor: Attributor, note: dict[str, Any], kind: str = "api_call"
) -> Evidence:
    by, sdk = attributor.who(ref.caller_class)
    return Evidence(
        category="sns",
        kind=kind,
        detail=ref.target,
        caller=ref.caller,
        dex=ref.dex,
        sdk=sdk,
        offset=ref.offset,
        by=by,
        strength="code",
        **note,
    )


def analyse(ctx: ScanContext) -> None:
    if ctx.code is None or ctx.attributor is None:
        return
    ctx.sns, ctx.other_app_data, evidence = analyse_sns(
        ctx.code.references, ctx.knowledge, ctx.attributor, ctx.sdks, accessibility_services(ctx.opened)
    )
    ctx.evidence.extend(evidence)

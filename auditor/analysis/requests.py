"""How the app asks: runtime permission requests, what they bundle, when, and what happens
on refusal ("不给权限不让用": forced, bundled and premature requests; 认定方法 2019,
MIIT 164号文).

Static reading, per request call site:
- the permissions asked for are the `android.permission.*` strings loaded in the same method
  (Manifest.permission constants are inlined as strings);
- the component is the calling class with inner/lambda suffixes removed; the launcher
  activity or the Application class means "at start-up, before any loan step";
- refusal blocks the service when the request's class (or one of its inner classes) calls
  finish()/System.exit()/Process.killProcess() from a permission result handler.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from auditor.analysis.attribution import Attributor
from auditor.analysis.context import ScanContext
from auditor.analysis.notes import message, note
from auditor.analysis.permissions import protection_level
from auditor.catalogue.knowledge import Knowledge
from auditor.dex import Reference
from auditor.model import AppInfo, Evidence, PermissionRequest

#: Methods that receive the outcome of a permission request (framework and common libraries).
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


def _outer(class_descriptor: str) -> str:
    return class_descriptor.split("$", 1)[0].rstrip(";") + ";"


def _java(class_descriptor: str) -> str:
    return class_descriptor[1:-1].replace("/", ".")


def analyse_requests(
    refs: list[Reference], knowledge: Knowledge, app: AppInfo, attributor: Attributor
) -> tuple[list[PermissionRequest], list[Evidence]]:
    roles = {e.id: e.role for e in knowledge.apis}
    by_method: dict[str, list[Reference]] = defaultdict(list)
    quits_by_class: dict[str, list[Reference]] = defaultdict(list)
    for ref in refs:
        role = roles.get(ref.key)
        if role in ("permission_request", "permission_string"):
            by_method[ref.caller].append(ref)
        elif role == "quit" and ref.caller_method in RESULT_HANDLERS:
            quits_by_class[_outer(ref.caller_class)].append(ref)

    startup = {c for c in (app.main_activity, app.application_class) if c}
    requests: list[PermissionRequest] = []
    evidence: list[Evidence] = []
    for caller, hits in sorted(by_method.items()):
        calls = [r for r in hits if roles[r.key] == "permission_request"]
        if not calls:
            continue
        names = sorted({r.target for r in hits if roles[r.key] == "permission_string"})
        dangerous = [
            n
            for n in names
            if "dangerous" in (protection_level(n, app.target_sdk) or "").split("|")
        ]
        component = _outer(calls[0].caller_class)
        at_startup = _java(component) in startup
        quits = quits_by_class.get(component, [])
        by, sdk = attributor.who(calls[0].caller_class)
        req = PermissionRequest(
            caller=caller,
            component=_java(component),
            api=calls[0].target,
            dex=calls[0].dex,
            permissions=names,
            dangerous=dangerous,
            at_startup=at_startup,
            bundled=len(dangerous) >= 2,
            blocks_on_denial=bool(quits),
            quit_calls=sorted({f"{q.target} in {q.caller}" for q in quits}),
            by=by,
            sdk=sdk,
        )
        requests.append(req)
        evidence.append(_evidence(req, calls[0]))
    return requests, evidence


def _evidence(req: PermissionRequest, call: Reference) -> Evidence:
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
    if ctx.code is None or ctx.attributor is None:
        return
    ctx.requests, evidence = analyse_requests(ctx.code.references, ctx.knowledge, ctx.app, ctx.attributor)
    ctx.evidence.extend(evidence)

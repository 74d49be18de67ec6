"""Issue 17, part 2 and 4: how apps really ask. Inherited requestPermissions, a Fragment, the
Activity Result API, a permission library asking at start-up (names from a group constant),
and the library's own prompt folded into the app's call."""

from __future__ import annotations

import pytest

from auditor.analysis.requests import analyse_requests
from auditor.catalogue.knowledge import load_knowledge
from auditor.catalogue.permission_libraries import (
    load_permission_libraries,
    parse_libraries,
)
from auditor.errors import RuleError
from tests.conftest import scan_sample, validate_report

P = "android.permission."
KRED = "Lcom/example/kreditpintar/"
SELFIE = "Lcom/example/selfiecash/"
KILAT = "Lcom/example/kilatdana/"

ASK = "Landroid/app/Activity;->requestPermissions([Ljava/lang/String;I)V"
FRAGMENT_ASK = "Landroidx/fragment/app/Fragment;->requestPermissions([Ljava/lang/String;I)V"
LAUNCH = "Landroidx/activity/result/ActivityResultLauncher;->launch(Ljava/lang/Object;)V"
XXP = "Lcom/hjq/permissions/XXPermissions;->request(Lcom/hjq/permissions/OnPermissionCallback;)V"
ON_CREATE = "->onCreate(Landroid/os/Bundle;)V"


def req(caller, api, names, component, *, bundled=False, at_startup=False, blocks=False,
        library=None, source=None):  # fmt: skip
    return dict(
        caller=caller, api=api, permissions=[P + n for n in names], component=component,
        bundled=bundled, at_startup=at_startup, blocks_on_denial=blocks, library=library,
        source_method=source,
    )  # fmt: skip


KYC_LAMBDA = "KycActivity;->lambda$onCreate$0$com-example-kreditpintar-KycActivity(Landroid/view/View;)V"
SELFIE_LAMBDA = f"SelfieActivity;->onCreate$lambda$1({SELFIE}SelfieActivity;Landroid/view/View;)V"
EXPECTED = {
    "inherited_asker": [
        req(KRED + "ContactsFragment;->onResume()V", FRAGMENT_ASK, ["READ_CONTACTS"],
            "com.example.kreditpintar.ContactsFragment", blocks=True),
        req(KRED + KYC_LAMBDA, ASK, ["CAMERA", "READ_CONTACTS"],
            "com.example.kreditpintar.KycActivity", bundled=True, source=KRED + "KycActivity;" + ON_CREATE),
    ],
    "launcher_camera": [
        req(SELFIE + "ReferenceActivity;->onStart()V", LAUNCH, ["READ_CALL_LOG", "READ_CONTACTS"],
            "com.example.selfiecash.ReferenceActivity", bundled=True, blocks=True),
        req(SELFIE + SELFIE_LAMBDA, LAUNCH, ["CAMERA"], "com.example.selfiecash.SelfieActivity",
            source=SELFIE + "SelfieActivity;" + ON_CREATE),
    ],
    "xxperm_startup": [
        req(KILAT + "SplashActivity;" + ON_CREATE, XXP,
            ["GET_ACCOUNTS", "READ_CONTACTS", "READ_PHONE_STATE", "WRITE_CONTACTS"],
            "com.example.kilatdana.SplashActivity", bundled=True, at_startup=True, blocks=True,
            library="xxpermissions"),
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_requests_are_exactly_these(name):
    r = scan_sample(name, ("baseline", "cn", "in"))
    ordered = sorted(r.permission_requests, key=lambda q: q.caller)
    got = [{k: getattr(q, k) for k in EXPECTED[name][0]} for q in ordered]
    assert got == EXPECTED[name]
    assert all(q.by == "app" for q in r.permission_requests)
    # each request is one permission_request evidence at the same call site, same source method
    ev = sorted((e for e in r.evidence if e.kind == "permission_request"), key=lambda e: e.caller)
    assert [(e.caller, e.detail, e.source_method) for e in ev] == [
        (q["caller"], q["api"], q["source_method"]) for q in EXPECTED[name]]
    validate_report(r.to_dict())


def test_no_request_at_a_contract_or_inside_a_library():
    for name in EXPECTED:
        r = scan_sample(name)
        for q in r.permission_requests:
            assert "<init>" not in q.caller
            assert not q.caller.startswith(("Lcom/hjq/permissions/", "Landroidx/"))


def test_library_prompt_is_folded_into_the_apps_call():
    r = scan_sample("xxperm_startup")
    (ev,) = [e for e in r.evidence if e.kind == "permission_request"]
    assert "through XXPermissions" in ev.note
    assert "1 internal call, folded in" in ev.note
    assert "Permission$Group.CONTACTS" in ev.note  # names read from the library's <clinit>
    assert "SplashActivity$1;->onDenied" in ev.note  # the anonymous callback quits
    assert [s.id for s in r.sdks] == ["xxpermissions"]
    ids = {f.rule_id for f in r.findings}
    assert {"CN-MIIT-003", "CN-MIIT-004"} <= ids  # premature and bundled, blocks on refusal


def test_activity_result_quit_is_found_through_the_lambda_class():
    r = scan_sample("launcher_camera")
    ref = next(q for q in r.permission_requests if q.component.endswith("ReferenceActivity"))
    body = "ReferenceActivity;->lambda$new$0$com-example-selfiecash-ReferenceActivity(Ljava/util/Map;)V"
    assert ref.quit_calls == [f"{SELFIE}ReferenceActivity;->finish()V in {SELFIE}{body}"]
    notes = {e.caller: e.note for e in r.evidence if e.kind == "permission_request"}
    assert "RequestMultiplePermissions" in notes[ref.caller]
    assert any("RequestPermission" in n and "Multiple" not in n for n in notes.values())


def test_camera_in_context_stays_clean():
    r = scan_sample("inherited_asker", ("baseline", "cn", "in"))
    kyc = next(q for q in r.permission_requests if q.component.endswith("KycActivity"))
    assert not kyc.at_startup and not kyc.blocks_on_denial
    (ev,) = [e for e in r.evidence if e.kind == "permission_request" and e.caller == kyc.caller]
    assert "written as KycActivity.requestPermissions (inherited)" in ev.note


def _refs(*items):
    from auditor.dex import Reference

    return [Reference("classes.dex", c, m, "()V", off, kind, key, t) for c, m, off, kind, key, t in items]


def test_unrecognised_library_entry_still_shows_the_prompt():
    """Only the library's own prompt is there: reported once, by the library."""
    from auditor.analysis.attribution import Attributor
    from auditor.model import AppInfo

    k = load_knowledge()
    refs = _refs(("Lcom/hjq/permissions/PermissionFragment;", "onResume", 4, "invoke", "perm:fw.app_fragment",
                  "Landroid/app/Fragment;->requestPermissions([Ljava/lang/String;I)V"))  # fmt: skip
    app = AppInfo("com.x", None, None, None, 21, 33, "0", "x.apk", 1)
    reqs, ev = analyse_requests(refs, k, app, Attributor(("com/x/",), k.sdks))
    assert [(q.library, q.by) for q in reqs] == [("xxpermissions", "xxpermissions")]
    assert "not recognised" in ev[0].note
    # androidx's own plumbing is never a request of its own
    refs = _refs(("Landroidx/core/app/ActivityCompat;", "requestPermissions", 4, "invoke", "perm:fw.activity",
                  "Landroid/app/Activity;->requestPermissions([Ljava/lang/String;I)V"))  # fmt: skip
    assert analyse_requests(refs, k, app, Attributor(("com/x/",), k.sdks)) == ([], [])


def test_codegen_requests_belong_to_the_target_screen():
    from auditor.analysis.attribution import Attributor
    from auditor.model import AppInfo

    k = load_knowledge()
    gen = "Lcom/x/MainActivityPermissionsDispatcher;"
    refs = _refs(
        (gen, "readWithPermissionCheck", 8, "invoke", "perm:fw.activitycompat",
         "Landroidx/core/app/ActivityCompat;->requestPermissions(Landroid/app/Activity;[Ljava/lang/String;I)V"),
        (gen, "readWithPermissionCheck", 2, "const_string", "request.permission_string", P + "READ_SMS"),
    )  # fmt: skip
    app = AppInfo("com.x", None, None, None, 21, 33, "0", "x.apk", 1, main_activity="com.x.MainActivity")
    (req,), _ev = analyse_requests(refs, k, app, Attributor(("com/x/",), k.sdks))
    assert req.component == "com.x.MainActivity" and req.at_startup and req.permissions == [P + "READ_SMS"]


def test_catalogue_is_consistent():
    libs = load_permission_libraries()
    sdk_ids = {s.id: s for s in load_knowledge().sdks}
    for lib in libs.libraries:
        if lib.kind == "library":
            assert lib.sdk in sdk_ids, lib.id
            sdk_prefixes = sdk_ids[lib.sdk].prefixes
            assert all(p.startswith(sdk_prefixes) for p in lib.prefixes), lib.id
    assert all(e.key.startswith("perm:") for e in libs.by_key.values())
    entry = {"id": "x.a", "step": "trigger", "class": "Lx;", "name": "a", "descriptor": None}
    lib = {"id": "x", "name": "X", "kind": "library", "prefixes": ["x/"], "entry_points": [entry],
           "result_handlers": []}  # fmt: skip
    with pytest.raises(RuleError, match="duplicate"):
        parse_libraries({"libraries": [lib, lib]})


def test_names_captured_from_the_enclosing_method():
    """A Kotlin lambda asks with an array its enclosing onCreate built (a captured value)."""
    from auditor.analysis.attribution import Attributor
    from auditor.analysis.shapes import Shapes
    from auditor.dex.hierarchy import Hierarchy
    from auditor.model import AppInfo

    k = load_knowledge()
    lam = "onCreate$lambda$0"
    refs = _refs(
        ("Lcom/x/Main;", lam, 6, "invoke", "perm:fw.activity", ASK),
        ("Lcom/x/Main;", "onCreate", 2, "const_string", "request.permission_string", P + "CAMERA"),
    )
    refs = [r if r.caller_method != "onCreate" else
            type(r)(r.dex, r.caller_class, r.caller_method, "(Landroid/os/Bundle;)V", r.offset,
                    r.kind, r.key, r.target) for r in refs]  # fmt: skip
    app = AppInfo("com.x", None, None, None, 21, 33, "0", "x.apk", 1)
    (req,), (ev,) = analyse_requests(refs, k, app, Attributor(("com/x/",), k.sdks),
                                     shapes=Shapes(Hierarchy([])))  # fmt: skip
    assert req.permissions == [P + "CAMERA"] and req.source_method == "Lcom/x/Main;->onCreate"
    assert "names from Main.onCreate" in ev.note

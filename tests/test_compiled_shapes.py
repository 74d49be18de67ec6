"""Issue 17, part 3: Kotlin and Java 8 shapes. Lambdas (javac/D8 bodies, D8 lambda classes,
Kotlin SAM lambdas), anonymous classes, coroutines: the evidence names the source-level
method, and collect -> upload links across the methods the compiler made."""

from __future__ import annotations

import zipfile

import pytest

from auditor.analysis.exfiltration import link_nested
from auditor.analysis.shapes import Shapes, maybe_compiler_made
from auditor.catalogue.framework_classes import load_framework_classes
from auditor.dex import DexFile
from auditor.dex.annotations import class_annotations
from auditor.dex.hierarchy import Hierarchy
from auditor.model import Evidence
from tests.conftest import sample, scan_sample, validate_report

RUPEE = "Lcom/example/kwikrupee/"
CLICK = RUPEE + "MainActivity;->onCreate$lambda$0(Lcom/example/kwikrupee/MainActivity;Landroid/view/View;)V"
ON_CREATE = "->onCreate(Landroid/os/Bundle;)V"


def _shapes(name: str) -> Shapes:
    with zipfile.ZipFile(sample(name)) as zf:
        dexes = [d for n in sorted(zf.namelist()) if n.endswith(".dex")
                 for d in DexFile.open_all(zf.read(n), n)]  # fmt: skip
    return Shapes(Hierarchy(dexes, load_framework_classes()))


def test_coroutine_upload_is_linked_to_the_click_lambda_that_reads_sms():
    r = scan_sample("kotlin_sms_upload")
    (exfil,) = [e for e in r.evidence if e.kind == "exfiltration_suspected"]
    assert exfil.category == "sms" and exfil.strength == "exfiltration" and exfil.by == "app"
    assert exfil.caller == CLICK
    assert exfil.source_method == RUPEE + "MainActivity;" + ON_CREATE
    assert "MainActivity$onCreate$1$1;->invokeSuspend" in exfil.note and "sends" in exfil.note
    (query,) = [e for e in r.evidence if e.kind == "api_call"]
    assert query.category == "sms" and query.caller == CLICK
    assert query.source_method == RUPEE + "MainActivity;" + ON_CREATE
    assert "BASE-EXF-001" in {f.rule_id for f in r.findings}
    validate_report(r.to_dict())


@pytest.mark.parametrize(
    ("apk", "method", "source", "steps"),
    [
        ("inherited_asker",
         "Lcom/example/kreditpintar/KycActivity;->lambda$onCreate$0$com-example-kreditpintar-KycActivity(Landroid/view/View;)V",
         "Lcom/example/kreditpintar/KycActivity;" + ON_CREATE, ("lambda body",)),
        ("inherited_asker",
         "Lcom/example/kreditpintar/KycActivity$$ExternalSyntheticLambda0;->onClick(Landroid/view/View;)V",
         "Lcom/example/kreditpintar/KycActivity;" + ON_CREATE, ("lambda class", "lambda body")),
        ("kotlin_sms_upload",
         RUPEE + "MainActivity$onCreate$1$1;->invokeSuspend(Ljava/lang/Object;)Ljava/lang/Object;",
         RUPEE + "MainActivity;" + ON_CREATE, ("coroutine", "lambda body")),
        ("kotlin_sms_upload",
         RUPEE + "MainActivity$$ExternalSyntheticLambda0;->onClick(Landroid/view/View;)V",
         RUPEE + "MainActivity;" + ON_CREATE, ("lambda class", "lambda body")),
        ("xxperm_startup", "Lcom/example/kilatdana/SplashActivity$1;->onDenied(Ljava/util/List;Z)V",
         "Lcom/example/kilatdana/SplashActivity;" + ON_CREATE, ("anonymous class",)),
        ("launcher_camera",
         "Lcom/example/selfiecash/SelfieActivity;->cameraPermission$lambda$0("
         "Lcom/example/selfiecash/SelfieActivity;Ljava/lang/Boolean;)V",
         "Lcom/example/selfiecash/SelfieActivity;-><init>()V", ("property initializer lambda",)),
        ("launcher_camera",
         "Lcom/example/selfiecash/ReferenceActivity;->lambda$new$0$com-example-selfiecash-ReferenceActivity(Ljava/util/Map;)V",
         "Lcom/example/selfiecash/ReferenceActivity;-><init>()V", ("lambda body",)),
    ],
)  # fmt: skip
def test_source_method_of_compiler_made_code(apk, method, source, steps):
    found = _shapes(apk).source_method(method)
    assert found is not None
    assert (found.reference, found.steps) == (source, steps)
    assert found.chain[0] == method and found.chain[-1] == source


def test_ordinary_methods_have_no_source_method():
    shapes = _shapes("kotlin_sms_upload")
    assert shapes.source_method(RUPEE + "MainActivity;" + ON_CREATE) is None
    assert not maybe_compiler_made("Lcom/hjq/permissions/Permission$Group;-><clinit>()V")
    assert maybe_compiler_made("Lcom/x/A$1;->run()V") and maybe_compiler_made("La/b;->lambda$x$0()V")


def test_annotations_and_values_are_read_from_the_dex():
    with zipfile.ZipFile(sample("kotlin_sms_upload")) as zf:
        dex = DexFile(zf.read("classes.dex"), "classes.dex")
    h = Hierarchy([dex])
    coroutine = RUPEE + "MainActivity$onCreate$1$1;"
    notes = class_annotations(*h.class_column(coroutine, 5))
    assert notes["Lkotlin/coroutines/jvm/internal/DebugMetadata;"]["m"] == "invokeSuspend"
    assert notes["Ldalvik/annotation/EnclosingMethod;"]["value"] == CLICK
    assert notes["Ldalvik/annotation/InnerClass;"] == {"accessFlags": 0x18, "name": None}
    with zipfile.ZipFile(sample("xxperm_startup")) as zf:
        dex = DexFile(zf.read("classes.dex"), "classes.dex")
    h = Hierarchy([dex])
    flow = h.method_flow("Lcom/hjq/permissions/Permission$Group;-><clinit>()V")
    stored = {s.field.split("->")[1]: s.values for s in flow.stores}
    # the def-use pass (auditor.dex._flow) records the array and what went into it
    assert flow.strings_in(stored["CONTACTS:[Ljava/lang/String;"]) == [
        "android.permission.GET_ACCOUNTS", "android.permission.READ_CONTACTS",
        "android.permission.WRITE_CONTACTS"]  # fmt: skip


def _ev(caller: str, cat: str | None = None, kind: str = "api_call") -> Evidence:
    return Evidence(cat, kind, "x", caller=caller, dex="classes.dex", by="app")


def test_nested_link_without_a_creation_edge():
    """A reader whose lambda sends (R8 kept no constructor call to follow): linked by nesting."""
    outer, inner = "Lc;->read()V", "Lc;->lambda$read$0()V"
    chains = {inner: (inner, "Lc;->read"), outer: (outer,)}
    got = link_nested([_ev(outer, "contacts")], {outer: {"contacts"}}, {inner},
                      lambda m: chains.get(m, (m,)))  # fmt: skip
    assert [(e.caller, e.category, e.detail) for e in got] == [(outer, "contacts", inner)]
    # already linked: nothing more
    done = [_ev(outer, "contacts", "exfiltration_suspected")]
    assert link_nested(done, {outer: {"contacts"}}, {inner}, lambda m: chains.get(m, (m,))) == []


def test_method_reference_in_an_invoke_custom_call_site_links_collect_to_upload():
    """dex 038: `new Thread(this::upload)` is a call site with a method handle, no call."""
    r = scan_sample("indy_lambdas")
    (exfil,) = [e for e in r.evidence if e.kind == "exfiltration_suspected"]
    tunai = "Lcom/example/tunaicepat/MainActivity;"
    assert (exfil.category, exfil.caller, exfil.detail) == (
        "contacts", tunai + "->collect()V", tunai + "->upload()V")
    assert "hands over" in exfil.note


def test_result_callback_left_as_a_call_site_is_a_result_handler():
    r = scan_sample("indy_lambdas")
    (req,) = r.permission_requests
    assert req.permissions == ["android.permission.READ_CALL_LOG"] and req.blocks_on_denial
    assert "lambda$new$0(Ljava/util/Map;)V" in req.quit_calls[0]
    (ev,) = [e for e in r.evidence if e.kind == "permission_request"]
    assert "RequestMultiplePermissions" in ev.note


def test_call_sites_are_read_from_the_tables():
    from auditor.dex import MethodTarget, TargetSet
    from auditor.dex.callsites import call_sites, scan_call_sites

    with zipfile.ZipFile(sample("indy_lambdas")) as zf:
        dex = DexFile(zf.read("classes.dex"), "classes.dex")
    assert dex.version == 38
    sites = call_sites(dex)
    assert [(s.name, [dex.method_info(m)[1] for m in s.methods]) for s in sites] == [
        ("run", ["upload"]), ("onActivityResult", ["lambda$new$0"])]
    t = TargetSet(methods=(MethodTarget("u", "Lcom/example/tunaicepat/MainActivity;", "upload", None),))
    (ref,) = scan_call_sites(dex, t)
    assert (ref.kind, ref.caller_method, ref.target.split("->")[1]) == ("call_site", "collect", "upload()V")
    # desugared dex files have no call sites at all
    with zipfile.ZipFile(sample("kotlin_sms_upload")) as zf:
        assert call_sites(DexFile(zf.read("classes.dex"), "classes.dex")) == []


def _rewrite_dex(src, dst, mutate):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "classes.dex":
                data = mutate(bytearray(data))
            zout.writestr(item, bytes(data))


def test_unreadable_annotations_and_code_do_not_stop_the_scan(tmp_path):
    """Hostile input in what only the judging layers read: the scan goes on without it."""
    import struct

    def mutate(buf: bytearray) -> bytearray:
        dex = DexFile(bytes(buf), "classes.dex")
        off = dex._class_defs  # every class: annotations and static values point past the end
        for ci in range(dex.class_defs_size):
            struct.pack_into("<I", buf, off + 32 * ci + 20, len(buf) + 64)
        return buf

    out = tmp_path / "mutated.apk"
    _rewrite_dex(sample("kotlin_sms_upload"), out, mutate)
    from auditor.pipeline import ScanOptions, scan

    r = scan(out, ScanOptions(policies=["baseline"]))
    (query,) = [e for e in r.evidence if e.kind == "api_call"]
    assert query.category == "sms"
    # the click lambda is still named by its method name; the coroutine link needs no annotation
    assert query.source_method == RUPEE + "MainActivity;" + ON_CREATE
    assert any(e.kind == "exfiltration_suspected" for e in r.evidence)

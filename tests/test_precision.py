"""Issue 15: evidence strength as data, the def-use pass, reachability and library names.

Unit tests of each mechanism on hand-built inputs (a synthetic dex, hand-made call records)
and on the fixtures; the measured precision and recall on real APKs are in test_realset.py.
"""

from __future__ import annotations

import pytest

from auditor.analysis.attribution import Attributor, app_prefixes
from auditor.analysis.code import build_code_evidence
from auditor.analysis.evidence import category_status
from auditor.analysis.judge import AppFacts, judge
from auditor.analysis.reach import NOT_CALLED, REACHED, Walker
from auditor.catalogue.knowledge import LIBRARY_KINDS, load_knowledge
from auditor.catalogue.strength import parse_strength
from auditor.dex import Invoke, MethodFlow, Reference, TargetSet, scan_dex_flows
from auditor.dex._flow import MethodFlow as _Flow
from auditor.model import AppInfo, Evidence
from tests.conftest import sample, scan_sample
from tests.test_dex_scanner import (
    RETURN_VOID,
    ClassDef,
    DexBuilder,
    MethodDef,
    MethodKey,
    const_string,
    invoke,
    raw,
)

K = load_knowledge()
PHONE = "android.permission.READ_PHONE_STATE"


def app(perms: tuple[str, ...] = (), target: int = 34, min_sdk: int = 21) -> AppFacts:
    return AppFacts("com.example.app", min_sdk, target, frozenset(perms))


def inv(offset: int, target: str, *args: set, static: bool = False) -> Invoke:
    return Invoke(offset, target, static, tuple(frozenset(a) for a in args))


def flow(caller: str, *invokes: Invoke, strings=(), ints=()) -> MethodFlow:
    return _Flow(caller, False, (), list(invokes), frozenset(strings), frozenset(ints))


# ------------------------------------------------------------------ the catalogue rules


def test_every_strength_rule_parses_and_names_a_source() -> None:
    ruled = [e for e in K.apis if e.strength is not None]
    assert len(ruled) > 100
    for e in ruled:
        s = e.strength
        sources = [s.reads_source, s.confirm_with_source, s.own_only_source, s.direction_source]
        sources += [s.confirm_by.source if s.confirm_by else ""]
        sources += [s.needs_permission.source if s.needs_permission else ""]
        assert any(sources), e.id


def test_needs_permission_names_real_permissions() -> None:
    from auditor.analysis.permissions import protection_level

    for e in K.apis:
        if e.strength and e.strength.needs_permission:
            for name in e.strength.needs_permission.names():
                assert name in K.permissions or protection_level(name, None), (e.id, name)


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"reads": {"as": "touches"}}, "source"),
        ({"reads": {"as": "maybe", "source": "x"}}, "reads.as"),
        ({"confirm_by": {"arg": 1, "int_mask": {3: "call_log"}, "source": "x"}}, "single flag bit"),
        ({"confirm_by": {"const_string": ["a"], "source": "x"}}, "needs `arg`"),
        ({"direction": {"is": "upload", "source": "x"}}, "sink entries only"),
        ({"confirm_with": {"any": [{"strings": [".jpg"]}], "source": "x"}}, "result_to"),
    ],
)
def test_bad_strength_rules_are_refused(raw: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_strength(raw, "collect")


def test_library_sdks_are_named_with_a_kind() -> None:
    kinds = {s.id: s.kind for s in K.sdks}
    for sid in ("androidx", "android_support", "glide", "gson", "okhttp", "multidex", "play_core",
                "play_services_base", "kotlin_runtime"):
        assert kinds[sid] in LIBRARY_KINDS, sid
    assert {s.id for s in K.sdks if s.loads_own_code} >= {"multidex", "play_core"}


# ------------------------------------------------------------------ judging one hit

STRING = "Ljava/lang/String;"
SECURE = f"Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;{STRING}){STRING}"


@pytest.mark.parametrize(
    "key, reason",
    [({("s", "android_id")}, None), ({("s", "enabled_notification_listeners")}, "argument"),
     ({("p", 1)}, "argument_unknown")],
)
def test_settings_secure_counts_only_with_the_android_id_key(key: set, reason: str | None) -> None:
    entry = K.apis_by_id["device_ids.settings_secure_get_string"]
    f = flow("LX;->m()V", inv(4, SECURE, {("r", 0)}, key, static=True))
    assert [v.reason for v in judge(entry, 4, f, app())] == [reason]


def test_permission_gate_respects_target_sdk_limits() -> None:
    line1 = K.apis_by_id["phone_number.line1_number"]
    assert judge(line1, 0, None, app((PHONE,), target=29))[0].reason is None
    assert judge(line1, 0, None, app((PHONE,), target=30))[0].reason == "needs_permission"
    assert judge(line1, 0, None, app(("android.permission.READ_PHONE_NUMBERS",)))[0].reason is None
    imei = K.apis_by_id["device_ids.device_id"]
    assert judge(imei, 0, None, app())[0].reason == "needs_permission"


LISTEN = "Landroid/telephony/TelephonyManager;->listen(Landroid/telephony/PhoneStateListener;I)V"


def test_listen_flags_map_to_categories_and_their_permissions() -> None:
    entry = K.apis_by_id["call_log.phone_state_listener"]
    calls = "android.permission.READ_CALL_LOG"
    coarse = "android.permission.ACCESS_COARSE_LOCATION"

    def verdicts(flags: int, perms: tuple[str, ...]) -> list[tuple[str | None, str | None]]:
        f = flow("LX;->m()V", inv(0, LISTEN, {("r", 9)}, {("p", 1)}, {("i", flags)}))
        return [(v.category, v.reason) for v in judge(entry, 0, f, app(perms))]

    assert verdicts(1, (calls,)) == [("call_log", "argument")]  # service state only
    assert verdicts(0x20, (calls,)) == [("call_log", None)]
    assert verdicts(0x20, ()) == [("call_log", "needs_permission")]
    assert verdicts(0x30, (calls, coarse)) == [("location", None), ("call_log", None)]


INTENT = "Landroid/content/Intent;"
QUERY = f"Landroid/content/pm/PackageManager;->queryIntentActivities({INTENT}I)Ljava/util/List;"


@pytest.mark.parametrize(
    "calls, reason",
    [
        ([("<init>(Ljava/lang/String;)V", "android.intent.action.MAIN")], None),
        ([("<init>()V", None)], None),
        ([("<init>(Ljava/lang/String;)V", "android.intent.action.SEND")], "argument"),
        ([("<init>(Ljava/lang/String;)V", "android.intent.action.MAIN"),
          ("setPackage(Ljava/lang/String;)Landroid/content/Intent;", None)], "argument"),
        ([("<init>(Landroid/content/Context;Ljava/lang/Class;)V", None)], "argument"),
    ],
)
def test_intent_shape_decides_an_app_list(calls: list, reason: str | None) -> None:
    entry = K.apis_by_id["installed_apps.query_intent_activities"]
    made = ("n", INTENT, 0)
    invokes = [
        inv(2 + i, f"{INTENT}->{sig}", {made}, {("s", a)} if a else {("r", 1)})
        for i, (sig, a) in enumerate(calls)
    ]
    invokes.append(inv(20, QUERY, {("r", 1)}, {made}, {("i", 0)}))
    assert judge(entry, 20, flow("LX;->m()V", *invokes), app())[0].reason == reason


def test_intent_from_elsewhere_is_undetermined() -> None:
    entry = K.apis_by_id["installed_apps.query_intent_activities"]
    field = {("f", f"LX;->intent:{INTENT}")}
    f = flow("LX;->m()V", inv(20, QUERY, {("r", 1)}, field, {("i", 0)}))
    assert judge(entry, 20, f, app())[0].reason == "argument_unknown"


ENV = "Landroid/os/Environment;->getExternalStorageDirectory()Ljava/io/File;"
STORAGE = ("android.permission.READ_EXTERNAL_STORAGE",)


def test_storage_path_is_a_read_only_when_listed_for_media() -> None:
    entry = K.apis_by_id["photos_media.external_storage_dir"]
    path = inv(6, f"Ljava/io/File;->getAbsolutePath(){STRING}", {("r", 0)})
    path_only = flow("LX;->m()V", inv(0, ENV, static=True), path)
    assert judge(entry, 0, path_only, app(STORAGE))[0].reason == "weak"
    child = ("n", "Ljava/io/File;", 8)
    listing = flow(
        "LX;->m()V",
        inv(0, ENV, static=True),
        inv(10, f"Ljava/io/File;-><init>(Ljava/io/File;{STRING})V", {child}, {("r", 0)}, {("s", "DCIM")}),
        inv(16, "Ljava/io/File;->listFiles()[Ljava/io/File;", {child}),
        strings={"DCIM", ".jpg"},
    )
    assert judge(entry, 0, listing, app(STORAGE))[0].reason is None
    assert judge(entry, 0, listing, app())[0].reason == "needs_permission"


LAT = "Landroid/location/Location;->getLatitude()D"
FINE = ("android.permission.ACCESS_FINE_LOCATION",)


def test_location_getter_counts_only_on_a_location_the_app_obtained() -> None:
    entry = K.apis_by_id["location.latitude"]
    param = flow("LX;->m(Landroid/location/Location;)V", inv(0, LAT, {("p", 1)}))
    assert judge(entry, 0, param, app(FINE))[0].reason == "weak"
    callback = flow("LX;->onLocationChanged(Landroid/location/Location;)V", inv(0, LAT, {("p", 1)}))
    assert judge(entry, 0, callback, app(FINE))[0].reason is None
    last = f"Landroid/location/LocationManager;->getLastKnownLocation({STRING})Landroid/location/Location;"
    obtained = flow("LX;->m()V", inv(0, last, {("r", 9)}, {("s", "gps")}), inv(8, LAT, {("r", 0)}))
    assert judge(entry, 8, obtained, app(FINE))[0].reason is None


def test_own_process_lookups_and_paste_handlers() -> None:
    procs = K.apis_by_id["installed_apps.running_app_processes"]
    assert judge(procs, 0, None, app(min_sdk=21))[0].reason == "own_process_only"
    clip = K.apis_by_id["clipboard.primary_clip"]
    get = "Landroid/content/ClipboardManager;->getPrimaryClip()Landroid/content/ClipData;"
    paste = flow("LX;->m(I)Z", inv(0, get, {("r", 9)}), ints={0x01020022})
    assert judge(clip, 0, paste, app())[0].reason == "user_action"
    plain = flow("LX;->m()V", inv(0, get, {("r", 9)}))
    assert judge(clip, 0, plain, app())[0].reason is None


# ------------------------------------------------------------------ evidence building


def _ref(caller: str, key: str, target: str, offset: int = 0, kind: str = "invoke") -> Reference:
    cls, rest = caller.split("->")
    name, desc = rest.split("(", 1)
    return Reference("classes.dex", cls, name, "(" + desc, offset, kind, key, target)


def _attributor(package: str = "com.example.app") -> Attributor:
    info = AppInfo(package, None, None, None, None, None, "", "", 0)
    return Attributor(app_prefixes(info), K.sdks)


def test_a_download_is_not_an_upload() -> None:
    caller = "Lcom/example/app/Sync;->run()V"
    read = _ref(caller, "device_ids.settings_secure_get_string", SECURE, 4)
    opened = "Ljava/net/URL;->openConnection()Ljava/net/URLConnection;"
    stream = "Ljava/net/HttpURLConnection;->getOutputStream()Ljava/io/OutputStream;"
    connect = _ref(caller, "sink.url_open_connection", opened, 10)
    upload = _ref(caller, "sink.httpurlconnection_output_stream", stream, 20)
    key = inv(4, SECURE, {("r", 0)}, {("s", "android_id")}, static=True)
    f = {("classes.dex", caller): flow(caller, key)}
    facts = app()
    down = build_code_evidence([read, connect], K, _attributor(), facts, f)
    assert not [e for e in down if e.kind == "exfiltration_suspected"]
    up = build_code_evidence([read, connect, upload], K, _attributor(), facts, f)
    assert [e.detail for e in up if e.kind == "exfiltration_suspected"] == [upload.target]


def test_multidex_loading_is_not_extra_code() -> None:
    loader = f"Ldalvik/system/DexClassLoader;-><init>({STRING}{STRING}{STRING}Ljava/lang/ClassLoader;)V"
    install = "Landroidx/multidex/MultiDex;->install(Landroid/content/Context;)V"
    ref = _ref(install, "dynamic_code.dex_class_loader", loader)
    [ev] = build_code_evidence([ref], K, _attributor(), app())
    assert ev.kind == "dynamic_code" and ev.reason == "benign_loader" and not ev.scored
    other = _ref("Lcom/example/app/Plugin;->load()V", ref.key, ref.target)
    [ev] = build_code_evidence([other], K, _attributor(), app())
    assert ev.reason is None and ev.strength == "code"


def test_attribution_names_libraries_the_parent_package_and_the_default_package() -> None:
    who = _attributor("io.example.tool.server").who
    assert who("Lio/example/tool/handler/Get;") == ("app", None)  # parent of a deep package
    assert who("LdU;") == ("app", None)  # shrunk into the default package
    assert who("Landroidx/core/app/NotificationManagerCompat;") == ("androidx", "androidx")
    assert who("Landroidx/test/runner/AndroidJUnitRunner;") == ("androidx_test", "androidx_test")
    assert who("Lcom/unknown/lib/Thing;") == ("third_party", None)
    assert _attributor("com.example.app").who("Lcom/example/Other;") == ("third_party", None)


def test_why_not_lists_declared_only_and_the_reasons() -> None:
    evidence = [
        Evidence("location", "permission", "android.permission.ACCESS_FINE_LOCATION", strength="declared"),
        Evidence("location", "api_call", "x", caller="La;->b()V", strength="reference", reason="not_called"),
        Evidence("contacts", "api_call", "y", caller="La;->c()V", strength="code"),
        Evidence("contacts", "api_call", "z", caller="La;->d()V", strength="reference", reason="weak"),
    ]
    status = category_status(evidence, K.categories)
    assert status["location"].why_not == ["declared_only", "not_called"]
    assert status["contacts"].in_code and status["contacts"].why_not == []
    assert status["sms"].why_not == []


# ------------------------------------------------------------------ the def-use pass

INTENT_INIT: MethodKey = (INTENT, "<init>", ("Ljava/lang/String;",), "V")
SET_PACKAGE: MethodKey = (INTENT, "setPackage", ("Ljava/lang/String;",), INTENT)
PM = "Landroid/content/pm/PackageManager;"
QUERY_KEY: MethodKey = (PM, "queryIntentActivities", (INTENT, "I"), "Ljava/util/List;")


def test_flow_pass_follows_constants_and_the_intent_built_in_the_method() -> None:
    cls = "Lcom/example/Apps;"
    code = [
        lambda ids: [0x22 | 1 << 8, ids.types[INTENT]],  # new-instance v1, Intent
        const_string("android.intent.action.MAIN", 2),
        invoke(0x70, INTENT_INIT, (1, 2)),  # invoke-direct Intent.<init>(v2)
        raw(0x0312),  # const/4 v3, 0
        invoke(0x6E, QUERY_KEY, (0, 1, 3)),  # invoke-virtual pm.queryIntentActivities(v1, v3)
        const_string("com.example", 4),
        invoke(0x6E, SET_PACKAGE, (1, 4)),
        RETURN_VOID,
    ]
    dex = DexBuilder(
        extra_strings=["android.intent.action.MAIN", "com.example"],
        referenced_methods=[INTENT_INIT, QUERY_KEY, SET_PACKAGE],
        classes=[ClassDef(cls, [MethodDef("list", (), "V", code)])],
    ).build()
    from auditor.dex import MethodTarget

    targets = TargetSet(methods=(MethodTarget("q", QUERY_KEY[0], "queryIntentActivities", None),))
    refs, flows = scan_dex_flows(dex, targets, "classes.dex", frozenset({"q"}))
    [ref] = refs
    f = flows[("classes.dex", ref.caller)]
    call = f.invoke_at(ref.offset)
    assert call is not None and ("i", 0) in call.arg(2)
    [made] = [v for v in call.arg(1) if v[0] == "n"]
    names = [c.name for c in f.calls_on([made])]
    assert names == ["<init>", "setPackage"]  # calls whose receiver is that Intent
    assert "android.intent.action.MAIN" in f.strings
    entry = K.apis_by_id["installed_apps.query_intent_activities"]
    assert judge(entry, ref.offset, f, app())[0].reason == "argument"  # setPackage names one app


def test_flow_pass_on_a_fixture_sees_the_android_id_key() -> None:
    r = scan_sample("harvester")
    rows = [e for e in r.evidence if e.category == "device_ids" and "Settings$Secure" in e.detail]
    assert rows and rows[0].scored and "android_id" in (rows[0].note or "")


# ------------------------------------------------------------------ reachability


def _harvester_walker(roots: bool, entries: tuple[str, ...] = ()) -> Walker:
    from auditor.analysis.code_scan import _dex_payloads
    from auditor.apk.container import open_apk

    opened = open_apk(sample("harvester"))
    return Walker(
        list(_dex_payloads(opened, None)),
        (lambda cls: cls.startswith("Lcom/example/cashnow/")) if roots else (lambda cls: False),
        entries,
    )


def test_walk_reaches_obfuscated_code_created_by_the_app() -> None:
    result = _harvester_walker(roots=True).classify(["La/b/c;->a()V"])
    assert result == {"La/b/c;->a()V": REACHED}


def test_walk_without_roots_proves_nothing_calls_it() -> None:
    result = _harvester_walker(roots=False).classify(["La/b/c;->a()V"])
    assert result == {"La/b/c;->a()V": NOT_CALLED}


def test_manifest_components_are_entry_points() -> None:
    w = _harvester_walker(roots=False, entries=("com.example.cashnow.MainActivity",))
    assert w.classify(["La/b/c;->a()V"]) == {"La/b/c;->a()V": REACHED}


# ------------------------------------------------------------------ what the reader sees


def _report_with_unscored_hit():
    import copy

    r = copy.deepcopy(scan_sample("compliant"))
    r.evidence.append(
        Evidence(
            "location",
            "api_call",
            "Landroid/location/LocationManager;->getLastKnownLocation(Ljava/lang/String;)Landroid/location/Location;",
            caller="Landroidx/core/location/LocationManagerCompat;->getCurrentLocation()V",
            dex="classes.dex",
            offset=8,
            by="third_party",
            strength="reference",
            reason="not_called",
            note="in unidentified code, never called by the app",
        )
    )
    r.categories["location"].why_not = ["declared_only", "not_called"]
    return r


def test_terminal_verbose_says_why_each_category_is_not_claimed() -> None:
    from auditor.render.interface import RenderOptions
    from auditor.render.terminal import TerminalRenderer

    r = _report_with_unscored_hit()
    text = TerminalRenderer().render(r, RenderOptions(lang="en", color=False, verbose=True, width=200))
    assert "Not counted as read in code" in text
    why = "the manifest asks for it, but no code that counts reads it; code the app never calls"
    assert f"Location: {why}" in text
    assert "LocationManagerCompat.getCurrentLocation()" in text and "never called by the app" in text
    quiet = TerminalRenderer().render(r, RenderOptions(lang="en", color=False, verbose=False, width=200))
    assert "--verbose says why" in quiet and "LocationManagerCompat" not in quiet
    zh = TerminalRenderer().render(r, RenderOptions(lang="zh", color=False, verbose=True, width=200))
    assert "代码中出现、但不算作读取" in zh and "应用从不调用的代码" in zh


def test_html_and_markdown_show_unscored_evidence_with_its_reason() -> None:
    from auditor.render.html import HtmlRenderer
    from auditor.render.interface import RenderOptions
    from auditor.render.markdown import MarkdownRenderer

    r = _report_with_unscored_hit()
    page = HtmlRenderer().render(r, RenderOptions(lang="en"))
    assert 'id="not-counted"' in page and 'id="n-location"' in page
    assert "code the app never calls" in page and "LocationManagerCompat" in page
    md = MarkdownRenderer().render(r, RenderOptions(lang="en"))
    assert "Not counted as read: the manifest asks for it" in md


def test_report_json_carries_reason_and_why_not() -> None:
    from tests.conftest import validate_report

    r = _report_with_unscored_hit()
    data = r.to_dict()
    validate_report(data)
    assert data["categories"]["location"]["why_not"] == ["declared_only", "not_called"]
    assert data["evidence"][-1]["reason"] == "not_called"
    from auditor.model import Report

    assert Report.from_dict(data) == r  # the diff reads saved reports back

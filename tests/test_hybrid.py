"""Hybrid apps on the seven fixtures (sample_apks/README.md, sections N-T): the runtime, the data
category, who collects (the app through its script vs a plugin nobody calls) and where the
evidence is (file, line, offset)."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES, scan_sample, validate_report

HYBRID = (
    "uniapp_njs_contacts",
    "cordova_contacts",
    "rn_plain_sms",
    "rn_hermes_sms",
    "flutter_contacts",
    "flutter_unused_plugin",
    "webview_sms_bridge",
)


def _runtime(report, rid):
    (rt,) = [r for r in report.app.runtimes if r.id == rid]
    return rt


def _scripts(report, category=None):
    return [
        e
        for e in report.evidence
        if e.kind == "script_call" and (category is None or e.category == category)
    ]


def _in(report, cls):
    return [e for e in report.evidence if e.caller and e.caller.startswith(cls + "->")]


def _plugin(rt, name, registry=None):
    (p,) = [p for p in rt.plugins if p.name == name and (registry is None or p.registry == registry)]
    return p


@pytest.mark.parametrize("name", HYBRID)
def test_reports_validate(name):
    for lang in ("en", "zh"):
        validate_report(scan_sample(name, lang=lang).to_dict())


@pytest.mark.parametrize("name", ["harvester", "compliant", "sns_login", "benign", "packed"])
def test_plain_android_apps_have_no_runtime_and_no_script_evidence(name):
    r = scan_sample(name)
    assert r.app.runtimes == []
    assert r.webview_bridges == []
    assert not [e for e in r.evidence if e.kind in ("script_call", "js_bridge") or e.reason]
    assert "runtimes" in r.to_dict()["app"] and "script" not in r.to_dict()["evidence"][0]


def test_uniapp_native_js_reads_contacts_the_dex_never_mentions():
    r = scan_sample("uniapp_njs_contacts")
    rt = _runtime(r, "dcloud")
    assert "component io.dcloud.PandoraEntry" in rt.evidence
    assert rt.complete and "assets/uni-jsframework.js" not in rt.scripts  # the framework is excluded
    assert "assets/apps/__UNI__A1B2C3D/www/app-service.js" in rt.scripts

    (contacts,) = _scripts(r, "contacts")
    assert (contacts.script.file, contacts.script.line, contacts.offset) == (
        "assets/apps/__UNI__A1B2C3D/www/app-service.js",
        5,
        527,
    )
    assert contacts.script.pattern == "dcloud.njs.contacts_class" and contacts.by == "app"
    assert contacts.detail == '"android.provider.ContactsContract'
    assert "dcloud.njs.query at line 6" in contacts.note
    assert r.categories["contacts"].in_code and r.categories["contacts"].by == ["app"]
    assert not [e for e in r.evidence if e.category == "contacts" and e.dex]  # no DEX evidence at all

    (device,) = _scripts(r, "device_ids")
    assert (device.script.line, device.offset, device.detail) == (9, 940, "plus.device.getInfo(")
    assert any("DeviceFeatureImpl;->execute" in s and "getDeviceId" in s for s in device.script.supporting)
    # DCloud's launcher sits in io.dcloud: its plugin code is not "the app" until a script calls it.
    plugin_reads = _in(r, "Lio/dcloud/feature/device/DeviceFeatureImpl;")
    assert plugin_reads and all(e.by == "app" and "app-service.js:9" in e.note for e in plugin_reads)
    assert _plugin(rt, "Device").called is True and _plugin(rt, "Contacts").called is False
    assert "BASE-CON-001" in [f.rule_id for f in r.findings]
    assert not [e for e in _scripts(r) if e.script.file == "assets/uni-jsframework.js"]


def test_cordova_app_calls_contacts_and_never_calls_the_device_plugin():
    r = scan_sample("cordova_contacts")
    rt = _runtime(r, "cordova")
    assert not [s for s in rt.scripts if "/plugins/" in s or s.endswith("cordova.js")]
    (call,) = _scripts(r, "contacts")
    assert (call.script.file, call.script.line, call.offset, call.detail) == (
        "assets/www/js/index.js",
        9,
        263,
        "navigator.contacts.find(",
    )
    assert call.by == "app" and call.strength == "code"
    assert any("ContactAccessorSdk5;->search" in s for s in call.script.supporting)
    assert all(e.by == "app" for e in _in(r, "Lorg/apache/cordova/contacts/ContactAccessorSdk5;"))
    assert r.categories["contacts"].by == ["app"]

    device = _in(r, "Lorg/apache/cordova/device/Device;")
    assert device and all(e.strength == "reference" and e.reason == "not_called" for e in device)
    assert all(e.by == "third_party" for e in device)
    assert not r.categories["device_ids"].in_code
    assert _plugin(rt, "Contacts", "cordova_config").called is True
    assert _plugin(rt, "Device", "cordova_config").called is False
    assert _plugin(rt, "cordova-plugin-device").called is False
    assert _plugin(rt, "Device", "cordova_config").classes == ["Lorg/apache/cordova/device/Device;"]


def test_react_native_plain_bundle_lists_sms():
    r = scan_sample("rn_plain_sms")
    rt = _runtime(r, "react_native")
    assert rt.variant == "plain"
    calls = {e.script.pattern: e for e in _scripts(r, "sms")}
    filt = calls["rn.sms.list_plain_filter"]
    assert (filt.script.file, filt.script.line, filt.offset) == ("assets/index.android.bundle", 5, 1179)
    assert filt.detail.startswith('.list(JSON.stringify({box:"inbox"')
    pair = calls["rn.sms.list"]
    assert pair.script.line == 5 and "Sms @0x3dd" in pair.note and pair.detail == "NativeModules + Sms + list"
    assert any("Lcom/react/SmsModule;->list" in s for s in pair.script.supporting)
    assert all(e.by == "app" for e in _in(r, "Lcom/react/SmsModule;"))
    assert r.categories["sms"].in_code and r.categories["sms"].by == ["app"]


def test_react_native_hermes_bundle_uses_the_string_table():
    r = scan_sample("rn_hermes_sms")
    assert _runtime(r, "react_native").variant == "hermes v89"
    (call,) = _scripts(r, "sms")
    assert call.script.reader == "hermes" and call.script.line is None
    assert call.script.pattern == "rn.sms.list" and call.script.confidence == "medium"
    assert call.offset == 0x478  # the string "list" in the bundle
    assert "NativeModules @0x3ff" in call.note and "Sms @0x453" in call.note
    assert call.strength == "code" and call.by == "app"
    assert any("Lcom/react/SmsModule;->list" in s for s in call.script.supporting)


def _offset_in(name, entry, literal):
    import zipfile

    with zipfile.ZipFile(SAMPLES / f"{name}.apk") as zf:
        return zf.read(entry).find(literal)


def test_flutter_plugin_registered_and_called_from_dart():
    r = scan_sample("flutter_contacts")
    rt = _runtime(r, "flutter")
    assert rt.scripts == ["lib/arm64-v8a/libapp.so"]
    assert _plugin(rt, "contacts_service").called is True
    assert _plugin(rt, "contacts_service").classes == [
        "Lflutter/plugins/contactsservice/contactsservice/ContactsServicePlugin;"
    ]
    (call,) = _scripts(r, "contacts")
    assert call.script.file == "lib/arm64-v8a/libapp.so" and call.script.reader == "binary"
    assert call.offset == _offset_in("flutter_contacts", "lib/arm64-v8a/libapp.so", b"getContacts")
    assert call.detail == "github.com/clovisnicolas/flutter_contacts + getContacts"
    assert any("ContactsServicePlugin;->read" in s for s in call.script.supporting)
    reads = _in(r, "Lflutter/plugins/contactsservice/contactsservice/ContactsServicePlugin;")
    assert reads and all(e.by == "app" and e.strength == "code" for e in reads)
    assert r.categories["contacts"].by == ["app"]


def test_flutter_plugins_registered_but_never_called_are_not_collection():
    r = scan_sample("flutter_unused_plugin")
    rt = _runtime(r, "flutter")
    assert _plugin(rt, "telephony").called is False
    assert _plugin(rt, "contacts_service").called is False
    assert _plugin(rt, "permission_handler_android").called is True  # its channel is in libapp.so
    for cls in (
        "Lcom/shounakmulay/telephony/TelephonyPlugin;",
        "Lflutter/plugins/contactsservice/contactsservice/ContactsServicePlugin;",
    ):
        reads = _in(r, cls)
        assert reads and all(e.reason == "not_called" and e.strength == "reference" for e in reads)
    for cat in ("contacts", "sms"):
        assert r.categories[cat].declared and not r.categories[cat].in_code
    assert not _scripts(r)
    # The manifest still over-asks: the permission findings stand, as permission-only findings.
    # Nothing in this app says it lends (issue 20), so the rules for lending apps are set aside
    # (their conditions still hold); Play's SMS policy is for every app.
    sms = [f for f in r.findings if f.rule_id == "GP-SMS-001"]
    assert sms and sms[0].strength == "declared"
    assert r.app.lending.verdict == "not_lender"
    assert next(n for n in r.not_applicable if n.rule_id == "BASE-SMS-001").matched


def test_webview_bridge_exposes_sms_to_every_page():
    r = scan_sample("webview_sms_bridge")
    assert _runtime(r, "webview_shell").evidence[0].startswith("launcher com.example.h5loan.MainActivity")
    (bridge,) = r.webview_bridges
    assert (bridge.name, bridge.cls) == ("LoanBridge", "Lcom/example/h5loan/LoanBridge;")
    assert bridge.caller == "Lcom/example/h5loan/MainActivity;->onCreate(Landroid/os/Bundle;)V"
    methods = {m.name: m.categories for m in bridge.methods}
    assert methods == {"getAppVersion": [], "getSmsList": ["sms"]}  # readCallLog is not annotated
    assert not bridge.all_public and bridge.by == "app"
    urls = {u.url: (u.cleartext, u.local) for u in bridge.urls}
    assert urls == {
        "file:///android_asset/h5/index.html": (False, True),
        "http://h5.h5loan.example/offers": (True, False),
    }
    (exposed,) = [e for e in r.evidence if e.kind == "js_bridge"]
    assert exposed.category == "sms" and exposed.detail == "window.LoanBridge.getSmsList()"
    assert exposed.caller == "Lcom/example/h5loan/LoanBridge;->getSmsList()Ljava/lang/String;"
    assert "unencrypted (http): http://h5.h5loan.example/offers" in exposed.note
    assert [m.key for m in exposed.note_parts][-1] == "bridge_cleartext_pages"
    (page,) = _scripts(r, "sms")
    assert (page.script.file, page.script.line, page.offset) == ("assets/h5/js/app.js", 5, 210)
    assert page.detail == "window.LoanBridge.getSmsList(" and page.script.supporting
    # The call-log read is real code, but no page can reach it.
    assert [e.kind for e in r.evidence if e.category == "call_log" and e.kind == "js_bridge"] == []
    assert r.categories["call_log"].in_code


def test_no_code_names_the_runtime_but_reads_no_script():
    from auditor.pipeline import ScanOptions, scan

    r = scan(SAMPLES / "cordova_contacts.apk", ScanOptions(policies=["baseline"], scan_code=False))
    assert [rt.id for rt in r.app.runtimes] == ["cordova"]
    assert not _scripts(r) and r.app.runtimes[0].scripts == []


def test_dex_helpers_read_annotations_and_call_arguments():
    import zipfile

    from auditor.dex import (
        VISIBILITY_RUNTIME,
        DexFile,
        class_methods,
        find_class,
        method_annotations,
        method_calls,
    )

    with zipfile.ZipFile(SAMPLES / "webview_sms_bridge.apk") as zf:
        dex = DexFile(zf.read("classes.dex"), "classes.dex")
    bridge = find_class(dex, "Lcom/example/h5loan/LoanBridge;")
    assert bridge is not None and bridge.superclass == "Ljava/lang/Object;"
    names = {dex.method_info(m.midx)[1]: m for m in class_methods(dex, bridge)}
    assert set(names) == {"<init>", "getAppVersion", "getSmsList", "readCallLog"}
    annotated = {
        dex.method_info(midx)[1]
        for midx, items in method_annotations(dex, bridge).items()
        if (VISIBILITY_RUNTIME, "Landroid/webkit/JavascriptInterface;") in items
    }
    assert annotated == {"getAppVersion", "getSmsList"}
    main = find_class(dex, "Lcom/example/h5loan/MainActivity;")
    (on_create,) = [m for m in class_methods(dex, main) if dex.method_info(m.midx)[1] == "onCreate"]
    calls = {c.target.split("->")[1].split("(")[0]: c for c in method_calls(dex, on_create, main.descriptor)}
    add = calls["addJavascriptInterface"]
    assert add.args[1] == ("new", "Lcom/example/h5loan/LoanBridge;")
    assert add.args[2] == ("string", "LoanBridge")
    assert calls["loadUrl"].args[1] == ("string", "file:///android_asset/h5/index.html")
    assert calls["setContentView"].args[0] == ("this", "Lcom/example/h5loan/MainActivity;")
    assert find_class(dex, "Lno/such/Class;") is None


def test_bridge_rule_fires_only_where_a_page_can_take_data():
    r = scan_sample("webview_sms_bridge")
    (f,) = [f for f in r.findings if f.rule_id == "BASE-WEB-001"]
    assert f.severity == "high" and f.strength == "code"
    assert [e.kind for e in f.evidence] == ["js_bridge"] and f.evidence[0].category == "sms"
    assert "unencrypted (http)" in f.evidence[0].note
    assert f.title.zh and f.advice_developer.zh and f.citation.status == "guidance"
    for name in ("harvester", "sns_login", *[n for n in HYBRID if n != "webview_sms_bridge"]):
        assert "BASE-WEB-001" not in [f.rule_id for f in scan_sample(name).findings], name


def _render(name, fmt, lang="en", verbose=False):
    from auditor.render import get_renderer
    from auditor.render.interface import RenderOptions

    report = scan_sample(name, lang=lang)
    return get_renderer(fmt).render(report, RenderOptions(lang=lang, verbose=verbose, color=False, width=200))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_format_shows_the_runtime_and_the_script_evidence(lang):
    term = _render("cordova_contacts", "terminal", lang)
    assert "Apache Cordova" in term and "assets/www/js/index.js:9" in term
    assert ("never called" if lang == "en" else "从不调用") in term
    verbose = _render("cordova_contacts", "terminal", lang, verbose=True)
    assert "cordova.contacts.find" in verbose and "ContactAccessorSdk5;->search" in verbose
    html = _render("flutter_unused_plugin", "html", lang)
    assert 'id="hybrid"' in html and "telephony" in html
    assert ("never called by the app" if lang == "en" else "应用脚本从不调用") in html
    html = _render("uniapp_njs_contacts", "html", lang)
    assert "app-service.js" in html
    assert ("DCloud 5+ runtime" if lang == "en" else "DCloud 5+ 运行环境") in html
    md = _render("rn_hermes_sms", "markdown", lang)
    assert ("Hermes bytecode v89" if lang == "en" else "Hermes 字节码 v89") in md
    assert "NativeModules + Sms + list" in md
    bridge = _render("webview_sms_bridge", "markdown", lang)
    assert "`window.LoanBridge`" in bridge and "http://h5.h5loan.example/offers" in bridge


def test_sarif_points_script_findings_at_the_script_file():
    import json

    sarif = json.loads(_render("rn_plain_sms", "sarif"))
    locations = [loc for r in sarif["runs"][0]["results"] for loc in r["locations"]]
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in locations]
    script = [loc for loc, uri in zip(locations, uris, strict=True) if uri.startswith("assets/")]
    assert script and script[0]["physicalLocation"]["region"] == {"startLine": 5}
    assert script[0]["properties"]["runtime"] == "react_native"


@pytest.mark.parametrize("name", ["harvester", "compliant", "sns_login"])
def test_plain_apps_render_no_hybrid_section(name):
    assert 'id="hybrid"' not in _render(name, "html")
    assert "Runtime and scripts" not in _render(name, "terminal")
    assert "Scripts and web pages" not in _render(name, "markdown")

"""The script matcher and the hybrid catalogue: streaming across piece borders, lines and
offsets, needles, the Hermes fallback, bounds, and catalogue checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.analysis import scripts
from auditor.catalogue.hybrid import (
    glob_regex,
    load_runtimes,
    load_scripts,
    make_pattern,
    regex_needles,
)
from auditor.errors import RuleError
from auditor.model import Text


def _pattern(pid="t", regex=None, groups=(), requires=(), within=None, category="contacts", role="collect"):
    return make_pattern(
        id=pid,
        scopes=("web_pages",),
        category=category,
        role=role,
        confidence="high",
        regex=regex,
        groups=groups,
        requires=requires,
        within=within,
        plugin=None,
        reveals=Text("x", "x"),
        source="test",
    )


def _pieces(data: bytes, size: int):
    return iter([data[i : i + size] for i in range(0, len(data), size)] or [b""])


@pytest.mark.parametrize("piece", [1, 3, 7, 64, 1 << 20])
def test_text_matches_across_piece_borders_once_with_lines(piece, monkeypatch):
    monkeypatch.setattr(scripts, "OVERLAP", 64)
    body = b"var a=1;\n" * 30 + b"  navigator.contacts.find([x])\n" + b"// pad\n" * 40
    body += b"navigator.contacts.find(\n"
    p = _pattern(regex=r"navigator\.contacts\.find\s*\(")
    got = scripts.scan_file("a.js", _pieces(body, piece), [p], "text", len(body))
    assert [(h.offset, h.line) for h in got.hits] == [(272, 31), (len(body) - 25, 72)]
    assert got.read == len(body) and got.reader == "text"
    assert got.hits[0].call == "navigator.contacts.find("


@pytest.mark.parametrize("piece", [1, 5, 4096])
def test_literals_in_text_are_whole_words_and_binary_is_a_byte_search(piece):
    text = b"uploadSms(); var t=r(d[0]).NativeModules.Sms; t.list(1)"
    p = _pattern(groups=(("NativeModules", "Sms", "list"),))
    got = scripts.scan_file("b.bundle", _pieces(text, piece), [p], "bundle", len(text))
    (hit,) = got.hits
    assert dict(hit.parts) == {"NativeModules": 27, "Sms": 41, "list": 48}  # not the Sms in uploadSms
    blob = b"\x7fELF\x00" + b"x" * 50 + b"github.com/clovisnicolas/flutter_contacts\x00getContacts\x00"
    q = _pattern(groups=(("github.com/clovisnicolas/flutter_contacts", "getContacts"),))
    got = scripts.scan_file("libapp.so", _pieces(blob, piece), [q], "binary", len(blob))
    (hit,) = got.hits
    assert hit.line is None and hit.offset == blob.find(b"getContacts") and got.reader == "binary"


def test_requires_within():
    body = b'"android.provider.ContactsContract"' + b" " * 100 + b'invoke(o,"query")'
    uri = _pattern("uri", regex=r'"android\.provider\.ContactsContract', requires=("q",), within=200)
    query = _pattern("q", regex=r'"query"', category=None, role="query")
    got = scripts.scan_file("a.js", _pieces(body, 8), [uri, query], "text", len(body))
    by = {}
    for h in got.hits:
        by.setdefault(h.pattern.id, []).append(h)
    (u,) = by["uri"]
    assert scripts.requirement_met(u, by) is by["q"][0]
    far = _pattern("uri", regex=r'"android\.provider\.ContactsContract', requires=("q",), within=10)
    assert scripts.requirement_met(scripts.Hit(far, u.offset, 1, ""), by) is None


def test_encrypted_script_is_noted_not_matched():
    junk = bytes(range(256)) * 8
    p = _pattern(regex="plus")
    got = scripts.scan_file("x.js", _pieces(junk, 100), [p], "text", len(junk))
    assert not got.hits and "not text" in got.notes[0]


def test_damaged_hermes_table_falls_back_to_a_byte_search():
    data = bytearray((Path(__file__).parent / "data" / "hermes" / "rn_sms_v99.hbc").read_bytes())
    data[44:48] = b"\x07\x00\x00\x00"  # string-kind run count: the table no longer adds up
    p = _pattern(groups=(("NativeModules", "Sms", "list"),))
    got = scripts.scan_file("index.android.bundle", _pieces(bytes(data), 512), [p], "bundle", len(data))
    assert got.reader == "binary_fallback" and "unreadable" in got.notes[0]
    assert got.hits  # the literals are still in the bytes


def test_needles_are_literals_every_match_contains():
    assert regex_needles(r"plus\.contacts\.getAddressBook\s*\(") == (b"plus.contacts.getAddressBook",)
    assert regex_needles(r"(?:\bSMS\.startWatch\s*\(|[\x22\x27]onSMSArrive[\x22\x27])") == (
        b"SMS.startWatch",
        b"onSMSArrive",
    )
    assert regex_needles(r"plus\.device\.(?:imei|imsi)\b") == (b"plus.device.im",)  # prefix factored out
    assert regex_needles(r"\w+") == ()  # nothing to pre-search: the regex always runs


def test_needles_never_hide_a_match():
    """Every script of the fixtures, scanned with and without the needle pre-search."""
    import dataclasses
    import zipfile

    from tests.conftest import SAMPLES

    patterns = [p for p in load_scripts().patterns if p.compiled is not None]
    bare = [dataclasses.replace(p, needles=()) for p in patterns]
    checked = 0
    for apk in sorted(SAMPLES.glob("*.apk")):
        with zipfile.ZipFile(apk) as zf:
            for name in zf.namelist():
                if name.endswith((".js", ".html", ".bundle")):
                    data = zf.read(name)
                    fast = scripts.scan_file(name, iter([data]), patterns, "text", len(data)).hits
                    slow = scripts.scan_file(name, iter([data]), bare, "text", len(data)).hits
                    assert [(h.pattern.id, h.offset) for h in fast] == [
                        (h.pattern.id, h.offset) for h in slow
                    ]
                    checked += len(slow)
    assert checked >= 10


def test_globs():
    rx = re.compile(glob_regex("assets/apps/*/www/**/*.js"))
    assert rx.fullmatch("assets/apps/__UNI__1/www/app-service.js")
    assert rx.fullmatch("assets/apps/__UNI__1/www/pages/a/b.js")
    assert not rx.fullmatch("assets/apps/x/y/www/a.js")
    assert re.fullmatch(glob_regex("assets/www/plugins/**"), "assets/www/plugins/p/www/x.js")


def test_catalogue_loads_and_every_pattern_names_its_source():
    cat = load_scripts()
    assert len(cat.patterns) >= 95
    ids = {r.id for r in load_runtimes()}
    assert {"dcloud", "cordova", "capacitor", "react_native", "flutter", "webview_shell"} <= ids
    for p in cat.patterns:
        assert p.source and p.reveals.en and p.reveals.zh
        if p.role in ("collect", "uri", "probe"):
            assert p.category is not None


def test_catalogue_errors_name_the_pattern(tmp_path):
    from auditor.catalogue import hybrid

    entry = {"id": "x.y", "scope": "nowhere", "category": "sms", "role": "collect", "confidence": "high"}
    entry.update(regex="a", reveals={"en": "a", "zh": "b"}, source="s")
    bad = {"patterns": [entry]}
    with pytest.raises(RuleError, match=r"x\.y: unknown scope"):
        hybrid._patterns(tmp_path / "scripts.yaml", bad, load_scripts().scopes)
    entry["scope"] = "flutter_dart"
    with pytest.raises(RuleError, match="binary scopes take literals only"):
        hybrid._patterns(tmp_path / "scripts.yaml", bad, load_scripts().scopes)
    entry.update(scope="rn_bundle", all=["x"])
    with pytest.raises(RuleError, match="exactly one of regex, all, any_of, any"):
        hybrid._patterns(tmp_path / "scripts.yaml", bad, load_scripts().scopes)


def test_catalogue_schema_names_file_line_and_pattern(tmp_path):
    from auditor import validation
    from auditor.datafiles import catalogue_dir, catalogue_schema, load_data

    text = (catalogue_dir() / "scripts.yaml").read_text(encoding="utf-8")
    broken = text.replace("    role: collect\n", "    role: harvest\n", 1)
    path = tmp_path / "scripts.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        validation.check(load_data(path), catalogue_schema("scripts.yaml"), path)
    assert "script pattern dcloud.contacts.get_address_book: role must be one of" in info.value.message
    assert "id: dcloud.contacts.get_address_book" in broken.splitlines()[info.value.line - 1]


def test_plugin_scope_never_covers_the_app_or_the_runtime():
    from auditor.analysis.hybrid import _covers, _scope_of

    keep_out = ("org/apache/cordova/", "com/example/app/")
    assert _scope_of("Lorg/apache/cordova/device/Device;", keep_out) == "org/apache/cordova/device/"
    assert _scope_of("Lorg/apache/cordova/Foo;", keep_out) == "Lorg/apache/cordova/Foo;"
    assert _scope_of("Lcom/example/app/MyPlugin;", keep_out) == "Lcom/example/app/MyPlugin;"
    assert _covers(("org/apache/cordova/device/",), "Lorg/apache/cordova/device/Device;")
    assert not _covers(("Lcom/example/app/MyPlugin;",), "Lcom/example/app/Other;")


def test_framework_launcher_is_not_the_apps_own_code():
    from auditor.analysis.attribution import app_prefixes
    from auditor.model import AppInfo

    app = AppInfo("com.example.unidai", None, None, None, None, None, "0" * 64, "f", 1)
    app.main_activity = "io.dcloud.PandoraEntry"
    assert app_prefixes(app) == ("com/example/unidai/", "io/dcloud/")
    assert app_prefixes(app, ("io/dcloud/",)) == ("com/example/unidai/",)


def test_scan_bounds(monkeypatch):
    from auditor.analysis import hybrid
    from tests.conftest import SAMPLES

    monkeypatch.setattr(hybrid, "MAX_FILE_BYTES", 600)
    from auditor.pipeline import ScanOptions, scan

    r = scan(SAMPLES / "rn_plain_sms.apk", ScanOptions(policies=["baseline"]))
    (rt,) = r.app.runtimes
    assert not rt.complete and rt.script_bytes == 600
    assert any("only the first" in n for n in rt.notes)


def test_a_script_naming_a_listed_plugin_calls_it():
    from auditor.analysis.hybrid import _link_by_name, _Plugin
    from auditor.model import RuntimePlugin

    record = RuntimePlugin("DC-SmsReader", "dcloud_uniplugins", ["Lcom/x/sms/Reader;"])
    listed = _Plugin(record, "DC-SmsReader", ("com/x/sms/",))
    other = _Plugin(RuntimePlugin("DC-Other", "dcloud_uniplugins"), "DC-Other", ())
    _link_by_name([listed, other], ("DC-SmsReader",), "app-service.js:3")
    assert listed.called and listed.sites == ["app-service.js:3"] and not listed.categories
    assert not other.called


def test_plugin_registries_parse():
    from auditor.analysis import hybrid

    uni = '{"nativePlugins":[{"plugins":[{"type":"module","name":"DC-Sms","class":"uni.x.SmsModule"}]}]}'
    assert hybrid._dcloud_uniplugins(uni) == [("DC-Sms", "uni.x.SmsModule")]
    cap = '[{"pkg": "@capacitor/device", "classpath": "com.capacitorjs.plugins.device.DevicePlugin"}]'
    assert hybrid._capacitor_plugins(cap) == [
        ("@capacitor/device", "com.capacitorjs.plugins.device.DevicePlugin")
    ]
    props = '<feature name="Contacts" value="io.dcloud.feature.contacts.ContactsFeatureImpl"/>'
    assert hybrid._dcloud_features(props) == [("Contacts", "io.dcloud.feature.contacts.ContactsFeatureImpl")]
    plist = '{"id": "a.b", "pluginId": "cordova-plugin-sms"}, {"pluginId": "cordova-plugin-sms"}'
    assert hybrid._cordova_plugin_list(plist) == [("cordova-plugin-sms", "")]


def test_below_api_17_every_public_method_is_exposed():
    import zipfile

    from auditor.analysis.webview import _exposed
    from auditor.dex import DexFile, find_class
    from tests.conftest import SAMPLES

    with zipfile.ZipFile(SAMPLES / "webview_sms_bridge.apk") as zf:
        dex = DexFile(zf.read("classes.dex"), "classes.dex")
    cdef = find_class(dex, "Lcom/example/h5loan/LoanBridge;")
    names = lambda methods: sorted(dex.method_info(m.midx)[1] for m in methods)  # noqa: E731
    exposed, all_public = _exposed(dex, cdef, 33)
    assert names(exposed) == ["getAppVersion", "getSmsList"] and not all_public
    exposed, all_public = _exposed(dex, cdef, 16)
    assert names(exposed) == ["getAppVersion", "getSmsList", "readCallLog"] and all_public

"""Code evidence on the fixtures: every category with its caller, Uri disambiguation,
compliant alternatives, multidex, obfuscated names, reflection, embedded dex, exfiltration."""

from __future__ import annotations

from tests.conftest import scan_sample

APP = "Lcom/example/cashnow/"


def _code(report, category: str | None = None, kind: str | None = None):
    return [
        e
        for e in report.evidence
        if e.kind != "permission"
        and (category is None or e.category == category)
        and (kind is None or e.kind == kind)
    ]


def _callers(report, category: str) -> set[str]:
    return {e.caller for e in _code(report, category) if e.strength in ("code", "exfiltration")}


def test_harvester_categories_are_collected_in_code():
    r = scan_sample("harvester")
    expected = {
        "contacts": APP + "ContactsHarvester;->readAll()I",
        "call_log": APP + "CallLogReader;->read(Landroid/content/Context;)Ljava/lang/String;",
        "sms": APP + "SmsReader;->readInbox(Landroid/content/Context;)Ljava/lang/String;",
        "installed_apps": APP + "DeviceProfile;->collect(Landroid/content/Context;)Ljava/lang/String;",
        "device_ids": APP + "DeviceProfile;->collect(Landroid/content/Context;)Ljava/lang/String;",
        "phone_number": APP + "DeviceProfile;->collect(Landroid/content/Context;)Ljava/lang/String;",
        "accounts": APP + "DeviceProfile;->collect(Landroid/content/Context;)Ljava/lang/String;",
        "location": APP + "geo/LocationTracker;->track()V",
        "photos_media": APP + "media/GalleryScanner;->scan(Landroid/content/Context;)I",
    }
    for category, caller in expected.items():
        assert r.categories[category].in_code, category
        assert caller in _callers(r, category), (category, _callers(r, category))


def test_query_takes_the_category_of_its_uri():
    r = scan_sample("harvester")
    contacts = [e for e in _code(r, "contacts", "api_call") if "ContentResolver;->query" in e.detail]
    assert contacts and "ContactsContract$CommonDataKinds$Phone;->CONTENT_URI" in contacts[0].note
    sms = [e for e in _code(r, "sms", "api_call") if "ContentResolver;->query" in e.detail]
    assert sms and "content://sms/inbox" in sms[0].note  # Uri.parse of a catalogued string


def test_query_with_unknown_uri_is_reported_not_guessed():
    r = scan_sample("harvester")
    generic = [e for e in r.evidence if e.caller and "GenericQuery;->run" in e.caller]
    assert generic
    assert all(e.category is None and e.strength == "reference" for e in generic)
    assert "could not be determined" in generic[0].note


def test_multidex_call_sites_name_their_dex():
    r = scan_sample("harvester")
    loc = [e for e in _code(r, "location") if "LocationTracker" in (e.caller or "")]
    assert loc and {e.dex for e in loc} == {"classes2.dex"}
    contacts = [e for e in _code(r, "contacts") if e.strength == "code"]
    assert "classes.dex" in {e.dex for e in contacts}


def test_obfuscated_class_is_found_and_not_called_app_code():
    r = scan_sample("harvester")
    obf = [e for e in r.evidence if e.caller and e.caller.startswith("La/b/c;->a()V")]
    assert {e.category for e in obf} >= {"installed_apps", "clipboard"}
    assert {e.by for e in obf} == {"third_party"}
    assert "third_party" in r.categories["clipboard"].by


def test_reflection_string_is_contacts_evidence():
    r = scan_sample("harvester")
    refl = [e for e in _code(r, "contacts", "string") if "ReflectionProbe" in (e.caller or "")]
    assert refl and refl[0].detail.startswith("android.provider.ContactsContract")


def test_embedded_dex_in_assets_is_scanned():
    r = scan_sample("harvester")
    assert "assets/plugin.dex" in r.app.dex_files
    cal = _code(r, "calendar")
    assert cal and {e.dex for e in cal} == {"assets/plugin.dex"}
    assert r.categories["calendar"].in_code


def test_java_util_calendar_is_not_calendar_data():
    for name in ("harvester", "compliant"):
        r = scan_sample(name)
        assert not any("LoanCalculator" in (e.caller or "") for e in _code(r, "calendar")), name


def test_dynamic_code_loading_is_evidence():
    r = scan_sample("harvester")
    dyn = [e for e in r.evidence if e.kind == "dynamic_code"]
    assert dyn and "DexClassLoader" in dyn[0].detail and "PluginLoader" in dyn[0].caller


def test_collect_then_upload_in_one_method_is_exfiltration():
    r = scan_sample("harvester")
    exfil = [e for e in r.evidence if e.kind == "exfiltration_suspected"]
    assert exfil
    contacts = [e for e in exfil if e.category == "contacts"]
    assert contacts and "ContactsHarvester;->readAll" in contacts[0].caller
    assert "ContentResolver;->query" in contacts[0].note  # links the read and the send


def test_compliant_app_uses_alternatives_not_harvesting():
    r = scan_sample("compliant")
    for cat in ("contacts", "call_log", "sms", "installed_apps", "device_ids", "phone_number",
                "location", "photos_media", "accounts", "calendar"):
        assert not r.categories[cat].in_code, cat
    alts = {(e.category, e.caller.split(";->")[0]) for e in r.evidence if e.kind == "alternative"}
    assert ("contacts", "Lcom/example/fairlend/ReferencePicker") in alts
    assert ("sms", "Lcom/example/fairlend/OtpHelper") in alts
    assert not any(e.strength in ("code", "exfiltration") for e in r.evidence if e.category)


def test_every_code_evidence_has_call_site_and_dex():
    for name in ("harvester", "compliant", "sns_login"):
        for e in scan_sample(name).evidence:
            if e.kind in ("api_call", "field_read", "string", "alternative", "dynamic_code",
                          "exfiltration_suspected"):
                assert e.caller and e.dex and e.offset is not None and e.by, e


def test_reader_calling_a_sender_is_exfiltration_one_call_apart():
    r = scan_sample("harvester")
    exfil = [e for e in r.evidence if e.kind == "exfiltration_suspected"]
    cross = [e for e in exfil if "one call apart" in (e.note or "")]
    assert cross and cross[0].category == "sms"
    assert "SmsReceiver;->onReceive" in cross[0].caller and "Uploader;->post" in cross[0].detail


def test_compliant_app_has_no_exfiltration():
    assert not [e for e in scan_sample("compliant").evidence if e.kind == "exfiltration_suspected"]

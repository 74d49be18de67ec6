"""Lending-app recognition (`app.lending`, docs/lending.md): verdicts on every sample and
fixture, recomputation from the signals, matching rules, bounds, and what the verdict does to
the rules (loan-only rules not applicable, --assume-lender, --only-lenders)."""

from __future__ import annotations

import json
import struct

import pytest

from auditor.analysis import lending as L
from auditor.analysis.lending_match import Term
from auditor.model import LENDING_FAMILIES, Lending, Report
from tests.conftest import CORPUS, ROOT, sample, scan_sample, validate_report

#: sample -> (verdict, confidence, (family, term) of the strongest signal). Confidences are
#: those docs/lending.md lists; the test allows 0.05 either way.
EXPECTED = {
    "harvester": ("lender", 0.96, ("label", "instant loan")),
    "compliant": ("lender", 0.97, ("label", "lend")),
    "sns_login": ("lender", 0.68, ("label", "loan")),
    "sns_harvester": ("lender", 0.84, ("label", "loan")),
    "sdk_harvester": ("lender", 0.97, ("label", "personal loan")),
    "startup_asker": ("lender", 0.97, ("label", "loan")),
    "kyc_camera": ("lender", 0.97, ("label", "loan")),
    "spyloan_indicator": ("lender", 0.97, ("label", "préstamo")),
    "packed": ("lender", 0.74, ("label", "cash loan")),
    "update_v1": ("lender", 0.97, ("label", "loan")),
    "update_v2": ("lender", 0.97, ("label", "loan")),
    "benign": ("not_lender", 0.95, None),
    "lend_zh": ("lender", 0.97, ("label", "cash loan")),
    "lend_id": ("lender", 0.97, ("label", "loans")),
    "lend_in": ("lender", 0.97, ("label", "personal loan")),
    "lend_neutral": ("lender", 0.60, ("res_text", "desembolso")),
    "bank_loanmenu": ("unclear", 0.50, ("components", "loan")),
    "shop_instalment": ("not_lender", 0.55, ("res_names", "paylater")),
    "emi_calculator": ("unclear", 0.50, ("label", "loan")),
    "game_credits": ("not_lender", 0.88, ("res_text", "credit")),
    # the hybrid-runtime fixtures (issue 18): one brand word ('loan') is one item, not two
    "cordova_contacts": ("lender", 0.78, ("label", "loan")),
    "rn_plain_sms": ("unclear", 0.50, ("label", "loan")),
    "rn_hermes_sms": ("unclear", 0.50, ("label", "loan")),
    "flutter_contacts": ("unclear", 0.50, ("label", "loan")),
    "webview_sms_bridge": ("unclear", 0.50, ("label", "loan")),
    "uniapp_njs_contacts": ("unclear", 0.50, ("asset_text", "借款")),  # text of its H5 pages
    "flutter_unused_plugin": ("not_lender", 0.81, None),  # no lending word; no resources.arsc
    # the compiler and library shapes fixtures (issue 17): loan apps by name, little else
    "inherited_asker": ("lender", 0.88, ("label", "kredit")),
    "kotlin_sms_upload": ("lender", 0.65, ("label", "instant loan")),
    "launcher_camera": ("unclear", 0.50, ("label", "贷")),
    "xxperm_startup": ("unclear", 0.50, ("label", "pinjaman")),  # one place: the label
    "indy_lambdas": ("unclear", 0.50, ("label", "借")),
}


def _lending(name: str) -> Lending:
    lending = scan_sample(name).app.lending
    assert lending is not None
    return lending


def _terms(lending: Lending, family: str | None = None) -> set[str]:
    return {s.term for s in lending.signals if family is None or s.family == family}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_and_fixture_gets_its_verdict(name):
    verdict, confidence, top = EXPECTED[name]
    lending = _lending(name)
    assert lending.verdict == verdict, (name, lending.decided_by, lending.score)
    assert abs(lending.confidence - confidence) <= 0.05, (name, lending.confidence)
    if top is not None:
        assert (lending.signals[0].family, lending.signals[0].term) == top
    if verdict == "lender":
        assert lending.loan_rules_apply


def test_the_split_bundle_is_a_lender():
    from auditor.pipeline import scan
    from tests.conftest import SAMPLES

    path = SAMPLES / "bundle_xapk.xapk"
    if not path.exists():
        pytest.skip("bundle not built")
    lending = scan(path).app.lending
    assert lending is not None and (lending.verdict, lending.confidence) == ("lender", 0.8)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_verdict_is_recomputable_from_the_report(name):
    """What docs/lending.md promises a reader: the numbers follow from the signals."""
    lending = _lending(name)
    thresholds = lending.thresholds
    by_family: dict[str, float] = {}
    for s in lending.signals:
        assert s.family in LENDING_FAMILIES
        by_family[s.family] = by_family.get(s.family, 0.0) + s.points
    assert {f.family for f in lending.families} == set(by_family)
    for f in lending.families:
        assert f.raw == pytest.approx(by_family[f.family])
        assert f.points == pytest.approx(min(f.raw, f.cap))
    assert lending.score == pytest.approx(sum(f.points for f in lending.families))
    items = {(s.family in ("sdk", "hints"), s.term.casefold()) for s in lending.signals if s.weight >= 2}
    assert lending.items == len({(k, L.strip_accents(t)) for k, t in items})
    assert lending.families_with_items == len({s.family for s in lending.signals if s.weight >= 2})
    main = (
        lending.score >= thresholds["score"]
        and lending.items >= thresholds["items"]
        and lending.families_with_items >= thresholds["families"]
    )
    strong_text = max(
        sum(1 for s in lending.signals if s.family == fam and s.kind == "strong")
        for fam in ("res_text", "asset_text")
    )
    text = strong_text >= thresholds["text_strong_terms"]
    if lending.capped_by:
        assert lending.verdict == "unclear" and lending.decided_by == "counter" and (main or text)
    elif main or text:
        assert lending.verdict == "lender"
    elif lending.items >= thresholds["unclear_items"]:
        assert lending.verdict == "unclear"
    else:
        assert lending.verdict == "not_lender"
    assert [s.points for s in lending.signals] == sorted((s.points for s in lending.signals), reverse=True)


def test_signals_say_where_they_were_found():
    zh = _lending("lend_zh")
    wheres = {s.term: s.where for s in zh.signals}
    assert "[zh-rTW]" in next(s.where for s in zh.signals if s.term == "還款")
    assert next(s.where for s in zh.signals if s.term == "下款").startswith("res/layout/loan_card.xml")
    assert "JieKuanActivity" in wheres["jiekuan"] or "jiekuanbao" in wheres["jiekuan"]
    components = " ".join(s.where for s in zh.signals if s.family == "components")
    assert "BankCardActivity" not in components and "H5Activity" not in components
    assert {"tongdun_octopus", "baiqishi", "youdun_authreal", "zhima_credit"} <= _terms(zh, "sdk")


def test_the_indian_fixture_reads_devanagari_deep_links_and_hints():
    india = _lending("lend_in")
    assert {"लोन राशि", "चुकौती"} <= _terms(india, "res_text")
    assert "पर्सनल लोन" in _terms(india, "label")
    assert {"loan", "repay"} <= _terms(india, "network")
    assert {
        "upi_mandate_intent",
        "aadhaar_rd_capture",
        "upi_pay_intent",
        "regulator_disclosure",
        "play_loan_disclosure",
        "enach_mandate",
    } <= _terms(india, "hints")
    assert "APR" in _terms(india, "res_text")  # Maximum APR: the acronym, case-sensitive


def test_the_indonesian_fixture_and_its_licence_statement():
    indo = _lending("lend_id")
    assert {"ajukan pinjaman", "pencairan dana", "jatuh tempo", "kontak darurat"} <= _terms(indo, "res_text")
    assert "regulator_disclosure" in _terms(indo, "hints")
    assert _terms(indo, "package") == set()  # dana, kilat: not lending words
    rekening = [c for c in indo.counter if c.domain == "banking"]
    assert not rekening or not rekening[0].present  # one banking word is not a bank


def test_a_neutral_label_with_loan_texts_is_a_lender_by_its_texts():
    neutral = _lending("lend_neutral")
    assert neutral.decided_by == "text"
    assert {s.family for s in neutral.signals} == {"res_text"}
    assert any("shortened" in n for n in neutral.notes)


def test_non_lenders_that_mention_loans_are_never_confident_lenders():
    bank = _lending("bank_loanmenu")
    assert bank.verdict == "unclear" and bank.capped_by == ["banking"]
    banking = next(c for c in bank.counter if c.domain == "banking")
    assert {"IFSC", "fund transfer", "account balance"} <= set(banking.terms)
    assert "SDK npci_upi_cl" in banking.terms
    shop = _lending("shop_instalment")
    assert shop.verdict == "not_lender" and shop.items == 0  # weak words only
    assert next(c for c in shop.counter if c.domain == "shopping").present
    assert _lending("emi_calculator").capped_by == ["tool"]
    game = _lending("game_credits")
    assert "android:appCategory=game" in next(c for c in game.counter if c.domain == "game").terms


def test_the_packed_app_is_recognised_from_its_manifest_not_its_code():
    packed = _lending("packed")
    assert packed.verdict == "lender"
    assert not any(s.where.startswith("class ") for s in packed.signals)
    assert "activity com.example.huijie.ui.LoanHomeActivity" in {s.where for s in packed.signals}


def test_own_dex_classes_count_but_not_sdk_classes():
    compliant = _lending("compliant")
    assert any(s.where == "class com.example.fairlend.LoanCalculator" for s in compliant.signals)
    harvester = _lending("harvester")
    # CalendarDump lives in assets/plugin.dex and 'lend' inside 'calendar' never counts
    assert not any("Calendar" in s.where for s in harvester.signals)


# ---------------------------------------------------------------- matching rules


def _text(value: str, language: str = "", family: str = "res_text") -> set[str]:
    return {t.text for t in L.catalogue().matcher.text_hits(value, family, language)}


def _ident(value: str, family: str = "components") -> set[str]:
    return {t.text for t in L.catalogue().matcher.identifier_hits(value, family)}


@pytest.mark.parametrize(
    ("value", "language", "family", "expected"),
    [
        ("Loan amount", "", "res_text", {"loan amount"}),  # the longest match wins
        ("Loan amounts due", "", "res_text", {"loan"}),
        ("Maximum APR 36%", "", "res_text", {"APR"}),
        ("Apr 2024", "", "res_text", set()),  # April, not APR
        ("váy đẹp giá rẻ", "vi", "res_text", set()),  # skirt, not 'vay' (borrow)
        ("vay tiền nhanh", "vi", "res_text", {"vay tiền"}),
        ("กู้คืนข้อมูล", "th", "res_text", set()),  # restore, not borrow
        ("借记卡", "", "label", set()),  # debit card: 借 only counts in a label, never inside 借记
        ("微借", "", "label", {"借"}),
        ("借", "", "res_text", set()),  # single characters count in the label only
        ("Kopā", "lv", "res_text", set()),  # Latvian 'total', not Swahili 'kopa'
        ("riba", "et", "res_text", set()),  # Estonian, not Swahili
        ("riba", "sw", "res_text", {"riba"}),
        ("kadi yako ya mkopo", "sw", "res_text", set()),  # your credit card
        ("mkopo wa haraka", "sw", "res_text", {"mkopo"}),
        ("Tarjeta de crédito", "es", "res_text", set()),
        ("credit card number", "", "res_text", set()),
        ("Buy fuel on credit", "", "res_text", {"credit"}),
        ("लोन राशि", "hi", "res_text", {"लोन राशि"}),  # Devanagari: marks are part of words
    ],
)
def test_text_matching(value, language, family, expected):
    assert _text(value, language, family) == expected


def test_patterns_and_data_are_not_ui_text():
    # framework-res's autofill pattern holds 'credito': values like it are never matched
    assert L._not_ui_text("number|card.?#|credito|cartao|kartu")
    assert L._not_ui_text('{"loan": 1}') and L._not_ui_text("https://loan.example/apply")
    assert not L._not_ui_text("Apply for a loan")


@pytest.mark.parametrize(
    ("value", "family", "expected"),
    [
        ("LoanApplyActivity", "components", {"loan"}),
        ("CalendarDump", "components", set()),
        ("JieKuanActivity", "components", {"jiekuan"}),  # pinyin split by camel case, found whole
        ("fairlend", "package", {"lend"}),
        ("cashback", "package", set()),
        ("EmiScheduleActivity", "components", set()),  # EMI is an acronym: exact case only
        ("EMIPlanActivity", "components", {"EMI"}),
        ("loan_amount", "res_names", {"loan amount"}),
        ("BankCardActivity", "components", set()),
        ("splendid", "package", set()),
    ],
)
def test_identifier_matching(value, family, expected):
    assert _ident(value, family) == expected


def test_a_term_counts_once_per_family_whatever_the_repetitions():
    cat = L.catalogue()
    tally = L.Tally()
    term = next(t for t in cat.matcher.terms if t.text == "借款")
    for i in range(100):
        tally.add_term("res_text", term, L.Where("string", f"r{i}", excerpt="借款"), cat)
    (signal,) = tally.signals["res_text"].values()
    assert signal.seen == 100 and signal.points == 3.0
    lending = L.decide(tally, cat, code_read=True, less_seen=False)
    assert lending.score == 3.0 and lending.verdict == "unclear"


def test_a_family_is_capped():
    cat = L.catalogue()
    tally = L.Tally(readable=True)
    for term in [t for t in cat.matcher.terms if t.kind == "strong" and t.language == "en"][:10]:
        tally.add_term("res_text", term, L.Where("string", "x"), cat)
    lending = L.decide(tally, cat, code_read=True, less_seen=False)
    (family,) = lending.families
    assert family.raw == 30.0 and family.points == family.cap == 8.0
    assert lending.verdict == "lender" and lending.decided_by == "text"


def test_nothing_readable_is_never_a_confident_not_lender():
    lending = L.decide(L.Tally(), L.catalogue(), code_read=False, less_seen=True)
    assert (lending.verdict, lending.confidence, lending.decided_by) == ("unclear", 0.0, "nothing_readable")


def test_terms_are_well_formed():
    terms = L.catalogue().matcher.terms
    assert len(terms) > 300
    assert all(isinstance(t, Term) and t.weight in (1.0, 2.0, 3.0) for t in terms)
    # a single CJK character only ever counts in the label
    assert all(t.only == {"label"} for t in terms if len(t.text) == 1)


# ---------------------------------------------------------------- the resource table


def test_string_table_survives_damage():
    from auditor.apk.arsc import StringTable
    from auditor.apk.container import open_apk

    arsc = open_apk(sample("lend_zh")).read("resources.arsc")
    full = StringTable(arsc)
    assert full.error is None and len(full.entries) == 18
    locales = {e[1] for e in full.entries}
    assert {"", "zh-rTW", "en"} <= locales
    for cut in (len(arsc) // 3, len(arsc) // 2, len(arsc) - 7):
        table = StringTable(arsc[:cut])
        assert len(table.entries) <= len(full.entries)
    broken = bytearray(arsc)
    struct.pack_into("<I", broken, 4, 0xFFFFFFF0)  # a table size far past the end
    assert StringTable(bytes(broken)).entries is not None
    assert StringTable(b"junk").error is not None


def test_three_letter_locales_are_decoded():
    from auditor.apk.arsc import _unpack_code

    # 'fil' packed as ResTable_config does it (two bytes, 5 bits per letter, high bit set)
    f, i, l_ = (ord(c) - ord("a") for c in "fil")
    packed = bytes([0x80 | (l_ << 2) | (i >> 3), ((i & 0x7) << 5) | f])
    assert _unpack_code(packed, "a") == "fil"
    assert _unpack_code(b"zh", "a") == "zh" and _unpack_code(b"\x00\x00", "a") == ""


def test_text_read_is_bounded():
    from auditor.analysis.lending_match import TextBudget

    budget = TextBudget(max_strings=3, max_chars=100, max_string_chars=10)
    taken = [budget.take("x" * 50, "strings") for _ in range(5)]
    assert taken[:3] == ["x" * 10] * 3 and taken[3:] == [None, None]
    assert budget.cut == ["strings"]


# ---------------------------------------------------------------- what the verdict changes


def test_loan_only_rules_are_not_applicable_to_a_non_lender():
    r = scan_sample("shop_instalment", ("baseline", "google-play", "in"))
    assert r.app.lending.verdict == "not_lender"
    fired = {f.rule_id for f in r.findings}
    set_aside = {n.rule_id: n for n in r.not_applicable}
    assert "GP-CON-001" not in fired and set_aside["GP-CON-001"].matched
    assert "BASE-CON-001" in set_aside and "BASE-LOC-001" in set_aside
    assert "GP-SMS-001" not in set_aside  # Play's SMS policy is for every app
    assert "does not look like one" in set_aside["GP-CON-001"].reason.en
    assert "0.55" in set_aside["GP-CON-001"].reason.en
    verdicts = {v.policy: v for v in r.verdicts}
    assert verdicts["in"].verdict == "not_applicable" and verdicts["in"].not_applicable == 10
    assert verdicts["google-play"].not_applicable == 6
    # rules for every app still judge it: third-party code... none here, so compliant
    assert verdicts["baseline"].verdict == "compliant"
    data = r.to_dict()
    validate_report(data)
    assert Report.from_dict(data).to_dict() == data


def test_assume_lender_applies_the_loan_rules():
    from auditor.options import ScanOptions
    from auditor.pipeline import scan

    r = scan(sample("shop_instalment"), ScanOptions(policies=["baseline", "google-play"], assume_lender=True))
    assert r.app.lending.verdict == "not_lender" and r.app.lending.assumed_lender
    assert {"GP-CON-001", "BASE-CON-001", "GP-LOC-001"} <= {f.rule_id for f in r.findings}
    assert r.not_applicable == []


def test_every_built_in_rule_says_whom_it_judges():
    import yaml

    from auditor.datafiles import rules_dir

    for path in sorted(rules_dir().glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            assert rule.get("applies_to") in ("lending", "any"), (path.name, rule["id"])


def test_a_pack_without_the_field_judges_every_app(tmp_path):
    from auditor.policy.packs import load_pack

    source = (ROOT / "tests" / "data" / "schema" / "t.yaml").read_text(encoding="utf-8")
    assert "applies_to" not in source
    (tmp_path / "t.yaml").write_text(source, encoding="utf-8")
    assert {r.applies_to for r in load_pack(tmp_path / "t.yaml").rules} == {"any"}


def test_unclear_apps_are_judged_as_lenders():
    r = scan_sample("bank_loanmenu", ("google-play",))
    assert r.app.lending.verdict == "unclear"
    assert "GP-CON-001" in {f.rule_id for f in r.findings} and r.not_applicable == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_first_verdict_is_the_final_one(name):
    """--only-lenders decides before the code is read: on every sample and fixture the
    verdict without the code is the verdict with it (docs/lending.md, "--only-lenders")."""
    from auditor.options import ScanOptions
    from auditor.pipeline import scan

    manifest_only = scan(sample(name), ScanOptions(scan_code=False)).app.lending
    assert manifest_only.verdict == _lending(name).verdict
    assert not manifest_only.code_read


def test_only_lenders_skips_the_code_of_non_lenders_only():
    from auditor.options import ScanOptions
    from auditor.pipeline import scan

    benign = scan(sample("benign"), ScanOptions(only_lenders=True))
    assert benign.app.dex_files == [] and not benign.complete
    assert any("--only-lenders" in w for w in benign.warnings)
    assert benign.app.lending.verdict == "not_lender" and not benign.app.lending.code_read
    # a lender gets the whole report, the same as without the option
    assert (
        scan(sample("harvester"), ScanOptions(only_lenders=True)).to_dict()
        == scan(sample("harvester")).to_dict()
    )
    forced = scan(sample("benign"), ScanOptions(only_lenders=True, assume_lender=True))
    assert forced.app.dex_files == ["classes.dex"]


@pytest.mark.skipif(not (CORPUS / "ApiDemos-debug.apk").exists(), reason="corpus not fetched")
def test_corpus_apks_are_not_lenders():
    from auditor.errors import AuditorError
    from auditor.options import ScanOptions
    from auditor.pipeline import scan

    seen = 0
    for path in sorted(CORPUS.glob("*.apk")):
        if path.name == "framework-res.apk":
            continue  # 150,000 strings: see docs/lending.md; scanned by the bench, not here
        try:
            report = scan(path, ScanOptions(scan_code=False))
        except AuditorError:
            continue
        lending = report.app.lending
        seen += 1
        if report.app.kind == "code_only":  # no manifest, and its code was not read here
            assert (lending.verdict, lending.decided_by) == ("unclear", "nothing_readable")
            assert scan(path).app.lending.verdict == "not_lender"  # its code names say nothing
            continue
        assert lending.verdict == "not_lender", (path.name, lending.signals[:3])
        assert lending.items == 0
    assert seen >= 10


# ---------------------------------------------------------------- every report format shows it


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "sarif", "json"])
def test_every_format_shows_the_verdict_its_signals_and_the_rules_set_aside(fmt, lang):
    from auditor.render import RenderOptions, get_renderer
    from auditor.render.i18n import lending_headline, lending_ui

    report = scan_sample("shop_instalment", ("baseline", "google-play", "in"), lang)
    text = get_renderer(fmt).render(report, RenderOptions(lang=lang, color=False, width=200))
    ui = lending_ui(lang)
    if fmt == "json":
        import json

        data = json.loads(text)
        assert data["app"]["lending"]["verdict"] == "not_lender"
        assert {n["rule_id"] for n in data["not_applicable"]} >= {"GP-CON-001", "IN-CON-001"}
        return
    if fmt == "sarif":
        import json

        run = json.loads(text)["runs"][0]
        assert run["properties"]["lending"]["verdict"] == "not_lender"
        assert run["properties"]["lending"]["topSignals"][0]["term"] == "paylater"
        na = [r for r in run["results"] if r.get("kind") == "notApplicable"]
        expected = {"BASE-CON-001", "BASE-LOC-001", "GP-CON-001", "GP-LOC-001", "IN-CON-001"}
        assert {r["ruleId"] for r in na} == expected
        assert all(r["level"] == "none" for r in na)
        return
    assert lending_headline(report, lang) in text.replace("\\", "") or fmt == "html"
    if fmt == "html":
        import html as htmllib

        assert htmllib.escape(lending_headline(report, lang), quote=False) in text
    from auditor.render.locale import fill

    assert fill(ui["not_applicable"], n=len(report.not_applicable)) in text
    assert "GP-CON-001" in text and "paylater" in text


def test_sarif_with_rules_set_aside_is_valid():
    import json

    import jsonschema

    from auditor.datafiles import schema_dir
    from auditor.render import RenderOptions, get_renderer

    schema = json.loads((schema_dir() / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    report = scan_sample("shop_instalment", ("baseline", "google-play", "in"))
    jsonschema.validate(json.loads(get_renderer("sarif").render(report, RenderOptions())), schema)


def test_a_lender_report_names_its_verdict_and_no_rule_is_set_aside():
    from auditor.render import RenderOptions, get_renderer

    report = scan_sample("lend_in")
    text = get_renderer("markdown").render(report, RenderOptions())
    assert "This looks like a lending app (confidence 0.97)." in text
    assert "Rules for lending apps only" not in text and report.not_applicable == []


# ---------------------------------------------------------------- batch: the lending column


def test_the_batch_table_summary_and_dashboard_carry_the_verdict(tmp_path):
    from auditor.batch import run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("lend_in", "shop_instalment", "bank_loanmenu"):
        (folder / f"{name}.apk").write_bytes(sample(name).read_bytes())
    out = tmp_path / "out"
    result = run_batch([folder], jobs=1, out_dir=out, progress=False)
    table = result.table.set_index("package")
    assert table.loc["com.example.rupeeflash", "lending"] == "lender"
    assert table.loc["com.example.rupeeflash", "lending_confidence"] == pytest.approx(0.97)
    assert table.loc["com.example.bazaar", "lending"] == "not_lender"
    assert table.loc["com.example.harbourbank", "lending"] == "unclear"
    assert str(result.table["lending_confidence"].dtype) == "float64"
    assert result.summary.lending == {"lender": 1, "not_lender": 1, "unclear": 1}
    import pandas as pd

    csv = pd.read_csv(out / "results.csv")
    assert sorted(csv["lending"]) == ["lender", "not_lender", "unclear"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="lending-filter"' in index and '<option value="lender unclear">' in index
    assert index.count('data-lending="lender"') == 1 and index.count('data-lending="not_lender"') == 1
    assert "lender (0.97)" in index


def test_only_lenders_in_a_batch_skips_the_code_of_non_lenders(tmp_path):
    from auditor.batch import run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("harvester", "benign", "shop_instalment"):
        (folder / f"{name}.apk").write_bytes(sample(name).read_bytes())
    result = run_batch([folder], jobs=1, out_dir=tmp_path / "out", progress=False, only_lenders=True)
    table = result.table.set_index("package")
    assert bool(table.loc["com.example.cashnow", "complete"]) is True
    assert table.loc["com.example.cashnow", "categories_in_code"]
    for package in ("com.example.unitconv", "com.example.bazaar"):
        assert bool(table.loc[package, "complete"]) is False
        assert table.loc[package, "lending"] == "not_lender"


def test_the_cli_flags_reach_the_options():
    from click.testing import CliRunner

    from auditor.cli import main

    runner = CliRunner()
    plain = runner.invoke(main, ["scan", str(sample("shop_instalment")), "--policy", "google-play"])
    forced = runner.invoke(
        main, ["scan", str(sample("shop_instalment")), "--policy", "google-play", "--assume-lender"]
    )
    assert "GP-CON-001" in plain.stdout and "does not look like a lending app" in plain.stdout
    assert "Findings (0)" in plain.stdout
    assert "Judged as a lending app anyway" in forced.stdout and "Findings (0)" not in forced.stdout
    skipped = runner.invoke(main, ["scan", str(sample("benign")), "--only-lenders"])
    assert "--only-lenders" in skipped.stdout and skipped.exit_code == 0


def test_mark_table_is_cached_per_unicode_version_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    import unicodedata

    from auditor.analysis import lending_match

    monkeypatch.setenv("AUDITOR_CACHE", str(tmp_path))
    cached = tmp_path / f"unicode-marks-{unicodedata.unidata_version}.json"
    fresh = lending_match._mark_ranges()
    assert [0x300, 0x36F] in fresh  # the combining diacritical marks block
    lending_match._marks.cache_clear()
    try:
        first = lending_match._marks()
        assert json.loads(cached.read_text(encoding="utf-8")) == fresh
        cached.write_text('[[768, "x"]', encoding="utf-8")  # damaged: computed again
        lending_match._marks.cache_clear()
        assert lending_match._marks() == first
        assert json.loads(cached.read_text(encoding="utf-8")) == fresh
    finally:
        lending_match._marks.cache_clear()

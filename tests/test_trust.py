"""Issue 19: a report a borrower can trust and read.

The same verdict in every language and with any rulebooks; every text in the reader's
language; readable at any width; endpoints that matter; the rough edges; the Python API.
(The dashboard on a phone is checked in a real browser: tests/test_render_browser.py.)
"""

from __future__ import annotations

import copy
import inspect
import itertools
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.model import Endpoint, Evidence, Message, PermissionRequest
from auditor.pipeline import ScanOptions, scan
from auditor.policy.scoring import LEVEL_THRESHOLDS, SEVERITY_POINTS, STRENGTH_FACTOR
from auditor.render import RenderOptions, get_renderer, locale
from auditor.render.names import readable_caller, short_reference
from auditor.render.wrap import longest_group, width
from tests.conftest import ALL_PACKS, SAMPLES
from tests.untranslated import (
    ALLOWED,
    english_words,
    html_text,
    markdown_text,
    quoted_strings,
    sarif_texts,
)

SAMPLE_FILES = sorted(
    p for p in SAMPLES.iterdir() if p.suffix in (".apk", ".apks", ".apkm", ".xapk", ".zip")
)
JURISDICTIONS = tuple(p for p in ALL_PACKS if p != "baseline")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- 1. the same verdict


def _verdict(report) -> tuple:
    baseline = sorted(f.rule_id for f in report.findings if f.policy == "baseline")
    return report.score.value, report.score.level, baseline, report.score.terms


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_same_score_and_level_in_every_language_with_any_packs(path):
    """Baseline alone, each jurisdiction added alone, and all of them, in English and in
    Chinese: one score, one level, the same baseline findings behind them."""
    reference = _verdict(scan(path, ScanOptions()))
    for lang in ("en", "zh"):
        for packs in [(), *((p,) for p in JURISDICTIONS), JURISDICTIONS]:
            report = scan(path, ScanOptions(policies=packs or None, lang=lang))
            assert report.policies == ["baseline", *packs]
            assert _verdict(report) == reference, (lang, packs)
            assert report.score.basis == "baseline"


def test_every_combination_of_packs_gives_the_harvester_one_score():
    path = SAMPLES / "harvester.apk"
    reference = _verdict(scan(path, ScanOptions()))
    for n in range(len(JURISDICTIONS) + 1):
        for i, packs in enumerate(itertools.combinations(JURISDICTIONS, n)):
            lang = ("en", "zh")[i % 2]
            assert _verdict(scan(path, ScanOptions(policies=packs, lang=lang))) == reference


def test_the_language_never_chooses_packs():
    assert ScanOptions(lang="zh").policy_ids() == ["baseline"]
    code, out, _ = run("scan", str(SAMPLES / "harvester.apk"), "--lang", "zh", "--format", "json")
    assert code == 0 and json.loads(out)["policies"] == ["baseline"]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_the_score_can_be_recomputed_from_the_report(path):
    """README, "Risk score": from the baseline findings listed in the JSON report alone."""
    data = scan(path, ScanOptions(policies=ALL_PACKS)).to_dict()
    listed = {f["rule_id"]: f for f in data["findings"]}
    best: dict[str, float] = {}
    for f in data["findings"]:
        if f["policy"] != "baseline":
            continue  # other packs add findings, never points
        weight = min(0.95, SEVERITY_POINTS[f["severity"]] * STRENGTH_FACTOR.get(f["strength"], 0.5))
        concern = "+".join(sorted(f["categories"])) or f["rule_id"]
        if weight > 0:
            best[concern] = max(best.get(concern, 0.0), weight)
    remaining = 1.0
    for w in best.values():
        remaining *= 1 - w
    value = round(100 * (1 - remaining), 1)
    level = next((lv for t, lv in LEVEL_THRESHOLDS if value >= t), "low")
    assert (data["score"]["value"], data["score"]["level"]) == (value, level)
    assert data["score"]["basis"] == "baseline"
    for term in data["score"]["terms"]:  # every term points at a finding the report lists
        assert listed[term["rule_id"]]["policy"] == "baseline"


def test_no_two_rules_share_a_title_in_any_language():
    """A jurisdiction rule repeating a baseline concern says what its own rule adds."""
    from auditor.policy.packs import available_packs, load_pack

    rules = [r for p in available_packs().values() for r in load_pack(p).rules]
    for lang in ("en", "zh"):
        titles = [r.title.get(lang).strip().casefold() for r in rules]
        doubled = {t for t in titles if titles.count(t) > 1}
        assert not doubled, (lang, doubled)


# ---------------------------------------------------------------- 2. fully translated


def test_the_allow_list_stays_small():
    """Words Chinese text writes in Latin letters too; each group says why (untranslated.py)."""
    assert len(ALLOWED) <= 80
    assert all(reason for reason in ALLOWED.values())


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_chinese_outputs_have_no_english_left(path):
    """Every format of every sample, with every pack, read by a Chinese borrower: no
    English word outside identifiers, package and API names, URLs and the allow-list."""
    report = scan(path, ScanOptions(policies=ALL_PACKS, lang="zh"))
    quoted = quoted_strings(report)
    readers = {
        "terminal": lambda doc: doc,
        "html": html_text,
        "markdown": markdown_text,
        "sarif": sarif_texts,
    }
    for fmt, visible in readers.items():
        for verbose in (False, True):
            doc = get_renderer(fmt).render(report, RenderOptions(lang="zh", width=100, verbose=verbose))
            left = english_words(visible(doc), quoted)
            assert not left, (fmt, verbose, sorted(set(left)))


def test_the_detector_finds_english():
    assert english_words("风险：Contacts sent to a server") == ["Contacts", "sent", "to", "server"]
    assert english_words("调用：ContentResolver.query() @ com.x.Y.m() [classes.dex]") == []
    assert english_words("地址 https://a.example/x?y=1 和 SDK、App") == []
    assert english_words("[HIGH] 标题") == ["HIGH"]


def test_evidence_notes_are_keys_said_in_each_language():
    report = scan(SAMPLES / "harvester.apk", ScanOptions())
    exfil = next(e for e in report.evidence if e.kind == "exfiltration_suspected" and e.note_parts)
    assert exfil.note.startswith("reads contacts via")  # the English note is kept
    data = exfil.to_dict()
    assert data["note_parts"][0]["key"] == "exfil_same_method"
    assert data["note_parts"][0]["params"]["cat"] == "contacts"
    from auditor.render.i18n import evidence_note

    assert evidence_note(exfil, report, "zh").startswith("同一个方法先通过")
    assert "通讯录" in evidence_note(exfil, report, "zh")
    assert Message.from_dict(data["note_parts"][0]) == exfil.note_parts[0]


# ---------------------------------------------------------------- 3. any width

WIDTH_SAMPLES = ("harvester", "sns_harvester", "startup_asker", "sdk_harvester", "sns_login")
_CJK = "\u4e00-\u9fff"
#: A short Latin word and the Chinese character beside it across a space ("类 App").
_WORD = r"[A-Za-z0-9][\w.+-]{0,10}"
_GLUED = re.compile(rf"[{_CJK}] {_WORD}(?![\w.+-])|(?<![\w.+-]){_WORD} [{_CJK}]")


def _in_order(text: str, out: str) -> bool:
    """Every word (every character of Chinese) of `text` appears in `out` in order, maybe
    with other columns' cells between them: a wrapped table cell, not a cut one."""
    tokens = [t for w in text.split() for t in (list(w) if re.search(f"[{_CJK}]", w) else [w])]
    pos = 0
    for token in tokens:
        pos = out.find(token, pos)
        if pos < 0:
            return False
        pos += len(token)
    return True


def _lines_containing(text: str, needle: str) -> bool:
    return any(needle in line for line in text.splitlines())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("name", WIDTH_SAMPLES)
def test_terminal_report_at_any_width(name, columns, lang):
    report = scan(SAMPLES / f"{name}.apk", ScanOptions(policies=ALL_PACKS, lang=lang))
    for verbose in (False, True):
        out = get_renderer("terminal").render(
            report, RenderOptions(lang=lang, width=columns, verbose=verbose)
        )
        for line in out.splitlines():  # longer only where a name cannot be broken
            if width(line) > columns:
                indent = len(line) - len(line.lstrip(" "))
                assert longest_group(line) > columns - indent - 2, line
        assert "…" not in out  # nothing is cut short
        # URLs, packages, permissions and API names are never split across lines
        whole = [e.url for e in report.destinations()] + [report.app.package]
        whole += [p.name.replace("android.permission.", "") for p in report.permissions]
        for f in report.findings:
            for ev in f.evidence[:4]:
                if ev.caller and ev.kind != "permission":
                    whole.append(ev.caller if verbose else readable_caller(ev.caller))
                    whole.append(ev.detail if verbose else short_reference(ev.detail))
        for text in whole:
            assert _lines_containing(out, text), (text, columns)
        # every meaning and advice is there in full (a table cell wraps within its column)
        squeezed = "".join(out.split())
        for p in report.permissions:
            if p.meaning:
                assert _in_order(p.meaning.get(lang), out), p.name
        for f in report.findings:
            assert "".join(f.advice_borrower.get(lang).split()) in squeezed
            if lang == "zh":  # a Latin word stays on the line of its Chinese neighbours
                for text in (f.title.zh, f.why.zh, f.advice_borrower.zh):
                    for pair in _GLUED.findall(text):
                        assert _lines_containing(out, pair), (pair, columns)


def test_the_wrapper_breaks_chinese_between_characters_not_around_latin_words():
    from auditor.render.wrap import wrap

    text = "网络借贷类 App 的必要个人信息只有注册手机号，以及借款人姓名、证件类型和号码。"
    for columns in range(12, 40):
        lines = wrap(text, columns)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(width(line) <= columns for line in lines)
        assert _lines_containing("\n".join(lines), "类 App 的")
        assert not any(line.startswith(("，", "。", "、")) for line in lines)
    url = "http://api.cashnow-loans.example/v1/contacts/with/a/very/long/path"
    lines = wrap(f"see {url} now", 30)
    assert url in lines


def test_columns_and_width_are_honoured_when_redirected(tmp_path):
    """CliRunner is not a terminal: the width comes from --width, else $COLUMNS, else 80."""
    apk = str(SAMPLES / "harvester.apk")

    def widest(text: str) -> int:
        return max(width(line) for line in text.splitlines() if longest_group(line) < 60)

    _, default, _ = run("scan", apk, env={"COLUMNS": ""})
    _, wide, _ = run("scan", apk, env={"COLUMNS": "120"})
    _, narrow, _ = run("scan", apk, "--width", "60", env={"COLUMNS": "120"})
    assert widest(default) <= 80 < widest(wide) <= 120 and widest(narrow) <= 60
    out = tmp_path / "r.txt"
    code, _, _ = run("scan", apk, "-o", str(out), env={"COLUMNS": "120"})
    assert code == 0 and 80 < widest(out.read_text(encoding="utf-8")) <= 120


# ---------------------------------------------------------------- 5. endpoints that matter


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://cdn.loans.example/img/banner.png", "asset"),
        ("https://img.alicdn.com/tfs/TB1xyz.jpg_100x100", "asset"),
        ("https://fonts.gstatic.com/s/roboto/v30/font", "asset"),
        ("https://static.loans.example/app.min.js", "asset"),
        ("https://developer.android.com/guide/topics/permissions", "link"),
        ("https://rapidloan.example/privacy", "link"),
        ("https://loans.example/terms.html", "link"),
        ("http://203.0.113.7:8080/api/upload", "api"),
        ("https://api.cashnow-loans.example/v2/collect", "api"),
        ("https://static.loans.example/upload/contacts", "api"),
        ("https://loans.example/", "api"),
    ],
)
def test_endpoints_are_classified(url, kind):
    from urllib.parse import urlsplit

    from auditor.analysis.endpoints import classify

    assert classify(url, urlsplit(url).hostname) == kind


def test_only_api_endpoints_are_where_data_can_go():
    report = copy.deepcopy(scan(SAMPLES / "startup_asker.apk", ScanOptions()))
    image = Endpoint(url="http://cdn.rapidloan.example/img/banner.png", host="cdn.rapidloan.example",
                     scheme="http", cleartext=True, ip_literal=False, source="code", by="app",
                     kind="asset")  # fmt: skip
    report.endpoints.append(image)
    assert image not in report.destinations()
    for fmt in ("terminal", "html"):
        for lang in ("en", "zh"):
            out = get_renderer(fmt).render(report, RenderOptions(lang=lang, width=120, verbose=True))
            assert image.url not in out  # neither listed nor flagged as cleartext
            others = len(report.endpoints) - len(report.destinations())  # + the privacy page
            assert others == 2
            assert locale.fill(locale.ui(lang)["html"]["other_urls"], n=others)[:12] in out
    data = report.to_dict()
    assert {"url": image.url, "kind": "asset"}.items() <= data["endpoints"][-1].items()
    assert all(e["kind"] in ("api", "asset", "link") for e in data["endpoints"])


def test_an_image_fetched_in_an_uploading_method_is_not_named_as_a_destination():
    from auditor.analysis.evidence import link_endpoints

    ev = Evidence("contacts", "exfiltration_suspected", "Ljava/net/URL;->x()V", caller="Lc;->m()V")
    api = Endpoint("https://api.x.example/up", "api.x.example", "https", False, False, "code",
                   callers=["Lc;->m()V"])  # fmt: skip
    img = Endpoint("http://cdn.x.example/a.png", "cdn.x.example", "http", True, False, "code",
                   callers=["Lc;->m()V"], kind="asset")  # fmt: skip
    (linked,) = link_endpoints([ev], [api, img])
    assert api.url in linked.note and img.url not in linked.note


# ---------------------------------------------------------------- 6. rough edges


def test_counts_have_correct_plurals_in_both_languages():
    from auditor.render import i18n

    en_zh = [("en", "1 violation", "2 violations"), ("zh", "1 处违规", "2 处违规")]
    for lang, one, two in en_zh:
        forms = locale.ui(lang)["report"]["pv"]["violations"]
        assert (locale.fill(forms, n=1), locale.fill(forms, n=2)) == (one, two)
    assert i18n.join_names(list("abcde"), "en").endswith("and 1 more kind of data")
    assert i18n.join_names(list("abcdef"), "en").endswith("and 2 more kinds of data")
    assert locale.fill(locale.ui("en")["batch"]["errors"], n=1) == "1 error"
    for lang in locale.languages():  # no "(s)" anywhere: a count picks its form
        raw = (locale.LOCALE_DIR / f"{lang}.yaml").read_text(encoding="utf-8")
        assert "(s)" not in raw, lang


def test_a_request_whose_permissions_are_not_named_is_explained():
    report = copy.deepcopy(scan(SAMPLES / "startup_asker.apk", ScanOptions()))
    report.permission_requests.append(
        PermissionRequest(caller="Lcom/x/A;->ask()V", component="com.x.A",
                          api="Landroidx/core/app/ActivityCompat;->requestPermissions()V",
                          dex="classes.dex", permissions=[], dangerous=[], at_startup=False,
                          bundled=False, blocks_on_denial=False)
    )
    for lang in ("en", "zh"):
        unnamed = locale.ui(lang)["html"]["unnamed_permissions"]
        for fmt in ("terminal", "html"):
            out = get_renderer(fmt).render(report, RenderOptions(lang=lang, width=120))
            assert f"com.x.A{': ' if fmt == 'terminal' else ''}" in out
            assert unnamed in " ".join(out.split()) and ": ?" not in out


def test_the_score_is_explained_in_words_and_the_formula_stays_in_the_docs():
    report = scan(SAMPLES / "harvester.apk", ScanOptions(policies=["cn"]))
    for lang in ("en", "zh"):
        page = get_renderer("html").render(report, RenderOptions(lang=lang))
        words = locale.ui(lang)["common"]["score_words"]
        assert words in page and "∏" not in page and "README" not in page
        assert locale.ui(lang)["report"]["score_basis_short"].split("{")[0] in page
        heads = re.search(r"<h3 class=\"small\">.*?</thead>", page, re.S).group(0)
        assert heads.count("<th>") == 4  # concern, rule, severity, evidence: no points to add up
        md = get_renderer("markdown").render(report, RenderOptions(lang=lang))
        assert words in " ".join(md.split()) and "∏" not in md
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "∏" in readme and "basis" in readme  # the formula, for whoever recomputes it
    assert [t.points for t in report.score.terms]  # and the JSON keeps the points


def test_the_header_says_where_the_score_comes_from():
    report = scan(SAMPLES / "harvester.apk", ScanOptions(policies=["cn", "in"]))
    out = get_renderer("terminal").render(report, RenderOptions(lang="en", width=100))
    head = out.split("What this app can take")[0]
    assert "Score from the baseline assessment" in head
    assert "Also checked, not counted in the score: China (PRC)" in " ".join(head.split())
    assert "India (RBI)" in head


# ---------------------------------------------------------------- 7. the Python API


def test_scan_takes_keyword_options_and_explains_them():
    import auditor

    sig = inspect.signature(auditor.scan)
    assert [p.kind for p in sig.parameters.values()][1:] == [inspect.Parameter.KEYWORD_ONLY] * 6
    assert sig.parameters["lang"].default == "en" and sig.parameters["policies"].default is None
    for name in ("policies", "lang", "Returns", "Raises"):
        assert name in auditor.scan.__doc__
    report = auditor.scan(SAMPLES / "harvester.apk", policies=["CN"], lang="zh")
    assert report.policies == ["baseline", "cn"] and report.lang == "zh"
    with pytest.raises(ValueError, match="known packs"):
        auditor.scan(SAMPLES / "harvester.apk", policies=["atlantis"])


def test_scan_many_writes_nothing_unless_asked(tmp_path, monkeypatch):
    import tempfile

    import auditor

    assert "out_dir" in auditor.scan_many.__doc__ and "writes nothing" in auditor.scan_many.__doc__
    work, temp = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    files = [SAMPLES / "compliant.apk", SAMPLES / "benign.apk"]
    df = auditor.scan_many(files, jobs=1, lang="zh", policies=["cn"])
    assert len(df) == 2 and "verdict_cn" in df.columns
    assert df.attrs == {"out_dir": None, "status": "complete", "results": None}
    left = [p for p in temp.iterdir() if not p.name.startswith("pymp-")]  # multiprocessing's
    assert list(work.iterdir()) == [] and left == []  # nothing left behind
    out = tmp_path / "kept"
    df = auditor.scan_many(files, jobs=1, out_dir=out)
    assert (out / "index.html").exists() and df.attrs["out_dir"] == str(out)
    assert list(work.iterdir()) == []
    assert os.path.exists(df.attrs["results"])


def test_chinese_diff_and_dashboard_have_no_english_left():
    from auditor.batch.table import row_of
    from auditor.catalogue.knowledge import load_knowledge
    from auditor.diff import compute_diff
    from auditor.render import render_diff
    from auditor.render.dashboard import render_dashboard

    reports = {
        name: scan(SAMPLES / f"{name}.apk", ScanOptions(policies=ALL_PACKS, lang="zh"))
        for name in ("update_v1", "update_v2", "harvester", "compliant", "packed", "sns_harvester")
    }
    quoted = [q for r in reports.values() for q in quoted_strings(r)]
    quoted += [h for r in reports.values() for h in (r.app.sha256, *r.app.signing_cert_sha256)]
    pairs = [("update_v1", "update_v2"), ("harvester", "compliant"), ("compliant", "packed")]
    for old, new in pairs:
        d = compute_diff(reports[old], reports[new])
        for fmt, visible in (("terminal", str), ("markdown", markdown_text), ("html", html_text)):
            out = render_diff(d, fmt, RenderOptions(lang="zh", width=100))
            assert not english_words(visible(out), quoted), (old, new, fmt)
    rows = [row_of({"input": {"path": f"{n}.apk", "sha256": r.app.sha256}, **r.to_dict()})
            for n, r in reports.items()]  # fmt: skip
    rows.append({"file": "broken.apk", "error_code": "not_an_apk", "error_message": "x"})
    knowledge = load_knowledge()
    page = render_dashboard(
        rows, "zh", set(),
        {cid: c.name for cid, c in knowledge.categories.items()},
        {p.name: p.display_name for p in knowledge.packers if p.display_name},
    )  # fmt: skip
    assert not english_words(html_text(page), [*quoted, "broken.apk"])

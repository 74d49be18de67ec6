"""The HTML report: key texts in both languages, self-contained, hostile strings escaped."""

from __future__ import annotations

import copy
import html
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from auditor.catalogue.knowledge import category_name
from auditor.model import Citation, Evidence, Permission, Report, Sdk
from auditor.render.html import HtmlRenderer
from auditor.render.i18n import evidence_extra, shown_categories, ui_for
from auditor.render.interface import RenderOptions
from tests.conftest import scan_sample

SAMPLES = ("harvester", "compliant", "sns_login")
HOSTILE_LABEL = "<script>alert(1)</script>| `x` **bold** [a](javascript:alert(1)) @everyone"


def render(report: Report, lang: str) -> str:
    return HtmlRenderer().render(report, RenderOptions(lang=lang))


def hostile_report() -> Report:
    """The harvester's report with APK-controlled strings replaced by HTML/Markdown attacks."""
    report = copy.deepcopy(scan_sample("harvester"))
    evil_ev = Evidence(
        category="contacts",
        kind="api_call",
        detail="<img src=x onerror=alert(3)>|`tick`",
        caller="Lcom/evil/<X>;->m`|`(I)V",
        dex="classes<9>.dex",
        note="</details><script>alert(4)</script>",
        by="evil",
    )
    first = report.findings[0]
    report.findings[0] = replace(
        first,
        evidence=[evil_ev, *first.evidence],
        citation=replace(first.citation, url="javascript:alert(7)"),
    )
    report.findings[1] = replace(
        report.findings[1],
        citation=Citation(
            instrument="<b>Instrument</b> | `code`",
            issuer="<i>issuer</i>",
            article="Art. <1>",
            date="2024",
            url='https://example.org/x"><script>alert(8)</script>',
            status="in_force",
            confidence="confirmed",
        ),
    )
    report.evidence.append(evil_ev)
    report.app = replace(
        report.app,
        label=HOSTILE_LABEL,
        package='com.evil"><img src=x onerror=alert(2)>',
        version_name="1.0<b>",
        file="dir/evil <b>|`.apk",
    )
    report.permissions.append(
        Permission(
            name="<svg onload=alert(5)>|`perm`",
            protection_level="unknown",
            dangerous=False,
            categories=[],
            known=False,
        )
    )
    report.sdks.append(
        Sdk(
            id="evil",
            name="<b>EvilSDK</b>|`",
            vendor="<u>v</u>",
            kind="other",
            website="javascript:alert(6)",
        )
    )
    report.categories["contacts"].by.append("evil")
    report.warnings.append('<iframe src="http://evil.example/"></iframe>')
    report.packer = "<marquee>Packer</marquee>"
    return report


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(doc: str) -> _Tags:
    parser = _Tags()
    parser.feed(doc)
    parser.close()
    return parser


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3",
    "div", "dl", "dt", "dd", "section", "svg", "circle", "text", "p", "span", "article",
    "a", "details", "summary", "ul", "li", "code", "table", "thead", "tbody", "tr", "th",
    "td", "footer", "strong",
}  # fmt: skip


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_key_texts(name, lang):
    report = scan_sample(name)
    doc = render(report, lang)
    ui = ui_for(lang)
    text = html.unescape(doc)
    assert doc.startswith("<!DOCTYPE html>")
    assert f'lang="{ui["html_lang"]}"' in doc
    level = ui["level"][report.score.level]
    assert ui["risk_level"].format(level=level) in text
    assert f"{report.score.value:g}/100" in text
    assert ui["take"] in text
    for cid in shown_categories(report):
        assert category_name(cid, lang) in text
    for f in report.findings:
        assert f.rule_id in text
        assert f.title.get(lang) in text
        assert f.citation.text("instrument", lang) in text
        assert f.advice_borrower.get(lang) in text
        assert f.advice_developer.get(lang) in text
    for p in report.permissions:
        assert p.name in text
    assert report.app.package in text
    assert report.app.sha256[:16] in text
    assert report.tool_version in text


def test_harvester_in_chinese_reads_naturally():
    text = html.unescape(render(scan_sample("harvester"), "zh"))
    assert "风险等级：极高" in text
    assert "这个应用能从你这里拿走什么" in text
    assert "这个应用会读取你的通讯录" in text
    assert "疑似上传你的通讯录" in text
    assert "疑似上传" in text and "代码会读取" in text and "申请了权限" in text
    assert "应用本身" in text
    assert "《中华人民共和国个人信息保护法》" in text
    assert "你可以怎么做" in text and "给开发者的建议" in text
    assert "现行有效" in text and "征求意见稿" in text


def test_harvester_in_english():
    text = html.unescape(render(scan_sample("harvester"), "en"))
    assert "Risk level: Critical" in text
    assert "What this app can take from you" in text
    assert "This app can read your contacts" in text
    assert "appears to upload your contacts" in text
    assert "Uploaded" in text and "Read in code" in text and "Permission" in text
    assert "Google Play Developer Program Policy" in text


def test_categories_show_meaning_harm_icon_and_who():
    from auditor.catalogue.knowledge import load_knowledge

    report = scan_sample("harvester")
    doc = render(report, "zh")
    cats = load_knowledge().categories
    for cid in shown_categories(report):
        card = re.search(rf'<article class="card [a-z]+" id="c-{cid}">(.*?)</article>', doc, re.S)
        assert card, cid
        body = html.unescape(card.group(1))
        assert cats[cid].icon in body
        assert cats[cid].meaning.zh in body and cats[cid].harm.zh in body
    contacts = re.search(r'id="c-contacts">(.*?)</article>', doc, re.S).group(1)
    assert "疑似上传" in contacts and "应用本身" in contacts
    clipboard = re.search(r'id="c-clipboard">(.*?)</article>', doc, re.S).group(1)
    assert "未能识别的第三方代码" in clipboard and "申请了权限" not in clipboard


def test_evidence_lists_every_call_site():
    report = scan_sample("harvester")
    doc = html.unescape(render(report, "en"))
    for f in report.findings:
        for ev in f.evidence:
            assert ev.detail in doc
            if ev.caller:
                assert ev.caller in doc
            note = evidence_extra(ev, report, "en")
            if note:
                assert note in doc
    assert doc.count("<details>") == sum(1 for f in report.findings if f.evidence)


def test_compliant_app_is_green_and_clean():
    doc = render(scan_sample("compliant"), "en")
    assert 'class="banner lvl-low"' in doc
    assert "No rule of the selected policies is broken" in doc
    assert "Risk level: Low" in doc


def test_sdk_names_shown_as_who():
    report = scan_sample("sns_login")
    doc = html.unescape(render(report, "zh"))
    for s in report.sdks:
        assert s.name_in("zh") in doc
    for cid in shown_categories(report):
        for by in report.categories[cid].by:
            if by not in ("app", "third_party"):
                assert next(s.name_in("zh") for s in report.sdks if s.id == by) in doc


@pytest.mark.parametrize("name", SAMPLES)
def test_self_contained(name):
    report = scan_sample(name)
    doc = render(report, "en")
    parsed = parse(doc)
    citation_urls = {f.citation.url for f in report.findings if f.citation.url}
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, tag
        assert tag not in ("script", "link", "img", "iframe", "object", "embed")
        assert "src" not in attrs
        for key, value in attrs.items():
            assert not key.startswith("on"), (tag, key)
            if key == "href":
                assert value.startswith("#") or value in citation_urls, value
            if key in ("style",):
                pytest.fail("no inline style attributes")
    css = re.search(r"<style>(.*?)</style>", doc, re.S).group(1)
    assert "url(" not in css and "@import" not in css and "http" not in css
    assert "Content-Security-Policy" in doc and "default-src 'none'" in doc
    assert re.search(r'<a [^>]*href="https?://', doc) is None or citation_urls


def test_packer_and_incomplete_banners():
    report = copy.deepcopy(scan_sample("compliant"))
    report.packer = "Jiagu"
    assert "Jiagu" in render(report, "en") and 'role="alert"' in render(report, "en")
    assert "加固" in render(report, "zh")
    report.packer = None
    report.complete = False
    assert "could not be fully analysed" in render(report, "en")
    report.complete = True
    assert 'role="alert"' not in render(report, "en")


def test_warnings_and_footer():
    report = copy.deepcopy(scan_sample("compliant"))
    report.warnings = ["dex classes3.dex could not be read"]
    doc = render(report, "en")
    assert "Warnings" in doc and "classes3.dex could not be read" in doc
    harvester = render(scan_sample("harvester"), "zh")
    assert "风险分（0 到 100）" in harvester and "风险分明细" in harvester
    for t in scan_sample("harvester").score.terms:
        assert f'href="#f-{t.rule_id}"' in harvester


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_strings_are_escaped(lang):
    report = hostile_report()
    doc = render(report, lang)
    parsed = parse(doc)
    lowered = doc.lower()
    for bad in ("<script", "<img", "<svg onload", "<iframe", "<marquee", "<b>", "<i>", "<u>"):
        assert bad not in lowered, bad
    assert "javascript:" not in " ".join(str(a.get("href")) for _, a in parsed.tags)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, tag
        assert not any(k.startswith("on") for k in attrs)
    assert html.escape(HOSTILE_LABEL) in doc
    text = "".join(parsed.text)
    assert HOSTILE_LABEL in text
    assert "Lcom/evil/<X>;->m`|`(I)V" in text
    assert "</details><script>alert(4)</script>" in text
    assert "<b>EvilSDK</b>|`" in text
    assert "<marquee>Packer</marquee>" in text
    # a citation link that is not http(s) is dropped; a hostile https URL stays inside the attribute
    hrefs = [a["href"] for t, a in parsed.tags if t == "a" and a.get("href", "#")[0] != "#"]
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    assert 'https://example.org/x"><script>alert(8)</script>' not in hrefs


def test_unknown_language_falls_back_to_english():
    assert "Risk level" in render(scan_sample("compliant"), "fr")

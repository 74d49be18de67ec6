"""The Markdown report: verdict, categories, findings with evidence, citations; hostile
strings cannot break tables, open HTML or mention anyone."""

from __future__ import annotations

import re

import pytest

from auditor.catalogue.knowledge import category_name
from auditor.model import Report
from auditor.render.i18n import shown_categories, ui_for
from auditor.render.interface import RenderOptions
from auditor.render.markdown import EVIDENCE_SHOWN, MarkdownRenderer, md_code, md_text
from tests.conftest import scan_sample
from tests.test_render_html import HOSTILE_LABEL, hostile_report

SAMPLES = ("harvester", "compliant", "sns_login")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def render(report: Report, lang: str, verbose: bool = False) -> str:
    return MarkdownRenderer().render(report, RenderOptions(lang=lang, verbose=verbose))


def to_html(markdown: str) -> str:
    """Render like GitHub does (CommonMark + tables, raw HTML allowed)."""
    markdown_it = pytest.importorskip("markdown_it")
    return (
        markdown_it.MarkdownIt("commonmark")
        .enable("table")
        .enable("strikethrough")
        .render(markdown)
    )


def tables(markdown: str) -> list[list[str]]:
    """Every block of table lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_key_texts(name, lang):
    report = scan_sample(name)
    md = render(report, lang)
    ui = ui_for(lang)
    heading = md.splitlines()[0]
    assert heading.startswith("## ")
    assert ui["risk_level"].format(level=ui["level"][report.score.level]) in heading
    assert f"{report.score.value:g}/100" in heading
    for cid in shown_categories(report):
        assert f"**{md_text(category_name(cid, lang))}**" in md
    for f in report.findings:
        assert f"`{f.rule_id}`" in md
        assert md_text(f.title.get(lang)) in md
        assert md_text(f.citation.text("instrument", lang)) in md
        assert md_text(f.advice_borrower.get(lang), start=True) in md
    for p in report.permissions:
        assert md_code(p.name, table=True) in md


def test_chinese_heading_and_sections():
    report = scan_sample("harvester")
    md = render(report, "zh")
    assert md.startswith(f"## 🔴 CashNow - Instant Loan — 风险等级：极高 · 风险分 {report.score.value:g}/100")
    assert "### 这个应用能从你这里拿走什么" in md
    assert "### 发现的问题（" in md and "### 申请的权限（" in md
    assert "你可以怎么做" in md and "现行有效" in md


def test_evidence_shows_first_call_sites_then_a_count():
    report = scan_sample("harvester")
    md = render(report, "en")
    big = next(f for f in report.findings if len(f.evidence) > EVIDENCE_SHOWN)
    block = md.split(f"`{big.rule_id}`", 1)[1].split("\n- ", 1)[0]
    assert f"Evidence ({len(big.evidence)})" in block
    assert f"and {len(big.evidence) - EVIDENCE_SHOWN} more" in block
    assert block.count("\n    - ") == EVIDENCE_SHOWN + 1
    first = big.evidence[0]
    assert md_code(first.detail) in block
    verbose = render(report, "en", verbose=True)
    block = verbose.split(f"`{big.rule_id}`", 1)[1].split("\n- ", 1)[0]
    assert block.count("\n    - ") == len(big.evidence)


@pytest.mark.parametrize("name", SAMPLES)
def test_tables_have_even_rows(name):
    md = render(scan_sample(name), "en")
    for block in tables(md):
        widths = {len(_CELL_SPLIT.split(line)) for line in block}
        assert len(widths) == 1, block


def test_compliant_says_no_findings():
    md = render(scan_sample("compliant"), "en")
    assert "🟢" in md.splitlines()[0]
    assert "No rule of the selected policies is broken." in md


def test_md_text_and_code_escape():
    assert md_text("a|b") == "a\\|b"
    assert md_text("<b>`x`</b>") == "\\<b\\>\\`x\\`\\</b\\>"
    assert md_text("*a* _b_ [c](d) ~e~ & f") == "\\*a\\* \\_b\\_ \\[c\\](d) \\~e\\~ &amp; f"
    assert md_text("# title", start=True) == "\\# title"
    assert md_text("1. item", start=True) == "1\\. item"
    assert md_text("version 4.7.2") == "version 4.7.2"
    assert "@\u200b" in md_text("@everyone")
    assert md_text("line1\nline2") == "line1 line2"
    assert md_code("a``b") == "``` a``b ```"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code("a|b", table=True) == "`a\\|b`"
    assert md_code("a|b") == "`a|b`"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_strings_are_escaped(lang):
    report = hostile_report()
    md = render(report, lang)
    assert re.search(r"(?<!\\)\]\(javascript", md) is None
    assert "@everyone" not in md
    for block in tables(md):
        widths = {len(_CELL_SPLIT.split(line)) for line in block}
        assert len(widths) == 1, block
    out = to_html(md)
    for bad in ("<script", "<img", "<svg", "<iframe", "<marquee", "<b>", "<u>"):
        assert bad not in out, bad
    assert 'href="javascript' not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;|" in out
    assert "Lcom/evil/&lt;X&gt;;-&gt;m`|`(I)V" in out
    # every table row still has its columns once rendered
    for table in re.findall(r"<table>(.*?)</table>", out, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        counts = {len(re.findall(r"<t[hd][ >]", r)) for r in rows}
        assert len(counts) == 1, counts
    assert HOSTILE_LABEL not in md

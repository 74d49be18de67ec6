"""The batch dashboard: index.html with a sortable table, charts, links to each app's page."""

from __future__ import annotations

from auditor.batch import run_batch
from auditor.render.dashboard import render_dashboard
from tests.conftest import sample


def test_batch_writes_dashboard_and_app_pages(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("harvester", "compliant"):
        (folder / f"{name}.apk").write_bytes(sample(name).read_bytes())
    (folder / "broken.apk").write_bytes(b"PK\x03\x04garbage")
    out = tmp_path / "out"
    result = run_batch([folder], jobs=2, out_dir=out, lang="zh", progress=False)
    index = (out / "index.html").read_text(encoding="utf-8")
    pages = sorted((out / "apps").glob("*.html"))
    assert len(pages) == 2 and result.failed == 1
    for page in pages:
        assert f'href="apps/{page.name}"' in index
    assert "通讯录" in index and "CashNow" in index and "风险等级分布" in index
    assert 'class="chart"' in index and index.count("<script>") == 1
    assert "src=\"http" not in index and "href=\"http" not in index  # nothing loaded from the network
    page = (out / "apps" / pages[0].name).read_text(encoding="utf-8")
    assert "<html" in page and "风险" in page


def test_dashboard_escapes_hostile_strings():
    rows = [{"file": "<img src=x onerror=alert(1)>.apk", "sha256": "a" * 64, "package": "p<b>",
             "label": "<script>alert(1)</script>", "score": 50.0, "level": "high",
             "categories_in_code": "contacts", "categories_declared": "contacts"}]
    page = render_dashboard(rows, "en", {"a" * 64})
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page
    assert page.count("<script>") == 1  # only the inline sorter


#: Bidi embeddings, overrides and isolates, and C0 controls: what a hostile label can use to
#: make a page read differently from what it says.
BIDI_AND_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x00\x07\x1b\x7f"


def test_dashboard_drops_bidi_and_control_characters():
    label = "Safe\u202eLoan\u2066 \x07Cash\u2069"
    rows = [{"file": "a\u202e.apk", "sha256": "a" * 64, "package": "com.x\u202e", "label": label,
             "score": 50.0, "level": "high", "categories_in_code": "contacts",
             "categories_declared": "contacts", "version_name": "1\u2067.0"}]  # fmt: skip
    for pages in (set(), {"a" * 64}):  # the label as plain text, and as a link
        page = render_dashboard(rows, "en", pages)
        assert not any(ch in page for ch in BIDI_AND_CONTROLS)
        assert "SafeLoan Cash" in page and "com.x" in page


def test_html_report_drops_bidi_and_control_characters():
    import copy

    from auditor.render import RenderOptions, get_renderer
    from tests.conftest import scan_sample

    report = copy.deepcopy(scan_sample("harvester"))
    report.app.label = "Safe\u202eLoan\u2066 \x07Cash\u2069"
    report.warnings.append("w\u202b\u202c\x1b")
    for lang in ("en", "zh"):
        page = get_renderer("html").render(report, RenderOptions(lang=lang))
        assert not any(ch in page for ch in BIDI_AND_CONTROLS)
        assert "SafeLoan Cash" in page

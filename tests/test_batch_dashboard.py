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
    assert "<svg" in index and index.count("<script>") == 1
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

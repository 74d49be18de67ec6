"""The batch dashboard: index.html in a batch output folder.

One self-contained file: a sortable table of every input (linking to each app's own HTML
report in apps/), and inline-SVG charts of risk levels and of how many apps collect each
data category. The only script is a small inline table sorter; no network, no library.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

from auditor.model import CATEGORIES, LEVELS, Text
from auditor.render import locale

_LEVEL_COLOUR = {"low": "#2e7d32", "medium": "#b7791f", "high": "#c53030", "critical": "#7b1d1d"}

_CSS = """
:root{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif}
body{margin:0;padding:16px;max-width:1200px;margin:auto;color:#1a202c;background:#f7f7f8}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
.cards{display:flex;flex-wrap:wrap;gap:16px}.card{background:#fff;border-radius:10px;
padding:12px 16px;box-shadow:0 1px 3px #0002;flex:1 1 320px;min-width:0}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
th,td{padding:6px 8px;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top;
overflow-wrap:anywhere}th{cursor:pointer;background:#edf2f7;position:sticky;top:0}
th:after{content:" \\2195";color:#a0aec0}.lvl{color:#fff;border-radius:4px;padding:1px 6px}
.wrap{overflow-x:auto}.muted{color:#718096;font-size:.85rem}svg text{font-size:12px}
a{color:#2b6cb0}td:nth-child(1),td:nth-child(2),th:nth-child(1),th:nth-child(2){white-space:nowrap}
"""

_SORTER = """
document.querySelectorAll('th').forEach(function(th){th.addEventListener('click',function(){
var table=th.closest('table'),body=table.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){
var x=a.cells[i].dataset.v||a.cells[i].textContent,y=b.cells[i].dataset.v||b.cells[i].textContent;
var nx=parseFloat(x),ny=parseFloat(y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
return asc?c:-c;});rows.forEach(function(r){body.appendChild(r);});});});
"""


def _e(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _bars(items: list[tuple[str, float, str]], maximum: float, width: int = 460) -> str:
    """A horizontal bar chart as inline SVG: (label, value, colour) per bar."""
    row, label_w = 22, 175
    height = row * len(items) + 4
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img">']
    for i, (label, value, colour) in enumerate(items):
        y = i * row + 2
        w = 0 if maximum <= 0 else (width - label_w - 40) * value / maximum
        parts.append(f'<text x="0" y="{y + 14}">{_e(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{value:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_dashboard(
    rows: list[dict[str, Any]],
    lang: str = "en",
    app_pages: set[str] | None = None,
    category_names: Mapping[str, Text] | None = None,
) -> str:
    """index.html from the batch table rows (dicts with the batch table's columns).

    The rows name categories by id; `category_names` says how to show them (the batch hands
    in the names its reports carry; without them the ids are shown).
    """
    texts = locale.ui(lang)
    ui = texts["dashboard"]
    levels = ui["level"]
    names = category_names or {}

    def name_of(cid: str) -> str:
        return names[cid].get(lang) if cid in names else cid

    ok = [r for r in rows if not _e(r.get("error_code"))]
    failed = len(rows) - len(ok)
    app_pages = app_pages or set()

    level_counts = [
        (levels[lv], float(sum(1 for r in ok if r.get("level") == lv)), _LEVEL_COLOUR[lv]) for lv in LEVELS
    ]
    prevalence = []
    for cid in CATEGORIES:
        in_code = sum(1 for r in ok if cid in str(r.get("categories_in_code") or "").split(","))
        declared = sum(1 for r in ok if cid in str(r.get("categories_declared") or "").split(","))
        name = name_of(cid)
        prevalence.append((f"{name} ({ui['in_code']})", float(in_code), "#c53030"))
        prevalence.append((f"{name} ({ui['declared']})", float(declared), "#d69e2e"))

    head = "".join(f"<th>{_e(c)}</th>" for c in ui["cols"])
    body = []
    for r in sorted(rows, key=lambda r: -_score(r)):
        level = str(r.get("level") or "")
        sha = str(r.get("sha256") or "")
        label = _e(r.get("label")) or _e(r.get("package"))
        link = f'<a href="apps/{_e(sha)}.html">{label or _e(ui["report"])}</a>' if sha in app_pages else label
        lvl = (
            f'<span class="lvl" style="background:{_LEVEL_COLOUR[level]}">{_e(levels[level])}</span>'
            if level in _LEVEL_COLOUR
            else ""
        )
        in_code = ", ".join(
            name_of(c) for c in str(r.get("categories_in_code") or "").split(",") if c in CATEGORIES
        )
        score = r.get("score")
        body.append(
            "<tr>"
            f'<td data-v="{_e(score)}">{_e(score)}</td>'
            f'<td data-v="{LEVELS.index(level) if level in LEVELS else -1}">{lvl}</td>'
            f"<td>{link}</td><td>{_e(r.get('package'))}</td><td>{_e(r.get('version_name'))}</td>"
            f"<td>{_e(in_code)}</td><td>{_e(_int(r.get('sdk_count')))}</td><td>{_e(r.get('packer'))}</td>"
            f"<td>{_e(r.get('error_code'))}</td><td>{_e(r.get('file'))}</td></tr>"
        )
    return (
        f'<!DOCTYPE html><html lang="{texts["report"]["html_lang"]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(ui['title'])}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(ui['title'])}</h1>"
        f'<p class="muted">{len(rows)} {_e(ui["inputs"])} · {len(ok)} {_e(ui["scanned"])} · '
        f"{failed} {_e(ui['failed'])}</p>"
        '<div class="cards">'
        f'<div class="card"><h2>{_e(ui["levels"])}</h2>'
        f"{_bars(level_counts, max([v for _, v, _ in level_counts] + [1]))}</div>"
        f'<div class="card"><h2>{_e(ui["prevalence"])}</h2>'
        f"{_bars(prevalence, max([v for _, v, _ in prevalence] + [1]))}</div></div>"
        f'<h2>{_e(ui["table"])}</h2><div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
        f'<p class="muted">{_e(ui["note"])}</p>'
        f"<script>{_SORTER}</script></body></html>\n"
    )


def _score(row: dict[str, Any]) -> float:
    value = row.get("score")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return -1.0
    return float(value)


def _int(value: Any) -> Any:
    if isinstance(value, float) and not math.isnan(value):
        return int(value)
    return value

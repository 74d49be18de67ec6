"""`auditor diff --format html`: one self-contained page (inline CSS, no script, nothing fetched)."""

from __future__ import annotations

import html

from auditor.diff.model import ReportDiff
from auditor.model import LEVELS, SEVERITIES
from auditor.render import locale
from auditor.render.diff.changes import (
    Segment,
    flat,
    headline,
    identity_rows,
    inline,
    segments,
    status_line,
    texts,
)
from auditor.render.interface import Renderer, RenderOptions

_CSS = """
*{box-sizing:border-box}
body{margin:0;padding:12px;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"PingFang SC","Microsoft YaHei",sans-serif;color:#1d1d1f;background:#f6f6f8}
main{max-width:760px;margin:0 auto}
header{background:#fff;border-radius:12px;padding:14px 16px;margin-bottom:12px;
border-left:6px solid #888}
header.low{border-color:#2e7d32}header.medium{border-color:#f9a825}
header.high{border-color:#ef6c00}header.critical{border-color:#c62828}
h1{font-size:1.25rem;margin:0 0 6px}
h2{font-size:1.05rem;margin:18px 0 6px}
.meta{color:#555;font-size:.9rem;margin:2px 0;overflow-wrap:anywhere}
ul{list-style:none;padding:0;margin:0}
li{background:#fff;border-radius:10px;padding:10px 12px;margin:6px 0;overflow-wrap:anywhere}
li.worse{border-left:4px solid #c62828}li.better{border-left:4px solid #2e7d32}
li.other{border-left:4px solid #9e9e9e}
.sev{display:inline-block;font-size:.75rem;font-weight:700;border-radius:6px;padding:0 6px;
color:#fff;background:#757575}
.sev.critical{background:#b71c1c}.sev.high{background:#e65100}.sev.medium{background:#f9a825;
color:#222}.sev.low{background:#0277bd}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em;background:#eee;
border-radius:4px;padding:0 3px}
.dim{color:#666}
.warn{background:#fff8e1;border-left:4px solid #f9a825;border-radius:10px;padding:10px 12px;
margin:6px 0}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:10px;font-size:.85rem}
td,th{padding:6px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
footer{color:#777;font-size:.8rem;margin:16px 0}
"""


def _h(value: object) -> str:
    return html.escape(inline(value), quote=True)


def _html_segments(segs: list[Segment]) -> str:
    out = []
    for text, role in segs:
        if not text:
            continue
        if role.startswith("sev:"):
            sev = role[4:] if role[4:] in SEVERITIES else "info"
            out.append(f'<span class="sev {sev}">{_h(text.strip("[]"))}</span>')
        elif role == "label":
            out.append(f"<b>{_h(text)}</b>")
        elif role == "code":
            out.append(f"<code>{_h(text)}</code>")
        elif role == "dim":
            out.append(f'<span class="dim">{_h(text)}</span>')
        else:
            out.append(_h(text))
    return "".join(out)


class DiffHtmlRenderer(Renderer[ReportDiff]):
    name = "html"

    def render(self, diff: ReportDiff, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        ui = texts(lang)
        old, new = diff.old, diff.new
        level = new.level if new.level in LEVELS else "low"
        name = new.label or new.package
        title = ui["doc_title"].format(
            name=flat(name),
            old=flat(old.version_name or old.version),
            new=flat(new.version_name or new.version),
        )
        out: list[str] = [
            "<!DOCTYPE html>",
            f'<html lang="{locale.ui(lang)["report"]["html_lang"]}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_h(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body><main>",
            f'<header class="{level}">',
            f"<h1>{_h(headline(diff, lang))}</h1>",
            f'<p class="meta">{_h(ui["package"])}{_h(ui["colon"])}<code>{_h(old.package)}</code>'
            + ("" if diff.same_package else f" → <code>{_h(new.package)}</code>")
            + "</p>",
            f'<p class="meta">{_h(ui["policies"])}{_h(ui["colon"])}'
            f"{_h(', '.join(diff.policies_compared) or '-')}"
            + (_h(ui["paren"].format(x=ui["score_recomputed"])) if diff.score_recomputed else "")
            + "</p>",
            f"<p><b>{_h(status_line(diff, lang))}</b></p>",
            "</header>",
        ]
        if diff.warnings:
            out.append(f"<h2>{_h(ui['warnings'])}</h2>")
            out.extend(f'<div class="warn">{_h(w.get(lang))}</div>' for w in diff.warnings)
        if not diff.is_empty:
            for css, title_key, changes in (
                ("worse", "worse", diff.worse()),
                ("better", "better", diff.better()),
                ("other", "other", diff.other()),
            ):
                if css == "other" and not changes:
                    continue
                out.append(f"<h2>{_h(ui['count'].format(t=ui[title_key], n=len(changes)))}</h2>")
                if not changes:
                    out.append(f'<p class="dim">{_h(ui["none"])}</p>')
                    continue
                out.append("<ul>")
                out.extend(
                    f'<li class="{css}">{_html_segments(segments(c, diff, lang))}</li>' for c in changes
                )
                out.append("</ul>")
        out.append("<h2>&nbsp;</h2><table>")
        out.append(f"<tr><th></th><th>{_h(ui['old'])}</th><th>{_h(ui['new'])}</th></tr>")
        for label, a, b in identity_rows(diff, ui):
            out.append(f"<tr><th>{_h(label)}</th><td>{_h(a)}</td><td>{_h(b)}</td></tr>")
        out.append("</table>")
        out.append(f"<footer>{_h(ui['static_note'])}</footer>")
        out.append("</main></body></html>")
        return "\n".join(out) + "\n"

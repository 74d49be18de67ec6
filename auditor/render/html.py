"""The HTML report: one self-contained page a borrower can read on a phone, and print.

Inline CSS and inline SVG only: no script, no font, no image or stylesheet from the
network (a Content-Security-Policy meta tag enforces it). The only links are the
citations' sources. Every string from the APK (label, package, permission names,
strings and method names from dex) is escaped; so is every string from a rule pack.
"""

from __future__ import annotations

import html
import math
import re

from auditor.model import Evidence, Finding, Permission, PolicyVerdict, Report
from auditor.render import i18n, locale
from auditor.render.interface import Renderer, RenderOptions

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def e(value: object) -> str:
    """Escape for HTML text and attribute values; drops control and bidi-override characters."""
    return html.escape(_CONTROL.sub("", "" if value is None else str(value)), quote=True)


def _label(ui: dict, key: str) -> str:
    """A UI label followed by the language's colon (": " or "："), escaped."""
    return e(ui[key] + ui["colon"])


def _anchor(prefix: str, value: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_-]", "_", value)


def _safe_url(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^\s\"'<>]+$", url):
        return url
    return None


_CSS = """
:root{color-scheme:light;--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#f6f8fa;
--card:#fff;--accent:#0969da;--ok:#1a7f37;--ok-bg:#e7f5ec;
--critical:#a4161a;--high:#c2410c;--medium:#9a6700;--low:#0969da;--info:#6e7781}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.55;font-size:16px;
overflow-wrap:break-word;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC",
"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif}
main{max-width:920px;margin:0 auto;padding:12px 12px 32px}
h1,h2,h3{line-height:1.3;margin:0}
h1{font-size:1.45rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:28px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:1.05rem}
p{margin:.35em 0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
font-size:.82em;overflow-wrap:anywhere;word-break:break-all}
a{color:var(--accent)}
.muted{color:var(--muted)}
.small{font-size:.88rem}
.app{padding:6px 2px 10px}
.app .pkg{color:var(--muted);margin-top:2px}
.ids{display:flex;flex-wrap:wrap;gap:4px 14px;margin:8px 0 0;padding:0;font-size:.85rem;
color:var(--muted)}
.ids div{display:flex;gap:4px;min-width:0}
.ids dt{font-weight:600}
.ids dd{margin:0;overflow-wrap:anywhere}
.banner{display:flex;gap:14px;align-items:center;border-radius:14px;padding:16px;
color:#fff;background:var(--critical);-webkit-print-color-adjust:exact;print-color-adjust:exact}
.banner.lvl-high{background:var(--high)}
.banner.lvl-medium{background:#f2c037;color:#1f2328}
.banner.lvl-low{background:var(--ok)}
.banner .gauge{flex:0 0 auto;width:76px;height:76px}
.banner .level{font-size:1.35rem;font-weight:800;letter-spacing:.02em}
.banner .sentence{font-size:1.02rem;font-weight:500}
.banner .scoretext{font-weight:600;opacity:.92}
.pvs{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}
.pv{display:inline-block;border-radius:10px;padding:2px 10px;font-size:.8rem;
background:rgba(255,255,255,.2);border:1px solid rgba(255,255,255,.45)}
.lvl-medium .pv{background:rgba(0,0,0,.06);border-color:rgba(0,0,0,.25)}
.note{margin:10px 2px 0;font-size:.85rem;color:var(--muted)}
.alert{border-radius:10px;padding:12px 14px;margin:12px 0;background:#fff8c5;
border:1px solid #d4a72c;color:#4d2d00;font-weight:500}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px;
min-width:0}
.card.uploaded{border-color:var(--critical);box-shadow:inset 4px 0 0 var(--critical)}
.card.code{box-shadow:inset 4px 0 0 var(--high)}
.card.declared{box-shadow:inset 4px 0 0 var(--medium)}
.card-head{display:flex;align-items:center;gap:10px}
.icon{font-size:1.7rem;line-height:1;flex:0 0 auto}
.card h3{font-size:1.1rem}
.badges{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.badge{display:inline-block;border-radius:6px;padding:1px 8px;font-size:.8rem;font-weight:600;
border:1px solid currentColor;white-space:nowrap}
.b-perm{color:var(--medium)}
.b-code{color:var(--high)}
.b-upload{color:#fff;background:var(--critical);border-color:var(--critical)}
.card dl{margin:6px 0 0}
.card dt{font-size:.78rem;font-weight:700;color:var(--muted);margin-top:6px}
.card dd{margin:0}
.who{display:flex;flex-wrap:wrap;gap:6px}
.who span{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:0 6px;
font-size:.85rem}
.rules{margin-top:8px;font-size:.8rem;color:var(--muted)}
.rules a{white-space:nowrap}
.policy{margin:18px 0 8px}
.policy-head{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-bottom:8px}
.pvchip{border-radius:999px;padding:1px 10px;font-size:.8rem;font-weight:700;
background:#ffebe9;color:var(--critical);border:1px solid #ffcecb}
.pvchip.compliant{background:var(--ok-bg);color:var(--ok);border-color:#aceebb}
.pvchip.incomplete{background:#fff8c5;color:#7d4e00;border-color:#d4a72c}
.finding{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--info);
border-radius:10px;padding:12px 14px;margin:10px 0;min-width:0}
.finding.sev-critical{border-left-color:var(--critical)}
.finding.sev-high{border-left-color:var(--high)}
.finding.sev-medium{border-left-color:#d4a72c}
.finding.sev-low{border-left-color:var(--low)}
.f-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 8px}
.f-title{font-size:1.02rem;font-weight:700;flex:1 1 100%}
.chip{display:inline-block;border-radius:5px;padding:0 7px;font-size:.75rem;font-weight:700;
color:#fff;background:var(--info);-webkit-print-color-adjust:exact;print-color-adjust:exact}
.chip.sev-critical{background:var(--critical)}
.chip.sev-high{background:var(--high)}
.chip.sev-medium{background:#bf8700}
.chip.sev-low{background:var(--low)}
.rid{font-size:.78rem;color:var(--muted)}
.label{font-weight:700}
.advice{background:var(--ok-bg);border-radius:8px;padding:8px 10px;margin:8px 0}
.dev{font-size:.88rem;color:var(--muted);margin:6px 0}
.cite{border-top:1px dashed var(--line);margin-top:8px;padding-top:6px;font-size:.88rem}
.cite .inst{font-weight:600}
.st{display:inline-block;border-radius:5px;padding:0 6px;font-size:.75rem;font-weight:700;
border:1px solid currentColor}
.st-in_force{color:var(--ok)}
.st-draft{color:#8250df}
.st-guidance{color:var(--muted)}
details{margin-top:8px}
summary{cursor:pointer;font-weight:600;font-size:.9rem;color:var(--accent)}
.ev{list-style:none;margin:6px 0 0;padding:0}
.ev li{border-top:1px solid var(--line);padding:6px 0;font-size:.88rem;min-width:0;
overflow-wrap:anywhere}
.ev .k{font-weight:700;margin-right:6px}
.ev .meta{color:var(--muted)}
table{border-collapse:collapse;width:100%;background:var(--card);font-size:.88rem}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
th{background:var(--bg)}
tr.dangerous td:first-child{color:var(--critical);font-weight:600}
.sdks{padding-left:20px}
footer{margin-top:32px;padding-top:12px;border-top:2px solid var(--line);font-size:.85rem;
color:var(--muted)}
footer table{margin-top:8px;font-size:.82rem}
@media (max-width:600px){
 main{padding:8px 8px 24px}
 h1{font-size:1.3rem}
 .banner{padding:14px 12px;gap:12px}
 .banner .gauge{width:64px;height:64px}
 .banner .level{font-size:1.2rem}
 .cards{grid-template-columns:1fr}
 table.stack thead{display:none}
 table.stack,table.stack tbody,table.stack tr{display:block;width:100%}
 table.stack{background:none}
 table.stack tr{border:1px solid var(--line);border-radius:8px;margin:0 0 6px;padding:6px 10px;
  background:var(--card)}
 table.stack td{display:inline-block;border:none;padding:0 10px 0 0;font-size:.8rem;
  color:var(--muted)}
 table.stack td::before{content:attr(data-label);font-weight:700;margin-right:4px}
 table.stack td.wide{display:block;padding:0;font-size:.88rem;color:var(--ink)}
 table.stack td.wide::before{content:none}
 table.stack td.empty{display:none}
}
@media print{
 body{background:#fff;font-size:10pt}
 .cards{display:block;column-count:2;column-gap:12px}
 .card{display:block;margin:0 0 10px}
 main{max-width:none;padding:0}
 details::details-content{content-visibility:visible;display:block}
 summary{color:var(--ink)}
 .finding,.card,tr{break-inside:avoid}
 h2{break-after:avoid}
 a{color:var(--ink)}
}
"""


def _gauge(score: float) -> str:
    """A ring filled to score/100, the score in the middle (inline SVG, no script)."""
    radius = 30
    circumference = 2 * math.pi * radius
    filled = max(0.0, min(100.0, score)) / 100 * circumference
    label = f"{score:g}"
    ring = (
        f'<circle cx="38" cy="38" r="{radius}" fill="none" stroke="currentColor" '
        'stroke-opacity=".25" stroke-width="8"/>'
    )
    arc = (
        f'<circle cx="38" cy="38" r="{radius}" fill="none" stroke="currentColor" '
        f'stroke-width="8" stroke-linecap="round" stroke-dasharray="{filled:.1f} '
        f'{circumference:.1f}" transform="rotate(-90 38 38)"/>'
        if filled > 0
        else ""
    )
    size = 17 if len(label) < 5 else 14
    text = (
        f'<text x="38" y="43" text-anchor="middle" font-size="{size}" font-weight="800" '
        f'fill="currentColor">{e(label)}</text>'
    )
    return f'<svg class="gauge" viewBox="0 0 76 76" role="img" aria-hidden="true">{ring}{arc}{text}</svg>'


class HtmlRenderer(Renderer[Report]):
    name = "html"

    def render(self, report: Report, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        ui = i18n.ui_for(lang)
        name = report.app.label or report.app.package
        parts: list[str] = [
            "<!DOCTYPE html>",
            f'<html lang="{e(ui["html_lang"])}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">",
            '<meta name="referrer" content="no-referrer">',
            '<meta name="generator" content="auditor ' + e(report.tool_version) + '">',
            f"<title>{e(ui['doc_title'].format(name=name))}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            f'<body class="lvl-{e(report.score.level)}">',
            "<main>",
        ]
        parts += self._identity(report, ui)
        parts += self._banner(report, ui, lang)
        parts += self._packer(report, ui)
        parts += self._categories(report, ui, lang)
        parts += self._policies(report, ui, lang)
        parts += self._requests(report, lang)
        parts += self._endpoints(report, lang)
        parts += self._social(report, lang)
        parts += self._permissions(report, ui, lang)
        parts += self._sdks(report, ui)
        parts += self._signing(report, lang)
        parts += self._warnings(report, ui)
        parts += self._footer(report, ui, lang)
        parts += ["</main>", "</body>", "</html>", ""]
        return "\n".join(parts)

    # -- top ----------------------------------------------------------------------------

    def _identity(self, report: Report, ui: dict) -> list[str]:
        app = report.app
        version = app.version_name or ""
        if app.version_code is not None:
            version = f"{version} ({app.version_code})" if version else str(app.version_code)
        rows = [
            (ui["version"], version or "—"),
            (ui["target_sdk"], app.target_sdk if app.target_sdk is not None else "—"),
            (ui["min_sdk"], app.min_sdk if app.min_sdk is not None else "—"),
            (ui["size"], i18n.human_size(app.size)),
            (ui["sha256"], app.sha256[:16] + "…"),
        ]
        out = [
            '<header class="app">',
            f"<h1>{e(app.label) if app.label else e(ui['no_label'])}</h1>",
            f'<div class="pkg mono">{e(app.package)}</div>',
            '<dl class="ids">',
        ]
        for label, value in rows:
            title = f' title="{e(app.sha256)}"' if label == ui["sha256"] else ""
            out.append(f"<div><dt>{e(label)}</dt><dd{title}>{e(value)}</dd></div>")
        out += ["</dl>", "</header>"]
        return out

    def _banner(self, report: Report, ui: dict, lang: str) -> list[str]:
        level = report.score.level
        level_name = ui["level"].get(level, level)
        chips = []
        for v in report.verdicts:
            text = v.name.get(lang) + ui["colon"] + self._pv_text(v, ui)
            chips.append(f'<span class="pv">{e(text)}</span>')
        return [
            f'<section class="banner lvl-{e(level)}" id="verdict">',
            _gauge(report.score.value),
            "<div>",
            f'<p class="level">{e(ui["risk_level"].format(level=level_name))}</p>',
            f'<p class="scoretext">{e(ui["score"].format(score=f"{report.score.value:g}"))}</p>',
            f'<p class="sentence">{e(i18n.verdict_sentence(report, lang))}</p>',
            f'<div class="pvs">{"".join(chips)}</div>' if chips else "",
            "</div>",
            "</section>",
            f'<p class="note">{e(ui["static_note"])}</p>',
        ]

    def _packer(self, report: Report, ui: dict) -> list[str]:
        if report.packer:
            text = ui["packed"].format(p=report.packer)
            return [f'<div class="alert" role="alert">⚠ {e(text)}</div>']
        if not report.complete:
            return [f'<div class="alert" role="alert">⚠ {e(ui["incomplete"])}</div>']
        return []

    @staticmethod
    def _pv_text(v: PolicyVerdict, ui: dict) -> str:
        if v.verdict == "violations":
            return ui["pv_one"] if v.findings == 1 else ui["pv"]["violations"].format(n=v.findings)
        return ui["pv"].get(v.verdict, v.verdict)

    # -- categories ---------------------------------------------------------------------

    def _categories(self, report: Report, ui: dict, lang: str) -> list[str]:
        out = ['<section id="take">', f"<h2>{e(ui['take'])}</h2>"]
        shown = i18n.shown_categories(report)
        if not shown:
            out += [f'<p class="advice">{e(ui["nothing"])}</p>', "</section>"]
            return out
        out.append(f'<p class="muted small">{e(ui["take_intro"])}</p>')
        uploaded = i18n.uploaded_categories(report)
        rules_by_cat: dict[str, list[str]] = {}
        for f in report.findings:
            for c in f.categories:
                rules_by_cat.setdefault(c, []).append(f.rule_id)
        out.append('<div class="cards">')
        for cid in shown:
            st = report.categories[cid]
            cls = "uploaded" if cid in uploaded else "code" if st.in_code else "declared"
            badges = []
            if st.declared:
                badges.append(
                    f'<span class="badge b-perm" title="{e(ui["badge_perm_title"])}">'
                    f"{e(ui['badge_perm'])}</span>"
                )
            if st.in_code:
                badges.append(
                    f'<span class="badge b-code" title="{e(ui["badge_code_title"])}">'
                    f"{e(ui['badge_code'])}</span>"
                )
            if cid in uploaded:
                badges.append(
                    f'<span class="badge b-upload" title="{e(ui["badge_upload_title"])}">'
                    f"{e(ui['badge_upload'])}</span>"
                )
            if st.by:
                who = (
                    '<div class="who">'
                    + "".join(f"<span>{e(i18n.who_label(report, b, lang))}</span>" for b in st.by)
                    + "</div>"
                )
            elif st.in_code:
                who = f'<div class="who"><span>{e(ui["who_third_party"])}</span></div>'
            else:
                who = f'<span class="muted">{e(ui["who_nobody"])}</span>'
            out += [
                f'<article class="card {cls}" id="{e(_anchor("c-", cid))}">',
                '<div class="card-head">',
                f'<span class="icon" aria-hidden="true">{e(st.icon)}</span>',
                f"<h3>{e(i18n.category_name(report, cid, lang))}</h3>",
                "</div>",
                f'<div class="badges">{"".join(badges)}</div>',
                "<dl>",
            ]
            if st.meaning is not None and st.harm is not None:
                out += [
                    f"<dt>{e(ui['meaning'])}</dt><dd>{e(st.meaning.get(lang))}</dd>",
                    f"<dt>{e(ui['harm'])}</dt><dd>{e(st.harm.get(lang))}</dd>",
                ]
            out += [f"<dt>{e(ui['who'])}</dt><dd>{who}</dd>", "</dl>"]
            rules = list(dict.fromkeys(rules_by_cat.get(cid, [])))
            if rules:
                links = " ".join(f'<a href="#{e(_anchor("f-", r))}">{e(r)}</a>' for r in rules)
                out.append(f'<div class="rules">{_label(ui, "rules_broken")}{links}</div>')
            out.append("</article>")
        out += ["</div>", "</section>"]
        return out

    # -- policies and findings ----------------------------------------------------------

    def _policies(self, report: Report, ui: dict, lang: str) -> list[str]:
        out = ['<section id="findings">', f"<h2>{e(ui['policies'])}</h2>"]
        if not report.verdicts and not report.findings:
            out += [f'<p class="advice">{e(ui["nofindings"])}</p>', "</section>"]
            return out
        by_policy: dict[str, list[Finding]] = {}
        for f in report.findings:
            by_policy.setdefault(f.policy, []).append(f)
        seen: set[str] = set()
        for v in report.verdicts:
            seen.add(v.policy)
            chip_cls = {"compliant": "compliant", "incomplete": "incomplete"}.get(v.verdict, "")
            worst = ""
            if v.max_severity:
                sev = ui["severity"].get(v.max_severity, v.max_severity)
                worst = f' <span class="muted small">{e(ui["worst"].format(sev=sev))}</span>'
            out += [
                f'<section class="policy" id="{e(_anchor("p-", v.policy))}">',
                '<div class="policy-head">',
                f"<h3>{e(v.name.get(lang))}</h3>",
                f'<span class="pvchip {chip_cls}">{e(self._pv_text(v, ui))}</span>{worst}',
                "</div>",
            ]
            findings = by_policy.get(v.policy, [])
            if not findings:
                out.append(f'<p class="muted">{e(ui["no_findings_policy"])}</p>')
            for f in findings:
                out += self._finding(report, f, ui, lang)
            out.append("</section>")
        rest = [f for f in report.findings if f.policy not in seen]
        if rest:
            out += ['<section class="policy">', f"<h3>{e(ui['findings'])}</h3>"]
            for f in rest:
                out += self._finding(report, f, ui, lang)
            out.append("</section>")
        out.append("</section>")
        return out

    def _finding(self, report: Report, f: Finding, ui: dict, lang: str) -> list[str]:
        sev = ui["severity"].get(f.severity, f.severity)
        strength = ui["strength"].get(f.strength, f.strength)
        out = [
            f'<article class="finding sev-{e(f.severity)}" id="{e(_anchor("f-", f.rule_id))}">',
            '<div class="f-head">',
            f'<span class="chip sev-{e(f.severity)}">{e(sev)}</span>',
            f'<span class="rid mono">{e(f.rule_id)}</span>',
            f'<span class="rid">· {e(strength)}</span>',
            f'<span class="f-title">{e(f.title.get(lang))}</span>',
            "</div>",
            f"<p>{e(f.why.get(lang))}</p>",
            f'<div class="advice"><span class="label">{e(ui["advice"])}{e(ui["colon"])}</span>'
            f"{e(f.advice_borrower.get(lang))}</div>",
        ]
        out += self._citation(f, ui)
        out += self._evidence(report, f.evidence, ui, lang)
        out.append(
            f'<p class="dev"><span class="label">{e(ui["advice_dev"])}{e(ui["colon"])}</span>'
            f"{e(f.advice_developer.get(lang))}</p>"
        )
        out.append("</article>")
        return out

    def _citation(self, f: Finding, ui: dict) -> list[str]:
        c = f.citation
        status = ui["status"].get(c.status, c.status)
        conf = ui["confidence"].get(c.confidence, c.confidence)
        meta = " · ".join(x for x in (e(c.issuer), e(c.date)) if x)
        url = _safe_url(c.url)
        link = (
            f' · <a href="{e(url)}" rel="noopener noreferrer" target="_blank">{e(ui["read_source"])}</a>'
            if url
            else ""
        )
        return [
            '<div class="cite">',
            f'<span class="label">{e(ui["citation"])}{e(ui["colon"])}</span>'
            f'<span class="inst">{e(c.instrument)}</span>',
            f"<div>{e(c.article)}</div>",
            f'<div class="muted">{meta} · <span class="st st-{e(c.status)}">{e(status)}</span>'
            f" · {e(conf)}{link}</div>",
            "</div>",
        ]

    def _evidence(self, report: Report, evidence: list[Evidence], ui: dict, lang: str) -> list[str]:
        if not evidence:
            return [f'<p class="muted small">{e(ui["evidence_none"])}</p>']
        out = [
            "<details>",
            f"<summary>{e(ui['evidence'].format(n=len(evidence)))}</summary>",
            '<ul class="ev">',
        ]
        for ev in evidence:
            kind = ui["ev_kind"].get(ev.kind, ev.kind)
            meta: list[str] = []
            if ev.caller:
                meta.append(f"{_label(ui, 'ev_caller')}<code>{e(ev.caller)}</code>")
            if ev.dex:
                meta.append(f"{_label(ui, 'ev_dex')}<code>{e(ev.dex)}</code>")
            if ev.by:
                meta.append(f"{_label(ui, 'ev_who')}{e(i18n.who_label(report, ev.by, lang))}")
            item = [f'<li><span class="k">{e(kind)}</span><code>{e(ev.detail)}</code>']
            if meta:
                item.append(f'<div class="meta">{" · ".join(meta)}</div>')
            if ev.note:
                item.append(f'<div class="meta">{_label(ui, "ev_note")}{e(ev.note)}</div>')
            item.append("</li>")
            out.append("".join(item))
        out += ["</ul>", "</details>"]
        return out

    # -- permissions, SDKs, warnings ----------------------------------------------------

    def _permissions(self, report: Report, ui: dict, lang: str) -> list[str]:
        out = [
            '<section id="permissions">',
            f"<h2>{e(ui['permissions'].format(n=len(report.permissions)))}</h2>",
        ]
        if not report.permissions:
            out += [f'<p class="muted">{e(ui["no_permissions"])}</p>', "</section>"]
            return out
        heads = [
            ui["perm_name"],
            ui["perm_prot"],
            ui["perm_dangerous"],
            ui["perm_cats"],
            ui["perm_meaning"],
            ui["perm_max"],
        ]
        out.append('<table class="stack"><thead><tr>')
        out.append("".join(f"<th>{e(h)}</th>" for h in heads))
        out.append("</tr></thead><tbody>")
        for p in report.permissions:
            out.append(self._permission_row(report, p, heads, ui, lang))
        out += ["</tbody></table>", "</section>"]
        return out

    def _permission_row(
        self, report: Report, p: Permission, heads: list[str], ui: dict, lang: str
    ) -> str:
        cats = ui["sep"].join
        meaning = p.meaning.get(lang) if p.meaning else ("" if p.known else ui["unknown_perm"])
        cells = [
            f"<code>{e(p.name)}</code>",
            e(p.protection_level),
            e(ui["yes"] if p.dangerous else ui["no"]),
            e(cats(i18n.category_name(report, c, lang) for c in p.categories)) or "—",
            e(meaning) or "—",
            e(ui["up_to_api"].format(n=p.max_sdk)) if p.max_sdk is not None else "—",
        ]
        cls = ' class="dangerous"' if p.dangerous else ""
        kinds = ["wide", "", "", "", "wide", ""]
        tds = "".join(
            f'<td data-label="{e(h)}"{self._td_class(k, c)}>{c}</td>'
            for h, c, k in zip(heads, cells, kinds, strict=True)
        )
        return f"<tr{cls}>{tds}</tr>"

    @staticmethod
    def _td_class(kind: str, content: str) -> str:
        classes = [kind] if kind else []
        if content == "—":
            classes.append("empty")
        return f' class="{" ".join(classes)}"' if classes else ""

    def _sdks(self, report: Report, ui: dict) -> list[str]:
        out = ['<section id="sdks">', f"<h2>{e(ui['sdks'].format(n=len(report.sdks)))}</h2>"]
        if not report.sdks:
            out += [f'<p class="muted">{e(ui["no_sdks"])}</p>', "</section>"]
            return out
        out.append('<ul class="sdks">')
        for s in report.sdks:
            extra = f" · {e(s.website)}" if s.website else ""
            out.append(
                f'<li><strong>{e(s.name)}</strong> <span class="muted">'
                f"{e(ui['sdk_vendor'])}{e(ui['colon'])}{e(s.vendor)} · "
                f"{e(ui['sdk_kind'])}{e(ui['colon'])}{e(s.kind)}"
                f"{extra}</span></li>"
            )
        out += ["</ul>", "</section>"]
        return out

    # -- behaviour, endpoints, social accounts, signing -----------------------------------

    def _requests(self, report: Report, lang: str) -> list[str]:
        if not report.permission_requests:
            return []
        t = locale.ui(lang)["html"]
        out = ['<section id="requests">', f"<h2>{e(t['requests'])}</h2>", "<ul>"]
        for r in report.permission_requests:
            flags = [t[k] for k in ("at_startup", "bundled", "blocks_on_denial") if getattr(r, k)]
            perms = ", ".join(p.rsplit(".", 1)[-1] for p in r.permissions) or "?"
            badge = "".join(f' <span class="badge b-code">{e(f)}</span>' for f in flags)
            out.append(f"<li><strong>{e(r.component)}</strong>{e(t['colon'])}{e(perms)}{badge}</li>")
        out += ["</ul>", "</section>"]
        return out

    def _endpoints(self, report: Report, lang: str) -> list[str]:
        if not report.endpoints:
            return []
        t = locale.ui(lang)["html"]
        out = ['<section id="endpoints">', f"<h2>{e(t['endpoints'].format(n=len(report.endpoints)))}</h2>"]
        policy = report.app.cleartext_policy
        if policy in ("allowed", "default-allowed", "config"):
            out.append(f'<p class="note">{e(t["cleartext_policy"])}</p>')
        out.append('<ul class="mono">')
        for ep in report.endpoints[:50]:
            who = t["app"] if ep.by == "app" else t["third_party"] if ep.by == "third_party" else ep.by
            badges = ""
            if ep.cleartext:
                badges += f' <span class="badge b-code">{e(t["cleartext"])}</span>'
            if ep.ip_literal:
                badges += f' <span class="badge b-perm">{e(t["ip"])}</span>'
            out.append(f'<li>{e(ep.url)} <span class="muted">({e(who)})</span>{badges}</li>')
        out += ["</ul>", "</section>"]
        return out

    def _social(self, report: Report, lang: str) -> list[str]:
        if not report.sns and not report.other_app_data:
            return []
        t = locale.ui(lang)["html"]
        out = ['<section id="sns">', f"<h2>{e(t['sns'])}</h2>", "<ul>"]
        for u in report.sns:
            scopes = ", ".join(u.scopes) or t["no_scope"]
            out.append(f"<li><strong>{e(u.network)}</strong>{e(t['colon'])}{e(t['scopes'])} {e(scopes)}</li>")
        for o in report.other_app_data:
            out.append(f'<li><span class="badge b-code">{e(t["other_app"])}</span> {e(o.target)}</li>')
        out += ["</ul>", "</section>"]
        return out

    def _signing(self, report: Report, lang: str) -> list[str]:
        t = locale.ui(lang)["html"]
        sig = report.app.signing
        schemes = "+".join(sig.schemes) or "—"
        extra = f' <span class="badge b-perm">{e(t["debug_key"])}</span>' if sig.debug_or_test_key else ""
        return [
            '<section id="signing">',
            f"<h2>{e(t['signing'])}</h2>",
            f"<p>{e(schemes)} · {e(sig.subject or '—')}{extra}</p>",
            "</section>",
        ]

    def _warnings(self, report: Report, ui: dict) -> list[str]:
        if not report.warnings:
            return []
        items = "".join(f"<li>{e(w)}</li>" for w in report.warnings)
        return [
            '<section id="warnings">',
            f"<h2>{e(ui['warnings'])}</h2>",
            f"<ul>{items}</ul>",
            "</section>",
        ]

    # -- footer -------------------------------------------------------------------------

    def _footer(self, report: Report, ui: dict, lang: str) -> list[str]:
        out = [
            "<footer>",
            "<p>"
            + e(
                ui["generated"].format(v=report.tool_version)
                + ui["space"]
                + ui["policies_applied"].format(p=ui["sep"].join(report.policies))
            )
            + "</p>",
            f"<p>{e(ui['score_how'])}</p>",
        ]
        if report.score.terms:
            heads = [
                ui["t_concern"],
                ui["t_rule"],
                ui["t_severity"],
                ui["t_strength"],
                ui["t_points"],
            ]
            out.append(
                f'<h3 class="small">{e(ui["terms"])}</h3><table class="stack"><thead><tr>'
                + "".join(f"<th>{e(h)}</th>" for h in heads)
                + "</tr></thead><tbody>"
            )
            titles = {f.rule_id: f.title.get(lang) for f in report.findings}
            for t in report.score.terms:
                concern = i18n.concern_label(report, t.concern, lang)
                if concern == t.concern and t.concern in titles:
                    concern = titles[t.concern]
                cells = [
                    e(concern),
                    f'<a href="#{e(_anchor("f-", t.rule_id))}">{e(t.rule_id)}</a>',
                    e(ui["severity"].get(t.severity, t.severity)),
                    e(ui["strength"].get(t.strength, t.strength)),
                    e(f"{t.points:g}"),
                ]
                kinds = ["wide", "", "", "", ""]
                out.append(
                    "<tr>"
                    + "".join(
                        f'<td data-label="{e(h)}"{self._td_class(k, c)}>{c}</td>'
                        for h, c, k in zip(heads, cells, kinds, strict=True)
                    )
                    + "</tr>"
                )
            out.append("</tbody></table>")
        else:
            out.append(f"<p>{e(ui['no_terms'])}</p>")
        out.append(f'<p class="small">sha256 <span class="mono">{e(report.app.sha256)}</span></p>')
        out.append("</footer>")
        return out

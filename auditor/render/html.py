"""The HTML report: one self-contained page a borrower can read on a phone, and print.

The page is the template templates/report.html; this module hands it the report and the few
things worked out in Python (the gauge's geometry, the category cards, the score terms).
Inline CSS and inline SVG only: no script, no font, no image or stylesheet from the network
(a Content-Security-Policy meta tag enforces it). The only links are the citations' sources.
Every string from the APK or a rule pack is escaped, and cleaned of control and bidi
characters, by the template environment (templating.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from auditor.model import CategoryStatus, Evidence, Finding, PolicyVerdict, Report
from auditor.render import i18n, locale, templating
from auditor.render.interface import Renderer, RenderOptions

_GAUGE_RADIUS = 30


def _anchor(prefix: str, value: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_-]", "_", value)


def _safe_url(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^\s\"'<>]+$", url):
        return url
    return None


def _gauge(score: float) -> dict[str, Any]:
    """The verdict ring: filled to score/100 (the arc is left out at 0), the score inside."""
    circumference = 2 * math.pi * _GAUGE_RADIUS
    filled = max(0.0, min(100.0, score)) / 100 * circumference
    label = f"{score:g}"
    return {
        "radius": _GAUGE_RADIUS,
        "arc": filled > 0,
        "filled": f"{filled:.1f}",
        "circumference": f"{circumference:.1f}",
        "label": label,
        "size": 17 if len(label) < 5 else 14,
    }


@dataclass(frozen=True)
class _Card:
    """One kind of personal data the app asks for or reads."""

    id: str
    name: str
    status: CategoryStatus
    css: str  # uploaded | code | declared: how strongly it is taken
    uploaded: bool
    who: list[str]  # who takes it; empty when only a permission asks for it
    rules: list[str]  # the rules it breaks, linked to their findings


def _cards(report: Report, ui: dict, lang: str) -> list[_Card]:
    uploaded = i18n.uploaded_categories(report)
    rules_by_cat: dict[str, list[str]] = {}
    for f in report.findings:
        for c in f.categories:
            rules_by_cat.setdefault(c, []).append(f.rule_id)
    cards = []
    for cid in i18n.shown_categories(report):
        st = report.categories[cid]
        who = [i18n.who_label(report, b, lang) for b in st.by]
        if not who and st.in_code:
            who = [ui["who_third_party"]]
        cards.append(
            _Card(
                id=cid,
                name=i18n.category_name(report, cid, lang),
                status=st,
                css="uploaded" if cid in uploaded else "code" if st.in_code else "declared",
                uploaded=cid in uploaded,
                who=who,
                rules=list(dict.fromkeys(rules_by_cat.get(cid, []))),
            )
        )
    return cards


def _terms(report: Report, lang: str) -> list[dict[str, Any]]:
    """The score terms, each concern in words (a category, or the title of the rule)."""
    titles = {f.rule_id: f.title.get(lang) for f in report.findings}
    rows = []
    for t in report.score.terms:
        concern = i18n.concern_label(report, t.concern, lang)
        if concern == t.concern and t.concern in titles:
            concern = titles[t.concern]
        rows.append({**vars(t), "concern": concern})
    return rows


class HtmlRenderer(Renderer[Report]):
    name = "html"

    def render(self, report: Report, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        texts = locale.ui(lang)
        ui = texts["report"]
        by_policy: dict[str, list[Finding]] = {}
        for f in report.findings:
            by_policy.setdefault(f.policy, []).append(f)
        judged = {v.policy for v in report.verdicts}

        def verdict_text(v: PolicyVerdict) -> str:
            if v.verdict == "violations":
                return locale.fill(ui["pv"]["violations"], n=v.findings)
            return ui["pv"].get(v.verdict, v.verdict)

        def evidence_meta(ev: Evidence) -> list[tuple[str, str, bool]]:
            """(label, value, shown as code) for where an evidence was seen."""
            meta = []
            if ev.caller:
                meta.append((ui["ev_caller"], ev.caller, True))
            if ev.source_method:
                meta.append((ui["ev_source"], ev.source_method, True))
            if ev.dex:
                meta.append((ui["ev_dex"], ev.dex, True))
            where = i18n.script_where(ev, lang)
            if where:
                meta.append((ui["ev_script"], where, True))
            if ev.by:
                meta.append((ui["ev_who"], i18n.who_label(report, ev.by, lang), False))
            if ev.reason:
                meta.append((ui["ev_reason"], ui["reason"].get(ev.reason, ev.reason), False))
            if ev.script is not None and ev.script.supporting:
                meta.append((ui["ev_reaches"], "; ".join(ev.script.supporting), True))
            return meta

        base = next((v for v in report.verdicts if v.policy == report.score.basis), None)
        places = report.destinations()
        return templating.render(
            "report.html",
            report=report,
            lang=lang,
            ui=ui,
            t=texts["html"],
            common=texts["common"],
            lt=texts["lending"],
            lending=report.app.lending,
            lending_headline=i18n.lending_headline(report, lang),
            lending_reason=i18n.lending_reason(report, lang),
            lending_notes=i18n.lending_notes(report, lang),
            signals=i18n.top_signals(report),
            signal_where=lambda s: i18n.signal_where(s, report, lang),
            not_applicable_matched=i18n.not_applicable_matched(report),
            base_verdict=base,
            other_verdicts=[v for v in report.verdicts if v is not base],
            destinations=places,
            other_urls=len(report.endpoints) - len(places),
            fill=locale.fill,
            note_of=lambda ev: i18n.evidence_extra(ev, report, lang),
            what_of=lambda ev: i18n.evidence_what(ev, report, lang),
            cite=lambda c: i18n.citation(c, lang),
            protection=lambda level: i18n.protection_words(level, lang),
            network=lambda net: i18n.network_name(net, lang),
            warnings=i18n.warning_texts(report, lang),
            packer=report.packer_in(lang),
            policy_names=[v.name.get(lang) for v in report.verdicts] or report.policies,
            sdk_label=lambda sdk_id: i18n.sdk_name(report, sdk_id, lang),
            identity=self._identity(report, ui, lang),
            gauge=_gauge(report.score.value),
            sentence=i18n.verdict_sentence(report, lang),
            cards=_cards(report, ui, lang),
            terms=_terms(report, lang),
            anchor=_anchor,
            safe_url=_safe_url,
            verdict_text=verdict_text,
            evidence_meta=evidence_meta,
            findings_of=lambda policy: by_policy.get(policy, []),
            unjudged_findings=lambda: [f for f in report.findings if f.policy not in judged],
            category_names=lambda cids: ui["sep"].join(
                i18n.category_name(report, c, lang) for c in cids
            ),
            short_permissions=lambda names: ", ".join(n.rsplit(".", 1)[-1] for n in names)
            or texts["html"]["unnamed_permissions"],
            in_sentence=lambda cids: i18n.categories_in_sentence(report, list(cids), lang),
            plugin_state=lambda called: i18n.plugin_state(called, lang),
            runtime_names=i18n.runtime_names(report, lang),
            runtime_name=lambda rt: i18n.runtime_name(rt, lang),
            runtime_variant=lambda v: i18n.runtime_variant(v, lang),
            human_size=i18n.human_size,
            java_class=lambda d: d[1:-1].replace("/", ".") if d.startswith("L") and d.endswith(";") else d,
            why_not=lambda cid: i18n.why_not_text(report, cid, lang),
            not_counted=i18n.not_counted(report),
            category_label=lambda cid: (
                i18n.category_name(report, cid, lang) if cid else ui["not_counted_other"]
            ),
            sdk_kind=lambda kind: i18n.sdk_kind_label(kind, lang),
        )

    @staticmethod
    def _identity(report: Report, ui: dict, lang: str) -> list[tuple[str, object, str | None]]:
        """(label, value, tooltip) of the app's identity line."""
        app = report.app
        version = app.version_name or ""
        if app.version_code is not None:
            version = f"{version} ({app.version_code})" if version else str(app.version_code)
        out: list[tuple[str, object, str | None]] = [
            (ui["version"], version or "—", None),
            (ui["target_sdk"], app.target_sdk if app.target_sdk is not None else "—", None),
            (ui["min_sdk"], app.min_sdk if app.min_sdk is not None else "—", None),
            (ui["size"], i18n.human_size(app.size), None),
            (ui["sha256"], app.sha256[:16] + "…", app.sha256),
        ]
        if app.runtimes:
            out.append((ui["runtime"], i18n.runtime_names(report, lang), None))
        return out

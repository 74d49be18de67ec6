"""The Markdown report, for GitHub issues and pull requests.

Verdict and score first, then the data categories, the findings with their first call
sites, citations and advice, and the permission table. Every string from the APK or a
rule pack goes through `md_text` (Markdown punctuation and HTML escaped, pipes escaped
for tables) or `md_code` (a code span that survives backticks and pipes).
"""

from __future__ import annotations

import re

from auditor.model import Evidence, Finding, Report
from auditor.render import i18n, locale
from auditor.render.escape import clean
from auditor.render.interface import Renderer, RenderOptions

#: Call sites listed per finding before "and N more".
EVIDENCE_SHOWN = 3

#: Characters with a meaning inside a line (emphasis, code, links, HTML, tables, strikethrough).
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
#: What would start a heading, list, thematic break or setext line at the start of a block.
_LEADING = re.compile(r"^([#+=-]|\d+[.)])")
_LEVEL_ICON = {"low": "🟢", "medium": "🟡", "high": "🟠", "critical": "🔴"}
_SEV_ICON = {"critical": "🔴", "high": "🟠", "medium": "🟡", "low": "🔵", "info": "⚪"}


def _flat(value: object) -> str:
    text = clean(value)
    return " ".join(text.split())


def md_text(value: object, start: bool = False) -> str:
    """Plain text that stays plain text in GitHub Markdown, also in a table cell.

    Inline punctuation is backslash-escaped, `&` becomes `&amp;`, and `@` gets a
    zero-width space so a hostile string mentions nobody. With `start=True` (the text
    opens a block: a list item, a line of its own) a leading `#`, `-`, `+`, `=` or `1.`
    is escaped too, so it cannot turn into a heading or a list.
    """
    text = _flat(value).replace("&", "&amp;")
    text = _INLINE.sub(r"\\\1", text)
    if start:
        text = _LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)
    return text.replace("@", "@\u200b")


def md_code(value: object, table: bool = False) -> str:
    """A code span holding `value` verbatim (GFM); `table=True` escapes pipes for a cell."""
    text = _flat(value)
    if table:
        text = text.replace("|", "\\|")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _url(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^\s()<>\[\]|`]+$", url):
        return url
    return None


class MarkdownRenderer(Renderer[Report]):
    name = "markdown"

    def render(self, report: Report, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        ui = i18n.ui_for(lang)
        out: list[str] = []
        out += self._header(report, ui, lang)
        out += self._lending(report, lang)
        out += self._categories(report, ui, lang)
        out += self._findings(report, ui, lang, options.verbose)
        out += self._not_applicable(report, ui, lang)
        out += self._hybrid(report, ui, lang)
        out += self._permissions(report, ui, lang)
        out += self._sdks(report, ui, lang)
        warnings = i18n.warning_texts(report, lang)
        if warnings:
            out += [f"### {md_text(ui['warnings'])}", ""]
            out += [f"- {md_text(w, start=True)}" for w in warnings]
            out.append("")
        out += self._footer(report, ui, lang)
        return "\n".join(out).rstrip() + "\n"

    def _header(self, report: Report, ui: dict, lang: str) -> list[str]:
        app = report.app
        level = report.score.level
        name = app.display_name()
        risk = ui["risk_level"].format(level=ui["level"].get(level, level))
        score = ui["score"].format(score=f"{report.score.value:g}")
        code_only = app.kind == "code_only"
        ident = [md_text(ui["code_only_title"]) if code_only else md_code(app.package)]
        if app.version_name or app.version_code is not None:
            ident.append(
                f"{md_text(ui['version'])} {md_text(app.version_name or '')}"
                + (f" ({app.version_code})" if app.version_code is not None else "")
            )
        if not code_only:
            ident.append(f"{md_text(ui['target_sdk'])} {md_text(app.target_sdk)}")
        ident.append(f"{md_text(ui['size'])} {md_text(i18n.human_size(app.size))}")
        ident.append(f"SHA-256 {md_code(app.sha256[:16])}")
        if app.runtimes:
            ident.append(f"{md_text(ui['runtime'])} {md_text(i18n.runtime_names(report, lang))}")
        base = next((v for v in report.verdicts if v.policy == report.score.basis), None)
        others = " · ".join(
            f"{md_text(v.name.get(lang))}{ui['colon']}{md_text(self._pv(v, ui))}"
            for v in report.verdicts
            if v is not base
        )
        out = [
            f"## {_LEVEL_ICON.get(level, '')} {md_text(name)} — {md_text(risk)} · {md_text(score)}",
            "",
            " · ".join(ident),
            "",
            f"> **{md_text(i18n.verdict_sentence(report, lang))}**",
            "",
        ]
        if base is not None:
            basis = ui["score_basis_short"].format(name=base.name.get(lang), verdict=self._pv(base, ui))
            out += [md_text(basis), ""]
        if others:
            out += [f"{md_text(ui['other_policies'])}{ui['colon']}{others}", ""]
        if code_only:
            out += [f"> ⚠️ {md_text(ui['code_only'])}", ""]
        elif report.packer:
            out += [f"> ⚠️ {md_text(ui['packed'].format(p=report.packer_in(lang)))}", ""]
        elif not report.complete:
            out += [f"> ⚠️ {md_text(ui['incomplete'])}", ""]
        return out

    @staticmethod
    def _lending(report: Report, lang: str) -> list[str]:
        """Is it a lending app: the verdict, why, and its top signals."""
        headline = i18n.lending_headline(report, lang)
        if headline is None:
            return []
        texts = i18n.lending_ui(lang)
        ui = i18n.ui_for(lang)
        out = [
            f"### {md_text(texts['heading'])}",
            "",
            f"**{md_text(headline)}**{ui['space']}{md_text(i18n.lending_reason(report, lang))}",
            "",
        ]
        notes = i18n.lending_notes(report, lang)
        if notes:
            out += [*(f"> {md_text(n)}" for n in notes), ""]
        signals = i18n.top_signals(report)
        if signals:
            out.append(f"{md_text(texts['signals'])}{ui['colon'].rstrip()}")
            out.append("")
            out += [f"- {md_text(i18n.signal_line(s, report, lang), start=True)}" for s in signals]
        else:
            out.append(md_text(texts["no_signal"]))
        out.append("")
        return out

    def _not_applicable(self, report: Report, ui: dict, lang: str) -> list[str]:
        if not report.not_applicable:
            return []
        texts = i18n.lending_ui(lang)
        matched = i18n.not_applicable_matched(report)
        heading = locale.fill(texts["not_applicable"], n=len(report.not_applicable))
        out = [f"### {md_text(heading)}", ""]
        if matched:
            out += [md_text(texts["not_applicable_intro"]), ""]
            for n in matched:
                sev = ui["severity"].get(n.severity, n.severity)
                out.append(
                    f"- {_SEV_ICON.get(n.severity, '')} {md_text(sev)} {md_code(n.rule_id)} "
                    f"{md_text(n.title.get(lang))}"
                )
            out.append("")
        rest = len(report.not_applicable) - len(matched)
        if rest:
            out += [md_text(locale.fill(texts["not_applicable_rest"], n=rest)), ""]
        return out

    @staticmethod
    def _pv(v, ui: dict) -> str:
        if v.verdict == "violations":
            return locale.fill(ui["pv"]["violations"], n=v.findings)
        return ui["pv"].get(v.verdict, v.verdict)

    def _categories(self, report: Report, ui: dict, lang: str) -> list[str]:
        out = [f"### {md_text(ui['take'])}", ""]
        shown = i18n.shown_categories(report)
        if not shown:
            return [*out, md_text(ui["nothing"]), ""]
        uploaded = i18n.uploaded_categories(report)
        heads = [
            "",
            ui["perm_cats"],
            ui["badge_perm"],
            ui["badge_code"],
            ui["badge_upload"],
            ui["who"],
            ui["meaning"],
        ]
        out.append("| " + " | ".join(md_text(h) for h in heads) + " |")
        out.append("|" + "---|" * len(heads))
        for cid in shown:
            st = report.categories[cid]
            who = ", ".join(i18n.who_label(report, b, lang) for b in st.by)
            if not who and st.in_code:
                who = ui["who_third_party"]
            if not st.in_code and st.why_not:
                who = f"{ui['why_not']}{ui['colon']}{i18n.why_not_text(report, cid, lang)}"
            row = [
                st.icon,
                f"**{md_text(i18n.category_name(report, cid, lang))}**",
                "✅" if st.declared else "",
                "✅" if st.in_code else "",
                "⚠️" if cid in uploaded else "",
                md_text(who) if who else "—",
                md_text(st.meaning.get(lang)) if st.meaning is not None else "",
            ]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        return out

    def _findings(self, report: Report, ui: dict, lang: str, verbose: bool) -> list[str]:
        out = [f"### {md_text(ui['findings_n'].format(n=len(report.findings)))}", ""]
        if not report.findings:
            return [*out, md_text(ui["nofindings"]), ""]
        for f in report.findings:
            out += self._finding(report, f, ui, lang, verbose)
        out.append("")
        return out

    def _finding(self, report: Report, f: Finding, ui: dict, lang: str, verbose: bool) -> list[str]:
        sev = ui["severity"].get(f.severity, f.severity)
        policy = next((v.name.get(lang) for v in report.verdicts if v.policy == f.policy), f.policy)
        out = [
            f"- {_SEV_ICON.get(f.severity, '')} **{md_text(sev)}** {md_code(f.rule_id)} "
            f"**{md_text(f.title.get(lang))}** · {md_text(policy)}",
            f"  {md_text(f.why.get(lang), start=True)}",
        ]
        shown = f.evidence if verbose else f.evidence[:EVIDENCE_SHOWN]
        if f.evidence:
            out.append(f"  - {md_text(ui['evidence'].format(n=len(f.evidence)))}")
            for ev in shown:
                out.append(f"    - {self._evidence(report, ev, ui, lang)}")
            hidden = len(f.evidence) - len(shown)
            if hidden:
                out.append(f"    - {md_text(ui['md_more'].format(n=hidden))}")
        c = f.citation
        cited = i18n.citation(c, lang)
        status = ui["status"].get(c.status, c.status)
        conf = ui["confidence"].get(c.confidence, c.confidence)
        cite = md_text(
            ui["citation_line"].format(
                instrument=cited["instrument"],
                article=cited["article"],
                issuer=cited["issuer"],
                date=c.date,
                status=status,
                confidence=conf,
            )
        )
        url = _url(c.url)
        if url:
            cite += f" [{md_text(ui['read_source'])}](<{url}>)"
        out.append(f"  - {md_text(ui['citation'])}{ui['colon']}{cite}")
        out.append(
            f"  - **{md_text(ui['advice'])}**{ui['colon']}{md_text(f.advice_borrower.get(lang))}"
        )
        out.append(
            f"  - {md_text(ui['advice_dev'])}{ui['colon']}{md_text(f.advice_developer.get(lang))}"
        )
        return out

    def _evidence(self, report: Report, ev: Evidence, ui: dict, lang: str) -> str:
        kind = ui["ev_kind"].get(ev.kind, ev.kind)
        if ev.kind in ("sdk", "indicator"):
            text = f"{md_text(kind)}{ui['colon']}{md_text(i18n.evidence_what(ev, report, lang))}"
        else:
            text = f"{md_text(kind)}{ui['colon']}{md_code(ev.detail)}"
        if ev.caller:
            text += f" @ {md_code(ev.caller)}"
        if ev.source_method:
            text += f" ({md_text(ui['ev_source'])}{ui['colon']}{md_code(ev.source_method)})"
        if ev.dex:
            text += f" ({md_text(ev.dex)})"
        where = i18n.script_where(ev, lang)
        if where:
            text += f" @ {md_code(where)}"
        if ev.by:
            text += f", {md_text(i18n.who_label(report, ev.by, lang))}"
        if ev.reason:
            reason = ui["reason"].get(ev.reason, ev.reason)
            text += f" ({md_text(ui['ev_reason'])}{ui['colon']}{md_text(reason)})"
        note = i18n.evidence_extra(ev, report, lang)
        if note:
            text += f" — {md_text(note)}"
        if ev.script is not None and ev.script.supporting:
            reaches = "; ".join(md_code(x) for x in ev.script.supporting)
            text += f" — {md_text(ui['ev_reaches'])}{ui['colon']}{reaches}"
        return text

    def _hybrid(self, report: Report, ui: dict, lang: str) -> list[str]:
        """Runtimes, their plugins (called or not) and WebView bridges; nothing for plain apps."""
        app = report.app
        if not app.runtimes and not report.webview_bridges:
            return []
        out = [f"### {md_text(ui['hybrid'])}", ""]
        if app.runtimes:
            out += [md_text(ui["hybrid_intro"].format(names=i18n.runtime_names(report, lang))), ""]
        for rt in app.runtimes:
            variant_words = i18n.runtime_variant(rt.variant, lang)
            variant = f" ({md_text(variant_words)})" if variant_words else ""
            size = i18n.human_size(rt.script_bytes)
            read = md_text(ui["scripts_read"].format(n=len(rt.scripts), size=size))
            out.append(f"- **{md_text(i18n.runtime_name(rt, lang))}**{variant} — {read}")
            if not rt.complete:
                out.append(f"  - ⚠️ {md_text(ui['scripts_incomplete'])}")
            for what in rt.hot_update:
                out.append(f"  - {md_text(ui['hot_update'].format(what=what))}")
            for p in rt.plugins:
                line = f"  - {md_code(p.name)}{ui['colon']}{md_text(i18n.plugin_state(p.called, lang))}"
                if p.categories:
                    cats = i18n.categories_in_sentence(report, p.categories, lang)
                    line += f" · {md_text(ui['plugin_reads'].format(cats=cats))}"
                out.append(line)
        if report.webview_bridges:
            head = md_text(ui["bridges"].format(n=len(report.webview_bridges)))
            out += ["", f"**{head}** {md_text(ui['bridge_intro'])}", ""]
        for b in report.webview_bridges:
            out.append(f"- {md_code('window.' + b.name)} ({md_code(b.cls)})")
            if b.all_public:
                out.append(f"  - ⚠️ {md_text(ui['bridge_all_public'])}")
            for m in b.methods:
                if m.categories:
                    cats = i18n.categories_in_sentence(report, m.categories, lang)
                    what = "**" + md_text(ui["bridge_reads"].format(cats=cats)) + "**"
                else:
                    what = md_text(ui["bridge_reads_nothing"])
                out.append(f"  - {md_code(m.name + '()')}{ui['colon']}{what}")
            for u in b.urls:
                where = md_text(ui["bridge_local"] if u.local else ui["bridge_remote"])
                flag = " ⚠️ http" if u.cleartext else ""
                out.append(f"  - {md_text(ui['bridge_pages'])}{ui['colon']}{md_code(u.url)} ({where}){flag}")
        out.append("")
        return out

    def _permissions(self, report: Report, ui: dict, lang: str) -> list[str]:
        if report.app.kind == "code_only":  # no manifest: no permission is known
            return []
        out = [f"### {md_text(ui['permissions'].format(n=len(report.permissions)))}", ""]
        if not report.permissions:
            return [*out, md_text(ui["no_permissions"]), ""]
        heads = [
            ui["perm_name"],
            ui["perm_prot"],
            ui["perm_dangerous"],
            ui["perm_cats"],
            ui["perm_meaning"],
            ui["perm_max"],
        ]
        out.append("| " + " | ".join(md_text(h) for h in heads) + " |")
        out.append("|" + "---|" * len(heads))
        sep = ui["sep"]
        for p in report.permissions:
            meaning = p.meaning.get(lang) if p.meaning else ("" if p.known else ui["unknown_perm"])
            row = [
                md_code(p.name, table=True),
                md_text(i18n.protection_words(p.protection_level, lang)),
                ("⚠️ " + md_text(ui["yes"])) if p.dangerous else md_text(ui["no"]),
                md_text(sep.join(i18n.category_name(report, c, lang) for c in p.categories)) or "—",
                md_text(meaning) or "—",
                md_text(ui["up_to_api"].format(n=p.max_sdk)) if p.max_sdk is not None else "—",
            ]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        return out

    def _sdks(self, report: Report, ui: dict, lang: str) -> list[str]:
        if not report.sdks:
            return []
        out = [f"### {md_text(ui['sdks'].format(n=len(report.sdks)))}", ""]
        sep = i18n.common(lang)["sep"]
        for s in report.sdks:
            kind = i18n.sdk_kind_label(s.kind, lang)
            out.append(f"- **{md_text(s.name_in(lang))}** ({md_text(s.vendor_in(lang) + sep + kind)})")
        out.append("")
        return out

    def _footer(self, report: Report, ui: dict, lang: str) -> list[str]:
        names = [v.name.get(lang) for v in report.verdicts] or report.policies
        common = i18n.common(lang)
        return [
            "---",
            "",
            "<sub>"
            + ui["space"].join(
                md_text(t)
                for t in (
                    ui["generated"].format(v=report.tool_version),
                    ui["policies_applied"].format(p=ui["sep"].join(names)),
                    common["score_words"],
                    common["score_basis"],
                )
            )
            + "</sub>",
            "",
        ]

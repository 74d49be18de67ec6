"""The terminal report: verdict first, then data categories, findings per rulebook, how the
app asks, where data can go, SDKs and permissions.

Every line is laid out here (auditor/render/wrap.py), not by rich's wrapping, so that a URL,
an API or a package name is never split, no meaning is cut with "…", and Chinese breaks
between characters instead of at the spaces around a Latin word. The width is the
RenderOptions width (the CLI takes --width, else $COLUMNS, else the terminal's). rich only
paints: plain text (no ANSI codes) when stdout is not a terminal or NO_COLOR is set; the
CLI decides and passes `color`.
"""

from __future__ import annotations

from auditor.model import CATEGORIES, WHY_NOT, Evidence, Finding, PolicyVerdict, Report
from auditor.render import i18n, locale
from auditor.render.interface import Renderer, RenderOptions
from auditor.render.names import readable_location, short_reference
from auditor.render.page import Page, Segment, paint
from auditor.render.wrap import Column, table, wrap

_LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red", "critical": "bold white on red"}
SEVERITY_STYLE = {  # shared with the diff renderer
    "info": "dim",
    "low": "cyan",
    "medium": "yellow",
    "high": "red",
    "critical": "bold red",
}
#: Endpoints listed before "... N more" without --verbose.
ENDPOINTS_SHOWN = 8
#: Evidence lines per finding before "... N more" without --verbose.
EVIDENCE_SHOWN = 4

def _wrapped(text: str, style: str | None, inner: int) -> list[list[Segment]]:
    return [[(line, style)] for line in wrap(text, inner)]


class TerminalRenderer(Renderer[Report]):
    name = "terminal"

    def render(self, report: Report, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        texts = locale.ui(lang)
        ui = texts["terminal"]
        page = Page(max(20, options.width))
        self._header(page, report, ui, lang)
        self._categories(page, report, ui, lang)
        self._not_counted(page, report, ui, lang, options.verbose)
        self._findings(page, report, ui, lang, options.verbose)
        self._not_applicable(page, report, lang)
        self._requests(page, report, ui, lang)
        self._endpoints(page, report, ui, lang, options.verbose)
        self._hybrid(page, report, ui, lang)
        self._sdks(page, report, ui, lang)
        self._permissions(page, report, ui, lang)
        warnings = i18n.warning_texts(report, lang)
        if warnings:
            page.text(ui["warnings"], "bold")
            for w in warnings:
                page.text(f"! {w}", indent=2, hang=2)
        return paint(page, options.color)

    # -- header ----------------------------------------------------------------------------

    def _header(self, page: Page, report: Report, ui: dict, lang: str) -> None:
        app = report.app
        inner = page.width - 4
        code_only = app.kind == "code_only"
        name = app.display_name()
        version = f" {app.version_name}" if app.version_name else ""
        level = report.score.level
        ident = ui["code_only_title"] if code_only else f"{app.package}{version}"
        content = _wrapped(f"{name}  ({ident})", "bold", inner)
        verdict = (
            ui["code_only_clean"]
            if code_only and not report.findings
            else i18n.level_sentence(report, lang, "terminal")
        )
        content += _wrapped(
            f"{ui['risk']} {report.score.value:g}/100  {ui['level'][level]}  {verdict}",
            _LEVEL_STYLE[level],
            inner,
        )
        base = next((v for v in report.verdicts if v.policy == report.score.basis), None)
        if base is not None:
            content += _wrapped(ui["basis"].format(verdict=_pv(base, ui)), None, inner)
        others = [v for v in report.verdicts if v is not base]
        if others:
            sep = i18n.common(lang)["sep"]
            listed = sep.join(
                ui["verdict_of"].format(name=v.name.get(lang), verdict=_pv(v, ui)) for v in others
            )
            content += _wrapped(ui["others"].format(list=listed), None, inner)
        signing = "+".join(app.signing.schemes) or ui["unsigned"]
        if app.signing.debug_or_test_key:
            signing += f" {ui['debug_key']}"
        bundle = ""
        if app.bundle:
            kind = ui["bundle_kind"].get(app.bundle, app.bundle)
            bundle = locale.fill(ui["bundle"], kind=kind, n=len(app.splits))
        if code_only:
            identity = ui["identity_code_only"].format(
                sha=app.sha256[:16], dex=locale.fill(ui["dex_files"], n=len(app.dex_files))
            )
        else:
            identity = ui["identity"].format(
                sha=app.sha256[:16],
                target=app.target_sdk,
                dex=locale.fill(ui["dex_files"], n=len(app.dex_files)),
                signing=signing,
                bundle=bundle,
            )
        content += _wrapped(identity, "dim", inner)
        if app.runtimes:
            read = sum(len(rt.scripts) for rt in app.runtimes)
            sep = i18n.common(lang)["sep"]
            text = locale.fill(ui["runtime"], names=i18n.runtime_names(report, lang), n=read)
            if not all(rt.complete for rt in app.runtimes):
                text += ui["runtime_incomplete"]
            content += _wrapped(text, "dim", inner)
        if code_only:
            content += _wrapped(ui["code_only"], "bold yellow", inner)
        elif report.packer:
            content += _wrapped(ui["packed"].format(p=report.packer_in(lang)), "bold yellow", inner)
        elif not report.complete:
            content += _wrapped(ui["incomplete"], "yellow", inner)
        content += self._lending(report, lang, inner)
        page.box(content)

    @staticmethod
    def _lending(report: Report, lang: str, inner: int) -> list[list[Segment]]:
        """Is it a lending app: the verdict, why, and its top signals (app.lending)."""
        headline = i18n.lending_headline(report, lang)
        lending = report.app.lending
        if headline is None or lending is None:
            return []
        style = {"lender": "bold", "unclear": "yellow", "not_lender": "bold cyan"}[lending.verdict]
        space = i18n.ui_for(lang)["space"]
        out = _wrapped(f"{headline}{space}{i18n.lending_reason(report, lang)}", style, inner)
        for note in i18n.lending_notes(report, lang):
            out += _wrapped(note, "cyan", inner)
        signals = i18n.top_signals(report)
        if signals:
            colon = i18n.common(lang)["colon"].strip()
            out += _wrapped(i18n.lending_ui(lang)["signals"] + colon, "dim", inner)
            for signal in signals:
                line = i18n.signal_line(signal, report, lang)
                out += [[(text, "dim")] for text in wrap(line, inner, "  + ", "    ")]
        return out

    # -- what it can take ---------------------------------------------------------------------

    def _categories(self, page: Page, report: Report, ui: dict, lang: str) -> None:
        rows = []
        sep = i18n.common(lang)["sep"]
        for cid in CATEGORIES:
            st = report.categories[cid]
            if not (st.declared or st.in_code):
                continue
            who = sep.join(_who(report, b, ui, lang) for b in st.by)
            rows.append(
                [
                    (i18n.category_name(report, cid, lang), "red" if st.in_code else "yellow"),
                    (ui["yes"] if st.declared else ui["no"], None),
                    (ui["yes"] if st.in_code else ui["no"], None),
                    (who or ui["no"], None),
                ]
            )
        if not rows:
            page.text(ui["nothing"], "green")
            page.blank()
            return
        page.text(ui["take"], "bold")
        columns = [
            Column(ui["cat"], weight=3),
            Column(ui["perm"], nowrap=True),
            Column(ui["code"], nowrap=True),
            Column(ui["who"], weight=3),
        ]
        page.rows(table(columns, rows, page.width, colon=i18n.common(lang)["colon"]))
        page.blank()

    def _not_counted(self, page: Page, report: Report, ui: dict, lang: str, verbose: bool) -> None:
        """Why each category is not claimed as read in code: every reason with --verbose
        (and the calls behind it), otherwise one hint line when code was set aside."""
        ids = [c for c in CATEGORIES if report.categories[c].why_not]
        code_set_aside = [
            c for c in ids if any(r != "declared_only" for r in report.categories[c].why_not)
        ]
        if not verbose:
            if code_set_aside:
                names = [i18n.category_name(report, c, lang) for c in code_set_aside]
                page.text(ui["why_not_hint"].format(cats=i18n.join_names(names, lang)), "dim")
                page.blank()
            return
        if not ids:
            return
        reasons, colon = ui["reason"], i18n.common(lang)["colon"]
        note_sep = i18n.common(lang)["note_sep"]
        rows = i18n.not_counted(report)
        page.text(ui["why_not"], "bold")
        for cid in [*ids, None]:
            if cid is not None:
                st = report.categories[cid]
                why = note_sep.join(reasons.get(r, r) for r in st.why_not)
                parts: list[Segment] = [(f"{i18n.category_name(report, cid, lang)}{colon}", "yellow")]
                page.segments([*parts, (why, None)], indent=2, hang=2)
            by_reason: dict[str, list[Evidence]] = {}
            for ev in rows.get(cid, []):
                by_reason.setdefault(ev.reason or "", []).append(ev)
            for reason, evs in sorted(by_reason.items(), key=lambda kv: _reason_rank(kv[0])):
                if cid is None or len(by_reason) > 1:
                    page.text(reasons.get(reason, reason) + colon.rstrip(), indent=4, hang=2)
                seen: dict[tuple[str, str | None], Evidence] = {}
                for ev in evs:
                    seen.setdefault((ev.detail, ev.caller), ev)
                unique = list(seen.values())
                for ev in unique[:5]:
                    where = readable_location(ev.caller, ev.source_method)
                    text = f"- {short_reference(ev.detail)} @ {where}"
                    text += f" ({_who(report, ev.by, ui, lang)})"
                    extra = i18n.evidence_extra(ev, report, lang)
                    text += f"{colon}{extra}" if extra else ""
                    page.text(text, "dim", indent=6, hang=2)
                if len(unique) > 5:
                    page.text(locale.fill(ui["more"], n=len(unique) - 5), "dim", indent=6)
        page.blank()

    # -- findings, per rulebook ---------------------------------------------------------------

    def _findings(self, page: Page, report: Report, ui: dict, lang: str, verbose: bool) -> None:
        page.text(_count(ui["findings"], len(report.findings), lang), "bold")
        if not report.findings:
            page.text(ui["nofindings"], "green", indent=2)
        judged = [v.policy for v in report.verdicts]
        order = judged + sorted({f.policy for f in report.findings} - set(judged))
        names = {v.policy: v.name.get(lang) for v in report.verdicts}
        for policy in order:
            mine = [f for f in report.findings if f.policy == policy]
            if not mine:
                continue
            if len(order) > 1:
                page.text(_count(names.get(policy, policy), len(mine), lang), "bold underline")
            for f in mine:
                self._finding(page, report, f, ui, lang, verbose)
        if report.score.terms:
            page.text(i18n.common(lang)["score_words"], "dim")
        page.blank()

    def _finding(
        self, page: Page, report: Report, f: Finding, ui: dict, lang: str, verbose: bool
    ) -> None:
        tag = i18n.common(lang)["severity_tag"].get(f.severity, f.severity)
        page.segments(
            [
                (f"[{tag}] ", SEVERITY_STYLE[f.severity]),
                (f"{f.rule_id} ", "bold"),
                (f.title.get(lang), None),
            ],
            hang=4,
        )
        page.text(f.why.get(lang), "dim", indent=4)
        shown = f.evidence if verbose else f.evidence[:EVIDENCE_SHOWN]
        for ev in shown:
            page.text("- " + _evidence_line(ev, report, ui, lang, verbose), indent=6, hang=2)
        hidden = len(f.evidence) - len(shown)
        if hidden > 0:
            page.text(locale.fill(ui["more"], n=hidden), "dim", indent=6)
        c = f.citation
        cited = i18n.citation(c, lang)
        status = ui["status"].get(c.status, c.status)
        colon = i18n.common(lang)["colon"]
        line = ui["citation_line"].format(date=c.date, status=status, **cited)
        page.text(f"{ui['citation']}{colon}{line}", indent=4, hang=2)
        page.text(f"{ui['advice']}{colon}{f.advice_borrower.get(lang)}", "green", indent=4, hang=2)

    def _not_applicable(self, page: Page, report: Report, lang: str) -> None:
        """The rules for lending apps set aside, those whose condition holds first."""
        if not report.not_applicable:
            return
        texts = i18n.lending_ui(lang)
        matched = i18n.not_applicable_matched(report)
        page.text(locale.fill(texts["not_applicable"], n=len(report.not_applicable)), "bold")
        if matched:
            page.text(texts["not_applicable_intro"], "dim", indent=2)
        for n in matched:
            tag = i18n.common(lang)["severity_tag"].get(n.severity, n.severity)
            page.segments(
                [(f"[{tag}] ", "dim"), (f"{n.rule_id} ", "bold"), (n.title.get(lang), None)],
                indent=2,
                hang=4,
            )
        rest = len(report.not_applicable) - len(matched)
        if rest:
            page.text(locale.fill(texts["not_applicable_rest"], n=rest), "dim", indent=2)
        page.blank()

    # -- how it asks, where data goes, SDKs -----------------------------------------------------

    def _requests(self, page: Page, report: Report, ui: dict, lang: str) -> None:
        if not report.permission_requests:
            return
        page.text(_count(ui["requests"], len(report.permission_requests), lang), "bold")
        unnamed = locale.ui(lang)["html"]["unnamed_permissions"]
        for r in report.permission_requests:
            flags = [ui[k] for k in ("at_startup", "bundled", "blocks_on_denial") if getattr(r, k)]
            short = ", ".join(p.rsplit(".", 1)[-1] for p in r.permissions) or unnamed
            parts: list[Segment] = [(f"- {r.component}: {short}", None)]
            if flags:
                parts.append((" [" + "; ".join(flags) + "]", "red"))
            page.segments(parts, indent=2, hang=2)
        page.blank()

    def _endpoints(self, page: Page, report: Report, ui: dict, lang: str, verbose: bool) -> None:
        places = report.destinations()
        others = len(report.endpoints) - len(places)
        if not places and not others:
            return
        page.text(_count(ui["endpoints"], len(places), lang), "bold")
        shown = places if verbose else places[:ENDPOINTS_SHOWN]
        for e in shown:
            parts: list[Segment] = [(f"- {e.url} ({_who(report, e.by, ui, lang)})", None)]
            if e.cleartext:
                parts.append((f" [{ui['cleartext']}]", "red"))
            if e.ip_literal:
                parts.append((f" [{ui['ip']}]", "yellow"))
            page.segments(parts, indent=2, hang=2)
        if len(places) > len(shown):
            page.text(locale.fill(ui["more"], n=len(places) - len(shown)), "dim", indent=2)
        if others:
            page.text(locale.fill(locale.ui(lang)["html"]["other_urls"], n=others), "dim", indent=2)
        page.blank()

    def _hybrid(self, page: Page, report: Report, ui: dict, lang: str) -> None:
        """Runtimes (their plugins, called or not) and WebView bridges; nothing for plain apps."""
        runtimes, bridges = report.app.runtimes, report.webview_bridges
        if not runtimes and not bridges:
            return
        sep, colon = i18n.common(lang)["sep"], i18n.common(lang)["colon"]
        page.text(ui["hybrid"], "bold")
        state = {True: ui["plugin_called"], False: ui["plugin_unused"], None: ui["plugin_unknown"]}
        for rt in runtimes:
            variant = i18n.runtime_variant(rt.variant, lang)
            name = i18n.runtime_name(rt, lang)
            page.text(f"- {name}" + (f" ({variant})" if variant else ""), indent=2, hang=2)
            for p in rt.plugins:
                parts: list[Segment] = [
                    (f"{p.name}{colon}", None),
                    (state[p.called], "red" if p.called else "dim"),
                ]
                if p.categories:
                    cats = sep.join(i18n.category_name(report, c, lang) for c in p.categories)
                    parts.append(("  " + ui["plugin_reads"].format(cats=cats), "dim"))
                page.segments(parts, indent=6, hang=2)
            for what in rt.hot_update:
                page.text(ui["hot_update"].format(what=what), "yellow", indent=6, hang=2)
        if bridges:
            page.text(ui["bridges"].format(n=len(bridges)), "bold", indent=2)
        for b in bridges:
            java = b.cls[1:-1].replace("/", ".") if b.cls.startswith("L") else b.cls
            page.text(f"- window.{b.name} -> {java}", indent=2, hang=2)
            for m in b.methods:
                if m.categories:
                    cats = sep.join(i18n.category_name(report, c, lang) for c in m.categories)
                    reads = ui["bridge_reads"].format(cats=cats)
                    page.segments([(f"{m.name}(){colon}", None), (reads, "red")], indent=6, hang=2)
            if b.urls:
                marked = sep.join(
                    u.url + (f" [{ui['cleartext']}]" if u.cleartext else "") for u in b.urls
                )
                page.text(ui["bridge_pages"].format(urls=marked), indent=6, hang=2)
        page.blank()

    def _sdks(self, page: Page, report: Report, ui: dict, lang: str) -> None:
        if not report.sdks:
            return
        page.text(_count(ui["sdks"], len(report.sdks), lang), "bold")
        for s in report.sdks:
            kind = i18n.sdk_kind(s.kind, lang)
            page.text(f"- {s.name_in(lang)} [{kind}] {s.vendor_in(lang)}", indent=2, hang=2)
        page.blank()

    def _permissions(self, page: Page, report: Report, ui: dict, lang: str) -> None:
        if report.app.kind == "code_only":  # no manifest: no permission is known
            return
        page.text(_count(ui["permissions"], len(report.permissions), lang), "bold")
        unknown = locale.ui(lang)["report"]["unknown_perm"]
        rows = []
        for p in report.permissions:
            short = p.name.replace("android.permission.", "")
            style = "red" if p.dangerous else ("dim" if not p.known else None)
            meaning = p.meaning.get(lang) if p.meaning else ("" if p.known else unknown)
            rows.append(
                [(short, style), (i18n.protection_words(p.protection_level, lang), None), (meaning, None)]
            )
        columns = [
            Column(ui["perm_column"], weight=2),
            Column(ui["prot"], weight=2),
            Column(ui["meaning"], weight=4),
        ]
        if rows:
            page.rows(table(columns, rows, page.width, colon=i18n.common(lang)["colon"]))
        page.blank()


def _reason_rank(reason: str) -> int:
    return WHY_NOT.index(reason) if reason in WHY_NOT else len(WHY_NOT)


def _count(title: str, n: int, lang: str) -> str:
    """A heading with its count: "Findings (29)", "发现的问题（29）"."""
    return i18n.common(lang)["count"].format(t=title, n=n)


def _pv(v: PolicyVerdict, ui: dict) -> str:
    if v.verdict == "violations":
        return locale.fill(ui["pv"]["violations"], n=v.findings)
    return ui["pv"].get(v.verdict, v.verdict)


def _who(report: Report, by: str | None, ui: dict, lang: str) -> str:
    if by == "app" or by is None:
        return ui["app"]
    if by == "third_party":
        return ui["third_party"]
    return i18n.sdk_name(report, by, lang)


def _evidence_line(ev: Evidence, report: Report, ui: dict, lang: str, verbose: bool) -> str:
    note = i18n.evidence_extra(ev, report, lang)
    colon = i18n.common(lang)["colon"]
    if ev.kind == "permission":
        return f"{ev.detail} ({note})" if note else ev.detail
    kind = ui["kinds"].get(ev.kind, ev.kind)
    if ev.script is not None:  # a call in one of the app's scripts: file and line
        s = ev.script
        who = _who(report, ev.by, ui, lang)
        # file:line (or file @offset): the same in every language, and what an editor opens
        where = f"{s.file}:{s.line}" if s.line else f"{s.file} @{ev.offset or 0:#x}"
        if not verbose:
            return f"{kind}{colon}{ev.detail} @ {where} [{who}]"
        line = f"{kind}{colon}{ev.detail} @ {where} +{ev.offset or 0:#x} "
        line += f"[{s.pattern}{i18n.common(lang)['sep']}{i18n.confidence_words(s.confidence, lang)}] "
        line += f"({who})"
        line += f" — {note}" if note else ""
        if s.supporting:
            line += f"; {ui['reaches']}{colon}" + "; ".join(s.supporting)
        return line
    what = i18n.evidence_what(ev, report, lang)
    if ev.kind in ("sdk", "indicator") or not ev.caller:
        tail = f" — {note}" if note and verbose else ""
        return f"{kind}{colon}{what}{tail}"
    who = _who(report, ev.by, ui, lang)
    if verbose:
        tail = f" — {note}" if note else ""
        source = f" <- {ev.source_method}" if ev.source_method else ""
        where = f"{ev.caller}{source} [{ev.dex} +{ev.offset or 0:#x}]"
        return f"{kind}{colon}{ev.detail} @ {where} ({who}){tail}"
    where = readable_location(ev.caller, ev.source_method)
    return f"{kind}{colon}{short_reference(what)} @ {where} [{ev.dex}, {who}]"

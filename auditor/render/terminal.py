"""The terminal report (rich): verdict first, then data categories, findings, permissions.

Plain text (no ANSI codes) when stdout is not a terminal or NO_COLOR is set; the CLI
decides and passes `color`.
"""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from auditor.model import CATEGORIES, WHY_NOT, Evidence, Finding, Report
from auditor.render import i18n, locale
from auditor.render.interface import Renderer, RenderOptions
from auditor.render.names import readable_caller, short_reference

_LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red", "critical": "bold white on red"}
SEVERITY_STYLE = {  # shared with the diff renderer
    "info": "dim",
    "low": "cyan",
    "medium": "yellow",
    "high": "red",
    "critical": "bold red",
}


def _script_where(ev: Evidence) -> str:
    """file:line of a script call, or file @offset where the file has no lines."""
    s = ev.script
    assert s is not None
    return f"{s.file}:{s.line}" if s.line else f"{s.file} @{ev.offset or 0:#x}"


def _reason_rank(reason: str) -> int:
    return WHY_NOT.index(reason) if reason in WHY_NOT else len(WHY_NOT)


def _who(report: Report, by: str | None, ui: dict) -> str:
    """The app, unidentified code, or the SDK's / library's name."""
    if by == "app":
        return ui["app"]
    if by == "third_party":
        return ui["third_party"]
    return i18n.sdk_name(report, by) if by else ""


def _evidence_line(ev: Evidence, ui: dict, verbose: bool, report: Report | None = None) -> str:
    if ev.kind == "permission":
        extra = f" ({ev.note})" if ev.note else ""
        return f"{ev.detail}{extra}"
    who = _who(report, ev.by, ui) if report is not None else ev.by
    if ev.script is not None:
        s = ev.script
        if not verbose:
            return f"{ui['kinds'].get(ev.kind, ev.kind)}: {ev.detail} @ {_script_where(ev)} [{who}]"
        where = f"{s.file}:{s.line} +{ev.offset or 0:#x}" if s.line else _script_where(ev)
        line = f"{ev.kind}: {ev.detail} @ {where} [{s.runtime} {s.pattern}, {s.confidence}] ({who})"
        line += f" - {ev.note}" if ev.note else ""
        if s.supporting:
            line += f"; {ui['reaches']}: " + "; ".join(s.supporting)
        return line
    if verbose:
        note = f" - {ev.note}" if ev.note else ""
        return f"{ev.kind}: {ev.detail} @ {ev.caller} [{ev.dex} +{ev.offset or 0:#x}] ({who}){note}"
    kind = ui["kinds"].get(ev.kind, ev.kind)
    return f"{kind}: {short_reference(ev.detail)} @ {readable_caller(ev.caller)} [{ev.dex}, {who}]"


class TerminalRenderer(Renderer[Report]):
    name = "terminal"

    def render(self, report: Report, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        ui = locale.ui(lang)["terminal"]
        buf = io.StringIO()
        console = Console(
            file=buf,
            force_terminal=options.color,
            no_color=not options.color,
            color_system="standard" if options.color else None,
            width=options.width,
            highlight=False,
            emoji=False,
            soft_wrap=False,
        )
        self._header(console, report, ui, lang)
        self._categories(console, report, ui, lang)
        self._not_counted(console, report, ui, lang, options.verbose)
        self._findings(console, report, ui, lang, options.verbose)
        self._requests(console, report, ui)
        self._endpoints(console, report, ui, options.verbose)
        self._hybrid(console, report, ui, lang)
        self._sdks(console, report, ui)
        self._permissions(console, report, ui, lang)
        if report.warnings:
            console.print(RichText(ui["warnings"], style="bold"))
            for w in report.warnings:
                console.print(f"  ! {w}", markup=False)
        return buf.getvalue()

    def _header(self, console: Console, report: Report, ui: dict, lang: str) -> None:
        app = report.app
        name = app.label or app.package
        version = f" {app.version_name}" if app.version_name else ""
        level = report.score.level
        title = RichText(f"{name}  ({app.package}{version})", style="bold")
        banner = RichText(
            f"{ui['risk']} {report.score.value:g}/100  {ui['level'][level]}  {ui['verdict'][level]}",
            style=_LEVEL_STYLE[level],
        )
        verdicts = "  ".join(
            f"{v.policy}: {ui['pv'][v.verdict]}" + (f" ({v.findings})" if v.findings else "")
            for v in report.verdicts
        )
        lines: list[RichText] = [title, banner, RichText(f"{ui['policies']}: {verdicts}")]
        signing = "+".join(app.signing.schemes) or "?"
        if app.signing.debug_or_test_key:
            signing += f" {ui['debug_key']}"
        bundle = ui["bundle"].format(kind=app.bundle, splits=len(app.splits)) if app.bundle else ""
        identity = ui["identity"].format(
            sha=app.sha256[:16],
            target=app.target_sdk,
            dex=len(app.dex_files),
            signing=signing,
            bundle=bundle,
        )
        lines.append(RichText(identity, style="dim"))
        if app.runtimes:
            read = sum(len(rt.scripts) for rt in app.runtimes)
            text = ui["runtime"].format(names=", ".join(rt.name for rt in app.runtimes), n=read)
            if not all(rt.complete for rt in app.runtimes):
                text += ui["runtime_incomplete"]
            lines.append(RichText(text, style="dim"))
        if report.packer:
            lines.append(RichText(ui["packed"].format(p=report.packer), style="bold yellow"))
        elif not report.complete:
            lines.append(RichText(ui["incomplete"], style="yellow"))
        console.print(Panel(Group(*lines), expand=True))

    def _categories(self, console: Console, report: Report, ui: dict, lang: str) -> None:
        table = Table(title=ui["take"], title_justify="left", expand=True, show_lines=False)
        table.add_column(ui["cat"], ratio=3)
        table.add_column(ui["perm"], width=10, no_wrap=True)
        table.add_column(ui["code"], width=10, no_wrap=True)
        table.add_column(ui["who"], ratio=3)
        rows = 0
        for cid in CATEGORIES:
            st = report.categories[cid]
            if not (st.declared or st.in_code):
                continue
            rows += 1
            who = ", ".join(_who(report, b, ui) for b in st.by)
            style = "red" if st.in_code else "yellow"
            table.add_row(
                RichText(i18n.category_name(report, cid, lang), style=style),
                ui["yes"] if st.declared else ui["no"],
                ui["yes"] if st.in_code else ui["no"],
                who or ui["no"],
            )
        if rows:
            console.print(table)
        else:
            console.print(RichText(ui["nothing"], style="green"))
        console.print()

    def _not_counted(
        self, console: Console, report: Report, ui: dict, lang: str, verbose: bool
    ) -> None:
        """Why each category is not claimed as read in code: every reason with --verbose
        (and the calls behind it), otherwise one hint line when code was set aside."""
        ids = [c for c in CATEGORIES if report.categories[c].why_not]
        code_set_aside = [
            c for c in ids if any(r != "declared_only" for r in report.categories[c].why_not)
        ]
        if not verbose:
            if code_set_aside:
                names = i18n.join_names([i18n.category_name(report, c, lang) for c in code_set_aside], lang)
                console.print(RichText(ui["why_not_hint"].format(cats=names), style="dim"))
                console.print()
            return
        if not ids:
            return
        reasons = ui["reason"]
        rows = i18n.not_counted(report)
        console.print(RichText(ui["why_not"], style="bold"))
        for cid in [*ids, None]:
            if cid is not None:
                st = report.categories[cid]
                line = RichText(f"{i18n.category_name(report, cid, lang)}: ", style="yellow")
                line.append("; ".join(reasons.get(r, r) for r in st.why_not), style="")
                console.print(Padding(line, (0, 0, 0, 2)))
            by_reason: dict[str, list[Evidence]] = {}
            for ev in rows.get(cid, []):
                by_reason.setdefault(ev.reason or "", []).append(ev)
            for reason, evs in sorted(by_reason.items(), key=lambda kv: _reason_rank(kv[0])):
                if cid is None or len(by_reason) > 1:
                    console.print(Padding(RichText(reasons.get(reason, reason) + ":"), (0, 0, 0, 4)))
                seen: dict[tuple[str, str | None], Evidence] = {}
                for ev in evs:
                    seen.setdefault((ev.detail, ev.caller), ev)
                unique = list(seen.values())
                for ev in unique[:5]:
                    text = f"- {short_reference(ev.detail)} @ {readable_caller(ev.caller)}"
                    text += f" ({_who(report, ev.by, ui)})" + (f": {ev.note}" if ev.note else "")
                    console.print(Padding(RichText(text, style="dim"), (0, 0, 0, 6)))
                if len(unique) > 5:
                    more = f"... {len(unique) - 5} {ui['more']}"
                    console.print(Padding(RichText(more, style="dim"), (0, 0, 0, 6)))
        console.print()

    def _findings(self, console: Console, report: Report, ui: dict, lang: str, verbose: bool) -> None:
        console.print(RichText(f"{ui['findings']} ({len(report.findings)})", style="bold"))
        if not report.findings:
            console.print(RichText("  " + ui["nofindings"], style="green"))
        for f in report.findings:
            self._finding(console, report, f, ui, lang, verbose)
        if report.score.terms:
            console.print(RichText(ui["score_note"].format(n=len(report.score.terms)), style="dim"))
        console.print()

    def _finding(
        self, console: Console, report: Report, f: Finding, ui: dict, lang: str, verbose: bool
    ) -> None:
        head = RichText()
        head.append(f"[{f.severity.upper()}] ", style=SEVERITY_STYLE[f.severity])
        head.append(f"{f.rule_id} ", style="bold")
        head.append(f.title.get(lang))
        console.print(Padding(head, (0, 0, 0, 0)))

        def indented(text: str, style: str = "", level: int = 4) -> None:
            console.print(Padding(RichText(text, style=style), (0, 0, 0, level)))

        indented(f.why.get(lang), "dim")
        limit = None if verbose else 4
        shown = f.evidence if limit is None else f.evidence[:limit]
        for ev in shown:
            indented("- " + _evidence_line(ev, ui, verbose, report), level=6)
        hidden = len(f.evidence) - len(shown)
        if hidden > 0:
            indented(f"... {hidden} {ui['more']} (--verbose)", level=6)
        c = f.citation
        status = ui["status"].get(c.status, c.status)
        indented(f"{ui['citation']}: {c.instrument}, {c.article} ({c.date}, {status})")
        indented(f"{ui['advice']}: {f.advice_borrower.get(lang)}", "green")

    def _requests(self, console: Console, report: Report, ui: dict) -> None:
        if not report.permission_requests:
            return
        console.print(RichText(f"{ui['requests']} ({len(report.permission_requests)})", style="bold"))
        for r in report.permission_requests:
            flags = [ui[k] for k in ("at_startup", "bundled", "blocks_on_denial") if getattr(r, k)]
            short = ", ".join(p.rsplit(".", 1)[-1] for p in r.permissions) or "?"
            line = RichText(f"  - {r.component}: {short}")
            if flags:
                line.append("  [" + "; ".join(flags) + "]", style="red")
            console.print(line)
        console.print()

    def _endpoints(self, console: Console, report: Report, ui: dict, verbose: bool) -> None:
        if not report.endpoints:
            return
        console.print(RichText(f"{ui['endpoints']} ({len(report.endpoints)})", style="bold"))
        shown = report.endpoints if verbose else report.endpoints[:8]
        for e in shown:
            line = RichText(f"  - {e.url}  ({_who(report, e.by, ui)})")
            if e.cleartext:
                line.append(f"  [{ui['cleartext']}]", style="red")
            if e.ip_literal:
                line.append(f"  [{ui['ip']}]", style="yellow")
            console.print(line)
        if len(report.endpoints) > len(shown):
            console.print(f"  ... {len(report.endpoints) - len(shown)} {ui['more']} (--verbose)")
        console.print()

    def _hybrid(self, console: Console, report: Report, ui: dict, lang: str) -> None:
        """Runtimes (their plugins, called or not) and WebView bridges; nothing for plain apps."""
        runtimes, bridges = report.app.runtimes, report.webview_bridges
        if not runtimes and not bridges:
            return
        console.print(RichText(ui["hybrid"], style="bold"))
        state = {True: ui["plugin_called"], False: ui["plugin_unused"], None: ui["plugin_unknown"]}
        for rt in runtimes:
            console.print(f"  - {rt.name}" + (f" ({rt.variant})" if rt.variant else ""), markup=False)
            for p in rt.plugins:
                line = RichText(f"      {p.name}: ")
                line.append(state[p.called], style="red" if p.called else "dim")
                if p.categories:
                    cats = ", ".join(i18n.category_name(report, c, lang) for c in p.categories)
                    line.append("  " + ui["plugin_reads"].format(cats=cats), style="dim")
                console.print(line)
            for what in rt.hot_update:
                console.print(RichText("      " + ui["hot_update"].format(what=what), style="yellow"))
        if bridges:
            console.print(RichText("  " + ui["bridges"].format(n=len(bridges)), style="bold"))
        for b in bridges:
            java = b.cls[1:-1].replace("/", ".") if b.cls.startswith("L") else b.cls
            console.print(f"  - window.{b.name} -> {java}", markup=False)
            for m in b.methods:
                if m.categories:
                    cats = ", ".join(i18n.category_name(report, c, lang) for c in m.categories)
                    line = RichText(f"      {m.name}(): ")
                    line.append(ui["bridge_reads"].format(cats=cats), style="red")
                    console.print(line)
            if b.urls:
                urls = ", ".join(u.url + (f" [{ui['cleartext']}]" if u.cleartext else "") for u in b.urls)
                console.print("      " + ui["bridge_pages"].format(urls=urls), markup=False)
        console.print()

    def _sdks(self, console: Console, report: Report, ui: dict) -> None:
        if not report.sdks:
            return
        console.print(RichText(f"{ui['sdks']} ({len(report.sdks)})", style="bold"))
        kinds = ui["sdk_kind_name"]
        for s in report.sdks:
            console.print(f"  - {s.name} [{kinds.get(s.kind, s.kind)}] {s.vendor}", markup=False)
        console.print()

    def _permissions(self, console: Console, report: Report, ui: dict, lang: str) -> None:
        table = Table(
            title=f"{ui['permissions']} ({len(report.permissions)})",
            title_justify="left",
            expand=True,
        )
        table.add_column(ui["perm_column"], ratio=4, overflow="fold")
        table.add_column(ui["prot"], ratio=2, overflow="fold")
        table.add_column(ui["meaning"], ratio=5)
        for p in report.permissions:
            short = p.name.replace("android.permission.", "")
            style = "red" if p.dangerous else ("dim" if not p.known else "")
            table.add_row(
                RichText(short, style=style),
                p.protection_level,
                p.meaning.get(lang) if p.meaning else "",
            )
        console.print(table)
        console.print()

"""Output of `auditor diff`: terminal (rich), JSON, Markdown and a self-contained HTML page.

Every format reads a finished `ReportDiff` (auditor.diff) and analyses nothing. The
headline comes first ("SteadyLoan 1.0 → 1.1: risk 0 → 40 (low → high)"), then what got
worse, most serious first, then what got better, then neutral changes and warnings.
Each change is described once, as a list of (text, role) segments, and every format
styles and escapes those segments its own way.
"""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import dataclass

from auditor.diff import (
    CategoryChange,
    Change,
    EndpointChange,
    FindingChange,
    PermissionChange,
    ReportDiff,
    SdkChange,
)
from auditor.render import locale
from auditor.render.terminal import SEVERITY_STYLE

FORMATS = ("terminal", "json", "markdown", "html")
#: roles of a segment: plain text, a label (bold), a code/identifier, a severity badge
Segment = tuple[str, str]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _flat(value: object) -> str:
    """One line, no control or bidi-override characters (strings come from the APK)."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    return " ".join(text.split())


def _inline(value: object) -> str:
    """Like _flat, but keeps one space at either edge (segments are joined as they are)."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + " ".join(text.split()) + trail


def _ui(lang: str) -> dict:
    return locale.ui(lang)["diff"]


def _category_name(cid: str, diff: ReportDiff, lang: str) -> str:
    name = diff.category_names.get(cid)
    return name.get(lang) if name is not None else cid


def _who(by: str, diff: ReportDiff, ui: dict) -> str:
    if by == "app":
        return ui["app"]
    if by == "third_party":
        return ui["third_party"]
    return ui["sdk_by"].format(name=diff.sdk_names.get(by, by))


def _whos(bys: list[str], diff: ReportDiff, ui: dict) -> str:
    return ui["sep"].join(_who(b, diff, ui) for b in bys)


def _fmt_score(value: float) -> str:
    return f"{value:g}"


def headline(diff: ReportDiff, lang: str) -> str:
    ui = _ui(lang)
    old, new = diff.old, diff.new
    name = _flat(new.label or new.package or old.label or old.package)
    same_score = old.score == new.score and old.level == new.level
    key = {
        (True, False): "headline",
        (False, False): "headline_same_version",
        (True, True): "headline_same_score",
        (False, True): "headline_same_both",
    }[(diff.version_changed, same_score)]
    return ui[key].format(
        name=name,
        old=_flat(old.version_name or old.version),
        new=_flat(new.version_name or new.version),
        s_old=_fmt_score(old.score),
        s_new=_fmt_score(new.score),
        l_old=ui["level"].get(old.level, old.level),
        l_new=ui["level"].get(new.level, new.level),
    )


def _finding_segments(c: Change, f: FindingChange, lang: str, ui: dict) -> list[Segment]:
    sev = f.severity
    segs: list[Segment] = [
        (f"[{ui['severity'].get(sev, sev)}]", f"sev:{sev}"),
        (" ", "text"),
        (ui[c.kind], "label"),
        (" ", "text"),
        (f.rule_id, "code"),
        (ui["paren"].format(x=f.policy), "text"),
    ]
    title = f.title.get(lang) or f.title.get("en") or ""
    if c.kind in ("finding_worse", "finding_better"):
        parts = []
        if f.old_severity != f.severity:
            parts.append(
                f"{ui['severity'].get(f.old_severity or '', f.old_severity)} → "
                f"{ui['severity'].get(f.severity, f.severity)}"
            )
        if f.old_strength != f.strength:
            parts.append(
                f"{ui['strength'].get(f.old_strength or '', f.old_strength)} → "
                f"{ui['strength'].get(f.strength, f.strength)}"
            )
        title = f"{title} [{ui['sep'].join(parts)}]" if parts else title
    segs.append((ui["colon"] + _flat(title), "text"))
    return segs


def segments(c: Change, diff: ReportDiff, lang: str) -> list[Segment]:
    """One change as readable segments, in the reader's language."""
    ui = _ui(lang)
    ref = c.ref
    if isinstance(ref, FindingChange):
        return _finding_segments(c, ref, lang, ui)
    if isinstance(ref, CategoryChange):
        cat = _category_name(ref.category, diff, lang)
        if c.kind == "category_collected":
            segs: list[Segment] = [(ui["category_collected"].format(cat=cat), "label")]
            if ref.by_new:
                segs.append((ui["by"].format(who=_whos(ref.by_new, diff, ui)), "text"))
            return segs
        if c.kind == "category_collector_added":
            who = _whos(ref.by_added, diff, ui)
            return [(ui[c.kind].format(cat=cat, who=who), "label")]
        if c.kind == "category_collector_removed":
            who = _whos(ref.by_removed, diff, ui)
            return [(ui[c.kind].format(cat=cat, who=who), "label")]
        segs = [(ui[c.kind].format(cat=cat), "label")]
        perms = (
            diff.permissions_added
            if c.kind == "category_declared"
            else (diff.permissions_removed if c.kind == "category_not_declared" else [])
        )
        names = [p.short for p in perms if ref.category in p.categories]
        if names:
            segs.append((ui["paren"].format(x=ui["sep"].join(names)), "dim"))
        return segs
    if c.kind == "signer_changed":
        old = ", ".join(h[:16] + "…" for h in diff.old.signing_cert_sha256) or "-"
        new = ", ".join(h[:16] + "…" for h in diff.new.signing_cert_sha256) or "-"
        return [(ui["signer_changed"], "label"), (f" (SHA-256 {old} → {new})", "dim")]
    if c.kind.startswith("packer_"):
        a, b = ref
        return [(ui[c.kind].format(p=_flat(b or a), a=_flat(a), b=_flat(b)), "label")]
    if isinstance(ref, SdkChange):
        kind = ui["sdk_kind"].get(ref.kind, ref.kind.replace("_", " "))
        detail = ui["detail_sep"].join(x for x in (_flat(ref.vendor), kind) if x)
        return [
            (ui[c.kind] + ui["colon"], "label"),
            (_flat(ref.name), "text"),
            (ui["sdk_detail"].format(x=detail) if detail else "", "dim"),
        ]
    if isinstance(ref, EndpointChange):
        segs = [(ui[c.kind] + ui["colon"], "label"), (_flat(ref.url), "code")]
        if ref.by:
            segs.append((ui["used_by"].format(who=_who(ref.by, diff, ui)), "dim"))
        return segs
    if isinstance(ref, PermissionChange):
        segs = [(ui[c.kind] + ui["colon"], "label"), (ref.short, "code")]
        if ref.dangerous:
            segs.append((ui["paren"].format(x=ui["dangerous"]), "text"))
        meaning = (ref.meaning or {}).get(lang) or (ref.meaning or {}).get("en")
        if meaning:
            segs.append((ui["colon"] + _flat(meaning), "dim"))
        return segs
    return [(c.kind, "label")]


def plain_line(c: Change, diff: ReportDiff, lang: str) -> str:
    return "".join(t for t, _ in segments(c, diff, lang))


def _status_line(diff: ReportDiff, lang: str) -> str:
    ui = _ui(lang)
    if diff.is_empty:
        return ui["no_change"]
    if not diff.changes():
        return ui["no_audit_change"]
    return ui["summary"].format(w=len(diff.worse()), b=len(diff.better()))


# ---------------------------------------------------------------- terminal

# The headline is bold already, so "critical" is plain bold red rather than inverted.
_LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red", "critical": "bold red"}
_SEV_STYLE = SEVERITY_STYLE


def render_terminal(diff: ReportDiff, lang: str = "en", color: bool = False, width: int = 80) -> str:
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    ui = _ui(lang)
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    old, new = diff.old, diff.new
    head = Text(headline(diff, lang), style="bold " + _LEVEL_STYLE.get(new.level, ""))
    lines = [head]
    if diff.same_package:
        lines.append(Text(f"{ui['package']}{ui['colon']}{_flat(new.package)}", style="dim"))
    else:
        lines.append(
            Text(
                f"{ui['package']}{ui['colon']}{_flat(old.package)} → {_flat(new.package)}",
                style="bold yellow",
            )
        )
    pol = ", ".join(diff.policies_compared) or "-"
    extra = ui["paren"].format(x=ui["score_recomputed"]) if diff.score_recomputed else ""
    lines.append(Text(f"{ui['policies']}{ui['colon']}{pol}{extra}", style="dim"))
    lines.append(Text(_status_line(diff, lang)))
    console.print(Panel(Group(*lines), expand=True))

    def section(title: str, changes: list[Change], marker: str, style: str) -> None:
        console.print(Text(ui["count"].format(t=title, n=len(changes)), style="bold " + style))
        if not changes:
            console.print(Text(f"  {ui['none']}", style="dim"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for c in changes:
            line = Text()
            for text, role in segments(c, diff, lang):
                if role.startswith("sev:"):
                    line.append(text, style=_SEV_STYLE.get(role[4:], ""))
                elif role == "label":
                    line.append(text, style="bold")
                elif role == "dim":
                    line.append(text, style="dim")
                else:
                    line.append(text)
            grid.add_row(Text(marker, style=style), line)
        if changes:
            console.print(grid)
        console.print()

    if not diff.is_empty:
        section(ui["worse"], diff.worse(), "▲", "red")
        section(ui["better"], diff.better(), "▼", "green")
        others = diff.other()
        if others:
            section(ui["other"], others, "•", "")
    if diff.warnings:
        console.print(Text(ui["warnings"], style="bold yellow"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for w in diff.warnings:
            grid.add_row(Text("!", style="yellow"), Text(_flat(w.get(lang)), style="yellow"))
        console.print(grid)
        console.print()
    text = buf.getvalue()
    if not color:  # rich pads table cells; plain text needs no trailing blanks
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text


# ---------------------------------------------------------------- JSON


def render_json(diff: ReportDiff, lang: str = "en") -> str:
    data = diff.to_dict()
    data["lang"] = lang
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
_SEV_ICON = {"critical": "🔴", "high": "🟠", "medium": "🟡", "low": "🔵", "info": "⚪"}
_LEVEL_ICON = {"low": "🟢", "medium": "🟡", "high": "🟠", "critical": "🔴"}


def md_text(value: object) -> str:
    """Plain text that stays plain in GitHub Markdown (also inside a table cell)."""
    text = _inline(value).replace("&", "&amp;")
    return _MD_INLINE.sub(r"\\\1", text).replace("@", "@\u200b")


def md_code(value: object) -> str:
    text = _flat(value).replace("|", "\\|")
    if not text:
        return ""
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_bold(text: str) -> str:
    """Bold with the edge spaces outside the asterisks (GFM needs that to close `**`)."""
    core = md_text(text.strip())
    if not core:
        return md_text(text)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}**{core}**{trail}"


def _md_segments(segs: list[Segment]) -> str:
    out = []
    for text, role in segs:
        if not text:
            continue
        if role.startswith("sev:"):
            out.append(f"{_SEV_ICON.get(role[4:], '')} {_md_bold(text)}")
        elif role == "label":
            out.append(_md_bold(text))
        elif role == "code":
            out.append(md_code(text))
        else:
            out.append(md_text(text))
    return "".join(out)


def render_markdown(diff: ReportDiff, lang: str = "en") -> str:
    ui = _ui(lang)
    new = diff.new
    out: list[str] = []
    out.append(f"# {_LEVEL_ICON.get(new.level, '')} {md_text(headline(diff, lang))}")
    out.append("")
    out.append(md_text(_status_line(diff, lang)))
    out.append("")
    if diff.warnings:
        for w in diff.warnings:
            out.append(f"> ⚠️ {md_text(w.get(lang))}")
            out.append(">")
        out.pop()
        out.append("")
    if not diff.is_empty:
        for title, changes in (
            (ui["worse"], diff.worse()),
            (ui["better"], diff.better()),
            (ui["other"], diff.other()),
        ):
            if title == ui["other"] and not changes:
                continue
            out.append(f"## {md_text(ui['count'].format(t=title, n=len(changes)))}")
            out.append("")
            if not changes:
                out.append(f"_{md_text(ui['none'])}_")
            for c in changes:
                out.append(f"- {_md_segments(segments(c, diff, lang))}")
            out.append("")
    out.append(f"| | {md_text(ui['old'])} | {md_text(ui['new'])} |")
    out.append("|---|---|---|")
    for label, a, b in _identity_rows(diff, ui):
        out.append(f"| {md_text(label)} | {md_code(a)} | {md_code(b)} |")
    out.append("")
    out.append(
        f"{md_text(ui['policies'])}{md_text(ui['colon'])}"
        f"{md_text(', '.join(diff.policies_compared) or '-')}"
        + (md_text(ui["paren"].format(x=ui["score_recomputed"])) if diff.score_recomputed else "")
    )
    out.append("")
    out.append(f"_{md_text(ui['static_note'])}_")
    return "\n".join(out) + "\n"


def _identity_rows(diff: ReportDiff, ui: dict) -> list[tuple[str, str, str]]:
    old, new = diff.old, diff.new
    return [
        (ui["package"], old.package, new.package),
        (ui["version"], old.version, new.version),
        (
            ui["score"],
            f"{_fmt_score(old.score)} ({ui['level'].get(old.level, old.level)})",
            f"{_fmt_score(new.score)} ({ui['level'].get(new.level, new.level)})",
        ),
        (ui["file"], old.file, new.file),
        ("SHA-256", old.sha256, new.sha256),
        (ui["signer"], ", ".join(old.signing_cert_sha256), ", ".join(new.signing_cert_sha256)),
    ]


# ---------------------------------------------------------------- HTML

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
    return html.escape(_inline(value), quote=True)


def _html_segments(segs: list[Segment]) -> str:
    out = []
    for text, role in segs:
        if not text:
            continue
        if role.startswith("sev:"):
            sev = role[4:] if role[4:] in _SEV_STYLE else "info"
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


def render_html(diff: ReportDiff, lang: str = "en") -> str:
    ui = _ui(lang)
    old, new = diff.old, diff.new
    level = new.level if new.level in _LEVEL_STYLE else "low"
    name = new.label or new.package
    title = ui["doc_title"].format(
        name=_flat(name),
        old=_flat(old.version_name or old.version),
        new=_flat(new.version_name or new.version),
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
        f"<p><b>{_h(_status_line(diff, lang))}</b></p>",
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
            out.extend(f'<li class="{css}">{_html_segments(segments(c, diff, lang))}</li>' for c in changes)
            out.append("</ul>")
    out.append("<h2>&nbsp;</h2><table>")
    out.append(f"<tr><th></th><th>{_h(ui['old'])}</th><th>{_h(ui['new'])}</th></tr>")
    for label, a, b in _identity_rows(diff, ui):
        out.append(f"<tr><th>{_h(label)}</th><td>{_h(a)}</td><td>{_h(b)}</td></tr>")
    out.append("</table>")
    out.append(f"<footer>{_h(ui['static_note'])}</footer>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- entry point


@dataclass(frozen=True)
class DiffRenderOptions:
    lang: str = "en"
    color: bool = False
    width: int = 80


def render_diff(diff: ReportDiff, fmt: str, options: DiffRenderOptions | None = None) -> str:
    options = options or DiffRenderOptions()
    lang = locale.lang_of(options.lang)
    if fmt == "terminal":
        return render_terminal(diff, lang, options.color, options.width)
    if fmt == "json":
        return render_json(diff, lang)
    if fmt == "markdown":
        return render_markdown(diff, lang)
    if fmt == "html":
        return render_html(diff, lang)
    raise ValueError(f"unknown format {fmt!r}")


__all__ = [
    "FORMATS",
    "DiffRenderOptions",
    "headline",
    "plain_line",
    "render_diff",
    "render_html",
    "render_json",
    "render_markdown",
    "render_terminal",
    "segments",
]

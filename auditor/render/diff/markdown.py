"""`auditor diff --format markdown`, for a pull request or an issue.

Every string from an APK or a rule pack is escaped (`md_text`, `md_code`): it stays plain text.
"""

from __future__ import annotations

import re

from auditor.diff.model import ReportDiff
from auditor.render import locale
from auditor.render.diff.changes import (
    Segment,
    flat,
    headline,
    identity_rows,
    inline,
    policies_line,
    segments,
    status_line,
    texts,
)
from auditor.render.interface import Renderer, RenderOptions

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
_SEV_ICON = {"critical": "🔴", "high": "🟠", "medium": "🟡", "low": "🔵", "info": "⚪"}
_LEVEL_ICON = {"low": "🟢", "medium": "🟡", "high": "🟠", "critical": "🔴"}


def md_text(value: object) -> str:
    """Plain text that stays plain in GitHub Markdown (also inside a table cell)."""
    text = inline(value).replace("&", "&amp;")
    return _MD_INLINE.sub(r"\\\1", text).replace("@", "@\u200b")


def md_code(value: object) -> str:
    text = flat(value).replace("|", "\\|")
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


class DiffMarkdownRenderer(Renderer[ReportDiff]):
    name = "markdown"

    def render(self, diff: ReportDiff, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        ui = texts(lang)
        new = diff.new
        out: list[str] = []
        out.append(f"# {_LEVEL_ICON.get(new.level, '')} {md_text(headline(diff, lang))}")
        out.append("")
        out.append(md_text(status_line(diff, lang)))
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
        for label, a, b in identity_rows(diff, ui):
            out.append(f"| {md_text(label)} | {md_code(a)} | {md_code(b)} |")
        out.append("")
        out.append(md_text(policies_line(diff, lang)))
        out.append("")
        out.append(f"_{md_text(ui['static_note'])}_")
        return "\n".join(out) + "\n"

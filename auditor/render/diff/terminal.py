"""`auditor diff` in a terminal: the headline in a box, the warnings right under it (two
different apps, a new signer, swapped arguments must not be missed), then the changes by
direction.

Laid out like the report (auditor/render/page.py, wrap.py): URLs, APIs and packages are
never split, Chinese breaks between characters, and the width is the CLI's (--width, else
$COLUMNS, else the terminal's). Plain text when colours are off.
"""

from __future__ import annotations

from auditor.diff.model import Change, ReportDiff
from auditor.render import locale
from auditor.render.diff.changes import (
    flat,
    headline,
    policies_line,
    segments,
    status_line,
    texts,
)
from auditor.render.interface import Renderer, RenderOptions
from auditor.render.page import Page, Segment, paint
from auditor.render.terminal import SEVERITY_STYLE
from auditor.render.wrap import wrap

# The headline is bold already, so "critical" is plain bold red rather than inverted.
_LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red", "critical": "bold red"}


def _style(role: str) -> str | None:
    if role.startswith("sev:"):
        return SEVERITY_STYLE.get(role[4:])
    return {"label": "bold", "dim": "dim"}.get(role)


class DiffTerminalRenderer(Renderer[ReportDiff]):
    name = "terminal"

    def render(self, diff: ReportDiff, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        ui = texts(lang)
        page = Page(max(20, options.width))
        inner = page.width - 4
        old, new = diff.old, diff.new

        def boxed(text: str, style: str | None) -> list[list[Segment]]:
            return [[(line, style)] for line in wrap(text, inner)]

        content = boxed(headline(diff, lang), "bold " + _LEVEL_STYLE.get(new.level, ""))
        if diff.same_package:
            content += boxed(f"{ui['package']}{ui['colon']}{flat(new.package)}", "dim")
        else:
            package = f"{ui['package']}{ui['colon']}{flat(old.package)} → {flat(new.package)}"
            content += boxed(package, "bold yellow")
        content += boxed(policies_line(diff, lang), "dim")
        content += boxed(status_line(diff, lang), None)
        page.box(content)

        if diff.warnings:
            page.text(ui["warnings"], "bold yellow")
            for w in diff.warnings:
                page.text(f"! {flat(w.get(lang))}", "yellow", indent=2, hang=2)
            page.blank()

        def section(title: str, changes: list[Change], marker: str, style: str) -> None:
            page.text(ui["count"].format(t=title, n=len(changes)), ("bold " + style).strip())
            if not changes:
                page.text(ui["none"], "dim", indent=2)
            for c in changes:
                parts: list[Segment] = [(marker + " ", style or None)]
                parts += [(text, _style(role)) for text, role in segments(c, diff, lang)]
                page.segments(parts, indent=2, hang=2)
            page.blank()

        if not diff.is_empty:
            section(ui["worse"], diff.worse(), "▲", "red")
            section(ui["better"], diff.better(), "▼", "green")
            others = diff.other()
            if others:
                section(ui["other"], others, "•", "")
        return paint(page, options.color)

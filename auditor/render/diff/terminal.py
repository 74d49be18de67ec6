"""`auditor diff` in a terminal (rich): the headline in a panel, then the changes by direction.

Plain text when colours are off, with no trailing blanks (rich pads table cells).
"""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from auditor.diff.model import Change, ReportDiff
from auditor.render import locale
from auditor.render.diff.changes import flat, headline, segments, status_line, texts
from auditor.render.interface import Renderer, RenderOptions
from auditor.render.terminal import SEVERITY_STYLE

# The headline is bold already, so "critical" is plain bold red rather than inverted.
_LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red", "critical": "bold red"}



class DiffTerminalRenderer(Renderer[ReportDiff]):
    name = "terminal"

    def render(self, diff: ReportDiff, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        color, width = options.color, options.width
        ui = texts(lang)
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
            lines.append(Text(f"{ui['package']}{ui['colon']}{flat(new.package)}", style="dim"))
        else:
            lines.append(
                Text(
                    f"{ui['package']}{ui['colon']}{flat(old.package)} → {flat(new.package)}",
                    style="bold yellow",
                )
            )
        pol = ", ".join(diff.policies_compared) or "-"
        extra = ui["paren"].format(x=ui["score_recomputed"]) if diff.score_recomputed else ""
        lines.append(Text(f"{ui['policies']}{ui['colon']}{pol}{extra}", style="dim"))
        lines.append(Text(status_line(diff, lang)))
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
                        line.append(text, style=SEVERITY_STYLE.get(role[4:], ""))
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
                grid.add_row(Text("!", style="yellow"), Text(flat(w.get(lang)), style="yellow"))
            console.print(grid)
            console.print()
        text = buf.getvalue()
        if not color:  # rich pads table cells; plain text needs no trailing blanks
            text = "\n".join(line.rstrip() for line in text.split("\n"))
        return text

"""A text page for the terminal outputs: lines of styled segments, laid out by
auditor/render/wrap.py (never by rich's wrapping), painted by rich only for colour."""

from __future__ import annotations

import io

from auditor.render.wrap import width, wrap

Segment = tuple[str, "str | None"]


class Page:
    """The report as lines of styled segments, laid out for `width` columns."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[list[Segment]] = []

    def text(self, text: str, style: str | None = None, indent: int = 0, hang: int = 0) -> None:
        """A paragraph, wrapped; `indent` spaces before it, `hang` more on later lines."""
        lead = " " * indent
        for line in wrap(text, self.width, lead, " " * (indent + hang)):
            self.lines.append([(line, style)])

    def segments(self, parts: list[Segment], indent: int = 0, hang: int = 2) -> None:
        """One paragraph made of differently styled parts, wrapped as a whole (a line whose
        text cannot be found back in the parts keeps the first part's style)."""
        flat = "".join(t for t, _ in parts)
        styles: list[str | None] = [st for t, st in parts for _ in t]
        pos = 0
        for line in wrap(flat, self.width, " " * indent, " " * (indent + hang)):
            body = line.lstrip(" ")
            out: list[Segment] = [(line[: len(line) - len(body)], None)]
            start = flat.find(body, pos)
            if start < 0:
                self.lines.append([*out, (body, parts[0][1])])
                continue
            for i, ch in enumerate(body):
                st = styles[start + i]
                if len(out) > 1 and out[-1][1] == st:
                    out[-1] = (out[-1][0] + ch, st)
                else:
                    out.append((ch, st))
            pos = start + len(body)
            self.lines.append(out)

    def blank(self) -> None:
        self.lines.append([("", None)])

    def rows(self, lines: list[list[Segment]]) -> None:
        self.lines.extend(lines)

    def box(self, content: list[list[Segment]]) -> None:
        inner = self.width - 4
        self.lines.append([("╭" + "─" * (self.width - 2) + "╮", None)])
        for parts in content:
            used = sum(width(t) for t, _ in parts)
            right = [(" " * (inner - used) + " │", None)] if used <= inner else []
            self.lines.append([("│ ", None), *parts, *right])
        self.lines.append([("╰" + "─" * (self.width - 2) + "╯", None)])


def paint(page: Page, color: bool) -> str:
    if not color:
        return "".join("".join(t for t, _ in line).rstrip() + "\n" for line in page.lines)
    from rich.console import Console
    from rich.text import Text as RichText

    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=True,
        color_system="standard",
        width=max(page.width, max((sum(width(t) for t, _ in ln) for ln in page.lines), default=0)),
        highlight=False,
        emoji=False,
        soft_wrap=True,
    )
    for line in page.lines:
        text = RichText()
        for t, st in line:
            text.append(t, style=st or "")
        text.rstrip()
        console.print(text, soft_wrap=True)
    return buf.getvalue()


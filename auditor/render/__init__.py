"""Output formats. Each module renders a finished Report; none of them analyses anything."""

from __future__ import annotations

from auditor.render.interface import Renderer, RenderOptions


def get_renderer(name: str) -> Renderer:
    if name == "json":
        from auditor.render.json_report import JsonRenderer

        return JsonRenderer()
    if name == "html":
        from auditor.render.html import HtmlRenderer

        return HtmlRenderer()
    if name == "markdown":
        from auditor.render.markdown import MarkdownRenderer

        return MarkdownRenderer()
    if name == "sarif":
        from auditor.render.sarif import SarifRenderer

        return SarifRenderer()
    if name == "terminal":
        from auditor.render.terminal import TerminalRenderer

        return TerminalRenderer()
    raise ValueError(f"unknown format {name!r}")


FORMATS = ("terminal", "json", "html", "markdown", "sarif")

__all__ = ["FORMATS", "RenderOptions", "Renderer", "get_renderer"]

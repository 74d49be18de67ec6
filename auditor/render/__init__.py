"""Output formats. Each module renders a finished Report; none of them analyses anything."""

from __future__ import annotations

from auditor.render.interface import Renderer, RenderOptions


def get_renderer(name: str) -> Renderer:
    if name == "json":
        from auditor.render.json_report import JsonRenderer

        return JsonRenderer()
    if name == "terminal":
        from auditor.render.terminal import TerminalRenderer

        return TerminalRenderer()
    raise ValueError(f"unknown format {name!r}")


FORMATS = ("terminal", "json")

__all__ = ["FORMATS", "RenderOptions", "Renderer", "get_renderer"]

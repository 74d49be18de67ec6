"""Output formats: what a finished model looks like to a reader. Nothing here analyses.

Two kinds of model are rendered: a scan's `Report` (kind "report") and the `ReportDiff` of
two versions (kind "diff"). Each format is one module holding one `Renderer`; ask for it
with `get_renderer(format, kind)`. The texts come from the language files in `locale/`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from auditor.render.interface import Renderer, RenderOptions

#: kind -> format -> "module:class". Imported on first use: a JSON scan loads neither rich
#: nor the HTML templates.
_RENDERERS: dict[str, dict[str, str]] = {
    "report": {
        "terminal": "auditor.render.terminal:TerminalRenderer",
        "json": "auditor.render.json_report:JsonRenderer",
        "html": "auditor.render.html:HtmlRenderer",
        "markdown": "auditor.render.markdown:MarkdownRenderer",
        "sarif": "auditor.render.sarif:SarifRenderer",
    },
    "diff": {
        "terminal": "auditor.render.diff.terminal:DiffTerminalRenderer",
        "json": "auditor.render.diff.json_diff:DiffJsonRenderer",
        "markdown": "auditor.render.diff.markdown:DiffMarkdownRenderer",
        "html": "auditor.render.diff.html:DiffHtmlRenderer",
    },
}

#: The formats of each kind, in the order --help lists them.
FORMATS: tuple[str, ...] = tuple(_RENDERERS["report"])
DIFF_FORMATS: tuple[str, ...] = tuple(_RENDERERS["diff"])


def get_renderer(name: str, kind: str = "report") -> Renderer[Any]:
    """The renderer of format `name` for a model of `kind` ("report" or "diff")."""
    try:
        module, cls = _RENDERERS[kind][name].split(":")
    except KeyError:
        raise ValueError(f"unknown {kind} format {name!r}") from None
    return getattr(import_module(module), cls)()


def render_diff(diff: Any, fmt: str, options: RenderOptions | None = None) -> str:
    """`auditor diff` output of a ReportDiff in format `fmt`."""
    return get_renderer(fmt, kind="diff").render(diff, options or RenderOptions())


__all__ = ["DIFF_FORMATS", "FORMATS", "RenderOptions", "Renderer", "get_renderer", "render_diff"]

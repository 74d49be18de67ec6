"""`auditor diff --format json`: the diff JSON (schema_version "diff-1.0", docs/diff.md)."""

from __future__ import annotations

import json

from auditor.diff.model import ReportDiff
from auditor.render import locale
from auditor.render.interface import Renderer, RenderOptions


class DiffJsonRenderer(Renderer[ReportDiff]):
    name = "json"

    def render(self, diff: ReportDiff, options: RenderOptions) -> str:
        data = diff.to_dict()
        data["lang"] = locale.lang_of(options.lang)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

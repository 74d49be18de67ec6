"""JSON report contract v1 (docs/report-format.md, auditor/schema/report.schema.json)."""

from __future__ import annotations

import json

from auditor.model import Report
from auditor.render.interface import Renderer, RenderOptions


class JsonRenderer(Renderer[Report]):
    name = "json"

    def render(self, report: Report, options: RenderOptions) -> str:
        data = report.to_dict()
        data["lang"] = options.lang
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"

"""The batch dashboard: index.html in a batch output folder (template templates/dashboard.html).

One self-contained file: a sortable table of every input (linking to each app's own HTML
report in apps/), and inline-SVG charts of risk levels and of how many apps collect each
data category. The only script is a small inline table sorter; no network, no library.
This module counts and lays out; the template writes the page and escapes every string.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from auditor.model import CATEGORIES, LEVELS, Text
from auditor.render import locale, templating
from auditor.render.escape import clean

_LEVEL_COLOUR = {"low": "#2e7d32", "medium": "#b7791f", "high": "#c53030", "critical": "#7b1d1d"}


def _cell(value: Any) -> str:
    """A table value as text: missing (None, NaN) is empty; escaping is the template's job."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _chart(items: list[tuple[str, float, str]], width: int = 460) -> dict[str, Any]:
    """A horizontal bar chart (label, value, colour per bar), scaled to the largest value."""
    row, label_w = 22, 175
    maximum = max([v for _, v, _ in items] + [1])
    bars = []
    for i, (label, value, colour) in enumerate(items):
        y = i * row + 2
        w = 0 if maximum <= 0 else (width - label_w - 40) * value / maximum
        bars.append(
            {
                "label": label,
                "colour": colour,
                "text_y": y + 14,
                "rect_y": y + 3,
                "width": f"{w:.1f}",
                "value_x": f"{label_w + w + 4:.1f}",
                "value": f"{value:g}",
            }
        )
    return {"width": width, "height": row * len(items) + 4, "label_width": label_w, "bars": bars}


def render_dashboard(
    rows: list[dict[str, Any]],
    lang: str = "en",
    app_pages: set[str] | None = None,
    category_names: Mapping[str, Text] | None = None,
) -> str:
    """index.html from the batch table rows (dicts with the batch table's columns).

    The rows name categories by id; `category_names` says how to show them (the batch hands
    in the names its reports carry; without them the ids are shown).
    """
    texts = locale.ui(lang)
    ui = texts["dashboard"]
    levels = ui["level"]
    names = category_names or {}

    def name_of(cid: str) -> str:
        return names[cid].get(lang) if cid in names else cid

    ok = [r for r in rows if not _cell(r.get("error_code"))]
    app_pages = app_pages or set()

    level_counts = [
        (levels[lv], float(sum(1 for r in ok if r.get("level") == lv)), _LEVEL_COLOUR[lv]) for lv in LEVELS
    ]
    prevalence = []
    for cid in CATEGORIES:
        in_code = sum(1 for r in ok if cid in str(r.get("categories_in_code") or "").split(","))
        declared = sum(1 for r in ok if cid in str(r.get("categories_declared") or "").split(","))
        name = name_of(cid)
        prevalence.append((f"{name} ({ui['in_code']})", float(in_code), "#c53030"))
        prevalence.append((f"{name} ({ui['declared']})", float(declared), "#d69e2e"))

    table = []
    for r in sorted(rows, key=lambda r: -_score(r)):
        level = str(r.get("level") or "")
        sha = str(r.get("sha256") or "")
        in_code = ", ".join(
            name_of(c) for c in str(r.get("categories_in_code") or "").split(",") if c in CATEGORIES
        )
        table.append(
            {
                "score": _cell(r.get("score")),
                "level_rank": LEVELS.index(level) if level in LEVELS else -1,
                "level": levels[level] if level in _LEVEL_COLOUR else "",
                "level_colour": _LEVEL_COLOUR.get(level),
                # the label as a reader would see it, else the package
                "label": clean(_cell(r.get("label"))) or clean(_cell(r.get("package"))),
                "page": f"apps/{sha}.html" if sha in app_pages else None,
                "cells": [
                    _cell(r.get("package")),
                    _cell(r.get("version_name")),
                    in_code,
                    _cell(_int(r.get("sdk_count"))),
                    _cell(r.get("packer")),
                    _cell(r.get("error_code")),
                    _cell(r.get("file")),
                ],
            }
        )
    return templating.render(
        "dashboard.html",
        ui=ui,
        html_lang=texts["report"]["html_lang"],
        inputs=len(rows),
        scanned=len(ok),
        failed=len(rows) - len(ok),
        level_chart=_chart(level_counts),
        prevalence_chart=_chart(prevalence),
        table=table,
    )


def _score(row: dict[str, Any]) -> float:
    value = row.get("score")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return -1.0
    return float(value)


def _int(value: Any) -> Any:
    if isinstance(value, float) and not math.isnan(value):
        return int(value)
    return value

"""The batch dashboard: index.html in a batch output folder (template templates/dashboard.html).

One self-contained file: bar charts of risk levels and of how many apps collect each data
category, and a sortable table of every input (linking to each app's own HTML report in
apps/). The only script is a small inline table sorter; no network, no library. This
module counts; the template writes the page and escapes every string.

It is read on a phone as well as on a desktop: the charts are HTML (labels are text at a
readable size that wraps instead of being cut, whatever the width), and the table scrolls
sideways inside its box with the app's name kept in view (a sticky first column).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from auditor.model import CATEGORIES, LENDING_VERDICTS, LEVELS, Text
from auditor.render import locale, templating
from auditor.render.escape import clean, html_text

_LEVEL_COLOUR = {"low": "#2e7d32", "medium": "#b7791f", "high": "#c53030", "critical": "#7b1d1d"}
_CODE_COLOUR = "#c53030"
_DECLARED_COLOUR = "#d69e2e"


def _path_cell(path: str) -> Markup:
    """A file path that may break only after a folder separator, never inside a name."""
    return Markup("/<wbr>").join(html_text(part) for part in path.split("/"))


def _cell(value: Any) -> str:
    """A table value as text: missing (None, NaN) is empty; escaping is the template's job."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _bars(items: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of a bar chart: each value also as a width in % of the largest one."""
    maximum = max([float(i[k]) for i in items for k in keys] + [1.0])
    for item in items:
        for k in keys:
            item[f"{k}_pct"] = f"{100.0 * float(item[k]) / maximum:.1f}"
    return items


def render_dashboard(
    rows: list[dict[str, Any]],
    lang: str = "en",
    app_pages: set[str] | None = None,
    category_names: Mapping[str, Text] | None = None,
    packer_names: Mapping[str, Text] | None = None,
) -> str:
    """index.html from the batch table rows (dicts with the batch table's columns).

    The rows name categories by id; `category_names` says how to show them (the batch hands
    in the names its reports carry; without them the ids are shown). `packer_names` does the
    same for the packers the rows name in English.
    """
    texts = locale.ui(lang)
    ui = texts["dashboard"]
    levels = ui["level"]
    names = category_names or {}

    def name_of(cid: str) -> str:
        return names[cid].get(lang) if cid in names else cid

    ok = [r for r in rows if not _cell(r.get("error_code"))]
    app_pages = app_pages or set()

    level_rows = _bars(
        [
            {
                "label": levels[lv],
                "colour": _LEVEL_COLOUR[lv],
                "value": sum(1 for r in ok if r.get("level") == lv),
            }
            for lv in reversed(LEVELS)
        ],
        ("value",),
    )
    for row in level_rows:
        row["text"] = locale.fill(ui["apps_at_level"], n=row["value"])
    prevalence = []
    for cid in CATEGORIES:
        in_code = sum(1 for r in ok if cid in str(r.get("categories_in_code") or "").split(","))
        declared = sum(1 for r in ok if cid in str(r.get("categories_declared") or "").split(","))
        if in_code or declared:
            prevalence.append({"label": name_of(cid), "code": in_code, "declared": declared})
    _bars(prevalence, ("code", "declared"))

    lending_ui = texts["lending"]
    lending_counts = {v: sum(1 for r in ok if r.get("lending") == v) for v in LENDING_VERDICTS}
    table = []
    for r in sorted(rows, key=lambda r: -_score(r)):
        level = str(r.get("level") or "")
        sha = str(r.get("sha256") or "")
        in_code = texts["common"]["sep"].join(
            name_of(c) for c in str(r.get("categories_in_code") or "").split(",") if c in CATEGORIES
        )
        code = _cell(r.get("error_code"))
        error = f"[{code}] {texts['errors'].get(code, '')}".strip() if code else ""
        table.append(
            {
                "score": _cell(r.get("score")),
                "level_rank": LEVELS.index(level) if level in LEVELS else -1,
                "level": levels[level] if level in _LEVEL_COLOUR else "",
                "level_colour": _LEVEL_COLOUR.get(level),
                # the label as a reader would see it, else the package, else the file
                "label": clean(_cell(r.get("label")))
                or clean(_cell(r.get("package")))
                or clean(_cell(r.get("file"))),
                "page": f"apps/{sha}.html" if sha in app_pages else None,
                **_lending_cell(r, lending_ui),
                "cells": [
                    ui["no_manifest"] if r.get("kind") == "code_only" else _cell(r.get("package")),
                    _cell(r.get("version_name")),
                    in_code,
                    _cell(_int(r.get("sdk_count"))),
                    _packer(_cell(r.get("packer")), packer_names or {}, lang),
                    error,
                    _path_cell(_cell(r.get("file"))),
                ],
            }
        )
    counts = [
        locale.fill(ui["inputs"], n=len(rows)),
        locale.fill(ui["scanned"], n=len(ok)),
        locale.fill(ui["failed"], n=len(rows) - len(ok)),
    ]
    return templating.render(
        "dashboard.html",
        ui=ui,
        common=texts["common"],
        html_lang=texts["report"]["html_lang"],
        counts=counts,
        level_rows=level_rows,
        prevalence=prevalence,
        code_colour=_CODE_COLOUR,
        declared_colour=_DECLARED_COLOUR,
        table=table,
        lending_ui=lending_ui,
        lending_counts=lending_counts,
    )


def _lending_cell(row: dict[str, Any], texts: dict[str, Any]) -> dict[str, Any]:
    """The lending verdict in words and its confidence, shown under the app's name (the
    table has no room for another column at desktop width); the filter uses `lending`."""
    verdict = _cell(row.get("lending"))
    if verdict not in LENDING_VERDICTS:
        return {"lending": "", "lending_text": ""}
    confidence = _cell(row.get("lending_confidence"))
    shown = f" ({float(confidence):.2f})" if confidence else ""
    return {"lending": verdict, "lending_text": f"{texts['short'][verdict]}{shown}"}


def _score(row: dict[str, Any]) -> float:
    value = row.get("score")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return -1.0
    return float(value)


def _int(value: Any) -> Any:
    if isinstance(value, float) and not math.isnan(value):
        return int(value)
    return value


def _packer(name: str, names: Mapping[str, Text], lang: str) -> str:
    return names[name].get(lang) if name in names else name

"""`auditor diff --format html`: one self-contained page (template templates/diff.html).

Inline CSS, no script, nothing fetched. This module picks what to show; the template writes
the page and escapes every string.
"""

from __future__ import annotations

from typing import Any

from auditor.diff.model import ReportDiff
from auditor.model import LEVELS, SEVERITIES
from auditor.render import locale, templating
from auditor.render.diff.changes import (
    flat,
    headline,
    identity_rows,
    policies_line,
    segments,
    status_line,
    texts,
)
from auditor.render.interface import Renderer, RenderOptions


class DiffHtmlRenderer(Renderer[ReportDiff]):
    name = "html"

    def render(self, diff: ReportDiff, options: RenderOptions) -> str:
        lang = locale.lang_of(options.lang)
        ui = texts(lang)
        old, new = diff.old, diff.new
        sections: list[dict[str, Any]] = []
        if not diff.is_empty:
            for css, changes in (("worse", diff.worse()), ("better", diff.better()), ("other", diff.other())):
                if css == "other" and not changes:
                    continue  # "nothing got better" is news; "no other change" is not
                sections.append({"css": css, "changes": [segments(c, diff, lang) for c in changes]})
        return templating.render(
            "diff.html",
            diff=diff,
            lang=lang,
            ui=ui,
            html_lang=locale.ui(lang)["report"]["html_lang"],
            title=ui["doc_title"].format(
                name=flat(new.label or new.package),
                old=flat(old.version_name or old.version),
                new=flat(new.version_name or new.version),
            ),
            level=new.level if new.level in LEVELS else "low",
            headline=headline(diff, lang),
            status=status_line(diff, lang),
            policies=policies_line(diff, lang),
            sections=sections,
            identity=identity_rows(diff, ui),
            severities=SEVERITIES,
        )

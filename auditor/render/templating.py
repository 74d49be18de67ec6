"""The Jinja2 environment of the HTML outputs (templates in auditor/render/templates/).

Autoescape is on, and every `{{ value }}` goes through `escape.html_text`, which also drops
control and bidi characters: a template cannot forget to escape, and every page cleans
strings the same way. `|e` is that same function. Pages stay self-contained: the CSS (and
the dashboard's sorter) are included inline from the templates folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from auditor.render.escape import html_text

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        finalize=html_text,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails loudly, not as an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["e"] = env.filters["escape"] = html_text
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)

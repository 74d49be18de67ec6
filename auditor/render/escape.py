"""Strings from an APK or a rule pack on their way to a reader: one cleaner, one HTML escaper.

An app's label, a class name or a rule's citation can hold control characters and the
Unicode bidi overrides (U+202A-U+202E, U+2066-U+2069) that reorder the text around them: a
hostile label could make a page say something it does not. Every output drops them.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

#: C0 controls except tab, newline and carriage return (plain whitespace to a reader), DEL,
#: and the bidi embeddings, overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """`value` as text without control or bidi characters (None is the empty string)."""
    return CONTROL.sub("", "" if value is None else str(value))


def html_text(value: object) -> Markup:
    """`value` cleaned and escaped for HTML text and attribute values (both quote marks).

    Markup passes through: it is HTML a renderer built from escaped parts.
    """
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(clean(value), quote=True))

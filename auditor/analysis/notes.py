"""Notes on evidence and warnings as language-file keys, never as English prose.

An evidence pass names what it saw, `note("picker")` or `note("exfil_same_method", cat=...,
read=..., sink=...)`; renderers say it in the reader's language (the `notes` group of
auditor/render/locale/<lang>.yaml). The English text is kept too, as the evidence's `note`
and the report's `warnings`, for readers of JSON made before notes had keys.
"""

from __future__ import annotations

from typing import Any

from auditor.model import Message
from auditor.render.locale import say, ui

#: How the English text joins the parts of one note.
ENGLISH_SEP = "; "


def message(key: str, **params: Any) -> Message:
    return Message.of(key, **params)


def _in_english(name: str, value: Any, lang: str) -> str | None:
    """SDKs, SDK kinds and networks by name in the English text (ids stay ids otherwise)."""
    if name == "sdk":
        from auditor.catalogue.knowledge import load_knowledge

        return next((s.name for s in load_knowledge().sdks if s.id == value), None)
    if name == "kind":
        return ui("en")["report"]["sdk_kind_name"].get(value)
    if name == "network":
        return ui("en")["common"]["network"].get(value)
    return None


def english(parts: tuple[Message, ...] | list[Message]) -> str:
    """The parts of a note in English, as the `note` field has always read."""
    return ENGLISH_SEP.join(say(p, "en", _in_english) for p in parts)


def note(*parts: Message | None) -> dict[str, Any]:
    """Evidence keyword arguments for a note made of `parts` (None parts are left out):
    `note` (English) and `note_parts` (the keys, for every language)."""
    kept = tuple(p for p in parts if p is not None)
    if not kept:
        return {"note": None, "note_parts": ()}
    return {"note": english(kept), "note_parts": kept}


def keyed(key: str, **params: Any) -> dict[str, Any]:
    """`note(message(key, **params))`: the common case of a one-part note."""
    return note(message(key, **params))

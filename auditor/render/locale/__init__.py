"""The language files: every text auditor shows a reader, one YAML file per language.

`en.yaml` is the reference and the fallback. Any other `<code>.yaml` in this folder is a
language `--lang` accepts; a key it does not translate is taken from English, so a new
language can start small. Renderers read their group of keys: `ui(lang)["terminal"]`,
`ui(lang)["diff"]`... (docs/architecture.md, "Languages").
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

LOCALE_DIR = Path(__file__).resolve().parent
#: The language every other one falls back to.
FALLBACK = "en"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The language codes there is a file for, English first."""
    codes = sorted(p.stem for p in LOCALE_DIR.glob("*.yaml"))
    return (FALLBACK, *(c for c in codes if c != FALLBACK))


def lang_of(lang: str | None) -> str:
    """`lang` when there is a file for it, else English."""
    return lang if lang in languages() else FALLBACK


def _read(lang: str) -> dict[str, Any]:
    data = yaml.load((LOCALE_DIR / f"{lang}.yaml").read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict):
        raise ValueError(f"{lang}.yaml: expected a mapping of surfaces to texts")
    return data


def _fill(texts: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    """`texts` with every key it lacks taken from `reference`, at every depth."""
    out = dict(reference)
    for key, value in texts.items():
        ref = reference.get(key)
        out[key] = _fill(value, ref) if isinstance(value, dict) and isinstance(ref, dict) else value
    return out


def ui(lang: str | None) -> dict[str, Any]:
    """Every text of `lang` (English for a missing key or an unknown language), by surface.

    The dict is shared between callers (it is cached): read it, never change it.
    """
    return _texts(lang_of(lang))


@cache
def _texts(lang: str) -> dict[str, Any]:
    english = _read(FALLBACK)
    return english if lang == FALLBACK else _fill(_read(lang), english)


__all__ = ["FALLBACK", "LOCALE_DIR", "lang_of", "languages", "ui"]

"""The language files: every text auditor shows a reader, one YAML file per language.

`en.yaml` is the reference and the fallback. Any other `<code>.yaml` in this folder is a
language `--lang` accepts; a key it does not translate is taken from English, so a new
language can start small. Renderers read their group of keys: `ui(lang)["terminal"]`,
`ui(lang)["diff"]`... (docs/architecture.md, "Languages").
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.datafiles import load_data

if TYPE_CHECKING:
    from auditor.model import Message

LOCALE_DIR = Path(__file__).resolve().parent
#: The language every other one falls back to.
FALLBACK = "en"


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The language codes there is a file for, English first."""
    codes = sorted(p.stem for p in LOCALE_DIR.glob("*.yaml"))
    return (FALLBACK, *(c for c in codes if c != FALLBACK))


def lang_of(lang: str | None) -> str:
    """`lang` when there is a file for it, else English."""
    return lang if lang in languages() else FALLBACK


def _read(lang: str) -> dict[str, Any]:
    # Through the JSON cache every data file uses: every scan writes its evidence notes in
    # English too, and parsing the YAML would cost each process ~40 ms.
    data = load_data(LOCALE_DIR / f"{lang}.yaml")
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


#: The plural categories a language file may give for a text that has a count (CLDR names).
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})


def is_plural(value: object) -> bool:
    """Whether a language-file value is a text with plural forms ({one: ..., other: ...})."""
    return isinstance(value, Mapping) and bool(value) and set(value) <= PLURAL_FORMS


def plural(value: str | Mapping[str, str], n: int | float) -> str:
    """The form of `value` for the count `n`: `one` for exactly 1 when the language has it
    (English), else `other` (Chinese has only that). A plain string is its own form."""
    if not is_plural(value):
        return str(value)
    assert isinstance(value, Mapping)
    if n == 1 and "one" in value:
        return value["one"]
    if n == 0 and "zero" in value:
        return value["zero"]
    return value.get("other") or next(iter(value.values()))


class _Keep(dict):
    """format_map mapping that leaves an unknown {field} as it is instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str | Mapping[str, str], **params: Any) -> str:
    """`template` (or its plural form for `n`) with its {fields} filled in; a field the
    caller does not give stays visible as `{field}` rather than raising."""
    text = plural(template, params.get("n", 0)) if is_plural(template) else str(template)
    return string.Formatter().vformat(text, (), _Keep(params))


def count(lang: str | None, group: str, key: str, n: int | float, **params: Any) -> str:
    """The text `group.key` for a count `n` ("1 error", "2 errors"; "1 个错误")."""
    return fill(ui(lang)[group][key], n=n, **params)


#: How a renderer shows a message parameter in the reader's language: (name, value, lang)
#: -> text, or None to show the value as it is.
Resolver = Callable[[str, Any, str], "str | None"]


def say(message: Message, lang: str | None, resolve: Resolver | None = None) -> str:
    """A model Message in `lang`: its template from the `notes` group, filled in.

    Lists are joined with the language's separator; `resolve` lets a renderer show ids in
    words (a category id as its name). A key no language file has shows its `text`
    parameter, or the key itself.
    """
    code = lang_of(lang)
    texts = ui(code)
    params = message.param_dict()
    template = texts.get("notes", {}).get(message.key)
    if template is None:
        return str(params.get("text", message.key))
    sep = texts["common"]["sep"]
    nested = dict(message.params)  # the frozen values: a Message stays a Message here

    def show(value: Any) -> Any:
        if type(value).__name__ == "Message":  # a message inside a message: say it too
            return say(value, code, resolve)
        if isinstance(value, Mapping):  # a text in several languages
            return value.get(code) or value.get(FALLBACK) or ""
        if isinstance(value, tuple):
            return sep.join(str(show(v)) for v in value)
        return value

    shown: dict[str, Any] = {}
    for name, value in params.items():
        words = resolve(name, value, code) if resolve is not None else None
        shown[name] = words if words is not None else show(nested[name])
    if "n" not in shown:
        counts = [v for v in params.values() if isinstance(v, list)]
        shown["n"] = len(counts[0]) if counts else 0
    return fill(template, **shown)


__all__ = [
    "FALLBACK",
    "LOCALE_DIR",
    "PLURAL_FORMS",
    "count",
    "fill",
    "is_plural",
    "lang_of",
    "languages",
    "plural",
    "say",
    "ui",
]

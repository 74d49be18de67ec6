"""Check a YAML data file against its JSON Schema; a failure names file:line.

The schemas (draft 2020-12) are package data: `auditor/policy/pack.schema.json` for policy
packs, `auditor/catalogue/schema/<name>.schema.json` for each catalogue file. They hold the
structure: keys, types, enums. What a schema cannot say stays in the loaders (a pack's id
equals its file name, ids are unique, cross-field rules of conditions).

The check runs on the data the fast loader produced, which has no line numbers; only when it
fails is the file parsed again with line tracking (`load_yaml(lines=True)`), to point at the
mapping that holds the error. `datafiles.load_data(path, schema)` calls `check` once per
(file content, schema content) and remembers that it passed, so a scan does not pay for it.
jsonschema is imported here only, and only when a check actually runs.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any

from auditor.datafiles import load_yaml
from auditor.errors import RuleError

#: Top-level collections whose items a message names: "rule CN-NEC-001: ...", "sdk umeng: ...".
_ITEM_LABELS = {
    "rules": "rule",
    "entries": "api entry",
    "sdks": "sdk",
    "packers": "packer",
    "families": "family",
    "categories": "category",
    "permissions": "permission",
    "runtimes": "runtime",
    "patterns": "script pattern",
    "scopes": "scope",
}
_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def load_schema(schema: Path) -> dict[str, Any]:
    return json.loads(schema.read_text(encoding="utf-8"))


@cache
def _validator(schema: Path) -> Any:
    import jsonschema

    document = load_schema(schema)
    return jsonschema.validators.validator_for(document)(document)


def check(data: Any, schema: Path, path: Path) -> None:
    """Raise RuleError naming `path`:line and the problem if `data` does not match `schema`."""
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator(schema).iter_errors(data))
    if error is not None:
        error = _inner(error)
        keys = list(error.absolute_path)
        raise RuleError(describe(error, data), str(path), line_at(path, keys))


def _inner(error: Any) -> Any:
    """For "a name or a list of names" (anyOf), the branch error that says what is wrong.

    A branch that fails only because the value has the other type says nothing; of the rest,
    the deepest is the most precise (`[1] must be one of ...` rather than the whole list)."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        useful = [e for e in error.context if not (e.validator == "type" and not e.relative_path)]
        if not useful:
            break
        error = max(useful, key=lambda e: len(e.relative_path))
    return error


def line_at(path: Path, keys: list[str | int]) -> int:
    """The line of the innermost mapping on the way to `keys` (1 when there is none)."""
    try:
        node = load_yaml(path, lines=True)
    except RuleError:
        return 1
    line = node.get("__line__", 1) if isinstance(node, dict) else 1
    for key in keys:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "__line__" in node:
            line = node["__line__"]
    return int(line)


# ---------------------------------------------------------------- messages


def _item_context(keys: list[str | int], data: Any) -> tuple[str | None, list[str | int]]:
    """("rule T-002", keys inside that rule) for a path into a known collection."""
    if len(keys) < 2 or keys[0] not in _ITEM_LABELS:
        return None, keys
    label, key = _ITEM_LABELS[str(keys[0])], keys[1]
    try:
        item = data[keys[0]][key]
    except (KeyError, IndexError, TypeError):
        item = None
    item_id = item.get("id") if isinstance(item, dict) else None
    if isinstance(item_id, str) and item_id.strip():
        return f"{label} {item_id}", keys[2:]
    if isinstance(key, int):
        return f"{label} #{key + 1}", keys[2:]
    return f"{label} {key}", keys[2:]


def dotted(keys: list[str | int]) -> str:
    """`when.all[0].declared`: the notation of ConditionError paths."""
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _json_type(value: Any) -> str:
    if isinstance(value, datetime.date):  # YAML reads 2024-01-01 without quotes as a date
        return "a date without quotes"
    if isinstance(value, bool):  # before int: a bool is an int in Python
        return "a boolean"
    for name, types in (
        ("null", type(None)),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, types):
            return _TYPE_WORDS[name]
    return type(value).__name__


def _problem(error: Any) -> tuple[str, bool]:
    """(text, whether it reads as a predicate of the value: "must be ...")."""
    kind, expected, value, schema = error.validator, error.validator_value, error.instance, error.schema
    is_condition = schema.get("title") == "condition"
    if "propertyNames" in error.absolute_schema_path:  # the value is a key of the mapping
        allowed = f"; use one of {', '.join(map(str, expected))}" if kind == "enum" else ""
        return f"has an unknown key {value!r}{allowed}", True
    if kind == "additionalProperties" and is_condition:
        from auditor.policy.conditions import COMBINATORS  # the wording of parse_condition's

        extra = sorted(str(k) for k in value if k not in schema["properties"])
        leaves = [k for k in schema["properties"] if k not in COMBINATORS]
        return (
            f"unknown condition {extra[0]!r}; use {'/'.join(COMBINATORS)} or one of: "
            + ", ".join(leaves),
            False,
        )
    if kind in ("required", "additionalProperties"):
        # Both at once, so a misspelt key reads as what it is: `missing ['why']; unknown
        # key(s) ['wyh']`, whichever of the two errors jsonschema ranked first.
        missing = [k for k in schema.get("required", ()) if k not in value]
        extra = []
        if schema.get("additionalProperties") is False:
            extra = sorted(str(k) for k in value if k not in schema.get("properties", {}))
        parts = [f"missing {missing}"] if missing else []
        parts += [f"unknown key(s) {extra}"] if extra else []
        return "; ".join(parts), False
    if kind in ("minProperties", "maxProperties") and is_condition:
        return f"a condition has exactly one key, got {list(value)}", False
    if kind == "minProperties":
        return f"name at least one of {', '.join(schema.get('properties', {}))}", False
    if kind == "enum":
        return f"must be one of {', '.join(map(str, expected))}, not {value!r}", True
    if kind == "const":
        return f"must be {expected!r}, not {value!r}", True
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted)
        return f"must be {words}, not {_json_type(value)}", True
    if kind == "minItems" and expected == 1:
        return "must be a non-empty list", True
    if kind == "maxItems" and expected == 1:
        return "takes one value", True
    if kind in ("pattern", "anyOf", "oneOf") and schema.get("description"):
        return f"must be {schema['description']}, not {value!r}", True
    return " ".join(error.message.split()), False


def describe(error: Any, data: Any) -> str:
    """One line in the style of the loaders' own messages: `rule T-002: severity must be ...`."""
    context, inner = _item_context(list(error.absolute_path), data)
    where = dotted(inner)
    problem, predicate = _problem(error)
    if predicate:
        if context and where:
            return f"{context}: {where} {problem}"
        return f"{context or where or 'the file'} {problem}"
    prefix = ": ".join(p for p in (context, where) if p) or "top level"
    return f"{prefix}: {problem}"

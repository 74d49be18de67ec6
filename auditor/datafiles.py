"""Where auditor's data files are, and a YAML loader that remembers line numbers.

Installed from a wheel, the catalogue and the policy packs are package data
(`auditor.catalogue`, `auditor.rules`). In a source checkout (`pip install -e .` or running
from the tree) the packs stay in the top-level `rules/` folder the design card asks for.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
from pathlib import Path
from typing import Any

import yaml

from auditor.errors import RuleError

_PACKAGE_DIR = Path(__file__).resolve().parent


def catalogue_dir() -> Path:
    return _PACKAGE_DIR / "catalogue"


def schema_dir() -> Path:
    return _PACKAGE_DIR / "schema"


def rules_dir() -> Path:
    """The built-in policy packs: package data when installed, else the checkout's rules/."""
    try:
        installed = Path(str(importlib.resources.files("auditor.rules")))
        if any(installed.glob("*.yaml")):
            return installed
    except (ModuleNotFoundError, TypeError):
        pass
    return _PACKAGE_DIR.parent / "rules"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's first line as the key `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, *, lines: bool = False) -> Any:
    """Parse a YAML data file; a syntax error becomes a RuleError naming file and line.

    With `lines=True` every mapping carries `__line__` so validators can point at the
    rule that is wrong; callers strip it with `strip_lines`.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"cannot read: {exc.strerror}", str(path)) from exc
    try:
        return yaml.load(text, Loader=_LineLoader if lines else yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RuleError(f"YAML syntax error: {exc.problem}", str(path), line) from exc
    except yaml.YAMLError as exc:
        raise RuleError(f"YAML error: {exc}", str(path)) from exc


def strip_lines(value: Any) -> Any:
    """Remove the `__line__` keys added by `load_yaml(lines=True)`."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _cache_dir() -> Path:
    base = os.environ.get("AUDITOR_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "auditor"
    )
    return Path(base)


def load_data(path: Path) -> Any:
    """Parse a YAML data file, memoised as JSON in the user's cache directory.

    Building Python objects from YAML costs ~0.4 s for the catalogue on every run; the
    JSON copy, keyed by the file's SHA-256, loads in milliseconds. The cache is only an
    accelerator: any problem with it falls back to parsing the YAML. Syntax errors are
    raised as RuleError naming file and line.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(f"cannot read: {exc.strerror}", str(path)) from exc
    digest = hashlib.sha256(raw).hexdigest()[:24]
    cached = _cache_dir() / f"{path.stem}-{digest}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_FastLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        load_yaml(path)  # re-parse with line tracking for a precise message
        raise RuleError("YAML error", str(path)) from None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)
    except (OSError, TypeError, ValueError):
        pass  # unwritable cache or a value JSON cannot hold: just do not cache
    return data

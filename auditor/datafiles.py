"""Where auditor's data files are, and a YAML loader that remembers line numbers.

Installed from a wheel, the catalogue and the policy packs are package data
(`auditor.catalogue`, `auditor.rules`). In a source checkout (`pip install -e .` or running
from the tree) the packs stay in the top-level `rules/` folder the design card asks for.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor.errors import RuleError

_PACKAGE_DIR = Path(__file__).resolve().parent


def catalogue_dir() -> Path:
    return _PACKAGE_DIR / "catalogue"


def schema_dir() -> Path:
    """The schemas of auditor's outputs (the JSON report, SARIF)."""
    return _PACKAGE_DIR / "schema"


def pack_schema() -> Path:
    """The JSON Schema of a policy pack file (docs/rules.md)."""
    return _PACKAGE_DIR / "policy" / "pack.schema.json"


def catalogue_schema(name: str) -> Path:
    """The JSON Schema of a catalogue file: `apis.yaml` -> catalogue/schema/apis.schema.json."""
    return catalogue_dir() / "schema" / f"{Path(name).stem}.schema.json"


def rules_dir() -> Path:
    """The built-in policy packs: package data when installed, else the checkout's rules/."""
    # find_spec, not importlib.resources (which imports tempfile, shutil and random: ~4 ms
    # of every scan's start-up for one directory name).
    try:
        spec = importlib.util.find_spec("auditor.rules")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or ()) if spec else ():
        if any(Path(location).glob("*.yaml")):
            return Path(location)
    return _PACKAGE_DIR.parent / "rules"


@functools.cache
def _line_loader() -> type:
    """A SafeLoader that records each mapping's first line as the key `__line__` (built on
    first use: yaml is imported only when a YAML file is really parsed)."""
    import yaml

    class _LineLoader(yaml.SafeLoader):
        pass

    def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
        mapping = loader.construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return _LineLoader


def load_yaml(path: Path, *, lines: bool = False) -> Any:
    """Parse a YAML data file; a syntax error becomes a RuleError naming file and line.

    With `lines=True` every mapping carries `__line__` (its first line), so an error found
    in the data of `load_data` can be traced to a line (auditor.validation.line_at).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"cannot read: {exc.strerror}", str(path)) from exc
    import yaml

    try:
        return yaml.load(text, Loader=_line_loader() if lines else yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RuleError(f"YAML syntax error: {exc.problem}", str(path), line) from exc
    except yaml.YAMLError as exc:
        raise RuleError(f"YAML error: {exc}", str(path)) from exc


def _cache_dir() -> Path:
    base = os.environ.get("AUDITOR_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "auditor"
    )
    return Path(base)


def load_data(path: Path, schema: Path | None = None) -> Any:
    """Parse a YAML data file, memoised as JSON in the user's cache directory.

    Building Python objects from YAML costs ~0.4 s for the catalogue on every run; the
    JSON copy, keyed by the file's SHA-256, loads in milliseconds. The cache is only an
    accelerator: any problem with it falls back to parsing the YAML. Syntax errors are
    raised as RuleError naming file and line.

    With `schema` (a JSON Schema file, see auditor.validation) the data is checked too, and
    a failure is a RuleError naming file:line. Whether data matches a schema depends only on
    the two files' contents, so the check runs once per (file digest, schema digest): an
    empty marker file next to the JSON copy records that it passed. Every later load costs
    one stat, and never imports jsonschema (~40 ms), which keeps a scan's start-up as it was.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(f"cannot read: {exc.strerror}", str(path)) from exc
    digest = hashlib.sha256(raw).hexdigest()[:24]
    cached = _cache_dir() / f"{path.stem}-{digest}.json"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = _parse_and_cache(path, raw, cached)
    if schema is not None:
        _check_once(data, path, schema, cached.with_suffix(f".{_digest_of(schema)}.valid"))
    return data


def load_derived(name: str, compute: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """A value computed from the running Python alone (a Unicode table...), memoised as JSON
    in the cache directory under `name`, which must name all it depends on (a version).
    A cached value that fails `valid` (a damaged file) is computed again."""
    cached = _cache_dir() / f"{name}.json"
    try:
        value = json.loads(cached.read_text(encoding="utf-8"))
        if valid(value):
            return value
    except (OSError, ValueError):
        pass
    value = compute()
    _write_json(cached, value)
    return value


def _write_json(cached: Path, data: Any) -> None:
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)
    except (OSError, TypeError, ValueError):
        pass  # unwritable cache or a value JSON cannot hold: just do not cache


def _parse_and_cache(path: Path, raw: bytes, cached: Path) -> Any:
    import yaml  # only on a cache miss: a warm run never imports it

    try:
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError):
        load_yaml(path)  # re-parse with line tracking for a precise message
        raise RuleError("YAML error", str(path)) from None
    _write_json(cached, data)
    return data


@functools.cache
def _digest_of(schema: Path) -> str:
    return hashlib.sha256(schema.read_bytes()).hexdigest()[:16]


def _check_once(data: Any, path: Path, schema: Path, marker: Path) -> None:
    if marker.exists():
        return
    from auditor.validation import check

    check(data, schema, path)
    with contextlib.suppress(OSError):  # unwritable cache: the check runs again next time
        marker.touch()

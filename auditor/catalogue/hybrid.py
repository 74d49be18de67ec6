"""The hybrid-app catalogue: runtimes.yaml (how a runtime is recognised) and scripts.yaml (the
script-level calls that read personal data). Loaded once per process and checked here; the
schema is described in catalogue/README.md.

Each regex pattern gets "needles" at load time: literal strings every match must contain,
derived from the regex itself. The scanner looks for a needle first (a fast bytes search) and
runs the regex only on pieces of a file that hold one, so a 50 MB bundle is not run through a
hundred regexes. A regex whose needles cannot be derived still works; it is only slower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor.datafiles import catalogue_dir, catalogue_schema, load_data
from auditor.errors import RuleError
from auditor.model import Text

try:  # the regex parser: public enough to be stable, private by name (3.11+: re._parser)
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

# The vocabularies, as in the schemas (tests/test_schemas.py keeps the two equal).
FAMILIES = ("js_webview", "js_engine", "dart_aot", "webview_shell")
SIGN_KINDS = ("file", "native_lib", "manifest_class", "dex_class", "dex_prefix")
REGISTRIES = (
    "dcloud_features",
    "dcloud_uniplugins",
    "cordova_config",
    "cordova_plugin_list",
    "capacitor_plugins",
    "flutter_registrant",
)
READERS = ("text", "bundle", "binary")
ROLES = (
    "collect",
    "uri",
    "query",
    "probe",
    "picker",
    "alternative",
    "sink",
    "permission_request",
    "link",
    "support",
)
#: Roles whose hits become evidence (the others only serve other patterns).
EVIDENCE_ROLES = ("collect", "uri", "probe", "picker", "alternative")
CONFIDENCES = ("high", "medium", "low")
#: Needles shorter than this are not worth a pre-search.
_MIN_NEEDLE = 3


@dataclass(frozen=True)
class RuntimeSign:
    kind: str
    value: str
    strength: str = "strong"
    what: str = ""  # hot_update only: what replaces the scripts


@dataclass(frozen=True)
class RuntimeInfo:
    id: str
    name: str
    family: str
    framework: tuple[str, ...]
    evidence: tuple[RuntimeSign, ...]
    registries: tuple[str, ...]
    hot_update: tuple[RuntimeSign, ...]
    source: str


def glob_regex(glob: str) -> str:
    """'*' stays inside one folder, '**/' spans any number of folders (also none), '**' anything."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def compile_globs(globs: tuple[str, ...]) -> re.Pattern[str] | None:
    if not globs:
        return None
    return re.compile("|".join(f"(?:{glob_regex(g)})" for g in globs))


@dataclass(frozen=True)
class ScriptScope:
    id: str
    runtimes: tuple[str, ...]
    read: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    first_only: bool
    _include: re.Pattern[str] | None = None
    _exclude: re.Pattern[str] | None = None

    def includes(self, name: str) -> bool:
        return self._include is not None and self._include.fullmatch(name) is not None

    def excludes(self, name: str) -> bool:
        return self._exclude is not None and self._exclude.fullmatch(name) is not None


@dataclass(frozen=True)
class PluginRef:
    name: str
    js: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    method: str | None


@dataclass(frozen=True)
class ScriptPattern:
    id: str
    scopes: tuple[str, ...]
    category: str | None
    role: str
    confidence: str
    regex: str | None
    groups: tuple[tuple[str, ...], ...]  # literal patterns: every literal of one group
    requires: tuple[str, ...]
    within: int | None
    plugin: PluginRef | None
    reveals: Text
    source: str
    needles: tuple[bytes, ...] = ()  # regex only: every match contains one of these
    compiled: re.Pattern[bytes] | None = None

    @property
    def makes_evidence(self) -> bool:
        return self.role in EVIDENCE_ROLES


@dataclass(frozen=True)
class ScriptCatalogue:
    scopes: dict[str, ScriptScope]
    patterns: tuple[ScriptPattern, ...]


# ---------------------------------------------------------------- needles


def _best(options: list[set[str]]) -> set[str] | None:
    good = [o for o in options if o and min(len(s) for s in o) >= _MIN_NEEDLE]
    if not good:
        return None
    return max(good, key=lambda o: (min(len(s) for s in o), -len(o)))


def _required(items: Any) -> set[str] | None:
    """A set of strings such that every match of this parsed sequence contains one of them."""
    options: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            options.append({"".join(run)})
            run.clear()

    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg))
            continue
        flush()
        if name == "SUBPATTERN":
            inner = _required(arg[-1])
            if inner:
                options.append(inner)
        elif name == "BRANCH":
            branches = [_required(b) for b in arg[1]]
            if all(branches):
                options.append(set().union(*branches))  # type: ignore[arg-type]
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1:
            inner = _required(arg[2])
            if inner:
                options.append(inner)
    flush()
    return _best(options)


def regex_needles(pattern: str) -> tuple[bytes, ...]:
    """Literals every match of `pattern` contains (one of them), or () when none can be named."""
    try:
        parsed = _sre.parse(pattern)
        found = _required(list(parsed))
    except Exception:  # a parser detail we do not know: no pre-search, the regex still runs
        return ()
    if not found:
        return ()
    return tuple(sorted(s.encode("latin-1") for s in found))


# ---------------------------------------------------------------- loading
# The structure (keys, types, enums) is checked by catalogue/schema/{runtimes,scripts}.schema.json
# when the file is loaded; the functions below check only what a schema cannot say.


def _text(value: dict[str, str]) -> Text:
    others = {k: v for k, v in value.items() if k != "en" and isinstance(v, str) and v}
    others.setdefault("zh", value["en"])  # the report contract has en and zh in every text
    return Text(value["en"], **others)


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _signs(raw: list[dict[str, str]], where: str) -> tuple[RuntimeSign, ...]:
    out = []
    for i, e in enumerate(raw):
        if e["kind"] == "dex_prefix" and not e["value"].endswith("/"):
            raise ValueError(f"{where}[{i}]: a dex_prefix ends with '/'")
        out.append(RuntimeSign(e["kind"], e["value"], e.get("strength", "strong"), e.get("what", "")))
    return tuple(out)


def _runtimes(path: Path, data: Any) -> tuple[RuntimeInfo, ...]:
    out: list[RuntimeInfo] = []
    for raw in data["runtimes"] if data else ():
        rid = raw["id"]
        try:
            if any(r.id == rid for r in out):
                raise ValueError("duplicate id")
            out.append(
                RuntimeInfo(
                    id=rid,
                    name=raw["name"],
                    family=raw["family"],
                    framework=tuple(raw["framework"]),
                    evidence=_signs(raw["evidence"], "evidence"),
                    registries=tuple(raw["registries"]),
                    hot_update=_signs(raw["hot_update"], "hot_update"),
                    source=raw["source"],
                )
            )
        except ValueError as exc:
            raise RuleError(f"runtime {rid}: {exc}", str(path)) from exc
    return tuple(out)


def _scopes(path: Path, data: Any, runtime_ids: set[str]) -> dict[str, ScriptScope]:
    out: dict[str, ScriptScope] = {}
    for sid, raw in (data["scopes"] if data else {}).items():
        unknown = [r for r in raw["runtime"] if r not in runtime_ids]
        if unknown:
            raise RuleError(f"scope {sid}: runtime {unknown} is not a runtimes.yaml id", str(path))
        include, exclude = tuple(raw["include"]), tuple(raw.get("exclude") or ())
        out[sid] = ScriptScope(
            id=sid,
            runtimes=tuple(raw["runtime"]),
            read=raw["read"],
            include=include,
            exclude=exclude,
            first_only=bool(raw.get("first_only", False)),
            _include=compile_globs(include),
            _exclude=compile_globs(exclude),
        )
    return out


def _plugin(raw: dict[str, Any] | None) -> PluginRef | None:
    if raw is None:
        return None
    return PluginRef(
        name=raw["name"],
        js=raw.get("js"),
        ids=_strs(raw.get("ids")),
        classes=_strs(raw.get("classes")),
        method=raw.get("method"),
    )


def _literal_groups(raw: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    if "all" in raw:
        return (tuple(raw["all"]),)
    if "any_of" in raw:
        return tuple(tuple(g) for g in raw["any_of"])
    if "any" in raw:
        return tuple((v,) for v in raw["any"])
    return ()


def make_pattern(**fields: Any) -> ScriptPattern:
    """A ScriptPattern with its regex compiled and its needles derived (also for patterns the
    analysis builds at run time, such as calls to a WebView bridge's methods)."""
    pattern = ScriptPattern(**fields)
    if pattern.regex is None:
        return pattern
    compiled = re.compile(pattern.regex.encode("latin-1"))
    return ScriptPattern(**{**fields, "needles": regex_needles(pattern.regex), "compiled": compiled})


def _patterns(path: Path, data: Any, scopes: dict[str, ScriptScope]) -> tuple[ScriptPattern, ...]:
    out: list[ScriptPattern] = []
    raws = data["patterns"] if data else []
    all_ids = {r["id"] for r in raws}
    for raw in raws:
        pid = raw["id"]
        try:
            if any(p.id == pid for p in out):
                raise ValueError("duplicate id")
            scope_ids = _strs(raw["scope"])
            bad = [s for s in scope_ids if s not in scopes]
            if bad:
                raise ValueError(f"unknown scope(s) {bad}")
            cat, role = raw["category"], raw["role"]
            if role in ("collect", "uri", "probe") and cat is None:
                raise ValueError(f"a {role} pattern needs a category")
            kinds = [k for k in ("regex", "all", "any_of", "any") if k in raw]
            if len(kinds) != 1:
                raise ValueError("give exactly one of regex, all, any_of, any")
            regex = raw.get("regex")
            if regex is not None:
                if not regex.isascii():
                    raise ValueError("a regex is ASCII (it runs on the file's bytes)")
                if any(scopes[s].read == "binary" for s in scope_ids):
                    raise ValueError("regexes need text: binary scopes take literals only")
            req = raw.get("requires") or {}
            missing = [r for r in req.get("ids", ()) if r not in all_ids]
            if missing:
                raise ValueError(f"requires unknown pattern(s) {missing}")
            pattern = make_pattern(
                id=pid,
                scopes=scope_ids,
                category=cat,
                role=role,
                confidence=raw["confidence"],
                regex=regex,
                groups=_literal_groups(raw),
                requires=tuple(req.get("ids", ())),
                within=req.get("within"),
                plugin=_plugin(raw.get("plugin")),
                reveals=_text(raw["reveals"]),
                source=raw["source"],
            )
        except re.error as exc:
            raise RuleError(f"script pattern {pid}: bad regex ({exc})", str(path)) from exc
        except ValueError as exc:
            raise RuleError(f"script pattern {pid}: {exc}", str(path)) from exc
        out.append(pattern)
    return tuple(out)


def _load(name: str) -> tuple[Path, Any]:
    """(path, data checked against catalogue/schema/<name>.schema.json); None if absent."""
    path = catalogue_dir() / name
    return path, (load_data(path, catalogue_schema(name)) if path.exists() else None)


@lru_cache(maxsize=1)
def load_runtimes() -> tuple[RuntimeInfo, ...]:
    """runtimes.yaml: read for every scan, so kept cheap (no regex is compiled here)."""
    return _runtimes(*_load("runtimes.yaml"))


@lru_cache(maxsize=1)
def load_scripts() -> ScriptCatalogue:
    """scripts.yaml, regexes compiled: read only when a scan meets a hybrid runtime."""
    path, data = _load("scripts.yaml")
    scopes = _scopes(path, data, {r.id for r in load_runtimes()})
    return ScriptCatalogue(scopes, _patterns(path, data, scopes))

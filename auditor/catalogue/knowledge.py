"""The knowledge catalogue: categories, permissions, sensitive APIs, SDKs and packers.

All of it is YAML in auditor/catalogue/ (each entry with its source); this module only
loads and checks it. Loaded once per process (the C YAML parser keeps start-up cheap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor.datafiles import catalogue_dir, load_data
from auditor.errors import RuleError
from auditor.model import CATEGORIES, SDK_KINDS, Text

API_KINDS = ("method", "field", "string")
API_ROLES = (
    "collect",
    "uri",
    "query",
    "picker",
    "alternative",
    "reflection",
    "dynamic_code",
    "sink",
    "identifier_string",
    "endpoint",
    "permission_request",
    "permission_string",
    "quit",
    "messaging_package",
    "other_app_data",
)


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    name: Text
    meaning: Text
    harm: Text
    icon: str


@dataclass(frozen=True)
class PermissionInfo:
    name: str
    categories: tuple[str, ...]
    meaning: Text
    source: str


@dataclass(frozen=True)
class ApiEntry:
    id: str
    category: str | None
    kind: str
    role: str
    cls: str | None
    name: str | None
    descriptor: str | None
    value: str | None
    match: str
    reveals: Text
    source: str


@dataclass(frozen=True)
class SdkInfo:
    id: str
    name: str
    vendor: str
    kind: str
    prefixes: tuple[str, ...]
    website: str | None
    source: str
    sns_network: str | None = None
    sns_scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackerInfo:
    id: str
    name: str
    application_classes: tuple[str, ...]
    native_libs: tuple[str, ...]
    assets: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Knowledge:
    categories: dict[str, CategoryInfo]
    permissions: dict[str, PermissionInfo]
    apis: tuple[ApiEntry, ...]
    sdks: tuple[SdkInfo, ...]
    packers: tuple[PackerInfo, ...]
    apis_by_id: dict[str, ApiEntry] = field(default_factory=dict)


def _text(value: Any, where: str) -> Text:
    if isinstance(value, str):
        return Text(value, value)
    if not isinstance(value, dict) or not isinstance(value.get("en"), str):
        raise ValueError(f"{where}: expected {{en: ..., zh: ...}}")
    # Any other language key is a translation (adding one is a data change only). zh is
    # always filled because the report contract has en and zh in every text object.
    others = {k: v for k, v in value.items() if k != "en" and isinstance(v, str) and v}
    others.setdefault("zh", value["en"])
    return Text(value["en"], **others)


def _load(name: str) -> tuple[Path, Any]:
    path = catalogue_dir() / name
    if not path.exists():
        return path, None
    return path, load_data(path)


def _fail(path: Path, message: str) -> RuleError:
    return RuleError(message, str(path))


def _categories() -> dict[str, CategoryInfo]:
    path, data = _load("categories.yaml")
    out: dict[str, CategoryInfo] = {}
    raw = (data or {}).get("categories") or {}
    for cid in CATEGORIES:
        entry = raw.get(cid)
        if entry is None:
            # A category without prose still works; the id is shown instead.
            out[cid] = CategoryInfo(cid, Text(cid, cid), Text("", ""), Text("", ""), "")
            continue
        try:
            out[cid] = CategoryInfo(
                cid,
                _text(entry["name"], cid),
                _text(entry.get("meaning", ""), cid),
                _text(entry.get("harm", ""), cid),
                str(entry.get("icon", "")),
            )
        except (KeyError, ValueError) as exc:
            raise _fail(path, f"category {cid}: {exc}") from exc
    unknown = set(raw) - set(CATEGORIES)
    if unknown:
        raise _fail(path, f"unknown category ids: {sorted(unknown)}")
    return out


def _permissions() -> dict[str, PermissionInfo]:
    path, data = _load("permissions.yaml")
    out: dict[str, PermissionInfo] = {}
    for name, entry in ((data or {}).get("permissions") or {}).items():
        cats = tuple(entry.get("categories") or ())
        bad = [c for c in cats if c not in CATEGORIES]
        if bad:
            raise _fail(path, f"permission {name}: unknown categories {bad}")
        try:
            out[name] = PermissionInfo(
                name, cats, _text(entry.get("meaning", name), name), str(entry.get("source", ""))
            )
        except ValueError as exc:
            raise _fail(path, str(exc)) from exc
    return out


def _apis() -> tuple[ApiEntry, ...]:
    path, data = _load("apis.yaml")
    out: list[ApiEntry] = []
    seen: set[str] = set()
    for raw in (data or {}).get("entries") or ():
        eid = str(raw.get("id"))
        kind, role, cat = raw.get("kind"), raw.get("role"), raw.get("category")
        problems = []
        if eid in seen:
            problems.append("duplicate id")
        if kind not in API_KINDS:
            problems.append(f"kind {kind!r} not in {API_KINDS}")
        if role not in API_ROLES:
            problems.append(f"role {role!r} not in {API_ROLES}")
        if cat is not None and cat not in CATEGORIES:
            problems.append(f"unknown category {cat!r}")
        # An empty class ("") means any class: this.finish() is referenced through the app's
        # own Activity subclass, so only the name and descriptor identify it.
        if kind in ("method", "field") and (raw.get("class") is None or not raw.get("name")):
            problems.append("method/field entries need class and name")
        if kind == "string" and not raw.get("value"):
            problems.append("string entries need value")
        if raw.get("match", "exact") not in ("exact", "prefix"):
            problems.append("match must be exact or prefix")
        if problems:
            raise _fail(path, f"api entry {eid}: " + "; ".join(problems))
        seen.add(eid)
        out.append(
            ApiEntry(
                id=eid,
                category=cat,
                kind=kind,
                role=role,
                cls=raw.get("class"),
                name=raw.get("name"),
                descriptor=raw.get("descriptor"),
                value=raw.get("value"),
                match=raw.get("match", "exact"),
                reveals=_text(raw.get("reveals", eid), eid),
                source=str(raw.get("source", "")),
            )
        )
    return tuple(out)


def _sdks() -> tuple[SdkInfo, ...]:
    path, data = _load("sdks.yaml")
    out: list[SdkInfo] = []
    for raw in (data or {}).get("sdks") or ():
        sid = str(raw.get("id"))
        if raw.get("kind") not in SDK_KINDS:
            raise _fail(path, f"sdk {sid}: kind {raw.get('kind')!r} not in {SDK_KINDS}")
        prefixes = tuple(str(p) for p in raw.get("prefixes") or ())
        if not prefixes or any(not p.endswith("/") or "." in p for p in prefixes):
            raise _fail(path, f"sdk {sid}: prefixes must be slash-separated and end with '/'")
        sns = raw.get("sns") or {}
        out.append(
            SdkInfo(
                id=sid,
                name=str(raw.get("name", sid)),
                vendor=str(raw.get("vendor", "")),
                kind=raw["kind"],
                prefixes=prefixes,
                website=raw.get("website"),
                source=str(raw.get("source", "")),
                sns_network=sns.get("network"),
                sns_scopes=tuple(sns.get("scopes") or ()),
            )
        )
    return tuple(out)


def _packers() -> tuple[PackerInfo, ...]:
    _path, data = _load("packers.yaml")
    return tuple(
        PackerInfo(
            id=str(raw.get("id")),
            name=str(raw.get("name", raw.get("id"))),
            application_classes=tuple(raw.get("application_classes") or ()),
            native_libs=tuple(raw.get("native_libs") or ()),
            assets=tuple(raw.get("assets") or ()),
            source=str(raw.get("source", "")),
        )
        for raw in (data or {}).get("packers") or ()
    )


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    apis = _apis()
    return Knowledge(
        categories=_categories(),
        permissions=_permissions(),
        apis=apis,
        sdks=_sdks(),
        packers=_packers(),
        apis_by_id={a.id: a for a in apis},
    )


def category_name(cid: str, lang: str) -> str:
    """A category's display name in the catalogue (its id when the catalogue has none).

    Renderers take names from the report instead; this serves what has no report at hand
    (a diff of reports saved before they carried names, the tests).
    """
    info = load_knowledge().categories.get(cid)
    return info.name.get(lang) if info else cid

"""The knowledge catalogue: categories, permissions, sensitive APIs, SDKs and packers.

All of it is YAML in auditor/catalogue/ (each entry with its source); this module only
loads it. Each file is checked against its JSON Schema in auditor/catalogue/schema/ (once per
file content, see datafiles.load_data); the one check left here is the one a schema cannot
make: api entry ids are unique. Loaded once per process (JSON-cached, so start-up is cheap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor.catalogue.strength import Gate, StrengthRules, parse_gates, parse_strength
from auditor.datafiles import catalogue_dir, catalogue_schema, load_data
from auditor.errors import RuleError
from auditor.model import CATEGORIES, LIBRARY_KINDS, Text
from auditor.validation import line_at

__all__ = ["LIBRARY_KINDS", "ApiEntry", "Knowledge", "SdkInfo", "load_knowledge"]

#: The kinds and roles of apis.yaml entries (README "apis.yaml"); catalogue/schema/apis.schema.json
#: is tested to allow exactly these.
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
    strength: StrengthRules | None = None  # optional evidence-strength rules (strength.py)


@dataclass(frozen=True)
class SdkInfo:
    id: str
    name: str  # in English; display_name has every language
    vendor: str
    kind: str
    prefixes: tuple[str, ...]
    website: str | None
    source: str
    sns_network: str | None = None
    sns_scopes: tuple[str, ...] = ()
    loads_own_code: bool = False  # a loader of the app's own code (MultiDex, split install)
    gates: tuple[Gate, ...] = ()  # `runs_only_if`: code that runs only when a feature is on
    display_name: Text | None = None
    display_vendor: Text | None = None

    @property
    def library(self) -> bool:
        """Code that runs only when called (model.LIBRARY_KINDS)."""
        return self.kind in LIBRARY_KINDS


@dataclass(frozen=True)
class PackerInfo:
    id: str
    name: str  # in English; display_name has every language
    application_classes: tuple[str, ...]
    native_libs: tuple[str, ...]
    assets: tuple[str, ...]
    source: str
    display_name: Text | None = None


@dataclass(frozen=True)
class Knowledge:
    categories: dict[str, CategoryInfo]
    permissions: dict[str, PermissionInfo]
    apis: tuple[ApiEntry, ...]
    sdks: tuple[SdkInfo, ...]
    packers: tuple[PackerInfo, ...]
    apis_by_id: dict[str, ApiEntry] = field(default_factory=dict)


_NO_TEXT = Text("", "")


def _text(value: dict[str, str]) -> Text:
    # en is required (the schema). Any other language key is a translation (adding one is a
    # data change only). zh is always filled because the report contract has en and zh in
    # every text object.
    others = {k: v for k, v in value.items() if k != "en" and isinstance(v, str) and v}
    others.setdefault("zh", value["en"])
    return Text(value["en"], **others)


def _name(value: str | dict[str, str]) -> Text:
    """A name shown to readers: a string (the same in every language) or {en, zh, ...}."""
    return _text(value) if isinstance(value, dict) else Text(value, value)


def _load(name: str) -> tuple[Path, Any]:
    """(path, data), data checked against catalogue/schema/<name>.schema.json; None if the
    file is absent (the code then works without that knowledge)."""
    path = catalogue_dir() / name
    if not path.exists():
        return path, None
    return path, load_data(path, catalogue_schema(name))


def _categories() -> dict[str, CategoryInfo]:
    _path, data = _load("categories.yaml")
    raw = data["categories"] if data else {}
    out: dict[str, CategoryInfo] = {}
    for cid in CATEGORIES:
        entry = raw.get(cid)
        if entry is None:
            # A category without prose still works; the id is shown instead.
            out[cid] = CategoryInfo(cid, Text(cid, cid), _NO_TEXT, _NO_TEXT, "")
            continue
        out[cid] = CategoryInfo(
            cid,
            _text(entry["name"]),
            _text(entry["meaning"]) if "meaning" in entry else _NO_TEXT,
            _text(entry["harm"]) if "harm" in entry else _NO_TEXT,
            entry.get("icon", ""),
        )
    return out


def _permissions() -> dict[str, PermissionInfo]:
    _path, data = _load("permissions.yaml")
    return {
        name: PermissionInfo(name, tuple(e["categories"]), _text(e["meaning"]), e["source"])
        for name, e in (data["permissions"] if data else {}).items()
    }


def _apis() -> tuple[ApiEntry, ...]:
    path, data = _load("apis.yaml")
    out: list[ApiEntry] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["entries"] if data else ()):
        # Unique ids: JSON Schema's uniqueItems compares whole entries, not one key.
        if raw["id"] in seen:
            raise RuleError(
                f"api entry {raw['id']}: duplicate id", str(path), line_at(path, ["entries", i])
            )
        seen.add(raw["id"])
        # The schema checks the shape of the strength blocks; what it cannot say (one flag bit
        # per int_mask key, a source in every block) is checked while parsing them.
        try:
            strength = parse_strength(raw, raw["role"])
        except ValueError as exc:
            raise RuleError(
                f"api entry {raw['id']}: {exc}", str(path), line_at(path, ["entries", i])
            ) from exc
        out.append(
            ApiEntry(
                id=raw["id"],
                category=raw["category"],
                kind=raw["kind"],
                role=raw["role"],
                cls=raw["class"],
                name=raw["name"],
                descriptor=raw["descriptor"],
                value=raw["value"],
                match=raw["match"],
                reveals=_text(raw["reveals"]),
                source=raw["source"],
                strength=strength,
            )
        )
    return tuple(out)


def _sdks() -> tuple[SdkInfo, ...]:
    path, data = _load("sdks.yaml")
    out: list[SdkInfo] = []
    for i, raw in enumerate(data["sdks"] if data else ()):
        try:
            gates = parse_gates(raw.get("runs_only_if"))
        except ValueError as exc:
            raise RuleError(
                f"sdk {raw['id']}: {exc}", str(path), line_at(path, ["sdks", i])
            ) from exc
        name, vendor = _name(raw["name"]), _name(raw["vendor"])
        out.append(
            SdkInfo(
                id=raw["id"],
                name=name.en,
                vendor=vendor.en,
                kind=raw["kind"],
                prefixes=tuple(raw["prefixes"]),
                website=raw["website"],
                source=raw["source"],
                sns_network=raw["sns"]["network"] if "sns" in raw else None,
                sns_scopes=tuple(raw["sns"]["scopes"]) if "sns" in raw else (),
                loads_own_code=raw.get("loads_own_code", False),
                gates=gates,
                display_name=name,
                display_vendor=vendor,
            )
        )
    return tuple(out)


def _packers() -> tuple[PackerInfo, ...]:
    _path, data = _load("packers.yaml")
    out = []
    for raw in data["packers"] if data else ():
        name = _name(raw["name"])
        out.append(
            PackerInfo(
                id=raw["id"],
                name=name.en,
                application_classes=tuple(raw["application_classes"]),
                native_libs=tuple(raw["native_libs"]),
                assets=tuple(raw["assets"]),
                source=raw["source"],
                display_name=name,
            )
        )
    return tuple(out)


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

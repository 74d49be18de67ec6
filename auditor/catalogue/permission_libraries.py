"""How apps ask for runtime permissions, as data (permission_libraries.yaml): the framework
calls, the Activity Result API and the permission libraries, with their entry points, where
the names are passed, the library's own package (whose prompts fold into the app's call) and
the callbacks an app implements. Loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from auditor.datafiles import catalogue_dir, catalogue_schema, load_data
from auditor.dex import MethodTarget, StringTarget
from auditor.errors import RuleError

FILE = "permission_libraries.yaml"
#: The kinds and steps of the file (catalogue/schema/permission_libraries.schema.json is
#: tested to allow exactly these). start/option steps carry nothing to judge: not listed.
KINDS = ("framework", "library", "codegen")
STEPS = ("combined", "trigger", "names", "launch", "contract")
#: Steps whose call site is a request (a `launch` only with a permission contract).
ASKING_STEPS = frozenset({"combined", "trigger", "launch"})
KEY_PREFIX = "perm:"
NAME_KEY_PREFIX = "permname:"


class EntryPoint(NamedTuple):
    id: str
    step: str
    cls: str
    name: str
    descriptor: str | None
    arg: int | None
    carries: str | None
    library: str  # PermissionLibrary.id

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.id


class NameSource(NamedTuple):
    kind: str  # getter | word
    permissions: tuple[str, ...]
    library: str
    cls: str | None = None
    name: str | None = None
    descriptor: str | None = None
    value: str | None = None

    @property
    def key(self) -> str:
        what = self.value if self.kind == "word" else f"{self.cls}->{self.name}"
        return f"{NAME_KEY_PREFIX}{self.library}:{what}"


class PermissionLibrary(NamedTuple):
    id: str
    name: str
    kind: str
    prefixes: tuple[str, ...]
    sdk: str | None
    generated_suffix: str | None
    entry_points: tuple[EntryPoint, ...]
    name_sources: tuple[NameSource, ...]
    result_handlers: tuple[str, ...]


class PermissionLibraries(NamedTuple):
    libraries: tuple[PermissionLibrary, ...]
    by_key: dict[str, EntryPoint]
    names_by_key: dict[str, NameSource]

    def library(self, lib_id: str) -> PermissionLibrary:
        return next(lib for lib in self.libraries if lib.id == lib_id)

    def targets(self) -> tuple[tuple[MethodTarget, ...], tuple[StringTarget, ...]]:
        """Scanner targets: every entry point and getter, and the group words."""
        methods = [MethodTarget(e.key, e.cls, e.name, e.descriptor) for e in self.by_key.values()]
        strings = []
        for src in self.names_by_key.values():
            if src.kind == "getter":
                methods.append(MethodTarget(src.key, src.cls or "", src.name or "", src.descriptor))
            else:
                strings.append(StringTarget(src.key, src.value or ""))
        return tuple(methods), tuple(strings)

    def internal_prefix(self, class_descriptor: str) -> PermissionLibrary | None:
        """The library whose own package holds this class (its prompts are internal)."""
        path = class_descriptor[1:] if class_descriptor.startswith("L") else class_descriptor
        best: tuple[int, PermissionLibrary] | None = None
        for lib in self.libraries:
            for prefix in lib.prefixes:
                if path.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), lib)
        return best[1] if best else None

    def generated_target(self, class_descriptor: str) -> str | None:
        """`Lcom/app/MainActivity;` for a generated `Lcom/app/MainActivityPermissionsDispatcher;`
        (or its Kotlin `...PermissionsDispatcherKt`): the screen the generated code asks for."""
        body = class_descriptor[:-1] if class_descriptor.endswith(";") else class_descriptor
        for lib in self.libraries:
            suffix = lib.generated_suffix
            if not suffix:
                continue
            for end in (suffix, suffix + "Kt"):
                if body.endswith(end) and len(body) > len(end) + 1 and body[-len(end) - 1] != "/":
                    return body[: -len(end)] + ";"
        return None

    def result_handlers(self) -> frozenset[str]:
        return frozenset(h for lib in self.libraries for h in lib.result_handlers)


def parse_libraries(data: Any, where: str = FILE) -> PermissionLibraries:
    """The libraries from the file's data, already checked against its schema
    (catalogue/schema/permission_libraries.schema.json). Checked here, as a schema cannot:
    library and entry-point ids are unique."""
    libs: list[PermissionLibrary] = []
    by_key: dict[str, EntryPoint] = {}
    names: dict[str, NameSource] = {}
    for raw in data["libraries"]:
        lid = raw["id"]
        if any(lib.id == lid for lib in libs):
            raise RuleError(f"library {lid}: duplicate id", where)
        entries: list[EntryPoint] = []
        for e in raw["entry_points"]:
            entry = EntryPoint(e["id"], e["step"], e["class"], e["name"], e["descriptor"],
                               e.get("arg"), e.get("carries"), lid)  # fmt: skip
            if entry.key in by_key:
                raise RuleError(f"library {lid}: entry {e['id']}: duplicate id", where)
            by_key[entry.key] = entry
            entries.append(entry)
        sources: list[NameSource] = []
        for s in raw.get("name_sources") or ():
            perms = tuple(s["permissions"])
            if s["kind"] == "getter":
                src = NameSource("getter", perms, lid, s["class"], s["name"], s.get("descriptor"))
            else:
                src = NameSource("word", perms, lid, value=s["value"])
            names[src.key] = src
            sources.append(src)
        libs.append(
            PermissionLibrary(
                id=lid,
                name=raw["name"],
                kind=raw["kind"],
                prefixes=tuple(raw["prefixes"]),
                sdk=raw.get("sdk"),
                generated_suffix=raw.get("generated_suffix"),
                entry_points=tuple(entries),
                name_sources=tuple(sources),
                result_handlers=tuple(raw["result_handlers"]),
            )
        )
    return PermissionLibraries(tuple(libs), by_key, names)


@lru_cache(maxsize=1)
def load_permission_libraries() -> PermissionLibraries:
    path = catalogue_dir() / FILE
    return parse_libraries(load_data(path, catalogue_schema(FILE)), str(path))

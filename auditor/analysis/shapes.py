"""Code as compilers write it: which source-level method a compiler-made method belongs to.

A reader recognises `MainActivity.onCreate`, not `MainActivity.onCreate$lambda$0`,
`KycActivity$$ExternalSyntheticLambda0.onClick` or `MainActivity$onCreate$1$1.invokeSuspend`.
`source_method` walks from a method to the one it was written in, one rule at a time:

- a javac/D8 lambda body `lambda$<m>$<k>[$<dashed class>]` (method name) -> `<m>` of the same
  class (`new` = `<init>`, `static` = `<clinit>`);
- a Kotlin lambda body `<m>$lambda$<k>` / `<m>$lambda-<k>` (method name) -> `<m>`, or the
  property initializer (`<init>`) when the class has no method `<m>`;
- a D8/R8 lambda class (`$$ExternalSyntheticLambdaN`, `-$$Lambda$`) -> the one method its
  bridge forwards to in another class (the bridge's code);
- a coroutine continuation (ContinuationImpl subclass) -> the suspend function named by
  Kotlin's `DebugMetadata` (`c`, `m`): the body is there;
- an anonymous class, a suspend lambda, a Kotlin class lambda -> the method named by its
  `EnclosingMethod` annotation;
- the same without annotations (R8 dropped them) -> `<m>` of `Outer`, from the class name
  `Outer$<m>$<n>`.

Only names that look compiler-made are looked at (a string test); everything else costs
nothing. The evidence keeps the compiler-made method as its location (`caller`, with the
offset) and names the source-level one next to it (`source_method`).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from auditor.dex import DexError
from auditor.dex.annotations import class_annotations
from auditor.dex.hierarchy import Hierarchy

__all__ = ["Shapes", "SourceMethod", "compiler_made_class", "maybe_compiler_made", "split_method"]

_JAVAC_LAMBDA = re.compile(r"^lambda\$(?P<m>.+?)\$\d+(?:\$.*)?$")
_KOTLIN_LAMBDA = re.compile(r"^(?P<m>.+?)\$lambda[-$]\d+(?:\$.*)?$")
_LAMBDA_CLASS = re.compile(r"\$\$ExternalSyntheticLambda\d+;$|-\$\$Lambda\$|\$\$Lambda\$")
_NUMBERED = re.compile(r"\$\d+(?=[$;])")  # javac Outer$1, Kotlin Outer$m$1
_KOTLIN_CLASS = re.compile(r"^(?P<outer>L[^$;]+)\$(?P<m>[A-Za-z_]\w*)(?:\$\$inlined\$\w+)?\$\d+")
_SPECIAL = {"new": "<init>", "static": "<clinit>"}

ENCLOSING_METHOD = "Ldalvik/annotation/EnclosingMethod;"
ENCLOSING_CLASS = "Ldalvik/annotation/EnclosingClass;"
DEBUG_METADATA = "Lkotlin/coroutines/jvm/internal/DebugMetadata;"
LAMBDA_METHOD = "Lcom/android/tools/r8/annotations/LambdaMethod;"
SUSPEND_LAMBDAS = frozenset(
    {"Lkotlin/coroutines/jvm/internal/SuspendLambda;",
     "Lkotlin/coroutines/jvm/internal/RestrictedSuspendLambda;"}
)  # fmt: skip
CONTINUATION_IMPL = "Lkotlin/coroutines/jvm/internal/ContinuationImpl;"
KOTLIN_LAMBDA = "Lkotlin/jvm/internal/Lambda;"
_MAX_STEPS = 8


def split_method(ref: str) -> tuple[str, str, str | None]:
    """'Lc;->n(d)r' -> (c, n, '(d)r'); 'Lc;->n' -> (c, n, None)."""
    cls, rest = ref.split("->", 1)
    if "(" not in rest:
        return cls, rest, None
    name, desc = rest.split("(", 1)
    return cls, name, "(" + desc


def compiler_made_class(cls: str) -> bool:
    """A string test: does the class name look like a lambda, anonymous or coroutine class?"""
    simple = cls.rsplit("/", 1)[-1]
    return "$" in simple and bool(
        _LAMBDA_CLASS.search(cls) or _NUMBERED.search(simple) or "-$$" in simple
    )


def maybe_compiler_made(method: str) -> bool:
    """A cheap string test: could `method` be compiler-made (lambda, anonymous, coroutine)?"""
    cls, name, _desc = split_method(method)
    return (
        name.startswith("lambda$")
        or "$lambda" in name
        or name == "invokeSuspend"
        or compiler_made_class(cls)
    )


class SourceMethod(NamedTuple):
    """The source-level method, and how it was reached from the compiler-made one."""

    cls: str
    name: str
    descriptor: str | None
    steps: tuple[str, ...]  # e.g. ("lambda body", "coroutine")
    chain: tuple[str, ...]  # every method passed, the compiler-made one first, this one last

    @property
    def reference(self) -> str:
        return f"{self.cls}->{self.name}{self.descriptor or ''}"


class Shapes:
    """Source-level names for compiler-made methods of one scan (memoised)."""

    def __init__(self, hierarchy: Hierarchy) -> None:
        self.hierarchy = hierarchy
        self._memo: dict[str, SourceMethod | None] = {}
        self._annotations: dict[str, dict[str, dict[str, Any]]] = {}

    def annotations(self, cls: str) -> dict[str, dict[str, Any]]:
        got = self._annotations.get(cls)
        if got is None:
            got = {}
            where = self.hierarchy.class_column(cls, 5)
            if where is not None:
                try:
                    got = class_annotations(*where)
                except (DexError, IndexError):
                    got = {}
            self._annotations[cls] = got
        return got

    def bridge_target(self, cls: str, name: str, desc: str | None) -> str | None:
        """The method a lambda class's bridge method forwards to (its one call elsewhere)."""
        if desc is None:
            return None
        try:
            flow = self.hierarchy.method_flow(f"{cls}->{name}{desc}")
        except DexError:
            return None
        if flow is None:
            return None
        skip = (cls + "->", "Lkotlin/jvm/internal/Intrinsics;")
        return next((i.target for i in flow.invokes if not i.target.startswith(skip)), None)

    def _step(self, cls: str, name: str, desc: str | None) -> tuple[str, str, str | None, str] | None:
        m = _JAVAC_LAMBDA.match(name)
        if m:
            return cls, _SPECIAL.get(m["m"], m["m"]), None, "lambda body"
        m = _KOTLIN_LAMBDA.match(name)
        if m:
            target = m["m"]
            h = self.hierarchy
            if h.in_apk(cls) and not h.declares_method(cls, target):
                return cls, "<init>", None, "property initializer lambda"
            return cls, target, None, "lambda body"
        supers = self.hierarchy.superclasses(cls)[1:3]
        coroutine = bool(SUSPEND_LAMBDAS.intersection(supers))
        if not (compiler_made_class(cls) or coroutine or CONTINUATION_IMPL in supers
                or KOTLIN_LAMBDA in supers):  # fmt: skip
            return None
        if _LAMBDA_CLASS.search(cls):
            target = self.bridge_target(cls, name, desc)
            if target:
                tcls, tname, tdesc = split_method(target)
                return tcls, tname, tdesc, "lambda class"
        notes = self.annotations(cls)
        meta = notes.get(DEBUG_METADATA) or {}
        if CONTINUATION_IMPL in supers[:1] and isinstance(meta.get("m"), str) and isinstance(
            meta.get("c"), str
        ):
            holder = "L" + meta["c"].replace(".", "/") + ";"
            return holder, meta["m"], None, "suspend function continuation"
        enclosing = (notes.get(ENCLOSING_METHOD) or {}).get("value")
        how = "coroutine" if coroutine else "anonymous class"
        if isinstance(enclosing, str) and "->" in enclosing:
            ecls, ename, edesc = split_method(enclosing)
            return ecls, ename, edesc, how
        named = _KOTLIN_CLASS.match(cls)
        if named:
            outer = named["outer"] + ";"
            if self.hierarchy.declares_method(outer, named["m"]):
                return outer, named["m"], None, how
        return None

    def source_method(self, method: str) -> SourceMethod | None:
        """The source-level method of a compiler-made `method`; None for ordinary methods."""
        if method in self._memo:
            return self._memo[method]
        found: SourceMethod | None = None
        if maybe_compiler_made(method):
            cls, name, desc = split_method(method)
            steps: list[str] = []
            chain = [method]
            for _ in range(_MAX_STEPS):
                nxt = self._step(cls, name, desc)
                if nxt is None:
                    break
                cls, name, desc, how = nxt
                steps.append(how)
                chain.append(f"{cls}->{name}{desc or ''}")
            if steps:
                if desc is None:
                    desc = self._only_overload(cls, name)
                    if desc:
                        chain[-1] = f"{cls}->{name}{desc}"
                found = SourceMethod(cls, name, desc, tuple(steps), tuple(chain))
        self._memo[method] = found
        return found

    def _only_overload(self, cls: str, name: str) -> str | None:
        if not self.hierarchy.in_apk(cls):
            return None
        descs = [d for n, d in self.hierarchy.declared_methods(cls) if n == name]
        return descs[0] if len(descs) == 1 else None

    def chain(self, method: str) -> tuple[str, ...]:
        """`method` and every method it was written in, innermost first."""
        found = self.source_method(method)
        return found.chain if found else (method,)

"""Public value types of the dex scanner: what to look for (targets) and what was found.

Kept free of parsing code so that callers (catalogue loaders, evidence builders) can import
them without pulling in the scanner itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "DexError",
    "FieldTarget",
    "MethodTarget",
    "Reference",
    "StringTarget",
    "TargetSet",
    "TypeTarget",
]


class DexError(ValueError):
    """The bytes are not a dex file we can read safely (bad magic, truncated, out of range...).

    Subclasses ValueError so that generic "bad input" handlers catch it too; the message always
    says which structure was wrong and where, because hostile APKs are the normal case here.
    """


@dataclass(frozen=True)
class MethodTarget:
    """A framework (or any) method whose call sites are wanted.

    `descriptor` is the JVM descriptor without spaces, e.g. '(Landroid/net/Uri;)V';
    None means every overload of `cls`->`name`. `cls` "" means any class (with `name`);
    `cls` ending in "/" is a package prefix, and with `name` "" means any method in it; an
    exact class with `name` "" means every method of that class.
    """

    key: str
    cls: str
    name: str
    descriptor: str | None = None


@dataclass(frozen=True)
class FieldTarget:
    """A field whose reads (iget*/sget*) are wanted; `type` None means any field type."""

    key: str
    cls: str
    name: str
    type: str | None = None


@dataclass(frozen=True)
class StringTarget:
    """A string constant loaded by const-string(/jumbo); `match` is 'exact' or 'prefix'."""

    key: str
    value: str
    match: str = "exact"

    def __post_init__(self) -> None:
        if self.match not in ("exact", "prefix"):
            raise ValueError(f"StringTarget.match must be 'exact' or 'prefix', not {self.match!r}")


@dataclass(frozen=True)
class TypeTarget:
    """A class whose objects are made (new-instance) or named (const-class) in code."""

    key: str
    descriptor: str


@dataclass(frozen=True)
class TargetSet:
    """Everything one scan looks for. Build it once and reuse it for every dex of an APK."""

    methods: tuple[MethodTarget, ...] = ()
    fields: tuple[FieldTarget, ...] = ()
    strings: tuple[StringTarget, ...] = ()
    types: tuple[TypeTarget, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.methods or self.fields or self.strings or self.types)


@dataclass(frozen=True, order=True)
class Reference:
    """One instruction in one method that references one target.

    The field order is the sort order: dex, caller, offset, then kind/key/target, so a sorted
    result reads like a listing of the app.
    """

    dex: str
    caller_class: str
    caller_method: str
    caller_descriptor: str
    offset: int  # byte offset of the instruction from the start of the method's insns
    kind: str  # 'invoke' | 'field_read' | 'const_string' | 'type_ref'
    key: str
    target: str
    # Set by the judging layer above the scanner, never by scan_dex: when the instruction
    # names an APK class (`Lcom/app/KycActivity;->requestPermissions(...)`) and the class
    # hierarchy resolved it to the catalogued framework member, `target` is that member and
    # `via` keeps the reference as written. Not part of equality or order.
    via: str | None = field(default=None, compare=False)

    @property
    def caller(self) -> str:
        """The calling method as 'Lcls;->name(args)ret' (smali / androguard style)."""
        return f"{self.caller_class}->{self.caller_method}{self.caller_descriptor}"

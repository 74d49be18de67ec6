"""Calls to inherited framework members, written through the app's own classes.

javac and kotlinc name the receiver's static type in a reference: the app's
`this.requestPermissions(...)` in `KycActivity` is `Lcom/app/KycActivity;->requestPermissions`,
`managedQuery` likewise; R8 may or may not rebind it to `Landroid/app/Activity;` (it only does
when the method's API level is at most minSdk). The scanner's raw references stay exactly what
the instructions name (the androguard differential test checks them); this module is the
judging layer on top, for every catalogue entry whose class an APK class can extend:

1. `targets`: for each catalogued method or field of class F, the same member through every
   APK class that descends from F (the class hierarchy of all dex files, then the catalogue's
   framework links). The scanner finds those references exactly as it finds F's own.
2. `resolve`: each reference found that way is kept only if no APK class between the named
   class and F declares the member (an override, or an unrelated method of the same name, is
   the app's own code), and is rewritten to name F, with `via` keeping the reference as written.
   An instruction the catalogue already matched directly (`finish()` through any class, say) is
   not matched a second time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from auditor.dex import FieldTarget, MethodTarget, Reference, TargetSet
from auditor.dex.hierarchy import Hierarchy

__all__ = ["inherited_targets", "resolve_inherited"]

#: Classes every class descends from: naming a member through a subclass is not inheritance
#: worth resolving (and would make every class a target).
_UNIVERSAL = frozenset({"Ljava/lang/Object;"})


def _concrete(cls: str) -> bool:
    return cls.startswith("L") and cls.endswith(";") and cls not in _UNIVERSAL


def inherited_targets(hierarchy: Hierarchy, targets: TargetSet) -> TargetSet:
    """The catalogue's method and field targets, named through every APK subclass."""
    methods: dict[str, list[MethodTarget]] = defaultdict(list)
    fields: dict[str, list[FieldTarget]] = defaultdict(list)
    # A member the catalogue already matches through any class (`finish()`) needs no
    # subclass targets: every such reference is found directly.
    anywhere = {(m.name, m.descriptor) for m in targets.methods if m.cls == ""}
    for m in targets.methods:
        if (m.name, m.descriptor) in anywhere or (m.name, None) in anywhere:
            continue
        if _concrete(m.cls) and m.name:
            methods[m.cls].append(m)
    for f in targets.fields:
        if _concrete(f.cls):
            fields[f.cls].append(f)
    below = hierarchy.descendants(sorted(set(methods) | set(fields)))
    extra_methods: list[MethodTarget] = []
    extra_fields: list[FieldTarget] = []
    for cls, roots in below.items():
        for root in sorted(roots):
            extra_methods.extend(replace(t, cls=cls) for t in methods.get(root, ()))
            extra_fields.extend(replace(t, cls=cls) for t in fields.get(root, ()))
    return TargetSet(tuple(extra_methods), tuple(extra_fields))


def _split(target: str, kind: str) -> tuple[str, str, str | None]:
    """'Lc;->n(d)r' -> (c, n, (d)r); 'Lc;->n:T' -> (c, n, T)."""
    cls, member = target.split("->", 1)
    if kind == "field_read":
        name, type_ = member.split(":", 1)
        return cls, name, type_
    name, rest = member.split("(", 1)
    return cls, name, "(" + rest


def resolve_inherited(
    raw: list[Reference], hierarchy: Hierarchy, targets: TargetSet, direct: list[Reference]
) -> list[Reference]:
    """The references of `raw` that really reach a catalogued member, rewritten to name it."""
    roots: dict[str, list[str]] = defaultdict(list)  # key -> catalogued classes
    for t in (*targets.methods, *targets.fields):
        if _concrete(t.cls):
            roots[t.key].append(t.cls)
    matched = {(r.dex, r.caller, r.offset) for r in direct}
    out: list[Reference] = []
    for ref in raw:
        if (ref.dex, ref.caller, ref.offset) in matched:
            continue
        cls, name, desc = _split(ref.target, ref.kind)
        for root in roots.get(ref.key, ()):
            if root == cls:
                continue
            if hierarchy.resolve(cls, (name, desc), root, field=ref.kind == "field_read"):
                target = root + ref.target[len(cls):]
                out.append(replace(ref, target=target, via=ref.target))
                break
    return out

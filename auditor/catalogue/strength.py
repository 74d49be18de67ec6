"""Evidence strength as data: the optional keys of an apis.yaml entry that say when a hit
really reads the data (docs in catalogue/README.md, "Evidence strength").

    reads:            {as: touches | check, source}         (absent: the hit returns the data)
    confirm_with:     {any: [alternative, ...], source}     (what turns `touches` into a read)
    confirm_by:       {arg: N, <rule>, source}              (the argument decides)
    needs_permission: {any_of: [perm | {name, target_max}], source}
    own_only_since:   {api: N, own_compare: bool, source}   (only the caller's own data from N)
    direction:        {is: upload | connect, source}        (sinks: does it send a body?)

Each block carries its own `source`. This module only parses and checks them; the rules are
applied by auditor/analysis/judge.py, so the scanner and the evidence code stay generic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.model import CATEGORIES

READS = ("value", "touches", "check")
DIRECTIONS = ("upload", "connect")
INTENT_SHAPES = ("broad",)


@dataclass(frozen=True)
class Alternative:
    """One way to confirm a `touches` hit inside the calling method (all parts must hold).

    result_to: a call to one of these methods takes the hit's result, or a value derived
        from it (a File made from it, its path, a list it was added to);
    strings: and one of these texts occurs in a const-string of the method (case-insensitive);
    receiver_from: the hit's receiver is the result of one of these methods;
    receiver_param_of: or the hit's receiver is a parameter of a method with one of these
        'name(params)ret' signatures (a platform callback that is handed the value).
    Method references are 'Lcls;->name' (any overload).
    """

    result_to: tuple[str, ...] = ()
    strings: tuple[str, ...] = ()
    receiver_from: tuple[str, ...] = ()
    receiver_param_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArgumentRule:
    """`confirm_by`: what an argument (counted from 1, receiver not counted) must be."""

    arg: int | None
    const_string: tuple[str, ...] = ()  # the hit reads only with one of these keys
    int_mask: tuple[tuple[int, str, tuple[str, ...]], ...] = ()  # (bit, category, needs any of)
    intent: str | None = None  # 'broad': an Intent naming no single action/package/component
    not_own_package: bool = False  # a query about the app itself is not about other apps
    user_action_ints: tuple[int, ...] = ()  # menu ids of the user's own action (paste)
    source: str = ""


@dataclass(frozen=True)
class PermissionNeed:
    """The call cannot return the data unless one of these is requested."""

    any_of: tuple[tuple[str, int | None], ...]  # (permission, only for targetSdk <= this)
    source: str = ""

    def met(self, requested: set[str] | frozenset[str], target_sdk: int | None) -> bool:
        for name, target_max in self.any_of:
            if name in requested and (
                target_max is None or target_sdk is None or target_sdk <= target_max
            ):
                return True
        return False

    def names(self) -> list[str]:
        return [n for n, _ in self.any_of]


@dataclass(frozen=True)
class StrengthRules:
    reads: str = "value"
    reads_source: str = ""
    confirm_with: tuple[Alternative, ...] = ()
    confirm_with_source: str = ""
    confirm_by: ArgumentRule | None = None
    needs_permission: PermissionNeed | None = None
    own_only_since: int | None = None
    own_compare: bool = False
    own_only_source: str = ""
    direction: str | None = None
    direction_source: str = ""

    @property
    def inspects(self) -> bool:
        """Whether the calling method's def-use pass is needed to judge a hit."""
        return bool(self.confirm_by or self.confirm_with or self.own_compare)


KEYS = ("reads", "confirm_with", "confirm_by", "needs_permission", "own_only_since", "direction")


def _strs(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: expected a list of strings")
    return tuple(value)


def _block(raw: dict[str, Any], key: str) -> dict[str, Any]:
    block = raw[key]
    if not isinstance(block, dict):
        raise ValueError(f"{key}: expected a mapping")
    if not str(block.get("source") or "").strip():
        raise ValueError(f"{key}: every strength rule needs a source")
    return block


def _method_refs(value: Any, where: str) -> tuple[str, ...]:
    refs = _strs(value, where)
    for r in refs:
        if "->" not in r or not r.startswith("L") or "(" in r:
            raise ValueError(f"{where}: {r!r} is not a 'Lcls;->name' method reference")
    return refs


def parse_strength(raw: dict[str, Any], role: str) -> StrengthRules | None:
    """The strength rules of one apis.yaml entry, or None when it has none."""
    if not any(k in raw for k in KEYS):
        return None
    out: dict[str, Any] = {}
    if "reads" in raw:
        b = _block(raw, "reads")
        if b.get("as") not in READS:
            raise ValueError(f"reads.as must be one of {READS}")
        out["reads"], out["reads_source"] = b["as"], str(b["source"])
    if "confirm_with" in raw:
        b = _block(raw, "confirm_with")
        out["confirm_with"], out["confirm_with_source"] = _alternatives(b), str(b["source"])
    if "confirm_by" in raw:
        out["confirm_by"] = _argument_rule(_block(raw, "confirm_by"))
    if "needs_permission" in raw:
        out["needs_permission"] = _permission_need(_block(raw, "needs_permission"))
    if "own_only_since" in raw:
        b = _block(raw, "own_only_since")
        if not isinstance(b.get("api"), int):
            raise ValueError("own_only_since.api must be an integer API level")
        out["own_only_since"] = b["api"]
        out["own_compare"] = bool(b.get("own_compare", False))
        out["own_only_source"] = str(b["source"])
    if "direction" in raw:
        if role != "sink":
            raise ValueError("direction applies to sink entries only")
        b = _block(raw, "direction")
        if b.get("is") not in DIRECTIONS:
            raise ValueError(f"direction.is must be one of {DIRECTIONS}")
        out["direction"], out["direction_source"] = b["is"], str(b["source"])
    return StrengthRules(**out)


def _alternatives(b: dict[str, Any]) -> tuple[Alternative, ...]:
    """`confirm_with.any`: the ways a call's result or receiver confirms the read."""
    alts = []
    for i, a in enumerate(b.get("any") or ()):
        where = f"confirm_with.any[{i}]"
        if not isinstance(a, dict):
            raise ValueError(f"{where}: expected a mapping")
        unknown = set(a) - {"result_to", "strings", "receiver_from", "receiver_param_of"}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        alt = Alternative(
            result_to=_method_refs(a.get("result_to"), where + ".result_to"),
            strings=tuple(s.lower() for s in _strs(a.get("strings"), where + ".strings")),
            receiver_from=_method_refs(a.get("receiver_from"), where + ".receiver_from"),
            receiver_param_of=_strs(a.get("receiver_param_of"), where + ".receiver_param_of"),
        )
        if not (alt.result_to or alt.receiver_from or alt.receiver_param_of):
            raise ValueError(f"{where}: needs result_to, receiver_from or receiver_param_of")
        alts.append(alt)
    if not alts:
        raise ValueError("confirm_with.any: expected at least one alternative")
    return tuple(alts)


def _permission_need(b: dict[str, Any]) -> PermissionNeed:
    """`needs_permission.any_of`: names, or {name, target_max} for permissions a target retired."""
    perms: list[tuple[str, int | None]] = []
    for p in b.get("any_of") or ():
        if isinstance(p, str):
            perms.append((p, None))
        elif isinstance(p, dict) and isinstance(p.get("name"), str):
            tmax = p.get("target_max")
            if tmax is not None and not isinstance(tmax, int):
                raise ValueError("needs_permission: target_max must be an integer")
            perms.append((p["name"], tmax))
        else:
            raise ValueError("needs_permission.any_of: names or {name, target_max}")
    if not perms:
        raise ValueError("needs_permission.any_of: expected at least one permission")
    return PermissionNeed(tuple(perms), str(b["source"]))


def _argument_rule(b: dict[str, Any]) -> ArgumentRule:
    arg = b.get("arg")
    if arg is not None and (not isinstance(arg, int) or arg < 1):
        raise ValueError("confirm_by.arg counts Java arguments from 1")
    mask = b.get("int_mask") or {}
    if not isinstance(mask, dict):
        raise ValueError("confirm_by.int_mask: expected {bit: category}")
    bits = []
    for key, what in mask.items():
        # Keys are ints in YAML; the JSON cache of the catalogue (datafiles.py) makes them text.
        bit = int(key) if isinstance(key, str) and key.isdigit() else key
        if not isinstance(bit, int) or bit <= 0 or bit & (bit - 1):
            raise ValueError(f"confirm_by.int_mask: {bit!r} is not a single flag bit")
        # `bit: category`, or `bit: {category, needs_any: [permissions]}` when that flag
        # delivers the data only to holders of one of those permissions.
        cat, needs = (what, ()) if isinstance(what, str) else (None, ())
        if isinstance(what, dict):
            cat = what.get("category")
            needs = _strs(what.get("needs_any"), f"confirm_by.int_mask.{bit}.needs_any")
        if cat not in CATEGORIES:
            raise ValueError(f"confirm_by.int_mask: unknown category {cat!r}")
        bits.append((bit, cat, needs))
    intent = b.get("intent")
    if intent is not None and intent not in INTENT_SHAPES:
        raise ValueError(f"confirm_by.intent must be one of {INTENT_SHAPES}")
    ints = b.get("user_action_ints") or []
    if not isinstance(ints, list) or not all(isinstance(i, int) for i in ints):
        raise ValueError("confirm_by.user_action_ints: expected a list of integers")
    rule = ArgumentRule(
        arg=arg,
        const_string=_strs(b.get("const_string"), "confirm_by.const_string"),
        int_mask=tuple(sorted(bits)),
        intent=intent,
        not_own_package=bool(b.get("not_own_package", False)),
        user_action_ints=tuple(ints),
        source=str(b["source"]),
    )
    needs_arg = rule.const_string or rule.int_mask or rule.intent or rule.not_own_package
    if needs_arg and arg is None:
        raise ValueError("confirm_by: this rule needs `arg`")
    if not (needs_arg or rule.user_action_ints):
        raise ValueError("confirm_by: no rule given")
    return rule


@dataclass(frozen=True)
class Gate:
    """sdks.yaml `runs_only_if`: code of a library that runs only when the app turns a feature
    on with one of `needs_call` (e.g. AppCompat's twilight location lookup, used only for
    automatic night mode). A hit in `code` counts only if one of those calls exists."""

    code: tuple[str, ...]  # class descriptor prefixes ('Lpkg/Cls;' or 'Lpkg/Cls$')
    needs_call: tuple[str, ...]  # 'Lcls;->name' method references
    what: str
    source: str


def parse_gates(raw: Any) -> tuple[Gate, ...]:
    """The `runs_only_if` list of one sdks.yaml entry (empty when absent)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError("runs_only_if: expected a list")
    out = []
    for i, g in enumerate(raw):
        where = f"runs_only_if[{i}]"
        if not isinstance(g, dict) or not str(g.get("source") or "").strip():
            raise ValueError(f"{where}: expected a mapping with a source")
        code = _strs(g.get("code"), where + ".code")
        if not code or not all(c.startswith("L") for c in code):
            raise ValueError(f"{where}.code: class descriptors ('Lpkg/Cls;')")
        calls = _method_refs(g.get("needs_call"), where + ".needs_call")
        out.append(Gate(code, calls, str(g.get("what") or ""), str(g["source"])))
    return tuple(out)

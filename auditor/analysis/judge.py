"""Does a catalogue hit really read the data? Apply an entry's strength rules (apis.yaml,
parsed by auditor/catalogue/strength.py) to one hit, using the manifest and the def-use pass
of the calling method (auditor/dex/_flow.py). Generic: no API is special-cased here.

The order of the checks is the order a reader would give the reason in:
1. needs_permission  the platform refuses the call without a permission the app lacks;
2. own_only_since    the platform returns only the app's own processes/services (current devices);
3. reads: check      a yes/no or own-app answer, never the data;
4. confirm_by        the argument decides (key, flags, Intent shape, own package, paste);
5. reads: touches    a path or handle: confirmed only as confirm_with says.
A hit that passes is a read (reason None).
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.analysis.notes import message
from auditor.catalogue.knowledge import ApiEntry
from auditor.catalogue.strength import Alternative, ArgumentRule, StrengthRules
from auditor.dex import MethodFlow
from auditor.model import Message

INTENT = "Landroid/content/Intent;"
#: Calls that give an Intent a single target, or a specific one.
_INTENT_NARROWING = ("setPackage", "setComponent", "setClassName", "setClass", "setSelector")
_INTENT_ACTION = "setAction"
_MAIN = "android.intent.action.MAIN"
#: Calls whose result is the app's own package name.
_OWN_PACKAGE_CALL = "->getPackageName()Ljava/lang/String;"
_OWN_ID_CALLS = ("Landroid/os/Process;->myPid()I", "Landroid/os/Process;->myUid()I")


@dataclass(frozen=True)
class AppFacts:
    """What the rules need from the manifest."""

    package: str
    min_sdk: int | None
    target_sdk: int | None
    permissions: frozenset[str]
    #: False for code without a manifest: its permissions are unknown, not absent, so no
    #: read is ruled out for lack of one
    manifest: bool = True


@dataclass(frozen=True)
class Verdict:
    category: str | None
    reason: str | None  # None: a read
    note: Message | None = None  # why, as a language-file key (auditor/analysis/notes.py)


def needs_flow(entry: ApiEntry) -> bool:
    return entry.strength is not None and entry.strength.inspects


def judge(
    entry: ApiEntry,
    offset: int,
    flow: MethodFlow | None,
    app: AppFacts,
    seed: tuple | None = None,
) -> list[Verdict]:
    """Verdicts for one hit of `entry` at `offset` (usually one; int_mask may name several).

    `seed` is the value the hit puts in a register when it is not a call result: the
    ("s", text) of a const-string hit, the ("f", field) of a field read."""
    rules = entry.strength
    cat = entry.category
    if rules is None:
        return [Verdict(cat, None)]
    perm = permission_verdict(rules, cat, app)
    if perm is not None:
        return [perm]
    own = _own_only(rules, cat, flow, app)
    if own is not None:
        return [own]
    if rules.reads == "check":
        return [Verdict(cat, "weak", "returns a yes/no answer or the app's own data, not the data")]
    if rules.confirm_by is not None:
        verdicts = _argument(rules.confirm_by, cat, offset, flow, app)
        if any(v.reason for v in verdicts) or rules.reads != "touches":
            return verdicts
    if rules.reads == "touches":
        return [_touches(rules, cat, offset, flow, seed)]
    return [Verdict(cat, None)]


def permission_verdict(rules: StrengthRules, cat: str | None, app: AppFacts) -> Verdict | None:
    need = rules.needs_permission
    if need is None or not app.manifest or need.met(app.permissions, app.target_sdk):
        return None
    names = [n.rsplit(".", 1)[-1] for n in need.names()]
    note = message("needs_permission", names=names)
    late = [n for n, tmax in need.any_of if n in app.permissions and tmax is not None]
    if late:  # declared, but it no longer suffices at this targetSdk
        limits = [
            message("permission_up_to_target", name=n.rsplit(".", 1)[-1], target=tmax)
            for n, tmax in need.any_of
            if n in late
        ]
        note = message("needs_permission_at_target", target=app.target_sdk, limits=limits)
    return Verdict(cat, "needs_permission", note)


def _own_only(
    rules: StrengthRules, cat: str | None, flow: MethodFlow | None, app: AppFacts
) -> Verdict | None:
    """The platform returns only the caller's own processes/services/tasks from API `since`.

    Judged for current devices (as the permission rules are): a minSdk below `since` only
    means the app also runs on devices too old to matter, which the note says."""
    since = rules.own_only_since
    if since is None:
        return None
    if rules.own_compare and flow is not None and _compares_with_own(flow, app):
        return Verdict(cat, "own_process_only", message("compared_with_own"))
    if app.min_sdk is not None and app.min_sdk < since:
        note = message("own_only_since_older", since=since, min=app.min_sdk)
    else:
        note = message("own_only_since", since=since)
    return Verdict(cat, "own_process_only", note)


def _compares_with_own(flow: MethodFlow, app: AppFacts) -> bool:
    for inv in flow.invokes:
        if inv.target in _OWN_ID_CALLS or inv.target.endswith(_OWN_PACKAGE_CALL):
            return True
    if app.package:
        own = app.package + "."
        if any(s == app.package or s.startswith(own) for s in flow.strings):
            return True
    prefix = "L" + app.package.replace(".", "/") + "/" if app.package else None
    return bool(prefix and any(c.startswith(prefix) for c in flow.classes))


def _strings_of(values: frozenset) -> tuple[set[str], bool]:
    """(const strings among the values, whether every value is a const string)."""
    found = {v[1] for v in values if v[0] == "s"}
    return found, bool(values) and len(found) == len(values)


def _argument(
    rule: ArgumentRule, cat: str | None, offset: int, flow: MethodFlow | None, app: AppFacts
) -> list[Verdict]:
    inv = flow.invoke_at(offset) if flow is not None else None
    if rule.user_action_ints and flow is not None and flow.ints & set(rule.user_action_ints):
        return [Verdict(cat, "user_action", message("user_paste"))]
    if rule.arg is None:
        return [Verdict(cat, None)]
    if inv is None:
        return [Verdict(cat, "argument_unknown", message("call_undecoded"))]
    values = inv.arg(rule.arg)
    if rule.const_string:
        texts, all_const = _strings_of(values)
        hit = texts & set(rule.const_string)
        if hit:
            shown = [f"'{sorted(hit)[0]}'"]
            return [Verdict(cat, None, message("argument_is", arg=rule.arg, values=shown))]
        if all_const:
            shown = [f"'{t}'" for t in sorted(texts)]
            return [Verdict(cat, "argument", message("argument_is", arg=rule.arg, values=shown))]
        return [Verdict(cat, "argument_unknown", message("argument_not_constant", arg=rule.arg))]
    if rule.int_mask:
        ints = {v[1] for v in values if v[0] == "i"}
        if not ints or len(ints) != len(values):
            return [Verdict(cat, "argument_unknown", message("argument_not_constant", arg=rule.arg))]
        flags = 0
        for n in ints:
            flags |= n
        out = []
        for bit, c, needs in rule.int_mask:
            if not flags & bit:
                continue
            if needs and app.manifest and not set(needs) & app.permissions:
                names = [n.rsplit(".", 1)[-1] for n in needs]
                note = message("flag_needs_permission", flag=f"{bit:#x}", names=names)
                out.append(Verdict(c, "needs_permission", note))
            else:
                out.append(Verdict(c, None, message("argument_has_flag", arg=rule.arg, flag=f"{bit:#x}")))
        note = message("argument_no_flag", arg=rule.arg, flags=f"{flags:#x}")
        return out or [Verdict(cat, "argument", note)]
    if rule.intent:
        return [_intent_shape(rule.arg, cat, values, flow)]
    if rule.not_own_package:
        if any(_is_own_package(v, flow, app) for v in values):
            return [Verdict(cat, "argument", message("own_package"))]
        return [Verdict(cat, None)]
    return [Verdict(cat, None)]


def _is_own_package(value: tuple, flow: MethodFlow | None, app: AppFacts) -> bool:
    if value[0] == "s":
        return bool(app.package) and value[1] == app.package
    if value[0] == "r" and flow is not None:
        src = flow.invoke_at(value[1])
        return src is not None and src.target.endswith(_OWN_PACKAGE_CALL)
    return False


def _intent_shape(arg: int, cat: str | None, values: frozenset, flow: MethodFlow | None) -> Verdict:
    """Broad = built here with no action or ACTION_MAIN, and no package/component named."""
    unknown = Verdict(cat, "argument_unknown", message("intent_not_built", arg=arg))
    made = {v for v in values if v[0] == "n" and v[1] == INTENT}
    if flow is None or not made:
        return unknown
    for v in values - made:
        # Anything else must be a builder call on the Intent made here (setAction(...) returns it).
        src = flow.invoke_at(v[1]) if v[0] == "r" else None
        if src is None or not (src.receiver & made):
            return unknown
    actions: set[str] = set()
    unknown_action = False
    for call in flow.calls_on(made):
        name = call.name
        if name in _INTENT_NARROWING or (name == "<init>" and "Ljava/lang/Class;" in call.target):
            return Verdict(cat, "argument", message("intent_one_target", call=name))
        first = call.target[call.target.index("(") + 1 :]
        if (name == "<init>" and first.startswith("Ljava/lang/String;")) or name == _INTENT_ACTION:
            texts, all_const = _strings_of(call.arg(1))
            actions |= texts
            unknown_action = unknown_action or not all_const
        elif name == "<init>" and first.startswith(INTENT):
            return unknown  # a copy of another Intent
    specific = sorted(a for a in actions if a != _MAIN)
    if specific:
        return Verdict(cat, "argument", message("intent_one_action", action=specific[0]))
    if unknown_action:
        return Verdict(cat, "argument_unknown", message("intent_action_unknown"))
    return Verdict(cat, None, message("intent_broad"))


def _touches(
    rules: StrengthRules, cat: str | None, offset: int, flow: MethodFlow | None, seed: tuple | None
) -> Verdict:
    if flow is not None and rules.confirm_with:
        for alt in rules.confirm_with:
            why = _alternative(alt, offset, flow, seed)
            if why:
                return Verdict(cat, None, why)
    return Verdict(cat, "weak", message("touches_only"))


def _matches(target: str, refs: tuple[str, ...]) -> bool:
    return any(target.startswith(r + "(") for r in refs)


def _derived(flow: MethodFlow, offset: int, seed: tuple | None) -> set:
    """The hit's result and what is made from it in the method (taint, bounded)."""
    tainted: set = {seed or ("r", offset)}
    for _ in range(8):
        grew = False
        for inv in flow.invokes:
            if not any(tainted & a for a in inv.args):
                continue
            new = set(inv.receiver) if inv.receiver else set()
            if inv.name != "<init>":
                new.add(("r", inv.offset))
            new = {v for v in new if v[0] in ("n", "r")} - tainted
            if new:
                tainted |= new
                grew = True
        if not grew:
            break
    return tainted


def _alternative(
    alt: Alternative, offset: int, flow: MethodFlow, seed: tuple | None
) -> Message | None:
    if alt.result_to:
        tainted = _derived(flow, offset, seed)
        used = [
            inv
            for inv in flow.invokes
            if _matches(inv.target, alt.result_to) and any(tainted & a for a in inv.args)
        ]
        if used:
            if not alt.strings:
                return message("result_goes_to", target=used[0].target)
            lowered = [s.lower() for s in flow.strings]
            found = sorted({w for w in alt.strings if any(w in s for s in lowered)})
            if found:
                return message("result_goes_to_with", target=used[0].target, word=found[0])
    inv = flow.invoke_at(offset)
    if inv is None or inv.static:
        return None
    receiver = inv.receiver
    if alt.receiver_from:
        for v in receiver:
            if v[0] == "r":
                src = flow.invoke_at(v[1])
                if src is not None and _matches(src.target, alt.receiver_from):
                    return message("value_comes_from", source=src.target)
    if alt.receiver_param_of and any(v[0] == "p" and v[1] > 0 for v in receiver):
        signature = flow.caller.split("->", 1)[1]
        if signature in alt.receiver_param_of:
            return message("value_to_callback", callback=signature)
    return None

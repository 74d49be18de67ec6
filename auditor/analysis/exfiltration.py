"""Collect -> upload across one call: a reader called by a sender, or a reader calling a sender.

The same-method case is found while building code evidence. This second, targeted pass looks
one call further: the exact methods that read a category and the exact methods that write
to the network become the targets of one more DEX scan, and a call between the two links
them. Still no whole-program call graph: only calls into those few methods are looked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from auditor.analysis.notes import keyed
from auditor.dex import MethodTarget, Reference, TargetSet
from auditor.model import Evidence

#: More methods than this on either side and the second pass is skipped (it would stop being
#: targeted); a warning says so.
MAX_TARGETS = 4000
_READER = "reader:"
_SENDER = "sender:"


def _split(caller: str) -> tuple[str, str, str]:
    cls, rest = caller.split("->", 1)
    name, desc = rest.split("(", 1)
    return cls, name, "(" + desc


def second_pass_targets(
    evidence: list[Evidence], refs: list[Reference], sink_keys: set[str]
) -> tuple[TargetSet, dict[str, set[str]], set[str]]:
    """(targets, reader method -> categories, sender methods) for the cross-call pass."""
    exfil_callers = {e.caller for e in evidence if e.kind == "exfiltration_suspected"}
    readers: dict[str, set[str]] = defaultdict(set)
    for e in evidence:
        if e.category and e.strength == "code" and e.caller and e.caller not in exfil_callers:
            readers[e.caller].add(e.category)
    senders = {r.caller for r in refs if r.key in sink_keys}
    methods = [MethodTarget(_READER + c, *_split(c)) for c in sorted(readers)]
    methods += [MethodTarget(_SENDER + c, *_split(c)) for c in sorted(senders)]
    if not readers or not senders or len(methods) > MAX_TARGETS:
        return TargetSet(), readers, senders
    return TargetSet(methods=tuple(methods)), readers, senders


def link_calls(
    calls: list[Reference],
    readers: dict[str, set[str]],
    senders: set[str],
    who: Callable[[str], tuple[str, str | None]],
) -> list[Evidence]:
    """exfiltration_suspected evidence for each sender->reader or reader->sender call."""
    out: dict[tuple[str, str], Evidence] = {}
    for ref in calls:
        callee = ref.key.split(":", 1)[1]
        caller = ref.caller
        if ref.key.startswith(_READER) and caller in senders:
            cats, how = readers[callee], "exfil_sender_calls_reader"
        elif ref.key.startswith(_SENDER) and caller in readers:
            cats, how = readers[caller], "exfil_reader_calls_sender"
        else:
            continue
        by, sdk = who(ref.caller_class)
        for cat in sorted(cats):
            out.setdefault(
                (caller, cat),
                Evidence(
                    category=cat,
                    kind="exfiltration_suspected",
                    detail=ref.target,
                    caller=caller,
                    dex=ref.dex,
                    sdk=sdk,
                    offset=ref.offset,
                    by=by,
                    strength="exfiltration",
                    **keyed(how, cat=cat, caller=caller, callee=callee),
                ),
            )
    return list(out.values())

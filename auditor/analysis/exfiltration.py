"""Collect -> upload across one call: a reader called by a sender, or a reader calling a sender.

The same-method case is found while building code evidence. This second, targeted pass looks
one call further: the exact methods that read a category and the exact methods that write
to the network become the targets of one more DEX scan, and a call between the two links
them. Still no whole-program call graph: only calls into those few methods are looked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from auditor.analysis.notes import keyed
from auditor.analysis.shapes import compiler_made_class
from auditor.dex import MethodTarget, Reference, TargetSet
from auditor.model import Evidence

#: More methods than this on either side and the second pass is skipped (it would stop being
#: targeted); a warning says so.
MAX_TARGETS = 4000
_READER = "reader:"
_SENDER = "sender:"
# A compiler-made class (lambda, anonymous class, coroutine) runs when it is created and
# handed over: creating it is the call. These keys target its constructor.
_CREATES_READER = "creates-reader:"
_CREATES_SENDER = "creates-sender:"


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
    for prefix, side in ((_CREATES_READER, readers), (_CREATES_SENDER, senders)):
        for c in sorted(side):
            cls = _split(c)[0]
            if compiler_made_class(cls):
                methods.append(MethodTarget(prefix + c, cls, "<init>", None))
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
        creates = ref.key.startswith((_CREATES_READER, _CREATES_SENDER))
        if creates and ref.caller_class == _split(callee)[0]:
            continue  # the class creating itself (a coroutine's create()): not a hand-over
        # a call site hands the method over as a lambda or method reference (invoke-custom)
        calls_it = "hands_over" if ref.kind == "call_site" else "calls"
        if ref.key.startswith(_READER) and caller in senders:
            cats, how = readers[callee], f"exfil_sender_{calls_it}_reader"
        elif ref.key.startswith(_SENDER) and caller in readers:
            cats, how = readers[caller], f"exfil_reader_{calls_it}_sender"
        elif ref.key.startswith(_CREATES_READER) and caller in senders:
            cats, how = readers[callee], "exfil_sender_creates_reader"
        elif ref.key.startswith(_CREATES_SENDER) and caller in readers:
            cats, how = readers[caller], "exfil_reader_creates_sender"
        else:
            continue
        by, sdk = who(ref.caller_class)
        for cat in sorted(cats):
            out.setdefault(
                (caller, cat),
                Evidence(
                    category=cat,
                    kind="exfiltration_suspected",
                    # a hand-over names the method that reads or sends, not the constructor
                    detail=callee if creates else ref.target,
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


def link_nested(
    evidence: list[Evidence],
    readers: dict[str, set[str]],
    senders: set[str],
    chain: Callable[[str], tuple[str, ...]],
) -> list[Evidence]:
    """exfiltration_suspected when one side is written inside the other: a lambda, anonymous
    class or coroutine whose enclosing method (EnclosingMethod, the lambda's name) reads and
    it sends, or the other way round. One step apart in the source, whatever the compiler
    made of it; `chain` gives a method and the methods it is written in (analysis.shapes)."""
    done = {(e.caller, e.category) for e in evidence if e.kind == "exfiltration_suspected"}
    where = {e.caller: (e.dex, e.by, e.sdk) for e in evidence if e.caller}

    def matches(outer: str, side: Iterable[str]) -> str | None:
        if outer in side:
            return outer
        if "(" not in outer:  # a source method known by name only
            return next((m for m in sorted(side) if m.startswith(outer + "(")), None)
        return None

    out: list[Evidence] = []
    pairs: list[tuple[str, str, str]] = []  # (reader, sender, note key)
    for sender in sorted(senders):
        for outer in chain(sender)[1:]:
            reader = matches(outer, readers)
            if reader and reader != sender:
                pairs.append((reader, sender, "exfil_sender_inside_reader"))
                break
    for reader in sorted(readers):
        for outer in chain(reader)[1:]:
            sender = matches(outer, senders)
            if sender and sender != reader:
                pairs.append((reader, sender, "exfil_reader_inside_sender"))
                break
    for reader, sender, how in pairs:
        dex, by, sdk = where.get(reader, (None, None, None))
        for cat in sorted(readers[reader]):
            if (reader, cat) in done:
                continue
            done.add((reader, cat))
            out.append(
                Evidence(
                    category=cat,
                    kind="exfiltration_suspected",
                    detail=sender,
                    caller=reader,
                    dex=dex,
                    sdk=sdk,
                    offset=None,
                    by=by,
                    strength="exfiltration",
                    **keyed(how, cat=cat, reader=reader, sender=sender),
                )
            )
    return out

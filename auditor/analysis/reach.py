"""Is library code called? A bounded, lazy walk backwards from a hit's calling method.

A read found in code the app did not write (AndroidX, the support library, an image loader,
unidentified code) counts only when the app reaches it. Instead of a whole-program call
graph, the walk asks the DEX scanner, one level at a time, who calls the methods found so
far (the scanner resolves them in the sorted id tables and decodes only the calling
instructions), and stops at the first *root*:

- a method of the app's own code, or of a collecting SDK (an SDK that runs by itself);
- any method of a class the system creates: manifest components, the Application,
  instrumentation, classes named by <meta-data>; and view constructors (layouts inflate them).

Predecessors of a method C->m:
- calls that name C->m, or m on an in-APK supertype of C (an interface call reaches the
  implementation: class-hierarchy analysis over the APK's own classes only, never over
  framework types, so `Runnable.run` does not link every run() to every Handler) or on an
  in-APK subclass that inherits it;
- when m is not declared on any in-APK supertype (it overrides a framework method such as
  run(), onReceive(), onLocationChanged(), or is a helper of C): the methods that make a C
  (new-instance), name it (const-class, e.g. `new Intent(ctx, C.class)`), or spell its name
  in a string (reflection) -- the callback runs once its object exists;
- for a static initializer: any call into C.

Outcome per source: `reached`, `not_called` (the whole backward closure was explored and holds
no root), or `unknown` (a bound was hit: treated as reached, the hit keeps counting).
Reflection through computed names and code loaded at run time are not seen: they can only
make a hit look `not_called` if nothing else reaches it, which is why the walk is applied to
library and unidentified code only, never to the app's own code or to collecting SDKs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from auditor.analysis.notes import message, note
from auditor.dex import (
    DexError,
    DexFile,
    MethodTarget,
    StringTarget,
    TargetSet,
    TypeTarget,
)
from auditor.dex._code import CodeLocator
from auditor.dex._scan import scan_dexfile
from auditor.model import COLLECTING_STRENGTHS, Evidence

REACHED = "reached"
NOT_CALLED = "not_called"
UNKNOWN = "unknown"

#: Levels of callers explored, and methods visited, before the answer is `unknown`.
MAX_DEPTH = 16
MAX_NODES = 4000
#: Constructors a layout inflater calls (a custom view needs no caller in code).
_VIEW_CONSTRUCTORS = ("(Landroid/content/Context;Landroid/util/AttributeSet;",)


def _split(method: str) -> tuple[str, str, str]:
    cls, rest = method.split("->", 1)
    name, desc = rest.split("(", 1)
    return cls, name, "(" + desc


def _dotted(descriptor: str) -> str:
    return descriptor[1:-1].replace("/", ".")


class Walker:
    """Walks callers over a fixed set of dex files; build once per app, ask once."""

    def __init__(
        self,
        payloads: Iterable[tuple[str, bytes]],
        is_root_class: Callable[[str], bool],
        entry_classes: Iterable[str],
    ) -> None:
        self._dex: list[tuple[DexFile, CodeLocator]] = []
        for name, data in payloads:
            try:
                for dex in DexFile.open_all(data, name):
                    self._dex.append((dex, CodeLocator(dex)))
            except DexError:
                continue  # already reported by the code pass
        self._is_root_class = is_root_class
        self._entries = {"L" + c.replace(".", "/") + ";" for c in entry_classes}
        self._hier: dict[str, tuple[str | None, tuple[str, ...]]] | None = None
        self._subs: dict[str, list[str]] | None = None
        self._supers: dict[str, list[str]] = {}
        self._declared: dict[tuple[str, str, str], bool] = {}
        self.levels = 0  # scans done, for diagnostics

    # ----------------------------------------------------------------- class hierarchy

    def _hierarchy(self) -> dict[str, tuple[str | None, tuple[str, ...]]]:
        if self._hier is None:
            hier: dict[str, tuple[str | None, tuple[str, ...]]] = {}
            subs: dict[str, list[str]] = defaultdict(list)
            for dex, _loc in self._dex:
                try:
                    found = dex.class_hierarchy()
                except DexError:
                    continue
                for cls, (parent, ifaces) in found.items():
                    hier.setdefault(cls, (parent, ifaces))
            for cls, (parent, ifaces) in hier.items():
                for sup in (parent, *ifaces):
                    if sup in hier:
                        subs[sup].append(cls)
            self._hier, self._subs = hier, subs
        return self._hier

    def supers(self, cls: str) -> list[str]:
        """In-APK proper supertypes of `cls` (superclasses and interfaces, transitively)."""
        found = self._supers.get(cls)
        if found is None:
            hier = self._hierarchy()
            out: list[str] = []
            todo = [cls]
            seen = {cls}
            while todo:
                parent, ifaces = hier.get(todo.pop(), (None, ()))
                for sup in (parent, *ifaces):
                    if sup and sup in hier and sup not in seen:
                        seen.add(sup)
                        out.append(sup)
                        todo.append(sup)
            self._supers[cls] = found = out
        return found

    def subs(self, cls: str) -> list[str]:
        """In-APK subtypes of `cls`, transitively."""
        self._hierarchy()
        assert self._subs is not None
        out: list[str] = []
        todo = [cls]
        seen = {cls}
        while todo:
            for sub in self._subs.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    out.append(sub)
                    todo.append(sub)
        return out

    def _declares(self, cls: str, name: str, desc: str) -> bool:
        key = (cls, name, desc)
        hit = self._declared.get(key)
        if hit is None:
            hit = False
            for dex, _loc in self._dex:
                try:
                    if dex.find_methods(cls, name, desc):
                        hit = True
                        break
                except DexError:
                    continue
            self._declared[key] = hit
        return hit

    # ----------------------------------------------------------------- the walk

    def is_root(self, method: str) -> bool:
        cls, name, desc = _split(method)
        if cls in self._entries or self._is_root_class(cls):
            return True
        return name == "<init>" and desc.startswith(_VIEW_CONSTRUCTORS)

    def _targets(self, node: str) -> tuple[list[MethodTarget], list[TypeTarget], list[StringTarget]]:
        cls, name, desc = _split(node)
        supers = self.supers(cls)
        subs = self.subs(cls)
        methods = [MethodTarget(node, c, name, desc) for c in (cls, *supers, *subs)]
        types: list[TypeTarget] = []
        strings: list[StringTarget] = []
        if name == "<clinit>":
            methods.append(MethodTarget(node, cls, "", None))
        if name in ("<init>", "<clinit>") or not any(self._declares(s, name, desc) for s in supers):
            for c in (cls, *subs):
                types.append(TypeTarget(node, c))
                strings.append(StringTarget(node, _dotted(c)))
        return methods, types, strings

    def _callers(self, nodes: list[str]) -> list[tuple[str, str]]:
        """(callee node, caller method) for every call/allocation of `nodes`."""
        methods: list[MethodTarget] = []
        types: list[TypeTarget] = []
        strings: list[StringTarget] = []
        for node in nodes:
            m, t, s = self._targets(node)
            methods += m
            types += t
            strings += s
        targets = TargetSet(methods=tuple(methods), strings=tuple(strings), types=tuple(types))
        out: list[tuple[str, str]] = []
        self.levels += 1
        for dex, locator in self._dex:
            try:
                refs = scan_dexfile(dex, targets, locator=locator)
            except (DexError, IndexError, ValueError):
                continue
            out.extend((r.key, r.caller) for r in refs)
        return out

    def classify(self, sources: Iterable[str]) -> dict[str, str]:
        """REACHED / NOT_CALLED / UNKNOWN for each source method.

        One multi-source walk: every method found carries the bit set of the sources whose
        callers it is, so a source is settled as soon as a root carries its bit (reached) or
        no method still to expand does (not called), and methods that only serve settled
        sources are not expanded further."""
        srcs = sorted(set(sources))
        bit = {s: 1 << i for i, s in enumerate(srcs)}
        mask: dict[str, int] = dict(bit)
        preds: dict[str, set[str]] = defaultdict(set)
        reached = 0
        for s in srcs:
            if self.is_root(s):
                reached |= bit[s]
        done = reached
        every = (1 << len(srcs)) - 1
        frontier = [s for s in srcs if not mask[s] & reached]
        for _depth in range(MAX_DEPTH):
            if not frontier or done == every or len(mask) > MAX_NODES:
                break
            new: list[str] = []
            for callee, caller in self._callers(frontier):
                if caller == callee:
                    continue
                preds[callee].add(caller)
                if caller not in mask:
                    mask[caller] = 0
                    new.append(caller)
                self._spread(caller, mask[callee], mask, preds)
            for n in new:
                if self.is_root(n):
                    reached |= mask[n]
            # Roots found through methods discovered earlier (masks spread after the fact).
            for n in mask:
                if mask[n] & ~reached and self.is_root(n):
                    reached |= mask[n]
            frontier = [n for n in new if not self.is_root(n) and mask[n] & ~reached]
            alive = 0
            for n in frontier:
                alive |= mask[n]
            done = reached | (every & ~alive)
        alive = 0
        for n in frontier:
            alive |= mask[n]
        result = {}
        for s in srcs:
            if bit[s] & reached:
                result[s] = REACHED
            elif bit[s] & alive:
                result[s] = UNKNOWN
            else:
                result[s] = NOT_CALLED
        return result

    @staticmethod
    def _spread(node: str, bits: int, mask: dict[str, int], preds: dict[str, set[str]]) -> None:
        """Add source bits to a method and to every caller already known above it."""
        todo = [node]
        while todo:
            n = todo.pop()
            if bits & ~mask[n]:
                mask[n] |= bits
                todo.extend(preds.get(n, ()))


def needs_walk(ev: Evidence, library_sdks: set[str]) -> bool:
    """Collecting evidence in code that is neither the app's nor a collecting SDK's."""
    if not ev.scored or ev.strength not in COLLECTING_STRENGTHS or not ev.caller:
        return False
    return ev.by == "third_party" or (ev.sdk is not None and ev.sdk in library_sdks)


def judge_reachability(
    evidence: list[Evidence],
    payloads: Callable[[], Iterable[tuple[str, bytes]]],
    is_root_class: Callable[[str], bool],
    entry_classes: Iterable[str],
    library_sdks: set[str],
    names: dict[str, str],
) -> list[Evidence]:
    """Mark collecting hits in library or unidentified code that the app never reaches.

    Lazy: categories already read by the app's own code or by a collecting SDK are not
    walked (their library hits change nothing about the category), and nothing is walked
    (no dex is read again) when no hit needs it. `names` maps SDK ids to display names."""
    settled = {
        e.category
        for e in evidence
        if e.category and e.scored and e.strength in COLLECTING_STRENGTHS
        and not needs_walk(e, library_sdks)
    }
    todo = [e for e in evidence if needs_walk(e, library_sdks) and e.category not in settled]
    verdict: dict[str, str] = {}
    if todo:
        walker = Walker(payloads(), is_root_class, entry_classes)
        verdict = walker.classify(e.caller for e in todo if e.caller)
    walked = {id(e) for e in todo}
    out = []
    for ev in evidence:
        if id(ev) not in walked:
            if needs_walk(ev, library_sdks):
                ev = replace(ev, **note(*ev.note_parts, message("library_not_walked")))
            out.append(ev)
            continue
        state = verdict.get(ev.caller or "")
        if state == NOT_CALLED:
            never = (
                message("unidentified_never_called")
                if ev.by == "third_party"
                else message("library_never_called", sdk=ev.by or "", library=names.get(ev.by or "", ""))
            )
            ev = replace(ev, strength="reference", reason="not_called", **note(*ev.note_parts, never))
        elif state == UNKNOWN:
            unsettled = message("library_unsettled", depth=MAX_DEPTH)
            ev = replace(ev, **note(*ev.note_parts, unsettled))
        out.append(ev)
    return out


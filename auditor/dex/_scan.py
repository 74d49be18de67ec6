"""Find the instructions that reference catalogued methods, fields and strings.

How, and why it is fast:
1. Resolve every target to its index in this dex's id tables by binary search. A target
   the dex never mentions has no index and costs nothing more; a dex that mentions none of
   the targets is done after a few dozen table probes.
2. Search only the code_item area (not strings, annotations, debug info) with compiled
   bytes regexes for an opcode of the right family followed by a wanted 16/32-bit index.
   Every regex consumes one byte and checks the rest with lookarounds, so overlapping
   candidates are not lost; see _family_candidates for why the regexes start with a
   single literal byte whenever possible.
3. A candidate is real only if it starts an instruction of the method that contains it.
   The containing code_item is found through a coarse per-class index (with an exact
   fallback, see DexFile.locate_code); then only that method's code units are walked, and
   only up to its last candidate.
4. Callers are named only for confirmed hits.
"""

from __future__ import annotations

import re
import struct
from collections import defaultdict
from collections.abc import Iterable, Iterator

from ._code import CodeLocator
from ._file import DexFile
from ._flow import MethodFlow, analyse_method
from ._model import DexError, Reference, TargetSet
from ._opcodes import BadCode, confirm_boundaries

__all__ = ["confirm_candidates", "scan_dex", "scan_dex_flows", "scan_dexfile", "scan_dexfiles"]

# Regex character-class bodies of the opcode families (see _opcodes for the opcode table).
_INVOKE_CLASS = rb"\x6e-\x72\x74-\x78"
_FIELD_READ_CLASS = rb"\x52-\x58\x60-\x66"
_TYPE_REF_CLASS = rb"\x1c\x22"  # const-class, new-instance
_CONST_STRING = 0x1A
_CONST_STRING_JUMBO = 0x1B

#: Above this many regex branches for one kind of index, the regex matches any index of that
#: opcode family and the filtering happens in Python: branches are tried one by one, so a
#: huge alternation loses to a dict lookup.
_MAX_BRANCHES = 128

#: Above this many wanted indices of one opcode family, one literal search per index is
#: never cheaper than one search led by the family's opcode class (see the cost model).
_NEEDLE_LIMIT = 12

# (key, target text) pairs wanted for one index of one kind.
_Wanted = dict[int, list[tuple[str, str]]]
_Candidate = tuple[int, str, list[tuple[str, str]]]  # (absolute offset, kind, wanted pairs)


def _b(value: int) -> bytes:
    return b"\\x%02x" % value


def _byte_class(values: Iterable[int]) -> bytes:
    """Regex for a set of byte values: a literal, or a class with runs written as ranges."""
    vals = sorted(set(values))
    if len(vals) == 1:
        return _b(vals[0])
    parts: list[bytes] = []
    i = 0
    while i < len(vals):
        j = i
        while j + 1 < len(vals) and vals[j + 1] == vals[j] + 1:
            j += 1
        parts.append(_b(vals[i]) if i == j else _b(vals[i]) + b"-" + _b(vals[j]))
        i = j + 1
    return b"[" + b"".join(parts) + b"]"


def _rectangles(pairs: Iterable[tuple[int, int]]) -> list[tuple[frozenset[int], frozenset[int]]]:
    """Cover a set of (a, b) byte pairs by products A x B: group by a, merge equal b-sets."""
    by_a: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        by_a[a].add(b)
    by_bset: dict[frozenset[int], set[int]] = defaultdict(set)
    for a, bs in by_a.items():
        by_bset[frozenset(bs)].add(a)
    return [(frozenset(a_set), b_set) for b_set, a_set in by_bset.items()]


def _u16_pattern(values: Iterable[int]) -> bytes | None:
    """Regex for any of the 16-bit little-endian `values`, or None when it would be too big.

    The set is written as a union of [low bytes][high bytes] products. Grouping by low byte
    suits a few scattered indices; grouping by high byte suits runs of consecutive indices,
    which is what a string prefix expands to (the pool is sorted, so 1,600 'http...' strings
    become a handful of branches). The smaller cover wins, and a leading class of all the
    possible low bytes rejects most positions before any branch is tried.
    """
    vals = set(values)
    by_low = _rectangles((v & 0xFF, v >> 8) for v in vals)  # (lows, highs)
    by_high = [(lo, hi) for hi, lo in _rectangles((v >> 8, v & 0xFF) for v in vals)]
    rects = min(by_low, by_high, key=len)
    if len(rects) > _MAX_BRANCHES:
        return None
    rects.sort(key=lambda r: (min(r[0]), min(r[1])))
    branches = b"|".join(_byte_class(lo) + _byte_class(hi) for lo, hi in rects)
    if len(rects) == 1:
        return branches
    return b"(?=" + _byte_class(v & 0xFF for v in vals) + b")(?:" + branches + b")"


def _u32_pattern(values: Iterable[int]) -> bytes | None:
    vals = sorted(set(values))
    if len(vals) > _MAX_BRANCHES:
        return None
    return b"(?:" + b"|".join(b"".join(_b(x) for x in v.to_bytes(4, "little")) for v in vals) + b")"


def _index_pattern(wanted: _Wanted, width: int) -> bytes:
    pattern = _u16_pattern(wanted) if width == 2 else _u32_pattern(wanted)
    return b"." * width if pattern is None else pattern


def _resolve_types(dex: DexFile, targets: TargetSet) -> _Wanted:
    types: _Wanted = defaultdict(list)
    for t in targets.types:
        tidx = dex.find_type(t.descriptor)
        if tidx is not None:
            types[tidx].append((t.key, t.descriptor))
    return types


def _resolve(dex: DexFile, targets: TargetSet) -> tuple[_Wanted, _Wanted, _Wanted]:
    """Map each target to the method/field/string indices it covers in this dex."""
    methods: _Wanted = defaultdict(list)
    for t in targets.methods:
        for midx in dex.find_methods(t.cls, t.name, t.descriptor):
            cls, name, desc = dex.method_info(midx)
            methods[midx].append((t.key, f"{cls}->{name}{desc}"))
    fields: _Wanted = defaultdict(list)
    for f in targets.fields:
        for fidx in dex.find_fields(f.cls, f.name, f.type):
            cls, name, type_ = dex.field_info(fidx)
            fields[fidx].append((f.key, f"{cls}->{name}:{type_}"))
    strings: _Wanted = defaultdict(list)
    for s in targets.strings:
        if s.match == "prefix":
            idxs = dex.string_indices_with_prefix(s.value)
        else:
            found = dex.find_string(s.value)
            idxs = [] if found is None else [found]
        for sidx in idxs:
            strings[sidx].append((s.key, dex.string(sidx)))
    return methods, fields, strings


def _byte_counts(buf: bytes, lo: int, hi: int, values: Iterable[int]) -> dict[int, float]:
    """Estimated occurrences of each byte value in the code area, from three 64 KiB samples.

    Decides which byte of a 16-bit index to anchor a literal search on (0x00 or a common
    register number can occur a million times in a big dex, a rarer byte a few thousand)
    and whether literal searches beat one class-led search at all.
    """
    step = 1 << 16
    if hi - lo <= 3 * step:
        samples = [buf[lo:hi]]
    else:
        starts = (lo, lo + (hi - lo - step) // 2, hi - step)
        samples = [buf[s : s + step] for s in starts]
    scale = (hi - lo) / max(1, sum(len(smp) for smp in samples))
    return {v: scale * sum(smp.count(bytes((v,))) for smp in samples) for v in set(values)}


# Cost model of the candidate search, in ns, measured with CPython 3.11 on dex code areas:
# a search led by one literal byte skips ~0.8 ns/byte plus ~15 ns per occurrence of that
# byte (where the lookarounds run); a search led by an opcode class costs ~11 ns/byte.
_NS_PER_BYTE_LITERAL = 0.8
_NS_PER_ANCHOR = 15.0
_NS_PER_BYTE_CLASS = 11.0


def _needle_pattern(idx: int, ops_class: bytes, counts: dict[int, float]) -> tuple[bytes, int]:
    """Literal-led regex for one 16-bit index after an opcode of the family; (pattern, back).

    `back` is how far the match start lies after the opcode. The opcode and the 'any' byte
    are checked by a lookbehind, so only plausible candidates reach Python. The match never
    consumes bytes that could start another occurrence of the same index, so overlapping
    candidates survive (two bytes are consumed only when low != high, where an occurrence
    at +1 is impossible).
    """
    low, high = _b(idx & 0xFF), _b(idx >> 8)
    behind = b"(?<=[" + ops_class + b"]." + low + high + b")"
    if counts[idx >> 8] < counts[idx & 0xFF]:
        return high + behind, 3
    if idx & 0xFF != idx >> 8:
        return low + high + behind, 2
    return low + b"(?=" + high + b")(?<=[" + ops_class + b"]." + low + b")", 2


def _family_candidates(
    buf: bytes,
    lo: int,
    hi: int,
    wanted: _Wanted,
    ops_class: bytes,
    kind: str,
) -> Iterator[_Candidate]:
    """Instructions of one opcode family whose 16-bit operand BBBB is a wanted index.

    Either one literal-led search per wanted index (a pattern that starts with one literal
    byte runs through the regex engine's tight skip loop, ~10x faster per byte than one led
    by a character class), or a single class-led search for the whole family when the model
    above says that is cheaper (many indices, or indices made of very common bytes).
    """
    if len(wanted) <= _NEEDLE_LIMIT:
        counts = _byte_counts(buf, lo, hi, [b for i in wanted for b in (i & 0xFF, i >> 8)])
        literal_ns = sum(
            (hi - lo) * _NS_PER_BYTE_LITERAL
            + min(counts[i & 0xFF], counts[i >> 8]) * _NS_PER_ANCHOR
            for i in wanted
        )
        if literal_ns < (hi - lo) * _NS_PER_BYTE_CLASS:
            for idx, hits in wanted.items():
                pattern, back = _needle_pattern(idx, ops_class, counts)
                for m in re.compile(pattern, re.DOTALL).finditer(buf, lo + back, hi):
                    yield m.start() - back, kind, hits
            return
    family = re.compile(b"[" + ops_class + b"](?=." + _index_pattern(wanted, 2) + b")", re.DOTALL)
    for m in family.finditer(buf, lo, hi):
        pos = m.start()
        found = wanted.get(buf[pos + 2] | buf[pos + 3] << 8)
        if found:
            yield pos, kind, found


def _string_candidates(buf: bytes, lo: int, hi: int, strings: _Wanted) -> Iterator[_Candidate]:
    """const-string (16-bit index) and const-string/jumbo (32-bit index) of wanted strings."""
    short = {k: v for k, v in strings.items() if k <= 0xFFFF}
    # One literal opcode byte first: the regex engine's fast path (see above).
    for opcode, width, wanted in ((_CONST_STRING, 2, short), (_CONST_STRING_JUMBO, 4, strings)):
        if not wanted:
            continue
        pattern = re.compile(_b(opcode) + b"(?=." + _index_pattern(wanted, width) + b")", re.DOTALL)
        for m in pattern.finditer(buf, lo, hi):
            pos = m.start()
            hits = wanted.get(int.from_bytes(buf[pos + 2 : pos + 2 + width], "little"))
            if hits:
                yield pos, "const_string", hits


#: (dex name, caller) -> the def-use pass over that calling method.
Flows = dict[tuple[str, str], MethodFlow]


def scan_dexfile(
    dex: DexFile,
    targets: TargetSet,
    inspect: frozenset[str] = frozenset(),
    flows: Flows | None = None,
    locator: CodeLocator | None = None,
) -> list[Reference]:
    """References to `targets` in one parsed dex (unsorted, without duplicates).

    Each calling method that has a reference whose key is in `inspect` also gets the
    def-use pass (auditor.dex._flow) while its code item is at hand, stored in `flows`.
    A caller that scans the same dex many times (the reachability walk) may pass its own
    `locator` so the per-class index is built once.
    """
    methods, fields, strings = _resolve(dex, targets)
    types = _resolve_types(dex, targets) if targets.types else {}
    lo, hi = dex.code_area
    if not (methods or fields or strings or types) or hi <= lo:
        return []
    buf = dex.data
    candidates: list[_Candidate] = []
    if methods:
        candidates.extend(_family_candidates(buf, lo, hi, methods, _INVOKE_CLASS, "invoke"))
    if fields:
        candidates.extend(_family_candidates(buf, lo, hi, fields, _FIELD_READ_CLASS, "field_read"))
    if strings:
        candidates.extend(_string_candidates(buf, lo, hi, strings))
    if types:
        candidates.extend(_family_candidates(buf, lo, hi, types, _TYPE_REF_CLASS, "type_ref"))
    return confirm_candidates(dex, candidates, inspect, flows, locator)


def confirm_candidates(
    dex: DexFile,
    candidates: list[_Candidate],
    inspect: frozenset[str] = frozenset(),
    flows: Flows | None = None,
    locator: CodeLocator | None = None,
) -> list[Reference]:
    """The candidates that really start an instruction, as references named by their caller
    (and the def-use pass of the methods with an `inspect` key, into `flows`)."""
    if not candidates:
        return []
    buf = dex.data

    # Group by containing code item; candidates outside every insns array (tries, handlers,
    # padding) are dropped by locate_code, odd offsets from the insns start just below.
    # (What a locator learns is kept on the DexFile as plain ints, never the locator itself:
    # a DexFile <-> locator cycle would keep megabytes of dex bytes alive until the cyclic GC
    # runs. A DexFile scanned again -- a second pass -- reuses it.)
    locator = locator or CodeLocator(dex)
    by_code: dict[int, list[_Candidate]] = defaultdict(list)
    callers_of: dict[int, list[int]] = {}
    for cand in candidates:
        found = locator.locate(cand[0])
        if found is not None:
            by_code[found[0]].append(cand)
            callers_of[found[0]] = found[1]

    out: set[Reference] = set()
    for code_off, cands in by_code.items():
        start, stop = dex.code_bounds(code_off)
        wanted = sorted({pos for pos, _, _ in cands if not (pos - start) & 1})
        if not wanted:
            continue
        try:
            real = confirm_boundaries(buf, start, stop, wanted)
        except BadCode as exc:
            raise DexError(f"{dex.name}: code_item at {code_off:#x}: {exc}") from exc
        if not real:
            continue
        callers = [dex.method_info(midx) for midx in callers_of[code_off]]
        wants_flow = False
        for pos, kind, hits in cands:
            if pos not in real:
                continue
            for cls, name, desc in callers:
                for key, target in hits:
                    out.add(Reference(dex.name, cls, name, desc, pos - start, kind, key, target))
                    wants_flow = wants_flow or key in inspect
        if wants_flow and flows is not None:
            for midx, (cls, name, desc) in zip(callers_of[code_off], callers, strict=True):
                if (dex.name, f"{cls}->{name}{desc}") in flows:
                    continue  # decoded by an earlier scan of the same dex
                try:
                    flow = analyse_method(dex, code_off, midx)
                except (DexError, IndexError, ValueError, OverflowError, struct.error):
                    continue  # a method the pass cannot decode: its arguments stay undetermined
                flows[(dex.name, f"{cls}->{name}{desc}")] = flow
    return list(out)


def scan_dex(
    data: bytes | bytearray | memoryview, targets: TargetSet, dex_name: str
) -> list[Reference]:
    """Every reference to `targets` in one dex file (all entries of a v041 container).

    Sorted and deterministic. Raises DexError for input that is not a readable dex.
    """
    # Parsed even when there is nothing to look for, so malformed input is reported the same
    # way whatever the targets are.
    return scan_dexfiles(DexFile.open_all(data, dex_name), targets)


def scan_dex_flows(
    data: bytes | bytearray | memoryview,
    targets: TargetSet,
    dex_name: str,
    inspect: frozenset[str],
) -> tuple[list[Reference], Flows]:
    """scan_dex, plus the def-use pass of every method that references a key in `inspect`."""
    flows: Flows = {}
    return scan_dexfiles(DexFile.open_all(data, dex_name), targets, inspect, flows), flows


def scan_dexfiles(
    dexes: Iterable[DexFile],
    targets: TargetSet,
    inspect: frozenset[str] = frozenset(),
    flows: Flows | None = None,
) -> list[Reference]:
    """Every reference to `targets` in dex files already opened (DexFile.open_all), with the
    def-use pass of the methods referencing an `inspect` key stored in `flows`.

    Scanning the same DexFile objects again (another target set) reuses what the first scan
    learnt about them: resolved strings and where each class's code lies.
    """
    out: list[Reference] = []
    if targets:
        for dex in dexes:
            out.extend(_scan_guarded(dex, targets, inspect, flows))
    # A key function: the dataclass's generated __lt__ is ~10x slower than tuple compares.
    return sorted(set(out), key=_sort_key)


def _sort_key(r: Reference) -> tuple[str, str, str, str, int, str, str, str]:
    return (
        r.dex, r.caller_class, r.caller_method, r.caller_descriptor,
        r.offset, r.kind, r.key, r.target,
    )  # fmt: skip


def _scan_guarded(
    dex: DexFile,
    targets: TargetSet,
    inspect: frozenset[str] = frozenset(),
    flows: Flows | None = None,
) -> list[Reference]:
    """scan_dexfile, with any low-level read error on malformed input turned into DexError."""
    try:
        return scan_dexfile(dex, targets, inspect, flows)
    except DexError:
        raise
    except (IndexError, ValueError, OverflowError, struct.error) as exc:
        raise DexError(f"{dex.name}: malformed dex ({exc})") from exc

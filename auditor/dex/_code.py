"""Which method owns the code at a given offset, with as little class_data parsing as possible.

Naming the caller of a candidate instruction needs the code_item that contains it and the
method(s) whose class_data point at that code_item. The exact answer needs an index of
every method of the dex (parse all class_data: the biggest single cost of a scan), so it is
built only when a cheaper, *proven* answer is not available:

1. Coarse index: for each class, the code_off of its first method that has code (class_data
   parsed only that far). d8/R8 lay code items out class by class, though not in class_data
   order, so the class owning `pos` is the one whose representative is the last at or
   before `pos`, or the next one.
2. The candidate classes are parsed fully; a code item they own either contains `pos` in
   its insns (answer), or in its tries/handlers tail (not an instruction: answer None).
3. Otherwise walk forward item by item (items are contiguous and 4-aligned); every walked
   item must be proven real by a class that owns it (known from classes already parsed, or
   found by a bytes search for its uleb128 offset in the class_data area).
4. Anything unproven falls back to the exact index.

So the result is always exact for a valid dex; the layout only decides how fast.
"""

from __future__ import annotations

import bisect

from ._file import DexFile

__all__ = ["CodeLocator", "parse_class_data", "trim_locator_state"]

#: The local search gives up (and builds the exact index) after walking this many code
#: items, or after this many false uleb128 matches in the class_data area.
_MAX_WALK = 64
_MAX_OWNER_PROBES = 16

_Located = tuple[int, list[int]]  # (code_off, method indices sharing it)


# Complexity allowed: a flat ULEB128 walk, kept inline for speed.
def parse_class_data(dex: DexFile, ci: int, first_only: bool = False) -> list[tuple[int, int]]:  # noqa: C901
    """(code_off, method_idx) of class #ci's methods that have code, in class_data order.

    With first_only, stops at the first method that has code. The uleb128 reads are inlined
    because this runs for every class of a dex and a call per value would double the cost.
    Forged counts are rejected before they are looped on (a field takes >= 2 bytes, a method
    >= 3) and every value is capped at 5 bytes, so hostile input cannot hang it.
    """
    buf, end = dex.data, dex.end
    pos = dex.class_data_offsets()[ci]
    out: list[tuple[int, int]] = []
    if not pos:
        return out
    if pos >= end:
        raise dex.fail(f"class_def #{ci}: class_data offset {pos:#x} is past the end")
    counts = []
    for _ in range(4):
        b = buf[pos]
        pos += 1
        value = b & 0x7F
        shift = 7
        while b & 0x80:
            if shift > 28:
                raise dex.fail(f"class_def #{ci}: overlong uleb128 in class_data")
            b = buf[pos]
            pos += 1
            value |= (b & 0x7F) << shift
            shift += 7
        counts.append(value)
    sfields, ifields, dmethods, vmethods = counts
    if not (dmethods or vmethods):
        return out  # R classes and the like: no need to skip their fields
    if 2 * (sfields + ifields) + 3 * (dmethods + vmethods) > end - pos:
        raise dex.fail(f"class_def #{ci}: class_data counts exceed the file")
    skip = 2 * (sfields + ifields)
    while skip:
        if buf[pos] < 0x80:
            skip -= 1
        pos += 1
    for count in (dmethods, vmethods):
        midx = 0  # method_idx_diff restarts for the virtual list
        for _ in range(count):
            b = buf[pos]
            pos += 1
            if b < 0x80:
                midx += b
            else:
                value = b & 0x7F
                shift = 7
                while b & 0x80:
                    if shift > 28:
                        raise dex.fail(f"class_def #{ci}: overlong uleb128 in class_data")
                    b = buf[pos]
                    pos += 1
                    value |= (b & 0x7F) << shift
                    shift += 7
                midx += value
            while buf[pos] & 0x80:  # access_flags: not needed
                pos += 1
            pos += 1
            b = buf[pos]
            pos += 1
            if b < 0x80:
                code_off = b
            else:
                code_off = b & 0x7F
                shift = 7
                while b & 0x80:
                    if shift > 28:
                        raise dex.fail(f"class_def #{ci}: overlong uleb128 in class_data")
                    b = buf[pos]
                    pos += 1
                    code_off |= (b & 0x7F) << shift
                    shift += 7
            if code_off:
                out.append((code_off, midx))
                if first_only:
                    return out
    if pos > end:
        raise dex.fail(f"class_def #{ci}: class_data runs past the end")
    return out


class _State:
    """What a CodeLocator has learnt about one dex: plain ints only, kept on the DexFile
    (`locator_state`) so that a second scan of the same DexFile starts from it."""

    __slots__ = ("cd_starts", "classes", "exact", "firsts", "owner")

    def __init__(self) -> None:
        self.firsts: list[int] | None = None  # sorted representative << 32 | class index
        self.classes: dict[int, list[tuple[int, int]]] = {}  # class -> sorted (off, midx)
        self.owner: dict[int, list[int]] = {}  # code_off -> methods, from parsed classes
        self.cd_starts: list[int] | None = None  # sorted class_data_off << 32 | class
        self.exact: list[int] | None = None  # sorted code_off << 32 | method, all methods


def trim_locator_state(dex: DexFile) -> None:
    """Keep only the cheap, costly-to-rebuild part of what a CodeLocator learnt about `dex`
    (each class's first code offset), so that many kept dex files do not add up in memory;
    a later scan re-parses the few classes it needs."""
    state = dex.locator_state
    if isinstance(state, _State):
        state.classes = {}
        state.owner = {}
        state.cd_starts = None
        state.exact = None


class CodeLocator:
    """Maps instruction offsets to their code item and owning methods (see module doc)."""

    def __init__(self, dex: DexFile) -> None:
        self.dex = dex
        state = dex.locator_state
        if not isinstance(state, _State):
            state = dex.locator_state = _State()
        self._state = state
        self._classes = state.classes
        self._owner = state.owner

    # -------------------------------------------------------------- public

    def locate(self, pos: int) -> _Located | None:
        """(code_off, methods) of the code item whose insns contain `pos`; None if none."""
        if self._state.exact is None:
            found = self._locate_local(pos)
            if found is not False:
                return found if isinstance(found, tuple) else None
        return self._locate_exact(pos)

    # -------------------------------------------------------------- local, proven search

    def _locate_local(self, pos: int) -> _Located | bool | None:
        """The proven answer, None for "no instruction here", or False for "not proven"."""
        firsts = self._first_keys()
        i = bisect.bisect_right(firsts, ((pos - 16) << 32) | 0xFFFFFFFF) - 1
        # The next class first: when `pos` lies in that class's items before its
        # representative, only it has an item at or before `pos` in the same run. Searches
        # of the class_data area are tried only when walking known items did not settle it.
        for search in (False, True):
            for k in (i + 1, i):
                if not 0 <= k < len(firsts):
                    continue
                items = self._class_items(firsts[k] & 0xFFFFFFFF)
                j = bisect.bisect_right(items, (pos - 16, 0xFFFFFFFF)) - 1
                if j < 0:
                    continue
                found = self._walk(items[j][0], pos, search)
                if found is not False:
                    return found
        return False

    def _walk(self, code_off: int, pos: int, search: bool) -> _Located | bool | None:
        """From a proven code item at or before `pos`, walk to the item covering `pos`."""
        dex = self.dex
        for _ in range(_MAX_WALK):
            owners = self._owner.get(code_off)
            if not owners and search:
                owners = self._search_owners(code_off)
            if not owners:
                return False
            start, stop = dex.code_bounds(code_off)
            if pos < stop:
                return (code_off, owners) if pos >= start else None
            end = dex.code_item_end(code_off)
            if pos < end:
                return None  # inside this item's tries/handlers: not an instruction
            code_off = (end + 3) & ~3
        return False

    def _first_keys(self) -> list[int]:
        if self._state.firsts is None:
            keys = []
            for ci in range(self.dex.class_defs_size):
                first = parse_class_data(self.dex, ci, first_only=True)
                if first:
                    keys.append(first[0][0] << 32 | ci)
            keys.sort()
            self._state.firsts = keys
        return self._state.firsts

    def _class_items(self, ci: int) -> list[tuple[int, int]]:
        items = self._classes.get(ci)
        if items is None:
            items = sorted(parse_class_data(self.dex, ci))
            self._classes[ci] = items
            for off, midx in items:
                methods = self._owner.setdefault(off, [])
                if midx not in methods:
                    methods.append(midx)
        return items

    def _search_owners(self, code_off: int) -> list[int]:
        """Find the class whose class_data points at `code_off` by a bytes search."""
        dex = self.dex
        lo, hi = dex.class_data_area
        if hi <= lo or code_off >= dex.end:
            return []
        needle = bytearray()
        value = code_off
        while value >= 0x80:
            needle.append(value & 0x7F | 0x80)
            value >>= 7
        needle.append(value)
        if self._state.cd_starts is None:
            self._state.cd_starts = sorted(
                off << 32 | ci for ci, off in enumerate(dex.class_data_offsets()) if off
            )
        starts = self._state.cd_starts
        q = dex.data.find(needle, lo, hi)
        for _ in range(_MAX_OWNER_PROBES):
            if q < 0:
                break
            k = bisect.bisect_right(starts, q << 32 | 0xFFFFFFFF) - 1
            if k >= 0:
                self._class_items(starts[k] & 0xFFFFFFFF)
                owners = self._owner.get(code_off)
                if owners:
                    return owners
            q = dex.data.find(needle, q + 1, hi)
        return []

    # -------------------------------------------------------------- exact index

    def _locate_exact(self, pos: int) -> _Located | None:
        if self._state.exact is None:
            # One flat list of ints is the cheapest sortable, bisectable index in CPython;
            # methods sharing a code item (dexlayout can dedupe them) get adjacent keys.
            keys = [
                off << 32 | midx
                for ci in range(self.dex.class_defs_size)
                for off, midx in parse_class_data(self.dex, ci)
            ]
            keys.sort()
            self._state.exact = keys
        keys = self._state.exact
        i = bisect.bisect_right(keys, ((pos - 16) << 32) | 0xFFFFFFFF) - 1
        if i < 0:
            return None
        code_off = keys[i] >> 32
        start, stop = self.dex.code_bounds(code_off)
        if not start <= pos < stop:
            return None
        j = bisect.bisect_left(keys, code_off << 32)
        methods = []
        while j < len(keys) and keys[j] >> 32 == code_off:
            methods.append(keys[j] & 0xFFFFFFFF)
            j += 1
        return code_off, methods

"""A lazy, bounds-checked view of one dex file.

Nothing is decoded up front beyond the 112-byte header and the map_list. Identifiers are
resolved by binary search in the sorted id tables (the format requires string_ids, type_ids,
field_ids and method_ids to be sorted), and the class_data needed to name a calling method
is parsed only when a scan actually has candidates to attribute.

Every offset and count read from the file is checked against the bytes that are really there
before it is used, so hostile input raises DexError instead of reading out of range, hanging
or allocating memory in proportion to a forged count.
"""

from __future__ import annotations

import bisect
import struct
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from typing import TypeVar

from ._model import DexError
from ._mutf8 import decode_mutf8, encode_mutf8, pool_sort_key

__all__ = ["DEX_MAGIC_PREFIX", "SUPPORTED_VERSIONS", "DexFile", "looks_like_dex"]

#: Every dex file starts with these 4 bytes, then a 3-digit version and a NUL.
DEX_MAGIC_PREFIX = b"dex\n"
#: 035 (all Android), 037 (N), 038 (O), 039 (P..U), 040 (U+), 041 (V, "container" files).
SUPPORTED_VERSIONS = frozenset({35, 36, 37, 38, 39, 40, 41})

_ENDIAN_CONSTANT = 0x12345678
_REVERSE_ENDIAN_CONSTANT = 0x78563412
_HEADER_SIZE = 0x70
_HEADER_SIZE_V41 = 0x78  # + container_size, header_offset

# map_list item types this module uses.
TYPE_CLASS_DATA_ITEM = 0x2000
TYPE_CODE_ITEM = 0x2001
TYPE_STRING_DATA_ITEM = 0x2002

_U32 = struct.Struct("<I")
_ID_HHI = struct.Struct("<HHI")  # field_id (class, type, name) and method_id (class, proto, name)
_PROTO = struct.Struct("<III")  # shorty_idx, return_type_idx, parameters_off
_MAP_ITEM = struct.Struct("<HHII")
_CODE_HEADER = struct.Struct("<HHHHII")  # registers, ins, outs, tries, debug_info_off, insns_size

_F = TypeVar("_F", bound=Callable[..., object])


def looks_like_dex(data: bytes | bytearray | memoryview) -> bool:
    """Cheap check for the dex magic: 'dex\\n', three digits, NUL."""
    head = bytes(data[:8])
    return len(head) == 8 and head[:4] == DEX_MAGIC_PREFIX and head[4:7].isdigit() and not head[7]


def _guarded(func: _F) -> _F:
    """Turn low-level read errors that slipped past the explicit checks into DexError.

    The explicit checks cover every offset we know of; this is the net under them, so a
    caller only ever has to handle DexError for malformed input.
    """

    @wraps(func)
    def wrapper(self: DexFile, *args: object, **kwargs: object) -> object:
        try:
            return func(self, *args, **kwargs)
        except DexError:
            raise
        except (IndexError, struct.error, UnicodeDecodeError, OverflowError) as exc:
            raise DexError(f"{self.name or 'dex'}: malformed dex ({exc})") from exc

    return wrapper  # type: ignore[return-value]


class DexFile:
    """One dex (or, for version 041, one dex entry of a container file).

    `data` is kept by reference (bytes are not copied; other buffers are copied once), and
    every table is read on demand.

    Index-based methods (find_string, find_methods, method_info, ...) answer for this entry.
    The value-returning helpers class_descriptors / strings_with_prefix / strings_containing
    of `DexFile(data)` answer for the whole file, i.e. for every entry of a v041 container,
    so callers that open one DexFile per dex file miss nothing.
    """

    def __init__(
        self, data: bytes | bytearray | memoryview, name: str = "", *, header_offset: int = 0
    ) -> None:
        self.data: bytes = data if isinstance(data, bytes) else bytes(data)
        self.name = name
        self._strings: dict[int, str] = {}
        self._method_info: dict[int, tuple[str, str, str]] = {}
        self._class_data_cache: tuple[int, ...] | None = None
        self._class_def_words: array[int] | None = None
        self._defined_strings: list[int] | None = None
        # What CodeLocator learnt about this dex (plain ints, no reference back to the dex, so
        # no cycle): a DexFile that is scanned again (second pass, hierarchy) reuses it.
        self.locator_state: object | None = None
        self._string_offsets: array[int] | None = None
        self._found: dict[str, int | None] = {}  # find_string memo (class names repeat)
        self._types_found: dict[str, int | None] = {}  # find_type memo
        # Sort keys of the strings binary searches probe. Every search walks the same top
        # levels of the implicit search tree, so a few hundred cached keys save most reads.
        self._probe_keys: dict[int, bytes] = {}
        try:
            self._parse_header(header_offset)
            self._parse_map()
        except DexError:
            raise
        except (IndexError, struct.error) as exc:  # pragma: no cover - belt and braces
            raise DexError(f"{self._where()}malformed header ({exc})") from exc

    # ------------------------------------------------------------------ construction

    @classmethod
    def open_all(cls, data: bytes | bytearray | memoryview, name: str = "") -> list[DexFile]:
        """Every dex in `data`: one for versions 035-040, one per header for a 041 container."""
        first = cls(data, name)
        if first.version < 41 or first.container_size <= first.file_size:
            return [first]
        out = [first]
        pos = first.file_size
        buf = first.data
        # Each header's file_size is the distance to the next header; every step moves forward
        # by at least a header, so the loop is bounded by container_size / 0x78.
        while pos < first.container_size:
            if pos % 4:
                raise DexError(f"{name}: dex container entry at {pos:#x} is not 4-byte aligned")
            sub = cls(buf, name, header_offset=pos)
            if sub.container_size != first.container_size:
                raise DexError(f"{name}: dex container entry at {pos:#x} disagrees on its size")
            out.append(sub)
            pos += sub.file_size
        return out

    def _where(self) -> str:
        return f"{self.name}: " if self.name else ""

    def _fail(self, message: str) -> DexError:
        return DexError(self._where() + message)

    def _parse_header(self, h: int) -> None:
        buf = self.data
        if h < 0 or len(buf) - h < _HEADER_SIZE:
            raise self._fail(f"truncated: {len(buf) - h} bytes, a dex header needs {_HEADER_SIZE}")
        magic = buf[h : h + 8]
        if magic[:4] != DEX_MAGIC_PREFIX or not magic[4:7].isdigit() or magic[7]:
            raise self._fail(f"bad magic {magic!r}")
        version = int(magic[4:7])
        if version not in SUPPORTED_VERSIONS:
            raise self._fail(f"unsupported dex version {magic[4:7].decode()}")
        self.version = version
        (
            file_size, header_size, endian_tag, _link_size, _link_off, map_off,
            string_ids_size, string_ids_off, type_ids_size, type_ids_off,
            proto_ids_size, proto_ids_off, field_ids_size, field_ids_off,
            method_ids_size, method_ids_off, class_defs_size, class_defs_off,
            _data_size, _data_off,
        ) = struct.unpack_from("<20I", buf, h + 32)  # fmt: skip
        if endian_tag == _REVERSE_ENDIAN_CONSTANT:
            raise self._fail("big-endian dex files are not supported")
        if endian_tag != _ENDIAN_CONSTANT:
            raise self._fail(f"bad endian tag {endian_tag:#x}")

        if version >= 41:
            # v41: file_size is this entry's extent (header to next header); offsets of the id
            # tables are relative to this header, all other offsets to the container start
            # (that is what lets entries share one data area) -- as ART's DexFile does it.
            if header_size < _HEADER_SIZE_V41 or len(buf) - h < _HEADER_SIZE_V41:
                raise self._fail(f"v41 header too small ({header_size} bytes)")
            container_size, header_offset = struct.unpack_from("<II", buf, h + _HEADER_SIZE)
            if header_offset != h:
                raise self._fail(f"header_offset {header_offset:#x} != actual {h:#x}")
            if container_size > len(buf):
                raise self._fail(f"truncated: container_size {container_size} > {len(buf)} bytes")
            if file_size < header_size or file_size > container_size - h:
                raise self._fail(f"bad file_size {file_size} for container entry at {h:#x}")
            end = container_size
        else:
            if header_size < _HEADER_SIZE or header_size > file_size:
                raise self._fail(f"bad header_size {header_size}")
            if file_size > len(buf) - h:
                raise self._fail(f"truncated: file_size says {file_size}, {len(buf) - h} present")
            container_size = file_size
            end = h + file_size
        self.file_size: int = file_size
        self.container_size: int = container_size
        self.header_offset = h
        # `_end` bounds every data-area offset; the id tables must sit inside this entry.
        self._end: int = end
        self._ids_base = h
        ids_end = h + file_size

        def table(label: str, size: int, off: int, item: int, limit: int | None = None) -> int:
            if limit is not None and size > limit:
                raise self._fail(f"{label}_size {size} exceeds the format limit {limit}")
            if size == 0:
                return 0
            start = h + off
            if off < header_size or start + size * item > ids_end:
                raise self._fail(
                    f"{label} table ({size} x {item} bytes at {off:#x}) lies outside the file"
                )
            return start

        self.string_ids_size = string_ids_size
        self._string_ids = table("string_ids", string_ids_size, string_ids_off, 4)
        self.type_ids_size = type_ids_size
        self._type_ids = table("type_ids", type_ids_size, type_ids_off, 4, 0xFFFF)
        self.proto_ids_size = proto_ids_size
        self._proto_ids = table("proto_ids", proto_ids_size, proto_ids_off, 12, 0xFFFF)
        self.field_ids_size = field_ids_size
        self._field_ids = table("field_ids", field_ids_size, field_ids_off, 8)
        self.method_ids_size = method_ids_size
        self._method_ids = table("method_ids", method_ids_size, method_ids_off, 8)
        self.class_defs_size = class_defs_size
        self._class_defs = table("class_defs", class_defs_size, class_defs_off, 32)
        self._map_off = map_off

    def _parse_map(self) -> None:
        """Read map_list to learn where the code_item / class_data / string_data areas are."""
        buf, end, off = self.data, self._end, self._map_off
        if off == 0 or off % 4 or off > end - 4:
            raise self._fail(f"map_list offset {off:#x} is outside the file")
        count = _U32.unpack_from(buf, off)[0]
        if count > (end - off - 4) // 12:
            raise self._fail(f"map_list claims {count} entries, more than the file can hold")
        entries: dict[int, tuple[int, int]] = {}
        starts: list[int] = []
        for i in range(count):
            type_, _unused, size, item_off = _MAP_ITEM.unpack_from(buf, off + 4 + 12 * i)
            if item_off > end:
                raise self._fail(f"map_list entry {i} (type {type_:#06x}) points past the end")
            entries[type_] = (item_off, size)
            starts.append(item_off)
        starts.sort()

        def area(type_: int) -> tuple[int, int]:
            # Items of one type are contiguous (map_list entries are ordered and disjoint), so
            # an area runs from its offset to the next area's offset.
            item_off, size = entries.get(type_, (0, 0))
            if size == 0 or item_off == 0:
                return (0, 0)
            i = bisect.bisect_right(starts, item_off)
            return (item_off, starts[i] if i < len(starts) else end)

        self._map_entries = entries
        self._code_area = area(TYPE_CODE_ITEM)
        self._class_data_area = area(TYPE_CLASS_DATA_ITEM)
        self._string_data_area = area(TYPE_STRING_DATA_ITEM)

    # ------------------------------------------------------------------ strings

    def _string_data_off(self, idx: int) -> int:
        if not 0 <= idx < self.string_ids_size:
            raise self._fail(f"string index {idx} out of range (0..{self.string_ids_size - 1})")
        off: int = _U32.unpack_from(self.data, self._string_ids + 4 * idx)[0]
        return off

    def _string_bounds(self, idx: int) -> tuple[int, int]:
        """(start, end) of string #idx's MUTF-8 bytes, after the uleb128 length, before NUL."""
        return self._string_bounds_at(self._string_data_off(idx), idx)

    def _string_bounds_at(self, data_off: int, idx: int | None = None) -> tuple[int, int]:
        buf, end = self.data, self._end
        label = f"string #{idx}" if idx is not None else f"string at {data_off:#x}"
        if data_off >= end:
            raise self._fail(f"{label}: data offset {data_off:#x} is past the end")
        # utf16_size (uleb128, <= 5 bytes) bounds the byte length: a UTF-16 unit takes at most
        # 3 MUTF-8 bytes. Searching for the NUL only that far keeps a forged string from
        # turning every lookup into a scan of the rest of the file.
        pos = data_off
        units = 0
        shift = 0
        while True:
            if pos >= end or shift > 28:
                raise self._fail(f"{label}: bad length prefix")
            b = buf[pos]
            pos += 1
            units |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        nul = buf.find(b"\x00", pos, min(end, pos + 3 * units + 1))
        if nul < 0:
            raise self._fail(f"{label}: no terminating NUL within its declared length")
        return pos, nul

    def _string_raw(self, idx: int) -> bytes:
        start, stop = self._string_bounds(idx)
        return self.data[start:stop]

    def string(self, idx: int) -> str:
        """String #idx, decoded (cached)."""
        cached = self._strings.get(idx)
        if cached is None:
            try:
                cached = decode_mutf8(self._string_raw(idx))
            except UnicodeDecodeError as exc:
                raise self._fail(f"string #{idx} is not valid MUTF-8 ({exc.reason})") from exc
            self._strings[idx] = cached
        return cached

    def _string_lower_bound(self, key: bytes) -> int:
        """First string index whose pool key is >= key (string_ids are sorted)."""
        lo, hi = 0, self.string_ids_size
        probes = self._probe_keys
        while lo < hi:
            mid = (lo + hi) // 2
            probe = probes.get(mid)
            if probe is None:
                probe = probes[mid] = pool_sort_key(self._string_raw(mid))
            if probe < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    @_guarded
    def find_string(self, value: str) -> int | None:
        """Index of the string equal to `value`, by binary search; None when absent."""
        if value in self._found:
            return self._found[value]
        raw = encode_mutf8(value)
        i = self._string_lower_bound(pool_sort_key(raw))
        found = i if i < self.string_ids_size and self._string_raw(i) == raw else None
        self._found[value] = found
        return found

    def _prefix_range(self, prefix: str) -> tuple[int, int]:
        """[lo, hi) of the string indices that start with `prefix`: two binary searches.
        Pool keys keep prefixes (a string's key starts with its prefix's key) and MUTF-8
        never uses byte 0xFF, so every key with that prefix sorts below key + 0xFF."""
        key = pool_sort_key(encode_mutf8(prefix))
        lo = self._string_lower_bound(key)
        return lo, self._string_lower_bound(key + b"\xff")

    def _iter_prefix(self, prefix: str) -> Iterator[int]:
        yield from range(*self._prefix_range(prefix))

    @_guarded
    def string_indices_with_prefix(self, prefix: str) -> list[int]:
        """Indices of all strings starting with `prefix` (binary search, then a forward walk)."""
        return list(self._iter_prefix(prefix))

    @_guarded
    def strings_with_prefix(self, prefix: str) -> list[str]:
        """All strings that start with `prefix`, in pool (UTF-16) order, without duplicates."""
        entries = self._file_entries()
        if len(entries) == 1:
            return [self.string(i) for i in self._iter_prefix(prefix)]
        found = {e.string(i) for e in entries for i in e._iter_prefix(prefix)}
        return sorted(found, key=lambda t: t.encode("utf-16-be", "surrogatepass"))

    def _file_entries(self) -> list[DexFile]:
        """[self], or every entry of the v041 container whose first entry this is."""
        if self.header_offset == 0 and self.container_size > self.file_size:
            return [self, *DexFile.open_all(self.data, self.name)[1:]]
        return [self]

    def _sorted_string_offsets(self) -> array[int]:
        if self._string_offsets is None:
            offs = array("I")
            if self.string_ids_size:
                offs.frombytes(
                    self.data[self._string_ids : self._string_ids + 4 * self.string_ids_size]
                )
                if sys.byteorder != "little":  # pragma: no cover - dex is little-endian
                    offs.byteswap()
            self._string_offsets = array("I", sorted(offs))
        return self._string_offsets

    @_guarded
    def strings_containing(self, needle: str) -> list[str]:
        """All strings containing `needle`, found by a bytes search over the string data.

        MUTF-8 is self-synchronising, so a byte match of the encoded needle is a character
        match; each hit is mapped back to its string through the sorted string offsets and
        checked to lie inside that string's bytes. Sorted, without duplicates.
        """
        entries = self._file_entries()
        if len(entries) > 1:
            return sorted({s for e in entries for s in e._strings_containing(needle)})
        return self._strings_containing(needle)

    def _strings_containing(self, needle: str) -> list[str]:
        raw = encode_mutf8(needle)
        if not raw:
            return sorted({self.string(i) for i in range(self.string_ids_size)})
        lo, hi = self._string_data_area
        if hi <= lo:  # no map entry: fall back to the whole data area
            lo, hi = self._ids_base, self._end
        offs = self._sorted_string_offsets()
        buf = self.data
        found: set[str] = set()
        pos = buf.find(raw, lo, hi)
        while pos >= 0:
            nxt = pos + 1
            j = bisect.bisect_right(offs, pos) - 1
            if j >= 0:
                start, nul = self._string_bounds_at(offs[j])
                if start <= pos and pos + len(raw) <= nul:
                    try:
                        found.add(decode_mutf8(buf[start:nul]))
                    except UnicodeDecodeError as exc:
                        raise self._fail(
                            f"string at {offs[j]:#x} is not valid MUTF-8 ({exc.reason})"
                        ) from exc
                    nxt = nul + 1  # the rest of this string is already accounted for
            pos = buf.find(raw, nxt, hi)
        return sorted(found)

    # ------------------------------------------------------------------ types, protos, ids

    def _type_string_idx(self, tidx: int) -> int:
        if not 0 <= tidx < self.type_ids_size:
            raise self._fail(f"type index {tidx} out of range (0..{self.type_ids_size - 1})")
        sidx: int = _U32.unpack_from(self.data, self._type_ids + 4 * tidx)[0]
        return sidx

    def type_descriptor(self, tidx: int) -> str:
        return self.string(self._type_string_idx(tidx))

    @_guarded
    def find_type(self, descriptor: str) -> int | None:
        """type_ids index of `descriptor`; type_ids are sorted by their string index."""
        if descriptor in self._types_found:
            return self._types_found[descriptor]
        sidx = self.find_string(descriptor)
        found = None
        if sidx is not None:
            lo, hi = 0, self.type_ids_size
            while lo < hi:
                mid = (lo + hi) // 2
                if self._type_string_idx(mid) < sidx:
                    lo = mid + 1
                else:
                    hi = mid
            if lo < self.type_ids_size and self._type_string_idx(lo) == sidx:
                found = lo
            self._types_found[descriptor] = found  # absent names cost nothing: find_string memo
        return found

    def proto_descriptor(self, pidx: int) -> str:
        """'(params)ret' of proto #pidx."""
        if not 0 <= pidx < self.proto_ids_size:
            raise self._fail(f"proto index {pidx} out of range")
        _shorty, ret, params_off = _PROTO.unpack_from(self.data, self._proto_ids + 12 * pidx)
        params = ""
        if params_off:
            if params_off > self._end - 4:
                raise self._fail(f"proto #{pidx} parameter list offset {params_off:#x} is bad")
            n = _U32.unpack_from(self.data, params_off)[0]
            if n > (self._end - params_off - 4) // 2:
                raise self._fail(f"proto #{pidx} claims {n} parameters, past the end")
            idxs = struct.unpack_from(f"<{n}H", self.data, params_off + 4)
            params = "".join(self.type_descriptor(t) for t in idxs)
        return f"({params}){self.type_descriptor(ret)}"

    def _id_entry(self, base: int, size: int, idx: int, label: str) -> tuple[int, int, int]:
        if not 0 <= idx < size:
            raise self._fail(f"{label} index {idx} out of range (0..{size - 1})")
        entry: tuple[int, int, int] = _ID_HHI.unpack_from(self.data, base + 8 * idx)
        return entry

    def method_info(self, midx: int) -> tuple[str, str, str]:
        """(class descriptor, name, descriptor) of method_ids[midx] (cached)."""
        info = self._method_info.get(midx)
        if info is None:
            cls, proto, name = self._id_entry(
                self._method_ids, self.method_ids_size, midx, "method"
            )
            info = (self.type_descriptor(cls), self.string(name), self.proto_descriptor(proto))
            self._method_info[midx] = info
        return info

    def field_info(self, fidx: int) -> tuple[str, str, str]:
        """(class descriptor, name, type descriptor) of field_ids[fidx]."""
        cls, type_, name = self._id_entry(self._field_ids, self.field_ids_size, fidx, "field")
        return self.type_descriptor(cls), self.string(name), self.type_descriptor(type_)

    def _id_range(self, base: int, size: int, cls: int, name: int) -> Iterator[tuple[int, int]]:
        """(index, proto-or-type) of ids with this (class, name); both tables sort that way."""
        lo, hi = 0, size
        unpack, buf = _ID_HHI.unpack_from, self.data
        while lo < hi:
            mid = (lo + hi) // 2
            c, _x, n = unpack(buf, base + 8 * mid)
            if (c, n) < (cls, name):
                lo = mid + 1
            else:
                hi = mid
        while lo < size:
            c, x, n = unpack(buf, base + 8 * lo)
            if c != cls or n != name:
                return
            yield lo, x
            lo += 1

    @_guarded
    def find_methods(self, cls: str, name: str, descriptor: str | None = None) -> list[int]:
        """method_ids indices of cls->name (every overload when `descriptor` is None).

        Two wider forms, for references the exact form cannot name:
        - cls "" = any class: `this.finish()` is referenced through the app's own Activity
          subclass, so only name + descriptor identify it (one pass over method_ids);
        - cls ending in "/" = a package prefix (`Lcom/tencent/mm/opensdk/`) and name "" =
          any method: every method of every class in that package. Strings, type_ids and
          method_ids are all sorted, so the package is one contiguous range of each.
        """
        want = None if descriptor is None else descriptor.replace(" ", "")
        if cls == "":
            return self._methods_named(name, want)
        if cls.endswith("/"):
            return self._methods_in_package(cls, name, want)
        if name == "":
            return self._methods_of_class(cls, want)
        ctype = self.find_type(cls)
        nidx = self.find_string(name) if ctype is not None else None
        if ctype is None or nidx is None:
            return []
        return [
            midx
            for midx, proto in self._id_range(self._method_ids, self.method_ids_size, ctype, nidx)
            if want is None or self.proto_descriptor(proto) == want
        ]

    def _methods_of_class(self, cls: str, want: str | None) -> list[int]:
        """Every method_ids entry of one class (method_ids are sorted by class first)."""
        ctype = self.find_type(cls)
        if ctype is None:
            return []
        base, unpack, buf = self._method_ids, _ID_HHI.unpack_from, self.data
        lo = self._first_at_least(self.method_ids_size, lambda i: unpack(buf, base + 8 * i)[0], ctype)
        out = []
        for midx in range(lo, self.method_ids_size):
            c, proto, _n = unpack(buf, base + 8 * midx)
            if c != ctype:
                break
            if want is None or self.proto_descriptor(proto) == want:
                out.append(midx)
        return out

    def _methods_named(self, name: str, want: str | None) -> list[int]:
        """Every method_ids entry with this name, any class: a bytes search for the name's
        string index in the name column (offset 4 of each 8-byte entry), not a decode."""
        nidx = self.find_string(name)
        if nidx is None:
            return []
        base, end = self._method_ids, self._method_ids + 8 * self.method_ids_size
        needle, buf, out = _U32.pack(nidx), self.data, []
        pos = buf.find(needle, base, end)
        while pos >= 0:
            if (pos - base) % 8 == 4:
                midx = (pos - base) // 8
                _c, proto, _n = _ID_HHI.unpack_from(buf, base + 8 * midx)
                if want is None or self.proto_descriptor(proto) == want:
                    out.append(midx)
            pos = buf.find(needle, pos + 1, end)
        return out

    def _methods_in_package(self, prefix: str, name: str, want: str | None) -> list[int]:
        sidxs = self.string_indices_with_prefix(prefix)
        if not sidxs:
            return []
        first, last = sidxs[0], sidxs[-1]
        # type_ids are sorted by string index: the package's types form one run.
        t_lo = self._first_at_least(self.type_ids_size, lambda i: self._type_string_idx(i), first)
        t_hi = self._first_at_least(self.type_ids_size, lambda i: self._type_string_idx(i), last + 1)
        if t_lo == t_hi:
            return []
        nidx = self.find_string(name) if name else None
        if name and nidx is None:
            return []
        # method_ids are sorted by class: the package's methods form one run too.
        base, unpack, buf = self._method_ids, _ID_HHI.unpack_from, self.data
        m_lo = self._first_at_least(self.method_ids_size, lambda i: unpack(buf, base + 8 * i)[0], t_lo)
        m_hi = self._first_at_least(self.method_ids_size, lambda i: unpack(buf, base + 8 * i)[0], t_hi)
        out = []
        for midx in range(m_lo, m_hi):
            _c, proto, n = unpack(buf, base + 8 * midx)
            if (nidx is None or n == nidx) and (want is None or self.proto_descriptor(proto) == want):
                out.append(midx)
        return out

    @staticmethod
    def _first_at_least(size: int, key: Callable[[int], int], value: int) -> int:
        """First index in [0, size) whose (non-decreasing) key is >= value."""
        lo, hi = 0, size
        while lo < hi:
            mid = (lo + hi) // 2
            if key(mid) < value:
                lo = mid + 1
            else:
                hi = mid
        return lo

    @_guarded
    def find_fields(self, cls: str, name: str, type_: str | None = None) -> list[int]:
        """field_ids indices of cls->name (any type when `type_` is None)."""
        ctype = self.find_type(cls)
        nidx = self.find_string(name) if ctype is not None else None
        if ctype is None or nidx is None:
            return []
        return [
            fidx
            for fidx, tidx in self._id_range(self._field_ids, self.field_ids_size, ctype, nidx)
            if type_ is None or self.type_descriptor(tidx) == type_
        ]

    # ------------------------------------------------------------------ classes and code

    @_guarded
    def class_descriptors(self) -> list[str]:
        """Descriptor of every class defined in this dex file, in class_defs order."""
        return [d for e in self._file_entries() for d in e._class_descriptors()]

    @_guarded
    def entry_class_descriptors(self) -> list[str]:
        """Descriptor of every class defined in this entry only (one entry of a v041 file)."""
        return self._class_descriptors()

    @_guarded
    def classes_with_prefixes(self, prefixes: Iterable[str], limit: int | None = None) -> list[str]:
        """Classes defined in this dex whose descriptor starts with one of `prefixes`.

        Each prefix is one binary search in the sorted string pool; only the strings in
        that range that name a defined class are decoded (SDK detection asks for ~200
        package prefixes; decoding every class name costs several times more). With
        `limit`, at most that many classes per prefix (and entry): enough to show an SDK is
        there, without walking the thousands of classes of `Landroidx/`.
        """
        found: set[str] = set()
        for e in self._file_entries():
            defined = e._defined_class_string_indices()
            for prefix in prefixes:
                lo, hi = e._prefix_range(prefix)
                first, last = bisect.bisect_left(defined, lo), bisect.bisect_left(defined, hi)
                if limit is not None:
                    last = min(last, first + limit)
                found.update(e.string(sidx) for sidx in defined[first:last])
        return sorted(found)

    @_guarded
    def class_hierarchy(self) -> dict[str, tuple[str | None, tuple[str, ...]]]:
        """Every class defined in this dex: descriptor -> (superclass, interfaces)."""
        n = self.class_defs_size
        out: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        if not n:
            return out
        words = struct.unpack_from(f"<{8 * n}I", self.data, self._class_defs)
        no_index = 0xFFFFFFFF
        for i in range(n):
            cls_idx, _flags, super_idx, ifaces_off = words[8 * i : 8 * i + 4]
            parent = None if super_idx == no_index else self.type_descriptor(super_idx)
            ifaces: tuple[str, ...] = ()
            if ifaces_off:
                if ifaces_off > self._end - 4:
                    raise self._fail(f"class_def #{i}: interfaces offset {ifaces_off:#x} is bad")
                count = _U32.unpack_from(self.data, ifaces_off)[0]
                if count > (self._end - ifaces_off - 4) // 2:
                    raise self._fail(f"class_def #{i}: {count} interfaces run past the end")
                idxs = struct.unpack_from(f"<{count}H", self.data, ifaces_off + 4)
                ifaces = tuple(self.type_descriptor(t) for t in idxs)
            out[self.type_descriptor(cls_idx)] = (parent, ifaces)
        return out

    def class_def_words(self) -> array[int]:
        """Every class_def_item as 8 uint32 words in one array (cached): column j of class
        #i is word 8*i + j (0 class_idx, 1 access_flags, 2 superclass_idx, 3 interfaces_off,
        4 source_file_idx, 5 annotations_off, 6 class_data_off, 7 static_values_off), so
        `words[2::8]` is the superclass column without building a Python int per cell."""
        if self._class_def_words is None:
            words = array("I")
            n = self.class_defs_size
            if n:
                words.frombytes(self.data[self._class_defs : self._class_defs + 32 * n])
                if sys.byteorder != "little":  # pragma: no cover - dex is little-endian
                    words.byteswap()
            self._class_def_words = words
        return self._class_def_words

    def _defined_class_string_indices(self) -> list[int]:
        """String indices of the classes this dex defines, sorted (cached): string order is
        descriptor order, so the classes under a prefix are one slice of it."""
        if self._defined_strings is None:
            self._defined_strings = sorted({self._type_string_idx(t) for t in self.class_def_words()[0::8]})
        return self._defined_strings

    def _class_descriptors(self) -> list[str]:
        return [self.type_descriptor(t) for t in self.class_def_words()[0::8]]

    def map_item(self, type_: int) -> tuple[int, int]:
        """(offset, count) of the map_list entry of `type_` ((0, 0) when the dex has none)."""
        return self._map_entries.get(type_, (0, 0))

    def map_area_end(self, offset: int) -> int:
        """Where the map_list area starting at `offset` ends: the next area's offset."""
        later = [off for off, _n in self._map_entries.values() if off > offset]
        return min(later) if later else self._end

    @property
    def code_area(self) -> tuple[int, int]:
        """[start, end) of the code_item area from map_list ((0, 0) when there is no code)."""
        return self._code_area

    @property
    def class_data_area(self) -> tuple[int, int]:
        """[start, end) of the class_data_item area from map_list ((0, 0) when absent)."""
        return self._class_data_area

    @property
    def end(self) -> int:
        """Offset past the last byte any data offset of this dex may point into."""
        return self._end

    def class_data_offsets(self) -> tuple[int, ...]:
        """class_data_off of every class_def (0 = no class_data), read in one struct call."""
        if self._class_data_cache is None:
            self._class_data_cache = tuple(self.class_def_words()[6::8])
        return self._class_data_cache

    def trim_caches(self) -> None:
        """Forget what is cheap to learn again (probed sort keys, decoded strings, method
        names, the class_defs array), keeping the lookups later passes repeat (which string
        and type indices the catalogue's names have): many kept dex files then cost little
        more memory than their bytes."""
        self._probe_keys = {}
        self._strings = {}
        self._method_info = {}
        self._class_def_words = None
        self._defined_strings = None
        self._class_data_cache = None

    def fail(self, message: str) -> DexError:
        """A DexError whose message names this dex (for the sibling modules)."""
        return self._fail(message)

    def uleb(self, pos: int) -> tuple[int, int]:
        """(value, next position) of the uleb128 at `pos` (<= 5 bytes)."""
        buf = self.data
        value = 0
        shift = 0
        while True:
            if shift > 28:
                raise self._fail(f"overlong uleb128 at {pos:#x}")
            b = buf[pos]
            pos += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return value, pos

    def sleb(self, pos: int) -> tuple[int, int]:
        """(value, next position) of the sleb128 at `pos`."""
        value, end = self.uleb(pos)
        bits = 7 * (end - pos)
        if value >> (bits - 1) & 1:  # sign bit of the last byte's payload
            value -= 1 << bits
        return value, end

    def code_item_end(self, code_off: int) -> int:
        """Offset just past the code_item at `code_off` (insns, padding, tries, handlers)."""
        self.code_bounds(code_off)
        _regs, _ins, _outs, tries, _debug, insns_size = _CODE_HEADER.unpack_from(
            self.data, code_off
        )
        pos: int = code_off + 16 + 2 * insns_size
        if not tries:
            return pos
        if insns_size & 1:
            pos += 2  # padding so that tries are 4-byte aligned
        pos += 8 * tries
        if pos > self._end:
            raise self._fail(f"code_item at {code_off:#x}: tries run past the end")
        handlers, pos = self.uleb(pos)
        if handlers > self._end - pos:
            raise self._fail(f"code_item at {code_off:#x}: bad handler count")
        for _ in range(handlers):
            size, pos = self.sleb(pos)  # negative: |size| typed handlers plus a catch-all
            if abs(size) > (self._end - pos) // 2:
                raise self._fail(f"code_item at {code_off:#x}: bad catch handler size")
            for _ in range(abs(size)):
                _type, pos = self.uleb(pos)
                _addr, pos = self.uleb(pos)
            if size <= 0:
                _addr, pos = self.uleb(pos)
        return pos

    def code_bounds(self, code_off: int) -> tuple[int, int]:
        """(insns_start, insns_end) absolute offsets of the code_item at `code_off`."""
        if code_off % 4 or code_off > self._end - 16:
            raise self._fail(f"code_item offset {code_off:#x} is misaligned or past the end")
        insns_size = _CODE_HEADER.unpack_from(self.data, code_off)[5]
        start = code_off + 16
        stop = start + 2 * insns_size
        if stop > self._end:
            raise self._fail(f"code_item at {code_off:#x}: insns run past the end")
        return start, stop

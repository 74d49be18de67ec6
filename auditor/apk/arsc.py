"""Resolve one string resource (the app label) straight from resources.arsc.

androguard's resource parser builds the whole table before answering and costs seconds on
a large resources.arsc (5 s on the 45 MB framework-res). The label needs one entry: walk the
chunk headers to the package and type of the resource id, read that entry's value and the
global string pool slot it points at. Bounds are checked everywhere; any surprise returns
None and the caller falls back.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator

_RES_TABLE = 0x0002
_STRING_POOL = 0x0001
_PACKAGE = 0x0200
_TYPE = 0x0201
_TYPE_STRING = 0x03
_TYPE_REFERENCE = 0x01
_UTF8_FLAG = 0x100
_FLAG_SPARSE = 0x01
_FLAG_OFFSET16 = 0x02
_ENTRY_COMPLEX = 0x0001
_ENTRY_COMPACT = 0x0008
_NO_ENTRY = 0xFFFFFFFF


class _Bad(Exception):
    pass


def _u16(b: bytes, off: int) -> int:
    if off < 0 or off + 2 > len(b):
        raise _Bad
    return int(struct.unpack_from("<H", b, off)[0])


def _u32(b: bytes, off: int) -> int:
    if off < 0 or off + 4 > len(b):
        raise _Bad
    return int(struct.unpack_from("<I", b, off)[0])


def _pool_string(b: bytes, pool: int, index: int) -> str:
    header_size, count = _u16(b, pool + 2), _u32(b, pool + 8)
    flags, strings_start = _u32(b, pool + 16), _u32(b, pool + 20)
    if not 0 <= index < count:
        raise _Bad
    off = pool + strings_start + _u32(b, pool + header_size + 4 * index)
    if flags & _UTF8_FLAG:
        n = b[off] if off < len(b) else 0
        off += 2 if n & 0x80 else 1  # UTF-16 length, unused
        if off >= len(b):
            raise _Bad
        n = b[off]
        if n & 0x80:
            n = ((n & 0x7F) << 8) | b[off + 1]
            off += 2
        else:
            off += 1
        if off + n > len(b):
            raise _Bad
        return b[off : off + n].decode("utf-8", "replace")
    n = _u16(b, off)
    off += 2
    if n & 0x8000:
        n = ((n & 0x7FFF) << 16) | _u16(b, off)
        off += 2
    if off + 2 * n > len(b):
        raise _Bad
    return b[off : off + 2 * n].decode("utf-16-le", "replace")


def _entry_value(b: bytes, chunk: int, entry_id: int) -> tuple[int, int] | None:
    """(dataType, data) of one entry in a ResTable_type chunk, or None if absent."""
    header_size = _u16(b, chunk + 2)
    flags, count, entries_start = b[chunk + 9], _u32(b, chunk + 12), _u32(b, chunk + 16)
    offsets = chunk + header_size
    if flags & _FLAG_SPARSE:
        for i in range(count):  # sorted (index u16, offset/4 u16) pairs
            if _u16(b, offsets + 4 * i) == entry_id:
                offset = _u16(b, offsets + 4 * i + 2) * 4
                break
        else:
            return None
    elif entry_id >= count:
        return None
    elif flags & _FLAG_OFFSET16:
        offset = _u16(b, offsets + 2 * entry_id)
        if offset == 0xFFFF:
            return None
        offset *= 4
    else:
        offset = _u32(b, offsets + 4 * entry_id)
        if offset == _NO_ENTRY:
            return None
    entry = chunk + entries_start + offset
    size, eflags = _u16(b, entry), _u16(b, entry + 2)
    if eflags & _ENTRY_COMPACT:
        return b[entry + 3], _u32(b, entry + 4)
    if eflags & _ENTRY_COMPLEX:
        return None  # a bag (style, plural): not a plain string
    value = entry + size
    return b[value + 3], _u32(b, value + 4)


def _lookup(b: bytes, res_id: int) -> tuple[int, int] | None:
    """Value of res_id in the default configuration (or the first configuration that has it)."""
    if _u16(b, 0) != _RES_TABLE:
        raise _Bad
    pkg_id, type_id, entry_id = res_id >> 24, (res_id >> 16) & 0xFF, res_id & 0xFFFF
    pos, end = _u16(b, 2), min(len(b), _u32(b, 4))
    fallback = None
    while pos + 8 <= end:
        ctype, chunk_size = _u16(b, pos), _u32(b, pos + 4)
        if chunk_size < 8:
            raise _Bad
        if ctype == _PACKAGE and _u32(b, pos + 8) == pkg_id:
            sub, sub_end = pos + _u16(b, pos + 2), min(end, pos + chunk_size)
            while sub + 8 <= sub_end:
                stype, ssize = _u16(b, sub), _u32(b, sub + 4)
                if ssize < 8:
                    raise _Bad
                if stype == _TYPE and b[sub + 8] == type_id:
                    config = sub + 20
                    language = _u16(b, config + 8) if _u32(b, config) >= 12 else 0
                    found = _entry_value(b, sub, entry_id)
                    if found is not None:
                        if language == 0:
                            return found
                        fallback = fallback or found
                sub += ssize
        pos += chunk_size
    return fallback


def resolve_string(arsc: bytes, res_id: int, depth: int = 0) -> str | None:
    """The string value of resource `res_id`, following references, or None."""
    try:
        found = _lookup(arsc, res_id)
        if found is None:
            return None
        dtype, data = found
        if dtype == _TYPE_REFERENCE and depth < 4:
            return resolve_string(arsc, data, depth + 1)
        if dtype != _TYPE_STRING:
            return None
        pool = _u16(arsc, 2)
        if _u16(arsc, pool) != _STRING_POOL:
            return None
        return _pool_string(arsc, pool, data)
    except (_Bad, IndexError, struct.error):
        return None


# ---------------------------------------------------------------- the whole string table
#
# Lending recognition (auditor/analysis/lending.py) reads every string resource in every
# language the app carries. The walk below records, per string entry, only four integers and
# the configuration's locale; names and values are decoded on demand, so a reader that wants
# a few thousand strings of a 150,000-entry table (framework-res) decodes only those.

_TYPE_SPEC = 0x0202
_ENTRY_COMPLEX_FLAG = 0x0001
#: Entries recorded at most (a bound on memory; real apps have far fewer string entries).
MAX_TABLE_ENTRIES = 400_000


def _unpack_code(raw: bytes, base: str) -> str:
    """A ResTable_config language or region: two ASCII letters, or three packed into 15 bits."""
    if not raw or raw == b"\x00\x00":
        return ""
    if raw[0] & 0x80:
        first = raw[1] & 0x1F
        second = ((raw[1] & 0xE0) >> 5) | ((raw[0] & 0x03) << 3)
        third = (raw[0] & 0x7C) >> 2
        return "".join(chr(ord(base) + v) for v in (first, second, third))
    return raw.rstrip(b"\x00").decode("ascii", "replace")


def _locale(b: bytes, config: int) -> str:
    """'' for the default configuration, else 'zh', 'zh-rTW', 'in', 'b+fil'..."""
    if _u32(b, config) < 12 or config + 12 > len(b):
        return ""
    language = _unpack_code(b[config + 8 : config + 10], "a")
    region = _unpack_code(b[config + 10 : config + 12], "0")
    if not language:
        return ""
    return f"{language}-r{region}" if region else language


class _Pool:
    """A ResStringPool read lazily: count and on-demand decoding (cached)."""

    def __init__(self, b: bytes, offset: int) -> None:
        if _u16(b, offset) != _STRING_POOL:
            raise _Bad
        self._b, self._offset = b, offset
        self.count = _u32(b, offset + 8)
        self._cache: dict[int, str] = {}

    def get(self, index: int) -> str | None:
        hit = self._cache.get(index)
        if hit is None:
            try:
                hit = _pool_string(self._b, self._offset, index)
            except (_Bad, IndexError, struct.error):
                return None
            self._cache[index] = hit
        return hit


class StringTable:
    """Every string resource of a resources.arsc: (resource id, locale, name, value) on demand.

    The walk over the table only records where each string-type chunk is and its locale; the
    entries of a chunk are read when asked for. `entries` (all of them) and `iter_entries(keep)`
    (the chunks whose locale `keep` accepts) give one (res_id, locale, key_ref, value_index) per
    string entry whose value is a plain string (styled strings included; bags such as plurals
    and arrays not), in table order. `key_ref` is (package slot << 32) | key index; `name(entry)`
    and `value(entry)` decode. `values_of(res_id)` is one resource in every configuration.
    `names()` is every entry name of every package (any resource type). A damaged table gives
    what was read before the damage, with `error` set; `truncated` says MAX_TABLE_ENTRIES was
    reached.
    """

    def __init__(self, data: bytes, max_entries: int = MAX_TABLE_ENTRIES) -> None:
        self.truncated = False
        self.error: str | None = None
        self._data = data
        self._max = max_entries
        self._values: _Pool | None = None
        self._keys: list[_Pool] = []
        self._chunks: list[tuple[int, int, int, str]] = []  # (package id, slot, offset, locale)
        self._all: list[tuple[int, str, int, int]] | None = None
        try:
            self._walk(data)
        except (_Bad, IndexError, struct.error) as exc:
            self.error = f"resources.arsc is damaged ({type(exc).__name__})"

    def _walk(self, b: bytes) -> None:
        if _u16(b, 0) != _RES_TABLE:
            raise _Bad
        pos, end = _u16(b, 2), min(len(b), _u32(b, 4))
        while pos + 8 <= end:
            ctype, size = _u16(b, pos), _u32(b, pos + 4)
            if size < 8:
                raise _Bad
            if ctype == _STRING_POOL and self._values is None:
                self._values = _Pool(b, pos)
            elif ctype == _PACKAGE:
                self._package(b, pos, min(end, pos + size))
            pos += size

    def _package(self, b: bytes, pos: int, end: int) -> None:
        pkg_id = _u32(b, pos + 8)
        types = _Pool(b, pos + _u32(b, pos + 268))
        keys = _Pool(b, pos + _u32(b, pos + 276))
        slot = len(self._keys)
        self._keys.append(keys)
        string_type = next((i + 1 for i in range(types.count) if types.get(i) == "string"), None)
        sub = pos + _u16(b, pos + 2)
        while sub + 8 <= end:
            stype, ssize = _u16(b, sub), _u32(b, sub + 4)
            if ssize < 8:
                raise _Bad
            if stype == _TYPE and b[sub + 8] == string_type:
                self._chunks.append((pkg_id, slot, sub, _locale(b, sub + 20)))
            sub += ssize

    @property
    def locales(self) -> list[str]:
        """The locales of the string configurations ('' = default), in table order."""
        return list(dict.fromkeys(c[3] for c in self._chunks))

    @property
    def entries(self) -> list[tuple[int, str, int, int]]:
        if self._all is None:
            self._all = list(self.iter_entries())
        return self._all

    def iter_entries(self, keep: Callable[[str], bool] | None = None) -> Iterator[tuple[int, str, int, int]]:
        """The string entries of the configurations whose locale `keep` accepts (all without it)."""
        b = self._data
        seen = 0
        for pkg_id, slot, chunk, locale in self._chunks:
            if keep is not None and not keep(locale):
                continue
            try:
                for entry in self._chunk_entries(b, chunk, pkg_id, slot, locale):
                    if seen >= self._max:
                        self.truncated = True
                        return
                    seen += 1
                    yield entry
            except (_Bad, IndexError, struct.error) as exc:
                self.error = f"resources.arsc is damaged ({type(exc).__name__})"
                return

    @staticmethod
    def _chunk_entries(
        b: bytes, chunk: int, pkg_id: int, slot: int, locale: str
    ) -> Iterator[tuple[int, str, int, int]]:
        header_size = _u16(b, chunk + 2)
        type_id, flags = b[chunk + 8], b[chunk + 9]
        count, entries_start = _u32(b, chunk + 12), _u32(b, chunk + 16)
        offsets = chunk + header_size
        base = chunk + entries_start
        if flags & _FLAG_SPARSE:
            raw = struct.unpack_from(f"<{2 * count}H", b, offsets)
            pairs = zip(raw[0::2], (o * 4 for o in raw[1::2]), strict=True)
        elif flags & _FLAG_OFFSET16:
            raw16 = struct.unpack_from(f"<{count}H", b, offsets)
            pairs = ((i, o * 4) for i, o in enumerate(raw16) if o != 0xFFFF)
        else:
            raw32 = struct.unpack_from(f"<{count}I", b, offsets)
            pairs = ((i, o) for i, o in enumerate(raw32) if o != _NO_ENTRY)
        prefix = (pkg_id << 24) | (type_id << 16)
        slot_bits = slot << 32
        unpack = struct.unpack_from
        for index, offset in pairs:
            entry = base + offset
            size, eflags, key = unpack("<HHI", b, entry)
            if eflags & _ENTRY_COMPACT:
                key, dtype, data = size, eflags >> 8, key
            elif eflags & _ENTRY_COMPLEX_FLAG:
                continue
            else:
                dtype, data = b[entry + size + 3], unpack("<I", b, entry + size + 4)[0]
            if dtype == _TYPE_STRING:
                yield prefix | index, locale, slot_bits | key, data

    def values_of(self, res_id: int) -> list[tuple[str, str]]:
        """(locale, value) of one string resource in every configuration that has it."""
        b = self._data
        pkg_id, type_id, index = res_id >> 24, (res_id >> 16) & 0xFF, res_id & 0xFFFF
        out = []
        for pid, _slot, chunk, locale in self._chunks:
            if pid != pkg_id or b[chunk + 8] != type_id:
                continue
            try:
                found = _entry_value(b, chunk, index)
            except (_Bad, IndexError, struct.error):
                continue
            if found is not None and found[0] == _TYPE_STRING and self._values is not None:
                out.append((locale, self._values.get(found[1]) or ""))
        return out

    def name(self, entry: tuple[int, str, int, int]) -> str:
        key_ref = entry[2]
        slot, key = key_ref >> 32, key_ref & 0xFFFFFFFF
        return (self._keys[slot].get(key) if slot < len(self._keys) else None) or ""

    def value(self, entry: tuple[int, str, int, int]) -> str:
        return (self._values.get(entry[3]) if self._values is not None else None) or ""

    def names(self, limit: int = MAX_TABLE_ENTRIES) -> list[str]:
        """Entry names of every package (every resource type), at most `limit`."""
        out: list[str] = []
        for pool in self._keys:
            for i in range(min(pool.count, limit - len(out))):
                name = pool.get(i)
                if name:
                    out.append(name)
        return out


def string_pool(data: bytes, limit: int = 20_000) -> list[str]:
    """The strings of the first string pool of a binary XML file (a compiled layout): its
    element and attribute names and its literal attribute values, such as android:text."""
    try:
        if _u16(data, 0) != 0x0003:  # RES_XML_TYPE
            return []
        pool = _Pool(data, _u16(data, 2))
    except (_Bad, IndexError, struct.error):
        return []
    return [s for i in range(min(pool.count, limit)) if (s := pool.get(i))]

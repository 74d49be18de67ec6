"""Resolve one string resource (the app label) straight from resources.arsc.

androguard's resource parser builds the whole table before answering and costs seconds on
a large resources.arsc (5 s on the 45 MB framework-res). The label needs one entry: walk the
chunk headers to the package and type of the resource id, read that entry's value and the
global string pool slot it points at. Bounds are checked everywhere; any surprise returns
None and the caller falls back.
"""

from __future__ import annotations

import struct

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

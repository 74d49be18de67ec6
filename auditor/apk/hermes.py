"""The string table of a Hermes bytecode bundle (React Native's compiled JavaScript).

No bytecode is decoded: the module and method names a bundle uses (`NativeModules`, `Sms`,
`list`) and its string literals (`inbox`, URLs) are entries of one table near the start of
the file, which is all the script evidence needs. Format facts (facebook/hermes
`include/hermes/BCGen/HBC/BytecodeFileFormat.h`, checked on files compiled by hermesc for
bytecode versions 89 and 99):

- offset 0: uint64 magic 0x1F1903C103BC1FC6; offset 8: uint32 bytecode version;
  offset 32..63: fileLength, globalCodeIndex, functionCount, stringKindCount,
  identifierCount, stringCount, overflowStringCount, stringStorageSize (uint32 LE each);
- the header is 128 bytes; then, each section 4-byte aligned, in this order: small function
  headers (functionCount x S bytes), string kinds (runs: bit 31 = identifier, bits 0..30 =
  count), identifier hashes, the small string table (one uint32 per string: bit 0 UTF-16,
  bits 1..23 offset, bits 24..31 length, 255 = look in the overflow table at that index),
  the overflow table ({uint32 offset, uint32 length}), then the string storage;
- S is 16 bytes in the classic layout and 12 in the newest one. The version number alone
  does not say which (forks reuse numbers), so both are tried and the one whose tables are
  consistent wins; a wrong S shifts every table and fails the checks.

Strings are not NUL-terminated and may overlap in the storage, so they are always cut with
the table. Everything is bounds-checked: a damaged or forged file raises HbcError.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "HBC_MAGIC",
    "HEADER_SIZE",
    "HbcError",
    "HbcHeader",
    "HbcString",
    "find_strings",
    "is_hermes",
    "parse_header",
    "read_strings",
    "table_end",
]

HBC_MAGIC = 0x1F1903C103BC1FC6
HEADER_SIZE = 128
_MAGIC_BYTES = struct.pack("<Q", HBC_MAGIC)
#: Small function header sizes to try: classic layout, then the newest one.
_STRIDES = (16, 12)
#: More strings than this is not a real bundle (real ones hold tens of thousands).
MAX_STRINGS = 4_000_000
_OVERFLOW = 0xFF


class HbcError(ValueError):
    """Not a Hermes bundle whose string table can be read (bad magic, damaged, unknown layout)."""


@dataclass(frozen=True)
class HbcHeader:
    version: int
    file_length: int
    function_count: int
    string_kind_count: int
    identifier_count: int
    string_count: int
    overflow_count: int
    storage_size: int


@dataclass(frozen=True)
class HbcString:
    index: int
    identifier: bool  # a property or global name (kind 1), else a string literal
    offset: int  # file offset of the string's bytes
    text: str


@dataclass(frozen=True)
class _Layout:
    stride: int
    kinds: int
    small: int
    overflow: int
    storage: int

    @property
    def end(self) -> int:
        return self.storage


def is_hermes(head: bytes | bytearray | memoryview) -> bool:
    return bytes(head[:8]) == _MAGIC_BYTES


def parse_header(head: bytes | bytearray | memoryview) -> HbcHeader:
    if len(head) < HEADER_SIZE:
        raise HbcError("shorter than a Hermes header")
    if not is_hermes(head):
        raise HbcError("no Hermes magic")
    (version,) = struct.unpack_from("<I", head, 8)
    fields = struct.unpack_from("<8I", head, 32)
    h = HbcHeader(version, fields[0], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7])
    if h.string_count > MAX_STRINGS:
        raise HbcError(f"{h.string_count} strings is implausible")
    if h.overflow_count > h.string_count or h.identifier_count > h.string_count:
        raise HbcError("inconsistent string counts")
    if h.string_kind_count > h.string_count + 1:
        raise HbcError("more string-kind runs than strings")
    return h


def _align4(n: int) -> int:
    return (n + 3) & ~3


def _layout(h: HbcHeader, stride: int) -> _Layout:
    kinds = _align4(HEADER_SIZE + h.function_count * stride)
    hashes = _align4(kinds + 4 * h.string_kind_count)
    small = _align4(hashes + 4 * h.identifier_count)
    overflow = _align4(small + 4 * h.string_count)
    storage = _align4(overflow + 8 * h.overflow_count)
    return _Layout(stride, kinds, small, overflow, storage)


def table_end(h: HbcHeader) -> int:
    """How many bytes from the start of the file hold the string table, for every layout tried
    (read this much, then call read_strings/find_strings)."""
    return max(_layout(h, s).storage for s in _STRIDES) + h.storage_size


def _u32s(buf: memoryview, off: int, count: int) -> array[int]:
    out = array("I")
    out.frombytes(buf[off : off + 4 * count])
    if sys.byteorder != "little":
        out.byteswap()
    return out


def _kind_runs(buf: memoryview, h: HbcHeader, lay: _Layout) -> list[tuple[int, bool]] | None:
    """[(first string index of the run, identifier?)] or None when the runs do not add up."""
    runs: list[tuple[int, bool]] = []
    total = idents = 0
    for word in _u32s(buf, lay.kinds, h.string_kind_count):
        count = word & 0x7FFFFFFF
        ident = bool(word >> 31)
        runs.append((total, ident))
        total += count
        idents += count if ident else 0
        if total > h.string_count:  # add up before expanding anything: forged runs are huge
            return None
    if total != h.string_count or idents != h.identifier_count:
        return None
    return runs


def _entries(buf: memoryview, h: HbcHeader, lay: _Layout) -> Iterator[tuple[int, bool, int, int]]:
    """(index, utf16, storage offset, byte length) of every string; HbcError when out of range."""
    small = _u32s(buf, lay.small, h.string_count)
    over = _u32s(buf, lay.overflow, 2 * h.overflow_count)
    size = h.storage_size
    for i, word in enumerate(small):
        utf16 = bool(word & 1)
        off = (word >> 1) & 0x7FFFFF
        length = word >> 24
        if length == _OVERFLOW:
            if off >= h.overflow_count:
                raise HbcError(f"string {i}: overflow index {off} out of range")
            off, length = over[2 * off], over[2 * off + 1]
        nbytes = 2 * length if utf16 else length
        if off + nbytes > size:
            raise HbcError(f"string {i}: past the string storage")
        yield i, utf16, off, nbytes


def _candidates(h: HbcHeader, buf: memoryview, file_size: int | None) -> Iterator[_Layout]:
    available = len(buf)
    limit = h.file_length if file_size is None else min(h.file_length, file_size)
    if file_size is not None and h.file_length > file_size:
        raise HbcError("header says the file is longer than it is")
    for stride in _STRIDES:
        lay = _layout(h, stride)
        end = lay.storage + h.storage_size
        if end <= limit and end <= available:
            yield lay


def _is_identifier(runs: list[tuple[int, bool]], index: int, cursor: list[int]) -> bool:
    # Indices come in increasing order: walk the runs with a cursor instead of a search.
    k = cursor[0]
    while k + 1 < len(runs) and runs[k + 1][0] <= index:
        k += 1
    cursor[0] = k
    return runs[k][1] if runs else False


def _decode(buf: memoryview, lay: _Layout, h: HbcHeader, runs: list[tuple[int, bool]]) -> list[HbcString]:
    out = []
    cursor = [0]
    for i, utf16, off, n in _entries(buf, h, lay):
        raw = bytes(buf[lay.storage + off : lay.storage + off + n])
        text = raw.decode("utf-16-le", "surrogatepass") if utf16 else raw.decode("latin-1")
        out.append(HbcString(i, _is_identifier(runs, i, cursor), lay.storage + off, text))
    return out


def read_strings(
    data: bytes | bytearray | memoryview, file_size: int | None = None
) -> tuple[HbcHeader, list[HbcString]]:
    """Every string of the table (for tests and small files; matching uses find_strings).

    `data` must hold at least the first table_end(header) bytes; `file_size` is the whole
    file's size when `data` is only its beginning."""
    h, lay, runs = _validated(data, file_size)
    with memoryview(data) as buf:
        return h, _decode(buf, lay, h, runs)


def _validated(
    data: bytes | bytearray | memoryview, file_size: int | None
) -> tuple[HbcHeader, _Layout, list[tuple[int, bool]]]:
    h = parse_header(data)
    with memoryview(data) as buf:
        for lay in _candidates(h, buf, file_size):
            try:
                runs = _kind_runs(buf, h, lay)
                if runs is None:
                    continue
                for _ in _entries(buf, h, lay):
                    pass
            except HbcError:
                continue
            return h, lay, runs
    raise HbcError("no known layout of the string table fits this file")


def find_strings(
    data: bytes | bytearray | memoryview, wanted: Iterable[str], file_size: int | None = None
) -> tuple[HbcHeader, dict[str, tuple[int, bool]]]:
    """{text: (file offset, identifier?)} for the wanted ASCII texts present as whole table
    entries (the first entry wins). Only entries of a wanted length are compared, so a table
    of a million strings costs one pass over its index."""
    h, lay, runs = _validated(data, file_size)
    by_len: dict[int, set[bytes]] = {}
    for text in wanted:
        raw = text.encode("latin-1", "ignore")
        if raw and raw.decode("latin-1") == text:
            by_len.setdefault(len(raw), set()).add(raw)
    found: dict[str, tuple[int, bool]] = {}
    cursor = [0]
    with memoryview(data) as buf:
        for i, utf16, off, n in _entries(buf, h, lay):
            if utf16 or n not in by_len:
                continue
            raw = bytes(buf[lay.storage + off : lay.storage + off + n])
            if raw in by_len[n]:
                text = raw.decode("latin-1")
                if text not in found:
                    found[text] = (lay.storage + off, _is_identifier(runs, i, cursor))
    return h, found

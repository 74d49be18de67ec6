"""AXML-level edits of a binary AndroidManifest.xml, the tricks packers and malware use so that
analysers misread a manifest the phone reads fine (see auditor/apk/axml.py for what the
framework parser does). Each edit returns new manifest bytes; tests/tamper.py puts them
back into the sample APK."""

from __future__ import annotations

import struct
from collections.abc import Callable

ANDROID_NS = "http://schemas.android.com/apk/res/android"
START_NS, END_NS, START_EL, END_EL = 0x0100, 0x0101, 0x0102, 0x0103
POOL, RES_MAP = 0x0001, 0x0180


def split(doc: bytes) -> list[bytes]:
    """The chunks after the document header, each with its own bytes."""
    out, pos, end = [], struct.unpack_from("<H", doc, 2)[0], len(doc)
    while pos + 8 <= end:
        size = struct.unpack_from("<I", doc, pos + 4)[0]
        out.append(doc[pos : pos + size])
        pos += size
    return out


def join(chunks: list[bytes], doc_type: int = 0x0003) -> bytes:
    body = b"".join(chunks)
    return struct.pack("<HHI", doc_type, 8, 8 + len(body)) + body


def ctype(chunk: bytes) -> int:
    return struct.unpack_from("<H", chunk, 0)[0]


def read_pool(chunk: bytes) -> tuple[list[str], bool]:
    header, _, count, _, flags, start, _ = struct.unpack_from("<HIIIIII", chunk, 2)
    utf8 = bool(flags & 0x100)
    out = []
    for i in range(count):
        at = start + struct.unpack_from("<I", chunk, header + 4 * i)[0]
        if utf8:
            at += 2 if chunk[at] & 0x80 else 1
            n = chunk[at]
            if n & 0x80:
                n, at = ((n & 0x7F) << 8) | chunk[at + 1], at + 2
            else:
                at += 1
            out.append(chunk[at : at + n].decode("utf-8"))
        else:
            n = struct.unpack_from("<H", chunk, at)[0]
            out.append(chunk[at + 2 : at + 2 + 2 * n].decode("utf-16-le"))
    return out, utf8


def write_pool(
    strings: list[str],
    *,
    utf8: bool = False,
    terminate: bool = True,
    header_extra: bytes = b"",
    odd_offsets: bool = False,
) -> bytes:
    """A string pool. terminate=False leaves every string without its terminator (the last
    one keeps a zero after it: the framework checks only that the pool ends with one);
    odd_offsets=True adds one to every UTF-16 offset (the framework rounds it down)."""
    data, offsets = bytearray(), []
    for i, s in enumerate(strings):
        offsets.append(len(data) + (1 if odd_offsets else 0))
        last = i == len(strings) - 1
        if utf8:
            raw = s.encode("utf-8")
            assert len(s) < 0x80 and len(raw) < 0x80
            data += bytes([len(s), len(raw)]) + raw + (b"\x00" if terminate or last else b"")
        else:
            raw = s.encode("utf-16-le")
            data += struct.pack("<H", len(raw) // 2) + raw + (b"\x00\x00" if terminate or last else b"")
    while len(data) % 4:
        data += b"\x00"
    header_size = 28 + len(header_extra)
    start = header_size + 4 * len(strings)
    body = b"".join(struct.pack("<I", o) for o in offsets)
    size = start + len(data)
    head = struct.pack("<HHIIIIII", POOL, header_size, size, len(strings), 0, 0x100 if utf8 else 0, start, 0)
    return head + header_extra + body + bytes(data)


def unknown_chunk(kind: int, header: int = 8, payload: bytes = b"\xde\xad\xbe\xef" * 4) -> bytes:
    """A chunk of a type no parser knows; inside the element tree its header must be at
    least a node header (16 bytes) or the framework stops there."""
    return struct.pack("<HHI", kind, header, header + len(payload)) + bytes(header - 8) + payload


def _pool_edit(doc: bytes, change: Callable[[list[str], bool], bytes]) -> bytes:
    chunks = split(doc)
    for i, c in enumerate(chunks):
        if ctype(c) == POOL:
            strings, utf8 = read_pool(c)
            chunks[i] = change(strings, utf8)
            break
    return join(chunks)


def unterminated_strings(doc: bytes) -> bytes:
    return _pool_edit(doc, lambda s, u: write_pool(s, utf8=u, terminate=False))


def utf8_unterminated_strings(doc: bytes) -> bytes:
    return _pool_edit(doc, lambda s, u: write_pool(s, utf8=True, terminate=False))


def odd_string_offsets(doc: bytes) -> bytes:
    return _pool_edit(doc, lambda s, u: write_pool(s, utf8=False, odd_offsets=True))


def large_pool_header(doc: bytes) -> bytes:
    return _pool_edit(doc, lambda s, u: write_pool(s, utf8=u, header_extra=b"\xab" * 16))


def unknown_chunks(doc: bytes) -> bytes:
    """Unknown chunk types before the pool, after the resource map and between nodes."""
    chunks = split(doc)
    out = [unknown_chunk(0x0777)]
    for c in chunks:
        out.append(c)
        if ctype(c) in (RES_MAP, START_EL, END_EL):
            out.append(unknown_chunk(0x0203) if ctype(c) == RES_MAP else unknown_chunk(0x0199, 16))
    return join(out)


def zero_sized_namespace_nodes(doc: bytes) -> bytes:
    """END_NAMESPACE nodes whose size field says 0 (the node stays 24 bytes long)."""
    chunks = split(doc)
    for i, c in enumerate(chunks):
        if ctype(c) == END_NS:
            chunks[i] = c[:4] + b"\x00\x00\x00\x00" + c[8:]
    return join(chunks)


def _elements(chunks: list[bytes], strings: list[str]):
    for i, c in enumerate(chunks):
        if ctype(c) == START_EL:
            header = struct.unpack_from("<H", c, 2)[0]
            name = struct.unpack_from("<I", c, header + 4)[0]
            yield i, strings[name]


def _attributes(chunk: bytes) -> list[tuple[int, int, int, int, int]]:
    """(offset, name index, raw index, type, data) of each attribute of a start element."""
    header = struct.unpack_from("<H", chunk, 2)[0]
    start, size, count = struct.unpack_from("<HHH", chunk, header + 8)
    out = []
    for k in range(count):
        at = header + start + k * size
        _, name, raw = struct.unpack_from("<III", chunk, at)
        out.append((at, name, raw, chunk[at + 15], struct.unpack_from("<I", chunk, at + 16)[0]))
    return out


def decoy_raw_strings(doc: bytes, decoy: str = "android.permission.VIBRATE") -> bytes:
    """Each <uses-permission>'s raw string says `decoy`; its typed value (what the framework
    reads) still names the real permission."""
    chunks = split(doc)
    pool_at = next(i for i, c in enumerate(chunks) if ctype(c) == POOL)
    strings, utf8 = read_pool(chunks[pool_at])
    strings.append(decoy)
    chunks[pool_at] = write_pool(strings, utf8=utf8)
    decoy_index = len(strings) - 1
    for i, tag in list(_elements(chunks, strings)):
        if tag != "uses-permission":
            continue
        c = bytearray(chunks[i])
        for at, name, _, dtype, _ in _attributes(bytes(c)):
            if strings[name] == "name" and dtype == 0x03:
                struct.pack_into("<I", c, at + 8, decoy_index)
        chunks[i] = bytes(c)
    return join(chunks)


def renamed_attribute_names(doc: bytes) -> bytes:
    """The pool string "name" becomes "" : android:name is known by its resource id only."""
    return _pool_edit(doc, lambda s, u: write_pool([("" if x == "name" else x) for x in s], utf8=u))


def wide_attribute_records(doc: bytes) -> bytes:
    """Attribute records of 24 bytes starting 8 bytes late (the framework uses the record's
    own attributeStart and attributeSize)."""
    chunks = split(doc)
    for i, c in enumerate(chunks):
        if ctype(c) != START_EL:
            continue
        header = struct.unpack_from("<H", c, 2)[0]
        start, size, count = struct.unpack_from("<HHH", c, header + 8)
        ext = bytearray(c[header : header + 20])
        struct.pack_into("<HH", ext, 8, start + 8, size + 4)
        attrs = b"".join(
            c[header + start + k * size : header + start + (k + 1) * size] + b"\x00" * 4 for k in range(count)
        )
        body = bytes(ext) + b"\x00" * (start + 8 - 20) + attrs
        head = bytearray(c[:header])
        struct.pack_into("<I", head, 4, header + len(body))
        chunks[i] = bytes(head) + body
    return join(chunks)


def sdk_codenames(doc: bytes, min_sdk: str | None, target_sdk: str | None) -> bytes:
    """<uses-sdk> with preview codenames as string values, as aapt writes them."""
    chunks = split(doc)
    pool_at = next(i for i, c in enumerate(chunks) if ctype(c) == POOL)
    strings, utf8 = read_pool(chunks[pool_at])
    wanted = {"minSdkVersion": min_sdk, "targetSdkVersion": target_sdk}
    index = {}
    for value in wanted.values():
        if value is not None and value not in strings:
            strings.append(value)
    for key, value in wanted.items():
        if value is not None:
            index[key] = strings.index(value)
    chunks[pool_at] = write_pool(strings, utf8=utf8)
    for i, tag in list(_elements(chunks, strings)):
        if tag != "uses-sdk":
            continue
        c = bytearray(chunks[i])
        for at, name, _, _, _ in _attributes(bytes(c)):
            if strings[name] in index:
                struct.pack_into("<I", c, at + 8, index[strings[name]])
                c[at + 15] = 0x03
                struct.pack_into("<I", c, at + 16, index[strings[name]])
        chunks[i] = bytes(c)
    return join(chunks)


AXML_EDITS: dict[str, tuple[Callable[[bytes], bytes], str | None]] = {
    "unterminated_strings": (unterminated_strings, "without a terminator"),
    "utf8_unterminated_strings": (utf8_unterminated_strings, "without a terminator"),
    "odd_string_offsets": (odd_string_offsets, None),
    "large_pool_header": (large_pool_header, "string pool header of 44 bytes"),
    "unknown_chunks": (unknown_chunks, "of unknown type skipped"),
    "zero_sized_namespace_nodes": (zero_sized_namespace_nodes, "a namespace node of size 0"),
    "decoy_raw_strings": (decoy_raw_strings, "Android reads the typed value"),
    "renamed_attribute_names": (renamed_attribute_names, None),
    "wide_attribute_records": (wide_attribute_records, "attribute records of 24 bytes"),
}

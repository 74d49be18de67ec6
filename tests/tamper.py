"""Build tampered variants of a sample APK, the way anti-analysis tools build them.

ZIP-level edits rewrite the archive record by record (local headers, data, data descriptors,
central directory, end record) so each trick can be placed exactly; AXML-level edits live in
tests/axml_edit.py. Each variant is something Android's own readers (libziparchive, the
framework's binary XML parser) read to the same app as the original, or refuse; the tests
assert that auditor gives the original's answer plus a tampering note.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

LFH = b"PK\x03\x04"
CDR = b"PK\x01\x02"
EOCD = b"PK\x05\x06"
DD = b"PK\x07\x08"


@dataclass
class Member:
    """One archive entry as written: central-directory facts plus local-header overrides."""

    name: bytes
    method: int
    crc: int
    csize: int
    usize: int
    flags: int
    payload: bytes  # the entry's data as stored in the file (deflated or not)
    in_directory: bool = True
    lfh_name: bytes | None = None
    lfh_method: int | None = None
    lfh_flags: int | None = None
    lfh_sizes: tuple[int, int, int] | None = None  # (crc, compressed, uncompressed)
    descriptor: tuple[int, int, int] | None = None  # written after the data, with signature


def members(apk: bytes) -> list[Member]:
    """The entries of a well-formed archive, in central-directory order."""
    end = apk.rfind(EOCD)
    count, _, cd_offset = struct.unpack_from("<HII", apk, end + 10)
    out, pos = [], cd_offset
    for _ in range(count):
        (flags, method, crc, csize, usize, nlen, xlen, clen, local) = struct.unpack_from(
            "<8xHH4xIIIHHH8xI", apk, pos
        )
        name = apk[pos + 46 : pos + 46 + nlen]
        lnlen, lxlen = struct.unpack_from("<HH", apk, local + 26)
        start = local + 30 + lnlen + lxlen
        out.append(Member(name, method, crc, csize, usize, flags & ~0x0008, apk[start : start + csize]))
        pos += 46 + nlen + xlen + clen
    return out


def member_for(name: str, content: bytes, *, deflate: bool = True) -> Member:
    if deflate:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        payload = packer.compress(content) + packer.flush()
    else:
        payload = content
    return Member(
        name.encode(),
        8 if deflate else 0,
        zlib.crc32(content),
        len(payload),
        len(content),
        0,
        payload,
    )


def _local(m: Member) -> bytes:
    name = m.name if m.lfh_name is None else m.lfh_name
    crc, csize, usize = (m.crc, m.csize, m.usize) if m.lfh_sizes is None else m.lfh_sizes
    method = m.method if m.lfh_method is None else m.lfh_method
    flags = m.flags if m.lfh_flags is None else m.lfh_flags
    head = LFH + struct.pack("<HHHHHIIIHH", 20, flags, method, 0, 0x21, crc, csize, usize, len(name), 0)
    tail = b""
    if m.descriptor is not None:
        tail = DD + struct.pack("<III", *m.descriptor)
    return head + name + m.payload + tail


def build(
    entries: list[Member],
    *,
    prefix: bytes = b"",
    adjust_offsets: bool = True,
    between: bytes = b"",
    comment: bytes = b"",
) -> bytes:
    """Write the archive: [prefix] local entries, central directory, [between], end record."""
    body = bytearray(prefix)
    base = len(prefix) if adjust_offsets else 0
    offsets = []
    for m in entries:
        offsets.append(len(body) - len(prefix) + base)
        body += _local(m)
    cd_start = len(body) - len(prefix) + base
    directory = bytearray()
    listed = 0
    for m, off in zip(entries, offsets, strict=True):
        if not m.in_directory:
            continue
        listed += 1
        directory += CDR + struct.pack(
            "<HHHHHHIIIHHHHHII",
            20,
            20,
            m.flags,
            m.method,
            0,
            0x21,
            m.crc,
            m.csize,
            m.usize,
            len(m.name),
            0,
            0,
            0,
            0,
            0,
            off,
        )
        directory += m.name
    body += directory + between
    body += EOCD + struct.pack("<HHHHIIH", 0, 0, listed, listed, len(directory), cd_start, len(comment))
    return bytes(body + comment)


def _edit(apk: bytes, name: str, change: Callable[[Member], Member]) -> list[Member]:
    out = []
    for m in members(apk):
        out.append(change(m) if m.name == name.encode() else m)
    return out


MANIFEST = "AndroidManifest.xml"
DEX = "classes.dex"


def zip_variants(apk: bytes, decoy_manifest: bytes) -> dict[str, tuple[bytes, str | None]]:
    """name -> (tampered archive, a phrase its tampering note must contain; None: no note).

    `decoy_manifest` is another app's binary manifest, planted where tools that trust local
    headers or the last duplicate would read it.
    """
    out: dict[str, tuple[bytes, str | None]] = {}

    def both(change: Callable[[Member], Member]) -> list[Member]:
        entries = _edit(apk, MANIFEST, change)
        return [change(m) if m.name == DEX.encode() else m for m in entries]

    out["lfh_sizes_zeroed"] = (
        build(both(lambda m: replace(m, lfh_sizes=(0, 0, 0)))),
        "zeroed sizes/CRC without a data descriptor",
    )
    out["lfh_sizes_wrong"] = (
        build(both(lambda m: replace(m, lfh_sizes=(0x12345678, 7, 9)))),
        "wrong sizes/CRC without a data descriptor",
    )
    out["lfh_sizes_zeroed_with_descriptor"] = (
        build(
            both(
                lambda m: replace(m, flags=0x0008, lfh_sizes=(0, 0, 0), descriptor=(m.crc, m.csize, m.usize))
            )
        ),
        None,  # a streamed entry: well-formed, nothing to note
    )
    out["lfh_sizes_wrong_with_descriptor"] = (
        build(
            both(
                lambda m: replace(m, flags=0x0008, lfh_sizes=(1, 2, 3), descriptor=(m.crc, m.csize, m.usize))
            )
        ),
        "behind a data-descriptor flag",
    )
    out["descriptor_flag_without_descriptor"] = (
        build(both(lambda m: replace(m, flags=0x0008, lfh_sizes=(0, 0, 0)))),
        "data descriptor of",
    )
    # Two "manifests": a decoy entry whose local header says AndroidManifest.xml.
    decoy = member_for("res/raw/a.bin", decoy_manifest)
    decoy.lfh_name = MANIFEST.encode()
    out["lfh_name_of_another_entry"] = (
        build([*members(apk), decoy]),
        "a decoy for tools that walk local headers",
    )
    out["lfh_name_changed"] = (
        build(_edit(apk, MANIFEST, lambda m: replace(m, lfh_name=b"AndroidManifest.xmX"))),
        "carries another name",
    )
    out["unknown_method_on_stored_entry"] = (
        build(
            _edit(
                apk,
                MANIFEST,
                lambda m: replace(
                    m,
                    method=0x63,
                    csize=m.usize,
                    payload=zlib.decompress(m.payload, -15) if m.method == 8 else m.payload,
                ),
            )
        ),
        "unknown compression method",
    )
    hidden = _local(member_for(MANIFEST, decoy_manifest))
    out["hidden_entry_before_the_first"] = (
        build(members(apk), prefix=hidden),
        "a local header the central directory does not list",
    )
    out["junk_before_the_first_entry"] = (
        build(members(apk), prefix=b"\x7fELF" + bytes(60)),
        "before the first entry",
    )
    out["junk_prepended_offsets_unadjusted"] = (
        build(members(apk), prefix=b"MZ" + bytes(126), adjust_offsets=False),
        "prepended without adjusting",
    )
    out["junk_between_directory_and_end"] = (
        build(members(apk), between=b"\x00junk" * 7),
        "between the central directory",
    )
    out["duplicate_manifest_name"] = (
        build([*members(apk), member_for(MANIFEST, decoy_manifest)]),
        "appears twice in the central directory",
    )
    fake_end = EOCD + struct.pack("<HHHHIIH", 0, 0, 1, 1, 46, 0x7FFFFFF0, 0)
    out["fake_end_record_in_comment"] = (
        build(members(apk), comment=b"signed-by:" + fake_end),
        "leads nowhere",
    )
    out["rebuilt_untampered"] = (build(members(apk)), None)
    return out


def with_manifest(apk: bytes, manifest: bytes) -> bytes:
    """The same archive with another binary AndroidManifest.xml (deflated, sizes correct)."""
    return build([member_for(MANIFEST, manifest) if m.name == MANIFEST.encode() else m for m in members(apk)])

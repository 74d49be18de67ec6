"""The ZIP directory of an APK, read the way Android's libziparchive reads it.

Android opens an APK with libziparchive (AOSP system/libziparchive/zip_archive.cc) and reads
entries through libandroidfw (frameworks/base/libs/androidfw/AssetsProvider.cpp). What they
trust, and so what this module trusts:

* the end-of-central-directory record is the last ``PK\\5\\6`` signature within the last
  64 KiB + 22 bytes of the file (libziparchive scans backwards from the end);
* the central directory is the truth: entry names, compression method, sizes and CRC all come
  from it, and only the number of records the end record announces is read;
* a local header only tells where the data starts: its offset plus 30 plus *its own* name
  and extra lengths. Its name, sizes, CRC, method and flags are never used to read;
* an entry whose method is not deflate (8) is read as stored (AssetsProvider's
  ZipAssetsProvider::OpenInternal inflates only kCompressDeflated entries);
* a name given twice: libziparchive, Android's reader since 4.4, refuses the whole archive
  (AddToHash, now CdEntryMap::AddToMap, returns kDuplicateEntry: the "master key" fix); the
  readers before it (dalvik/libdex/ZipArchive.cpp and frameworks/base ZipFileRO.cpp, in
  libs/utils then libs/androidfw) added every record to an open-addressing hash table and a
  lookup probed from the same slot, so it found the record added first: the first in
  central-directory order. That is the one used here, with a note saying so.

Where the file departs from what a well-formed archive says (a local header with another
name, wrong sizes, data before the first entry, bytes between the directory and its end
record, ...) a note in plain words is recorded; reading itself is never affected by those
fields. Notes say what Android does with the oddity when it refuses it, so a reader knows
whether the trick keeps the app installable.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

EOCD_SIG = b"PK\x05\x06"
CDR_SIG = b"PK\x01\x02"
LFH_SIG = b"PK\x03\x04"
DD_SIG = b"PK\x07\x08"
ZIP64_LOCATOR_SIG = b"PK\x06\x07"
ZIP64_EOCD_SIG = b"PK\x06\x06"

EOCD_SIZE = 22
CDR_SIZE = 46
LFH_SIZE = 30
MAX_COMMENT = 0xFFFF
FLAG_ENCRYPTED = 0x0001
FLAG_DATA_DESCRIPTOR = 0x0008
METHOD_STORED = 0
METHOD_DEFLATED = 8


class ZipFormatError(ValueError):
    """Not a ZIP archive Android (or any tolerant reader) could open."""


@dataclass
class Entry:
    """One central-directory record, plus what its local header says."""

    name: str
    raw_name: bytes
    method: int  # from the central directory: what Android uses
    flags: int
    crc32: int
    compressed_size: int
    uncompressed_size: int
    local_offset: int
    index: int  # position in the central directory
    data_offset: int = -1  # -1: no local header at local_offset
    lfh_name: bytes = b""
    lfh_method: int = 0
    lfh_flags: int = 0
    lfh_crc32: int = 0
    lfh_compressed_size: int = 0
    lfh_uncompressed_size: int = 0

    @property
    def stored(self) -> bool:
        """Read as stored: every method but deflate (libandroidfw's rule)."""
        return self.method != METHOD_DEFLATED

    @property
    def has_local_header(self) -> bool:
        return self.data_offset >= 0

    @property
    def packed_size(self) -> int:
        """Bytes of entry data in the file, from the central directory."""
        return self.uncompressed_size if self.stored else self.compressed_size


@dataclass
class ZipDirectory:
    """Entries by name (the first of duplicates wins) plus layout facts for notes."""

    entries: dict[str, Entry]
    eocd_offset: int
    cd_offset: int
    cd_size: int
    declared_records: int  # what the end record announces
    comment_length: int
    file_size: int
    shift: int = 0  # bytes prepended to an archive whose offsets were not adjusted
    duplicates: list[Entry] = field(default_factory=list)  # later records of a repeated name
    ignored_records: int = 0  # records past the announced count (Android never reads them)
    read_records: int = 0  # records actually read (< declared when the directory is short)
    zip64: bool = False
    notes: list[str] = field(default_factory=list)  # oddities met while parsing

    @property
    def first_local_offset(self) -> int:
        offsets = [e.local_offset for e in self.entries.values()]
        offsets += [e.local_offset for e in self.duplicates]
        return min(offsets, default=0)


def _u16(data: bytes | memoryview, off: int) -> int:
    return int.from_bytes(data[off : off + 2], "little")


def _u32(data: bytes | memoryview, off: int) -> int:
    return int.from_bytes(data[off : off + 4], "little")


def _bytes(n: int) -> str:
    return f"{n} byte{'' if n == 1 else 's'}"


def _decode_name(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp437")  # the ZIP default code page (what other tools show)


def _eocd_candidates(data: bytes) -> list[int]:
    """End records from the end backwards, as libziparchive scans (last 64 KiB + 22 bytes)."""
    lo = max(0, len(data) - (MAX_COMMENT + EOCD_SIZE))
    out = []
    pos = len(data) - EOCD_SIZE
    while pos >= lo:
        pos = data.rfind(EOCD_SIG, lo, pos + 4)
        if pos < 0:
            break
        out.append(pos)
        pos -= 1
    return out


def _zip64_directory(data: bytes, eocd: int) -> tuple[int, int, int] | None:
    """(records, cd size, cd offset) from the zip64 end record, if one precedes `eocd`."""
    loc = eocd - 20
    if loc < 0 or data[loc : loc + 4] != ZIP64_LOCATOR_SIG:
        return None
    rec = int.from_bytes(data[loc + 8 : loc + 16], "little")
    if rec < 0 or rec + 56 > loc or data[rec : rec + 4] != ZIP64_EOCD_SIG:
        return None
    records = int.from_bytes(data[rec + 32 : rec + 40], "little")
    size = int.from_bytes(data[rec + 40 : rec + 48], "little")
    offset = int.from_bytes(data[rec + 48 : rec + 56], "little")
    return records, size, offset


def _zip64_extra(extra: bytes, sizes: list[int]) -> list[int]:
    """Replace 0xFFFFFFFF fields (uncompressed, compressed, offset) from a zip64 extra field."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = _u16(extra, pos), _u16(extra, pos + 2)
        body = extra[pos + 4 : pos + 4 + size]
        if tag == 0x0001:
            out, at = list(sizes), 0
            for i, value in enumerate(sizes):
                if value == 0xFFFFFFFF and at + 8 <= len(body):
                    out[i] = int.from_bytes(body[at : at + 8], "little")
                    at += 8
            return out
        pos += 4 + size
    return sizes


def parse_directory(data: bytes, max_entries: int) -> ZipDirectory:
    """Read the central directory of `data`; raise ZipFormatError when there is none."""
    if len(data) < EOCD_SIZE:
        raise ZipFormatError("too small to be a ZIP archive")
    candidates = _eocd_candidates(data)
    if not candidates:
        raise ZipFormatError("no end-of-central-directory record")
    last_error = "no usable central directory"
    for tried, eocd in enumerate(candidates):
        try:
            directory = _parse_from(data, eocd, max_entries)
        except ZipFormatError as exc:
            if "exceeds the limit" in str(exc):
                raise
            last_error = str(exc)
            continue
        if tried:
            directory.notes.insert(
                0,
                f"the last end-of-central-directory record ({_bytes(len(data) - candidates[0])} "
                "from the end) leads nowhere: Android refuses such an archive; an earlier one "
                "was used",
            )
        return directory
    raise ZipFormatError(last_error)


def _parse_from(data: bytes, eocd: int, max_entries: int) -> ZipDirectory:
    records = _u16(data, eocd + 10)
    cd_size, cd_offset = _u32(data, eocd + 12), _u32(data, eocd + 16)
    comment_length = _u16(data, eocd + 20)
    zip64 = False
    if cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF or records == 0xFFFF:
        found = _zip64_directory(data, eocd)
        if found is not None:
            records, cd_size, cd_offset = found
            zip64 = True
    if records > max_entries:
        raise ZipFormatError(f"{records} entries exceeds the limit of {max_entries}")
    # Prepended data with unadjusted offsets: the directory then sits `shift` bytes later
    # than the end record says (Info-ZIP's "extra bytes at beginning" case).
    shift = 0
    cd_end = eocd - (56 + 20 if zip64 else 0)
    if data[cd_offset : cd_offset + 4] != CDR_SIG and cd_size:
        guess = cd_end - cd_size
        if guess > cd_offset and data[guess : guess + 4] == CDR_SIG:
            shift = guess - cd_offset
        else:
            raise ZipFormatError("central directory not found where the end record says")
    start = cd_offset + shift
    notes = []
    if start > eocd or (start == eocd and cd_size):
        raise ZipFormatError("central directory starts after its end record")
    if start + cd_size > eocd:
        notes.append(
            f"central directory runs {_bytes(start + cd_size - eocd)} into its end record: "
            "Android refuses to open such an archive (libziparchive: bad offsets)"
        )
    directory = ZipDirectory(
        entries={},
        eocd_offset=eocd,
        cd_offset=start,
        cd_size=cd_size,
        declared_records=records,
        comment_length=comment_length,
        file_size=len(data),
        shift=shift,
        zip64=zip64,
        notes=notes,
    )
    pos, limit = start, min(len(data), start + cd_size)
    index = 0
    while pos + CDR_SIZE <= limit:
        if data[pos : pos + 4] != CDR_SIG:
            # A record whose length fields lie: libziparchive stops there and refuses the
            # archive; find the next record by its signature so the rest is not lost.
            found = data.find(CDR_SIG, pos, limit)
            if found < 0:
                break
            notes.append(
                f"central directory record {index} does not start where the previous one ends "
                f"({_bytes(found - pos)} astray; a wrong length field): Android refuses such an "
                "archive; the remaining records were found by their signature"
            )
            pos = found
            continue
        if index >= records:
            directory.ignored_records += 1
            pos += CDR_SIZE + _u16(data, pos + 28) + _u16(data, pos + 30) + _u16(data, pos + 32)
            if directory.ignored_records > max_entries:
                break
            continue
        (flags, method, crc, csize, usize, nlen, xlen, clen, local) = struct.unpack_from(
            "<8xHH4xIIIHHH8xI", data, pos
        )
        raw = bytes(data[pos + CDR_SIZE : pos + CDR_SIZE + nlen])
        if len(raw) < nlen:
            break
        if 0xFFFFFFFF in (csize, usize, local):
            extra = bytes(data[pos + CDR_SIZE + nlen : pos + CDR_SIZE + nlen + xlen])
            usize, csize, local = _zip64_extra(extra, [usize, csize, local])
        entry = Entry(
            name=_decode_name(raw),
            raw_name=raw,
            method=method,
            flags=flags,
            crc32=crc,
            compressed_size=csize,
            uncompressed_size=usize,
            local_offset=local + shift,
            index=index,
        )
        _read_local_header(data, entry, start)
        if pos + CDR_SIZE + nlen > eocd and len(entry.lfh_name) == nlen and entry.lfh_name != raw:
            # The end record overwrote the tail of this name: its local header keeps it whole.
            entry.raw_name, entry.name = entry.lfh_name, _decode_name(entry.lfh_name)
        if entry.name in directory.entries:
            directory.duplicates.append(entry)
        else:
            directory.entries[entry.name] = entry
        index += 1
        pos += CDR_SIZE + nlen + xlen + clen
    directory.read_records = index
    if index == 0 and records:
        raise ZipFormatError("central directory has no readable record")
    return directory


def _read_local_header(data: bytes, entry: Entry, cd_start: int) -> None:
    at = entry.local_offset
    if at < 0 or at + LFH_SIZE > cd_start or data[at : at + 4] != LFH_SIG:
        return
    (flags, method, crc, csize, usize, nlen, xlen) = struct.unpack_from("<6xHH4xIIIHH", data, at)
    entry.lfh_flags, entry.lfh_method, entry.lfh_crc32 = flags, method, crc
    entry.lfh_compressed_size, entry.lfh_uncompressed_size = csize, usize
    entry.lfh_name = bytes(data[at + LFH_SIZE : at + LFH_SIZE + nlen])
    entry.data_offset = at + LFH_SIZE + nlen + xlen


def data_descriptor(data: bytes, entry: Entry) -> tuple[int, int, int] | None:
    """(crc, compressed, uncompressed) of the data descriptor after an entry's data."""
    # libziparchive's ValidateDataDescriptor: after the compressed data unless stored
    size = entry.uncompressed_size if entry.method == METHOD_STORED else entry.compressed_size
    at = entry.data_offset + size
    if entry.data_offset < 0 or at + 12 > len(data):
        return None
    if data[at : at + 4] == DD_SIG:
        at += 4
    if at + 12 > len(data):
        return None
    return _u32(data, at), _u32(data, at + 4), _u32(data, at + 8)


def is_virtual_entry(data: bytes, first: int) -> bool:
    """Android Gradle's zipflinger reserves space with a nameless local entry at offset 0
    that the central directory omits; that is a build artefact, not tampering."""
    head = data[:LFH_SIZE]
    if len(head) < LFH_SIZE or head[:4] != LFH_SIG:
        return False
    return _u16(head, 26) == 0 and LFH_SIZE + _u16(head, 28) == first


def layout_notes(data: bytes, d: ZipDirectory) -> list[str]:
    """What the archive's layout says that a well-formed one would not (anti-analysis tricks)."""
    notes: list[str] = list(d.notes)
    if d.read_records < d.declared_records:
        notes.append(
            f"central directory lists {d.declared_records} records but {d.read_records} "
            "could be read (a truncated directory)"
        )
    if d.ignored_records:
        notes.append(
            f"central directory holds {d.ignored_records} record(s) past the {d.declared_records} "
            "its end record counts; Android reads only the counted ones, and so does this report"
        )
    for dup in d.duplicates[:3]:
        notes.append(
            f"entry name {dup.name!r} appears twice in the central directory: Android 4.4 and "
            "later refuse to open such an archive (libziparchive: duplicate entry); older "
            "Android read the first copy, which this report uses"
        )
    if len(d.duplicates) > 3:
        notes.append(f"{len(d.duplicates) - 3} more duplicated entry names")
    if any(not e.name for e in d.entries.values()):
        notes.append("an entry has an empty name")
    odd = [n for n in d.entries if any(c in n for c in "\x00\r\n") or n.startswith("/") or ".." in n]
    if odd:
        notes.append(f"{len(odd)} entry name(s) with control characters or path tricks")
    if d.shift:
        notes.append(
            f"{_bytes(d.shift)} were prepended without adjusting the archive's offsets: "
            "Android refuses to open it (libziparchive: no central directory at the recorded "
            "offset); read with the offsets shifted"
        )
    first = d.first_local_offset
    if first > 0 and not d.shift and not is_virtual_entry(data, first):
        if data[:4] == LFH_SIG:
            notes.append(
                f"{_bytes(first)} of data before the first entry, starting with a local header the "
                "central directory does not list (a hidden entry for tools that walk local headers)"
            )
        else:
            notes.append(
                f"{_bytes(first)} of data before the first entry: Android refuses an archive "
                "that does not start with a local header (libziparchive)"
            )
    gap = d.eocd_offset - (d.cd_offset + d.cd_size) - (56 + 20 if d.zip64 else 0)
    if gap > 0:
        notes.append(f"{_bytes(gap)} between the central directory and its end record (Android ignores them)")
    if d.comment_length:
        notes.append(f"archive comment of {_bytes(d.comment_length)} after the central directory")
    trailing = d.file_size - (d.eocd_offset + EOCD_SIZE + d.comment_length)
    if trailing > 0:
        notes.append(
            f"{_bytes(trailing)} after the end record: recent Android (libziparchive) refuses such an archive"
        )
    return notes


def entry_notes(data: bytes, d: ZipDirectory) -> list[str]:
    """Entries whose local header disagrees with the central directory (read by the latter)."""
    notes: list[str] = []
    names_by_raw = {e.raw_name: e.name for e in d.entries.values()}
    bad_methods, mismatched, missing_local, renamed, sized = [], [], [], [], []
    for name, e in d.entries.items():
        if not e.has_local_header:
            missing_local.append(name)
            continue
        if e.method not in (METHOD_STORED, METHOD_DEFLATED) or e.lfh_method not in (
            METHOD_STORED,
            METHOD_DEFLATED,
        ):
            bad_methods.append(name)
        elif e.method != e.lfh_method:
            mismatched.append(name)
        if e.flags & FLAG_ENCRYPTED or e.lfh_flags & FLAG_ENCRYPTED:
            notes.append(f"{name} is flagged as encrypted (Android ignores the flag)")
        if e.lfh_name != e.raw_name:
            renamed.append(e)
        if e.lfh_flags & FLAG_DATA_DESCRIPTOR:
            local = (e.lfh_crc32, e.lfh_compressed_size, e.lfh_uncompressed_size)
            if local != (0, 0, 0) and local != (e.crc32, e.compressed_size, e.uncompressed_size):
                sized.append((e, "behind a data-descriptor flag"))
            dd = data_descriptor(data, e)
            if dd is not None and dd != (e.crc32, e.compressed_size, e.uncompressed_size):
                notes.append(
                    f"data descriptor of {name} disagrees with the central directory "
                    "(libziparchive refuses to extract it)"
                )
        elif (e.lfh_crc32, e.lfh_compressed_size, e.lfh_uncompressed_size) != (
            e.crc32,
            e.compressed_size,
            e.uncompressed_size,
        ):
            zeroed = e.lfh_compressed_size == 0 and e.lfh_uncompressed_size == 0
            sized.append((e, "zeroed" if zeroed else "wrong"))
    for e in renamed[:3]:
        shown = _decode_name(e.lfh_name)
        other = names_by_raw.get(e.lfh_name)
        what = (
            f"the name of another entry ({shown!r}): a decoy for tools that walk local headers"
            if other is not None
            else f"another name ({shown!r})"
        )
        notes.append(
            f"local header of {e.name} carries {what}; read through the central directory "
            "(libziparchive refuses to extract that entry)"
        )
    if len(renamed) > 3:
        notes.append(f"{len(renamed) - 3} more local headers carry other names")
    for e, how in sized[:3]:
        if how == "behind a data-descriptor flag":
            notes.append(
                f"local header of {e.name} gives sizes/CRC other than the central directory's "
                "behind a data-descriptor flag (Android ignores them); read through the central "
                "directory"
            )
        else:
            notes.append(
                f"local header of {e.name} has {how} sizes/CRC without a data descriptor; read "
                "through the central directory (libziparchive refuses to extract that entry)"
            )
    if len(sized) > 3:
        notes.append(f"{len(sized) - 3} more local headers with sizes/CRC unlike the central directory")
    if bad_methods:
        e = d.entries[bad_methods[0]]
        how = (
            "read as stored, as Android does"
            if e.compressed_size == e.uncompressed_size
            else "Android reads such an entry as stored; its data is deflate and was read so"
        )
        notes.append(
            f"unknown compression method on {len(bad_methods)} entr"
            f"{'y' if len(bad_methods) == 1 else 'ies'} (e.g. {bad_methods[0]}); {how}"
        )
    if mismatched:
        notes.append(
            f"local and central headers disagree on compression for {mismatched[0]}; "
            "the central directory's method is used, as Android does"
        )
    if missing_local:
        notes.append(
            f"{len(missing_local)} entr{'y has' if len(missing_local) == 1 else 'ies have'} "
            f"no valid local header (e.g. {missing_local[0]})"
        )
    return notes

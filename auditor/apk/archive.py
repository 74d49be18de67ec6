"""Bounded, tolerant reading of ZIP entries (APKs and bundles), with tampering notes.

Entries are located through apkInspector's central-directory parser (the one androguard
uses), which survives unknown compression methods, wrong local headers and data before the
EOCD. Inflation here is always bounded: an entry may never produce more than the per-entry
limit, nor the whole scan more than the total limit, whatever its headers claim. Nothing is
ever extracted to disk.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import AuditorError

_LOCAL_HEADER_SIZE = 30
#: Entries declared larger than this are inflated in two steps (see SafeZip._inflate_exact).
_EXACT_THRESHOLD = 4 * 1024**2
_INPUT_SLICE = 256 * 1024


@dataclass(frozen=True)
class Limits:
    """Safety limits; the defaults pass every real APK of the test corpus and stop bombs fast."""

    max_entries: int = 200_000
    max_entry_bytes: int = 256 * 1024**2  # one inflated entry (real dex files are < 30 MB)
    max_total_bytes: int = 2 * 1024**3  # everything inflated during one scan
    max_ratio: int = 1_000  # inflated / compressed, checked for entries above ratio_floor
    ratio_floor: int = 16 * 1024**2


DEFAULT_LIMITS = Limits()


@dataclass
class SafeZip:
    """Read access to one ZIP (an APK, a bundle, a split) within the limits."""

    label: str  # how the archive is named in messages ("app.apk", "bundle.xapk!base.apk")
    # The archive's bytes. Read through a memoryview of these, never through
    # BytesIO.getbuffer(): that would unshare (copy) the whole archive in memory.
    data: bytes
    zip_entry: Any  # apkInspector.headers.ZipEntry
    limits: Limits = DEFAULT_LIMITS
    budget: list[int] = field(default_factory=lambda: [0])  # shared across nested archives

    @classmethod
    def parse(
        cls,
        data: bytes,
        label: str,
        limits: Limits = DEFAULT_LIMITS,
        budget: list[int] | None = None,
    ) -> SafeZip:
        from apkInspector.headers import ZipEntry

        try:
            entry = ZipEntry.parse(io.BytesIO(data), True)
        except Exception as exc:  # apkInspector raises ValueError/struct.error on garbage
            raise AuditorError(
                "not_an_apk", f"not a readable ZIP archive ({_first_line(exc)})", label
            ) from exc
        zf = cls(label, data, entry, limits, budget if budget is not None else [0])
        if len(entry.central_directory.entries) > limits.max_entries:
            raise AuditorError(
                "too_large",
                f"{len(zf.names())} entries exceeds the limit of {limits.max_entries}",
                label,
            )
        return zf

    @classmethod
    def wrap(cls, zip_entry: Any, data: bytes, label: str, limits: Limits = DEFAULT_LIMITS) -> SafeZip:
        """Use an already parsed apkInspector ZipEntry (androguard's APK.zip) over `data`."""
        zf = cls(label, data, zip_entry, limits)
        if len(zip_entry.central_directory.entries) > limits.max_entries:
            raise AuditorError("too_large", f"more than {limits.max_entries} entries", label)
        return zf

    def names(self) -> list[str]:
        return list(self.zip_entry.central_directory.entries)

    def __contains__(self, name: str) -> bool:
        return name in self.zip_entry.central_directory.entries

    def declared_size(self, name: str) -> int:
        return int(self.zip_entry.central_directory.entries[name].uncompressed_size)

    def check_declared(self, name: str) -> None:
        """Refuse an entry whose central-directory sizes already break the limits."""
        cd = self.zip_entry.central_directory.entries[name]
        size, packed = int(cd.uncompressed_size), max(1, int(cd.compressed_size))
        if size > self.limits.max_entry_bytes:
            raise AuditorError("too_large", f"{name} declares {size} bytes inflated", self.label)
        if size > self.limits.ratio_floor and size // packed > self.limits.max_ratio:
            raise AuditorError(
                "too_large",
                f"{name} compression ratio {size // packed}:1 looks like a zip bomb",
                self.label,
            )

    def read(self, name: str) -> bytes:
        """Inflate one entry, never past the limits nor past its declared size.

        Memory stays bounded by min(declared size, per-entry limit, what is left of the
        total budget) even when the headers lie about the size.
        """
        self.check_declared(name)
        cd = self.zip_entry.central_directory.entries[name]
        lh = self.zip_entry.local_headers.get(name)
        if lh is None:
            raise AuditorError("corrupt", f"{name} has no local header", self.label)
        # Local sizes may be zero (data descriptor) or lies; the central directory wins then.
        if lh.compressed_size == 0 or lh.uncompressed_size == 0:
            packed, size = cd.compressed_size, cd.uncompressed_size
        else:
            packed, size = lh.compressed_size, lh.uncompressed_size
        declared = cd.uncompressed_size or size
        cap = min(self.limits.max_entry_bytes, self.limits.max_total_bytes - self.budget[0])
        bound = min(cap, declared) if declared else cap
        start = cd.relative_offset_of_local_file_header + _LOCAL_HEADER_SIZE
        start += lh.file_name_length + lh.extra_field_length
        with memoryview(self.data) as buf:
            method = lh.compression_method
            if method == 0 or (method != 8 and packed == size):
                data = bytes(buf[start : start + min(size or bound, bound + 1)])
            elif method == 8 and _EXACT_THRESHOLD < declared <= cap:
                data = self._inflate_exact(buf[start : start + packed], declared, name)
            else:
                data = self._inflate(buf[start : start + packed], bound, name, method)
        if len(data) > bound:
            why = "its declared size" if bound == declared and declared < cap else "the safety limit"
            raise AuditorError("too_large", f"{name} inflates beyond {why} (zip bomb?)", self.label)
        self.budget[0] += len(data)
        return data

    def stream(self, name: str, limit: int, piece: int = 1024**2) -> Iterator[bytes]:
        """Inflate one entry a piece at a time (each at most `piece` bytes), never more than
        `limit` bytes in all, nor past its declared size or what is left of the scan budget.

        For scanning large text or binary entries (script bundles) without ever holding the
        whole entry: the caller keeps what it needs of each piece. Stopping early is not an
        error here (the caller compares what it got with `declared_size`); bad deflate data
        raises AuditorError(corrupt) like `read`.
        """
        self.check_declared(name)
        cd = self.zip_entry.central_directory.entries[name]
        lh = self.zip_entry.local_headers.get(name)
        if lh is None:
            raise AuditorError("corrupt", f"{name} has no local header", self.label)
        if lh.compressed_size == 0 or lh.uncompressed_size == 0:
            packed, size = cd.compressed_size, cd.uncompressed_size
        else:
            packed, size = lh.compressed_size, lh.uncompressed_size
        declared = cd.uncompressed_size or size
        bound = min(limit, self.limits.max_entry_bytes, declared or limit)
        start = cd.relative_offset_of_local_file_header + _LOCAL_HEADER_SIZE
        start += lh.file_name_length + lh.extra_field_length
        method = lh.compression_method
        stored = method == 0 or (method != 8 and packed == size)
        with memoryview(self.data) as buf:
            data = buf[start : start + packed]
            done = 0
            if not stored:
                try:
                    for out in self._inflate_pieces(data, bound, piece):
                        done += len(out)
                        self.budget[0] += len(out)
                        yield out
                    return
                except zlib.error as exc:
                    if method == 8 or done:
                        why = f"{name}: bad deflate data ({exc})"
                        raise AuditorError("corrupt", why, self.label) from exc
            # Stored (or an unknown method whose data is not deflate: Android reads it stored).
            for pos in range(0, min(len(data), bound), piece):
                room = self.limits.max_total_bytes - self.budget[0]
                if room <= 0:
                    return
                out = bytes(data[pos : pos + min(piece, bound - pos, room)])
                self.budget[0] += len(out)
                yield out

    def _inflate_pieces(self, packed: memoryview, bound: int, piece: int) -> Iterator[bytes]:
        inflater = zlib.decompressobj(-15)
        left = bound
        pos = 0
        pending: bytes | memoryview = b""
        while left > 0:
            left = min(left, self.limits.max_total_bytes - self.budget[0])
            if left <= 0:
                return
            if not pending:
                if pos >= len(packed):
                    return
                pending = packed[pos : pos + _INPUT_SLICE]
                pos += len(pending)
            out = inflater.decompress(pending, min(piece, left))
            pending = inflater.unconsumed_tail
            if out:
                left -= len(out)
                yield out
            if inflater.eof:
                return

    def _inflate(self, packed: memoryview, cap: int, name: str, method: int) -> bytes:
        inflater = zlib.decompressobj(-15)
        try:
            out = inflater.decompress(packed, cap + 1)
        except zlib.error as exc:
            if method != 8:  # an unknown method whose data is not deflate: Android reads it stored
                return bytes(packed[: cap + 1])
            raise AuditorError("corrupt", f"{name}: bad deflate data ({exc})", self.label) from exc
        return out

    def _inflate_exact(self, packed: memoryview, declared: int, name: str) -> bytes:
        """Inflate a large entry holding it once, not twice.

        zlib's bounded inflation collects output blocks and joins them at the end, so a
        10 MB dex briefly takes 20 MB. An output buffer of exactly the declared size avoids
        the join, but unbounded inflation must never trust the header: first stream through
        the data counting bytes (output discarded, bounded by the declared size), then
        inflate for real into a buffer of the proven size.
        """
        inflater = zlib.decompressobj(-15)
        total = 0
        try:
            for i in range(0, len(packed), _INPUT_SLICE):
                chunk: bytes | memoryview = packed[i : i + _INPUT_SLICE]
                while True:
                    total += len(inflater.decompress(chunk, declared + 1 - total))
                    if total > declared:
                        raise AuditorError(
                            "too_large", f"{name} inflates beyond its declared size (zip bomb?)", self.label
                        )
                    chunk = inflater.unconsumed_tail
                    if not chunk or inflater.eof:
                        break
                if inflater.eof:
                    break
            return zlib.decompress(packed, -15, max(total, 1))
        except zlib.error as exc:
            raise AuditorError("corrupt", f"{name}: bad deflate data ({exc})", self.label) from exc

    def _is_virtual_entry(self, first: int) -> bool:
        """Android Gradle's zipflinger reserves space with a nameless local entry at offset 0
        that the central directory omits; that is a build artefact, not tampering."""
        head = self.data[:30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            return False
        name_len = int.from_bytes(head[26:28], "little")
        extra_len = int.from_bytes(head[28:30], "little")
        return name_len == 0 and 30 + extra_len == first

    def tampering(self) -> list[str]:
        """Structural oddities Android tolerates but analysers trip on (anti-analysis signals)."""
        notes: list[str] = []
        entries = self.zip_entry.central_directory.entries
        locals_ = self.zip_entry.local_headers
        eocd = self.zip_entry.eocd
        if eocd.total_number_of_central_directory_records != len(entries):
            notes.append(
                f"central directory lists {eocd.total_number_of_central_directory_records} records "
                f"but {len(entries)} distinct names were read "
                "(duplicate names or a truncated directory)"
            )
        if any(not name for name in entries):
            notes.append("an entry has an empty name")
        odd_names = [n for n in entries if any(c in n for c in "\x00\r\n") or n.startswith("/") or ".." in n]
        if odd_names:
            notes.append(f"{len(odd_names)} entry name(s) with control characters or path tricks")
        first = min((e.relative_offset_of_local_file_header for e in entries.values()), default=0)
        if first > 0 and not self._is_virtual_entry(first):
            notes.append(f"{first} bytes of data before the first entry")
        if eocd.comment_length:
            notes.append(f"archive comment of {eocd.comment_length} bytes after the central directory")
        bad_methods, mismatched, missing_local = [], [], []
        for name, cd in entries.items():
            lh = locals_.get(name)
            if lh is None:
                missing_local.append(name)
                continue
            if cd.compression_method not in (0, 8) or lh.compression_method not in (0, 8):
                bad_methods.append(name)
            elif cd.compression_method != lh.compression_method:
                mismatched.append(name)
            if cd.general_purpose_bit_flag & 1 or lh.general_purpose_bit_flag & 1:
                notes.append(f"{name} is flagged as encrypted (Android ignores the flag)")
        if bad_methods:
            notes.append(
                f"unknown compression method on {len(bad_methods)} entr"
                f"{'y' if len(bad_methods) == 1 else 'ies'} (e.g. {bad_methods[0]})"
            )
        if mismatched:
            notes.append(f"local and central headers disagree on compression for {mismatched[0]}")
        if missing_local:
            notes.append(
                f"{len(missing_local)} entr{'y has' if len(missing_local) == 1 else 'ies have'} "
                "no valid local header"
            )
        return notes


def manifest_tampering(manifest: bytes) -> list[str]:
    """AXML tricks (bad magic, wrong string counts, junk chunks) seen by apkInspector."""
    try:
        from apkInspector.indicators import manifest_tampering_indicators

        found = manifest_tampering_indicators(io.BytesIO(manifest))
    except Exception as exc:  # the checker itself failing on junk is a signal too
        return [f"AndroidManifest.xml could not be checked for tampering ({_first_line(exc)})"]
    return [f"AndroidManifest.xml: {key.replace('_', ' ')}" for key in sorted(found)]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:160]

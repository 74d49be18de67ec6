"""Bounded, tolerant reading of ZIP entries (APKs and bundles), with tampering notes.

Entries are located through the central directory the way Android reads it
(`auditor.apk.zipdir`: the central directory gives names, method and sizes, a local header
only where the data starts), so tricks in local headers never change what is read.
Inflation here is always bounded: an entry may never produce more than the per-entry limit,
nor the whole scan more than the total limit, whatever its headers claim. Nothing is ever
extracted to disk.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from auditor.apk.zipdir import (
    METHOD_DEFLATED,
    METHOD_STORED,
    ZipDirectory,
    ZipFormatError,
    entry_notes,
    layout_notes,
    parse_directory,
)
from auditor.background import Background
from auditor.errors import AuditorError

#: Entries declared larger than this are inflated in two steps (see SafeZip._inflate_exact).
#: The second pass costs a whole inflation (~40 ms for a 10 MB dex) to save a transient copy
#: of the entry; a dex file (64K methods at most) is rarely above ~12 MB, so every dex is
#: inflated once and only larger entries (a bundle's inner APKs, big assets) take two passes.
_EXACT_THRESHOLD = 16 * 1024**2
_INPUT_SLICE = 256 * 1024
#: Entries read ahead in a thread (SafeZip.read_ahead) from this size: below it, the thread
#: costs more than the overlap saves.
_READ_AHEAD_FROM = 256 * 1024
#: Entries read more than once in a scan (androguard and auditor both read them): kept.
_KEPT = frozenset({"AndroidManifest.xml", "resources.arsc"})


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
    directory: ZipDirectory
    limits: Limits = DEFAULT_LIMITS
    budget: list[int] = field(default_factory=lambda: [0])  # shared across nested archives
    _kept: dict[str, bytes] = field(default_factory=dict, repr=False)
    _ahead: dict[str, Background[bytes]] = field(default_factory=dict, repr=False)

    @classmethod
    def parse(
        cls,
        data: bytes,
        label: str,
        limits: Limits = DEFAULT_LIMITS,
        budget: list[int] | None = None,
    ) -> SafeZip:
        try:
            directory = parse_directory(data, limits.max_entries)
        except ZipFormatError as exc:
            if "exceeds the limit" in str(exc):
                raise AuditorError("too_large", str(exc), label) from exc
            raise AuditorError("not_an_apk", f"not a readable ZIP archive ({exc})", label) from exc
        return cls(label, data, directory, limits, budget if budget is not None else [0])

    def names(self) -> list[str]:
        return list(self.directory.entries)

    def __contains__(self, name: str) -> bool:
        return name in self.directory.entries

    def declared_size(self, name: str) -> int:
        return int(self.directory.entries[name].uncompressed_size)

    def crc32(self, name: str) -> int:
        return int(self.directory.entries[name].crc32)

    def check_declared(self, name: str) -> None:
        """Refuse an entry whose central-directory sizes already break the limits."""
        e = self.directory.entries[name]
        size, packed = int(e.uncompressed_size), max(1, int(e.compressed_size))
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
        total budget) even when the headers lie about the size. Method, sizes and the
        data's start come from the central directory and the local header's own name and
        extra lengths, as on Android; nothing else of the local header is used.
        """
        kept = self._kept.get(name)
        if kept is not None:
            return kept
        ahead = self._ahead.pop(name, None)
        data = ahead.result() if ahead is not None else self._inflate_entry(name, self.budget[0])
        # Judged with what is left of the budget now (a read-ahead began with more left).
        declared = self.directory.entries[name].uncompressed_size
        cap, bound = self._limits_for(declared, self.budget[0])
        if len(data) > bound:
            why = "its declared size" if bound == declared and declared < cap else "the safety limit"
            raise AuditorError("too_large", f"{name} inflates beyond {why} (zip bomb?)", self.label)
        self.budget[0] += len(data)
        if name in _KEPT:
            self._kept[name] = data
        return data

    def read_ahead(self, name: str) -> bool:
        """Start inflating a large deflated entry in a thread; `read(name)` collects it.
        True when `name` is being read ahead (now or already), False when not worth it or
        another entry is (one at a time keeps memory to one extra entry).

        zlib lets go of the GIL while it inflates, so the next dex inflates on a second
        core while the scan works through the current one. What `read` returns or raises
        is unchanged: the same bounded inflation, the same checks.
        """
        if name in self._ahead:
            return True
        e = self.directory.entries.get(name)
        if (
            e is None
            or self._ahead
            or name in self._kept
            or e.method != METHOD_DEFLATED
            or e.uncompressed_size < _READ_AHEAD_FROM
        ):
            return False
        used = self.budget[0]
        self._ahead[name] = Background(
            lambda: self._inflate_entry(name, used), name="auditor-read-ahead"
        )
        return True

    def _limits_for(self, declared: int, used: int) -> tuple[int, int]:
        """(cap, bound): what one entry may inflate to with `used` bytes of the budget spent
        (cap), and that within its declared size (bound)."""
        cap = min(self.limits.max_entry_bytes, self.limits.max_total_bytes - used)
        return cap, (min(cap, declared) if declared else cap)

    def _inflate_entry(self, name: str, used: int) -> bytes:
        """The entry's bytes, at most one byte past min(declared, limits) given `used` bytes
        of the budget spent; `read` judges the length."""
        self.check_declared(name)
        e = self.directory.entries[name]
        if not e.has_local_header:
            raise AuditorError("corrupt", f"{name} has no local header", self.label)
        packed, declared = e.compressed_size, e.uncompressed_size
        cap, bound = self._limits_for(declared, used)
        start = e.data_offset
        with memoryview(self.data) as buf:
            method = e.method
            if method == METHOD_STORED or (method != METHOD_DEFLATED and packed == declared):
                return bytes(buf[start : start + min(declared or bound, bound + 1)])
            if method == METHOD_DEFLATED and _EXACT_THRESHOLD < declared <= cap:
                return self._inflate_exact(buf[start : start + packed], declared, name)
            return self._inflate(buf[start : start + packed], bound, name, method)

    def stream(self, name: str, limit: int, piece: int = 1024**2) -> Iterator[bytes]:
        """Inflate one entry a piece at a time (each at most `piece` bytes), never more than
        `limit` bytes in all, nor past its declared size or what is left of the scan budget.

        For scanning large text or binary entries (script bundles) without ever holding the
        whole entry: the caller keeps what it needs of each piece. Stopping early is not an
        error here (the caller compares what it got with `declared_size`); bad deflate data
        raises AuditorError(corrupt) like `read`.
        """
        self.check_declared(name)
        e = self.directory.entries[name]
        if not e.has_local_header:
            raise AuditorError("corrupt", f"{name} has no local header", self.label)
        # As in read(): method and sizes from the central directory, the data's start from
        # the local header's own name and extra lengths.
        packed, declared = e.compressed_size, e.uncompressed_size
        bound = min(limit, self.limits.max_entry_bytes, declared or limit)
        start = e.data_offset
        method = e.method
        stored = method == METHOD_STORED or (method != METHOD_DEFLATED and packed == declared)
        with memoryview(self.data) as buf:
            data = buf[start : start + (declared if stored else packed)]
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

    def tampering(self) -> list[str]:
        """Structural oddities Android tolerates (or refuses) that analysers trip on."""
        return layout_notes(self.data, self.directory) + entry_notes(self.data, self.directory)


class AndroguardZip:
    """What androguard's APK asks of its zip (read, namelist, infolist), served by SafeZip,
    so androguard reads exactly the entries auditor reads, within the same limits."""

    def __init__(self, zf: SafeZip) -> None:
        self._zf = zf

    def read(self, name: Any, save: bool = False) -> bytes:
        name = str(name)
        if name not in self._zf:
            raise KeyError(name)
        return self._zf.read(name)

    def namelist(self) -> list[str]:
        return self._zf.names()

    def infolist(self) -> dict[str, Any]:
        return {n: _Info(e.crc32) for n, e in self._zf.directory.entries.items()}


@dataclass(frozen=True)
class _Info:
    crc32_of_uncompressed_data: int

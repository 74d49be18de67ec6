"""Every dex of one APK, opened once and reachable by position for the passes that come back
to the code after the first scan (class hierarchy, inherited calls, compiler-made shapes,
the cross-call and permission passes).

The dex files are kept parsed (DexFile objects, which also keep what the scanner learnt about
them: resolved strings, where each class's code lies) while they total at most `keep_bytes`:
inflating a dex again costs more time than keeping it costs memory, since the peak is mostly
set by the largest single dex anyway. Past that budget the first dex files stay kept and the
others are read again from the APK on demand, one code blob at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from auditor.apk.container import CodeBlob, OpenedApk
from auditor.dex import DexError, DexFile, MethodFlow, Reference, TargetSet, scan_dexfiles
from auditor.dex.callsites import call_sites, scan_call_sites

#: How many bytes of inflated dex stay in memory between passes.
KEEP_CODE_BYTES = 32 * 1024**2


class _Where(NamedTuple):
    blob: int  # index in OpenedApk.code_blobs()
    part: int  # index in read_code(blob) (a zip of dex files holds several)
    entry: int  # index in DexFile.open_all (a v041 container holds several)


class DexSource:
    """Parsed dex files in load order: base classes*.dex, code in assets, then splits."""

    def __init__(self, opened: OpenedApk, keep_bytes: int = KEEP_CODE_BYTES) -> None:
        self.opened = opened
        self.keep_bytes = keep_bytes
        self._blobs: list[CodeBlob] = []
        self._where: list[_Where] = []
        self._names: list[str] = []
        self._kept: list[DexFile | None] = []
        self._kept_bytes = 0
        self._loaded: tuple[int, list[list[DexFile]]] | None = None  # one re-read blob
        self.errors: list[str] = []  # dex files a later scan could not read
        self._defined: dict[str, int] = {}  # classes of the dex files not kept -> position

    # ------------------------------------------------------------------ first pass

    def blobs(self) -> Iterator[tuple[int, CodeBlob]]:
        for blob in self.opened.code_blobs():
            self._blobs.append(blob)
            yield len(self._blobs) - 1, blob

    def add(self, blob: int, part: int, dexes: list[DexFile], size: int) -> None:
        """Register the dex files read from one (name, bytes) part of a code blob.

        A dex that is not kept leaves the names of its classes behind (decoded once, while
        its bytes are here), so that a question about one class later reads only the dex
        that defines it, not every dex again."""
        keep = self._kept_bytes + size <= self.keep_bytes
        if keep:
            self._kept_bytes += size
        for entry, dex in enumerate(dexes):
            position = len(self._where)
            self._where.append(_Where(blob, part, entry))
            self._names.append(dex.name)
            self._kept.append(dex if keep else None)
            if not keep:
                for cls in dex.entry_class_descriptors():
                    self._defined.setdefault(cls, position)

    def candidates(self, cls: str) -> list[int]:
        """Positions of the dex files that may define `cls`: every kept one, and the one of
        the others whose class list names it."""
        out = [i for i, d in enumerate(self._kept) if d is not None]
        other = self._defined.get(cls)
        if other is not None:
            out.append(other)
        return out

    # ------------------------------------------------------------------ later passes

    def __len__(self) -> int:
        return len(self._where)

    def __getitem__(self, i: int) -> DexFile:
        dex = self._kept[i]
        if dex is not None:
            return dex
        where = self._where[i]
        if self._loaded is None or self._loaded[0] != where.blob:
            parts = self.opened.read_code(self._blobs[where.blob])
            self._loaded = (where.blob, [DexFile.open_all(data, name) for name, data in parts])
        return self._loaded[1][where.part][where.entry]

    def name(self, i: int) -> str:
        return self._names[i]

    def positions(self, name: str) -> list[int]:
        """Positions of the dex entries read from the dex file called `name`."""
        return [i for i, n in enumerate(self._names) if n == name]

    @property
    def all_kept(self) -> bool:
        return all(d is not None for d in self._kept)

    def payloads(self) -> Iterator[tuple[str, bytes]]:
        """(name, bytes) of every dex file, in load order, as the first pass read them (the
        kept ones from memory, the others read again): for passes that parse on their own."""
        seen: set[tuple[int, int]] = set()
        for i, where in enumerate(self._where):
            if (where.blob, where.part) not in seen:
                seen.add((where.blob, where.part))
                yield self._names[i], self[i].data

    def scan(
        self,
        targets: TargetSet,
        *,
        call_sites: bool = False,
        inspect: frozenset[str] = frozenset(),
        flows: dict[tuple[str, str], MethodFlow] | None = None,
    ) -> list[Reference]:
        """Every reference to `targets` in every dex: sorted per dex file, in load order.

        With `call_sites`, also the invoke-custom call sites that hand over one of the target
        methods (kind 'call_site', dex 038+; auditor.dex.callsites), in the same read. Methods
        referencing an `inspect` key get the def-use pass, into `flows`."""
        out: list[Reference] = []
        if not targets:
            return out
        groups: dict[tuple[int, int], list[int]] = {}
        for i, where in enumerate(self._where):
            groups.setdefault((where.blob, where.part), []).append(i)
        for positions in groups.values():
            try:
                dexes = [self[i] for i in positions]
                out.extend(scan_dexfiles(dexes, targets, inspect, flows))
                if call_sites and targets.methods:
                    for dex in dexes:
                        out.extend(scan_call_sites(dex, targets))
            except DexError as exc:  # read fine once; another target set can still trip on it
                self.errors.append(f"{self._names[positions[0]]}: {exc}")
        return out

    def handed_over(self) -> dict[str, set[str]]:
        """Method -> interface methods it implements through invoke-custom call sites
        (`lambda$new$0` -> {`onActivityResult`}): lambdas with no lambda class."""
        out: dict[str, set[str]] = {}
        for i in range(len(self)):
            dex = self[i]
            try:
                for site in call_sites(dex):
                    for midx in site.methods:
                        cls, name, desc = dex.method_info(midx)
                        out.setdefault(f"{cls}->{name}{desc}", set()).add(site.name or "")
            except DexError as exc:
                self.errors.append(f"{self._names[i]}: {exc}")
        return out

    def release(self) -> None:
        """Drop every dex (the bytes and what was learnt about them)."""
        self._kept = [None] * len(self._kept)
        self._loaded = None

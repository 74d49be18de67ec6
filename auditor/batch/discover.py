"""Find the inputs of a batch: APKs and app bundles, by content, under files and folders.

Rules (docs/batch.md, "Which files are scanned"):

* A path given explicitly that is a file is always an input (if it is not an APK, its record
  says why). A folder is walked recursively; a path that does not exist is an input whose
  record says `not_found`.
* Inside a folder, a regular file is an input when its *content* is an APK or a bundle: a ZIP
  (local header `PK\\x03\\x04` at offset 0, or an end-of-central-directory record `PK\\x05\\x06`
  in the last 64 KiB + 22 bytes) that holds `AndroidManifest.xml` (an APK), or `*.apk`
  members / a root `toc.pb` / a root xapk `manifest.json` (a bundle: .xapk, .apks, .apkm).
* Code without a manifest is an input too: a ZIP holding `.dex` entries but no manifest and no
  APK (a dex-only payload), or a file that starts with the dex magic `dex\n` (a bare dex
  file); both give a code-only report. Files named `*.dex` are inputs whatever they hold.
* Anything *named* `*.apk`, `*.xapk`, `*.apks`, `*.apkm` is an input whatever it holds (an
  empty file, garbage, a directory, a FIFO), so the user hears about it in an error record.
  A directory with such a name is also walked.
* Other files are ignored silently. Symlinks are followed only while they stay inside the
  folder being walked; sockets and FIFOs are never opened.
* Inputs are keyed by the SHA-256 of their content (computed streaming): copies are scanned
  once and their record lists every path.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

#: File names that always become inputs, whatever their content.
APK_SUFFIXES: tuple[str, ...] = (".apk", ".xapk", ".apks", ".apkm")
#: How far from the end an end-of-central-directory record can start (max comment + record).
EOCD_SEARCH = 65535 + 22
_LOCAL_MAGIC = b"PK\x03\x04"
_EOCD_MAGIC = b"PK\x05\x06"
_CHUNK = 1 << 20

# Input kinds.
APK = "apk"  # a ZIP holding AndroidManifest.xml (or a file named *.apk: the worker decides)
BUNDLE = "bundle"  # .xapk / .apks / .apkm: the base APK inside is scanned
CODE = "code"  # dex code without a manifest: a dex-only zip or a bare dex file
#: File names that always become inputs (code without a manifest), whatever they hold.
CODE_SUFFIXES: tuple[str, ...] = (".dex",)
_DEX_MAGIC = b"dex\n"
INVALID = "invalid"  # cannot be opened at all: the record is written without a worker


@dataclass
class Input:
    """One thing to scan. `paths` are every path with this content (duplicates)."""

    path: str
    paths: list[str]
    sha256: str | None
    size: int | None
    kind: str = APK
    #: For INVALID inputs: (code, message) of the error record to write.
    error: tuple[str, str] | None = None

    @property
    def key(self) -> str:
        """Identity in results.jsonl: the content hash, or the path when there is no content."""
        return self.sha256 or f"path:{os.path.abspath(self.path)}"

    def record_input(self) -> dict[str, object]:
        return {
            "path": self.path,
            "paths": list(self.paths),
            "sha256": self.sha256,
            "size": self.size,
        }


@dataclass
class Discovery:
    inputs: list[Input]
    duplicates: int = 0  # paths merged into another input with the same content
    notes: list[str] = field(default_factory=list)  # skipped symlinks and the like


def _named_like_apk(name: str) -> bool:
    return name.lower().endswith(APK_SUFFIXES + CODE_SUFFIXES)


def dex_magic(path: str, size: int) -> bool:
    """A bare dex file: `dex\n` then a three-digit version and a NUL."""
    if size < 0x70:  # smaller than a dex header
        return False
    with open(path, "rb") as fh:
        head = fh.read(8)
    return head[:4] == _DEX_MAGIC and head[4:7].isdigit() and head[7:8] == b"\x00"


def zip_magic(path: str, size: int) -> bool:
    """A local-file header at offset 0, or an EOCD record within the last 64 KiB + 22 bytes."""
    if size < 22:
        return False
    with open(path, "rb") as fh:
        if fh.read(4) == _LOCAL_MAGIC:
            return True
        tail = min(size, EOCD_SEARCH)
        fh.seek(size - tail)
        return _EOCD_MAGIC in fh.read(tail)


def _bundle_names(names: Iterable[str]) -> bool:
    for n in names:
        low = n.lower()
        if low.endswith(".apk") or low == "toc.pb":
            return True
    return False


def classify_zip(path: str, size: int) -> str | None:
    """APK, BUNDLE, CODE (dex entries, no manifest), or None (a ZIP that is none of
    these, or not a ZIP)."""
    if not zip_magic(path, size):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if "AndroidManifest.xml" in names:
                return APK
            if _bundle_names(names):
                return BUNDLE
            if "manifest.json" in names:
                info = zf.getinfo("manifest.json")
                if info.file_size < 1 << 20 and b'"package_name"' in zf.read(info):
                    return BUNDLE  # an .xapk whose APKs sit in sub-folders
            if any(n.lower().endswith(".dex") for n in names):
                return CODE
            return None
    except Exception:
        # A tampered central directory that zipfile rejects but Android accepts: look for the
        # entry name in the raw bytes; the worker gives the real verdict.
        return APK if _contains(path, b"AndroidManifest.xml") else None


def _contains(path: str, needle: bytes) -> bool:
    keep = len(needle) - 1
    prev = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            if needle in prev + chunk:
                return True
            prev = chunk[-keep:]
    return False


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class _Found:
    path: str
    size: int | None = None
    kind: str = APK
    error: tuple[str, str] | None = None


def _within(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _walk(root: str, found: list[_Found], notes: list[str]) -> None:
    root_real = os.path.realpath(root)
    seen_dirs: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen_dirs:
            continue
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            notes.append(f"cannot list {folder}: {exc.strerror}")
            continue
        for entry in entries:
            path = entry.path
            try:
                if entry.is_symlink():
                    target = os.path.realpath(path)
                    if not _within(target, root_real):
                        notes.append(f"skipped {path}: symlink leaves {root}")
                        continue
                st = os.stat(path)  # follows an inside symlink
            except OSError as exc:
                if _named_like_apk(entry.name):
                    found.append(
                        _Found(
                            path,
                            kind=INVALID,
                            error=("not_found", f"cannot access: {exc.strerror}"),
                        )
                    )
                continue
            if stat.S_ISDIR(st.st_mode):
                if _named_like_apk(entry.name):
                    found.append(
                        _Found(
                            path,
                            kind=INVALID,
                            error=("not_a_file", "is a directory, not an APK file"),
                        )
                    )
                stack.append(path)
            elif stat.S_ISREG(st.st_mode):
                if _named_like_apk(entry.name):
                    found.append(_Found(path, st.st_size, _guess_kind(path, st.st_size)))
                    continue
                try:
                    kind = classify_zip(path, st.st_size) or (
                        CODE if dex_magic(path, st.st_size) else None
                    )
                except OSError:
                    kind = None
                if kind:
                    found.append(_Found(path, st.st_size, kind))
            elif _named_like_apk(entry.name):  # FIFO, socket, device: never opened
                found.append(
                    _Found(path, kind=INVALID, error=("not_a_file", "is not a regular file"))
                )


def _guess_kind(path: str, size: int) -> str:
    """A file named like an APK is always an input; it is a bundle when its content says so."""
    try:
        return classify_zip(path, size) or (CODE if dex_magic(path, size) else APK)
    except OSError:
        return APK


def _explicit(path: str, found: list[_Found], notes: list[str]) -> None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        found.append(_Found(path, kind=INVALID, error=("not_found", "no such file")))
        return
    except OSError as exc:
        found.append(
            _Found(path, kind=INVALID, error=("not_found", f"cannot access: {exc.strerror}"))
        )
        return
    if stat.S_ISDIR(st.st_mode):
        _walk(path, found, notes)
    elif stat.S_ISREG(st.st_mode):
        found.append(_Found(path, st.st_size, _guess_kind(path, st.st_size)))
    else:
        found.append(_Found(path, kind=INVALID, error=("not_a_file", "is not a regular file")))


def _hash(item: _Found) -> tuple[_Found, str | None]:
    if item.kind == INVALID:
        return item, None
    try:
        return item, sha256_file(item.path)
    except OSError as exc:
        item.kind = INVALID
        item.error = ("not_found", f"cannot read: {exc.strerror}")
        return item, None


def discover_all(
    paths: Iterable[str | os.PathLike[str]], hash_threads: int | None = None
) -> Discovery:
    """Inputs under `paths`, deduplicated by content, plus what was skipped and why."""
    found: list[_Found] = []
    notes: list[str] = []
    for p in paths:
        _explicit(os.fspath(p), found, notes)
    threads = hash_threads or min(8, os.cpu_count() or 1)
    pool = ThreadPoolExecutor(max_workers=threads)  # hashlib releases the GIL
    try:
        hashed = list(pool.map(_hash, found))
    finally:  # on Ctrl-C, do not hash the rest first
        pool.shutdown(wait=True, cancel_futures=True)

    by_key: dict[str, Input] = {}
    seen_paths: set[str] = set()
    duplicates = 0
    for item, digest in hashed:
        if item.path in seen_paths:  # the same path given twice
            continue
        seen_paths.add(item.path)
        if digest is None:
            inp = Input(item.path, [item.path], None, item.size, INVALID, item.error)
            by_key.setdefault(inp.key, inp)
            continue
        if digest in by_key:
            by_key[digest].paths.append(item.path)
            duplicates += 1
            continue
        by_key[digest] = Input(item.path, [item.path], digest, item.size, item.kind)
    return Discovery(list(by_key.values()), duplicates, notes)


def discover(paths: Iterable[str | os.PathLike[str]]) -> list[Input]:
    """Every input under `paths` (files and folders), one per distinct content."""
    return discover_all(paths).inputs


__all__ = [
    "APK",
    "APK_SUFFIXES",
    "BUNDLE",
    "CODE",
    "INVALID",
    "Discovery",
    "Input",
    "classify_zip",
    "discover",
    "discover_all",
    "sha256_file",
    "zip_magic",
]

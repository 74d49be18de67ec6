"""Open an APK safely and hand out its manifest (via androguard) and its code blobs.

Input is hostile: every failure becomes an `AuditorError` with a stable code, never a
traceback. androguard's own loguru output (~190k debug lines per APK, nearly doubling the
run time) is disabled for the `androguard` module only, so a caller's logging is untouched.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import AuditorError

if TYPE_CHECKING:
    from androguard.core.apk import APK

#: Inputs larger than this are refused before anything is read (a store APK is < 4 GB).
MAX_INPUT_BYTES = 2 * 1024**3
#: A single code entry larger than this is skipped with a warning (real dex files are < 100 MB).
MAX_CODE_ENTRY_BYTES = 256 * 1024**2

_ROOT_DEX = re.compile(r"^classes\d*\.dex$")
_EMBEDDED_CODE = re.compile(r"^(assets|res/raw)/.+\.(dex|jar|apk|zip|odex|bin|dat)$", re.I)
DEX_MAGIC = b"dex\n"


def _quiet_androguard() -> None:
    from loguru import logger

    logger.disable("androguard")


@dataclass
class CodeBlob:
    """A dex file to scan: a root classesN.dex, or code embedded in assets/ or res/raw."""

    name: str
    embedded: bool


@dataclass
class OpenedApk:
    path: Path
    size: int
    sha256: str
    apk: APK
    warnings: list[str] = field(default_factory=list)

    def code_blobs(self) -> list[CodeBlob]:
        names = self.apk.get_files()
        root = sorted(
            (n for n in names if _ROOT_DEX.match(n)),
            key=lambda n: (len(n), n),  # classes.dex, classes2.dex, ..., classes10.dex
        )
        embedded = sorted(n for n in names if _EMBEDDED_CODE.match(n))
        return [CodeBlob(n, False) for n in root] + [CodeBlob(n, True) for n in embedded]

    def read_code(self, blob: CodeBlob) -> list[tuple[str, bytes]]:
        """The dex payload(s) of one blob; an embedded jar/apk yields its classes*.dex.

        Returns [] (with a warning) for entries that are not code after all or cannot be read.
        """
        try:
            data = self.apk.get_file(blob.name)
        except Exception as exc:  # apkInspector raises various errors on damaged entries
            self.warnings.append(f"could not read {blob.name}: {exc}")
            return []
        if len(data) > MAX_CODE_ENTRY_BYTES:
            self.warnings.append(f"skipped {blob.name}: {len(data)} bytes exceeds the code limit")
            return []
        if data[:4] == DEX_MAGIC:
            return [(blob.name, data)]
        if blob.embedded and data[:2] == b"PK":
            return _dex_from_nested_zip(blob.name, data, self.warnings)
        if not blob.embedded:
            self.warnings.append(f"{blob.name} is not a dex file (bad magic); skipped")
        return []


def _dex_from_nested_zip(name: str, data: bytes, warnings: list[str]) -> list[tuple[str, bytes]]:
    import io
    import zipfile

    out: list[tuple[str, bytes]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if not _ROOT_DEX.match(info.filename):
                    continue
                if info.file_size > MAX_CODE_ENTRY_BYTES:
                    warnings.append(f"skipped {name}!{info.filename}: too large")
                    continue
                payload = zf.read(info)
                if payload[:4] == DEX_MAGIC:
                    out.append((f"{name}!{info.filename}", payload))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        warnings.append(f"could not open embedded archive {name}: {exc}")
    return out


def _looks_like_zip(path: Path, size: int) -> bool:
    """A local-file header at the start, or an end-of-central-directory record near the end."""
    with path.open("rb") as fh:
        if fh.read(4) == b"PK\x03\x04":
            return True
        tail = min(size, 65535 + 22 + 1024)
        fh.seek(size - tail)
        return b"PK\x05\x06" in fh.read(tail)


def open_apk(path: str | os.PathLike[str]) -> OpenedApk:
    """Open an APK file for scanning, or raise AuditorError saying why it cannot be."""
    p = Path(path)
    shown = str(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise AuditorError("not_found", "no such file", shown) from None
    except OSError as exc:
        raise AuditorError("not_found", f"cannot access: {exc.strerror}", shown) from exc
    if stat.S_ISDIR(st.st_mode):
        raise AuditorError("not_a_file", "is a directory, not an APK file", shown)
    if not stat.S_ISREG(st.st_mode):
        raise AuditorError("not_a_file", "is not a regular file", shown)
    if st.st_size == 0:
        raise AuditorError("not_an_apk", "empty file", shown)
    if st.st_size > MAX_INPUT_BYTES:
        raise AuditorError("too_large", f"{st.st_size} bytes exceeds {MAX_INPUT_BYTES}", shown)
    try:
        if not _looks_like_zip(p, st.st_size):
            raise AuditorError("not_an_apk", "not a ZIP/APK archive", shown)
    except OSError as exc:
        raise AuditorError("not_found", f"cannot read: {exc.strerror}", shown) from exc

    _quiet_androguard()
    from androguard.core.apk import APK

    try:
        apk = APK(str(p))
    except AuditorError:
        raise
    except Exception as exc:
        raise AuditorError("corrupt", f"cannot read the archive: {_short(exc)}", shown) from exc

    try:
        names = apk.get_files()
    except Exception as exc:
        raise AuditorError("corrupt", f"cannot list the archive: {_short(exc)}", shown) from exc
    if "AndroidManifest.xml" not in names:
        raise AuditorError("no_manifest", "the archive has no AndroidManifest.xml", shown)
    if not apk.is_valid_APK():
        raise AuditorError("no_manifest", "AndroidManifest.xml cannot be parsed", shown)

    raw = apk.get_raw()
    return OpenedApk(path=p, size=st.st_size, sha256=hashlib.sha256(raw).hexdigest(), apk=apk)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]

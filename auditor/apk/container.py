"""Open an APK or a split bundle safely; hand out its manifest (androguard) and code blobs.

Input is hostile: every failure becomes an `AuditorError` with a stable code, never a
traceback. Inputs may be a plain APK, an .xapk / .apks (bundletool) / .apkm bundle, or an
APK nested in a zip; the report then covers the base plus every split. Every read goes
through `archive.SafeZip`, so inflation is bounded and nothing is extracted to disk.
androguard is imported on first use (auditor.apk.androguard_lib), with its loguru output
disabled for the `androguard` module only, so a caller's logging is untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.apk import axml
from auditor.apk.androguard_lib import apk_class, quiet_androguard
from auditor.apk.archive import DEFAULT_LIMITS, AndroguardZip, Limits, SafeZip
from auditor.apk.arsc import StringTable
from auditor.apk.zipdir import ZipDirectory
from auditor.background import Background
from auditor.errors import AuditorError

if TYPE_CHECKING:
    from androguard.core.apk import APK


def _quiet_androguard() -> None:
    """Silence androguard again (a worker process may have re-enabled loguru)."""
    quiet_androguard()


#: Inputs larger than this are refused before anything is read (store APKs are < 4 GB).
MAX_INPUT_BYTES = 2 * 1024**3

_ROOT_DEX = re.compile(r"^classes\d*\.dex$")
_EMBEDDED_CODE = re.compile(r"^(assets|res/raw)/.+\.(dex|jar|apk|zip|odex|bin|dat)$", re.I)
DEX_MAGIC = b"dex\n"
KIND_APK = "apk"
KIND_CODE_ONLY = "code_only"
MANIFEST = "AndroidManifest.xml"
RESOURCES = "resources.arsc"


@dataclass
class CodeBlob:
    """A dex to scan: a root classesN.dex of the base or a split, or code embedded in assets/."""

    name: str  # the name shown in evidence: "classes2.dex", "feature_kyc.apk!classes.dex"
    entry: str  # the entry name inside `archive`
    archive: SafeZip
    embedded: bool
    data: bytes | None = field(default=None, repr=False)  # a bare dex file: the input itself


@dataclass
class OpenedApk:
    path: Path
    size: int
    sha256: str
    apk: APK | None  # the base APK, manifest parsed; None for code-only inputs
    base: SafeZip  # for a bare dex file: an empty archive
    splits: list[tuple[str, SafeZip]] = field(default_factory=list)
    bundle: str | None = None  # xapk | apks | apkm | nested | None for a plain APK
    base_name: str | None = None  # entry of the base APK inside a bundle
    warnings: list[str] = field(default_factory=list)
    tampering: list[str] = field(default_factory=list)
    sdk_codenames: dict[str, str] = field(default_factory=dict)  # attribute -> codename read
    sha1: str = ""  # for matching published IOC lists, which often give SHA-1
    kind: str = KIND_APK  # KIND_APK, or KIND_CODE_ONLY: dex code without a manifest
    code_only_source: str | None = None  # "dex_zip" (a dex-only zip) | "dex_file" (a bare dex)
    _resources: bytes | None = field(default=None, repr=False)
    _bare_dex: bytes | None = field(default=None, repr=False)
    _table: StringTable | None = field(default=None, repr=False)
    _table_read: bool = field(default=False, repr=False)

    def files(self) -> list[str]:
        """Entry names of the base APK."""
        return self.base.names()

    def read(self, name: str) -> bytes:
        """A base-APK entry, bounded by the safety limits.

        resources.arsc is inflated once and kept: the label, the network security config,
        endpoints and emergency-contact phrases all read it.
        """
        if name != RESOURCES:
            return self.base.read(name)
        if self._resources is None:
            self._resources = self.base.read(name)
        return self._resources

    def stream(self, name: str, limit: int, piece: int = 1024**2) -> Iterator[bytes]:
        """A base-APK entry a piece at a time, at most `limit` bytes (see SafeZip.stream)."""
        return self.base.stream(name, limit, piece)

    def string_table(self) -> StringTable | None:
        """Every string resource of resources.arsc (auditor.apk.arsc.StringTable), parsed once
        from the bytes `read` keeps; None when the APK has no (readable) resources.arsc."""
        if not self._table_read:
            self._table_read = True
            if RESOURCES in self.base:
                try:
                    self._table = StringTable(self.read(RESOURCES))
                except AuditorError as err:
                    if err.code == "too_large":
                        raise
                    self.warnings.append(f"could not read {RESOURCES}: {err.message}")
        return self._table

    def code_blobs(self) -> list[CodeBlob]:
        if self._bare_dex is not None:
            return [CodeBlob(self.path.name, "", self.base, False, self._bare_dex)]
        out: list[CodeBlob] = []
        for prefix, zf in [("", self.base), *((f"{n}!", z) for n, z in self.splits)]:
            names = zf.names()
            root = root_dex_names(zf)
            out.extend(CodeBlob(prefix + n, n, zf, False) for n in root)
            embedded = sorted(n for n in names if _EMBEDDED_CODE.match(n))
            out.extend(CodeBlob(prefix + n, n, zf, True) for n in embedded)
        if self.kind == KIND_CODE_ONLY:  # a payload keeps its dex anywhere
            seen = {b.entry for b in out}
            others = sorted(n for n in self.base.names() if n.lower().endswith(".dex") and n not in seen)
            out.extend(CodeBlob(n, n, self.base, False) for n in others)
        return out

    def read_ahead(self, blobs: Iterable[CodeBlob]) -> None:
        """Start inflating, in a thread, the first of `blobs` worth it (SafeZip.read_ahead),
        for the `read_code` that follows: the answer is the same, sooner."""
        for blob in blobs:
            if blob.data is None and blob.archive.read_ahead(blob.entry):
                return

    def read_code(self, blob: CodeBlob) -> list[tuple[str, bytes]]:
        """The dex payload(s) of one blob; an embedded jar/apk yields its classes*.dex.

        Returns [] (with a warning) for entries that are not code after all or cannot be read;
        a blob over the size limits raises AuditorError(too_large).
        """
        if blob.data is not None:
            if len(blob.data) > blob.archive.limits.max_entry_bytes:
                raise AuditorError("too_large", f"{len(blob.data)} bytes of dex exceeds the limit", blob.name)
            return [(blob.name, blob.data)]
        try:
            data = blob.archive.read(blob.entry)
        except AuditorError as err:
            if err.code == "too_large":
                raise
            self.warnings.append(f"could not read {blob.name}: {err.message}")
            return []
        if data[:4] == DEX_MAGIC:
            return [(blob.name, data)]
        if blob.embedded and data[:2] == b"PK":
            return self._nested_dex(blob, data)
        if not blob.embedded:
            self.warnings.append(f"{blob.name} is not a dex file (bad magic); skipped")
        return []

    def _nested_dex(self, blob: CodeBlob, data: bytes) -> list[tuple[str, bytes]]:
        try:
            inner = SafeZip.parse(data, f"{blob.name}", blob.archive.limits, blob.archive.budget)
        except AuditorError as err:
            self.warnings.append(f"embedded archive {blob.name} unreadable: {err.message}")
            return []
        out = []
        for name in sorted(n for n in inner.names() if _ROOT_DEX.match(n)):
            try:
                payload = inner.read(name)
            except AuditorError as err:
                if err.code == "too_large":
                    raise
                self.warnings.append(f"could not read {blob.name}!{name}: {err.message}")
                continue
            if payload[:4] == DEX_MAGIC:
                out.append((f"{blob.name}!{name}", payload))
        return out


def _looks_like_zip(path: Path, size: int) -> bool:
    """A local-file header at the start, or an end-of-central-directory record near the end."""
    with path.open("rb") as fh:
        if fh.read(4) == b"PK\x03\x04":
            return True
        tail = min(size, 65535 + 22 + 1024)
        fh.seek(size - tail)
        return b"PK\x05\x06" in fh.read(tail)


def _check_path(path: Path, shown: str) -> int:
    try:
        st = path.stat()
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
    return st.st_size


def _bundle_layout(outer: SafeZip) -> tuple[str, str, list[str]] | None:
    """(kind, base entry, split entries) when the zip is a bundle or holds a nested APK."""
    apks = [n for n in outer.names() if n.lower().endswith(".apk") and not n.endswith("/")]
    if not apks:
        return None
    names = set(outer.names())
    if "manifest.json" in names:  # XAPK
        kind, base = "xapk", None
        try:
            meta = json.loads(outer.read("manifest.json").decode("utf-8", "replace"))
            for split in meta.get("split_apks") or []:
                if split.get("id") == "base" and split.get("file") in names:
                    base = split["file"]
            if base is None and f"{meta.get('package_name')}.apk" in names:
                base = f"{meta['package_name']}.apk"
        except (AuditorError, ValueError, AttributeError, TypeError):
            pass
    elif "toc.pb" in names or any(n.startswith("splits/") for n in apks):  # bundletool .apks
        kind = "apks"
        base = next((n for n in apks if n.endswith("base-master.apk")), None)
        splits_only = [n for n in apks if n.startswith("splits/")]
        if splits_only:
            apks = splits_only  # standalones/ duplicate the splits for old devices
    elif "info.json" in names:  # APKMirror .apkm (unencrypted)
        kind, base = "apkm", None
    else:
        # A plain zip around ONE APK (a download wrapper). A zip of several APKs with no
        # bundle metadata is a collection of apps, not one app with splits.
        if len(apks) > 1:
            raise AuditorError(
                "not_an_apk",
                f"a zip of {len(apks)} APKs without bundle metadata; unpack it and scan the folder",
                outer.label,
            )
        kind, base = "nested", None
    if base is None:
        base = next((n for n in apks if n.rsplit("/", 1)[-1] == "base.apk"), None)
    if base is None:
        base = max(apks, key=lambda n: (outer.declared_size(n), n))
    splits = sorted(n for n in apks if n != base)
    return kind, base, splits


#: The smallest ZIP (an end record alone): androguard's APK is built over it, then pointed at
#: the real archive through AndroguardZip, so the archive is parsed once, Android's way.
_EMPTY_ZIP = b"PK\x05\x06" + bytes(18)


def _androguard_apk(zf: SafeZip) -> APK:
    """androguard's APK over the archive, reading through our central-directory reader."""
    apk = apk_class()(_EMPTY_ZIP, raw=True, skip_analysis=True)
    apk._APK__raw = zf.data  # what its signature code reads (name-mangled private field)
    apk.zip = AndroguardZip(zf)
    return apk


def _analyse_manifest(apk: APK, base: SafeZip, label: str) -> list[str]:
    """Parse the manifest with androguard and with the framework-faithful reader (axml).

    androguard's reading is kept when it works and agrees with the framework's on the
    facts that matter (package, permissions, components); otherwise the framework's reading
    is installed into the APK object, and a note says so. Returns the manifest notes.
    """
    if MANIFEST not in base:
        raise AuditorError("no_manifest", "the archive has no AndroidManifest.xml", label)
    # androguard reads through AndroguardZip, so within the limits; the manifest is read
    # first here so that a bomb is refused with its own message.
    raw = base.read(MANIFEST)
    notes: list[str] = []
    ours, our_error = None, ""
    try:
        ours = axml.parse(raw)
        notes.extend(f"{MANIFEST}: {note}" for note in ours.notes)
    except axml.AxmlError as exc:
        our_error = str(exc)
    failure = ""
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # androguard prints diagnostics
            apk._apk_analysis()
    except Exception as exc:  # may come after the manifest was read (e.g. a codename SDK)
        failure = _short(exc)
    theirs_ok = apk.is_valid_APK() and bool(apk.package)
    if ours is None or ours.root.tag != "manifest":
        if not theirs_ok:
            why = our_error or "its root element is not <manifest>"
            raise AuditorError(
                "corrupt" if failure else "no_manifest", f"AndroidManifest.xml unreadable: {why}", label
            )
        if our_error:
            notes.append(f"{MANIFEST}: the framework's reading fails ({our_error}); androguard's is used")
        return notes
    tree = axml.to_lxml(ours)
    if not theirs_ok:
        _install_manifest(apk, tree)
        what = failure or "it returns no manifest"
        notes.append(
            f"{MANIFEST}: androguard's parser cannot read it ({what}); "
            "read as Android's framework parser reads it"
        )
    elif manifest_facts(apk.get_android_manifest_xml()) != manifest_facts(tree):
        _install_manifest(apk, tree)
        notes.append(
            f"{MANIFEST}: androguard reads other package, permissions or components than Android's "
            "framework parser does; the framework's reading is used"
        )
    return notes


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _attr(el, name: str) -> str | None:
    value = el.get(f"{{{axml.ANDROID_NS}}}{name}")
    return value if value is not None else el.get(name)


def manifest_facts(root) -> tuple:
    """What a manifest reading must get right: package, permissions, components."""
    if root is None:
        return ()
    permissions, components = set(), []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = _local(el.tag)
        if tag in ("uses-permission", "uses-permission-sdk-23"):
            permissions.add(_attr(el, "name"))
        elif tag in ("activity", "activity-alias", "service", "receiver", "provider"):
            components.append((tag, _attr(el, "name")))
    return (root.get("package"), sorted(map(str, permissions)), sorted(map(str, components)))


def _resolve_codenames(apk: APK) -> dict[str, str]:
    """Replace preview codenames in <uses-sdk> by the API level each became, in the parsed
    tree, so every reader of it (androguard's signing code too) sees a number."""
    from auditor.apk.sdk import SDK_ATTRIBUTES, codename_level

    found: dict[str, str] = {}
    for el in apk.find_tags("uses-sdk"):
        for name in SDK_ATTRIBUTES:
            for key in (f"{{{axml.ANDROID_NS}}}{name}", name):
                value = el.get(key)
                if value is None or value.strip().lstrip("-").isdigit():
                    continue
                level = codename_level(value)
                if level is not None:
                    found.setdefault(name, value)
                    el.set(key, str(level))
    return found


def _install_manifest(apk: APK, tree) -> None:
    """Make androguard's APK answer from our tree (its getters all read apk.xml)."""
    apk.xml[MANIFEST] = tree
    apk.package = tree.get("package")
    apk.androidversion = {
        "Code": apk.get_attribute_value("manifest", "versionCode"),
        "Name": apk.get_attribute_value("manifest", "versionName"),
    }
    apk.permissions = sorted(set(apk.get_all_attribute_value("uses-permission", "name")))
    apk.uses_permissions = [
        [apk.get_value_from_tag(el, "name"), apk.get_value_from_tag(el, "maxSdkVersion")]
        for el in apk.find_tags("uses-permission")
    ]
    apk.valid_apk = True


def root_dex_names(zf: SafeZip) -> list[str]:
    """classes.dex, classes2.dex, ... in the order Android loads them."""
    return sorted((n for n in zf.names() if _ROOT_DEX.match(n)), key=lambda n: (len(n), n))


def _read_ahead_first_dex(zf: SafeZip) -> None:
    # the first dex inflates on another core while the manifest is read (SafeZip.read_ahead)
    first = root_dex_names(zf)[:1]
    if first:
        zf.read_ahead(first[0])


def _digests(data: bytes) -> tuple[str, str]:
    """(SHA-256, SHA-1) of the file, as hex."""
    return hashlib.sha256(data).hexdigest(), hashlib.sha1(data, usedforsecurity=False).hexdigest()


#: Files from this size are hashed in a thread while the archive is parsed and androguard
#: imported: hashlib lets go of the GIL, so the ~20 ms for an 18 MB APK overlap that work.
_HASH_IN_THREAD_FROM = 1024**2


def open_apk(
    path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS, *, read_ahead: bool = False
) -> OpenedApk:
    """Open an APK, a bundle or code without a manifest (a dex-only zip, a bare dex file)
    for scanning, or raise AuditorError saying why it cannot be.

    With `read_ahead` (the code will be scanned), the first dex starts inflating in a thread
    as soon as the archive's directory is read."""
    p = Path(path)
    shown = str(path)
    size = _check_path(p, shown)
    try:
        with p.open("rb") as fh:
            bare_dex = fh.read(4) == DEX_MAGIC
        if not bare_dex and not _looks_like_zip(p, size):
            raise AuditorError("not_an_apk", "not a ZIP/APK archive nor a dex file", shown)
        data = p.read_bytes()
    except OSError as exc:
        raise AuditorError("not_found", f"cannot read: {exc.strerror}", shown) from exc
    digests = Background(
        lambda: _digests(data), threaded=size >= _HASH_IN_THREAD_FROM, name="auditor-digests"
    )
    if bare_dex:
        sha256, sha1 = digests.result()
        empty = SafeZip(shown, b"", ZipDirectory({}, 0, 0, 0, 0, 0, 0), limits)
        opened = OpenedApk(p, size, sha256, None, empty, sha1=sha1)
        opened.kind, opened.code_only_source, opened._bare_dex = KIND_CODE_ONLY, "dex_file", data
        return opened
    budget = [0]
    outer = SafeZip.parse(data, shown, limits, budget)

    if MANIFEST in outer:
        if read_ahead:
            _read_ahead_first_dex(outer)
        apk = _androguard_apk(outer)
        manifest_notes = _analyse_manifest(apk, outer, shown)
        base = outer
        sha256, sha1 = digests.result()
        opened = OpenedApk(p, size, sha256, apk, base)
    else:
        layout = _bundle_layout(outer)
        if layout is None:
            if any(n.lower().endswith(".dex") for n in outer.names()):
                sha256, sha1 = digests.result()
                opened = OpenedApk(p, size, sha256, None, outer, sha1=sha1)
                opened.kind, opened.code_only_source = KIND_CODE_ONLY, "dex_zip"
                opened.tampering.extend(outer.tampering())
                return opened
            raise AuditorError(
                "no_manifest", "a zip with no AndroidManifest.xml, no APK and no dex inside", shown
            )
        kind, base_name, split_names = layout
        label = f"{shown}!{base_name}"
        base = SafeZip.parse(outer.read(base_name), label, limits, budget)
        if read_ahead:
            _read_ahead_first_dex(base)
        apk = _androguard_apk(base)
        manifest_notes = _analyse_manifest(apk, base, label)
        sha256, sha1 = digests.result()
        opened = OpenedApk(p, size, sha256, apk, base, bundle=kind, base_name=base_name)
        for name in split_names:
            try:
                split = SafeZip.parse(outer.read(name), f"{shown}!{name}", limits, budget)
                opened.splits.append((name, split))
            except AuditorError as err:
                if err.code == "too_large":
                    raise
                opened.warnings.append(f"split {name} unreadable: {err.message}")
        opened.tampering.extend(f"bundle: {note}" for note in outer.tampering())

    opened.sha1 = sha1
    opened.tampering.extend(base.tampering())
    opened.tampering.extend(manifest_notes)
    opened.sdk_codenames = _resolve_codenames(apk)
    return opened


#: Tampering notes that are no anti-analysis signal on their own: an archive comment is what
#: some signing and distribution tools write.
_BENIGN_NOTES = ("archive comment of ",)


def anti_analysis(notes: list[str]) -> list[str]:
    """The tampering notes that show an attempt to mislead analysis (or a broken archive)."""
    return [n for n in notes if not n.removeprefix("bundle: ").startswith(_BENIGN_NOTES)]


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]

"""What the evidence passes share: the loaded app and the catalogue (read), and what the passes
have found so far (written). Every pass has the shape `Pass`: it reads the context and adds
to it; auditor/pipeline.py runs them in order. Passes never print and never open files other
than the APK (through `opened`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: every analysis module imports this one
    from auditor.analysis.attribution import Attributor
    from auditor.analysis.dex_source import DexSource
    from auditor.analysis.lending import Tally
    from auditor.analysis.runtimes import ApkFile
    from auditor.analysis.shapes import Shapes
    from auditor.apk.container import OpenedApk
    from auditor.catalogue.knowledge import Knowledge
    from auditor.dex import MethodFlow, Reference
    from auditor.dex.hierarchy import Hierarchy
    from auditor.model import (
        AppInfo,
        Endpoint,
        Evidence,
        Message,
        OtherAppAccess,
        Permission,
        PermissionRequest,
        Sdk,
        SnsUse,
        WebViewBridge,
    )
    from auditor.options import ScanOptions


@dataclass
class CodeScan:
    """What the DEX pass read: every catalogue reference, the dex files and SDK classes."""

    references: list[Reference]
    dex_names: list[str]
    class_names: list[str]  # classes under a catalogued SDK prefix
    scanned_ok: bool
    flows: dict[tuple[str, str], MethodFlow] = field(default_factory=dict)  # def-use passes
    # The open dex files, their class hierarchy and compiler-made shapes, for the passes
    # that read code again (webview, requests); dropped by code_scan.release.
    source: DexSource | None = None
    hierarchy: Hierarchy | None = None
    shapes: Shapes | None = None
    app_classes: list[str] = field(default_factory=list)  # classes in the app's own packages
    strings: dict[str, list[str]] = field(default_factory=dict)  # prefix -> strings of the dex


@dataclass
class ScanContext:
    # read by the passes
    opened: OpenedApk
    app: AppInfo
    knowledge: Knowledge
    options: ScanOptions
    # added by the passes, in pipeline order
    warnings: list[str | Message] = field(default_factory=list)  # Message: said in any language
    permissions: list[Permission] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    packer: str | None = None
    attributor: Attributor | None = None  # set by the code pass
    code: CodeScan | None = None  # None: code was not scanned
    sdks: list[Sdk] = field(default_factory=list)
    requests: list[PermissionRequest] = field(default_factory=list)
    sns: list[SnsUse] = field(default_factory=list)
    other_app_data: list[OtherAppAccess] = field(default_factory=list)
    bridges: list[WebViewBridge] = field(default_factory=list)
    files: dict[str, ApkFile] | None = None  # entries under assets/ and lib/, once listed
    lending: Tally | None = None  # lending recognition so far (app.lending holds the verdict)
    code_skipped: str | None = None  # why the DEX pass did not run although scan_code is on

    @property
    def complete(self) -> bool:
        """Whether the code evidence covers all of the app's code."""
        code = self.code
        if self.app.kind != "apk":  # code only: what the manifest would say is unknown
            return False
        return code is not None and code.scanned_ok and bool(code.dex_names) and self.packer is None

    def code_references(self) -> list[Reference]:
        return self.code.references if self.code is not None else []


#: One evidence pass.
Pass = Callable[["ScanContext"], None]

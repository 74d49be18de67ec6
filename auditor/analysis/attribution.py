"""Who wrote the code that collects: the app itself, a known SDK, or unknown third-party code.

SDK signatures are package prefixes from catalogue/sdks.yaml. The longest matching prefix
wins, and the app's own packages compete with SDK prefixes on the same footing: the Twitter
app (`com.twitter.android`) is the app, while `com.twitter.sdk` inside any app is the SDK.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.analysis.context import ScanContext
from auditor.analysis.evidence import sdk_evidence
from auditor.catalogue.knowledge import SdkInfo
from auditor.model import AppInfo, Sdk

APP = "app"
THIRD_PARTY = "third_party"


def _slash_prefix(java_name: str | None) -> str | None:
    """'com.example.app.Main' -> 'com/example/app/' (the package of a class)."""
    if not java_name or "." not in java_name:
        return None
    return java_name.rsplit(".", 1)[0].replace(".", "/") + "/"


#: The parent of the manifest package counts as the app's own when it still has this many
#: components (io.appium.uiautomator2.server ships its code in io/appium/uiautomator2/), so
#: never a bare com/example/ or com/android/.
MIN_PARENT_DEPTH = 3


def app_prefixes(app: AppInfo, framework: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The app's own code: its manifest package (and that package's parent when it is deep
    enough), and the packages of its Application and launcher classes (those two are the
    developer's, unlike library components), except where they sit in a hybrid runtime's own
    packages (`framework`: DCloud ships the same io.dcloud.PandoraEntry launcher in every
    app). Classes in the default package (no package at all: obfuscated code shrunk into one
    namespace) are counted as the app's in `who`. Code without a manifest (a downloaded
    plugin) is all the input's own, bar known SDKs: the empty prefix."""
    if app.kind == "code_only":
        return ("",)
    prefixes = {app.package.replace(".", "/") + "/"} if app.package else set()
    parts = app.package.split(".") if app.package else []
    parent = "/".join(parts[:-1]) + "/"
    if len(parts) > MIN_PARENT_DEPTH and not parent.startswith(framework):
        prefixes.add(parent)
    for cls in (app.application_class, app.main_activity):
        prefix = _slash_prefix(cls)
        if prefix and not prefix.startswith(framework):
            prefixes.add(prefix)
    return tuple(sorted(prefixes))


@dataclass
class Attributor:
    app_prefixes: tuple[str, ...]
    sdks: tuple[SdkInfo, ...]
    _cache: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    _by_prefix: dict[str, SdkInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for sdk in self.sdks:
            for prefix in sdk.prefixes:
                self._by_prefix.setdefault(prefix, sdk)

    def _longest_sdk_prefix(self, path: str) -> tuple[str, SdkInfo] | None:
        # Prefixes end at a '/', so only the package boundaries of the class need checking:
        # a few dict lookups per class instead of a scan over every known prefix.
        end = path.rfind("/")
        while end > 0:
            prefix = path[: end + 1]
            sdk = self._by_prefix.get(prefix)
            if sdk is not None:
                return prefix, sdk
            end = path.rfind("/", 0, end)
        return None

    def sdk_for(self, class_descriptor: str) -> SdkInfo | None:
        path = class_descriptor[1:] if class_descriptor.startswith("L") else class_descriptor
        hit = self._longest_sdk_prefix(path)
        return hit[1] if hit else None

    def who(self, class_descriptor: str) -> tuple[str, str | None]:
        """(by, sdk_id): by is 'app', an SDK id, or 'third_party'."""
        hit = self._cache.get(class_descriptor)
        if hit is not None:
            return hit
        path = class_descriptor[1:] if class_descriptor.startswith("L") else class_descriptor
        app_len = max((len(p) for p in self.app_prefixes if path.startswith(p)), default=-1)
        if "/" not in path:  # the default package: shrunk and renamed, shipped by the developer
            app_len = max(app_len, 1)
        hit = self._longest_sdk_prefix(path)
        sdk, sdk_len = (hit[1], len(hit[0])) if hit else (None, 0)
        if sdk is not None and sdk_len > app_len:
            result: tuple[str, str | None] = (sdk.id, sdk.id)
        elif app_len >= 0:
            result = (APP, None)
        else:
            result = (THIRD_PARTY, None)
        self._cache[class_descriptor] = result
        return result


def detect_sdks(class_names: list[str], attributor: Attributor, max_listed: int = 25) -> list[Sdk]:
    """SDKs whose package prefixes match classes defined in the app's dex files."""
    found: dict[str, tuple[SdkInfo, list[str]]] = {}
    for name in class_names:
        sdk = attributor.sdk_for(name)
        if sdk is None:
            continue
        by, _ = attributor.who(name)
        if by != sdk.id:  # the app's own package wins over a shorter SDK prefix
            continue
        found.setdefault(sdk.id, (sdk, []))[1].append(name)
    out = []
    for sdk, classes in found.values():
        classes.sort()
        out.append(
            Sdk(
                id=sdk.id,
                name=sdk.name,
                vendor=sdk.vendor,
                kind=sdk.kind,
                classes=classes[:max_listed],
                website=sdk.website,
                display_name=sdk.display_name,
                display_vendor=sdk.display_vendor,
            )
        )
    return sorted(out, key=lambda s: (s.kind, s.id))


def analyse(ctx: ScanContext) -> None:
    """SDKs whose classes the app's dex files define, each as `reference` evidence."""
    if ctx.code is None or ctx.attributor is None:
        return
    ctx.sdks = detect_sdks(ctx.code.class_names, ctx.attributor)
    ctx.evidence.extend(sdk_evidence(ctx.sdks))

"""Manifest facts: identity, SDK levels, requested/declared permissions, components, signer."""

from __future__ import annotations

import contextlib
import hashlib
import io
from dataclasses import dataclass

from auditor.apk.arsc import resolve_string
from auditor.apk.container import OpenedApk
from auditor.errors import AuditorError
from auditor.model import AppInfo, Message, Signing

_COMPONENT_TAGS = {
    "activity": "activity",
    "activity-alias": "activity",
    "service": "service",
    "receiver": "receiver",
    "provider": "provider",
}


@dataclass(frozen=True)
class RequestedPermission:
    name: str
    max_sdk: int | None
    sdk23_only: bool


def _int(value: object) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value), 0) if str(value).lower().startswith("0x") else int(str(value))
    except ValueError:
        return None


def _bool(value: object) -> bool | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ("true", "1", "-1"):
        return True
    if text in ("false", "0"):
        return False
    return None


def _qualify(package: str, name: str | None) -> str | None:
    if not name:
        return None
    if name.startswith("."):
        return package + name
    if "." not in name:
        return f"{package}.{name}"
    return name


#: androguard's full resource parser is only used as a fallback below this arsc size: it
#: builds the whole table and takes seconds on large ones.
_ANDROGUARD_LABEL_MAX_ARSC = 4 * 1024**2


def _label(opened: OpenedApk, warnings: list[str]) -> str | None:
    """The app label: literal, or resolved from resources.arsc by our targeted reader."""
    raw = opened.apk.get_attribute_value("application", "label")
    if not raw:
        return None
    if not raw.startswith("@"):
        return raw
    label = None
    ref = raw[1:]
    if ":" not in ref and "resources.arsc" in opened.base:
        try:
            label = resolve_string(opened.read("resources.arsc"), int(ref, 16))
        except (ValueError, AuditorError):
            label = None
        if label is None and opened.base.declared_size("resources.arsc") <= _ANDROGUARD_LABEL_MAX_ARSC:
            try:
                # androguard's resource parser prints diagnostics to stdout, which would
                # corrupt a JSON report written there.
                with contextlib.redirect_stdout(io.StringIO()):
                    label = opened.apk.get_app_name() or None
            except Exception as exc:  # androguard's resource parser is strict on real apps
                warnings.append(f"app label could not be resolved: {exc}")
    if label is None or label.startswith("@"):
        warnings.append(f"app label is an unresolved resource reference ({raw})")
        return None
    return label


def read_app_info(opened: OpenedApk, warnings: list[str]) -> AppInfo:
    a = opened.apk
    if a is None:  # code only: no manifest, so no identity, SDK levels, components
        return AppInfo(
            package="",
            label=None,
            version_name=None,
            version_code=None,
            min_sdk=None,
            target_sdk=None,
            sha256=opened.sha256,
            file=str(opened.path),
            size=opened.size,
            components={"activity": 0, "service": 0, "receiver": 0, "provider": 0},
            kind=opened.kind,
        )
    package = a.get_package() or ""
    label = _label(opened, warnings)

    min_sdk = _int(a.get_min_sdk_version())
    target_sdk = _int(a.get_target_sdk_version())
    for attribute, codename in opened.sdk_codenames.items():
        from auditor.apk.sdk import codename_level

        level = codename_level(codename)
        warnings.append(Message.of("sdk_codename", attribute=attribute, codename=codename, level=level))
    if target_sdk is None:
        target_sdk = min_sdk  # Android's own default: targetSdkVersion falls back to minSdk

    components: dict[str, int] = {"activity": 0, "service": 0, "receiver": 0, "provider": 0}
    for tag, kind in _COMPONENT_TAGS.items():
        components[kind] += sum(1 for _ in a.find_tags(tag))

    app_class = _qualify(package, a.get_attribute_value("application", "name"))
    try:
        main_activity = a.get_main_activity()
    except Exception:
        main_activity = None

    cert_digests, signing = _signing(opened, warnings)
    declared = []
    for el in a.find_tags("permission"):
        declared.append(
            {
                "name": a.get_value_from_tag(el, "name"),
                "protection_level": _protection_name(a.get_value_from_tag(el, "protectionLevel")),
            }
        )

    declared.sort(key=lambda d: str(d.get("name") or ""))  # find_tags() returns a set
    return AppInfo(
        package=package,
        label=label,
        version_name=a.get_androidversion_name() or None,
        version_code=_int(a.get_androidversion_code()),
        min_sdk=min_sdk,
        target_sdk=target_sdk,
        sha256=opened.sha256,
        file=str(opened.path),
        size=opened.size,
        signing_cert_sha256=cert_digests,
        signing=signing,
        application_class=app_class,
        main_activity=main_activity,
        components=components,
        declared_permissions=declared,
        uses_cleartext_traffic=_bool(a.get_attribute_value("application", "usesCleartextTraffic")),
        debuggable=bool(_bool(a.get_attribute_value("application", "debuggable"))),
        allow_backup=_bool(a.get_attribute_value("application", "allowBackup")),
    )


# android:protectionLevel flags as stored in binary XML (an int) -> AOSP names.
_PROTECTION_BASE = {0: "normal", 1: "dangerous", 2: "signature", 3: "signatureOrSystem"}


def _protection_name(value: object) -> str | None:
    if value is None:
        return None
    number = _int(value)
    if number is None:
        return str(value)
    return _PROTECTION_BASE.get(number & 0xF, str(value))


def requested_permissions(opened: OpenedApk) -> list[RequestedPermission]:
    """<uses-permission> and <uses-permission-sdk-23>, de-duplicated, in manifest order."""
    a = opened.apk
    if a is None:
        return []
    seen: dict[str, RequestedPermission] = {}
    for tag, sdk23 in (("uses-permission", False), ("uses-permission-sdk-23", True)):
        for el in a.find_tags(tag):
            name = a.get_value_from_tag(el, "name")
            if not name:
                continue
            max_sdk = _int(a.get_value_from_tag(el, "maxSdkVersion"))
            prev = seen.get(name)
            if prev is None:
                seen[name] = RequestedPermission(name, max_sdk, sdk23)
            else:
                # Declared twice: the broadest request wins (no max beats any max).
                merged_max = None if prev.max_sdk is None or max_sdk is None else max(prev.max_sdk, max_sdk)
                seen[name] = RequestedPermission(name, merged_max, prev.sdk23_only and sdk23)
    return list(seen.values())


#: Subjects of keys that only sign development builds (Android's debug key, AOSP test keys).
_DEBUG_SUBJECTS = ("CN=Android Debug", "Common Name: Android Debug", "Android Debug")
_TEST_KEY_MARKERS = (
    "Email Address: android@android.com",
    "Organization: Android, Organizational Unit: Android",
)


def _signing(opened: OpenedApk, warnings: list[str]) -> tuple[list[str], Signing]:
    """(SHA-256 of each signing certificate, signing facts); certificates are parsed once."""
    a = opened.apk
    out = Signing()
    for scheme, check in (("v1", a.is_signed_v1), ("v2", a.is_signed_v2), ("v3", a.is_signed_v3)):
        try:
            if check():
                out.schemes.append(scheme)
        except Exception:  # a damaged signing block is simply not a scheme we can confirm
            continue
    out.v1_only = out.schemes == ["v1"]
    try:
        certs = a.get_certificates()
        digests = sorted({hashlib.sha256(c.dump()).hexdigest() for c in certs})
    except Exception as exc:  # asn1crypto parses lazily: damage surfaces late, as ValueError
        warnings.append(f"signing certificate could not be read: {exc}")
        return [], out
    if certs:
        cert = certs[0]
        try:
            out.subject = cert.subject.human_friendly
            out.issuer = cert.issuer.human_friendly
            out.not_after = cert["tbs_certificate"]["validity"]["not_after"].native.isoformat()
        except Exception as exc:  # a damaged field: keep what was read
            warnings.append(f"signing certificate details could not be read: {exc}")
        subject = out.subject or ""
        out.debug_or_test_key = any(m in subject for m in _DEBUG_SUBJECTS + _TEST_KEY_MARKERS)
    return digests, out


def accessibility_services(opened: OpenedApk) -> set[str]:
    """Classes of services bound with BIND_ACCESSIBILITY_SERVICE (they can read screens)."""
    a = opened.apk
    if a is None:
        return set()
    package = a.get_package() or ""
    out = set()
    for el in a.find_tags("service"):
        if a.get_value_from_tag(el, "permission") == "android.permission.BIND_ACCESSIBILITY_SERVICE":
            name = _qualify(package, a.get_value_from_tag(el, "name"))
            if name:
                out.add(name)
    return out


def entry_classes(opened: OpenedApk) -> set[str]:
    """Classes the system itself creates or calls: every manifest component, the Application,
    its backup agent, instrumentation runners, and classes named by <meta-data> (initializers
    that a component instantiates by name). Dotted names; none for code without a manifest."""
    a = opened.apk
    if a is None:
        return set()
    package = a.get_package() or ""
    out: set[str] = set()
    for tag in ("activity", "activity-alias", "service", "receiver", "provider", "instrumentation"):
        for el in a.find_tags(tag):
            for attr in ("name", "targetActivity"):
                name = _qualify(package, a.get_value_from_tag(el, attr))
                if name:
                    out.add(name)
    for attr in ("name", "backupAgent", "appComponentFactory"):
        name = _qualify(package, a.get_attribute_value("application", attr))
        if name:
            out.add(name)
    for el in a.find_tags("meta-data"):
        name = a.get_value_from_tag(el, "name") or ""
        last = name.rsplit(".", 1)[-1]
        if "." in name and last[:1].isupper():
            out.add(name)
    return out

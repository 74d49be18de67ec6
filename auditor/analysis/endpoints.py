"""Where data can go: URLs in code and resources, with who uses them and what is unsafe.

URL strings come from the DEX scan (const-string of `http://` / `https://` prefixes, each
with its calling method, so the endpoint is attributed to the app or an SDK) and from
resources.arsc. Flags: cleartext http, a hard-coded IP address, and manifest / network
security config settings that allow cleartext traffic.

Each URL gets a kind (`classify`): an `api` endpoint the app talks to and may send data to,
a static `asset` it downloads (an image, font, stylesheet or script, often on a CDN), or a
`link` to a web page or document shown to a person. Only `api` endpoints are where data can
go; the others stay in the report with their kind.
"""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from auditor.analysis.attribution import Attributor
from auditor.analysis.context import ScanContext
from auditor.apk.container import OpenedApk
from auditor.dex import Reference
from auditor.errors import AuditorError
from auditor.model import Endpoint

_HOST_OK = re.compile(r"^[A-Za-z0-9.\-_\[\]:]+$")
#: Template and documentation URLs that are not endpoints (schemas, licences, examples).
_IGNORED_HOSTS = (
    "schemas.android.com",
    "www.w3.org",
    "xmlpull.org",
    "ns.adobe.com",
    "www.apache.org",
    "apache.org",
    "json-schema.org",
    "xml.org",
    "www.xml.org",
    "localhost",
)


#: Path extensions of files an app downloads to show, never a place it sends data to.
ASSET_EXTENSIONS = frozenset(
    {
        *("png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "avif", "heic", "heif"),
        *("tif", "tiff", "woff", "woff2", "ttf", "otf", "eot", "css", "js", "mjs", "map"),
        *("mp3", "mp4", "m4a", "aac", "ogg", "oga", "opus", "wav", "webm", "mov", "avi"),
        *("mkv", "flac", "lottie"),
    }
)
#: Path extensions of documents and pages a person reads.
LINK_EXTENSIONS = frozenset(["html", "htm", "xhtml", "pdf", "txt", "md", "rtf", "doc", "docx"])
#: First host labels of servers that only serve static files.
ASSET_HOST_LABELS = frozenset(
    {
        *("img", "img1", "img2", "image", "images", "pic", "pics", "photo", "photos"),
        *("static", "static1", "assets", "fonts", "cdn"),
    }
)
#: Hosts and first labels of documentation, stores and help pages.
LINK_HOSTS = frozenset(
    {
        "developer.android.com",
        "developers.google.com",
        "play.google.com",
        "support.google.com",
        "policies.google.com",
        "github.com",
        "stackoverflow.com",
        "en.wikipedia.org",
        "www.wikipedia.org",
        "apps.apple.com",
        "itunes.apple.com",
    }
)
LINK_HOST_LABELS = frozenset(["docs", "doc", "developer", "developers", "wiki", "help", "support", "faq"])
#: Words in a path that mark a page for people: privacy policy, terms, help.
LINK_PATH_WORDS = ("privacy", "yinsi", "terms", "agreement", "protocol", "faq", "help", "about")
#: Words in a path that mark an API even on a static-looking host.
API_PATH_WORDS = ("/api", "upload", "collect", "report", "submit", "/v1/", "/v2/", "/v3/")


def classify(url: str, host: str) -> str:
    """`api`, `asset` or `link`: what the app does with this URL (see the module docstring).

    Decided from the URL alone. An address that is none of the clear cases is an `api`: a
    report would rather list a harmless address than hide a real destination.
    """
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        path = ""
    leaf = path.rsplit("/", 1)[-1]
    ext = leaf.rsplit(".", 1)[-1] if "." in leaf else ""
    if ext in ASSET_EXTENSIONS:
        return "asset"
    first = host.split(".", 1)[0]
    if any(word in path for word in API_PATH_WORDS):
        return "api"
    if first in ASSET_HOST_LABELS:
        return "asset"
    if host in LINK_HOSTS or first in LINK_HOST_LABELS or ext in LINK_EXTENSIONS:
        return "link"
    if any(word in path for word in LINK_PATH_WORDS):
        return "link"
    return "api"


def _host_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if not host or not _HOST_OK.match(host) or ("." not in host and ":" not in host):
        return None
    return host.lower()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def endpoints_from_references(
    refs: Iterable[Reference], endpoint_keys: set[str], attributor: Attributor
) -> dict[str, Endpoint]:
    found: dict[str, Endpoint] = {}
    callers: dict[str, set[str]] = defaultdict(set)
    for ref in refs:
        if ref.key not in endpoint_keys:
            continue
        url = ref.target.strip()
        host = _host_of(url)
        if host is None or host in _IGNORED_HOSTS:
            continue
        by, sdk = attributor.who(ref.caller_class)
        ep = found.get(url)
        if ep is None:
            ep = found[url] = Endpoint(
                url=url,
                host=host,
                scheme=url.split(":", 1)[0].lower(),
                cleartext=url.lower().startswith("http://"),
                ip_literal=_is_ip(host),
                source="code",
                dex=ref.dex,
                by=by,
                sdk=sdk,
                kind=classify(url, host),
            )
        callers[url].add(ref.caller)
    for url, ep in found.items():
        ep.callers = sorted(callers[url])
    return found


_URL_BYTES = re.compile(rb"https?://[\x21-\x7e]{3,300}")


def endpoints_from_resources(opened: OpenedApk) -> dict[str, Endpoint]:
    found: dict[str, Endpoint] = {}
    if "resources.arsc" not in opened.base:
        return found
    try:
        data = opened.read("resources.arsc")
    except AuditorError as err:
        if err.code == "too_large":
            raise
        return found
    for m in _URL_BYTES.finditer(data):
        url = m.group().decode("ascii", "replace")
        host = _host_of(url)
        if host is None or host in _IGNORED_HOSTS:
            continue
        found.setdefault(
            url,
            Endpoint(
                url=url,
                host=host,
                scheme=url.split(":", 1)[0].lower(),
                cleartext=url.lower().startswith("http://"),
                ip_literal=_is_ip(host),
                source="resources",
                by="app",
                kind=classify(url, host),
            ),
        )
    return found


def cleartext_policy(opened: OpenedApk, uses_cleartext: bool | None, target_sdk: int | None) -> str:
    """How the app's manifest and network security config treat cleartext HTTP.

    Returns 'allowed' (explicitly permitted), 'default-allowed' (Android's default before
    API 28 targets), 'blocked', or 'config' (a network security config decides per domain).
    """
    config = _network_security_config(opened)
    if config is not None:
        if config.get("base_permits"):
            return "allowed"
        if config.get("domain_permits"):
            return "config"
        if config.get("base_denies"):
            return "blocked"
    if uses_cleartext is True:
        return "allowed"
    if uses_cleartext is False:
        return "blocked"
    return "default-allowed" if (target_sdk or 0) < 28 else "blocked"


def _network_security_config(opened: OpenedApk) -> dict[str, bool] | None:
    raw = opened.apk.get_attribute_value("application", "networkSecurityConfig")
    if not raw or not raw.startswith("@") or ":" in raw:
        return None
    from auditor.apk.arsc import resolve_string

    try:
        path = resolve_string(opened.read("resources.arsc"), int(raw[1:], 16))
        if not path or path not in opened.base:
            return None
        from androguard.core.axml import AXMLPrinter

        xml = AXMLPrinter(opened.read(path)).get_xml_obj()
    except Exception:  # a broken config is no config (AXML junk, bad ids, bounds)
        return None
    if xml is None:
        return None
    out = {"base_permits": False, "base_denies": False, "domain_permits": False}
    for el in xml.iter():
        value = None
        for key, val in el.attrib.items():
            if key.endswith("cleartextTrafficPermitted"):
                value = str(val).lower() == "true"
        if value is None:
            continue
        if el.tag == "base-config":
            out["base_permits" if value else "base_denies"] = True
        elif el.tag == "domain-config" and value:
            out["domain_permits"] = True
    return out


def analyse_resources(ctx: ScanContext) -> None:
    """The cleartext policy, and URLs in resources.arsc."""
    app = ctx.app
    if ctx.opened.apk is not None:  # code only: no manifest, the policy is unknown
        app.cleartext_policy = cleartext_policy(ctx.opened, app.uses_cleartext_traffic, app.target_sdk)
    ctx.endpoints = endpoints_from_resources(ctx.opened)


def analyse_code(ctx: ScanContext) -> None:
    """URLs loaded as constants in code, with the methods that use them."""
    if ctx.code is None or ctx.attributor is None:
        return
    endpoint_keys = {e.id for e in ctx.knowledge.apis if e.role == "endpoint"}
    ctx.endpoints.update(endpoints_from_references(ctx.code.references, endpoint_keys, ctx.attributor))

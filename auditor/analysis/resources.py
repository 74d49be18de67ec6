"""Evidence from the app's resources: emergency-contact forms (manual entry, the compliant
alternative to reading the address book) and privacy-policy links.

Resources are searched as bytes (UTF-8 and UTF-16LE, the two encodings of AXML/ARSC string
pools) instead of being decoded: fast, and immune to the resource-table quirks that make
androguard's parser fail on real apps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.analysis.context import ScanContext
from auditor.analysis.notes import keyed
from auditor.apk.container import OpenedApk
from auditor.datafiles import catalogue_dir, catalogue_schema, load_data
from auditor.errors import AuditorError
from auditor.model import Evidence

#: Resource files larger than this are not searched (real resources.arsc files are < 30 MB).
MAX_RESOURCE_BYTES = 64 * 1024**2
_URL = re.compile(rb"https?://[\x21-\x7e]{4,300}")


@dataclass(frozen=True)
class ResourcePhrases:
    category: str
    phrases: tuple[str, ...]
    privacy_markers: tuple[str, ...]


@lru_cache(maxsize=1)
def _phrases() -> ResourcePhrases:
    data = load_data(catalogue_dir() / "resources.yaml", catalogue_schema("resources.yaml"))
    ec = data["emergency_contact"]
    return ResourcePhrases(
        ec["category"], tuple(ec["phrases"]), tuple(data["privacy_policy"]["markers"])
    )


def _resource_names(opened: OpenedApk) -> list[str]:
    names = opened.files()
    return [n for n in names if n == "resources.arsc"] + sorted(
        n for n in names if n.startswith("res/layout") and n.endswith(".xml")
    )


def resource_evidence(opened: OpenedApk, warnings: list[str]) -> tuple[list[Evidence], list[str]]:
    """(emergency-contact evidence, privacy-policy URLs found in resources)."""
    cfg = _phrases()
    needles = [(p, p.encode("utf-8"), p.encode("utf-16-le")) for p in cfg.phrases]
    found: dict[str, str] = {}  # phrase -> first file it was seen in
    urls: set[str] = set()
    for name in _resource_names(opened):
        try:
            if opened.base.declared_size(name) > MAX_RESOURCE_BYTES:
                continue
            data = opened.read(name)
        except AuditorError as err:  # a damaged entry must not stop the scan
            if err.code == "too_large":
                raise
            warnings.append(f"could not read {name}: {err.message}")
            continue
        for phrase, utf8, utf16 in needles:
            if phrase not in found and (utf8 in data or utf16 in data):
                found[phrase] = name
        if name == "resources.arsc":
            for m in _URL.finditer(data):
                url = m.group().decode("ascii", "replace")
                if any(marker in url for marker in cfg.privacy_markers):
                    urls.add(url)
    evidence = [
        Evidence(
            category=cfg.category,
            kind="resource",
            detail=phrase,
            dex=None,
            strength="alternative",
            by="app",
            **keyed("emergency_form", where=where),
        )
        for phrase, where in sorted(found.items())
    ]
    return evidence, sorted(urls)


def privacy_urls_in_strings(strings: list[str]) -> list[str]:
    markers = _phrases().privacy_markers
    return sorted(
        {
            s
            for s in strings
            if s.startswith(("http://", "https://")) and any(m in s for m in markers)
        }
    )


def analyse(ctx: ScanContext) -> None:
    evidence, ctx.app.privacy_policy_urls = resource_evidence(ctx.opened, ctx.warnings)
    ctx.evidence.extend(evidence)

"""Known predatory-app indicators: package names, C&C domains, APK and certificate hashes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.analysis.context import ScanContext
from auditor.datafiles import catalogue_dir, catalogue_schema, load_data
from auditor.model import AppInfo, Endpoint, Evidence


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    source: str
    url: str | None
    packages: frozenset[str]
    domains: tuple[str, ...]
    apk_sha1: frozenset[str]
    cert_sha256: frozenset[str]


def load_families(path: Path) -> tuple[Family, ...]:
    """The families of an indicator file (catalogue/schema/indicators.schema.json); an invalid
    file is a RuleError naming file:line."""
    data = load_data(Path(path), catalogue_schema("indicators.yaml")) or {}  # empty file: none
    return tuple(
        Family(
            id=f["id"],
            name=f["name"],
            source=f["source"],
            url=f.get("url"),
            packages=frozenset(f.get("packages") or ()),
            domains=tuple(d.lower() for d in f.get("domains") or ()),
            apk_sha1=frozenset(h.lower() for h in f.get("apk_sha1") or ()),
            cert_sha256=frozenset(h.lower() for h in f.get("cert_sha256") or ()),
        )
        for f in data.get("families") or ()
    )


@lru_cache(maxsize=1)
def builtin_families() -> tuple[Family, ...]:
    return load_families(catalogue_dir() / "indicators.yaml")


def _host_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def match_indicators(
    app: AppInfo, apk_sha1: str, endpoints: Iterable[Endpoint], families: Iterable[Family]
) -> list[Evidence]:
    out: list[Evidence] = []
    endpoints = list(endpoints)
    for fam in families:
        hits: list[tuple[str, str | None]] = []
        if app.package in fam.packages:
            hits.append((f"package name {app.package}", None))
        if apk_sha1.lower() in fam.apk_sha1:
            hits.append((f"APK SHA-1 {apk_sha1}", None))
        hits.extend(
            (f"signing certificate {c}", None)
            for c in app.signing_cert_sha256
            if c in fam.cert_sha256
        )
        for ep in endpoints:
            for domain in fam.domains:
                if _host_matches(ep.host, domain):
                    hits.append(
                        (
                            f"endpoint {ep.url} (C&C domain {domain})",
                            ep.callers[0] if ep.callers else None,
                        )
                    )
        for what, caller in hits:
            out.append(
                Evidence(
                    category=None,
                    kind="indicator",
                    detail=f"{fam.name}: {what}",
                    caller=caller,
                    note=f"source: {fam.source}" + (f" <{fam.url}>" if fam.url else ""),
                    strength="code",
                )
            )
    return out


def analyse(ctx: ScanContext) -> None:
    """Published predatory-app indicators (built in, plus the user's --indicators files)."""
    families = builtin_families() + tuple(
        fam for f in ctx.options.indicator_files for fam in load_families(Path(f))
    )
    ctx.evidence.extend(match_indicators(ctx.app, ctx.opened.sha1, ctx.endpoints.values(), families))

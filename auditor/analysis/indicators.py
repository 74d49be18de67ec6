"""Known predatory-app indicators: package names, C&C domains, APK and certificate hashes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.analysis.context import ScanContext
from auditor.analysis.notes import message, note
from auditor.datafiles import catalogue_dir, catalogue_schema, load_data
from auditor.model import AppInfo, Endpoint, Evidence, Message, Text
from auditor.render.locale import say


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    source: Text  # where the indicators come from, in each language given
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
            source=_source(f["source"]),
            url=f.get("url"),
            packages=frozenset(f.get("packages") or ()),
            domains=tuple(d.lower() for d in f.get("domains") or ()),
            apk_sha1=frozenset(h.lower() for h in f.get("apk_sha1") or ()),
            cert_sha256=frozenset(h.lower() for h in f.get("cert_sha256") or ()),
        )
        for f in data.get("families") or ()
    )


def _source(value: object) -> Text:
    if isinstance(value, dict):
        return Text.of({k: str(v) for k, v in value.items()})
    return Text(str(value))


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
        hits: list[tuple[Message, str | None]] = []
        if app.package in fam.packages:
            hits.append((message("indicator_package", family=fam.name, package=app.package), None))
        if apk_sha1.lower() in fam.apk_sha1:
            hits.append((message("indicator_apk", family=fam.name, sha1=apk_sha1), None))
        hits.extend(
            (message("indicator_cert", family=fam.name, sha256=c), None)
            for c in app.signing_cert_sha256
            if c in fam.cert_sha256
        )
        for ep in endpoints:
            for domain in fam.domains:
                if _host_matches(ep.host, domain):
                    what = message("indicator_domain", family=fam.name, url=ep.url, domain=domain)
                    hits.append((what, ep.callers[0] if ep.callers else None))
        source = (
            message("indicator_source_url", source=fam.source, url=fam.url)
            if fam.url
            else message("indicator_source", source=fam.source)
        )
        for what, caller in hits:
            out.append(
                Evidence(
                    category=None,
                    kind="indicator",
                    detail=say(what, "en"),
                    caller=caller,
                    strength="code",
                    **note(what, source),
                )
            )
    return out


def analyse(ctx: ScanContext) -> None:
    """Published predatory-app indicators (built in, plus the user's --indicators files)."""
    families = builtin_families() + tuple(
        fam for f in ctx.options.indicator_files for fam in load_families(Path(f))
    )
    ctx.evidence.extend(match_indicators(ctx.app, ctx.opened.sha1, ctx.endpoints.values(), families))

"""scan(path) -> Report: load, extract evidence, evaluate policies, score. Never prints.

    load (auditor.apk)  ->  evidence passes (auditor.analysis, in PASSES order)
        ->  policies (auditor.policy)  ->  Report (auditor.model)  ->  renderers (auditor.render)

A new kind of evidence is a new pass: a function `(ScanContext) -> None` in auditor/analysis/
that reads the loaded app and the catalogue and adds what it found, listed in PASSES where its
inputs are ready.
"""

from __future__ import annotations

import os

from auditor import __version__
from auditor.analysis import (
    attribution,
    code_scan,
    endpoints,
    evidence,
    hybrid,
    indicators,
    lending,
    packer,
    permissions,
    requests,
    resources,
    runtimes,
    sns,
    webview,
)
from auditor.analysis.context import Pass, ScanContext
from auditor.analysis.evidence import category_status
from auditor.analysis.lending import catalogue as lending_catalogue
from auditor.analysis.notes import english
from auditor.apk.container import anti_analysis, open_apk
from auditor.apk.manifest import read_app_info
from auditor.catalogue.knowledge import load_knowledge
from auditor.model import AppInfo, Message, Report, Text
from auditor.options import BASELINE, LANGS, ScanOptions, default_policies
from auditor.policy.conditions import Facts
from auditor.policy.engine import evaluate_scoped
from auditor.policy.packs import load_packs
from auditor.policy.scoring import compute_score

__all__ = ["LANGS", "PASSES", "ScanOptions", "default_policies", "scan"]

#: The evidence passes, in order: each may use what the ones before it found.
PASSES: tuple[Pass, ...] = (
    permissions.analyse,  # manifest permissions -> declared evidence
    resources.analyse,  # emergency-contact forms, privacy-policy URLs
    endpoints.analyse_resources,  # cleartext policy, URLs in resources
    packer.analyse,  # a packer hiding the real code
    runtimes.detect,  # hybrid runtimes, from file names and the launcher (cheap)
    lending.recognise,  # is it a lending app? first verdict, from all but the code
    code_scan.analyse,  # the DEX pass: code evidence, collect -> upload (--only-lenders: lenders)
    webview.analyse,  # WebView bridges and shells (needs the DEX pass and its open dex files)
    requests.analyse,  # runtime permission requests (needs the DEX pass)
    code_scan.release,  # no pass after this one reads the dex files again
    endpoints.analyse_code,  # URLs in code
    attribution.analyse,  # SDKs present
    hybrid.analyse,  # script evidence and plugin attribution (hybrid apps only)
    sns.analyse,  # social SDKs called, other apps' data
    packer.coverage_notes,  # say what the code evidence cannot cover
    evidence.analyse_endpoints,  # name the URLs next to each upload
    indicators.analyse,  # published predatory-app indicators
    lending.finish,  # the lending verdict again, with the code's classes, SDKs, URLs, strings
)


def scan(path: str | os.PathLike[str], options: ScanOptions | None = None) -> Report:
    """Scan one APK or bundle and judge it; see ScanOptions for the choices."""
    options = options or ScanOptions()
    options.validate()
    knowledge = load_knowledge()
    # Policies load before the APK so a broken rule file fails fast, for every input.
    packs = load_packs(options.policy_ids(), options.rules_dirs)

    opened = open_apk(path, read_ahead=options.scan_code and not options.only_lenders)
    warnings: list[str | Message] = []
    app = read_app_info(opened, warnings)  # type: ignore[arg-type]
    app.bundle = opened.bundle
    app.splits = [name for name, _ in opened.splits]
    if opened.kind == "code_only":
        warnings.append(Message.of(f"no_manifest_{opened.code_only_source}"))
    warnings.extend(Message.of("tampering", note=note) for note in opened.tampering)
    ctx = ScanContext(opened=opened, app=app, knowledge=knowledge, options=options, warnings=warnings)
    for run in PASSES:
        run(ctx)

    facts = Facts(
        app=app,
        permissions=ctx.permissions,
        evidence=[e for e in ctx.evidence if e.scored],  # unscored hits are for the record only
        sdks=ctx.sdks,
        packer=ctx.packer,
        permission_requests=ctx.requests,
        sns=ctx.sns,
        other_app_data=ctx.other_app_data,
        tampering=anti_analysis(opened.tampering),
    )
    result = evaluate_scoped(packs, facts, _not_lender_reason(app))
    findings, verdicts = result.findings, result.verdicts
    # The score is the baseline assessment's, whatever else was asked for: other packs add
    # findings and verdicts, never points (README, "Risk score"). A baseline rule for lending
    # apps set aside for an app that does not look like one makes no finding, so no points.
    score = compute_score([f for f in findings if f.policy == BASELINE])
    # A warning the analysis keyed is said in any language; one it wrote as text stays text.
    messages = [
        w if isinstance(w, Message) else Message.of("text", text=str(w)) for w in ctx.warnings
    ]
    return Report(
        tool_version=__version__,
        app=app,
        permissions=ctx.permissions,
        evidence=ctx.evidence,
        categories=category_status(ctx.evidence, knowledge.categories),
        sdks=ctx.sdks,
        packer=ctx.packer,
        packer_name=next(
            (p.display_name for p in knowledge.packers if p.name == ctx.packer), None
        ),
        complete=ctx.complete,
        tampering=list(opened.tampering),
        endpoints=sorted(ctx.endpoints.values(), key=lambda e: (not e.cleartext, e.host, e.url)),
        permission_requests=ctx.requests,
        sns=ctx.sns,
        other_app_data=ctx.other_app_data,
        webview_bridges=ctx.bridges,
        warnings=[english([m]) for m in messages],
        warning_messages=messages,
        findings=findings,
        verdicts=verdicts,
        score=score,
        policies=[p.id for p in packs],
        lang=options.lang,
        not_applicable=result.not_applicable,
    )


def _not_lender_reason(app: AppInfo) -> Text | None:
    """Why the rules for lending apps do not judge this app, or None when they do."""
    lending = app.lending
    if lending is None or lending.loan_rules_apply:
        return None
    text = lending_catalogue().not_applicable
    shown = f"{lending.confidence:.2f}"
    return Text.of({lang: value.replace("{confidence}", shown) for lang, value in text.items()})

"""A diff in words: the headline, the status line, and each change as styled segments.

Shared by every `auditor diff` output format. Each change is described once, as a list of
(text, role) segments, and every format styles and escapes those segments its own way. The
order is the reader's: the headline ("SteadyLoan 1.0 → 1.1: risk 0 → 40 (low → high)"),
then what got worse, most serious first, then what got better, then neutral changes.
"""

from __future__ import annotations

from auditor.diff.model import (
    CategoryChange,
    Change,
    EndpointChange,
    FindingChange,
    PermissionChange,
    ReportDiff,
    SdkChange,
)
from auditor.render import locale
from auditor.render.escape import clean

#: roles of a segment: plain text, a label (bold), a code/identifier, a severity badge
Segment = tuple[str, str]

def flat(value: object) -> str:
    """One line, no control or bidi-override characters (strings come from the APK)."""
    text = clean(value)
    return " ".join(text.split())


def inline(value: object) -> str:
    """Like flat, but keeps one space at either edge (segments are joined as they are)."""
    text = clean(value)
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + " ".join(text.split()) + trail


def texts(lang: str) -> dict:
    """The diff's texts in `lang` (English fallback)."""
    return locale.ui(lang)["diff"]


def _category_name(cid: str, diff: ReportDiff, lang: str) -> str:
    name = diff.category_names.get(cid)
    return name.get(lang) if name is not None else cid


def _who(by: str, diff: ReportDiff, ui: dict, lang: str) -> str:
    if by == "app":
        return ui["app"]
    if by == "third_party":
        return ui["third_party"]
    return ui["sdk_by"].format(name=sdk_name(by, diff, lang))


def _whos(bys: list[str], diff: ReportDiff, ui: dict, lang: str) -> str:
    return ui["sep"].join(_who(b, diff, ui, lang) for b in bys)


def sdk_name(sdk_id: str, diff: ReportDiff, lang: str) -> str:
    name = diff.sdk_names.get(sdk_id)
    return flat(name.get(lang) if name is not None else sdk_id)


def _packer(name: str | None, diff: ReportDiff, lang: str) -> str | None:
    text = diff.packer_names.get(name) if name else None
    return text.get(lang) if text is not None else name


def policy_name(policy: str, diff: ReportDiff, lang: str) -> str:
    name = diff.policy_names.get(policy)
    return flat(name.get(lang) if name is not None else policy)


def policies_line(diff: ReportDiff, lang: str) -> str:
    """The packs whose findings are compared, by name."""
    ui = texts(lang)
    names = ui["sep"].join(policy_name(p, diff, lang) for p in diff.policies_compared) or "-"
    extra = ui["paren"].format(x=ui["score_recomputed"]) if diff.score_recomputed else ""
    return f"{ui['policies']}{ui['colon']}{names}{extra}"


def fmt_score(value: float) -> str:
    return f"{value:g}"


def headline(diff: ReportDiff, lang: str) -> str:
    ui = texts(lang)
    old, new = diff.old, diff.new
    name = flat(new.label or new.package or old.label or old.package)
    if not diff.same_package:  # two apps: say both names, never one name for both
        return ui["headline_different_apps"].format(
            old_name=flat(old.label or old.package),
            new_name=flat(new.label or new.package),
            old=flat(old.version_name or old.version),
            new=flat(new.version_name or new.version),
            s_old=fmt_score(old.score),
            s_new=fmt_score(new.score),
            l_old=ui["level"].get(old.level, old.level),
            l_new=ui["level"].get(new.level, new.level),
        )
    same_score = old.score == new.score and old.level == new.level
    key = {
        (True, False): "headline",
        (False, False): "headline_same_version",
        (True, True): "headline_same_score",
        (False, True): "headline_same_both",
    }[(diff.version_changed, same_score)]
    return ui[key].format(
        name=name,
        old=flat(old.version_name or old.version),
        new=flat(new.version_name or new.version),
        s_old=fmt_score(old.score),
        s_new=fmt_score(new.score),
        l_old=ui["level"].get(old.level, old.level),
        l_new=ui["level"].get(new.level, new.level),
    )


def _finding_segments(
    c: Change, f: FindingChange, diff: ReportDiff, lang: str, ui: dict
) -> list[Segment]:
    sev = f.severity
    segs: list[Segment] = [
        (f"[{ui['severity'].get(sev, sev)}]", f"sev:{sev}"),
        (" ", "text"),
        (ui[c.kind], "label"),
        (" ", "text"),
        (f.rule_id, "code"),
        (ui["paren"].format(x=policy_name(f.policy, diff, lang)), "text"),
    ]
    title = f.title.get(lang) or f.title.get("en") or ""
    if c.kind in ("finding_worse", "finding_better"):
        parts = []
        if f.old_severity != f.severity:
            parts.append(
                f"{ui['severity'].get(f.old_severity or '', f.old_severity)} → "
                f"{ui['severity'].get(f.severity, f.severity)}"
            )
        if f.old_strength != f.strength:
            parts.append(
                f"{ui['strength'].get(f.old_strength or '', f.old_strength)} → "
                f"{ui['strength'].get(f.strength, f.strength)}"
            )
        title = f"{title} [{ui['sep'].join(parts)}]" if parts else title
    segs.append((ui["colon"] + flat(title), "text"))
    return segs


def segments(c: Change, diff: ReportDiff, lang: str) -> list[Segment]:
    """One change as readable segments, in the reader's language."""
    ui = texts(lang)
    ref = c.ref
    if isinstance(ref, FindingChange):
        return _finding_segments(c, ref, diff, lang, ui)
    if isinstance(ref, CategoryChange):
        cat = _category_name(ref.category, diff, lang)
        if c.kind == "category_collected":
            segs: list[Segment] = [(ui["category_collected"].format(cat=cat), "label")]
            if ref.by_new:
                segs.append((ui["by"].format(who=_whos(ref.by_new, diff, ui, lang)), "text"))
            return segs
        if c.kind == "category_collector_added":
            who = _whos(ref.by_added, diff, ui, lang)
            return [(ui[c.kind].format(cat=cat, who=who), "label")]
        if c.kind == "category_collector_removed":
            who = _whos(ref.by_removed, diff, ui, lang)
            return [(ui[c.kind].format(cat=cat, who=who), "label")]
        segs = [(ui[c.kind].format(cat=cat), "label")]
        perms = (
            diff.permissions_added
            if c.kind == "category_declared"
            else (diff.permissions_removed if c.kind == "category_not_declared" else [])
        )
        names = [p.short for p in perms if ref.category in p.categories]
        if names:
            segs.append((ui["paren"].format(x=ui["sep"].join(names)), "dim"))
        return segs
    if c.kind == "signer_changed":
        old = ", ".join(h[:16] + "…" for h in diff.old.signing_cert_sha256) or "-"
        new = ", ".join(h[:16] + "…" for h in diff.new.signing_cert_sha256) or "-"
        return [(ui["signer_changed"], "label"), (f" (SHA-256 {old} → {new})", "dim")]
    if c.kind.startswith("packer_"):
        a, b = (_packer(x, diff, lang) for x in ref)
        return [(ui[c.kind].format(p=flat(b or a), a=flat(a), b=flat(b)), "label")]
    if isinstance(ref, SdkChange):
        kind = locale.ui(lang)["report"]["sdk_kind_name"].get(ref.kind, ref.kind.replace("_", " "))
        vendor = diff.sdk_vendors.get(ref.id)
        vendor_text = vendor.get(lang) if vendor is not None else ref.vendor
        detail = ui["detail_sep"].join(x for x in (flat(vendor_text), kind) if x)
        name = diff.sdk_names.get(ref.id)
        return [
            (ui[c.kind] + ui["colon"], "label"),
            (flat(name.get(lang) if name is not None else ref.name), "text"),
            (ui["sdk_detail"].format(x=detail) if detail else "", "dim"),
        ]
    if isinstance(ref, EndpointChange):
        segs = [(ui[c.kind] + ui["colon"], "label"), (flat(ref.url), "code")]
        if ref.by:
            segs.append((ui["used_by"].format(who=_who(ref.by, diff, ui, lang)), "dim"))
        return segs
    if isinstance(ref, PermissionChange):
        segs = [(ui[c.kind] + ui["colon"], "label"), (ref.short, "code")]
        if ref.dangerous:
            segs.append((ui["paren"].format(x=ui["dangerous"]), "text"))
        meaning = (ref.meaning or {}).get(lang) or (ref.meaning or {}).get("en")
        if meaning:
            segs.append((ui["colon"] + flat(meaning), "dim"))
        return segs
    return [(c.kind, "label")]


def plain_line(c: Change, diff: ReportDiff, lang: str) -> str:
    return "".join(t for t, _ in segments(c, diff, lang))


def status_line(diff: ReportDiff, lang: str) -> str:
    ui = texts(lang)
    if diff.is_empty:
        return ui["no_change"]
    if not diff.changes():
        return ui["no_audit_change"]
    return ui["summary"].format(w=len(diff.worse()), b=len(diff.better()))


def identity_rows(diff: ReportDiff, ui: dict) -> list[tuple[str, str, str]]:
    """(label, old, new) rows naming both inputs."""
    old, new = diff.old, diff.new
    return [
        (ui["package"], old.package, new.package),
        (ui["version"], old.version, new.version),
        (
            ui["score"],
            f"{fmt_score(old.score)} ({ui['level'].get(old.level, old.level)})",
            f"{fmt_score(new.score)} ({ui['level'].get(new.level, new.level)})",
        ),
        (ui["file"], old.file, new.file),
        ("SHA-256", old.sha256, new.sha256),
        (ui["signer"], ", ".join(old.signing_cert_sha256), ", ".join(new.signing_cert_sha256)),
    ]

"""Small helpers shared by the HTML, Markdown and SARIF renderers, in the reader's language.

Everything here reads a finished Report; nothing analyses. The texts themselves are in the
language files (auditor/render/locale/, group `report`).
"""

from __future__ import annotations

from typing import Any

from auditor.model import (
    CATEGORIES,
    Citation,
    Evidence,
    LendingSignal,
    Message,
    NotApplicable,
    Report,
)
from auditor.render import locale

#: Signals a report shows under the lending verdict.
TOP_SIGNALS = 5

#: Report order of severities for display, worst first.
SEVERITY_ORDER: tuple[str, ...] = ("critical", "high", "medium", "low", "info")


def ui_for(lang: str | None) -> dict:
    """The texts of the HTML, Markdown and SARIF reports in `lang` (English fallback)."""
    return locale.ui(lang)["report"]


def category_name(report: Report, cid: str, lang: str) -> str:
    """A category's name as the report carries it (its id when the report has no name)."""
    status = report.categories.get(cid)
    return status.name.get(lang) if status is not None and status.name is not None else cid


def common(lang: str | None) -> dict:
    """The words every surface shares (locale group `common`)."""
    return locale.ui(lang)["common"]


def sdk_name(report: Report, sdk_id: str, lang: str = "en") -> str:
    for s in report.sdks:
        if s.id == sdk_id:
            return s.name_in(lang)
    return sdk_id


def sdk_kind(kind: str, lang: str) -> str:
    """An SDK kind in words ("advertising", "platform library")."""
    return ui_for(lang)["sdk_kind_name"].get(kind, kind)


def network_name(network: str, lang: str) -> str:
    return common(lang)["network"].get(network, network)


def protection_words(level: str, lang: str) -> str:
    """A protection level (`dangerous|instant`) in words: the base level, then what the
    flags add ("dangerous (you are asked), also for instant apps")."""
    words = common(lang)["protection"]
    tokens = [t for t in (level or "unknown").split("|") if t]
    shown: list[str] = []
    for i, token in enumerate(tokens):
        word = words.get(token)
        if word is None:
            word = words["system"] if i else words["unknown"]
        if word and word not in shown:  # an empty word: a flag that means nothing to a reader
            shown.append(word)
    return common(lang)["sep"].join(shown)


def resolver(report: Report) -> locale.Resolver:
    """How a note's fields read in words for this report: data categories by their names,
    SDKs, SDK kinds, networks and the packer by theirs."""

    def resolve(name: str, value: Any, lang: str) -> str | None:
        if name == "cat" and isinstance(value, str):
            return category_name(report, value, lang)
        if name == "cats" and isinstance(value, list):
            return common(lang)["sep"].join(category_name(report, c, lang) for c in value)
        if name == "sdk" and isinstance(value, str):
            return sdk_name(report, value, lang)
        if name == "kind" and isinstance(value, str):
            return sdk_kind(value, lang)
        if name == "network" and isinstance(value, str):
            return network_name(value, lang)
        if name == "packer":
            return report.packer_in(lang) or str(value)
        return None

    return resolve


def say(report: Report, message: Message, lang: str) -> str:
    return locale.say(message, lang, resolver(report))


def evidence_note(ev: Evidence, report: Report, lang: str) -> str:
    """What the analysis noted about one piece of evidence, in `lang` ("" when nothing)."""
    if ev.note_parts:
        return common(lang)["note_sep"].join(say(report, p, lang) for p in ev.note_parts)
    return ev.note or ""


def evidence_what(ev: Evidence, report: Report, lang: str) -> str:
    """What was seen, for a reader: the API, field, string or permission as it is; an SDK
    by its name; a published indicator by what matched."""
    if ev.kind == "sdk" and ev.sdk:
        return sdk_name(report, ev.sdk, lang)
    if ev.kind == "indicator" and ev.note_parts:
        return say(report, ev.note_parts[0], lang)
    return ev.detail


def evidence_extra(ev: Evidence, report: Report, lang: str) -> str:
    """The note of an evidence, without what `evidence_what` already said."""
    if ev.kind == "indicator" and ev.note_parts:
        return common(lang)["note_sep"].join(say(report, p, lang) for p in ev.note_parts[1:])
    if ev.kind == "sdk":
        return ""
    return evidence_note(ev, report, lang)


def warning_texts(report: Report, lang: str) -> list[str]:
    """The scan's warnings in `lang` (a report without keys keeps its English)."""
    if len(report.warning_messages) == len(report.warnings):
        return [say(report, m, lang) for m in report.warning_messages]
    return list(report.warnings)


def citation(c: Citation, lang: str) -> dict[str, str]:
    """A citation's instrument, issuer and article in `lang`."""
    return {k: c.text(k, lang) for k in ("instrument", "issuer", "article")}


def count(lang: str | None, key: str, n: int, group: str = "report", **params: Any) -> str:
    """`group.key` for the count `n`, in its plural form."""
    return locale.count(lang, group, key, n, **params)


def who_label(report: Report, by: str | None, lang: str) -> str:
    """`app` -> the app itself, `third_party` -> unknown third party, else the SDK's name."""
    ui = ui_for(lang)
    if by is None:
        return ""
    if by == "app":
        return ui["who_app"]
    if by == "third_party":
        return ui["who_third_party"]
    return sdk_name(report, by, lang)


def uploaded_categories(report: Report) -> set[str]:
    """Categories with exfiltration evidence (read and sent in the same method)."""
    return {
        e.category
        for e in report.evidence
        if e.category
        and e.scored
        and (e.strength == "exfiltration" or e.kind == "exfiltration_suspected")
    }


def sdk_kind_label(kind: str, lang: str) -> str:
    """An SDK kind in words ("platform library", "advertising")."""
    return ui_for(lang)["sdk_kind_name"].get(kind, kind)


def why_not_text(report: Report, cid: str, lang: str) -> str:
    """Why a category is not claimed as read in code, in words ("" when nothing to say)."""
    status = report.categories.get(cid)
    if status is None or status.in_code or not status.why_not:
        return ""
    ui = ui_for(lang)
    return ui["reason_sep"].join(ui["reason"].get(r, r) for r in status.why_not)


def not_counted(report: Report) -> dict[str | None, list[Evidence]]:
    """Code evidence kept for the record but not counted (it has a reason), by category
    (report order; evidence of no category, such as a benign loader, last)."""
    out: dict[str | None, list[Evidence]] = {}
    for cid in (*CATEGORIES, None):
        rows = [e for e in report.evidence if e.reason and e.category == cid]
        if rows:
            out[cid] = rows
    return out


def shown_categories(report: Report) -> list[str]:
    """Categories declared or collected, strongest first (uploaded, read in code, declared)."""
    uploaded = uploaded_categories(report)
    ids = [
        cid
        for cid in CATEGORIES
        if cid in report.categories
        and (report.categories[cid].declared or report.categories[cid].in_code)
    ]

    def rank(cid: str) -> int:
        if cid in uploaded:
            return 0
        return 1 if report.categories[cid].in_code else 2

    return sorted(ids, key=lambda c: (rank(c), CATEGORIES.index(c)))


def join_names(names: list[str], lang: str, limit: int = 4) -> str:
    ui = ui_for(lang)
    if len(names) > limit:
        shown = ui["sep"].join(names[:limit])
        more = len(names) - limit
        return locale.fill(ui["more_kinds"], shown=shown, n=more, more=more, total=len(names))
    if len(names) <= 1:
        return "".join(names)
    return ui["sep"].join(names[:-1]) + ui["and"] + names[-1]


def _in_sentence(report: Report, cid: str, lang: str) -> str:
    """A category name as it reads inside the verdict sentence ("can read your contacts")."""
    name = category_name(report, cid, lang)
    rule = ui_for(lang)["in_sentence"]
    if rule["lowercase_first"]:
        name = name[:1].lower() + name[1:]
    prefix = rule["drop_prefix"]
    return name[len(prefix) :] if prefix and name.startswith(prefix) else name


def categories_in_sentence(report: Report, cids: list[str], lang: str) -> str:
    """Categories as they read inside a sentence ("reads your text messages and contacts")."""
    return join_names([_in_sentence(report, c, lang) for c in cids], lang)


def script_where(ev: Evidence, lang: str) -> str | None:
    """Where a script_call was found: file and line, or file and byte offset (no lines)."""
    s = ev.script
    if s is None:
        return None
    ui = ui_for(lang)
    if s.line:
        return ui["where_line"].format(file=s.file, line=s.line)
    return ui["where_offset"].format(file=s.file, offset=f"{ev.offset or 0:#x}")


def runtime_name(rt: Any, lang: str) -> str:
    """A hybrid runtime by its name in `lang` (the catalogue's name when the language files
    have none for its id)."""
    return common(lang)["runtime"].get(rt.id) or rt.name


def runtime_variant(variant: str | None, lang: str) -> str:
    """How a runtime's scripts were built ("hermes v89", "plain", "ram") in words."""
    if not variant:
        return ""
    words = common(lang)["runtime_variant"]
    if variant.startswith("hermes v"):
        return words["hermes"].format(v=variant[len("hermes v") :])
    return words.get(variant, variant)


def runtime_names(report: Report, lang: str = "en") -> str:
    return common(lang)["sep"].join(runtime_name(rt, lang) for rt in report.app.runtimes)


def confidence_words(confidence: str, lang: str) -> str:
    return common(lang)["script_confidence"].get(confidence, confidence)


def plugin_state(called: bool | None, lang: str) -> str:
    ui = ui_for(lang)
    return ui["plugin_called"] if called else ui["plugin_unused"] if called is False else ui["plugin_unknown"]


def verdict_sentence(report: Report, lang: str) -> str:
    """One sentence for the banner: what the app reads and uploads, in plain words."""
    ui = ui_for(lang)
    if not report.findings:
        return ui["code_only_clean"] if report.app.kind == "code_only" else ui["clean"]
    shown = shown_categories(report)
    in_code = [c for c in shown if report.categories[c].in_code]
    uploaded = [c for c in shown if c in uploaded_categories(report)]
    if in_code:
        text = ui["reads"].format(
            cats=join_names([_in_sentence(report, c, lang) for c in in_code], lang)
        )
        if uploaded:
            text += ui["uploads"].format(
                cats=join_names([_in_sentence(report, c, lang) for c in uploaded], lang)
            )
        return text + ui["end"]
    declared = [c for c in shown if report.categories[c].declared]
    if declared:
        names = join_names([_in_sentence(report, c, lang) for c in declared], lang)
        return ui["declared_only"].format(cats=names) + ui["end"]
    return level_sentence(report, lang)


def level_sentence(report: Report, lang: str, group: str = "report") -> str:
    """The one-line verdict of the risk level; for an app that does not look like a lender,
    one that does not speak of what a loan needs."""
    level = report.score.level
    if judged_as_lender(report):
        return str(locale.ui(lang)[group]["verdict"][level])
    return str(lending_ui(lang)["sentence"][level])


# ---------------------------------------------------------------- is it a lending app?


def lending_ui(lang: str | None) -> dict:
    """The texts about lending recognition (locale group `lending`)."""
    return locale.ui(lang)["lending"]


def judged_as_lender(report: Report) -> bool:
    """Whether the rules for lending apps judged this app (reports before 1.7: always)."""
    lending = report.app.lending
    return lending is None or lending.loan_rules_apply


def lending_headline(report: Report, lang: str) -> str | None:
    """'This looks like a lending app (confidence 0.97).'; None for a report without it."""
    lending = report.app.lending
    if lending is None:
        return None
    return lending_ui(lang)["headline"][lending.verdict].format(confidence=f"{lending.confidence:.2f}")


def lending_reason(report: Report, lang: str) -> str:
    """Which rule decided the verdict, with its numbers, in words."""
    lending = report.app.lending
    if lending is None:
        return ""
    ui = lending_ui(lang)
    domains = common(lang)["sep"].join(ui["domain"].get(d, d) for d in lending.capped_by)
    strong_text = max(
        sum(1 for s in lending.signals if s.family == family and s.kind == "strong")
        for family in ("res_text", "asset_text")
    )
    return locale.fill(
        ui["decided_by"][lending.decided_by],
        score=f"{lending.score:g}",
        min_score=f"{lending.thresholds.get('score', 0):g}",
        items=lending.items,
        families=lending.families_with_items,
        n=strong_text,
        domains=domains,
    )


def lending_notes(report: Report, lang: str) -> list[str]:
    """What else a reader should know: forced by --assume-lender, rules not applied, code unread."""
    lending = report.app.lending
    if lending is None:
        return []
    ui = lending_ui(lang)
    out = []
    if lending.assumed_lender and lending.verdict == "not_lender":
        out.append(ui["assumed"])
    if report.not_applicable:
        out.append(locale.fill(ui["loan_rules_off"], n=len(report.not_applicable)))
    if not lending.code_read:
        out.append(ui["code_not_read"])
    return out


def top_signals(report: Report) -> list[LendingSignal]:
    lending = report.app.lending
    return lending.top_signals(TOP_SIGNALS) if lending is not None else []


def signal_where(signal: LendingSignal, report: Report, lang: str) -> str:
    """Where a signal was seen, in the reader's language (its English `where` for a report
    that does not carry the parts)."""
    ui = lending_ui(lang)
    template = ui["place"].get(signal.place)
    if not signal.place or template is None:
        return signal.where
    excerpt = signal.excerpt or ""
    if signal.place == "sdk":
        excerpt = sdk_name(report, signal.term, lang) if signal.term else excerpt
    return locale.fill(
        template,
        source=signal.source,
        locale=signal.locale or ui["default_locale"],
        excerpt=excerpt,
    )


def signal_line(signal: LendingSignal, report: Report, lang: str) -> str:
    return lending_ui(lang)["signal"].format(
        term=signal.term, points=f"{signal.points:g}", where=signal_where(signal, report, lang)
    )


def not_applicable_matched(report: Report) -> list[NotApplicable]:
    """The rules set aside whose condition holds (they would be findings for a lender)."""
    return [n for n in report.not_applicable if n.matched]


def concern_label(report: Report, concern: str, lang: str) -> str:
    """A score concern (`contacts+sms` or a rule id) in words."""
    parts = concern.split("+")
    if all(p in CATEGORIES for p in parts):
        return " + ".join(category_name(report, p, lang) for p in parts)
    return concern


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def smali_to_java(caller: str) -> str:
    """`Lcom/x/Y$Z;->m(I)V` -> `com.x.Y$Z.m(I)V`; anything else is returned unchanged."""
    if caller.startswith("L") and ";->" in caller:
        cls, member = caller[1:].split(";->", 1)
        return cls.replace("/", ".") + "." + member
    return caller


def method_name(caller: str) -> str:
    if ";->" in caller:
        member = caller.split(";->", 1)[1]
        return member.split("(", 1)[0].split(":", 1)[0]
    return caller


def evidence_summary(ev: Evidence, report: Report, lang: str) -> str:
    """One line of plain text naming what was seen and where."""
    ui = ui_for(lang)
    kind = ui["ev_kind"].get(ev.kind, ev.kind)
    text = f"{kind}{ui['colon']}{evidence_what(ev, report, lang)}"
    if ev.caller:
        text += f" @ {ev.caller}"
    if ev.source_method:
        text += f" ({ui['ev_source']}{ui['colon']}{ev.source_method})"
    if ev.dex:
        text += f" [{ev.dex}]"
    where = script_where(ev, lang)
    if where:
        text += f" @ {where}"
    if ev.by:
        text += f" ({who_label(report, ev.by, lang)})"
    return text

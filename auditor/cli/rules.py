"""`auditor rules list|show|validate`: the policy packs and their rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from auditor.cli.common import (
    check_policies,
    fail,
    lang_option,
    output_width,
    rules_dir_option,
    split_policies,
    use_color,
    width_option,
)
from auditor.errors import EXIT_INPUT, EXIT_OK, AuditorError


@click.group()
def rules() -> None:
    """List, show and validate policy packs.

    \b
    Example:
      auditor rules list
      auditor rules list --policy cn --lang zh
      auditor rules show cn-nec-001
    """


def _packs(rules_dirs: tuple[Path, ...], ids: list[str] | None = None):
    from auditor.policy.packs import available_packs, load_pack, resolve_ids

    known = available_packs(rules_dirs)
    wanted = resolve_ids(ids, rules_dirs) if ids else list(known)
    return [load_pack(known[i]) for i in wanted]


@rules.command("list")
@rules_dir_option()
@lang_option("Language.")
@click.option("--policy", metavar="ID[,ID...]", help="Only these packs (e.g. cn,google-play).")
@click.option("--verbose", "-v", is_flag=True, help="Also show each rule's source (citation).")
@width_option()
def rules_list(
    rules_dirs: tuple[Path, ...], lang: str, policy: str | None, verbose: bool, width: int | None
) -> None:
    """Every rule, pack by pack: id, severity, whom it judges, title (and its source with --verbose).

    \b
    Example:
      auditor rules list --lang zh
      auditor rules list --policy in,google-play --verbose
    """
    from auditor.render import locale
    from auditor.render.page import Page, paint
    from auditor.render.wrap import Column, table

    ids = split_policies(policy)
    check_policies(ids, rules_dirs)
    try:
        packs = _packs(rules_dirs, ids)
    except AuditorError as err:
        fail(err, False)
        return
    texts = locale.ui(lang)
    ui, report = texts["rules"], texts["report"]
    page = Page(output_width(width))
    columns = [Column(ui["id"], nowrap=True), Column(ui["severity"], nowrap=True), Column(ui["title"])]
    total = 0
    for pack in packs:
        total += len(pack.rules)
        head = locale.fill(ui["pack"], name=pack.name.get(lang), id=pack.id, n=len(pack.rules))
        page.text(head, "bold")
        if not verbose:
            rows = [
                [
                    (r.id + ("" if r.applies_to == "lending" else " *"), None),
                    (report["severity"][r.severity], None),
                    (r.title.get(lang), None),
                ]
                for r in pack.rules
            ]
            page.rows(table(columns, rows, page.width))
        else:
            for r in pack.rules:
                severity = report["severity"][r.severity]
                scope = ui["scope"][r.applies_to]
                parts = [(f"{r.id} ", "bold"), (f"[{severity}] [{scope}] ", None), (r.title.get(lang), None)]
                page.segments(parts, hang=4)
                page.text(f"{ui['citation']}{report['colon']}{_citation(r, lang)}", "dim", 4, 2)
        page.blank()
    packs_text = locale.fill(ui["packs"], n=len(packs))
    page.text(locale.fill(ui["total"], n=total, packs=packs_text), "dim")
    page.text(ui["any_mark"], "dim")
    click.echo(paint(page, use_color(None)), nl=False)


def _citation(rule, lang: str) -> str:
    from auditor.render import i18n, locale

    report = locale.ui(lang)["report"]
    c = rule.citation
    text = report["citation_line"].format(
        date=c.date,
        status=report["status"].get(c.status, c.status),
        confidence=report["confidence"].get(c.confidence, c.confidence),
        **i18n.citation(c, lang),
    )
    return f"{text} {c.url}" if c.url else text


@rules.command("show")
@click.argument("rule_id")
@rules_dir_option()
@lang_option("Language.")
@width_option()
def rules_show(rule_id: str, rules_dirs: tuple[Path, ...], lang: str, width: int | None) -> None:
    """Full text of one rule: why, source, advice. The id may be written in any case.

    \b
    Example:
      auditor rules show CN-NEC-001 --lang zh
      auditor rules show cn-nec-001
    """
    from auditor.render import locale
    from auditor.render.page import Page, paint

    try:
        packs = _packs(rules_dirs)
    except AuditorError as err:
        fail(err, False)
        return
    texts = locale.ui(lang)
    ui, report = texts["rules"], texts["report"]
    wanted = rule_id.strip().casefold()
    for pack in packs:
        for r in pack.rules:
            if r.id.casefold() != wanted:
                continue
            page = Page(output_width(width))
            colon = report["colon"]
            severity = report["severity"][r.severity]
            rulebook = f"{ui['rulebook']}{colon}{pack.name.get(lang)} ({pack.id})"
            page.segments([(f"{r.id}  ", "bold"), (f"[{severity}]  ", None), (rulebook, None)])
            page.text(r.title.get(lang), "bold")
            page.text(f"{ui['applies_to']}{colon}{ui['scope_long'][r.applies_to]}", "dim")
            page.blank()
            page.text(r.why.get(lang))
            page.blank()
            page.text(f"{ui['citation']}{colon}{_citation(r, lang)}", hang=2)
            page.blank()
            page.text(f"{ui['borrower']}{colon}{r.advice_borrower.get(lang)}", hang=2)
            page.text(f"{ui['developer']}{colon}{r.advice_developer.get(lang)}", hang=2)
            click.echo(paint(page, use_color(None)), nl=False)
            return
    click.echo(f"error [not_found] {ui['not_found'].format(id=rule_id)}", err=True)
    sys.exit(EXIT_INPUT)


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def rules_validate(files: tuple[Path, ...]) -> None:
    """Check policy pack files; prints one line per file.

    \b
    Example:
      auditor rules validate my-rules/acme.yaml
    """
    from auditor.errors import EXIT_RULES
    from auditor.policy.packs import load_pack
    from auditor.render import locale

    bad = 0
    for f in files:
        try:
            pack = load_pack(f)
        except AuditorError as err:
            click.echo(err.one_line())
            bad += 1
            continue
        click.echo(locale.fill(locale.ui("en")["rules"]["valid"], file=f, id=pack.id, n=len(pack.rules)))
    sys.exit(EXIT_RULES if bad else EXIT_OK)

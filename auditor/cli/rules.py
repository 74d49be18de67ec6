"""`auditor rules list|show|validate`: the policy packs and their rules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from auditor.cli.common import fail
from auditor.errors import EXIT_OK, AuditorError
from auditor.options import LANGS


@click.group()
def rules() -> None:
    """List, show and validate policy packs.

    \b
    Example:
      auditor rules list
      auditor rules show CN-NEC-001
    """


def _all_packs(rules_dirs: tuple[Path, ...]):
    from auditor.policy.packs import available_packs, load_pack

    return [load_pack(p) for p in available_packs(rules_dirs).values()]


@rules.command("list")
@click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True)
def rules_list(rules_dirs: tuple[Path, ...], lang: str) -> None:
    """Table of every rule: id, policy, severity, title.

    \b
    Example:
      auditor rules list --lang zh
    """
    from rich.console import Console
    from rich.table import Table

    try:
        packs = _all_packs(rules_dirs)
    except AuditorError as err:
        fail(err, False)
        return
    table = Table(expand=True)
    for col in ("id", "policy", "severity", "title", "citation"):
        table.add_column(col, overflow="fold")
    for pack in packs:
        for r in pack.rules:
            table.add_row(
                r.id,
                pack.id,
                r.severity,
                r.title.get(lang),
                f"{r.citation.instrument} {r.citation.article}",
            )
    Console(no_color=not sys.stdout.isatty() or bool(os.environ.get("NO_COLOR"))).print(table)


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True)
def rules_show(rule_id: str, rules_dirs: tuple[Path, ...], lang: str) -> None:
    """Full text of one rule: why, citation, advice.

    \b
    Example:
      auditor rules show CN-NEC-001 --lang zh
    """
    try:
        packs = _all_packs(rules_dirs)
    except AuditorError as err:
        fail(err, False)
        return
    for pack in packs:
        for r in pack.rules:
            if r.id == rule_id:
                c = r.citation
                click.echo(f"{r.id}  [{r.severity}]  policy: {pack.id}")
                click.echo(r.title.get(lang))
                click.echo("")
                click.echo(r.why.get(lang))
                click.echo("")
                click.echo(
                    f"Citation: {c.instrument}, {c.article}; {c.issuer}; {c.date}; "
                    f"{c.status}; confidence {c.confidence}"
                )
                if c.url:
                    click.echo(f"          {c.url}")
                click.echo("")
                click.echo(f"Borrower: {r.advice_borrower.get(lang)}")
                click.echo(f"Developer: {r.advice_developer.get(lang)}")
                return
    click.echo(f"error [not_found] no rule {rule_id}", err=True)
    sys.exit(3)


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

    bad = 0
    for f in files:
        try:
            pack = load_pack(f)
        except AuditorError as err:
            click.echo(err.one_line())
            bad += 1
            continue
        click.echo(f"ok {f}: policy {pack.id}, {len(pack.rules)} rules")
    sys.exit(EXIT_RULES if bad else EXIT_OK)



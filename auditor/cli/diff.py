"""`auditor diff OLD NEW`: what changed between two versions of an app.

Registered on the `main` group by auditor/cli/__init__.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from auditor.cli.common import (
    check_policies,
    debug_option,
    fail,
    format_option,
    internal,
    lang_option,
    output_option,
    output_width,
    rules_dir_option,
    split_policies,
    use_color,
    width_option,
)
from auditor.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_THRESHOLD, AuditorError
from auditor.model import SEVERITIES
from auditor.render import DIFF_FORMATS, locale

FAIL_ON = SEVERITIES[1:]  # a new `info` finding changes no verdict: it cannot fail a build


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"error [internal] cannot write {output}: {exc.strerror}", err=True)
        sys.exit(EXIT_INTERNAL)


@click.command(
    "diff",
    short_help="Show what changed between two versions of an app.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option(DIFF_FORMATS, "Output format (the folder form writes a CSV table with --output).")
@output_option("Write to this file instead of stdout (folder form: the CSV table).")
@lang_option()
@click.option(
    "--policy",
    "policy",
    metavar="ID[,ID...]",
    help="Policy packs whose findings to compare (baseline is always one). Default: those of "
    "a saved JSON report, else baseline. The risk scores compared are the baseline's.",
)
@rules_dir_option()
@click.option(
    "--fail-on-new",
    "fail_on_new",
    type=click.Choice(FAIL_ON),
    help="Exit with status 1 when a NEW finding at or above this severity appears.",
)
@width_option()
@debug_option()
def diff(
    old: Path,
    new: Path,
    fmt: str,
    output: Path | None,
    lang: str,
    policy: str | None,
    rules_dirs: tuple[Path, ...],
    fail_on_new: str | None,
    width: int | None,
    debug: bool,
) -> None:
    """Show what changed between two versions of an app: permissions, data taken in code
    (and by whom), SDKs, packer, signer, endpoints, findings and risk score.

    OLD and NEW are APKs, bundles (.xapk/.apks/.apkm) or saved JSON reports
    (`auditor scan --format json`), in any mix. Two folders compare every app in them,
    paired by package name, and write one row per package (CSV with --output).

    \b
    Examples:
      auditor diff v1.apk v2.apk
      auditor diff v1.apk v2.apk --lang zh --format html -o diff.html
      auditor diff old-report.json new.apk --fail-on-new high
      auditor diff dump-2024/ dump-2025/ --output changes.csv

    \b
    Exit status: 0 done; 1 --fail-on-new met; 2 bad usage; 3 an input could not be
    read (folders: some file could not); 4 internal error; 5 invalid policy pack.
    """
    from auditor.diff import DiffOptions

    check_policies(split_policies(policy), rules_dirs)
    options = DiffOptions(policies=split_policies(policy), lang=lang, rules_dirs=rules_dirs)
    if old.is_dir() and new.is_dir():
        _batch(old, new, fmt, output, lang, options, fail_on_new, debug)
        return
    if old.is_dir() != new.is_dir():
        raise click.UsageError("OLD and NEW must be two files or two folders.")
    _single(old, new, fmt, output, lang, options, fail_on_new, output_width(width, output), debug)


def _single(old, new, fmt, output, lang, options, fail_on_new, width, debug) -> None:
    from auditor.diff import diff_paths
    from auditor.render import RenderOptions, render_diff

    try:
        result = diff_paths(old, new, options)
        text = render_diff(
            result,
            fmt,
            RenderOptions(lang=lang, color=fmt == "terminal" and use_color(output), width=width),
        )
    except AuditorError as err:
        fail(err, debug, lang)
        return
    except Exception as exc:  # a bug: one line, not a traceback, unless --debug
        internal(exc, debug, f"{old} {new}")
        return
    _write(text, output)
    if fail_on_new:
        hits = result.new_findings_at_or_above(fail_on_new)
        if hits:
            ids = ", ".join(f.rule_id for f in hits)
            click.echo(
                f"fail-on-new: {len(hits)} new finding(s) at or above {fail_on_new}: {ids}",
                err=True,
            )
            sys.exit(EXIT_THRESHOLD)
    sys.exit(EXIT_OK)


def _batch(old, new, fmt, output, lang, options, fail_on_new, debug) -> None:
    from auditor.diff import diff_dirs
    from auditor.diff.folders import STATUSES

    if fmt in ("markdown", "html"):
        raise click.UsageError("the folder form writes a table: use --output FILE.csv (or --format json).")
    try:
        result = diff_dirs(old, new, options)
    except AuditorError as err:  # a broken policy pack; unreadable files are table rows
        fail(err, debug, lang)
        return
    except Exception as exc:
        internal(exc, debug, f"{old} {new}")
        return
    table = result.table
    ui = locale.ui(lang)["diff_folders"]
    if output is not None:
        try:
            table.to_csv(output, index=False)
        except OSError as exc:
            click.echo(f"error [internal] cannot write {output}: {exc.strerror}", err=True)
            sys.exit(EXIT_INTERNAL)
    elif fmt == "json":
        click.echo(table.to_json(orient="records", force_ascii=False, indent=2))
    summary = locale.fill(
        ui["summary"],
        n=int((table["status"] != "error").sum()),
        **{s: result.count(s) for s in STATUSES},
    )
    lines = [summary]
    for pkg, d in result.diffs.items():
        if d.is_empty:
            continue
        lines.append(
            locale.fill(
                ui["pkg"],
                pkg=pkg,
                old=d.old.version,
                new=d.new.version,
                s_old=f"{d.old.score:g}",
                s_new=f"{d.new.score:g}",
                n=len(d.findings_new),
                extra=ui["signer"] if d.signer_changed else "",
            )
        )
    for _, row in table[table["status"] == "error"].iterrows():
        lines.append(
            ui["error"].format(
                file=row["old_file"] if isinstance(row["old_file"], str) else row["new_file"],
                code=row["error_code"],
                message=row["error"]
                if lang == "en"
                else locale.ui(lang)["errors"].get(row["error_code"], row["error"]),
            )
        )
    lines.extend(f"  ! {note.get(lang)}" for note in result.notes)
    if output is not None:
        lines.append(ui["written"].format(path=output))
    # with --format json the records go to stdout, so the summary goes to stderr
    click.echo("\n".join(lines), err=fmt == "json" and output is None)
    if fail_on_new and any(d.new_findings_at_or_above(fail_on_new) for d in result.diffs.values()):
        sys.exit(EXIT_THRESHOLD)
    if result.count("error"):
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_OK)


__all__ = ["diff"]

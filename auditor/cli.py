"""The `auditor` command: parse options, call the pipeline, pick a renderer, set the exit code."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from auditor import __version__
from auditor.cli_common import fail, internal, split_policies, use_color
from auditor.errors import EXIT_INTERNAL, EXIT_OK, EXIT_THRESHOLD, AuditorError
from auditor.model import LEVELS, level_at_least
from auditor.render import FORMATS


class _DropLibraryNoise(logging.Filter):
    """apkInspector logs a WARNING through the root logger for every odd ZIP header it
    meets; auditor reports those as tampering notes instead, so the CLI drops them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "apkInspector" not in record.pathname


def _quiet_library_logging() -> None:
    # Only in the CLI, where this process's logging is ours; library callers keep theirs.
    root = logging.getLogger()
    if not any(isinstance(f, _DropLibraryNoise) for f in root.filters):
        root.addFilter(_DropLibraryNoise())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def main() -> None:
    """Audit Android lending-app APKs for personal-data over-collection.

    \b
    Example:
      auditor scan app.apk
      auditor scan app.apk --lang zh --policy cn,google-play
      auditor scan app.apk --format json --output report.json
    """
    _quiet_library_logging()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="terminal",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the report.",
)
@click.option(
    "--policy",
    "policy",
    metavar="ID[,ID...]",
    help="Policy packs to apply (see `auditor rules list`). Default: baseline, plus cn with --lang zh.",
)
@click.option(
    "--rules-dir",
    "rules_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Extra folder of policy packs (*.yaml); may be repeated.",
)
@click.option(
    "--indicators",
    "indicator_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extra indicator file (YAML, same shape as catalogue/indicators.yaml); repeatable.",
)
@click.option("--no-code", is_flag=True, help="Check the manifest only; skip the DEX scan.")
@click.option(
    "--fail-on",
    type=click.Choice(LEVELS),
    help="Exit with status 1 when the risk level is at or above this level (CI gating).",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Batch: worker processes (default: CPU count)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=300,
    show_default=True,
    help="Batch: seconds allowed per APK.",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(min=0),
    default=2048,
    show_default=True,
    help="Batch: memory cap per worker in MiB (0 = none).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Batch: output folder (default reports/batch-<time>).",
)
@click.option("--resume", is_flag=True, help="Batch: skip inputs already in --out's results.")
@click.option(
    "--scheduler",
    envvar="AUDITOR_SCHEDULER",
    metavar="tcp://HOST:PORT",
    help="Batch on a Dask cluster (pip install 'auditor[dask]'; env AUDITOR_SCHEDULER).",
)
@click.option("--retry-errors", is_flag=True, help="Batch: with --resume, rescan inputs that failed.")
@click.option("--verbose", "-v", is_flag=True, help="Show every call site in the terminal report.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def scan(
    paths: tuple[str, ...],
    fmt: str,
    output: Path | None,
    lang: str,
    policy: str | None,
    rules_dirs: tuple[Path, ...],
    indicator_files: tuple[Path, ...],
    no_code: bool,
    fail_on: str | None,
    jobs: int | None,
    timeout: float,
    memory_mb: int,
    out_dir: Path | None,
    resume: bool,
    scheduler: str | None,
    retry_errors: bool,
    verbose: bool,
    debug: bool,
) -> None:
    """Scan an APK (or bundle) and print its risk report; several paths or a folder
    scan as a batch into a results folder (results.jsonl, CSV, Parquet).

    \b
    Examples:
      auditor scan sample_apks/harvester.apk
      auditor scan app.apk --lang zh --policy cn,google-play
      auditor scan app.apk --format json -o report.json
      auditor scan store-dump/ --jobs 2 --out reports/dump --resume
    """
    # --scheduler on the command line makes a batch; AUDITOR_SCHEDULER only routes batches.
    source = click.get_current_context().get_parameter_source("scheduler")
    explicit = scheduler is not None and source is not click.core.ParameterSource.ENVIRONMENT
    urls = [p for p in paths if "://" in p]
    if urls and not scheduler:
        raise click.UsageError(
            "URL inputs (s3://, gs://, file://...) are read by Dask workers: add --scheduler tcp://HOST:PORT"
        )
    if explicit or urls or len(paths) > 1 or any(Path(p).is_dir() for p in paths):
        _scan_batch(
            paths,
            policy=policy,
            lang=lang,
            rules_dirs=rules_dirs,
            no_code=no_code,
            fail_on=fail_on,
            jobs=jobs,
            timeout=timeout,
            memory_mb=memory_mb,
            out_dir=out_dir,
            resume=resume,
            retry_errors=retry_errors,
            scheduler=scheduler,
            debug=debug,
        )
        return
    path = Path(paths[0])
    from auditor.pipeline import ScanOptions
    from auditor.pipeline import scan as run_scan
    from auditor.render import RenderOptions, get_renderer

    options = ScanOptions(
        policies=split_policies(policy),
        lang=lang,
        rules_dirs=rules_dirs,
        indicator_files=indicator_files,
        scan_code=not no_code,
    )
    try:
        report = run_scan(path, options)
        width = 100 if output is None and sys.stdout.isatty() else 80
        text = get_renderer(fmt).render(
            report,
            RenderOptions(
                lang=lang,
                color=fmt == "terminal" and use_color(output),
                width=width,
                verbose=verbose,
            ),
        )
    except AuditorError as err:
        fail(err, debug)
        return
    except Exception as exc:  # a bug: one line, not a traceback, unless --debug
        internal(exc, debug, str(path))
        return
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"error [internal] cannot write {output}: {exc.strerror}", err=True)
            sys.exit(EXIT_INTERNAL)
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_THRESHOLD if level_at_least(report.score.level, fail_on) else EXIT_OK)


def _scan_batch(
    paths: tuple[str, ...],
    *,
    policy: str | None,
    lang: str,
    rules_dirs: tuple[Path, ...],
    no_code: bool,
    fail_on: str | None,
    jobs: int | None,
    timeout: float,
    memory_mb: int,
    out_dir: Path | None,
    resume: bool,
    retry_errors: bool,
    scheduler: str | None,
    debug: bool,
) -> None:
    from auditor.batch import BatchUsageError, batch_exit_code, render_summary, run_batch

    try:
        result = run_batch(
            paths,
            jobs=jobs,
            timeout=timeout,
            memory_mb=memory_mb,
            out_dir=out_dir,
            resume=resume,
            retry_errors=retry_errors,
            policies=split_policies(policy),
            lang=lang,
            rules_dirs=rules_dirs,
            scan_code=not no_code,
            scheduler=scheduler,
        )
    except BatchUsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except AuditorError as err:
        fail(err, debug)
        return
    except Exception as exc:
        internal(exc, debug)
        return
    if result.found == 0:
        shown = ", ".join(str(p) for p in paths)
        fail(AuditorError("not_found", "no APK or bundle found", shown), debug)
        return
    render_summary(result.summary)
    sys.exit(batch_exit_code(result, fail_on))


@main.group()
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
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
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
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
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


def _register_subcommands() -> None:
    # Commands that live in their own modules; they do not import this one.
    from auditor.cli_diff import diff

    main.add_command(diff)


_register_subcommands()

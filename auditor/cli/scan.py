"""`auditor scan PATH...`: one APK -> a report on stdout or a file; several or a folder -> a batch.

The click options that configure the analysis or the batch are named like the fields of
auditor.options.ScanOptions / BatchOptions, so one `from_values` call builds the options
object that the pipeline, the batch workers and Dask receive unchanged.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

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
from auditor.errors import EXIT_INTERNAL, EXIT_OK, EXIT_THRESHOLD, AuditorError
from auditor.model import LEVELS, level_at_least
from auditor.options import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, BatchOptions, ScanOptions
from auditor.render import FORMATS

#: Options that only mean something for one APK, and only for a batch (checked by name).
SINGLE_ONLY = {"fmt": "--format", "output": "--output", "verbose": "--verbose", "width": "--width"}
BATCH_ONLY = {
    "jobs": "--jobs",
    "timeout": "--timeout",
    "memory_mb": "--memory-mb",
    "out_dir": "--out",
    "resume": "--resume",
    "retry_errors": "--retry-errors",
}


def _policies(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    ids = split_policies(value)
    return tuple(ids) if ids else None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@format_option(FORMATS, "Report format (one APK; a batch writes a table and a dashboard to --out).")
@output_option("Write the report to this file instead of stdout (one APK).")
@lang_option("Language of the report.")
@click.option(
    "--policy",
    "policies",
    metavar="ID[,ID...]",
    callback=_policies,
    help="Policy packs to add to baseline (see `auditor rules list`), e.g. cn,google-play. "
    "The risk score is always the baseline's; other packs add their findings and verdicts.",
)
@rules_dir_option()
@click.option(
    "--indicators",
    "indicator_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extra indicator file (YAML, same shape as catalogue/indicators.yaml); repeatable.",
)
@click.option(
    "--no-code",
    "scan_code",
    is_flag=True,
    flag_value=False,
    default=True,
    help="Check the manifest only; skip the DEX scan.",
)
@click.option(
    "--assume-lender",
    is_flag=True,
    help="Apply the rules for lending apps even if the app does not look like one.",
)
@click.option(
    "--only-lenders",
    is_flag=True,
    help="Skip the code analysis of apps that do not look like lending apps (fast triage).",
)
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
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Batch: seconds allowed per APK.",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(min=0),
    default=DEFAULT_MEMORY_MB,
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
@click.option("--verbose", "-v", is_flag=True, help="Show every call site in the terminal report (one APK).")
@width_option("the terminal report")
@debug_option()
@click.pass_context
def scan(
    ctx: click.Context,
    paths: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    verbose: bool,
    width: int | None,
    debug: bool,
    **values: Any,
) -> None:
    """Scan an APK (or bundle) and print its risk report; several paths or a folder
    scan as a batch into a results folder (results.jsonl, CSV, Parquet).

    \b
    Examples:
      auditor scan sample_apks/harvester.apk
      auditor scan app.apk --lang zh --policy cn,google-play
      auditor scan app.apk --format json -o report.json
      auditor scan app.apk --width 120 > report.txt
      auditor scan store-dump/ --jobs 2 --out reports/dump --resume
    """
    given = {name for name in ctx.params if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE}
    check_policies(values.get("policies"), values.get("rules_dirs") or ())
    if _is_batch(ctx, paths, values.get("scheduler")):
        wrong = [flag for name, flag in SINGLE_ONLY.items() if name in given]
        if fmt != "terminal" or wrong:
            shown = ", ".join(wrong or ["--format"])
            raise click.UsageError(
                f"{shown}: only for one APK. A batch writes results.jsonl (every full JSON report), "
                "results.csv/.parquet, one HTML report per app and index.html into --out."
            )
        try:
            options = BatchOptions.from_values(values)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        _scan_batch(paths, options, fail_on, debug)
        return
    wrong = [flag for name, flag in BATCH_ONLY.items() if name in given]
    if wrong:
        raise click.UsageError(f"{', '.join(wrong)}: only for a batch (several paths or a folder).")
    _scan_one(
        Path(paths[0]), ScanOptions.from_values(values), fmt, output, fail_on, verbose, width, debug
    )


def _is_batch(ctx: click.Context, paths: tuple[str, ...], scheduler: str | None) -> bool:
    # --scheduler on the command line makes a batch; AUDITOR_SCHEDULER only routes batches.
    explicit = (
        scheduler is not None
        and ctx.get_parameter_source("scheduler") is not ParameterSource.ENVIRONMENT
    )
    urls = [p for p in paths if "://" in p]
    if urls and not scheduler:
        raise click.UsageError(
            "URL inputs (s3://, gs://, file://...) are read by Dask workers: add --scheduler tcp://HOST:PORT"
        )
    return explicit or bool(urls) or len(paths) > 1 or any(Path(p).is_dir() for p in paths)


def _scan_one(
    path: Path,
    options: ScanOptions,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    verbose: bool,
    width: int | None,
    debug: bool,
) -> None:
    from auditor.pipeline import scan as run_scan
    from auditor.render import RenderOptions, get_renderer

    # One scan, then the process ends. Everything imported so far lives until exit, so
    # the cyclic collector need not walk it again during the scan; after the report is
    # written, freezing again spares the exit-time collection its walk over the scan's
    # objects (~45 ms of a 0.6 s run on the 18 MB reference APK). Library callers of
    # auditor.scan() keep their collector as it is.
    gc.freeze()
    try:
        report = run_scan(path, options)
        text = get_renderer(fmt).render(
            report,
            RenderOptions(
                lang=options.lang,
                color=fmt == "terminal" and use_color(output),
                width=output_width(width, output),
                verbose=verbose,
            ),
        )
    except AuditorError as err:
        fail(err, debug, options.lang)
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
    gc.freeze()
    sys.exit(EXIT_THRESHOLD if level_at_least(report.score.level, fail_on) else EXIT_OK)


def _scan_batch(paths: tuple[str, ...], options: BatchOptions, fail_on: str | None, debug: bool) -> None:
    from auditor.batch import BatchUsageError, batch_exit_code, render_summary, run_batch

    try:
        result = run_batch(paths, options)
    except BatchUsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except AuditorError as err:
        fail(err, debug, options.scan.lang)
        return
    except Exception as exc:
        internal(exc, debug)
        return
    if result.found == 0:
        shown = ", ".join(str(p) for p in paths)
        fail(AuditorError("not_found", "no APK or bundle found", shown), debug, options.scan.lang)
        return
    render_summary(
        result.summary,
        lang=result.lang,
        width=output_width(None),
        root=result.root,
        out_dir=result.out_dir,
    )
    sys.exit(batch_exit_code(result, fail_on))

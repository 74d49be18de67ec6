"""`auditor scan PATH...`: one APK -> a report on stdout or a file; several or a folder -> a batch."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from auditor.cli.common import fail, internal, split_policies, use_color
from auditor.errors import EXIT_INTERNAL, EXIT_OK, EXIT_THRESHOLD, AuditorError
from auditor.model import LEVELS, level_at_least
from auditor.render import FORMATS


@click.command()
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



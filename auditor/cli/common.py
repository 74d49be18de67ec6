"""What every `auditor` command does the same way: error lines, exit codes, option parsing."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from auditor.errors import EXIT_INTERNAL, AuditorError


def fail(err: AuditorError, debug: bool) -> None:
    """One line on stderr (the traceback too with --debug) and the error's exit code."""
    if debug:
        traceback.print_exc()
    click.echo(err.one_line(), err=True)
    sys.exit(err.exit_code)


def internal(exc: BaseException, debug: bool, path: str | None = None) -> None:
    """A bug: one line, not a traceback, unless --debug; exit 4."""
    if debug:
        traceback.print_exc()
    where = f"{path}: " if path else ""
    click.echo(
        f"error [internal] {where}{type(exc).__name__}: {exc} (run with --debug for the traceback)",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


def split_policies(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [p.strip() for p in value.split(",") if p.strip()] or None


def use_color(output: Path | None) -> bool:
    """ANSI colours only on a terminal, never into a file, never with NO_COLOR."""
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()

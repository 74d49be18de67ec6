"""What every `auditor` command does the same way: error lines, exit codes, option parsing."""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from auditor.errors import EXIT_INTERNAL, AuditorError, UnknownPolicyError
from auditor.options import LANGS

#: Terminal width when nothing says otherwise (output redirected, no COLUMNS).
DEFAULT_WIDTH = 80


#: Errors whose English detail is for the person who wrote the pack or the code.
_DEVELOPER_ERRORS = ("bad_rules", "internal")


def fail(err: AuditorError, debug: bool, lang: str = "en") -> None:
    """One line on stderr (the traceback too with --debug) and the error's exit code.

    The line always starts `error [CODE] PATH:` (scripts read it); in another language
    than English, what an input error means is said in that language (--debug shows the
    English detail too).
    """
    if debug:
        traceback.print_exc()
    line = err.one_line()
    if lang != "en" and err.code not in _DEVELOPER_ERRORS:
        from auditor.render import locale

        meaning = locale.ui(lang)["errors"].get(err.code)
        if meaning:
            where = f"{err.path}: " if err.path else ""
            line = f"error [{err.code}] {where}{meaning}"
    click.echo(line, err=True)
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


def check_policies(ids: Iterable[str] | None, rules_dirs: Iterable[Path] = ()) -> None:
    """A --policy id no pack has is a usage error (exit 2) naming the packs there are."""
    if not ids:
        return
    from auditor.policy.packs import resolve_ids

    try:
        resolve_ids(list(ids), tuple(Path(d) for d in rules_dirs))
    except UnknownPolicyError as exc:
        raise click.UsageError(str(exc)) from exc


def output_width(width: int | None, output: Path | None = None) -> int:
    """Columns of a text report: --width, else $COLUMNS (also when the output is redirected
    or written with -o), else the terminal's width, else 80."""
    if width:
        return width
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    if output is None and sys.stdout.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


# ---------------------------------------------------------------- options every command shares
# One definition each, so `scan`, `diff` and `rules` spell, check and document them alike.

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def lang_option(help: str = "Language of the output.") -> Decorator:
    return click.option(
        "--lang", type=click.Choice(LANGS), default="en", show_default=True, help=help
    )


def rules_dir_option() -> Decorator:
    return click.option(
        "--rules-dir",
        "rules_dirs",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Extra folder of policy packs (*.yaml); may be repeated.",
    )


def output_option(help: str) -> Decorator:
    return click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help=help
    )


def format_option(formats: tuple[str, ...], help: str) -> Decorator:
    return click.option(
        "--format", "fmt", type=click.Choice(formats), default="terminal", show_default=True, help=help
    )


def width_option(what: str = "the terminal output") -> Decorator:
    return click.option(
        "--width",
        type=click.IntRange(min=30),
        help=f"Columns of {what} (default: $COLUMNS, else the terminal's width, else {DEFAULT_WIDTH}).",
    )


def debug_option() -> Decorator:
    return click.option("--debug", is_flag=True, help="Show tracebacks for errors.")

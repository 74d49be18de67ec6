"""The `auditor` command line: the `main` group; each command lives in its own module
(scan, rules, diff) and only wires options to the pipeline, a renderer and an exit code."""

from __future__ import annotations

import logging
from typing import ClassVar

import click

from auditor import __version__


class _DropLibraryNoise(logging.Filter):
    """apkInspector (which androguard imports) logs a WARNING through the root logger for
    every odd ZIP header it meets; auditor reports those as tampering notes instead, so the
    CLI drops them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "apkInspector" not in record.pathname


def _quiet_library_logging() -> None:
    # Only in the CLI, where this process's logging is ours; library callers keep theirs.
    root = logging.getLogger()
    if not any(isinstance(f, _DropLibraryNoise) for f in root.filters):
        root.addFilter(_DropLibraryNoise())


class _LazyGroup(click.Group):
    """Commands imported when used: `auditor scan` never imports the diff or rules commands
    (nor what they import), which keeps a scan's start-up short."""

    _modules: ClassVar[dict[str, str]] = {
        "scan": "auditor.cli.scan",
        "rules": "auditor.cli.rules",
        "diff": "auditor.cli.diff",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._modules)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = self._modules.get(cmd_name)
        if module is None:
            return None
        from importlib import import_module

        command = getattr(import_module(module), cmd_name)
        return command if isinstance(command, click.Command) else None


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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

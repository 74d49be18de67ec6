"""The `auditor` command line: the `main` group; each command lives in its own module
(scan, rules, diff) and only wires options to the pipeline, a renderer and an exit code."""

from __future__ import annotations

import logging

import click

from auditor import __version__


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


def _register_commands() -> None:
    from auditor.cli.diff import diff
    from auditor.cli.rules import rules
    from auditor.cli.scan import scan

    main.add_command(scan)
    main.add_command(rules)
    main.add_command(diff)


_register_commands()

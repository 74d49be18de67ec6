"""Errors a user can see, each with a stable code and a documented exit code.

Analysers raise `AuditorError`; only the CLI turns it into one line on stderr and an exit
status. The codes are part of the report contract (batch error records use them too).
"""

from __future__ import annotations

#: Exit codes of the `auditor` command (README, "Exit codes").
EXIT_OK = 0
EXIT_THRESHOLD = 1  # findings at or above --fail-on
EXIT_USAGE = 2  # click's own code for bad options
EXIT_INPUT = 3  # the input could not be scanned (see ERROR_CODES)
EXIT_INTERNAL = 4  # a bug in auditor; --debug shows the traceback
EXIT_RULES = 5  # a policy pack or catalogue file is invalid

#: Error code -> what it means. Stable strings, used in reports and batch tables.
ERROR_CODES: dict[str, str] = {
    "not_found": "the path does not exist",
    "not_a_file": "the path is a directory or special file, not an APK",
    "not_an_apk": "the file is not a ZIP/APK archive",
    "no_manifest": "the archive has no readable AndroidManifest.xml",
    "corrupt": "the archive or one of its parts is damaged beyond reading",
    "too_large": "the input exceeds a safety limit",
    "timeout": "the scan took longer than the per-APK time limit; its worker was stopped",
    "bad_rules": "a policy pack or catalogue file is invalid",
    "internal": "an unexpected error inside auditor",
}


class AuditorError(Exception):
    """An error with a stable `code` (see ERROR_CODES) and a one-line message."""

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path

    @property
    def exit_code(self) -> int:
        if self.code == "bad_rules":
            return EXIT_RULES
        if self.code == "internal":
            return EXIT_INTERNAL
        return EXIT_INPUT

    def one_line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"error [{self.code}] {where}{self.message}"


class RuleError(AuditorError):
    """A policy pack / catalogue file failed validation; the message names file and line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = path if line is None else f"{path}:{line}"
        super().__init__("bad_rules", message, where)
        self.line = line


class UnknownPolicyError(ValueError):
    """A --policy id no pack file has: a usage error (exit 2), not a broken pack (exit 5).

    The message names the packs there are, so the reader can correct the command.
    """

    def __init__(self, unknown: list[str], known: list[str]) -> None:
        self.unknown = list(unknown)
        self.known = sorted(known)
        noun = "pack" if len(self.unknown) == 1 else "packs"
        super().__init__(
            f"unknown policy {noun} {', '.join(self.unknown)}; known packs: {', '.join(self.known)}"
        )

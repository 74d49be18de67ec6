"""The inputs of a diff, as Report objects: a saved JSON report (checked against the report
schema, then read with Report.from_dict) or an APK to scan (the scanned Report itself)."""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.diff.compute import compute_diff, report_policies
from auditor.diff.model import ReportDiff
from auditor.errors import AuditorError
from auditor.model import Report

#: A saved JSON report larger than this is refused (a real report is a few MB at most).
MAX_REPORT_BYTES = 256 * 1024 * 1024
#: How a file that is a ZIP (APK, bundle) starts.
ZIP_MAGIC = b"PK"

# ---------------------------------------------------------------- inputs


@dataclass
class DiffOptions:
    policies: list[str] | None = None  # None: a JSON side's policies, else the scan default
    lang: str = "en"
    rules_dirs: tuple[Path, ...] = ()


def head_bytes(path: Path, n: int = 64) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def sniff(path: str | os.PathLike[str]) -> str:
    """`report` when the file's content starts with `{` (a JSON report), else `apk`
    (pipeline.scan decides what kind of archive it is and reports its errors)."""
    p = Path(path)
    if not p.exists():
        raise AuditorError("not_found", "no such file", str(path))
    if not p.is_file():
        raise AuditorError("not_a_file", "not a regular file", str(path))
    try:
        head = head_bytes(p)
    except OSError as exc:
        raise AuditorError("not_found", f"cannot read: {exc.strerror}", str(path)) from exc
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return "report" if text.startswith(b"{") else "apk"


def load_report(path: str | os.PathLike[str]) -> Report:
    """Load a saved JSON report, check it against the report schema, and read it."""
    p = Path(path)
    where = str(path)
    if p.stat().st_size > MAX_REPORT_BYTES:
        raise AuditorError(
            "too_large", f"JSON report larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB", where
        )
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise AuditorError("not_an_apk", "not an APK, and not a UTF-8 JSON report", where) from exc
    except json.JSONDecodeError as exc:
        raise AuditorError(
            "not_an_apk",
            f"not an APK, and not valid JSON (line {exc.lineno}: {exc.msg})",
            where,
        ) from exc
    if not isinstance(data, dict) or "schema_version" not in data:
        raise AuditorError(
            "not_an_apk",
            "not an APK, and not an auditor JSON report (no schema_version)",
            where,
        )
    version = str(data.get("schema_version"))
    if not version.startswith("1."):
        raise AuditorError(
            "corrupt",
            f"unsupported report schema_version {version!r} (this auditor reads 1.x"
            + ("; a diff cannot be diffed" if version.startswith("diff-") else "")
            + ")",
            where,
        )
    validate_report_dict(data, where)
    return Report.from_dict(data)


@functools.lru_cache(maxsize=1)
def _report_validator() -> Any:
    import jsonschema

    from auditor.datafiles import schema_dir

    schema = json.loads((schema_dir() / "report.schema.json").read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def validate_report_dict(data: dict[str, Any], where: str) -> None:
    import jsonschema

    validator = _report_validator()
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        at = "/".join(str(x) for x in error.absolute_path) or "(top level)"
        message = " ".join(error.message.split())
        if len(message) > 160:
            message = message[:157] + "..."
        raise AuditorError(
            "corrupt", f"JSON report does not match the schema at {at}: {message}", where
        )


def scan_report(path: str | os.PathLike[str], policies: list[str], options: DiffOptions) -> Report:
    from auditor.options import ScanOptions
    from auditor.pipeline import scan

    return scan(
        path, ScanOptions(policies=list(policies), lang=options.lang, rules_dirs=options.rules_dirs)
    )


def load_input(path: str | os.PathLike[str], policies: list[str], options: DiffOptions) -> Report:
    """One side of a diff: a saved report, or a fresh scan."""
    if sniff(path) == "report":
        return load_report(path)
    return scan_report(path, policies, options)


def scan_policies(options: DiffOptions, reports: list[Report]) -> list[str]:
    if options.policies:
        return list(options.policies)
    for r in reports:  # scan an APK with the policies of the saved report it is compared with
        if report_policies(r):
            return report_policies(r)
    from auditor.options import default_policies

    return default_policies(options.lang)


def check_policies(options: DiffOptions) -> None:
    """Fail fast (bad_rules, exit 5) on an unknown --policy id, even when no APK is scanned."""
    if options.policies:
        from auditor.policy.packs import load_packs

        load_packs(list(options.policies), options.rules_dirs)


def diff_paths(
    old: str | os.PathLike[str], new: str | os.PathLike[str], options: DiffOptions | None = None
) -> ReportDiff:
    options = options or DiffOptions()
    check_policies(options)
    kinds = [sniff(old), sniff(new)]
    loaded = {
        i: load_report(p)
        for i, (p, k) in enumerate(zip((old, new), kinds, strict=True))
        if k == "report"
    }
    policies = scan_policies(options, list(loaded.values()))
    sides = [
        loaded[i] if i in loaded else scan_report(p, policies, options)
        for i, p in enumerate((old, new))
    ]
    return compute_diff(sides[0], sides[1], options.policies)

"""diff_dirs(old_folder, new_folder): pair the apps of two folders by package; one row each."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.diff.compute import compute_diff
from auditor.diff.load import ZIP_MAGIC, DiffOptions, check_policies, head_bytes, load_input, scan_policies
from auditor.diff.model import DiffWarning, ReportDiff
from auditor.errors import AuditorError
from auditor.model import Report

if TYPE_CHECKING:  # pandas is imported only by the batch form
    import pandas as pd

# ---------------------------------------------------------------- batch: two folders

BATCH_COLUMNS: tuple[str, ...] = (
    "package",
    "status",
    "old_file",
    "new_file",
    "old_version",
    "new_version",
    "score_old",
    "score_new",
    "level_old",
    "level_new",
    "permissions_added",
    "categories_newly_collected",
    "sdks_added",
    "new_findings",
    "signer_changed",
    "error_code",
    "error",
)
STATUSES = ("changed", "unchanged", "only_old", "only_new", "error")


@dataclass
class Loaded:
    file: Path
    report: Report | None = None
    error: AuditorError | None = None

    @property
    def package(self) -> str:
        return self.report.app.package if self.report else ""

    @property
    def version_code(self) -> int:
        return (self.report.app.version_code if self.report else None) or 0


@dataclass
class BatchDiff:
    table: pd.DataFrame
    diffs: dict[str, ReportDiff]  # package -> diff, for the paired packages
    notes: list[DiffWarning]  # a package found twice in one folder

    def count(self, status: str) -> int:
        return int((self.table["status"] == status).sum()) if len(self.table) else 0


def candidates(folder: Path) -> list[Path]:
    """The inputs of one folder (not recursive): ZIP archives and JSON files, by content."""
    out = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or not p.is_file():
            continue
        try:
            head = head_bytes(p, 8)
        except OSError:
            out.append(p)  # reported as an error when loaded
            continue
        if head.startswith(ZIP_MAGIC) or head.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
            out.append(p)
    return out


def _load_folder(
    folder: Path, policies: list[str], options: DiffOptions, notes: list[DiffWarning]
) -> tuple[dict[str, Loaded], list[Loaded]]:
    by_package: dict[str, Loaded] = {}
    errors: list[Loaded] = []
    for path in candidates(folder):
        try:
            item = Loaded(path, load_input(path, policies, options))
        except AuditorError as err:
            if err.code == "bad_rules":
                raise
            errors.append(Loaded(path, error=err))
            continue
        pkg = item.package
        if pkg in by_package:
            keep, drop = by_package[pkg], item
            if item.version_code > keep.version_code:
                keep, drop = item, keep
            notes.append(
                DiffWarning(
                    "duplicate_package",
                    f"{folder}: {pkg} appears more than once; using {keep.file.name} "
                    f"(the higher version code), ignoring {drop.file.name}",
                    f"{folder}：{pkg} 出现了不止一次；使用版本号较高的 {keep.file.name}，"
                    f"忽略 {drop.file.name}",
                )
            )
            by_package[pkg] = keep
        else:
            by_package[pkg] = item
    return by_package, errors


def _version(report: Report | None) -> str | None:
    if report is None:
        return None
    name, code = report.app.version_name, report.app.version_code
    if name and code is not None:
        return f"{name} ({code})"
    return name or (str(code) if code is not None else None)


def _empty_row(package: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS)
    row["package"] = package
    return row


def _side_row(row: dict[str, Any], prefix: str, item: Loaded) -> None:
    row[f"{prefix}_file"] = str(item.file)
    row[f"{prefix}_version"] = _version(item.report)
    if item.report is not None:
        row[f"score_{prefix}"] = item.report.score.value
        row[f"level_{prefix}"] = item.report.score.level


def diff_dirs(
    old_dir: str | os.PathLike[str],
    new_dir: str | os.PathLike[str],
    options: DiffOptions | None = None,
) -> BatchDiff:
    """Scan (or load) every input of both folders, pair by package, diff each pair."""
    import pandas as pd

    options = options or DiffOptions()
    check_policies(options)
    notes: list[DiffWarning] = []
    policies = scan_policies(options, [])
    old_map, old_err = _load_folder(Path(old_dir), policies, options, notes)
    new_map, new_err = _load_folder(Path(new_dir), policies, options, notes)
    rows: list[dict[str, Any]] = []
    diffs: dict[str, ReportDiff] = {}
    for pkg in sorted(set(old_map) | set(new_map)):
        row = _empty_row(pkg)
        o, n = old_map.get(pkg), new_map.get(pkg)
        if o is not None:
            _side_row(row, "old", o)
        if n is not None:
            _side_row(row, "new", n)
        if o is None or n is None:
            row["status"] = "only_new" if o is None else "only_old"
            rows.append(row)
            continue
        assert o.report is not None and n.report is not None  # errors are kept apart
        d = compute_diff(o.report, n.report, options.policies)
        diffs[pkg] = d
        row.update(
            score_old=d.old.score,
            score_new=d.new.score,
            level_old=d.old.level,
            level_new=d.new.level,
            permissions_added=";".join(p.name for p in d.permissions_added),
            categories_newly_collected=";".join(
                f"{c.category}({'+'.join(c.by_new)})" if c.by_new else c.category
                for c in d.newly_collected
            ),
            sdks_added=";".join(s.id for s in d.sdks_added),
            new_findings=len(d.findings_new),
            signer_changed=d.signer_changed,
            status="unchanged" if d.is_empty else "changed",
        )
        rows.append(row)
    for side, errs in (("old", old_err), ("new", new_err)):
        for item in errs:
            row = _empty_row("")
            row[f"{side}_file"] = str(item.file)
            row["status"] = "error"
            assert item.error is not None
            row["error_code"] = item.error.code
            row["error"] = item.error.message
            rows.append(row)
    table = pd.DataFrame(rows, columns=list(BATCH_COLUMNS))
    table["new_findings"] = table["new_findings"].astype("Int64")
    table["signer_changed"] = table["signer_changed"].astype("boolean")
    return BatchDiff(table=table, diffs=diffs, notes=notes)

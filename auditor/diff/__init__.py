"""`auditor diff`: what changed between two versions of an app, computed on the report model.

Both sides are `Report` objects (auditor.model). An APK or a bundle is scanned; a saved JSON
report is checked against the report schema and read with `Report.from_dict`, the inverse of
`to_dict()`. There is one code path, `compute_diff(old, new)`, so diffing two saved reports
gives exactly the diff of the APKs they were made from.

    from auditor.diff import diff_paths
    d = diff_paths("v1.apk", "v2.apk", DiffOptions(policies=["baseline", "cn"]))
    d.worse()      # what got worse, most serious first
    d.to_dict()    # the diff JSON, schema_version "diff-1.0" (docs/diff.md)

The batch form (`diff_dirs`) pairs the apps of two folders by package name and returns a
pandas table, one row per package.

The stages: `model` (the dataclasses), `compute` (two reports -> ReportDiff), `load`
(the inputs: a JSON report or an APK), `folders` (two folders -> a table). Its outputs
(terminal, JSON, Markdown, HTML) are renderers: `auditor.render.get_renderer(fmt, kind="diff")`.
"""

from auditor.diff.compute import compute_diff
from auditor.diff.folders import BATCH_COLUMNS, BatchDiff, diff_dirs
from auditor.diff.load import DiffOptions, diff_paths, load_input, load_report, sniff
from auditor.diff.model import (
    DIFF_SCHEMA_VERSION,
    CategoryChange,
    Change,
    DiffWarning,
    EndpointChange,
    FindingChange,
    PermissionChange,
    ReportDiff,
    SdkChange,
    Side,
)

__all__ = [
    "BATCH_COLUMNS",
    "DIFF_SCHEMA_VERSION",
    "BatchDiff",
    "CategoryChange",
    "Change",
    "DiffOptions",
    "DiffWarning",
    "EndpointChange",
    "FindingChange",
    "PermissionChange",
    "ReportDiff",
    "SdkChange",
    "Side",
    "compute_diff",
    "diff_dirs",
    "diff_paths",
    "load_input",
    "load_report",
    "sniff",
]

"""The Python API: `auditor.scan` for one app, `auditor.scan_many` for many.

    import auditor
    report = auditor.scan("app.apk", policies=["cn"], lang="zh")
    report.score.value, report.score.level     # the baseline assessment's, 0-100
    [f.title.get("zh") for f in report.findings]
    df = auditor.scan_many(["store-dump/"], jobs=4)   # a pandas table; no files written

Both take the options of `auditor scan` as keyword arguments, named like the fields of
auditor.options.ScanOptions and BatchOptions (which they build); neither prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from auditor.model import Report
    from auditor.options import ScanOptions


def scan(
    path: str | os.PathLike[str],
    *,
    policies: Iterable[str] | None = None,
    lang: str = "en",
    rules_dirs: Iterable[str | os.PathLike[str]] = (),
    indicator_files: Iterable[str | os.PathLike[str]] = (),
    scan_code: bool = True,
    options: ScanOptions | None = None,
) -> Report:
    """Scan one APK or bundle (.apk, .xapk, .apks, .apkm, an APK in a zip) and judge it.

    Args:
        path: the file to scan.
        policies: policy packs to add to `baseline`, which is always evaluated (ids as in
            `auditor rules list`, any case), e.g. `["cn", "google-play"]`. The risk score
            and level are the baseline assessment's whatever you add: other packs add their
            findings and verdicts.
        lang: the report's language ("en", "zh", any file in auditor/render/locale/). It is
            remembered for rendering only; the analysis never depends on it.
        rules_dirs: extra folders of policy packs (*.yaml).
        indicator_files: extra predatory-app indicator files (YAML).
        scan_code: False checks the manifest only.
        options: a ready ScanOptions instead of the keywords above.

    Returns:
        The Report (auditor.model.Report); `report.to_dict()` is the JSON contract
        (docs/report-format.md), and `auditor.render.get_renderer(fmt).render(report,
        RenderOptions(lang=...))` writes it in any format.

    Raises:
        AuditorError: the file cannot be scanned (`.code`: not_found, not_an_apk, corrupt...).
        UnknownPolicyError: a policy id no pack has (a ValueError naming the known packs).
        RuleError: a pack or indicator file is invalid.
        OptionError: an option value is not allowed (an unknown language).
    """
    from auditor.options import ScanOptions
    from auditor.pipeline import scan as run_scan

    if options is None:
        options = ScanOptions(
            policies=tuple(policies) if policies else None,
            lang=lang,
            rules_dirs=tuple(Path(d) for d in rules_dirs),
            indicator_files=tuple(Path(f) for f in indicator_files),
            scan_code=scan_code,
        )
    return run_scan(path, options)


def scan_many(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    out_dir: str | os.PathLike[str] | None = None,
    policies: Iterable[str] | None = None,
    lang: str = "en",
    jobs: int | None = None,
    progress: Any = False,
    **options: Any,
) -> pd.DataFrame:
    """Scan many apps in parallel (files and folders, searched by content) into a table.

    Args:
        paths: files and folders (or s3://, gs://... URLs with a Dask `scheduler`).
        out_dir: where to keep the results: results.jsonl (every full JSON report),
            results.csv/.parquet, one HTML report per app and the index.html dashboard; a
            later call with `resume=True` continues it. None (the default) writes nothing:
            the batch runs in a temporary folder that is removed before this returns.
        policies, lang: as for `scan`.
        jobs: worker processes (default: the CPUs this process may use).
        progress: False (default) is silent; True or None prints progress on stderr; a
            function receives each finished input (auditor.batch.ItemDone).
        **options: any other batch option by name (timeout, memory_mb, resume,
            retry_errors, rules_dirs, indicator_files, scan_code, scheduler...), see
            docs/batch.md.

    Returns:
        A pandas DataFrame, one row per input (docs/batch.md, "The table"): score, level,
        categories declared and read in code, per-policy verdicts, error code for inputs
        that could not be scanned. `df.attrs` has "status" ("complete" or "interrupted")
        and, with `out_dir`, "out_dir" and "results" (the results.jsonl path).
    """
    from auditor.batch import scan_many as run_many

    values: dict[str, Any] = {"lang": lang, **options}
    if policies:
        values["policies"] = tuple(policies)
    if jobs is not None:
        values["jobs"] = jobs
    if out_dir is not None:
        values["out_dir"] = Path(out_dir)
    return run_many(paths, progress=progress, **values)


__all__ = ["scan", "scan_many"]

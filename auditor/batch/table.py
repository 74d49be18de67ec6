"""results.jsonl -> one table row per input (pandas), CSV + Parquet, and a terminal summary.

The table is always rebuilt from results.jsonl, so it covers every run that wrote to the
folder (--resume). When an input has several records (a retried failure), the last one wins.
Unreadable lines (a line cut short by a killed run) are skipped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.model import CATEGORIES, LEVELS, SEVERITIES

if TYPE_CHECKING:
    import pandas as pd

#: Fixed columns, in order; `verdict_<policy>` columns (one per policy seen, sorted) are
#: inserted after `categories_in_code`.
BASE_COLUMNS: tuple[str, ...] = (
    "file",
    "sha256",
    "package",
    "label",
    "version_name",
    "version_code",
    "target_sdk",
    "score",
    "level",
    "categories_declared",
    "categories_in_code",
)
TAIL_COLUMNS: tuple[str, ...] = (
    "findings",
    "max_severity",
    "sdk_count",
    "packer",
    "complete",
    "error_code",
    "error_message",
    "paths",
)
_INT_COLUMNS = ("version_code", "target_sdk", "findings", "sdk_count")
_FLOAT_COLUMNS = ("score",)
_BOOL_COLUMNS = ("complete",)


# ---------------------------------------------------------------- reading results.jsonl


def iter_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Every well-formed record in a results.jsonl, in file order."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return
    with fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # a line cut short by a killed run
            try:
                rec = json.loads(raw)
            except ValueError:
                continue
            if isinstance(rec, dict) and isinstance(rec.get("input"), dict):
                yield rec


def record_key(rec: dict[str, Any]) -> str:
    """Identity of an input: its sha256, or its path when it had no content (a folder)."""
    inp = rec["input"]
    return inp.get("sha256") or f"path:{inp.get('path')}"


def _max_severity(findings: list[dict[str, Any]]) -> str | None:
    ranks = [SEVERITIES.index(f["severity"]) for f in findings if f.get("severity") in SEVERITIES]
    return SEVERITIES[max(ranks)] if ranks else None


def row_of(rec: dict[str, Any]) -> dict[str, Any]:
    """The table row of one record (report or error)."""
    inp = rec["input"]
    paths = inp.get("paths") or [inp.get("path")]
    row: dict[str, Any] = {
        "file": inp.get("path"),
        "sha256": inp.get("sha256"),
        "paths": "; ".join(str(p) for p in paths),
    }
    err = rec.get("error")
    if err:
        row["error_code"] = err.get("code")
        row["error_message"] = err.get("message")
        return row
    app = rec.get("app") or {}
    cats = rec.get("categories") or {}
    score = rec.get("score") or {}
    findings = rec.get("findings") or []
    row.update(
        package=app.get("package"),
        label=app.get("label"),
        version_name=app.get("version_name"),
        version_code=app.get("version_code"),
        target_sdk=app.get("target_sdk"),
        score=score.get("value"),
        level=score.get("level"),
        categories_declared=",".join(c for c in CATEGORIES if (cats.get(c) or {}).get("declared")),
        categories_in_code=",".join(c for c in CATEGORIES if (cats.get(c) or {}).get("in_code")),
        findings=len(findings),
        max_severity=_max_severity(findings),
        sdk_count=len(rec.get("sdks") or []),
        packer=rec.get("packer"),
        complete=rec.get("complete"),
    )
    for v in rec.get("verdicts") or []:
        row[f"verdict_{v.get('policy')}"] = v.get("verdict")
    return row


def latest_rows(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """One row per input key (last record wins), sorted by file path."""
    rows: dict[str, dict[str, Any]] = {}
    for rec in iter_records(path):
        rows[record_key(rec)] = row_of(rec)
    return sorted(rows.values(), key=lambda r: (str(r.get("file")), str(r.get("sha256"))))


def build_table(results_jsonl: str | os.PathLike[str]) -> pd.DataFrame:
    """The batch table (docs/batch.md, "The table") from a results.jsonl."""
    import pandas as pd

    rows = latest_rows(results_jsonl)
    verdicts = sorted({k for r in rows for k in r if k.startswith("verdict_")})
    columns = [*BASE_COLUMNS, *verdicts, *TAIL_COLUMNS]
    df = pd.DataFrame.from_records(rows, columns=columns)
    for col in columns:
        if col in _INT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif col in _FLOAT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
        elif col in _BOOL_COLUMNS:
            df[col] = df[col].astype("boolean")
        else:
            df[col] = df[col].astype("string")
    return df


def write_table(df: pd.DataFrame, out_dir: str | os.PathLike[str]) -> tuple[Path, Path]:
    """results.csv and results.parquet in out_dir, each written atomically (tmp + rename)."""
    out = Path(out_dir)
    csv_path, parquet_path = out / "results.csv", out / "results.parquet"
    tmp_csv, tmp_parquet = out / ".results.csv.tmp", out / ".results.parquet.tmp"
    df.to_csv(tmp_csv, index=False)
    df.to_parquet(tmp_parquet, index=False, engine="pyarrow")
    os.replace(tmp_csv, csv_path)
    os.replace(tmp_parquet, parquet_path)
    return csv_path, parquet_path


# ---------------------------------------------------------------- summary


@dataclass
class TopApp:
    file: str
    package: str | None
    label: str | None
    score: float
    level: str


@dataclass
class CategoryPrevalence:
    category: str
    in_code: int  # apps whose code collects it
    declared: int  # apps whose permissions open it
    in_code_pct: float  # of the apps scanned successfully
    declared_pct: float


@dataclass
class BatchSummary:
    inputs: int  # rows in the table
    apps: int  # rows with a report
    failed: int  # rows with an error
    levels: dict[str, int] = field(default_factory=dict)  # risk level -> apps
    top_risk: list[TopApp] = field(default_factory=list)  # highest scores > 0 first, at most 10
    categories: list[CategoryPrevalence] = field(default_factory=list)  # CATEGORIES order
    errors: dict[str, int] = field(default_factory=dict)  # error code -> inputs, most first


def _split(value: Any) -> list[str]:
    import pandas as pd

    if value is None or pd.isna(value):
        return []
    return [v for v in str(value).split(",") if v]


def summarize(df: pd.DataFrame, top: int = 10) -> BatchSummary:
    import pandas as pd

    ok = df[df["error_code"].isna()]
    bad = df[df["error_code"].notna()]
    levels = {lv: int((ok["level"] == lv).sum()) for lv in LEVELS}
    ranked = ok.sort_values(["score", "file"], ascending=[False, True], na_position="last")
    top_apps = [
        TopApp(
            file=str(r.file),
            package=None if pd.isna(r.package) else str(r.package),
            label=None if pd.isna(r.label) else str(r.label),
            score=float(r.score),
            level=str(r.level),
        )
        for r in ranked[ranked["score"] > 0].head(top).itertuples(index=False)
    ]
    n = len(ok)
    declared_sets = [set(_split(v)) for v in ok["categories_declared"]]
    code_sets = [set(_split(v)) for v in ok["categories_in_code"]]
    cats = []
    for c in CATEGORIES:
        in_code = sum(1 for s in code_sets if c in s)
        declared = sum(1 for s in declared_sets if c in s)
        cats.append(
            CategoryPrevalence(
                c,
                in_code,
                declared,
                round(100.0 * in_code / n, 1) if n else 0.0,
                round(100.0 * declared / n, 1) if n else 0.0,
            )
        )
    errors = bad["error_code"].value_counts().to_dict()
    return BatchSummary(
        inputs=len(df),
        apps=n,
        failed=len(bad),
        levels=levels,
        top_risk=top_apps,
        categories=cats,
        errors={str(k): int(v) for k, v in sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))},
    )


_LEVEL_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}


def summary_renderables(summary: BatchSummary) -> list[Any]:
    """Rich tables for the summary (print them with any rich Console)."""
    from rich.table import Table
    from rich.text import Text

    out: list[Any] = []
    head = Text(f"{summary.inputs} inputs: {summary.apps} apps scanned, {summary.failed} failed")
    if summary.apps:
        parts = [f"{summary.levels.get(lv, 0)} {lv}" for lv in reversed(LEVELS)]
        head.append(" — risk: " + ", ".join(parts))
    out.append(head)

    if summary.top_risk:
        t = Table(title=f"Top {len(summary.top_risk)} risk", title_justify="left")
        t.add_column("#", justify="right")
        t.add_column("score", justify="right")
        t.add_column("level")
        t.add_column("package", overflow="fold")
        t.add_column("label", overflow="fold")
        t.add_column("file", overflow="fold")
        for i, app in enumerate(summary.top_risk, 1):
            t.add_row(
                str(i),
                f"{app.score:.1f}",
                Text(app.level, style=_LEVEL_STYLE.get(app.level, "")),
                app.package or "",
                app.label or "",
                app.file,
            )
        out.append(t)

    if summary.apps:
        t = Table(title=f"Data categories across {summary.apps} apps", title_justify="left")
        t.add_column("category")
        t.add_column("collected in code", justify="right")
        t.add_column("declared (permission)", justify="right")
        for c in summary.categories:
            if c.in_code or c.declared:
                t.add_row(
                    c.category,
                    f"{c.in_code_pct:.0f}% ({c.in_code})",
                    f"{c.declared_pct:.0f}% ({c.declared})",
                )
        out.append(t)

    if summary.errors:
        t = Table(title="Errors", title_justify="left")
        t.add_column("code")
        t.add_column("inputs", justify="right")
        for code, count in summary.errors.items():
            t.add_row(code, str(count))
        out.append(t)
    return out


def render_summary(summary: BatchSummary, console: Any = None) -> None:
    """Print the summary with rich (default: a Console on stdout)."""
    from rich.console import Console

    console = console or Console()
    for item in summary_renderables(summary):
        console.print(item)

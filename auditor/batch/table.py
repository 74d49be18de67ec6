"""results.jsonl -> one table row per input (pandas), CSV + Parquet, and a terminal summary.

The table is always rebuilt from results.jsonl, so it covers every run that wrote to the
folder (--resume). When an input has several records (a retried failure), the last one wins.
Unreadable lines (a line cut short by a killed run) are skipped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.model import CATEGORIES, LENDING_VERDICTS, LEVELS, SEVERITIES

if TYPE_CHECKING:
    import pandas as pd

    from auditor.render.page import Page

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
    "lending",
    "lending_confidence",
    "categories_declared",
    "categories_in_code",
)
TAIL_COLUMNS: tuple[str, ...] = (
    "findings",
    "max_severity",
    "sdk_count",
    "packer",
    "complete",
    "kind",
    "runtimes",
    "error_code",
    "error_message",
    "paths",
)
_INT_COLUMNS = ("version_code", "target_sdk", "findings", "sdk_count")
_FLOAT_COLUMNS = ("score", "lending_confidence")
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
    lending = app.get("lending") or {}
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
        lending=lending.get("verdict"),
        lending_confidence=lending.get("confidence"),
        categories_declared=",".join(c for c in CATEGORIES if (cats.get(c) or {}).get("declared")),
        categories_in_code=",".join(c for c in CATEGORIES if (cats.get(c) or {}).get("in_code")),
        findings=len(findings),
        max_severity=_max_severity(findings),
        sdk_count=len(rec.get("sdks") or []),
        packer=rec.get("packer"),
        complete=rec.get("complete"),
        kind=app.get("kind", "apk"),
        runtimes=",".join(str(r.get("id")) for r in app.get("runtimes") or ()),
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
    lending: str | None = None  # lending verdict


@dataclass
class CategoryPrevalence:
    category: str
    in_code: int  # apps whose code collects it
    declared: int  # apps whose permissions open it
    in_code_pct: float  # of the apps scanned successfully
    declared_pct: float


@dataclass
class Failure:
    """An input that could not be scanned."""

    file: str
    code: str
    message: str


@dataclass
class BatchSummary:
    inputs: int  # rows in the table
    apps: int  # rows with a report
    failed: int  # rows with an error
    levels: dict[str, int] = field(default_factory=dict)  # risk level -> apps
    top_risk: list[TopApp] = field(default_factory=list)  # highest scores > 0 first, at most 10
    categories: list[CategoryPrevalence] = field(default_factory=list)  # CATEGORIES order
    errors: dict[str, int] = field(default_factory=dict)  # error code -> inputs, most first
    failures: list[Failure] = field(default_factory=list)  # every input that failed, by file
    lending: dict[str, int] = field(default_factory=dict)  # lending verdict -> apps


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
            lending=None if pd.isna(r.lending) else str(r.lending),
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
    failures = sorted(
        (
            Failure(str(r.file), str(r.error_code), "" if pd.isna(r.error_message) else str(r.error_message))
            for r in bad.itertuples(index=False)
        ),
        key=lambda f: f.file,
    )
    lending = {v: int((ok["lending"] == v).sum()) for v in LENDING_VERDICTS} if "lending" in ok else {}
    return BatchSummary(
        inputs=len(df),
        apps=n,
        failed=len(bad),
        levels=levels,
        top_risk=top_apps,
        categories=cats,
        errors={str(k): int(v) for k, v in sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))},
        failures=failures,
        lending=lending,
    )


# ---------------------------------------------------------------- the terminal summary


def common_root(paths: Iterable[str | os.PathLike[str]]) -> str | None:
    """The folder a batch's paths are shown relative to: the one folder given, else the
    deepest folder holding every path given (None when they share nothing)."""
    given = [os.path.abspath(p) for p in paths if "://" not in str(p)]
    if not given:
        return None
    if len(given) == 1:
        return given[0] if os.path.isdir(given[0]) else os.path.dirname(given[0])
    dirs = [p if os.path.isdir(p) else os.path.dirname(p) for p in given]
    try:
        root = os.path.commonpath(dirs)
    except ValueError:  # different drives
        return None
    return root if root not in ("", os.sep) else None


def short_path(path: str, root: str | None) -> str:
    """`path` relative to `root` when it lies under it, else as it is."""
    if not root or "://" in path:
        return path
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:
        return path
    return path if rel.startswith(os.pardir) else rel


def summary_page(
    summary: BatchSummary,
    lang: str = "en",
    width: int = 80,
    root: str | None = None,
    out_dir: str | os.PathLike[str] | None = None,
) -> Page:
    """The summary as a text page in `lang`: counts, the riskiest apps, the kinds of data,
    every input that failed (and why), and where the dashboard is."""
    from auditor.catalogue.knowledge import load_knowledge
    from auditor.render import locale
    from auditor.render.page import Page
    from auditor.render.wrap import Column, table

    texts = locale.ui(lang)
    ui, levels, errors = texts["batch"], texts["dashboard"]["level"], texts["errors"]
    sep = texts["common"]["sep"]
    fill = locale.fill
    page = Page(width)
    head = ui["head"].format(
        inputs=fill(ui["inputs"], n=summary.inputs),
        apps=fill(ui["apps"], n=summary.apps),
        failed=fill(ui["failed"], n=summary.failed),
    )
    if summary.apps:
        counts = sep.join(
            ui["level_count"].format(n=summary.levels.get(lv, 0), level=levels[lv])
            for lv in reversed(LEVELS)
        )
        head += texts["common"]["note_sep"] + ui["risk"].format(levels=counts)
    page.text(head, "bold")
    if any(summary.lending.values()):
        verdicts = texts["lending"]["verdict"]
        counts = sep.join(
            ui["lending_count"].format(n=summary.lending.get(v, 0), verdict=verdicts[v])
            for v in LENDING_VERDICTS
        )
        page.text(ui["lending"].format(verdicts=counts))
    if root:
        page.text(ui["folder"].format(root=root), "dim")
    page.blank()

    if summary.top_risk:
        page.text(fill(ui["top"], n=len(summary.top_risk)), "bold")
        columns = [
            Column(ui["col_rank"], nowrap=True),
            Column(ui["col_score"], nowrap=True),
            Column(ui["col_level"], nowrap=True),
            Column(ui["col_lending"], nowrap=True),
            Column(ui["col_app"], weight=2),
            Column(ui["col_file"], weight=3),
        ]
        lending_words = texts["lending"]["short"]
        rows = [
            [
                (str(i), None),
                (f"{app.score:.1f}", None),
                (levels.get(app.level, app.level), _LEVEL_STYLE.get(app.level)),
                (lending_words.get(app.lending or "", ""), None),
                (app.label or app.package or ui["no_manifest"], None),
                (short_path(app.file, root), None),
            ]
            for i, app in enumerate(summary.top_risk, 1)
        ]
        page.rows(table(columns, rows, width))
        page.blank()

    if summary.apps:
        names = {cid: info.name.get(lang) for cid, info in load_knowledge().categories.items()}
        page.text(fill(ui["categories"], n=summary.apps), "bold")
        columns = [
            Column(ui["col_category"], weight=2),
            Column(ui["col_in_code"], nowrap=True),
            Column(ui["col_declared"], nowrap=True),
        ]
        rows = [
            [
                (names.get(c.category, c.category), None),
                (ui["share"].format(pct=f"{c.in_code_pct:.0f}", n=c.in_code), None),
                (ui["share"].format(pct=f"{c.declared_pct:.0f}", n=c.declared), None),
            ]
            for c in summary.categories
            if c.in_code or c.declared
        ]
        page.rows(table(columns, rows, width))
        page.blank()

    if summary.failures:
        page.text(fill(ui["failures"], n=len(summary.failures)), "bold red")
        columns = [Column(ui["col_file"], weight=2), Column(ui["col_error"], weight=3)]
        rows = [
            [(short_path(f.file, root), None), (f"[{f.code}] {errors.get(f.code, f.code)}", None)]
            for f in summary.failures
        ]
        page.rows(table(columns, rows, width))
        page.blank()

    if out_dir is not None:
        out = Path(out_dir)
        page.text(ui["outputs"].format(csv=out / "results.csv", jsonl=out / "results.jsonl"))
        page.text(ui["dashboard"].format(path=out / "index.html"), "bold")
    return page


def render_summary(
    summary: BatchSummary,
    console: Any = None,
    *,
    lang: str = "en",
    width: int | None = None,
    root: str | None = None,
    out_dir: str | os.PathLike[str] | None = None,
) -> None:
    """Print the summary (default: to stdout; or to a rich Console's file, at its width)."""
    import sys

    from auditor.render.page import paint

    stream = getattr(console, "file", None) or sys.stdout
    width = width or getattr(console, "width", None) or 80
    color = bool(getattr(console, "is_terminal", False)) or (console is None and stream.isatty())
    page = summary_page(summary, lang, width, root, out_dir)
    stream.write(paint(page, color))
    stream.flush()


def summary_renderables(summary: BatchSummary, lang: str = "en", width: int = 80) -> list[Any]:
    """The summary as rich Text lines (print them with any rich Console)."""
    from rich.text import Text

    from auditor.render.page import paint

    return [Text(line) for line in paint(summary_page(summary, lang, width), False).splitlines()]


_LEVEL_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}

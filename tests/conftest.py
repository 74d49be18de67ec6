"""Shared test helpers: sample APK paths and cached scans (each sample is scanned once)."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_apks"
MALFORMED = Path(__file__).resolve().parent / "data" / "malformed"
CORPUS = Path(os.environ.get("AUDITOR_CORPUS", Path.home() / ".cache" / "auditor-corpus"))
ALL_PACKS = ("baseline", "cn", "google-play", "in", "id", "ke", "ng", "ph", "pk")


def sample(name: str) -> Path:
    path = SAMPLES / f"{name}.apk"
    if not path.exists():
        pytest.skip(f"sample {path.name} not built")
    return path


@functools.cache
def scan_sample(
    name: str, policies: tuple[str, ...] = ("baseline", "cn", "google-play"), lang: str = "en"
):
    from auditor.pipeline import ScanOptions, scan

    return scan(sample(name), ScanOptions(policies=list(policies), lang=lang))


@functools.lru_cache(maxsize=1)
def report_schema() -> dict:
    from auditor.datafiles import schema_dir

    return json.loads((schema_dir() / "report.schema.json").read_text(encoding="utf-8"))


def validate_report(data: dict) -> None:
    import jsonschema

    jsonschema.validate(data, report_schema())

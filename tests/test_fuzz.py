"""Property-based robustness: mutated sample APKs give a report or a documented error,
never another exception (bench/fuzz_soak.py runs the long version)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.errors import ERROR_CODES, AuditorError
from auditor.pipeline import ScanOptions, scan
from tests.conftest import sample
from tests.fuzzing import MUTATIONS, mutate

SEEDS = ("harvester", "compliant", "sns_login", "startup_asker")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(SEEDS), kind=st.sampled_from(MUTATIONS), salt=st.integers(0, 2**32 - 1))
def test_mutated_apk_gives_report_or_documented_error(tmp_path, seed, kind, salt):
    data = mutate(sample(seed).read_bytes(), kind, random.Random(salt))
    path = tmp_path / "case.apk"
    path.write_bytes(data)
    try:
        report = scan(path, ScanOptions(policies=["baseline"]))
    except AuditorError as err:
        assert err.code in ERROR_CODES and err.code != "internal", err.one_line()
        return
    assert report.to_dict()["app"]["sha256"]


def test_fuzz_regressions():
    """Inputs that once crashed the scan (kept from bench/fuzz_soak.py runs)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "data" / "fuzz-regressions"
    cases = sorted(folder.glob("*.apk"))
    assert cases
    for path in cases:
        try:
            scan(path, ScanOptions(policies=["baseline"])).to_dict()
        except AuditorError as err:
            assert err.code in ERROR_CODES and err.code != "internal", (path.name, err.one_line())

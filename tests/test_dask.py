"""Batch scanning on a Dask cluster (auditor.batch.dask_backend): a LocalCluster of 2 worker processes
on loopback gives exactly the records of local mode, survives workers that die, resumes
without rescanning, reads fsspec URLs on the workers, and enforces the per-APK limits there.

Skipped when dask.distributed is not installed (pip install 'auditor[dask]').
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")

import dask
from distributed import Client, LocalCluster

from auditor.batch import BatchUsageError, discover, run_batch, scan_many
from auditor.batch.dask_backend import DASK_HOOK_ENV
from auditor.batch.table import build_table
from tests.conftest import MALFORMED, SAMPLES, validate_report
from tests.crash_hooks import TEST_CRASH_ENV, crash_spec, dask_exit_spec

APP_SUFFIXES = {".apk", ".xapk", ".apks", ".apkm", ".zip"}
OPTS = {"timeout": 60, "progress": False}
# the scheduler's HTTP endpoint (health, metrics; the dashboard is off) falls back to a free
# port when another process holds 8787, with a warning
pytestmark = [
    pytest.mark.filterwarnings("ignore:Port .* is already in use"),
    # dask.dataframe's parquet reader under pandas 3 (not ours)
    pytest.mark.filterwarnings("ignore:The inplace keyword"),
]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _records(out: Path) -> list[dict]:
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _key(rec: dict) -> str:
    inp = rec["input"]
    return inp["sha256"] or f"path:{inp['path']}"


def _by_key(records: list[dict]) -> dict[str, dict]:
    """Records by input key (asserting none is recorded twice). app.declared_permissions is
    put in name order: androguard's find_tags returns a set, so that list comes out in a
    different order from one scan to the next, in local mode too (auditor/manifest.py)."""
    out: dict[str, dict] = {}
    for rec in records:
        assert _key(rec) not in out, f"recorded twice: {rec['input']['path']}"
        app = rec.get("app") or {}
        if app.get("declared_permissions"):
            app["declared_permissions"].sort(key=lambda d: (str(d.get("name")), str(d)))
        out[_key(rec)] = rec
    return out


def _sorted_table(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["file", "sha256"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def cluster():
    """2 single-thread worker processes on 127.0.0.1, no dashboard. allowed-failures 1: a task
    whose worker dies twice becomes KilledWorker."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=logging.CRITICAL)
    try:
        yield lc
    finally:
        lc.close()


@pytest.fixture(scope="module")
def client(cluster):
    with Client(cluster, set_as_default=False) as c:
        yield c


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Every sample (APKs, bundles, the nested zip) + the malformed vectors + a folder named
    x.apk + an empty file + a duplicate under another name."""
    if not (SAMPLES / "harvester.apk").exists():
        pytest.skip("samples not built")
    root = tmp_path_factory.mktemp("dask-in")
    for f in SAMPLES.iterdir():
        if f.suffix in APP_SUFFIXES:
            shutil.copy(f, root / f.name)
    (root / "malformed").mkdir()
    for f in MALFORMED.glob("*.apk"):
        shutil.copy(f, root / "malformed" / f.name)
    (root / "x.apk").mkdir()
    (root / "empty.apk").write_bytes(b"")
    shutil.copy(SAMPLES / "compliant.apk", root / "malformed" / "compliant-copy.bin")
    return root


@pytest.fixture(scope="module")
def local_run(folder, tmp_path_factory):
    return run_batch([folder], jobs=2, out_dir=tmp_path_factory.mktemp("local-out"), **OPTS)


@pytest.fixture(scope="module")
def dask_run(folder, cluster, tmp_path_factory):
    return run_batch([folder], scheduler=cluster.scheduler_address,
                     out_dir=tmp_path_factory.mktemp("dask-out"), **OPTS)


def test_cluster_gives_exactly_the_records_of_local_mode(local_run, dask_run):
    local, remote = _records(local_run.out_dir), _records(dask_run.out_dir)
    assert len(remote) == dask_run.found == local_run.found > 40
    # records carry no timing fields: the whole record must match, order aside
    assert _by_key(remote) == _by_key(local)
    codes = {r["error"]["code"] for r in remote if "error" in r}
    assert codes and "internal" not in codes and "timeout" not in codes
    for rec in remote:
        if "error" not in rec:
            validate_report({k: v for k, v in rec.items() if k != "input"})
    pd.testing.assert_frame_equal(_sorted_table(dask_run.table), _sorted_table(local_run.table))
    assert (dask_run.scanned, dask_run.failed, dask_run.duplicates) == (
        local_run.scanned, local_run.failed, local_run.duplicates)
    assert dask_run.summary == local_run.summary
    assert dask_run.workers_started == 2  # both Dask workers took tasks
    # the per-app HTML pages come back from the workers, identical
    pages = sorted(p.name for p in (local_run.out_dir / "apps").glob("*.html"))
    assert pages and pages == sorted(p.name for p in (dask_run.out_dir / "apps").glob("*.html"))
    for name in pages:
        assert (dask_run.out_dir / "apps" / name).read_bytes() == (
            local_run.out_dir / "apps" / name).read_bytes()
    assert (dask_run.out_dir / "results.parquet").exists()


def test_resume_against_the_cluster_rescans_nothing(dask_run, local_run, folder, client,
                                                    tmp_path):
    out = tmp_path / "out"
    shutil.copytree(dask_run.out_dir, out)
    before = (out / "results.jsonl").read_bytes()
    again = run_batch([folder], scheduler=client, out_dir=out, resume=True, **OPTS)
    assert (again.scanned, again.failed, again.skipped_resume) == (0, 0, dask_run.found)
    assert (out / "results.jsonl").read_bytes() == before

    # a run killed half-way: resume scans exactly the missing half, on the cluster
    lines = before.decode().splitlines(keepends=True)
    keep = len(lines) // 2
    (out / "results.jsonl").write_text("".join(lines[:keep]) + lines[keep][:20], encoding="utf-8")
    again = run_batch([folder], scheduler=client, out_dir=out, resume=True, **OPTS)
    assert again.skipped_resume == keep
    assert again.scanned + again.failed == len(lines) - keep
    assert _by_key(_records(out)) == _by_key(_records(local_run.out_dir))

    # and a folder scanned locally resumes on the cluster (same keys)
    out2 = tmp_path / "from-local"
    shutil.copytree(local_run.out_dir, out2)
    again = run_batch([folder], scheduler=client, out_dir=out2, resume=True, **OPTS)
    assert again.scanned + again.failed == 0


def _worker_deaths(cluster) -> int:
    return sum(1 for _, e in cluster.scheduler.get_events("all")
               if isinstance(e, dict) and e.get("action") == "remove-worker"
               and e.get("expected") is False)


def test_a_worker_killed_mid_run_costs_a_retry_not_the_batch(cluster, client, tmp_path,
                                                             monkeypatch):
    """One input's task kills its Dask worker process (os._exit) on its first try; the nanny
    restarts the worker, the scheduler runs the task again: the batch finishes, every input
    recorded exactly once, the same reports as local mode."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["harvester", "compliant", "benign", "sns_login", "kyc_camera", "packed",
             "sdk_harvester", "startup_asker"]
    for n in names:
        shutil.copy(SAMPLES / f"{n}.apk", folder / f"{n}.apk")
    run_batch([folder], jobs=2, out_dir=tmp_path / "local", **OPTS)
    deaths = _worker_deaths(cluster)
    monkeypatch.setenv(DASK_HOOK_ENV, dask_exit_spec(f"{_sha(SAMPLES / 'benign.apk')[:16]}:once"))
    res = run_batch([folder], scheduler=client, out_dir=tmp_path / "dask", **OPTS)
    assert _worker_deaths(cluster) - deaths == 1  # it really died
    recs = _by_key(_records(tmp_path / "dask"))  # asserts: nobody recorded twice
    assert len(recs) == len(names) == res.scanned and not res.interrupted
    assert recs == _by_key(_records(tmp_path / "local"))


def test_a_task_that_kills_every_worker_becomes_an_internal_record(cluster, client, tmp_path,
                                                                     monkeypatch):
    """Retries are bounded: after allowed-failures + 1 worker deaths (here 1 + 1) the scheduler
    gives up (KilledWorker) and the input gets an `internal` error record; the rest goes on.
    One task per worker thread in flight, so no innocent task shares a dying worker."""
    import auditor.batch.dask_backend as bd

    monkeypatch.setattr(bd, "WINDOW_PER_THREAD", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in ("benign", "compliant"):
        shutil.copy(SAMPLES / f"{n}.apk", folder / f"{n}.apk")
    always = _sha(SAMPLES / "benign.apk")
    deaths = _worker_deaths(cluster)
    monkeypatch.setenv(DASK_HOOK_ENV, dask_exit_spec(f"{always[:16]}:always"))
    res = run_batch([folder], scheduler=client, out_dir=tmp_path / "dask", **OPTS)
    assert _worker_deaths(cluster) - deaths == 2
    recs = _by_key(_records(tmp_path / "dask"))
    assert (res.scanned, res.failed) == (1, 1)
    err = recs[always]["error"]
    assert err["code"] == "internal" and "died 2 times" in err["message"], err
    assert "error" not in recs[_sha(SAMPLES / "compliant.apk")]


def test_client_restart_mid_run_resubmits_and_records_everything_once(client, tmp_path):
    """client.restart() kills every worker and cancels every pending task: the executor
    submits them again (bounded), and every input is recorded exactly once."""
    from auditor.batch import ProgressSink

    folder = tmp_path / "in"
    folder.mkdir()
    names = ["harvester", "compliant", "benign", "sns_login", "kyc_camera", "packed"]
    for n in names:
        shutil.copy(SAMPLES / f"{n}.apk", folder / f"{n}.apk")

    class RestartAfterTwo(ProgressSink):
        done = 0

        def advance(self, item):
            self.done += 1
            if self.done == 2:
                client.restart()

    res = run_batch([folder], scheduler=client, out_dir=tmp_path / "out", timeout=60,
                    progress=RestartAfterTwo())
    recs = _by_key(_records(tmp_path / "out"))
    assert len(recs) == len(names) == res.scanned and res.failed == 0


def test_timeout_and_memory_cap_are_enforced_on_the_workers(client, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in ("harvester", "compliant", "benign"):
        shutil.copy(SAMPLES / f"{n}.apk", folder / f"{n}.apk")
    hang, hog = _sha(SAMPLES / "harvester.apk"), _sha(SAMPLES / "compliant.apk")
    monkeypatch.setenv(TEST_CRASH_ENV, crash_spec(f"{hang[:16]}:hang,{hog[:16]}:oom"))
    res = run_batch([folder], scheduler=client, out_dir=tmp_path / "out", timeout=3,
                    memory_mb=512, progress=False)
    recs = _by_key(_records(tmp_path / "out"))
    assert recs[hang]["error"]["code"] == "timeout"
    assert recs[hog]["error"]["code"] == "too_large"
    assert "512 MiB" in recs[hog]["error"]["message"]
    assert "error" not in recs[_sha(SAMPLES / "benign.apk")]
    assert res.failed == 2 and res.scanned == 1


def test_fsspec_urls_are_read_by_the_workers(folder, local_run, client, tmp_path):
    """file:// URLs: the worker copies, hashes and scans; records equal the local ones but for
    the path; resume keys on URL + size + mtime and rescans nothing."""
    url = f"file://{folder}/malformed"
    missing = f"file://{folder}/nope.apk"
    res = run_batch([url, missing], scheduler=client, out_dir=tmp_path / "out", **OPTS)
    recs = _records(tmp_path / "out")
    local = _by_key(_records(local_run.out_dir))
    named = [p for p in (folder / "malformed").iterdir() if p.suffix == ".apk"]  # by name
    assert res.found == len(recs) == len(named) + 1
    assert not any(str(tmp_path) in line or "fetch-" in line
                   for line in (tmp_path / "out" / "results.jsonl").read_text().splitlines())
    for rec in recs:
        path = rec["input"]["path"]
        assert path.startswith("file://")
        if path == missing:
            assert rec["error"]["code"] == "not_found" and rec["input"]["sha256"] is None
            continue
        assert rec["input"]["etag"]  # the mtime, for a local file system
        mine = local[rec["input"]["sha256"]]  # hashed on the worker
        local_path = next(p for p in mine["input"]["paths"] if path.endswith(p[len(str(folder)):]))
        assert rec["input"]["size"] == mine["input"]["size"]
        if "app" in rec:
            assert rec["app"]["file"] == path  # not the worker's temporary copy
        same = json.loads(json.dumps(rec).replace(path, mine["input"]["path"]))
        same["input"] = mine["input"]
        assert same == mine, local_path
    again = run_batch([url, missing], scheduler=client, out_dir=tmp_path / "out", resume=True,
                      **OPTS)
    assert again.scanned + again.failed == 0 and again.skipped_resume == res.found


def test_scan_many_and_partitioned_parquet(folder, dask_run, local_run, client, tmp_path):
    from auditor.batch.dask_backend import write_parquet_dataset

    df = scan_many([folder / "malformed"], scheduler=client, out_dir=tmp_path / "sm",
                   timeout=60, progress=False)
    assert df.attrs["status"] == "complete" and len(df) == len(discover([folder / "malformed"]))
    pd.testing.assert_frame_equal(df, build_table(tmp_path / "sm" / "results.jsonl"))

    target = write_parquet_dataset(dask_run.results_path, tmp_path / "ds", max_rows_per_file=3)
    assert (target / "level=high").is_dir()
    errors = int(dask_run.table["error_code"].notna().sum())
    assert errors >= 1
    assert len(list((target / "level=error").glob("*.parquet"))) == -(-errors // 3)  # 3 rows a file
    back = pd.read_parquet(target)
    assert set(back.loc[back["error_code"].notna(), "level"]) == {"error"}
    back["level"] = back["level"].astype("string").replace("error", pd.NA)
    back = _sorted_table(back[list(dask_run.table.columns)])
    pd.testing.assert_frame_equal(back, _sorted_table(dask_run.table))
    import dask.dataframe as dd

    assert len(dd.read_parquet(target).compute()) == len(dask_run.table)


def test_missing_dask_and_unreachable_scheduler_are_clear_errors(tmp_path, monkeypatch):
    import auditor.batch.dask_backend as bd

    monkeypatch.setattr(bd, "DEFAULT_CONNECT_TIMEOUT", 1.0)
    with pytest.raises(BatchUsageError, match="cannot reach the Dask scheduler"):
        run_batch([SAMPLES], scheduler="tcp://127.0.0.1:9", out_dir=tmp_path / "a", **OPTS)
    monkeypatch.delitem(sys.modules, "auditor.batch.dask_backend")
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(BatchUsageError, match=r"pip install 'auditor\[dask\]'"):
        run_batch([SAMPLES], scheduler="tcp://127.0.0.1:9", out_dir=tmp_path / "b", **OPTS)


def test_cli_scheduler_option(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("harvester", "compliant"):
        (folder / f"{name}.apk").write_bytes((SAMPLES / f"{name}.apk").read_bytes())
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        result = CliRunner().invoke(main, ["scan", str(folder), "--out", str(tmp_path / "out"),
                                           "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2

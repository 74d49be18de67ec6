"""One options object from the command line to the workers (issue 14), and the bugs that the
re-declared options had: batch mode ignoring --indicators, --format, -o and --verbose, and two
different worker task limits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.batch import BatchUsageError, run_batch
from auditor.batch.worker import WorkerConfig
from auditor.cli import main
from auditor.errors import RuleError
from auditor.options import DEFAULT_MAX_TASKS, BatchOptions, OptionError, ScanOptions
from tests.conftest import SAMPLES

INDICATOR = (
    "families:\n  - id: mine\n    name: Test family\n    source: my notes\n"
    "    packages: [com.example.fairlend]\n"
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_scan_options_normalise_python_values():
    opts = ScanOptions(policies=["baseline", "cn"], rules_dirs=["x"], indicator_files=["y.yaml"])
    assert opts.policies == ("baseline", "cn")
    assert opts.rules_dirs == (Path("x"),) and opts.indicator_files == (Path("y.yaml"),)
    assert hash(opts) == hash(ScanOptions(policies=("baseline", "cn"), rules_dirs=(Path("x"),),
                                          indicator_files=(Path("y.yaml"),)))
    # the language never chooses packs: baseline alone, and --policy adds to it
    assert ScanOptions(lang="zh").policy_ids() == ["baseline"]
    assert ScanOptions(policies=["cn"], lang="en").policy_ids() == ["baseline", "cn"]
    assert ScanOptions(policies=["cn", "baseline", "cn"]).policy_ids() == ["baseline", "cn"]
    with pytest.raises(OptionError):
        ScanOptions(lang="fr").validate()


def test_batch_options_route_names_to_scan_and_batch_fields():
    opts = BatchOptions.from_values({"jobs": 3, "lang": "zh", "indicator_files": ("a.yaml",),
                                     "memory_mb": 512})
    assert opts.jobs == 3 and opts.scan.lang == "zh" and opts.scan.indicator_files == (Path("a.yaml"),)
    assert opts.recycle_rss_mb == 256  # at most half the memory cap
    with pytest.raises(TypeError, match="unknown option"):
        BatchOptions.from_values({"jobz": 3})


def test_one_worker_task_limit():
    assert WorkerConfig().max_tasks == BatchOptions().max_tasks_per_worker == DEFAULT_MAX_TASKS


def test_batch_honours_the_indicator_file(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(INDICATOR, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "compliant.apk", folder)
    result = run_batch([folder], out_dir=tmp_path / "out", jobs=1, timeout=60, progress=False,
                       indicator_files=[extra])
    (line,) = result.results_path.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert any("Test family" in e["detail"] for e in record["evidence"] if e["kind"] == "indicator")


def test_batch_checks_the_indicator_file_before_any_work(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("families: [1, 2", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        run_batch([SAMPLES / "compliant.apk"], out_dir=tmp_path / "o", progress=False,
                  indicator_files=[bad])
    assert f"{bad}:1" in caught.value.one_line() and "\n" not in caught.value.one_line()
    assert not (tmp_path / "o").exists()


def test_cli_batch_honours_indicators(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(INDICATOR, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "compliant.apk", folder)
    out = tmp_path / "out"
    code, _, _ = _run("scan", str(folder), "--indicators", str(extra), "--jobs", "1", "--out", str(out))
    assert code == 0
    record = json.loads((out / "results.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert any("Test family" in e["detail"] for e in record["evidence"] if e["kind"] == "indicator")


@pytest.mark.parametrize(
    ("extra", "named"),
    [(["--format", "json"], "--format"), (["-o", "r.txt"], "--output"), (["--verbose"], "--verbose")],
)
def test_cli_batch_refuses_single_apk_options(tmp_path, extra, named):
    code, _, err = _run("scan", str(SAMPLES / "benign.apk"), str(SAMPLES / "compliant.apk"),
                        "--out", str(tmp_path / "out"), *extra)
    assert code == 2 and named in err and "results.jsonl" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("extra", "named"),
    [(["--jobs", "2"], "--jobs"), (["--out", "x"], "--out"), (["--resume"], "--resume"),
     (["--timeout", "5"], "--timeout")],
)
def test_cli_single_apk_refuses_batch_options(extra, named):
    code, _, err = _run("scan", str(SAMPLES / "benign.apk"), *extra)
    assert code == 2 and named in err and "batch" in err


def test_python_api_rejects_mixed_option_styles(tmp_path):
    with pytest.raises(TypeError):
        run_batch([SAMPLES / "benign.apk"], BatchOptions(), jobs=1)
    with pytest.raises(BatchUsageError):
        run_batch([SAMPLES / "benign.apk"], BatchOptions(resume=True), progress=False)

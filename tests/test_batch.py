"""Batch scanning (auditor.batch): discovery by content, a pool that survives its workers,
results.jsonl that loses nothing, --resume, Ctrl-C / SIGTERM / SIGKILL, the table, exit codes.

Everything runs with jobs=2 and small timeouts; there are no timing assertions.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from collections import Counter
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from auditor.batch import (
    EXIT_INTERRUPTED,
    BatchUsageError,
    CallbackProgress,
    ItemDone,
    PlainProgress,
    ProgressSink,
    RichProgress,
    batch_exit_code,
    build_table,
    discover,
    render_summary,
    run_batch,
    scan_many,
)
from auditor.batch.discover import APK, BUNDLE, CODE, INVALID, discover_all
from auditor.batch.table import BASE_COLUMNS, TAIL_COLUMNS
from auditor.errors import ERROR_CODES, EXIT_INPUT, EXIT_OK, EXIT_THRESHOLD
from tests.conftest import MALFORMED, ROOT, SAMPLES, validate_report
from tests.crash_hooks import TEST_CRASH_ENV, crash_spec

SAMPLE_NAMES = ("harvester", "compliant", "sns_login")
KNOWN_CODES = set(ERROR_CODES) | {"timeout"}
FAST = {"jobs": 2, "timeout": 60, "progress": False}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _malformed_expectations() -> dict[str, str]:
    """INDEX.tsv: file -> 'yes'/'no' (does androguard parse it)."""
    lines = (MALFORMED / "INDEX.tsv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    col = head.index("androguard 4.1.4 parses it")
    return {row.split("\t")[0]: row.split("\t")[col] for row in lines[1:] if row.strip()}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Samples, 25 malformed vectors, a folder named x.apk, an empty empty.apk, a duplicate
    copy of a sample (under a name without .apk, found by content), garbage named .apk, and
    unrelated files that must be ignored."""
    for name in SAMPLE_NAMES:
        if not (SAMPLES / f"{name}.apk").exists():
            pytest.skip(f"sample {name}.apk not built")
    root = tmp_path_factory.mktemp("mixed")
    for name in SAMPLE_NAMES:
        shutil.copy(SAMPLES / f"{name}.apk", root / f"{name}.apk")
    bad = root / "malformed"
    bad.mkdir()
    for f in MALFORMED.glob("*.apk"):
        shutil.copy(f, bad / f.name)
    (root / "x.apk").mkdir()
    (root / "empty.apk").write_bytes(b"")
    (root / "garbage.apk").write_bytes(b"this is not a zip at all\n" * 10)
    deep = root / "sub" / "deeper"
    deep.mkdir(parents=True)
    shutil.copy(SAMPLES / "harvester.apk", deep / "harvester-copy.bin")  # duplicate, by content
    (root / "notes.txt").write_text("unrelated\n", encoding="utf-8")
    with zipfile.ZipFile(root / "photos.zip", "w") as zf:  # a zip that is not an app
        zf.writestr("a.jpg", b"\xff\xd8\xff")
    with zipfile.ZipFile(SAMPLES / "harvester.apk") as src:  # code without a manifest
        dex = src.read("classes.dex")
        with zipfile.ZipFile(root / "payload.dat", "w") as zf:
            zf.writestr("classes.dex", dex)
            zf.writestr("classes2.dex", src.read("classes2.dex"))
    (root / "plugin.bin").write_bytes(dex)
    return root


@pytest.fixture(scope="module")
def mixed_run(mixed, tmp_path_factory):
    out = tmp_path_factory.mktemp("mixed-out")
    return run_batch([mixed], out_dir=out, **FAST)


# ---------------------------------------------------------------- discovery


def test_discover_finds_apps_by_content_and_names_by_extension(mixed):
    found = discover_all([mixed])
    by_path = {Path(p).relative_to(mixed).as_posix(): i for i in found.inputs for p in i.paths}
    assert "notes.txt" not in by_path and "photos.zip" not in by_path
    # code without a manifest, found by content: a dex-only zip and a bare dex file
    assert by_path["payload.dat"].kind == CODE and by_path["plugin.bin"].kind == CODE
    assert by_path["malformed/multidex.apk"].kind == CODE
    # the renamed copy is found by content and merged with its original
    copy = by_path["sub/deeper/harvester-copy.bin"]
    assert copy is by_path["harvester.apk"] and len(copy.paths) == 2
    assert found.duplicates >= 1
    # invalid things named like APKs are inputs (so they get an error record)
    assert by_path["x.apk"].kind == INVALID and by_path["x.apk"].error[0] == "not_a_file"
    assert by_path["empty.apk"].kind == APK and by_path["empty.apk"].size == 0
    assert "garbage.apk" in by_path
    for f in MALFORMED.glob("*.apk"):
        assert f"malformed/{f.name}" in by_path
    assert by_path["harvester.apk"].sha256 == _sha(SAMPLES / "harvester.apk")
    # one input per distinct content
    keys = [i.key for i in found.inputs]
    assert len(keys) == len(set(keys))


def test_discover_symlinks_fifos_and_bundles(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SAMPLES / "compliant.apk", outside / "secret.apk")
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(SAMPLES / "sns_login.apk", root / "a.apk")
    (root / "leaves").symlink_to(outside, target_is_directory=True)  # leaves the folder
    (root / "leaves.apk").symlink_to(outside / "secret.apk")
    (root / "inside.apk").symlink_to(root / "a.apk")  # stays inside: a duplicate path
    (root / "loop").symlink_to(root, target_is_directory=True)  # a cycle
    os.mkfifo(root / "pipe")  # never opened
    os.mkfifo(root / "pipe.apk")  # named like an APK: an error record, still never opened
    bundle = root / "app.xapk"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.write(SAMPLES / "harvester.apk", "com.example.cashnow.apk")
        zf.writestr("manifest.json", json.dumps({"package_name": "com.example.cashnow"}))
    renamed_bundle = root / "bundle.bin"  # found by content too
    with zipfile.ZipFile(renamed_bundle, "w") as zf:
        zf.write(SAMPLES / "compliant.apk", "base.apk")
        zf.writestr("toc.pb", b"\x00")

    found = discover_all([root])
    paths = {Path(p).name: i for i in found.inputs for p in i.paths}
    assert "secret.apk" not in paths and "leaves.apk" not in paths
    assert any("leaves" in n for n in found.notes)
    assert paths["inside.apk"] is paths["a.apk"]
    assert "pipe" not in paths
    assert paths["pipe.apk"].kind == INVALID and paths["pipe.apk"].error[0] == "not_a_file"
    assert paths["app.xapk"].kind == BUNDLE and paths["bundle.bin"].kind == BUNDLE
    # an explicit file is an input whatever it is; a missing path is an error record
    explicit = discover([root / "a.apk", tmp_path / "missing.apk"])
    assert [i.kind for i in explicit] == [APK, INVALID]
    assert explicit[1].error[0] == "not_found"


# ---------------------------------------------------------------- a whole folder


def test_mixed_folder_scans_to_the_end(mixed, mixed_run):
    r = mixed_run
    assert r.status == "complete" and not r.interrupted
    df = r.table
    found = discover([mixed])
    assert len(df) == len(found) == r.found == r.scanned + r.failed
    assert list(df.columns[: len(BASE_COLUMNS)]) == list(BASE_COLUMNS)
    assert list(df.columns[-len(TAIL_COLUMNS):]) == list(TAIL_COLUMNS)
    assert "verdict_baseline" in df.columns
    rows = {Path(row.file).relative_to(mixed).as_posix(): row for row in df.itertuples()}

    for name in SAMPLE_NAMES:  # a row per good app
        row = rows[f"{name}.apk"]
        assert pd.isna(row.error_code) and row.package and row.level
    assert rows["harvester.apk"].level == "critical"
    for name in ("payload.dat", "plugin.bin"):  # code only: a report row, no package
        row = rows[name]
        assert pd.isna(row.error_code) and row.kind == "code_only" and not row.package
        assert not row.complete
        assert "contacts" in row.categories_in_code
    for name in ("x.apk", "empty.apk", "garbage.apk"):  # an error row per bad one
        assert rows[name].error_code in {"not_a_file", "not_an_apk"}
    assert rows["x.apk"].error_code == "not_a_file"
    for fname, parses in _malformed_expectations().items():
        key = f"malformed/{fname}"
        if key not in rows:  # an identical copy of another vector: merged, listed in paths
            assert any(key in p for p in df["paths"]), key
            continue
        if parses == "no":  # an error, or code without a manifest
            assert not pd.isna(rows[key].error_code) or rows[key].kind == "code_only", key
    assert set(df["error_code"].dropna()) <= KNOWN_CODES
    assert "internal" not in set(df["error_code"].dropna()), df[["file", "error_message"]]

    # duplicates were scanned once: one record, listing every path
    records = _lines(r.results_path)
    assert len(records) == len(df)
    keys = Counter(rec["input"]["sha256"] or rec["input"]["path"] for rec in records)
    assert max(keys.values()) == 1
    h = next(rec for rec in records if rec["input"]["sha256"] == _sha(SAMPLES / "harvester.apk"))
    assert len(h["input"]["paths"]) == 2
    assert h["input"]["path"] in h["input"]["paths"]


def test_records_follow_the_report_contract(mixed_run):
    for rec in _lines(mixed_run.results_path):
        assert set(rec["input"]) >= {"path", "paths", "sha256"}
        if "error" in rec:
            assert set(rec) == {"input", "error"}
            assert rec["error"]["code"] in KNOWN_CODES and rec["error"]["message"]
        else:
            report = {k: v for k, v in rec.items() if k != "input"}
            validate_report(report)
            assert report["app"]["sha256"] == rec["input"]["sha256"]


def test_table_files_match_the_dataframe(mixed_run):
    r = mixed_run
    assert r.csv_path.exists() and r.parquet_path.exists()
    pq = pd.read_parquet(r.parquet_path)
    assert list(pq.columns) == list(r.table.columns) and len(pq) == len(r.table)
    csv = pd.read_csv(r.csv_path)
    assert len(csv) == len(r.table)
    # rebuilt from results.jsonl alone: the same table
    pd.testing.assert_frame_equal(build_table(r.results_path), r.table)


def test_summary(mixed_run):
    s = mixed_run.summary
    assert s.inputs == len(mixed_run.table) and s.apps + s.failed == s.inputs
    assert s.top_risk and s.top_risk[0].level == "critical"
    assert s.top_risk == sorted(s.top_risk, key=lambda a: -a.score)
    assert all(a.score > 0 for a in s.top_risk) and len(s.top_risk) <= 10
    contacts = next(c for c in s.categories if c.category == "contacts")
    assert contacts.in_code >= 1 and 0 < contacts.in_code_pct <= 100
    assert sum(s.errors.values()) == s.failed
    from rich.console import Console

    buf = StringIO()
    render_summary(s, Console(file=buf, width=120))
    text = buf.getvalue()
    assert "riskiest" in text and "Contacts" in text and "[not_a_file]" in text
    # every input that failed is named, with why
    assert len(s.failures) == s.failed
    for f in s.failures:
        assert f.file in text and f"[{f.code}]" in text


def test_exit_codes(mixed_run):
    r = mixed_run
    assert batch_exit_code(r, None) == EXIT_INPUT  # some inputs failed
    assert batch_exit_code(r, "critical") == EXIT_THRESHOLD  # the harvester is critical
    table = r.table
    clean = SimpleNamespace(interrupted=False, table=table[table["error_code"].isna()])
    assert batch_exit_code(clean, None) == EXIT_OK
    assert batch_exit_code(clean, "critical") == EXIT_THRESHOLD
    low = clean.table[clean.table["level"] == "low"]
    assert batch_exit_code(SimpleNamespace(interrupted=False, table=low), "medium") == EXIT_OK
    assert batch_exit_code(SimpleNamespace(interrupted=True, table=low), "low") == \
        EXIT_INTERRUPTED
    with pytest.raises(BatchUsageError):
        batch_exit_code(r, "severe")


# ---------------------------------------------------------------- resume


def test_resume_after_a_killed_run_rescans_nothing_and_loses_nothing(mixed, mixed_run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    full = mixed_run.results_path.read_bytes().splitlines(keepends=True)
    # a killed run: the last 3 results never written, the 4th-last cut half-way
    cut = full[-4]
    (out / "results.jsonl").write_bytes(b"".join(full[:-4]) + cut[: len(cut) // 2])
    scanned: list[ItemDone] = []
    r = run_batch([mixed], out_dir=out, resume=True, jobs=2, timeout=60,
                  progress=CallbackProgress(scanned.append))
    assert not r.interrupted
    assert len(scanned) == 4 and r.scanned + r.failed == 4
    assert r.skipped_resume == len(full) - 4
    redone = {i.sha256 or i.path for i in scanned}
    lost = {json.loads(line)["input"]["sha256"] or json.loads(line)["input"]["path"]
            for line in full[-4:]}
    assert redone == lost
    lines = _lines(out / "results.jsonl")  # the half line is gone, nothing twice
    assert len(lines) == len(full)
    assert len({rec["input"]["sha256"] or rec["input"]["path"] for rec in lines}) == len(full)
    cols = ["file", "sha256", "package", "score", "level", "error_code"]
    pd.testing.assert_frame_equal(r.table[cols], mixed_run.table[cols])

    # and once more: everything is there, nothing to do
    again: list[ItemDone] = []
    r2 = run_batch([mixed], out_dir=out, resume=True, jobs=2, timeout=60,
                   progress=CallbackProgress(again.append))
    assert again == [] and r2.skipped_resume == len(full) and len(r2.table) == len(full)


class _StopAfter(ProgressSink):
    """Plays Ctrl-C after n finished inputs."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.seen: list[ItemDone] = []
        self.finished = None

    def advance(self, item: ItemDone) -> None:
        self.seen.append(item)
        if len(self.seen) == self.n:
            raise KeyboardInterrupt

    def finish(self, result) -> None:
        self.finished = result


def test_interrupt_hint_is_the_command_that_resumes(tmp_path):
    """After Ctrl-C the last line gives the whole --resume command; running it finishes."""
    import shlex

    from click.testing import CliRunner

    from auditor.cli import main

    folder = tmp_path / "in dir"  # a space: the command must be quoted
    folder.mkdir()
    for name in ("harvester", "compliant", "benign"):
        shutil.copy(SAMPLES / f"{name}.apk", folder / f"{name}.apk")
    out = tmp_path / "out"
    r = run_batch([folder], out_dir=out, jobs=1, timeout=60, policies=["cn"], lang="zh",
                  progress=_StopAfter(1))  # fmt: skip
    assert r.interrupted
    args = shlex.split(r.resume_command)
    assert args[:3] == ["auditor", "scan", str(folder)]
    assert args[args.index("--out") + 1] == str(out) and "--resume" in args
    assert args[args.index("--policy") + 1] == "cn" and args[args.index("--lang") + 1] == "zh"
    assert args[args.index("--timeout") + 1] == "60"
    buf = StringIO()
    PlainProgress(stream=buf).finish(r)
    assert r.resume_command in buf.getvalue()

    done = CliRunner().invoke(main, args[1:])
    assert done.exit_code == 0, done.output
    assert len(_lines(out / "results.jsonl")) == 3
    assert "index.html" in done.stdout.strip().splitlines()[-1]  # the last line: the dashboard


def test_summary_lists_failures_with_short_paths_and_ends_with_the_dashboard(mixed_run):
    r = mixed_run
    buf = StringIO()
    render_summary(r.summary, StringIOConsole(buf), root=r.root, out_dir=r.out_dir)
    text = buf.getvalue()
    assert r.root == str(Path(r.root)) and Path(r.root).is_dir()
    for f in r.summary.failures:
        assert os.path.relpath(f.file, r.root) in text  # relative to the scanned folder
    assert str(r.root) + os.sep not in text.replace(f"{r.root}.", "")  # no absolute paths
    assert text.strip().splitlines()[-1].endswith(str(r.out_dir / "index.html"))
    zh = StringIO()
    render_summary(r.summary, StringIOConsole(zh), lang="zh", root=r.root, out_dir=r.out_dir)
    for english in ("inputs", "scanned", "failed", "riskiest", "Contacts", "Dashboard"):
        assert english not in zh.getvalue()
    assert "无法扫描" in zh.getvalue() and "总览页面" in zh.getvalue()


class StringIOConsole:
    """The two things render_summary reads from a rich Console: where and how wide."""

    def __init__(self, file: StringIO, width: int = 100) -> None:
        self.file, self.width, self.is_terminal = file, width, False


def test_ctrl_c_keeps_finished_results_and_resume_completes(mixed, mixed_run, tmp_path):
    out = tmp_path / "out"
    sink = _StopAfter(5)
    r = run_batch([mixed], out_dir=out, jobs=2, timeout=60, progress=sink)
    assert r.interrupted and r.status == "interrupted" and sink.finished is r
    assert batch_exit_code(r, "low") == EXIT_INTERRUPTED
    assert len(_lines(out / "results.jsonl")) == 5 == len(r.table)  # the partial table
    assert (out / "results.csv").exists() and (out / "results.parquet").exists()
    assert r.pending == r.found - 5

    rest: list[ItemDone] = []
    r2 = run_batch([mixed], out_dir=out, resume=True, jobs=2, timeout=60,
                   progress=CallbackProgress(rest.append))
    assert not r2.interrupted and r2.skipped_resume == 5 and len(rest) == r2.found - 5
    assert {i.sha256 or i.path for i in rest}.isdisjoint({i.sha256 or i.path for i in sink.seen})
    assert len(r2.table) == len(mixed_run.table)
    assert len(_lines(out / "results.jsonl")) == len(mixed_run.table)


def test_fresh_run_keeps_previous_results_aside(tmp_path):
    out = tmp_path / "out"
    notes: list[str] = []

    class Notes(ProgressSink):
        def message(self, text: str) -> None:
            notes.append(text)

    apk = SAMPLES / "compliant.apk"
    run_batch([apk], out_dir=out, jobs=1, timeout=60, progress=Notes())
    run_batch([apk], out_dir=out, jobs=1, timeout=60, progress=Notes())
    kept = list(out.glob("results.*.jsonl"))
    assert len(kept) == 1 and len(_lines(kept[0])) == 1
    assert any("kept the previous results" in n for n in notes)
    with pytest.raises(BatchUsageError):
        run_batch([apk], resume=True, progress=False)  # resume needs the folder


# ---------------------------------------------------------------- workers that fail


def test_crashing_hanging_and_bloated_workers_cost_one_apk_each(mixed, tmp_path, monkeypatch):
    crash = {
        "harvester.apk": "segv",
        "compliant.apk": "hang",
        "sns_login.apk": "exit",
        "malformed/minimal_orig.apk": "oom",
        "malformed/Invalid.apk": "raise",
    }
    spec = ",".join(f"{_sha(mixed / name)[:16]}:{mode}" for name, mode in crash.items())
    monkeypatch.setenv(TEST_CRASH_ENV, crash_spec(spec))
    r = run_batch([mixed], out_dir=tmp_path / "out", jobs=2, timeout=3, memory_mb=1024,
                  max_tasks_per_worker=4, progress=False)
    assert r.status == "complete"
    df = r.table.set_index("file")
    got = {name: df.loc[str(mixed / name)] for name in crash}
    assert got["harvester.apk"]["error_code"] == "internal"
    assert "signal 11" in got["harvester.apk"]["error_message"]
    assert got["compliant.apk"]["error_code"] == "timeout"
    assert got["sns_login.apk"]["error_code"] == "internal"
    assert "code 70" in got["sns_login.apk"]["error_message"]
    assert got["malformed/minimal_orig.apk"]["error_code"] == "too_large"
    assert "memory limit" in got["malformed/minimal_orig.apk"]["error_message"]
    assert got["malformed/Invalid.apk"]["error_code"] == "internal"
    raised = next(rec for rec in _lines(r.results_path)
                  if rec["input"]["path"] == str(mixed / "malformed/Invalid.apk"))
    assert "Traceback" in raised["error"]["traceback"]
    # every other input still has its normal outcome
    others = r.table[~r.table["file"].isin([str(mixed / n) for n in crash])]
    assert len(others) == len(r.table) - len(crash)
    assert not others["error_code"].isin(["internal", "timeout", "too_large"]).any()
    assert r.workers_started > 2  # dead workers were replaced, and workers were recycled


# ---------------------------------------------------------------- real signals


_CHILD = """
import sys
from auditor.batch import run_batch, PlainProgress
if __name__ == "__main__":
    r = run_batch([sys.argv[1]], out_dir=sys.argv[2], jobs=2, timeout=120,
                  progress=PlainProgress(every_seconds=0.2))
    print("STATUS", r.status, flush=True)
"""


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_child(tmp_path: Path, folder: Path, out: Path, hang_on: Path):
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(_CHILD), encoding="utf-8")
    env = {**os.environ, TEST_CRASH_ENV: crash_spec(f"{_sha(hang_on)[:16]}:hang"),
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(script), str(folder), str(out)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = out / "results.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for some results, while one worker hangs
        if results.exists() and results.read_bytes().count(b"\n") >= 4:
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the child batch produced no results")
    return proc


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_killed_run_then_resume(mixed, tmp_path, sig):
    out = tmp_path / "out"
    proc = _start_child(tmp_path, mixed, out, hang_on=mixed / "compliant.apk")
    time.sleep(0.3)
    family = _descendants(proc.pid)
    assert family  # forkserver + workers
    proc.send_signal(sig)
    try:
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        for pid in family | _descendants(proc.pid):  # never leak a process, even on failure
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:  # a clean stop: status, partial table, message
        assert proc.returncode == 0, stderr
        assert "STATUS interrupted" in stdout
        assert "interrupted" in stderr and "Traceback" not in stderr
        assert (out / "results.csv").exists()
    deadline = time.monotonic() + 10  # no worker outlives the batch
    while time.monotonic() < deadline and any(_alive(p) for p in family):
        time.sleep(0.1)
    assert not [p for p in family if _alive(p)]

    before = _lines(out / "results.jsonl") if sig != signal.SIGKILL else None
    done: list[ItemDone] = []
    r = run_batch([mixed], out_dir=out, resume=True, jobs=2, timeout=60,
                  progress=CallbackProgress(done.append))
    assert r.status == "complete"
    lines = _lines(out / "results.jsonl")
    keys = [rec["input"]["sha256"] or rec["input"]["path"] for rec in lines]
    assert len(keys) == len(set(keys)) == r.found == len(r.table)  # nothing twice, nothing lost
    assert r.skipped_resume + len(done) == r.found
    if before is not None:
        assert r.skipped_resume == len(before)
    hung = r.table.set_index("file").loc[str(mixed / "compliant.apk")]
    assert pd.isna(hung["error_code"]) and hung["package"] == "com.example.fairlend"


# ---------------------------------------------------------------- smaller pieces


def test_bundles_and_nested_apks_are_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with zipfile.ZipFile(folder / "cashnow.xapk", "w") as zf:
        zf.write(SAMPLES / "harvester.apk", "com.example.cashnow.apk")
        zf.write(SAMPLES / "compliant.apk", "config.arm64_v8a.apk")
        zf.writestr("manifest.json", json.dumps({
            "package_name": "com.example.cashnow",
            "split_apks": [{"file": "com.example.cashnow.apk", "id": "base"},
                           {"file": "config.arm64_v8a.apk", "id": "config.arm64_v8a"}],
        }))
    with zipfile.ZipFile(folder / "weloan.bin", "w") as zf:  # an .apks, found by content
        zf.writestr("toc.pb", b"\x00")
        zf.write(SAMPLES / "sns_login.apk", "splits/base-master.apk")
    with zipfile.ZipFile(folder / "downloaded.zip", "w") as zf:  # an APK inside a plain zip
        zf.write(SAMPLES / "compliant.apk", "app/fairlend.apk")
    with zipfile.ZipFile(folder / "nothing.apkm", "w") as zf:  # named like one, holds no APK
        zf.writestr("info.json", "{}")
    df = scan_many([folder], out_dir=tmp_path / "out", **FAST)
    rows = df.set_index("file")
    assert len(df) == 4
    assert rows.loc[str(folder / "cashnow.xapk"), "package"] == "com.example.cashnow"
    assert rows.loc[str(folder / "weloan.bin"), "package"] == "com.example.weloan"
    assert rows.loc[str(folder / "downloaded.zip"), "package"] == "com.example.fairlend"
    assert rows.loc[str(folder / "nothing.apkm"), "error_code"] == "no_manifest"
    rec = next(r for r in _lines(tmp_path / "out" / "results.jsonl")
               if r["input"]["path"] == str(folder / "cashnow.xapk"))
    assert rec["app"]["bundle"] == "xapk" and rec["app"]["splits"] == ["config.arm64_v8a.apk"]
    assert df.attrs["status"] == "complete" and Path(df.attrs["out_dir"]) == tmp_path / "out"


def test_bad_options_fail_before_any_work(tmp_path):
    from auditor.errors import UnknownPolicyError

    with pytest.raises(UnknownPolicyError, match="known packs: baseline, cn"):
        run_batch([SAMPLES], out_dir=tmp_path / "o", policies=["no-such-pack"], progress=False)
    assert not (tmp_path / "o").exists()
    for bad in ({"jobs": 0}, {"timeout": 0}, {"memory_mb": 64}, {"lang": "fr"}):
        with pytest.raises(BatchUsageError):
            run_batch([SAMPLES], out_dir=tmp_path / "o", progress=False, **bad)


def test_policies_give_verdict_columns(tmp_path):
    df = scan_many([SAMPLES / "harvester.apk"], out_dir=tmp_path / "o", lang="zh",
                   policies=["baseline", "cn", "google-play"], **FAST)
    assert {"verdict_baseline", "verdict_cn", "verdict_google-play"} <= set(df.columns)
    assert df.loc[0, "verdict_cn"] == "violations"
    assert "contacts" in df.loc[0, "categories_in_code"].split(",")


def test_runtimes_column_names_hybrid_runtimes(tmp_path):
    names = ["flutter_contacts", "rn_plain_sms", "harvester"]
    df = scan_many([SAMPLES / f"{n}.apk" for n in names], out_dir=tmp_path / "o", **FAST)
    by_file = {Path(f).stem: r for f, r in zip(df["file"], df["runtimes"], strict=True)}
    assert by_file == {"flutter_contacts": "flutter", "rn_plain_sms": "react_native", "harvester": ""}


def test_progress_sinks(tmp_path):
    buf = StringIO()
    plain = PlainProgress(stream=buf, every_seconds=0, every_items=1)
    run_batch([SAMPLES], out_dir=tmp_path / "a", jobs=2, timeout=60, progress=plain)
    text = buf.getvalue()
    assert "to scan" in text and "APK/min" in text and "finished" in text

    from rich.console import Console

    rich_buf = StringIO()
    sink = RichProgress(console=Console(file=rich_buf, force_terminal=True, width=120))
    run_batch([SAMPLES], out_dir=tmp_path / "b", jobs=2, timeout=60, progress=sink)
    assert "finished" in rich_buf.getvalue()

    calls: list[ItemDone] = []
    run_batch([SAMPLES], out_dir=tmp_path / "c", jobs=2, timeout=60, progress=calls.append)
    assert calls and all(c.worker_pid and c.rss_mb for c in calls)

"""The command line: help, version, bad input (one line, documented exit code, no traceback)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import __version__
from auditor.cli import main
from auditor.errors import EXIT_INPUT, EXIT_RULES
from tests.conftest import sample, validate_report


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version():
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


@pytest.mark.parametrize(
    "command",
    [[], ["scan"], ["rules"], ["rules", "list"], ["rules", "show"], ["rules", "validate"]],
)
def test_every_command_has_help_with_an_example(command):
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert "Example" in out


def _one_error_line(stderr: str, code: str) -> None:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"error [{code}]")
    assert "Traceback" not in stderr


def test_missing_path(tmp_path):
    code, out, err = run("scan", str(tmp_path / "nope.apk"))
    assert code == EXIT_INPUT and out == ""
    _one_error_line(err, "not_found")
    assert "nope.apk" in err


def test_folder_without_apks(tmp_path):
    folder = tmp_path / "x.apk"
    folder.mkdir()
    code, _, err = run("scan", str(folder), "--out", str(tmp_path / "out"))
    assert code == EXIT_INPUT
    _one_error_line(err.splitlines()[-1], "not_found")  # after the batch's progress lines
    assert "Traceback" not in err


def test_not_a_zip(tmp_path):
    bogus = tmp_path / "bogus.apk"
    bogus.write_bytes(b"this is not an archive\n" * 100)
    code, _, err = run("scan", str(bogus))
    assert code == EXIT_INPUT
    _one_error_line(err, "not_an_apk")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.apk"
    empty.write_bytes(b"")
    code, _, err = run("scan", str(empty))
    assert code == EXIT_INPUT
    _one_error_line(err, "not_an_apk")


def test_zip_without_manifest(tmp_path):
    path = tmp_path / "nomanifest.apk"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("classes.dex", b"dex\n035\0" + b"\0" * 100)
    code, _, err = run("scan", str(path))
    assert code == EXIT_INPUT
    _one_error_line(err, "no_manifest")


def test_debug_shows_the_traceback(tmp_path):
    code, _, err = run("scan", "--debug", str(tmp_path / "nope.apk"))
    assert code == EXIT_INPUT
    assert "Traceback" in err and "error [not_found]" in err


def test_unknown_policy_is_a_rules_error():
    code, _, err = run("scan", str(sample("compliant")), "--policy", "atlantis")
    assert code == EXIT_RULES
    _one_error_line(err, "bad_rules")
    assert "atlantis" in err


def test_json_to_file_validates(tmp_path):
    out = tmp_path / "r.json"
    code, stdout, _ = run("scan", str(sample("harvester")), "--format", "json", "-o", str(out))
    assert code == 0 and stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    validate_report(data)
    assert data["app"]["package"] == "com.example.cashnow"


def test_terminal_report_is_plain_text_when_piped():
    code, out, _ = run("scan", str(sample("harvester")), "--policy", "cn,google-play")
    assert code == 0
    assert "\x1b[" not in out  # CliRunner is not a TTY: no ANSI codes
    assert "com.example.cashnow" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_terminal_report_in_chinese():
    code, out, _ = run("scan", str(sample("harvester")), "--lang", "zh")
    assert code == 0
    assert "通讯录" in out and "风险" in out


def test_rules_validate(tmp_path):
    from auditor.datafiles import rules_dir

    good = sorted(Path(rules_dir()).glob("*.yaml"))
    code, out, _ = run("rules", "validate", *map(str, good))
    assert code == 0 and out.count("ok ") == len(good)
    bad = tmp_path / "bad.yaml"
    bad.write_text("policy: [", encoding="utf-8")
    code, out, _ = run("rules", "validate", str(bad))
    assert code == EXIT_RULES and "bad.yaml:" in out


@pytest.mark.parametrize(
    ("name", "threshold", "expected"),
    [("harvester", "high", 1), ("compliant", "high", 0), ("harvester", "critical", 1),
     ("compliant", "medium", 0), ("compliant", "low", 1)],
)
def test_fail_on_gates_ci(name, threshold, expected):
    code, _, _ = run("scan", str(sample(name)), "--fail-on", threshold, "--format", "json")
    assert code == expected


def test_folder_scan_is_a_batch_with_a_table(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("harvester", "compliant"):
        (folder / f"{name}.apk").write_bytes(sample(name).read_bytes())
    (folder / "empty.apk").write_bytes(b"")
    out = tmp_path / "out"
    code, stdout, _ = run("scan", str(folder), "--jobs", "2", "--out", str(out))
    assert code == 3  # one input failed; the good ones are in the table
    assert (out / "results.jsonl").exists() and (out / "results.csv").exists()
    assert "2 apps scanned, 1 failed" in stdout
    import pandas as pd

    table = pd.read_csv(out / "results.csv")
    assert {"com.example.cashnow", "com.example.fairlend"} <= set(table["package"].dropna())
    code, _, _ = run("scan", str(folder / "harvester.apk"), str(folder / "compliant.apk"),
                     "--out", str(tmp_path / "out2"), "--fail-on", "high")
    assert code == 1


def test_auditor_exposes_scan_many_lazily():
    import subprocess
    import sys

    code = ("import sys, auditor; assert 'pandas' not in sys.modules; "
            "assert callable(auditor.scan_many); print('ok')")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "ok\n"

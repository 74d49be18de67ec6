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
        zf.writestr("readme.txt", b"no app here")
    code, _, err = run("scan", str(path))
    assert code == EXIT_INPUT
    _one_error_line(err, "no_manifest")


def test_zip_of_dex_without_manifest_is_a_code_only_report(tmp_path):
    path = tmp_path / "nomanifest.apk"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("classes.dex", b"dex\n035\0" + b"\0" * 100)  # a damaged dex
    code, out, err = run("scan", str(path))
    assert code == 0, err
    assert "code only, no AndroidManifest.xml" in out


def test_debug_shows_the_traceback(tmp_path):
    code, _, err = run("scan", "--debug", str(tmp_path / "nope.apk"))
    assert code == EXIT_INPUT
    assert "Traceback" in err and "error [not_found]" in err


KNOWN_PACKS = "baseline, cn, google-play, id, in, ke, ng, ph, pk"


@pytest.mark.parametrize(
    "args",
    [
        ("scan", "APK", "--policy", "atlantis"),
        ("scan", "APK", "APK2", "--policy", "cn,atlantis"),  # a batch
        ("diff", "APK", "APK2", "--policy", "atlantis"),
        ("rules", "list", "--policy", "atlantis"),
    ],
)
def test_unknown_policy_is_a_usage_error_naming_the_known_packs(args):
    """A pack nobody ships is a mistake in the command (exit 2), not a broken pack (5)."""
    apk, apk2 = str(sample("compliant")), str(sample("benign"))
    args = [apk if a == "APK" else apk2 if a == "APK2" else a for a in args]
    code, _, err = run(*args)
    assert code == 2, err
    assert "atlantis" in err and KNOWN_PACKS in err and "Traceback" not in err


def test_policy_ids_are_case_insensitive():
    code, out, _ = run("scan", str(sample("harvester")), "--policy", "CN,Google-Play", "--format", "json")
    assert code == 0
    assert json.loads(out)["policies"] == ["baseline", "cn", "google-play"]


def test_rules_list_is_concise_and_filters_by_policy():
    from auditor.policy.packs import available_packs, load_pack

    every = [r for p in available_packs().values() for r in load_pack(p).rules]
    code, out, _ = run("rules", "list", "--width", "100")
    assert code == 0
    for r in every:
        assert out.count(r.id + " ") == 1, r.id  # each rule once, with its title
        assert r.title.en in " ".join(out.split())
    assert "Drawn from" not in out and "auditor baseline:" not in out  # no citations
    assert len(out.splitlines()) < 2 * len(every)
    code, verbose, _ = run("rules", "list", "--verbose", "--width", "100")
    assert code == 0 and "Drawn from" in " ".join(verbose.split())
    code, only, _ = run("rules", "list", "--policy", "CN,in")
    assert code == 0
    ids = {r.id for r in every if r.policy in ("cn", "in")}
    assert all(r.id in only for r in every if r.id in ids)
    assert not any(r.id + " " in only for r in every if r.id not in ids)


def test_rules_list_and_show_in_chinese():
    code, out, _ = run("rules", "list", "--lang", "zh", "--policy", "baseline")
    assert code == 0 and "条规则" in out and "Severity" not in out
    code, out, _ = run("rules", "show", "cn-nec-001", "--lang", "zh")  # any case
    assert code == 0 and out.startswith("CN-NEC-001")
    for label in ("依据：", "你可以怎么做：", "给开发者的建议：", "规则集："):
        assert label in out
    for english in ("Citation:", "Borrower:", "Developer:", "in_force", "confidence"):
        assert english not in out
    code, _, err = run("rules", "show", "NOPE-1")
    assert code == EXIT_INPUT and "NOPE-1" in err


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


def test_an_input_error_in_chinese_keeps_its_code(tmp_path):
    code, out, err = run("scan", str(tmp_path / "nope.apk"), "--lang", "zh")
    assert code == EXIT_INPUT and out == ""
    _one_error_line(err, "not_found")  # the prefix scripts read stays the same
    assert "nope.apk" in err and "文件或文件夹不存在" in err and "no such" not in err
    bogus = tmp_path / "bogus.apk"
    bogus.write_bytes(b"this is not an archive\n" * 100)
    code, _, err = run("scan", str(bogus), "--lang", "zh")
    assert code == EXIT_INPUT and "不是安卓应用" in err

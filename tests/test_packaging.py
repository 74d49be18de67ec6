"""`pip install .` must give a working auditor: rule packs and data files inside the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, sample, validate_report


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: setuptools comes from the test extras, so this works offline.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = out.glob("auditor-*.whl")
    return built


def test_wheel_contains_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in sorted((ROOT / "rules").glob("*.yaml")):
        assert f"auditor/rules/{pack.name}" in names
    for data in sorted((ROOT / "auditor" / "catalogue").glob("*.yaml")):
        assert f"auditor/catalogue/{data.name}" in names
    assert "auditor/schema/report.schema.json" in names
    assert "auditor/dex/__init__.py" in names


def test_wheel_contains_the_language_files_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    render = ROOT / "auditor" / "render"
    files = [*render.glob("locale/*.yaml"), *render.glob("templates/*")]
    assert len(files) > 2
    for data in files:
        assert f"auditor/render/{data.relative_to(render).as_posix()}" in names
    assert "auditor/render/diff/html.py" in names


def test_wheel_contains_the_input_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "auditor/policy/pack.schema.json" in names
    for schema in sorted((ROOT / "auditor" / "catalogue" / "schema").glob("*.schema.json")):
        assert f"auditor/catalogue/schema/{schema.name}" in names
    assert len(list((ROOT / "auditor" / "catalogue" / "schema").glob("*.schema.json"))) == len(
        list((ROOT / "auditor" / "catalogue").glob("*.yaml"))
    )


def _install(wheel: Path, tmp_path: Path) -> tuple[Path, dict[str, str], str]:
    """A fresh venv with the wheel unpacked in it: (its python, the environment, site-packages)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    target = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with zipfile.ZipFile(wheel) as zf:  # install = unpack the wheel into the fresh venv
        zf.extractall(target)
    # Dependencies come from the test environment; the project itself only from the wheel.
    env = dict(os.environ, PYTHONPATH=sysconfig.get_paths()["purelib"])
    return py, env, target


def test_installed_wheel_scans(wheel, tmp_path):
    py, env, target = _install(wheel, tmp_path)
    apk = sample("harvester")
    result = subprocess.run(
        [
            str(py),
            "-c",
            (
                "import auditor, sys; from auditor.datafiles import rules_dir;"
                "print(auditor.__file__); print(rules_dir());"
                "from auditor.cli import main;"
                "sys.argv=['auditor','scan',sys.argv[1],'--format','json',"
                "'--policy','baseline,cn,google-play']; main()"
            ),
            str(apk),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    first, second, rest = result.stdout.split("\n", 2)
    assert first.startswith(target) and second.startswith(target)
    data = json.loads(rest)
    validate_report(data)
    assert data["findings"]


def test_installed_wheel_writes_the_html_report_in_chinese(wheel, tmp_path):
    py, env, target = _install(wheel, tmp_path)
    page = tmp_path / "report.html"
    result = subprocess.run(
        [
            str(py),
            "-c",
            "import auditor, sys; print(auditor.__file__); from auditor.cli import main; main()",
            *("scan", str(sample("harvester")), "--format", "html", "--lang", "zh", "-o", str(page)),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(target)  # the wheel's auditor, with its templates
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "这个应用能从你这里拿走什么" in text

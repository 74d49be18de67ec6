"""Start-up cost: heavy modules are imported where used, and the shortcuts taken for speed
change no result (bench/bench_scan.py measures the time)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from tests.conftest import sample


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_pipeline_does_not_import_androguard():
    loaded = _modules_after("import auditor.pipeline")
    assert not {m for m in loaded if m.startswith(("androguard", "asn1crypto", "cryptography"))}
    assert "yaml" not in loaded  # data files come from their JSON copies, texts load on use


def test_a_scan_imports_androguard_without_its_slow_resource_table():
    loaded = _modules_after(
        "from auditor.pipeline import scan\n"
        f"scan({str(sample('harvester'))!r})\n"
        "import androguard.core.resources.public as p\n"
        "assert p.__spec__ is None, 'the fast table was not used'\n"
    )
    assert "androguard.core.apk" in loaded
    assert "xml.dom.minidom" not in loaded  # what androguard's own table is parsed with


def test_fast_public_table_equals_androguards():
    from auditor.apk.androguard_lib import apk_class

    apk_class()
    import androguard.core.resources.public as fast

    spec = importlib.util.spec_from_file_location("androguard_public_original", fast.__file__)
    original = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(original)  # androguard's own minidom parse of public.xml
    assert original.SYSTEM_RESOURCES == fast.SYSTEM_RESOURCES
    assert original._public_res == fast._public_res
    assert len(fast.SYSTEM_RESOURCES["attributes"]["forward"]) > 1000


def test_code_only_inputs_never_import_androguard(tmp_path):
    import zipfile

    with zipfile.ZipFile(sample("harvester")) as zf:
        (tmp_path / "plugin.dex").write_bytes(zf.read("classes.dex"))
    loaded = _modules_after(
        f"from auditor.pipeline import scan\nscan({str(tmp_path / 'plugin.dex')!r})\n"
    )
    assert "androguard.core.apk" not in loaded


def test_cli_scan_imports_only_what_a_scan_needs(tmp_path):
    code = (
        "import sys\n"
        f"sys.argv = ['auditor', 'scan', {str(sample('harvester'))!r}, '-o', {str(tmp_path / 'r.txt')!r}]\n"
        "from auditor.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    _modules_after(code)  # warms the JSON copies of the catalogue, packs and language files
    loaded = _modules_after(code)
    assert (tmp_path / "r.txt").read_text(encoding="utf-8")
    unwanted = {"auditor.cli.diff", "auditor.cli.rules", "auditor.diff", "jinja2", "pandas", "dask"}
    unwanted.add("jsonschema")  # data files come from their checked JSON copies
    assert not unwanted & loaded, unwanted & loaded

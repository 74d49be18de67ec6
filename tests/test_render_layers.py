"""Renderers read the models and nothing else: no catalogue, no analysis, no pipeline."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

RENDER = ROOT / "auditor" / "render"
#: What a renderer may import from auditor: the report model, the diff's model, the renderers,
#: and the data-file reader (it knows where files are and caches them; it knows no catalogue).
ALLOWED = ("auditor.model", "auditor.diff.model", "auditor.render", "auditor.datafiles", "auditor.errors")


def _auditor_imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n for n in names if n == "auditor" or n.startswith("auditor.")}


def test_renderers_import_only_the_models_and_each_other():
    modules = sorted(RENDER.rglob("*.py"))
    assert modules
    for path in modules:
        for name in _auditor_imports(path):
            assert name in ALLOWED or name.startswith(tuple(f"{a}." for a in ALLOWED)), (
                f"{path.relative_to(ROOT)} imports {name}"
            )


def test_importing_every_renderer_loads_no_catalogue():
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in sorted(RENDER.rglob("*.py"))
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('auditor.'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    for forbidden in ("auditor.catalogue", "auditor.analysis", "auditor.pipeline", "auditor.policy"):
        assert not [m for m in loaded if m.startswith(forbidden)], (forbidden, loaded)


def test_category_names_come_from_the_report():
    import copy
    from dataclasses import replace

    from auditor.model import Text
    from auditor.render import RenderOptions, get_renderer
    from tests.conftest import scan_sample

    report = copy.deepcopy(scan_sample("harvester"))
    contacts = report.categories["contacts"]
    report.categories["contacts"] = replace(
        contacts, name=Text("Address book", "电话簿"), meaning=Text("Everyone you know", "所有熟人")
    )
    for fmt in ("terminal", "html", "markdown"):
        for lang, name in (("en", "Address book"), ("zh", "电话簿")):
            assert name in get_renderer(fmt).render(report, RenderOptions(lang=lang, width=120)), fmt
    assert "Everyone you know" in get_renderer("html").render(report, RenderOptions(lang="en"))


def test_one_registry_serves_reports_and_diffs():
    import pytest

    from auditor.render import DIFF_FORMATS, FORMATS, Renderer, get_renderer

    assert FORMATS == ("terminal", "json", "html", "markdown", "sarif")
    assert DIFF_FORMATS == ("terminal", "json", "markdown", "html")
    for kind, formats in (("report", FORMATS), ("diff", DIFF_FORMATS)):
        modules = set()
        for fmt in formats:
            renderer = get_renderer(fmt, kind)
            assert isinstance(renderer, Renderer) and renderer.name == fmt
            modules.add(type(renderer).__module__)
        assert len(modules) == len(formats)  # one module per format
    with pytest.raises(ValueError, match="unknown diff format 'sarif'"):
        get_renderer("sarif", kind="diff")
    with pytest.raises(ValueError):
        get_renderer("terminal", kind="nothing")

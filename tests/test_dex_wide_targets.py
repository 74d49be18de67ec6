"""The two wide target forms: any class (this.finish() via a subclass) and a package prefix."""

from __future__ import annotations

import zipfile

from auditor.dex import DexFile, MethodTarget, TargetSet, scan_dex
from tests.conftest import sample


def _scan(apk: str, *targets: MethodTarget):
    with zipfile.ZipFile(sample(apk)) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith("classes") and n.endswith(".dex"))
        return [r for n in names for r in scan_dex(zf.read(n), TargetSet(methods=targets), n)]


def test_any_class_finds_finish_through_the_subclass():
    refs = _scan("startup_asker", MethodTarget("fin", "", "finish", "()V"))
    assert {r.target for r in refs} >= {"Lcom/example/rapidloan/SplashActivity;->finish()V"}
    assert all(r.target.endswith("->finish()V") for r in refs)


def test_package_prefix_finds_every_sdk_entry_point():
    refs = _scan("sns_login", MethodTarget("wx", "Lcom/tencent/mm/opensdk/", "", None))
    from_app = {r.target.split(";->")[1].split("(")[0] for r in refs
                if r.caller_class.startswith("Lcom/example/weloan/")}
    assert {"createWXAPI", "sendReq", "<init>"} <= from_app
    assert all(r.target.startswith("Lcom/tencent/mm/opensdk/") for r in refs)


def test_package_prefix_and_name_narrow_together():
    refs = _scan("sns_login", MethodTarget("wx", "Lcom/tencent/mm/opensdk/", "sendReq", None))
    assert refs and {r.target.split(";->")[1].split("(")[0] for r in refs} == {"sendReq"}


def test_absent_package_or_name_finds_nothing():
    assert _scan("compliant", MethodTarget("x", "Lcom/tencent/", "", None)) == []
    assert _scan("compliant", MethodTarget("x", "", "noSuchMethodAnywhere", None)) == []


def test_find_methods_wide_forms_on_the_dex_file():
    with zipfile.ZipFile(sample("sns_login")) as zf:
        dex = DexFile(zf.read("classes2.dex"), "classes2.dex")
    in_pkg = dex.find_methods("Lcom/tencent/tauth/", "")
    assert in_pkg and all(dex.method_info(i)[0].startswith("Lcom/tencent/tauth/") for i in in_pkg)

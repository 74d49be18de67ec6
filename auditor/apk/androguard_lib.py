"""The pieces of androguard auditor uses, imported when first needed and cheaply.

androguard stays auditor's APK library (manifest parsing where it works, signing schemes and
certificates). Importing it is most of auditor's start-up cost, so it is imported here, on
first use, with two adjustments that change no result:

* its loguru output (~190k debug lines per APK, nearly doubling the run time) is disabled for
  the `androguard` module only, before the import, so a caller's own logging is untouched;
* `androguard.core.resources.public` builds its table of Android's public resource ids by
  parsing public.xml with xml.dom.minidom at import time (~35-80 ms). The same table is
  built here from the same file with a regular expression (a few ms) and registered under
  that module's name first, so androguard uses it unchanged. tests/test_startup.py checks
  that both tables are equal.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import types
from typing import Any

_PUBLIC = "androguard.core.resources.public"
_ENTRY = re.compile(rb"<public\s+([^>]*?)/?>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')


def quiet_androguard() -> None:
    """Silence androguard's loguru output (again: a worker process may have re-enabled it)."""
    from loguru import logger

    logger.disable("androguard")


def public_table(xml: bytes) -> dict[str, dict[str, int]]:
    """type -> name -> id, from an Android public.xml (what androguard's module builds)."""
    table: dict[str, dict[str, int]] = {}
    for match in _ENTRY.finditer(xml):
        attrs = {k.decode(): v.decode() for k, v in _ATTR.findall(match.group(1))}
        kind, name, ident = attrs.get("type", ""), attrs.get("name", ""), attrs.get("id")
        if ident is None:
            continue
        table.setdefault(kind, {})[name] = int(ident, 16)
    return table


def _public_module() -> types.ModuleType | None:
    """androguard's public-resources module, built fast from its own public.xml."""
    spec = importlib.util.find_spec("androguard.core.resources")
    if spec is None or not spec.submodule_search_locations:
        return None
    from pathlib import Path

    xml_path = Path(next(iter(spec.submodule_search_locations))) / "public.xml"
    try:
        table = public_table(xml_path.read_bytes())
    except OSError:
        return None
    if not table.get("attr") or "style" not in table:
        return None  # an unexpected file: let androguard read it its own way
    module = types.ModuleType(_PUBLIC)
    module.__file__ = str(xml_path.with_name("public.py"))
    module._public_res = table  # type: ignore[attr-defined]
    module.SYSTEM_RESOURCES = {  # type: ignore[attr-defined]
        "attributes": {
            "forward": dict(table["attr"]),
            "inverse": {v: k for k, v in table["attr"].items()},
        },
        "styles": {
            "forward": dict(table["style"]),
            "inverse": {v: k for k, v in table["style"].items()},
        },
    }
    return module


@functools.cache
def apk_class() -> Any:
    """androguard.core.apk.APK, imported on first use."""
    quiet_androguard()
    if _PUBLIC not in sys.modules:
        module = _public_module()
        if module is not None:
            import androguard.core.resources as package

            sys.modules[_PUBLIC] = module
            package.public = module  # type: ignore[attr-defined]
    from androguard.core.apk import APK

    return APK

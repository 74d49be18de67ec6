"""SDK levels given as preview codenames ("Tiramisu", "UpsideDownCake", "S", ...).

An app built against a preview SDK carries the preview's codename in <uses-sdk> instead of a
number. The framework accepts it only on a platform of that preview (PackageParser /
FrameworkParsingPackageUtils.computeTargetSdkVersion, matchTargetCode); once the preview is
released the codename stands for the API level it became, and that is how auditor reads it.
The table is data: auditor/apk/sdk_codenames.tsv (with its sources).
"""

from __future__ import annotations

import functools
from pathlib import Path

_TABLE = Path(__file__).resolve().parent / "sdk_codenames.tsv"
SDK_ATTRIBUTES = ("minSdkVersion", "targetSdkVersion", "maxSdkVersion")


@functools.cache
def codenames() -> dict[str, int]:
    """codename (lower case) -> API level."""
    out: dict[str, int] = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, level, _release = line.split("\t")
        out[name.lower()] = int(level)
    return out


def codename_level(value: str) -> int | None:
    """The API level a preview codename became, or None when it is not one."""
    name = value.strip().split(".", 1)[0]  # "Tiramisu.xyz" matches as "Tiramisu"
    if not name or name.isdigit():
        return None
    return codenames().get(name.lower())

"""Superclass links of classes an APK references but does not define (framework_classes.yaml).

The DEX pass gives them to the class hierarchy (auditor.dex.hierarchy) so that an app class
extending AndroidX's AppCompatActivity, which is not always readable in the APK, still
reaches android.app.Activity. Loaded once per process.
"""

from __future__ import annotations

from functools import lru_cache

from auditor.datafiles import catalogue_dir, catalogue_schema, load_data
from auditor.dex.hierarchy import ClassLink
from auditor.errors import RuleError

FILE = "framework_classes.yaml"


def parse_links(data: dict, where: str = FILE) -> dict[str, ClassLink]:
    """class -> ClassLink from the file's data, already checked against its schema
    (catalogue/schema/framework_classes.schema.json). Checked here, as a schema cannot: each
    class is listed once, and the superclass links never form a cycle."""
    out: dict[str, ClassLink] = {}
    for raw in data["classes"]:
        cls = raw["class"]
        if cls in out:
            raise RuleError(f"class {cls}: listed twice", where)
        out[cls] = ClassLink(raw["super"], tuple(raw.get("interfaces") or ()))
    for cls in out:  # a cycle would make a chain endless
        seen, c = set(), cls
        while c in out and c not in seen:
            seen.add(c)
            c = out[c].super
        if c in seen:
            raise RuleError(f"class {cls}: superclass links form a cycle", where)
    return out


@lru_cache(maxsize=1)
def load_framework_classes() -> dict[str, ClassLink]:
    path = catalogue_dir() / FILE
    return parse_links(load_data(path, catalogue_schema(FILE)), str(path))

"""Fast, targeted dex scanning: who calls / reads / loads which catalogued API, and where.

Instead of building whole-program cross references (androguard's AnalyzeAPK decodes every
instruction of every method), the scanner resolves the wanted methods, fields and strings
to their indices by binary search in the sorted id tables, finds candidate instructions with
one bytes regex over the code area, and confirms each candidate by walking only the method
that contains it. See _scan.py for the details and bench/bench_dex.py for the numbers.

Usage::

    targets = TargetSet(methods=(MethodTarget("q", "Landroid/content/ContentResolver;",
                                              "query", None),))
    with zipfile.ZipFile(apk) as zf:
        for name in dex_names:
            refs = scan_dex(zf.read(name), targets, name)

Pure standard library; safe on hostile input (DexError for anything malformed).
"""

from ._calls import CallSite, method_calls
from ._classes import (
    VISIBILITY_RUNTIME,
    ClassDef,
    MethodDef,
    class_methods,
    find_class,
    method_annotations,
)
from ._file import DEX_MAGIC_PREFIX, SUPPORTED_VERSIONS, DexFile, looks_like_dex
from ._flow import Invoke, MethodFlow
from ._model import (
    DexError,
    FieldTarget,
    MethodTarget,
    Reference,
    StringTarget,
    TargetSet,
    TypeTarget,
)
from ._scan import scan_dex, scan_dex_flows, scan_dexfiles

__all__ = [
    "DEX_MAGIC_PREFIX",
    "SUPPORTED_VERSIONS",
    "VISIBILITY_RUNTIME",
    "CallSite",
    "ClassDef",
    "DexError",
    "DexFile",
    "FieldTarget",
    "Invoke",
    "MethodDef",
    "MethodFlow",
    "MethodTarget",
    "Reference",
    "StringTarget",
    "TargetSet",
    "TypeTarget",
    "class_methods",
    "find_class",
    "looks_like_dex",
    "method_annotations",
    "method_calls",
    "scan_dex",
    "scan_dex_flows",
    "scan_dexfiles",
]

"""One class at a time: its definition, its methods with access flags, and the annotations
on its methods.

The scanner never needs these (it names callers through the code locator); the WebView
bridge analysis does, for the handful of classes handed to `addJavascriptInterface`: which of
their methods carry `@JavascriptInterface` (a RUNTIME annotation, so it is in the dex) and
where their code is. Every offset and count is checked against the file like in _file.py.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ._file import DexFile

__all__ = [
    "ACC_PUBLIC",
    "ACC_STATIC",
    "VISIBILITY_RUNTIME",
    "ClassDef",
    "MethodDef",
    "class_methods",
    "find_class",
    "method_annotations",
]

ACC_PUBLIC = 0x1
ACC_STATIC = 0x8
#: annotation_item visibility values (dex format): BUILD 0, RUNTIME 1, SYSTEM 2.
VISIBILITY_RUNTIME = 1

_CLASS_DEF = struct.Struct("<8I")
_U32 = struct.Struct("<I")
#: A class with more annotated methods or annotations per method than this is not a real
#: class: refuse rather than loop on a forged count.
_MAX_ANNOTATED = 1 << 16


@dataclass(frozen=True)
class ClassDef:
    index: int
    descriptor: str
    superclass: str | None
    access: int
    annotations_off: int
    class_data_off: int


@dataclass(frozen=True)
class MethodDef:
    midx: int
    access: int
    code_off: int  # 0: abstract or native

    @property
    def is_static(self) -> bool:
        return bool(self.access & ACC_STATIC)

    @property
    def is_public(self) -> bool:
        return bool(self.access & ACC_PUBLIC)


def find_class(dex: DexFile, descriptor: str) -> ClassDef | None:
    """The class_def of `descriptor` in this dex, or None when the dex does not define it."""
    tidx = dex.find_type(descriptor)
    n = dex.class_defs_size
    if tidx is None or not n:
        return None
    base = dex._class_defs
    for ci in range(n):
        words = _CLASS_DEF.unpack_from(dex.data, base + 32 * ci)
        if words[0] != tidx:
            continue
        sup = words[2]
        superclass = dex.type_descriptor(sup) if sup != 0xFFFFFFFF else None
        return ClassDef(ci, descriptor, superclass, words[1], words[5], words[6])
    return None


def _uleb(dex: DexFile, pos: int) -> tuple[int, int]:
    if pos >= dex.end:
        raise dex.fail(f"uleb128 at {pos:#x} is past the end")
    return dex.uleb(pos)


def class_methods(dex: DexFile, cdef: ClassDef) -> list[MethodDef]:
    """Every method the class defines (direct, then virtual), with access flags and code."""
    pos = cdef.class_data_off
    if not pos:
        return []
    counts = []
    for _ in range(4):
        value, pos = _uleb(dex, pos)
        counts.append(value)
    sfields, ifields, dmethods, vmethods = counts
    if 2 * (sfields + ifields) + 3 * (dmethods + vmethods) > dex.end - pos:
        raise dex.fail(f"class_def #{cdef.index}: class_data counts exceed the file")
    for _ in range(2 * (sfields + ifields)):
        _value, pos = _uleb(dex, pos)
    out: list[MethodDef] = []
    for count in (dmethods, vmethods):
        midx = 0
        for _ in range(count):
            diff, pos = _uleb(dex, pos)
            access, pos = _uleb(dex, pos)
            code_off, pos = _uleb(dex, pos)
            midx += diff
            out.append(MethodDef(midx, access, code_off))
    return out


def _u32(dex: DexFile, pos: int, what: str) -> int:
    if pos < 0 or pos > dex.end - 4:
        raise dex.fail(f"{what} at {pos:#x} is past the end")
    value: int = _U32.unpack_from(dex.data, pos)[0]
    return value


def method_annotations(dex: DexFile, cdef: ClassDef) -> dict[int, list[tuple[int, str]]]:
    """method_idx -> [(visibility, annotation type descriptor)] for the class's methods."""
    base = cdef.annotations_off
    if not base:
        return {}
    _class_set = _u32(dex, base, "annotations_directory")
    fields = _u32(dex, base + 4, "annotations_directory")
    methods = _u32(dex, base + 8, "annotations_directory")
    if fields > _MAX_ANNOTATED or methods > _MAX_ANNOTATED:
        raise dex.fail(f"class_def #{cdef.index}: implausible annotation counts")
    out: dict[int, list[tuple[int, str]]] = {}
    pos = base + 16 + 8 * fields
    for i in range(methods):
        midx = _u32(dex, pos + 8 * i, "method_annotation")
        set_off = _u32(dex, pos + 8 * i + 4, "method_annotation")
        size = _u32(dex, set_off, "annotation_set")
        if size > _MAX_ANNOTATED:
            raise dex.fail(f"annotation_set at {set_off:#x}: implausible size {size}")
        found = []
        for k in range(size):
            item = _u32(dex, set_off + 4 + 4 * k, "annotation_set entry")
            if item >= dex.end:
                raise dex.fail(f"annotation_item at {item:#x} is past the end")
            visibility = dex.data[item]
            tidx, _next = _uleb(dex, item + 1)
            found.append((visibility, dex.type_descriptor(tidx)))
        out[midx] = found
    return out

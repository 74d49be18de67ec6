"""Class annotations and encoded values: what a compiler records about where code came from.

Read only for the few classes a report names (a lambda, an anonymous class, a coroutine):
`Ldalvik/annotation/EnclosingMethod;` (the method an anonymous class is written in),
`EnclosingClass`, `InnerClass` (name null = anonymous), and Kotlin's runtime
`DebugMetadata` (class `c` and method `m` of a coroutine, kept by R8 even when it renames the
class). Every offset and count is checked against the file; hostile input raises DexError.
"""

from __future__ import annotations

import struct
from typing import Any

from ._file import DexFile
from ._model import DexError

__all__ = ["class_annotations", "encoded_array"]

_U32 = struct.Struct("<I")

# encoded_value types (dex format, "encoded_value encoding")
_BYTE, _SHORT, _CHAR, _INT, _LONG = 0x00, 0x02, 0x03, 0x04, 0x06
_FLOAT, _DOUBLE = 0x10, 0x11
_METHOD_TYPE, _METHOD_HANDLE, _STRING, _TYPE, _FIELD, _METHOD, _ENUM = range(0x15, 0x1C)
_ARRAY, _ANNOTATION, _NULL, _BOOLEAN = 0x1C, 0x1D, 0x1E, 0x1F
_SIGNED = frozenset({_BYTE, _SHORT, _INT, _LONG})
_MAX_DEPTH = 8  # nested arrays/annotations deeper than this are not real compiler output


def _u32(dex: DexFile, off: int) -> int:
    if off % 4 or off > dex.end - 4:
        raise dex.fail(f"annotation offset {off:#x} is misaligned or past the end")
    value: int = _U32.unpack_from(dex.data, off)[0]
    return value


def _value(dex: DexFile, pos: int, depth: int = 0) -> tuple[Any, int]:
    """(decoded value, next position) of the encoded_value at `pos`."""
    if depth > _MAX_DEPTH:
        raise dex.fail("encoded_value nested too deeply")
    if pos >= dex.end:
        raise dex.fail(f"encoded_value at {pos:#x} is past the end")
    head = dex.data[pos]
    pos += 1
    vtype, arg = head & 0x1F, head >> 5
    if vtype == _ARRAY:
        return _array(dex, pos, depth + 1)
    if vtype == _ANNOTATION:
        return _annotation(dex, pos, depth + 1)
    if vtype == _NULL:
        return None, pos
    if vtype == _BOOLEAN:
        return bool(arg), pos
    size = arg + 1
    if pos + size > dex.end:
        raise dex.fail(f"encoded_value at {pos - 1:#x} runs past the end")
    raw = dex.data[pos : pos + size]
    pos += size
    if vtype in (_FLOAT, _DOUBLE):
        return None, pos  # right-zero-extended floats: never needed here
    number = int.from_bytes(raw, "little", signed=vtype in _SIGNED)
    if vtype == _STRING:
        return dex.string(number), pos
    if vtype == _TYPE:
        return dex.type_descriptor(number), pos
    if vtype in (_FIELD, _ENUM):
        cls, name, type_ = dex.field_info(number)
        return f"{cls}->{name}:{type_}", pos
    if vtype == _METHOD:
        cls, name, desc = dex.method_info(number)
        return f"{cls}->{name}{desc}", pos
    if vtype == _METHOD_TYPE:
        return dex.proto_descriptor(number), pos
    if vtype == _METHOD_HANDLE:
        return ("method_handle", number), pos
    if vtype in (_BYTE, _SHORT, _CHAR, _INT, _LONG):
        return number, pos
    raise dex.fail(f"unknown encoded_value type {vtype:#x} at {pos - size - 1:#x}")


def _array(dex: DexFile, pos: int, depth: int) -> tuple[list[Any], int]:
    size, pos = dex.uleb(pos)
    if size > dex.end - pos:
        raise dex.fail(f"encoded_array at {pos:#x} claims {size} values, past the end")
    out = []
    for _ in range(size):
        value, pos = _value(dex, pos, depth)
        out.append(value)
    return out, pos


def _annotation(dex: DexFile, pos: int, depth: int) -> tuple[dict[str, Any], int]:
    type_idx, pos = dex.uleb(pos)
    size, pos = dex.uleb(pos)
    if size > dex.end - pos:
        raise dex.fail(f"encoded_annotation at {pos:#x} claims {size} elements, past the end")
    out: dict[str, Any] = {"": dex.type_descriptor(type_idx)}
    for _ in range(size):
        name_idx, pos = dex.uleb(pos)
        value, pos = _value(dex, pos, depth)
        out[dex.string(name_idx)] = value
    return out, pos


def encoded_array(dex: DexFile, off: int) -> list[Any]:
    """The encoded_array_item at `off` (static field initial values, call sites)."""
    if not off:
        return []
    if off >= dex.end:
        raise dex.fail(f"encoded_array offset {off:#x} is past the end")
    return list(_guard(lambda d, o: _array(d, o, 1)[0], dex, off))


def _guard(read: Any, dex: DexFile, off: int) -> Any:
    try:
        return read(dex, off)
    except DexError:
        raise
    except (IndexError, struct.error, UnicodeDecodeError, OverflowError) as exc:
        raise dex.fail(f"annotation data at {off:#x}: malformed ({exc})") from exc


def class_annotations(dex: DexFile, annotations_off: int) -> dict[str, dict[str, Any]]:
    """{annotation type: {element: value}} of one class, from its class_def annotations_off.

    Only the class's own annotations (not its fields', methods' or parameters'); every
    visibility (build, runtime, system) is included. DexError for unreadable data.
    """
    return dict(_guard(_class_annotations, dex, annotations_off))


def _class_annotations(dex: DexFile, annotations_off: int) -> dict[str, dict[str, Any]]:
    if not annotations_off:
        return {}
    set_off = _u32(dex, annotations_off)  # annotations_directory_item.class_annotations_off
    if not set_off:
        return {}
    size = _u32(dex, set_off)
    if size > (dex.end - set_off - 4) // 4:
        raise dex.fail(f"annotation_set at {set_off:#x} claims {size} entries, past the end")
    out: dict[str, dict[str, Any]] = {}
    for k in range(size):
        item = _u32(dex, set_off + 4 + 4 * k)
        if item >= dex.end:
            raise dex.fail(f"annotation_item offset {item:#x} is past the end")
        value, _pos = _annotation(dex, item + 1, 1)  # skip the visibility byte
        out[value.pop("")] = value
    return out

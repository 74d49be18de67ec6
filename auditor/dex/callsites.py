"""invoke-custom call sites and the methods they hand over (dex 038+).

A lambda or method reference that was not desugared (D8 with desugaring off, some packers,
hand-made code) stays an `invoke-custom` instruction whose call site carries, among its
bootstrap arguments, a method handle to the implementation (`lambda$onCreate$0`, or
`upload` for `this::upload`) and the interface method it implements (`run`,
`onActivityResult`). No `invoke-*` instruction ever names that implementation, so the ordinary
scan cannot see who hands it over. Two cheap tables answer it: `method_handles` (8 bytes
each) and `call_site_ids` (an encoded array each); both are empty in desugared dex files, so
this costs nothing there. Kept out of scan_dex: the raw scan stays what androguard's xrefs
give (tests/test_dex_differential.py), and this is an extra question a judging pass asks.
"""

from __future__ import annotations

import struct
from collections import defaultdict
from typing import NamedTuple

from ._file import DexFile
from ._model import DexError, Reference, TargetSet
from ._scan import _family_candidates, _resolve, confirm_candidates
from .annotations import encoded_array

__all__ = ["CallSite", "call_sites", "scan_call_sites"]

TYPE_CALL_SITE_ID_ITEM = 0x0007
TYPE_METHOD_HANDLE_ITEM = 0x0008
_INVOKE_CUSTOM_CLASS = rb"\xfc\xfd"  # invoke-custom, invoke-custom/range
_METHOD_HANDLE = struct.Struct("<HHHH")  # type, unused, field_or_method_id, unused
_U32 = struct.Struct("<I")
# method_handle types 0x00-0x03 are field accessors; 0x04-0x08 invoke a method
_INVOKE_HANDLES = range(0x04, 0x09)


class CallSite(NamedTuple):
    number: int  # its index in call_site_ids
    name: str | None  # the interface method the call site implements (LambdaMetafactory)
    methods: tuple[int, ...]  # method indices handed over by method handles in its arguments


def _method_handles(dex: DexFile) -> list[int | None]:
    """method_ids index of every method handle (None for field handles)."""
    off, count = dex.map_item(TYPE_METHOD_HANDLE_ITEM)
    if not count:
        return []
    if off + 8 * count > dex.end:
        raise dex.fail(f"method_handles ({count} at {off:#x}) run past the end")
    out: list[int | None] = []
    for i in range(count):
        kind, _u, member, _v = _METHOD_HANDLE.unpack_from(dex.data, off + 8 * i)
        out.append(member if kind in _INVOKE_HANDLES else None)
    return out


def call_sites(dex: DexFile) -> list[CallSite]:
    """Every call site of the dex, with the methods its method handles name (DexError for
    unreadable tables)."""
    try:
        return _call_sites(dex)
    except DexError:
        raise
    except (IndexError, ValueError, OverflowError, struct.error) as exc:
        raise DexError(f"{dex.name}: malformed call sites ({exc})") from exc


def _call_sites(dex: DexFile) -> list[CallSite]:
    off, count = dex.map_item(TYPE_CALL_SITE_ID_ITEM)
    if not count:
        return []
    if off + 4 * count > dex.end:
        raise dex.fail(f"call_site_ids ({count} at {off:#x}) run past the end")
    handles = _method_handles(dex)
    out = []
    for i in range(count):
        values = encoded_array(dex, _U32.unpack_from(dex.data, off + 4 * i)[0])
        methods = []
        # [0] is the bootstrap method itself; the handed-over methods follow
        for value in values[1:]:
            if isinstance(value, tuple) and value[0] == "method_handle":
                if not 0 <= value[1] < len(handles):
                    raise dex.fail(f"call site #{i}: method handle {value[1]} out of range")
                member = handles[value[1]]
                if member is not None:
                    methods.append(member)
        name = values[1] if len(values) > 1 and isinstance(values[1], str) else None
        out.append(CallSite(i, name, tuple(methods)))
    return out


def scan_call_sites(dex: DexFile, targets: TargetSet) -> list[Reference]:
    """invoke-custom instructions whose call site hands over a method of `targets`.

    Each is a Reference of kind 'call_site' whose target is the handed-over method, named by
    the method that executes the invoke-custom (as if it called it)."""
    try:
        sites = call_sites(dex)
        if not sites:
            return []
        methods, _fields, _strings = _resolve(dex, TargetSet(methods=targets.methods))
        wanted: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for site in sites:
            for midx in site.methods:
                wanted[site.number].extend(methods.get(midx, ()))
        wanted = {k: v for k, v in wanted.items() if v and k <= 0xFFFF}
        lo, hi = dex.code_area
        if not wanted or hi <= lo:
            return []
        found = _family_candidates(dex.data, lo, hi, wanted, _INVOKE_CUSTOM_CLASS, "call_site")
        return confirm_candidates(dex, list(found))
    except DexError:
        raise
    except (IndexError, ValueError, OverflowError, struct.error) as exc:
        raise DexError(f"{dex.name}: malformed call sites ({exc})") from exc

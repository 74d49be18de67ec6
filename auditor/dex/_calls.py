"""The calls one method makes, each with what was last put into its argument registers.

A straight-line reading of one method's instructions (branches are not followed): for each
register, the last instruction before the call that wrote it decides its value. That is
enough for the short, linear set-up code the WebView bridge analysis looks at
(`webView.addJavascriptInterface(new Bridge(this), "name")`, `webView.loadUrl("https://…")`)
and costs one pass over one method. A value this reading cannot name is None.

Values are tuples:
    ("new", type)        the object of a new-instance (or a check-cast to that type)
    ("string", text)     a const-string
    ("this", type)       the method's receiver, unchanged
    ("param", k)         the k-th parameter register (0 = first after `this`)
    ("field", ref)       a value read from a field ('Lcls;->name:Type')
    ("result", ref)      the result of a call ('Lcls;->name(args)ret')
"""

from __future__ import annotations

from dataclasses import dataclass

from ._classes import MethodDef
from ._file import _CODE_HEADER, DexFile
from ._opcodes import OPCODE_UNITS

__all__ = ["CallSite", "method_calls"]

Value = tuple[str, object]

#: Methods longer than this many code units are not read (set-up code is short).
MAX_UNITS = 1 << 16

_INVOKE = frozenset(range(0x6E, 0x73))
_INVOKE_RANGE = frozenset(range(0x74, 0x79))
_MOVE_OBJECT = {0x07: "12x", 0x08: "22x", 0x09: "32x"}
_WIDE_DEST = frozenset([0x04, 0x05, 0x06, 0x0B, 0x16, 0x17, 0x18, 0x19, 0x45, 0x53, 0x61])
# Opcodes whose first operand vA / vAA is written (everything else reads its registers).
_WRITES_A = frozenset(
    [
        *range(0x01, 0x0E),  # moves, move-result*, move-exception
        *range(0x12, 0x1D),  # consts
        0x1F, 0x20, 0x21, 0x22, 0x23,  # check-cast, instance-of, array-length, new-*
        *range(0x2D, 0x32),  # cmp*
        *range(0x44, 0x4B),  # aget*
        *range(0x52, 0x59),  # iget*
        *range(0x60, 0x67),  # sget*
        *range(0x7B, 0xE3),  # unop, binop, binop/2addr, binop/lit
        0xFE, 0xFF,
    ]
)  # fmt: skip


@dataclass(frozen=True)
class CallSite:
    offset: int  # byte offset of the invoke from the start of the method's insns
    target: str  # 'Lcls;->name(args)ret'
    args: tuple[Value | None, ...]  # one per argument register, receiver first

    def arg(self, i: int) -> Value | None:
        return self.args[i] if 0 <= i < len(self.args) else None


def _first_reg(op: int, data: bytes, pos: int) -> int:
    """vA of a 12x/22x-style (4-bit) or vAA (8-bit) first operand."""
    fmt_is_4bit = op in (0x01, 0x04, 0x07, 0x12) or 0x7B <= op <= 0x8F or 0xB0 <= op <= 0xCF
    fmt_is_4bit = fmt_is_4bit or op in (0x20, 0x21, 0x23) or 0x52 <= op <= 0x5F or 0xD0 <= op <= 0xD7
    return data[pos + 1] & 0x0F if fmt_is_4bit else data[pos + 1]


# Complexity allowed: one loop over the opcode table; split, it costs a call per instruction.
def method_calls(dex: DexFile, method: MethodDef, owner: str) -> list[CallSite]:  # noqa: C901
    """Every invoke in `method` (of class `owner`) with its argument values."""
    if not method.code_off:
        return []
    start, stop = dex.code_bounds(method.code_off)
    regs_size, ins_size = _CODE_HEADER.unpack_from(dex.data, method.code_off)[:2]
    if (stop - start) // 2 > MAX_UNITS:
        return []
    data = dex.data
    values: dict[int, Value | None] = {}
    first_in = regs_size - ins_size
    k = 0
    for r in range(first_in, regs_size):
        if r == first_in and not method.is_static:
            values[r] = ("this", owner)
        else:
            values[r] = ("param", k)
            k += 1
    last_call: str | None = None
    out: list[CallSite] = []
    pos = start
    while pos < stop:
        op = data[pos]
        width = OPCODE_UNITS[op]
        if op == 0:  # nop or a payload: skip the payload whole
            ident = data[pos + 1]
            if ident == 0x01:
                width = 4 + 2 * (data[pos + 2] | data[pos + 3] << 8)
            elif ident == 0x02:
                width = 2 + 4 * (data[pos + 2] | data[pos + 3] << 8)
            elif ident == 0x03:
                elem = data[pos + 2] | data[pos + 3] << 8
                count = int.from_bytes(data[pos + 4 : pos + 8], "little")
                width = 4 + (elem * count + 1) // 2
        elif width == 0:
            raise dex.fail(f"invalid opcode 0x{op:02x} in method #{method.midx}")
        if pos + 2 * width > stop:
            raise dex.fail(f"instruction past the code end in method #{method.midx}")
        u16 = data[pos + 2] | data[pos + 3] << 8 if width > 1 else 0
        if op in _INVOKE or op in _INVOKE_RANGE:
            if op in _INVOKE:
                count = data[pos + 1] >> 4
                nibbles = [data[pos + 4] & 0xF, data[pos + 4] >> 4, data[pos + 5] & 0xF, data[pos + 5] >> 4]
                regs = [*nibbles, data[pos + 1] & 0xF][:count]
            else:
                count = data[pos + 1]
                first = data[pos + 4] | data[pos + 5] << 8
                regs = list(range(first, first + count))
            cls, name, desc = dex.method_info(u16)
            last_call = f"{cls}->{name}{desc}"
            out.append(CallSite(pos - start, last_call, tuple(values.get(r) for r in regs)))
        elif op == 0x0C:  # move-result-object
            values[data[pos + 1]] = ("result", last_call) if last_call else None
        elif op == 0x1A:  # const-string
            values[data[pos + 1]] = ("string", dex.string(u16))
        elif op == 0x1B:  # const-string/jumbo
            values[data[pos + 1]] = ("string", dex.string(int.from_bytes(data[pos + 2 : pos + 6], "little")))
        elif op in (0x22, 0x1F):  # new-instance, check-cast
            values[data[pos + 1]] = ("new", dex.type_descriptor(u16))
        elif op == 0x62:  # sget-object
            cls, name, type_ = dex.field_info(u16)
            values[data[pos + 1]] = ("field", f"{cls}->{name}:{type_}")
        elif op == 0x54:  # iget-object
            cls, name, type_ = dex.field_info(u16)
            values[data[pos + 1] & 0x0F] = ("field", f"{cls}->{name}:{type_}")
        elif op in _MOVE_OBJECT:
            if op == 0x07:
                dst, src = data[pos + 1] & 0x0F, data[pos + 1] >> 4
            elif op == 0x08:
                dst, src = data[pos + 1], u16
            else:
                dst, src = u16, data[pos + 4] | data[pos + 5] << 8
            values[dst] = values.get(src)
        elif op in _WRITES_A:
            dst = u16 if op in (0x03, 0x06, 0x09) else _first_reg(op, data, pos)
            values[dst] = None
            if op in _WIDE_DEST:
                values[dst + 1] = None
        pos += 2 * width
    return out

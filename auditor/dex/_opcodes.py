"""Just enough of the Dalvik instruction set to walk a method's code unit by unit.

The scanner finds candidate instructions with a byte regex; a candidate is real only if it
starts on an instruction boundary of the method that contains it. Walking that one method
needs only each opcode's width (in 16-bit code units) and the sizes of the three payload
pseudo-instructions, never a full decode.
"""

from __future__ import annotations

__all__ = [
    "FIELD_READ_OPS",
    "INVOKE_OPS",
    "OPCODE_UNITS",
    "confirm_boundaries",
]

# Width in code units of every opcode; 0 marks opcodes that are unused in dex files (odex
# quickened forms and gaps). Built from the format ids of the Dalvik bytecode reference so
# each group is checkable against the table there.
_FORMAT_UNITS = {"10x": 1, "12x": 1, "11n": 1, "11x": 1, "10t": 1,
                 "20t": 2, "22x": 2, "21t": 2, "21s": 2, "21h": 2, "21c": 2,
                 "23x": 2, "22b": 2, "22t": 2, "22s": 2, "22c": 2,
                 "32x": 3, "30t": 3, "31t": 3, "31i": 3, "31c": 3, "35c": 3, "3rc": 3,
                 "45cc": 4, "4rcc": 4, "51l": 5}  # fmt: skip

_OPCODE_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x00, 0x00, "10x"),  # nop (and payload idents, handled separately)
    (0x01, 0x01, "12x"),  # move
    (0x02, 0x02, "22x"),  # move/from16
    (0x03, 0x03, "32x"),  # move/16
    (0x04, 0x04, "12x"),  # move-wide
    (0x05, 0x05, "22x"),
    (0x06, 0x06, "32x"),
    (0x07, 0x07, "12x"),  # move-object
    (0x08, 0x08, "22x"),
    (0x09, 0x09, "32x"),
    (0x0A, 0x0D, "11x"),  # move-result*, move-exception
    (0x0E, 0x0E, "10x"),  # return-void
    (0x0F, 0x11, "11x"),  # return*
    (0x12, 0x12, "11n"),  # const/4
    (0x13, 0x13, "21s"),  # const/16
    (0x14, 0x14, "31i"),  # const
    (0x15, 0x15, "21h"),  # const/high16
    (0x16, 0x16, "21s"),  # const-wide/16
    (0x17, 0x17, "31i"),  # const-wide/32
    (0x18, 0x18, "51l"),  # const-wide
    (0x19, 0x19, "21h"),  # const-wide/high16
    (0x1A, 0x1A, "21c"),  # const-string
    (0x1B, 0x1B, "31c"),  # const-string/jumbo
    (0x1C, 0x1C, "21c"),  # const-class
    (0x1D, 0x1E, "11x"),  # monitor-enter/exit
    (0x1F, 0x1F, "21c"),  # check-cast
    (0x20, 0x20, "22c"),  # instance-of
    (0x21, 0x21, "12x"),  # array-length
    (0x22, 0x22, "21c"),  # new-instance
    (0x23, 0x23, "22c"),  # new-array
    (0x24, 0x24, "35c"),  # filled-new-array
    (0x25, 0x25, "3rc"),  # filled-new-array/range
    (0x26, 0x26, "31t"),  # fill-array-data
    (0x27, 0x27, "11x"),  # throw
    (0x28, 0x28, "10t"),  # goto
    (0x29, 0x29, "20t"),  # goto/16
    (0x2A, 0x2A, "30t"),  # goto/32
    (0x2B, 0x2C, "31t"),  # packed-switch, sparse-switch
    (0x2D, 0x31, "23x"),  # cmp*
    (0x32, 0x37, "22t"),  # if-test
    (0x38, 0x3D, "21t"),  # if-testz
    (0x44, 0x51, "23x"),  # aget*/aput*
    (0x52, 0x5F, "22c"),  # iget*/iput*
    (0x60, 0x6D, "21c"),  # sget*/sput*
    (0x6E, 0x72, "35c"),  # invoke-kind
    (0x74, 0x78, "3rc"),  # invoke-kind/range
    (0x7B, 0x8F, "12x"),  # unop
    (0x90, 0xAF, "23x"),  # binop
    (0xB0, 0xCF, "12x"),  # binop/2addr
    (0xD0, 0xD7, "22s"),  # binop/lit16
    (0xD8, 0xE2, "22b"),  # binop/lit8
    (0xFA, 0xFA, "45cc"),  # invoke-polymorphic
    (0xFB, 0xFB, "4rcc"),  # invoke-polymorphic/range
    (0xFC, 0xFC, "35c"),  # invoke-custom
    (0xFD, 0xFD, "3rc"),  # invoke-custom/range
    (0xFE, 0xFF, "21c"),  # const-method-handle, const-method-type
)


def _build_units() -> bytes:
    units = bytearray(256)
    for lo, hi, fmt in _OPCODE_RANGES:
        for op in range(lo, hi + 1):
            units[op] = _FORMAT_UNITS[fmt]
    return bytes(units)


#: opcode -> width in code units (0 = not a valid dex opcode). A bytes object because
#: indexing bytes is the fastest table lookup CPython offers.
OPCODE_UNITS: bytes = _build_units()

#: Opcodes whose 16-bit operand BBBB is a method index and that androguard counts as calls.
INVOKE_OPS: frozenset[int] = frozenset([*range(0x6E, 0x73), *range(0x74, 0x79)])
#: iget* and sget* (reads); iput*/sput* are writes and deliberately excluded.
FIELD_READ_OPS: frozenset[int] = frozenset([*range(0x52, 0x59), *range(0x60, 0x67)])


class BadCode(Exception):
    """Raised by confirm_boundaries; the caller re-raises it as DexError with context."""


def confirm_boundaries(data: bytes, start: int, end: int, wanted: list[int]) -> set[int]:
    """Return the subset of `wanted` (absolute, ascending offsets) that are instruction starts.

    Walks the code units of one method from `start` (its insns) and stops as soon as the last
    wanted offset is passed, so a hit near the top of a huge method costs almost nothing.
    Raises BadCode on an unknown opcode or an instruction/payload running past `end`.
    """
    units = OPCODE_UNITS
    found: set[int] = set()
    pos = start
    for target in wanted:
        while pos < target:
            op = data[pos]
            width = units[op]
            if op == 0:
                ident = data[pos + 1]
                if ident and pos + (8 if ident == 0x03 else 4) > end:
                    raise BadCode(f"payload header at insns+{pos - start:#x} is truncated")
                if ident == 0x01:  # packed-switch-payload: ident, size, first_key(2), targets
                    width = 4 + 2 * (data[pos + 2] | data[pos + 3] << 8)
                elif ident == 0x02:  # sparse-switch-payload: ident, size, keys, targets
                    width = 2 + 4 * (data[pos + 2] | data[pos + 3] << 8)
                elif ident == 0x03:  # fill-array-data-payload: ident, elem width, size(2), data
                    elem = data[pos + 2] | data[pos + 3] << 8
                    count = int.from_bytes(data[pos + 4 : pos + 8], "little")
                    width = 4 + (elem * count + 1) // 2
            elif width == 0:
                raise BadCode(f"invalid opcode 0x{op:02x} at insns+{pos - start:#x}")
            nxt = pos + 2 * width
            if nxt > end:
                raise BadCode(f"instruction at insns+{pos - start:#x} runs past the code end")
            pos = nxt
        if pos == target:
            found.add(target)
    return found

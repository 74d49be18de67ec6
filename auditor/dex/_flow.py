"""A small intra-method def-use pass: which values reach the arguments of each call.

Used only for the few methods where the catalogue needs to see an argument (the key given to
`Settings.Secure.getString`, the flags given to `TelephonyManager.listen`, how the Intent given
to `queryIntentActivities` was built) or what happens to a result (is the `File` from
`getExternalStorageDirectory` listed?). Nothing here crosses a method boundary.

The method's instructions are decoded once, split into basic blocks, and a forward pass
computes, for every register at every instruction, the set of abstract values it may hold:

    ("s", text)            a const-string
    ("i", number)          a constant int / long
    ("c", descriptor)      a const-class
    ("n", descriptor, at)  the object made by the new-instance at byte offset `at`
    ("r", at)              the result of the call at byte offset `at`
    ("p", k)               parameter k (0 is `this` of an instance method, then 1, 2, ...)
    ("f", field)           a value read from a field ('Lcls;->name:type')
    ("a", at)              the array made by the new-array / filled-new-array at offset `at`
    ("x",)                 anything else

What is put into arrays (aput-object, filled-new-array) and stored into fields (iput-object,
sput-object) is recorded too, so a caller can read `{CAMERA, READ_CONTACTS}` built before a
call, or the array a static initialiser stores into a `String[]` constant.

Sets are joined where control flow meets (branches, switches, exception handlers) and capped
at a few values; a fixed point is reached in a handful of passes for real methods, and a
bounded number of passes is enforced for hostile ones. A builder call (an instance method
returning its own class, e.g. `Intent.setPackage`) passes its receiver's values on to its
result, so `new Intent(A).setPackage(p)` is still recognised as the Intent made here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ._file import _CODE_HEADER, DexFile
from ._model import DexError
from ._opcodes import _OPCODE_RANGES

__all__ = ["UNKNOWN", "FieldStore", "Invoke", "MethodFlow", "analyse_method", "param_types"]

Value = tuple
UNKNOWN: Value = ("x",)
_UNKNOWN_SET = frozenset((UNKNOWN,))
#: More distinct values than this in one register and it becomes "anything".
MAX_VALUES = 8
#: Methods longer than this (code units) are not analysed: the callers treat every argument
#: as undetermined. Real methods that call sensitive APIs are far smaller.
MAX_UNITS = 1 << 15
#: Passes over the blocks before giving up on a fixed point (the result is then partial).
MAX_PASSES = 12

_FORMAT: list[str | None] = [None] * 256
for _lo, _hi, _fmt in _OPCODE_RANGES:
    for _op in range(_lo, _hi + 1):
        _FORMAT[_op] = _fmt

_INVOKE_STATIC = frozenset({0x71, 0x77})
_INVOKES = frozenset([*range(0x6E, 0x73), *range(0x74, 0x79), 0xFA, 0xFB, 0xFC, 0xFD])
_RETURNS_OR_THROW = frozenset([0x0E, 0x0F, 0x10, 0x11, 0x27])
_GOTOS = frozenset([0x28, 0x29, 0x2A])
# Opcodes that write a plain (not-tracked) value into vA.
_WRITES_A = frozenset(
    [0x20, 0x21, 0x23, *range(0x2D, 0x32), *range(0x44, 0x4B), *range(0x7B, 0xE3), 0xFE, 0xFF]
)


@dataclass(frozen=True)
class Invoke:
    """One call instruction and the values of its arguments (receiver first if any)."""

    offset: int  # byte offset from the start of the method's insns
    target: str  # 'Lcls;->name(desc)ret'
    static: bool
    args: tuple[frozenset[Value], ...]  # one set per Java parameter (wide ones once)

    def arg(self, n: int) -> frozenset[Value]:
        """Java argument n, counted from 1 (the receiver, if any, is argument 0)."""
        i = n if not self.static else n - 1
        if 0 <= i < len(self.args):
            return self.args[i]
        return _UNKNOWN_SET

    @property
    def receiver(self) -> frozenset[Value]:
        return frozenset() if self.static or not self.args else self.args[0]

    @property
    def name(self) -> str:
        return self.target.split("->", 1)[1].split("(", 1)[0]

    @property
    def cls(self) -> str:
        return self.target.split("->", 1)[0]


@dataclass(frozen=True)
class FieldStore:
    """One iput-object / sput-object and the values it may store."""

    offset: int
    field: str  # 'Lcls;->name:type'
    static: bool
    values: frozenset[Value]


@dataclass
class MethodFlow:
    """What the def-use pass learnt about one method (see the module doc)."""

    caller: str
    static: bool
    params: tuple[str, ...]  # Java parameter types, receiver excluded
    invokes: list[Invoke] = field(default_factory=list)
    strings: frozenset[str] = frozenset()
    ints: frozenset[int] = frozenset()
    classes: frozenset[str] = frozenset()  # const-class operands
    complete: bool = True  # False: too big / no fixed point; values may be missing
    # array offset -> every value put into that array (not capped: an array literal is listed
    # whole); the object stores, in code order
    arrays: dict[int, frozenset[Value]] = field(default_factory=dict)
    stores: list[FieldStore] = field(default_factory=list)

    def strings_in(self, values: Iterable[Value]) -> list[str]:
        """The constant strings among `values`, and in the arrays among them, in order seen."""
        out: list[str] = []
        for v in values:
            if v[0] == "s":
                out.append(v[1])
            elif v[0] == "a":
                out.extend(sorted(e[1] for e in self.arrays.get(v[1], ()) if e[0] == "s"))
        return out

    def fields_in(self, values: Iterable[Value]) -> list[str]:
        """The fields among `values`, and in the arrays among them (a String[][] of groups)."""
        out = [v[1] for v in values if v[0] == "f"]
        for v in values:
            if v[0] == "a":
                out.extend(sorted(e[1] for e in self.arrays.get(v[1], ()) if e[0] == "f"))
        return out

    def invoke_at(self, offset: int) -> Invoke | None:
        for inv in self.invokes:
            if inv.offset == offset:
                return inv
        return None

    def calls_on(self, values: Iterable[Value]) -> list[Invoke]:
        """Calls whose receiver may be one of `values` (tracked objects only)."""
        wanted = {v for v in values if v[0] in ("n", "r", "p", "f")}
        return [inv for inv in self.invokes if wanted & inv.receiver] if wanted else []

    def uses_of_result(self, offset: int) -> list[Invoke]:
        """Calls that take the result of the call at `offset` (as receiver or argument)."""
        mark = ("r", offset)
        return [inv for inv in self.invokes if any(mark in a for a in inv.args)]


def param_types(descriptor: str) -> list[str]:
    """'(IJLjava/lang/String;[B)V' -> ['I', 'J', 'Ljava/lang/String;', '[B']."""
    inner = descriptor[1 : descriptor.index(")")]
    out, i = [], 0
    while i < len(inner):
        j = i
        while inner[j] == "[":
            j += 1
        if inner[j] == "L":
            j = inner.index(";", j)
        out.append(inner[i : j + 1])
        i = j + 1
    return out


def _return_type(descriptor: str) -> str:
    return descriptor[descriptor.index(")") + 1 :]


# ------------------------------------------------------------------ decoding


@dataclass
class _Insn:
    off: int  # byte offset from insns start
    op: int
    a: int = 0
    b: int = 0
    c: int = 0
    regs: tuple[int, ...] = ()
    targets: tuple[int, ...] = ()  # branch targets (byte offsets)
    ends: bool = False  # no fall-through


def _s(value: int, bits: int) -> int:
    return value - (1 << bits) if value >> (bits - 1) & 1 else value


# Complexity allowed: one branch per instruction format, hot loop.
def _decode(buf: bytes, start: int, stop: int) -> Iterator[_Insn]:  # noqa: C901
    """Every instruction of one insns array; payloads are skipped."""
    pos = start

    def u16(p: int) -> int:
        if p + 2 > stop:
            raise DexError(f"instruction operand at insns+{p - start:#x} runs past the code end")
        return buf[p] | buf[p + 1] << 8

    def u32(p: int) -> int:
        return u16(p) | u16(p + 2) << 16

    while pos < stop:
        op = buf[pos]
        off = pos - start
        fmt = _FORMAT[op]
        if op == 0 and pos + 1 < stop and buf[pos + 1] in (0x01, 0x02, 0x03):
            ident = buf[pos + 1]
            size = u16(pos + 2)
            if ident == 0x01:
                pos += 2 * (4 + 2 * size)
            elif ident == 0x02:
                pos += 2 * (2 + 4 * size)
            elif ident == 0x03:
                count = u32(pos + 4)
                pos += 2 * (4 + (size * count + 1) // 2)
            continue
        if fmt is None:
            raise DexError(f"invalid opcode 0x{op:02x} at insns+{off:#x}")
        b1 = buf[pos + 1] if pos + 1 < stop else 0
        ins = _Insn(off, op)
        if fmt in ("10x",):
            width = 1
        elif fmt == "12x":
            width, ins.a, ins.b = 1, b1 & 0xF, b1 >> 4
        elif fmt == "11n":
            width, ins.a, ins.b = 1, b1 & 0xF, _s(b1 >> 4, 4)
        elif fmt == "11x":
            width, ins.a = 1, b1
        elif fmt == "10t":
            width, ins.targets = 1, (off + 2 * _s(b1, 8),)
        elif fmt == "20t":
            width, ins.targets = 2, (off + 2 * _s(u16(pos + 2), 16),)
        elif fmt == "30t":
            width, ins.targets = 3, (off + 2 * _s(u32(pos + 2), 32),)
        elif fmt == "22x":
            width, ins.a, ins.b = 2, b1, u16(pos + 2)
        elif fmt == "32x":
            width, ins.a, ins.b = 3, u16(pos + 2), u16(pos + 4)
        elif fmt == "21t":
            width, ins.a, ins.targets = 2, b1, (off + 2 * _s(u16(pos + 2), 16),)
        elif fmt == "21s":
            width, ins.a, ins.b = 2, b1, _s(u16(pos + 2), 16)
        elif fmt == "21h" or fmt == "21c":
            width, ins.a, ins.b = 2, b1, u16(pos + 2)
        elif fmt == "23x":
            width, ins.a, ins.b, ins.c = 2, b1, buf[pos + 2], buf[pos + 3]
        elif fmt == "22b":
            width, ins.a, ins.b, ins.c = 2, b1, buf[pos + 2], _s(buf[pos + 3], 8)
        elif fmt == "22t":
            width, ins.a, ins.b = 2, b1 & 0xF, b1 >> 4
            ins.targets = (off + 2 * _s(u16(pos + 2), 16),)
        elif fmt in ("22s", "22c"):
            width, ins.a, ins.b = 2, b1 & 0xF, b1 >> 4
            ins.c = _s(u16(pos + 2), 16) if fmt == "22s" else u16(pos + 2)
        elif fmt == "31t":
            width, ins.a = 3, b1
            ins.targets = _switch_targets(buf, start, stop, off, off + 2 * _s(u32(pos + 2), 32))
        elif fmt == "31i":
            width, ins.a, ins.b = 3, b1, _s(u32(pos + 2), 32)
        elif fmt == "31c":
            width, ins.a, ins.b = 3, b1, u32(pos + 2)
        elif fmt in ("35c", "45cc"):
            count, g = b1 >> 4, b1 & 0xF
            words = u16(pos + 4)
            regs = (words & 0xF, words >> 4 & 0xF, words >> 8 & 0xF, words >> 12, g)
            width = 3 if fmt == "35c" else 4
            ins.b, ins.regs = u16(pos + 2), regs[: min(count, 5)]
        elif fmt in ("3rc", "4rcc"):
            first = u16(pos + 4)
            width = 3 if fmt == "3rc" else 4
            ins.b, ins.regs = u16(pos + 2), tuple(range(first, first + b1))
        elif fmt == "51l":
            width, ins.a = 5, b1
            ins.b = _s(u32(pos + 2) | u32(pos + 6) << 32, 64)
        else:  # pragma: no cover - every format is listed above
            raise DexError(f"format {fmt} not handled")
        if pos + 2 * width > stop:
            raise DexError(f"instruction at insns+{off:#x} runs past the code end")
        if op in _RETURNS_OR_THROW or op in _GOTOS:
            ins.ends = True
        yield ins
        pos += 2 * width


def _switch_targets(buf: bytes, start: int, stop: int, off: int, payload: int) -> tuple[int, ...]:
    p = start + payload
    if payload < 0 or p + 4 > stop or buf[p] != 0:
        return ()
    ident, size = buf[p + 1], buf[p + 2] | buf[p + 3] << 8
    if ident == 0x01:
        first = p + 8
    elif ident == 0x02:
        first = p + 4 + 4 * size
    else:
        return ()
    if first + 4 * size > stop:
        return ()
    return tuple(
        off + 2 * _s(int.from_bytes(buf[first + 4 * i : first + 4 * i + 4], "little"), 32)
        for i in range(size)
    )


def _handlers(dex: DexFile, code_off: int) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start byte, end byte, handler byte offsets) of each try item."""
    _regs, _ins, _outs, tries, _debug, insns_size = _CODE_HEADER.unpack_from(dex.data, code_off)
    if not tries:
        return []
    pos = code_off + 16 + 2 * insns_size + (2 if insns_size & 1 else 0)
    list_start = pos + 8 * tries
    if list_start > dex.end:
        raise DexError(f"code_item at {code_off:#x}: tries run past the end")
    out = []
    for i in range(tries):
        start_addr = int.from_bytes(dex.data[pos + 8 * i : pos + 8 * i + 4], "little")
        count = dex.data[pos + 8 * i + 4] | dex.data[pos + 8 * i + 5] << 8
        hoff = dex.data[pos + 8 * i + 6] | dex.data[pos + 8 * i + 7] << 8
        p = list_start + hoff
        size, p = dex.sleb(p)
        addrs = []
        if abs(size) > (dex.end - p) // 2:
            raise DexError(f"code_item at {code_off:#x}: bad catch handler size")
        for _ in range(abs(size)):
            _t, p = dex.uleb(p)
            addr, p = dex.uleb(p)
            addrs.append(2 * addr)
        if size <= 0:
            addr, p = dex.uleb(p)
            addrs.append(2 * addr)
        out.append((2 * start_addr, 2 * (start_addr + count), tuple(addrs)))
    return out


# ------------------------------------------------------------------ the pass


def _join(a: frozenset[Value], b: frozenset[Value]) -> frozenset[Value]:
    if a is b or b <= a:
        return a
    u = a | b
    return u if len(u) <= MAX_VALUES else _UNKNOWN_SET


State = dict[int, frozenset[Value]]


def _merge(into: State | None, new: State) -> tuple[State, bool]:
    if into is None:
        return dict(new), True
    changed = False
    for reg, vals in new.items():
        old = into.get(reg)
        if old is None:
            into[reg] = vals
            changed = True
        else:
            joined = _join(old, vals)
            if joined is not old:
                into[reg] = joined
                changed = True
    # A register undefined on one path is undefined (unknown) after the merge.
    return into, changed


class _Resolver:
    """Index -> name, cached per method (one DexFile, many lookups)."""

    def __init__(self, dex: DexFile) -> None:
        self.dex = dex
        self.methods: dict[int, tuple[str, str, str]] = {}

    def method(self, idx: int) -> tuple[str, str, str]:
        m = self.methods.get(idx)
        if m is None:
            m = self.methods[idx] = self.dex.method_info(idx)
        return m


# Complexity allowed: the register-flow loop, hot.
def analyse_method(dex: DexFile, code_off: int, method_idx: int) -> MethodFlow:  # noqa: C901
    """Decode one method and run the value pass (see the module doc)."""
    cls, name, desc = dex.method_info(method_idx)
    start, stop = dex.code_bounds(code_off)
    regs_size, ins_size = _CODE_HEADER.unpack_from(dex.data, code_off)[:2]
    params = tuple(param_types(desc))
    # Static when the in-registers hold exactly the parameters (no `this`).
    static = ins_size == sum(2 if t in ("J", "D") else 1 for t in params)
    flow = MethodFlow(f"{cls}->{name}{desc}", static, params)
    if (stop - start) // 2 > MAX_UNITS:
        flow.complete = False
        return flow
    insns = list(_decode(dex.data, start, stop))
    if not insns:
        return flow

    # Parameters: the last ins_size registers, `this` first, wide ones take two.
    entry: State = {}
    reg = regs_size - ins_size
    if not static:
        entry[reg] = frozenset((("p", 0),))
        reg += 1
    for k, t in enumerate(params, 1):
        entry[reg] = frozenset((("p", k),))
        reg += 2 if t in ("J", "D") else 1

    # Basic blocks.
    index = {ins.off: i for i, ins in enumerate(insns)}
    leaders = {0}
    for i, ins in enumerate(insns):
        if ins.targets or ins.ends or ins.op in (0x2B, 0x2C):
            leaders.update(t for t in ins.targets if t in index)
            if i + 1 < len(insns):
                leaders.add(insns[i + 1].off)
    tries = _handlers(dex, code_off)
    for t_start, t_end, handlers in tries:
        leaders.update(h for h in handlers if h in index)
        if t_start in index:
            leaders.add(t_start)
        if t_end in index:
            leaders.add(t_end)
    starts = sorted(leaders)
    blocks: list[tuple[int, int]] = []  # [first insn index, last insn index]
    for j, s in enumerate(starts):
        first = index[s]
        last = index[starts[j + 1]] - 1 if j + 1 < len(starts) else len(insns) - 1
        blocks.append((first, last))
    block_of = {insns[first].off: b for b, (first, _last) in enumerate(blocks)}
    succs: list[list[int]] = []
    for _first, last in blocks:
        end = insns[last]
        out = [block_of[t] for t in end.targets if t in block_of]
        if not end.ends and last + 1 < len(insns):
            out.append(block_of[insns[last + 1].off])
        succs.append(out)
    handler_edges: list[list[int]] = [[] for _ in blocks]
    for t_start, t_end, handlers in tries:
        hb = [block_of[h] for h in handlers if h in block_of]
        for b, (first, last) in enumerate(blocks):
            if insns[first].off < t_end and insns[last].off >= t_start:
                handler_edges[b].extend(hb)

    res = _Resolver(dex)
    invokes: dict[int, Invoke] = {}
    strings: set[str] = set()
    ints: set[int] = set()
    classes: set[str] = set()
    memory = _Memory()
    in_states: list[State | None] = [None] * len(blocks)
    in_states[0] = entry
    work = [True] * len(blocks)
    for _ in range(MAX_PASSES):
        if not any(work):
            break
        for b, (first, last) in enumerate(blocks):
            if not work[b] or in_states[b] is None:
                continue
            work[b] = False
            state = dict(in_states[b] or {})
            for t in handler_edges[b]:
                merged, changed = _merge(in_states[t], state)
                in_states[t] = merged
                if changed:
                    work[t] = True
            pending: frozenset[Value] = _UNKNOWN_SET
            for i in range(first, last + 1):
                pending = _step(insns[i], state, pending, res, invokes, strings, ints, classes, memory)
            for t in handler_edges[b]:
                merged, changed = _merge(in_states[t], state)
                in_states[t] = merged
                if changed:
                    work[t] = True
            for t in succs[b]:
                merged, changed = _merge(in_states[t], state)
                in_states[t] = merged
                if changed:
                    work[t] = True
    else:
        flow.complete = not any(work)
    flow.invokes = [invokes[o] for o in sorted(invokes)]
    flow.strings = frozenset(strings)
    flow.ints = frozenset(ints)
    flow.classes = frozenset(classes)
    flow.arrays = {at: frozenset(items) for at, items in memory.arrays.items()}
    flow.stores = [memory.stores[o] for o in sorted(memory.stores)]
    return flow


class _Memory:
    """What the pass saw put into arrays and fields (joined over every visit)."""

    __slots__ = ("arrays", "stores")

    def __init__(self) -> None:
        self.arrays: dict[int, set[Value]] = {}
        self.stores: dict[int, FieldStore] = {}

    def put(self, arrays: frozenset[Value], values: frozenset[Value]) -> None:
        for v in arrays:
            if v[0] == "a":
                self.arrays.setdefault(v[1], set()).update(values)

    def store(self, offset: int, ref: str, static: bool, values: frozenset[Value]) -> None:
        old = self.stores.get(offset)
        if old is not None:
            values = _join(old.values, values)
        self.stores[offset] = FieldStore(offset, ref, static, values)


# Complexity allowed: one branch per opcode group, called per instruction.
def _step(  # noqa: C901
    ins: _Insn,
    state: State,
    pending: frozenset[Value],
    res: _Resolver,
    invokes: dict[int, Invoke],
    strings: set[str],
    ints: set[int],
    classes: set[str],
    memory: _Memory,
) -> frozenset[Value]:
    """Apply one instruction to `state`; return the value a following move-result gets."""
    op = ins.op
    get = state.get
    if op in _INVOKES:
        idx = ins.b
        cls, name, desc = res.method(idx)
        static = op in _INVOKE_STATIC
        types = param_types(desc)
        args: list[frozenset[Value]] = []
        regs = ins.regs
        r = 0
        if not static:
            args.append(get(regs[0], _UNKNOWN_SET) if regs else _UNKNOWN_SET)
            r = 1
        for t in types:
            args.append(get(regs[r], _UNKNOWN_SET) if r < len(regs) else _UNKNOWN_SET)
            r += 2 if t in ("J", "D") else 1
        old = invokes.get(ins.off)
        if old is not None:
            args = [_join(a, b) for a, b in zip(old.args, args, strict=True)]
        invokes[ins.off] = Invoke(ins.off, f"{cls}->{name}{desc}", static, tuple(args))
        result = frozenset((("r", ins.off),))
        if not static and _return_type(desc) == cls and args:
            result = _join(result, args[0])  # a builder returns its receiver
        return result
    if 0x01 <= op <= 0x09:  # move, move-wide, move-object (all forms)
        state[ins.a] = get(ins.b, _UNKNOWN_SET)
        if op in (0x04, 0x05, 0x06):
            state[ins.a + 1] = get(ins.b + 1, _UNKNOWN_SET)
    elif 0x0A <= op <= 0x0C:  # move-result*
        state[ins.a] = pending
        if op == 0x0B:
            state[ins.a + 1] = _UNKNOWN_SET
    elif op == 0x0D:
        state[ins.a] = _UNKNOWN_SET
    elif op in (0x12, 0x13, 0x14):
        state[ins.a] = frozenset((("i", ins.b),))
        ints.add(ins.b)
    elif op == 0x15:
        value = _s(ins.b << 16, 32)
        state[ins.a] = frozenset((("i", value),))
        ints.add(value)
    elif 0x16 <= op <= 0x19:
        value = ins.b << 48 if op == 0x19 else ins.b
        state[ins.a] = frozenset((("i", value),))
        state[ins.a + 1] = _UNKNOWN_SET
        ints.add(value)
    elif op in (0x1A, 0x1B):
        text = res.dex.string(ins.b)
        strings.add(text)
        state[ins.a] = frozenset((("s", text),))
    elif op == 0x1C:
        desc = res.dex.type_descriptor(ins.b)
        classes.add(desc)
        state[ins.a] = frozenset((("c", desc),))
    elif op == 0x1F:  # check-cast keeps the value
        pass
    elif op == 0x22:
        state[ins.a] = frozenset((("n", res.dex.type_descriptor(ins.b), ins.off),))
    elif op in (0x24, 0x25):  # filled-new-array: the array of these registers
        array = frozenset((("a", ins.off),))
        memory.arrays.setdefault(ins.off, set())
        for r in ins.regs:
            memory.put(array, get(r, _UNKNOWN_SET))
        return array
    elif op == 0x23:  # new-array vA, vB, type
        state[ins.a] = frozenset((("a", ins.off),))
        memory.arrays.setdefault(ins.off, set())
    elif op == 0x4D:  # aput-object vAA (value), vBB (array), vCC (index)
        memory.put(get(ins.b, _UNKNOWN_SET), get(ins.a, _UNKNOWN_SET))
    elif op in (0x5B, 0x69):  # iput-object vA, vB, field / sput-object vAA, field
        fcls, fname, ftype = res.dex.field_info(ins.c if op == 0x5B else ins.b)
        memory.store(ins.off, f"{fcls}->{fname}:{ftype}", op == 0x69, get(ins.a, _UNKNOWN_SET))
    elif 0x52 <= op <= 0x58 or 0x60 <= op <= 0x66:
        fidx = ins.c if op <= 0x58 else ins.b
        fcls, fname, ftype = res.dex.field_info(fidx)
        state[ins.a] = frozenset((("f", f"{fcls}->{fname}:{ftype}"),))
        if op in (0x53, 0x61):
            state[ins.a + 1] = _UNKNOWN_SET
    elif op in _WRITES_A:
        state[ins.a] = _UNKNOWN_SET
    return _UNKNOWN_SET

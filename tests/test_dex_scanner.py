"""Unit tests of auditor.dex: the fixture APKs, a synthetic dex writer, and hostile input.

The synthetic writer below (`DexBuilder`) is deliberately independent of auditor.dex (its
own MUTF-8 encoder, its own sorting), so the scanner is not checked against itself. It
writes just enough of the format for the scanner: id tables, class_data, code items with
optional tries/handlers, and a map_list.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import re
import signal
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.dex import (
    DEX_MAGIC_PREFIX,
    DexError,
    DexFile,
    FieldTarget,
    MethodTarget,
    Reference,
    StringTarget,
    TargetSet,
    _scan,
    looks_like_dex,
    scan_dex,
)
from auditor.dex._code import CodeLocator, parse_class_data
from auditor.dex._mutf8 import decode_mutf8, encode_mutf8, pool_sort_key

SAMPLES = Path(__file__).resolve().parent.parent / "sample_apks"

QUERY = MethodTarget("query", "Landroid/content/ContentResolver;", "query", None)
PHONE_URI = FieldTarget(
    "phone_uri", "Landroid/provider/ContactsContract$CommonDataKinds$Phone;", "CONTENT_URI"
)
SMS_PREFIX = StringTarget("sms", "content://sms", "prefix")


# =============================================================== a tiny independent dex writer


def _mutf8(text: str) -> tuple[bytes, int]:
    """MUTF-8 from UTF-16 code units (independent of auditor.dex._mutf8)."""
    units = struct.unpack(f"<{len(text.encode('utf-16-le')) // 2}H", text.encode("utf-16-le"))
    out = bytearray()
    for u in units:
        if u == 0:
            out += b"\xc0\x80"
        elif u < 0x80:
            out.append(u)
        elif u < 0x800:
            out += bytes((0xC0 | u >> 6, 0x80 | u & 0x3F))
        else:
            out += bytes((0xE0 | u >> 12, 0x80 | (u >> 6) & 0x3F, 0x80 | u & 0x3F))
    return bytes(out), len(units)


def _uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _sleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def _utf16_key(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")  # bytewise == code-unit order


MethodKey = tuple[str, str, tuple[str, ...], str]  # class, name, params, return
FieldKey = tuple[str, str, str]  # class, name, type

# An instruction is a function of the resolved index maps returning its code units.
Insn = Callable[["_Ids"], list[int]]


@dataclass
class _Ids:
    strings: dict[str, int]
    types: dict[str, int]
    fields: dict[FieldKey, int]
    methods: dict[MethodKey, int]


def invoke(op: int, m: MethodKey, regs: tuple[int, ...] = ()) -> Insn:
    """invoke-kind (35c): op | A<<12 | G<<8, BBBB, F|E|D|C nibbles."""

    def enc(ids: _Ids) -> list[int]:
        r = [*regs, 0, 0, 0, 0, 0]
        return [op | len(regs) << 12, ids.methods[m], r[0] | r[1] << 4 | r[2] << 8 | r[3] << 12]

    return enc


def invoke_range(op: int, m: MethodKey, first: int, count: int) -> Insn:
    return lambda ids: [op | count << 8, ids.methods[m], first]


def sget(op: int, f: FieldKey, reg: int = 0) -> Insn:
    return lambda ids: [op | reg << 8, ids.fields[f]]


def iget(op: int, f: FieldKey, a: int = 0, b: int = 1) -> Insn:
    return lambda ids: [op | b << 12 | a << 8, ids.fields[f]]


def const_string(s: str, reg: int = 0) -> Insn:
    return lambda ids: [0x1A | reg << 8, ids.strings[s]]


def const_string_jumbo(s: str, reg: int = 0) -> Insn:
    return lambda ids: [0x1B | reg << 8, ids.strings[s] & 0xFFFF, ids.strings[s] >> 16]


def raw(*units: int) -> Insn:
    return lambda ids: list(units)


def method_units(m: MethodKey) -> Insn:
    """The bare index of a method as one code unit (to forge look-alikes in payloads)."""
    return lambda ids: [ids.methods[m]]


RETURN_VOID = raw(0x000E)
NOP = raw(0x0000)


@dataclass
class MethodDef:
    name: str
    params: tuple[str, ...]
    ret: str
    code: list[Insn] | None
    direct: bool = False
    tries: bool = False  # add one try block + a catch-all handler list after the insns
    # start_addr of that try block: lets a test plant instruction look-alikes in the tail
    try_start: Callable[[_Ids], int] = lambda ids: 0


@dataclass
class ClassDef:
    descriptor: str
    methods: list[MethodDef]
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, type)


@dataclass
class DexBuilder:
    version: int = 35
    classes: list[ClassDef] = field(default_factory=list)
    extra_strings: list[str] = field(default_factory=list)
    referenced_methods: list[MethodKey] = field(default_factory=list)
    referenced_fields: list[FieldKey] = field(default_factory=list)
    # reorders the code items (default: class by class, like d8)
    code_order: Callable[[list[tuple[ClassDef, MethodDef]]], None] = lambda items: None

    # Complexity allowed: writes every DEX section in file order.
    def build(self, data_base: int = 0, header_offset: int = 0) -> bytes:  # noqa: C901
        """Dex bytes. For v41 container entries, data offsets are shifted by `data_base`."""
        methods: set[MethodKey] = set(self.referenced_methods)
        fields: set[FieldKey] = set(self.referenced_fields)
        for c in self.classes:
            methods |= {(c.descriptor, m.name, m.params, m.ret) for m in c.methods}
            fields |= {(c.descriptor, n, t) for n, t in c.fields}
        protos = {(m[3], m[2]) for m in methods}
        shorty = {p: "".join("L" if t[0] in "L[" else t for t in (p[0], *p[1])) for p in protos}
        types = {m[0] for m in methods} | {f[0] for f in fields} | {f[2] for f in fields}
        types |= {t for p in protos for t in (p[0], *p[1])} | {c.descriptor for c in self.classes}
        strings = set(self.extra_strings) | types | set(shorty.values())
        strings |= {m[1] for m in methods} | {f[1] for f in fields}

        s_list = sorted(strings, key=_utf16_key)
        s_idx = {s: i for i, s in enumerate(s_list)}
        t_list = sorted(types, key=lambda t: s_idx[t])
        t_idx = {t: i for i, t in enumerate(t_list)}
        p_list = sorted(protos, key=lambda p: (t_idx[p[0]], [t_idx[x] for x in p[1]]))
        p_idx = {p: i for i, p in enumerate(p_list)}
        f_list = sorted(fields, key=lambda f: (t_idx[f[0]], s_idx[f[1]], t_idx[f[2]]))
        f_idx = {f: i for i, f in enumerate(f_list)}
        m_list = sorted(methods, key=lambda m: (t_idx[m[0]], s_idx[m[1]], p_idx[(m[3], m[2])]))
        m_idx = {m: i for i, m in enumerate(m_list)}
        ids = _Ids(s_idx, t_idx, f_idx, m_idx)

        hsize = 0x78 if self.version >= 41 else 0x70
        off_strings = hsize
        off_types = off_strings + 4 * len(s_list)
        off_protos = off_types + 4 * len(t_list)
        off_fields = off_protos + 12 * len(p_list)
        off_methods = off_fields + 8 * len(f_list)
        off_classes = off_methods + 8 * len(m_list)
        data_off = off_classes + 32 * len(self.classes)
        data = bytearray()

        def here() -> int:  # an offset in the data area, as written into the file
            return data_base + data_off + len(data)

        def align4() -> None:
            while (data_off + len(data)) % 4:
                data.append(0)

        # code items
        align4()
        code_start = here()
        code_off: dict[MethodKey, int] = {}
        with_code = [(c, m) for c in self.classes for m in c.methods if m.code is not None]
        self.code_order(with_code)
        for c, m in with_code:
            if m.code is not None:
                align4()
                units = [u for insn in m.code for u in insn(ids)]
                key = (c.descriptor, m.name, m.params, m.ret)
                code_off[key] = here()
                data += struct.pack("<HHHHII", 16, 1, 5, 1 if m.tries else 0, 0, len(units))
                data += struct.pack(f"<{len(units)}H", *units)
                if m.tries:
                    if len(units) % 2:
                        data += b"\0\0"
                    data += struct.pack("<IHH", m.try_start(ids), len(units), 1)  # handler @1
                    # handler list: 1 handler, size -1 (one typed handler + catch-all)
                    type_idx = t_idx[c.descriptor]
                    data += _uleb(1) + _sleb(-1) + _uleb(type_idx) + _uleb(0) + _uleb(0)
        n_code = len(code_off)
        # type lists
        align4()
        tl_start = here()
        params_off: dict[tuple[str, tuple[str, ...]], int] = {}
        for p in p_list:
            if p[1]:
                align4()
                params_off[p] = here()
                data += struct.pack("<I", len(p[1])) + b"".join(
                    struct.pack("<H", t_idx[t]) for t in p[1]
                )
        n_tl = len(params_off)
        # string data
        sd_start = here()
        s_off = []
        for s in s_list:
            s_off.append(here())
            enc, n_units = _mutf8(s)
            data += _uleb(n_units) + enc + b"\0"
        # class data
        cd_start = here()
        cd_off = []
        for c in self.classes:
            cd_off.append(here())
            direct = sorted((m for m in c.methods if m.direct), key=lambda m: _mkey(ids, c, m))
            virtual = sorted((m for m in c.methods if not m.direct), key=lambda m: _mkey(ids, c, m))
            ifields = sorted(f_idx[(c.descriptor, n, t)] for n, t in c.fields)
            data += _uleb(0) + _uleb(len(ifields)) + _uleb(len(direct)) + _uleb(len(virtual))
            prev = 0
            for fi in ifields:
                data += _uleb(fi - prev) + _uleb(0x1)
                prev = fi
            for group in (direct, virtual):
                prev = 0
                for m in group:
                    mi = _mkey(ids, c, m)
                    key = (c.descriptor, m.name, m.params, m.ret)
                    flags = 0x9 if m.direct else 0x1  # public static / public
                    data += _uleb(mi - prev) + _uleb(flags) + _uleb(code_off.get(key, 0))
                    prev = mi
        # map list
        align4()
        map_off = here()
        entries = [
            (0x0000, 1, 0),
            (0x0001, len(s_list), off_strings),
            (0x0002, len(t_list), off_types),
            (0x0003, len(p_list), off_protos),
            (0x0004, len(f_list), off_fields),
            (0x0005, len(m_list), off_methods),
            (0x0006, len(self.classes), off_classes),
            (0x2001, n_code, code_start),
            (0x1001, n_tl, tl_start),
            (0x2002, len(s_list), sd_start),
            (0x2000, len(self.classes), cd_start),
            (0x1000, 1, map_off),
        ]
        entries = [e for e in entries if e[1]]
        data += struct.pack("<I", len(entries))
        for kind, count, where in entries:
            data += struct.pack("<HHII", kind, 0, count, where)

        out = bytearray(data_off)
        for i, o in enumerate(s_off):
            struct.pack_into("<I", out, off_strings + 4 * i, o)
        for i, desc in enumerate(t_list):
            struct.pack_into("<I", out, off_types + 4 * i, s_idx[desc])
        for i, p in enumerate(p_list):
            struct.pack_into(
                "<III",
                out,
                off_protos + 12 * i,
                s_idx[shorty[p]],
                t_idx[p[0]],
                params_off.get(p, 0),
            )
        for i, f in enumerate(f_list):
            struct.pack_into("<HHI", out, off_fields + 8 * i, t_idx[f[0]], t_idx[f[2]], s_idx[f[1]])
        for i, mk in enumerate(m_list):
            struct.pack_into(
                "<HHI", out, off_methods + 8 * i, t_idx[mk[0]], p_idx[(mk[3], mk[2])], s_idx[mk[1]]
            )
        for i, c in enumerate(self.classes):
            struct.pack_into(
                "<8I", out, off_classes + 32 * i,
                t_idx[c.descriptor], 0x1, 0xFFFFFFFF, 0, 0xFFFFFFFF, 0, cd_off[i], 0,
            )  # fmt: skip
        out += data
        struct.pack_into("<8s", out, 0, b"dex\n%03d\0" % self.version)
        struct.pack_into("<IIIIII", out, 32, len(out), hsize, 0x12345678, 0, 0, map_off)
        struct.pack_into(
            "<14I", out, 56,
            len(s_list), off_strings if s_list else 0, len(t_list), off_types if t_list else 0,
            len(p_list), off_protos if p_list else 0, len(f_list), off_fields if f_list else 0,
            len(m_list), off_methods if m_list else 0,
            len(self.classes), off_classes if self.classes else 0,
            len(data), data_base + data_off,
        )  # fmt: skip
        if self.version >= 41:
            struct.pack_into("<II", out, 0x70, len(out), header_offset)
        out[12:32] = hashlib.sha1(out[32:]).digest()
        struct.pack_into("<I", out, 8, zlib.adler32(bytes(out[12:])))
        return bytes(out)


def _mkey(ids: _Ids, c: ClassDef, m: MethodDef) -> int:
    return ids.methods[(c.descriptor, m.name, m.params, m.ret)]


# Framework members used by the synthetic dex files.
CR = "Landroid/content/ContentResolver;"
URI = "Landroid/net/Uri;"
STR = "Ljava/lang/String;"
CURSOR = "Landroid/database/Cursor;"
QUERY5: MethodKey = (CR, "query", (URI, f"[{STR}", STR, f"[{STR}", STR), CURSOR)
QUERY3: MethodKey = (CR, "query", (URI, f"[{STR}", "Landroid/os/Bundle;"), CURSOR)
PARSE: MethodKey = (URI, "parse", (STR,), URI)
PHONE: FieldKey = ("Landroid/provider/ContactsContract$CommonDataKinds$Phone;", "CONTENT_URI", URI)
SDK_INT: FieldKey = ("Landroid/os/Build$VERSION;", "SDK_INT", "I")
QUERY5_SIG = f"{CR}->query({URI}[{STR}{STR}[{STR}{STR}){CURSOR}"
QUERY3_SIG = f"{CR}->query({URI}[{STR}Landroid/os/Bundle;){CURSOR}"


def sample_builder(version: int = 35) -> DexBuilder:
    """A dex exercising every kind of reference and the usual traps."""
    app = "Lcom/example/App;"
    helper = "Lcom/example/Helper;"
    return DexBuilder(
        version=version,
        extra_strings=[
            "content://sms/inbox",
            "content://sms",
            "content://smsx",
            "content://contacts",
            "héllo wörld",
            "nul\0inside",
            "emoji \U0001f600 here",
            "zzz-jumbo",
        ],
        referenced_methods=[QUERY5, QUERY3, PARSE],
        referenced_fields=[PHONE, SDK_INT],
        classes=[
            ClassDef(
                app,
                fields=[("count", "I")],
                methods=[
                    MethodDef(
                        "readAll",
                        (),
                        "V",
                        [
                            sget(0x62, PHONE, 1),  # sget-object
                            const_string("content://sms/inbox", 2),
                            invoke(0x71, PARSE, (2,)),  # invoke-static
                            invoke_range(0x74, QUERY5, 0, 6),  # invoke-virtual/range
                            invoke(0x6E, QUERY3, (0, 1, 2, 3)),  # invoke-virtual
                            iget(0x52, (app, "count", "I"), 3, 4),  # iget of an app field
                            const_string_jumbo("zzz-jumbo", 5),
                            RETURN_VOID,
                        ],
                    ),
                    MethodDef(
                        "<init>",
                        (),
                        "V",
                        [sget(0x60, SDK_INT, 0), RETURN_VOID],  # sget
                        direct=True,
                    ),
                    MethodDef("abstractish", (STR,), "V", None),  # no code
                ],
            ),
            ClassDef(
                helper,
                methods=[
                    # A fill-array-data payload whose data looks exactly like invoke-virtual
                    # {..} query: it must NOT be reported (it is not an instruction).
                    MethodDef(
                        "payload",
                        (),
                        "V",
                        [
                            raw(0x0026, 4, 0),  # fill-array-data v0, +4 code units
                            RETURN_VOID,
                            raw(0x0300, 2, 6, 0),  # payload: ident 3, width 2, size 6
                            raw(0x006E),
                            method_units(QUERY5),
                            raw(0, 0x006E),
                            method_units(QUERY5),
                            raw(0),
                        ],
                    ),
                    # A try block whose try_item bytes look like 'const-string "content://
                    # sms/inbox"': that is the code item's tail, not an instruction.
                    MethodDef(
                        "guarded",
                        (),
                        "V",
                        [NOP, RETURN_VOID],
                        tries=True,
                        try_start=lambda ids: 0x1A | ids.strings["content://sms/inbox"] << 16,
                    ),
                    # const/16 v0x62, #imm: from the odd offset 1 the bytes read
                    # 'sget-object v0, PHONE'. Odd offsets are never instructions.
                    MethodDef(
                        "odd",
                        (),
                        "V",
                        [
                            lambda ids: [0x6213, (ids.fields[PHONE] & 0xFF) << 8],
                            lambda ids: [ids.fields[PHONE] >> 8],  # low byte: nop
                            RETURN_VOID,
                        ],
                        direct=True,
                    ),
                    # const-wide v0, #imm64 whose first units read 'invoke-virtual {} query'
                    # at an even offset that is not an instruction boundary.
                    MethodDef(
                        "wide",
                        (),
                        "V",
                        [lambda ids: [0x0018, 0x006E, ids.methods[QUERY5], 0, 0], RETURN_VOID],
                    ),
                ],
            ),
        ],
    )


@pytest.fixture(scope="module")
def sample_dex() -> bytes:
    return sample_builder().build()


ALL_TARGETS = TargetSet(
    methods=(QUERY, MethodTarget("parse", URI, "parse")),
    fields=(PHONE_URI, FieldTarget("sdk", "Landroid/os/Build$VERSION;", "SDK_INT", "I")),
    strings=(SMS_PREFIX, StringTarget("jumbo", "zzz-jumbo")),
)


# =============================================================== helpers


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts a runaway parse (Unix main thread only)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - e.g. Windows: no limit
        yield
        return

    def boom(signum: int, frame: object) -> None:
        raise TimeoutError(f"dex parsing took more than {seconds}s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def exercise(data: bytes) -> None:
    """Every public entry point on `data`: DexError or a result, nothing else, in time."""
    with time_limit(10):
        with contextlib.suppress(DexError):
            scan_dex(data, ALL_TARGETS, "fuzz.dex")
        try:
            dex = DexFile(data, "fuzz.dex")
        except DexError:
            return
        for call in (
            dex.class_descriptors,
            lambda: dex.strings_with_prefix("content://"),
            lambda: dex.strings_containing("sms"),
            lambda: dex.strings_containing("\0"),
        ):
            with contextlib.suppress(DexError):
                call()


def insns_of(dex: DexFile, cls: str, name: str, desc: str) -> tuple[int, int]:
    """Absolute insns range of one method (test helper, parses every class)."""
    (midx,) = dex.find_methods(cls, name, desc)
    for ci in range(dex.class_defs_size):
        for code_off, m in parse_class_data(dex, ci):
            if m == midx:
                return dex.code_bounds(code_off)
    raise AssertionError(f"no code for {cls}->{name}{desc}")


# =============================================================== synthetic dex: results


def test_scan_finds_every_kind(sample_dex: bytes) -> None:
    refs = scan_dex(sample_dex, ALL_TARGETS, "classes.dex")
    got = {(r.caller, r.kind, r.key, r.target) for r in refs}
    read_all = "Lcom/example/App;->readAll()V"
    assert got == {
        (read_all, "field_read", "phone_uri", f"{PHONE[0]}->CONTENT_URI:{URI}"),
        (read_all, "const_string", "sms", "content://sms/inbox"),
        (read_all, "invoke", "parse", f"{URI}->parse({STR}){URI}"),
        (read_all, "invoke", "query", QUERY5_SIG),
        (read_all, "invoke", "query", QUERY3_SIG),
        (read_all, "const_string", "jumbo", "zzz-jumbo"),
        (
            "Lcom/example/App;-><init>()V",
            "field_read",
            "sdk",
            "Landroid/os/Build$VERSION;->SDK_INT:I",
        ),
    }
    assert all(r.dex == "classes.dex" for r in refs)
    assert refs == sorted(refs)


def test_offsets_are_byte_offsets_of_real_instructions(sample_dex: bytes) -> None:
    refs = scan_dex(sample_dex, ALL_TARGETS, "classes.dex")
    dex = DexFile(sample_dex)
    start, _ = insns_of(dex, "Lcom/example/App;", "readAll", "()V")
    by_target = {r.target: r.offset for r in refs if r.caller_method == "readAll"}
    # sget(2 units) const-string(2) invoke-static(3) invoke/range(3) invoke(3) iget(2) jumbo
    assert by_target[f"{PHONE[0]}->CONTENT_URI:{URI}"] == 0
    assert by_target["content://sms/inbox"] == 4
    assert by_target[f"{URI}->parse({STR}){URI}"] == 8
    assert by_target[QUERY5_SIG] == 14
    assert sample_dex[start + 14] == 0x74  # invoke-virtual/range
    assert by_target[QUERY3_SIG] == 20
    assert by_target["zzz-jumbo"] == 30
    assert sample_dex[start + 30] == 0x1B  # const-string/jumbo


def test_look_alikes_in_payloads_handlers_and_odd_offsets_are_rejected(sample_dex: bytes) -> None:
    refs = scan_dex(sample_dex, ALL_TARGETS, "classes.dex")
    assert not [r for r in refs if r.caller_class == "Lcom/example/Helper;"]
    # ...but the look-alikes are really there, so the rejection is what is being tested
    dex = DexFile(sample_dex)
    (q5,) = dex.find_methods(CR, "query", QUERY5_SIG.split("->query", 1)[1])
    assert sample_dex.count(b"\x6e\x00" + struct.pack("<H", q5)) == 3  # 2 payload, 1 wide...
    assert sample_dex.count(b"\x74\x06" + struct.pack("<H", q5)) == 1  # ...and the real ones
    sms = dex.find_string("content://sms/inbox")
    assert sample_dex.count(b"\x1a\x00" + struct.pack("<H", sms)) == 1  # the try_item
    phone = dex.find_fields(*PHONE)[0]
    assert sample_dex.count(b"\x62\x00" + struct.pack("<H", phone)) == 1  # the odd one


def test_descriptor_selects_one_overload(sample_dex: bytes) -> None:
    five = QUERY5_SIG.split("->query", 1)[1]
    targets = TargetSet(methods=(MethodTarget("q5", CR, "query", five),))
    assert {r.target for r in scan_dex(sample_dex, targets, "x")} == {QUERY5_SIG}
    spaced = five.replace(";", "; ")  # androguard-style spacing is tolerated
    targets = TargetSet(methods=(MethodTarget("q5", CR, "query", spaced),))
    assert {r.target for r in scan_dex(sample_dex, targets, "x")} == {QUERY5_SIG}
    wrong = TargetSet(methods=(MethodTarget("q", CR, "query", "()V"),))
    assert scan_dex(sample_dex, wrong, "x") == []


def test_field_type_filter(sample_dex: bytes) -> None:
    assert scan_dex(sample_dex, TargetSet(fields=(FieldTarget("k", *PHONE[:2], "I"),)), "x") == []
    assert scan_dex(sample_dex, TargetSet(fields=(FieldTarget("k", *PHONE),)), "x")


def test_several_targets_on_one_instruction_give_one_reference_each(sample_dex: bytes) -> None:
    targets = TargetSet(
        methods=(QUERY, MethodTarget("q-again", CR, "query")),
        strings=(SMS_PREFIX, StringTarget("exact", "content://sms/inbox")),
    )
    refs = scan_dex(sample_dex, targets, "x")
    assert sorted(r.key for r in refs if r.offset == 14) == ["q-again", "query"]
    assert sorted(r.key for r in refs if r.kind == "const_string") == ["exact", "sms"]


def test_absent_targets_give_nothing(sample_dex: bytes) -> None:
    targets = TargetSet(
        methods=(
            MethodTarget("a", "Landroid/telephony/SmsManager;", "sendTextMessage"),
            MethodTarget("b", CR, "delete"),  # class present, name absent
        ),
        fields=(FieldTarget("c", "Landroid/os/Build;", "SERIAL"),),
        strings=(StringTarget("d", "content://call_log", "prefix"), StringTarget("e", "content")),
    )
    assert scan_dex(sample_dex, targets, "x") == []
    assert scan_dex(sample_dex, TargetSet(), "x") == []


def test_prefix_matching_is_exact_about_boundaries(sample_dex: bytes) -> None:
    dex = DexFile(sample_dex)
    assert dex.strings_with_prefix("content://sms") == [
        "content://sms",
        "content://sms/inbox",
        "content://smsx",
    ]
    assert dex.strings_with_prefix("content://smsx") == ["content://smsx"]
    assert dex.strings_with_prefix("nope") == []
    assert dex.find_string("content://sm") is None


def test_non_ascii_strings_are_found(sample_dex: bytes) -> None:
    dex = DexFile(sample_dex)
    for s in ("héllo wörld", "nul\0inside", "emoji \U0001f600 here"):
        idx = dex.find_string(s)
        assert idx is not None and dex.string(idx) == s
    assert dex.strings_containing("wörld") == ["héllo wörld"]
    assert dex.strings_containing("\U0001f600") == ["emoji \U0001f600 here"]
    assert dex.strings_containing("\0") == ["nul\0inside"]


def test_class_descriptors_and_containing(sample_dex: bytes) -> None:
    dex = DexFile(sample_dex)
    assert dex.class_descriptors() == ["Lcom/example/App;", "Lcom/example/Helper;"]
    assert dex.strings_containing("sms/in") == ["content://sms/inbox"]
    assert "content://contacts" in dex.strings_containing("://")


def test_bytes_bytearray_and_memoryview_inputs_agree(sample_dex: bytes) -> None:
    expected = scan_dex(sample_dex, ALL_TARGETS, "x")
    assert scan_dex(bytearray(sample_dex), ALL_TARGETS, "x") == expected
    assert scan_dex(memoryview(sample_dex), ALL_TARGETS, "x") == expected


def test_reference_caller_and_order() -> None:
    a = Reference("classes.dex", "La;", "m", "()V", 4, "invoke", "k", "Lb;->n()V")
    b = Reference("classes.dex", "La;", "m", "()V", 2, "invoke", "k", "Lb;->n()V")
    assert a.caller == "La;->m()V"
    assert sorted([a, b]) == [b, a]


@pytest.mark.parametrize("version", [35, 36, 37, 38, 39, 40, 41])
def test_every_supported_version(version: int) -> None:
    data = sample_builder(version).build()
    assert looks_like_dex(data) and data.startswith(DEX_MAGIC_PREFIX)
    refs = scan_dex(data, ALL_TARGETS, "x")
    assert len(refs) == 7


def test_v41_container_with_two_entries() -> None:
    first = sample_builder(41).build()
    second_builder = DexBuilder(
        version=41,
        referenced_methods=[PARSE],
        extra_strings=["content://sms/sent"],
        classes=[
            ClassDef(
                "Lcom/other/Second;",
                [MethodDef("go", (), "V", [const_string("content://sms/sent"), RETURN_VOID])],
            )
        ],
    )
    # id offsets are relative to each header, data offsets to the container start
    second = second_builder.build(data_base=len(first), header_offset=len(first))
    container = bytearray(first + second)
    for h in (0, len(first)):
        struct.pack_into("<I", container, h + 0x70, len(container))
    refs = scan_dex(bytes(container), ALL_TARGETS, "classes.dex")
    assert {r.caller_class for r in refs} == {"Lcom/example/App;", "Lcom/other/Second;"}
    entries = DexFile.open_all(bytes(container))
    assert len(entries) == 2
    assert entries[1].class_descriptors() == ["Lcom/other/Second;"]
    # DexFile(data) answers its value helpers for the whole container file
    whole = DexFile(bytes(container))
    assert whole.class_descriptors() == [
        "Lcom/example/App;",
        "Lcom/example/Helper;",
        "Lcom/other/Second;",
    ]
    assert whole.strings_with_prefix("content://sms/") == [
        "content://sms/inbox",
        "content://sms/sent",
    ]
    assert whole.strings_containing("sms/sent") == ["content://sms/sent"]


def _generated_dex(shuffle: bool) -> bytes:
    rng = random.Random(7)
    classes = []
    for c in range(60):
        methods = []
        for k in range(rng.randint(0, 6)):
            body: list[Insn] = [
                rng.choice(
                    [
                        invoke(0x6E, QUERY5, (0, 1, 2, 3, 4)),
                        invoke_range(0x74, QUERY5, 0, 6),
                        sget(0x62, PHONE),
                        raw(0x0001),
                        raw(0x0013, 0x6E00),
                        const_string("content://sms"),
                    ]
                )
                for _ in range(rng.randint(1, 12))
            ]
            body.append(RETURN_VOID)
            methods.append(MethodDef(f"m{k}", (), "V", body, direct=bool(k % 2), tries=k == 3))
        methods.append(MethodDef("abs", ("I",), "V", None))
        classes.append(ClassDef(f"Lcom/gen/C{c:03d};", methods))
    builder = DexBuilder(
        classes=classes,
        referenced_methods=[QUERY5],
        referenced_fields=[PHONE],
        extra_strings=["content://sms"],
    )
    if shuffle:  # code items of different classes interleaved (dexlayout-style)
        builder.code_order = random.Random(3).shuffle
    return builder.build()


@pytest.mark.parametrize("shuffle", [False, True], ids=["class-order", "shuffled"])
def test_code_locator_local_answers_equal_exact_index(shuffle: bool) -> None:
    """Every answer of the cheap proven search equals the exact all-methods index."""
    data = _generated_dex(shuffle)
    dex = DexFile(data)
    local, exact = CodeLocator(dex), CodeLocator(dex)
    lo, hi = dex.code_area
    answered = 0
    for pos in range(lo, hi, 2):
        got = local._locate_local(pos)
        if got is not False:
            answered += 1
            assert (got if isinstance(got, tuple) else None) == exact._locate_exact(pos), pos
    if not shuffle:  # the d8-like layout is answered locally almost everywhere
        assert answered > 0.9 * (hi - lo) // 2
    refs = scan_dex(data, ALL_TARGETS, "x")
    assert refs and all(r.caller_class.startswith("Lcom/gen/C") for r in refs)
    assert len(refs) == len({(r.caller, r.offset, r.key) for r in refs})


def test_shuffled_layout_gives_the_same_references() -> None:
    def normal(refs: list[Reference]) -> set[tuple[str, str, int]]:
        return {(r.caller, r.key, r.offset) for r in refs}

    a = normal(scan_dex(_generated_dex(False), ALL_TARGETS, "x"))
    b = normal(scan_dex(_generated_dex(True), ALL_TARGETS, "x"))
    assert a == b


# =============================================================== regex building blocks


@given(st.sets(st.integers(0, 0xFFFF), min_size=1, max_size=300), st.data())
@settings(max_examples=60, deadline=None)
def test_u16_pattern_matches_exactly_the_set(values: set[int], data: st.DataObject) -> None:
    pattern = _scan._u16_pattern(values)
    if pattern is None:
        return  # too many branches: the caller falls back to a generic match
    rx = re.compile(pattern, re.DOTALL)
    probes = list(values) + data.draw(st.lists(st.integers(0, 0xFFFF), max_size=200))
    for v in probes:
        assert bool(rx.fullmatch(struct.pack("<H", v))) == (v in values), hex(v)


def _brute_force(buf: bytes, lo: int, hi: int, wanted: set[int], ops: set[int]) -> set[int]:
    return {
        p for p in range(lo, hi - 3) if buf[p] in ops and (buf[p + 2] | buf[p + 3] << 8) in wanted
    }


@given(
    st.binary(min_size=4, max_size=600).map(
        lambda b: bytes(x if x % 3 else (0x6E, 0x74, 0x52, 0x00, 0x12)[x % 5] for x in b)
    ),
    st.sets(st.integers(0, 0xFFFF), min_size=1, max_size=20),
    st.booleans(),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_family_candidates_equal_brute_force(buf: bytes, wanted: set[int], literal: bool) -> None:
    # Plant some occurrences, including overlapping ones (idx with low == high byte).
    planted = bytearray(buf)
    for i, v in enumerate(sorted(wanted)):
        at = (i * 7) % max(1, len(planted) - 4)
        planted[at : at + 4] = bytes((0x6E, 0x00, v & 0xFF, v >> 8))
    buf = bytes(planted)
    w = {v: [("k", "t")] for v in wanted}
    invoke_ops = {*range(0x6E, 0x73), *range(0x74, 0x79)}
    expected = _brute_force(buf, 0, len(buf), wanted, invoke_ops)
    limit, class_cost = _scan._NEEDLE_LIMIT, _scan._NS_PER_BYTE_CLASS
    try:  # force one strategy or the other
        _scan._NEEDLE_LIMIT = 10**6 if literal else 0
        _scan._NS_PER_BYTE_CLASS = 1e9 if literal else 0.0
        found = _scan._family_candidates(buf, 0, len(buf), w, _scan._INVOKE_CLASS, "invoke")
        got = {p for p, _, _ in found}
    finally:
        _scan._NEEDLE_LIMIT, _scan._NS_PER_BYTE_CLASS = limit, class_cost
    assert got == expected


# =============================================================== MUTF-8


@given(st.text(max_size=40))
def test_mutf8_round_trip_and_independent_encoder(text: str) -> None:
    enc = encode_mutf8(text)
    assert enc == _mutf8(text)[0]
    assert decode_mutf8(enc) == text


@given(st.text(max_size=12), st.text(max_size=12))
def test_pool_sort_key_orders_like_utf16(a: str, b: str) -> None:
    ka, kb = pool_sort_key(encode_mutf8(a)), pool_sort_key(encode_mutf8(b))
    assert (ka < kb) == (_utf16_key(a) < _utf16_key(b))


# =============================================================== hostile input


def test_bad_magic_and_truncation(sample_dex: bytes) -> None:
    with pytest.raises(DexError, match="bad magic"):
        scan_dex(b"PK\x03\x04" + sample_dex[4:], ALL_TARGETS, "x")
    with pytest.raises(DexError, match="truncated"):
        scan_dex(sample_dex[:50], ALL_TARGETS, "x")
    with pytest.raises(DexError, match="truncated"):
        scan_dex(sample_dex[: len(sample_dex) // 2], ALL_TARGETS, "x")
    with pytest.raises(DexError, match="unsupported dex version"):
        scan_dex(b"dex\n099\0" + sample_dex[8:], ALL_TARGETS, "x")
    with pytest.raises(DexError):
        scan_dex(b"", ALL_TARGETS, "x")
    assert not looks_like_dex(b"dex\n03")


@pytest.mark.parametrize(
    ("offset", "value", "message"),
    [
        (56, 0xFFFFFFFF, "string_ids"),  # string_ids_size
        (60, 0xFFFFFFF0, "string_ids"),  # string_ids_off
        (64, 0x10000, "type_ids_size"),  # over the format limit
        (88, 0x7FFFFFFF, "method_ids"),
        (96, 0x01000000, "class_defs"),
        (52, 0xFFFFFFF0, "map_list"),  # map_off
        (52, 0, "map_list"),
        (32, 0xFFFFFFFF, "truncated"),  # file_size
        (36, 0x10, "header_size"),
        (40, 0x78563412, "big-endian"),
        (40, 0, "endian"),
    ],
)
def test_absurd_header_values(sample_dex: bytes, offset: int, value: int, message: str) -> None:
    data = bytearray(sample_dex)
    struct.pack_into("<I", data, offset, value)
    with pytest.raises(DexError, match=message), time_limit(5):
        scan_dex(bytes(data), ALL_TARGETS, "x")


def test_absurd_map_count(sample_dex: bytes) -> None:
    data = bytearray(sample_dex)
    map_off = struct.unpack_from("<I", data, 52)[0]
    struct.pack_into("<I", data, map_off, 0x7FFFFFFF)
    with pytest.raises(DexError, match="map_list"):
        scan_dex(bytes(data), ALL_TARGETS, "x")


def test_absurd_class_data_counts(sample_dex: bytes) -> None:
    data = bytearray(sample_dex)
    class_defs_off = struct.unpack_from("<I", data, 100)[0]
    cd = struct.unpack_from("<I", data, class_defs_off + 24)[0]
    data[cd : cd + 4] = b"\xff\xff\xff\x0f"  # static_fields_size = 0xFFFFFFF (and shifts)
    with time_limit(5), pytest.raises(DexError, match="class_def #0"):
        scan_dex(bytes(data), ALL_TARGETS, "x")


def test_bad_opcode_inside_a_method_with_a_hit(sample_dex: bytes) -> None:
    dex = DexFile(sample_dex)
    start, _ = insns_of(dex, "Lcom/example/App;", "readAll", "()V")
    data = bytearray(sample_dex)
    data[start] = 0x3E  # an unused opcode where the sget was: decoding to offset 4 fails
    with pytest.raises(DexError, match="invalid opcode 0x3e"):
        scan_dex(bytes(data), ALL_TARGETS, "x")


_FUZZ_BASE = sample_builder().build()


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_random_bytes(data: bytes) -> None:
    exercise(data)
    exercise(b"dex\n035\0" + data)


@given(st.data())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_valid_dex(data: st.DataObject) -> None:
    base = bytearray(_FUZZ_BASE)
    for _ in range(data.draw(st.integers(1, 6))):
        if data.draw(st.booleans()):
            # a header word (offsets and counts) set to something nasty
            at = data.draw(st.integers(8, 27)) * 4
            value = data.draw(
                st.sampled_from([0, 1, 2, 0x70, 0x7FFFFFFF, 0xFFFFFFFF, len(base), len(base) - 1])
                | st.integers(0, 0xFFFFFFFF)
            )
            struct.pack_into("<I", base, at, value)
        else:
            at = data.draw(st.integers(0, len(base) - 1))
            base[at] = data.draw(st.integers(0, 255))
    exercise(bytes(base))


@given(st.integers(0, len(_FUZZ_BASE)))
@settings(max_examples=80, deadline=None)
def test_every_truncation(cut: int) -> None:
    exercise(_FUZZ_BASE[:cut])


# =============================================================== the fixture APKs


def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} not built yet")
    return path


def _scan_apk(path: Path, targets: TargetSet) -> list[Reference]:
    refs: list[Reference] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if re.fullmatch(r"classes\d*\.dex|assets/.+\.dex", name):
                refs += scan_dex(zf.read(name), targets, name)
    return refs


HARVESTER_TARGETS = TargetSet(
    methods=(
        QUERY,
        MethodTarget("last_location", "Landroid/location/LocationManager;", "getLastKnownLocation"),
        MethodTarget("updates", "Landroid/location/LocationManager;", "requestLocationUpdates"),
        MethodTarget("device_id", "Landroid/telephony/TelephonyManager;", "getDeviceId"),
        MethodTarget("send_sms", "Landroid/telephony/SmsManager;", "sendTextMessage"),
    ),
    fields=(PHONE_URI,),
    strings=(SMS_PREFIX, StringTarget("http", "http://", "prefix")),
)


def test_harvester_contacts_harvester_reads_all() -> None:
    refs = _scan_apk(_sample("harvester.apk"), HARVESTER_TARGETS)
    in_read_all = [
        r
        for r in refs
        if r.caller_class == "Lcom/example/cashnow/ContactsHarvester;"
        and r.caller_method == "readAll"
    ]
    kinds = {(r.kind, r.key) for r in in_read_all}
    assert ("invoke", "query") in kinds
    assert ("field_read", "phone_uri") in kinds
    assert ("const_string", "http") in kinds
    assert all(r.dex == "classes.dex" for r in in_read_all)
    assert all(r.caller_descriptor.startswith("()") for r in in_read_all)
    assert {r.caller for r in in_read_all} == {
        f"Lcom/example/cashnow/ContactsHarvester;->readAll{in_read_all[0].caller_descriptor}"
    }


def test_harvester_invoke_range_and_offsets() -> None:
    path = _sample("harvester.apk")
    with zipfile.ZipFile(path) as zf:
        data = zf.read("classes.dex")
    refs = scan_dex(data, TargetSet(methods=(QUERY,)), "classes.dex")
    assert refs
    dex = DexFile(data)
    opcodes = set()
    for r in refs:
        start, stop = insns_of(dex, r.caller_class, r.caller_method, r.caller_descriptor)
        assert start + r.offset < stop
        opcodes.add(data[start + r.offset])
    assert opcodes <= {0x6E, 0x74}  # invoke-virtual or invoke-virtual/range
    assert 0x74 in opcodes  # the fixture's query calls use the /range form


def test_harvester_second_dex_and_embedded_dex() -> None:
    refs = _scan_apk(_sample("harvester.apk"), HARVESTER_TARGETS)
    second = {(r.caller_class, r.key) for r in refs if r.dex == "classes2.dex"}
    assert ("Lcom/example/cashnow/geo/LocationTracker;", "last_location") in second
    assert ("Lcom/example/cashnow/geo/LocationTracker;", "updates") in second
    plugin = [r for r in refs if r.dex == "assets/plugin.dex"]
    assert plugin and {r.key for r in plugin} == {"query"}


def test_harvester_sms_prefix_and_absent_target() -> None:
    refs = _scan_apk(_sample("harvester.apk"), HARVESTER_TARGETS)
    sms = [r for r in refs if r.key == "sms"]
    assert sms and all(r.target.startswith("content://sms") for r in sms)
    assert sms[0].caller_class == "Lcom/example/cashnow/SmsReader;"
    assert not [r for r in refs if r.key == "send_sms"]  # never called in the fixture


def test_harvester_dexfile_helpers() -> None:
    with zipfile.ZipFile(_sample("harvester.apk")) as zf:
        dex = DexFile(zf.read("classes.dex"), "classes.dex")
    classes = dex.class_descriptors()
    assert "Lcom/example/cashnow/ContactsHarvester;" in classes
    assert "La/b/c;" in classes  # the obfuscated one
    assert "content://sms/inbox" in dex.strings_with_prefix("content://")
    assert all("cashnow-loans" in s for s in dex.strings_containing("cashnow-loans"))
    assert dex.strings_containing("cashnow-loans")


def test_compliant_has_no_harvesting_calls() -> None:
    refs = _scan_apk(_sample("compliant.apk"), HARVESTER_TARGETS)
    assert not [r for r in refs if r.key in {"query", "device_id", "send_sms"}]


def test_sns_login_sdk_code_in_second_dex() -> None:
    refs = _scan_apk(_sample("sns_login.apk"), HARVESTER_TARGETS)
    assert {r.dex for r in refs} <= {"classes.dex", "classes2.dex"}
    assert all(r.caller_class.startswith("L") for r in refs)

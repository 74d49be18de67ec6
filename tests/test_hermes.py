"""The Hermes string-table reader on real hermesc output (bytecode 89 and 99), and on damage."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import pytest

from auditor.apk import hermes

DATA = Path(__file__).resolve().parent / "data" / "hermes"


def _read(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.mark.parametrize(
    "name, version, count",
    [
        ("utf16_v89.hbc", 89, 21),
        ("utf16_v99.hbc", 99, 21),
        ("overflow_v89.hbc", 89, 918),
        ("overflow_v99.hbc", 99, 918),
        ("rn_sms_v99.hbc", 99, 54),
    ],
)
def test_both_layouts_decode(name, version, count):
    data = _read(name)
    header, strings = hermes.read_strings(data, len(data))
    assert header.version == version
    assert len(strings) == count == header.string_count
    assert sum(s.identifier for s in strings) == header.identifier_count
    texts = {s.text: s for s in strings}
    if name.startswith("utf16"):
        assert "短信读取" in texts and not texts["短信读取"].identifier
        for ident in ("NativeModules", "Sms", "list", "box"):
            assert texts[ident].identifier
    if name.startswith("overflow"):
        assert "x" * 300 in texts  # through the overflow table
        assert texts["getAll"].identifier and texts["Contacts"].identifier
    for s in strings:  # every offset points at the string's own bytes
        if s.text.isascii():
            assert data[s.offset : s.offset + len(s.text)].decode("latin-1") == s.text


def test_find_strings_needs_only_the_table():
    data = _read("utf16_v89.hbc")
    header = hermes.parse_header(data)
    end = hermes.table_end(header)
    assert end < len(data)
    _, found = hermes.find_strings(data[:end], ["NativeModules", "Sms", "list", "inbox", "absent"], len(data))
    assert set(found) == {"NativeModules", "Sms", "list", "inbox"}
    assert found["Sms"][1] and not found["inbox"][1]  # identifier vs string literal
    offset = found["inbox"][0]
    assert data[offset : offset + 5] == b"inbox"


def test_not_hermes_and_truncated():
    with pytest.raises(hermes.HbcError):
        hermes.parse_header(b"var x = 1;" * 20)
    data = _read("overflow_v99.hbc")
    with pytest.raises(hermes.HbcError):
        hermes.read_strings(data[:200], len(data))
    with pytest.raises(hermes.HbcError):  # the header claims more than the file holds
        hermes.read_strings(data, len(data) - 100)


def test_forged_counts_are_refused_without_allocating():
    data = bytearray(_read("utf16_v89.hbc"))
    struct.pack_into("<I", data, 52, 0xFFFFFFF0)  # stringCount
    with pytest.raises(hermes.HbcError):
        hermes.read_strings(bytes(data))
    data = bytearray(_read("utf16_v89.hbc"))
    struct.pack_into("<I", data, 44, 3)  # stringKindCount: runs no longer add up
    with pytest.raises(hermes.HbcError):
        hermes.read_strings(bytes(data), len(data))


def test_mutations_raise_only_hbc_error():
    rng = random.Random(18)
    sources = [_read(n) for n in ("utf16_v89.hbc", "utf16_v99.hbc", "overflow_v89.hbc", "rn_sms_v99.hbc")]
    for i in range(600):
        data = bytearray(sources[i % len(sources)])
        for _ in range(rng.randint(1, 8)):
            pos = rng.randrange(0, min(len(data), 2048))
            data[pos] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(8, len(data)) :]
        try:
            hermes.read_strings(bytes(data), len(data))
            hermes.find_strings(bytes(data), ["Sms", "list"], len(data))
        except hermes.HbcError:
            pass


def test_entries_stream_in_bounded_pieces():
    from auditor.apk.container import open_apk
    from tests.conftest import sample

    opened = open_apk(sample("harvester"))
    for name in opened.files():
        whole = opened.read(name)
        for piece in (7, 4096):
            parts = list(opened.stream(name, 1 << 30, piece))
            assert b"".join(parts) == whole
            assert all(len(p) <= piece for p in parts)
        assert b"".join(opened.stream(name, 100)) == whole[:100]

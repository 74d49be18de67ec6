"""Structure-aware mutations of APKs for robustness testing (tests/test_fuzz.py and
bench/fuzz_soak.py): random bytes, truncation, and targeted damage to the ZIP records, the
binary manifest, resources.arsc and the DEX header and body."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable

MUTATIONS: tuple[str, ...] = ("bytes", "truncate", "zip_records", "axml", "arsc", "dex_header", "dex_body")


def _flip(data: bytes, rng: random.Random, count: int, lo: int = 0, hi: int | None = None) -> bytes:
    out = bytearray(data)
    hi = len(out) if hi is None else min(hi, len(out))
    for _ in range(count):
        if hi > lo:
            out[rng.randrange(lo, hi)] = rng.randrange(256)
    return bytes(out)


def _rezip(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same archive with one entry's (inflated) content changed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, change(body) if info.filename == name else body)
    return out.getvalue()


def _zip_records(data: bytes, rng: random.Random) -> bytes:
    """Damage fields of local headers, central-directory records or the EOCD."""
    sigs = [b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"]
    spots = [i for sig in sigs for i in _find_all(data, sig)]
    if not spots:
        return _flip(data, rng, 4)
    out = data
    for _ in range(rng.randint(1, 4)):
        at = rng.choice(spots)
        out = _flip(out, rng, rng.randint(1, 3), at + 4, at + 46)
    return out


def _find_all(data: bytes, needle: bytes) -> list[int]:
    found, pos = [], data.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = data.find(needle, pos + 1)
    return found


def mutate(data: bytes, kind: str, rng: random.Random) -> bytes:
    if kind == "bytes":
        return _flip(data, rng, rng.randint(1, 24))
    if kind == "truncate":
        return data[: rng.randrange(len(data))]
    if kind == "zip_records":
        return _zip_records(data, rng)
    entry = {"axml": "AndroidManifest.xml", "arsc": "resources.arsc"}.get(kind, "classes.dex")
    try:
        if kind == "dex_header":
            return _rezip(data, entry, lambda b: _flip(b, rng, rng.randint(1, 6), 0, 0x70))
        return _rezip(data, entry, lambda b: _flip(b, rng, rng.randint(1, 24)))
    except (zipfile.BadZipFile, KeyError):
        return _flip(data, rng, 8)

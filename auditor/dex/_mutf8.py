"""Modified UTF-8 (the dex string encoding) <-> str, plus the sort key of the string pool.

Dex strings are MUTF-8: U+0000 is written as C0 80 and characters above U+FFFF as two
3-byte surrogates (CESU-8). Most strings are plain ASCII/BMP, for which the stdlib UTF-8
codec is both correct and fastest, so that is tried first.
"""

from __future__ import annotations

__all__ = ["decode_mutf8", "encode_mutf8", "pool_sort_key"]


def decode_mutf8(raw: bytes) -> str:
    """Decode one string_data payload (without the length prefix and terminating NUL).

    Raises UnicodeDecodeError on bytes that are not MUTF-8; the caller turns that into a
    DexError naming the string.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # C0 80 -> NUL, then let 'surrogatepass' accept the 3-byte surrogate halves, then a
    # UTF-16 round trip joins valid pairs into one code point (lone halves are kept as they
    # are, which is what Java does with them too).
    text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def encode_mutf8(text: str) -> bytes:
    """Encode `text` exactly as a dex writer would store it (used to search the pool)."""
    if text.isascii() and "\x00" not in text:
        return text.encode("ascii")
    out = bytearray()
    for ch in text:
        cp = ord(ch)
        if cp == 0:
            out += b"\xc0\x80"
        elif cp > 0xFFFF:
            cp -= 0x10000
            out += chr(0xD800 | (cp >> 10)).encode("utf-8", "surrogatepass")
            out += chr(0xDC00 | (cp & 0x3FF)).encode("utf-8", "surrogatepass")
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return bytes(out)


def pool_sort_key(raw: bytes) -> bytes:
    """Byte string whose bytewise order equals the pool's required order (UTF-16 code units).

    MUTF-8 bytes already sort like UTF-16 code units (surrogates encode as ED A0..ED BF,
    below EE..EF for U+E000..U+FFFF) except U+0000, whose C0 80 form must sort first.
    C0 80 is always a whole character, so replacing it by a single 00 byte is safe.
    """
    if b"\xc0\x80" in raw:
        return raw.replace(b"\xc0\x80", b"\x00")
    return raw

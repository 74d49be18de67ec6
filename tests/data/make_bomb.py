"""Rebuild tests/data/bomb-2g.apk: a ~2 MB APK whose classes.dex inflates to 2 GiB.

The manifest is the compliant sample's, so the archive is otherwise a valid APK. Run from the
repository root: `python tests/data/make_bomb.py` (about 20 s; the output is committed).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "bomb-2g.apk"
INFLATED = 2 * 1024**3


def deflate_zeros(total: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(16 * 1024**2)
    parts = [comp.compress(chunk) for _ in range(total // len(chunk))]
    parts.append(comp.flush())
    return b"".join(parts)


def main() -> None:
    with zipfile.ZipFile(ROOT / "sample_apks" / "compliant.apk") as src:
        manifest = src.read("AndroidManifest.xml")
    payload = deflate_zeros(INFLATED)
    crc = 0  # the CRC of 2 GiB of zeros is not needed: readers must stop long before
    with OUT.open("wb") as fh:
        entries = []
        for name, data, method, size in (
            ("AndroidManifest.xml", manifest, 0, len(manifest)),
            ("classes.dex", payload, 8, INFLATED),
        ):
            offset = fh.tell()
            this_crc = zlib.crc32(data) if method == 0 else crc
            fh.write(
                b"PK\x03\x04"
                + (20).to_bytes(2, "little") + (0).to_bytes(2, "little")
                + method.to_bytes(2, "little") + (0).to_bytes(4, "little")
                + this_crc.to_bytes(4, "little") + len(data).to_bytes(4, "little")
                + (size & 0xFFFFFFFF).to_bytes(4, "little")
                + len(name).to_bytes(2, "little") + (0).to_bytes(2, "little")
                + name.encode()
            )
            fh.write(data)
            entries.append((name, offset, method, this_crc, len(data), size))
        cd_start = fh.tell()
        for name, offset, method, this_crc, packed, size in entries:
            fh.write(
                b"PK\x01\x02"
                + (20).to_bytes(2, "little") + (20).to_bytes(2, "little")
                + (0).to_bytes(2, "little") + method.to_bytes(2, "little")
                + (0).to_bytes(4, "little") + this_crc.to_bytes(4, "little")
                + packed.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little")
                + len(name).to_bytes(2, "little")
                + (0).to_bytes(6, "little")  # extra, comment lengths; disk number
                + (0).to_bytes(2, "little") + (0).to_bytes(4, "little")  # attributes
                + offset.to_bytes(4, "little") + name.encode()
            )
        cd_size = fh.tell() - cd_start
        fh.write(
            b"PK\x05\x06" + (0).to_bytes(4, "little")
            + len(entries).to_bytes(2, "little") + len(entries).to_bytes(2, "little")
            + cd_size.to_bytes(4, "little") + cd_start.to_bytes(4, "little") + (0).to_bytes(2, "little")
        )
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

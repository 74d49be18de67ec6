#!/usr/bin/env python3
"""Write the stand-in native libraries of the hybrid-runtime fixtures (stdlib only, deterministic).

    python3 sample_apks/src/_tools/fake_so.py            # rewrites every file listed below

Each file is an ELF64 little-endian shared-object header for AArch64 (no sections, no segments: nothing
can load it) followed by NUL-terminated strings. That is all the auditor needs: runtime recognition
looks at file names, and the Dart-side evidence is a byte search for the channel and method names a
real AOT snapshot (libapp.so) keeps as one-byte string literals.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent
ET_DYN, EM_AARCH64 = 3, 183


def elf_header() -> bytes:
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)  # 64-bit, little-endian, version 1
    rest = struct.pack("<HHIQQQIHHHHHH", ET_DYN, EM_AARCH64, 1, 0, 0, 0, 0, 64, 56, 0, 64, 0, 0)
    return ident + rest


def library(strings: list[str]) -> bytes:
    return elf_header() + b"".join(s.encode("utf-8") + b"\x00" for s in strings)


SNAPSHOT = [
    "_kDartVmSnapshotData",
    "_kDartVmSnapshotInstructions",
    "_kDartIsolateSnapshotData",
    "_kDartIsolateSnapshotInstructions",
]

LIBS: dict[str, list[str]] = {
    # The Dart code calls contacts_service: its channel and method names survived tree-shaking.
    "flutter_contacts/lib/arm64-v8a/libapp.so": SNAPSHOT + [
        "package:fluttloan/apply_page.dart",
        "github.com/clovisnicolas/flutter_contacts",
        "getContacts",
        "flutter.baseflow.com/permissions/methods",
        "requestPermissions",
        "displayName",
        "https://api.fluttloan.example/v1/contacts",
    ],
    "flutter_contacts/lib/arm64-v8a/libflutter.so": ["FlutterEngine", "flutter/platform"],
    # Two plugins are registered but the Dart code never names their channels.
    "flutter_unused_plugin/lib/arm64-v8a/libapp.so": SNAPSHOT + [
        "package:fluttquick/main.dart",
        "flutter.baseflow.com/permissions/methods",
        "requestPermissions",
        "https://api.fluttquick.example/v1/apply",
        "amount",
    ],
    "flutter_unused_plugin/lib/arm64-v8a/libflutter.so": ["FlutterEngine", "flutter/platform"],
    "rn_plain_sms/lib/arm64-v8a/libreactnativejni.so": ["JSBundleLoader"],
    "rn_plain_sms/lib/arm64-v8a/libjsc.so": ["JavaScriptCore"],
    "rn_hermes_sms/lib/arm64-v8a/libreactnativejni.so": ["JSBundleLoader"],
    "rn_hermes_sms/lib/arm64-v8a/libhermes.so": ["HermesRuntime"],
}

if __name__ == "__main__":
    for rel, strings in LIBS.items():
        path = SRC / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(library(strings))
        print(f"{rel}: {path.stat().st_size} bytes", file=sys.stderr)

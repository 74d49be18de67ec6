"""Find script-level calls in one file read as a stream: regexes and literals over text,
literals over a Hermes string table or over raw bytes (a Dart AOT snapshot).

No JavaScript or Dart is parsed. The file arrives in pieces (auditor.apk.archive
SafeZip.stream) and is read once, whatever the number of patterns: each piece is searched
with the last OVERLAP bytes of the previous one in front, so a match across a piece border
is found once. A regex runs on a piece only when one of its needles (literals every match
contains, derived in catalogue/hybrid.py) is in it. Lines are counted as the stream goes.

The caller bounds the bytes read per file and per scan; this module only reads what it is
given and keeps at most one piece plus OVERLAP bytes (a Hermes table: its few MB).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from auditor.apk import hermes
from auditor.catalogue.hybrid import ScriptPattern

#: Longest match the text scan can see across a piece border (the catalogue's regexes span at
#: most a few hundred bytes).
OVERLAP = 8192
#: Offsets kept per pattern and file (enough for `requires ... within` checks and evidence).
MAX_HITS = 200
#: Longest matched text kept as the "call" of an evidence item.
MAX_CALL = 100
_IDENT = re.compile(rb"[A-Za-z_$][\w$]*\Z")


@dataclass(frozen=True)
class Hit:
    pattern: ScriptPattern
    offset: int  # byte offset in the file
    line: int | None  # 1-based; None where a file has no lines (Hermes table, binary)
    call: str  # the matched text, or the literals found
    groups: tuple[str, ...] = ()  # regex capture groups (names of modules, bridges)
    parts: tuple[tuple[str, int], ...] = ()  # literal patterns: (literal, offset) of each


@dataclass
class FileResult:
    name: str
    reader: str  # text | hermes | binary | binary_fallback
    hits: list[Hit] = field(default_factory=list)
    read: int = 0  # bytes read
    notes: list[str] = field(default_factory=list)
    variant: str | None = None  # "hermes v89", "plain", "ram"
    unreadable: bool = False  # a text file in scope that is not text (encrypted, packed)


def _snippet(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return " ".join(text.split())[:MAX_CALL]


_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


def _find_literal(buf: bytes, raw: bytes, word: bool, start: int, stop: int) -> int:
    """First offset of `raw` in buf[start:stop) (whole word only when `word`), or -1.

    A bytes find, not a regex: a pattern that starts with a look-behind gets no fast literal
    search from `re`, and runs ~50x slower over a large bundle."""
    pos = buf.find(raw, start, stop + len(raw))
    while pos >= 0 and pos < stop:
        if not word:
            return pos
        end = pos + len(raw)
        before = buf[pos - 1] if pos > 0 else 0
        after = buf[end] if end < len(buf) else 0
        if before not in _WORD and after not in _WORD:
            return pos
        pos = buf.find(raw, pos + 1, stop + len(raw))
    return -1


def looks_binary(head: bytes) -> bool:
    """A text file in scope that is really binary (encrypted or packed scripts)."""
    sample = head[:4096]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 20


def _stripped(literal: str) -> str:
    """A quoted literal ('"Contacts"') names a string constant; tables store it unquoted."""
    if len(literal) >= 2 and literal[0] == literal[-1] and literal[0] in "\"'":
        return literal[1:-1]
    return literal


class _Collector:
    """Hits of one file, per pattern, capped."""

    def __init__(self, patterns: list[ScriptPattern]) -> None:
        self.patterns = patterns
        self.regex = [p for p in patterns if p.compiled is not None]
        self.literals = sorted({lit for p in patterns for g in p.groups for lit in g})
        self.found: dict[str, tuple[int, int | None]] = {}  # literal -> (offset, line)
        self.hits: dict[str, list[Hit]] = {p.id: [] for p in patterns}

    def add(self, hit: Hit) -> None:
        bucket = self.hits[hit.pattern.id]
        if len(bucket) < MAX_HITS:
            bucket.append(hit)


def _line(buf: bytes, base: int, line_at_base: int, offset: int) -> int:
    return line_at_base + buf.count(b"\n", 0, offset - base)


def _scan_text(pieces: Iterable[bytes], col: _Collector) -> int:
    """Regexes and literals over a text stream; returns the bytes read."""
    # An identifier-like literal matches as a whole word ("Sms", not the end of "uploadSms").
    literals = {}
    for lit in col.literals:
        raw = lit.encode("utf-8")
        literals[lit] = (raw, _IDENT.match(raw) is not None)
    buf = b""
    base = 0  # file offset of buf[0]
    line_at_base = 1
    done = 0  # file offset before which every match was already handled
    total = 0
    pieces = iter(pieces)
    nxt = next(pieces, None)
    while nxt is not None:
        piece = nxt
        nxt = next(pieces, None)
        final = nxt is None
        total += len(piece)
        buf = buf + piece if buf else piece
        limit = base + len(buf) if final else base + max(0, len(buf) - OVERLAP)
        start = max(0, done - base)
        for p in col.regex:
            if len(col.hits[p.id]) >= MAX_HITS:
                continue
            if p.needles and not any(n in buf for n in p.needles):
                continue
            assert p.compiled is not None
            for m in p.compiled.finditer(buf, start):
                at = base + m.start()
                if at >= limit:
                    break
                groups = tuple(g.decode("utf-8", "replace") for g in m.groups() if g is not None)
                col.add(Hit(p, at, _line(buf, base, line_at_base, at), _snippet(m.group(0)), groups))
        for lit, (raw, word) in literals.items():
            if lit in col.found:
                continue
            pos = _find_literal(buf, raw, word, start, limit - base)
            if pos >= 0:
                at = base + pos
                col.found[lit] = (at, _line(buf, base, line_at_base, at))
        if not final and len(buf) > OVERLAP:
            cut = len(buf) - OVERLAP
            line_at_base += buf.count(b"\n", 0, cut)
            base += cut
            buf = buf[cut:]
        done = limit
    return total


def _scan_binary(pieces: Iterable[bytes], col: _Collector, head: bytes = b"") -> int:
    """Literals as plain bytes (a Dart snapshot keeps ASCII literals as one-byte strings)."""
    wanted = {lit: _stripped(lit).encode("utf-8") for lit in col.literals}
    keep = max((len(v) for v in wanted.values()), default=1) - 1
    tail = b""
    base = 0  # file offset of the current window's first byte
    total = 0
    for piece in _prefixed(head, pieces):
        total += len(piece)
        window = tail + piece
        for lit, raw in wanted.items():
            if lit not in col.found:
                pos = window.find(raw)
                if pos >= 0:
                    col.found[lit] = (base + pos, None)
        if len(col.found) == len(wanted):
            break
        tail = window[-keep:] if keep else b""
        base += len(window) - len(tail)
    return total


def _prefixed(head: bytes, pieces: Iterable[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from pieces


def _literal_hits(col: _Collector, reader: str) -> None:
    """Turn the literals found into hits of the literal patterns (every literal of a group)."""
    for p in col.patterns:
        if not p.groups:
            continue
        for group in p.groups:
            if all(lit in col.found for lit in group):
                parts = tuple((lit, col.found[lit][0]) for lit in group)
                last = group[-1]
                offset, line = col.found[last]
                call = " + ".join(_stripped(lit) for lit in group)
                col.add(Hit(p, offset, line if reader == "text" else None, call, (), parts))
                break


def scan_file(
    name: str, pieces: Iterator[bytes], patterns: list[ScriptPattern], read: str, size: int
) -> FileResult:
    """Apply `patterns` to one file (`read`: text | bundle | binary; `size`: its inflated size)."""
    col = _Collector(patterns)
    result = FileResult(name, "text")
    first = next(pieces, b"")
    if read == "binary":
        result.reader = "binary"
        result.read = _scan_binary(pieces, col, first)
    elif read == "bundle" and hermes.is_hermes(first):
        result.read = _scan_hermes(name, first, pieces, col, result, size)
    else:
        if read == "bundle":
            result.variant = "ram" if first[:4] == b"\xe5\xd1\x0b\xfb" else "plain"
        if looks_binary(first) and result.variant != "ram":
            result.notes.append(f"{name}: not text (encrypted or packed script?); not scanned")
            result.unreadable = True
            result.read = len(first)
            _close(pieces)
            return result
        result.read = _scan_text(_prefixed(first, pieces), col)
    _literal_hits(col, result.reader)
    result.hits = [h for p in patterns for h in col.hits[p.id]]
    return result


def _scan_hermes(
    name: str, first: bytes, pieces: Iterator[bytes], col: _Collector, result: FileResult, size: int
) -> int:
    """Read just the string table; fall back to a byte search when it cannot be decoded."""
    buf = bytearray(first)
    try:
        header = hermes.parse_header(_fill(buf, pieces, hermes.HEADER_SIZE))
        need = hermes.table_end(header)
        if need > size:
            raise hermes.HbcError("the string table would end past the file")
        _fill(buf, pieces, need)
        _, found = hermes.find_strings(buf, {_stripped(lit) for lit in col.literals}, size)
    except hermes.HbcError as exc:
        result.reader = "binary_fallback"
        result.notes.append(f"{name}: Hermes string table unreadable ({exc}); searched the raw bytes")
        return _scan_binary(pieces, col, bytes(buf))
    result.reader = "hermes"
    result.variant = f"hermes v{header.version}"
    for lit in col.literals:
        hit = found.get(_stripped(lit))
        if hit is not None:
            col.found[lit] = (hit[0], None)
    _close(pieces)  # the rest of the bundle is bytecode: not read
    return len(buf)


def _close(pieces: Iterator[bytes]) -> None:
    close = getattr(pieces, "close", None)
    if close is not None:
        close()


def _fill(buf: bytearray, pieces: Iterator[bytes], need: int) -> bytes:
    while len(buf) < need:
        piece = next(pieces, None)
        if piece is None:
            raise hermes.HbcError("file ends before its string table")
        buf += piece
    return bytes(buf[:need])


def requirement_met(hit: Hit, by_pattern: dict[str, list[Hit]]) -> Hit | None:
    """The hit of a required pattern that satisfies `hit`'s `requires` (None: unmet)."""
    p = hit.pattern
    if not p.requires:
        return hit
    for rid in p.requires:
        for other in by_pattern.get(rid, ()):
            if p.within is None or abs(other.offset - hit.offset) <= p.within:
                return other
    return None

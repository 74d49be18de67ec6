"""Work done ahead in a thread (auditor.background, SafeZip.read_ahead) gives exactly what
doing it on the spot gives: the same bytes, the same errors, the same limits."""

from __future__ import annotations

import io
import random
import threading
import zipfile

import pytest

from auditor.apk.archive import _READ_AHEAD_FROM, Limits, SafeZip
from auditor.background import Background
from auditor.errors import AuditorError
from tests.conftest import SAMPLES


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _payload(size: int, seed: int = 0) -> bytes:
    # half random, half repeated: compressible like code, not a bomb
    rnd = random.Random(seed).randbytes(size // 2)
    return rnd + rnd[: size - len(rnd)]


def test_background_returns_the_value_or_raises_in_the_caller():
    worker: list[str] = []

    def work() -> int:
        worker.append(threading.current_thread().name)
        return 42

    assert Background(work, name="t-ahead").result() == 42
    assert worker == ["t-ahead"]
    assert Background(work, threaded=False).result() == 42
    assert worker[-1] == threading.current_thread().name  # run on the spot when asked

    def fail() -> int:
        raise AuditorError("corrupt", "boom")

    job = Background(fail)
    with pytest.raises(AuditorError, match="boom"):
        job.result()


def test_background_runs_on_the_spot_when_no_thread_can_start(monkeypatch):
    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    ran: list[str] = []
    job = Background(lambda: ran.append(threading.current_thread().name) or 7)
    assert ran == []  # not run yet: it runs when asked for
    assert job.result() == 7
    assert ran == [threading.current_thread().name]


def test_read_ahead_gives_the_same_bytes_and_keeps_one_entry_in_flight():
    size = _READ_AHEAD_FROM * 2
    entries = {"classes.dex": _payload(size, 1), "classes2.dex": _payload(size, 2), "small": b"x" * 10}
    zf = SafeZip.parse(_zip(entries), "t.apk")
    assert zf.read_ahead("classes.dex")
    assert zf.read_ahead("classes.dex")  # already on its way
    assert not zf.read_ahead("classes2.dex")  # one in flight: read on the spot later
    assert not zf.read_ahead("small")  # too small to be worth a thread
    assert not zf.read_ahead("absent")  # unknown names are left to read() to refuse
    assert list(zf._ahead) == ["classes.dex"]
    assert zf.read("classes.dex") == entries["classes.dex"]
    assert not zf._ahead
    zf.read_ahead("classes2.dex")
    assert zf.read("classes2.dex") == entries["classes2.dex"]
    assert zf.read("small") == b"x" * 10
    assert zf.budget[0] == 2 * size + 10


def test_read_ahead_errors_surface_at_read():
    size = _READ_AHEAD_FROM * 2
    data = bytearray(_zip({"classes.dex": _payload(size)}))
    start = 30 + len("classes.dex")  # the first local header has no extra field
    data[start : start + 64] = b"\xff" * 64  # not deflate data any more
    zf = SafeZip.parse(bytes(data), "t.apk")
    zf.read_ahead("classes.dex")
    assert "classes.dex" in zf._ahead
    with pytest.raises(AuditorError) as info:
        zf.read("classes.dex")
    assert info.value.code == "corrupt" and "bad deflate data" in info.value.message


def test_read_ahead_is_judged_with_the_budget_left_at_read_time():
    size = _READ_AHEAD_FROM * 2
    entries = {"a.dex": _payload(size, 1), "b.dex": _payload(size, 2)}
    # room for one entry and a half: b's read-ahead starts with room for it, but by the
    # time it is read, a has used the budget
    limits = Limits(max_total_bytes=size + size // 2)
    zf = SafeZip.parse(_zip(entries), "t.apk", limits)
    zf.read_ahead("b.dex")
    assert "b.dex" in zf._ahead
    zf.read("a.dex")
    with pytest.raises(AuditorError) as info:
        zf.read("b.dex")
    assert info.value.code == "too_large" and "safety limit" in info.value.message


def test_a_scan_reads_ahead_and_reports_the_same(monkeypatch):
    from auditor.apk import archive
    from auditor.pipeline import ScanOptions, scan

    apk = next(p for p in sorted(SAMPLES.glob("*.apk")))
    # every entry worth reading ahead, so the samples' small dex files go through it
    monkeypatch.setattr(archive, "_READ_AHEAD_FROM", 0)
    collected: list[str] = []
    read = archive.SafeZip.read

    def counting_read(self: SafeZip, name: str) -> bytes:
        if name in self._ahead:
            collected.append(name)
        return read(self, name)

    monkeypatch.setattr(archive.SafeZip, "read", counting_read)
    ahead = scan(apk, ScanOptions()).to_dict()
    assert collected and all(name.endswith(".dex") for name in collected)
    monkeypatch.setattr(archive, "_READ_AHEAD_FROM", 1 << 62)
    plain = scan(apk, ScanOptions()).to_dict()
    assert ahead == plain

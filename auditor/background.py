"""Work started now in a thread and collected later.

For C code that lets go of the GIL on large buffers (hashlib, zlib): started before some
Python work of the scan, it runs on a second core meanwhile. `result()` returns the value or
raises the exception in the caller's thread, so a caller sees exactly what calling the
function directly would have given, only sooner.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """`fn()` running in a daemon thread (or, with `threaded=False` or when no thread can
    be started, on the spot when its result is asked for)."""

    def __init__(self, fn: Callable[[], T], *, threaded: bool = True, name: str = "auditor") -> None:
        self._fn: Callable[[], T] | None = fn
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if threaded:
            thread = threading.Thread(target=self._run, name=name, daemon=True)
            try:
                thread.start()
            except RuntimeError:  # no thread to be had (a worker near its address-space limit)
                return  # result() runs fn on the spot
            self._thread = thread

    def _run(self) -> None:
        fn, self._fn = self._fn, None
        assert fn is not None
        try:
            self._value = fn()
        except BaseException as exc:  # raised again by result(), in the caller's thread
            self._error = exc

    def result(self) -> T:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        elif self._fn is not None:
            self._run()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

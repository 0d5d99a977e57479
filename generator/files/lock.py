"""One command at a time per project. Builds share build/docs and swap site/ whole, so a
second build, or a serve regeneration, waits for the first. The lock is an flock on a
file in build/: the operating system lets go of it when its process dies, so a killed
build never leaves the project locked."""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..course.errors import ContentError

LOCK_FILE = "build/workbook.lock"
POLL_SECONDS = 0.2

_held: dict[Path, int] = {}  # lock file -> open descriptor; re-entrant within a process
_depth: dict[Path, int] = {}
_guard = threading.Lock()


def timeout_seconds() -> float:
    """How long to wait for another command; WORKBOOK_LOCK_TIMEOUT changes it."""
    try:
        return float(os.environ.get("WORKBOOK_LOCK_TIMEOUT", "600"))
    except ValueError:
        return 600.0


@contextmanager
def project_lock(root: Path, what: str) -> Iterator[None]:
    """Hold the project's lock; wait (saying so once) while another command holds it."""
    path = (root / LOCK_FILE).resolve()
    with _guard:
        if path in _held:
            _depth[path] += 1
            reentered = True
        else:
            reentered = False
    if not reentered:
        _acquire(path, what)
    try:
        yield
    finally:
        with _guard:
            _depth[path] -= 1
            if _depth[path] == 0:
                os.close(_held.pop(path))  # closing the descriptor releases the flock
                del _depth[path]


def forget_inherited() -> None:
    """In a process forked from a lock holder (a PDF worker): close its copy of the lock.
    An flock lasts while any copy of the descriptor is open, so a worker that outlived a
    killed build would otherwise keep the project locked."""
    with _guard:
        for fd in _held.values():
            os.close(fd)
        _held.clear()
        _depth.clear()


def _acquire(path: Path, what: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ContentError(str(path.parent), 0, f"cannot write here: {exc.strerror}") from None
    deadline = time.monotonic() + timeout_seconds()
    said = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if not said:
                other = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "?"
                print(f"workbook: waiting for another command in this project ({other})",
                      file=sys.stderr, flush=True)
                said = True
            if time.monotonic() >= deadline:
                os.close(fd)
                raise ContentError(str(path), 0, f"another workbook command held this project "
                                                 f"for {timeout_seconds():.0f} s; gave up") \
                    from None
            time.sleep(POLL_SECONDS)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{what}, process {os.getpid()}".encode(), 0)
    with _guard:
        _held[path] = fd
        _depth[path] = 1

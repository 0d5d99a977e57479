"""The one error type: it knows the file (and line) it is about."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(order=True, unsafe_hash=True)  # not frozen: contextlib sets __traceback__
class ContentError(Exception):
    """A problem the user can fix, printed as ``path:line: message``; line 0 is about the
    file or folder as a whole (``path: message``): a refused output folder, a full disk."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """Every problem found in one pass, so an author fixes them all in one go."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def display_path(path: Path, root: Path) -> str:
    """The path as an author types it: relative to the project when it can be."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def os_error(exc: OSError, fallback: object = "workbook") -> ContentError:
    """A full disk, a missing permission, a read-only file system, as one line naming the
    path. A copy's error names both files: the second, the one being written, is meant."""
    where = exc.filename2 or exc.filename or fallback
    return ContentError(str(where), 0, exc.strerror or str(exc))

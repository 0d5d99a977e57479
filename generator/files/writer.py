"""Write files so that a crash or a kill never leaves half of anything.

``sync_tree`` writes generated pages into the MkDocs docs folder, touching only what
changed: unchanged files keep their modification time, so ``mkdocs serve`` does not
rebuild in a loop, and files no longer generated are removed. ``replace_file`` replaces
one file in one step; ``replace_files`` replaces several, all or none, and ``recover``
finishes (or undoes) a set that a killed process left half done.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from ..course.errors import ContentError, display_path
from ..course.yamlfile import inside_project
from .lock import project_lock

JOURNAL_FOLDER = "build"
JOURNAL = re.compile(r"import-(\d+)\.json")


def sync_tree(target: Path, files: dict[str, bytes]) -> int:
    """Make ``target`` hold exactly ``files`` ({relative path: content}); return files written."""
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, content in files.items():
        path = target / rel
        if not path.resolve().is_relative_to(target.resolve()):
            raise ValueError(f"refusing to write outside {target}: {rel}")
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written += 1
    wanted = {(target / rel).resolve() for rel in files}
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() and path.resolve() not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def process_alive(pid: int) -> bool:
    """Whether the process that named a temporary file after itself still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but not been reaped (an orphaned PDF worker, where the
    first process does not reap) still answers a signal: its state in /proc says it
    is gone."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


def writable(path: Path, root: Path | None = None) -> Path:
    """Where writing ``path`` lands: a link is written through (its target is replaced,
    the link kept). Only a regular file or a new path is replaced: a device, a FIFO or a
    folder is refused, and with ``root`` so is anything outside the project."""
    shown = display_path(path, root) if root is not None else str(path)
    if root is not None:
        target = inside_project(path, root, shown)
    else:
        try:
            target = path.resolve()
        except (OSError, RuntimeError):
            raise ContentError(shown, 0, "links in a loop") from None
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise ContentError(shown, 0, exc.strerror or str(exc)) from None
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise ContentError(shown, 0, f"{what}: refusing to write over it")
    return target


def _temporary(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{kind}-{os.getpid()}.tmp")


def _sweep_siblings(target: Path) -> None:
    """Temporary copies of ``target`` left by killed writers (their process is gone)."""
    # not "staged-" copies: those belong to a journal, which ``recover`` settles
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:write-)?(\d+)\.tmp")
    if not target.parent.is_dir():
        return
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        match = pattern.fullmatch(leftover.name)
        if match and leftover.is_file() and not process_alive(int(match.group(1))):
            leftover.unlink(missing_ok=True)


def _write_temporary(temporary: Path, target: Path, text: str) -> None:
    temporary.write_text(text, encoding="utf-8")
    if target.exists():
        os.chmod(temporary, target.stat().st_mode & 0o7777)


def replace_file(path: Path, text: str, root: Path | None = None) -> None:
    """Write ``text`` to ``path`` in one step: a reader (or a crash) sees the old file or
    the new one, never half of one. See ``writable`` for what is refused."""
    target = writable(path, root)
    _sweep_siblings(target)
    temporary = _temporary(target, "write")
    try:
        _write_temporary(temporary, target, text)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


# -- several files, all or none ---------------------------------------------------------
# A journal in build/ lists the files and their staged copies (beside them, on the same
# file system, so each rename is atomic). It is written before any copy ("staging": a kill
# leaves copies the next run removes) and again once all are complete ("committed": a
# kill leaves renames the next run finishes), as the site swap does with site.old-PID.


def _journal_path(root: Path) -> Path:
    path = root / JOURNAL_FOLDER / f"import-{os.getpid()}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    return inside_project(path, root, display_path(path, root))


def _write_journal(journal: Path, state: str, staged: dict[Path, Path], root: Path) -> None:
    base = root.resolve()
    data = {"state": state, "files": [[str(target.relative_to(base)), temp.name]
                                      for target, temp in staged.items()]}
    temporary = journal.with_name(f".{journal.name}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, journal)


def replace_files(root: Path, files: dict[Path, str]) -> None:
    """Write every one of ``files`` ({path: text}, each inside the project) or none."""
    if not files:
        return
    staged = {}
    for path in files:
        target = writable(path, root)
        staged[target] = _temporary(target, "staged")
    texts = dict(zip(staged, files.values(), strict=True))
    journal = _journal_path(root)
    committed = False
    try:
        _write_journal(journal, "staging", staged, root)
        for target, temporary in staged.items():
            _write_temporary(temporary, target, texts[target])
        _write_journal(journal, "committed", staged, root)
        committed = True
        for target, temporary in staged.items():
            os.replace(temporary, target)
        journal.unlink()
    finally:
        if not committed:  # nothing was replaced: leave nothing behind
            for temporary in staged.values():
                temporary.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)


def recover(root: Path) -> int:
    """Finish the renames of a committed set whose process was killed, or remove the
    copies of one that was still staging; return how many sets were cleared up."""
    stale = _stale_journals(root / JOURNAL_FOLDER)
    if not stale:
        return 0
    with project_lock(root, "recover an interrupted import"):
        for journal, pid in stale:
            if journal.exists():  # not settled by another command meanwhile
                _settle(journal, root, pid)
    return len(stale)


def _stale_journals(folder: Path) -> list[tuple[Path, str]]:
    """Journals whose process is gone, with its id."""
    if not folder.is_dir():
        return []
    found = []
    for journal in sorted(folder.glob("import-*.json")):
        match = JOURNAL.fullmatch(journal.name)
        if match and not process_alive(int(match.group(1))):
            found.append((journal, match.group(1)))
    return found


def _settle(journal: Path, root: Path, pid: str) -> None:
    state, pairs = _read_journal(journal, root, pid)
    for target, temporary in pairs:
        if state == "committed" and temporary.is_file():
            os.replace(temporary, target)
        else:
            temporary.unlink(missing_ok=True)
    journal.unlink(missing_ok=True)
    journal.with_name(f".{journal.name}.tmp").unlink(missing_ok=True)


def _read_journal(journal: Path, root: Path, pid: str) -> tuple[str, list[tuple[Path, Path]]]:
    """The journal's state and files, each checked: a journal is a file on disk like any
    other, and must not lead a rename outside the project or onto an arbitrary name."""
    shown = display_path(journal, root)
    refused = ContentError(shown, 0, "not a journal of an interrupted import: remove it")
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        state, files = data["state"], data["files"]
        pairs = []
        for rel, name in files:
            target = inside_project(root / rel, root, rel)
            if name != f".{target.name}.staged-{pid}.tmp":
                raise refused
            pairs.append((target, target.with_name(name)))
    except (OSError, ValueError, KeyError, TypeError):
        raise refused from None
    if state not in ("staging", "committed"):
        raise refused
    return state, pairs

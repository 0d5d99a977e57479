"""Write generated pages into the MkDocs docs folder, touching only what changed.

Unchanged files keep their modification time, so ``mkdocs serve`` does not rebuild
in a loop, and files no longer generated are removed.
"""

from __future__ import annotations

import os
from pathlib import Path


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


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` in one step: a reader (or a crash) sees the old file or
    the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

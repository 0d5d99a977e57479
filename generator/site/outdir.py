"""Which folders a build may replace. A build swaps its output folder whole, so the one
rule here decides what may be deleted: a folder that is empty, absent, or that a build
of ours wrote (it carries MARKER). Anything else, the project itself above all, is
refused before a single file is touched."""

from __future__ import annotations

from pathlib import Path

from ..course.errors import ContentError

# Written into every site a build makes; its presence is what allows the next build to
# replace the folder. A dot file: MkDocs keeps hidden files when it cleans a folder.
MARKER = ".workbook-site"
MARKER_TEXT = "Built by `workbook build`. The next build replaces this whole folder.\n"
# What a project is made of: an output folder may not be, hold or sit inside these.
INPUTS = ("mkdocs.yml", "content", "worksheets", ".git", "build", "generator", "pyproject.toml")
# What makes a folder some project's own, if it holds any of them: never a site to replace.
PROJECT_FILES = ("mkdocs.yml", "content", "worksheets")


def refuse(folder: Path, why: str) -> ContentError:
    return ContentError(str(folder), 0, f"refusing to use this folder for the site: {why}")


def check_output_folder(folder: Path, root: Path) -> None:
    """Raise ContentError (one line naming the folder) unless a build may replace it."""
    folder, root = folder.expanduser().resolve(), root.resolve()
    home = Path.home().resolve()
    if folder == Path(folder.anchor) or folder == home:
        raise refuse(folder, "it is the file system's root or your home folder")
    if root == folder or root.is_relative_to(folder):
        raise refuse(folder, f"it holds the project {root}")
    for name in INPUTS:
        source = root / name
        if source.exists() and folder.is_relative_to(source.resolve()):
            raise refuse(folder, f"it is inside the project's {name}")
    if folder.exists() and not folder.is_dir():
        raise refuse(folder, "it is not a folder")
    if folder.is_dir():
        if any(folder.iterdir()) and not (folder / MARKER).is_file():
            raise refuse(folder, f"it is not empty and no build wrote it (no {MARKER} file); "
                                 "empty it or choose another folder")
        if any((folder / name).exists() for name in PROJECT_FILES):
            raise refuse(folder, "it holds a project's content")


def mark(folder: Path, address: str | None = None) -> None:
    """Claim a folder as a built site, so the next build may replace it; note the public
    address it was built for (`workbook deploy` publishes only a site that has one)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(f"{MARKER_TEXT}address: {address or 'none'}\n",
                                 encoding="utf-8")


def built_address(folder: Path) -> str | None:
    """The public address a marked site was built for, or None."""
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("address: ") and line != "address: none":
            return line.removeprefix("address: ")
    return None

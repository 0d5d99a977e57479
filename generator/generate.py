"""One generation step: load the course, render its pages, put them with their assets
into the docs folder MkDocs reads. The MkDocs plugin and the command line both call it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .fonts import font_license, web_font
from .loader import load_course
from .model import Course
from .pages import render_pages
from .writer import sync_tree

BUILD_DIR = "build"


def docs_dir(root: Path) -> Path:
    return root / BUILD_DIR / "docs"


def generate(root: Path) -> Course:
    """Validate everything, then write the generated docs; raises ContentErrors first."""
    course = load_course(root)  # nothing is written unless the whole course is valid
    files = {name: text.encode("utf-8") for name, text in render_pages(course).items()}
    assets = resources.files("generator") / "assets"
    files["assets/workbook.css"] = (assets / "workbook.css").read_bytes()
    files["assets/fonts/noto-sans.woff2"] = web_font(root / BUILD_DIR / "cache")
    files["assets/fonts/LICENSE-noto-sans.txt"] = font_license()
    sync_tree(docs_dir(root), files)
    return course


def fingerprint(root: Path) -> tuple:
    """Changes whenever an input file does; lets repeated MkDocs events skip regeneration."""
    entries = []
    for folder in ("content", "worksheets"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                entries.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)

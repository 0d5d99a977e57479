"""One generation step: load the course, render its pages, put them with their assets
into the docs folder MkDocs reads. The MkDocs plugin and the command line both call it."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .fonts import FACES, web_font
from .loader import load_course
from .model import Course
from .online import script as online_script
from .pages import make_environment, render_pages
from .pdf import RenderReport, render_all
from .writer import sync_tree

BUILD_DIR = "build"


def docs_dir(root: Path, command: str = "build") -> Path:
    """Generated Markdown; `serve` has its own, so a build never reads a preview's files."""
    return root / BUILD_DIR / ("serve-docs" if command == "serve" else "docs")


def cache_dir(root: Path) -> Path:
    """Cut fonts and rendered PDFs, keyed by their inputs; WORKBOOK_CACHE_DIR may share one."""
    return Path(os.environ.get("WORKBOOK_CACHE_DIR") or root / BUILD_DIR / "cache")


def generate(root: Path, site_url: str = "/", with_pdfs: bool = True, command: str = "build",
             ) -> tuple[Course, RenderReport | None]:
    """Validate everything, then write the generated docs; raises ContentErrors first."""
    course = load_course(root)  # nothing is written unless the whole course is valid
    report = None
    files: dict[str, bytes] = {}
    env = make_environment(cache_dir(root) / "jinja")
    if with_pdfs:
        pdfs, report = render_all(course, env, cache_dir(root), site_url)
        files.update({f"pdf/{name}": data for name, data in pdfs.items()})
    pages = render_pages(course, site_url, with_pdfs, env)
    files.update({name: text.encode("utf-8") for name, text in pages.items()})
    assets = resources.files("generator") / "assets"
    files["assets/workbook.css"] = (assets / "workbook.css").read_bytes()
    files["assets/worksheet.css"] = (assets / "worksheet.css").read_bytes()
    files["assets/workbook.js"] = online_script()
    for face in FACES:
        files[f"assets/fonts/{face.name}.woff2"] = web_font(face, cache_dir(root))
        files[f"assets/fonts/LICENSE-{face.name}.txt"] = face.license()
    sync_tree(docs_dir(root, command), files)
    return course, report


def write_error_pages(root: Path, course: Course, errors: list) -> None:
    """For `serve` while the course has errors: every page of the preview becomes the
    list of problems, in the page's language; the next good generation puts them back."""
    env = make_environment(cache_dir(root) / "jinja")
    folder = docs_dir(root, "serve")
    codes = set(course.language_codes)
    for page in sorted(folder.glob("*.md")):
        suffix = page.stem.rsplit(".", 1)[-1] if "." in page.stem else ""
        lang = suffix if suffix in codes else course.default_language.code
        labels = {key: text[lang] for key, text in course.labels.items()}
        text = env.get_template("errors.md.j2").render(t=labels, errors=[str(e) for e in errors])
        page.write_text(text, encoding="utf-8")


def fingerprint(root: Path) -> tuple:
    """Changes whenever an input file does; lets repeated MkDocs events skip regeneration."""
    entries = []
    for folder in ("content", "worksheets"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                entries.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)

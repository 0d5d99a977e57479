"""One generation step: load the course, render its pages, put them with their assets
into the docs folder MkDocs reads. The MkDocs plugin and the command line both call it."""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

import rcssmin
import rjsmin

from ..course.loader import load_course
from ..course.model import Course
from ..course.yamlfile import inside_project
from ..files.writer import sync_tree
from ..pdf.documents import RenderReport, render_all
from ..render.fonts import NAMES_FAMILY, faces_of, name_cuts, web_cuts, web_font
from ..render.images import site_files as site_images
from ..render.online import script as online_script
from ..render.pages import make_environment, render_pages
from ..render.policy import POLICY
from ..render.slides import deck_html
from ..render.urls import slides_path

BUILD_DIR = "build"
log = logging.getLogger("mkdocs.plugins.workbook")


def docs_dir(root: Path, command: str = "build") -> Path:
    """Generated Markdown; `serve` has its own, so a build never reads a preview's files."""
    return root / BUILD_DIR / ("serve-docs" if command == "serve" else "docs")


def cache_dir(root: Path) -> Path:
    """Cut fonts and rendered PDFs, keyed by their inputs; WORKBOOK_CACHE_DIR may share one."""
    return Path(os.environ.get("WORKBOOK_CACHE_DIR") or root / BUILD_DIR / "cache")


def generate(root: Path, address: str | None = None, with_pdfs: bool = True,
             command: str = "build",
             ) -> tuple[Course, RenderReport | None]:
    """Validate everything, then write the generated docs; raises ContentErrors first."""
    course = load_course(root)  # nothing is written unless the whole course is valid
    report = None
    files: dict[str, bytes] = {}
    env = make_environment(cache_dir(root) / "jinja")
    if with_pdfs:
        pdfs, report = render_all(course, env, cache_dir(root), address)
        files.update({f"pdf/{name}": data for name, data in pdfs.items()})
    pages = render_pages(course, address, with_pdfs, env)
    files.update({name: text.encode("utf-8") for name, text in pages.items()})
    # content/images/ as it is at images/ (the theme's logo points there), and the copies
    # resized for phones that the pages show, cached by the pictures' bytes
    pictures, resized = site_images(course, cache_dir(root))
    files.update(pictures)
    if resized:
        log.info("images: %d resized for the site", resized)
    assets = resources.files("generator.render") / "assets"
    # our own CSS and script, minified as served (readers on mobile data); the sources
    # stay readable in generator/render/assets/
    for name in ("workbook.css", "worksheet.css"):
        files[f"assets/{name}"] = rcssmin.cssmin((assets / name).read_text("utf-8")).encode()
    files["assets/workbook.js"] = rjsmin.jsmin(online_script().decode()).encode()
    cuts = [*web_cuts(faces_of(course)), *name_cuts([lang.name for lang in course.languages])]
    for cut in cuts:
        files[f"assets/fonts/{cut.name}.woff2"] = web_font(cut, cache_dir(root))
    files["assets/fonts.css"] = env.get_template("fonts.css.j2").render(
        cuts=cuts, names_family=NAMES_FAMILY).encode("utf-8")
    for face in faces_of(course):
        files[f"assets/fonts/LICENSE-{face.name}.txt"] = face.license()
    reveal = {name: npm_file(root, f"reveal.js/dist/{name}") for name in REVEAL_FILES}
    if all(reveal.values()):
        for name, path in reveal.items():
            files[f"assets/reveal/{Path(name).name}"] = path.read_bytes()
        files["assets/slides.js"] = rjsmin.jsmin((assets / "slides.js").read_text("utf-8")).encode()
        files["assets/slides.css"] = rcssmin.cssmin(
            (assets / "slides.css").read_text("utf-8")).encode()
        for lang in course.language_codes:  # the presenter view is our own: no inline script
            files[slides_path(lang)] = deck_html(course, env, lang, web=True,
                                                 page_policy=POLICY).encode()
    else:
        log.warning("no slide decks on the site: the npm package reveal.js is not "
                    "installed (run: npm ci)")
    # build/ (or a folder in it) linked elsewhere must not take the pages out there
    target = docs_dir(root, command)
    inside_project(target.parent, root, BUILD_DIR)
    sync_tree(target, files)
    return course, report


# The HTML slide decks run on reveal.js (npm, pinned in package.json), served from the site.
REVEAL_FILES = ("reveal.js", "reveal.css")


def npm_file(root: Path, name: str) -> Path | None:
    """A file of an npm package installed for the project, or for the generator itself."""
    for base in (root, Path(__file__).resolve().parents[2]):
        if (base / "node_modules" / name).is_file():
            return base / "node_modules" / name
    return None


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

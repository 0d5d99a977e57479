"""Render the worksheets to PDF with WeasyPrint: every worksheet in every language on
A4 and Letter, bilingual versions, and a workshop pack per language.

Each PDF is keyed by a hash of everything that goes into it; a PDF whose key is in the
cache is copied, not rendered. The rest render in parallel, one process per core.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import re
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..course.markup import prefixed
from ..course.model import Course, Worksheet
from ..files.lock import forget_inherited
from ..files.writer import process_alive
from ..render import brand, handbook, images, slides
from ..render.fonts import face_for, faces_of, families, pdf_fonts
from ..render.images import print_base, print_link
from ..render.pages import PDF_SIZES
from ..render.plans import PDF_PAGES, pdf_pages
from ..render.sheets import css_string, page_counter_css, qr_data_uri, where_in_course
from ..render.urls import bilingual_pairs, page_prefix, page_url, pdf_name
from . import tagging as pdfua

PAPERS = {"a4": "A4", "letter": "letter"}
# A worker's scratch folder and a rendered PDF on its way into the cache, each named
# after the process that made it: the next build removes those whose process is gone.
SCRATCH = re.compile(r"workbook-pdf-(\d+)-.*")
CACHE_TMP = re.compile(r"[0-9a-f]+\.(\d+)\.tmp")


@dataclass(frozen=True)
class PdfJob:
    name: str  # file name under pdf/, e.g. "goals.vi.a4.pdf"
    html: str

    @property
    def key(self) -> str:
        data = f"{_weasyprint_version()}\n{pdfua.recipe()}\n{self.html}".encode()
        return hashlib.sha256(data).hexdigest()


@functools.cache
def _weasyprint_version() -> str:
    """Read from the installed package's metadata: importing WeasyPrint to learn its
    version took half a second of every warm build, in which no PDF renders."""
    return importlib.metadata.version("weasyprint")


def jobs(course: Course, env, fonts: dict[str, Path], address: str | None) -> list[PdfJob]:
    sheet_css = (resources.files("generator.render") / "assets" / "worksheet.css").read_text(
        "utf-8")
    labels = {code: {key: text[code] for key, text in course.labels.items()}
              for code in course.language_codes}
    out = []

    # what a reader types into a field shows in its language's face (the /DA font)
    field_font = {code: face_for(" ".join(t.values())).pdf_family
                  for code, t in labels.items()}

    byline = brand.byline(course.brand)
    faces = faces_of(course)

    def css_for(t: dict, paper: str, lang: str) -> str:
        return env.get_template("pdf.css.j2").render(
            fonts={k: v.resolve().as_uri() for k, v in fonts.items()}, paper=PAPERS[paper],
            faces=faces, families=families(faces),
            # whose the course is, in every page's footer: "Jane Doe · CC BY 4.0 · Page 1 of 2"
            page_counter=(f"{css_string(byline + ' · ')} " if byline else "")
            + page_counter_css(t["page_of"]), sheet_css=sheet_css,
            colour=brand.colour(course.brand),
            field_font=field_font[lang])

    def document(name: str, lang: str, second: str, paper: str, sheets: list[Worksheet],
                 cover: bool, title: str) -> PdfJob:
        t = labels[lang]
        css = css_for(t, paper, lang)
        items = []
        for sheet in sheets:
            lesson = course.lesson_of(sheet)
            url = page_url(address, course, lesson.id, lang)
            items.append({"sheet": sheet, "url": url, "qr": qr_data_uri(url) if url else None,
                          "where": where_in_course(lesson, lang, t)})
        html = env.get_template("pdf.html.j2").render(
            course=course, lang=lang, second=second, t=t, t2=labels[second] if second else t,
            css=css, sheets=items, cover=cover, title=title, author=course.brand.author,
            page_link=prefixed(page_prefix(address, course, lang)),  # links in an intro
            image_link=print_link(course, lang),  # and its images, the original files
            byline=byline, logo=images.logo_src(course, lang, web=False),
            description=course.tagline[lang], home_url=page_url(address, course, "index", lang))
        return PdfJob(name, html)

    for paper in PAPERS:
        for sheet in course.worksheets:
            for lang in course.language_codes:
                out.append(document(pdf_name(sheet.id, lang, paper), lang, "", paper, [sheet],
                                    False, sheet.title[lang]))
            for lang, second in bilingual_pairs(course):
                title = f"{sheet.title[lang]} / {sheet.title[second]}"
                out.append(document(pdf_name(sheet.id, lang, paper, second), lang, second, paper,
                                    [sheet], False, title))
        for lang in course.language_codes:
            title = f"{course.title[lang]}: {labels[lang]['workshop_pack']}"
            out.append(document(pdf_name("workshop-pack", lang, paper), lang, "", paper,
                                course.worksheets, True, title))
        for lang, second in bilingual_pairs(course):
            title = f"{course.title[lang]} / {course.title[second]}"
            out.append(document(pdf_name("workshop-pack", lang, paper, second), lang, second,
                                paper, course.worksheets, True, title))
        if course.plans:
            for lang in course.language_codes:
                out.append(guide(course, env, labels[lang], lang, paper,
                                 css_for(labels[lang], paper, lang), address))
    out += handbooks(course, env, labels, css_for, field_font, address)
    css = env.get_template("slides-pdf.css.j2").render(
        fonts={k: v.resolve().as_uri() for k, v in fonts.items()}, page=slides.PAGE_MM,
        faces=faces, families=families(faces),
        colour=brand.colour(course.brand))
    for lang in course.language_codes:
        out.append(PdfJob(pdf_name("slides", lang, slides.PAPER),
                          slides.deck_html(course, env, lang, web=False, css=css,
                                           address=address)))
    out += plan_decks(course, env, css, address)
    return out


def plan_decks(course: Course, env, css: str, address: str | None) -> list[PdfJob]:
    """Each ready plan's 16:9 deck, per language: its agenda, its lessons in its versions."""
    return [PdfJob(slides.plan_pdf(plan.id, lang),
                   slides.deck_html(course, env, lang, web=False, css=css, address=address,
                                    plan=plan))
            for plan in course.plans for lang in course.language_codes]


# The room sizes a ready plan's handout in the guide splits into pairs and groups
GUIDE_ROOM_SIZES = (9, 12, 15, 20, 24)


def guide(course: Course, env, t: dict, lang: str, paper: str, css: str,
          address: str | None) -> PdfJob:
    """The facilitator guide: cover, plans, teaching notes, checklists."""
    html = env.get_template("guide.html.j2").render(
        course=course, lang=lang, t=t, css=css, author=course.brand.author,
        byline=brand.byline(course.brand), logo=images.logo_src(course, lang, web=False),
        page_link=prefixed(page_prefix(address, course, lang)),
        image_link=print_link(course, lang),
        title=f"{course.title[lang]}: {t['guide_title']}",
        room_sizes=GUIDE_ROOM_SIZES,
        home_url=page_url(address, course, "facilitators", lang))
    return PdfJob(pdf_name("facilitator-guide", lang, paper), html)


def handbooks(course: Course, env, labels: dict, css_for, field_font: dict[str, str],
              address: str | None) -> list[PdfJob]:
    """The whole course as one book, per language and paper, and with the default
    language under each other one: the worksheet PDFs' stylesheet (``css_for``), then
    the book's own."""
    out = []
    faces = faces_of(course)
    chapters = handbook.chapters(course)
    for paper in PAPERS:
        for lang, second in [(code, "") for code in course.language_codes] + \
                bilingual_pairs(course):
            t = labels[lang]
            t2 = labels[second] if second else t
            css = css_for(t, paper, lang) + env.get_template("handbook.css.j2").render(
                pdf=True, colour=brand.colour(course.brand), families=families(faces),
                course_title=css_string(course.title[lang]), field_font=field_font[lang],
                cover_height=handbook.COVER_HEIGHT[paper])
            title = f"{course.title[lang]}: {t['handbook']}"
            if second:
                title += f" / {course.title[second]}: {t2['handbook']}"
            html = env.get_template("handbook.html.j2").render(
                course=course, lang=lang, second=second, t=t, t2=t2, css=css, title=title,
                author=course.brand.author, description=course.tagline[lang],
                chapters=chapters, info=handbook.cover(course, lang, address, web=False),
                # a link to a lesson or a worksheet goes to its page in the book
                page_link=handbook.book_link(course, address, lang),
                image_link=print_link(course, lang))
            out.append(PdfJob(pdf_name(handbook.BOOK, lang, paper, second), html))
    return out


def _worker_start() -> None:
    """A PDF worker lets go of the project lock it was forked with, and ends with the
    build that started it (a killed build leaves no worker behind)."""
    forget_inherited()
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _fetcher(roots: tuple[str, ...] | None):
    """What WeasyPrint may read while it renders: files in ``roots`` (the project's
    content/images/, the cut fonts in the cache; any file if None) and data: addresses
    (the QR codes), no other file and no host: a PDF shows what the course holds, and a
    build reads no file it was not given."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    allowed = None if roots is None else [Path(root).resolve() for root in roots]

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if parts.netloc not in ("", "localhost") or allowed is not None and \
                        not any(path.is_relative_to(root) for root in allowed):
                    raise ValueError(f"not a file of the project: {url}")
            elif parts.scheme != "data":
                raise ValueError(f"a PDF loads nothing from elsewhere: {url}")
            return super().fetch(url, headers)

    return ProjectFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def _render(html: str, scratch_root: str, base_url: str | None = None,
            roots: tuple[str, ...] | None = None) -> bytes:
    """Runs in a worker process. Relative addresses (the images) are read from
    ``base_url``; only files in ``roots`` can be read."""
    from weasyprint import HTML

    pdfua.install()
    # WeasyPrint copies each font into a mkdtemp folder that only its finaliser removes,
    # which a pool worker never runs: give it a folder that goes when the PDF is done,
    # in the cache rather than the system's temporary folder, where a killed worker's
    # folder would stay for good; ``sweep_scratch`` removes those.
    with tempfile.TemporaryDirectory(prefix=f"workbook-pdf-{os.getpid()}-",
                                     dir=scratch_root) as scratch:
        system_temp, tempfile.tempdir = tempfile.tempdir, scratch
        try:
            return HTML(string=html, base_url=base_url or ".",
                        url_fetcher=_fetcher(roots)).write_pdf(
                pdf_forms=True, pdf_variant="pdf/ua-1", uncompressed_pdf=False)
        finally:
            tempfile.tempdir = system_temp


def sweep_scratch(cache_dir: Path) -> None:
    """Remove the scratch folders and half-written PDFs of builds that were killed."""
    for folder, pattern in ((cache_dir / "scratch", SCRATCH), (cache_dir / "pdf", CACHE_TMP)):
        if not folder.is_dir():
            continue
        for leftover in folder.iterdir():
            match = pattern.fullmatch(leftover.name)
            if not match or process_alive(int(match.group(1))):
                continue
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


@dataclass
class RenderReport:
    rendered: int
    cached: int


def render_all(course: Course, env, cache_dir: Path, address: str | None,
               workers: int | None = None, progress=sys.stderr) -> tuple[dict[str, bytes],
                                                                        RenderReport]:
    """Every PDF as {file name: bytes}; only those whose inputs changed are rendered."""
    fonts = pdf_fonts(cache_dir, faces_of(course))
    pdf_cache = cache_dir / "pdf"
    pdf_cache.mkdir(parents=True, exist_ok=True)
    sweep_scratch(cache_dir)
    scratch = cache_dir / "scratch"
    scratch.mkdir(exist_ok=True)
    all_jobs = jobs(course, env, fonts, address)
    todo = [job for job in all_jobs if not (pdf_cache / f"{job.key}.pdf").is_file()]
    workers = workers or os.cpu_count() or 1
    if todo:
        done = 0
        show = progress.isatty() if hasattr(progress, "isatty") else False
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)),
                                 initializer=_worker_start) as pool:
            base, roots = print_base(course), (str(cache_dir),)
            if course.images.folder:
                roots += (str(course.images.folder),)
            futures = {pool.submit(_render, job.html, str(scratch), base, roots): job
                       for job in todo}
            for future in as_completed(futures):
                job = futures[future]
                tmp = pdf_cache / f"{job.key}.{os.getpid()}.tmp"
                tmp.write_bytes(future.result())
                tmp.replace(pdf_cache / f"{job.key}.pdf")
                done += 1
                if show:
                    print(f"\rRendering PDFs: {done}/{len(todo)}", end="", file=progress)
                elif done == len(todo) or done % 10 == 0:
                    print(f"Rendering PDFs: {done}/{len(todo)}", file=progress)
        if show:
            print(file=progress)
    files = {job.name: (pdf_cache / f"{job.key}.pdf").read_bytes() for job in all_jobs}
    # the pages that link a PDF with its size render after this, from the same environment
    env.globals[PDF_SIZES] = {name: len(data) for name, data in files.items()}
    env.globals[PDF_PAGES] = pdf_pages(course, files)  # what the plan pages say to print
    return files, RenderReport(rendered=len(todo), cached=len(all_jobs) - len(todo))

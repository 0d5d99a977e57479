"""Render the course model to Markdown pages, one per page and language.

Pages use mkdocs-static-i18n's suffix layout: ``goals.md`` for the default language,
``goals.vi.md`` for Vietnamese. Every page sits at the top of its language folder, so
Material's language selector finds ``sitemap.xml`` right beside it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..course import markup, pagelist
from ..course.model import Course
from . import handbook, images, slides
from .online import NAME_SIZE, control_name, done_name, reflection_name, ring_slots, sheets_of
from .plans import (
    LENGTHS,
    MAX_PARTICIPANTS,
    PDF_PAGES,
    agenda,
    custom_agendas,
    end_time,
    group_table,
    group_work,
    materials,
    printing,
    taught,
)
from .sheets import css_string, fill, page_counter_css, qr_data_uri, rings, where_in_course
from .urls import bilingual_pairs, heading_id, page_url, pdf_href, pdf_name, site_href, slides_path

# The Markdown the pages are written in: plain Python-Markdown and these extensions, with
# their settings. The site layer hands them to whichever engine builds the site.
PAGE_EXTENSIONS = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    # ids from the heading's own letters, Devanagari included (the default drops them)
    "toc": {"permalink": False, "slugify": heading_id},
    "tables": {},
}

# What Markdown (with attr_list and tables) could read as syntax in a line of text; '<',
# '>' and '&' are HTML's and escaped as such. Kept small: Material prints a page title
# escaped once more in places (the footer's aria-label), where a reference shows.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]#+|])")
LINE_BREAKS = re.compile(r"\s*[\r\n]\s*")


def plain(text: str) -> Markup:
    """Author text shown as it was typed: no HTML, no Markdown, no template syntax. Each
    character Markdown or HTML could read as syntax becomes a character reference, which
    both read as the character itself, in Markdown, in raw HTML and in attributes alike;
    a line break, which would end the Markdown line, becomes a space."""
    parts = MARKDOWN_SPECIALS.split(LINE_BREAKS.sub(" ", str(text)))
    return Markup("".join(f"&#{ord(part)};" if i % 2 else str(escape(part))
                          for i, part in enumerate(parts)))


@jinja2.pass_context
def _text_as_typed(context, value):
    """In a Markdown page, every text a template prints is plain text, whether or not the
    template said ``| plain``: a label can never become a link or an attribute."""
    if isinstance(value, str) and not isinstance(value, Markup) and \
            (context.name or "").endswith(".md.j2"):
        return plain(value)
    return value


@jinja2.pass_context
def markdown(context, text: str) -> Markup:
    """Author Markdown as HTML that can run nothing (generator/course/markup.py), its links to
    the course's pages and its images made for where the page lands (the template's
    ``page_link`` and ``image_link``, render/images.py)."""
    html = markup.to_html(text, context["page_link"], images.link_for(context))
    return Markup(f'<div class="wb-md">\n{html}\n</div>')


def attribute(text: str) -> Markup:
    """Text inside a double-quoted Markdown attribute, such as an admonition title."""
    # the title is inline Markdown too: its specials are escaped as in plain text
    return Markup(str(plain(text)).replace("&#34;", "&quot;"))


def oneblock(html: str) -> Markup:
    """Our own HTML as one Markdown block: no blank line may split it."""
    return Markup("\n".join(line for line in str(html).splitlines() if line.strip()))


def make_environment(cache: Path | None = None) -> jinja2.Environment:
    """Strict, autoescaping templates; with ``cache``, compiled templates are kept there
    (Jinja checks each against its source), so a build does not recompile them. Jinja
    does not check the environment the code was compiled for (its finalize is compiled
    in), so the folder is named after this module, which sets it up."""
    bytecode = None
    if cache is not None:
        recipe = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
        folder = cache / recipe
        folder.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(folder))
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        bytecode_cache=bytecode,
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # every author string is escaped unless a filter says otherwise
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_text_as_typed,
    )
    env.filters.update(plain=plain, markdown=markdown, attribute=attribute, oneblock=oneblock)
    env.globals.update(rings=rings, agenda=agenda, end_time=end_time, materials=materials,
                       control_name=control_name, reflection_name=reflection_name,
                       done_name=done_name, ring_slots=ring_slots, sheets_of=sheets_of,
                       name_size=NAME_SIZE, fill=fill, site_href=site_href,
                       slides_path=slides_path, book_chapters=handbook.chapters,
                       lesson_anchor=handbook.lesson_anchor,
                       section_anchor=handbook.section_anchor,
                       printing=printing, group_work=group_work, group_table=group_table,
                       taught=taught, plan_pdf=slides.plan_pdf,
                       max_participants=MAX_PARTICIPANTS, **{PDF_PAGES: {}})
    return env


# Where the PDF renderer leaves the sizes of the PDFs it made, for the pages' links
# (generator/pdf/documents.py render_all): the environment is the build's own.
PDF_SIZES = "pdf_sizes"


def page_name(slug: str, lang: str, default: str) -> str:
    return f"{slug}.md" if lang == default else f"{slug}.{lang}.md"


def pdf_links(course: Course, lang: str, sizes: dict[str, int] | None = None) -> dict:
    """Each PDF of ``lang``, relative to a page of that language (pages are flat); the
    handbook's with its size, from ``sizes`` ({file name: bytes}) once they are rendered.

    mkdocs-static-i18n does not list the shared pdf/ folder in other languages' builds,
    so these links are written as HTML, not as Markdown links for MkDocs to resolve.
    """
    second = dict(bilingual_pairs(course)).get(lang, "")

    def both(what: str, second: str = "") -> dict:
        return {paper: pdf_href(course, lang, pdf_name(what, lang, paper, second))
                for paper in ("a4", "letter")}

    links = {sheet.id: {**both(sheet.id), "bilingual": both(sheet.id, second) if second else None}
             for sheet in course.worksheets}
    links["pack"] = both("workshop-pack")
    links["pack_bilingual"] = both("workshop-pack", second) if second else None
    links["slides"] = pdf_href(course, lang, pdf_name("slides", lang, slides.PAPER))
    links["guide"] = both("facilitator-guide")
    links["book"] = handbook.links(course, lang, "", sizes or {})
    links["book_bilingual"] = handbook.links(course, lang, second, sizes or {}) if second else None
    return links


def render_pages(course: Course, address: str | None = None, with_pdfs: bool = True,
                 env: jinja2.Environment | None = None) -> dict[str, str]:
    """Every page of the site as {file name: Markdown}, in the order of the page list
    (course/pagelist.py): each page's kind names its template (lesson -> lesson.md.j2)."""
    env = env or make_environment()
    default = course.default_language.code
    pages: dict[str, str] = {}
    agendas = custom_agendas(course) if course.plans else []
    entries = pagelist.pages(course)
    for lang in course.languages:
        code = lang.code
        labels = {key: text[code] for key, text in course.labels.items()}
        pdfs = pdf_links(course, code, env.globals.get(PDF_SIZES)) if with_pdfs else None
        common = {"course": course, "lang": code, "t": labels, "pdfs": pdfs,
                  "page_link": markup.site_link, "image_link": images.page_link(course, code)}
        for page in entries:
            extra = _page_context(page, course, code, labels, address, env, pdfs, agendas)
            pages[page_name(page.slug, code, default)] = env.get_template(
                f"{page.kind}.md.j2").render(common, **extra)
    return pages


def _page_context(page: pagelist.Page, course: Course, lang: str, labels: dict,
                  address: str | None, env: jinja2.Environment, pdfs: dict | None,
                  agendas: list) -> dict:
    """What a kind of page's template needs beyond the common texts."""
    if page.kind == "lesson":
        return {"lesson": page.subject, "number": course.lessons.index(page.subject) + 1,
                "count": len(course.lessons)}
    if page.kind == "plan":
        return {"plan": page.subject}
    if page.kind == "my-workbook":
        return handbook.web_context(course, lang, labels, address, env)
    if page.kind == "teach":
        return {"lesson": page.subject}
    if page.kind == "plan-custom":
        return {"agendas": agendas, "lengths": LENGTHS}
    if page.kind == "worksheet":
        sheet = page.subject
        lesson = course.lesson_of(sheet)
        url = page_url(address, course, lesson.id, lang)
        footer = f"{course.title[lang]}\n{sheet.title[lang]} · "
        footer += where_in_course(lesson, lang, labels)
        if url:
            footer += f"\n{url}"
        print_style = env.get_template("print-page.css.j2").render(
            qr_print=Markup(qr_data_uri(url, size_mm=16)) if url else None,
            footer_text=Markup(css_string(footer)),
            page_counter=Markup(page_counter_css(labels["page_of"])))
        return {"sheet": sheet, "lesson": lesson, "print_style": print_style,
                "pdfs": pdfs[sheet.id] if pdfs else None}
    return {}


def facilitators_section(course: Course) -> str:
    """The facilitators' section title in the navigation, in the default language (the
    MkDocs glue hands the other languages' titles to mkdocs-static-i18n)."""
    return course.labels["facilitators"][course.default_language.code]


def nav(course: Course) -> list:
    """The navigation in the page list's order; MkDocs takes each title from the page's
    heading. Plans and teaching notes sit in a section of their own, where its first page
    stands in the list."""
    out: list = []
    section: list[str] = []
    for page in pagelist.pages(course):
        if page.nav == pagelist.MAIN:
            out.append(f"{page.slug}.md")
        elif page.nav == pagelist.FACILITATION:
            if not section:
                out.append({facilitators_section(course): section})
            section.append(f"{page.slug}.md")
    return out

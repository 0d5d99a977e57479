"""The whole course as one book: its chapters, where its links lead, the size shown in a
link to it. The layout is the templates' (handbook.html.j2 and the macros of
handbook-parts.html.j2, which My workbook prints from too); this is the arithmetic."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..course.markup import PageLink, prefixed
from ..course.model import Course, Lesson, Worksheet
from . import brand, images
from .online import sheets_of
from .sheets import css_string, page_counter_css, qr_data_uri
from .sizes import size_text
from .urls import heading_id, page_prefix, page_url, pdf_href, pdf_name, site_href

BOOK = "handbook"  # its PDFs: handbook.vi.a4.pdf, handbook.vi-en.a4.pdf
# The cover fills its page (a page with no margin): the paper's height, less a hair that
# keeps rounding from pushing the cover's foot onto a page of its own
COVER_HEIGHT = {"a4": "296.5mm", "letter": "279mm"}
WEB_COVER_HEIGHT = "236mm"  # a browser's page: the smaller of A4 and Letter, inside its margins


@dataclass(frozen=True)
class Chapter:
    number: int
    lesson: Lesson
    sheets: list[Worksheet]  # those whose place in the course is this lesson


def chapters(course: Course) -> list[Chapter]:
    """Every lesson in course order, each with the worksheets that come after it."""
    return [Chapter(i, lesson, sheets_of(course, lesson))
            for i, lesson in enumerate(course.lessons, 1)]


def lesson_anchor(lesson_id: str) -> str:
    return f"lesson-{lesson_id}"


def section_anchor(lesson_id: str, heading: str) -> str:
    """A section's place in the book: its lesson and its heading's id on the site, so a
    link to 'step-2-map.md#communities-first' finds it in the book too."""
    return f"{lesson_anchor(lesson_id)}--{heading_id(heading)}"


def book_link(course: Course, address: str | None, lang: str) -> PageLink:
    """A link in the book's author Markdown: to a lesson, a part of one or a worksheet
    of the course, its page in the book; to any other page of the site, its public
    address (none without one: the link's text stays)."""
    inside: dict[str, tuple[str, set[str]]] = {}
    for lesson in course.lessons:
        inside[lesson.id] = (lesson_anchor(lesson.id),
                             {heading_id(s.heading[lang]) for s in lesson.sections})
    for chapter in chapters(course):
        for sheet in chapter.sheets:
            inside[f"worksheet-{sheet.id}"] = (f"sheet-{sheet.id}", set())
    outside = prefixed(page_prefix(address, course, lang))

    def link(page: str, fragment: str) -> str | None:
        if page not in inside:
            return outside(page, fragment)
        anchor, parts = inside[page]
        return f"#{anchor}--{fragment}" if fragment in parts else f"#{anchor}"
    return link


def links(course: Course, lang: str, second: str, sizes: dict[str, int]) -> dict:
    """The book of ``lang`` (with ``second`` under it, or ''), per paper: its address
    from a page of that language, and its size once it is rendered ('' before)."""
    out = {}
    for paper in ("a4", "letter"):
        name = pdf_name(BOOK, lang, paper, second)
        out[paper] = {"href": pdf_href(course, lang, name),
                      "size": size_text(sizes.get(name, 0), lang)}
    return out


def cover(course: Course, lang: str, address: str | None, web: bool) -> dict:
    """What the cover shows besides the course's texts: its logo, whose it is, and
    where it lives (with a QR code) when the course has a public address."""
    home = page_url(address, course, "index", lang)
    return {"logo": images.logo_src(course, lang, web=web, prefix=site_href(course, lang, "")),
            "byline": brand.byline(course.brand), "home_url": home,
            "qr": qr_data_uri(home) if home else None}


def footer(course: Course, label: str) -> Markup:
    """'Jane Doe · CC BY 4.0 · Page 3 of 40' as CSS content, as every PDF's footer."""
    byline = brand.byline(course.brand)
    return Markup((f"{css_string(byline + ' · ')} " if byline else "") + page_counter_css(label))


def web_context(course: Course, lang: str, labels: dict, address: str | None, env) -> dict:
    """My workbook's printed book: the handbook's chapters and cover, and its print CSS
    (the handbook's own stylesheet, for a browser's page)."""
    css = env.get_template("handbook.css.j2").render(
        pdf=False, colour=brand.colour(course.brand), cover_height=WEB_COVER_HEIGHT,
        page_counter=footer(course, labels["page_of"]))
    return {"book": {"chapters": chapters(course), "cover": cover(course, lang, address, True),
                     "style": f"@media print {{\n{css}}}\n"}}

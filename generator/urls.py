"""Where things are on the site: one answer for the pages, the PDFs, the sitemaps and
the MkDocs glue. Every page sits at the top of its language's folder."""

from __future__ import annotations

from .model import Course


def lang_folder(lang: str, default: str) -> str:
    """'' for the default language, 'vi/' for Vietnamese."""
    return "" if lang == default else f"{lang}/"


def page_url(site_url: str, course: Course, slug: str, lang: str) -> str:
    """The absolute address of a page, as the QR codes and PDFs print it."""
    folder = lang_folder(lang, course.default_language.code)
    return f"{site_url.rstrip('/')}/{folder}{slug}.html"


def pdf_name(what: str, lang: str, paper: str, second: str = "") -> str:
    """goals.vi.a4.pdf; goals.vi-en.a4.pdf for the bilingual one."""
    return f"{what}.{lang}{'-' + second if second else ''}.{paper}.pdf"


def pdf_href(course: Course, lang: str, name: str) -> str:
    """A PDF as linked from a page of ``lang``: the PDFs sit once, in the site's pdf/."""
    up = "../" if lang_folder(lang, course.default_language.code) else ""
    return f"{up}pdf/{name}"


def bilingual_pairs(course: Course) -> list[tuple[str, str]]:
    """Each other language with the default one under it: Vietnamese with English."""
    default = course.default_language.code
    return [(code, default) for code in course.language_codes if code != default]

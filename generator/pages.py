"""Render the course model to Markdown pages, one per page and language.

Pages use mkdocs-static-i18n's suffix layout: ``goals.md`` for the default language,
``goals.vi.md`` for Vietnamese. Every page sits at the top of its language folder, so
Material's language selector finds ``sitemap.xml`` right beside it.
"""

from __future__ import annotations

import re

import jinja2
from markupsafe import Markup, escape

from .model import Course

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def plain(text: str) -> Markup:
    """Author text shown as it was typed: no HTML, no Markdown, no template syntax."""
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", str(escape(text))))


def markdown(text: str) -> Markup:
    """Author Markdown with raw HTML turned off: a '<' shows as a '<'."""
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;"))


def attribute(text: str) -> Markup:
    """Text inside a double-quoted Markdown attribute, such as an admonition title."""
    return Markup(str(escape(text)).replace("&#34;", "&quot;"))


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # every author string is escaped unless a filter says otherwise
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(plain=plain, markdown=markdown, attribute=attribute)
    return env


def page_name(slug: str, lang: str, default: str) -> str:
    return f"{slug}.md" if lang == default else f"{slug}.{lang}.md"


def render_pages(course: Course) -> dict[str, str]:
    """Every page of the site as {file name: Markdown}, in a stable order."""
    env = make_environment()
    default = course.default_language.code
    pages: dict[str, str] = {}
    for lang in course.languages:
        code = lang.code
        labels = {key: text[code] for key, text in course.labels.items()}
        common = {"course": course, "lang": code, "t": labels}
        pages[page_name("index", code, default)] = env.get_template("home.md.j2").render(common)
        for number, lesson in enumerate(course.lessons, start=1):
            pages[page_name(lesson.id, code, default)] = env.get_template("lesson.md.j2").render(
                common, lesson=lesson, number=number, count=len(course.lessons))
        pages[page_name("sources", code, default)] = env.get_template("sources.md.j2").render(
            common)
    return pages


def nav(course: Course) -> list[str]:
    """The navigation in course order; MkDocs takes each title from the page's heading."""
    return ["index.md", *(f"{lesson.id}.md" for lesson in course.lessons), "sources.md"]

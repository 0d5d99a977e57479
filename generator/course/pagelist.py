"""The one list of the site's pages: what each is, its name and where it sits in the
navigation. The renderer, the sitemaps, the navigation and the link check all read it,
so a new kind of page is one entry here and one template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Course

MAIN = "main"  # in the navigation, in course order
FACILITATION = "facilitation"  # in the navigation's facilitators' section
HIDDEN = ""  # linked from other pages only (a worksheet from its lesson)


@dataclass(frozen=True)
class Page:
    kind: str  # the template's name: lesson -> lesson.md.j2
    slug: str  # the file's name without language: step-1-goals
    nav: str
    subject: Any = None  # the lesson, worksheet or plan the page is about


def pages(course: Course) -> list[Page]:
    """Every page of a language, in the order the sitemaps list them."""
    out = [Page("home", "index", MAIN)]
    out += [Page("lesson", lesson.id, MAIN, lesson) for lesson in course.lessons]
    out += [Page("worksheets", "worksheets", MAIN), Page("my-workbook", "my-workbook", MAIN)]
    out += [Page("worksheet", f"worksheet-{sheet.id}", HIDDEN, sheet)
            for sheet in course.worksheets]
    out.append(Page("facilitators", "facilitators", FACILITATION))
    out += [Page("plan", f"plan-{plan.id}", FACILITATION, plan) for plan in course.plans]
    if course.plans:
        out.append(Page("plan-custom", "plan-custom", FACILITATION))
    out += [Page("teach", f"teach-{lesson.id}", FACILITATION, lesson)
            for lesson in course.lessons if lesson.facilitator]
    if course.sources:
        out.append(Page("sources", "sources", MAIN))
    return out


def slugs(course: Course) -> list[str]:
    return [page.slug for page in pages(course)]

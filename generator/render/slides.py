"""A slide deck per language, from the same YAML as the lessons: what each slide says
and what the facilitator's speaker notes hold. The template (slides.html.j2) lays the
deck out for reveal.js on the site and for a 16:9 PDF; this module decides the content."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..course.markup import prefixed
from ..course.model import Course
from .policy import POLICY
from .urls import lang_folder, page_prefix

# 16:9, the shape of a projector's picture: the PDF's page and the HTML deck's stage
PAGE_MM = (254.0, 142.875)
STAGE_PX = (1280, 720)
PAPER = "16x9"  # in the PDF's name: slides.vi.16x9.pdf
AUTHOR = "Network Workbook"  # the decks' and the PDFs' author


@dataclass(frozen=True)
class Slide:
    kind: str  # title, objectives, takeaways, activity, reflection, questions, closing
    title: str
    items: list[str] = field(default_factory=list)
    instructions: str = ""  # Markdown: an activity's instructions
    minutes: int = 0  # an activity's countdown
    format: str = ""  # alone, pairs or groups
    notes: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, points)


def deck(course: Course, lang: str) -> list[Slide]:
    """Title; per lesson its objectives, key points, activity and reflection questions;
    the gap questions; a closing slide with the course's key points. The teaching notes
    (talking points, debrief, pitfalls) become the speaker notes."""
    t = {key: text[lang] for key, text in course.labels.items()}
    slides = [Slide("title", course.title[lang], [course.tagline[lang]])]
    for number, lesson in enumerate(course.lessons, start=1):
        notes = lesson.facilitator
        talking = [(t["talking_points"], [p[lang] for p in notes.talking_points])] \
            if notes else []
        title = f"{number}. {lesson.title[lang]}"
        slides.append(Slide("objectives", title, [o[lang] for o in lesson.objectives],
                            notes=[(t["purpose"], [notes.purpose[lang]])] + talking
                            if notes else []))
        slides.append(Slide("takeaways", f"{title}: {t['takeaways']}",
                            [k[lang] for k in lesson.takeaways], notes=talking))
        if notes and notes.activity:
            activity = notes.activity
            slides.append(Slide(
                "activity", f"{t['activity']}: {lesson.title[lang]}",
                instructions=activity.instructions[lang], minutes=activity.minutes,
                format=t[f"format_{activity.format}"],
                notes=[(t["debrief"], [notes.debrief[lang]]),
                       (t["pitfalls"], [p[lang] for p in notes.pitfalls])]))
        slides.append(Slide("reflection", f"{title}: {t['reflection']}",
                            [q[lang] for q in lesson.reflection],
                            notes=[(t["discussion"], [d[lang] for d in notes.discussion])]
                            if notes else []))
    for sheet in course.worksheets:
        for sheet_field in sheet.fields:
            if sheet_field.type == "questions":
                slides.append(Slide("questions", sheet.title[lang],
                                    [q[lang] for q in sheet_field.items]))
    closing = course.lessons[-1]
    slides.append(Slide("closing", closing.title[lang], [k[lang] for k in closing.takeaways]))
    return slides


def deck_html(course: Course, env, lang: str, web: bool, css: str = "",
              address: str | None = None, page_policy: str = POLICY) -> str:
    """A language's deck as HTML: for reveal.js on the site (``web``), or for the PDF.
    Links to the course's pages go to the site beside the deck, or to the public
    address from the PDF."""
    t = {key: text[lang] for key, text in course.labels.items()}
    prefix = f"../{lang_folder(lang, course.default_language.code)}" if web \
        else page_prefix(address, course, lang)
    return env.get_template("slides.html.j2").render(
        page_link=prefixed(prefix), policy=page_policy,
        course=course, lang=lang, t=t, slides=deck(course, lang), web=web, css=css,
        title=f"{course.title[lang]}: {t['slides']}", author=AUTHOR, stage=STAGE_PX)

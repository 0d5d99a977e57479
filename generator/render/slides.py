"""A slide deck per language, from the same YAML as the lessons: what each slide says
and what the facilitator's speaker notes hold. The template (slides.html.j2) lays the
deck out for reveal.js on the site and for a 16:9 PDF; this module decides the content."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..course.markup import prefixed
from ..course.model import Course, Field, Lesson, Plan, Worksheet
from . import brand, images
from .online import sheets_of
from .plans import agenda
from .policy import POLICY
from .urls import lang_folder, page_prefix, pdf_name

# 16:9, the shape of a projector's picture: the PDF's page and the HTML deck's stage
PAGE_MM = (254.0, 142.875)
STAGE_PX = (1280, 720)
PAPER = "16x9"  # in the PDF's name: slides.vi.16x9.pdf


@dataclass(frozen=True)
class Slide:
    kind: str  # title, agenda, block, break, objectives, takeaways, activity, reflection,
    #            questions, scale, choice, closing
    title: str
    items: list[str] = field(default_factory=list)
    instructions: str = ""  # Markdown: an activity's instructions
    minutes: int = 0  # an activity's countdown
    format: str = ""  # alone, pairs or groups
    meta: str = ""  # a line under the title: the worksheet a question is on, a scale's ends
    notes: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, points)
    key: str = ""  # the slide's name in the deck's file, where every plan's slides are
    # an agenda's rows: (from, to, what) in minutes from the start; a break's end, likewise
    rows: list[tuple[int, int, str]] = field(default_factory=list)
    back: int = 0


# Worksheet fields a room answers together, shown in the lesson whose worksheet has them
ON_SLIDES = ("questions", "scale", "choice")


def field_slide(sheet: Worksheet, item: Field, lang: str, key: str = "") -> Slide:
    meta = sheet.title[lang]
    if item.type == "scale":
        ends = f"1 = {item.low_label[lang]} … {item.points} = {item.high_label[lang]}"
        return Slide("scale", item.label[lang], [i[lang] for i in item.items],
                     meta=f"{meta} · {ends}", key=key)
    if item.type == "choice":
        return Slide("choice", item.label[lang], [o[lang] for o in item.options], meta=meta,
                     key=key)
    return Slide("questions", item.label[lang], [q[lang] for q in item.items], meta=meta,
                 key=key)


def lesson_slides(course: Course, lesson: Lesson, lang: str, t: dict,
                  version: str = "full") -> list[Slide]:
    """A lesson's slides in a version of its teaching notes: objectives, key points, the
    version's activity (a short version's own, or none), reflection questions and the
    questions of the worksheets it brings in. The notes become the speaker notes; a short
    version's say what it cuts."""
    number = course.lessons.index(lesson) + 1
    notes = lesson.facilitator
    key = f"{lesson.id}.{version}"
    talking = [(t["talking_points"], [p[lang] for p in notes.talking_points])] \
        if notes else []
    title = f"{number}. {lesson.title[lang]}"
    first = [(t["purpose"], [notes.purpose[lang]])] if notes else []
    if notes and notes.short and version == "short":
        first.append((t["notes_short"], [notes.short.changes[lang]]))
    slides = [Slide("objectives", title, [o[lang] for o in lesson.objectives],
                    notes=first + talking, key=f"{key}.objectives"),
              Slide("takeaways", f"{title}: {t['takeaways']}", [k[lang] for k in lesson.takeaways],
                    notes=talking, key=f"{key}.takeaways")]
    activity = notes.activity_for(version) if notes else None
    if activity:
        slides.append(Slide(
            "activity", f"{t['activity']}: {lesson.title[lang]}",
            instructions=activity.instructions[lang], minutes=activity.minutes,
            format=t[f"format_{activity.format}"],
            notes=[(t["debrief"], [notes.debrief[lang]]),
                   (t["pitfalls"], [p[lang] for p in notes.pitfalls])],
            key=f"{key}.activity"))
    if lesson.reflection:
        slides.append(Slide("reflection", f"{title}: {t['reflection']}",
                            [q[lang] for q in lesson.reflection],
                            notes=[(t["discussion"], [d[lang] for d in notes.discussion])]
                            if notes else [], key=f"{key}.reflection"))
    for sheet in sheets_of(course, lesson):
        slides += [field_slide(sheet, item, lang, f"{key}.{sheet.id}.{item.id}")
                   for item in sheet.fields if item.type in ON_SLIDES]
    return slides


def _labels(course: Course, lang: str) -> dict:
    return {key: text[lang] for key, text in course.labels.items()}


def _ends(course: Course, lang: str) -> tuple[Slide, Slide]:
    byline = brand.byline(course.brand)
    closing = course.closing[lang] if course.closing else course.tagline[lang]
    return (Slide("title", course.title[lang], [course.tagline[lang]], meta=byline, key="title"),
            Slide("closing", course.title[lang], [closing], meta=byline, key="closing"))


def deck(course: Course, lang: str) -> list[Slide]:
    """Title; per lesson, in the course's order, its slides in the full version; the
    course's own closing."""
    t = _labels(course, lang)
    title, closing = _ends(course, lang)
    slides = [title]
    for lesson in course.lessons:
        slides += lesson_slides(course, lesson, lang, t)
    return slides + [closing]


def plan_deck(course: Course, lang: str, plan: Plan, name: str) -> list[Slide]:
    """The deck a plan is taught from: title; its agenda with clock times; per block, the
    lesson's slides in the plan's version, a break's slide with the time to come back, or
    the block's title and note; the closing. Lessons the plan leaves out are left out.
    ``name`` keeps its agenda and breaks apart from other plans' in the deck's file."""
    t = _labels(course, lang)
    title, closing = _ends(course, lang)
    slots = agenda(plan)
    at = 0
    rows = []
    for slot in slots:
        what = slot.block.title[lang]
        if slot.block.lesson:
            what += f" ({t['version_' + slot.block.version]})"
        rows.append((at, at + slot.block.minutes, what))
        at += slot.block.minutes
    slides = [title, Slide("agenda", f"{t['agenda']}: {plan.title[lang]}", rows=rows,
                           meta=f"{t['total']}: {plan.minutes} {t['minutes']}",
                           key=f"{name}.agenda")]
    for i, (slot, (_, end, _)) in enumerate(zip(slots, rows, strict=True)):
        block = slot.block
        if block.lesson and course.lesson(block.lesson).facilitator:
            slides += lesson_slides(course, course.lesson(block.lesson), lang, t, block.version)
        elif block.lesson:
            slides += lesson_slides(course, course.lesson(block.lesson), lang, t)
        elif 0 < i < len(slots) - 1 and not block.note:  # teaches nothing, between two
            # parts: a break (a welcome or a closing block is first or last, or has a note)
            slides.append(Slide("break", block.title[lang], back=end, minutes=block.minutes,
                                key=f"{name}.break.{i}"))
        else:
            slides.append(Slide("block", block.title[lang],
                                [block.note[lang]] if block.note else [],
                                meta=f"{block.minutes} {t['minutes']}", key=f"{name}.block.{i}"))
    return slides + [closing]


def sequences(course: Course, lang: str) -> tuple[dict[str, list[str]], list[Slide]]:
    """Every deck the deck's file holds: the whole course, each ready plan, each agenda of
    the Plan-your-own-session page, as {name: slide keys in order}; and each slide once."""
    from .plans import custom_agendas

    decks = {"course": deck(course, lang)}
    for plan in course.plans:
        decks[f"plan:{plan.id}"] = plan_deck(course, lang, plan, f"plan-{plan.id}")
    if course.plans:
        for item in custom_agendas(course):
            name = f"custom:{item.minutes}-{1 if item.with_break else 0}"
            decks[name] = plan_deck(course, lang, item.plan, name.replace(":", "-"))
    every: dict[str, Slide] = {}
    for slides in decks.values():
        for slide in slides:
            every.setdefault(slide.key, slide)
    return {name: [s.key for s in slides] for name, slides in decks.items()}, list(every.values())


def clock_format(lang: str) -> dict:
    """How the presenter view's clock reads in ``lang``: CLDR's short time pattern (HH:mm,
    or h:mm a where the language counts twelve hours) and its names for a.m. and p.m."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_time_format

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        locale = Locale.parse("en")
    periods = locale.day_periods.get("format", {}).get("abbreviated", {})
    return {"pattern": get_time_format("short", locale).pattern,
            "am": periods.get("am", "AM"), "pm": periods.get("pm", "PM")}


# The presenter view's texts (slides.js)
DECK_LABELS = ("presenter_view", "presenter_next", "presenter_clock", "presenter_notes",
               "presenter_end", "countdown_start", "countdown_pause", "minutes")


def deck_data(course: Course, lang: str, names: dict[str, list[str]]) -> dict:
    """What the deck's script reads: the decks by name, the presenter view's texts and
    clock, and the agenda's start (a custom agenda's clock times follow the address)."""
    t = _labels(course, lang)
    return {"decks": names, "labels": {key: t[key] for key in DECK_LABELS if key in t},
            "clock": clock_format(lang),
            "starts": {f"plan:{plan.id}": plan.start for plan in course.plans},
            "defaultStart": DEFAULT_START}


DEFAULT_START = "09:00"  # a custom agenda's, as on the Plan-your-own-session page


def plan_pdf(plan_id: str, lang: str) -> str:
    """A ready plan's 16:9 deck: slides-half-day.vi.16x9.pdf."""
    return pdf_name(f"slides-{plan_id}", lang, PAPER)


def deck_html(course: Course, env, lang: str, web: bool, css: str = "",
              address: str | None = None, page_policy: str = POLICY,
              plan: Plan | None = None) -> str:
    """A language's deck as HTML: for reveal.js on the site (``web``: every plan's slides
    in one file, the address choosing the plan), or for the PDF (the course's deck, or
    ``plan``'s). Links to the course's pages go to the site beside the deck, or to the
    public address from the PDF."""
    t = _labels(course, lang)
    prefix = f"../{lang_folder(lang, course.default_language.code)}" if web \
        else page_prefix(address, course, lang)
    data = None
    if web:
        names, slides = sequences(course, lang)
        data = deck_data(course, lang, names)
    else:
        slides = plan_deck(course, lang, plan, "plan") if plan else deck(course, lang)
    start = plan.start if plan else (course.plans[0].start if course.plans else DEFAULT_START)
    before, _, after = t.get("break_back", "{time}").partition("{time}")
    return env.get_template("slides.html.j2").render(
        colour=brand.colour(course.brand), logo=images.logo_src(course, lang, web),
        page_link=prefixed(prefix), policy=page_policy,
        course=course, lang=lang, t=t, slides=slides, web=web, css=css,
        title=f"{course.title[lang]}: {t['slides']}", author=course.brand.author,
        stage=STAGE_PX, data=data, clock=_clock_at(start), back_label=(before, after))


def _clock_at(start: str):
    hours, minutes = (int(part) for part in start.split(":"))

    def at(offset: int) -> str:
        total = hours * 60 + minutes + offset
        return f"{total // 60 % 24:02d}:{total % 60:02d}"
    return at

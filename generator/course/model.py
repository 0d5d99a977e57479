"""The course as typed data: what the YAML says, checked, with no file formats left in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .images import Images

# A text in every course language: {"en": "...", "vi": "..."}.
Text = dict[str, str]


@dataclass(frozen=True)
class Language:
    code: str
    name: str


@cache
def direction(code: str) -> str:
    """'rtl' for a language written right to left (ar, fa, he, ur...: CLDR's character
    order, through Babel), else 'ltr': the one rule for every page, PDF and deck."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


@dataclass(frozen=True)
class Source:
    id: str
    title: str  # as the article gives it, in its own language
    title_translated: Text
    language: str  # language code of the article
    language_name: Text
    publisher: str
    url: str
    note: Text


@dataclass(frozen=True)
class Section:
    heading: Text
    body: Text  # Markdown


@dataclass(frozen=True)
class Activity:
    format: str  # alone, pairs or groups
    minutes: int
    instructions: Text  # Markdown, read out by the facilitator
    materials: list[Text] = field(default_factory=list)  # what the room needs for it


@dataclass(frozen=True)
class ShortVersion:
    """A lesson taught in less time: its minutes, and what is cut or shortened."""

    minutes: int
    changes: Text
    activity: Activity | None = None  # its own activity, when the short one differs
    without_activity: bool = False  # the short version drops the activity


VERSIONS = ("full", "short")


@dataclass(frozen=True)
class FacilitatorNotes:
    """Teaching notes; the facilitator guide renders them, reader pages never do."""

    minutes: int
    purpose: Text
    talking_points: list[Text]
    activity: Activity | None
    discussion: list[Text]
    debrief: Text
    pitfalls: list[Text]
    short: ShortVersion | None = None
    materials: list[Text] = field(default_factory=list)  # what the room needs for the lesson

    def activity_for(self, version: str) -> Activity | None:
        """The activity a version teaches: the short version's own, none, or the full one."""
        if version == "short" and self.short:
            if self.short.without_activity:
                return None
            return self.short.activity or self.activity
        return self.activity

    def materials_for(self, version: str) -> list[Text]:
        """What the room needs to teach a version: the lesson's, then its activity's."""
        activity = self.activity_for(version)
        return [*self.materials, *(activity.materials if activity else [])]

    def minutes_for(self, version: str) -> int:
        """The minutes a version needs; a lesson with no short version has only one."""
        return self.short.minutes if version == "short" and self.short else self.minutes


@dataclass(frozen=True)
class Lesson:
    id: str
    minutes: int
    title: Text
    summary: Text
    objectives: list[Text]
    sections: list[Section]
    takeaways: list[Text]
    reflection: list[Text]
    worksheets: list[str] = field(default_factory=list)
    facilitator: FacilitatorNotes | None = None
    step: int | None = None  # which of the course's steps, if the lesson is one


FIELD_TYPES = ("lines", "box", "table", "checklist", "questions", "ring_map", "scale", "choice",
               "date")


@dataclass(frozen=True)
class Field:
    """One thing to fill in on a worksheet. Which attributes count depends on ``type``:

    lines: ``lines`` write-in lines; box: a box ``height_mm`` tall; table: ``columns``
    and ``rows``; checklist: ``items``; questions: ``items`` each with ``lines`` to answer;
    ring_map: ``items`` are the rings from the centre out, ``centre`` the middle;
    scale: a rating 1..``points``, ``low_label`` and ``high_label`` saying what 1 and
    ``points`` mean, each of ``items`` rated (no items: the label is what is rated);
    choice: one of ``options``; date: a date.
    """

    id: str
    type: str
    label: Text
    hint: Text | None = None
    lines: int = 3
    height_mm: int = 40
    rows: int = 5
    columns: list[Text] = field(default_factory=list)
    items: list[Text] = field(default_factory=list)
    centre: Text | None = None
    points: int = 5
    low_label: Text | None = None
    high_label: Text | None = None
    options: list[Text] = field(default_factory=list)
    new_page: bool = False


@dataclass(frozen=True)
class Worksheet:
    id: str
    pages: int  # printed pages it must fit, on A4 and on US Letter
    title: Text
    summary: Text
    intro: Text  # Markdown
    fields: list[Field] = field(default_factory=list)


@dataclass(frozen=True)
class Block:
    """One part of a workshop agenda."""

    title: Text
    minutes: int
    lesson: str | None = None  # the lesson taught in this block, if any
    version: str = "full"  # of the lesson's teaching notes: full or short
    worksheets: list[str] = field(default_factory=list)
    note: Text | None = None


@dataclass(frozen=True)
class Plan:
    """A ready workshop plan: an agenda whose blocks add up to ``minutes``."""

    id: str
    minutes: int
    start: str  # "HH:MM", the clock time the agenda starts at
    title: Text
    summary: Text
    blocks: list[Block]

    def worksheet_ids(self) -> list[str]:
        """Worksheets the plan uses, each once, in agenda order."""
        seen: list[str] = []
        for block in self.blocks:
            seen += [w for w in block.worksheets if w not in seen]
        return seen


@dataclass(frozen=True)
class Brand:
    """Whose course it is and how it looks: the author's name and licence as given, the
    logo (a path under content/), Material's palette names for its colours."""

    author: str = ""
    licence: str = ""
    logo: str = ""
    primary: str = ""
    accent: str = ""


@dataclass(frozen=True)
class Course:
    id: str  # readers' saved answers are kept under it
    title: Text
    tagline: Text
    description: Text
    audience: Text
    languages: list[Language]
    lessons: list[Lesson]
    sources: list[Source]
    labels: dict[str, Text]
    worksheets: list[Worksheet] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    brand: Brand = field(default_factory=lambda: Brand())
    closing: Text | None = None  # what the last slide says; else the title and tagline
    images: Images = field(default_factory=Images)  # the files of content/images/

    @property
    def default_language(self) -> Language:
        return self.languages[0]

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def direction(self, code: str) -> str:
        """'rtl' or 'ltr': the ``dir`` of a page in language ``code``."""
        return direction(code)

    def lesson_of(self, sheet: Worksheet) -> Lesson:
        """The first lesson, in course order, that uses the worksheet."""
        return next(lesson for lesson in self.lessons if sheet.id in lesson.worksheets)

    def worksheet(self, sheet_id: str) -> Worksheet:
        return next(sheet for sheet in self.worksheets if sheet.id == sheet_id)

    def plan_by_id(self, plan_id: str) -> Plan:
        return next(plan for plan in self.plans if plan.id == plan_id)

    def lesson(self, lesson_id: str) -> Lesson:
        return next(lesson for lesson in self.lessons if lesson.id == lesson_id)

    @property
    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)

"""The course as typed data: what the YAML says, checked, with no file formats left in it."""

from __future__ import annotations

from dataclasses import dataclass, field

# A text in every course language: {"en": "...", "vi": "..."}.
Text = dict[str, str]


@dataclass(frozen=True)
class Language:
    code: str
    name: str


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


@dataclass(frozen=True)
class ShortVersion:
    """A lesson taught in less time: its minutes, and what is cut or shortened."""

    minutes: int
    changes: Text


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
    step: int | None = None  # which of the five steps, if the lesson is one


FIELD_TYPES = ("lines", "box", "table", "checklist", "questions", "ring_map")


@dataclass(frozen=True)
class Field:
    """One thing to fill in on a worksheet. Which attributes count depends on ``type``:

    lines: ``lines`` write-in lines; box: a box ``height_mm`` tall; table: ``columns``
    and ``rows``; checklist: ``items``; questions: ``items`` each with ``lines`` to answer;
    ring_map: ``items`` are the rings from the centre out, ``centre`` the middle.
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
    new_page: bool = False


@dataclass(frozen=True)
class Worksheet:
    id: str
    pages: int  # printed pages it must fit, on A4 and on US Letter
    title: Text
    summary: Text
    intro: Text
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

    @property
    def default_language(self) -> Language:
        return self.languages[0]

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

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

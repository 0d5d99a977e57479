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
class FacilitatorNotes:
    """Teaching notes; the facilitator guide renders them, reader pages never do."""

    minutes: int
    purpose: Text
    talking_points: list[Text]
    activity: Activity | None
    discussion: list[Text]
    debrief: Text
    pitfalls: list[Text]


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


@dataclass(frozen=True)
class Worksheet:
    id: str
    title: Text
    summary: Text


@dataclass(frozen=True)
class Course:
    title: Text
    tagline: Text
    description: Text
    audience: Text
    languages: list[Language]
    lessons: list[Lesson]
    sources: list[Source]
    labels: dict[str, Text]
    worksheets: list[Worksheet] = field(default_factory=list)

    @property
    def default_language(self) -> Language:
        return self.languages[0]

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    @property
    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)

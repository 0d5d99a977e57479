"""The shape of each kind of course file: which keys it has and what each one holds.

One description, two readers: the loader checks keys, numbers and choices against it
(with line numbers and the cross-file rules a schema cannot express), and schema.py
turns it into the JSON Schemas that authors' editors use. So the two cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import FIELD_TYPES, VERSIONS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 64
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
# Page names the site uses itself; a lesson or worksheet id may not take them.
RESERVED_IDS = ("index", "sources", "404", "search", "assets", "sitemap", "worksheets", "pdf",
                "facilitators", "my-workbook", "plan-custom")
ACTIVITY_FORMATS = ("alone", "pairs", "groups")


@dataclass(frozen=True)
class Text:
    """A text in every course language: {en: ..., vi: ...}."""
    markdown: bool = False


@dataclass(frozen=True)
class Plain:
    """One non-empty text, the same in every language (a title as given, a name)."""


@dataclass(frozen=True)
class Whole:
    low: int = 1
    high: int = 10_000


@dataclass(frozen=True)
class Slug:
    """An id: lowercase words joined by hyphens, safe as a file name."""


@dataclass(frozen=True)
class LanguageCode:
    pass


@dataclass(frozen=True)
class Clock:
    pass


@dataclass(frozen=True)
class Flag:
    pass


@dataclass(frozen=True)
class Choice:
    options: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class ListOf:
    item: object
    minimum: int = 1


@dataclass(frozen=True, eq=False)
class Record:
    required: dict[str, object]
    optional: dict[str, object] = field(default_factory=dict)

    def __contains__(self, key: object) -> bool:
        return key in self.required or key in self.optional

    def __getitem__(self, key: str) -> object:
        return self.required[key] if key in self.required else self.optional[key]

    def also(self, required: dict | None = None, optional: dict | None = None) -> Record:
        return Record({**self.required, **(required or {})}, {**self.optional, **(optional or {})})


@dataclass(frozen=True, eq=False)
class ByType:
    """A record whose ``type`` key decides its other keys (a worksheet field)."""
    variants: dict[str, Record]


# Interface labels every language must give (the templates use each of them).
LABEL_KEYS = (
    "lesson", "lessons", "minutes", "total_time", "start", "who_for", "what_you_learn",
    "objectives", "takeaways", "reflection", "sources", "sources_intro", "source_language",
    "source_publisher", "source_translated_title", "step", "not_found_title", "not_found_body",
    "back_home", "worksheet", "worksheets", "worksheets_intro", "download_pdf", "paper_a4",
    "paper_letter", "bilingual", "print", "page_of", "workshop_pack", "for_lesson",
    "scan_to_open", "pack_intro", "name_line", "date_line", "facilitators", "facilitators_intro",
    "plans", "teaching_notes", "teaching_this_lesson", "agenda", "agenda_time", "agenda_block",
    "agenda_minutes", "agenda_materials", "total", "materials", "participants",
    "per_participant", "for_the_room", "material_pens", "material_name_cards", "material_timer",
    "material_guide", "purpose", "talking_points", "activity", "format_alone", "format_pairs",
    "format_groups", "discussion", "debrief", "pitfalls", "timing", "guide", "guide_title",
    "errors_title", "errors_intro",
    # the online workbook (generator/render/online.py hands these to the browser)
    "saved_locally", "save_pdf_hint", "lesson_done_check", "done_badge", "lessons_done",
    "my_workbook", "print_workbook", "my_workbook_intro", "my_workbook_empty", "export_answers",
    "import_answers", "clear_answers", "clear_confirm", "import_confirm", "cleared", "imported",
    "import_not_json", "import_other_course", "import_bad_version", "orphans", "ring_hint",
    "storage_unavailable", "needs_javascript", "table_row", "map_alt", "notes_full",
    "notes_short", "version_full", "version_short", "welcome_block", "break_block",
    "plan_custom", "plan_custom_intro", "session_length", "session_start", "session_break",
    "left_out", "nothing_left_out", "no_break_room", "fixed_plans_instead", "slides",
    "slides_intro", "slides_present", "slides_pdf", "storage_full", "import_too_big",
    "answer_changed", "plan_bad_address",
)

TEXTS = ListOf(Text())

LANGUAGE = Record({"code": LanguageCode(), "name": Plain()})
SOURCE = Record(
    {"id": Slug(), "title": Plain(), "title_translated": Text(), "language": LanguageCode(),
     "language_name": Text(), "note": Text(markdown=True)},
    {"publisher": Plain(), "url": Plain()},
)
COURSE = Record(
    {"title": Text(), "tagline": Text(), "description": Text(markdown=True), "audience": Text(),
     "languages": ListOf(LANGUAGE), "lessons": ListOf(Slug()), "sources": ListOf(SOURCE)},
    {"id": Slug()},
)
INTERFACE = Record({key: Text() for key in LABEL_KEYS})

SECTION = Record({"heading": Text(), "body": Text(markdown=True)})
SHORT = Record({"minutes": Whole(), "changes": Text()})
ACTIVITY = Record({"format": Choice(ACTIVITY_FORMATS), "minutes": Whole(),
                   "instructions": Text(markdown=True)})
FACILITATOR = Record(
    {"minutes": Whole(), "purpose": Text(), "talking_points": TEXTS, "discussion": TEXTS,
     "debrief": Text(), "pitfalls": TEXTS},
    {"activity": ACTIVITY, "short": SHORT},
)
LESSON = Record(
    {"id": Slug(), "minutes": Whole(1, 600), "title": Text(), "summary": Text(),
     "objectives": TEXTS, "sections": ListOf(SECTION), "takeaways": TEXTS, "reflection": TEXTS},
    {"worksheets": ListOf(Slug(), 0), "facilitator": FACILITATOR, "step": Whole(1, 5)},
)

_FIELD = Record({"id": Slug(), "type": Choice(FIELD_TYPES), "label": Text()},
                {"hint": Text(), "new_page": Flag()})
FIELD = ByType({
    "lines": _FIELD.also(optional={"lines": Whole(1, 30)}),
    "box": _FIELD.also(optional={"height_mm": Whole(20, 250)}),
    "table": _FIELD.also({"columns": TEXTS}, {"rows": Whole(1, 40)}),
    "checklist": _FIELD.also({"items": TEXTS}),
    "questions": _FIELD.also({"items": TEXTS}, {"lines": Whole(1, 30)}),
    "ring_map": _FIELD.also({"items": TEXTS, "centre": Text()}),
})
assert tuple(FIELD.variants) == FIELD_TYPES
WORKSHEET = Record({"id": Slug(), "pages": Whole(1, 8), "title": Text(), "summary": Text(),
                    "intro": Text(), "fields": ListOf(FIELD)})

BLOCK = Record({"title": Text(), "minutes": Whole(1, 480)},
               {"lesson": Slug(), "version": Choice(VERSIONS), "worksheets": ListOf(Slug(), 0),
                "note": Text()})
PLAN = Record({"id": Slug(), "minutes": Whole(1, 1440), "title": Text(), "summary": Text(),
               "blocks": ListOf(BLOCK)},
              {"start": Clock()})

# Each kind of file, and where its files live in a course.
KINDS: dict[str, tuple[Record, str]] = {
    "course": (COURSE, "content/course.yml"),
    "interface": (INTERFACE, "content/interface.yml"),
    "lesson": (LESSON, "content/lessons/*.yml"),
    "worksheet": (WORKSHEET, "worksheets/*.yml"),
    "plan": (PLAN, "content/plans/*.yml"),
}

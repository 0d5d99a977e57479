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
# The site's colours, by the names of Material's palette (the PDFs and slides print the
# primary colour's dark shade)
PRIMARY_COLOURS = ("red", "pink", "purple", "deep-purple", "indigo", "blue", "light-blue",
                   "cyan", "teal", "green", "light-green", "lime", "yellow", "amber", "orange",
                   "deep-orange", "brown", "grey", "blue-grey")
ACCENT_COLOURS = ("red", "pink", "purple", "deep-purple", "indigo", "blue", "light-blue",
                  "cyan", "teal", "green", "light-green", "lime", "yellow", "amber", "orange",
                  "deep-orange")


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
    # kept for use without a connection (the service worker, offline.js)
    "offline_keep", "offline_pdfs", "offline_saving", "offline_ready", "offline_pdfs_ready",
    "offline_failed", "offline_ask", "offline_update", "offline_reload",
    # the whole course as one book (generator/render/handbook.py)
    "handbook", "contents", "handbook_online", "download_book", "print_book",
    # the decks' presenter view and countdowns; the plans' decks, materials, groups
    "presenter_view", "presenter_next", "presenter_clock", "presenter_notes", "presenter_end",
    "countdown_start", "countdown_pause", "break_back", "material_projector", "plan_slides",
    "plan_slides_pdf", "to_print", "print_copies", "print_pages", "print_sheets",
    "print_total", "print_single", "print_double", "paper", "print_sides", "groups_title",
    "group_sizes", "group_longer", "handout_notes", "handout_print", "teaching_time",
    "reading_time", "no_activity",
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
     "languages": ListOf(LANGUAGE), "lessons": ListOf(Slug())},
    {"id": Slug(), "sources": ListOf(SOURCE, 0),
     # the course's own brand: on the site, every PDF, the slides and the answers file
     "author": Plain(), "licence": Plain(), "logo": Plain(),
     "colours": Record({}, {"primary": Choice(PRIMARY_COLOURS),
                            "accent": Choice(ACCENT_COLOURS)}),
     "closing": Text()},
)
# Labels a course needs only when it has what they name: {what: (keys, how to say it)}.
# A course with no ring map, no sources or no plans leaves their labels out.
LABELS_WHEN = {
    "ring_map": (("ring_hint", "map_alt"), "a worksheet has a ring_map field"),
    "table": (("table_row",), "a worksheet has a table field"),
    "sources": (("sources", "sources_intro", "source_language", "source_publisher",
                 "source_translated_title"), "course.yml lists sources"),
    "step": (("step",), "a lesson has a step"),
    "reflection": (("reflection",), "a lesson has reflection questions"),
    "notes": (("purpose", "talking_points", "discussion", "debrief", "pitfalls",
               "teaching_this_lesson", "notes_full", "notes_short", "teaching_time",
               "reading_time"),
              "a lesson has teaching notes"),
    "activity": (("activity", "format_alone", "format_pairs", "format_groups"),
                 "a lesson's teaching notes have an activity"),
    "short": (("version_full", "version_short", "no_activity"), "a lesson has a short version"),
    "plans": (("plan_custom", "plan_custom_intro", "session_length", "session_start",
               "session_break", "left_out", "nothing_left_out", "no_break_room",
               "fixed_plans_instead", "plan_bad_address", "break_back", "material_projector",
               "plan_slides", "plan_slides_pdf", "to_print", "print_copies", "print_pages",
               "print_sheets", "print_total", "print_single", "print_double", "paper",
               "print_sides", "groups_title", "group_sizes", "group_longer", "handout_notes",
               "handout_print"), "the course has plans"),
}
_SOMETIMES = {key for keys, _ in LABELS_WHEN.values() for key in keys}
assert _SOMETIMES <= set(LABEL_KEYS)
INTERFACE = Record({key: Text() for key in LABEL_KEYS if key not in _SOMETIMES},
                   {key: Text() for key in LABEL_KEYS if key in _SOMETIMES})

SECTION = Record({"heading": Text(), "body": Text(markdown=True)})
ACTIVITY = Record({"format": Choice(ACTIVITY_FORMATS), "minutes": Whole(),
                   "instructions": Text(markdown=True)},
                  {"materials": ListOf(Text(), 0)})
# a short version may teach its own activity (its format, minutes and instructions), or none
SHORT = Record({"minutes": Whole(), "changes": Text()},
               {"activity": ACTIVITY, "without_activity": Flag()})
FACILITATOR = Record(
    {"minutes": Whole(), "purpose": Text(), "talking_points": TEXTS, "discussion": TEXTS,
     "debrief": Text(), "pitfalls": TEXTS},
    {"activity": ACTIVITY, "short": SHORT, "materials": ListOf(Text(), 0)},
)
# What a teaching-notes text may name in braces, filled in from the field: "{minutes}
# minutes" cannot disagree with the number it says. lesson.minutes is the reading time.
NOTES_PLACEHOLDERS = ("minutes", "activity.minutes", "short.minutes",
                      "short.activity.minutes", "lesson.minutes")
LESSON = Record(
    {"id": Slug(), "minutes": Whole(1, 600), "title": Text(), "summary": Text(),
     "objectives": TEXTS, "sections": ListOf(SECTION), "takeaways": TEXTS},
    {"worksheets": ListOf(Slug(), 0), "facilitator": FACILITATOR, "step": Whole(1, 99),
     "reflection": TEXTS},
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
    "scale": _FIELD.also({"low_label": Text(), "high_label": Text()},
                         {"points": Whole(2, 11), "items": TEXTS}),
    "choice": _FIELD.also({"options": ListOf(Text(), 2)}),
    "date": _FIELD,
})
assert tuple(FIELD.variants) == FIELD_TYPES
WORKSHEET = Record({"id": Slug(), "pages": Whole(1, 8), "title": Text(), "summary": Text(),
                    "intro": Text(markdown=True), "fields": ListOf(FIELD)})

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

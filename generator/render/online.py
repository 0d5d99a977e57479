"""The site's script and what it needs, worked out at build time: for the online
workbook, what each answer is called and where a typed name sits on a ring map;
for every page, the data and texts the script reads. The browser's own code
(assets/js/) only stores, restores and shows; every rule is here or in plans.py."""

from __future__ import annotations

import math
from importlib import resources

from ..course.model import Course, Lesson, Worksheet
from .sheets import CENTRE_RADIUS, OUTER_RADIUS

# The export file's format; a reader's file of another version is refused, not guessed at.
FORMAT_VERSION = 1
# ... and its name: the course's id and this, "<course>-answers" (so an export says whose
# course it holds; the files readers saved before keep importing)
FORMAT_SUFFIX = "-answers"
# The script's modules, in the order they are joined into assets/workbook.js. Classic
# scripts, not ES modules: browsers refuse module scripts from file:// (the USB stick).
SCRIPT_MODULES = ("data", "store", "fields", "ringmap", "progress", "book", "transfer",
                  "materials", "customplan", "actions", "offline", "main")
# The interface texts the script shows; the templates use the rest.
SCRIPT_LABELS = ("saved_locally", "lessons_done", "done_badge", "clear_confirm",
                 "import_confirm", "cleared", "imported", "import_not_json",
                 "import_other_course", "import_bad_version", "storage_unavailable",
                 "per_participant", "storage_full", "import_too_big", "answer_changed",
                 "plan_bad_address", "offline_saving", "offline_ready", "offline_pdfs_ready",
                 "offline_failed", "offline_ask", "offline_update", "offline_reload")
NAME_SIZE = 2.2  # typed names on the map, in the SVG's 0..100 units
NAME_WIDTH = 14.0  # room one name gets along its ring (the script cuts longer ones)


def control_name(sheet_id: str, field_id: str, *parts: object) -> str:
    """A worksheet control's name, the same as its PDF form field's: goals.goals-now,
    contact-log.contacts.r3.c2. The browser stores each answer under it."""
    return ".".join([sheet_id, field_id, *(str(p) for p in parts)])


def reflection_name(lesson_id: str, number: int) -> str:
    """A lesson's reflection answer; 'lesson:' keeps it apart from any worksheet's names."""
    return f"lesson:{lesson_id}.reflection.{number}"


def done_name(lesson_id: str) -> str:
    return f"done:{lesson_id}"


def ring_slots(count: int) -> list[list[list[float]]]:
    """Where typed names go on a map of ``count`` rings, from the centre out: points on
    the middle of each ring's band, spread around it but for the top, where the ring's
    label is. The inner rings, being shorter, hold fewer names."""
    step = (OUTER_RADIUS - CENTRE_RADIUS) / count
    out = []
    for k in range(count):
        radius = CENTRE_RADIUS + step * (k + 0.5)
        arc = 2 * math.pi * radius * (280 / 360)  # from 40 to 320 degrees past the top
        n = max(2, int(arc // NAME_WIDTH))
        points = []
        for i in range(n):
            angle = math.radians(40 + 280 * (i + 0.5) / n)
            x = 50 + radius * math.sin(angle)
            x = min(max(x, NAME_WIDTH / 2), 100 - NAME_WIDTH / 2)  # a name stays on the map
            points.append([round(x, 1), round(50 - radius * math.cos(angle) + NAME_SIZE / 3, 1)])
        out.append(points)
    return out


def sheets_of(course: Course, lesson: Lesson) -> list[Worksheet]:
    """The worksheets whose place in the course is this lesson (each shown once)."""
    return [course.worksheet(w) for w in lesson.worksheets
            if course.lesson_of(course.worksheet(w)).id == lesson.id]


def script_data(course: Course, lang: str) -> dict:
    """What every page hands the script: the course's id, the lessons, its texts."""
    return {
        "course": course.id,
        "version": FORMAT_VERSION,
        "format": course.id + FORMAT_SUFFIX,
        "formatSuffix": FORMAT_SUFFIX,
        "title": course.title[lang],
        "author": course.brand.author,
        "lessons": [lesson.id for lesson in course.lessons],
        "done": {lesson.id: done_name(lesson.id) for lesson in course.lessons},
        # a label of what the course does not have (its plans) is not given
        "labels": {key: course.labels[key][lang] for key in SCRIPT_LABELS
                   if key in course.labels},
    }


def script() -> bytes:
    """assets/workbook.js: the modules joined in order, each a small IIFE."""
    folder = resources.files("generator.render") / "assets" / "js"
    parts = ["/* The online workbook. Sources: generator/render/assets/js/ */\n"]
    for name in SCRIPT_MODULES:
        parts.append((folder / f"{name}.js").read_text(encoding="utf-8"))
    return "\n".join(parts).encode("utf-8")

"""Workshop plans worked out for the facilitator: agenda clock times and the materials
a plan needs. Pure arithmetic on the model; the templates lay it out."""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass

from ..course.model import Activity, Block, Course, Lesson, Plan, Text, Worksheet
from .urls import pdf_name


@dataclass(frozen=True)
class Slot:
    start: str  # "09:10"
    end: str
    block: Block


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def agenda(plan: Plan) -> list[Slot]:
    """Each block with its clock times, from the plan's start time and the durations."""
    hours, minutes = (int(part) for part in plan.start.split(":"))
    at = hours * 60 + minutes
    slots = []
    for block in plan.blocks:
        slots.append(Slot(_clock(at), _clock(at + block.minutes), block))
        at += block.minutes
    return slots


def end_time(plan: Plan) -> str:
    return agenda(plan)[-1].end if plan.blocks else plan.start


@dataclass(frozen=True)
class Material:
    """Something to bring: ``per_participant`` of it for each person, plus ``extra``; a
    lesson's own item (sticky notes, a flipchart) says its quantity in its words."""

    label: Text
    per_participant: int = 0
    extra: int = 0

    def count(self, participants: int) -> int:
        return self.per_participant * participants + self.extra


def taught(course: Course, plan: Plan) -> list[tuple[Lesson, str]]:
    """The lessons a plan teaches, in agenda order, each with its version."""
    return [(course.lesson(block.lesson), block.version) for block in plan.blocks
            if block.lesson and course.lesson(block.lesson).facilitator]


def materials(course: Course, plan: Plan) -> list[Material]:
    """What to bring for ``plan``: what the teaching notes of its lessons, in the plan's
    versions, ask for (each once), then the room's kit. The worksheets to print are
    ``printing``'s."""
    labels = course.labels
    items: list[Material] = []
    seen: set[str] = set()
    default = course.default_language.code
    for lesson, version in taught(course, plan):
        for item in lesson.facilitator.materials_for(version):
            if item[default] not in seen:
                seen.add(item[default])
                items.append(Material(item))
    items += [
        Material(labels["material_pens"], 1),
        Material(labels["material_name_cards"], 1),
        Material(labels["material_projector"], 0, 1),
        Material(labels["material_timer"], 0, 1),
        Material(labels["material_guide"], 0, 1),
    ]
    return items


PAPER_SIZES = ("a4", "letter")
SIDES = ("single", "double")


@dataclass(frozen=True)
class Printout:
    """A worksheet's PDF, one copy per participant: its pages on each paper, read from
    the built PDFs (or, without them, the pages the worksheet is made to fit)."""

    sheet: Worksheet
    pages: dict[str, int]  # paper -> pages

    def sheets(self, paper: str, sides: str) -> int:
        """Sheets of paper one copy takes."""
        pages = self.pages[paper]
        return pages if sides == "single" else math.ceil(pages / 2)


def printing(course: Course, plan: Plan, lang: str,
             page_counts: dict[str, int] | None = None) -> list[Printout]:
    """The PDFs to print for ``plan`` in ``lang``, in agenda order."""
    counts = page_counts or {}
    out = []
    for sheet_id in plan.worksheet_ids():
        sheet = course.worksheet(sheet_id)
        out.append(Printout(sheet, {paper: counts.get(pdf_name(sheet.id, lang, paper),
                                                      sheet.pages)
                                    for paper in PAPER_SIZES}))
    return out


STREAM = re.compile(rb"<<(?:(?!>>\s*stream).)*?>>\s*stream\r?\n", re.S)
COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")
# Where the PDF renderer leaves the worksheet PDFs' page counts for the plan pages
# (generator/pdf/documents.py render_all), as it does their sizes: a template global
PDF_PAGES = "pdf_page_counts"


def page_count(data: bytes) -> int | None:
    """The pages of a PDF WeasyPrint wrote: its page tree's root /Count (the largest),
    found in the file or in its compressed object streams; None if there is none."""
    counts = [int(a or b) for a, b in COUNT.findall(data)]
    for match in STREAM.finditer(data):
        if b"/ObjStm" not in match.group(0) or b"/FlateDecode" not in match.group(0):
            continue
        end = data.find(b"endstream", match.end())
        try:
            inflated = zlib.decompressobj().decompress(data[match.end():end])
        except zlib.error:
            continue
        counts += [int(a or b) for a, b in COUNT.findall(inflated)]
    return max(counts, default=None)


def pdf_pages(course: Course, pdfs: dict[str, bytes]) -> dict[str, int]:
    """The page count of each built worksheet PDF a plan can ask to print, {name: pages}."""
    counts = {}
    for sheet in course.worksheets:
        for lang in course.language_codes:
            for paper in PAPER_SIZES:
                name = pdf_name(sheet.id, lang, paper)
                if name in pdfs and (pages := page_count(pdfs[name])):
                    counts[name] = pages
    return counts


# -- groups for an activity ---------------------------------------------------------

GROUP_SIZE = {"pairs": 2, "groups": 4}  # a pair; a table of four
MAX_PARTICIPANTS = 200


def groups(fmt: str, participants: int) -> list[tuple[int, int]]:
    """How ``participants`` people form an activity's pairs or groups, as (size, count),
    largest first: pairs, and one group of three for an odd number; tables of four, as
    even as they come (24 people: 6 of 4; 10: 1 of 4 and 2 of 3)."""
    if fmt not in GROUP_SIZE or participants < 1:
        return []
    if fmt == "pairs":
        if participants < 2:
            return [(1, 1)]
        trio = participants % 2
        return [(size, count) for size, count in ((3, trio), (2, participants // 2 - trio))
                if count]
    count = math.ceil(participants / GROUP_SIZE[fmt])
    base, bigger = divmod(participants, count)
    return [(size, n) for size, n in ((base + 1, bigger), (base, count - bigger)) if n]


def longer_by(fmt: str, minutes: int) -> int:
    """The minutes a group larger than the format's (a three in a pairs activity: three
    turns instead of two) adds to the activity: half of it, as each pair's two turns are
    the whole. Groups are never larger than a table, so only pairs grow."""
    return math.ceil(minutes / 2) if fmt == "pairs" else 0


def group_table() -> dict:
    """Every grouping for 1 to MAX_PARTICIPANTS people, for the page's script to read:
    {format: [[[size, count], ...] for 1 person, for 2, ...]}."""
    return {fmt: [[list(g) for g in groups(fmt, n)] for n in range(1, MAX_PARTICIPANTS + 1)]
            for fmt in GROUP_SIZE}


@dataclass(frozen=True)
class GroupWork:
    """An activity of a plan done in pairs or groups."""

    lesson: Lesson
    activity: Activity

    @property
    def longer(self) -> int:
        return longer_by(self.activity.format, self.activity.minutes)

    def groups(self, participants: int) -> list[tuple[int, int]]:
        return groups(self.activity.format, participants)

    def larger(self, participants: int) -> int:
        """The size of a group larger than the format's, if the room makes one; else 0."""
        sizes = [size for size, _ in self.groups(participants)
                 if size > GROUP_SIZE[self.activity.format]]
        return max(sizes, default=0)

    def extra(self, participants: int) -> int:
        """The minutes the activity takes longer for ``participants`` people."""
        return self.longer if self.larger(participants) else 0


def group_work(course: Course, plan: Plan) -> list[GroupWork]:
    """The plan's activities done in pairs or groups, in the plan's versions."""
    out = []
    for lesson, version in taught(course, plan):
        activity = lesson.facilitator.activity_for(version)
        if activity and activity.format in GROUP_SIZE:
            out.append(GroupWork(lesson, activity))
    return out


# -- an agenda for any length -------------------------------------------------------

LENGTHS = tuple(range(60, 241, 15))  # what a facilitator can choose, in minutes
WELCOME_MINUTES = 5
UNIT = 5  # blocks grow in steps of five minutes


def break_minutes(length: int) -> int:
    """A break, when there is one: 10 minutes in a short session, 15 from two hours."""
    return 15 if length >= 120 else 10


@dataclass(frozen=True)
class CustomAgenda:
    minutes: int
    with_break: bool
    plan: Plan  # its blocks: welcome, lessons (full or short), maybe a break
    left_out: list  # lessons with no room, in course order


def fit(course: Course, length: int, with_break: bool) -> CustomAgenda:
    """Fit the course into ``length`` minutes. The rule: the course's steps (lessons with
    a step) always, each at least in its short version; then the other lessons, short,
    as room allows (the last lesson first); then lessons upgraded to full, steps first, in course
    order; what is left is shared out five minutes at a time, so no block is shorter
    than its version and the blocks add up to the length exactly."""
    labels = course.labels
    notes = {lesson.id: lesson.facilitator for lesson in course.lessons if lesson.facilitator}
    steps = [lesson.id for lesson in course.lessons if lesson.step and lesson.id in notes]
    in_order = [lesson.id for lesson in course.lessons if lesson.id in notes and
                lesson.id not in steps]
    # the closing lesson first: a session should end with its key points
    others = sorted(in_order, key=lambda lid: (lid != course.lessons[-1].id,
                                               in_order.index(lid)))
    brk = break_minutes(length) if with_break else 0
    budget = length - WELCOME_MINUTES - brk
    chosen = {lid: "short" for lid in steps}

    def used() -> int:
        return sum(notes[lid].minutes_for(version) for lid, version in chosen.items())

    if used() > budget:
        raise ValueError(f"{length} minutes cannot hold the course's steps")
    for lid in others:
        if used() + notes[lid].minutes_for("short") <= budget:
            chosen[lid] = "short"
    for lid in steps + [lid for lid in others if lid in chosen]:
        extra = notes[lid].minutes - notes[lid].minutes_for("short")
        if used() + extra <= budget:
            chosen[lid] = "full"
    minutes = {lid: notes[lid].minutes_for(version) for lid, version in chosen.items()}
    order = [lesson.id for lesson in course.lessons if lesson.id in chosen]
    slack, turn = budget - used(), 0
    while slack >= UNIT:  # the steps' activities first, then the rest, in turn
        growing = [lid for lid in order if lid in steps] + [lid for lid in order
                                                             if lid not in steps]
        minutes[growing[turn % len(growing)]] += UNIT
        slack -= UNIT
        turn += 1
    welcome = WELCOME_MINUTES + slack  # a remainder under five minutes, if any
    blocks = [Block(labels["welcome_block"], welcome)]
    at, half, broke = welcome, length / 2, not with_break
    for lid in order:
        lesson = course.lesson(lid)
        blocks.append(Block(lesson.title, minutes[lid], lid, chosen[lid],
                            list(lesson.worksheets)))
        at += minutes[lid]
        if not broke and at >= half - 10:
            blocks.append(Block(labels["break_block"], brk))
            at += brk
            broke = True
    plan = Plan(id=f"custom-{length}{'-break' if with_break else ''}", minutes=length,
                start="09:00", title=labels["plan_custom"], summary=labels["plan_custom"],
                blocks=blocks)
    left_out = [course.lesson(lid) for lid in (lesson.id for lesson in course.lessons)
                if lid in notes and lid not in chosen]
    return CustomAgenda(length, with_break, plan, left_out)


def custom_agendas(course: Course) -> list[CustomAgenda]:
    """Every agenda the Plan-your-own-session page can show, worked out at build time."""
    out = []
    for length in LENGTHS:
        for with_break in (False, True):
            try:
                out.append(fit(course, length, with_break))
            except ValueError:
                continue  # too short for a break as well as the steps
    return out

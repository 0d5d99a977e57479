"""Workshop plans worked out for the facilitator: agenda clock times and the materials
a plan needs. Pure arithmetic on the model; the templates lay it out."""

from __future__ import annotations

from dataclasses import dataclass

from ..course.model import Block, Course, Plan, Text


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
    """Something to bring: ``per_participant`` of it for each person, plus ``extra``."""

    label: Text
    per_participant: int
    extra: int = 0

    def count(self, participants: int) -> int:
        return self.per_participant * participants + self.extra


def materials(course: Course, plan: Plan) -> list[Material]:
    """What to print and bring for ``plan``: its worksheets, then the room's kit."""
    labels = course.labels
    items = [Material(course.worksheet(sheet_id).title, 1) for sheet_id in plan.worksheet_ids()]
    items += [
        Material(labels["material_pens"], 1),
        Material(labels["material_name_cards"], 1),
        Material(labels["material_timer"], 0, 1),
        Material(labels["material_guide"], 0, 1),
    ]
    return items


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
    """Fit the course into ``length`` minutes. The rule: the five steps always, each at
    least in its short version; then the other lessons, short, as room allows (the
    closing key points first); then lessons upgraded to full, steps first, in course
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
        raise ValueError(f"{length} minutes cannot hold the five steps")
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
                continue  # too short for a break as well as the five steps
    return out

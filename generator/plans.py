"""Workshop plans worked out for the facilitator: agenda clock times and the materials
a plan needs. Pure arithmetic on the model; the templates lay it out."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Block, Course, Plan, Text


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

"""The facilitator section: plans with clock times, teaching notes, checklist, guide PDF."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader
from test_loader import edit, errors_for, line_of
from test_site import page_path, parse


def test_plans_are_loaded_and_add_up(course):
    assert [(plan.id, plan.minutes) for plan in course.plans] == [
        ("session-90", 90), ("half-day", 210)]
    for plan in course.plans:
        assert sum(block.minutes for block in plan.blocks) == plan.minutes
    assert any(block.minutes >= 15 and "Break" in block.title["en"]
               for block in course.plan_by_id("half-day").blocks)


def test_plan_whose_blocks_do_not_add_up_is_rejected(project):
    rel = "content/plans/session-90.yml"
    edit(project, rel, "minutes: 90", "minutes: 95")
    line = line_of(project, rel, "minutes: 95")
    assert errors_for(project) == [
        f"{rel}:{line}: minutes: the plan says 95 minutes but its blocks add up to 90"]


def test_plan_naming_a_missing_lesson_or_worksheet_is_rejected(project):
    rel = "content/plans/half-day.yml"
    edit(project, rel, "lesson: step-2-map", "lesson: step-2-maps")
    edit(project, rel, "worksheets: [offer]", "worksheets: [offers]")
    messages = errors_for(project)
    assert f"{rel}:{line_of(project, rel, 'step-2-maps')}: blocks[4].lesson: no lesson has " \
        "the id 'step-2-maps'" in messages
    assert f"{rel}:{line_of(project, rel, '[offers]')}: blocks[6].worksheets[0]: no worksheet " \
        "has the id 'offers'" in messages


def test_agenda_clock_times_follow_the_durations(built_site, course):
    for lang in ("en", "vi"):
        for plan in course.plans:
            html = page_path(built_site, lang, f"plan-{plan.id}").read_text(encoding="utf-8")
            times = re.findall(r'<td class="wb-clock">(\d\d:\d\d)–(\d\d:\d\d)</td>', html)
            at = datetime.strptime(plan.start, "%H:%M")
            expected = []
            for block in plan.blocks:
                end = at + timedelta(minutes=block.minutes)
                expected.append((at.strftime("%H:%M"), end.strftime("%H:%M")))
                at = end
            assert times == expected
            assert f"({plan.start}–{at.strftime('%H:%M')})" in html


def test_reader_lesson_page_links_to_notes_without_showing_them(built_site, course):
    for lang in ("en", "vi"):
        for lesson in course.lessons:
            page = parse(page_path(built_site, lang, lesson.id))
            text = " ".join(page.text)
            notes = lesson.facilitator
            assert notes.purpose[lang] not in text
            assert notes.pitfalls[0][lang] not in text
            assert course.labels["teaching_this_lesson"][lang] in text
            teach = " ".join(parse(page_path(built_site, lang, f"teach-{lesson.id}")).text)
            assert notes.purpose[lang] in teach and notes.pitfalls[0][lang] in teach


def test_pair_exercise_practises_open_questions_and_follow_up(course):
    activity = course.lesson("tips").facilitator.activity
    assert activity.format == "pairs"
    text = " ".join(activity.instructions["en"].lower().split())
    for idea in ("open questions", "exchange contact details", "follow-up"):
        assert idea in text


def test_guide_pdf_per_language_and_size_with_its_sections(built_site, course):
    for lang in ("en", "vi"):
        for paper, size in (("a4", (595, 842)), ("letter", (612, 792))):
            reader = PdfReader(built_site / "pdf" / f"facilitator-guide.{lang}.{paper}.pdf")
            assert tuple(round(float(v)) for v in reader.pages[0].mediabox[2:]) == size
            text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
            for label in ("guide_title", "plans", "teaching_notes", "materials", "purpose",
                          "pitfalls"):
                assert course.labels[label][lang] in text, (lang, label)
            for plan in course.plans:
                assert plan.title[lang] in text
            tips = course.lesson("tips").facilitator
            assert tips.debrief[lang][:40] in text


@pytest.mark.browser
def test_checklist_counts_follow_the_number_of_participants(page, server, course):
    page.goto(f"{server}plan-session-90.html")
    page.fill("#n-session-90", "15")
    counts = page.eval_on_selector_all(".wb-count", "els => els.map(e => e.textContent)")
    plan = course.plan_by_id("session-90")
    sheets = len(plan.worksheet_ids())
    assert [c.split(" ")[0] for c in counts] == ["15"] * (sheets + 2) + ["1", "1"]
    # without JavaScript, the page says how many per participant
    context = page.context.browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{server}plan-session-90.html")
    first = plain.eval_on_selector(".wb-count", "e => e.textContent")
    assert first == "1 per participant"
    assert not plain.is_visible("#n-session-90")
    context.close()

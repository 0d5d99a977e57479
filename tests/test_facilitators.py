"""The facilitator section: plans with clock times, teaching notes, checklist, guide PDF."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from conftest import assert_accessible, workbook
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
    page.fill(".wb-room input[name=participants]", "15")
    counts = page.eval_on_selector_all(".wb-count", "els => els.map(e => e.textContent)")
    # pens and name cards for each person; a projector, a timer and the guide for the room
    assert [c.split(" ")[0] for c in counts] == ["15", "15", "1", "1", "1"]
    copies = page.eval_on_selector_all(".wb-copies", "els => els.map(e => e.textContent)")
    assert copies == ["15"] * len(course.plan_by_id("session-90").worksheet_ids())
    # without JavaScript, the page says how many per participant
    context = page.context.browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{server}plan-session-90.html")
    first = plain.eval_on_selector(".wb-count", "e => e.textContent")
    assert first == "1 per participant"
    assert not plain.is_visible(".wb-room")
    context.close()


# -- plans that fit, an agenda for any length -------------------------------------------

def test_every_length_gets_an_agenda_that_fits(course):
    """The rule, for every length a facilitator can pick: all five steps, no block
    shorter than its lesson's version, the blocks adding up to the length chosen."""
    from generator.render.plans import LENGTHS, fit

    steps = {lesson.id for lesson in course.lessons if lesson.step}
    for length in LENGTHS:
        for with_break in (False, True):
            if with_break and length < 75:
                with pytest.raises(ValueError):
                    fit(course, length, with_break)  # no room for a break and five steps
                continue
            agenda = fit(course, length, with_break)
            blocks = agenda.plan.blocks
            assert sum(block.minutes for block in blocks) == length, (length, with_break)
            taught = {block.lesson for block in blocks if block.lesson}
            assert steps <= taught, (length, with_break)
            for block in blocks:
                if block.lesson:
                    notes = course.lesson(block.lesson).facilitator
                    assert block.minutes >= notes.minutes_for(block.version), (length, block)
            assert any(block.lesson is None and block.minutes in (10, 15)
                       for block in blocks[1:]) == with_break
            assert {lesson.id for lesson in agenda.left_out} == \
                {lesson.id for lesson in course.lessons if lesson.facilitator} - taught
    # a longer session never leaves out more, and teaches more in full
    full = [sum(b.version == "full" for b in fit(course, n, False).plan.blocks if b.lesson)
            for n in LENGTHS]
    assert full == sorted(full) and full[0] < full[-1]


def test_a_block_too_short_for_its_version_is_reported(project):
    plan = project / "content" / "plans" / "session-90.yml"
    text = plan.read_text("utf-8")
    text = text.replace("    minutes: 20\n    lesson: step-2-map\n    version: full",
                        "    minutes: 10\n    lesson: step-2-map\n    version: full")
    text = text.replace("minutes: 90\n", "minutes: 80\n", 1)
    plan.write_text(text, "utf-8")
    result = workbook("check", cwd=project)
    assert result.returncode == 1
    rows = text.splitlines()
    line = rows.index("    lesson: step-2-map")  # 1-based, the minutes line above it
    assert (f"content/plans/session-90.yml:{line}: blocks[4].minutes: 10 minutes are fewer "
            "than the full version of 'step-2-map' needs (20)") in result.stderr, result.stderr


def test_teaching_notes_and_the_guide_show_both_versions(built_site, course):
    from pypdf import PdfReader

    lesson = course.lesson("step-5-action-plan")
    for lang, folder in (("en", ""), ("vi", "vi/"), ("hi", "hi/")):
        html = unescape((built_site / f"{folder}teach-{lesson.id}.html").read_text("utf-8"))
        assert course.labels["notes_short"][lang] in html
        assert lesson.facilitator.short.changes[lang] in html
    guide = " ".join(p.extract_text() for p in
                     PdfReader(built_site / "pdf" / "facilitator-guide.en.a4.pdf").pages)
    assert "Short version" in guide and "Full version" in guide


@pytest.mark.browser
@pytest.mark.parametrize("where", ["server", "file"])
@pytest.mark.parametrize("lang", ["en", "vi", "hi"])
def test_plan_your_own_session_page(browser, server, built_site, course, lang, where):
    from generator.render.plans import fit

    folder = "" if lang == course.default_language.code else f"{lang}/"
    base = server if where == "server" else built_site.as_uri() + "/"
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{base}{folder}plan-custom.html?minutes=120&start=13:30")
        rows = page.locator(".wb-custom-agenda:not([hidden]) .wb-agenda tbody tr")
        agenda = fit(course, 120, False)
        assert rows.count() == len(agenda.plan.blocks)
        assert rows.first.locator(".wb-clock").inner_text() == "13:30–13:35"
        assert rows.last.locator(".wb-clock").inner_text().endswith("–15:30")
        # choosing another length and a break: the agenda and the address follow
        page.select_option("select[name=minutes]", "180")
        page.check("input[name=break]")
        page.fill("input[name=start]", "08:45")
        shown = page.locator(".wb-custom-agenda:not([hidden])")
        assert shown.get_attribute("data-minutes") == "180"
        assert shown.get_attribute("data-break") == "1"
        last = shown.locator(".wb-agenda tbody tr").last
        assert last.locator(".wb-clock").inner_text().endswith("11:45")
        if where == "server":
            assert "minutes=180" in page.url and "break=1" in page.url
        # 60 minutes leave no room for a break: said, and the agenda without one shown
        page.select_option("select[name=minutes]", "60")
        assert page.is_visible(".wb-no-break")
        assert page.locator(".wb-custom-agenda:not([hidden])").get_attribute("data-minutes") \
            == "60"
        assert not page.is_visible(".wb-fixed-plans")
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_custom_page_shows_the_fixed_plans(browser, server, course):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server}plan-custom.html")
        assert page.is_visible(".wb-fixed-plans")
        for plan in course.plans:
            assert page.is_visible(f"a[href='plan-{plan.id}.html']")
        assert not page.is_visible(".wb-custom-agenda")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_custom_plan_page_has_no_serious_accessibility_violation(page, server, lang):
    page.goto(f"{server}{'' if lang == 'en' else lang + '/'}plan-custom.html?minutes=150")
    assert_accessible(page)


# -- slides ---------------------------------------------------------------------------

def test_a_slide_deck_per_language_as_html_and_16_9_pdf(built_site, course):
    from pdfcheck import pdftotext

    from generator.render.slides import deck

    for lang in course.language_codes:
        html = (built_site / "slides" / f"deck-{lang}.html").read_text("utf-8")
        assert f'<html lang="{lang}" dir="ltr">' in html
        # every plan's slides are in the one file; the course's deck is its "course" list
        listed = json.loads(unescape(re.search(r'<script type="application/json" id="wb-deck">'
                                               r'(.*?)</script>', html, re.S).group(1)))
        assert len(listed["decks"]["course"]) == len(deck(course, lang))
        assert course.lessons[3].title[lang] in unescape(html)
        assert not re.search(r"https?://", re.sub(r'<meta name="description"[^>]*>', "", html))
        pdf = built_site / "pdf" / f"slides.{lang}.16x9.pdf"
        reader = PdfReader(pdf)
        assert len(reader.pages) == len(deck(course, lang))
        for page in reader.pages:
            width, height = (float(v) for v in page.mediabox[2:])
            assert abs(width / height - 16 / 9) < 0.01
        text = re.sub(r"\s+", " ", pdftotext(pdf))
        for lesson in course.lessons:
            assert lesson.title[lang] in text, (lang, lesson.title[lang])
    facilitators = (built_site / "vi" / "facilitators.html").read_text("utf-8")
    assert 'href="../slides/deck-vi.html"' in facilitators
    assert 'href="../pdf/slides.vi.16x9.pdf"' in facilitators


@pytest.mark.browser
@pytest.mark.parametrize("where", ["server", "file"])
def test_the_html_deck_advances_counts_down_and_shows_notes(browser, server, built_site,
                                                            course, where):
    from generator.render.slides import deck

    slides = deck(course, "vi")
    activity = next(i for i, s in enumerate(slides) if s.kind == "activity")
    base = server if where == "server" else built_site.as_uri() + "/"
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    asked = []
    page.on("request", lambda r: r.url.startswith(("http:", "https:")) and
            not r.url.startswith(server) and asked.append(r.url))
    try:
        page.goto(f"{base}slides/deck-vi.html")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        for _ in range(activity):
            page.keyboard.press("ArrowRight")
        assert page.evaluate("Reveal.getIndices().h") == activity
        shown = page.locator("section.present .wb-countdown")
        first = shown.inner_text()
        assert first == f"{slides[activity].minutes}:00"  # it waits for the facilitator
        page.keyboard.press("t")
        page.wait_for_timeout(2200)
        assert shown.inner_text() != first  # it counts down
        with context.expect_page() as popup:
            page.keyboard.press("s")  # the presenter view
        notes = popup.value
        notes.wait_for_load_state()
        debrief = slides[activity].notes[0][1][0]
        notes.wait_for_function("text => document.body.innerText.includes(text)",
                                arg=debrief[:40], timeout=10_000)
    finally:
        context.close()
    assert asked == []

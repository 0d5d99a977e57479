"""Issue 22: what a facilitator uses in the room follows the plan they chose: the deck
(agenda, versions, break, countdowns), the presenter view in the deck's language, the
materials and what to print for the participants, the groups, one printed handout,
and minutes in the notes that come from the fields."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pikepdf
import pytest
from test_loader import edit, errors_for, line_of

from generator.render.plans import fit, group_work, groups, printing, taught

SHOTS = Path("/tmp/h/shots")
LANGS = ("en", "vi", "hi")


def clocks(start: str, plan) -> list[str]:
    at = datetime.strptime(start, "%H:%M")
    out = []
    for block in plan.blocks:
        end = at + timedelta(minutes=block.minutes)
        out.append(f"{at:%H:%M}–{end:%H:%M}")
        at = end
    return out


# -- timings that agree (point 7) -----------------------------------------------------

def test_minutes_in_the_notes_come_from_the_fields(course):
    goals = course.lesson("step-1-goals").facilitator
    assert f"{goals.activity.minutes} minutes." in goals.activity.instructions["en"]
    assert f"{goals.activity.minutes} phút" in goals.activity.instructions["vi"]
    assert f"{goals.activity.minutes} मिनट" in goals.activity.instructions["hi"]
    assert goals.short.changes["en"].startswith(
        f"{goals.short.activity.minutes} minutes of writing instead of {goals.activity.minutes}")
    assert f"takes {goals.minutes} minutes; the {course.lesson('step-1-goals').minutes} " \
        "minutes on the lesson page" in goals.purpose["en"]
    mapping = course.lesson("step-2-map").facilitator
    words = " ".join(mapping.activity.instructions["en"].split())
    assert f"{mapping.activity.minutes} minutes" in words
    for lesson in course.lessons:
        notes = lesson.facilitator
        texts = [notes.purpose, notes.debrief, *notes.talking_points, *notes.pitfalls]
        texts += [notes.short.changes] if notes.short else []
        for activity in (notes.activity, notes.short and notes.short.activity):
            if activity:
                texts.append(activity.instructions)
        for text in texts:
            for value in text.values():
                assert not re.search(r"\{[a-z_.]+\}", value), (lesson.id, value)


def test_a_placeholder_that_names_no_field_is_a_file_line_error(project):
    rel = "content/lessons/step-4-gaps.yml"
    edit(project, rel, "the last box. {activity.minutes} minutes.",
         "the last box. {activity.minute} minutes.")
    rel2 = "content/lessons/why-network.yml"
    edit(project, rel2, "Help people see", "In {short.activity.minutes} minutes, help people see")
    messages = errors_for(project)
    en = line_of(project, rel, "the last box. {activity.minute}")
    assert any(re.match(rf"{re.escape(rel)}:(\d+): ", m) and
               en - 4 <= int(m.split(":")[1]) <= en and
               "{activity.minute} is not a field teaching notes can name" in m
               for m in messages), messages
    assert any(m.startswith(f"{rel2}:{line_of(project, rel2, 'In {short.activity')}:")
               and "names a field these teaching notes do not have" in m
               for m in messages), messages


def test_teaching_pages_say_which_minutes_are_which(built_site, course):
    lesson = course.lesson("step-1-goals")
    labels = course.labels
    for lang, prefix in (("en", ""), ("vi", "vi/"), ("hi", "hi/")):
        page = (built_site / f"{prefix}teach-step-1-goals.html").read_text("utf-8")
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
        assert f"{labels['teaching_time'][lang]}: {lesson.facilitator.minutes}" in text
        assert f"{labels['reading_time'][lang]}: {lesson.minutes}" in text


# -- the groups (point 5) -------------------------------------------------------------

def test_groups_for_the_room():
    assert groups("groups", 24) == [(4, 6)]
    assert groups("pairs", 24) == [(2, 12)]
    assert groups("pairs", 23) == [(3, 1), (2, 10)]
    assert groups("groups", 10) == [(4, 1), (3, 2)]


# -- the decks (points 1 and 2) -------------------------------------------------------

def deck_state(page) -> dict:
    return page.evaluate("""() => {
        const all = (q) => Array.from(document.querySelectorAll(q));
        return {
            keys: all('.reveal .slides > section').map(s => s.dataset.key),
            agenda: all('.wb-slide-agenda .wb-clock').map(c => c.textContent),
            back: all('.wb-slide-break .wb-clock').map(c => c.textContent),
            countdowns: all('.reveal .slides > section[data-countdown]')
                .map(s => [s.dataset.key, Number(s.dataset.countdown)]),
        };
    }""")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_custom_plans_deck_follows_it(browser, built_site, course, lang):
    agenda = fit(course, 120, True).plan
    versions = dict((lesson.id, version) for lesson, version in taught(course, agenda))
    folder = "" if lang == "en" else f"{lang}/"
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        # from the custom plan page's own link, from disk
        page.goto((built_site / folder / "plan-custom.html").as_uri() +
                  "?minutes=120&start=09:30&break=1")
        link = page.locator("a.wb-plan-deck")
        assert "minutes=120&start=09:30&break=1" in link.get_attribute("href")
        page.goto(page.evaluate("() => document.querySelector('a.wb-plan-deck').href"))
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        state = deck_state(page)
        assert state["agenda"] == clocks("09:30", agenda)
        brk = next(i for i, b in enumerate(agenda.blocks)
                   if b.title == course.labels["break_block"])
        assert state["back"] == [clocks("09:30", agenda)[brk].split("–")[1]]
        lessons = [k.split(".")[0] for k in state["keys"] if "." in k and
                   k.split(".")[0] in {les.id for les in course.lessons}]
        assert set(lessons) == set(versions)  # what the plan leaves out is left out
        for key in state["keys"]:
            lid, _, rest = key.partition(".")
            if lid in versions:
                assert rest.startswith(versions[lid] + "."), key
        for key, seconds in state["countdowns"]:
            lid = key.split(".")[0]
            if lid in versions:
                activity = course.lesson(lid).facilitator.activity_for(versions[lid])
                assert seconds == activity.minutes * 60, key
        # the agenda slide, for the note
        page.evaluate("() => Reveal.slide(1)")
        if lang == "vi":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "agenda-slide-vi-120min-0930-break.png"))
        # a countdown waits for the facilitator, and keeps its time when stepping away
        index = next(i for i, k in enumerate(state["keys"]) if k.endswith(".activity"))
        page.evaluate(f"() => Reveal.slide({index})")
        shown = page.locator("section.present .wb-countdown")
        first = shown.inner_text()
        page.wait_for_timeout(1300)
        assert shown.inner_text() == first  # not started by itself
        page.keyboard.press("t")
        page.wait_for_timeout(2300)
        running = shown.inner_text()
        assert running != first
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowRight")
        assert page.locator("section.present .wb-countdown").inner_text() <= running
        page.locator("section.present .wb-countdown-toggle").click()  # pause
        paused = page.locator("section.present .wb-countdown").inner_text()
        page.wait_for_timeout(1300)
        assert page.locator("section.present .wb-countdown").inner_text() == paused
        assert page.locator("section.present .wb-countdown-toggle").inner_text() == \
            course.labels["countdown_start"][lang]
    finally:
        context.close()


def test_the_ready_plans_have_a_16_9_deck_pdf(built_site, course):
    from generator.render.slides import plan_deck

    for plan in course.plans:
        for lang in LANGS:
            with pikepdf.open(built_site / "pdf" / f"slides-{plan.id}.{lang}.16x9.pdf") as pdf:
                assert len(pdf.pages) == len(plan_deck(course, lang, plan, "plan"))
                box = [float(v) for v in pdf.pages[0].MediaBox]
                assert abs(box[2] / box[3] - 16 / 9) < 0.01


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "hi"])
def test_the_presenter_view_speaks_the_decks_language(browser, built_site, course, lang):
    keys = ("presenter_next", "presenter_clock", "presenter_notes", "countdown_start",
            "countdown_pause", "presenter_view")
    english = {course.labels[k]["en"] for k in keys} | {"Upcoming", "TIME", "NOTES",
                                                         "Click to Reset"}
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto((built_site / "slides" / f"deck-{lang}.html").as_uri() + "?plan=session-90")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        keys_in_deck = deck_state(page)["keys"]
        activity = next(i for i, k in enumerate(keys_in_deck) if k.endswith(".activity"))
        page.evaluate(f"() => Reveal.slide({activity})")
        with context.expect_page() as popup:
            page.keyboard.press("s")
        view = popup.value
        view.set_viewport_size({"width": 1280, "height": 720})
        view.wait_for_function("() => document.querySelector('.wb-presenter-panel') && "
                               "Reveal.isReady() && Reveal.getIndices().h > 0")
        view.wait_for_timeout(500)
        assert view.evaluate("() => Reveal.getIndices().h") == activity
        panel = view.locator(".wb-presenter-panel").text_content()  # not as CSS capitalises
        for key in ("presenter_next", "presenter_clock", "presenter_notes"):
            assert course.labels[key][lang] in panel
        words = set(re.findall(r"[A-Za-z]+", view.locator("body").text_content()))
        assert not {w for w in english if w in words}, words & english
        clock = view.locator(".wb-presenter-time").inner_text()
        if lang == "vi":  # CLDR: Vietnamese reads a 24-hour clock
            assert re.fullmatch(r"\d\d:\d\d", clock), clock
        # the countdown started from the presenter view runs in the room's window too
        view.locator(".wb-presenter-countdown .wb-countdown-toggle").click()
        view.wait_for_timeout(2300)
        assert page.locator("section.present .wb-countdown-toggle").inner_text() == \
            course.labels["countdown_pause"][lang]
        view.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => Reveal.getIndices().h === {activity + 1}")
        if lang == "hi":
            view.keyboard.press("ArrowLeft")
            view.wait_for_timeout(300)
            SHOTS.mkdir(parents=True, exist_ok=True)
            view.screenshot(path=str(SHOTS / "presenter-view-hi.png"))
    finally:
        context.close()


# -- materials, participants, printing (points 3, 4 and 6) ---------------------------

@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_materials_for_24_people_and_a_reload_keeps_them(browser, built_site, course, lang):
    folder = "" if lang == "en" else f"{lang}/"
    plan = course.plan_by_id("half-day")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((built_site / folder / "plan-half-day.html").as_uri())
        page.locator(".wb-room input[name=participants]").fill("24")
        page.locator(".wb-room select[name=sides]").select_option("double")
        page.reload()
        assert page.locator(".wb-room input[name=participants]").input_value() == "24"
        assert page.locator(".wb-room select[name=sides]").input_value() == "double"
        box = page.locator(".wb-materials").inner_text()
        sticky = course.lesson("step-3-offer").facilitator.activity.materials[0][lang]
        assert sticky in box
        assert course.labels["material_projector"][lang] in box
        total = 0
        rows = page.locator(".wb-printout")
        for i, printout in enumerate(printing(course, plan, lang)):
            name = f"{printout.sheet.id}.{lang}.a4.pdf"
            with pikepdf.open(built_site / "pdf" / name) as pdf:
                pages = len(pdf.pages)
            row = rows.nth(i)
            assert row.locator("a").get_attribute("href").endswith(name)
            assert row.locator(".wb-copies").inner_text() == "24"
            assert row.locator(".wb-pages").inner_text() == str(24 * pages)
            assert row.locator(".wb-sheets").inner_text() == str(24 * -(-pages // 2))
            total += 24 * -(-pages // 2)
        assert page.locator(".wb-total-sheets").inner_text() == str(total)
        # the groups: 24 people make 6 tables of four
        tables = [w for w in group_work(course, plan) if w.activity.format == "groups"]
        item = page.locator(".wb-group-work li[data-format=groups]").first
        expected = course.labels["group_sizes"][lang].replace("{count}", "6").replace("{size}", "4")
        assert expected in item.inner_text() and tables
        # the custom plan keeps them too, beside its own choices
        page.goto((built_site / folder / "plan-custom.html").as_uri() +
                  "?minutes=120&start=09:30&break=1&participants=23")
        page.reload()
        assert page.locator(".wb-room input[name=participants]").input_value() == "23"
        assert "participants=23" in page.url and "minutes=120" in page.url
        longer = page.locator(".wb-custom-agenda:not([hidden]) .wb-group-work "
                              "li[data-format=pairs] .wb-group-longer").first.inner_text()
        assert "3" in longer  # an odd room: one group of three, and the time it adds
    finally:
        context.close()


@pytest.mark.browser
def test_printing_the_custom_plan_gives_one_handout(browser, built_site, course):
    agenda = fit(course, 120, True).plan
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((built_site / "plan-custom.html").as_uri() + "?minutes=120&break=1")
        page.emulate_media(media="print")
        notes = page.locator(".wb-handout-notes article:not([hidden])")
        shown = [(notes.nth(i).get_attribute("data-lesson"),
                  notes.nth(i).get_attribute("data-version")) for i in range(notes.count())]
        assert shown == [(lesson.id, version) for lesson, version in taught(course, agenda)]
        visible = page.locator("body").inner_text()
        assert course.labels["handout_notes"]["en"] in visible
        assert course.labels["groups_title"]["en"] in visible
        pdf = page.pdf()
        assert pdf[:4] == b"%PDF"
    finally:
        context.close()


def test_the_guide_pdf_has_each_ready_plans_handout(built_site, course):
    from pdfcheck import pdftotext

    text = re.sub(r"\s+", " ", pdftotext(built_site / "pdf" / "facilitator-guide.en.a4.pdf"))
    assert text.count(course.labels["handout_notes"]["en"]) >= len(course.plans)
    assert "Sticky notes, a pad per table" in text
    assert course.labels["group_sizes"]["en"].replace("{count}", "6").replace("{size}", "4") \
        in text

"""The workbook online, as a reader uses it in Chromium: typing into worksheets and
reflection questions, finding the answers again in every language, printing them,
marking lessons done, My workbook, export, clear and import, from a server and from
file://, with the keyboard, on a phone, and with axe."""

from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
from conftest import assert_accessible
from pypdf import PdfReader
from test_worksheets import pdf_text, words

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def folder(course, lang: str) -> str:
    return "" if lang == course.default_language.code else f"{lang}/"


@pytest.fixture(params=["server", "file"])
def where(request, server, built_site):
    """The site's root from a web server, or opened from disk (the USB stick)."""
    return server if request.param == "server" else built_site.as_uri() + "/"


@pytest.fixture
def reader(browser):
    """A reader's own browser: a fresh profile whose storage lasts across its pages,
    recording every request that leaves a page after it has loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.requests_after_load = []
    page.warnings = []
    # ours only: Material's search logs its own warnings, and fails from file:// (issue 10)
    page.on("console", lambda m: m.type == "warning" and m.text.startswith("workbook:")
            and page.warnings.append(m.text))
    page.on("pageerror", lambda e: "workbook.js" in (e.stack or "")
            and page.warnings.append(f"error: {e}"))
    yield page
    context.close()


def goto(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_function("() => !!window.Workbook && !!window.Workbook.data")


def saved(page) -> dict:
    return page.evaluate("() => Workbook.store.all()")


def type_into(page, selector: str, text: str) -> None:
    page.click(selector)
    page.keyboard.type(text)


def test_typed_answers_come_back_in_every_language(reader, where, course):
    goto(reader, f"{where}vi/worksheet-goals.html")
    reader.on("request", lambda r: reader.requests_after_load.append(r.url))
    type_into(reader, "input[name='goals.goals-now-give.r1.c1']", "Tìm người cố vấn về thiết kế")
    type_into(reader, "input[name='goals.name']", "Nguyễn Thị Lan")
    reader.check("input[name='goals.first-goal.1']")
    reader.wait_for_timeout(700)  # the save waits for a pause in typing
    assert reader.requests_after_load == []  # typing and saving send nothing anywhere
    reader.reload()
    goto(reader, reader.url)
    assert reader.input_value("input[name='goals.goals-now-give.r1.c1']") == \
        "Tìm người cố vấn về thiết kế"
    for lang in ("en", "hi"):
        goto(reader, f"{where}{folder(course, lang)}worksheet-goals.html")
        assert reader.input_value("input[name='goals.goals-now-give.r1.c1']") == \
            "Tìm người cố vấn về thiết kế"
        assert reader.input_value("input[name='goals.name']") == "Nguyễn Thị Lan"
        assert reader.is_checked("input[name='goals.first-goal.1']")
        assert not reader.is_checked("input[name='goals.first-goal.2']")
    assert reader.warnings == []


def test_a_table_cell_a_ring_and_a_hidden_page_are_saved(reader, server):
    goto(reader, f"{server}hi/worksheet-network-map.html")
    reader.fill("input[name='network-map.contacts.r2.c3']", "हाँ")
    reader.fill("textarea[name='network-map.rings.1']", "माँ\nराहुल")
    # hiding the page (switching app on a phone) saves at once, without the pause
    reader.evaluate("() => { Object.defineProperty(document, 'visibilityState', "
                    "{value: 'hidden', configurable: true}); "
                    "document.dispatchEvent(new Event('visibilitychange')); }")
    answers = saved(reader)
    assert answers["network-map.contacts.r2.c3"]["v"] == "हाँ"
    assert answers["network-map.rings.1"]["v"] == "माँ\nराहुल"
    # the typed names are drawn on their ring of the map
    drawn = reader.eval_on_selector_all(".wb-ring-names text", "els => els.map(e => e.textContent)")
    assert drawn == ["माँ", "राहुल"]


def test_printing_shows_the_typed_answers_within_the_page_limit(reader, server, course):
    sheet = course.worksheet("goals")
    goto(reader, f"{server}worksheet-goals.html")
    type_into(reader, "input[name='goals.goals-now-give.r1.c1']",
              "Meet two designers who freelance")
    type_into(reader, "input[name='goals.goals-now-give.r2.c1']",
              "Learn how they price their work")
    type_into(reader, "input[name='goals.goals-now-give.r1.c2']",
              "Photography for their portfolios")
    reader.wait_for_timeout(600)
    reader.emulate_media(media="print")
    for fmt in ("A4", "Letter"):
        printed = PdfReader(io.BytesIO(reader.pdf(format=fmt)))
        assert len(printed.pages) <= sheet.pages
        text = pdf_text(printed)
        for answer in ("Meet two designers who freelance", "Learn how they price their work",
                       "Photography for their portfolios"):
            assert words(answer) in text, (fmt, text)
    # writing lines stay under short answers, and empty fields keep theirs
    rules = reader.eval_on_selector_all(
        ".wb-write", "els => els.map(e => e.querySelectorAll('.wb-rule').length)")
    assert rules == [field.lines for field in sheet.fields if field.type == "lines"]


def test_every_filled_worksheet_still_fits_its_pages(reader, server, course):
    """A short answer in every control of every worksheet: each printed sheet keeps its
    page count on A4 and Letter, and the names typed for the map print on it."""
    for sheet in course.worksheets:
        goto(reader, f"{server}vi/worksheet-{sheet.id}.html")
        reader.evaluate("""() => document.querySelectorAll('.wb-sheet [name]').forEach(e => {
            if (e.type === 'checkbox') e.checked = true; else e.value = 'Lan ' + e.name.length;
            e.dispatchEvent(new Event('input', {bubbles: true})); })""")
        reader.emulate_media(media="print")
        for fmt in ("A4", "Letter"):
            printed = PdfReader(io.BytesIO(reader.pdf(format=fmt)))
            assert len(printed.pages) <= sheet.pages, (sheet.id, fmt)
            if sheet.id == "network-map":
                ring = "network-map.rings.1"  # its value, drawn on the map
                assert f"Lan {len(ring)}" in pdf_text(printed)
        reader.emulate_media(media="screen")


def test_a_long_answer_grows_its_ruled_area(reader, server):
    goto(reader, f"{server}worksheet-offer.html")
    area = "textarea[name='offer.goodwill']"
    before = reader.eval_on_selector(area, "e => e.parentElement.getBoundingClientRect().height")
    reader.fill(area, "\n".join(f"Goal {i}" for i in range(1, 9)))
    after = reader.eval_on_selector(area, "e => e.parentElement.getBoundingClientRect().height")
    rules = reader.eval_on_selector(area, "e => e.parentElement.querySelectorAll('.wb-rule')"
                                          ".length")
    assert rules == 8 and after > before * 1.5
    # every line shows: what overflows is at most the padding that sets text on the rules
    assert reader.eval_on_selector(area, "e => e.scrollHeight - e.clientHeight <= "
                                         "parseFloat(getComputedStyle(e).paddingTop) + 1")


def test_reflection_answers_and_lessons_done(reader, where, course):
    lesson = course.lessons[2]
    goto(reader, f"{where}vi/{lesson.id}.html")
    box = f"textarea[name='lesson:{lesson.id}.reflection.1']"
    type_into(reader, box, "Một lần anh Minh giới thiệu tôi với khách hàng")
    reader.check(f"input[name='done:{lesson.id}']")
    reader.wait_for_timeout(600)
    goto(reader, f"{where}{lesson.id}.html")
    assert reader.input_value(box) == "Một lần anh Minh giới thiệu tôi với khách hàng"
    assert reader.is_checked(f"input[name='done:{lesson.id}']")
    goto(reader, f"{where}index.html")
    total = len(course.lessons)
    assert reader.inner_text(".wb-progress") == f"1 of {total} lessons done"
    assert reader.is_visible(f".wb-done-badge[data-lesson='{lesson.id}']")
    assert not reader.is_visible(f".wb-done-badge[data-lesson='{course.lessons[0].id}']")
    marked = reader.eval_on_selector_all(".md-nav__link.wb-nav-done",
                                         "els => els.map(e => e.getAttribute('href'))")
    assert marked and all(href.endswith(f"{lesson.id}.html") for href in marked)
    goto(reader, f"{where}hi/index.html")
    assert reader.inner_text(".wb-progress") == f"{total} में से 1 पाठ पूरे"


def fill_some(page, server) -> None:
    goto(page, f"{server}worksheet-offer.html")
    for control in page.query_selector_all(".wb-sheet textarea")[:2]:
        control.fill("I can review CVs")
    page.fill("input[name='offer.name']", "Lan")
    goto(page, f"{server}tips.html")
    page.fill("textarea[name='lesson:tips.reflection.1']", "Ask one question")
    page.wait_for_timeout(600)


def test_my_workbook_gathers_every_answer_in_course_order(reader, server, course):
    fill_some(reader, server)
    reader.evaluate("() => Workbook.store.put('old-sheet.gone-field', "
                    "{v: 'An answer from an older course', q: 'A question since removed'})")
    goto(reader, f"{server}vi/my-workbook.html")
    slots = reader.eval_on_selector_all(
        "[data-answer]", "els => els.filter(e => e.textContent.trim())"
                         ".map(e => [e.dataset.answer, e.textContent])")
    slots = [tuple(slot) for slot in slots]
    names = [name for name, _ in slots]
    assert ("offer.name", "Lan") in slots
    assert ("lesson:tips.reflection.1", "Ask one question") in slots
    assert names.index("offer.name") < names.index("lesson:tips.reflection.1")  # course order
    orphans = reader.inner_text(".wb-orphans")
    assert course.labels["orphans"]["vi"] in orphans
    assert "A question since removed" in orphans and "An answer from an older course" in orphans
    reader.emulate_media(media="print")
    text = pdf_text(PdfReader(io.BytesIO(reader.pdf(format="A4"))))
    assert words("I can review CVs") in text and words("Ask one question") in text
    assert words(course.labels["export_answers"]["vi"]) not in text  # buttons do not print


def test_export_clear_import_round_trip(reader, where, tmp_path):
    fill_some(reader, where)
    before = saved(reader)
    goto(reader, f"{where}my-workbook.html")
    reader.requests_after_load.clear()
    reader.on("request", lambda r: urlsplit(r.url).scheme != "blob"
              and reader.requests_after_load.append(r.url))
    with reader.expect_download() as download:
        reader.click("[data-action=export]")
    exported = tmp_path / "answers.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text("utf-8"))
    assert data["course"] == "network-workbook" and data["version"] == 1
    assert data["answers"] == before
    assert reader.requests_after_load == []  # exporting sends nothing anywhere
    reader.once("dialog", lambda dialog: dialog.accept())
    reader.click("[data-action=clear]")
    assert saved(reader) == {} and reader.is_visible(".wb-empty")
    reader.set_input_files(".wb-transfer input[type=file]", str(exported))
    reader.wait_for_function("() => document.querySelector('.wb-status').textContent")
    assert saved(reader) == before
    assert reader.eval_on_selector("[data-answer='offer.name']", "e => e.textContent") == "Lan"


BROKEN = {
    "not json": ("{answers: oops", "import_not_json"),
    # another course's export names its own course in its format
    "other course": (json.dumps({"format": "cooking-course-answers", "version": 1,
                                 "course": "cooking-course", "answers": {}}),
                     "import_other_course"),
    "unknown version": (json.dumps({"format": "network-workbook-answers", "version": 99,
                                    "course": "network-workbook", "answers": {}}),
                        "import_bad_version"),
    "damaged answer": (json.dumps({"format": "network-workbook-answers", "version": 1,
                                   "course": "network-workbook",
                                   "answers": {"offer.name": {"v": 5}}}), "import_not_json"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_import_file_changes_nothing(reader, server, course, tmp_path, case):
    fill_some(reader, server)
    before = saved(reader)
    text, message = BROKEN[case]
    bad = tmp_path / "answers.json"
    bad.write_text(text, encoding="utf-8")
    goto(reader, f"{server}vi/my-workbook.html")
    reader.set_input_files(".wb-transfer input[type=file]", str(bad))
    reader.wait_for_function("() => document.querySelector('.wb-status').textContent")
    status = reader.inner_text(".wb-status")
    expected = course.labels[message]["vi"].split("{")[0]
    assert status.startswith(expected), status
    assert saved(reader) == before


def test_an_unreadable_stored_value_is_skipped_with_a_warning(reader, server):
    goto(reader, f"{server}worksheet-goals.html")
    reader.evaluate("() => { localStorage.setItem("
                    "'wb:network-workbook:goals.goals-now-give.r1.c1', "
                    "'{not json'); localStorage.setItem('wb:network-workbook:goals.name', "
                    "JSON.stringify({v: 'Lan'})); }")
    goto(reader, f"{server}worksheet-goals.html")
    assert reader.input_value("input[name='goals.name']") == "Lan"
    assert reader.input_value("input[name='goals.goals-now-give.r1.c1']") == ""
    assert any("cannot read" in w for w in reader.warnings)
    # the page still works, and the unreadable value is left as it was, not overwritten
    reader.fill("input[name='goals.date']", "2026-11-24")
    reader.wait_for_timeout(600)
    assert reader.evaluate("() => localStorage.getItem("
                           "'wb:network-workbook:goals.goals-now-give.r1.c1')") == "{not json"


def test_the_keyboard_alone_fills_a_worksheet(reader, server):
    goto(reader, f"{server}worksheet-goals.html")
    reader.focus("input[name='goals.name']")
    reader.keyboard.type("Lan")
    reader.keyboard.press("Tab")
    reader.keyboard.type("today")
    reader.keyboard.press("Tab")
    reader.keyboard.type("A first goal")
    for _ in range(40):  # on through the goals tables to the checklist
        reader.keyboard.press("Tab")
        if reader.evaluate("() => document.activeElement.name") == "goals.first-goal.1":
            break
    reader.keyboard.press("Space")
    reader.wait_for_timeout(600)
    answers = saved(reader)
    assert answers["goals.name"]["v"] == "Lan" and answers["goals.date"]["v"] == "today"
    assert answers["goals.goals-now-give.r1.c1"]["v"] == "A first goal"
    assert answers["goals.first-goal.1"]["v"] is True


@pytest.mark.parametrize("lang", ["en", "vi", "hi"])
def test_no_serious_accessibility_violations_on_filled_pages(reader, server, course, lang):
    fill_some(reader, server)
    goto(reader, f"{server}{folder(course, lang)}step-2-map.html")
    reader.fill("textarea[name='lesson:step-2-map.reflection.1']", "x")
    # every worksheet page once, then the filled pages in each language; axe's 'label'
    # rule checks that every control has an accessible name
    sheets = [f"worksheet-{sheet.id}.html" for sheet in course.worksheets] if lang == "en" \
        else ["worksheet-network-map.html", "worksheet-contact-log.html"]
    for path in (*sheets, "step-2-map.html", "my-workbook.html", "index.html"):
        goto(reader, f"{server}{folder(course, lang)}{path}")
        assert_accessible(reader, path)


@pytest.mark.parametrize("lang", ["en", "vi", "hi"])
def test_a_phone_needs_no_sideways_scrolling(browser, server, course, lang):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        paths = [f"worksheet-{sheet.id}.html" for sheet in course.worksheets]
        for path in [*paths, "my-workbook.html", "step-1-goals.html"]:
            goto(page, f"{server}{folder(course, lang)}{path}")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (path, width)
    finally:
        context.close()


def test_without_javascript_the_pages_are_as_before(browser, server, course):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server}tips.html")
        assert not page.is_visible(".wb-reflection textarea")
        assert not page.is_visible(".wb-done")
        assert page.is_visible(".wb-reflection li")  # the questions themselves
        page.goto(f"{server}worksheet-goals.html")
        assert not page.is_visible(".wb-online-note")
        page.goto(f"{server}my-workbook.html")
        assert page.is_visible("noscript p, .wb-warning") or \
            course.labels["needs_javascript"]["en"] in page.content()
    finally:
        context.close()


def test_the_script_is_small_and_loads_nothing_else(built_site, browser, server):
    script = built_site / "assets" / "workbook.js"
    # the workbook, the newer field types, offline use and the book print: minified
    assert script.stat().st_size < 30_000
    context = browser.new_context()
    page = context.new_page()
    loaded = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(f"{server}vi/worksheet-goals.html")
    page.wait_for_load_state("networkidle")
    context.close()
    assert [u for u in loaded if u.endswith(".js")].count(f"{server}assets/workbook.js") == 1
    assert all(urlsplit(u).netloc == urlsplit(server).netloc for u in loaded)


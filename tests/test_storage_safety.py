"""The workbook online when things go wrong, as a reader meets them in Chromium: the
browser's storage full, the same field in two tabs, an import file that does not fit or
is crafted, and a custom plan address that is not one the page offers."""

from __future__ import annotations

import json

import pytest
from test_online import goto, saved, type_into

pytestmark = pytest.mark.browser

PREFIX = "wb:network-workbook:"
FILE = {"format": "network-workbook-answers", "version": 1, "course": "network-workbook"}

# Fill this origin's localStorage with filler keys until not one more character fits.
FILL = """() => {
  let i = 0, size = 1 << 20;
  while (size >= 1) {
    try { localStorage.setItem('filler-' + i, 'x'.repeat(size)); i++; }
    catch (e) { size = Math.floor(size / 2); }
  }
  return i;
}"""
FREE = """() => Object.keys(localStorage).filter(k => k.startsWith('filler-'))
  .forEach(k => localStorage.removeItem(k))"""
OURS = f"() => Object.keys(localStorage).filter(k => k.startsWith('{PREFIX}')).sort()"


@pytest.fixture
def reader(browser):
    """A reader's own browser: a fresh profile whose storage lasts across its pages."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def status(page, timeout: float = 15_000) -> str:
    page.wait_for_function("() => document.querySelector('.wb-status').textContent",
                           timeout=timeout)
    return page.inner_text(".wb-status")


def import_file(page, path) -> str:
    page.set_input_files(".wb-transfer input[type=file]", str(path))
    return status(page)


# -- storage full ------------------------------------------------------------------------

def test_a_full_storage_is_said_at_once_and_the_typed_text_stays(reader, server, course):
    goto(reader, f"{server}vi/worksheet-goals.html")
    assert reader.is_visible(".wb-online-note")  # "your answers are saved"
    assert reader.evaluate(FILL) > 0
    type_into(reader, "input[name='goals.name']", "Nguyễn Thị Lan")
    alert = reader.wait_for_selector("[role=alert]:not([hidden])", timeout=5000)
    assert alert.inner_text() == course.labels["storage_full"]["vi"]
    assert reader.input_value("input[name='goals.name']") == "Nguyễn Thị Lan"
    # the page no longer claims the answers are saved
    assert not reader.is_visible(".wb-online-note")
    assert "goals.name" not in saved(reader)
    # the way out: once there is room, the next save keeps all the text and the alert goes
    reader.evaluate(FREE)
    type_into(reader, "input[name='goals.date']", "24/11")
    reader.wait_for_selector("[role=alert]", state="hidden", timeout=5000)
    answers = saved(reader)
    assert answers["goals.name"]["v"] == "Nguyễn Thị Lan" and answers["goals.date"]["v"] == "24/11"
    assert reader.is_visible(".wb-online-note")


def test_an_import_that_does_not_fit_writes_nothing_and_says_why(reader, server, course,
                                                                 tmp_path):
    goto(reader, f"{server}worksheet-goals.html")
    reader.fill("input[name='goals.name']", "Lan")
    reader.wait_for_timeout(700)
    before = saved(reader)
    keys = reader.evaluate(OURS)
    # 15 million characters: more than any browser keeps for one site
    answers = {f"old-sheet.note-{i}": {"v": "x" * 5000} for i in range(3000)}
    answers["goals.name"] = {"v": "Someone else", "q": "Name"}
    big = tmp_path / "answers.json"
    big.write_text(json.dumps({**FILE, "answers": answers}), encoding="utf-8")
    goto(reader, f"{server}my-workbook.html")
    reader.on("dialog", lambda dialog: dialog.accept())  # yes, replace my one answer
    assert import_file(reader, big) == course.labels["import_too_big"]["en"]
    assert saved(reader) == before and reader.evaluate(OURS) == keys
    assert reader.eval_on_selector("[data-answer='goals.name']", "e => e.textContent") == "Lan"


# -- two tabs ----------------------------------------------------------------------------

def test_an_answer_typed_in_another_tab_shows_in_this_one(reader, server):
    other = reader.context.new_page()
    goto(reader, f"{server}worksheet-network-map.html")
    goto(other, f"{server}vi/worksheet-network-map.html")
    other.fill("textarea[name='network-map.rings.1']", "Minh\nLan")
    reader.wait_for_function(
        "() => document.querySelector(\"[name='network-map.rings.1']\").value === 'Minh\\nLan'",
        timeout=5000)
    # and the names are drawn on their ring here too
    drawn = reader.eval_on_selector_all(".wb-ring-names text", "els => els.map(e => e.textContent)")
    assert drawn == ["Minh", "Lan"]
    # a lesson marked done in one tab is done in the other
    goto(reader, f"{server}index.html")
    goto(other, f"{server}tips.html")
    other.check("input[name='done:tips']")
    reader.wait_for_selector(".wb-done-badge[data-lesson='tips']", state="visible", timeout=5000)


def test_a_field_being_typed_in_is_not_overwritten_but_says_it_changed(reader, server, course):
    other = reader.context.new_page()
    goto(reader, f"{server}hi/worksheet-goals.html")
    goto(other, f"{server}worksheet-goals.html")
    field = "input[name='goals.name']"
    type_into(reader, field, "Minh")  # and the reader stays in the field
    reader.wait_for_timeout(700)
    other.fill(field, "Lan")
    other.focus("input[name='goals.date']")  # that tab's reader moves on
    # (another status may show beside it: the course kept for offline use)
    changed = course.labels["answer_changed"]["hi"]
    notice = reader.locator("[role=status]:not([hidden])", has_text=changed)
    notice.wait_for(timeout=5000)
    assert notice.inner_text() == changed
    assert reader.input_value(field) == "Minh"
    # typing on keeps this tab's text, as the notice says, and the notice goes
    reader.keyboard.type(" Anh")
    reader.wait_for_timeout(700)
    assert saved(reader)["goals.name"]["v"] == "Minh Anh"
    assert not notice.is_visible()
    other.wait_for_function(f"() => document.querySelector(\"{field}\").value === 'Minh Anh'",
                            timeout=5000)


# -- crafted import files ----------------------------------------------------------------

def test_a_proto_key_is_never_shown_kept_or_imported(reader, server, course, tmp_path):
    goto(reader, f"{server}worksheet-goals.html")
    # what an earlier version's import left behind
    reader.evaluate(f"""() => localStorage.setItem('{PREFIX}__proto__', JSON.stringify(
        {{v: 'sneaky', q: 'x', 'goals.name': {{v: 'sneaky'}}}}))""")
    goto(reader, f"{server}worksheet-goals.html")
    assert reader.input_value("input[name='goals.name']") == ""
    goto(reader, f"{server}my-workbook.html")
    assert "sneaky" not in reader.inner_text(".wb-book")
    reader.once("dialog", lambda dialog: dialog.accept())
    reader.click("[data-action=clear]")
    assert status(reader) == course.labels["cleared"]["en"]
    assert reader.evaluate(OURS) == []  # "all cleared" is true
    crafted = tmp_path / "answers.json"
    crafted.write_text('{"format": "network-workbook-answers", "version": 1, '
                       '"course": "network-workbook", "answers": {"__proto__": '
                       '{"v": "sneaky", "goals.name": {"v": "sneaky"}}, '
                       '"goals.date": {"v": "today"}}}', encoding="utf-8")
    assert import_file(reader, crafted) == course.labels["import_not_json"]["en"]
    assert reader.evaluate(OURS) == []


CRAFTED = {
    "course not text": {**FILE, "course": {"toString": 1}, "answers": {}},
    "version not a number": {**FILE, "version": {"toString": 1}, "answers": {}},
    "name not an answer's": {**FILE, "answers": {"goals.name": {"v": "Lan"},
                                                 "<img src=x>": {"v": "x"}}},
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_a_crafted_import_file_is_refused_with_a_message(reader, server, course, tmp_path,
                                                         case):
    goto(reader, f"{server}worksheet-goals.html")
    reader.fill("input[name='goals.date']", "today")
    reader.wait_for_timeout(700)
    keys = reader.evaluate(OURS)
    bad = tmp_path / "answers.json"
    bad.write_text(json.dumps(CRAFTED[case]), encoding="utf-8")
    goto(reader, f"{server}vi/my-workbook.html")
    assert import_file(reader, bad) == course.labels["import_not_json"]["vi"]
    assert reader.evaluate(OURS) == keys


# -- the custom plan's address -----------------------------------------------------------

@pytest.mark.parametrize("query", ["?minutes=120']", "?minutes=120'],body,x[y='",
                                   "?start=99:99", "?minutes=120&start=13:30&break=yes"])
def test_a_bad_plan_address_falls_back_and_says_so(reader, server, course, query):
    goto(reader, f"{server}vi/plan-custom.html{query}")
    assert reader.is_visible(".wb-plan-form")
    shown = reader.locator(".wb-custom-agenda:not([hidden])")
    assert shown.count() == 1
    assert shown.locator("tbody tr").count() > 1
    notice = reader.get_by_text(course.labels["plan_bad_address"]["vi"])
    assert notice.is_visible()
    first = shown.locator("tbody tr").first.locator(".wb-clock").inner_text()
    if "start" in query:
        assert first.startswith("13:30") if "13:30" in query else first.startswith("09:00")
    else:
        assert shown.get_attribute("data-minutes") == "90" and first.startswith("09:00")
    # a good address has no notice; choosing again takes the notice away
    reader.select_option("select[name=minutes]", "120")
    assert not notice.is_visible()
    goto(reader, f"{server}vi/plan-custom.html?minutes=120&start=13:30&break=1")
    assert not reader.get_by_text(course.labels["plan_bad_address"]["vi"]).is_visible()
    assert reader.locator(".wb-custom-agenda:not([hidden])").get_attribute("data-minutes") \
        == "120"

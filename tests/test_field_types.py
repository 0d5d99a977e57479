"""The worksheet fields beyond lines and tables: a rating scale (alone, and with statements
each rated), a single choice, a date, and a box, in a copy of the course with one more
worksheet. Each one as an author writes it (the check's file:line errors, the schema), on
the site's page, in the PDF forms on A4 and Letter, and in Chromium as a reader fills it
in, reloads, exports, imports and reads it back in My workbook."""

from __future__ import annotations

import functools
import html
import io
import json
import re
import subprocess
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import QuietHandler, assert_accessible, copy_project, workbook
from jsonschema import Draft7Validator
from pdfcheck import pdftotext, printed_text, sheet_texts, words_right
from pypdf import PdfReader

from generator.course.errors import ContentErrors
from generator.course.loader import load_course

SHEET = "worksheets/field-types.yml"
SHEET_YAML = """\
# yaml-language-server: $schema=../schemas/worksheet.schema.json
id: field-types
pages: 1
title: {en: Field types, vi: Các kiểu ô, hi: "फ़ील्ड के प्रकार"}
summary: {en: Every new kind of field., vi: Mọi kiểu ô mới., hi: "हर नया फ़ील्ड।"}
intro:
  en: "Rate, choose and date. See **the goals** in [the first step](step-1-goals.md)."
  vi: "Chấm điểm, chọn và ghi ngày. Xem **mục tiêu** ở [bước một](step-1-goals.md)."
  hi: "अंक दें, चुनें और तारीख लिखें। **लक्ष्य** [पहले कदम](step-1-goals.md) में देखें।"
fields:
  - id: confidence
    type: scale
    label:
      en: How confident do you feel meeting new people?
      vi: Bạn tự tin thế nào khi gặp người mới?
      hi: "नए लोगों से मिलने में आप कितने सहज हैं?"
    low_label: {en: Not at all, vi: Hoàn toàn không, hi: "बिल्कुल नहीं"}
    high_label: {en: Very confident, vi: Rất tự tin, hi: "बहुत सहज"}
  - id: skills
    type: scale
    points: 4
    label:
      en: How true is each for you?
      vi: Mỗi câu đúng với bạn đến đâu?
      hi: "हर बात आप पर कितनी लागू होती है?"
    low_label: {en: Not true, vi: Không đúng, hi: "लागू नहीं"}
    high_label: {en: Very true, vi: Rất đúng, hi: "पूरी तरह लागू"}
    items:
      - en: I keep in touch with old colleagues.
        vi: Tôi giữ liên lạc với đồng nghiệp cũ.
        hi: "मैं पुराने साथियों से संपर्क रखता हूँ।"
      - {en: I ask for help when I need it., vi: Tôi nhờ giúp khi cần., hi: "मैं मदद माँगता हूँ।"}
  - id: format
    type: choice
    label:
      en: How do you like to meet?
      vi: Bạn thích gặp theo cách nào?
      hi: "आप कैसे मिलना पसंद करते हैं?"
    options:
      - {en: In person, vi: Gặp trực tiếp, hi: "आमने-सामने"}
      - {en: On a video call, vi: Gọi video, hi: "वीडियो कॉल पर"}
      - {en: By message, vi: Nhắn tin, hi: "संदेश से"}
  - id: next-meeting
    type: date
    label:
      en: My next networking event
      vi: Sự kiện kết nối tiếp theo của tôi
      hi: "मेरा अगला नेटवर्किंग कार्यक्रम"
  - id: notes
    type: box
    height_mm: 40
    label: {en: Notes, vi: Ghi chú, hi: "नोट"}
"""
RADIO = 1 << 15  # the radio flag of a button field's /Ff
MARGIN_PT = 14 * 72 / 25.4  # the PDFs' side margins (pdf.css.j2)
PAPERS = {"a4": 595.28, "letter": 612.0}


def with_sheet(root: Path, text: str = SHEET_YAML) -> Path:
    """The course with the field-types worksheet, used by the first lesson."""
    (root / SHEET).write_text(text, encoding="utf-8")
    lesson = root / "content" / "lessons" / "step-1-goals.yml"
    source = lesson.read_text(encoding="utf-8")
    assert "worksheets: [goals]\n" in source
    lesson.write_text(source.replace("worksheets: [goals]\n",
                                     "worksheets: [goals, field-types]\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The course with the new worksheet, built with its PDFs by ``workbook build``."""
    root = with_sheet(copy_project(tmp_path_factory.mktemp("types") / "project"))
    result = workbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def sheet(built):
    return load_course(built).worksheet("field-types")


# -- the author: check, errors with their line, and the schema -----------------------

def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


MISTAKES = {  # what is changed in the sheet, the text whose line is reported, the message
    "too many points": ("    points: 4\n", "    points: 12\n", "points: 12",
                        "fields[1].points: expected 2 to 11, found 12"),
    "one point": ("    points: 4\n", "    points: 1\n", "points: 1",
                  "fields[1].points: expected 2 to 11, found 1"),
    "points in words": ("    points: 4\n", "    points: four\n", "points: four",
                        "fields[1].points: expected a whole number, found text"),
    "one option": ("      - {en: On a video call, vi: Gọi video, hi: \"वीडियो कॉल पर\"}\n"
                   "      - {en: By message, vi: Nhắn tin, hi: \"संदेश से\"}\n", "", "options:",
                   "fields[2].options: a choice needs at least 2 options, found 1"),
    "no low label": ("    low_label: {en: Not at all, vi: Hoàn toàn không, hi: \"बिल्कुल नहीं\"}\n",
                     "", "- id: confidence", "fields[0]: missing required key 'low_label'"),
    "a date with options": ("    type: date\n", "    type: date\n    options: []\n", "options: []",
                            "unknown key 'options'"),
    "an untranslated end": ("    high_label: {en: Very true, vi: Rất đúng, hi: \"पूरी तरह लागू\"}",
                            "    high_label: {en: Very true, vi: Rất đúng}",
                            "high_label: {en: Very true",
                            "missing हिन्दी (hi) for fields[1].high_label"),
    "the sheet's own date": ("  - id: next-meeting\n", "  - id: date\n", "- id: date\n",
                             "fields[3].id: 'date' names the worksheet's own date line"),
    "a link to no page": ("[the first step](step-1-goals.md)", "[the first step](step-9.md)",
                          "  en: \"Rate", "intro.en: link 'step-9.md' names no page of the course"),
    "a script link": ("[the first step](step-1-goals.md)", "[the first step](javascript:x())",
                      "  en: \"Rate", "intro.en: link 'javascript:x()' is not allowed"),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_a_mistake_in_a_new_field_is_reported_at_its_line(tmp_path, case):
    old, new, where, message = MISTAKES[case]
    assert old in SHEET_YAML
    text = SHEET_YAML.replace(old, new, 1)
    root = with_sheet(copy_project(tmp_path / "project"), text)
    with pytest.raises(ContentErrors) as info:
        load_course(root)
    found = [str(e) for e in info.value.errors]
    assert f"{SHEET}:{line_of(text, where)}: " in "\n".join(
        m for m in found if message in m), found


def test_check_prints_the_errors_without_a_traceback(tmp_path):
    text = SHEET_YAML.replace("    points: 4\n", "    points: 12\n")
    root = with_sheet(copy_project(tmp_path / "project"), text)
    result = workbook("check", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{SHEET}:{line_of(text, 'points: 12')}: fields[1].points: expected 2 to 11" \
        in result.stderr, result.stderr


def test_the_schema_takes_the_new_fields_and_refuses_their_mistakes(tmp_path):
    root = copy_project(tmp_path / "project")
    schema = json.loads((root / "schemas" / "worksheet.schema.json").read_text("utf-8"))
    validator = Draft7Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load(SHEET_YAML))) == []
    for case in ("too many points", "one option", "no low label", "a date with options"):
        old, new, _, _ = MISTAKES[case]
        data = yaml.safe_load(SHEET_YAML.replace(old, new, 1))
        assert list(validator.iter_errors(data)), case


# -- the site's worksheet page --------------------------------------------------------

def sheet_html(built: Path, folder: str = "") -> str:
    page = (built / "site" / folder / "worksheet-field-types.html").read_text("utf-8")
    return page[page.index('<section class="wb-sheet"'):page.index("</section>")]


def test_the_page_has_a_labelled_radio_group_per_rating_and_a_date_input(built, sheet):
    markup = sheet_html(built)
    ids = set(re.findall(r' id="([^"]+)"', markup))
    radios = re.findall(r"<input type=\"radio\" name=\"([^\"]+)\" value=\"(\d+)\""
                        r" ?([^>]*)>", markup)
    by_name: dict[str, list[str]] = {}
    for name, value, rest in radios:
        by_name.setdefault(name, []).append(value)
        # every button has a name a screen reader reads: its number, at the ends the end's text
        labelled = re.search(r'aria-labelledby="([^"]+)"', rest)
        assert labelled is None or set(labelled.group(1).split()) <= ids, rest
    assert by_name == {"field-types.confidence": ["1", "2", "3", "4", "5"],
                       "field-types.skills.1": ["1", "2", "3", "4"],
                       "field-types.skills.2": ["1", "2", "3", "4"],
                       "field-types.format": ["1", "2", "3"]}
    # each group in a fieldset whose legend is what is rated or chosen
    legends = re.findall(r"<fieldset[^>]*>\s*<legend[^>]*>([^<]+)</legend>", markup)
    assert legends == ["How confident do you feel meeting new people?",
                       "How true is each for you?", "I keep in touch with old colleagues.",
                       "I ask for help when I need it.", "How do you like to meet?"]
    for end in ("Not at all", "Very confident", "Not true", "Very true"):
        assert f">{end}</span>" in markup
    for option in sheet.fields[2].options:
        assert f"<span>{option['en']}</span>" in markup
    assert re.search(r'<input type="date"[^>]* name="field-types.next-meeting" '
                     r'aria-labelledby="field-types-next-meeting-label"', markup)
    assert markup.count("<textarea") == 1 and 'name="field-types.notes"' in markup


def test_the_intro_is_markdown_and_a_plain_one_reads_as_before(built):
    shown = sheet_html(built, "vi")
    assert "<strong>mục tiêu</strong>" in shown
    assert '<a href="step-1-goals.html">bước một</a>' in shown
    assert "**" not in shown
    # a plain intro is one paragraph of its text, as before
    intro = load_course(built).worksheet("goals").intro["en"]
    page = (built / "site" / "worksheet-goals.html").read_text("utf-8")
    assert re.search(r'<div class="wb-intro"><div class="wb-md">\s*<p>' +
                     re.escape(html.escape(intro, quote=False)) + r"</p>\s*</div></div>", page)


# -- the PDF forms ----------------------------------------------------------------------

def pdf_path(built: Path, lang: str, paper: str) -> Path:
    return built / "site" / "pdf" / f"field-types.{lang}.{paper}.pdf"


def form_fields(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    return {str(f.T): f for f in pdf.Root.AcroForm.Fields}


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_pdf_has_a_radio_group_for_each_rating_and_a_text_field_for_the_date(
        built, sheet, lang, paper):
    course = load_course(built)
    with pikepdf.open(pdf_path(built, lang, paper)) as pdf:
        assert len(pdf.pages) == sheet.pages
        fields = form_fields(pdf)
        groups = {"field-types.confidence": (5, sheet.fields[0].label[lang]),
                  "field-types.skills.1": (4, sheet.fields[1].items[0][lang]),
                  "field-types.skills.2": (4, sheet.fields[1].items[1][lang]),
                  "field-types.format": (3, sheet.fields[2].label[lang])}
        for name, (count, rated) in groups.items():
            group = fields[name]
            assert group.FT == "/Btn" and int(group.Ff) & RADIO, name
            assert str(group.TU) == rated
            assert len(group.Kids) == count
            assert [str(v) for v in group.Opt] == [str(n) for n in range(1, count + 1)]
            for kid in group.Kids:
                # a button is a widget of its group: no field name of its own
                assert "/T" not in kid and kid.Parent.objgen == group.objgen
                assert str(kid.TU).startswith(f"{rated} – "), str(kid.TU)
            if name == "field-types.confidence":
                assert str(group.Kids[0].TU).endswith(f"1 ({sheet.fields[0].low_label[lang]})")
                assert str(group.Kids[4].TU).endswith(f"5 ({sheet.fields[0].high_label[lang]})")
        # no button is listed as a field beside its group
        assert sorted(fields) == sorted(["field-types.name", "field-types.date", *groups,
                                         "field-types.next-meeting", "field-types.notes"])
        date = fields["field-types.next-meeting"]
        assert date.FT == "/Tx"
        assert str(date.TU) == (f"{sheet.fields[3].label[lang]} "
                                f"({course.labels['date_line'][lang]})")
        assert "/AA" not in date and "/JavaScript" not in pdf.Root.get("/Names", {})
        face = "Devanagari" if lang == "hi" else "Workbook-Sans"
        resource = re.search(r"/(\S+) [\d.]+ Tf", str(date.DA)).group(1)
        assert face in str(pdf.Root.AcroForm.DR.Font[f"/{resource}"].BaseFont)
    if lang == "hi":  # every Hindi word of the sheet, its end labels and options too, copies out
        copied = pdftotext(pdf_path(built, lang, paper))
        right, total = words_right(sheet_texts(sheet, "hi"), copied)
        assert right == total, f"{right}/{total}"


def dark_runs(png: Path, y: int) -> list[tuple[int, int]]:
    """The dark stretches of one row of pixels: the lines a horizontal cut crosses."""
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        row = [grey.getpixel((x, y)) < 200 for x in range(grey.width)]
    runs, start = [], None
    for x, dark in enumerate([*row, False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x))
            start = None
    return runs


@pytest.mark.parametrize("paper", list(PAPERS))
def test_the_box_is_one_frame_whose_whole_inside_is_the_field(built, tmp_path, paper):
    path = pdf_path(built, "en", paper)
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        widget = next(a for a in page.Annots if str(a.get("/T", "")) == "field-types.notes")
        x0, y0, x1, y1 = (float(v) for v in widget.Rect)
        height = float(page.MediaBox[3])
    width = PAPERS[paper] - 2 * MARGIN_PT
    assert abs(abs(x1 - x0) - width) < 2, (abs(x1 - x0), width)  # the frame's border only
    assert abs(abs(y1 - y0) - 40 * 72 / 25.4) < 2  # height_mm: 40
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-gray", "-png",
                    "-singlefile", str(path), str(tmp_path / "page")], check=True)
    middle = int(height - (y0 + y1) / 2)
    runs = dark_runs(tmp_path / "page.png", middle)
    assert len(runs) == 2, runs  # the left and right sides of one frame
    assert runs[0][0] <= min(x0, x1) <= runs[0][1] + 1
    assert runs[1][0] - 1 <= max(x0, x1) <= runs[1][1]


def test_a_chosen_point_shows_when_a_form_program_sets_it(built, tmp_path):
    """Set the rating to 4 as a form program does (the group's /V and the widget's /AS)
    and find the dot drawn in that button's place."""
    source = pdf_path(built, "en", "a4")
    with pikepdf.open(source) as pdf:
        group = form_fields(pdf)["field-types.confidence"]
        kid = group.Kids[3]
        state = next(k for k in kid.AP.N.keys() if k != "/Off")
        group.V = pikepdf.Name(state)
        kid.AS = pikepdf.Name(state)
        rect = [float(v) for v in kid.Rect]
        height = float(pdf.pages[0].MediaBox[3])
        pdf.save(tmp_path / "filled.pdf")
    for pdf_file, stem in ((source, "before"), (tmp_path / "filled.pdf", "after")):
        subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-gray", "-png",
                        "-singlefile", str(pdf_file), str(tmp_path / stem)], check=True)
    from PIL import Image

    scale = 200 / 72
    box = (int(min(rect[0], rect[2]) * scale), int((height - max(rect[1], rect[3])) * scale),
           int(max(rect[0], rect[2]) * scale), int((height - min(rect[1], rect[3])) * scale))

    def ink(png):
        with Image.open(png) as image:
            return sum(1 for v in image.convert("L").crop(box).getdata() if v < 128)

    assert ink(tmp_path / "after.png") > ink(tmp_path / "before.png") + 20


# -- in Chromium: a reader fills it in ----------------------------------------------------

@pytest.fixture(scope="module")
def site(built):
    handler = functools.partial(QuietHandler, directory=str(built / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def reader(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "warning" and m.text.startswith("workbook:")
            and page.errors.append(m.text))
    yield page
    context.close()


def goto(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_function("() => !!window.Workbook && !!window.Workbook.data")


def saved(page) -> dict:
    return page.evaluate("() => Workbook.store.all()")


def fill_in(page, site: str) -> None:
    goto(page, f"{site}worksheet-field-types.html")
    page.get_by_role("radio", name="4", exact=True).first.check()  # the first scale's 4
    page.check("input[name='field-types.skills.1'][value='2']")
    page.get_by_role("radio", name="On a video call").check()
    page.fill("input[name='field-types.next-meeting']", "2026-03-14")
    page.wait_for_function("() => Object.keys(Workbook.store.all()).length >= 4")


ANSWERS = {"field-types.confidence": "4", "field-types.skills.1": "2",
           "field-types.format": "2", "field-types.next-meeting": "2026-03-14"}


@pytest.mark.browser
def test_ratings_a_choice_and_a_date_are_kept_across_reloads_and_languages(reader, site):
    fill_in(reader, site)
    answers = saved(reader)
    assert {name: entry["v"] for name, entry in answers.items()} == ANSWERS
    # what the question was, for an answer whose question a later course drops
    assert answers["field-types.skills.1"]["q"] == \
        "How true is each for you?: I keep in touch with old colleagues."
    assert answers["field-types.format"]["q"] == "How do you like to meet?"
    for page in ("worksheet-field-types.html", "vi/worksheet-field-types.html"):
        goto(reader, f"{site}{page}")  # the Vietnamese page keeps the same choice: its number
        checked = reader.eval_on_selector_all(
            "input[type=radio]:checked", "els => els.map(e => [e.name, e.value])")
        assert sorted(checked) == sorted([[name, ANSWERS[name]] for name in ANSWERS
                                          if name != "field-types.next-meeting"])
        assert reader.input_value("input[name='field-types.next-meeting']") == "2026-03-14"
    assert reader.get_by_role("radio", name="Gọi video").is_checked()
    # the keyboard moves a rating along its row, and the move is kept
    reader.focus("input[name='field-types.confidence'][value='4']")
    reader.keyboard.press("ArrowRight")
    reader.wait_for_function("() => (Workbook.store.all()['field-types.confidence'] || {}).v"
                             " === '5'")
    assert reader.is_checked("input[name='field-types.confidence'][value='5']")
    assert reader.errors == []


@pytest.mark.browser
def test_every_button_has_a_name_and_axe_finds_nothing_serious(reader, site):
    goto(reader, f"{site}worksheet-field-types.html")
    assert reader.get_by_role("radio", name="1 Not at all").count() == 1
    assert reader.get_by_role("radio", name="5 Very confident").count() == 1
    assert reader.get_by_role("radio", name="1 Not true").count() == 2
    assert reader.get_by_role("group", name="How true is each for you?").count() == 1
    assert reader.get_by_role("group", name="I ask for help when I need it.").count() == 1
    fill_in(reader, site)
    assert_accessible(reader, "worksheet-field-types.html")
    goto(reader, f"{site}my-workbook.html")
    assert_accessible(reader, "my-workbook.html")


@pytest.mark.browser
def test_my_workbook_shows_them_prints_them_and_the_export_carries_them(reader, site,
                                                                      tmp_path):
    fill_in(reader, site)
    goto(reader, f"{site}my-workbook.html")

    def shown(name):
        return reader.eval_on_selector(f"[data-answer='{name}']", "e => e.innerText.trim()")

    assert shown("field-types.confidence") == "4 / 5"
    assert shown("field-types.skills.1") == "2 / 4"
    assert shown("field-types.skills.2") == ""
    assert shown("field-types.format") == "On a video call"
    assert shown("field-types.next-meeting") == "March 14, 2026"
    reader.emulate_media(media="print")
    text = re.sub(r"\s+", "", printed_text(reader.pdf(format="A4")))  # Poppler drops some
    for answer in ("4 / 5", "2 / 4", "On a video call", "March 14, 2026"):
        assert answer.replace(" ", "") in text, answer
    assert "Inperson" not in text  # only the option chosen
    reader.emulate_media(media="screen")
    goto(reader, f"{site}vi/my-workbook.html")
    assert shown("field-types.format") == "Gọi video"
    assert "2026" in shown("field-types.next-meeting")

    with reader.expect_download() as download:
        reader.click("[data-action=export]")
    exported = tmp_path / "answers.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text("utf-8"))
    assert {name: data["answers"][name]["v"] for name in ANSWERS} == ANSWERS
    reader.once("dialog", lambda dialog: dialog.accept())
    reader.click("[data-action=clear]")
    assert saved(reader) == {}
    reader.set_input_files(".wb-transfer input[type=file]", str(exported))
    reader.wait_for_function("() => document.querySelector('.wb-status').textContent")
    assert {name: entry["v"] for name, entry in saved(reader).items()} == ANSWERS
    assert shown("field-types.confidence") == "4 / 5"
    goto(reader, f"{site}worksheet-field-types.html")
    assert reader.is_checked("input[name='field-types.format'][value='2']")
    assert reader.errors == []


@pytest.mark.browser
def test_a_kept_choice_the_course_no_longer_offers_is_listed_not_lost(reader, site):
    goto(reader, f"{site}my-workbook.html")
    reader.evaluate("() => Workbook.store.put('field-types.format', "
                    "{v: '7', q: 'How do you like to meet?'})")
    goto(reader, f"{site}my-workbook.html")
    assert reader.is_visible(".wb-orphans")
    assert "How do you like to meet?" in reader.inner_text(".wb-orphans")


@pytest.mark.browser
@pytest.mark.parametrize("fmt", ["A4", "Letter"])
def test_the_printed_page_and_a_phone_fit(reader, browser, site, sheet, fmt):
    fill_in(reader, site)
    reader.emulate_media(media="print")
    printed = PdfReader(io.BytesIO(reader.pdf(format=fmt)))
    assert len(printed.pages) <= sheet.pages
    text = re.sub(r"\s+", " ", printed_text(reader.pdf(format=fmt)))
    assert "Not at all" in text and "On a video call" in text
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        phone = context.new_page()
        goto(phone, f"{site}worksheet-field-types.html")
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375
    finally:
        context.close()

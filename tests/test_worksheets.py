"""Printable worksheets: the PDFs, the printed site pages, and worksheet validation."""

from __future__ import annotations

import io
import re
import unicodedata
import uuid

import pytest
from conftest import workbook
from pdfcheck import printed_text
from pypdf import PdfReader

from generator.course.loader import load_course

SIZES = {"a4": (595, 842), "letter": (612, 792)}
LATIN_SCRIPT = ("en", "vi")
MM = 96 / 25.4  # CSS pixels per millimetre


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def words(text: str) -> str:
    """Extracted text with line breaks folded: a long title may wrap in the PDF."""
    return re.sub(r"\s+", " ", nfc(text))


def pdf_text(reader: PdfReader) -> str:
    return words(" ".join(page.extract_text() for page in reader.pages))


def expected_pdfs(course) -> dict[str, tuple[list, str, str]]:
    """{file name: (worksheets, language, second language)} for every PDF promised."""
    out = {}
    default = course.default_language.code
    for paper in SIZES:
        for lang in course.language_codes:
            for sheet in course.worksheets:
                out[f"{sheet.id}.{lang}.{paper}.pdf"] = ([sheet], lang, "")
                if lang != default:
                    out[f"{sheet.id}.{lang}-{default}.{paper}.pdf"] = ([sheet], lang, default)
            out[f"workshop-pack.{lang}.{paper}.pdf"] = (course.worksheets, lang, "")
            out[f"facilitator-guide.{lang}.{paper}.pdf"] = ([], lang, "")
            if lang != default:
                out[f"workshop-pack.{lang}-{default}.{paper}.pdf"] = (
                    course.worksheets, lang, default)
            out[f"handbook.{lang}.{paper}.pdf"] = ([], lang, "")  # tests/test_handbook.py
            if lang != default:
                out[f"handbook.{lang}-{default}.{paper}.pdf"] = ([], lang, default)
    for lang in course.language_codes:
        out[f"slides.{lang}.16x9.pdf"] = ([], lang, "")
        for plan in course.plans:  # a deck per ready plan (tests/test_plan_room.py)
            out[f"slides-{plan.id}.{lang}.16x9.pdf"] = ([], lang, "")
    return out


def test_every_pdf_exists_with_its_pages_size_and_text(built_site, course):
    promised = expected_pdfs(course)
    assert sorted(p.name for p in (built_site / "pdf").glob("*.pdf")) == sorted(promised)
    for name, (sheets, lang, second) in promised.items():
        if name.startswith(("facilitator-guide", "slides", "handbook")):
            continue  # tested with the facilitator section
        reader = PdfReader(built_site / "pdf" / name)
        paper = name.split(".")[-2]
        pack = name.startswith("workshop-pack")
        expected_pages = sum(s.pages for s in sheets) + (1 if pack else 0)
        assert len(reader.pages) == expected_pages, name
        for page in reader.pages:
            width, height = (round(float(v)) for v in page.mediabox[2:])
            assert (width, height) == SIZES[paper], name
        text = pdf_text(reader)
        # Latin-script text comes back from WeasyPrint's text layer exactly; Devanagari
        # does not always (tested, with what it gives back, in test_hindi)
        for sheet in sheets:
            for code in (lang, second):
                if code and code in LATIN_SCRIPT:
                    assert words(sheet.title[code]) in text, (name, sheet.title[code])
        if pack and lang in LATIN_SCRIPT:
            assert words(course.title[lang]) in text


def test_questions_and_vietnamese_diacritics_survive_in_the_text(built_site, course):
    sheet = course.worksheet("gap-questions")
    for lang in LATIN_SCRIPT:
        text = pdf_text(PdfReader(built_site / "pdf" / f"gap-questions.{lang}.a4.pdf"))
        for question in sheet.fields[0].items:
            assert words(question[lang]) in text, question[lang]
    vi = pdf_text(PdfReader(built_site / "pdf" / "goals.vi.a4.pdf"))
    assert words(course.worksheet("goals").title["vi"]) in vi  # 'tiêu' once came out as 'tiê'


def test_every_write_in_place_is_a_named_form_field(built_site, course):
    for sheet in course.worksheets:
        fields = PdfReader(built_site / "pdf" / f"{sheet.id}.vi.letter.pdf").get_fields()
        names = set(fields)
        assert {f"{sheet.id}.name", f"{sheet.id}.date"} <= names
        for field in sheet.fields:
            base = f"{sheet.id}.{field.id}"
            if field.type in ("lines", "box"):
                assert base in names
            elif field.type == "table":
                assert {f"{base}.r{r}.c{c}" for r in range(1, field.rows + 1)
                        for c in range(1, len(field.columns) + 1)} <= names
            elif field.type in ("checklist", "questions"):
                assert {f"{base}.{i}" for i in range(1, len(field.items) + 1)} <= names
        checkboxes = [f for f in fields.values() if f.get("/FT") == "/Btn"]
        assert len(checkboxes) == sum(len(f.items) for f in sheet.fields
                                      if f.type == "checklist")


def test_pdfs_embed_their_fonts_and_carry_metadata(built_site, course):
    reader = PdfReader(built_site / "pdf" / "network-map.vi.a4.pdf")
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            fonts.append(descendant["/FontDescriptor"])
    assert fonts and all("/FontFile2" in d or "/FontFile3" in d for d in fonts)
    assert reader.metadata.title == course.worksheet("network-map").title["vi"]
    assert reader.metadata.author == course.brand.author == "Network Workbook authors"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "vi"
    assert "/StructTreeRoot" in root  # tagged for screen readers (PDF/UA)


def test_rendering_the_same_input_twice_gives_the_same_bytes(course, tmp_path):
    from conftest import ROOT

    from generator.pdf.documents import _render, jobs
    from generator.render.fonts import pdf_fonts
    from generator.render.pages import make_environment
    from generator.site.generate import cache_dir

    job = jobs(course, make_environment(), pdf_fonts(cache_dir(ROOT)), "https://x.example/")[0]
    scratch = str(tmp_path)
    assert _render(job.html, scratch) == _render(job.html, scratch)


def test_rebuild_without_changes_renders_no_pdf(project, course):
    first = workbook("build", cwd=project)
    assert first.returncode == 0, first.stderr
    again = workbook("build", cwd=project)
    assert f"PDFs: 0 rendered, {len(expected_pdfs(course))} unchanged" in again.stdout


def test_editing_one_worksheet_renders_only_its_pdfs(project, course):
    assert workbook("build", cwd=project).returncode == 0
    sheet = project / "worksheets" / "offer.yml"
    token = uuid.uuid4().hex[:8]  # new text every run: the shared cache cannot have it
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(
        "Think of help,", f"Think of help ({token}),"), encoding="utf-8")
    result = workbook("build", cwd=project)
    # the PDFs that show English text: the English sheet and each bilingual one (every
    # other language with English), and the same for the workshop packs and the
    # handbooks, on 2 papers
    showing_english = 3 * 2 * len(course.language_codes)
    total = len(expected_pdfs(course))
    assert f"PDFs: {showing_english} rendered, {total - showing_english} unchanged" \
        in result.stdout, result.stdout


def test_a_field_hint_shows_on_the_page(project, course):
    sheet = project / "worksheets" / "commitment.yml"
    hint = ("    hint: {en: One goal a line, vi: Mỗi dòng một mục tiêu, "
            "hi: हर पंक्ति में एक लक्ष्य}\n")
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(
        "    lines: 3\n", "    lines: 3\n" + hint, 1), encoding="utf-8")
    assert workbook("build", "--no-pdf", cwd=project).returncode == 0
    for folder, text in (("", "One goal a line"), ("vi", "Mỗi dòng một mục tiêu")):
        html = (project / "site" / folder / "worksheet-commitment.html").read_text("utf-8")
        assert f'<div class="wb-hint">{text}</div>' in html


def test_no_pdf_option_builds_the_site_without_them(project):
    result = workbook("build", "--no-pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "pdf").exists()
    assert (project / "site" / "vi" / "worksheet-goals.html").is_file()
    assert ".pdf" not in (project / "site" / "worksheet-goals.html").read_text("utf-8")


@pytest.mark.parametrize("old, new, message", [
    ("    type: lines\n", "    type: scribble\n",
     "fields[0].type: expected one of lines, box, table, checklist, questions, ring_map, "
     "scale, choice, date, found 'scribble'"),
    ("    lines: 3\n", "    lines: 3\n    colour: red\n", "unknown key 'colour'"),
    ("      vi: Một việc tôi làm trong tuần này\n", "",
     "missing Tiếng Việt (vi) for fields[0].label"),
    ("    lines: 3\n", "    lines: many\n", "fields[0].lines: expected a whole number"),
], ids=["bad-field-type", "unknown-key", "missing-translation", "wrong-type"])
def test_bad_worksheet_yaml_gets_path_line(project, old, new, message):
    path = project / "worksheets" / "commitment.yml"
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    from generator.course.errors import ContentErrors

    with pytest.raises(ContentErrors) as info:
        load_course(project)
    found = [str(e) for e in info.value.errors]
    assert any(re.match(r"^worksheets/commitment\.yml:\d+: ", m) and message in m for m in found), \
        found


# -- In Chromium: what a person printing from the browser gets ---------------------------

@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "vi", "hi"])
def test_printed_worksheet_page_is_the_worksheet_alone(page, server, course, lang):
    prefix = "" if lang == course.default_language.code else f"{lang}/"
    search_label = {"en": "Search", "vi": "Tìm kiếm", "hi": "खोज"}[lang]
    for sheet in course.worksheets:
        page.goto(f"{server}{prefix}worksheet-{sheet.id}.html")
        page.emulate_media(media="print")
        for fmt in ("A4", "Letter"):
            data = page.pdf(format=fmt)
            reader = PdfReader(io.BytesIO(data))
            assert len(reader.pages) <= sheet.pages, (sheet.id, lang, fmt)
            text = words(printed_text(data))
            chrome = [course.labels["print"][lang], course.labels["download_pdf"][lang],
                      course.lessons[0].title[lang], search_label]
            for item in chrome:
                assert words(item) not in text, (sheet.id, fmt, item)
            # the footer on every printed page carries the lesson's address
            lesson = course.lesson_of(sheet)
            assert f"{prefix}{lesson.id}.html" in text.replace(" ", "")
            # Chromium's text layer, like WeasyPrint's, is exact for Latin script only
            if lang in LATIN_SCRIPT:
                assert words(sheet.title[lang]) in text
                assert words(course.title[lang]) in text
        rules = page.eval_on_selector_all(
            ".wb-rule", "els => els.map(e => e.getBoundingClientRect().height)")
        assert all(height >= 8 * MM - 0.5 for height in rules)
        cells = page.eval_on_selector_all(
            ".wb-table td", "els => els.map(e => e.getBoundingClientRect().height)")
        assert all(height >= 10 * MM for height in cells)
        page.emulate_media(media="screen")


@pytest.mark.browser
def test_lesson_links_to_its_worksheet_and_pdfs(page, server, course):
    page.goto(f"{server}vi/step-2-map.html")
    page.click("a[href='worksheet-network-map.html']")
    page.wait_for_load_state("load")
    assert page.inner_text("article h1") == course.worksheet("network-map").title["vi"]
    pdf = page.get_attribute("a[href$='network-map.vi.a4.pdf']", "href")
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + pdf)
    assert response.ok and response.body().startswith(b"%PDF")
    assert page.failed == [] and page.foreign == []

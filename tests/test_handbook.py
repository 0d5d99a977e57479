"""The whole course as one printed book (issue 25), as a reader who keeps or prints the
course checks it: every lesson and worksheet in order, a table of contents whose page
numbers are right, bookmarks, fillable fields named as the single worksheets' are,
tagged, fonts embedded, links inside the book; linked with its size from the home and
worksheets pages; and My workbook printed as the same book with the reader's answers."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from conftest import PUBLIC, ROOT
from pdfcheck import printed_text
from test_pdf_access import struct_elements

from generator.render.sizes import size_text

PAPERS = {"a4": (595, 842), "letter": (612, 792)}


def books(course) -> list[tuple[str, str, str]]:
    """(file name, language, second language) of every handbook promised."""
    default = course.default_language.code
    out = []
    for paper in PAPERS:
        for lang in course.language_codes:
            out.append((f"handbook.{lang}.{paper}.pdf", lang, ""))
            if lang != default:
                out.append((f"handbook.{lang}-{default}.{paper}.pdf", lang, default))
    return out


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pages_text(path: Path) -> list[str]:
    """Poppler's text, page by page (what a viewer's copy-paste gives)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return [clean(page) for page in out.split("\f")[:-1]]


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """(depth, title, page number from 1) of every bookmark, in order."""
    found = []

    def walk(items, depth):
        for item in items:
            dest = item.destination
            if dest is None and item.action is not None:
                dest = item.action.get("/D")
            found.append((depth, str(item.title), pdf.pages.index(pikepdf.Page(dest[0])) + 1))
            walk(item.children, depth + 1)
    with pdf.open_outline() as tree:
        walk(tree.root, 0)
    return found


def expected_order(course, lang: str) -> list[tuple[str, str]]:
    """('lesson' or 'sheet', title) in the order the book must give them."""
    from generator.render.online import sheets_of

    out = []
    for lesson in course.lessons:
        out.append(("lesson", lesson.title[lang]))
        out += [("sheet", sheet.title[lang]) for sheet in sheets_of(course, lesson)]
    return out


def test_every_language_has_its_book_on_both_papers(built_site, course):
    for name, lang, _ in books(course):
        path = built_site / "pdf" / name
        with pikepdf.open(path) as pdf:
            paper = name.split(".")[-2]
            assert tuple(round(float(v)) for v in pdf.pages[0].mediabox[2:]) == PAPERS[paper]
            assert course.title[lang] in str(pdf.docinfo.Title), name
            assert str(pdf.Root.Lang) == lang


@pytest.mark.parametrize("lang", ["en", "vi", "hi"])
def test_lessons_and_worksheets_in_order_with_bookmarks_and_right_page_numbers(
        built_site, course, lang):
    for name, first, second in books(course):
        if first != lang or second and name.endswith(".letter.pdf"):
            continue  # both papers alone, and the bilingual book on A4
        path = built_site / "pdf" / name
        texts = pages_text(path)
        with pikepdf.open(path) as pdf:
            marks = outline(pdf)
        order = expected_order(course, lang)
        # a bookmark for each lesson ("3. Title") and each worksheet after it, nested
        lessons = [m for m in marks if m[0] == 0 and re.match(r"\d+\. ", m[1])]
        assert [m[1] for m in lessons] == [f"{i}. {lesson.title[lang]}"
                                           for i, lesson in enumerate(course.lessons, 1)], name
        sheets = [m for m in marks if m[1].startswith(course.labels["worksheet"][lang] + ": ")]
        assert [m[0] for m in sheets] == [1] * len(sheets)
        in_marks = [("lesson" if m in lessons else "sheet", m[1].split(" ", 1)[1]
                     if m in lessons else m[1].split(": ", 1)[1])
                    for m in marks if m in lessons or m in sheets]
        assert in_marks == order, name
        start = {title: page for (_, title), (_, _, page) in
                 zip(order, [m for m in marks if m in lessons or m in sheets], strict=True)}
        # the text: each title on the page its bookmark names, in course order
        last = 0
        for _, title in order:
            page = start[title]
            assert page >= last and clean(title) in texts[page - 1], (name, title, page)
            last = page
        # the contents: every title with the page it starts on, on its line
        first_lesson = start[course.lessons[0].title[lang]]
        assert clean(course.labels["contents"][lang]) in " ".join(texts[1:first_lesson - 1])
        lines = [clean(line) for line in subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-f", "2", "-l", str(first_lesson - 1),
             str(path), "-"], check=True, capture_output=True, text=True).stdout.splitlines()]
        for _, title in order:
            match = next((m for line in lines if (m := re.search(
                re.escape(clean(title)) + r"[ .]*?(\d+)$", line))), None)
            assert match, (name, title)
            assert int(match.group(1)) == start[title], (name, title, match.group(1))


def test_fields_are_named_as_the_single_worksheets_with_human_names(built_site, course):
    from generator.render.online import reflection_name

    def named(path: Path) -> dict[str, str]:
        with pikepdf.open(path) as pdf:
            return {str(f.T): str(f.get("/TU", "")) for f in pdf.Root.AcroForm.Fields}

    for lang in course.language_codes:
        book = named(built_site / "pdf" / f"handbook.{lang}.a4.pdf")
        sheets: dict[str, str] = {}
        for sheet in course.worksheets:
            sheets.update(named(built_site / "pdf" / f"{sheet.id}.{lang}.a4.pdf"))
        reflections = {reflection_name(lesson.id, i): q[lang] for lesson in course.lessons
                       for i, q in enumerate(lesson.reflection, 1)}
        assert set(book) == set(sheets) | set(reflections), lang
        assert {name: book[name] for name in sheets} == sheets  # the same /TU, too
        assert all(book[name] == text for name, text in reflections.items())
        assert all(human.strip() for human in book.values())


def test_tagged_fonts_embedded_and_the_bilingual_book_tags_its_english(built_site, course):
    for name, _, second in books(course):
        path = built_site / "pdf" / name
        with pikepdf.open(path) as pdf:
            assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root, name
            elements = list(struct_elements(pdf))
            kinds = {str(e.S) for e in elements}
            assert {"/H1", "/H2", "/L", "/LI", "/Table", "/TH"} <= kinds, (name, kinds)
            tagged = {str(e.Lang) for e in elements if "/Lang" in e}
            assert tagged == ({second} if second else set()), (name, tagged)
        listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                                check=True).stdout.splitlines()[2:]
        assert listed and all(line.split()[-5] == "yes" for line in listed), name


def test_links_in_the_book_go_to_its_own_pages(built_site, course):
    """A lesson's link to a worksheet or to another lesson lands on that page of the
    book; the contents' entries too."""
    path = built_site / "pdf" / "handbook.en.a4.pdf"
    with pikepdf.open(path) as pdf:
        marks = {title: page for _, title, page in outline(pdf)}
        inside, outside = [], []
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                action = annot.get("/A")
                dest = annot.get("/Dest") or (action.get("/D") if action is not None else None)
                if action is not None and action.get("/S") == "/URI":
                    outside.append(str(action.URI))
                elif dest is not None:
                    if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                        dest = _named(pdf, str(dest))
                    inside.append((number, pdf.pages.index(pikepdf.Page(dest[0])) + 1))
    entries = len(course.lessons) + len(course.worksheets)
    assert len(inside) > entries  # the contents, and the lessons' own links
    tips = marks[f"{course.lessons.index(course.lesson('tips')) + 1}. "
                 f"{course.lesson('tips').title['en']}"]
    key_points = marks[f"{len(course.lessons)}. {course.lessons[-1].title['en']}"]
    # the last lesson links to tips.md: in the book, the tips lesson's first page
    assert any(src >= key_points and dst == tips for src, dst in inside), inside
    assert all(url.startswith(("https://", "http://", "mailto:")) for url in outside)
    assert "tips.html" not in " ".join(outside) and "worksheet-" not in " ".join(outside)


def _named(pdf: pikepdf.Pdf, name: str):
    """A named destination's array (WeasyPrint may name the anchors it links to)."""
    names = pdf.Root.Names.Dests.Names
    for i in range(0, len(names), 2):
        if str(names[i]) == name:
            return names[i + 1]
    raise KeyError(name)


def test_a_link_to_a_page_not_in_the_book_goes_to_the_public_address(course):
    from generator.render.handbook import book_link

    link = book_link(course, PUBLIC, "vi")
    assert link("my-workbook", "") == f"{PUBLIC}vi/my-workbook.html"
    assert link("step-2-map", "") == "#lesson-step-2-map"
    assert link("worksheet-goals", "") == "#sheet-goals"
    assert book_link(course, None, "en")("my-workbook", "") is None  # no address: text only


def test_the_same_input_renders_the_same_bytes(course):
    from generator.pdf.documents import _render, jobs
    from generator.render.fonts import faces_of, pdf_fonts
    from generator.render.images import print_base
    from generator.render.pages import make_environment
    from generator.site.generate import cache_dir

    cache = cache_dir(ROOT)
    job = next(job for job in jobs(course, make_environment(), pdf_fonts(cache, faces_of(course)),
                                   PUBLIC) if job.name == "handbook.vi.a4.pdf")
    scratch = cache / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    roots = (str(cache),)
    assert _render(job.html, str(scratch), print_base(course), roots) == \
        _render(job.html, str(scratch), print_base(course), roots)


def test_home_and_worksheets_pages_link_the_book_with_its_size(built_site, course):
    for lang, folder in (("en", ""), ("vi", "vi/")):
        for page in ("index.html", "worksheets.html"):
            html = (built_site / folder / page).read_text(encoding="utf-8")
            assert course.labels["download_book"][lang] in html, (lang, page)
            up = "../" if folder else ""
            for name in (f"handbook.{lang}.a4.pdf", f"handbook.{lang}.letter.pdf"):
                size = size_text((built_site / "pdf" / name).stat().st_size, lang)
                assert re.search(rf'href="{re.escape(up)}pdf/{re.escape(name)}">[^<]*'
                                 rf', {re.escape(size)}</a>', html), (lang, page, name, size)
            if lang != course.default_language.code:
                assert f'href="../pdf/handbook.{lang}-en.a4.pdf"' in html


@pytest.mark.browser
def test_my_workbook_prints_as_the_book_with_the_readers_answers(browser, server, course):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{server}worksheet-goals.html")
        page.wait_for_function("() => !!window.Workbook && !!window.Workbook.data")
        page.click("input[name='goals.name']")
        page.keyboard.type("Priya Sharma")
        page.click("input[name='goals.goals-now-give.r1.c1']")
        page.keyboard.type("Find a design mentor")
        lesson = course.lessons[0]
        page.goto(f"{server}{lesson.id}.html")
        page.wait_for_function("() => !!window.Workbook && !!window.Workbook.data")
        page.click(".wb-reflection textarea")
        page.keyboard.type("Tom at the data meetup showed me the shortcut")
        page.wait_for_timeout(700)  # the save waits for a pause in typing
        page.goto(f"{server}my-workbook.html")
        page.wait_for_function("() => !!window.Workbook && !!window.Workbook.data")
        # the browser's print dialog is the reader's; here the page is printed to PDF
        page.evaluate("() => { window.print = () => {}; }")
        page.click("[data-action=print-book]")
        assert page.input_value(".wb-handbook input[name='goals.name']") == "Priya Sharma"
        text = clean(printed_text(page.pdf(format="A4")))
    finally:
        context.close()
    for typed in ("Priya Sharma", "Find a design mentor",
                  "Tom at the data meetup showed me the shortcut"):
        assert typed in text, typed
    # the book itself: its contents, every lesson and worksheet, the questions
    assert course.labels["contents"]["en"] in text
    for _, title in expected_order(course, "en"):
        assert clean(title) in text, title
    assert clean(lesson.reflection[0]["en"]) in text
    assert course.labels["print_book"]["en"] not in text  # the page's own buttons are not

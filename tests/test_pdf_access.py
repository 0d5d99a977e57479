"""Every PDF, as a careful user of forms and a screen reader would check it (pikepdf,
pypdf, poppler): tagged, its language on the document and on the English lines of a
bilingual sheet, a title shown, every field with a human name and a font that types its
language, figures with alt text, header cells with a scope, only the project's fonts,
and Hindi text that copies out as it was written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pdfcheck import pdftotext, sheet_texts, words_right

# the project's faces, and their slanted cut (WeasyPrint slants them for an author's *emphasis*)
PROJECT_FONT = re.compile(r"^/[A-Z]{6}\+Workbook-(Sans|Devanagari)(-Bold)?(-Oblique)?$")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def languages(name: str) -> tuple[str, str]:
    """goals.hi-en.a4.pdf -> ("hi", "en"); goals.vi.a4.pdf -> ("vi", "")."""
    code = name.split(".")[1]
    first, _, second = code.partition("-")
    return first, second


def struct_elements(pdf: pikepdf.Pdf):
    """Every structure element of the tagged PDF, depth first."""
    stack = [pdf.Root.StructTreeRoot]
    seen = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
            continue
        if node.objgen != (0, 0):
            seen.add(node.objgen)
        if node.get("/Type") == "/StructElem":
            yield node
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)


def fields(pdf: pikepdf.Pdf):
    return list(pdf.Root.AcroForm.Fields) if "/AcroForm" in pdf.Root else []


def da_font(pdf: pikepdf.Pdf, field) -> str:
    resource = re.search(r"/(\S+) [\d.]+ Tf", str(field.DA)).group(1)
    return str(pdf.Root.AcroForm.DR.Font[f"/{resource}"].BaseFont)


@pytest.fixture(scope="module")
def pdfs(built_site) -> list[Path]:
    found = sorted((built_site / "pdf").glob("*.pdf"))
    assert len(found) >= 76
    return found


def test_every_pdf_is_tagged_titled_and_in_its_language(pdfs):
    for path in pdfs:
        lang, second = languages(path.name)
        with pikepdf.open(path) as pdf:
            assert pdf.Root.MarkInfo.Marked, path.name
            assert "/StructTreeRoot" in pdf.Root, path.name
            assert str(pdf.Root.Lang) == lang, path.name
            assert pdf.Root.ViewerPreferences.DisplayDocTitle, path.name
            assert str(pdf.docinfo.get("/Title", "")).strip(), path.name
            elements = list(struct_elements(pdf))
            figures = [e for e in elements if e.S == "/Figure"]
            assert all(str(e.get("/Alt", "")).strip() for e in figures), path.name
            headers = [e for e in elements if e.S == "/TH"]
            assert all(e.A.get("/Scope") in ("/Column", "/Row") for e in headers), path.name
            tagged = {str(e.Lang) for e in elements if "/Lang" in e}
            if second:  # the English lines of a bilingual sheet are tagged English
                assert tagged == {second}, (path.name, tagged)
            else:
                assert tagged <= {lang}, (path.name, tagged)


def test_network_map_figures_describe_the_map_in_their_language(pdfs, course):
    for path in (p for p in pdfs if p.name.startswith("network-map.")):
        lang, _ = languages(path.name)
        with pikepdf.open(path) as pdf:
            alts = [str(e.Alt) for e in struct_elements(pdf)
                    if e.S == "/Figure" and "/Alt" in e]
        rings = course.worksheet("network-map").fields[0].items
        assert any(all(ring[lang] in alt for ring in rings) for alt in alts), (path.name, alts)


def test_every_field_has_a_human_name_and_a_font_for_its_language(pdfs, course):
    count = 0
    for path in pdfs:
        lang, _ = languages(path.name)
        with pikepdf.open(path) as pdf:
            for field in fields(pdf):
                name, human = str(field.T), str(field.get("/TU", ""))
                assert human.strip() and human != name and "." not in human.split()[0], \
                    (path.name, name, human)
                letters = [ch for ch in human if ch.isalpha()]
                if lang == "hi":
                    assert any(DEVANAGARI.match(ch) for ch in letters), (path.name, human)
                else:
                    assert not any(DEVANAGARI.match(ch) for ch in letters), (path.name, human)
                if field.FT == "/Tx":
                    face = "Devanagari" if lang == "hi" else "Workbook-Sans"
                    assert face in da_font(pdf, field), (path.name, name, da_font(pdf, field))
                count += 1
    assert count > 4000
    # and the names say what to write: a column and row, a question, a label
    with pikepdf.open(next(p for p in pdfs if p.name == "contact-log.vi.a4.pdf")) as pdf:
        names = {str(f.T): str(f.TU) for f in fields(pdf)}
    column = course.worksheet("contact-log").fields[0].columns[1]["vi"]
    assert names["contact-log.contacts.r3.c2"] == f"{column}, dòng 3"
    assert names["contact-log.name"] == course.labels["name_line"]["vi"]


def test_every_font_is_one_of_the_projects_faces(pdfs):
    for path in pdfs:
        listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                                check=True).stdout.splitlines()[2:]
        names = {"/" + line.split()[0] for line in listed}
        assert names and all(PROJECT_FONT.match(n) for n in names), (path.name, names)
        assert all(line.split()[-5] == "yes" for line in listed), path.name  # embedded


def test_hindi_text_copies_out_as_written(pdfs, course):
    """Poppler's text (a viewer's copy-paste, and what screen readers built on it read)
    gives back every Hindi word of every Hindi worksheet intact, through /ActualText.
    Before it, 67.8% of the words came out intact."""
    for path in (p for p in pdfs if languages(p.name)[0] == "hi"):
        what = path.name.split(".")[0]
        if what in ("facilitator-guide", "slides"):
            expected = [lesson.title["hi"] for lesson in course.lessons]
        elif what.startswith("slides-"):  # a ready plan's deck: the lessons it teaches
            plan = course.plan_by_id(what.removeprefix("slides-"))
            expected = [course.lesson(b.lesson).title["hi"] for b in plan.blocks if b.lesson]
        elif what == "handbook":  # the whole course: its lessons and every worksheet
            expected = [lesson.title["hi"] for lesson in course.lessons]
            expected += [text for sheet in course.worksheets for text in sheet_texts(sheet, "hi")]
        else:
            sheets = course.worksheets if what == "workshop-pack" else [course.worksheet(what)]
            expected = [text for sheet in sheets for text in sheet_texts(sheet, "hi")]
        if what == "slides":
            expected += [o["hi"] for lesson in course.lessons for o in lesson.objectives]
        right, total = words_right(expected, pdftotext(path))
        assert right == total, (path.name, f"{right}/{total}")


def ink(png: Path, box: tuple[int, int, int, int]) -> int:
    """Dark pixels inside ``box`` of a greyscale render."""
    from PIL import Image

    with Image.open(png) as image:
        region = image.convert("L").crop(box)
        return sum(1 for value in region.getdata() if value < 128)


@pytest.mark.parametrize("name, value", [("gap-questions.hi-en.a4.pdf", "प्रिया शर्मा"),
                                         ("gap-questions.hi.letter.pdf", "प्रिया शर्मा"),
                                         ("goals.vi.a4.pdf", "Nguyễn Thị Lan"),
                                         ("goals.en.letter.pdf", "Priya Sharma")])
def test_text_typed_into_a_field_shows_when_rendered(built_site, tmp_path, name, value):
    """Fill the name field as a form program does (pypdf), draw the page with poppler,
    and find ink where the text went. Hindi vanished before the field font was its own."""
    from pypdf import PdfReader, PdfWriter

    source = built_site / "pdf" / name
    writer = PdfWriter(clone_from=PdfReader(source))
    field = f"{name.split('.')[0]}.name"
    page = writer.pages[0]
    rect = next(a.get_object()["/Rect"] for a in page["/Annots"]
                if a.get_object().get("/T") == field)
    writer.update_page_form_field_values(page, {field: value}, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    height = float(page.mediabox.height)
    scale = 100 / 72
    x0, y0, x1, y1 = (float(v) for v in rect)
    box = (int(min(x0, x1) * scale), int((height - max(y0, y1)) * scale),
           int(max(x0, x1) * scale), int((height - min(y0, y1)) * scale))
    for pdf, stem in ((source, "before"), (filled, "after")):
        subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-gray", "-png",
                        "-singlefile", str(pdf), str(tmp_path / stem)], check=True)
    assert ink(tmp_path / "after.png", box) > ink(tmp_path / "before.png", box) + 40

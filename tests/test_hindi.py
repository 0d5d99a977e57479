"""Hindi, the third language: pages, selector, search, PDFs, Devanagari."""

from __future__ import annotations

import difflib
import re
import unicodedata

import pytest
from pypdf import PdfReader
from test_site import page_path, parse, slugs

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def test_every_page_exists_in_hindi_and_its_text_is_hindi(built_site, course):
    for slug in slugs(course):
        page = parse(page_path(built_site, "hi", slug))
        assert page.lang == "hi", slug
        text = "".join(page.text)
        letters = [ch for ch in text if ch.isalpha()]
        share = sum(bool(DEVANAGARI.match(ch)) for ch in letters) / len(letters)
        # an English fallback has next to none; Sources quotes titles in other languages
        assert share > 0.6, (slug, share)
    for lesson in course.lessons:
        text = " ".join(parse(page_path(built_site, "hi", lesson.id)).text)
        assert lesson.title["hi"] in text and lesson.sections[0].heading["hi"] in text


def test_selector_offers_three_languages_by_their_own_names(built_site):
    html = page_path(built_site, "hi", "step-3-offer").read_text(encoding="utf-8")
    names = re.findall(r'hreflang="(\w+)" class="md-select__link">\s*([^<]+?)\s*</a>', html)
    assert names == [("en", "English"), ("vi", "Tiếng Việt"), ("hi", "हिन्दी")]
    assert '<html lang="hi"' in html
    assert 'placeholder="खोज"' in html  # Material's own label, in Hindi


def test_hindi_text_is_nfc(course):
    for lesson in course.lessons:
        for text in (lesson.title["hi"], *(s.body["hi"] for s in lesson.sections)):
            assert unicodedata.normalize("NFC", text) == text


def recovered(title: str, text: str) -> float:
    """How much of ``title`` a copy-paste of the PDF gives back (1.0: all of it)."""
    title = re.sub(r"\s+", "", unicodedata.normalize("NFC", title))
    text = re.sub(r"\s+", "", unicodedata.normalize("NFC", text))
    matcher = difflib.SequenceMatcher(None, title, text, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(title)


def test_every_hindi_pdf_exists_with_devanagari_shaped_by_its_own_font(built_site, course):
    """The PDFs draw Hindi with Noto Sans Devanagari (conjuncts and matras shaped; checked
    by eye on PNG renders). WeasyPrint's text layer maps each glyph to one string, so a
    copy-paste loses some vowel signs: the test asks for most of each title back."""
    names = [f"{s.id}.hi{v}.{p}.pdf" for s in course.worksheets for v in ("", "-en")
             for p in ("a4", "letter")]
    names += [f"workshop-pack.hi{v}.{p}.pdf" for v in ("", "-en") for p in ("a4", "letter")]
    names += [f"facilitator-guide.hi.{p}.pdf" for p in ("a4", "letter")]
    for name in names:
        reader = PdfReader(built_site / "pdf" / name)
        fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
                 for f in page["/Resources"]["/Font"].values()}
        assert any("Devanagari" in f for f in fonts), (name, fonts)
        assert reader.trailer["/Root"]["/Lang"] == "hi"
        text = " ".join(page.extract_text() for page in reader.pages)
        sheets = course.worksheets if not name.startswith("facilitator") else []
        if not name.startswith(("workshop-pack", "facilitator")):
            sheets = [course.worksheet(name.split(".")[0])]
        for sheet in sheets:
            assert recovered(sheet.title["hi"], text) >= 0.8, (name, sheet.title["hi"])
            if "-en." in name:
                assert sheet.title["en"] in re.sub(r"\s+", " ", text)


@pytest.mark.browser
def test_switching_to_hindi_keeps_the_page(page, server, course):
    from test_browser import switch_language

    page.goto(f"{server}vi/worksheet-offer.html")
    switch_language(page, "hi")
    assert page.url == f"{server}hi/worksheet-offer.html"
    assert page.inner_text("article h1") == course.worksheet("offer").title["hi"]


def hindi_texts(root):
    """Every Hindi string in the course's YAML, with the file it comes from."""
    import yaml
    for path in sorted([*root.glob("content/**/*.yml"), *root.glob("worksheets/*.yml")]):
        stack = [yaml.safe_load(path.read_text(encoding="utf-8"))]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("hi"), str):
                    yield path.name, node["hi"]
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)


def test_hindi_spells_loanwords_one_way(course):
    """The nukta policy: ज़ and फ़ for the sounds a reader says (ज़्यादा, फ़ोन, प्रोफ़ेशनल);
    none on क, ख, ग, which everyday Hindi print no longer marks (खबर, खास, वक्त)."""
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    texts = list(hindi_texts(root))
    assert len(texts) > 300
    for name, text in texts:
        text = unicodedata.normalize("NFC", text)
        assert not re.search("[\u0958-\u095a]|[कखग]\u093c", text), (name, text)
        for bare in ("प्रोफेशनल", "फैसिलिटेटर", "फ्रीलांसर", "फ्लिपचार्ट", "फोन", "फायद"):
            assert bare not in text, (name, bare, text)

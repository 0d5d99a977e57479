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


# --- Addressing every reader: no gendered verb forms for "आप", "मैं", "हम" -------------------

DEV = "\u0900-\u097F"
END = f"(?![{DEV}])"  # \b does not work after a vowel sign (a mark, not a word character)
SUBJECT = re.compile(
    rf"(?<![{DEV}])(?<!अपने )(?<!अपने-)(आप|मैं|हम){END}"
    rf"(?!\s+(?:का|के|की|को|से|ने|में|पर|तक){END})")  # "आप के लिए" is not a subject
CLAUSE_END = re.compile(
    rf"[।?!,;:–—\"“”()\[\]\n]|(?<![{DEV}])(?:तो|कि|जो|जब|जहाँ|ताकि|क्योंकि|लेकिन|मगर|बल्कि|वरना"
    rf"|और|जिस[{DEV}]*|जिन[{DEV}]*){END}")
NOT_VERBS = {"दोस्ती", "गलती", "गिनती", "भर्ती", "बस्ती", "रास्ते", "वास्ते", "नाते", "खाते"}
GENDERED = [  # in the clause that follows the subject
    rf"[{DEV}]+(?:ेंगे|ेंगी|एँगे|एँगी|एंगे|एंगी|ोगे|ोगी|ूँगा|ूँगी|ूंगा|ूंगी|ऊँगा|ऊँगी){END}",  # लिखेंगे
    rf"[{DEV}]+(?:ता|ते|ती|तीं)\s+(?:हैं|हूँ|हूं|हो|हों|था|थे|थी|थीं|होंगे|होंगी){END}",  # जानते हैं
    rf"(?<![{DEV}])(?:रहा|रहे|रही|रहीं|चुका|चुके|चुकी|चुकीं|लगा|लगे|लगी|लगीं|जुड़ा|जुड़े|जुड़ी|जुड़ीं"
    rf"|गया|गए|गई|गईं|हुआ|हुए|हुई|हुईं|बैठा|बैठे|बैठी|बैठीं|खड़ा|खड़े|खड़ी|खड़ीं)\s+"
    rf"(?:हैं|हूँ|हूं|हो|हों|था|थे|थी|थीं){END}",  # किस काम पर लगे हैं, जुड़े हैं
    rf"(?<![{DEV}])(?:मिला|मिले|मिलीं|बोला|बोले|बोलीं|गया|गए|गईं|आया|आए|आईं|पहुँचा|पहुँचे|पहुँचीं"
    rf"|था|थे|थीं){END}",  # आप कहाँ मिले, आप बोले
    rf"[{DEV}]+(?:ते|ती)\s+(?:रहें|रहिए|रहिएगा|रहेंगे|रहेंगी){END}",  # आप मदद करते रहिए
]
GENDERED_RE = [re.compile(p) for p in GENDERED]
CLAUSE_FINAL = re.compile(rf"([{DEV}]+(?:ते|ती|तीं))\s*$")  # आप कितनी दूर पहुँच पाते?
ANYWHERE = re.compile(r"खड़[ेी]\s+(?:हो\s+जाइए|होइए|हो\s+जाएँ|हों)")  # use उठिए


def gendered_forms(text: str, first_person: bool = True) -> list[str]:
    """The gendered verb forms a Hindi text uses for its reader: each returned string
    is the clause that gives it away."""
    text = re.sub(r"[ \t]+", " ", unicodedata.normalize("NFC", text).replace("\n", " "))
    found = [m.group(0) for m in ANYWHERE.finditer(text)]
    for subject in SUBJECT.finditer(text):
        if subject.group(1) != "आप" and not first_person:
            continue
        stop = CLAUSE_END.search(text, subject.end())
        clause = text[subject.end(): stop.start() if stop else len(text)]
        final = CLAUSE_FINAL.search(clause)
        if any(p.search(clause) for p in GENDERED_RE) or (
                final and final.group(1) not in NOT_VERBS):
            found.append(subject.group(1) + clause)
    return found


@pytest.mark.parametrize("text", [
    "आप कितनी दूर पहुँच पाते?", "इस पाठ में आप चार तरह की मदद गिना सकेंगे",
    "जब आप अपनी राय रखते हैं, लोग याद रखते हैं।", "खड़े होइए और किसी को ढूँढिए।",
    "क्या आप दोनों लगभग आधा-आधा समय बोले?", "हाल में आप किससे मिले पर संपर्क नहीं किया?",
    "आप समुदाय के समूहों से जुड़े हैं।", "आजकल आप किस काम पर लगे हैं?",
    "आप जितना योगदान देंगे, नेटवर्क उतना लौटाएगा।", "मैं यह काम करना चाहती हूँ",
    "अगर आप भी मदद करते रहें, तो लोग साथ देते हैं।",
])
def test_the_gender_check_catches_the_reviewed_forms(text):
    assert gendered_forms(text), text


@pytest.mark.parametrize("text", [
    "आप लिख सकें कि आपके पास देने को क्या है", "उठिए और किसी को ढूँढिए।",
    "क्या दोनों ने बराबर बात की?", "आपको क्या पाना है?", "मुझे इनमें मदद चाहिए",
    "आप वह लिखिए जो लोग जानते हैं।", "पिछली बार आपने किसी की मदद कब की थी?",
    "अगर आप फ़्रीलांसर हैं, तो उनके बिना काम चलना मुश्किल है।", "आपस में जुड़े हैं",
    "यह कोर्स अपने आप किया जा सकता है।", "आप के लिए यह काम आएगा।", "आप आईटी के लोगों से पूछिए।",
])
def test_the_gender_check_leaves_neutral_forms_alone(text):
    assert not gendered_forms(text), text


def course_hindi_texts(root):
    """Every Hindi text with where it is; a lesson objective is read after the interface's
    lead-in ("इस पाठ में आप"), as the page shows it."""
    import yaml
    lead = yaml.safe_load((root / "content/interface.yml").read_text(encoding="utf-8"))
    lead = lead["objectives"]["hi"]
    for path in sorted([*root.glob("content/**/*.yml"), *root.glob("worksheets/*.yml")]):
        stack = [((), yaml.safe_load(path.read_text(encoding="utf-8")))]
        while stack:
            where, node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("hi"), str):
                    text = node["hi"]
                    if "lessons" in path.parts and where[:1] == ("objectives",):
                        text = f"{lead} {text}"
                    yield path, ".".join(map(str, where)), text
                stack.extend(((*where, k), v) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend(((*where, i), v) for i, v in enumerate(node))


def test_hindi_addresses_every_reader_without_gender():
    """No Hindi text addresses its reader (आप, or the reader's own voice, मैं/हम, on a
    worksheet or in the interface) with a masculine or feminine verb form: the course
    uses forms with no gender (लिखिए, उठिए, "लिख सकें", "आपको क्या पाना है", passives).

    What it checks: in the clause that follows a bare "आप" (not आपको, आपका, "आप के"),
    futures (लिखेंगे, सकेंगी), -ता/-ते/-ती with an auxiliary (जानते हैं), perfect and
    progressive participles with one (लगे हैं, जुड़े हैं), intransitive perfectives (मिले,
    बोले, पहुँचे), a -ते/-ती verb ending the clause (पहुँच पाते?), and "खड़े होइए" anywhere.
    A clause ends at punctuation or a linking word (तो, कि, जो, जब, और, जिस…), so "आप
    लिखिए जो लोग जानते हैं" passes. Lines of dialogue count too: a polite imperative
    ("भेज दीजिए") works there as well. Story characters keep their own gender in the
    lessons, so मैं/हम are checked only on worksheets and interface labels.

    What it cannot catch: a gendered form far from "आप" or after a linking word ("आप जो
    चाहते हैं, वह…"), an implicit subject ("जितना देंगे, उतना पाएँगे" with no आप), a
    subject that is a noun for the reader (प्रतिभागी … जाते हैं), adjectives (आप अकेले
    हैं), and any form outside its lists; a reviewer still reads for those."""
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    failures = []
    for path, where, text in course_hindi_texts(root):
        first_person = path.parent.name == "worksheets" or path.name == "interface.yml"
        for clause in gendered_forms(text, first_person):
            failures.append(f"{path.relative_to(root)} {where}: …{clause[:70]}")
    assert not failures, f"{len(failures)} gendered forms:\n" + "\n".join(failures)

"""A second course, of another subject, in French and Arabic, made as an author would make
it: the engine installed from a wheel (no file of this repository beside it), `workbook
new`, the course's own files laid over the starter, `workbook build`. Its site, PDFs and
slides must carry its own brand and nothing of the course this repository ships."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "balcony-garden"
AUTHOR, LICENCE = "Atelier Vert", "CC BY-SA 4.0"

# This repository's course, in its three languages and in the new course's two: none of
# it may reach another course's pages, PDFs or slides.
OUR_WORDS = [
    r"\bnetworking", r"five steps", r"Network Workbook", r"network-workbook", r"\bHPO\b",
    r"Mind Tools", r"contact log", r"two articles",
    r"mạng lưới", r"kết nối", r"năm bước", r"quan hệ",
    r"नेटवर्क", r"पाँच स्टेप", r"नेटवर्किंग",
    r"réseau", r"cinq étapes", r"شبكة", r"التشبيك", r"خمس خطوات",
]


def run(args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import sys; from generator.cli import main; "
                           "sys.exit(main())", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=1200)


def draw_images(folder: Path) -> None:
    from PIL import Image, ImageDraw

    (folder / "ar").mkdir(parents=True, exist_ok=True)
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        '<circle cx="32" cy="32" r="28" fill="#2e7d32"/><path d="M32 12v40" stroke="#fff" '
        'stroke-width="6"/></svg>\n', encoding="utf-8")
    for path, colour in ((folder / "sun-zones.png", (250, 200, 40)),
                         (folder / "ar" / "sun-zones.png", (40, 160, 220))):
        image = Image.new("RGB", (1600, 1000), "white")
        draw = ImageDraw.Draw(image)
        for i in range(3):
            draw.rectangle([i * 530 + 10, 10, i * 530 + 520, 990], fill=colour)
            colour = tuple(max(0, c - 60) for c in colour)
        image.save(path, optimize=False)


@pytest.fixture(scope="session")
def garden(tmp_path_factory) -> Path:
    """The second course, built by the engine as a wheel installs it."""
    work = tmp_path_factory.mktemp("garden")
    wheel_dir, engine = work / "wheel", work / "engine"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                            "-q", "-w", str(wheel_dir)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    assert "licen" not in built.stderr.lower(), built.stderr  # no setuptools licence warning
    [wheel] = wheel_dir.glob("*.whl")
    zipfile.ZipFile(wheel).extractall(engine)
    env = {**os.environ, "PYTHONPATH": str(engine)}
    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           env=env, capture_output=True, text=True, cwd=work)
    assert where.stdout.startswith(str(engine)), where.stdout  # the wheel's engine, not ours

    made = run(["new", "garden", "--languages", "fr,ar"], work, env)
    assert made.returncode == 0, made.stderr
    root = work / "garden"
    for path in FIXTURE.rglob("*"):
        if path.is_file() and path.name != "README.md":
            target = root / path.relative_to(FIXTURE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    for starter in ("content/lessons", "worksheets", "content/plans"):  # the starter's own
        for path in (root / starter).glob("*.yml"):
            if not (FIXTURE / starter / path.name).exists():
                path.unlink()
    draw_images(root / "content" / "images")
    (root / "node_modules").symlink_to(ROOT / "node_modules")  # `npm ci` in a real course
    checked = run(["check"], root, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = run(["build", "--site-url", "https://garden.example.org/"], root, env)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def texts_of_site(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".js", ".css", ".json", ".xml", ".txt", ".svg"):
            out[str(path.relative_to(site))] = path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True,
                                  text=True).stdout
            out[str(path.relative_to(site))] = text
    return out


def test_nothing_of_this_repository_s_course_reaches_another_course(garden):
    found = []
    for name, text in texts_of_site(garden / "site").items():
        if "LICENSE-" in name:  # the fonts' licences
            continue
        # in code, "network" is the connection ("Network error"); in texts, our subject
        words = OUR_WORDS if name.endswith((".js", ".css")) else [*OUR_WORDS, r"\bnetwork"]
        for word in words:
            for match in re.finditer(word, text, re.IGNORECASE):
                found.append((name, word, text[max(0, match.start() - 40):match.end() + 40]))
    assert not found, found[:20]


def test_the_course_s_brand_is_on_the_site(garden):
    site = garden / "site"
    for page in (site / "index.html", site / "ar" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert f'<meta name="author" content="{AUTHOR}">' in html
        assert 'data-md-color-primary="teal"' in html and 'data-md-color-accent="amber"' in html
        assert re.search(r'<img src="[./]*images/logo\.svg"', html), "no logo in the header"
        assert f"{AUTHOR} · {LICENCE}" in html  # the footer's copyright line
    assert (site / "images" / "logo.svg").is_file()
    assert 'dir="rtl"' in (site / "ar" / "index.html").read_text(encoding="utf-8")


def test_every_pdf_names_the_course_s_author_and_licence(garden):
    pdfs = sorted((garden / "site" / "pdf").glob("*.pdf"))
    assert len(pdfs) > 10
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo.get("/Author")) == AUTHOR, path.name
        text = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True,
                              text=True).stdout
        if not path.name.startswith("slides."):
            assert text.count(LICENCE) >= 1, path.name  # footer (and cover)
    first = garden / "site" / "pdf" / "facilitator-guide.fr.a4.pdf"
    guide = subprocess.run(["pdftotext", "-l", "1", str(first), "-"], capture_output=True,
                           text=True).stdout
    assert f"{AUTHOR} · {LICENCE}" in guide


def test_the_slides_follow_the_course_and_close_with_its_own_words(garden):
    whole = (garden / "site" / "slides" / "deck-fr.html").read_text(encoding="utf-8")
    # the whole course's deck; the plans' agenda and block slides follow it in the file
    html = re.split(r'<section [^>]*data-key="(?:plan|custom)-', whole, maxsplit=1)[0]
    assert 'data-key="plan-saturday-morning.agenda"' in whole
    assert f'<meta name="author" content="{AUTHOR}">' in html
    assert "wb-slide-logo" in html
    sections = re.findall(r'<section class="wb-slide wb-slide-(\w+)"', html)
    assert sections[0] == "title" and sections[-1] == "closing"
    assert "Bonne récolte" in html.rsplit('wb-slide-closing', 1)[1]
    # the rating scale and the choice sit in the first lesson, before the second begins
    order = [m.group(1) for m in re.finditer(r'wb-slide-(objectives|scale|choice)"', html)]
    assert order[:3] == ["objectives", "scale", "choice"], order
    # the lesson with no reflection has no reflection slide: three lessons, two reflections
    assert sections.count("reflection") == 2


def test_three_steps_no_sources_and_a_lesson_without_reflection(garden):
    site = garden / "site"
    assert not (site / "sources.html").exists()
    assert "sources.html" not in (site / "index.html").read_text(encoding="utf-8")
    lesson = (site / "watering.html").read_text(encoding="utf-8")
    assert re.search(r"3/3 · \w+ 3", lesson) or " 3 · " in lesson
    assert "wb-reflection" not in (site / "first-seeds.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_answers_file_names_this_course(garden, browser, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    for name in ("worksheet-watering-log.html", "my-workbook.html"):
        page.goto((garden / "site" / name).as_uri())
        page.wait_for_function("() => !!window.Workbook && !!window.Workbook.data")
        if name.startswith("worksheet"):
            page.fill("textarea[name='watering-log.notes']", "Les radis ont levé.")
            page.wait_for_timeout(600)  # the store writes after a pause in typing
    with page.expect_download() as info:
        page.click("[data-action=export]")
    saved = tmp_path / "answers.json"
    info.value.save_as(saved)
    context.close()
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "balcony-garden-answers" and data["course"] == "balcony-garden"
    assert data["author"] == AUTHOR and data["title"] == "Un potager sur le balcon"
    assert "Les radis ont levé." in json.dumps(data, ensure_ascii=False)


@pytest.mark.browser
def test_the_agenda_fits_a_phone_in_either_language(garden, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    for name in ("plan-saturday-morning.html", "ar/plan-saturday-morning.html"):
        page.goto((garden / "site" / name).as_uri())
        width = page.eval_on_selector(".wb-agenda", "t => t.getBoundingClientRect().right")
        left = page.eval_on_selector(".wb-agenda", "t => t.getBoundingClientRect().left")
        assert left >= 0 and width <= 375, (name, left, width)
    context.close()


def test_arabic_copies_out_of_the_pdfs_as_it_was_written(garden):
    """Arabic letters are drawn in their joined forms, so each run carries its own text,
    in the order it was written (/ActualText): what a copy or a screen reader gets.
    (Poppler's pdftotext reorders right-to-left text itself, so it is not asked.)"""
    title = "حديقة خضار على الشرفة"
    for name in ("workshop-pack.ar.a4.pdf", "facilitator-guide.ar.letter.pdf"):
        with pikepdf.open(garden / "site" / "pdf" / name) as pdf:
            runs = []
            for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
                if operator == pikepdf.Operator("BDC") and isinstance(operands[1],
                                                                     pikepdf.Dictionary):
                    if "/ActualText" in operands[1]:
                        runs.append(str(operands[1].ActualText))
        assert title in runs, (name, runs[:5])


@pytest.mark.browser
def test_the_site_wears_the_course_s_colours_and_logo(garden, browser):
    """What a reader sees: the header in the course's teal, its logo in it."""
    context = browser.new_context(viewport={"width": 1400, "height": 800})
    page = context.new_page()
    for name in ("sun-and-space.html", "ar/sun-and-space.html"):
        page.goto((garden / "site" / name).as_uri())
        page.wait_for_load_state("load")
        colour = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(0, 148, 133)", (name, colour)  # Material's teal
        width = page.eval_on_selector(".md-header .md-logo img", "e => e.naturalWidth")
        assert width > 0, name
    context.close()

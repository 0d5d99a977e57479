"""`workbook new` in the starter's languages: a course with nothing of this one in it,
made and built by an engine with no file of this repository beside it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import yaml
from conftest import ROOT, workbook

from generator.authoring.newcourse import STARTER, starter_languages
from generator.course.shapes import LABEL_KEYS

STARTER_LANGUAGES = ("en", "vi", "hi", "es", "fr", "de", "pt", "id", "zh", "ar", "sw")
# This course's subject, brand and sources, in its languages and the starter's.
THIS_COURSE = ("network", "mạng lưới", "kết nối", "नेटवर्क", "five steps", "5 steps",
               "năm bước", "पाँच", "articles", "mind tools", "people you meet", "contact log",
               "réseau", "netzwerk", "jaringan", "人脉", "网络", "شبكة")
# whole words: Swahili's "mtandaoni" is "online", "mtandao" a network
WORDS = re.compile(r"\b(hpo|log|mtandao)\b")
PLACEHOLDER = re.compile(r"\{\w+\}")


def _course_words(text: str, code: bool = False) -> list[str]:
    """This course's words in ``text``; in ``code`` (the site's own scripts) "network"
    may be the HTTP one, so there only the brand counts."""
    low = text.lower()
    found = [word for word in THIS_COURSE if word in low and not (code and word == "network")]
    if code:
        found += re.findall(r"network[ -]workbook", low)
    return found + WORDS.findall(low)


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> dict[str, str]:
    """The generator package alone in a folder, as pip installs it: no content/, no
    mkdocs.yml, no course of this repository beside it (the npm packages the slides
    use are linked in, as an installed engine has them)."""
    folder = tmp_path_factory.mktemp("engine")
    shutil.copytree(ROOT / "generator", folder / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "node_modules").is_dir():
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    env = {**os.environ, "PYTHONPATH": str(folder)}
    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           env=env, capture_output=True, text=True, cwd=folder.parent)
    assert where.stdout.strip() == str(folder / "generator" / "__init__.py"), where
    return env


def lone(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def test_the_starter_speaks_eleven_languages_in_every_label():
    assert set(STARTER_LANGUAGES) <= starter_languages()
    labels = yaml.safe_load((STARTER / "content/interface.yml").read_text(encoding="utf-8"))
    assert set(LABEL_KEYS) <= set(labels)
    for key in LABEL_KEYS:
        text = labels[key]
        assert set(STARTER_LANGUAGES) <= set(text), key
        wanted = sorted(PLACEHOLDER.findall(text["en"]))
        for code in STARTER_LANGUAGES:
            assert sorted(PLACEHOLDER.findall(text[code])) == wanted, (key, code)
            assert not _course_words(text[code]), (key, code, text[code])


def test_fr_ar_made_and_built_by_a_lone_engine_holds_nothing_of_this_course(tmp_path, engine):
    made = lone(engine, "new", "cours", "--languages", "fr,ar", cwd=tmp_path)
    assert made.returncode == 0 and made.stderr == "", made.stderr
    assert "translations export" not in made.stdout  # the starter has both languages
    course = tmp_path / "built-elsewhere"
    shutil.copytree(tmp_path / "cours", course)
    check = lone(engine, "check", cwd=course)
    assert check.returncode == 0 and "languages fr, ar" in check.stdout, check.stderr
    build = lone(engine, "build", cwd=course)
    assert build.returncode == 0, build.stderr
    site = course / "site"

    texts = {}
    for path in sorted(course.rglob("*")):
        rel = path.relative_to(course).as_posix()
        if rel.startswith(("build/", "site/assets/")) and rel != "site/assets/workbook.js":
            continue  # the generator's work files; Material's and reveal.js's own code
        if path.suffix in (".html", ".json", ".xml", ".yml", ".md", ".js"):
            texts[rel] = path.read_text(encoding="utf-8")
        elif path.suffix == ".pdf":
            texts[rel] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                        text=True, check=True).stdout
    pdfs = [rel for rel in texts if rel.endswith(".pdf")]
    assert len(pdfs) >= 10 and any(".ar." in rel for rel in pdfs)
    assert any(rel.startswith("site/slides/") for rel in texts)
    found = {rel: words for rel, text in texts.items()
             if (words := _course_words(text, code=rel.endswith(".js")))}
    assert found == {}
    assert "Mon cours" in texts["site/index.html"]
    assert "دورتي" in texts["site/ar/index.html"]
    config = texts["mkdocs.yml"]
    assert "generator/" not in config and "plugins:\n  - workbook" in config

    # Arabic reads right to left: the site's pages, the slides, the PDFs
    for page in ("index", "first-lesson", "worksheet-first-sheet"):
        assert '<body dir="rtl"' in texts[f"site/ar/{page}.html"], page
        assert '<body dir="ltr"' in texts[f"site/{page}.html"], page
    decks = {rel: text for rel, text in texts.items() if rel.startswith("site/slides/")}
    assert any('<html lang="ar" dir="rtl">' in text for text in decks.values())
    assert any('<html lang="fr" dir="ltr">' in text for text in decks.values())

    def first_word(pdf: str) -> tuple[float, float]:
        box = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(site / pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        width = float(re.search(r'<page width="([\d.]+)"', box).group(1))
        first = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', box)
        line = [m for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                                       r'xMax="([\d.]+)"', box)
                if m.group(2) == first.group(2)]  # the words of the title's line
        return (min(float(m.group(1)) for m in line) / width,
                max(float(m.group(3)) for m in line) / width)

    for sheet in ("pdf/first-sheet.{}.a4.pdf", "pdf/facilitator-guide.{}.a4.pdf"):
        left, right = first_word(sheet.format("ar"))
        assert left > 0.3 and right > 0.85, (sheet, left, right)  # set against the right
        left, right = first_word(sheet.format("fr"))
        assert left < 0.1 and right < 0.7, (sheet, left, right)


@pytest.mark.parametrize("languages", ["en,es", "de,zh", "pt,id,sw"])
def test_each_starter_language_checks_clean_from_the_first_go(tmp_path, languages):
    made = workbook("new", "c", "--languages", languages, cwd=tmp_path)
    assert made.returncode == 0 and made.stderr == "", made.stderr
    check = workbook("check", cwd=tmp_path / "c")
    assert check.returncode == 0, check.stderr
    assert f"languages {languages.replace(',', ', ')}" in check.stdout
    for path in (tmp_path / "c").rglob("*.yml"):
        assert not _course_words(path.read_text(encoding="utf-8")), path
    if languages == "pt,id,sw":  # Material has no Swahili of its own: the site still builds
        build = workbook("build", "--no-pdf", cwd=tmp_path / "c")
        assert build.returncode == 0, build.stderr
        page = (tmp_path / "c/site/sw/index.html").read_text(encoding="utf-8")
        assert '<html lang="sw"' in page and "Kozi yangu" in page


def test_a_language_the_starter_lacks_is_one_line_at_new_and_at_check(tmp_path):
    made = workbook("new", "c", "--languages", "en,ja", cwd=tmp_path)
    assert made.returncode == 0 and made.stderr == ""
    hint = [line for line in made.stdout.splitlines() if "ja" in line and "po" in line]
    assert len(hint) == 1 and "workbook translations export ja" in hint[0]
    check = workbook("check", cwd=tmp_path / "c")
    assert check.returncode == 1
    lines = check.stderr.splitlines()
    labels = [line for line in lines if line.startswith("content/interface.yml")]
    assert len(labels) == 1 and "translations export ja" in labels[0], labels
    assert f" {len(LABEL_KEYS)} label" in labels[0]  # every label, counted once
    assert len(lines) < 50  # the course's own texts still to write, one line each


def test_po_files_carry_cldr_plural_forms_that_msgfmt_accepts(tmp_path):
    assert workbook("new", "c", "--languages", "en,es,ar,zh", cwd=tmp_path).returncode == 0
    for lang, count in (("es", 2), ("ar", 6), ("zh", 1)):
        result = workbook("translations", "export", lang, cwd=tmp_path / "c")
        assert result.returncode == 0, result.stderr
        po = tmp_path / "c" / "translations" / f"{lang}.po"
        assert polib.pofile(str(po)).metadata["Plural-Forms"].startswith(
            f"nplurals={count}; plural=")
        checked = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_a_code_babel_does_not_know_is_named_with_a_guess_and_the_course_made(tmp_path):
    made = workbook("new", "c", "--languages", "en,sp", cwd=tmp_path)
    assert made.returncode == 0
    assert made.stderr.strip() == ("workbook new: warning: 'sp' is not a language code Babel "
                                   "knows; did you mean es (Spanish)?")
    assert (tmp_path / "c/content/course.yml").is_file()
    assert workbook("new", "d", "--languages", "en,es", cwd=tmp_path).stderr == ""


def test_check_outside_a_course_says_so_in_one_line(tmp_path):
    result = workbook("check", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"workbook check: {tmp_path.resolve()}: not a course: it has no content/course.yml "
        "(start one with `workbook new DIR --languages en`)"]

"""The real course built by ``workbook build``, inspected file by file."""

from __future__ import annotations

import hashlib
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import workbook

VIETNAMESE_MARKS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


class PageParser(HTMLParser):
    """Collects what the tests look at: lang, selector links, loaded resources, text."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.selector: dict[str, str] = {}
        self.resources: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and "md-select__link" in (a.get("class") or ""):
            self.selector[a["hreflang"]] = a["href"]
        if tag in ("script", "img", "iframe", "audio", "video", "source") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("rel") not in ("canonical", "alternate") and a.get("href"):
            self.resources.append(a["href"])
        if tag in ("a", "link", "form") and (a.get("href") or a.get("action")):
            self.links.append(a.get("href") or a.get("action"))
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "article":
            self._in_article += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data):
        if self._in_article and not self._skip:
            self.text.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_path(site: Path, lang: str, slug: str) -> Path:
    return site / ("" if lang == "en" else lang) / f"{slug}.html"


def slugs(course) -> list[str]:
    from generator.course.pagelist import slugs as page_slugs

    return page_slugs(course)


def test_every_page_exists_in_both_languages_with_its_lang(built_site, course):
    for lang in ("en", "vi"):
        for slug in slugs(course):
            page = page_path(built_site, lang, slug)
            assert page.is_file(), page
            assert parse(page).lang == lang, page


def test_language_selector_links_to_the_same_page(built_site, course):
    codes = course.language_codes
    for lang in codes:
        for slug in slugs(course):
            page = page_path(built_site, lang, slug)
            links = parse(page).selector
            assert set(links) == set(codes)
            for other in codes:
                target = urlsplit(urljoin(page.as_uri(), links[other])).path
                assert Path(target) == page_path(built_site, other, slug)


def test_vietnamese_pages_carry_the_vietnamese_text(built_site, course):
    for lesson in course.lessons:
        text = " ".join(parse(page_path(built_site, "vi", lesson.id)).text)
        assert lesson.title["vi"] in text
        assert lesson.title["en"] not in text
        assert lesson.sections[0].heading["vi"] in text
        assert len(VIETNAMESE_MARKS.findall(text)) > 50  # real Vietnamese, not a fallback


def test_lesson_page_has_objectives_body_takeaways_questions(built_site, course):
    lesson = course.lessons[5]
    text = " ".join(parse(page_path(built_site, "en", lesson.id)).text)
    for part in ("In this lesson you will", lesson.objectives[0]["en"],
                 lesson.sections[-1].heading["en"], "Key takeaways", lesson.takeaways[0]["en"],
                 "Think it over", lesson.reflection[0]["en"]):
        assert part in text
    assert text.index("In this lesson you will") < text.index("Key takeaways")


def test_each_step_follows_one_person_through_a_worked_example(built_site, course):
    """A self-learner sees the same person do each of the five steps, in every language."""
    people = {"en": "Maya", "vi": "Minh", "hi": "नेहा"}
    steps = [lesson for lesson in course.lessons if lesson.step]
    assert len(steps) == 5
    for lang, person in people.items():
        for lesson in steps:
            example = [s for s in lesson.sections if person in s.heading[lang]]
            assert len(example) == 1, (lang, lesson.id)
            text = " ".join(parse(page_path(built_site, lang, lesson.id)).text)
            assert example[0].heading[lang] in text, (lang, lesson.id)
            # what they wrote on the worksheet: a list of their entries, in the page
            assert example[0].body[lang].count("\n- ") >= 2 or lesson.step == 4, (lang, lesson.id)


def test_material_labels_are_translated(built_site):
    html = page_path(built_site, "vi", "tips").read_text(encoding="utf-8")
    assert 'placeholder="Tìm kiếm"' in html
    assert "Mục lục" in html  # Material's "Table of contents"


def test_nothing_is_loaded_from_another_host(built_site):
    for page in built_site.rglob("*.html"):
        for url in parse(page).resources:
            assert not urlsplit(url).netloc and not url.startswith("//"), (page, url)
    for sheet in built_site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]*)\)", sheet.read_text(encoding="utf-8")):
            url = url.strip("'\"")
            assert url.startswith("data:") or "//" not in url, (sheet, url)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_no_link_points_to_another_host(built_site):
    """Links stay on the site; only canonical and hreflang URLs name its own site_url."""
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    config = yaml.load((built_site.parent / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=get_yaml_loader())  # MkDocs' own: it knows !!python/name
    own_host = urlsplit(config["site_url"]).netloc
    for page in built_site.rglob("*.html"):
        for url in parse(page).links:
            host = urlsplit(url).netloc
            assert host in ("", own_host), (page, url)


def test_the_web_fonts_cover_every_letter_of_the_course(built_site, course):
    """The cut fonts, together, draw every letter of every language's text, each letter
    from the cut whose unicode-range claims it (what a browser would fetch)."""
    import re

    from fontTools.ttLib import TTFont

    from generator.render.fonts import faces_of, web_cuts

    css = (built_site / "assets" / "fonts.css").read_text("utf-8")
    claimed = {}
    for name, ranges in re.findall(r'url\("fonts/([\w-]+)\.woff2"\).*?unicode-range: ([^;]+);',
                                   css, re.S):
        cmap = TTFont(built_site / "assets" / "fonts" / f"{name}.woff2").getBestCmap()
        for part in ranges.split(","):
            low, _, high = part.strip().removeprefix("U+").partition("-")
            for cp in range(int(low, 16), int(high or low, 16) + 1):
                if "names-" not in name:
                    claimed[cp] = (name, cp in cmap)
    # the cuts of the course's own scripts (no Arabic in this one)
    assert {cut.name for cut in web_cuts(faces_of(course))} <= {n for n, _ in claimed.values()}
    texts = [lesson.title[lang] + " ".join(s.body[lang] for s in lesson.sections)
             for lesson in course.lessons for lang in course.language_codes]
    texts += [label[lang] for label in course.labels.values() for lang in label]
    letters = {ch for text in texts for ch in text if ch.isalpha()}
    for ch in letters:
        assert ord(ch) in claimed and claimed[ord(ch)][1], (ch, claimed.get(ord(ch)))


def test_search_index_per_language(built_site, course):
    en = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    vi = json.loads((built_site / "vi" / "search" / "search_index.json").read_text("utf-8"))
    assert en["config"]["lang"] == ["en"] and vi["config"]["lang"] == ["vi"]
    vi_titles = {doc["title"] for doc in vi["docs"]}
    en_titles = {doc["title"] for doc in en["docs"]}
    for lesson in course.lessons:
        assert lesson.title["vi"] in vi_titles and lesson.title["en"] not in vi_titles
        assert lesson.title["en"] in en_titles and lesson.title["vi"] not in en_titles
    # locations are relative to the language's own folder, so result links resolve
    assert all(not doc["location"].startswith("vi/") for doc in vi["docs"])
    for doc in vi["docs"]:
        assert (built_site / "vi" / doc["location"].split("#")[0] or "index.html").exists()


def test_sitemap_and_404_per_language(built_site, course):
    for lang, folder in (("en", built_site), ("vi", built_site / "vi")):
        xml = (folder / "sitemap.xml").read_text(encoding="utf-8")
        assert xml.count("<url>") == len(slugs(course))
        # alternates are named in each page's head; the sitemap lists the pages alone,
        # as Material's selector fetches every language's sitemap on every page
        assert "hreflang" not in xml and len(xml) < 4000
        page = parse(folder / "404.html")
        assert page.lang == lang
    assert "Không tìm thấy trang" in (built_site / "vi" / "404.html").read_text("utf-8")
    assert "Page not found" in (built_site / "404.html").read_text("utf-8")


def test_sources_page_credits_both_articles(built_site, course):
    for lang in ("en", "vi"):
        text = " ".join(parse(page_path(built_site, lang, "sources")).text)
        for source in course.sources:
            assert source.title in text
            assert source.title_translated[lang] in text
    assert "HPO" in " ".join(parse(page_path(built_site, "en", "sources")).text)


def test_author_text_that_looks_like_html_stays_text(project, tmp_path):
    lesson = project / "content" / "lessons" / "tips.yml"
    text = lesson.read_text(encoding="utf-8")
    text = text.replace("en: Tips for effective networking",
                        'en: "Tips <script>alert(1)</script> {{ 7*7 }}"')
    lesson.write_text(text, encoding="utf-8")
    assert workbook("build", cwd=project).returncode == 0
    page = project / "site" / "tips.html"
    html = page.read_text(encoding="utf-8")
    # the title reads as typed, and no script element carries the author's text
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert "Tips <script>alert(1)</script> {{ 7*7 }}" in unescape(title.group(1))
    assert not re.search(r"<script[^>]*>\s*alert", html)
    # the reader sees exactly what was typed, template syntax included
    assert "Tips <script>alert(1)</script> {{ 7*7 }}" in " ".join(parse(page).text)


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_site_untouched(project):
    assert workbook("build", cwd=project).returncode == 0
    before = tree_hashes(project / "site")
    lesson = project / "content" / "lessons" / "tips.yml"
    lesson.write_text(re.sub(r"(?m)^minutes: \d+", "minutes: x",
                             lesson.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    result = workbook("build", cwd=project)
    assert result.returncode == 1
    assert re.search(r"^content/lessons/tips.yml:\d+: minutes: expected a whole number",
                     result.stderr, re.M)
    assert "Traceback" not in result.stderr
    assert tree_hashes(project / "site") == before


def test_site_build_failure_also_leaves_site_untouched(project):
    assert workbook("build", cwd=project).returncode == 0
    before = tree_hashes(project / "site")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - search\n", "  - no-such-plugin\n"))
    result = workbook("build", cwd=project)
    assert result.returncode == 1
    assert "no-such-plugin" in result.stderr and "Traceback" not in result.stderr
    assert tree_hashes(project / "site") == before
    assert not list(project.glob("site.*"))  # no staging folder is left behind


def test_two_builds_give_the_same_files(project, built_site):
    assert workbook("build", cwd=project).returncode == 0
    assert tree_hashes(project / "site") == tree_hashes(built_site)


def test_two_cold_builds_are_byte_identical_and_leave_no_temporary_files(tmp_path):
    """From empty caches, twice: the same bytes, PDFs and cut fonts included (the cut PDF
    fonts carried the time they were cut), and nothing left in the system's temporary
    folder (WeasyPrint's font folders were left behind by every PDF worker)."""
    import os
    import subprocess
    import sys

    from conftest import copy_project

    sites = []
    for run in ("first", "second"):
        project = copy_project(tmp_path / run / "project")
        temp = tmp_path / run / "tmp"
        temp.mkdir()
        env = {**os.environ, "WORKBOOK_CACHE_DIR": str(tmp_path / run / "cache"),
               "TMPDIR": str(temp)}
        exe = str(Path(sys.executable).with_name("workbook"))
        result = subprocess.run([exe, "build"], cwd=project, env=env, capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr
        assert list(temp.iterdir()) == [], run
        sites.append(tree_hashes(project / "site"))
    assert any(name.endswith(".pdf") for name in sites[0])
    assert sites[0] == sites[1]

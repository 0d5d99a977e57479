"""A course decides its own shape: how many steps, whether it has sources, which lessons
have reflection questions, which labels it needs; its slides follow its own order."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, workbook

from generator.authoring.roundtrip import dump, round_trip
from generator.course.errors import ContentErrors
from generator.course.loader import load_course
from generator.course.shapes import LABELS_WHEN
from generator.render.pages import render_pages
from generator.render.slides import deck


def change(root: Path, rel: str, edit) -> None:
    """Edit a YAML file as data (the course's texts may change; their keys do not)."""
    yaml = round_trip()
    path = root / rel
    data = yaml.load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(dump(yaml, data), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_course(root)
    return [str(e) for e in info.value.errors]


def lesson_files(root: Path) -> list[str]:
    return [f"content/lessons/{p.name}" for p in sorted((root / "content/lessons").glob("*.yml"))]


def test_a_course_numbers_its_own_steps(tmp_path):
    root = copy_project(tmp_path / "p")
    stepped = [rel for rel in lesson_files(root) if "step:" in (root / rel).read_text("utf-8")]
    for n, rel in zip((3, 7, 12, 20, 42), stepped, strict=False):
        change(root, rel, lambda d, n=n: d.__setitem__("step", n))
    course = load_course(root)
    assert sorted(lesson.step for lesson in course.lessons if lesson.step) == [3, 7, 12, 20, 42]
    text = render_pages(course, None, False)[f"{stepped[-1].rsplit('/', 1)[1][:-4]}.md"]
    assert f"{course.labels['step']['en']} 42" in text

    change(root, stepped[0], lambda d: d.__setitem__("step", 7))  # two lessons, one step
    [message] = problems(root)
    assert message.startswith(f"{stepped[1]}:") and "is step 7 already" in message
    assert stepped[0].rsplit("/", 1)[1][:-4] in message  # names the other lesson


def test_a_course_without_sources_or_reflections_needs_neither_nor_their_labels(tmp_path):
    root = copy_project(tmp_path / "p")
    change(root, "content/course.yml", lambda d: d.pop("sources"))
    for rel in lesson_files(root):
        change(root, rel, lambda d: d.pop("reflection", None))
    labels = [*LABELS_WHEN["sources"][0], *LABELS_WHEN["reflection"][0]]
    change(root, "content/interface.yml", lambda d: [d.pop(key) for key in labels])
    course = load_course(root)
    assert course.sources == [] and not any(lesson.reflection for lesson in course.lessons)
    pages = render_pages(course, None, False)
    assert "sources.md" not in pages and "sources.vi.md" not in pages
    assert not any("sources.html" in text for text in pages.values())
    lesson = pages[f"{course.lessons[2].id}.md"]
    assert "wb-reflection" not in lesson and "lesson:" not in lesson.split("wb-done")[0]

    # one lesson asks a reflection question again: its label is needed, said once
    def ask(d):
        d["reflection"] = [{"en": "What now?", "vi": "Giờ thì sao?", "hi": "अब क्या?"}]
    change(root, lesson_files(root)[0], ask)
    [message] = problems(root)
    assert message.startswith("content/interface.yml:")
    assert "reflection" in message and "a lesson has reflection questions" in message


def test_ring_map_labels_are_needed_only_by_a_course_with_a_ring_map(tmp_path):
    root = copy_project(tmp_path / "p")
    change(root, "content/interface.yml", lambda d: [d.pop(k) for k in ("ring_hint", "map_alt")])
    [message] = problems(root)  # this course has a network map: the labels are named
    assert "ring_hint, map_alt" in message and "ring_map field" in message
    for path in (root / "worksheets").glob("*.yml"):
        change(root, f"worksheets/{path.name}", lambda d: d.__setitem__(
            "fields", [f for f in d["fields"] if f["type"] != "ring_map"]
            or [{"id": "notes", "type": "lines", "label": dict(d["title"])}]))
    load_course(root)  # no ring map, no ring labels: nothing to say


def test_a_language_without_labels_is_one_line_that_names_the_po_route(tmp_path):
    root = copy_project(tmp_path / "p")
    for path in (root / "content/interface.yml",):
        yaml = round_trip()
        data = yaml.load(path.read_text(encoding="utf-8"))
        for key in list(data)[:40]:
            data[key].pop("hi")
        path.write_text(dump(yaml, data), encoding="utf-8")
    found = [m for m in problems(root) if m.startswith("content/interface.yml")]
    assert len(found) == 1, found
    assert "40 label(s) have no" in found[0] and "(hi)" in found[0]
    assert "workbook translations export hi" in found[0]


def test_a_text_with_an_unquoted_comma_says_to_quote_it(tmp_path):
    root = copy_project(tmp_path / "p")
    rel = lesson_files(root)[0]
    path = root / rel
    text = path.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("title:"))
    lines = text.splitlines()
    end = line
    while lines[end].startswith("  "):
        end += 1
    lines[line - 1:end] = ["title: {en: Prepare with situation, behaviour, impact, vi: a, hi: b}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [m for m in problems(root) if "behaviour" in m]
    assert len(found) == 1 and found[0].startswith(f"{rel}:{line}:")
    assert "needs quotes" in found[0]


def test_slides_follow_the_course_order_and_close_with_the_course_s_own_words(course):
    for lang in course.language_codes:
        slides = deck(course, lang)
        titles = [s.title for s in slides]
        # no slide repeats the one before it, and the closing is not a lesson's key points
        assert all(a != b for a, b in zip(titles, titles[1:], strict=False)), titles
        closing = slides[-1]
        assert closing.kind == "closing"
        for lesson in course.lessons:
            assert closing.items != [k[lang] for k in lesson.takeaways]
        # a worksheet's questions come right after the slides of the lesson that uses it
        for i, s in enumerate(slides):
            if s.kind != "questions":
                continue
            lesson_of = next(les for les in course.lessons for sheet in course.worksheets
                             if sheet.title[lang] in s.meta and sheet.id in les.worksheets)
            before = [x for x in slides[:i] if x.kind == "objectives"][-1]
            assert before.title.endswith(lesson_of.title[lang]), (s.title, before.title)
        assert sum(s.kind == "questions" for s in slides) == sum(
            f.type == "questions" for sheet in course.worksheets for f in sheet.fields)


def test_the_closing_slide_says_what_the_author_wrote(tmp_path):
    root = copy_project(tmp_path / "p")
    words = {"en": "Go and do it.", "vi": "Hãy bắt tay làm.", "hi": "अब करके देखिए।"}
    change(root, "content/course.yml", lambda d: d.__setitem__("closing", words))
    course = load_course(root)
    assert deck(course, "vi")[-1].items == [words["vi"]]


def test_check_accepts_the_course_s_brand_and_refuses_a_bad_one(tmp_path):
    root = copy_project(tmp_path / "p")

    def brand(d):
        d["author"] = "Jane Doe"
        d["licence"] = "CC BY 4.0"
        d["colours"] = {"primary": "teal", "accent": "amber"}
        d["logo"] = "images/logo.svg"
    change(root, "content/course.yml", brand)
    [message] = problems(root)
    assert "logo: there is no file content/images/logo.svg" in message
    (root / "content/images").mkdir()
    (root / "content/images/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" '
        'height="10"/></svg>', encoding="utf-8")
    course = load_course(root)
    assert (course.brand.author, course.brand.primary) == ("Jane Doe", "teal")
    change(root, "content/course.yml", lambda d: d["colours"].__setitem__("primary", "mauve"))
    change(root, "content/course.yml", lambda d: d.__setitem__("logo", "../mkdocs.yml"))
    found = problems(root)
    assert any("colours.primary: expected one of Material's palette names" in m for m in found)
    assert any("logo: '../mkdocs.yml' is outside" in m for m in found)
    result = workbook("check", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr

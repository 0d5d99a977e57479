"""`workbook new`: a course to start from that checks, builds and helps in the editor."""

from __future__ import annotations

import hashlib
import json

import polib
from conftest import workbook
from jsonschema import Draft7Validator
from test_schemas import course_files, schema_errors
from test_site import page_path, parse

from generator.course import schema


def test_a_new_course_checks_builds_and_names_its_schemas(tmp_path):
    target = tmp_path / "courses" / "my-first"
    result = workbook("new", str(target), "--languages", "en,vi", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "README.md" in result.stdout
    for rel in ("mkdocs.yml", "content/course.yml", "content/interface.yml", "README.md",
                "content/lessons/first-lesson.yml", "worksheets/first-sheet.yml",
                "content/plans/first-session.yml"):
        assert (target / rel).is_file(), rel
    files = list(course_files(target))
    assert len(files) == 5
    for kind, path in files:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == schema.schema_line(
            kind, path.relative_to(target).as_posix())
        assert schema_errors(target, kind, path) == [], path
        assert "hi:" not in text  # only the languages asked for
    text_schema = json.loads((target / "schemas/lesson.schema.json").read_text("utf-8"))
    Draft7Validator.check_schema(text_schema)
    assert text_schema["definitions"]["text"]["required"] == ["en", "vi"]

    check = workbook("check", cwd=target)
    assert check.returncode == 0, check.stderr
    assert "languages en, vi" in check.stdout
    build = workbook("build", cwd=target)
    assert build.returncode == 0, build.stderr
    site = target / "site"
    for lang, title in (("en", "The first lesson"), ("vi", "Bài học đầu tiên")):
        page = parse(page_path(site, lang, "first-lesson"))
        assert page.lang == lang and title in " ".join(page.text)
    assert (site / "pdf" / "first-sheet.en.a4.pdf").is_file()
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "What to edit next" in readme and "workbook translations export vi" in readme


def test_a_language_the_starter_lacks_is_left_for_the_author_then_done_by_po(tmp_path):
    target = tmp_path / "kurs"
    assert workbook("new", str(target), "--languages", "en,ja", cwd=tmp_path).returncode == 0
    course = (target / "content/course.yml").read_text(encoding="utf-8")
    assert "  - code: ja\n    name: 日本語\n" in course
    check = workbook("check", cwd=target)
    assert check.returncode == 1
    lines = check.stderr.splitlines()
    # the interface labels: one line for the language, with the PO route
    labels = [line for line in lines if line.startswith("content/interface.yml:")]
    assert len(labels) == 1 and "日本語 (ja)" in labels[0]
    assert "workbook translations export ja" in labels[0]
    assert "ja" in (target / "README.md").read_text(encoding="utf-8").split("## Build")[1]

    # the translator's route: export, translate every entry, import; then it checks
    assert workbook("translations", "export", "ja", cwd=target).returncode == 0
    po = polib.pofile(str(target / "translations/ja.po"))
    assert po.percent_translated() == 0
    for entry in po:
        entry.msgstr = f"[ja] {entry.msgid}"
    po.save()
    result = workbook("translations", "import", "translations/ja.po", cwd=target)
    assert result.returncode == 0, result.stderr
    assert workbook("check", cwd=target).returncode == 0
    status = workbook("translations", "status", cwd=target)
    assert status.returncode == 0 and status.stdout.split("\n")[1].split()[2:] == ["0", "0"]


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "notes"
    target.mkdir()
    (target / "todo.txt").write_text("mine", encoding="utf-8")
    before = hashlib.sha256((target / "todo.txt").read_bytes()).hexdigest()
    result = workbook("new", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"workbook new: {target}: exists and is not empty: give a new folder"]
    assert sorted(p.name for p in target.iterdir()) == ["todo.txt"]
    assert hashlib.sha256((target / "todo.txt").read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]  # no staging left
    result = workbook("new", str(tmp_path / "x"), "--languages", "en,English", cwd=tmp_path)
    assert result.returncode == 1 and "not a language code" in result.stderr
    assert not (tmp_path / "x").exists()
    # an empty folder is fine
    (tmp_path / "empty").mkdir()
    assert workbook("new", str(tmp_path / "empty"), cwd=tmp_path).returncode == 0

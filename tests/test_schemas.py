"""The JSON Schemas an author's editor checks with: current, true to the real files, and
as strict as `workbook check` on the mistakes an author makes while typing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, workbook
from jsonschema import Draft7Validator

from generator.course import schema
from generator.course.loader import language_codes
from generator.course.shapes import KINDS


def course_files(root: Path):
    for kind, (_, pattern) in KINDS.items():
        for path in sorted(root.glob(pattern)):
            yield kind, path


def schema_errors(root: Path, kind: str, path: Path) -> list[str]:
    validator = Draft7Validator(json.loads(
        (root / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [error.message for error in validator.iter_errors(data)]


def test_the_committed_schemas_are_the_ones_the_model_gives():
    """Run `workbook schemas` after changing shapes.py or the course's languages."""
    expected = schema.rendered(language_codes(ROOT))
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.json")}
    assert on_disk == expected
    for text in expected.values():
        Draft7Validator.check_schema(json.loads(text))


def test_every_course_file_names_its_schema_and_passes_it():
    files = list(course_files(ROOT))
    on_disk = [*(ROOT / "content").rglob("*.yml"), *(ROOT / "worksheets").glob("*.yml")]
    assert sorted(path for _, path in files) == sorted(on_disk)
    for kind, path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == schema.schema_line(kind, path.relative_to(ROOT).as_posix()), path
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target == (ROOT / "schemas" / f"{kind}.schema.json").resolve()
        assert schema_errors(ROOT, kind, path) == [], path


MISTAKES = [  # (file, text in it, the mistake) -- each one `workbook check` reports too
    ("content/lessons/step-1-goals.yml", "minutes: 17\n", "minutes: 17\nminuets: 17\n"),
    ("content/lessons/step-1-goals.yml", "minutes: 17\n", "minutes: seventeen\n"),
    ("content/lessons/step-1-goals.yml",
     "    vi: viết ra điều bạn mong nhận được từ mạng lưới, trước mắt và lâu dài\n", ""),
    ("worksheets/commitment.yml", "    lines: 3\n", "    lines: many\n"),
    ("worksheets/commitment.yml", "    type: lines\n", "    type: essay\n"),
    ("worksheets/commitment.yml", "    lines: 3\n", "    lines: 3\n    rows: 3\n"),
    ("content/plans/session-90.yml", "start: \"09:00\"", "start: \"9 am\""),
    ("content/plans/session-90.yml", "    version: short\n", "    version: brief\n"),
    ("content/interface.yml", "lesson: {en: Lesson, vi: Bài, hi: \"पाठ\"}\n",
     "lesson: {en: Lesson, vi: Bài}\n"),
    ("content/course.yml", "  - code: hi\n", "  - code: Hindi\n"),
]


@pytest.mark.parametrize("rel, old, new", MISTAKES)
def test_the_schema_rejects_what_check_rejects(project, rel, old, new):
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    kind = next(k for k, p in course_files(project) if p == path)
    assert schema_errors(project, kind, path), (rel, new)
    result = workbook("check", cwd=project)
    assert result.returncode == 1 and f"{rel}:" in result.stderr, result.stderr

"""Bad content gets one line per problem, ``path:line: message``, and exit 1."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.course.errors import ContentErrors
from generator.course.loader import load_course

LESSON = "content/lessons/step-1-goals.yml"


def errors_for(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_course(root)
    return [str(e) for e in info.value.errors]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {rel}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_real_course_is_valid(course):
    assert [lang.code for lang in course.languages] == ["en", "vi", "hi"]
    assert len(course.lessons) == 9
    assert course.lessons[0].id == "why-network"


def test_yaml_syntax_error_names_file_and_line(project):
    edit(project, LESSON, "minutes: 17", "minutes: [17")
    [message] = errors_for(project)
    assert message.startswith(f"{LESSON}:")
    assert "YAML syntax error" in message


def test_unknown_key_is_caught(project):
    edit(project, LESSON, "minutes: 17", "minutes: 17\nminuets: 15")
    line = line_of(project, LESSON, "minuets:")
    assert errors_for(project) == [
        f"{LESSON}:{line}: unknown key 'minuets' (expected one of: facilitator, id, minutes, "
        "objectives, reflection, sections, step, summary, takeaways, title, worksheets)"]


def test_missing_translation_names_language_and_field(project):
    from generator.authoring.roundtrip import dump, round_trip

    yaml = round_trip()
    path = project / LESSON
    data = yaml.load(path.read_text(encoding="utf-8"))
    del data["objectives"][1]["vi"]
    path.write_text(dump(yaml, data), encoding="utf-8")
    line = yaml.load(path.read_text(encoding="utf-8"))["objectives"][1].lc.line + 1
    assert errors_for(project) == [f"{LESSON}:{line}: missing Tiếng Việt (vi) for objectives[1]"]


def test_wrong_type_says_expected_and_found(project):
    edit(project, LESSON, "minutes: 17", "minutes: fifteen")
    line = line_of(project, LESSON, "minutes: fifteen")
    assert errors_for(project) == [f"{LESSON}:{line}: minutes: expected a whole number, "
                                   "found text"]


def test_duplicate_lesson_id(project):
    edit(project, "content/lessons/tips.yml", "id: tips", "id: step-1-goals")
    messages = errors_for(project)
    assert ("content/lessons/tips.yml:2: duplicate lesson id 'step-1-goals' "
            f"(also in {LESSON})") in messages


def test_broken_lesson_reference(project):
    edit(project, "content/course.yml", "  - key-points\n", "  - key-point\n")
    line = line_of(project, "content/course.yml", "- key-point")
    messages = errors_for(project)
    assert f"content/course.yml:{line}: lessons[8]: no lesson has the id 'key-point'" in messages
    # the lesson file that is now left out is named as well
    assert any(m.startswith("content/lessons/key-points.yml:2: lesson 'key-points' is not in")
               for m in messages)


def test_broken_worksheet_reference(project):
    edit(project, LESSON, "worksheets: [goals]", "worksheets: [goal]")
    line = line_of(project, LESSON, "worksheets: [goal]")
    messages = errors_for(project)
    assert f"{LESSON}:{line}: worksheets[0]: no worksheet has the id 'goal'" in messages
    # and the worksheet nobody uses any more is named too
    assert "worksheets/goals.yml:2: worksheet 'goals' is not used by any lesson" in messages


def test_worksheets_come_in_course_order(course):
    assert [sheet.id for sheet in course.worksheets] == [
        "groups", "goals", "network-map", "offer", "gap-questions", "action-plan", "contact-log",
        "commitment"]
    assert course.lesson_of(course.worksheet("contact-log")).id == "tips"


def test_duplicate_key_is_not_silently_dropped(project):
    edit(project, LESSON, "minutes: 17", "minutes: 17\nminutes: 20")
    line = line_of(project, LESSON, "minutes: 20")
    assert errors_for(project) == [f"{LESSON}:{line}: duplicate key 'minutes'"]


def test_every_problem_is_reported_in_one_run(project):
    edit(project, LESSON, "minutes: 17", "minutes: -3")
    edit(project, "content/lessons/tips.yml", "id: tips", "id: Tips!")
    edit(project, "content/interface.yml", 'step: {en: Step, vi: Bước, hi: "स्टेप"}',
         "step: {en: Step}")
    messages = errors_for(project)
    assert len(messages) >= 3
    assert {m.split(":")[0] for m in messages} >= {
        LESSON, "content/lessons/tips.yml", "content/interface.yml"}


@pytest.mark.parametrize("payload, expected", [
    ("!!python/object/apply:os.system ['echo hi']", "unsupported YAML tag"),
    ("\xff\xfe binary", "not UTF-8 text"),
    ("", "expected a mapping, found nothing"),
    ("id: tips\nminutes: 1\x00\n", "2: character U+0000 is not allowed in YAML"),
], ids=["python-tag", "binary", "empty", "nul-byte"])
def test_unsafe_or_empty_files_are_refused(project, payload, expected):
    path = project / LESSON
    path.write_bytes(payload.encode("latin-1") if "\xff" in payload else payload.encode())
    messages = errors_for(project)
    assert any(m.startswith(f"{LESSON}:") and expected in m for m in messages), messages


def test_alias_bomb_is_refused_quickly(project):
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    (project / LESSON).write_text("\n".join(bomb) + "\n", encoding="utf-8")
    started = time.perf_counter()
    messages = errors_for(project)
    assert time.perf_counter() - started < 5
    assert any("too many values" in m for m in messages)


def test_decomposed_vietnamese_is_flagged(project):
    decomposed = "Bu\u031bo\u031b\u0301c 1"  # 'Bước 1' with combining marks
    from generator.authoring.roundtrip import dump, round_trip

    yaml = round_trip()
    path = project / LESSON
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["title"]["vi"] = decomposed
    path.write_text(dump(yaml, data), encoding="utf-8")
    [message] = errors_for(project)
    assert "title.vi: not in Unicode NFC form" in message


def test_id_that_would_escape_the_site_is_rejected(project):
    edit(project, "content/lessons/tips.yml", "id: tips", "id: ../../etc")
    messages = errors_for(project)
    assert any("'../../etc' is not a valid id" in m for m in messages)


def test_check_command_prints_path_line_and_exits_1(project, capsys):
    edit(project, LESSON, "minutes: 17", "minutes: [17")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^{re.escape(LESSON)}:\d+: YAML syntax error", err, re.M)
    assert "Traceback" not in err


def test_check_command_passes_on_the_real_course(project, capsys):
    assert main(["check", "--root", str(project)]) == 0
    assert "9 lessons" in capsys.readouterr().out


def test_usage_error_is_one_line_and_non_zero(capsys):
    with pytest.raises(SystemExit) as info:
        main(["bild"])
    assert info.value.code == 2
    assert "invalid choice: 'bild'" in capsys.readouterr().err

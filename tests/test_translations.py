"""Translators' PO files: export and import without a diff, fuzzy entries when the
source changes, a translation landing in its field, and bad files changing nothing."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from conftest import workbook

from generator.course.loader import load_course


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("content", "worksheets", "translations")
            for p in sorted((root / folder).rglob("*")) if p.is_file()}


def texts_in(root: Path) -> int:
    """How many texts the course has: each a mapping of exactly its languages. Counted
    here from the YAML alone, apart from the exporter's own walk."""
    import yaml

    codes = {lang["code"] for lang in yaml.safe_load(
        (root / "content" / "course.yml").read_text(encoding="utf-8"))["languages"]}

    def count(value) -> int:
        if isinstance(value, dict):
            return 1 if set(value) == codes else sum(count(v) for v in value.values())
        return sum(count(v) for v in value) if isinstance(value, list) else 0

    files = [*(root / "content").rglob("*.yml"), *(root / "worksheets").glob("*.yml")]
    return sum(count(yaml.safe_load(f.read_text(encoding="utf-8"))) for f in files)


N = texts_in(Path(__file__).resolve().parent.parent)


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return workbook("translations", *args, cwd=project)


@pytest.mark.parametrize("lang", ["vi", "hi"])
def test_export_and_import_unchanged_give_no_diff(project, tmp_path, lang):
    before = tree(project)
    out = tmp_path / f"{lang}.po"
    result = run(project, "export", lang, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{N} translated, 0 missing, 0 fuzzy" in result.stdout
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)],
                             capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr
    po = polib.pofile(str(out))
    assert po.metadata["Language"] == lang and len(po) == N
    with out.open("rb") as handle:  # a second, strict reader, as translation platforms use
        strict = read_po(handle, abort_invalid=True)
    assert len([m for m in strict if m.id]) == N and str(strict.locale) == lang
    title = next(e for e in po if e.msgctxt == "content/lessons/tips.yml:title")
    assert title.msgid == "Tips for effective networking" and title.msgstr
    lines = (project / "content/lessons/tips.yml").read_text(encoding="utf-8").split("\n")
    assert title.occurrences == [("content/lessons/tips.yml", str(lines.index("title:") + 1))]
    result = run(project, "import", str(out))
    assert result.returncode == 0 and "0 translation(s) written" in result.stdout
    assert tree(project) == before
    # and a second export gives the same bytes
    again = tmp_path / "again.po"
    run(project, "export", lang, "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_the_real_course_is_fully_translated(project):
    result = run(project, "status")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split("\n")[1].split() == ["vi", str(N), "0", "0"]


OLD = "  - en: Give at least as much as you take.\n"
NEW = "  - en: Give at least as much as you receive.\n"
CONTEXT = "content/lessons/tips.yml:takeaways[0]"


def test_a_changed_source_makes_the_entry_fuzzy_until_a_translator_clears_it(project):
    lesson = project / "content/lessons/tips.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    result = run(project, "export", "vi")
    assert f"{N - 1} translated, 0 missing, 1 fuzzy" in result.stdout
    po = polib.pofile(str(project / "translations/vi.po"))
    [entry] = [e for e in po if e.fuzzy]
    assert entry.msgctxt == CONTEXT
    assert entry.previous_msgid == "Give at least as much as you take."
    with (project / "translations/vi.po").open("rb") as handle:
        [strict] = [m for m in read_po(handle, abort_invalid=True) if m.fuzzy and m.id]
    assert strict.context == CONTEXT
    assert entry.msgid == "Give at least as much as you receive."
    status = run(project, "status")
    assert status.returncode == 1 and "incomplete: vi, hi" in status.stderr
    assert status.stdout.split("\n")[1].split() == ["vi", str(N - 1), "0", "1"]

    # a translator edits the text but leaves the mark: nothing is imported
    entry.msgstr = "Hãy cho đi ít nhất bằng những gì bạn nhận về."
    po.save()
    before = tree(project)
    result = run(project, "import", str(project / "translations/vi.po"))
    assert result.returncode == 0 and "1 fuzzy" in result.stdout
    assert tree(project) == before
    # cleared: it lands, and the entry is no longer fuzzy
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    po.save()
    result = run(project, "import", str(project / "translations/vi.po"))
    assert "1 translation(s) written to 1 file(s)" in result.stdout
    assert "    vi: Hãy cho đi ít nhất bằng những gì bạn nhận về.\n" in lesson.read_text(
        encoding="utf-8")
    assert run(project, "status").stdout.split("\n")[1].split() == ["vi", str(N), "0", "0"]


def test_a_fuzzy_mark_cleared_with_the_text_kept_stays_cleared(project):
    lesson = project / "content/lessons/tips.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    run(project, "export", "vi")
    po = polib.pofile(str(project / "translations/vi.po"))
    [entry] = [e for e in po if e.fuzzy]
    entry.flags.remove("fuzzy")  # the translator finds the Vietnamese still right
    po.save()
    yaml_before = {k: v for k, v in tree(project).items() if not k.startswith("translations/")}
    result = run(project, "import", str(project / "translations/vi.po"))
    assert "0 translation(s) written" in result.stdout
    assert {k: v for k, v in tree(project).items()
            if not k.startswith("translations/")} == yaml_before
    assert run(project, "status").stdout.split("\n")[1].split() == ["vi", str(N), "0", "0"]
    assert "1 fuzzy" not in run(project, "export", "vi").stdout


def test_an_entry_whose_source_changed_after_export_is_left_out(project, tmp_path):
    out = tmp_path / "vi.po"
    run(project, "export", "vi", "-o", str(out))
    lesson = project / "content/lessons/tips.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    po = polib.pofile(str(out))
    entry = next(e for e in po if e.msgctxt == CONTEXT)
    entry.msgstr = "Một bản dịch của câu cũ."  # translated from the old English
    po.save()
    before = tree(project)
    result = run(project, "import", str(out))
    assert result.returncode == 0 and "1 entr(ies) left out" in result.stdout, result.stdout
    assert tree(project) == before


def test_a_missing_translation_lands_in_its_field_and_nowhere_else(project, tmp_path):
    rel = "content/lessons/step-1-goals.yml"
    path = project / rel
    import yaml

    original = path.read_text(encoding="utf-8")
    value = yaml.safe_load(original)["objectives"][1]["vi"]
    line = next(row for row in original.splitlines(keepends=True)
                if row.lstrip().startswith("vi:") and value in row)
    path.write_text(original.replace(line, ""), encoding="utf-8")
    others = {k: v for k, v in tree(project).items() if k != rel}
    out = tmp_path / "vi.po"
    assert f"{N - 1} translated, 1 missing" in run(project, "export", "vi", "-o", str(out)).stdout
    po = polib.pofile(str(out))
    [entry] = [e for e in po if not e.msgstr]
    assert entry.msgctxt == f"{rel}:objectives[1]"
    entry.msgstr = value
    po.save()
    assert "1 translation(s) written" in run(project, "import", str(out)).stdout
    # the file is back byte for byte: the key in its place, between en and hi
    assert path.read_text(encoding="utf-8") == original
    assert {k: v for k, v in tree(project).items() if k != rel} == others
    lesson = next(les for les in load_course(project).lessons if les.id == "step-1-goals")
    assert lesson.objectives[1]["vi"] == entry.msgstr


def bad_files(good: str) -> dict[str, tuple[str, int, str]]:
    """A PO file's mistakes: (its text, the line named, words of the message)."""
    lines = good.split("\n")
    tips = next(i for i, s in enumerate(lines) if s == f'msgctxt "{CONTEXT}"') + 1
    starts = tips - 1  # the entry starts at its "#:" line
    return {
        "syntax": (good.replace(f'msgctxt "{CONTEXT}"', f'msgctxt "{CONTEXT}', 1), tips,
                   "PO syntax error"),
        "unknown context": (good.replace(CONTEXT, "content/lessons/tips.yml:takeaways[9]"),
                            starts, "unknown context"),
        "wrong language": (good.replace('"Language: vi\\n"', '"Language: fr\\n"'), 1,
                           "Language 'fr'"),
        "source language": (good.replace('"Language: vi\\n"', '"Language: en\\n"'), 1,
                            "Language 'en'"),
        "no language": (good.replace('"Language: vi\\n"\n', ""), 1, "Language ''"),
        "twice": (good + f'\nmsgctxt "{CONTEXT}"\nmsgid "x"\nmsgstr "y"\n', 0, "twice"),
        "not text": (None, 1, "not UTF-8"),
        "control character": (good.replace("Một bản dịch khác.", "Một bản\x01dịch khác."),
                              starts, "U+0001"),
    }


@pytest.mark.parametrize("case", ["syntax", "unknown context", "wrong language",
                                  "source language", "no language", "twice", "not text",
                                  "control character"])
def test_a_bad_po_file_gets_file_line_message_and_changes_nothing(project, tmp_path, case):
    good = tmp_path / "good.po"
    run(project, "export", "vi", "-o", str(good))
    text = good.read_text(encoding="utf-8")
    text = text.replace('msgstr "Hãy cho đi ít nhất bằng những gì bạn nhận."',
                        'msgstr "Một bản dịch khác."')  # a real change the import would make
    assert "Một bản dịch khác." in text
    bad, line, words = bad_files(text)[case]
    path = tmp_path / "bad.po"
    if bad is None:
        path.write_bytes(b"\x00\xff" * 100)  # not a text file at all
    else:
        path.write_text(bad, encoding="utf-8")
    before = tree(project)
    result = run(project, "import", str(path))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:") and words in first, first
    if line:
        assert first.startswith(f"{path}:{line}:"), first
    assert tree(project) == before


def test_export_refuses_the_default_and_unknown_languages(project):
    for lang, words in (("en", "default language"), ("fr", "not a language of this course")):
        result = run(project, "export", lang)
        assert result.returncode == 1 and words in result.stderr, result.stderr
    assert not (project / "translations/en.po").exists()


def test_msgfmt_is_there():
    assert shutil.which("msgfmt"), "make test installs Debian's gettext"


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from generator.authoring.translations import import_file  # noqa: E402
from generator.course.errors import ContentError, ContentErrors  # noqa: E402


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40),
                               st.sampled_from(["", '"', "\n", "\\", "#", "msgid ", "\x00",
                                                "msgctxt \"x\"\n", "é"])),
                     min_size=1, max_size=4))
def test_a_mangled_po_file_is_imported_or_refused_never_half_written(project, tmp_path, cuts):
    """Random edits of a real export: each import either succeeds or is refused with
    file:line errors, and a refused one leaves every course file as it was."""
    good = tmp_path / "vi.po"
    if not good.exists():
        run(project, "export", "vi", "-o", str(good))
    text = good.read_text(encoding="utf-8")
    for where, length, insert in cuts:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + length:]
    bad = tmp_path / "mangled.po"
    bad.write_text(text, encoding="utf-8")
    before = tree(project)
    try:
        import_file(project, bad)
    except ContentErrors as exc:
        assert all(e.path == str(bad) for e in exc.errors), exc
        assert tree(project) == before
    except ContentError as exc:
        assert tree(project) == before, exc
    else:
        load_course(project)  # what was written still makes a valid course


def test_every_course_file_survives_the_round_trip_byte_for_byte():
    """What lets an import change only the values it sets."""
    from conftest import ROOT

    from generator.authoring.roundtrip import dump, round_trip
    from generator.authoring.translations import course_files

    files = course_files(ROOT)
    on_disk = [*(ROOT / "content").rglob("*.yml"), *(ROOT / "worksheets").glob("*.yml")]
    assert sorted(path for _, path in files) == sorted(on_disk)
    for _, path in files:
        text = path.read_text(encoding="utf-8")
        yaml = round_trip()
        assert dump(yaml, yaml.load(text)) == text, path

"""Adding a language is data: no change to the generator, only YAML."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import workbook

from generator.cli import main


def add_language(value, code: str):
    """Every per-language text gets a ``code`` entry: the English text, marked."""
    if isinstance(value, dict):
        out = {k: add_language(v, code) for k, v in value.items()}
        if {"en", "vi"} <= value.keys() and isinstance(value["en"], str):
            out[code] = f"[{code}] {value['en']}"
        return out
    if isinstance(value, list):
        return [add_language(v, code) for v in value]
    return value


def course_with_language(project: Path, code: str, name: str, translate: bool) -> None:
    course_file = project / "content" / "course.yml"
    course = yaml.safe_load(course_file.read_text(encoding="utf-8"))
    course["languages"].append({"code": code, "name": name})
    if translate:
        files = [*(project / "content").rglob("*.yml"), *(project / "worksheets").glob("*.yml")]
        for path in files:
            data = course if path == course_file else yaml.safe_load(path.read_text("utf-8"))
            path.write_text(yaml.safe_dump(add_language(data, code), allow_unicode=True),
                            encoding="utf-8")
    else:
        course_file.write_text(yaml.safe_dump(course, allow_unicode=True), encoding="utf-8")


def test_check_names_every_field_that_lacks_a_new_language(project, capsys):
    course_with_language(project, "fr", "Français", translate=False)
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "content/lessons/tips.yml:" in err and "missing Français (fr) for title" in err
    # the interface labels: one line for the language, naming the PO route
    [labels] = [line for line in err.splitlines() if line.startswith("content/interface.yml:")]
    assert "have no Français (fr) text" in labels
    assert "workbook translations export fr" in labels
    missing = [line for line in err.splitlines() if "missing Français (fr)" in line]
    assert len(missing) > 100  # every field of every other file, not just the first


def test_a_third_language_builds_with_its_own_pages_and_index(project):
    course_with_language(project, "fr", "Français", translate=True)
    result = workbook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = (site / "fr" / "tips.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page
    assert "[fr] Tips for effective networking" in page
    for lang in ("en", "vi", "fr"):
        assert f'hreflang="{lang}" class="md-select__link"' in page
    assert (site / "fr" / "search" / "search_index.json").is_file()
    assert (site / "fr" / "sitemap.xml").is_file() and (site / "fr" / "404.html").is_file()

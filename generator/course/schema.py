"""JSON Schemas for the course files, made from shapes.py, for authors' editors.

A schema names the course's own languages (a text must give each of them), so each
course has its own schemas/ folder; `workbook schemas` writes it and a test keeps this
project's current. Editors read them through the yaml-language-server line that starts
every course file.
"""

from __future__ import annotations

import json
from pathlib import Path

from .shapes import (
    CLOCK,
    KINDS,
    LANGUAGE_CODE,
    RESERVED_IDS,
    SLUG,
    SLUG_MAX,
    ByType,
    Choice,
    Clock,
    Flag,
    LanguageCode,
    ListOf,
    Plain,
    Record,
    Slug,
    Text,
    Whole,
)

FOLDER = "schemas"
DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft the YAML language server reads


def schema_line(kind: str, file: str) -> str:
    """The first line of a course file of this kind at ``file`` (relative to the course)."""
    up = "../" * file.count("/")
    return f"# yaml-language-server: $schema={up}{FOLDER}/{kind}.schema.json"


def _value(kind: object) -> dict:
    if isinstance(kind, Text):
        return {"$ref": "#/definitions/markdown" if kind.markdown else "#/definitions/text"}
    if isinstance(kind, Plain):
        return {"$ref": "#/definitions/words"}
    if isinstance(kind, Whole):
        return {"type": "integer", "minimum": kind.low, "maximum": kind.high}
    if isinstance(kind, Slug):
        return {"type": "string", "pattern": SLUG.pattern, "maxLength": SLUG_MAX,
                "not": {"enum": list(RESERVED_IDS)},
                "description": "An id: lowercase letters, digits and single hyphens."}
    if isinstance(kind, LanguageCode):
        return {"type": "string", "pattern": LANGUAGE_CODE.pattern,
                "description": "A language code such as en, vi or pt-BR."}
    if isinstance(kind, Clock):
        return {"type": "string", "pattern": CLOCK.pattern, "description": "A time, as \"09:00\"."}
    if isinstance(kind, Flag):
        return {"type": "boolean"}
    if isinstance(kind, Choice):
        return {"enum": list(kind.options)}
    if isinstance(kind, ListOf):
        return {"type": "array", "items": _value(kind.item), "minItems": kind.minimum}
    if isinstance(kind, Record):
        return _record(kind)
    if isinstance(kind, ByType):
        return {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": list(kind.variants)}},
            "allOf": [{"if": {"properties": {"type": {"const": name}}}, "then": _record(shape)}
                      for name, shape in kind.variants.items()],
        }
    raise TypeError(f"no schema for {kind!r}")


def _record(shape: Record) -> dict:
    keys = {**shape.required, **shape.optional}
    return {
        "type": "object",
        "properties": {key: _value(keys[key]) for key in sorted(keys)},
        "required": sorted(shape.required),
        "additionalProperties": False,
    }


def schema(kind: str, languages: list[str]) -> dict:
    """The JSON Schema of one kind of course file, for a course in these languages."""
    shape, _ = KINDS[kind]
    words = {"type": ["string", "number"], "minLength": 1, "pattern": r"\S"}
    per_language = {
        "type": "object",
        "properties": {code: {"$ref": "#/definitions/words"} for code in languages},
        "required": list(languages),
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "title": f"Course {kind} file (workbook generator)",
        "definitions": {
            "words": words,
            "text": {**per_language, "description": f"A text in each language: "
                     f"{', '.join(languages)}."},
            "markdown": {**per_language, "description": "Markdown, in each language: "
                         f"{', '.join(languages)}."},
        },
        **_record(shape),
    }


def rendered(languages: list[str]) -> dict[str, str]:
    """Each schema file's name and text, byte for byte as `workbook schemas` writes it."""
    return {f"{kind}.schema.json": json.dumps(schema(kind, languages), ensure_ascii=False,
                                              indent=2) + "\n"
            for kind in KINDS}


def write(root: Path, languages: list[str]) -> list[Path]:
    """Write the schemas/ folder of the course at ``root``; return the files changed."""
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    changed = []
    for name, text in rendered(languages).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed

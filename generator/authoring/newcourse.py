"""`workbook new`: a small working course to start from, in the languages asked for.

The starter files (generator/authoring/starter/) carry their texts in every language the project
writes; each text keeps the chosen languages only, and a language the project has no
text for is left for the author, which `workbook check` then names. The interface labels
and the site configuration come from this project's own files, so they stay current.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..course import schema
from ..course.errors import ContentError
from ..course.shapes import KINDS, LANGUAGE_CODE
from .roundtrip import dump, round_trip
from .translations import walk_texts

STARTER = Path(__file__).resolve().parent / "starter"
PROJECT = Path(__file__).resolve().parents[2]  # this project: labels and site config


def language_name(code: str) -> str:
    """A language's name in itself (Babel's CLDR data): Tiếng Việt, हिन्दी, français."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name() or code
    except (ValueError, UnknownLocaleError):
        return code


def _keep_languages(data: object, shape: object, codes: list[str]) -> None:
    """Each text keeps the chosen languages, in the chosen order; the others go."""
    for _, _, text in walk_texts(data, shape):
        given = {code: text[code] for code in codes if code in text}
        for key in list(text):
            del text[key]
        for i, (code, value) in enumerate(given.items()):
            text.insert(i, code, value)


def starter_files(codes: list[str], name: str) -> dict[str, str]:
    """The new course's files, {relative path: text}."""
    yaml = round_trip()
    files: dict[str, str] = {}
    missing: set[str] = set()  # languages this project has no texts in
    for kind, (shape, pattern) in KINDS.items():
        base = PROJECT if kind == "interface" else STARTER  # the labels: this project's own
        for path in sorted(base.glob(pattern)):
            data = yaml.load(path.read_text(encoding="utf-8"))
            _keep_languages(data, shape, codes)
            missing.update(code for _, _, text in walk_texts(data, shape)
                           for code in codes if code not in text)
            if kind == "course":
                data["id"] = name
                languages = CommentedSeq()
                for code in codes:
                    entry = CommentedMap()
                    entry["code"], entry["name"] = code, language_name(code)
                    languages.append(entry)
                data["languages"] = languages
            files[path.relative_to(base).as_posix()] = dump(yaml, data)
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_name: .*$", f"site_name: {name}", config, count=1)
    config = re.sub(r"(?m)^  language: \S+$", f"  language: {codes[0]}", config, count=1)
    files["mkdocs.yml"] = config
    files[".gitignore"] = (STARTER / "gitignore").read_text(encoding="utf-8")
    env = Environment(loader=FileSystemLoader(STARTER), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    files["README.md"] = env.get_template("README.md.j2").render(
        title=name, languages=codes, missing=[c for c in codes if c in missing])
    for rel, text in schema.rendered(codes).items():
        files[f"{schema.FOLDER}/{rel}"] = text
    return files


def parse_languages(value: str) -> list[str]:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise ContentError("--languages", 0, "give at least one language code, e.g. en,vi")
    for code in codes:
        if not LANGUAGE_CODE.match(code):
            raise ContentError("--languages", 0, f"'{code}' is not a language code such as "
                                                 "en, vi or pt-BR")
    if len(set(codes)) != len(codes):
        raise ContentError("--languages", 0, "a language is listed twice")
    return codes


def create(target: Path, codes: list[str]) -> dict[str, str]:
    """Write a new course into ``target``, which must not exist or be empty. The files go
    to a hidden folder beside it first, so a failure leaves nothing half-written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ContentError(str(target), 0, "exists and is not empty: give a new folder")
    name = re.sub(r"[^a-z0-9]+", "-", target.resolve().name.lower()).strip("-") or "course"
    files = starter_files(codes, name[:64].strip("-"))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.new-{os.getpid()}"
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if target.exists():
            target.rmdir()  # empty, checked above
        os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return files

"""`workbook new`: a small working course to start from, in the languages asked for.

Every file comes from the starter (generator/authoring/starter/), which carries its texts,
the interface labels included, in the languages it has words for; each text keeps the
chosen languages only. A language the starter has no words for is left for the author:
`workbook new` and `workbook check` name it, with the PO route to fill it.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..course import schema
from ..course.errors import ContentError
from ..course.shapes import KINDS, LANGUAGE_CODE
from .roundtrip import dump, round_trip
from .translations import walk_texts

STARTER = Path(__file__).resolve().parent / "starter"


def language_name(code: str) -> str:
    """A language's name in itself (Babel's CLDR data): Tiếng Việt, हिन्दी, français."""
    locale = _locale(code)
    return (locale.get_display_name() if locale else None) or code


def _starter_texts() -> list[tuple[str, object, object]]:
    """Each starter file: (its kind, its shape, its path)."""
    return [(kind, shape, path) for kind, (shape, pattern) in KINDS.items()
            for path in sorted(STARTER.glob(pattern))]


@cache
def starter_languages() -> frozenset[str]:
    """The languages the starter has every text in."""
    yaml = round_trip()
    have: set[str] | None = None
    for _, shape, path in _starter_texts():
        for _, _, text in walk_texts(yaml.load(path.read_text(encoding="utf-8")), shape):
            have = set(text) if have is None else have & set(text)
    return frozenset(have or ())


def _locale(code: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def starter_code(code: str) -> str | None:
    """The starter language whose texts ``code`` starts from: itself, or its language
    without the region (pt-BR from pt, zh-CN from zh; zh-TW from none: the starter's
    Chinese is Simplified)."""
    have = starter_languages()
    if code in have:
        return code
    base = code.split("-")[0]
    locale = _locale(code)
    if locale is not None and locale.language == "zh" and (
            locale.script == "Hant" or locale.territory in ("TW", "HK", "MO")):
        return None
    return base if base in have else None


def language_warnings(codes: list[str]) -> list[str]:
    """A line for each code Babel (CLDR) does not know, with the codes it may stand for:
    'sp' is Spanish's English name cut short (es), 'jp' a country's code (Japan: ja)."""
    from babel import Locale
    from babel.languages import get_official_languages
    from babel.localedata import locale_identifiers

    known = sorted({ident for ident in locale_identifiers() if "_" not in ident})
    english = Locale("en").languages
    out = []
    for code in codes:
        if _locale(code) is not None:
            continue
        typed = code.lower()
        guesses = [ident for ident in known
                   if len(typed) >= 2 and english.get(ident, "").lower().startswith(typed)]
        guesses += [ident for ident in get_official_languages(typed.upper(), de_facto=True)
                    if ident in known and ident not in guesses]
        hint = ""
        if guesses:
            named = [f"{ident} ({english.get(ident, ident)})" for ident in guesses[:3]]
            hint = f"; did you mean {' or '.join(named)}?"
        out.append(f"'{code}' is not a language code Babel knows{hint}")
    return out


def _keep_languages(data: object, shape: object, codes: list[str],
                    source: dict[str, str]) -> None:
    """Each text keeps the chosen languages, in the chosen order, each from its starter
    language (``source``); the others go."""
    for _, _, text in walk_texts(data, shape):
        given = {code: text[source[code]] for code in codes
                 if code in source and source[code] in text}
        # ruamel keeps a comment on the line after a text with the text's last language
        trailing = text.ca.items.get(next(reversed(text)), None) if text else None
        for key in list(text):
            del text[key]
        for i, (code, value) in enumerate(given.items()):
            text.insert(i, code, value)
        if trailing and given:
            text.ca.items[next(reversed(text))] = trailing


@dataclass
class Made:
    files: dict[str, str] = field(default_factory=dict)  # {relative path: text}
    missing: list[str] = field(default_factory=list)  # languages the starter lacks


def starter_files(codes: list[str], name: str) -> Made:
    """The new course's files, every one from the starter: nothing is read from
    anywhere else, so an installed engine makes the same course."""
    yaml = round_trip()
    source = {code: found for code in codes if (found := starter_code(code))}
    made = Made(missing=[code for code in codes if code not in source])
    for kind, shape, path in _starter_texts():
        data = yaml.load(path.read_text(encoding="utf-8"))
        _keep_languages(data, shape, codes, source)
        if kind == "course":
            data["id"] = name
            languages = CommentedSeq()
            for code in codes:
                entry = CommentedMap()
                entry["code"], entry["name"] = code, language_name(code)
                languages.append(entry)
            data["languages"] = languages
        made.files[path.relative_to(STARTER).as_posix()] = dump(yaml, data)
    env = Environment(loader=FileSystemLoader(STARTER), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    # name: lowercase letters, digits and hyphens; codes: checked by parse_languages
    made.files["mkdocs.yml"] = env.get_template("mkdocs.yml.j2").render(
        name=name, language=codes[0])
    made.files[".gitignore"] = (STARTER / "gitignore").read_text(encoding="utf-8")
    made.files["README.md"] = env.get_template("README.md.j2").render(
        title=name, languages=codes, missing=made.missing)
    for rel, text in schema.rendered(codes).items():
        made.files[f"{schema.FOLDER}/{rel}"] = text
    return made


def fill_hint(missing: list[str], default: str) -> str:
    """The one line on how to write the texts of the languages the starter has none in.
    A PO file is translated from the default language: that one is written in the YAML."""
    others = [code for code in missing if code != default]
    lang = others[0] if len(others) == 1 else "LANG"
    route = (f"export a PO file with `workbook translations export {lang}`"
             f"{' for each' if len(others) > 1 else ''}, translate it, then "
             f"`workbook translations import translations/{lang}.po`")
    if default not in missing:
        return (f"no starter texts in {', '.join(missing)}: write them into the YAML files, "
                f"or {route}")
    if not others:
        return (f"no starter texts in {default}, the default language: write them into the "
                "YAML files")
    return (f"no starter texts in {', '.join(missing)}: write the default language's ({default}) "
            f"into the YAML files; for {', '.join(others)}, write them there too, or {route}")


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


def create(target: Path, codes: list[str]) -> Made:
    """Write a new course into ``target``, which must not exist or be empty. The files go
    to a hidden folder beside it first, so a failure leaves nothing half-written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ContentError(str(target), 0, "exists and is not empty: give a new folder")
    name = re.sub(r"[^a-z0-9]+", "-", target.resolve().name.lower()).strip("-") or "course"
    made = starter_files(codes, name[:64].strip("-"))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.new-{os.getpid()}"
    try:
        for rel, text in made.files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if target.exists():
            target.rmdir()  # empty, checked above
        os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return made

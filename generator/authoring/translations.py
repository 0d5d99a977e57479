"""Translations as gettext PO files, the format translators' tools open.

Every text of the course (found by walking each file along its shape in shapes.py) is
one PO entry: its context names the file and field, its msgid is the default language's
text. ``translations/LANG.po`` in the project is the memory of what each translation
was made from: when the default text has changed since and the translation has not,
the entry is fuzzy, as msgmerge would mark it, and is not imported until a translator
clears the mark.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import polib

from ..course.errors import ContentError, ContentErrors, display_path
from ..course.loader import dotted, language_codes
from ..course.shapes import KINDS, ByType, ListOf, Record, Text
from ..course.yamlfile import parse_yaml, read_text, read_yaml
from ..files.lock import project_lock
from ..files.writer import recover, replace_file, replace_files, writable

FOLDER = "translations"
# Header fields a translator's tool fills in; an export keeps what the memory has.
TRANSLATOR_FIELDS = ("PO-Revision-Date", "Last-Translator", "Language-Team")
MARKDOWN_NOTE = "Markdown: keep the links, lists and **bold** marks."


@dataclass(frozen=True)
class Unit:
    """One translatable text and where it stands."""

    file: str  # relative to the project, as an author types it
    where: tuple  # the keys and indexes down to the text's mapping
    line: int
    markdown: bool
    source: str  # in the default language
    translation: str  # in the language at hand; "" when missing

    @property
    def context(self) -> str:
        return f"{self.file}:{dotted(self.where)}"


def walk_texts(value: object, shape: object, where: tuple = ()) -> Iterator[tuple]:
    """Each text of a file's data, following its shape: (where, is Markdown, mapping)."""
    if isinstance(shape, Text):
        if isinstance(value, dict):
            yield where, shape.markdown, value
    elif isinstance(shape, ListOf) and isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk_texts(item, shape.item, where + (i,))
    elif isinstance(shape, ByType) and isinstance(value, dict):
        variant = shape.variants.get(value.get("type"))
        if variant is not None:
            yield from walk_texts(value, variant, where)
    elif isinstance(shape, Record) and isinstance(value, dict):
        for key, item in value.items():
            if key in shape:
                yield from walk_texts(item, shape[key], where + (key,))


def _clean(value: object) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""


def course_files(root: Path) -> list[tuple[Record, Path]]:
    return [(shape, path) for shape, pattern in KINDS.values()
            for path in sorted(root.glob(pattern))]


def units(root: Path, lang: str, default: str) -> list[Unit]:
    """Every text of the course with a default-language text, in file order."""
    out = []
    for shape, path in course_files(root):
        doc = read_yaml(path, display_path(path, root), root)
        for where, markdown, value in walk_texts(doc.data, shape):
            source = _clean(value.get(default))
            if source:
                out.append(Unit(doc.path, where, doc.line(where), markdown, source,
                                _clean(value.get(lang))))
    return out


def _language(root: Path, lang: str) -> tuple[str, list[str]]:
    codes = language_codes(root)
    if lang not in codes[1:]:
        others = ", ".join(codes[1:]) or "none"
        what = "the default language, which is the source" if lang == codes[0] else \
            "not a language of this course"
        raise ContentError("content/course.yml", 0, f"'{lang}' is {what} (translations: "
                                                    f"{others})")
    return codes[0], codes


def memory_path(root: Path, lang: str) -> Path:
    return root / FOLDER / f"{lang}.po"


def _memory(root: Path, lang: str) -> polib.POFile:
    path = memory_path(root, lang)
    return _parse(path, root, confined=True) if path.exists() else polib.POFile()


def _state(unit: Unit, remembered: polib.POEntry | None) -> tuple[str, str | None]:
    """translated, missing or fuzzy; and for fuzzy, the source the translation was made from."""
    if not unit.translation:
        return "missing", None
    if remembered is not None and remembered.msgstr == unit.translation:
        if remembered.msgid != unit.source:  # the source changed, the translation did not
            return "fuzzy", remembered.msgid
        if "fuzzy" in remembered.flags:  # still waiting for a translator
            return "fuzzy", remembered.previous_msgid
    return "translated", None


def catalogue(root: Path, lang: str, confirmed: dict[str, tuple[str, str]] | None = None,
              written: dict[str, str] | None = None) -> tuple[polib.POFile, Counter]:
    """The PO file of ``lang`` for the course at ``root``, and its count of each state.
    ``confirmed``: {context: (source, translation)} a translator has just checked;
    ``written``: {context: translation} about to be written, read as if it were."""
    default, _ = _language(root, lang)
    memory = _memory(root, lang)
    kept = {key: memory.metadata.get(key, "") for key in TRANSLATOR_FIELDS}
    if confirmed or not kept["PO-Revision-Date"]:
        # a real date, as tools expect (Babel refuses an empty one); kept by later exports
        kept["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    remembered = {entry.msgctxt: entry for entry in memory}
    for context, (source, translation) in (confirmed or {}).items():
        remembered[context] = polib.POEntry(msgctxt=context, msgid=source, msgstr=translation)
    po = polib.POFile(wrapwidth=78)
    # No creation date: two exports of the same course give the same bytes.
    po.metadata = {
        "Project-Id-Version": _course_id(root),
        **kept,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Source-Language": default,
    }
    counts: Counter = Counter()
    for unit in units(root, lang, default):
        if written and unit.context in written:
            unit = replace(unit, translation=written[unit.context])
        state, previous = _state(unit, remembered.get(unit.context))
        counts[state] += 1
        entry = polib.POEntry(msgctxt=unit.context, msgid=unit.source, msgstr=unit.translation,
                              occurrences=[(unit.file, str(unit.line))],
                              comment=MARKDOWN_NOTE if unit.markdown else "")
        if state == "fuzzy":
            entry.flags.append("fuzzy")
            entry.previous_msgid = previous
        po.append(entry)
    return po, counts


def plural_forms(lang: str) -> str:
    """The Plural-Forms header of ``lang`` from CLDR, as Babel writes it in its own
    catalogues (es: 2 forms, ar: 6, zh: 1); gettext's default for a code CLDR lacks."""
    from babel.core import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        count, expression = get_plural(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        count, expression = 2, "(n != 1)"
    return f"nplurals={count}; plural={expression};"


def _course_id(root: Path) -> str:
    doc = read_yaml(root / "content" / "course.yml", "content/course.yml", root)
    value = doc.data.get("id", "course") if isinstance(doc.data, dict) else "course"
    return str(value)


def export(root: Path, lang: str, out: Path | None = None) -> tuple[Path, Counter]:
    """Write the PO file to ``out`` (anywhere the user says) or to the project's memory.
    A device, a FIFO or a folder there is refused before anything is written."""
    confined = root if out is None else None
    out = out or memory_path(root, lang)
    writable(out, confined)
    po, counts = catalogue(root, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    replace_file(out, str(po), confined)
    return out, counts


def status(root: Path) -> dict[str, Counter]:
    codes = language_codes(root)
    return {lang: catalogue(root, lang)[1] for lang in codes[1:]}


# -- import -----------------------------------------------------------------------------

POLIB_LINE = re.compile(r"\(line (\d+)\)")
# A PO file's lines: a comment, a blank, or a keyword and/or one quoted string. polib lets
# an unclosed quote through (and reads the line without its last letter), so the lines are
# checked first.
PO_LINE = re.compile(r'^(\s*|#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)?\s*'
                     r'"(?:[^"\\]|\\.)*"\s*)$')


# What YAML may not hold (its printable set, less the carriage return a PO file has no
# business carrying into a YAML text).
NOT_YAML = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _PoText(str):
    """A PO file's text for polib, which splits it with str.splitlines: that also breaks
    lines at U+0085, U+2028 and U+2029, which a translation may hold, and would cut it.
    A PO file's lines end at a newline only."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        lines = self.split("\n")
        return [line + "\n" for line in lines[:-1]] + lines[-1:] if keepends else lines


def _parse(path: Path, root: Path, confined: bool = False) -> polib.POFile:
    """The PO file at ``path`` (inside the project if ``confined``), or a path:line error."""
    shown = display_path(path, root)
    try:
        # a regular file, UTF-8, of sane size
        text = read_text(path, shown, root if confined else None)
    except ContentError as exc:
        raise ContentErrors([exc]) from None
    for number, line in enumerate(text.split("\n"), 1):
        if not PO_LINE.match(line):
            raise ContentErrors([ContentError(shown, number, f"PO syntax error in {line[:40]!r}")])
    try:
        # polib takes a string that is not a file's name as the file's content
        return polib.pofile(_PoText(text), wrapwidth=78, encoding="utf-8")
    except (OSError, ValueError) as exc:
        match = POLIB_LINE.search(str(exc))
        line = int(match.group(1)) if match else 1
        raise ContentErrors([ContentError(shown, line, "PO syntax error")]) from None


def _checked(po: polib.POFile, shown: str, codes: list[str], root: Path
             ) -> tuple[str, dict[str, Unit], list[polib.POEntry]]:
    """The PO file's language, the course's texts in it by context, and the file's
    entries; or every problem at once."""
    errors: list[ContentError] = []
    lang = po.metadata.get("Language", "").strip()
    if lang not in codes[1:]:
        errors.append(ContentError(shown, 1, f"Language '{lang}' in the header is not one of "
                                             f"this course's translations "
                                             f"({', '.join(codes[1:]) or 'none'})"))
        raise ContentErrors(errors)
    known = {unit.context: unit for unit in units(root, lang, codes[0])}
    seen: set[str] = set()
    for entry in po:
        line = entry.linenum or 1
        if entry.obsolete:
            continue
        if entry.msgctxt not in known:
            errors.append(ContentError(shown, line, f"unknown context '{entry.msgctxt}': no "
                                                    "such text in the course"))
        elif entry.msgctxt in seen:
            errors.append(ContentError(shown, line, f"'{entry.msgctxt}' appears twice"))
        seen.add(entry.msgctxt)
        if entry.msgstr_plural:
            errors.append(ContentError(shown, line, "plural forms are not used by the course"))
        if bad := NOT_YAML.search(entry.msgstr):
            errors.append(ContentError(shown, line, f"the translation holds the character "
                                                    f"U+{ord(bad.group()):04X}, which a YAML "
                                                    "file cannot"))
    if errors:
        raise ContentErrors(errors)
    return lang, known, [entry for entry in po if not entry.obsolete]


@dataclass
class Imported:
    lang: str
    written: int = 0  # translations changed in the YAML
    files: int = 0
    fuzzy: int = 0  # left out: marked fuzzy
    stale: int = 0  # left out: the source changed since the file was exported


def import_file(root: Path, path: Path) -> Imported:
    """Write the PO file's translations into the YAML files, or nothing at all."""
    recover(root)  # an import killed midway is finished first
    shown = display_path(path, root)
    codes = language_codes(root)
    lang, by_context, entries = _checked(_parse(path, root), shown, codes, root)
    result = Imported(lang)
    changes: dict[str, list[tuple[Unit, str]]] = {}
    confirmed: dict[str, tuple[str, str]] = {}
    for entry in entries:
        unit = by_context[entry.msgctxt]
        text = unicodedata.normalize("NFC", entry.msgstr).strip()
        if "fuzzy" in entry.flags:
            result.fuzzy += 1
        elif entry.msgid.strip() != unit.source:
            result.stale += 1
        elif text:
            confirmed[unit.context] = (unit.source, text)
            if text != unit.translation:
                changes.setdefault(unit.file, []).append((unit, text))
    # Every file is changed in memory and checked first; only then is any of them written,
    # while no build reads them.
    new_texts = {root / file: _rewrite(root, file, lang, codes, edits)
                 for file, edits in changes.items()}
    with project_lock(root, f"translations import {shown}"):
        # The memory learns what each checked translation was made from, so that a fuzzy
        # mark cleared with the text left as it was is not raised again.
        remembered = {entry.msgctxt: entry for entry in _memory(root, lang)}
        learnt = {context: pair for context, pair in confirmed.items()
                  if (old := remembered.get(context)) is None or old.fuzzy
                  or (old.msgid, old.msgstr) != pair}
        if learnt:
            written = {unit.context: text for edits in changes.values() for unit, text in edits}
            memory = memory_path(root, lang)
            memory.parent.mkdir(exist_ok=True)
            new_texts[memory] = str(catalogue(root, lang, learnt, written)[0])
        # YAML files and memory together: a kill midway leaves all of them or none
        replace_files(root, new_texts)
        result.files = len(changes)
        result.written = sum(len(edits) for edits in changes.values())
    return result


def _rewrite(root: Path, shown: str, lang: str, codes: list[str],
             edits: list[tuple[Unit, str]]) -> str:
    """The file's text with the translations set: a round trip through ruamel.yaml keeps
    its comments, key order, quoting and layout; only the values set change."""
    from ruamel.yaml import YAMLError

    from .roundtrip import dump, round_trip, scalar

    yaml = round_trip()
    data = yaml.load(read_text(root / shown, shown, root))
    for unit, text in edits:
        node = data
        for key in unit.where:
            node = node[key]
        value = scalar(text, node.get(lang, node.get(codes[0])))
        if lang in node:
            node[lang] = value
        else:
            # after the languages that come before it in the course's order
            before = set(codes[:codes.index(lang)])
            at = max((i + 1 for i, key in enumerate(node) if key in before), default=0)
            node.insert(at, lang, value)
    try:
        text = dump(yaml, data)
    except YAMLError as exc:
        raise ContentError(shown, 0, f"could not write the {lang} texts: "
                                     f"{str(exc).splitlines()[0]}") from None
    # what was written reads back, with the reader builds use, as intended; or nothing is
    check = parse_yaml(text, shown).data
    for unit, wanted in edits:
        node = check
        for key in unit.where:
            node = node[key]
        if _clean(node.get(lang)) != wanted:
            raise ContentError(shown, unit.line, f"could not write the {lang} text of "
                                                 f"{dotted(unit.where)}")
    return text

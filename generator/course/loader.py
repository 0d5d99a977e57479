"""Load and validate the course YAML into the typed model.

``load_course(root)`` is a pure function of the files under ``root``. It reads every
file, collects every problem, then raises ``ContentErrors`` once; only a course with
no problem at all comes back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import markup, pagelist
from .errors import ContentError, ContentErrors, display_path
from .images import name_of, read_images
from .model import (
    VERSIONS,
    Activity,
    Block,
    Brand,
    Course,
    FacilitatorNotes,
    Field,
    Language,
    Lesson,
    Plan,
    Section,
    ShortVersion,
    Source,
    Text,
    Worksheet,
)
from .shapes import (
    BLOCK,
    CLOCK,
    COURSE,
    FIELD,
    INTERFACE,
    LABEL_KEYS,
    LABELS_WHEN,
    LANGUAGE,
    LANGUAGE_CODE,
    LESSON,
    NOTES_PLACEHOLDERS,
    PLAN,
    RESERVED_IDS,
    SECTION,
    SLUG,
    SLUG_MAX,
    SOURCE,
    WORKSHEET,
    Record,
    Whole,
)
from .yamlfile import YamlDoc, inside_project, read_yaml


def _kind(value: Any) -> str:
    """How an author would name what they wrote."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def dotted(where: tuple) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


class Reader:
    """Reads one YAML file's values, noting each problem with its line and going on."""

    def __init__(self, doc: YamlDoc, languages: dict[str, str], errors: list[ContentError],
                 markdown: list | None = None):
        self.doc = doc
        self.languages = languages  # code -> name, as course.yml gives them
        self.errors = errors
        # the links to pages read, for the check once every page's name is known
        self.markdown = markdown if markdown is not None else []
        self.untranslated: dict[str, list[tuple]] | None = None  # code -> keys, if collected

    def error(self, where: tuple, message: str) -> None:
        self.errors.append(ContentError(self.doc.path, self.doc.line(where), message))

    def record(self, value: Any, where: tuple, shape: Record) -> bool:
        """Check a mapping's keys against its shape: every required one there, no unknown one."""
        required, optional = set(shape.required), set(shape.optional)
        if not isinstance(value, dict):
            self.error(where, f"{dotted(where)}: expected a mapping, found {_kind(value)}")
            return False
        for key in value:
            if key not in required | optional:
                known = ", ".join(sorted(required | optional))
                self.error(where + (key,), f"unknown key '{key}' (expected one of: {known})")
        for key in sorted(required - value.keys()):
            self.error(where, f"{dotted(where)}: missing required key '{key}'")
        return True

    def text(self, value: Any, where: tuple) -> Text:
        """A text given in every course language."""
        if not isinstance(value, dict):
            found = _kind(value)
            self.error(where, f"{dotted(where)}: expected a text per language, found {found}")
            return {}
        out: Text = {}
        for code in value:
            if code not in self.languages:
                # {en: Prepare with situation, behaviour, impact} is a mapping of three keys
                hint = (": a text with a comma or a colon in it needs quotes, "
                        'e.g. {en: "a, b: c"}') if value[code] is None else ""
                self.error(where + (code,), f"{dotted(where)}: unknown language '{code}'{hint}")
        for code in self.languages:
            if code not in value:
                if self.untranslated is not None:  # the interface: one line per language
                    self.untranslated.setdefault(code, []).append(where)
                    continue
                name = self.languages[code]
                self.error(where, f"missing {name} ({code}) for {dotted(where)}")
                continue
            out[code] = self.plain(value[code], where + (code,))
        return out

    def plain(self, value: Any, where: tuple) -> str:
        """One non-empty string in Unicode NFC."""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(where, f"{dotted(where)}: expected text, found {_kind(value)}")
            return ""
        text = str(value).strip()
        if not text:
            self.error(where, f"{dotted(where)}: is empty")
        elif unicodedata.normalize("NFC", text) != text:
            self.error(where, f"{dotted(where)}: not in Unicode NFC form (decomposed accents)")
        return text

    def integer(self, value: Any, where: tuple, kind: Whole) -> int:
        low, high = kind.low, kind.high
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, f"{dotted(where)}: expected a whole number, found {_kind(value)}")
            return 0
        if not low <= value <= high:
            self.error(where, f"{dotted(where)}: expected {low} to {high}, found {value}")
        return value

    def slug(self, value: Any, where: tuple) -> str:
        """An id: lowercase words joined by hyphens, which is safe as a file name."""
        if not isinstance(value, str):
            self.error(where, f"{dotted(where)}: expected an id, found {_kind(value)}")
            return ""
        if not SLUG.match(value) or len(value) > SLUG_MAX:
            self.error(
                where,
                f"{dotted(where)}: '{value}' is not a valid id "
                "(lowercase letters, digits and single hyphens, at most 64 characters)",
            )
        elif value in RESERVED_IDS:
            self.error(where, f"{dotted(where)}: '{value}' is reserved for the site's own pages")
        return value

    def items(self, value: Any, where: tuple, read: Callable[[Any, tuple], Any], minimum=1):
        """A list, each item read by ``read``."""
        if not isinstance(value, list):
            self.error(where, f"{dotted(where)}: expected a list, found {_kind(value)}")
            return []
        if len(value) < minimum:
            self.error(where, f"{dotted(where)}: needs at least {minimum} item(s)")
        return [read(item, where + (i,)) for i, item in enumerate(value)]

    def texts(self, value: Any, where: tuple, minimum: int = 1) -> list[Text]:
        return self.items(value, where, self.text, minimum)


def _read(path: Path, root: Path, errors: list[ContentError]) -> YamlDoc | None:
    try:
        return read_yaml(path, display_path(path, root), root)
    except ContentError as exc:
        errors.append(exc)
        return None


def _languages(r: Reader, value: Any) -> list[Language]:
    def one(item: Any, where: tuple) -> Language:
        if not r.record(item, where, LANGUAGE):
            return Language("", "")
        code = r.plain(item.get("code", ""), where + ("code",))
        if code and not LANGUAGE_CODE.match(code):
            r.error(where + ("code",), f"'{code}' is not a language code such as en, vi or pt-BR")
        return Language(code, r.plain(item.get("name", ""), where + ("name",)))

    langs = r.items(value, ("languages",), one)
    seen: set[str] = set()
    for i, lang in enumerate(langs):
        if lang.code in seen:
            r.error(("languages", i), f"language '{lang.code}' is listed twice")
        seen.add(lang.code)
    return langs


def _checked_markdown(r: Reader, value: Any, where: tuple) -> Text:
    text = r.text(value, where)
    _markdown_links(r, text, where)
    return text


LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


def _brand(r: Reader, data: dict, root: Path) -> Brand:
    def plain(key: str) -> str:
        return r.plain(data[key], (key,)) if key in data else ""

    colours = data.get("colours", {})
    picked = {}
    if "colours" in data and r.record(colours, ("colours",), COURSE["colours"]):
        for key in ("primary", "accent"):
            if key in colours:
                name, options = colours[key], COURSE["colours"][key].options
                if name not in options:
                    r.error(("colours", key), f"colours.{key}: expected one of Material's "
                            f"palette names ({', '.join(options)}), found {name!r}")
                else:
                    picked[key] = name
    logo = plain("logo")
    if logo:  # a file of content/images/, published with the site (course/images.py)
        shown = f"content/{logo}"
        target = root / "content" / logo
        try:
            inside_project(target, root / "content", shown, r.doc.line(("logo",)))
            if name_of(logo) is None:
                r.error(("logo",), f"logo: '{logo}' is not in content/images/ "
                        "(write it as images/logo.svg)")
            elif Path(logo).suffix.lower() not in LOGO_TYPES:
                r.error(("logo",), f"logo: '{logo}' is not an image "
                        f"({', '.join(LOGO_TYPES)})")
            elif not target.is_file():
                r.error(("logo",), f"logo: there is no file {shown}")
        except ContentError:
            r.error(("logo",), f"logo: '{logo}' is outside the course's content/ folder")
    return Brand(author=plain("author"), licence=plain("licence"), logo=logo,
                 primary=picked.get("primary", ""), accent=picked.get("accent", ""))


def _source(r: Reader, item: Any, where: tuple) -> Source | None:
    if not r.record(item, where, SOURCE):
        return None
    return Source(
        id=r.slug(item.get("id"), where + ("id",)),
        title=r.plain(item.get("title", ""), where + ("title",)),
        title_translated=r.text(item.get("title_translated"), where + ("title_translated",)),
        language=r.plain(item.get("language", ""), where + ("language",)),
        language_name=r.text(item.get("language_name"), where + ("language_name",)),
        publisher=r.plain(item["publisher"], where + ("publisher",)) if "publisher" in item else "",
        url=r.plain(item["url"], where + ("url",)) if "url" in item else "",
        note=_checked_markdown(r, item.get("note"), where + ("note",)),
    )


def _section(r: Reader, item: Any, where: tuple) -> Section:
    if not r.record(item, where, SECTION):
        return Section({}, {})
    body = _checked_markdown(r, item.get("body"), where + ("body",))
    return Section(r.text(item.get("heading"), where + ("heading",)), body)


PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)*)\}")


def _numbers(value: dict, lesson_minutes: Any) -> dict[str, int | str]:
    """The fields a teaching-notes text may name (shapes.NOTES_PLACEHOLDERS), those given."""
    def whole(v: Any) -> int | str | None:
        # a field given but not a whole number is reported as such: "" names it, unfilled
        if v is None:
            return None
        return v if isinstance(v, int) and not isinstance(v, bool) else ""

    def sub(v: Any, key: str) -> Any:
        return v.get(key) if isinstance(v, dict) else None

    short = sub(value, "short")
    found = {"minutes": whole(value.get("minutes")),
             "activity.minutes": whole(sub(sub(value, "activity"), "minutes")),
             "short.minutes": whole(sub(short, "minutes")),
             "short.activity.minutes": whole(sub(sub(short, "activity"), "minutes")),
             "lesson.minutes": whole(lesson_minutes)}
    assert tuple(found) == NOTES_PLACEHOLDERS
    return {name: number for name, number in found.items() if number is not None}


def _fill(r: Reader, text: Text, where: tuple, numbers: dict[str, int | str]) -> Text:
    """A teaching-notes text with each {placeholder} replaced by the number of its field;
    one that names no field these notes have is an error at its line."""
    out = {}
    for code, value in text.items():
        for name in PLACEHOLDER.findall(value):
            if name not in NOTES_PLACEHOLDERS:
                known = ", ".join("{" + n + "}" for n in NOTES_PLACEHOLDERS)
                r.error(where + (code,), f"{dotted(where + (code,))}: {{{name}}} is not a "
                        f"field teaching notes can name (one of: {known})")
            elif name not in numbers:
                r.error(where + (code,), f"{dotted(where + (code,))}: {{{name}}} names a "
                        "field these teaching notes do not have")
        out[code] = PLACEHOLDER.sub(lambda m: str(numbers.get(m.group(1)) or m.group(0)), value)
    return out


def _activity(r: Reader, act: Any, aw: tuple, fill) -> Activity | None:
    shape = LESSON["facilitator"]["activity"]
    if not r.record(act, aw, shape):
        return None
    fmt = r.plain(act.get("format", ""), aw + ("format",))
    formats = shape["format"].options
    if fmt and fmt not in formats:
        r.error(aw + ("format",), f"format: expected one of {', '.join(formats)}"
                f", found '{fmt}'")
    instructions = fill(act.get("instructions"), aw + ("instructions",), markdown=True)
    materials = [fill(item, aw + ("materials", i))
                 for i, item in enumerate(r.items(act.get("materials", []), aw + ("materials",),
                                                  lambda v, w: v, 0))]
    return Activity(fmt, r.integer(act.get("minutes"), aw + ("minutes",), shape["minutes"]),
                    instructions, materials)


def _facilitator(r: Reader, value: Any, where: tuple,
                 lesson_minutes: Any = None) -> FacilitatorNotes | None:
    shape = LESSON["facilitator"]
    if not r.record(value, where, shape):
        return None
    numbers = _numbers(value, lesson_minutes)

    def fill(item: Any, at: tuple, markdown: bool = False) -> Text:
        text = _fill(r, r.text(item, at), at, numbers)
        if markdown:
            _markdown_links(r, text, at)
        return text

    def texts(key: str) -> list[Text]:
        return [fill(item, where + (key, i))
                for i, item in enumerate(r.items(value.get(key), where + (key,),
                                                 lambda v, w: v))]

    short = None
    if "short" in value:
        sw = where + ("short",)
        given = value["short"]
        if r.record(given, sw, shape["short"]):
            without = given.get("without_activity", False)
            if not isinstance(without, bool):
                r.error(sw + ("without_activity",), "short.without_activity: expected true or "
                        f"false, found {_kind(without)}")
                without = False
            own = None
            if "activity" in given:
                own = _activity(r, given["activity"], sw + ("activity",), fill)
                if without:
                    r.error(sw + ("without_activity",), "short.without_activity: the short "
                            "version has an activity of its own")
            short = ShortVersion(r.integer(given.get("minutes"), sw + ("minutes",),
                                           shape["short"]["minutes"]),
                                 fill(given.get("changes"), sw + ("changes",)),
                                 activity=own, without_activity=without is True)
            full = value.get("minutes")
            if isinstance(full, int) and short.minutes > full:
                r.error(sw + ("minutes",), f"short.minutes: the short version takes "
                        f"{short.minutes} minutes, more than the full one ({full})")
            if own and own.minutes > short.minutes:
                r.error(sw + ("activity", "minutes"), f"short.activity.minutes: the activity "
                        f"takes {own.minutes} minutes, more than its version ({short.minutes})")
    activity = None
    if "activity" in value:
        activity = _activity(r, value["activity"], where + ("activity",), fill)
    return FacilitatorNotes(
        minutes=r.integer(value.get("minutes"), where + ("minutes",), shape["minutes"]),
        purpose=fill(value.get("purpose"), where + ("purpose",)),
        talking_points=texts("talking_points"),
        activity=activity,
        discussion=texts("discussion"),
        debrief=fill(value.get("debrief"), where + ("debrief",)),
        pitfalls=texts("pitfalls"),
        short=short,
        materials=[fill(item, where + ("materials", i)) for i, item in
                   enumerate(r.items(value.get("materials", []), where + ("materials",),
                                     lambda v, w: v, 0))],
    )


def _lesson(r: Reader, data: Any) -> Lesson | None:
    if not r.record(data, (), LESSON):
        return None
    facilitator = None
    if "facilitator" in data:
        facilitator = _facilitator(r, data["facilitator"], ("facilitator",),
                                   data.get("minutes"))
    step = None
    if "step" in data:
        step = r.integer(data["step"], ("step",), LESSON["step"])
    return Lesson(
        id=r.slug(data.get("id"), ("id",)),
        minutes=r.integer(data.get("minutes"), ("minutes",), LESSON["minutes"]),
        title=r.text(data.get("title"), ("title",)),
        summary=r.text(data.get("summary"), ("summary",)),
        objectives=r.texts(data.get("objectives"), ("objectives",)),
        sections=r.items(data.get("sections"), ("sections",), lambda v, w: _section(r, v, w)),
        takeaways=r.texts(data.get("takeaways"), ("takeaways",)),
        reflection=r.texts(data["reflection"], ("reflection",)) if "reflection" in data else [],
        worksheets=r.items(data.get("worksheets", []), ("worksheets",), r.slug, 0),
        facilitator=facilitator,
        step=step,
    )


def _field(r: Reader, item: Any, where: tuple) -> Field | None:
    if not isinstance(item, dict) or item.get("type") not in FIELD.variants:
        if isinstance(item, dict) and "type" in item:
            r.error(where + ("type",), f"{dotted(where)}.type: expected one of "
                    f"{', '.join(FIELD.variants)}, found '{item['type']}'")
            return None
        r.record(item, where, Record({"id": None, "type": None, "label": None}))
        return None
    shape = FIELD.variants[item["type"]]
    if not r.record(item, where, shape):
        return None
    extra: dict[str, Any] = {}
    given = [key for key in item if key in shape]  # an unknown key is reported already
    for key in ("lines", "height_mm", "rows", "points"):
        if key in given:
            extra[key] = r.integer(item[key], where + (key,), shape[key])
    for key in ("columns", "items"):
        if key in given:
            extra[key] = r.texts(item[key], where + (key,))
    if "options" in given:
        least = shape["options"].minimum
        extra["options"] = r.texts(item["options"], where + ("options",), 0)
        if isinstance(item["options"], list) and len(item["options"]) < least:
            r.error(where + ("options",), f"{dotted(where)}.options: a choice needs at least "
                    f"{least} options, found {len(item['options'])}")
    for key in ("centre", "hint", "low_label", "high_label"):
        if key in given:
            extra[key] = r.text(item[key], where + (key,))
    if "new_page" in given:
        if not isinstance(item["new_page"], bool):
            r.error(where + ("new_page",), f"{dotted(where)}.new_page: expected true or false, "
                    f"found {_kind(item['new_page'])}")
        extra["new_page"] = item["new_page"] is True
    return Field(id=r.slug(item.get("id"), where + ("id",)), type=item["type"],
                 label=r.text(item.get("label"), where + ("label",)), **extra)


def _worksheet(r: Reader, data: Any) -> Worksheet | None:
    if not r.record(data, (), WORKSHEET):
        return None
    fields = [f for f in r.items(data.get("fields"), ("fields",),
                                 lambda v, w: _field(r, v, w)) if f]
    seen: set[str] = set()
    for i, f in enumerate(fields):
        if f.id in seen:
            r.error(("fields", i, "id"), f"fields[{i}]: duplicate field id '{f.id}'")
        elif f.id in ("name", "date"):  # every sheet's name and date lines are called so
            r.error(("fields", i, "id"), f"fields[{i}].id: '{f.id}' names the worksheet's own "
                    f"{f.id} line; choose another id")
        seen.add(f.id)
    return Worksheet(
        id=r.slug(data.get("id"), ("id",)),
        pages=r.integer(data.get("pages"), ("pages",), WORKSHEET["pages"]),
        title=r.text(data.get("title"), ("title",)),
        summary=r.text(data.get("summary"), ("summary",)),
        intro=_checked_markdown(r, data.get("intro"), ("intro",)),
        fields=fields,
    )


def _markdown_links(r: Reader, value: Text, where: tuple) -> None:
    """Each language's Markdown, checked as the HTML it becomes (generator/course/markup.py);
    its links to pages are kept for the end, when every page's name is known."""
    for code, text in value.items():
        problems, pages, images = markup.audit(text)
        for problem in problems:
            r.error(where + (code,), f"{dotted(where + (code,))}: {problem}")
        r.markdown.extend((r, where + (code,), page, link) for page, link in pages)
        # an image (page None), held against content/images/ (course/images.py)
        r.markdown.extend((r, where + (code,), None, address) for address, _ in images)


def _page_links(markdown: list, pages: set[str]) -> None:
    for r, where, page, link in markdown:
        if page is not None and page not in pages:
            r.error(where, f"{dotted(where)}: {markup.unknown_page(link)}")


def _image_uses(markdown: list) -> list:
    """(report at the text's line, the text's language, the address) of each image."""
    def report(r: Reader, where: tuple):
        return lambda message: r.error(where, f"{dotted(where)}: {message}")
    return [(report(r, where), where[-1], address)
            for r, where, page, address in markdown if page is None]


def _block(r: Reader, item: Any, where: tuple) -> Block | None:
    if not r.record(item, where, BLOCK):
        return None
    version = item.get("version", "full")
    if version not in BLOCK["version"].options:
        r.error(where + ("version",), f"version: expected one of {', '.join(VERSIONS)}, "
                                      f"found {version!r}")
    elif "version" in item and "lesson" not in item:
        r.error(where + ("version",), "version: only a block that teaches a lesson has one")
    return Block(
        version=version if version in VERSIONS else "full",
        title=r.text(item.get("title"), where + ("title",)),
        minutes=r.integer(item.get("minutes"), where + ("minutes",), BLOCK["minutes"]),
        lesson=r.slug(item["lesson"], where + ("lesson",)) if "lesson" in item else None,
        worksheets=r.items(item.get("worksheets", []), where + ("worksheets",), r.slug, 0),
        note=r.text(item["note"], where + ("note",)) if "note" in item else None,
    )


def _plan(r: Reader, data: Any) -> Plan | None:
    if not r.record(data, (), PLAN):
        return None
    start = data.get("start", "09:00")
    if not isinstance(start, str) or not CLOCK.match(start):
        r.error(("start",), f"start: expected a clock time such as \"09:00\", found {start!r}")
    blocks = [b for b in r.items(data.get("blocks"), ("blocks",),
                                 lambda v, w: _block(r, v, w)) if b]
    plan = Plan(id=r.slug(data.get("id"), ("id",)),
                minutes=r.integer(data.get("minutes"), ("minutes",), PLAN["minutes"]),
                start=start if isinstance(start, str) else "09:00",
                title=r.text(data.get("title"), ("title",)),
                summary=r.text(data.get("summary"), ("summary",)), blocks=blocks)
    total = sum(block.minutes for block in blocks)
    if blocks and plan.minutes and total != plan.minutes:
        r.error(("minutes",), f"minutes: the plan says {plan.minutes} minutes but its blocks "
                f"add up to {total}")
    return plan


def _labels(r: Reader, data: Any) -> dict[str, Text]:
    """The interface labels. A language with labels still to translate is one message,
    which names the PO route, not one per label."""
    if not r.record(data, (), INTERFACE):
        return {}
    r.untranslated = {}
    labels = {key: r.text(data[key], (key,)) for key in LABEL_KEYS if key in data}
    default = next(iter(r.languages), "")
    for code, keys in r.untranslated.items():
        name = r.languages[code]
        shown = ", ".join(str(key[0]) for key in keys[:3]) + (", ..." if len(keys) > 3 else "")
        # the PO files translate from the default language; its own texts are typed in
        how = ("write them in this file" if code == default else
               f"translate them all in one file with `workbook translations export {code}`, "
               f"then `workbook translations import translations/{code}.po`")
        r.error(keys[0], f"{len(keys)} label(s) have no {name} ({code}) text ({shown}): {how}")
    r.untranslated = None
    return labels


def _features(lessons: list[Lesson], worksheets: list[Worksheet], plans: list[Plan],
              sources: list[Source]) -> set[str]:
    """What the course has, of the things some labels name (shapes.LABELS_WHEN)."""
    types = {f.type for sheet in worksheets for f in sheet.fields}
    notes = [lesson.facilitator for lesson in lessons if lesson.facilitator]
    have = {
        "ring_map": "ring_map" in types, "table": "table" in types, "sources": bool(sources),
        "step": any(lesson.step for lesson in lessons),
        "reflection": any(lesson.reflection for lesson in lessons),
        "notes": bool(notes), "activity": any(n.activity for n in notes),
        "short": any(n.short for n in notes), "plans": bool(plans),
    }
    return {what for what, present in have.items() if present}


def _needed_labels(labels_doc: YamlDoc, labels: dict[str, Text], features: set[str],
                   errors: list[ContentError]) -> None:
    for what in sorted(features):
        keys, because = LABELS_WHEN[what]
        missing = [key for key in keys if key not in labels]
        if missing and isinstance(labels_doc.data, dict):
            errors.append(ContentError(labels_doc.path, labels_doc.line(()),
                                       f"missing label(s) {', '.join(missing)}: the course "
                                       f"uses them because {because}"))


def _unique(items: list, path_of: dict, what: str, errors: list[ContentError]) -> None:
    seen: dict[str, str] = {}
    for item in items:
        if item.id in seen:
            doc = path_of[id(item)]
            message = f"duplicate {what} id '{item.id}' (also in {seen[item.id]})"
            errors.append(ContentError(doc.path, doc.line(("id",)), message))
        else:
            seen[item.id] = path_of[id(item)].path


def language_codes(root: Path) -> list[str]:
    """The course's language codes, default first, read from course.yml alone: the
    schemas are written from them even while other files still have mistakes."""
    errors: list[ContentError] = []
    doc = _read(root / "content" / "course.yml", root, errors)
    if doc is not None:
        reader = Reader(doc, {}, errors)
        data = doc.data if isinstance(doc.data, dict) else {}
        if "languages" not in data:
            reader.error((), "missing required key 'languages'")
        codes = [lang.code for lang in _languages(reader, data.get("languages"))]
    if errors:
        raise ContentErrors(errors)
    return codes


def load_course(root: Path) -> Course:
    """Read content/ and worksheets/ under ``root`` into a Course, or raise ContentErrors."""
    errors: list[ContentError] = []
    course_path = root / "content" / "course.yml"
    doc = _read(course_path, root, errors)
    if doc is None:
        raise ContentErrors(errors)
    bootstrap = Reader(doc, {}, errors)
    if not bootstrap.record(doc.data, (), COURSE):
        raise ContentErrors(errors)
    languages = _languages(bootstrap, doc.data.get("languages", []))
    r = Reader(doc, {lang.code: lang.name for lang in languages if lang.code}, errors,
               [])
    texts = {key: r.text(doc.data.get(key), (key,))
             for key in ("title", "tagline", "description", "audience")}
    # the name readers' saved answers are kept under: it should never change
    course_id = r.slug(doc.data["id"], ("id",)) if "id" in doc.data else "course"
    brand = _brand(r, doc.data, root)
    closing = r.text(doc.data["closing"], ("closing",)) if "closing" in doc.data else None
    _markdown_links(r, texts["description"], ("description",))
    order = r.items(doc.data.get("lessons"), ("lessons",), r.slug)
    sources = [s for s in r.items(doc.data.get("sources", []), ("sources",),
                                  lambda v, w: _source(r, v, w), 0) if s]
    for i, source in enumerate(sources):
        if source.language and not LANGUAGE_CODE.match(source.language):
            r.error(("sources", i, "language"), f"'{source.language}' is not a language code")

    labels: dict[str, Text] = {}
    labels_doc = _read(root / "content" / "interface.yml", root, errors)
    if labels_doc is not None:
        labels = _labels(Reader(labels_doc, r.languages, errors, r.markdown), labels_doc.data)

    path_of: dict[int, YamlDoc] = {}
    worksheets: list[Worksheet] = []
    for path in sorted((root / "worksheets").glob("*.yml")):
        wdoc = _read(path, root, errors)
        wr = Reader(wdoc, r.languages, errors, r.markdown) if wdoc else None
        if wr and (sheet := _worksheet(wr, wdoc.data)):
            worksheets.append(sheet)
            path_of[id(sheet)] = wdoc
    _unique(worksheets, path_of, "worksheet", errors)

    lessons: dict[str, Lesson] = {}
    lesson_list: list[Lesson] = []
    unreadable: set[str] = set()  # file stems whose errors are already reported
    for path in sorted((root / "content" / "lessons").glob("*.yml")):
        ldoc = _read(path, root, errors)
        if ldoc is None:
            unreadable.add(path.stem)
            continue
        lr = Reader(ldoc, r.languages, errors, r.markdown)
        lesson = _lesson(lr, ldoc.data)
        if lesson is None:
            unreadable.add(path.stem)
            continue
        path_of[id(lesson)] = ldoc
        lesson_list.append(lesson)
        lessons.setdefault(lesson.id, lesson)
        known = {w.id for w in worksheets}
        for i, ref in enumerate(lesson.worksheets):
            if ref and ref not in known:
                lr.error(("worksheets", i), f"worksheets[{i}]: no worksheet has the id '{ref}'")
    _unique(lesson_list, path_of, "lesson", errors)
    used = {ref for lesson in lesson_list for ref in lesson.worksheets}
    for sheet in worksheets:
        # an unreadable lesson file may be the one that uses it: its error is enough
        if sheet.id and sheet.id not in used and not unreadable:
            wdoc = path_of[id(sheet)]
            errors.append(ContentError(wdoc.path, wdoc.line(("id",)),
                                       f"worksheet '{sheet.id}' is not used by any lesson"))

    plans: list[Plan] = []
    sheet_ids = {sheet.id for sheet in worksheets}
    lesson_ids = {lesson.id for lesson in lesson_list}
    for path in sorted((root / "content" / "plans").glob("*.yml")):
        pdoc = _read(path, root, errors)
        if pdoc is None:
            continue
        pr = Reader(pdoc, r.languages, errors, r.markdown)
        plan = _plan(pr, pdoc.data)
        if plan is None:
            continue
        plans.append(plan)
        path_of[id(plan)] = pdoc
        for i, block in enumerate(plan.blocks):
            if block.lesson and block.lesson not in lesson_ids and block.lesson not in unreadable:
                pr.error(("blocks", i, "lesson"),
                         f"blocks[{i}].lesson: no lesson has the id '{block.lesson}'")
            elif block.lesson in lessons and (notes := lessons[block.lesson].facilitator):
                if block.version == "short" and notes.short is None:
                    pr.error(("blocks", i, "version"), f"blocks[{i}].version: '{block.lesson}'"
                             " has no short version in its teaching notes")
                elif block.minutes < notes.minutes_for(block.version):
                    pr.error(("blocks", i, "minutes"), f"blocks[{i}].minutes: {block.minutes} "
                             f"minutes are fewer than the {block.version} version of "
                             f"'{block.lesson}' needs ({notes.minutes_for(block.version)})")
            for j, ref in enumerate(block.worksheets):
                if ref and ref not in sheet_ids:
                    pr.error(("blocks", i, "worksheets", j),
                             f"blocks[{i}].worksheets[{j}]: no worksheet has the id '{ref}'")
    _unique(plans, path_of, "plan", errors)
    if labels_doc is not None:
        _needed_labels(labels_doc, labels, _features(lesson_list, worksheets, plans, sources),
                       errors)
    steps: dict[int, str] = {}
    for lesson in lesson_list:
        if lesson.step and lesson.step in steps:
            ldoc = path_of[id(lesson)]
            errors.append(ContentError(ldoc.path, ldoc.line(("step",)),
                                       f"step: lesson '{steps[lesson.step]}' is step "
                                       f"{lesson.step} already"))
        elif lesson.step:
            steps[lesson.step] = lesson.id
    plans.sort(key=lambda plan: (plan.minutes, plan.id))  # shortest first

    listed = set()
    for i, lesson_id in enumerate(order):
        if lesson_id in listed:
            r.error(("lessons", i), f"lessons[{i}]: '{lesson_id}' is listed twice")
        elif lesson_id and lesson_id not in lessons and lesson_id not in unreadable:
            r.error(("lessons", i), f"lessons[{i}]: no lesson has the id '{lesson_id}'")
        listed.add(lesson_id)
    for lesson in lesson_list:
        if lesson.id and lesson.id not in listed:
            ldoc = path_of[id(lesson)]
            errors.append(ContentError(ldoc.path, ldoc.line(("id",)),
                                       f"lesson '{lesson.id}' is not in the course's lesson order "
                                       f"({doc.path})"))
    images = read_images(root, list(r.languages), _image_uses(r.markdown), errors)
    if errors:
        raise ContentErrors(errors)
    position = {lesson_id: i for i, lesson_id in enumerate(order)}
    first_use = {}
    for lesson in sorted(lesson_list, key=lambda les: position.get(les.id, 0)):
        for ref in lesson.worksheets:
            first_use.setdefault(ref, (position.get(lesson.id, 0), lesson.worksheets.index(ref)))
    worksheets.sort(key=lambda sheet: first_use[sheet.id])
    course = Course(
        id=course_id,
        **texts,
        languages=languages,
        lessons=[lessons[i] for i in order],
        sources=sources,
        labels=labels,
        worksheets=worksheets,
        plans=plans,
        brand=brand,
        closing=closing,
        images=images,
    )
    _page_links(r.markdown, set(pagelist.slugs(course)))
    if errors:
        raise ContentErrors(errors)
    return course

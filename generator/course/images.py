"""The course's images: the files of content/images/, each checked once, and the images
the Markdown texts show, each held against those files.

An author writes an image's address relative to content/ (``images/rings.png``);
``content/images/<lang>/rings.png``, where it exists, stands in for it on that
language's pages and PDFs. Every file of the folder is published on the site as it is
(``images/<name>``), so every one is checked, used or not: an SVG opened on its own runs
its script on the site's origin, and none may load anything from another host.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import warnings
import xml.parsers.expat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .errors import ContentError
from .yamlfile import inside_project

FOLDER = "images"  # content/images/, addressed as images/<name>
MAX_BYTES = 5 * 2**20  # a phone photo is 2-4 MB; the site serves resized copies
MAX_SIDE = 6000  # px: 3000 px prints a full A4 width at 350 dpi; more only slows the build
RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
SVG = "SVG"
KINDS = "PNG, JPEG, GIF, WebP or SVG"

SVG_NS = "http://www.w3.org/2000/svg"
# Elements that run script, or show another document inside the picture.
SVG_REFUSED = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
# What an SVG may refer to: its own parts (#id), or a picture inside the file itself.
SVG_REFERENCE = re.compile(r"^(#[\w.:-]*|data:image/(png|jpeg|gif|webp);base64,[\w+/=\s]*)$",
                           re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
SCRIPT_URL = re.compile(r"(java|vb)script:|@import", re.IGNORECASE)
URL_NOISE = re.compile(r"[\x00-\x20]")  # what a browser drops from a URL before reading it

# An image a text shows: a function that reports a problem at the text's YAML line, the
# text's language, the address as written, its alt text.
Use = tuple[Callable[[str], None], str, str]


@dataclass(frozen=True)
class Image:
    name: str  # its path in content/images/: 'rings.png', 'vi/rings.png'
    path: Path  # resolved
    digest: str  # sha256 of its bytes: names its resized copies, keys its cache
    format: str  # PNG, JPEG, GIF, WEBP or SVG
    width: int | None  # px as shown (a photo's EXIF rotation applied); an SVG's viewBox
    height: int | None
    animated: bool = False


@dataclass(frozen=True)
class Images:
    """Every file of content/images/ that passed the check, by its name there."""

    folder: Path | None = None
    files: dict[str, Image] = field(default_factory=dict)

    def find(self, address: str, lang: str) -> Image | None:
        """The file ``images/...`` shows in ``lang``: its own copy, else the common one."""
        name = name_of(address)
        if name is None:
            return None
        return self.files.get(f"{lang}/{name}") or self.files.get(name)


def name_of(address: str) -> str | None:
    """'images/my%20map.png' -> 'my map.png'; None for an address outside images/."""
    parts = unquote(address).split("/")
    if len(parts) < 2 or parts[0] != FOLDER or \
            any(p in ("", ".", "..") or "\\" in p for p in parts[1:]):
        return None
    return "/".join(parts[1:])


def read_images(root: Path, codes: list[str], uses: list[Use],
                errors: list[ContentError]) -> Images:
    """Check every file of content/images/ and every image the texts show; a problem with
    a file a text shows is reported at that text's line, one no text shows at the file.
    ``codes``: the course's languages, whose own copies sit in content/images/<code>/."""
    folder = root / "content" / FOLDER
    shown = f"content/{FOLDER}"
    files: dict[str, Image] = {}
    problems: dict[str, str] = {}
    if folder.exists():
        try:
            resolved = inside_project(folder, root, shown)
        except ContentError as exc:
            errors.append(exc)
            return Images()
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if any(part.startswith(".") for part in name.split("/")):
                continue  # .DS_Store, editors' files: not published
            try:
                if path.is_dir():
                    inside_project(path, root, f"{shown}/{name}")
                    continue
                image = _read(path, name, root, f"{shown}/{name}")
                suffix = Path(name).stem.rpartition(".")[2]
                if "." in Path(name).stem and suffix in codes:
                    # the site's language plugin would take it for a translated file
                    raise ContentError(shown, 0, f"a language's own copy goes in its folder: "
                                                 f"{shown}/{suffix}/ (not a name ending in "
                                                 f".{suffix})")
            except ContentError as exc:
                problems[name] = exc.message
                continue
            files[name] = image
    else:
        resolved = None
    images = Images(resolved, files)
    used: set[str] = set()
    for report, lang, address in uses:
        name = name_of(address)
        if name is None:
            continue  # markup's check has said why
        own = f"{lang}/{name}"
        for candidate in (own, name):
            if candidate in files or candidate in problems:
                used.add(candidate)
                if candidate in problems:
                    report(f"image '{address}' ({shown}/{candidate}): {problems[candidate]}")
                break
        else:
            report(f"image '{address}' not found: put the file in {shown}/{name} (or, for "
                   f"this language only, {shown}/{own})")
    for name in sorted(problems.keys() - used):
        errors.append(ContentError(f"{shown}/{name}", 0, problems[name]))
    return images


def _read(path: Path, name: str, root: Path, shown: str) -> Image:
    """One file of the folder, checked; a ContentError says what is wrong with it."""
    def refuse(why: str) -> ContentError:
        return ContentError(shown, 0, why)

    resolved = inside_project(path, root, shown)
    info = os.stat(resolved)
    if not stat.S_ISREG(info.st_mode):
        raise refuse("not a regular file")
    if info.st_size > MAX_BYTES:
        raise refuse(f"the file is {info.st_size / 2**20:.1f} MB; the limit is "
                     f"{MAX_BYTES // 2**20} MB (a phone photo resized to 3000 px fits)")
    with open(resolved, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # it may have grown since
    if len(data) > MAX_BYTES:
        raise refuse(f"the file is over {MAX_BYTES // 2**20} MB")
    suffix = path.suffix.lower()
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".svg":
        width, height = svg_size(data, refuse)
        return Image(name, resolved, digest, SVG, width, height)
    if suffix not in RASTER:
        raise refuse(f"not an image this course can show ({KINDS}: .png, .jpg, .gif, "
                     ".webp, .svg)")
    from PIL import Image as Pillow
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            with Pillow.open(io.BytesIO(data)) as picture:
                picture.verify()  # a broken file fails here, not halfway through a build
            with Pillow.open(io.BytesIO(data)) as picture:  # verify leaves it unusable
                kind, (width, height) = picture.format, picture.size
                animated = bool(getattr(picture, "is_animated", False))
                orientation = picture.getexif().get(0x0112, 1)
    except (UnidentifiedImageError, Pillow.DecompressionBombWarning,
            Pillow.DecompressionBombError) as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise refuse(f"not an image (Pillow cannot read it as {RASTER[suffix]})") from None
        raise refuse(f"more than {MAX_SIDE} px on a side") from None
    except (OSError, SyntaxError, ValueError) as exc:  # what Pillow raises for broken data
        raise refuse(f"a damaged {RASTER[suffix]} file ({exc})") from None
    if kind != RASTER[suffix]:
        raise refuse(f"a {kind} file named {suffix}: give it the right ending")
    if max(width, height) > MAX_SIDE:
        raise refuse(f"{width}×{height} px; the limit is {MAX_SIDE} px on a side (the site "
                     "serves at most 1280 px, the PDFs print sharp from 3000 px)")
    if orientation in (5, 6, 7, 8):  # a phone photo taken upright: shown turned
        width, height = height, width
    return Image(name, resolved, digest, kind, width, height, animated)


def svg_size(data: bytes, refuse: Callable[[str], ContentError]) -> tuple[int | None,
                                                                           int | None]:
    """Check an SVG for anything that could run or load from elsewhere; its size from its
    viewBox (else its width and height, in px), or (None, None)."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    found: dict[str, tuple[int | None, int | None]] = {}
    in_style = [0]

    def no(why: str):
        raise refuse(f"an SVG with {why} is refused: opened on its own, it would run on "
                     "the site (remove it, e.g. export as plain SVG)")

    def start(name: str, attrs: dict[str, str]):
        namespace, _, local = name.rpartition(" ")
        if not found:
            if (namespace, local) != (SVG_NS, "svg"):
                raise refuse(f"not an SVG (its first element is <{local}>, not <svg> in the "
                             "SVG namespace)")
            found["size"] = _size(attrs)
        if local.lower() in SVG_REFUSED:
            no(f"a <{local}> element")
        for key, value in attrs.items():
            attr = key.rpartition(" ")[2].lower()
            bare = URL_NOISE.sub("", value)
            if attr.startswith("on"):
                no(f"an event attribute ({attr})")
            if SCRIPT_URL.search(bare):
                no(f"script in an attribute ({attr})")
            if attr == "href" and not SVG_REFERENCE.match(value.strip()):
                no(f"a link to another file or host ({attr}='{value[:40]}')")
            if attr == "attributename" and (value.lower().endswith("href") or
                                            value.lower().startswith("on")):
                no(f"an animation that changes {value}")
            if attr == "style":
                css(value)
        if local == "style":
            in_style[0] += 1

    def end(name: str):
        if name.rpartition(" ")[2] == "style":
            in_style[0] -= 1

    def css(text: str):
        if SCRIPT_URL.search(URL_NOISE.sub("", text)):
            no("script or @import in its style")
        for _, target in CSS_URL.findall(text):
            if not SVG_REFERENCE.match(target.strip()):
                no(f"a style that loads another file (url({target[:40]}))")

    def text(data: str):
        if in_style[0]:
            css(data)

    def doctype(*_):
        no("a DOCTYPE or entities")

    def instruction(target: str, _data: str):
        if target.lower() != "xml":
            no(f"a processing instruction (<?{target}?>)")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise refuse(f"not an SVG (not well-formed XML: "
                     f"{xml.parsers.expat.ErrorString(exc.code)}, line {exc.lineno})") from None
    if not found:
        raise refuse("not an SVG (no <svg> element)")
    return found["size"]


NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _size(attrs: dict[str, str]) -> tuple[int | None, int | None]:
    box = attrs.get("viewBox", "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
            return max(1, round(float(box[2]))), max(1, round(float(box[3])))
    except ValueError:
        pass
    width, height = NUMBER.match(attrs.get("width", "")), NUMBER.match(attrs.get("height", ""))
    if width and height and float(width.group(1)) > 0 and float(height.group(1)) > 0:
        return max(1, round(float(width.group(1)))), max(1, round(float(height.group(1))))
    return None, None

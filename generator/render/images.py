"""Where the course's images land, and in what size.

On the site, every file of content/images/ is published as it is, at ``images/<name>``
(a language's own copies at ``images/<lang>/<name>``), for the theme's logo or a link.
A page shows a photo or a drawing from copies resized at build time: WebP at a few
widths for the browser to choose from (``srcset``), the original format at most 1280 px
wide for a browser that takes none, each named after its source's bytes and kept in the
build cache, so a warm build resizes nothing. An SVG is shown as it is (the check has
refused any that could run script). The PDFs print the original file.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from pathlib import Path
from urllib.parse import quote

from ..course.errors import ContentError
from ..course.images import FOLDER, SVG, Image, Images
from ..course.markup import ImageLink
from ..course.model import Course
from .urls import site_href

WIDTHS = (480, 960, 1280)  # a phone, a phone at 2x or a laptop, a large screen
FALLBACK = 1280  # the <img src> for a browser without srcset, in the source's format
# How wide the picture is drawn: the text column of a page (Material's grid, both
# sidebars shown from 76.25em), else the screen's width.
SIZES = "(min-width: 76.25em) 704px, 100vw"
DECK_SIZES = "50vw"  # on a slide, below the instructions: about half the screen at most
SIZED = "assets/sized"  # the resized copies on the site (Material has assets/images/)
WEBP = {"quality": 80, "method": 6}  # fixed: the same bytes every build
# the fallback's format: the source's, but a still GIF becomes a PNG (its alpha kept)
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "png", "WEBP": "webp"}


def widths(image: Image) -> list[int]:
    """The widths of its WebP copies: those of WIDTHS below its own, and its own (or the
    largest of WIDTHS)."""
    return sorted({min(width, image.width) for width in WIDTHS})


def _height(image: Image, width: int) -> int:
    return max(1, round(image.height * width / image.width))


def resized(image: Image) -> bool:
    """A still picture gets resized copies; an SVG or an animation is shown as it is."""
    return image.format != SVG and not image.animated


def sized_name(image: Image, width: int, extension: str = "webp") -> str:
    """assets/images/rings.1f2e3d4c5b6a7980.480.webp: its bytes' digest in the name, so a
    changed picture is a new address that no browser has cached."""
    return f"{SIZED}/{Path(image.name).stem}.{image.digest[:16]}.{width}.{extension}"


def site_name(image: Image) -> str:
    """The file as it is, on the site: images/rings.png, images/vi/rings.png."""
    return f"{FOLDER}/{image.name}"


def _url(prefix: str, name: str) -> str:
    return prefix + quote(name)  # spaces, commas (srcset's separator), non-ASCII


def site_attributes(image: Image, prefix: str, sizes: str = SIZES) -> dict[str, str]:
    """The <img> attributes on a page whose way to the site's root is ``prefix``."""
    out: dict[str, str] = {}
    if resized(image):
        steps = widths(image)
        largest = min(image.width, FALLBACK)
        out["src"] = _url(prefix, sized_name(image, largest, EXTENSIONS[image.format]))
        out["srcset"] = ", ".join(f"{_url(prefix, sized_name(image, w))} {w}w" for w in steps)
        out["sizes"] = sizes
        out["width"], out["height"] = str(largest), str(_height(image, largest))
    else:
        out["src"] = _url(prefix, site_name(image))
        if image.width and image.height:
            out["width"], out["height"] = str(image.width), str(image.height)
    out["loading"], out["decoding"] = "lazy", "async"
    return out


def _link(images: Images, lang: str, attributes) -> ImageLink:
    def link(address: str) -> dict[str, str] | None:
        image = images.find(address, lang)
        return attributes(image) if image else None
    return link


def page_link(course: Course, lang: str) -> ImageLink:
    """For a page of ``lang``: pages sit at the top of their language's folder."""
    prefix = site_href(course, lang, "")
    return _link(course.images, lang, lambda image: site_attributes(image, prefix))


def deck_link(course: Course, lang: str, web: bool) -> ImageLink:
    """For a slide deck: on the site it sits in slides/, beside images/ and assets/; the
    16:9 PDF prints the original, as every PDF does."""
    if not web:
        return print_link(course, lang)
    return _link(course.images, lang,
                 lambda image: site_attributes(image, "../", DECK_SIZES))


def print_link(course: Course, lang: str) -> ImageLink:
    """For a PDF: the original file, relative to content/images/ (the PDF's base address,
    pdf/documents.py), its digest in the query so a changed picture renders anew."""
    return _link(course.images, lang, lambda image: {
        "src": f"{quote(image.name)}?v={image.digest[:16]}"})


def logo_src(course: Course, lang: str, web: bool, prefix: str = "../") -> str:
    """The course's logo: the site's copy (from a page ``prefix`` away from the site's
    root), or for a PDF the original beside its other images; '' if it has none."""
    image = course.images.find(course.brand.logo, lang) if course.brand.logo else None
    if image is None:
        return ""
    if web:
        return prefix + "images/" + quote(image.name)
    return f"{quote(image.name)}?v={image.digest[:16]}"


def print_base(course: Course) -> str | None:
    """The address a PDF's images are relative to: content/images/ of the project."""
    folder = course.images.folder
    return folder.as_uri() + "/" if folder else None


def link_for(context) -> ImageLink | None:
    """What the ``markdown`` filter gives images when a template's caller named nothing
    (``image_link``): for the slide deck (its context has ``web``), the deck's; else
    none, and an image keeps its address as written."""
    if "image_link" in context:
        return context["image_link"]
    course, lang = context.get("course"), context.get("lang")
    if isinstance(course, Course) and isinstance(lang, str) and "web" in context:
        return deck_link(course, lang, bool(context["web"]))
    return None


# -- the files, resized at build time ----------------------------------------------------

@functools.cache
def recipe() -> str:
    """What makes the resized bytes besides the picture: Pillow's version, this file."""
    import PIL

    own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"Pillow {PIL.__version__} {own}"


def site_files(course: Course, cache_dir: Path) -> tuple[dict[str, bytes], int]:
    """Every file of content/images/ as it is, and the resized copies the pages name,
    as {path on the site: bytes}; and how many pictures had to be resized (not cached)."""
    files: dict[str, bytes] = {}
    made = 0
    cache = cache_dir / "images"
    for image in course.images.files.values():
        files[site_name(image)] = image.path.read_bytes()
        if not resized(image):
            continue
        key = hashlib.sha256(f"{image.digest}\n{recipe()}".encode()).hexdigest()[:32]
        wanted = {sized_name(image, w): cache / f"{key}.{w}.webp" for w in widths(image)}
        largest = min(image.width, FALLBACK)
        extension = EXTENSIONS[image.format]
        wanted[sized_name(image, largest, extension)] = cache / f"{key}.{largest}.{extension}"
        if not all(path.is_file() for path in wanted.values()):
            try:
                _resize(image, cache, key)
            except (OSError, ValueError, SyntaxError) as exc:  # Pillow's, for broken data
                if isinstance(exc, OSError) and exc.filename:
                    raise  # the cache's folder, not the picture
                raise ContentError(f"content/{site_name(image)}", 0,
                                   f"cannot be resized: {exc}") from None
            made += 1
        files.update({name: path.read_bytes() for name, path in wanted.items()})
    return files, made


def _resize(image: Image, cache: Path, key: str) -> None:
    """Write its copies into the cache: EXIF rotation applied, then every metadata block
    dropped (a photo's place and camera stay home); the colour profile is kept."""
    from PIL import Image as Pillow
    from PIL import ImageOps

    cache.mkdir(parents=True, exist_ok=True)
    with Pillow.open(image.path) as source:
        profile = source.info.get("icc_profile")
        picture = ImageOps.exif_transpose(source)
        alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
        picture = picture.convert("RGBA" if alpha else "RGB")
    extras = {"icc_profile": profile} if profile else {}
    largest = min(image.width, FALLBACK)
    jobs = dict.fromkeys([(w, "webp") for w in widths(image)] +
                         [(largest, EXTENSIONS[image.format])])
    for width, extension in jobs:
        size = (width, _height(image, width))
        copy = picture if size == picture.size else \
            picture.resize(size, Pillow.Resampling.LANCZOS)
        out = io.BytesIO()
        if extension == "webp":
            copy.save(out, "WEBP", **WEBP, **extras)
        elif extension == "png":
            copy.save(out, "PNG", compress_level=9, **extras)
        else:
            copy.convert("RGB").save(out, "JPEG", quality=85, optimize=True,
                                     progressive=True, **extras)
        target = cache / f"{key}.{width}.{extension}"
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(out.getvalue())
        tmp.replace(target)


"""The fonts: Noto Sans, Noto Sans Devanagari and Noto Sans Arabic from pinned PyPI
packages (OFL), cut to the scripts the course uses, so no page or PDF depends on the
machine or the network.

Web: each face subset to woff2 (the variable fonts are 2 MB and 0.6 MB). PDF: static
Regular and Bold instances, since WeasyPrint embeds a variable font slowly (seconds a PDF,
against a tenth of a second). Cutting takes seconds, so each result is cached by a hash
of its inputs.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Face:
    name: str  # file stem: noto-sans, noto-sans-devanagari
    package: str
    file: str
    unicodes: str
    # OpenType features left out of the PDF font, because WeasyPrint's text layer gets
    # them wrong: 'ccmp' splits precomposed Vietnamese letters into base and mark glyphs
    # (copying "tiêu" gave "tiê"; content is NFC, so nothing needs it) and ligatures turned
    # "offer" into "oͥer". Devanagari keeps every feature: its conjuncts need them.
    pdf_dropped: frozenset[str] = frozenset()
    pdf_family: str = "Workbook Sans"  # its name in the PDFs' CSS (templates/pdf.css.j2)

    def source(self) -> Path:
        return Path(str(resources.files(self.package) / "files" / self.file))

    def license(self) -> bytes:
        return (resources.files(self.package) / "LICENSE").read_bytes()


LATIN = Face("noto-sans", "fontpkg_noto_sans", "NotoSans[wdth,wght].ttf",
             # Basic Latin to Latin Extended-B, combining marks, Vietnamese (Latin Extended
             # Additional), punctuation, the dong and euro signs, arrows.
             "U+0000-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AB,U+20AC,U+2190-21FF",
             frozenset({"ccmp", "liga", "clig", "dlig"}), "Workbook Sans")
DEVANAGARI = Face("noto-sans-devanagari", "fontpkg_noto_sans_devanagari",
                  "NotoSansDevanagari[wdth,wght].ttf",
                  # Devanagari, its extensions, Vedic marks, ZWNJ/ZWJ, the rupee sign, the
                  # dotted circle that shaping shows for a stray mark; and the spaces, digits
                  # and punctuation inside a Hindi run, which Pango sets in this face too (a
                  # subset without them printed a box for every space between Hindi words).
                  "U+0020-007E,U+00A0,U+00AB,U+00BB,U+2010-2027,U+2030-205E,"
                  "U+0900-097F,U+A8E0-A8FF,U+1CD0-1CFF,U+200C-200D,U+20B9,U+25CC",
                  pdf_family="Workbook Devanagari")
ARABIC = Face("noto-sans-arabic", "fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf",
              # Arabic and its supplements and presentation forms, ZWNJ/ZWJ, the marks
              # for right-to-left runs; and, as for Devanagari, the spaces, digits and
              # punctuation inside an Arabic run. Every OpenType feature kept: joining
              # (init, medi, fina) and the lam-alef ligature need them.
              "U+0020-007E,U+00A0,U+00AB,U+00BB,U+2010-2027,U+2030-205E,"
              "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,"
              "U+25CC", pdf_family="Workbook Arabic")
FACES = (LATIN, DEVANAGARI, ARABIC)


def covers(face: Face, text: str) -> bool:
    from fontTools.subset import parse_unicodes

    points = set(parse_unicodes(face.unicodes))
    return all(ord(ch) in points for ch in text if ch.isalpha())


def face_for(text: str) -> Face:
    """The face that draws a language's letters, judged by a sample of its text: what a
    PDF's form fields in that language type with (the first face that covers it all)."""
    return next((face for face in FACES if covers(face, text)), FACES[0])


def course_faces(label_texts: list[str]) -> tuple[Face, ...]:
    """The faces a course needs: Latin always (numbers, addresses), and the face of each
    of its languages, judged by that language's interface labels. A course in Latin and
    Devanagari embeds no Arabic font, and its PDFs stay as they were."""
    wanted = {LATIN} | {face_for(text) for text in label_texts}
    return tuple(face for face in FACES if face in wanted)


def faces_of(course) -> tuple[Face, ...]:
    """The faces of a course's languages (its pages, its PDFs)."""
    return course_faces([" ".join(text[code] for text in course.labels.values())
                         for code in course.language_codes])


def families(faces: tuple[Face, ...]) -> str:
    """The faces as a CSS font-family list, for the PDFs."""
    return ", ".join(f'"{face.pdf_family}"' for face in faces)


def _key(face: Face, recipe: str) -> str:
    data = face.source().read_bytes() + face.unicodes.encode() + recipe.encode()
    return hashlib.sha256(data).hexdigest()[:16]


def _save(font, target: Path, **save_options) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")  # parallel builds never share one
    font.save(str(tmp), **save_options)
    tmp.replace(target)


@dataclass(frozen=True)
class WebCut:
    """One web font file: a face cut to a range of characters and weights. A browser
    fetches it only for a page with text in ``unicodes`` (the @font-face unicode-range)."""

    name: str  # file stem under assets/fonts/
    face: Face
    unicodes: str
    weights: tuple[int, int]  # the weight axis kept; weights outside it use its ends
    family: str = "Noto Sans"


# The site's CSS asks for 300 (Material's h1), 400 and 700. Every cut keeps 400 to 700 (a
# 300 heading shows at 400), a quarter less than the whole axis. Latin is split so that
# an English page does not fetch the Vietnamese letters; the ranges do not overlap.
LATIN_BASIC = ("U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,"
               "U+2000-206F,U+20AC,U+2190-21FF")
VIETNAMESE = ("U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,"
              "U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB")
WEIGHTS = (400, 700)
WEB_CUTS = (
    WebCut("noto-sans-latin", LATIN, LATIN_BASIC, WEIGHTS),
    WebCut("noto-sans-vietnamese", LATIN, VIETNAMESE, WEIGHTS),
    WebCut("noto-sans-latin-ext", LATIN, "U+0100-0101,U+0104-010F,U+0112-0127,U+012A-0130,"
           "U+0132-0151,U+0154-0167,U+016A-019F,U+01A2-01AE,U+01B1-024F,U+1E00-1E9F,"
           "U+1EFA-1EFF", WEIGHTS),
    WebCut("noto-sans-devanagari", DEVANAGARI, "U+0900-097F,U+200C-200D,U+20B9,U+25CC",
           WEIGHTS),
    WebCut("noto-sans-arabic", ARABIC, "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,"
           "U+FE70-FEFF,U+200C-200F", WEIGHTS),
)


def web_cuts(faces: tuple[Face, ...]) -> tuple[WebCut, ...]:
    return tuple(cut for cut in WEB_CUTS if cut.face in faces)
NAMES_FAMILY = "Workbook Language Names"


def name_cuts(names: list[str]) -> list[WebCut]:
    """Tiny faces holding just the letters of the language selector's names that the
    basic Latin cut lacks ("हिन्दी", "Tiếng Việt"), so that showing the selector on every
    page does not fetch a whole script's font."""
    from fontTools.subset import parse_unicodes

    basic = set(parse_unicodes(LATIN_BASIC))
    wanted = sorted({ord(ch) for name in names for ch in name} - basic)
    cuts = []
    for face in FACES:
        covered = set(parse_unicodes(face.unicodes))
        mine = [cp for cp in wanted if cp in covered]
        wanted = [cp for cp in wanted if cp not in covered]
        if mine:
            cuts.append(WebCut(f"names-{face.name}", face,
                               ",".join(f"U+{cp:04X}" for cp in mine), WEIGHTS,
                               NAMES_FAMILY))
    return cuts


def web_font(cut: WebCut, cache_dir: Path) -> bytes:
    """The cut as woff2, made once per font version and kept in ``cache_dir``."""
    from fontTools import subset  # imported here: only a cache miss needs it
    from fontTools.varLib import instancer

    recipe = f"web {cut.weights} {cut.unicodes} -{sorted(cut.face.pdf_dropped)}"
    cached = cache_dir / f"{cut.name}-{_key(cut.face, recipe)}.woff2"
    if not cached.is_file():
        options = subset.Options()
        options.flavor = "woff2"
        font = subset.load_font(str(cut.face.source()), options)
        # the features the PDF fonts drop, dropped here too: 'ccmp' would draw "ụ" as a
        # "u" from another cut plus a mark, and a browser's printed PDF loses the "u"
        options.layout_features = sorted(_features(font) - cut.face.pdf_dropped)
        try:
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=subset.parse_unicodes(cut.unicodes))
            subsetter.subset(font)
            # subset first: the instancer trips over glyphs the subset has dropped
            font = instancer.instantiateVariableFont(font, {"wdth": 100, "wght": cut.weights})
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            subset.save_font(font, str(tmp), options)
            tmp.replace(cached)
        finally:
            font.close()
    return cached.read_bytes()


def _features(font) -> set[str]:
    tags = set()
    for table in ("GSUB", "GPOS"):
        if table in font:
            tags |= {rec.FeatureTag for rec in font[table].table.FeatureList.FeatureRecord}
    return tags


def pdf_fonts(cache_dir: Path, faces: tuple[Face, ...] = FACES) -> dict[str, Path]:
    """Static Regular and Bold instances of each face: {"noto-sans-bold": path, ...}."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    out = {}
    for face in faces:
        key = _key(face, "pdf no-timestamp " + ",".join(sorted(face.pdf_dropped)))
        for style, weight in (("regular", 400), ("bold", 700)):
            cached = cache_dir / f"{face.name}-{style}-{key}.ttf"
            out[f"{face.name}-{style}"] = cached
            if cached.is_file():
                continue
            with TTFont(str(face.source())) as font:
                static = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100})
                options = subset.Options()
                options.layout_features = sorted(_features(static) - face.pdf_dropped)
                options.name_IDs = ["*"]
                options.notdef_outline = True
                subsetter = subset.Subsetter(options)
                subsetter.populate(unicodes=subset.parse_unicodes(face.unicodes))
                subsetter.subset(static)
                # keep the source's own dates: a cut made today and one made tomorrow
                # must be the same bytes (fontTools stamps the time of saving otherwise)
                static.recalcTimestamp = False
                _save(static, cached)
    return out

"""The fonts: Noto Sans and Noto Sans Devanagari from pinned PyPI packages (OFL), cut to
the scripts the course uses, so no page or PDF depends on the machine or the network.

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
FACES = (LATIN, DEVANAGARI)


def covers(face: Face, text: str) -> bool:
    from fontTools.subset import parse_unicodes

    points = set(parse_unicodes(face.unicodes))
    return all(ord(ch) in points for ch in text if ch.isalpha())


def face_for(text: str) -> Face:
    """The face that draws a language's letters, judged by a sample of its text: what a
    PDF's form fields in that language type with (the first face that covers it all)."""
    return next((face for face in FACES if covers(face, text)), FACES[0])


def _key(face: Face, recipe: str) -> str:
    data = face.source().read_bytes() + face.unicodes.encode() + recipe.encode()
    return hashlib.sha256(data).hexdigest()[:16]


def _save(font, target: Path, **save_options) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")  # parallel builds never share one
    font.save(str(tmp), **save_options)
    tmp.replace(target)


def web_font(face: Face, cache_dir: Path) -> bytes:
    """The face subset to woff2, made once per font version and kept in ``cache_dir``."""
    from fontTools import subset  # imported here: only a cache miss needs it

    cached = cache_dir / f"{face.name}-{_key(face, 'web')}.woff2"
    if not cached.is_file():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        font = subset.load_font(str(face.source()), options)
        try:
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=subset.parse_unicodes(face.unicodes))
            subsetter.subset(font)
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


def pdf_fonts(cache_dir: Path) -> dict[str, Path]:
    """Static Regular and Bold instances of every face: {"noto-sans-bold": path, ...}."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    out = {}
    for face in FACES:
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

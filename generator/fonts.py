"""The site's web font: Noto Sans from a pinned PyPI package, cut to the scripts we use.

The whole variable font is 2 MB; the Latin and Vietnamese subset as woff2 is about
180 kB. Subsetting takes seconds, so the result is cached by the input's hash.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

# Basic Latin to Latin Extended-B, combining marks, Vietnamese (Latin Extended
# Additional), punctuation, the dong sign and arrows.
UNICODES = "U+0000-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AB,U+20AC,U+2190-21FF"


def _source() -> Path:
    files = resources.files("fontpkg_noto_sans") / "files"
    return Path(str(files / "NotoSans[wdth,wght].ttf"))


def web_font(cache_dir: Path) -> bytes:
    """The subset woff2, made once per font version and kept in ``cache_dir``."""
    from fontTools import subset  # imported here: only a cache miss needs it

    source = _source()
    key = hashlib.sha256(source.read_bytes() + UNICODES.encode()).hexdigest()[:16]
    cached = cache_dir / f"noto-sans-{key}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")  # parallel builds never share one
        subset.save_font(font, str(tmp), options)
        tmp.replace(cached)
    finally:
        font.close()
    return cached.read_bytes()


PDF_DROPPED_FEATURES = {"ccmp", "liga", "clig", "dlig"}


def _features(font) -> set[str]:
    tags = set()
    for table in ("GSUB", "GPOS"):
        if table in font:
            tags |= {rec.FeatureTag for rec in font[table].table.FeatureList.FeatureRecord}
    return tags


def pdf_fonts(cache_dir: Path) -> dict[str, Path]:
    """Static Regular and Bold instances for WeasyPrint, cut to the same scripts.

    WeasyPrint embeds a variable font slowly (seconds per PDF); static instances take a
    tenth of a second. Two features are left out because WeasyPrint's text layer gets
    them wrong: 'ccmp' splits precomposed Vietnamese letters into base and mark glyphs
    (copying "tiêu" from the PDF gave "tiê"; content is NFC, so nothing needs it), and
    the ligatures ("offer" came out as "oͥer").
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    source = _source()
    recipe = UNICODES.encode() + ",".join(sorted(PDF_DROPPED_FEATURES)).encode()
    key = hashlib.sha256(source.read_bytes() + recipe).hexdigest()[:16]
    out = {}
    for style, weight in (("regular", 400), ("bold", 700)):
        cached = cache_dir / f"noto-sans-{style}-{key}.ttf"
        out[style] = cached
        if cached.is_file():
            continue
        with TTFont(str(source)) as font:
            static = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100})
            options = subset.Options()
            options.layout_features = sorted(_features(static) - PDF_DROPPED_FEATURES)
            options.name_IDs = ["*"]
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
            subsetter.subset(static)
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            static.save(str(tmp))
            tmp.replace(cached)
    return out


def font_license() -> bytes:
    return (resources.files("fontpkg_noto_sans") / "LICENSE").read_bytes()

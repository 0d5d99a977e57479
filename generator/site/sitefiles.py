"""Site-wide files written after MkDocs has built the pages: one per language.

mkdocs-static-i18n builds every language into one folder and merges all languages into
a single search index and sitemap. Readers want results in their own language, and
Material looks for ``sitemap.xml`` beside each language's pages, so each language gets
its own index and sitemap here. Nothing in this module depends on MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

from ..render.urls import lang_folder


def split_search_index(site_dir: Path, languages: list[str], default: str) -> None:
    """Replace the merged index with ``search/search_index.json`` under each language root,
    and the same as ``search_index.js``, which Material loads when opened from disk."""
    merged_path = site_dir / "search" / "search_index.json"
    if not merged_path.is_file():
        return
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default]
    buckets: dict[str, list] = {lang: [] for lang in languages}
    for doc in merged["docs"]:
        location = doc["location"]
        lang = next((code for code in others if location.startswith(f"{code}/")), default)
        buckets[lang].append({**doc, "location": location[len(lang_folder(lang, default)):]})
    stemmers = merged["config"].get("lang", ["en"])
    for lang in languages:
        config = {**merged["config"], "lang": [lang] if lang in stemmers else ["en"]}
        out = site_dir / lang_folder(lang, default) / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"config": config, "docs": buckets[lang]}, ensure_ascii=False,
                          separators=(",", ":"))
        out.write_text(text, encoding="utf-8")
        # Opened from disk (file://), Material reads the index as a script instead
        out.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")


def write_sitemaps(site_dir: Path, site_url: str, slugs: list[str], languages: list[str],
                   default: str) -> None:
    """A sitemap per language: its pages' addresses. Material's language selector fetches
    every language's sitemap on every page, so they carry nothing more; each page's head
    names its alternates in the other languages (hreflang)."""
    base = site_url.rstrip("/") + "/"

    def url(lang: str, slug: str) -> str:
        return base + lang_folder(lang, default) + ("" if slug == "index" else f"{slug}.html")

    for lang in languages:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        lines += [f"<url><loc>{escape(url(lang, slug))}</loc></url>" for slug in slugs]
        lines.append("</urlset>\n")
        xml = "\n".join(lines).encode("utf-8")
        folder = site_dir / lang_folder(lang, default)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "sitemap.xml").write_bytes(xml)
        # mtime=0 keeps the archive byte-identical from one build to the next
        (folder / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))


# -- Material's stylesheet, cut to what the site uses ---------------------------------
#
# Material's main.css (137 KB) styles every extension and feature it has; a page of this
# site uses a third of it, and the stylesheet blocks the first paint on a slow phone.
# A rule is kept when every class, id, element and attribute its selector names occurs
# in the site's pages or in the words of its scripts (which build search results, dialogs
# and tooltips at run time); then the custom properties and keyframes that nothing kept
# uses any more go too. Pseudo-classes and functions such as :not() keep a rule: when in
# doubt, a rule stays.

# Selectors of what scripts build from parts of names (Material's "md-search-result__"
# + kind); kept whatever the pages hold
KEEP_PREFIXES = ("md-search", "md-dialog", "md-typeset__")
# ... and the classes it sets on what the pages have that are not named md-...
MATERIAL_CLASSES = {"js", "focus-visible"}
# ... but not the parts of features it builds only for what these pages never have: code
# blocks (copy button, annotations), a version selector, tags, tooltips, page status.
# A page that has one names the class in its HTML, and its rules stay.
# ... and the elements it builds (search results, dialogs); the others it names are ones
# it finds in a page (pre, details, kbd), which the page's own HTML then names
MATERIAL_TAGS = {"a", "article", "button", "del", "div", "h1", "h2", "input", "label", "li",
                 "mark", "nav", "ol", "p", "path", "section", "small", "span", "svg", "ul"}
MATERIAL_UNUSED = ("md-annotation", "md-clipboard", "md-code", "md-version", "md-tag",
                   "md-tooltip", "md-status", "md-source")
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+)))?')
_WORD = re.compile(r"[A-Za-z0-9_-]+")


class Used:
    """What the pages and scripts name: element names, attribute names, classes and ids,
    and the words of attribute values (the scripts' words count as all of these)."""

    def __init__(self) -> None:
        self.tags: set[str] = {"html", "body"}
        self.attrs: set[str] = set()
        self.classes: set[str] = set()  # and ids
        self.words: set[str] = set()  # of any attribute's value
        self.variables: set[str] = set()  # custom properties set or read outside the CSS

    def add_html(self, html: str) -> None:
        for tag, rest in _TAG.findall(html):
            self.tags.add(tag.lower())
            for name, *values in _ATTR.findall(rest):
                self.attrs.add(name.lower())
                value = next((v for v in values if v), "")
                if value:
                    words = _WORD.findall(value)
                    self.words.update(words)
                    if name.lower() in ("class", "id"):
                        self.classes.update(words)
                    elif name.lower() == "style":
                        self.variables.update(re.findall(r"--[\w-]+", value))

    def add_script(self, text: str, material: bool = False) -> None:
        """A script's words. Material's bundle names every feature it has, most of them
        not this site's (code blocks, content tabs): its words count as classes and
        values only for the names it gives the parts it builds (md-...)."""
        words = set(_WORD.findall(text))
        named = {w for w in words if w in MATERIAL_CLASSES or w.startswith("md-")
                 and not w.startswith(MATERIAL_UNUSED)} if material else words
        self.classes |= named
        self.words |= named
        self.tags |= {w.lower() for w in words} if not material else MATERIAL_TAGS
        self.attrs |= {w.lower() for w in words}
        self.variables |= {w for w in words if w.startswith("--")}


def _selector_used(tokens: list, used: Used) -> bool:
    after = None  # the literal before this token: '.', ':' or none
    for token in tokens:
        kind = token.type
        if kind == "literal" and token.value in (".", ":"):
            after = token.value
            continue
        if kind == "ident":
            name = token.value
            if after == "." and not (name in used.classes or name.startswith(KEEP_PREFIXES)):
                return False
            if after is None and name.lower() not in used.tags:
                return False
        elif kind == "hash" and token.is_identifier and token.value not in used.classes:
            return False
        elif kind == "[] block":
            parts = [t for t in token.content if t.type in ("ident", "string")]
            if parts and parts[0].value.lower() not in used.attrs:
                return False
            if len(parts) > 1 and not set(_WORD.findall(parts[-1].value)) <= used.words:
                return False
        if not (kind == "literal" and token.value == ":"):
            after = None
    return True


def _split_selectors(prelude: list) -> list[list]:
    out, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            out.append(current)
            current = []
        else:
            current.append(token)
    out.append(current)
    return out


def _purge_rules(rules: list, used: Used) -> list:
    import tinycss2

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude) if _selector_used(s, used)]
            if selectors:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in selectors)
                kept.append([prelude, tinycss2.parse_declaration_list(
                    rule.content, skip_whitespace=True, skip_comments=True)])
        elif rule.type == "at-rule" and rule.at_keyword.lower() in ("media", "supports") \
                and rule.content is not None:
            inner = _purge_rules(tinycss2.parse_rule_list(
                rule.content, skip_whitespace=True, skip_comments=True), used)
            if inner:
                kept.append([f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", inner])
        elif rule.type == "at-rule":
            kept.append(rule)
    return kept


def _declared_uses(tree: list, found: set[str], names: set[str]) -> None:
    """The custom properties and identifiers (keyframe names) that kept declarations read."""
    for item in tree:
        if isinstance(item, list):
            body = item[1]
            if body and isinstance(body[0], list):
                _declared_uses(body, found, names)
                continue
            for decl in body:
                if decl.type == "declaration":
                    text = decl.serialize()
                    found.update(re.findall(r"var\(\s*(--[\w-]+)", text))
                    if not decl.name.startswith("--"):
                        names.update(_WORD.findall(text))


def _prune_unused(tree: list, variables: set[str], names: set[str]) -> list:
    out = []
    for item in tree:
        if isinstance(item, list):
            prelude, body = item
            if body and isinstance(body[0], list):
                inner = _prune_unused(body, variables, names)
                if inner:
                    out.append([prelude, inner])
                continue
            body = [d for d in body if d.type == "declaration" and
                    (not d.name.startswith("--") or d.name in variables)]
            if body:
                out.append([prelude, body])
        elif item.at_keyword.lower().endswith("keyframes"):
            import tinycss2

            if tinycss2.serialize(item.prelude).strip() in names:
                out.append(item)
        else:
            out.append(item)
    return out


def _serialize(tree: list) -> str:
    parts = []
    for item in tree:
        if isinstance(item, list):
            prelude, body = item
            if body and isinstance(body[0], list):
                parts.append(f"{prelude}{{{_serialize(body)}}}")
            else:
                parts.append(f"{prelude}{{{';'.join(d.serialize() for d in body)}}}")
        else:
            parts.append(item.serialize())
    return "".join(parts)


def purge_css(css: str, used: Used) -> str:
    """The stylesheet with only the rules, custom properties and keyframes in use."""
    import rcssmin
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    tree = _purge_rules(rules, used)
    variables = set(used.variables)
    while True:  # a custom property read only by one that goes goes too
        found, names = set(used.variables), set()
        _declared_uses(tree, found, names)
        tree = _prune_unused(tree, found, names)
        if found == variables:
            break
        variables = found
    return rcssmin.cssmin(_serialize(tree))


def purge_material_css(site_dir: Path, originals: Path,
                       pages: list[str] | None = None) -> dict[str, int]:
    """Material's stylesheets in ``site_dir``, cut from their originals (in ``originals``:
    a build that copies nothing anew must not cut the cut ones) to what its pages and
    scripts use: {file: bytes before}. The pages are the site's HTML files unless given."""
    used = Used()
    for path in sorted(site_dir.rglob("*.html")) if pages is None else []:
        used.add_html(path.read_text(encoding="utf-8", errors="replace"))
    for html in pages or []:
        used.add_html(html)
    scripts = site_dir / "assets" / "javascripts"
    for path in sorted([*scripts.glob("*.js"), *(site_dir / "assets").glob("*.js")]):
        used.add_script(path.read_text(encoding="utf-8"), path.name.startswith("bundle."))
    before, sources = {}, {}
    for path in sorted((site_dir / "assets" / "stylesheets").glob("*.min.css")):
        source = originals / path.name
        sources[path] = (source if source.is_file() else path).read_text(encoding="utf-8")
        before[path.name] = len(sources[path].encode())
    # a custom property set in one stylesheet is read in another (the palette's colours,
    # main.css's header): what the cut sheets read together is what each must keep
    while True:
        cut = {path: purge_css(css, used) for path, css in sources.items()}
        read = {name for css in cut.values() for name in re.findall(r"var\(\s*(--[\w-]+)", css)}
        if read <= used.variables:
            break
        used.variables |= read
    for path, css in cut.items():
        path.write_text(css, encoding="utf-8")
    return before


def class_names(html: str) -> set[str]:
    """The classes an HTML text's elements carry."""
    return {word for value in re.findall(r'class="([^"]*)"', html) for word in value.split()}


def css_classes(css: str) -> set[str]:
    """The classes a stylesheet's selectors name."""
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", re.sub(r"/\*.*?\*/|\{[^{}]*\}", " ", css,
                                                             flags=re.S)))


# -- Kept for use without a connection: the service worker's lists, the manifests ------

OFFLINE_LIST = "offline.json"  # beside each language's pages
MANIFEST = "manifest.webmanifest"
ICON_SIZES = (192, 512)
WORKER = "sw.js"


def pdf_files(pdf_dir: Path, lang: str) -> list[Path]:
    """A language's PDFs: goals.vi.a4.pdf, goals.vi-en.a4.pdf (its bilingual ones)."""
    if not pdf_dir.is_dir():
        return []
    return sorted(path for path in pdf_dir.glob("*.pdf")
                  if len(path.name.split(".")) >= 4
                  and path.name.split(".")[-3].split("-")[0] == lang)


def pdf_bytes(pdf_dir: Path, lang: str, default: str) -> int:
    return sum(path.stat().st_size for path in pdf_files(pdf_dir, lang))


def build_hash(site_dir: Path) -> str:
    """The build's version: a hash of every file of the site but those that carry it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if rel == WORKER or path.name == OFFLINE_LIST or rel.startswith(".") \
                or path.suffix == ".map":
            continue
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")


def font_cuts(site_dir: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """(file under assets/, its unicode-range as (first, last) pairs) from fonts.css."""
    css = site_dir / "assets" / "fonts.css"  # the docs folder has it in the same place
    out = []
    for body in _FACE.findall(css.read_text(encoding="utf-8") if css.is_file() else ""):
        src = re.search(r'url\("?([^")]+)"?\)', body)
        ranges = re.search(r"unicode-range:\s*([^;]+)", body)
        if not src:
            continue
        pairs = []
        for part in (ranges.group(1).split(",") if ranges else ["U+0-10FFFF"]):
            first, _, last = part.strip()[2:].partition("-")
            pairs.append((int(first, 16), int(last or first, 16)))
        out.append((src.group(1), pairs))
    return out


def offline_files(site_dir: Path, folder: str, lang: str, slugs: list[str],
                  folders: list[str]) -> list[str]:
    """What a reader of ``lang`` needs with no connection, as paths from the site's root:
    its pages, search index and manifest, the site's styles, scripts and images, the
    search worker and its stemmer for the language, and the fonts its text needs."""
    files = [f"{folder}{slug}.html" for slug in slugs]
    files += [f"{folder}404.html", f"{folder}search/search_index.json", f"{folder}{MANIFEST}"]
    files += [f"{other}sitemap.xml" for other in folders]  # the language selector reads them
    assets = site_dir / "assets"
    skip = {"serve-reload.js", "file-worker.js", "file-worker-boot.js", "slides.js",
            "slides.css"}
    for pattern in ("*.css", "*.js", "stylesheets/*.css", "javascripts/*.js",
                    "javascripts/workers/*.js", "images/*", "icons/*"):
        files += [p.relative_to(site_dir).as_posix() for p in sorted(assets.glob(pattern))
                  if p.is_file() and p.name not in skip]
    lunr = assets / "javascripts" / "lunr"
    for name in ("min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js",
                 f"min/lunr.{lang}.min.js", *(["tinyseg.js"] if lang == "ja" else []),
                 *(["wordcut.js"] if lang == "th" else [])):
        if (lunr / name).is_file():
            files.append(f"assets/javascripts/lunr/{name}")
    images = site_dir / "images"
    if images.is_dir():
        files += [p.relative_to(site_dir).as_posix() for p in sorted(images.rglob("*"))
                  if p.is_file()]
    index = site_dir / folder / "search" / "search_index.json"
    text = index.read_text(encoding="utf-8") if index.is_file() else ""
    letters = {ord(ch) for ch in set(text)}
    for src, ranges in font_cuts(site_dir):
        # a cut the language's text uses, or one of the language names' little cuts
        if "names-" in src or any(first <= cp <= last for cp in letters
                                  for first, last in ranges):
            files.append(f"assets/{src}")
    return [f for f in dict.fromkeys(files) if (site_dir / f).is_file()]


def write_offline(site_dir: Path, languages: list[tuple[str, str, str]], slugs: list[str],
                  default: str, colour: str, logo: Path | None, initial: str) -> str:
    """Each language's list for the service worker and its web app manifest, the icons,
    and the worker itself carrying the build's version. ``languages``: (code, name of
    the course in it, its direction). Returns the version."""
    from importlib import resources

    icons = write_icons(site_dir, colour, logo, initial)
    folders = [lang_folder(code, default) for code, _, _ in languages]
    for (code, title, direction), folder in zip(languages, folders, strict=True):
        up = "../" if folder else ""
        manifest = {
            "name": title, "short_name": title,
            "lang": code, "dir": direction, "start_url": "index.html", "scope": "./",
            "display": "standalone", "background_color": "#ffffff", "theme_color": colour,
            "icons": [{"src": up + icon, "sizes": f"{size}x{size}", "type": "image/png",
                       "purpose": "any"} for icon, size in icons],
        }
        (site_dir / folder).mkdir(parents=True, exist_ok=True)
        (site_dir / folder / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    version = build_hash(site_dir)
    for (code, _, _), folder in zip(languages, folders, strict=True):
        up = "../" if folder else ""
        pages = offline_files(site_dir, folder, code, slugs, folders)
        listing = {"version": version,
                   "pages": [path[len(folder):] if path.startswith(folder) and folder else
                             up + path for path in pages],
                   "pdfs": [up + f"pdf/{p.name}" for p in pdf_files(site_dir / "pdf", code)]}
        (site_dir / folder / OFFLINE_LIST).write_text(
            json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    source = (resources.files("generator.site") / "theme" / WORKER).read_text("utf-8")
    worker = source.replace('var VERSION = "dev";', f'var VERSION = "{version}";', 1)
    (site_dir / WORKER).write_text(worker, encoding="utf-8")
    return version


def write_icons(site_dir: Path, colour: str, logo: Path | None, initial: str,
                ) -> list[tuple[str, int]]:
    """The home screen icons, assets/icons/icon-<size>.png: the course's logo on white,
    or, without one (or one Pillow cannot read, such as SVG), the course title's first
    letter on the course's colour. [(path from the root, size)]."""
    from PIL import Image, ImageDraw, ImageFont

    from ..render.fonts import face_for

    folder = site_dir / "assets" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    source = None
    if logo is not None and logo.is_file():
        try:
            with Image.open(logo) as image:
                source = image.convert("RGBA")
        except Exception:  # not an image Pillow reads: the generated icon instead
            source = None
    out = []
    for size in ICON_SIZES:
        if source is not None:
            icon = Image.new("RGBA", (size, size), "#ffffff")
            inner = round(size * 0.8)  # the maskable safe zone
            copy = source.copy()
            copy.thumbnail((inner, inner), Image.LANCZOS)
            icon.alpha_composite(copy, ((size - copy.width) // 2, (size - copy.height) // 2))
            icon = icon.convert("RGB")
        else:
            icon = Image.new("RGB", (size, size), colour)
            draw = ImageDraw.Draw(icon)
            letter = (initial.strip() or "?")[0].upper()
            font = ImageFont.truetype(str(face_for(letter).source()), round(size * 0.55))
            draw.text((size / 2, size / 2), letter, fill="#ffffff", font=font, anchor="mm")
        name = f"assets/icons/icon-{size}.png"
        icon.save(site_dir / name, format="PNG", optimize=True)
        out.append((name, size))
    return out


_KEEP_SPACE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_LINE_SPACE = re.compile(r"[ \t\r\f]*\n\s*")


def collapse_whitespace(html: str) -> str:
    """The page with each run of white space that holds a line break made one line break
    (the template's indentation), but inside pre, textarea, script and style: the same
    page to the reader, a fifth lighter."""
    parts = _KEEP_SPACE.split(html)
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            out.append(_LINE_SPACE.sub("\n", part))
        elif i % 3 == 1:
            out.append(part)
    return "".join(out)


def minify_theme_scripts(site_dir: Path, names: list[str]) -> None:
    """The theme's own small scripts as served: without their comments (the sources in
    generator/site/theme/ stay readable)."""
    import rjsmin

    for name in names:
        path = site_dir / "assets" / "javascripts" / name
        if path.is_file():
            path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")


def fonts_for(folder: Path, text: str) -> list[str]:
    """The font files under assets/ that ``text`` needs (the little cuts for the language
    names aside): what a page in that language preloads, so that its text is drawn in its
    font from the first paint (no later swap that moves the page and delays its LCP)."""
    letters = {ord(ch) for ch in set(text) if not ch.isspace()}
    return [src for src, ranges in font_cuts(folder) if "names-" not in src
            and any(first <= cp <= last for cp in letters for first, last in ranges)]

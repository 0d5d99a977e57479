"""Author Markdown to HTML that can run nothing, for every place it lands: site pages,
PDFs and slides. The rule is checked on the HTML that Markdown produces, not on the
Markdown: what an attribute list, a split link or an entity turns into is what counts.

``problems`` names everything the sanitizer would take out, for ``workbook check``;
``to_html`` renders and sanitizes (nh3, the ammonia bindings), so that even a text the
check never saw cannot carry script into a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown as python_markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# The Markdown author fields are written in: plain Python-Markdown and these extensions.
EXTENSIONS = ["admonition", "attr_list"]

TAGS = {"p", "br", "hr", "em", "strong", "code", "pre", "kbd", "sup", "sub", "del", "ins",
        "a", "img", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "div",
        "span", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
        "figure", "figcaption"}  # an image alone in its paragraph, with a title
# No id: the page's own script finds its questions and fields by id, and an author's id
# could stand in for one; a link to a part of a page goes to its heading.
ATTRIBUTES = {"*": {"class", "title"}, "a": {"href"}, "img": {"src", "alt"},
              "ol": {"start"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
# What the renderer writes on an image beyond the author's src and alt (an ImageLink's
# answer): never taken from the author's Markdown.
IMAGE_ATTRIBUTES = {"srcset", "sizes", "width", "height", "loading", "decoding"}
RENDERED = {**ATTRIBUTES, "img": ATTRIBUTES["img"] | IMAGE_ATTRIBUTES}
SCHEMES = {"http", "https", "mailto"}
IMAGES = "images/"  # an image's address: a file of content/images/, relative to content/

PAGE_LINK = re.compile(r"^([a-z0-9][a-z0-9-]*)\.(?:md|html)(?:#([\w-]+))?$")
FRAGMENT = re.compile(r"^#[\w-]*$")
NAME = re.compile(r"^[A-Za-z][\w-]*$")  # a class
SITE_CLASSES = ("wb-", "md-")  # the site's own classes, which its script and theme read
URL_NOISE = re.compile(r"[\t\n\r]")  # what a browser drops from a URL before reading it

# A link to a page of the course ('step-1-goals.md#part'), as where the HTML lands needs
# it: the page's address, or None where there is none (the link text stays).
PageLink = Callable[[str, str], "str | None"]
# An image of the course ('images/rings.png') as where the HTML lands needs it: the
# attributes of its <img> (src, srcset, sizes, width, height...), or None to show none.
ImageLink = Callable[[str], "dict[str, str] | None"]


def site_link(page: str, fragment: str) -> str:
    """On a site page: the pages of a language sit side by side."""
    return f"{page}.html{'#' + fragment if fragment else ''}"


def prefixed(prefix: str | None) -> PageLink:
    """Page links under ``prefix`` ('../vi/' from a deck, the public address in a PDF);
    with no prefix, a link to a page is dropped rather than left dead."""
    if prefix is None:
        return lambda page, fragment: None
    return lambda page, fragment: prefix + site_link(page, fragment)


def shown(value: str) -> str:
    """A value as an error line can print it: one line, control characters spelled out."""
    value = value[:60]
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode()
                   for ch in value)


C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what a browser trims from a URL's ends


def _url(value: str) -> str:
    return URL_NOISE.sub("", value).strip(C0_AND_SPACE)


def refused_url(tag: str, value: str) -> str | None:
    """Why a link or image address is refused, or None when it is fine."""
    url = _url(value)
    if "\\" in url:  # browsers read it as '/': '\\\\host\\x' is another host
        return f"address '{shown(value)}' holds a backslash"
    if tag == "img":
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if parts is None or parts.scheme or parts.netloc or parts.query or parts.fragment \
                or "?" in url or "#" in url or not url.startswith(IMAGES) \
                or {".", "..", ""} & set(unquote(url).split("/")[1:]):
            return (f"image '{shown(value)}' must be a file of content/images/, written "
                    f"as images/name.png (the site loads nothing from elsewhere)")
        return None
    if FRAGMENT.match(url):
        return None
    if PAGE_LINK.match(url):
        return None  # whether the page exists, the check asks once it knows every page
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in SCHEMES or \
            (parts.scheme.lower() != "mailto" and not parts.netloc):
        return (f"link '{shown(value)}' is not allowed (use http, https, mailto, an anchor "
                "or a page of the course such as lesson-id.md)")
    return None


class _Audit(HTMLParser):
    """Everything in Markdown's HTML that the sanitizer would remove, with the reason."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.pages: list[tuple[str, str]] = []  # (page name, the link as written)
        self.images: list[tuple[str, str]] = []  # (address, alt text)

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.found.append(f"element <{tag}> is not allowed")
            return
        if tag == "img":
            self.image(dict(attrs))
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                self.found.append(f"attribute '{name}' on <{tag}> is not allowed")
            elif name in ("href", "src") and (why := refused_url(tag, value)):
                self.found.append(why)
            elif name == "href" and (match := PAGE_LINK.match(_url(value))):
                self.pages.append((match.group(1), value))
            elif name == "class" and not all(NAME.match(w) for w in value.split()):
                self.found.append(f"class '{shown(value)}' is not allowed (letters, digits, "
                                  "hyphens)")
            elif name == "class" and any(w.startswith(SITE_CLASSES) for w in value.split()):
                self.found.append(f"class '{shown(value)}' is the site's own")

    handle_startendtag = handle_starttag

    def image(self, attrs: dict) -> None:
        address = attrs.get("src") or ""
        if refused_url("img", address):
            return  # said as the attribute is read
        if not (attrs.get("alt") or "").strip():
            self.found.append(f"image '{shown(address)}' has no alt text: say what it shows "
                              "for a reader who cannot see it, ![A map of three rings]"
                              f"({shown(address)})")
        self.images.append((_url(address), attrs.get("alt") or ""))


class _Figures(Treeprocessor):
    """An image alone in its paragraph with a title becomes a figure, the title its
    caption. With an ImageLink (rendering, not the check), each image of the course gets
    the attributes it says, and any of those the author wrote are dropped first."""

    def __init__(self, md, image_link: ImageLink | None, made: set):
        super().__init__(md)
        self.image_link, self.made = image_link, made

    def run(self, root):
        for paragraph in list(root.iter("p")):
            children = list(paragraph)
            if len(children) == 1 and children[0].tag == "img" and \
                    not (paragraph.text or "").strip() and not (children[0].tail or "").strip() \
                    and (children[0].get("title") or "").strip():
                paragraph.tag = "figure"
                caption = paragraph.makeelement("figcaption", {})
                caption.text = children[0].attrib.pop("title")
                children[0].tail = None
                paragraph.append(caption)
        if self.image_link is None:
            return
        for image in root.iter("img"):
            for name in IMAGE_ATTRIBUTES:
                image.attrib.pop(name, None)
            src = image.get("src") or ""
            if refused_url("img", src):
                continue  # the sanitizer drops it
            made = self.image_link(_url(src))
            if made is None:
                image.attrib.pop("src", None)  # none of the course: its alt text shows
                continue
            for name, value in made.items():
                image.set(name, value)
                self.made.add((name, value))


class _FigureExtension(Extension):
    def __init__(self, image_link: ImageLink | None = None, made: set | None = None):
        super().__init__()
        self.image_link, self.made = image_link, made if made is not None else set()

    def extendMarkdown(self, md):
        # after the inline images (20) and attr_list (8) are made
        md.treeprocessors.register(_Figures(md, self.image_link, self.made), "wb-figures", 5)


def _markdown(text: str, image_link: ImageLink | None = None, made: set | None = None) -> str:
    """Markdown to HTML, raw HTML turned off: a '<' the author typed shows as a '<'."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return python_markdown.markdown(
        escaped, extensions=[*EXTENSIONS, _FigureExtension(image_link, made)])


def audit(text: str) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """What ``workbook check`` says about a Markdown text (empty when all is allowed); its
    links to the course's pages, as (page name, the link as written), which the check
    holds against the course's pages once it has read them all; and its images, as
    (address, alt text), which the check holds against content/images/."""
    found = _Audit()
    found.feed(_markdown(text))
    found.close()
    return list(dict.fromkeys(found.found)), found.pages, found.images


def images_in(text: str) -> list[tuple[str, str]]:
    """The images of the course a Markdown text shows, as (address, alt text), in order:
    'images/rings.png' is content/images/rings.png (or its copy for a language)."""
    return audit(text)[2]


def unknown_page(link: str) -> str:
    return f"link '{shown(link)}' names no page of the course"


def to_html(text: str, page_link: PageLink = site_link,
            image_link: ImageLink | None = None) -> str:
    """Author Markdown as HTML that can run nothing: what ``problems`` names is taken out,
    links to the course's pages point where ``page_link`` says, and images of the course
    get the attributes ``image_link`` gives (without one, their address stays as written)."""
    made: set[tuple[str, str]] = set()  # what image_link answered, exactly

    def keep(tag: str, name: str, value: str) -> str | None:
        if tag == "img" and (name, value) in made:
            return value
        if tag == "img" and (name in IMAGE_ATTRIBUTES or (name == "src" and image_link)):
            return None
        if name in ("href", "src"):
            if refused_url(tag, value):
                return None
            url = _url(value)
            match = PAGE_LINK.match(url) if tag == "a" else None
            return page_link(match.group(1), match.group(2) or "") if match else url
        if name == "class":
            words = [w for w in value.split() if NAME.match(w) and not w.startswith(SITE_CLASSES)]
            return " ".join(words) or None
        return value

    html = _markdown(text, image_link, made)
    return nh3.clean(html, tags=TAGS, attributes=RENDERED, attribute_filter=keep,
                     url_schemes=SCHEMES, link_rel=None, strip_comments=True)

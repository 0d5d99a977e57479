"""Where things are on the site: one answer for the pages, the PDFs, the sitemaps and
the MkDocs glue. Every page sits at the top of its language's folder."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

from ..course.errors import ContentError
from ..course.markup import shown
from ..course.model import Course

# Addresses that lead nowhere a reader could go: RFC 2606's reserved names, and this machine.
RESERVED_HOSTS = ("example.com", "example.org", "example.net", "localhost")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*"
                  r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


NOT_IN_URL = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]')  # RFC 3986 has no place for these
MAX_ADDRESS = 400  # a page's address must still fit the printed QR codes


def public_address(site_url: str | None, given_as: str = "site_url") -> str | None:
    """The site's public address ('https://host/path/'), or None when it is unset or a
    placeholder: then no QR code or printed link points anywhere. The address is parsed,
    not matched, and rebuilt from its parts, so that it holds no character a page, an
    attribute or a sitemap would have to escape; what cannot be an address is refused."""
    if not site_url:
        return None
    def refuse(why: str) -> ContentError:
        return ContentError(given_as, 0, f"'{shown(site_url)}' is not a public address: {why}")

    if len(site_url) > MAX_ADDRESS:
        raise refuse(f"longer than {MAX_ADDRESS} characters")
    try:
        parts = urlsplit(site_url)
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii").lower()
    except (ValueError, UnicodeError) as exc:
        raise refuse(str(exc)) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise refuse("it must start with https:// (or http://)")
    if not HOST.match(host):
        raise refuse("the host name is not valid")
    if parts.username is not None or parts.password is not None or parts.query or \
            parts.fragment or site_url.rstrip("/").endswith(("?", "#")):
        raise refuse("it may not carry a user name, a query (?) or a fragment (#)")
    if bad := sorted(set(NOT_IN_URL.findall(unquote(parts.path)))):
        raise refuse(f"{' '.join(map(repr, bad))} cannot stand in an address")
    if host in RESERVED_HOSTS or host.endswith(RESERVED_SUFFIXES) or host.startswith("127."):
        return None
    # '&' and "'" are legal in a path but need escaping in HTML and XML: encoded, a static
    # server finds the same folder
    path = quote(unquote(parts.path), safe="/-._~!$()*+,;=:@")
    netloc = host if port is None else f"{host}:{port}"
    return f"{parts.scheme.lower()}://{netloc}{path.rstrip('/')}/"


def lang_folder(lang: str, default: str) -> str:
    """'' for the default language, 'vi/' for Vietnamese."""
    return "" if lang == default else f"{lang}/"


def page_url(address: str | None, course: Course, slug: str, lang: str) -> str | None:
    """The absolute address of a page, as the QR codes and PDFs print it; None without a
    public address."""
    if address is None:
        return None
    folder = lang_folder(lang, course.default_language.code)
    return f"{address.rstrip('/')}/{folder}{slug}.html"


def page_prefix(address: str | None, course: Course, lang: str) -> str | None:
    """What a page's name follows in an absolute link to it; None without an address."""
    if address is None:
        return None
    return f"{address.rstrip('/')}/{lang_folder(lang, course.default_language.code)}"


def pdf_name(what: str, lang: str, paper: str, second: str = "") -> str:
    """goals.vi.a4.pdf; goals.vi-en.a4.pdf for the bilingual one."""
    return f"{what}.{lang}{'-' + second if second else ''}.{paper}.pdf"


def site_href(course: Course, lang: str, path: str) -> str:
    """A file of the site's shared folders (pdf/, slides/) as linked from a page of
    ``lang``: those folders sit once, at the site's root."""
    up = "../" if lang_folder(lang, course.default_language.code) else ""
    return f"{up}{path}"


def pdf_href(course: Course, lang: str, name: str) -> str:
    return site_href(course, lang, f"pdf/{name}")


def slides_path(lang: str) -> str:
    """A language's HTML slide deck, in the site's slides/ folder (beside pdf/)."""
    return f"slides/deck-{lang}.html"


def bilingual_pairs(course: Course) -> list[tuple[str, str]]:
    """Each other language with the default one under it: Vietnamese with English."""
    default = course.default_language.code
    return [(code, default) for code in course.language_codes if code != default]


def heading_id(value: str, separator: str = "-") -> str:
    """A heading's id from its own words, in any script: letters, their marks and digits
    kept (Devanagari's vowel signs are marks, which Python's \\w and the default
    slugify drop), spaces and dashes joining words with ``separator``, other
    punctuation gone. The toc extension calls it (mkdocs.yml)."""
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN"
                   else " " if ch.isspace() or unicodedata.category(ch) == "Pd" else ""
                   for ch in unicodedata.normalize("NFC", value).lower())
    return re.sub(r"\s+", separator, kept.strip())

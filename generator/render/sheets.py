"""What the worksheet templates need computed: form field names, ring geometry, QR codes,
page-counter CSS. Layout stays in the templates; this module holds the arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass

import segno

# Ring map, in the SVG's 0..100 user units: the centre circle, then even rings out to 49.
CENTRE_RADIUS = 10.0
OUTER_RADIUS = 49.0


@dataclass(frozen=True)
class Ring:
    radius: float  # in SVG units, 0..50
    label_top: float  # where the label sits, in % of the map's height
    fill: str


def rings(count: int) -> list[Ring]:
    """Rings from the centre out; each label sits in the top band of its ring."""
    step = (OUTER_RADIUS - CENTRE_RADIUS) / count
    out = []
    for k in range(count):
        radius = CENTRE_RADIUS + step * (k + 1)
        out.append(Ring(round(radius, 2), round(50 - radius + 2.2, 2),
                        "#f3f4f8" if k % 2 == 0 else "#ffffff"))
    return list(reversed(out))  # drawn outermost first, so inner rings paint over


def where_in_course(lesson, lang: str, labels: dict[str, str]) -> str:
    """How a worksheet's footer places it: "Step 2", or the lesson it goes with."""
    if lesson.step:
        return f"{labels['step']} {lesson.step}"
    return f"{labels['for_lesson']}: {lesson.title[lang]}"


def qr_data_uri(url: str, size_mm: float | None = None) -> str:
    """A QR code for ``url`` as an inline SVG data URI: no file, no other host.

    With ``size_mm`` the SVG's own size is that many millimetres: a printed page's
    margin box shows an image at its intrinsic size, with no CSS to scale it.
    """
    qr = segno.make(url, error="m")
    if size_mm is None:
        return qr.svg_data_uri(scale=4, border=0, dark="#000")
    width = qr.symbol_size(scale=1, border=0)[0]
    return qr.svg_data_uri(scale=size_mm / width, border=0, dark="#000", unit="mm")


def css_string(text: str) -> str:
    """Text as a CSS string literal that cannot close its <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    # CSS ends a string at any of its three line breaks: each becomes an escape
    for char in ("\r\n", "\n", "\r", "\f"):
        escaped = escaped.replace(char, "\\A ")
    return f'"{escaped}"'


def page_counter_css(label: str) -> str:
    """'Page {page} of {pages}' as a CSS content value with live page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", label)
    out = []
    for part in parts:
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return " ".join(out)


def fill(label: str, **values: object) -> str:
    """An interface text with its {placeholders} filled: "row {row}" -> "row 3"."""
    for name, value in values.items():
        label = label.replace("{" + name + "}", str(value))
    return label

"""A file's size as a reader reads it, in the page's language: the handbook's links and
the offline PDFs' total."""

from __future__ import annotations


def size_text(size: int, lang: str) -> str:
    """'4.2 MB' (or '850 kB'), the number as the language writes it; '' for none."""
    if not size:
        return ""
    from babel.numbers import format_decimal

    number, unit = (size / 1e6, "MB") if size >= 1e6 else (size / 1e3, "kB")
    pattern = "0.0" if unit == "MB" else "0"
    try:
        text = format_decimal(round(number, 1), format=pattern, locale=lang.replace("-", "_"))
    except Exception:  # a language CLDR does not know: digits as English writes them
        text = f"{number:.1f}" if unit == "MB" else f"{number:.0f}"
    return f"{text}\u00a0{unit}"

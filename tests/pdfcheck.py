"""Helpers for checking the PDFs as a careful user would: what copying the text out of
a PDF gives back, measured word by word against the course's own text."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

DEVANAGARI_WORD = re.compile(r"[\u0900-\u097F\u200c\u200d]+")


def pdftotext(path: Path) -> str:
    """The text poppler gives (what a viewer's copy-paste and many screen readers get)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def printed_text(data: bytes) -> str:
    """The text of a PDF a browser printed, as Poppler reads it (a viewer's copy-paste).
    Chromium switches font cuts inside a word ("M", "ụ", "c" from two Latin cuts), which
    pypdf takes for word gaps; Poppler joins them."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return pdftotext(Path(handle.name))


def pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def sheet_texts(sheet, lang: str) -> list[str]:
    """Every text of a worksheet in one language, as the YAML gives it."""
    out = [sheet.title[lang], sheet.intro[lang]]
    for field in sheet.fields:
        out.append(field.label[lang])
        out += [t[lang] for t in (field.hint, field.centre, field.low_label, field.high_label)
                if t]
        out += [t[lang] for t in (*field.items, *field.columns, *field.options)]
    return out


def words_right(expected: list[str], extracted: str) -> tuple[int, int]:
    """(Devanagari words of ``expected`` found intact in ``extracted``, all of them)."""
    want = Counter(w for text in expected
                   for w in DEVANAGARI_WORD.findall(unicodedata.normalize("NFC", text)))
    got = Counter(DEVANAGARI_WORD.findall(unicodedata.normalize("NFC", extracted)))
    right = sum(min(n, got[w]) for w, n in want.items())
    return right, sum(want.values())

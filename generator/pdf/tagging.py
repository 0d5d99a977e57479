"""What WeasyPrint 70's tagged PDF leaves out, added while it renders (in the worker):

- /ActualText on every text run with Devanagari or Arabic in it. WeasyPrint maps each
  glyph to one string, so a conjunct, a vowel sign drawn before its consonant, or an
  Arabic letter in its joined form copies out wrong, and a screen reader reads it wrong;
  the run's own text, in logical order, is what a copy or a screen reader should get.
- /Lang on the structure element of an HTML element with a lang attribute: the English
  lines of a bilingual sheet are tagged English, not the document's language.
- /Scope on table header cells (Column, or Row for scope="row").
- Radio buttons as one field per group: WeasyPrint gives each button a /T of its own
  (so a reader sees fields named "x.x"), lists it among the form's fields beside its
  group, and names the group after its first button. Here a button is a widget of its
  group alone, and the group's /TU is what its buttons' data-group-title says is chosen.

The hooks wrap functions of the pinned WeasyPrint; tests/test_pdf_access.py checks every
PDF for the result, so an upgrade that moves them fails loudly, not silently.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from pathlib import Path

NEEDS_ACTUAL_TEXT = re.compile(r"[\u0900-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF"
                               r"\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_installed = False


def recipe() -> str:
    """Changes when this file does: part of each PDF's cache key."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def install() -> None:
    """Wrap WeasyPrint's marked content and structure tree, once per process."""
    global _installed
    if _installed:
        return
    import pydyf
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as stream_module
    from weasyprint.pdf import tags

    original_marked = stream_module.Stream.marked

    @contextmanager
    def marked(self, box, tag):
        with original_marked(self, box, tag):
            if self._tags is not None and isinstance(box, boxes.TextBox) and \
                    NEEDS_ACTUAL_TEXT.search(box.text):
                # the stream ends with "/Span <<MCID>> BDC": extend that property list
                self.stream[-2]["ActualText"] = pydyf.String(box.text)
            yield

    original_build = tags._build_box_tree

    def build_box_tree(box, parent, *args):
        for element in original_build(box, parent, *args):
            html = getattr(box, "element", None)
            if html is not None and element.get("S") != "/LI":
                # anonymous boxes share their parent's element: tag only a change of
                # language, as the document's own /Lang covers the rest
                lang, document = html.get("lang"), args[0].catalog.get("Lang")
                if lang and lang != getattr(document, "string", None):
                    element["Lang"] = pydyf.String(lang)
                if getattr(box, "element_tag", None) == "th" and "A" in element:
                    scope = "/Row" if html.get("scope") == "row" else "/Column"
                    element["A"]["Scope"] = scope
            yield element

    import weasyprint.pdf as pdf_module

    original_forms = pdf_module.add_forms

    def add_forms(forms, matrix, pdf, page, *args):
        original_forms(forms, matrix, pdf, page, *args)
        buttons = [box for inputs in forms.values() for box, _ in inputs
                   if box.widget_annotation is not None and "Parent" in box.widget_annotation]
        if not buttons:
            return
        fields = pdf.catalog["AcroForm"]["Fields"]
        kids = {box.widget_annotation.reference for box in buttons}
        fields[:] = [ref for ref in fields if ref not in kids]
        for box in buttons:
            widget = box.widget_annotation
            del widget["T"]
            group = pdf.objects[int(widget["Parent"].split()[0])]
            if title := box.element.get("data-group-title"):
                group["TU"] = pydyf.String(title)

    stream_module.Stream.marked = marked
    tags._build_box_tree = build_box_tree
    pdf_module.add_forms = add_forms
    _installed = True

"""ruamel.yaml, set up so that a course file read and written back is the same bytes
(checked on every file of this course): the writers that change a course's YAML
(translation import, `workbook new`) change only the values they set."""

from __future__ import annotations

from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, ScalarString

# YAML reads these as line breaks in every style but double quotes, where they can be
# written as escapes (\N, \L, \P): a text holding one is written double-quoted, whole.
YAML_BREAKS = frozenset("\x85\u2028\u2029")


def round_trip() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 10**6  # never fold a line the author did not fold
    yaml.indent(mapping=2, sequence=4, offset=2)  # the course's "key:\n  - item" layout
    return yaml


def dump(yaml: YAML, data: object) -> str:
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def scalar(text: str, model: object = None) -> object:
    """``text`` as a YAML value that reads back as exactly ``text``, quoted like
    ``model`` (its neighbour in the file) where that keeps it so."""
    if YAML_BREAKS.intersection(text):
        return DoubleQuotedScalarString(text)
    if "\n" in text:
        return LiteralScalarString(text + "\n")
    if isinstance(model, ScalarString) and not isinstance(model, LiteralScalarString):
        return type(model)(text)  # the same quotes (or folding) as its neighbour
    return text

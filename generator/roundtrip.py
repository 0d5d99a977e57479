"""ruamel.yaml, set up so that a course file read and written back is the same bytes
(checked on every file of this course): the writers that change a course's YAML
(translation import, `workbook new`) change only the values they set."""

from __future__ import annotations

from io import StringIO

from ruamel.yaml import YAML


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

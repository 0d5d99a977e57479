"""Read one YAML file into plain Python values plus the line of every value.

PyYAML's composer gives nodes with positions; we build the values ourselves so that
each one keeps its line, duplicate keys are caught (PyYAML silently keeps the last),
and alias expansion is bounded (a "billion laughs" file is refused, not expanded).
Only the safe YAML types are constructed: tags such as ``!!python/object`` are errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError

# Far above any real course file; reached only by alias bombs or generated junk.
MAX_NODES = 200_000
MAX_DEPTH = 64
SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A private loader class, so the global one is left as it is. PyYAML's wheels carry
    libyaml; its parser is several times faster than the pure-Python one, with the same
    nodes, marks and errors."""


@dataclass
class YamlDoc:
    """A file's data and where each part of it stands: ``lines[("lessons", 2)] == 14``."""

    path: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, where: tuple) -> int:
        """The line of the value at ``where``, or of its nearest parent that has one."""
        while where not in self.lines and where:
            where = where[:-1]
        return self.lines.get(where, 1)


def read_yaml(path: Path, shown_as: str) -> YamlDoc:
    """Parse ``path``; raise ContentError (with its line) for anything that is not safe YAML."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(shown_as, 1, f"not UTF-8 text ({exc.reason} at byte {exc.start})") \
            from None
    except OSError as exc:
        raise ContentError(shown_as, 1, f"cannot read the file: {exc.strerror}") from None
    loader = None
    try:
        loader = _Loader(text)  # its reader already refuses control characters
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(shown_as, line, f"YAML syntax error: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ContentError(shown_as, line, f"character U+{code:04X} is not allowed in "
                                           "YAML") from None
    except yaml.YAMLError as exc:
        raise ContentError(shown_as, 1, f"YAML error: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    doc = YamlDoc(shown_as, None)
    if node is None:
        return doc
    counter = [0]
    doc.data = _build(node, (), doc, loader, counter, 0)
    return doc


def _build(node: yaml.Node, where: tuple, doc: YamlDoc, loader, counter: list, depth: int):
    counter[0] += 1
    line = node.start_mark.line + 1
    if counter[0] > MAX_NODES:
        raise ContentError(doc.path, line, "the file expands to too many values (alias bomb?)")
    if depth > MAX_DEPTH:
        raise ContentError(doc.path, line, f"nested more than {MAX_DEPTH} levels deep")
    doc.lines.setdefault(where, line)
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise ContentError(doc.path, line, f"unsupported YAML tag {node.tag}")
        loader.flatten_mapping(node)  # resolves '<<' merge keys the standard way
        result: dict = {}
        for key_node, value_node in node.value:
            key = _build(key_node, where + ("<key>",), doc, loader, counter, depth + 1)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str | int | float | bool) or key is None:
                raise ContentError(doc.path, key_line, "a key must be plain text")
            if key in result:
                raise ContentError(doc.path, key_line, f"duplicate key '{key}'")
            result[key] = _build(value_node, where + (key,), doc, loader, counter, depth + 1)
            doc.lines[where + (key,)] = key_line
        doc.lines.pop(where + ("<key>",), None)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise ContentError(doc.path, line, f"unsupported YAML tag {node.tag}")
        return [
            _build(item, where + (i,), doc, loader, counter, depth + 1)
            for i, item in enumerate(node.value)
        ]
    if node.tag not in SAFE_SCALAR_TAGS:
        raise ContentError(doc.path, line, f"unsupported YAML tag {node.tag}")
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise ContentError(doc.path, line, f"cannot read this value: {exc}") from None

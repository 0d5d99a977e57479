"""Read one YAML file into plain Python values plus the line of every value.

PyYAML's composer gives nodes with positions; we build the values ourselves so that
each one keeps its line, duplicate keys are caught (PyYAML silently keeps the last),
and alias expansion is bounded (a "billion laughs" file is refused, not expanded).
Only the safe YAML types are constructed: tags such as ``!!python/object`` are errors.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError

# Far above any real course file; reached only by alias or merge bombs or generated junk.
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_BYTES = 2 * 1024 * 1024  # the longest lesson today is about 20 KB
MERGE_TAG = "tag:yaml.org,2002:merge"
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


def inside_project(path: Path, root: Path, shown_as: str, line: int = 0) -> Path:
    """``path`` with every link along it followed (the file's and its folders'), if that
    lands inside the project: a linked folder must not lead reads or writes elsewhere."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # links in a loop
        raise ContentError(shown_as, line, "links in a loop") from None
    if not resolved.is_relative_to(root.resolve()):
        raise ContentError(shown_as, line, f"resolves outside the project (to {resolved})")
    return resolved


def read_text(path: Path, shown_as: str, root: Path | None) -> str:
    """The file's text, if it is a regular file of sane size inside the project."""
    try:
        if root is not None:  # line 1, as every error about a file read
            inside_project(path, root, shown_as, 1)
        info = os.stat(path)  # follows a link; opening a FIFO or a device could hang
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(shown_as, 1, "not a regular file")
        if info.st_size > MAX_BYTES:
            raise ContentError(shown_as, 1, f"the file is {info.st_size / 2**20:.1f} MB; "
                                            f"the limit is {MAX_BYTES // 2**20} MB")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # it may have grown since
        if len(data) > MAX_BYTES:
            raise ContentError(shown_as, 1, f"the file is over {MAX_BYTES // 2**20} MB")
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(shown_as, 1, f"not UTF-8 text ({exc.reason} at byte {exc.start})") \
            from None
    except OSError as exc:
        raise ContentError(shown_as, 1, f"cannot read the file: {exc.strerror}") from None


def _check_depth(text: str, shown_as: str) -> None:
    """libyaml's composer recurses in C: a file nested many thousand levels deep would
    crash the process. Its parser does not recurse, so walk its events first."""
    depth = 0
    loader = _Loader(text)
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ContentError(shown_as, event.start_mark.line + 1,
                                       f"nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def read_yaml(path: Path, shown_as: str, root: Path | None = None) -> YamlDoc:
    """Parse ``path``; raise ContentError (with its line) for anything that is not safe
    YAML, or that is larger, deeper or expands further than a course file ever would."""
    return parse_yaml(read_text(path, shown_as, root), shown_as)


def parse_yaml(text: str, shown_as: str) -> YamlDoc:
    """``read_yaml`` of a text already in hand: what a writer checks its output with."""
    loader = None
    try:
        _check_depth(text, shown_as)
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
        # '<<' merge keys copy whole mappings: count what they would make first
        counter[0] += _merged_size(node, doc.path, {}, set(), 0) - len(node.value)
        if counter[0] > MAX_NODES:
            raise ContentError(doc.path, line, "the file expands to too many values "
                                               "(merge-key bomb?)")
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


def _merged_size(node: yaml.MappingNode, path: str, memo: dict, active: set,
                 depth: int) -> int:
    """How many key/value pairs ``node`` holds once its merge keys are resolved."""
    if id(node) in memo:
        return memo[id(node)]
    if depth > MAX_DEPTH:
        raise ContentError(path, node.start_mark.line + 1,
                           f"merge keys ('<<') chained more than {MAX_DEPTH} deep")
    if id(node) in active:
        raise ContentError(path, node.start_mark.line + 1, "a merge key ('<<') refers to the "
                                                            "mapping it is in")
    active.add(id(node))
    size = 0
    for key, value in node.value:
        if key.tag != MERGE_TAG:
            size += 1
            continue
        merged = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for item in merged:
            if isinstance(item, yaml.MappingNode):
                size += _merged_size(item, path, memo, active, depth + 1)
            if size > MAX_NODES:
                break
    active.discard(id(node))
    memo[id(node)] = size
    return size

"""A YAML file's plain data and where each of its keys and values was written.

No YAML library is imported until a position is asked for (a problem to report): a render whose
inputs come from printgen's cache of validated files (``printgen.source.cache``) never parses
YAML, so it never loads the parser either.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from printgen.errors import Problem

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"

Path_ = tuple[str | int, ...]

_PLAIN = {**dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), _BOOL),
          **dict.fromkeys(("~", "null", "Null", "NULL", ""), _NULL)}


@functools.cache
def loader_class():
    """libyaml's safe loader (pure Python where libyaml is missing) that resolves only
    YAML 1.2's true/false and null: everything else stays text (made on first use)."""
    import yaml
    from yaml.nodes import ScalarNode, SequenceNode

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def resolve(self, kind, value, implicit):
            if kind is ScalarNode:
                return _PLAIN.get(value, _STR) if implicit[0] else _STR
            return "tag:yaml.org,2002:seq" if kind is SequenceNode else "tag:yaml.org,2002:map"

    return Loader


@dataclass
class Document:
    """Plain data read from one YAML file, with the node tree that knows where everything is.

    Positions are looked up only when a problem is reported, so reading stays fast: a clean
    file is read without building the node tree at all (``text`` keeps what to build it from).
    A merged document (a layout that extends another) also asks its base for what it does not
    hold.
    """

    file: str
    data: Any
    root: Any = None
    base: "Document | None" = None
    text: str | None = None

    def tree(self):
        """The node tree, built on first use."""
        if self.root is None and self.text is not None:
            loader = loader_class()(self.text)
            try:
                self.root = loader.get_single_node()
            finally:
                loader.dispose()
        return self.root

    def find(self, path: Path_, at_key: bool = False) -> tuple[str, int | None, int | None, int]:
        """(file, line, column, depth reached) of the node at ``path``, or of its nearest parent."""
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        node, mark, depth = self.tree(), None, 0
        if node is not None:
            mark = node.start_mark
        for part in path:
            child = key = None
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == str(part):
                        key, child = k, v
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
            if child is None:
                break
            depth += 1
            node = child
            mark = key.start_mark if (at_key and key is not None and depth == len(path)) else child.start_mark
        found = (self.file, mark.line + 1 if mark else None, mark.column + 1 if mark else None, depth)
        if self.base is not None and depth < len(path):
            other = self.base.find(path, at_key)
            if other[3] > depth:
                return other
        return found

    def problem(self, path: Path_, message: str, at_key: bool = False) -> Problem:
        """A problem located at the value (or the key) at ``path``, or its nearest parent."""
        file, line, col, _ = self.find(tuple(path), at_key)
        return Problem(file, line, col, dotted(path), message)

    def line_of(self, path: Path_) -> int | None:
        return self.find(tuple(path))[1]


def dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)

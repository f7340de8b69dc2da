"""Safe YAML reading that remembers where every key and value was written.

Only plain data is read: mappings, lists, strings, booleans and nulls. Numbers, dates and
other scalars stay the text the editor wrote (a phone number such as ``02071234567`` is never
read as an octal integer); the schema converts them where a number or a date is wanted.
Tags (``!!python/object`` and the like), anchors and aliases, duplicate keys and files that
are not UTF-8 are refused before anything is built, so reading a hostile file runs nothing
and costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from printgen.errors import InputError, Problem

MAX_BYTES = 10 * 1024 * 1024

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_PLAIN_TAGS = {_STR, _BOOL, _NULL, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
               "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

Path_ = tuple[str | int, ...]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader (pure Python where libyaml is missing) that resolves only
    YAML 1.2's true/false and null: everything else stays text."""

    yaml_implicit_resolvers: dict = {}


_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


@dataclass
class Document:
    """Plain data read from one YAML file, with the position of everything in it."""

    file: str
    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    mark_files: dict[Path_, str] = field(default_factory=dict)   # where a merged value came from

    def file_of(self, path: Path_) -> str:
        return self.mark_files.get(tuple(path), self.file)

    def problem(self, path: Path_, message: str, at_key: bool = False) -> Problem:
        """A problem located at the value (or the key) at ``path``, or its nearest parent."""
        marks = self.key_marks if at_key else self.value_marks
        probe = tuple(path)
        while probe and probe not in marks and probe not in self.value_marks:
            probe = probe[:-1]
        line, col = marks.get(probe) or self.value_marks.get(probe) or (None, None)
        return Problem(self.file_of(probe), line, col, dotted(path), message)


def dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


def read_yaml(path: str | Path, display_name: str | None = None) -> Document:
    """Read one YAML file into a Document; any problem is an InputError naming the file."""
    name = display_name or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, None, None, "", "is a folder; expected a YAML file")]) from None
    except OSError as exc:
        raise InputError([Problem(name, None, None, "", f"cannot be read ({exc.strerror})")]) from None
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> Document:
    if len(raw) > MAX_BYTES:
        raise InputError([Problem(name, None, None, "",
                                  f"is {len(raw)} bytes; files larger than {MAX_BYTES} bytes are refused")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise InputError([Problem(name, line, column, "",
                                  f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8")]) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise InputError([Problem(name, None, None, "", "is empty; expected a YAML mapping")])
    if "\x00" in text:
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        raise InputError([Problem(name, line, at - text.rfind("\n", 0, at), "",
                                  "holds a NUL character; this is not a text file")])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark
        message = "holds more than one YAML document; keep one" if "single document" in str(exc.context) \
            else (exc.problem or "is not valid YAML")
        raise InputError([Problem(name, mark.line + 1 if mark else None,
                                  mark.column + 1 if mark else None, "", message)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        context, opened = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if "tab" in problem or "'\\t'" in problem:
            problem = "a tab character; indent with spaces, not tabs"
        elif context and opened is not None and opened.line != (mark.line if mark else -1):
            mark = opened
            what = re.sub(r"^while (parsing|scanning) (an? )?", "", context)
            problem = f"the {what} that starts here is not closed properly ({problem})"
        raise InputError([Problem(name, mark.line + 1 if mark else None,
                                  mark.column + 1 if mark else None, "", f"not valid YAML: {problem}")]) from None
    finally:
        loader.dispose()
    doc = Document(name, None)
    problems: list[Problem] = []
    try:
        doc.data = _convert(node, (), doc, problems, set())
    except _Stop:
        raise InputError(problems[-1:]) from None
    if not problems and not isinstance(doc.data, dict):
        problems.append(doc.problem((), f"found {_kind(doc.data)} at the top; expected a mapping of keys"))
    if problems:
        raise InputError(problems)
    return doc


class _Stop(Exception):
    """Stop converting: the file is hostile (an alias), one problem says so."""


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f'"{value}"' if isinstance(value, str) else f"{value!r}"


def _convert(node, path: Path_, doc: Document, problems: list[Problem], visited: set[int]) -> Any:
    if id(node) in visited:    # the same node twice: an alias (*name), the stuff of YAML bombs
        line, col = doc.key_marks.get(path) or doc.value_marks.get(path[:-1], (None, None))
        problems.append(Problem(doc.file, line, col, dotted(path), "anchors and aliases (*name) are not "
                                                                  "accepted; write the value out in full"))
        raise _Stop
    visited.add(id(node))
    doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:
        problems.append(doc.problem(path, f'the tag "{node.tag.replace("tag:yaml.org,2002:", "!!")}" is not accepted; '
                                          "only plain text, lists and mappings are"))
        return None
    if isinstance(node, ScalarNode):
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return node.value.lower() == "true"
        return node.value
    if isinstance(node, SequenceNode):
        return [_convert(item, path + (i,), doc, problems, visited) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in (_STR, "tag:yaml.org,2002:int"):
            mark = key_node.start_mark
            problems.append(Problem(doc.file, mark.line + 1, mark.column + 1, dotted(path),
                                    "a key must be a plain word"))
            continue
        key = key_node.value
        child = path + (key,)
        if key in result:
            first = doc.key_marks[child][0]
            mark = key_node.start_mark
            problems.append(Problem(doc.file, mark.line + 1, mark.column + 1, dotted(child),
                                    f"written twice (first on line {first}); keep one"))
            continue
        doc.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _convert(value_node, child, doc, problems, visited)
    return result

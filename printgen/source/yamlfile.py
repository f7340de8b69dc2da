"""Safe YAML reading that remembers where every key and value was written.

Only plain data is read: mappings, lists, strings, booleans and nulls. Numbers, dates and
other scalars stay the text the editor wrote (a phone number such as ``02071234567`` is never
read as an octal integer); the schema converts them where a number or a date is wanted.
Tags (``!!python/object`` and the like), anchors and aliases, duplicate keys and files that
are not UTF-8 are refused before anything is built, so reading a hostile file runs nothing
and costs nothing.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode, SequenceNode

from printgen.errors import InputError, Problem
from printgen.source.cache import note_read
from printgen.source.document import _BOOL, _NULL, _PLAIN, _STR, Document, Path_, dotted, loader_class

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 50          # mappings and lists inside each other; shipped files use at most 8

_PLAIN_TAGS = {_STR, _BOOL, _NULL, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
               "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


_Loader = loader_class()


def read_limited(path: str | Path, name: str | None = None, what: str = "a YAML file",
                 limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, its size checked before reading:
    a device (``/dev/zero``), a FIFO or a folder is refused, never read until memory runs out."""
    name = name or str(path)
    try:
        info = os.stat(path)            # before opening: opening a FIFO waits for a writer
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise InputError([Problem(name, None, None, "", f"is not a regular file (a device, a pipe or a "
                                                            f"socket); expected {what}")])
        if info.st_size > limit:
            raise InputError([Problem(name, None, None, "", f"is {info.st_size} bytes; files larger than "
                                                            f"{limit} bytes are refused")])
        with open(path, "rb", buffering=0) as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, None, None, "", f"is a folder; expected {what}")]) from None
    except OSError as exc:
        raise InputError([Problem(name, None, None, "", f"cannot be read ({exc.strerror})")]) from None
    note_read(path, raw)            # what a cached result depends on (printgen.source.cache)
    if len(raw) > limit:            # grew while it was read
        raise InputError([Problem(name, None, None, "", f"is more than {limit} bytes; files larger than "
                                                        f"{limit} bytes are refused")])
    return raw


def read_yaml(path: str | Path, display_name: str | None = None) -> Document:
    """Read one YAML file into a Document; any problem is an InputError naming the file."""
    name = display_name or str(path)
    return parse_yaml(read_limited(path, name), name)


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
    data = _plain_data(text)
    if data is not None:
        return Document(name, data, text=text)
    _check_depth(text, name)
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
    doc = Document(name, None, node)
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


class _Irregular(Exception):
    """Something the fast reading leaves to the full one: it finds and places the problem."""


def _too_deep(name: str, mark) -> InputError:
    return InputError([Problem(name, mark.line + 1, mark.column + 1, "",
                               f"mappings and lists nest more than {MAX_DEPTH} deep here; a printgen file needs "
                               "far fewer: write the values out flat")])


def _check_depth(text: str, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before a node tree is built (building and converting
    it recurse once per level); a syntax error is left to the full reading, which places it."""
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, StreamEndEvent):
                return
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(name, event.start_mark)
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _plain_data(text: str) -> dict | None:
    """A clean file's data straight from libyaml's events, without a node tree (composing
    the tree cost four times as much as parsing); None for anything irregular (a syntax error,
    a tag, an anchor or alias, a duplicate or non-text key, several documents, no mapping at
    the top), which the full reading then reports with its place."""
    loader = _Loader(text)
    try:
        get = loader.get_event
        if type(get()) is not StreamStartEvent or type(get()) is not DocumentStartEvent:
            return None
        first = get()
        if type(first) is not MappingStartEvent:
            return None
        data = _events_value(get, first)
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            return None
        return data
    except (yaml.YAMLError, _Irregular):
        return None
    finally:
        loader.dispose()


def _scalar(event) -> Any:
    if event.anchor is not None or event.tag is not None:
        raise _Irregular
    if not event.implicit[0]:           # quoted: always text
        return event.value
    tag = _PLAIN.get(event.value)
    if tag is None:
        return event.value
    return None if tag == _NULL else event.value.lower() == "true"


def _events_value(get, event, depth: int = 1) -> Any:
    """The value that starts with ``event``, its events read with ``get``."""
    kind = type(event)
    if depth > MAX_DEPTH:
        raise _Irregular                # the full reading refuses it with its place (_check_depth)
    if kind is ScalarEvent:
        return _scalar(event)
    if event.anchor is not None or event.tag is not None:
        raise _Irregular
    if kind is SequenceStartEvent:
        items = []
        while True:
            event = get()
            kind = type(event)
            if kind is SequenceEndEvent:
                return items
            items.append(_scalar(event) if kind is ScalarEvent else _events_value(get, event, depth + 1))
    if kind is MappingStartEvent:
        result: dict[str, Any] = {}
        while True:
            event = get()
            kind = type(event)
            if kind is MappingEndEvent:
                return result
            if kind is not ScalarEvent:
                raise _Irregular
            key = _scalar(event)
            if type(key) is not str or key in result:
                raise _Irregular
            event = get()
            result[key] = _scalar(event) if type(event) is ScalarEvent else _events_value(get, event, depth + 1)
    raise _Irregular                # an alias, or an event out of place


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
        # the node is shared with its anchor: point at the key, or the list, where it is used again
        where = path[:-1] if path and isinstance(path[-1], int) else path
        file, line, col, _ = doc.find(where, at_key=True)
        problems.append(Problem(file, line, col, dotted(path), "anchors and aliases (*name) are not accepted; "
                                                               "write the value out in full"))
        raise _Stop
    visited.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        problems.append(doc.problem(path, f'the tag "{node.tag.replace("tag:yaml.org,2002:", "!!")}" is not '
                                          "accepted; only plain text, lists and mappings are"))
        return None
    if isinstance(node, ScalarNode):
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return node.value.lower() == "true"
        return node.value
    if isinstance(node, SequenceNode):
        return [_convert(item, path + (i,), doc, problems, visited) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        mark = key_node.start_mark
        if not isinstance(key_node, ScalarNode) or key_node.tag not in (_STR, "tag:yaml.org,2002:int"):
            problems.append(Problem(doc.file, mark.line + 1, mark.column + 1, dotted(path),
                                    "a key must be a plain word"))
            continue
        key = key_node.value
        if key in result:
            problems.append(Problem(doc.file, mark.line + 1, mark.column + 1, dotted(path + (key,)),
                                    f"written twice (first on line {first_line[key]}); keep one"))
            continue
        first_line[key] = mark.line + 1
        result[key] = _convert(value_node, path + (key,), doc, problems, visited)
    return result

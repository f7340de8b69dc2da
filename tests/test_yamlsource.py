"""The fast reading (libyaml's events straight to data) and the full one (the node tree) agree:
on every YAML file of the project the data is the same, and whatever the fast reading leaves
alone (tags, anchors, aliases, duplicate keys, several documents, a syntax error) goes to the
full reading, which reports it with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from printgen.errors import InputError
from printgen.source.document import Document
from printgen.source.yamlfile import _convert, _Loader, _plain_data, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for folder in ("data", "layouts", "tests/data") for p in (ROOT / folder).rglob("*.yaml"))


def full_reading(text: str):
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    problems: list = []
    data = _convert(node, (), Document("x", None, node), problems, set())
    return data, problems


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_and_full_readings_agree(path):
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    fast = _plain_data(text)
    try:
        data, problems = full_reading(text)
    except Exception:               # not YAML at all: the fast reading must leave it too
        assert fast is None
        return
    if fast is None:
        assert problems or not isinstance(data, dict) or any(ch in text for ch in "&*!"), path
    else:
        assert not problems and fast == data


def test_enough_files_are_compared():
    assert len(FILES) > 100
    assert sum(_plain_data(p.read_bytes().decode("utf-8", errors="replace")) is not None for p in FILES) > 40


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !custom 1\n", "a: 1\na: 2\n", "a: 1\n---\nb: 2\n",
    "- 1\n- 2\n", "true: 1\n", "~: 1\n", "? [a, b]\n: 1\n", "a: [1, 2\n", "a: {b: &y c}\n",
])
def test_irregular_files_go_to_the_full_reading(text):
    assert _plain_data(text) is None


def test_positions_are_found_without_a_tree_until_asked():
    doc = parse_yaml(b"catalogue:\n  id: x\n  title:\n    en: Hello\n", "f.yaml")
    assert doc.root is None and doc.data == {"catalogue": {"id": "x", "title": {"en": "Hello"}}}
    assert doc.find(("catalogue", "title", "en")) == ("f.yaml", 4, 9, 3)
    assert doc.root is not None


def test_scalars_stay_text_except_true_false_and_null():
    doc = parse_yaml(b'a: 0207\nb: 1.5\nc: 2026-11-28\nd: True\ne: ~\nf: "true"\ng:\nh: yes\n', "f.yaml")
    assert doc.data == {"a": "0207", "b": "1.5", "c": "2026-11-28", "d": True, "e": None, "f": "true", "g": None,
                        "h": "yes"}


def test_a_duplicate_key_is_still_reported_with_its_line():
    with pytest.raises(InputError) as exc:
        parse_yaml(b"a: 1\nb: 2\na: 3\n", "f.yaml")
    assert "f.yaml:3:1" in str(exc.value) and "first on line 1" in str(exc.value)

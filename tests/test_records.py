"""What validates is handed on as records (printgen.source.record), never as pydantic models: what
commands read and what the cache keeps holds no pydantic object, so a command whose files come
from the cache never imports pydantic."""

from __future__ import annotations

import importlib
import pickle
import pkgutil

import pydantic
import pytest
from conftest import CATALOGUE, LAYOUTS, ROOT

import printgen
from printgen.catalogue.load import load_catalogue
from printgen.layout import model, schema
from printgen.layout.load import list_layouts
from printgen.source.record import Record, plain
from printgen.source.schema import to_runtime

CATALOGUES = sorted((ROOT / "tests" / "data" / "catalogues").glob("*.yaml"))


def _walk(value, seen=None):
    """Every object reachable through fields, private values, lists, tuples and mappings."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    children = ()
    if isinstance(value, Record):
        children = value.__dict__.values()
    elif isinstance(value, pydantic.BaseModel):
        children = [getattr(value, name) for name in type(value).model_fields]
    elif isinstance(value, dict):
        children = list(value.keys()) + list(value.values())
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = value
    for child in children:
        yield from _walk(child, seen)


def _schema_classes():
    for info in pkgutil.walk_packages(printgen.__path__, "printgen."):
        if info.name.endswith("schema"):
            module = importlib.import_module(info.name)
            for item in vars(module).values():
                if isinstance(item, type) and issubclass(item, pydantic.BaseModel) \
                        and item.__module__ == module.__name__ and item.model_fields:
                    yield item


def test_every_schema_class_names_its_record_class():
    found = list(_schema_classes())
    assert len(found) >= 30, [c.__name__ for c in found]      # the catalogue's, the layouts', the manifest's...
    for cls in found:
        runtime = vars(cls).get("__runtime__")
        assert isinstance(runtime, type) and issubclass(runtime, Record), cls
        assert not issubclass(runtime, pydantic.BaseModel), cls


@pytest.mark.parametrize("path", [CATALOGUE] + CATALOGUES, ids=lambda p: p.stem)
def test_a_loaded_catalogue_holds_no_pydantic_object(path, monkeypatch):
    monkeypatch.setenv("PRINTGEN_CACHE", "off")
    catalogue = load_catalogue(path)
    objects = list(_walk(catalogue))
    assert not [o for o in objects if isinstance(o, pydantic.BaseModel)]
    assert sum(isinstance(o, Record) for o in objects) >= 5      # header, section, resource, contact...
    # what the validators derived came along: every phone line has its parsed number
    contacts = [c for _, r in catalogue.resources() for c in r.contacts]
    assert contacts and all(c.number is not None for c in contacts if c.kind in ("phone", "sms"))


def test_loaded_layouts_hold_no_pydantic_object(monkeypatch):
    monkeypatch.setenv("PRINTGEN_CACHE", "off")
    layouts = list_layouts(LAYOUTS)
    assert len(layouts) >= 17
    for layout in layouts:
        assert not [o for o in _walk(layout) if isinstance(o, pydantic.BaseModel)], layout.name
        assert isinstance(layout, model.Layout) and layout.file.endswith(f"{layout.name}.yaml")


def test_a_record_is_the_validated_model_field_for_field():
    validated = schema.Style.model_validate({"size": "12pt", "min": "9pt", "color": "#1A1A1A"})
    record = to_runtime(validated)
    assert type(record) is model.Style
    assert record.fields() == {name: getattr(validated, name) for name in schema.Style.model_fields}
    assert record.size == 12.0 and record.smallest == 9.0 and record.color == "#1a1a1a"
    assert plain(record) == {"font": "regular", "size": 12.0, "min": 9.0, "color": "#1a1a1a", "leading": 1.2}


def test_a_record_made_by_the_code_has_the_schemas_defaults():
    # compose makes selections of its own (a section's resources): with every field the schema has
    made = [cls for cls in _schema_classes() if vars(cls)["__runtime__"].defaults]
    assert schema.Select in made
    for cls in made:
        assert vars(cls)["__runtime__"]() == to_runtime(cls()), cls
    assert model.Select() == to_runtime(schema.Select())
    assert model.Select(tags=["hotline"]) == to_runtime(schema.Select(tags=["hotline"]))
    with pytest.raises(TypeError, match="no field colour"):
        model.Select(colour="red")


def test_a_records_fields_are_frozen_and_a_copy_changes_only_what_it_is_told():
    style = to_runtime(schema.Style.model_validate({"size": "12pt"}))
    with pytest.raises(AttributeError, match="frozen"):
        style.size = 3.0
    bigger = style.model_copy(update={"size": 20.0})
    assert (style.size, bigger.size, bigger.leading, type(bigger)) == (12.0, 20.0, style.leading, model.Style)
    assert bigger != style and style.model_copy() == style and hash(style.model_copy()) == hash(style)
    style._note = "private values may be set"
    assert style._note and "_note" not in style.fields()


def test_a_record_pickles_to_an_equal_record(monkeypatch):
    monkeypatch.setenv("PRINTGEN_CACHE", "off")
    catalogue = load_catalogue(CATALOGUE)
    again = pickle.loads(pickle.dumps(catalogue))
    assert again == catalogue and again.file == catalogue.file
    assert [c.payload for _, r in again.resources() for c in r.contacts] == \
        [c.payload for _, r in catalogue.resources() for c in r.contacts]

"""What printgen says when a catalogue and a layout do not meet: fit by priority, validate's
layout table, build's and proof's partial results, broken and inherited layouts, and the
README's layout reference against the schema."""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pydantic
from click.testing import CliRunner

from conftest import LAYOUTS, ROOT
from printgen.layout import schema as layout_module
from printgen.catalogue.load import load_catalogue
from printgen.cli import cli
from printgen.layout.load import load_layout
from printgen.render import Options, lay_out

PLACES = ROOT / "tests" / "data" / "catalogues"
GB = PLACES / "gb-uk.yaml"
TORONTO = PLACES / "ca-toronto.yaml"

CARD = """description: A test card
sheet: {{size: letter}}
item: {{size: [3.5in, 2in], safe: 0.125in}}
grid: {{columns: 2, rows: 5, left: 0.75in, top: 0.5in}}
duplex: none
styles:
  name: {{font: bold, size: 8pt, min: 8pt}}
  number: {{font: bold, size: 12pt, min: 12pt}}
faces:
  front:
    - type: resources
      box: [0.125in, 0.125in, {width}, {height}]
      select: {{exclude_tags: [officials], max: 8}}
      required: [{required}]
      name_style: name
      number_style: number
"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def card(tmp_path: Path, width="3.25in", height="0.9in", required="emergency, hotline") -> Path:
    (tmp_path / "card.yaml").write_text(CARD.format(width=width, height=height, required=required))
    return tmp_path


def test_resources_that_do_not_fit_leave_the_lowest_priority_out_and_say_so(tmp_path):
    folder = card(tmp_path)
    catalogue = load_catalogue(GB)
    result = lay_out(catalogue, load_layout("card", folder), Options("en"))
    (_, _, _, shown, _, dropped), = result.picks
    assert shown[:2] == ("emergency-999", "modern-slavery-helpline")      # the required roles stay
    assert dropped, "the box holds two or three of the eight lines"
    priorities = {r.id: r.priority for _, r in catalogue.resources()}
    assert min(priorities[i] for i in shown) >= max(priorities[i] for i in dropped)
    note = next(w for w in result.warnings if "left out for room" in w)
    assert note.startswith("the list (faces.front.0): left out for room (lowest priority first): ")
    lowest = catalogue.resource("domestic-abuse-helpline").contacts[0].display
    assert lowest in note and "domestic-abuse-helpline" in dropped      # named by their numbers too
    # the same report from the command line, and in the proof
    cli_result = run("render", "card", "--layouts", folder, "--catalogue", GB, "-o", tmp_path / "c.pdf")
    assert cli_result.exit_code == 0, cli_result.stderr
    assert "left out for room" in cli_result.stderr


def test_required_lines_that_cannot_fit_name_the_line_and_widths(tmp_path):
    folder = card(tmp_path, width="0.8in")
    result = run("render", "card", "--layouts", folder, "--catalogue", GB, "-o", tmp_path / "c.pdf")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    wide = re.escape(load_catalogue(GB).resource("modern-slavery-helpline").contacts[0].display)
    assert re.match(rf'error: \S+card.yaml: faces.front.0 \(resources\): the line "{wide}" is [\d.]+in '
                    r"\([\d.]+mm\) wide at 12pt; the box is 0.8in \(20.3mm\) wide", first), first
    assert not (tmp_path / "c.pdf").exists()


def test_an_id_the_catalogue_lacks_is_an_error_not_a_silent_drop(tmp_path):
    (tmp_path / "card.yaml").write_text(CARD.format(width="3.25in", height="1.7in", required="emergency")
                                        .replace("exclude_tags: [officials], max: 8", "ids: [emergency-999, nope]"))
    result = run("render", "card", "--layouts", tmp_path, "--catalogue", GB, "-o", tmp_path / "c.pdf")
    assert result.exit_code == 2
    assert "select names nope, which the catalogue does not have" in result.stderr.splitlines()[0]


def test_validate_says_what_each_layout_shows_and_what_it_cannot_feed(tmp_path):
    result = run("validate", "--catalogue", PLACES / "minimal.yaml", "--layouts", LAYOUTS)
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("  ")}
    assert "front.2 resources: emergency-111* | front.4 resources: mbie-migrant-exploitation*" in rows["wallet-card"]
    assert "back.1 code: mbie-migrant-exploitation*" in rows["wallet-card"]
    assert "not for this place" in rows["poster-ca-52-6"]
    assert re.search(r"^  role hotline: mbie-migrant-exploitation stands in", result.stdout, re.M)
    # a layout the catalogue cannot feed: a warning naming the element and why; --strict refuses
    folder = card(tmp_path, width="0.8in")
    shutil.copy(LAYOUTS / "wallet-card.yaml", folder)
    result = run("validate", "--catalogue", GB, "--layouts", folder, "--strict")
    assert result.exit_code == 2
    assert re.search(r"^  card +CANNOT BE MADE: .*faces.front.0 \(resources\): the line", result.stdout, re.M)
    assert "warning: layout card cannot be made from this catalogue" in result.stderr


def test_build_and_proof_make_what_they_can_and_exit_2(tmp_path):
    folder = card(tmp_path / "layouts", width="0.8in") if (tmp_path / "layouts").mkdir() is None else None
    shutil.copy(LAYOUTS / "wallet-card.yaml", folder)
    (folder / "broken.yaml").write_text("description: x\nitem: {size: [1in, 1in]}\nstyles: {}\nfaces: {front: []}\n")
    out = tmp_path / "out"
    result = run("build", "--catalogue", GB, "--layouts", folder, "-o", out)
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert any(line.startswith("not built: broken: ") and "broken.yaml" in line for line in errors)
    assert any(line.startswith("not built: card: ") and "the line" in line for line in errors)
    assert (out / "gb-uk-wallet-card-en.pdf").is_file()
    assert "built 1 of 3 layouts" in result.stdout
    proof = tmp_path / "proof.pdf"
    result = run("proof", "--catalogue", GB, "--layouts", folder, "-o", proof)
    assert result.exit_code == 2
    assert proof.is_file()
    assert any(line.startswith("not proofed: card: ") for line in result.stderr.splitlines())
    # printgen layouts lists those that load and marks the broken one
    result = run("layouts", "--layouts", folder)
    assert result.exit_code == 2
    assert re.search(r"^wallet-card +3.5in", result.stdout, re.M)
    assert re.search(r"^broken +BROKEN: ", result.stdout, re.M)


def test_presets_of_another_place_are_skipped_with_one_line_and_exit_0(tmp_path):
    result = run("build", "--catalogue", GB, "-o", tmp_path, "--layouts", LAYOUTS)
    assert result.exit_code == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if "poster-ca-52-6" in line]
    assert skipped == ["not built: poster-ca-52-6: a posting-law preset for US-CA (California Civil Code 52.6); "
                       "the catalogue is for GB, so it does not apply"]


def test_a_warning_for_many_layouts_is_said_once(in_project, tmp_path):
    result = run("build", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "ppb-anonymous-tip" in line]
    # said once, for the layouts whose lists pass over them (the bilingual and discreet cards
    # print only the emergency line and the hotline, and so pass over none)
    assert len(said) == 1 and "left out (incomplete): " in said[0], said
    assert "poster-letter" in said[0] and "wallet-card:" in said[0] and "wallet-card-discreet" not in said[0]


def test_an_inherited_elements_error_names_the_layout_and_where_the_element_is_written(tmp_path):
    for name in ("poster-base", "poster-letter"):
        shutil.copy(LAYOUTS / f"{name}.yaml", tmp_path)
    base = (tmp_path / "poster-base.yaml").read_text()
    (tmp_path / "poster-base.yaml").write_text(base.replace("select: {tags: [hotline], kinds: [phone], max: 1,",
                                                            "select: {tags: [hotline], ids: [missing-id], max: 1,"))
    line = next(i for i, text in enumerate(base.splitlines(), 1) if "type: qr" in text)
    result = run("render", "poster-letter", "--layouts", tmp_path, "--catalogue", GB, "-o", tmp_path / "p.pdf")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: poster-letter (from {tmp_path}/poster-base.yaml:{line}:7): faces.front.4 (qr): "
                            "select names missing-id"), first


def _schema_keys() -> set[str]:
    section = {"Layout": "layout", "Sheet": "sheet", "Item": "item", "Grid": "grid", "Requires": "requires",
               "Flow": "flow", "Select": "select", "Style": "style", "Faces": "faces", "TextElement": "text",
               "ResourcesElement": "resources", "QRElement": "qr", "TabsElement": "tabs", "RuleElement": "rule",
               "BoxElement": "box", "ImageElement": "image", "WordingElement": "wording", "NotesElement": "notes",
               "Alternative": "alternative", "Band": "band"}
    keys, seen = set(), set()

    def types(annotation):
        yield annotation
        for arg in typing.get_args(annotation):
            yield from types(arg)

    def walk(model):
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            keys.add(f"{section[model.__name__]}.{info.alias or name}")
            for t in types(info.annotation):
                if isinstance(t, type) and issubclass(t, pydantic.BaseModel):
                    walk(t)
    walk(layout_module.Layout)
    return keys


def test_the_readme_layout_reference_lists_every_key_the_schema_accepts():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("### Layout reference", 1)[1].split("\n\n", 2)[2].split("\n\n", 1)[0]
    listed = set()
    for row in table.splitlines()[2:]:
        listed |= set(re.findall(r"`([a-z]+\.[a-z_]+)`", row.split("|")[1]))
    assert listed == _schema_keys()

"""Any region's catalogue: every shipped layout renders, read back and checked, from catalogues
written from the format document alone (none uses Portland's ids), and what each element shows
and what fell back is what the roles, tags and priorities say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import CATALOGUE, LAYOUTS, ROOT
from printgen.catalogue.load import load_catalogue
from printgen.cli import cli
from printgen.layout.load import list_layouts, load_layout
from printgen.render import Options, lay_out, render
from readback import decode_codes, links, page_texts

PLACES = ROOT / "tests" / "data" / "catalogues"
# (file, what it is): Portland's, another US city's, other countries' (one whose catalogue
# language is not English), a minimal one with no tags, and the sample of another country.
CATALOGUES = [CATALOGUE, PLACES / "us-seattle.yaml", PLACES / "ca-toronto.yaml", PLACES / "gb-uk.yaml",
              PLACES / "fr-paris.yaml", PLACES / "minimal.yaml", PLACES / "au-minimal.yaml"]
PRESETS = {lay.name for lay in list_layouts(LAYOUTS) if lay.requires is not None}   # posting-law presets
PORTLAND_IDS = {r.id for _, r in load_catalogue(CATALOGUE).resources()}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def shown(catalogue_path: Path, layout: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """element (face.index) -> (ids shown, ids that fell back), from a render without PDF."""
    catalogue = load_catalogue(catalogue_path)
    lay = load_layout(layout, LAYOUTS)
    result = lay_out(catalogue, lay, Options(lay.default_lang(catalogue.catalogue)))
    return {f"{face}.{index}": (ids, fell) for face, index, _, ids, fell, _ in result.picks}


def test_other_catalogues_use_none_of_portlands_ids():
    for path in CATALOGUES[1:]:
        ids = {r.id for _, r in load_catalogue(path).resources()}
        assert not ids & PORTLAND_IDS, (path.name, ids & PORTLAND_IDS)


def test_no_shipped_layout_names_a_resource_id():
    for path in LAYOUTS.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())

        def walk(node):
            if isinstance(node, dict):
                assert "ids" not in node, f"{path.name} selects by id"
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
        walk(data)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_build_makes_every_layout_checked(path, tmp_path):
    result = run("build", "--catalogue", path, "--layouts", LAYOUTS, "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    names = {lay.name for lay in list_layouts(LAYOUTS)}
    made = {p.name for p in tmp_path.glob("*.pdf")}
    catalogue = load_catalogue(path)
    for name in names - PRESETS:
        assert any(f"-{name}-" in f for f in made), (name, result.stderr)
    for name in PRESETS:          # none of these catalogues is of a state with a preset
        assert re.search(rf"^not built: {name}: a posting-law preset for US-\w\w .*(does not apply|names no state)",
                         result.stderr, re.M), result.stderr
    assert f"built {len(names - PRESETS)} of {len(names)} layouts" in result.stdout
    assert "checked" in result.stdout
    # every code on every card back reads from the pixels as one of the catalogue's lines
    payloads = {c.payload for _, r in catalogue.resources() for c in r.contacts}
    card = next(tmp_path.glob(f"{catalogue.catalogue.id}-wallet-card-*.pdf"))
    codes = decode_codes(card.read_bytes())
    assert codes and {c.payload for c in codes} <= payloads


def test_minimal_catalogue_without_tags_gets_its_emergency_line_and_a_stand_in_hotline():
    path = PLACES / "minimal.yaml"
    picks = shown(path, "wallet-card")
    assert (picks["front.2"][0], picks["front.4"][0]) == (("emergency-111",), ("mbie-migrant-exploitation",))
    assert picks["back.1"][0] == ("mbie-migrant-exploitation",)     # the code: the stand-in hotline
    assert picks["back.1"][1] == ("mbie-migrant-exploitation",)     # ... reported as a fall-back
    catalogue = load_catalogue(path)
    assert catalogue.stand_ins()["hotline"][0] == "mbie-migrant-exploitation"
    assert "emergency" in catalogue.roles(catalogue.resource("emergency-111"))   # 111 is NZ's emergency number
    pdf = render(catalogue, load_layout("wallet-card", LAYOUTS), Options("en")).pdf
    assert {c.payload for c in decode_codes(pdf)} == {"tel:+64800209020"}


def test_tagged_catalogue_gets_exactly_what_it_tagged():
    path = PLACES / "gb-uk.yaml"
    card = shown(path, "wallet-card")
    assert card["front.2"] == (("emergency-999",), ())                  # the front: 999 at the left,
    assert card["front.4"] == (("modern-slavery-helpline",), ())        # the hotline beside it
    assert card["back.1"] == (("modern-slavery-helpline",), ())
    poster = shown(path, "poster-letter")
    assert poster["front.2"] == (("modern-slavery-helpline",), ())      # the hero
    assert poster["front.4"] == (("modern-slavery-helpline",), ())      # its code
    # the list under the hero: the emergency line first, never the hotline again
    assert poster["front.3"][0][0] == "emergency-999" and "modern-slavery-helpline" not in poster["front.3"][0]


def test_officials_lines_stay_off_victim_facing_items():
    path = PLACES / "us-seattle.yaml"
    catalogue = load_catalogue(path)
    officials = {r.id for _, r in catalogue.resources() if "officials" in r.tags}
    assert officials
    for layout in ("wallet-card", "poster-letter", "sticker-stall", "poster-tearoff"):
        for ids, _ in shown(path, layout).values():
            assert not set(ids) & officials, layout


def test_long_website_prints_its_display_form_and_codes_keep_the_full_url():
    path = PLACES / "ca-toronto.yaml"
    url = "https://www.canadiancentretoendhumantrafficking.ca"
    catalogue = load_catalogue(path)
    for layout in ("poster-letter", "handout-letter", "brochure-trifold"):
        pdf = render(catalogue, load_layout(layout, LAYOUTS), Options("en")).pdf
        text = "".join("".join(page_texts(pdf)).split())        # lines joined where the address broke
        assert "canadiancentretoendhumantrafficking.ca" in text, layout
        assert "https://" not in text and "www.canadiancentre" not in text, layout
        assert url in {target for _, target in links(pdf)}, layout


def test_a_number_never_wraps_inside_itself():
    """GB numbers have spaces (08000 121 700): printed whole on one line, never split at a space."""
    catalogue = load_catalogue(PLACES / "gb-uk.yaml")
    display = catalogue.resource("modern-slavery-helpline").contacts[0].display
    assert " " in display
    head = display.rsplit(" ", 1)[0]
    for layout in ("wallet-card", "poster-a4", "sticker-stall", "handout-letter"):
        pdf = render(catalogue, load_layout(layout, LAYOUTS), Options("en")).pdf
        lines = [line.strip() for page in page_texts(pdf) for line in page.splitlines()]
        assert any(display in line for line in lines), (layout, lines)
        assert not any(line.endswith(head) for line in lines), layout


def test_bilingual_layouts_take_the_catalogues_second_language(tmp_path):
    result = run("build", "--catalogue", PLACES / "ca-toronto.yaml", "-o", tmp_path, "--layouts", LAYOUTS)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "ca-toronto-wallet-card-bilingual-en+fr.pdf").is_file()
    pdf = (tmp_path / "ca-toronto-poster-letter-bilingual-en+fr.pdf").read_bytes()
    assert "Urgence" in "".join(page_texts(pdf))


def test_a_catalogue_whose_language_is_not_english_renders_in_it():
    catalogue = load_catalogue(PLACES / "fr-paris.yaml")
    pdf = render(catalogue, load_layout("wallet-card", LAYOUTS), Options("fr")).pdf
    text = " ".join(page_texts(pdf))
    assert "17" in text and "3919" in text
    names = [catalogue.resource(i).name["fr"] for i in ("police-secours-17",)]
    assert all(n in " ".join(text.split()) for n in names)          # a name may wrap


def test_a_country_with_two_emergency_numbers_gets_one_and_its_hotline_on_the_card_front():
    picks = shown(PLACES / "fr-paris.yaml", "wallet-card")
    assert (picks["front.2"][0], picks["front.4"][0]) == (("police-secours-17",), ("violences-femmes-info-3919",))
    # not 17 and 112

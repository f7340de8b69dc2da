"""Posting-law presets: each renders from a catalogue of its state that holds what it asks,
measured from the written PDF (sheet, text sizes and weight, languages, each required line,
the statute's wording verbatim in the text layer), and each requirement, broken in turn, is
refused with its own message. Not legal advice: these test what the presets check."""

from __future__ import annotations

import io
import shutil

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner
from conftest import LAYOUTS, ROOT

from printgen.catalogue.load import load_catalogue
from printgen.catalogue.phones import parse_number
from printgen.cli import cli
from printgen.layout.load import load_layout
from printgen.layout.requires import RequirementsNotMet
from printgen.render import Options, render, render_to
from readback import links, page_boxes, page_texts

US = ROOT / "tests" / "data" / "catalogues" / "us-posting-laws.yaml"
# preset -> (state, languages of the conforming render)
PRESETS = {
    "poster-ca-52-6": ("CA", "en+es"), "poster-il-775-ilcs-50": ("IL", "en+es"),
    "poster-fl-787-29": ("FL", "en+es"), "poster-ga-16-5-47": ("GA", "en+es"),
    "poster-mo-595-120": ("MO", "en+es"), "poster-la-15-541-1": ("LA", "en+fr+es"),
    "poster-mi-752-1035": ("MI", "en+es"), "poster-ky-281-767": ("KY", "en+es"),
    "sticker-ky-cling": ("KY", "en+es"), "sticker-md-19-103": ("MD", "en+es"),
    "poster-hi-371-20": ("HI", "en"), "poster-nm-hb-181": ("NM", "en+es"),
    "poster-tx-402-0351": ("TX", "en+es"), "poster-tx-lodging": ("TX", "en"),
}
SPANISH_HEADLINE = "Hay ayuda disponible. No está solo."


def flat(text: str) -> str:
    return " ".join(text.split())


def catalogue_data(state: str) -> dict:
    data = yaml.safe_load(US.read_text("utf-8"))
    data["catalogue"]["subdivision"] = f"US-{state}"
    return data


def write_catalogue(tmp_path, data: dict):
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_catalogue(path)


def resources(data: dict) -> list[dict]:
    return [r for s in data["sections"] for r in s.get("resources", [])]


def test_every_preset_is_tested():
    from printgen.layout.folder import load_all

    layouts, broken = load_all(LAYOUTS)
    shipped = {layout.name for layout in layouts if layout.requires is not None}
    assert broken == []
    assert shipped == set(PRESETS)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_a_conforming_render_passes_and_measures_what_the_law_asks(name, tmp_path):
    state, lang = PRESETS[name]
    layout = load_layout(name, LAYOUTS)
    req = layout.requires
    assert req.citation and req.source.startswith("http") and req.checked and req.who and req.placement
    catalogue = write_catalogue(tmp_path, catalogue_data(state))
    target = tmp_path / f"{name}.pdf"
    result = render_to(catalogue, layout, Options(lang), target)      # read back and checked, then written
    pdf = target.read_bytes()
    assert pdf == result.pdf
    text = flat(page_texts(pdf)[0])
    # the sheet: at least the law's size, or one of its alternatives, with that size's smallest text
    media = page_boxes(pdf)[0]["media"]
    width, height = media[2] - media[0], media[3] - media[1]
    options = [(req.sheet, req.font)] + [(a.sheet, a.font or req.font) for a in req.alternatives]
    fits = [(s, f) for s, f in options if s is None or (sorted((width, height))[0] >= sorted(s)[0] - 0.5
                                                        and sorted((width, height))[1] >= sorted(s)[1] - 0.5)]
    assert fits, (width, height)
    if req.orientation == "landscape":
        assert width > height
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = [c for c in doc.pages[0].chars if c["text"].strip()]
        words = doc.pages[0].extract_words(extra_attrs=["fontname", "size"])
    font = fits[0][1]
    if font is not None:
        assert min(c["size"] for c in chars) >= font - 0.01
    # languages
    tags = lang.split("+")
    assert set(req.languages) <= set(tags) if not req.one_language_per_sheet else len(tags) == 1
    if any(getattr(e, "text", None) and "Help is available" in e.text.get("en", "") for e in layout.elements("front")):
        assert ("Help is available. You are not alone." in text) == ("en" in tags)
        assert (SPANISH_HEADLINE in text) == ("es" in tags)
    # every line the law names, printed as the catalogue derives it, with its link
    uris = [uri for _, uri in links(pdf)]
    for number in req.numbers:
        wanted = parse_number(number, "US")
        assert wanted.display in text and wanted.tel in uris, number
        if req.bold_numbers:
            assert any(w["text"] == wanted.display and "Bold" in w["fontname"] for w in words), number
    if req.text_line:
        assert "SMSTO:233733:BEFREE" in uris and "233733" in text
    # the statute's wording, verbatim in the text layer (and in bold where the law says so)
    for wording_lang, words_of_law in (req.wording or {}).items():
        if wording_lang in tags:
            assert flat(words_of_law) in text, name
            if req.bold_wording:
                first = flat(words_of_law).split()[:8]
                printed = [w for w in words if w["text"] in first]
                assert printed and all("Bold" in w["fontname"] for w in printed)
    for note in [n for s in catalogue.sections for n in s.notes]:     # the notes the law asks for, and no other
        assert (flat(note.body[tags[0]]) in text) == bool(set(note.tags) & set(req.notes)), note.id
    for tag in req.roles:
        lines = [c.display for _, r in catalogue.resources() if tag in catalogue.roles(r) for c in r.contacts]
        assert any(line in text for line in lines), tag
    # who must post and where go on the job sheet, never on the notice
    for who in req.who:
        assert flat(who)[:40] not in text


def breaks(name: str) -> list[str]:
    """The requirements of a preset that a test can take away one at a time."""
    req = load_layout(name, LAYOUTS).requires
    out = []
    out += ["sheet"] if req.sheet else []
    out += ["font"] if req.font else []
    out += ["orientation"] if req.orientation else []
    out += ["language"] if req.languages and not req.one_language_per_sheet else []
    out += ["one-language"] if req.one_language_per_sheet else []
    out += ["county-language"] if req.county_language else []
    out += [f"number:{n}" for n in req.numbers]
    out += ["bold-numbers"] if req.bold_numbers else []
    out += ["text-line"] if req.text_line else []
    out += ["wording"] if req.wording else []
    out += ["bold-wording"] if req.bold_wording else []
    out += [f"note:{t}" for t in req.notes]
    out += [f"role:{t}" for t in req.roles if t != "hotline"]    # a catalogue always has a hotline (a stand-in)
    return out


CASES = [(name, what) for name in sorted(PRESETS) for what in breaks(name)]


def override(tmp_path, name: str, extra: str):
    """A layout folder holding the shipped layouts and `broken`, which extends ``name``."""
    folder = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, folder)
    (folder / "broken.yaml").write_text(f"extends: {name}\n{extra}", "utf-8")
    return load_layout("broken", folder)


def faces_without_wording(name: str) -> str:
    """The preset's faces (its own or its base's) without the wording element, as YAML."""
    data = yaml.safe_load((LAYOUTS / f"{name}.yaml").read_text("utf-8"))
    while "faces" not in data:
        data = yaml.safe_load((LAYOUTS / f"{data['extends']}.yaml").read_text("utf-8"))
    faces = {"front": [e for e in data["faces"]["front"] if e["type"] != "wording"]}
    return yaml.safe_dump({"faces": faces}, allow_unicode=True)


def shrunk(name: str) -> str:
    """The preset on a sheet a little smaller than the law's (its boxes in % or inches still fit)."""
    layout = load_layout(name, LAYOUTS)
    w, h = layout.item.size
    return (f"sheet: {{size: [{w - 4}pt, {h - 4}pt]}}\nitem: {{size: [{w - 4}pt, {h - 4}pt], "
            f"safe: {layout.item.safe - 4}pt}}\n")


@pytest.mark.parametrize("name, what", CASES)
def test_each_requirement_taken_away_is_refused_with_its_own_reason(name, what, tmp_path):
    state, lang = PRESETS[name]
    data = catalogue_data(state)
    layout = load_layout(name, LAYOUTS)
    req = layout.requires
    venue: dict[str, str] = {}
    kind, _, arg = what.partition(":")
    if kind == "sheet":
        layout, expected = override(tmp_path, name, shrunk(name)), "the sheet is "
    elif kind == "font":
        small = {name: {"size": f"{req.font - 2:g}pt", "min": f"{req.font - 2:g}pt"}
                 for name in ("label", "small", "name")}
        layout = override(tmp_path, name, yaml.safe_dump({"styles": small, "requires": {"alternatives": []}}))
        expected = f"every text must be at least {req.font:g}pt"
    elif kind == "orientation":
        w, h = layout.item.size
        layout = override(tmp_path, name, f"sheet: {{size: [{h}pt, {w}pt], orientation: portrait}}\n"
                                          "requires: {sheet: null}\n"
                                          f"item: {{size: [{h}pt, {w}pt], safe: {layout.item.safe}pt}}\n")
        expected = "the sheet is upright"
    elif kind == "language":
        missing = req.languages[-1]
        lang = "+".join(t for t in lang.split("+") if t != missing) or ("es" if missing != "es" else "en")
        expected = f"this render lacks {missing}"
    elif kind == "one-language":
        lang, expected = "en+es", "each sheet must be in one of en, es (print one sheet per language)"
    elif kind == "county-language":
        venue, expected = {"language": "vi"}, "the venue's county language (vi) must be on the notice too"
    elif kind == "number":
        dial = parse_number(arg, "US").dial
        for r in resources(data):
            r["contacts"] = [c for c in r["contacts"] if "phone" not in c or parse_number(c["phone"], "US").dial != dial]
        for section in data["sections"]:
            section["resources"] = [r for r in section.get("resources", []) if r["contacts"]]
        expected = f"{arg} must be printed (the catalogue has no such line: add it there)"
    elif kind == "bold-numbers":
        layout = override(tmp_path, name, "styles: {number: {font: regular}, caption: {font: regular}}\n")
        expected = "must be printed in bold type"
    elif kind == "text-line":
        for r in resources(data):
            r["contacts"] = [c for c in r["contacts"] if "sms" not in c]
        expected = "a number to text must be printed"
    elif kind == "wording":
        layout = override(tmp_path, name, faces_without_wording(name))
        expected = "the prescribed wording (en) must be printed verbatim"
    elif kind == "bold-wording":
        layout = override(tmp_path, name, "styles: {wording: {font: regular}}\n")
        expected = "the prescribed wording must be in bold type"
    elif kind == "note":
        for section in data["sections"]:
            section["notes"] = [n for n in section.get("notes", []) if arg not in n.get("tags", [])]
        expected = f"a note tagged {arg} must be printed (the catalogue has none: add it there)"
    elif kind == "role":
        for section in data["sections"]:
            section["resources"] = [r for r in section.get("resources", []) if arg not in r.get("tags", [])]
        expected = f"a line tagged {arg} must be printed (the catalogue has none: add it there)"
    catalogue = write_catalogue(tmp_path, data)
    with pytest.raises(RequirementsNotMet) as info:
        render(catalogue, layout, Options(lang, venue=venue))
    message = str(info.value)
    assert f"{req.law}: 1 requirements not met" in message, message
    assert expected in message, message


def test_a_preset_names_every_missing_item_at_once(tmp_path):
    # the Portland catalogue has no CAST line and no number to text
    from conftest import CATALOGUE

    with pytest.raises(RequirementsNotMet) as info:
        render(load_catalogue(CATALOGUE), load_layout("poster-ca-52-6", LAYOUTS), Options("en"))
    message = str(info.value)
    assert ": 3 requirements not met" in message
    for part in ("this render lacks es", "1-888-539-2373 must be printed (the catalogue has no such line",
                 "a number to text must be printed"):
        assert part in message


def test_the_county_language_must_be_wholly_on_the_notice(tmp_path):
    data = catalogue_data("MD")
    data["catalogue"]["languages"].append("vi")
    layout = load_layout("sticker-md-19-103", LAYOUTS)
    with pytest.raises(RequirementsNotMet) as info:      # the hotline's name has no Vietnamese text
        render(write_catalogue(tmp_path, data), layout, Options("en+es+vi", venue={"language": "vi"}))
    assert "1 texts are not translated into vi (e.g. nhth.name (vi)); the notice must be in vi" in str(info.value)
    nhth = next(r for r in resources(data) if r["id"] == "nhth")
    nhth["name"]["vi"] = "Đường dây nóng quốc gia"              # as the Portland catalogue's draft has it
    result = render(write_catalogue(tmp_path, data), layout, Options("en+es+vi", venue={"language": "vi"}))
    text = flat(page_texts(result.pdf)[0])
    assert flat(layout.requires.wording["en"]) in text and "Đường dây nóng quốc gia" in text


@pytest.mark.parametrize("name", ["poster-il-775-ilcs-50", "sticker-md-19-103"])
def test_a_preset_made_from_another_states_catalogue_says_so(name, tmp_path):
    state, lang = PRESETS[name]
    layout = load_layout(name, LAYOUTS)
    there = render(write_catalogue(tmp_path, catalogue_data(state)), layout, Options(lang))
    assert not [w for w in there.warnings if "does not apply" in w], there.warnings
    (tmp_path / "elsewhere").mkdir()
    elsewhere = render(write_catalogue(tmp_path / "elsewhere", catalogue_data("OR")), layout, Options(lang))
    said = [w for w in elsewhere.warnings if "does not apply" in w]
    assert said == [f"{name} is a posting-law preset for US-{state} ({layout.requires.law}); the catalogue is for "
                    f"US-OR, so it does not apply; made as asked: check that the venue is in US-{state} and that "
                    "the catalogue's lines serve it"], elsewhere.warnings


@pytest.mark.parametrize("name", sorted(n for n in PRESETS if n.startswith("poster-")))
def test_every_law_poster_prints_the_venue_it_is_made_for(name, tmp_path):
    state, lang = PRESETS[name]
    catalogue = write_catalogue(tmp_path, catalogue_data(state))
    pdf = render(catalogue, load_layout(name, LAYOUTS), Options(lang, venue={"name": "Rose City Motel"})).pdf
    assert "Rose City Motel" in flat(page_texts(pdf)[0])


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_render_writes_the_job_sheet_beside_the_pdf(tmp_path):
    data = catalogue_data("MD")
    path = tmp_path / "md.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    target = tmp_path / "stall.pdf"
    result = run("render", "sticker-md-19-103", "--catalogue", path, "--layouts", LAYOUTS, "-o", target,
                 "--county-language", "es")
    assert result.exit_code == 0, result.stderr
    sheet = (tmp_path / "stall.job.txt").read_text("utf-8")
    assert sheet.startswith("Job sheet for stall.pdf\n")
    req = load_layout("sticker-md-19-103", LAYOUTS).requires
    for part in (req.citation, req.source, "checked on 2026-12-01", "Who must post it:", req.who[0],
                 "Where to post it:", "on the inside of each stall door", "Not legal advice.",
                 "the county's Voting Rights Act language: es (given for this venue)"):
        assert part in sheet, part
    assert "stall door" not in page_texts(target.read_bytes())[0]      # placement is for the venue, not the notice
    assert f"job sheet {tmp_path / 'stall.job.txt'} (for who posts it (not legal advice))" in result.stdout
    assert "Printing:" not in sheet and "Posting:" in sheet


def test_build_renders_only_the_presets_of_the_catalogues_state(tmp_path):
    data = catalogue_data("TX")
    path = tmp_path / "tx.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    out = tmp_path / "out"
    result = run("build", "--catalogue", path, "--layouts", LAYOUTS, "-o", out)
    made = sorted(p.name for p in out.glob("*poster-tx*"))
    assert made == ["us-posting-laws-poster-tx-402-0351-en+es.job.txt", "us-posting-laws-poster-tx-402-0351-en+es.pdf",
                    "us-posting-laws-poster-tx-lodging-en.job.txt", "us-posting-laws-poster-tx-lodging-en.pdf"]
    skipped = [line for line in result.stderr.splitlines() if "a posting-law preset for" in line]
    assert len(skipped) == len(PRESETS) - 2
    assert all("the catalogue is for US-TX, so it does not apply" in line for line in skipped)


def test_layouts_law_lists_the_presets_with_citation_and_checked_date():
    result = run("layouts", "--layouts", LAYOUTS, "--law")
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.split()[0] in PRESETS]
    assert len(rows) == len(PRESETS)
    for row in rows:
        layout = load_layout(row.split()[0], LAYOUTS)
        assert layout.requires.jurisdiction in row and layout.requires.citation in row
        assert f"checked {layout.requires.checked.isoformat()}" in row
    assert "not legal advice" in result.stdout.splitlines()[-1]
    assert "wallet-card" not in result.stdout


def test_a_batch_writes_each_presets_job_sheet_with_the_venues_county_language(tmp_path):
    (tmp_path / "md.yaml").write_text(yaml.safe_dump(catalogue_data("MD"), allow_unicode=True), "utf-8")
    (tmp_path / "campaign.yaml").write_text(
        f"catalogue: md.yaml\nlayouts_folder: {LAYOUTS}\nlayouts: [sticker-md-19-103]\nlanguages: [en+es]\n"
        "venues: [{name: Bus Depot, language: vi}, {name: Truck Stop}]\noutput: {folder: out}\n", "utf-8")
    result = run("batch", tmp_path / "campaign.yaml", "--jobs", "1")
    assert result.exit_code == 2, result.stdout + result.stderr       # Bus Depot's county language is not printed
    assert "the venue's county language (vi) must be on the notice too" in result.stderr
    sheet = (tmp_path / "out" / "sticker-md-19-103-en+es-truck-stop.job.txt").read_text("utf-8")
    assert "Who must post it:" in sheet and "printgen cannot know your county" in sheet
    assert not (tmp_path / "out" / "sticker-md-19-103-en+es-bus-depot.job.txt").exists()


def test_a_county_language_that_is_no_language_tag_is_refused_in_one_line(tmp_path):
    result = run("render", "sticker-md-19-103", "--county-language", "Polish!", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ['error: --county-language: found "Polish!"; expected a language tag such '
                                          "as en, es, zh-Hans"]

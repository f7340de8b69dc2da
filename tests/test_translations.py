"""Translations the user controls, no silent English, languages the catalogue lacks refused,
and translations in the batch digest: each from the command line, read back from the PDFs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, ROOT
from readback import page_texts

from printgen.catalogue.load import load_catalogue
from printgen.cli import cli
from printgen.language import strings
from printgen.layout.folder import load_all
from printgen.render import Options, render

FRENCH = ROOT / "tests" / "data" / "catalogues" / "fr-paris.yaml"
SHIPPED_LANGUAGES = ("en es fr de it pt ro pl ru uk tr ar fa ur hi pa bn ne zh-Hans zh-Hant ja ko vi th km my tl ht "
                     "so am ti sw").split()


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_printgen_ships_its_words_in_every_listed_language_each_marked_unreviewed_until_checked():
    assert set(strings.available()) >= set(SHIPPED_LANGUAGES)
    reference = strings.load("en")
    english_texts = set(strings.load("es").texts)
    for tag in SHIPPED_LANGUAGES[1:]:
        found = strings.load(tag)
        assert set(found.words) == set(reference.words), tag
        assert set(found.texts) == english_texts, tag
        assert found.unreviewed(), f"{tag}: a draft is marked reviewed"


def test_a_french_catalogue_prints_every_layout_with_none_of_printgens_words_in_english():
    catalogue = load_catalogue(FRENCH)
    english = [value for value, _ in strings.load("en").words.values() if "{" not in value]
    english += [text for text in strings.load("es").texts if "{" not in text]
    layouts, _ = load_all(LAYOUTS)
    made = 0
    for layout in layouts:
        if layout.requires is not None:          # posting-law presets of other places
            continue
        lang = layout.default_lang(catalogue.catalogue)
        result = render(catalogue, layout, Options(lang, allow_stale=True))
        fallbacks = [w for w in result.warnings if w.startswith("fell back")]
        assert not any("word:" in w or "faces." in w for w in fallbacks), (layout.name, fallbacks)
        text = squeeze(" ".join(page_texts(result.pdf)))
        for phrase in english:
            if lang == "fr":                     # a bilingual layout prints English too
                assert squeeze(phrase) not in text, (layout.name, phrase)
        made += 1
    assert made >= 13


def test_a_user_strings_folder_overrides_a_shipped_translation_and_adds_a_language(tmp_path):
    folder = tmp_path / "strings"
    folder.mkdir()
    (folder / "fr.yaml").write_text('language: fr\nreviewed: true\ntexts:\n  "Need help? Call any time, day or '
                                    'night.": "Besoin d\'aide ? Appelez, jour et nuit."\n', encoding="utf-8")
    (folder / "eu.yaml").write_text('language: eu\nreviewed: true\nwords:\n  helpline: Laguntza-lerroa\ntexts:\n'
                                    '  "Need help? Call any time, day or night.": "Laguntza behar duzu? Deitu edozein '
                                    'unetan."\n', encoding="utf-8")
    out = tmp_path / "fr.pdf"
    result = run("render", "wallet-card", "--catalogue", FRENCH, "--strings", folder, "-o", out, "--no-verify")
    assert result.exit_code == 0, result.output
    text = squeeze(page_texts(out.read_bytes())[0])
    assert squeeze("Besoin d'aide ? Appelez, jour et nuit.") in text
    assert squeeze(strings.load("fr").texts["Need help? Call any time, day or night."][0]) not in text
    # a language printgen does not ship: the catalogue offers it, the user's folder translates
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(FRENCH.read_text("utf-8").replace("languages: [fr, en]", "languages: [fr, en, eu]"),
                         encoding="utf-8")
    out = tmp_path / "eu.pdf"
    result = run("render", "wallet-card", "--catalogue", catalogue, "--lang", "eu", "-o", out, "--no-verify")
    assert result.exit_code == 0, result.output          # strings/ beside the catalogue, found by itself
    assert "Laguntzabeharduzu?Deituedozeinunetan." in squeeze(page_texts(out.read_bytes())[0])
    assert "fell back to fr" in result.stderr             # the catalogue's own texts, not translated to eu


def test_a_broken_user_strings_file_is_refused_with_its_line(tmp_path):
    folder = tmp_path / "strings"
    folder.mkdir()
    (folder / "fr.yaml").write_text("language: fr\nwords:\n  helpine: Ligne\n", encoding="utf-8")
    result = run("render", "wallet-card", "--catalogue", FRENCH, "--strings", folder, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert re.search(r"fr\.yaml:3:3: words\.helpine: unknown word \"helpine\"; did you mean \"helpline\"\?", first)
    assert not (tmp_path / "x.pdf").exists()
    result = run("validate", "--catalogue", FRENCH, "--strings", folder)
    assert result.exit_code == 2 and "unknown word" in result.stderr


@pytest.mark.parametrize("command", [
    ["render", "wallet-card", "-o", "{tmp}/x.pdf"],
    ["build", "-o", "{tmp}"],
    ["preview", "wallet-card", "-o", "{tmp}"],
    ["proof", "wallet-card", "-o", "{tmp}/proof.pdf"],
])
def test_a_language_the_catalogue_lacks_is_refused_in_each_command(in_project, tmp_path, command):
    args = [a.format(tmp=tmp_path) for a in command]
    result = run(*args, "--lang", "sp")
    assert result.exit_code == 2, result.output
    assert "sp is not among the catalogue's languages (en, es, vi, zh-Hans, zh-Hant, ru, uk, so, ar)" in result.stderr
    assert "Traceback" not in result.output
    assert not list(tmp_path.rglob("*.pdf")) and not list(tmp_path.rglob("*.png"))
    allowed = run(*args, "--lang", "fr", "--allow-fallback")
    assert allowed.exit_code == 0, allowed.output


def test_a_manifest_language_the_catalogue_lacks_is_refused_with_its_line(tmp_path):
    path = tmp_path / "batch.yaml"
    path.write_text(f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [wallet-card]\n"
                    "languages: [en, xx]\noutput: {folder: out}\n", encoding="utf-8")
    result = run("batch", path)
    assert result.exit_code == 2
    assert re.search(r"batch\.yaml:4:17: languages: xx is not among the catalogue's languages", result.stderr)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.pdf"))


def test_strict_refuses_a_text_that_would_fall_back(in_project, tmp_path):
    out = tmp_path / "h.pdf"
    loose = run("render", "handout-letter", "--lang", "es", "-o", out, "--no-verify")
    assert loose.exit_code == 0 and "fell back to en for" in loose.stderr
    strict = run("render", "handout-letter", "--lang", "es", "--strict", "-o", tmp_path / "s.pdf")
    assert strict.exit_code == 2
    assert re.match(r"error: --strict: \d+ texts would print in en, not in es: ", strict.stderr)
    assert not (tmp_path / "s.pdf").exists()
    assert run("render", "wallet-card", "--lang", "es", "--strict", "-o", tmp_path / "w.pdf").exit_code == 0


def _handout(tmp_path: Path, fallback: str) -> Path:
    folder = tmp_path / f"layouts-{fallback}"
    shutil.copytree(LAYOUTS, folder)
    text = (folder / "handout-letter.yaml").read_text("utf-8")
    (folder / "handout-letter.yaml").write_text(text.replace("flow:\n", f"flow:\n  fallback: {fallback}\n", 1),
                                               encoding="utf-8")
    return folder


def test_a_layout_may_omit_or_refuse_paragraphs_the_language_lacks(in_project, tmp_path):
    catalogue = load_catalogue(CATALOGUE)
    lacking = [n for s in catalogue.sections for n in s.notes if "es" not in n.body and n.status is None]
    assert lacking, "the seed catalogue has notes without Spanish"
    english = " ".join(lacking[0].body["en"].split()[:8])
    run("render", "handout-letter", "--lang", "es", "-o", tmp_path / "p.pdf", "--no-verify")
    assert squeeze(english) in squeeze(" ".join(page_texts((tmp_path / "p.pdf").read_bytes())))
    omit = run("render", "handout-letter", "--layouts", _handout(tmp_path, "omit"), "--lang", "es",
               "-o", tmp_path / "o.pdf", "--no-verify")
    assert omit.exit_code == 0, omit.output
    assert f"flow.fallback omit: left out note {lacking[0].id}, which has no es text" in omit.stderr
    assert squeeze(english) not in squeeze(" ".join(page_texts((tmp_path / "o.pdf").read_bytes())))
    error = run("render", "handout-letter", "--layouts", _handout(tmp_path, "error"), "--lang", "es",
                "-o", tmp_path / "e.pdf")
    assert error.exit_code == 2
    assert "flow.fallback: note" in error.stderr and "has no es text" in error.stderr
    assert not (tmp_path / "e.pdf").exists()


def test_editing_one_translation_remakes_exactly_the_files_that_print_it(tmp_path):
    folder = tmp_path / "strings"
    folder.mkdir()
    es = strings.load("es")
    entry = "Need help? Call any time, day or night."   # printed on the wallet card's front, not on posters
    (folder / "es.yaml").write_text(f'language: es\ntexts:\n  "{entry}": "{es.texts[entry][0]}"\n', encoding="utf-8")
    path = tmp_path / "batch.yaml"
    path.write_text(f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [wallet-card, poster-letter]\n"
                    f"languages: [en, es]\nstrings: strings\noutput: {{folder: out}}\n", encoding="utf-8")
    first = run("batch", path, "--no-verify")
    assert first.exit_code == 0, first.output
    assert "4 files written" in first.stdout
    (folder / "es.yaml").write_text(f'language: es\ntexts:\n  "{entry}": "Escanee para llamar"\n', encoding="utf-8")
    again = run("batch", path, "--no-verify")
    assert again.exit_code == 0, again.output
    remade = [line.split()[1] for line in again.stdout.splitlines() if line.startswith("wrote ")]
    assert remade == ["wallet-card-es.pdf"], again.stdout
    assert "3 unchanged (skipped)" in again.stdout
    assert "Escaneeparallamar" in squeeze(" ".join(page_texts((tmp_path / "out" / "wallet-card-es.pdf").read_bytes())))

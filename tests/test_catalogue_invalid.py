"""Broken catalogues are refused with one clear, located message per problem.

The corpus in tests/data/invalid/catalogue/ holds one small catalogue per rule, each a copy of
a minimal valid catalogue with one thing broken. The first line of each file says what
`printgen validate` prints first on stderr, after "error: ", with the file's path as {file}:

    # expect: {file}:LINE:COL: key.path: what is wrong; what would be right

"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from printgen.cli import cli

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "invalid" / "catalogue"
FILES = sorted(CORPUS.glob("*.yaml"))
EXPECT = b"# expect: "

# A minimal valid catalogue, for the inline cases below (the corpus files are copies of it).
VALID = """\
catalogue:
  id: test-city
  title: Test resources
  region: Test City
  country: US
  language: en
  languages: [en, es]
  verified: 2026-11-01
  review_every_days: 180
sections:
  - id: urgent
    title: Urgent
    resources:
      - id: emergency
        name: {en: Emergency, es: Emergencia}
        contacts:
          - phone: "9-1-1"
      - id: tip-line
        name: Tip line
        contacts:
          - phone: 503.255.0118
            label: Tip line
    notes:
      - id: about
        title: About
        body: Some text.
"""


def expected_first_line(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0]
    assert first.startswith(EXPECT), f"{path.name}: the first line must be '# expect: ...'"
    return first[len(EXPECT):].decode("utf-8").replace("{file}", str(path))


def validate(path: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["validate", "--catalogue", str(path), *args], env=env)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def refused(result) -> None:
    """Exit status 2, a user error and not a crash: no traceback, no internal error."""
    assert "Traceback" not in result.output, result.output
    assert "internal error" not in result.output, result.output
    # CliRunner records a crash as its exception; a refusal is a plain exit.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.output


def write(tmp_path: Path, text: str, name: str = "catalogue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def variant(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


# --- the corpus -------------------------------------------------------------------------------


def test_corpus_is_large_enough_and_well_formed():
    assert len(FILES) >= 30
    for path in FILES:
        expected_first_line(path)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_invalid_catalogue_is_refused_with_its_message(path):
    result = validate(path)
    refused(result)
    assert result.stdout == "", "nothing is reported as if the catalogue were fine"
    lines = result.stderr.splitlines()
    assert lines, "an error message is printed"
    assert lines[0] == "error: " + expected_first_line(path)
    assert error_lines(result) == lines, "every line on stderr is an error line"


# Messages must name file:line:col; a file without content has no place to point at.
_UNLOCATED_OK = {"empty-file"}


@pytest.mark.parametrize("path", [p for p in FILES if p.stem not in _UNLOCATED_OK], ids=lambda p: p.stem)
def test_message_names_line_and_column(path):
    first = expected_first_line(path)
    assert first.startswith(f"{path}:")
    line, column = first[len(str(path)) + 1:].split(":")[:2]
    assert line.isdigit() and int(line) >= 2, "line 1 is the # expect comment"
    assert column.isdigit() and int(column) >= 1


# --- several problems, one run ----------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_in_one_run():
    path = CORPUS / "several-independent-errors.yaml"
    result = validate(path)
    refused(result)
    lines = error_lines(result)
    assert len(lines) == 3, result.stderr
    assert [line.split(": ")[2] for line in lines] == [
        "catalogue.country",
        "sections.0.resources.1.contacts.0.url",
        "sections.0.notes.0.body",
    ]


# --- hostile files ----------------------------------------------------------------------------


def test_billion_laughs_is_refused_at_once():
    path = CORPUS / "billion-laughs.yaml"
    start = time.perf_counter()
    result = validate(path)
    elapsed = time.perf_counter() - start
    refused(result)
    assert "anchors and aliases" in result.stderr
    assert elapsed < 1.0, f"took {elapsed:.2f} s"


def test_python_tag_in_corpus_runs_nothing(capfd):
    result = validate(CORPUS / "python-tag.yaml")
    refused(result)
    out, err = capfd.readouterr()
    assert "hi" not in out.split(), "os.system ran: its output reached the real stdout"


@pytest.mark.parametrize("tag", [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:builtins.open ["{marker}", "w"]',
    '!!python/object/new:builtins.open ["{marker}", "w"]',
])
def test_python_tags_are_refused_without_running_anything(tmp_path, tag):
    marker = tmp_path / "MARKER"
    path = write(tmp_path, variant("        name: Tip line\n", f"        name: {tag.format(marker=marker)}\n"))
    result = validate(path)
    refused(result)
    assert "is not accepted" in error_lines(result)[0]
    assert not marker.exists(), "the tag was executed"


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    result = validate(path)
    refused(result)
    assert error_lines(result) == [f"error: {path}: is empty; expected a YAML mapping"]


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    result = validate(path)
    refused(result)
    assert error_lines(result) == [f"error: {path}: file not found"]


def test_unquoted_octal_looking_number_is_not_an_error():
    """The octal case is valid: see tests/data/valid/octal-phone-fixture.yaml and test_catalogue.py."""
    result = validate(HERE / "data" / "valid" / "octal-phone-fixture.yaml")
    assert result.exit_code == 0, result.output


# --- defects found by the corpus, fixed: what the package must keep doing ---------------------


def test_typo_in_phone_key_suggests_phone():
    result = validate(CORPUS / "unknown-key-contact-phnoe.yaml")
    refused(result)
    assert 'contacts.0.phnoe: unknown key "phnoe"; did you mean "phone"?' in error_lines(result)[0]


@pytest.mark.parametrize("number", ["503+255.0118", "++1 503 255 0118"])
def test_misplaced_plus_is_a_located_error(tmp_path, number):
    result = validate(write(tmp_path, variant("503.255.0118", number)))
    refused(result)
    assert "contacts.0.phone" in error_lines(result)[0]


@pytest.mark.parametrize("key", ["sms", "url", "email"])
def test_null_second_kind_is_not_a_crash(tmp_path, key):
    path = write(tmp_path, variant("          - phone: 503.255.0118\n",
                                   f"          - phone: 503.255.0118\n            {key}:\n"))
    result = validate(path)
    assert "internal error" not in result.output
    assert result.exit_code in (0, 2), result.output


@pytest.mark.parametrize("written", ["0", "86400", "1793491200"])
def test_number_is_not_a_date(tmp_path, written):
    result = validate(write(tmp_path, variant("  verified: 2026-11-01\n", f"  verified: {written}\n")))
    refused(result)
    assert "catalogue.verified" in error_lines(result)[0]


@pytest.mark.parametrize("old,new", [
    ("  title: Test resources\n", "  title: {en: T, fr: T}\n"),
    ("  region: Test City\n", "  region: {en: T, fr: T}\n"),
    ("    title: Urgent\n", "    title: Urgent\n    intro: {en: T, fr: T}\n"),
    ("        name: Tip line\n", "        name: Tip line\n        description: {en: T, fr: T}\n"),
    ("        name: Tip line\n        contacts:\n          - phone: 503.255.0118\n            label: Tip line\n",
     "        name: Tip line\n        status: incomplete\n        note: {en: T, fr: T}\n        contacts: []\n"),
], ids=["catalogue.title", "catalogue.region", "intro", "description", "note"])
def test_every_text_is_checked_against_languages(tmp_path, old, new):
    result = validate(write(tmp_path, variant(old, new)))
    refused(result)
    assert 'language "fr" is not in catalogue.languages' in error_lines(result)[0]


def test_text_without_base_language_is_an_error(tmp_path):
    result = validate(write(tmp_path, variant("{en: Emergency, es: Emergencia}", "{es: Emergencia}")))
    refused(result)
    assert "sections.0.resources.0.name" in error_lines(result)[0]


@pytest.mark.parametrize("char", ["\\u202e", "\\u200b"])
def test_url_with_invisible_character_is_refused(tmp_path, char):
    path = write(tmp_path, variant("          - phone: 503.255.0118\n",
                                   f'          - url: "https://example.org/{char}tips"\n'))
    refused(validate(path))


def test_url_with_space_says_what_is_wrong():
    result = validate(CORPUS / "url-with-space.yaml")
    refused(result)
    first = error_lines(result)[0]
    assert 'scheme "https:"' not in first
    assert "space" in first


def test_urls_differing_in_path_case_are_two_lines(tmp_path):
    path = write(tmp_path, variant("          - phone: 503.255.0118\n            label: Tip line\n",
                                   "          - url: https://example.org/a\n"
                                   "          - url: https://example.org/A\n"))
    assert validate(path).exit_code == 0


def test_syntax_error_points_at_the_opening_bracket():
    path = CORPUS / "yaml-syntax-error.yaml"
    result = validate(path)
    refused(result)
    assert error_lines(result)[0].startswith(f"error: {path}:20:")


def test_tab_indent_says_use_spaces():
    result = validate(CORPUS / "tab-indent.yaml")
    refused(result)
    first = error_lines(result)[0].lower()
    assert "tab" in first and "spaces" in first


def test_empty_sections_message_is_plain():
    result = validate(CORPUS / "sections-empty-list.yaml")
    refused(result)
    assert "after validation" not in error_lines(result)[0]


def test_status_message_is_plain():
    result = validate(CORPUS / "status-other-value.yaml")
    refused(result)
    assert "one of 'incomplete'" not in error_lines(result)[0]


@pytest.mark.parametrize("name,python", [("id-null", '"None"'), ("id-true", '"True"')])
def test_identifier_message_shows_what_was_written(name, python):
    result = validate(CORPUS / f"{name}.yaml")
    refused(result)
    assert python not in error_lines(result)[0]


def test_language_listed_twice_is_an_error(tmp_path):
    refused(validate(write(tmp_path, variant("  languages: [en, es]\n", "  languages: [en, es, es]\n"))))


def test_wrong_base_language_is_one_error():
    result = validate(CORPUS / "header-language-not-offered.yaml")
    refused(result)
    assert len(error_lines(result)) == 1, result.stderr


def test_incomplete_note_needs_a_note(tmp_path):
    refused(validate(write(tmp_path, variant("        body: Some text.\n",
                                             "        body: Some text.\n        status: incomplete\n"))))

"""The catalogue stage on real catalogues: the seed (Portland, US) and a second one (GB).

Dates are fixed with PRINTGEN_TODAY; the tests read each catalogue's `verified` date from the
file itself, so that an editor updating the seed does not break them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from printgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "catalogue.yaml"
VALID = Path(__file__).resolve().parent / "data" / "valid"
GB = VALID / "catalogue-gb.yaml"
OCTAL = VALID / "octal-phone-fixture.yaml"

SEED_INCOMPLETE = ["ppb-anonymous-tip", "ppb-citizens-report", "ncmec-cybertipline",
                   "dhhs-child-notification-other", "urm-national-programs"]
SEED_E164 = {"+15032550118", "+15037313100", "+18005095439", "+18008435678", "+12022054582",
             "+18884287581", "+18883737888"}
NANP_TOLL_FREE = {"800", "833", "844", "855", "866", "877", "888"}


def header_of(path: Path) -> dict:
    """The catalogue header, read without printgen (BaseLoader: every value is text)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["catalogue"]


def verified_of(path: Path) -> dt.date:
    return dt.date.fromisoformat(header_of(path)["verified"])


def review_of(path: Path) -> dt.timedelta:
    return dt.timedelta(days=int(header_of(path)["review_every_days"]))


def run(*args: str, today: dt.date | str | None = None):
    env = {"PRINTGEN_TODAY": str(today)} if today is not None else None
    return CliRunner().invoke(cli, list(args), env=env)


def validate(path: Path, *args: str, today: dt.date | str | None = None):
    return run("validate", "--catalogue", str(path), *args, today=today or verified_of(path))


def export(path: Path) -> dict:
    result = run("export", "--format", "json", "--catalogue", str(path))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def contacts(data: dict):
    """(resource, contact) for every contact of an exported catalogue."""
    for section in data["sections"]:
        for resource in section["resources"]:
            for contact in resource["contacts"]:
                yield resource, contact


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def incomplete_listed(stdout: str) -> list[str]:
    """The ids listed under `incomplete: N` in validate's report."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("incomplete: "))
    listed = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        listed.append(line.strip().split(":", 1)[0])
    assert lines[start] == f"incomplete: {len(listed)}"
    return listed


@pytest.fixture(scope="module")
def seed() -> dict:
    return export(SEED)


@pytest.fixture(scope="module")
def gb() -> dict:
    return export(GB)


# --- the seed catalogue -----------------------------------------------------------------------


def test_seed_validates():
    result = validate(SEED)
    assert result.exit_code == 0, result.output
    assert "error:" not in result.stderr
    assert result.stdout.splitlines()[-1].startswith("ok: ")


def test_seed_validate_lists_exactly_its_incomplete_entries():
    result = validate(SEED)
    assert result.exit_code == 0, result.output
    assert incomplete_listed(result.stdout) == SEED_INCOMPLETE
    total = sum(len(s["resources"]) for s in export(SEED)["sections"])
    assert f"({total - len(SEED_INCOMPLETE)} complete, {len(SEED_INCOMPLETE)} incomplete)" in result.stdout


def test_seed_export_leaves_incomplete_entries_without_contacts(seed):
    incomplete = [r for s in seed["sections"] for r in s["resources"] if r["status"] == "incomplete"]
    assert [r["id"] for r in incomplete] == SEED_INCOMPLETE
    for resource in incomplete:
        assert resource["contacts"] == [], "nothing is invented for an incomplete entry"
        assert resource["note"]["en"]


def test_seed_export_holds_every_number_in_e164(seed):
    phones = [c for _, c in contacts(seed) if c["kind"] == "phone"]
    dials = {c["dial"] for c in phones}
    assert dials == SEED_E164 | {"911"}
    for contact in phones:
        assert contact["payload"] == f"tel:{contact['dial']}"
        if not contact["short"]:
            assert re.fullmatch(r"\+1\d{10}", contact["dial"])


def test_seed_911_is_a_short_number(seed):
    emergency = [c for r, c in contacts(seed) if r["id"] == "emergency"]
    assert len(emergency) == 1
    (contact,) = emergency
    assert contact["written"] == "9-1-1"
    assert contact["dial"] == "911"
    assert contact["payload"] == "tel:911"
    assert contact["display"] == "911"
    assert contact["short"] is True
    assert "+1911" not in json.dumps(seed)


def test_seed_ncmec_written_two_ways_is_one_line(seed):
    by_written = {c["written"]: c for _, c in contacts(seed)}
    digits, vanity = by_written["1.800.843.5678"], by_written["1 (800) THE LOST"]
    assert digits["dial"] == vanity["dial"] == "+18008435678"
    assert digits["display"] == vanity["display"]
    assert digits["payload"] == vanity["payload"] == "tel:+18008435678"
    assert vanity["vanity"] == "1-800-THE-LOST"
    assert "vanity" not in digits


def test_seed_validate_reports_the_ncmec_line_once():
    result = validate(SEED)
    assert "one line, in ncmec-online-hotline, ncmec" in result.stdout
    assert f"lines: {len(SEED_E164) + 1} distinct numbers and addresses" in result.stdout


def us_house_format(dial: str) -> str:
    """The one US display format: NPA-NXX-XXXX, 1-NPA-NXX-XXXX for toll-free, short as dialled."""
    if not dial.startswith("+"):
        return dial
    npa, nxx, line = dial[2:5], dial[5:8], dial[8:]
    return f"1-{npa}-{nxx}-{line}" if npa in NANP_TOLL_FREE else f"{npa}-{nxx}-{line}"


def test_seed_phone_displays_follow_one_format(seed):
    for _, contact in contacts(seed):
        if contact["kind"] == "phone":
            assert contact["display"] == us_house_format(contact["dial"]), contact


def test_seed_strict_turns_warnings_into_errors():
    plain = validate(SEED)
    assert plain.exit_code == 0 and warnings(plain), "the seed has warnings (Spanish falls back)"
    strict = validate(SEED, "--strict")
    assert strict.exit_code == 2, strict.output
    assert "Traceback" not in strict.output
    assert f"{len(warnings(plain))} warnings, and --strict makes them errors" in strict.stderr


def test_strict_passes_a_catalogue_without_warnings():
    result = validate(OCTAL, "--strict")
    assert result.exit_code == 0, result.output
    assert warnings(result) == []
    assert result.stdout.splitlines()[-1] == "ok: 0 warnings"


def test_seed_text_missing_in_es_falls_back_with_a_warning():
    result = validate(SEED)
    coverage = re.search(r"^language es: (\d+) of (\d+) texts$", result.stdout, re.M)
    assert coverage, result.stdout
    have, total = map(int, coverage.groups())
    assert have < total
    fallback = [w for w in warnings(result) if w.startswith("warning: language es: ")]
    assert len(fallback) == 1
    assert fallback[0].startswith(f"warning: language es: {total - have} texts fall back to en: ")
    assert not any(w.startswith("warning: language en:") for w in warnings(result))


def stale_ids(result) -> list[str]:
    return [w.split()[1].rstrip(":") for w in warnings(result) if "review was due" in w]


def test_seed_is_not_stale_on_the_last_day_of_review():
    result = validate(SEED, today=verified_of(SEED) + review_of(SEED))
    assert result.exit_code == 0, result.output
    assert stale_ids(result) == []


def test_seed_is_stale_past_review_every_days():
    today = verified_of(SEED) + review_of(SEED) + dt.timedelta(days=1)
    result = validate(SEED, today=today)
    assert result.exit_code == 0, "stale entries are a warning, not an error"
    resources = [r for s in export(SEED)["sections"] for r in s["resources"]]
    expected = [r["id"] for r in resources
                if dt.date.fromisoformat(r["verified"]) + review_of(SEED) < today]
    assert expected, "at least the entries verified on the catalogue's date are stale"
    assert stale_ids(result) == expected
    for resource in resources:
        if resource["id"] in expected:
            due = dt.date.fromisoformat(resource["verified"]) + review_of(SEED)
            assert any(w.startswith(f"warning: {resource['id']}: verified {resource['verified']}, "
                                    f"review was due {due};") for w in warnings(result))
    assert validate(SEED, "--strict", today=today).exit_code == 2


def test_resource_verified_overrides_the_catalogue_date(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    old = "      - id: nhtrc\n"
    assert text.count(old) == 1
    later = verified_of(SEED) + dt.timedelta(days=100)
    path = tmp_path / "catalogue.yaml"
    path.write_text(text.replace(old, old + f"        verified: {later}\n"), encoding="utf-8")
    result = validate(path, today=verified_of(SEED) + review_of(SEED) + dt.timedelta(days=1))
    assert result.exit_code == 0, result.output
    stale = stale_ids(result)
    assert "nhtrc" not in stale and "ncmec" in stale


def test_bad_printgen_today_is_a_usage_error():
    result = validate(SEED, today="28/11/2026")
    assert result.exit_code == 2
    assert "PRINTGEN_TODAY" in result.stderr and "YYYY-MM-DD" in result.stderr


# --- a second catalogue: United Kingdom -------------------------------------------------------


def test_gb_validates():
    result = validate(GB)
    assert result.exit_code == 0, result.output
    assert "(United Kingdom, GB)" in result.stdout
    assert incomplete_listed(result.stdout) == []


def test_gb_export_holds_e164_forms(gb):
    dial = {r["id"]: c["dial"] for r, c in contacts(gb)}
    assert dial == {
        "emergency": "999",
        "modern-slavery-helpline": "+448000121700",
        "crimestoppers": "+44800555111",
        "childline": "+448001111",
    }
    for _, contact in contacts(gb):
        assert contact["payload"] == f"tel:{contact['dial']}"


def test_gb_999_is_a_short_number(gb):
    (contact,) = [c for r, c in contacts(gb) if r["id"] == "emergency"]
    assert contact["written"] == "999", "written unquoted, still the text 999"
    assert contact["short"] is True
    assert contact["payload"] == "tel:999"
    assert "+44999" not in json.dumps(gb)


def test_gb_displays_are_national_numbers(gb):
    for _, contact in contacts(gb):
        if not contact["short"]:
            assert contact["display"].startswith("0")
            assert re.sub(r"\D", "", contact["display"]) == "0" + contact["dial"][3:]
            assert re.fullmatch(r"[0-9 ]+", contact["display"])


def test_gb_polish_texts_are_there(gb):
    assert gb["catalogue"]["languages"] == ["en", "pl"]
    assert gb["catalogue"]["region"]["pl"] == "Zjednoczone Królestwo"
    names = {r["id"]: r["name"] for s in gb["sections"] for r in s["resources"]}
    assert names["emergency"] == {"en": "Emergency services", "pl": "Numer alarmowy"}
    assert names["modern-slavery-helpline"]["pl"] == "Infolinia ds. współczesnego niewolnictwa i wyzysku"
    assert set(names["crimestoppers"]) == {"en"}


def test_gb_untranslated_texts_fall_back_to_en():
    result = validate(GB)
    (fallback,) = [w for w in warnings(result) if w.startswith("warning: language pl: ")]
    assert "crimestoppers.name" in fallback and "childline.name" in fallback
    assert "emergency.name" not in fallback


# --- unquoted numbers are read as written ------------------------------------------------------


def test_octal_looking_number_is_read_as_written():
    # The hazard is real: a YAML 1.1 reader turns the number into an octal integer.
    assert yaml.safe_load("phone: 02071234567") == {"phone": 0o2071234567}
    result = validate(OCTAL)
    assert result.exit_code == 0, result.output
    (contact,) = [c for _, c in contacts(export(OCTAL))]
    assert contact["written"] == "02071234567"
    assert contact["dial"] == "+442071234567"
    assert contact["display"] == "020 7123 4567"
    assert contact["short"] is False

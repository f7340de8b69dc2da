"""printgen's cache of validated files (printgen.source.cache): used only while every file a
loading read is unchanged, never for a file with a problem, off with PRINTGEN_CACHE=off, and
never from a folder others may write to."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import CATALOGUE, LAYOUTS

import printgen.source.yamlfile as yamlfile
from printgen.catalogue.load import load_catalogue
from printgen.errors import InputError
from printgen.language import strings
from printgen.layout.load import load_layout
from printgen.qr import encode, make_matrix
from printgen.source import cache
from printgen.source.record import plain


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder of the test's own, and a count of the YAML files actually parsed."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRINTGEN_CACHE", str(folder))
    parsed = []
    real = yamlfile.read_yaml

    def counting(path, *args):
        parsed.append(os.path.basename(str(path)))
        return real(path, *args)

    monkeypatch.setattr(yamlfile, "read_yaml", counting)
    return folder, parsed


def entries(folder, kind):
    return sorted(p.name for p in folder.glob(f"{kind}-*.pickle"))


def test_an_unchanged_catalogue_comes_from_the_cache_the_same_as_read(fresh, tmp_path):
    folder, parsed = fresh
    path = tmp_path / "catalogue.yaml"
    shutil.copy(CATALOGUE, path)
    first = load_catalogue(path)
    assert parsed == ["catalogue.yaml"] and len(entries(folder, "catalogue")) == 1
    again = load_catalogue(path)
    assert parsed == ["catalogue.yaml"]                     # not read again
    assert again == first and again.file == first.file == str(path)
    shown = [(r.id, [(c.display, c.dial, c.payload) for c in r.contacts]) for _, r in again.resources()]
    assert shown == [(r.id, [(c.display, c.dial, c.payload) for c in r.contacts]) for _, r in first.resources()]
    assert ("ppb-trafficking-tip-line", [("503-255-0118", "+15032550118", "tel:+15032550118")]) in shown
    assert again.roles(again.resource("ppb-trafficking-tip-line")) == first.roles(first.resource("ppb-trafficking-tip-line"))


def test_a_changed_catalogue_is_validated_again_and_a_wrong_one_is_refused_every_time(fresh, tmp_path):
    folder, parsed = fresh
    path = tmp_path / "catalogue.yaml"
    text = CATALOGUE.read_text("utf-8")
    path.write_text(text, "utf-8")
    load_catalogue(path)
    path.write_text(text.replace("503.255.0118", "503.823.0000"), "utf-8")      # same size, other digits
    changed = load_catalogue(path)
    assert len(parsed) == 2
    numbers = {c.display for _, r in changed.resources() for c in r.contacts}
    assert "503-823-0000" in numbers and "503-255-0118" not in numbers
    path.write_text(text.replace("503.255.0118", "503.255.011"), "utf-8")      # a digit short
    for _ in range(2):
        with pytest.raises(InputError, match="503.255.011"):
            load_catalogue(path)
    assert len(parsed) == 4                                  # a file with a problem is never kept
    path.write_text(text, "utf-8")                           # back as it was: read, kept, then used
    load_catalogue(path)
    load_catalogue(path)
    assert len(parsed) == 5


def test_the_day_is_part_of_what_is_cached(fresh, tmp_path, monkeypatch):
    # verified 2026-11-28: fine that day, "in the future" the week before, even once cached
    load_catalogue(CATALOGUE)
    monkeypatch.setenv("PRINTGEN_TODAY", "2026-11-20")
    with pytest.raises(InputError, match="in the future"):
        load_catalogue(CATALOGUE)


def test_a_layout_is_cached_with_every_file_it_extends_and_each_image(fresh, tmp_path):
    folder, parsed = fresh
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    first = load_layout("poster-letter", layouts)
    assert parsed == ["poster-letter.yaml", "poster-base.yaml"]
    again = load_layout("poster-letter", layouts)
    assert len(parsed) == 2 and again == first and again.folder == layouts
    base = layouts / "poster-base.yaml"
    base.write_text(base.read_text("utf-8").replace("#1f3a5f", "#1f3a60"), "utf-8")   # the design's navy
    changed = load_layout("poster-letter", layouts)
    assert len(parsed) == 4 and changed != first
    assert "#1f3a60" in str(plain(changed)) and "#1f3a5f" not in str(plain(changed))
    # an image a layout places: the cached layout holds only while the image is the same
    (layouts / "logo.png").write_bytes(_png(2, 2))
    (layouts / "with-logo.yaml").write_text(
        "extends: poster-letter\nfaces:\n  front:\n    - {type: image, box: [1in, 1in, 1in, 1in], file: logo.png}\n",
        "utf-8")
    load_layout("with-logo", layouts)
    load_layout("with-logo", layouts)
    assert parsed.count("with-logo.yaml") == 1
    (layouts / "logo.png").write_bytes(b"not an image at all")
    with pytest.raises(InputError, match="not a PNG or JPEG"):
        load_layout("with-logo", layouts)


def _png(w: int, h: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (w, h), "white").save(out, "PNG")
    return out.getvalue()


def test_a_strings_file_is_cached_and_read_again_when_it_changes(fresh, tmp_path):
    folder, parsed = fresh
    user = tmp_path / "strings"
    user.mkdir()
    shipped = (strings.STRINGS_DIR / "fr.yaml").read_text("utf-8")
    (user / "fr.yaml").write_text(shipped, "utf-8")
    strings._load.cache_clear()
    assert strings.load("fr", user) is not None
    strings._load.cache_clear()
    assert strings.load("fr", user) is not None and parsed.count("fr.yaml") == 1
    # no file yet for "de" in the folder: remembered as absent, until one appears
    strings._load.cache_clear()
    assert strings.load("de", user) is None
    shutil.copy(strings.STRINGS_DIR / "de.yaml", user / "de.yaml")
    strings._load.cache_clear()
    assert strings.load("de", user) is not None


def test_a_translation_is_read_again_when_the_english_it_was_checked_against_changes(fresh, tmp_path, monkeypatch):
    """A translation is checked against the English (its fields, its words): a cached one holds
    only while the English file does, even when the English was loaded first (from memory)."""
    shipped = tmp_path / "shipped"
    shutil.copytree(strings.STRINGS_DIR, shipped)
    monkeypatch.setattr(strings, "STRINGS_DIR", shipped.resolve())
    user = tmp_path / "strings"
    user.mkdir()
    shutil.copy(shipped / "fr.yaml", user / "fr.yaml")
    strings._load.cache_clear()
    assert strings.load("en", shipped) is not None          # the English first, as a render does
    assert strings.load("fr", user) is not None
    english = shipped / "en.yaml"
    english.write_text(english.read_text("utf-8").replace("verified on {date}", "verified on {day}"), "utf-8")
    strings._load.cache_clear()
    with pytest.raises(InputError, match="{day}"):
        strings.load("fr", user)
    strings._load.cache_clear()


def test_qr_matrices_are_the_encoders_and_cached(fresh):
    folder, _ = fresh
    encode.cache_clear()
    got = encode("tel:+15032550118", "Q")
    assert got == make_matrix("tel:+15032550118", "Q") and len(entries(folder, "qr")) == 1
    encode.cache_clear()
    assert encode("tel:+15032550118", "Q") == got


def test_off_writes_nothing_and_reads_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("PRINTGEN_CACHE", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache.folder() is None
    load_catalogue(CATALOGUE)
    assert not (tmp_path / ".cache").exists()


def test_the_default_folder_is_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("PRINTGEN_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "printgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.folder() == tmp_path / ".cache" / "printgen"
    load_catalogue(CATALOGUE)
    made = tmp_path / ".cache" / "printgen"
    assert entries(made, "catalogue") and (made.stat().st_mode & 0o777) == 0o700


def test_a_folder_others_may_write_to_is_not_used(fresh):
    folder, parsed = fresh
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o777)
    load_catalogue(CATALOGUE)
    load_catalogue(CATALOGUE)
    assert len(parsed) == 2 and entries(folder, "catalogue") == []


def test_a_damaged_entry_is_made_again(fresh):
    folder, parsed = fresh
    load_catalogue(CATALOGUE)
    (entry,) = folder.glob("catalogue-*.pickle")
    entry.write_bytes(cache.FORMAT + b"\x80\x05garbage")
    assert load_catalogue(CATALOGUE).catalogue.id == "portland-or"
    assert len(parsed) == 2
    load_catalogue(CATALOGUE)
    assert len(parsed) == 2                                  # made again, and used


def _manifest(tmp_path, extra: str = ""):
    (tmp_path / "venues.csv").write_text("name,city\nRose City Motel,Portland\nHarbor Inn,Astoria\n", "utf-8")
    path = tmp_path / "batch.yaml"
    path.write_text(f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [poster-letter]\n"
                    f"venues_csv: venues.csv\n{extra}", "utf-8")
    return path


def test_a_manifest_and_its_venues_come_from_the_cache_while_both_files_are_unchanged(fresh, tmp_path):
    from printgen.batch.manifest import load_manifest

    folder, parsed = fresh
    path = _manifest(tmp_path)
    first = load_manifest(path)
    assert parsed == ["batch.yaml"] and len(entries(folder, "manifest")) == 1
    again = load_manifest(path)
    assert parsed == ["batch.yaml"] and again == first            # not read again, the same manifest
    assert [v.name for v in again.venues] == ["Rose City Motel", "Harbor Inn"]
    csv = tmp_path / "venues.csv"
    csv.write_text(csv.read_text("utf-8").replace("Harbor Inn", "Harbor Inx"), "utf-8")   # the CSV alone, same size
    assert [v.name for v in load_manifest(path).venues] == ["Rose City Motel", "Harbor Inx"]
    assert parsed == ["batch.yaml"] * 2
    csv.write_text("name\nFront desk 503-255-0118\n", "utf-8")                # a phone-like venue: refused each time
    for _ in range(2):
        with pytest.raises(InputError, match="venues.csv:2"):
            load_manifest(path)
    assert parsed == ["batch.yaml"] * 4


def test_a_manifest_naming_a_strings_folder_is_read_every_time(fresh, tmp_path):
    from printgen.batch.manifest import load_manifest

    folder, parsed = fresh
    (tmp_path / "strings").mkdir()
    path = _manifest(tmp_path, "strings: strings\n")
    load_manifest(path)
    (tmp_path / "strings").rmdir()                   # what the folder holds is no file the cache compares
    with pytest.raises(InputError, match="is not a folder"):
        load_manifest(path)
    assert parsed == ["batch.yaml"] * 2 and entries(folder, "manifest") == []


def test_a_cached_file_replaced_by_a_fifo_is_refused_not_waited_on(tmp_path):
    """Comparing a cached file's bytes opens it: a FIFO in its place would block there. It is
    not a file the cache can vouch for; the loading then refuses it as it refuses any FIFO."""
    import subprocess
    import sys

    path = tmp_path / "catalogue.yaml"
    shutil.copy(CATALOGUE, path)
    code = ("import os, sys\nfrom printgen.catalogue.load import load_catalogue\nfrom printgen.errors import InputError\n"
            "path = sys.argv[1]\nload_catalogue(path)\nos.remove(path)\nos.mkfifo(path)\n"
            "try:\n    load_catalogue(path)\nexcept InputError as exc:\n    print('refused:', exc.message)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PRINTGEN_CACHE": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused:") and "catalogue.yaml" in done.stdout, done.stdout

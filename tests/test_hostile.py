"""Hostile input and faults: never a traceback, never a number that is not in the catalogue,
never a half-written file."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from printgen.catalogue.load import load_catalogue
from printgen.cli import cli
from printgen.errors import InputError
from printgen.layout.load import load_layout
from printgen.render import Options, render
from readback import decode_codes, page_texts

TEST_LAYOUTS = ROOT / "tests" / "data" / "layouts"
# Real lines only (the seed's), so generated catalogues never hold an invented number.
NUMBERS = ["9-1-1", "503.255.0118", "503.731.3100", "800.509.5439", "1.800.843.5678", "1 (800) THE LOST",
           "202-205-4582", "1 (888) 428-7581", "1 (888) 3737-888"]
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéñüçàø'&-", min_size=1, max_size=12)


def printed_numbers(pdf: bytes) -> set[str]:
    text = " ".join(page_texts(pdf))
    return set(re.findall(r"(?<![\d-])(?:1-)?\d{3}(?:-\d{3}-\d{4})?(?![\d-])", text))


def catalogue_numbers(catalogue) -> tuple[set[str], set[str]]:
    contacts = [c for _, r in catalogue.resources() for c in r.contacts]
    return {c.display for c in contacts}, {c.payload for c in contacts}


@st.composite
def catalogues(draw) -> str:
    count = draw(st.integers(1, 6))
    lines = ["catalogue:", "  id: generated", "  title: Generated", "  region: Somewhere", "  country: US",
             "  language: en", "  languages: [en]", "  verified: 2026-11-01", "  review_every_days: 365",
             "sections:", "  - id: only", "    title: Only", "    resources:"]
    for i in range(count):
        name = " ".join(draw(st.lists(WORD, min_size=1, max_size=4)))
        numbers = draw(st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=2, unique=True))
        lines += [f"      - id: r{i}", f"        name: {json.dumps(name)}", f"        priority: {draw(st.integers(0, 9))}",
                  "        contacts:"]
        lines += [f'          - phone: "{n}"' for n in numbers]
    return "\n".join(lines) + "\n"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalogues())
def test_random_valid_catalogues_render_and_verify(tmp_path, text):
    path = tmp_path / "generated.yaml"
    path.write_text(text)
    try:
        catalogue = load_catalogue(path)
    except InputError as exc:
        # the same line twice in one resource (two spellings) is refused: that is the only refusal
        assert "is the same line as" in str(exc)
        return
    try:
        pdf = render(catalogue, load_layout("any-card", TEST_LAYOUTS), Options("en")).pdf
    except InputError as exc:
        assert "do not fit" in str(exc) or "does not fit" in str(exc)
        return
    displays, payloads = catalogue_numbers(catalogue)
    assert printed_numbers(pdf) <= displays
    codes = decode_codes(pdf)
    assert len(codes) == 10 and {c.payload for c in codes} <= payloads


SEED = CATALOGUE.read_text()


@st.composite
def mutations(draw) -> str:
    text = SEED
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text) - 1))
        kind = draw(st.sampled_from(["delete", "insert", "digit", "indent", "duplicate", "swap-key"]))
        if kind == "delete":
            text = text[:at] + text[at + 1:]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(list(":-[]{}&*!|>'\"#%@\t\n 0123456789aZ\u202e"))) + text[at:]
        elif kind == "digit":
            digits = [m.start() for m in re.finditer(r"\d", text)]
            pos = digits[draw(st.integers(0, len(digits) - 1))]
            text = text[:pos] + str(draw(st.integers(0, 9))) + text[pos + 1:]
        elif kind == "indent":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = (" " if draw(st.booleans()) else "") + lines[i][draw(st.integers(0, 2)):]
            text = "\n".join(lines)
        elif kind == "duplicate":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        else:
            text = text.replace("phone:", draw(st.sampled_from(["phnoe:", "Phone:", "phone :", "tel:"])), 1)
    return text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations())
def test_mutated_catalogues_never_crash_nor_print_a_foreign_number(tmp_path, text):
    path = tmp_path / "mutated.yaml"
    path.write_text(text)
    target = tmp_path / "out.pdf"       # tmp_path is shared by the examples: start clean
    target.unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["render", "wallet-card", "--catalogue", str(path), "-o", str(target),
                                      "--layouts", str(ROOT / "layouts"), "--allow-stale"])
    assert result.exit_code in (0, 2), result.output + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("error: ")
        assert not target.exists()
        return
    displays, payloads = catalogue_numbers(load_catalogue(path))
    pdf = target.read_bytes()
    assert printed_numbers(pdf) <= displays


def test_full_disk_leaves_nothing(in_project, tmp_path, monkeypatch):
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    target = tmp_path / "cards.pdf"
    result = CliRunner().invoke(cli, ["render", "wallet-card", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"error: {target}: could not be written (No space left on device); " \
                                            "nothing was written"
    assert list(tmp_path.iterdir()) == []


def busy_until(pid: int, cpu_seconds: float, timeout: float = 60.0) -> None:
    """Wait until the process has run for ``cpu_seconds`` of CPU time: on a loaded machine a
    fixed sleep may end while it is still importing."""
    ticks = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks >= cpu_seconds:      # utime + stime
            return
        time.sleep(0.05)
    raise AssertionError(f"the process did not get {cpu_seconds} s of CPU in {timeout} s")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_render_leaves_no_partial_file(tmp_path, sig):
    out = tmp_path / "out"
    env = {**os.environ, "PRINTGEN_TODAY": "2026-11-28"}
    proc = subprocess.Popen([sys.executable, "-m", "printgen", "render", "wallet-card", "--sheets", "3000",
                             "-o", str(out / "cards.pdf")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    busy_until(proc.pid, cpu_seconds=1.5)        # past start-up (its handlers set), inside the render
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert "interrupted: nothing was written" in err.decode()
    assert not out.exists() or list(out.iterdir()) == []


def test_unreadable_catalogue_and_folder_as_file(in_project, tmp_path):
    result = CliRunner().invoke(cli, ["validate", "--catalogue", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr and "Traceback" not in result.stderr
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (10 * 1024 * 1024 + 1))
    result = CliRunner().invoke(cli, ["validate", "--catalogue", str(big)])
    assert result.exit_code == 2 and "files larger than 10485760 bytes are refused" in result.stderr


@pytest.mark.parametrize("damage", ["missing", "truncated", "garbage"])
def test_missing_or_corrupt_font_is_a_clear_error(tmp_path, damage):
    import shutil

    import printgen.text.fonts as fonts

    folder = tmp_path / "fonts"
    shutil.copytree(fonts.FONT_DIR, folder)
    font = folder / "NotoSans-Regular.ttf"
    if damage == "missing":
        font.unlink()
    elif damage == "truncated":
        font.write_bytes(font.read_bytes()[:5000])
    else:
        font.write_bytes(b"garbage")
    target = tmp_path / "cards.pdf"
    # a fresh process, pointed at the damaged copy (font objects are cached for a process's life)
    script = ("import sys, printgen.text.fonts as f, pathlib; f.FONT_DIR = pathlib.Path(sys.argv[1]); "
              "from printgen.cli import main; sys.argv = ['printgen'] + sys.argv[2:]; main()")
    proc = subprocess.run([sys.executable, "-c", script, str(folder), "render", "wallet-card", "-o", str(target)],
                          cwd=ROOT, env={**os.environ, "PRINTGEN_TODAY": "2026-11-28"}, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"error: {font}: the font file is missing or damaged")
    assert "reinstall printgen" in proc.stderr and "Traceback" not in proc.stderr
    assert not target.exists()


def test_image_symlinked_out_of_the_layouts_folder_is_refused(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG")
    (layouts / "logo.png").symlink_to(secret)
    text = (ROOT / "tests" / "data" / "invalid" / "layout" / "base.yaml").read_text().replace(
        "      number_style: number\n",
        "      number_style: number\n    - {type: image, box: [0in, 0in, 1in, 1in], file: logo.png}\n")
    (layouts / "card.yaml").write_text(text)
    with pytest.raises(InputError) as info:
        load_layout("card", layouts)
    assert '"logo.png" links outside the layouts folder; copy the image in' in str(info.value)

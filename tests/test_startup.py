"""Start-up: a command imports what it uses and no more (a property of the imports, not a
timing; scripts/benchmark.py --cases help times it). Each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import CATALOGUE, LAYOUTS, ROOT

HEAVY = ("pypdfium2", "zxingcpp", "pypdf", "pikepdf", "PIL", "reportlab", "flask", "pydantic", "phonenumbers",
         "printgen.check.read", "importlib.metadata", "multiprocessing", "concurrent.futures")

PROBE = """
import json, sys
from click.testing import CliRunner
from printgen.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
print(json.dumps({"code": result.exit_code, "output": result.output[-400:],
                  "imported": sorted(m for m in %r if m in sys.modules)}))
""" % (HEAVY,)


def imported(tmp_path, *args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["code"] == 0, found["output"]
    return set(found["imported"])


def test_help_imports_no_library_of_the_commands(tmp_path):
    assert imported(tmp_path, "--help") == set()


@pytest.mark.parametrize("command", [["validate", "--layouts", str(LAYOUTS)], ["export"]])
def test_reading_the_catalogue_imports_no_pdf_reader_nor_rasteriser(tmp_path, command):
    got = imported(tmp_path, *command, "--catalogue", str(CATALOGUE))
    assert "pydantic" in got and "phonenumbers" in got          # what it does use
    assert not got & {"pypdfium2", "zxingcpp", "pypdf", "pikepdf", "flask", "printgen.check.read"}, got


def test_render_without_verifying_imports_no_reader(tmp_path):
    got = imported(tmp_path, "render", "poster-letter", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS),
                   "--no-verify", "-o", str(tmp_path / "p.pdf"))
    assert (tmp_path / "p.pdf").stat().st_size > 1000
    assert "reportlab" in got
    assert not got & {"pypdfium2", "zxingcpp", "pypdf", "pikepdf", "flask", "printgen.check.read"}, got


@pytest.mark.parametrize("jobs, combined", [("1", False), ("2", True), ("2", False)])
def test_a_batch_imports_the_worker_pool_only_when_it_forks_workers(tmp_path, jobs, combined):
    (tmp_path / "venues.csv").write_text("name\n" + "".join(f"Venue {i}\n" for i in range(4)), encoding="utf-8")
    output = "{folder: out, combined: all.pdf, separate: false}" if combined else "{folder: out}"
    (tmp_path / "m.yaml").write_text(f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [poster-letter]\n"
                                     f"venues_csv: venues.csv\noutput: {output}\n", encoding="utf-8")
    got = imported(tmp_path, "batch", str(tmp_path / "m.yaml"), "--no-verify", "--jobs", jobs)
    assert len(list((tmp_path / "out").glob("*.pdf"))) == (1 if combined else 4)
    pool = {"multiprocessing", "concurrent.futures"}
    assert got & pool == (pool if jobs == "2" and not combined else set()), got


def test_render_verified_reads_its_file_back_with_pdfium(tmp_path):
    got = imported(tmp_path, "render", "poster-letter", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS),
                   "-o", str(tmp_path / "p.pdf"))
    assert {"pypdfium2", "zxingcpp", "printgen.check.read"} <= got
    assert not got & {"pypdf", "pikepdf", "flask"}, got       # one page: no page keys to tell apart


# What only reading and validating a file needs, or only some layouts: a render whose inputs come
# from printgen's cache (printgen.source.cache) imports none of it, pydantic included (it reads records).
VALIDATING = ("pydantic", "printgen.source.schema", "printgen.catalogue.schema", "printgen.layout.schema",
              "phonenumbers", "yaml", "qrcode", "importlib.metadata", "printgen.source.yamlfile",
              "printgen.layout.geometry", "printgen.catalogue.addresses", "printgen.compose.flow")

MODELS = """
def _all(c):
    for s in c.__subclasses__():
        yield s
        yield from _all(s)
built = []
if "pydantic" in sys.modules:           # looked at only when something imported it
    from pydantic import BaseModel
    built = sorted({c.__name__ for c in _all(BaseModel) if c.__module__.startswith("printgen")
                    and c.__pydantic_complete__})
"""

RENDER_PROBE = """
import json, sys
from click.testing import CliRunner
from printgen.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
%s
print(json.dumps({"code": result.exit_code, "output": result.output[-400:], "built": built,
                  "imported": sorted(m for m in %r if m in sys.modules)}))
""" % (MODELS, VALIDATING)


def probe(tmp_path, code: str, *args: str, **env: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_what_render_uses_builds_no_validator_and_imports_no_parser(tmp_path):
    # the guard against an eager import: these modules are imported where they are needed, not above
    code = ("import json, sys\nimport printgen.cli.main, printgen.catalogue.load, printgen.layout.load, "
            "printgen.render, printgen.output, printgen.language.strings, printgen.qr\n" + MODELS +
            "print(json.dumps({'built': built, 'imported': sorted(m for m in %r if m in sys.modules)}))" % (VALIDATING,))
    found = probe(tmp_path, code)
    assert found == {"built": [], "imported": []}


def test_a_render_from_the_cache_reads_no_yaml_parses_no_number_and_imports_no_pydantic(tmp_path):
    args = ["render", "poster-letter", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS), "--venue",
            "Rose City Motel", "--no-verify"]
    env = {"PRINTGEN_CACHE": str(tmp_path / "cache")}
    first = probe(tmp_path, RENDER_PROBE, *args, "-o", str(tmp_path / "first.pdf"), **env)
    assert first["code"] == 0, first["output"]
    assert {"pydantic", "phonenumbers", "yaml", "qrcode"} <= set(first["imported"]) and "Catalogue" in first["built"]
    again = probe(tmp_path, RENDER_PROBE, *args, "-o", str(tmp_path / "again.pdf"), **env)
    assert again["code"] == 0, again["output"]
    assert again["imported"] == [] and again["built"] == []
    off = probe(tmp_path, RENDER_PROBE, *args, "-o", str(tmp_path / "off.pdf"), PRINTGEN_CACHE="off")
    assert off["code"] == 0 and "Catalogue" in off["built"]
    # the same bytes however the inputs were had
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "again.pdf").read_bytes() \
        == (tmp_path / "off.pdf").read_bytes()


DEFERRED_PROBE = """
import json, sys
if sys.argv[1] == "first":
    import PIL.Image, uharfbuzz          # imported before ReportLab: nothing deferred
from click.testing import CliRunner
from printgen.cli import cli
result = CliRunner().invoke(cli, sys.argv[2:])
print(json.dumps({"code": result.exit_code, "output": result.output[-400:],
                  "loaded": sorted(m for m in ("PIL._imaging", "uharfbuzz._harfbuzz") if m in sys.modules)}))
"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pillow_and_harfbuzz_load_only_when_used_and_change_no_byte(tmp_path, lang):
    """ReportLab imports Pillow and uharfbuzz as it loads; printgen defers both (printgen.deferred).
    A Latin poster without a bitmap loads neither; an Arabic one is shaped (uharfbuzz loads when
    used); either way the file is the one written with both imported at the start. (A render
    that encodes its codes afresh loads Pillow through qrcode: the renders here come from the cache.)"""
    args = ["render", "poster-letter", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS), "--lang", lang,
            "--no-verify", "--allow-stale"]
    env = {"PRINTGEN_CACHE": str(tmp_path / "cache")}
    assert probe(tmp_path, DEFERRED_PROBE, "first", *args, "-o", str(tmp_path / "warm.pdf"), **env)["code"] == 0
    deferred = probe(tmp_path, DEFERRED_PROBE, "deferred", *args, "-o", str(tmp_path / "deferred.pdf"), **env)
    first = probe(tmp_path, DEFERRED_PROBE, "first", *args, "-o", str(tmp_path / "first.pdf"), **env)
    assert deferred["code"] == 0 and first["code"] == 0, (deferred["output"], first["output"])
    assert first["loaded"] == ["PIL._imaging", "uharfbuzz._harfbuzz"]
    assert deferred["loaded"] == ([] if lang == "en" else ["uharfbuzz._harfbuzz"])
    assert (tmp_path / "deferred.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()


def test_serve_imports_the_deferred_libraries_before_its_threads_start():
    """The web page renders in request threads: the libraries printgen defers are imported at
    start, in the main thread, and deferred no more."""
    code = ("import sys\nimport printgen.text.rl_internals\nfrom printgen import deferred\n"
            "assert type(sys.modules['PIL.Image']).__name__ == '_StandIn'\n"
            "deferred.now()\n"
            "assert type(sys.modules['PIL.Image']).__name__ == 'module' and 'PIL._imaging' in sys.modules\n"
            "assert 'uharfbuzz._harfbuzz' in sys.modules\n"
            "deferred.defer()\nassert type(sys.modules['uharfbuzz']).__name__ == 'module'\nprint('ok')")
    _prints_ok(code)
    source = (ROOT / "printgen" / "cli" / "serve.py").read_text("utf-8")
    assert source.index("now()") < source.index("serve_forever")
    # validating may happen in a request's thread too: pydantic's schemas are imported first
    for schema in ("batch", "catalogue", "language", "layout"):
        assert source.index(f"import printgen.{schema}.schema") < source.index("serving.start()")


def test_a_deferred_module_takes_what_is_set_on_it():
    """``Image.MAX_IMAGE_PIXELS = ...`` through a name bound before Pillow loaded (ReportLab's)
    sets the real module's limit: a stand-in never keeps a value of its own."""
    code = ("import sys\nimport printgen.text.rl_internals\nfrom reportlab.lib import utils\n"
            "assert type(utils.Image).__name__ == '_StandIn'\n"
            "utils.Image.MAX_IMAGE_PIXELS = 1234\n"
            "import PIL.Image\nreal = sys.modules['PIL.Image']\n"
            "assert type(real).__name__ == 'module' and real.MAX_IMAGE_PIXELS == 1234\n"
            "assert utils.Image.MAX_IMAGE_PIXELS == 1234 and 'MAX_IMAGE_PIXELS' not in vars(utils.Image)\n"
            "print('ok')")
    _prints_ok(code)


def _prints_ok(code: str) -> None:
    """``code`` run in a fresh interpreter (nothing imported before it) ends printing ok."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


ENDING = """
import atexit, sys, threading, time
atexit.register(lambda: print("torn down", flush=True))
if sys.argv[1] == "thread":          # another thread still running: the process ends as Python does
    threading.Thread(target=time.sleep, args=(1.5,)).start()
sys.argv = ["printgen", *sys.argv[2:]]
from printgen.cli import main
main()
"""


@pytest.mark.parametrize("args, code, says", [
    (["--version"], 0, "printgen, version"),
    (["render", "no-such-layout", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS)], 2, "error: "),
])
def test_the_command_ends_without_tearing_the_interpreter_down_unless_something_still_runs(tmp_path, args, code,
                                                                                           says):
    for mode, torn in (("alone", False), ("thread", True)):
        done = subprocess.run([sys.executable, "-c", ENDING, mode, *args], capture_output=True, text=True,
                              cwd=tmp_path, timeout=120)
        assert done.returncode == code, done.stderr
        assert says in done.stdout + done.stderr, "what the command said reached its pipe"
        assert ("torn down" in done.stdout) == torn, (mode, done.stdout)

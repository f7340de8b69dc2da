"""The code's shape: stages in folders, every import pointing down, no circles, small modules,
ReportLab's internals in one module. Read from the source (every import, lazy ones too)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tokenize
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "printgen"
MAX_LINES = 400

# Lowest first: a module may import from its own layer or a lower one, never a higher one.
LAYERS = (
    ("printgen", "printgen.errors", "printgen.units", "printgen.signals", "printgen.deferred"),
    ("printgen.source", "printgen.colors", "printgen.qr", "printgen.pages", "printgen.output", "printgen.venue"),
    ("printgen.catalogue", "printgen.language"),
    ("printgen.layout", "printgen.export"),
    ("printgen.text",),
    ("printgen.marks", "printgen.compose", "printgen.impose", "printgen.calibrate"),
    ("printgen.pdf", "printgen.pdf_write", "printgen.pdf_combined", "printgen.xmp", "printgen.printshop",
     "printgen.jobsheet"),
    ("printgen.check",),
    ("printgen.render",),
    ("printgen.reports", "printgen.batch"),
    ("printgen.cli", "printgen.__main__", "printgen.web"),
)


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The printgen modules ``name`` imports, anywhere in it (inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        targets = []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        found |= {t for t in targets if t in known and t != name}
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def layer(name: str) -> int:
    best = None
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or (prefix != "printgen" and name.startswith(prefix + ".")):
                if best is None or len(prefix) > best[1]:
                    best = (rank, len(prefix))
    assert best is not None, f"{name} is in no layer of tests/test_structure.py: say where it belongs"
    return best[0]


def test_no_import_circles():
    edges = graph()
    state: dict[str, int] = {}
    circles = []

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                circles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert circles == [], "import circles: " + "; ".join(" -> ".join(c) for c in circles)


def test_every_import_points_down():
    upward = [f"{a} ({LAYERS[layer(a)][0]}) imports {b} ({LAYERS[layer(b)][0]})"
              for a, targets in graph().items() for b in targets
              if layer(b) > layer(a) and not (a.startswith(b + ".") or b == "printgen")]
    assert upward == []


def test_the_command_line_imports_without_a_circle_and_without_reportlab():
    # a circle shows as an ImportError; ReportLab is loaded by the commands that draw, not by --help
    code = "import sys, printgen.cli; print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_no_command_module_imports_the_group():
    for path in (PACKAGE / "cli").glob("*.py"):
        if path.name in ("main.py", "__init__.py"):
            continue
        assert not re.search(r"from printgen\.cli(\.main)? import .*\bcli\b", path.read_text("utf-8")), path.name


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_module_is_used():
    edges = graph()
    used = {b for targets in edges.values() for b in targets}
    entry = {"printgen", "printgen.__main__", "printgen.cli"}
    packages = {n for n, p in modules().items() if p.name == "__init__.py"}
    assert sorted(set(edges) - used - entry - packages) == []


INTERNALS = re.compile(r"\b(charToGlyph|charWidths|glyphPos|hbFace|unitsPerEm|addSubsetObjects|idToObject|"
                       r"__shapeData__|ShapedStr|ShapeData|SUBSETN|pdfdoc|makeSubset)\b")


def names(path: Path) -> str:
    """The names a module's code uses (not its comments and docstrings)."""
    with path.open("rb") as handle:
        return " ".join(t.string for t in tokenize.tokenize(handle.readline) if t.type == tokenize.NAME)


def test_reportlab_internals_are_used_in_one_module_and_reportlab_has_an_upper_bound():
    users = sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py") if INTERNALS.search(names(p)))
    assert users == ["printgen/text/rl_internals.py"]
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    (reportlab,) = [d for d in deps if d.startswith("reportlab")]
    assert "<" in reportlab, reportlab


def test_test_only_code_is_not_in_the_package():
    assert not (PACKAGE / "verify.py").exists()
    for path in PACKAGE.rglob("*.py"):
        assert "readback" not in path.read_text("utf-8"), path

"""A real browser for the tests: Debian's Chromium driven by Playwright for Python, and axe-core.

Shared by every test that looks at HTML in a browser (the web page, HTML exports). Chromium is
Debian's (`apt-get install -y chromium`, which `.ci/run` does); Playwright's own browser
download (`playwright install`) is never used. Without a browser the tests that need one are
skipped, but under ``CI=true`` a missing browser is a failure.

    from browser import run_axe      # the fixtures chromium and page come from conftest.py

    def test_something(page):
        page.goto(url)
        assert run_axe(page) == []

axe-core (MPL-2.0, ``tests/vendor/axe.min.js`` with its licence) is injected into the page;
``run_axe`` returns the violations as axe reports them, minus nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PRINTGEN_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def browser_missing() -> str | None:
    """Why no browser can be launched here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    return None


def need_browser() -> None:
    """Skip the test without a browser; under CI=true fail instead."""
    why = browser_missing()
    if why:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and no browser: {why}")
        pytest.skip(why)


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the session (headless, no sandbox: CI runs as root)."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


@pytest.fixture
def page(chromium):
    """A fresh page in a context of its own (cookies, storage) that accepts downloads. The page's
    Content-Security-Policy is bypassed so that axe-core can be injected."""
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def run_axe(page, options: dict | None = None) -> list[dict]:
    """axe-core run on the page as it is: the list of violations (empty when none)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text("utf-8"))
    result = page.evaluate("(options) => axe.run(document, options)", options or {})
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """Violations in a line each, for an assertion's message."""
    return "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                     + ", ".join(str(n["target"]) for n in v["nodes"][:3]) for v in violations)

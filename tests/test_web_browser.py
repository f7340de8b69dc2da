"""printgen serve in a real browser (Debian's Chromium through Playwright): the form filled with the
keyboard alone, the preview changing, a PDF and a ZIP downloaded and read back, axe-core on
every page. ``PRINTGEN_SCREENSHOTS=1`` also writes the README's picture of the page."""

from __future__ import annotations

import io
import os
import threading
import zipfile
from pathlib import Path

import pytest
from browser import describe, run_axe
from conftest import CATALOGUE, LAYOUTS, ROOT
from readback import decode_codes, page_texts

HOTLINE = "tel:+18883737888"
SCREENSHOT = ROOT / "docs" / "images" / "web-page.png"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app served on a free loopback port, as `printgen serve` serves it."""
    from werkzeug.serving import make_server

    from printgen.web.app import close, create_app
    from printgen.web.choices import Site
    from printgen.web.guard import new_token
    from printgen.web.work import Store

    site = Site.load(CATALOGUE, LAYOUTS)
    http = make_server("127.0.0.1", 0, None, threaded=True)
    token = new_token()
    app = create_app(site, token, "127.0.0.1", http.server_port, workers=1,
                     store=Store(tmp_path_factory.mktemp("served")))
    http.app = app
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}/?token={token}"
    http.shutdown()
    close(app)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus by Tab")


def focus_is_visible(page) -> bool:
    """The focused element draws an outline (the page's :focus-visible style)."""
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }""")


def preview_sources(page) -> list[str]:
    return page.eval_on_selector_all("#preview-images img", "els => els.map(e => e.src)")


def wait_for_new_preview(page, before: list[str]) -> list[str]:
    page.wait_for_function("""(before) => { const imgs = [...document.querySelectorAll('#preview-images img')];
        return imgs.length > 0 && imgs.map(i => i.src).join() !== before.join()
               && imgs.every(i => i.complete && i.naturalWidth > 0); }""", arg=before, timeout=30000)
    return preview_sources(page)


def test_the_form_with_the_keyboard_alone_then_a_checked_pdf(page, server, tmp_path):
    page.goto(server)
    assert page.evaluate("document.documentElement.lang") == "en"
    violations = run_axe(page)
    assert violations == [], describe(violations)
    start = preview_sources(page)
    assert len(start) >= 1                                    # the first layout's first pages

    tab_to(page, "input[name=layout]")
    assert focus_is_visible(page) or page.evaluate(
        "() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle !== 'none'")
    for _ in range(30):                                        # arrows move through the formats
        if page.evaluate("document.activeElement.value") == "poster-letter":
            break
        page.keyboard.press("ArrowRight")
    assert page.is_checked("#layout-poster-letter")
    poster = wait_for_new_preview(page, start)

    tab_to(page, "#venue")
    assert focus_is_visible(page)
    page.keyboard.type("Rose City Motel")
    with_venue = wait_for_new_preview(page, poster)
    images = [page.request.get(src).body() for src in (poster[0], with_venue[0])]
    assert images[0] != images[1] and all(i.startswith(b"\x89PNG") for i in images)

    tab_to(page, "#lang")
    page.keyboard.press("ArrowDown")                           # the second language: Spanish
    assert page.eval_on_selector("#lang", "e => e.value") == "es"
    spanish = wait_for_new_preview(page, with_venue)
    page.keyboard.press("ArrowUp")
    wait_for_new_preview(page, spanish)
    assert "venue=Rose+City+Motel" in page.url                       # the address keeps the choices

    page.set_viewport_size({"width": 1280, "height": 1000})
    page.evaluate("window.scrollTo(0, 0)")
    shot = page.screenshot(full_page=False)
    assert shot.startswith(b"\x89PNG")
    if os.environ.get("PRINTGEN_SCREENSHOTS") == "1":
        SCREENSHOT.write_bytes(shot)

    tab_to(page, "#download-pdf")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict").startswith("Every code and number read back and checked")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    tab_to(page, "#download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    pdf = saved.read_bytes()
    assert saved.name == "portland-or-poster-letter-en.pdf"
    assert {c.payload for c in decode_codes(pdf)} == {HOTLINE}      # the poster has one code since issue 16
    assert "Rose City Motel" in page_texts(pdf)[0]


def test_an_error_appears_by_its_field_in_the_browser(page, server):
    page.goto(server)
    page.fill("#venue", "x" * 30 + " 503-555-0100")
    page.keyboard.press("Tab")
    page.wait_for_selector("#error-venue:not([hidden])")
    assert "holds a number" in page.inner_text("#error-venue")
    assert page.get_attribute("#venue", "aria-invalid") == "true"
    assert preview_sources(page) == []
    violations = run_axe(page)
    assert violations == [], describe(violations)


def test_a_zip_of_venues_with_progress(page, server, tmp_path):
    csv = tmp_path / "venues.csv"
    csv.write_text("name,city\nRose City Motel,Portland\nHarbor Inn,Astoria\n", "utf-8")
    page.goto(server)
    page.check("#layout-poster-letter")
    page.set_input_files("#venues_csv", str(csv))
    tab_to(page, "#download-zip")
    page.keyboard.press("Enter")
    page.wait_for_selector("#job")
    page.wait_for_selector("#download", timeout=120000)       # the page follows the job by itself
    assert page.inner_text("#verdict").startswith("Every code and number read back and checked")
    assert page.eval_on_selector("#job-progress", "e => [e.value, e.max]") == [3, 3]
    violations = run_axe(page)
    assert violations == [], describe(violations)
    with page.expect_download() as download:
        page.click("#download")
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        assert sorted(zipped.namelist()) == ["poster-letter-en-all-venues.pdf", "poster-letter-en-harbor-inn.pdf",
                                             "poster-letter-en-rose-city-motel.pdf"]
        combined = zipped.read("poster-letter-en-all-venues.pdf")
    texts = page_texts(combined)
    assert "Rose City Motel" in texts[0] and "Harbor Inn" in texts[1]
    assert [c.payload for c in decode_codes(combined) if c.page == 1] != []


def test_the_catalogue_page_passes_axe(page, server):
    page.goto(server.replace("/?", "/catalogue?"))
    assert "2026-11-28" in page.inner_text("#verified")
    violations = run_axe(page)
    assert violations == [], describe(violations)


def test_a_page_of_another_origin_cannot_post(page, server):
    """A form on another port of this host posts as same-site: refused, nothing is made."""
    import http.server

    target = server.replace("/?", "/make?")
    form = (f'<!doctype html><html lang="en"><title>x</title><form method="post" action="{target}" '
            'enctype="multipart/form-data"><input name="layout" value="poster-letter"><input name="make" '
            'value="pdf"><button id="go">go</button></form>').encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(form)

        def log_message(self, *args):
            pass

    other = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{other.server_port}/")
        with page.expect_response(lambda r: "/make" in r.url) as answer:
            page.click("#go")
        assert answer.value.status == 403
    finally:
        other.shutdown()


def test_the_second_language_follows_the_layout(page, server):
    page.goto(server)
    page.check("#layout-poster-letter-bilingual")
    page.wait_for_function("() => !document.getElementById('lang2').disabled")
    assert page.eval_on_selector("#lang2", "e => e.value") == "es"
    page.wait_for_function("() => document.getElementById('preview-images').dataset.layout === "
                           "'poster-letter-bilingual'")
    page.check("#layout-poster-letter")
    page.wait_for_function("() => document.getElementById('lang2').disabled")
    page.wait_for_function("() => document.getElementById('preview-images').dataset.layout === 'poster-letter'")
    assert page.is_hidden("#error-lang2")


def test_under_ci_a_missing_browser_fails_and_otherwise_skips(monkeypatch):
    import browser

    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and no browser: /nonexistent/chromium is missing"):
        browser.need_browser()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        browser.need_browser()


def test_the_page_works_under_its_own_content_security_policy(chromium, server):
    """Without the tests' CSP bypass: its script, images, style and requests are all its own."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(server)
        assert page.evaluate("getComputedStyle(document.querySelector('.top')).backgroundColor") == "rgb(31, 58, 95)"
        before = preview_sources(page)
        page.fill("#venue", "Harbor Inn")
        wait_for_new_preview(page, before)
        assert refused == []
    finally:
        context.close()

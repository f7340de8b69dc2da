"""printgen serve, through Flask's test client: the guard on every request (Host, token, origin,
sizes, paths), errors beside their fields, and what is downloaded, read back from its bytes."""

from __future__ import annotations

import html
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from conftest import CATALOGUE, LAYOUTS, decoded
from markupsafe import escape
from readback import decode_codes, page_boxes, page_texts

PORT = 8765
TOKEN = "test-token-0123456789"
HOST = {"Host": f"127.0.0.1:{PORT}"}
POST = {**HOST, "Sec-Fetch-Site": "same-origin"}
HOTLINE = "tel:+18883737888"


@pytest.fixture(scope="module")
def site():
    from printgen.web.choices import Site

    return Site.load(CATALOGUE, LAYOUTS)


@pytest.fixture(scope="module")
def app(site, tmp_path_factory):
    from printgen.web.app import close, create_app
    from printgen.web.work import Store

    app = create_app(site, TOKEN, port=PORT, workers=1, store=Store(tmp_path_factory.mktemp("store")))
    yield app
    close(app)


@pytest.fixture
def client(app):
    return app.test_client()


def url(path: str, **params) -> str:
    from urllib.parse import urlencode

    return f"{path}?{urlencode({'token': TOKEN, **params})}"


def field_error(body: bytes, name: str) -> str:
    found = re.search(rf'id="error-{name}"[^>]*>([^<]*)<', body.decode("utf-8"))
    return html.unescape(found.group(1)) if found else ""


def make(client, data: dict, csv: bytes | None = None, filename: str = "venues.csv", headers=POST):
    data = dict(data)
    if csv is not None:
        data["venues_csv"] = (io.BytesIO(csv), filename)
    return client.post(url("/make"), data=data, headers=headers, content_type="multipart/form-data")


def wait_for(client, location: str, timeout: float = 240) -> dict:
    progress = location.replace("?", "/progress?")
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        state = client.get(progress, headers=HOST).json
        if state["state"] in ("done", "failed", "cancelled"):
            return state
        time.sleep(0.2)
    raise AssertionError(f"the job did not end in {timeout} s: {state}")


# -- the guard ------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost", "127.0.0.1",
                                  "attacker.localhost:8765", "10.0.0.5:8765", ""])
def test_another_host_is_refused_with_400(client, host):
    response = client.get(url("/"), headers={"Host": host})
    assert response.status_code == 400
    assert b"Make cards" not in response.data


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "LOCALHOST:8765"])
def test_its_own_host_is_served(client, host):
    response = client.get(url("/"), headers={"Host": host})
    assert response.status_code == 200
    assert b'<html lang="en">' in response.data


@pytest.mark.parametrize("path", ["/", "/catalogue", "/static/style.css", "/static/page.js", "/preview",
                                  "/thumbnail/poster-letter.png"])
@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN + "x", TOKEN[:-1]])
def test_a_missing_or_wrong_token_is_refused_with_403(client, path, token):
    query = "" if token is None else f"?token={token}"
    response = client.get(path + query, headers=HOST)
    assert response.status_code == 403
    assert b"token" in response.data


def test_a_post_without_the_token_is_refused(client, app):
    before = set(app.extensions["printgen"]["store"].items)
    response = client.post("/make", data={"layout": "poster-letter", "make": "pdf"}, headers=POST)
    assert response.status_code == 403
    assert set(app.extensions["printgen"]["store"].items) == before


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:9999"},     # a page on another port
    {"Sec-Fetch-Site": "same-site", "Origin": f"http://127.0.0.1:{PORT}"},
    {"Sec-Fetch-Site": "none"},
    {"Origin": "http://127.0.0.1:9999"},
    {"Origin": "null"},
    {},                                                                        # neither: refused too
])
def test_a_cross_site_or_same_site_post_is_refused_with_403(client, app, headers):
    before = set(app.extensions["printgen"]["store"].items)
    response = make(client, {"layout": "poster-letter", "make": "pdf"}, headers={**HOST, **headers})
    assert response.status_code == 403
    assert b"another page" in response.data
    assert set(app.extensions["printgen"]["store"].items) == before       # nothing was made


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "same-origin"}, {"Origin": f"http://127.0.0.1:{PORT}"},
                                     {"Origin": f"http://localhost:{PORT}"}])
def test_a_post_from_its_own_page_is_accepted(client, headers):
    response = make(client, {"layout": "poster-letter", "lang": "en", "make": "pdf"}, headers={**HOST, **headers})
    assert response.status_code == 303
    assert response.location.startswith("/result/")


def test_an_oversize_upload_is_refused_with_413(client, app):
    from printgen.web.app import MAX_UPLOAD

    csv = b"name\n" + b"A venue with a long name\n" * (MAX_UPLOAD // 25 + 10)
    response = make(client, {"layout": "poster-letter", "make": "zip"}, csv)
    assert response.status_code == 413
    assert b"larger than 2 MB" in response.data


def test_no_directory_listing_and_security_headers(client):
    for path in ("/static/", "/static", "/file/", "/preview/", "/job/"):
        response = client.get(url(path), headers=HOST)
        assert response.status_code == 404, path
    response = client.get(url("/"), headers=HOST)
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"


TRAVERSALS = ["../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "..\\..\\windows\\win.ini",
              "layouts/../../pyproject.toml", "poster-letter/../../pyproject", "%2e%2e/%2e%2e/etc/passwd"]


@pytest.mark.parametrize("value", TRAVERSALS)
@pytest.mark.parametrize("name", ["layout", "lang", "lang2"])
def test_path_traversal_in_a_choice_is_an_error_beside_its_field(client, name, value):
    for response in (client.get(url("/", **{"layout": "poster-letter-bilingual", name: value}), headers=HOST),
                     make(client, {"layout": "poster-letter-bilingual", name: value, "make": "pdf"})):
        assert response.status_code == 400
        assert field_error(response.data, name), name
        assert b"root:" not in response.data and b"[build-system]" not in response.data


@pytest.mark.parametrize("value", TRAVERSALS)
def test_path_traversal_in_the_venue_and_offsets_reads_no_file(client, value):
    response = client.get(url("/preview", layout="poster-letter", venue=value, offset=value, back_offset=value),
                          headers=HOST)
    assert {"offset", "back_offset"} <= set(response.json["errors"]) <= {"offset", "back_offset", "venue"}
    assert "root:" not in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["..", "../..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "/etc/passwd", "0" * 32,
                                   "../static/style.css", "a" * 40])
def test_path_traversal_in_every_path_parameter_finds_nothing(client, value):
    paths = [f"/file/{value}/pdf", f"/file/{'0' * 32}/{value}", f"/result/{value}", f"/job/{value}",
             f"/job/{value}/progress", f"/preview/{value}/1.png", f"/thumbnail/{value}.png", f"/static/{value}",
             f"/static/..%2F{value}", f"/static/../app.py", "/static/%2e%2e/app.py"]
    for path in paths:
        response = client.get(url(path), headers=HOST)
        assert response.status_code in (404, 308), path
        assert b"import" not in response.data and b"root:" not in response.data, path


def test_an_uploaded_file_name_cannot_place_the_file(client, app, tmp_path):
    root = app.extensions["printgen"]["store"].root
    outside = set(root.parent.iterdir())
    response = make(client, {"layout": "poster-letter", "make": "zip"}, b"name\nRose City Motel\n",
                    filename="../../../evil.csv")
    assert response.status_code == 303
    wait_for(client, response.location)
    assert set(root.parent.iterdir()) == outside        # nothing beside the server's own folder
    assert not list(root.rglob("evil.csv"))
    job = client.get(response.location, headers=HOST).get_data(as_text=True)
    assert "evil.csv" in job and "../" not in job       # named safely on the page


# -- errors beside their fields -------------------------------------------------------------------

def test_a_bad_csv_row_is_shown_with_its_row_number(client):
    csv = "name,city\nRose City Motel,Portland\nCall 503-555-0100 Inn,Astoria\n,Salem\n".encode()
    response = make(client, {"layout": "poster-letter", "lang": "en", "make": "zip"}, csv, "my venues.csv")
    assert response.status_code == 400
    error = field_error(response.data, "venues_csv")
    assert error.startswith("my_venues.csv:3: ")
    assert "holds a number" in error
    assert "my_venues.csv:4: name is empty" in error
    assert re.search(rb'id="venues_csv"[^>]*aria-invalid="true"', response.data)


def test_a_csv_missing_a_field_a_layout_prints_is_an_error_of_the_csv(client):
    response = make(client, {"layout": "poster-letter", "make": "zip"}, b"city\nPortland\n")
    assert response.status_code == 400
    assert "the header has no name column" in field_error(response.data, "venues_csv")


def test_a_venue_name_too_long_for_the_layout_is_shown_by_the_venue_field(client):
    name = "The Grand Riverside Hotel and Conference Centre of the Northern Willamette Valley"
    response = make(client, {"layout": "poster-letter", "lang": "en", "venue": name, "make": "pdf"})
    assert response.status_code == 400
    assert "does not fit in its" in field_error(response.data, "venue")
    preview = client.get(url("/preview", layout="poster-letter", venue=name), headers=HOST).json
    assert preview["images"] == [] and "does not fit" in preview["errors"]["venue"]
    long = client.get(url("/", layout="poster-letter", venue="x" * 201), headers=HOST)
    assert "201 characters" in field_error(long.data, "venue")


def test_a_language_the_catalogue_lacks_is_shown_by_the_language_field(client):
    response = client.get(url("/", layout="poster-letter", lang="fr"), headers=HOST)
    assert response.status_code == 400
    assert field_error(response.data, "lang") == 'the catalogue has no texts in "fr"; it offers ' \
                                                 "en, es, vi, zh-Hans, zh-Hant, ru, uk, so, ar"
    two = client.get(url("/", layout="poster-letter", lang="en", lang2="es"), headers=HOST)
    assert "poster-letter prints one language" in field_error(two.data, "lang2")


def test_a_bad_offset_is_shown_by_its_field(client):
    response = client.get(url("/preview", layout="wallet-card", offset="1,2", back_offset="1mm"), headers=HOST)
    assert "expected X,Y with units" in response.json["errors"]["offset"]
    assert "expected X,Y with units" in response.json["errors"]["back_offset"]


def test_a_preset_of_another_place_says_why(client):
    response = client.get(url("/", layout="poster-ca-52-6"), headers=HOST)
    assert "not for this catalogue" in field_error(response.data, "layout")


# -- what the page makes --------------------------------------------------------------------------

def test_the_page_lists_every_layout_with_its_description_and_the_languages(client, site):
    body = client.get(url("/"), headers=HOST).get_data(as_text=True)
    for name, layout in site.layouts.items():
        assert f'value="{name}"' in body and str(escape(layout.description)) in body     # as Jinja escapes it
        assert (f"/thumbnail/{name}.png?token={TOKEN}" in body) == (name not in site.elsewhere)
    for tag in site.languages:
        assert f'<option value="{tag}"' in body
    thumb = client.get(url("/thumbnail/wallet-card.png"), headers=HOST)
    assert thumb.status_code == 200 and thumb.data.startswith(b"\x89PNG")


def test_the_preview_follows_the_choice(client):
    from PIL import Image

    def first_image(**params):
        found = client.get(url("/preview", **params), headers=HOST).json
        assert found["errors"] == {}
        return [client.get(src, headers=HOST).data for src in found["images"]], found

    plain, found = first_image(layout="poster-letter")
    venue, _ = first_image(layout="poster-letter", venue="Rose City Motel")
    spanish, _ = first_image(layout="poster-letter", lang="es")
    cards, cards_found = first_image(layout="wallet-card")
    assert found["pages"] == 1 and len(plain) == 1
    assert len({plain[0], venue[0], spanish[0]}) == 3                     # each change shows
    assert cards_found["pages"] == 2 and len(cards) == 2                  # fronts and backs
    assert Image.open(io.BytesIO(plain[0])).size == (510, 660)           # Letter at 60 dpi
    again, _ = first_image(layout="poster-letter", venue="Rose City Motel")
    assert again == venue


def test_download_pdf_is_checked_and_read_back(client):
    response = make(client, {"layout": "poster-letter", "lang": "en", "venue": "Rose City Motel", "make": "pdf"})
    page = client.get(response.location, headers=HOST)
    body = page.get_data(as_text=True)
    assert "Every code and number read back and checked" in body
    assert "Not printed, because the catalogue marks them incomplete" in body
    link = re.search(r'id="download" href="([^"]+)"', body).group(1)
    pdf = client.get(html.unescape(link), headers=HOST)
    assert pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert "portland-or-poster-letter-en.pdf" in pdf.headers["Content-Disposition"]
    assert sorted(c.payload for c in decode_codes(pdf.data)) == sorted(c.payload for c in decoded("poster-letter"))
    assert {c.payload for c in decode_codes(pdf.data)} == {HOTLINE}      # the poster has one code since issue 16
    assert "Rose City Motel" in page_texts(pdf.data)[0]
    assert page_boxes(pdf.data)[0]["media"] == (0, 0, 612, 792)
    proof = client.get(html.unescape(re.search(r'id="proof" href="([^"]+)"', body).group(1)), headers=HOST)
    text = " ".join(page_texts(proof.data))
    assert "Proof" in text and "1-888-373-7888" in text and "poster-letter" in text


def test_offsets_from_calibrate_move_the_page(client):
    pdfs = []
    for offset in ("", "2mm,-1mm"):
        response = make(client, {"layout": "poster-letter", "offset": offset, "make": "pdf"})
        body = client.get(response.location, headers=HOST).get_data(as_text=True)
        pdfs.append(client.get(html.unescape(re.search(r'id="download" href="([^"]+)"', body).group(1)),
                               headers=HOST).data)
    plain, moved = (sorted(decode_codes(p), key=lambda c: c.payload) for p in pdfs)
    assert [c.payload for c in plain] == [c.payload for c in moved] == [HOTLINE]
    for a, b in zip(plain, moved):
        assert b.x - a.x == pytest.approx(72 * 2 / 25.4, abs=0.6)        # 2 mm right
        assert abs(b.y - a.y) == pytest.approx(72 * 1 / 25.4, abs=0.6)   # 1 mm


def test_download_zip_of_venues_with_the_combined_file(client):
    csv = "name,city\nRose City Motel,Portland\n\"Harbor Inn, North\",Astoria\nCafé Olé,Salem\n".encode()
    response = make(client, {"layout": "poster-letter", "lang": "en", "make": "zip"}, csv, "venues.csv")
    assert response.status_code == 303 and response.location.startswith("/job/")
    assert wait_for(client, response.location) == {"state": "done", "done": 4, "total": 4}
    body = client.get(response.location, headers=HOST).get_data(as_text=True)
    assert "Every code and number read back and checked" in body
    archive = client.get(html.unescape(re.search(r'id="download" href="([^"]+)"', body).group(1)), headers=HOST)
    assert archive.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.data)) as zipped:
        names = sorted(zipped.namelist())
        assert names == ["poster-letter-en-all-venues.pdf", "poster-letter-en-cafe-ole.pdf",
                         "poster-letter-en-harbor-inn-north.pdf", "poster-letter-en-rose-city-motel.pdf"]
        combined = zipped.read("poster-letter-en-all-venues.pdf")
        one = zipped.read("poster-letter-en-cafe-ole.pdf")
    texts = page_texts(combined)
    assert len(texts) == 3 and "Harbor Inn, North" in texts[1] and "Café Olé" in texts[2]
    assert {c.payload for c in decode_codes(one)} == {HOTLINE}      # the poster has one code since issue 16


def test_long_work_shows_progress_and_can_be_cancelled(client, app):
    csv = "name\n" + "".join(f"Venue {a}{b}\n" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJKLMNOPQRST")
    response = make(client, {"layout": "poster-letter", "make": "zip"}, csv.encode())
    assert response.status_code == 303
    first = client.get(response.location.replace("?", "/progress?"), headers=HOST).json
    assert first["total"] == 201 and first["state"] in ("waiting", "running")
    page = client.get(response.location, headers=HOST).get_data(as_text=True)
    assert '<progress id="job-progress" max="201"' in page and 'id="cancel"' in page
    cancelled = client.post(response.location.replace("?", "/cancel?"), headers=POST)
    assert cancelled.status_code == 303
    end = wait_for(client, response.location)
    assert end["state"] == "cancelled" and end["done"] < 201
    ident = response.location.split("/")[2].split("?")[0]
    assert client.get(url(f"/file/{ident}/zip"), headers=HOST).status_code == 404
    assert "Cancelled" in client.get(response.location, headers=HOST).get_data(as_text=True)


def test_the_page_stays_responsive_while_a_list_runs(client):
    csv = "name\n" + "".join(f"Inn {a}{b}\n" for a in "ABCDE" for b in "ABCDEFGHIJ")
    response = make(client, {"layout": "poster-letter", "make": "zip"}, csv.encode())
    preview = client.get(url("/preview", layout="wallet-card", venue="During"), headers=HOST)
    assert preview.status_code == 200 and len(preview.json["images"]) == 2
    state = client.get(response.location.replace("?", "/progress?"), headers=HOST).json
    client.post(response.location.replace("?", "/cancel?"), headers=POST)
    assert state["state"] in ("waiting", "running")        # answered while the list was still being made
    wait_for(client, response.location)


def test_the_catalogue_page(client, site):
    body = html.unescape(client.get(url("/catalogue"), headers=HOST).get_data(as_text=True))
    assert "Verified</dt><dd id=\"verified\">2026-11-28" in body
    assert "2027-05-27, every 180 days" in body
    for section in site.catalogue.sections:
        assert section.title[site.catalogue.catalogue.language] in body
    for _, resource in site.catalogue.resources():
        assert resource.id in body
        for contact in resource.contacts:
            assert contact.display in body
    assert "503-255-0118" in body and "1-888-373-7888" in body
    incomplete = re.search(r'<ul aria-labelledby="incomplete-title" id="incomplete">(.*?)</ul>', body, re.S).group(1)
    assert [m for m in re.findall(r"\(([a-z0-9-]+)\)", incomplete)] == [
        r.id for _, r in site.catalogue.resources() if not r.complete]


def test_nothing_is_loaded_from_elsewhere():
    import printgen.web

    folder = Path(printgen.web.__file__).parent
    for path in list((folder / "templates").iterdir()) + list((folder / "static").iterdir()):
        text = re.sub(r'xmlns="[^"]*"', "", path.read_text("utf-8"))     # a namespace's name, not a load
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), path.name
        assert "@import" not in text and "googleapis" not in text


def test_the_store_keeps_the_latest_and_every_list_still_being_made(tmp_path):
    from printgen.web.work import KEEP, Made, Store

    class Running:
        running = True

    store = Store(tmp_path / "store")
    busy, _ = store.new_folder()
    store.put(busy, Running())
    made = []
    for _ in range(KEEP + 5):
        ident, folder = store.new_folder()
        store.put(ident, Made(ident, folder))
        made.append(ident)
    assert store.get(busy) is not None and (tmp_path / "store" / busy).is_dir()
    assert [i for i in made if store.get(i) is None] == made[:6]
    assert not (tmp_path / "store" / made[0]).exists()
    store.close()
    assert not (tmp_path / "store").exists()

"""printgen serve with --strings, --strict and --allow-fallback: the page renders as render does
with the same options, read back from what it downloads."""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS
from readback import page_texts

from printgen.cli import cli
from printgen.language import strings

PORT = 8765
TOKEN = "test-token-options-0123456789"
HOST = {"Host": f"127.0.0.1:{PORT}"}
POST = {**HOST, "Sec-Fetch-Site": "same-origin"}
OWN_HEADLINE = "Una llamada basta, a cualquier hora."


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def url(path: str, **params) -> str:
    from urllib.parse import urlencode

    return f"{path}?{urlencode({'token': TOKEN, **params})}"


def client_for(tmp_path, **options):
    from printgen.web.app import create_app
    from printgen.web.choices import Site
    from printgen.web.work import Store

    site = Site.load(CATALOGUE, LAYOUTS, **options)
    app = create_app(site, TOKEN, port=PORT, workers=1, store=Store(tmp_path / "store"))
    return app


@pytest.fixture
def made(tmp_path):
    apps = []

    def make(**options):
        app = client_for(tmp_path, **options)
        apps.append(app)
        return app.test_client()

    yield make
    from printgen.web.app import close

    for app in apps:
        close(app)


def download(client, **choice) -> tuple[str, bytes]:
    response = client.post(url("/make"), data={**choice, "make": "pdf", "token": TOKEN}, headers=POST)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    body = client.get(response.location, headers=HOST).get_data(as_text=True)
    link = re.search(r'id="download" href="([^"]+)"', body)
    assert link, body[:2000]
    return body, client.get(html.unescape(link.group(1)), headers=HOST).data


def test_allow_fallback_offers_a_language_the_catalogue_lacks_and_prints_printgens_words_in_it(made):
    plain = made()
    assert '<option value="fr"' not in plain.get(url("/"), headers=HOST).get_data(as_text=True)
    assert plain.get(url("/preview", layout="wallet-card", lang="fr"), headers=HOST).json["errors"]["lang"]
    loose = made(allow_fallback=True)
    assert '<option value="fr"' in loose.get(url("/"), headers=HOST).get_data(as_text=True)
    assert loose.get(url("/preview", layout="wallet-card", lang="fr"), headers=HOST).json["errors"] == {}
    _, pdf = download(loose, layout="wallet-card", lang="fr")
    text = squeeze(" ".join(page_texts(pdf)))
    assert squeeze("Scannez pour appeler ce numéro") in text         # printgen's words, in French
    assert "+18883737888" not in text and "1-888-373-7888" in text    # the catalogue's number, as printed


def test_strict_refuses_a_text_that_would_fall_back_beside_the_language_field(made):
    loose = made()
    assert loose.get(url("/preview", layout="handout-letter", lang="es"), headers=HOST).json["errors"] == {}
    strict = made(strict=True)
    errors = strict.get(url("/preview", layout="handout-letter", lang="es"), headers=HOST).json["errors"]
    assert re.match(r"--strict: \d+ texts would print in en, not in es: ", errors["lang"]), errors
    assert strict.get(url("/preview", layout="wallet-card", lang="es"), headers=HOST).json["errors"] == {}


def test_a_strings_folder_changes_the_printed_words(made, tmp_path):
    folder = tmp_path / "strings"
    folder.mkdir()
    (folder / "es.yaml").write_text(f'language: es\nreviewed: true\ntexts:\n  "Need help? Call any time, day or '
                                    f'night.": "{OWN_HEADLINE}"\n', encoding="utf-8")
    client = made(strings=folder)
    _, pdf = download(client, layout="wallet-card", lang="es")
    text = squeeze(" ".join(page_texts(pdf)))
    assert squeeze(OWN_HEADLINE) in text
    shipped = strings.load("es").texts["Need help? Call any time, day or night."][0]
    assert squeeze(shipped) not in text and squeeze(shipped) in squeeze(" ".join(page_texts(download(
        made(), layout="wallet-card", lang="es")[1])))


def test_a_broken_strings_folder_stops_serve_with_one_line(tmp_path):
    folder = tmp_path / "strings"
    folder.mkdir()
    (folder / "fr.yaml").write_text("language: fr\nwords:\n  helpine: Ligne\n", encoding="utf-8")
    for given in (folder, tmp_path / "missing"):
        result = CliRunner().invoke(cli, ["serve", "--port", "0", "--strings", str(given)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
    assert re.search(r'fr\.yaml:3:3: words\.helpine: unknown word "helpine"', CliRunner().invoke(
        cli, ["serve", "--port", "0", "--strings", str(folder)]).stderr)

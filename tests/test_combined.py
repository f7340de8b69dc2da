"""A batch's combined file: every venue's pages in one PDF, each distinct face written once as a
form XObject, and every page looking exactly like the venue's own file."""

from __future__ import annotations

import io

from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS
from readback import decode_codes, page_texts

from printgen.cli import cli

VENUES = ["Rose City Motel", "Café Olé", "Harbor Inn, North", "Lakeview Bus Terminal",
          "A venue whose name is long enough to run onto a second line of its box"]


def batch(tmp_path, venues, layouts=("poster-letter", "wallet-card")):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "venues.csv").write_text("name\n" + "".join(f'"{v}"\n' for v in venues), encoding="utf-8")
    path = tmp_path / "batch.yaml"
    path.write_text(f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [{', '.join(layouts)}]\n"
                    "venues_csv: venues.csv\noutput: {folder: out, combined: '{layout}-{lang}-all.pdf'}\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def forms(pdf: bytes) -> set[int]:
    """The form XObjects the pages place (by object number)."""
    from pypdf import PdfReader

    found = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            if ref.get_object()["/Subtype"] == "/Form":
                found.add(ref.idnum)
    return found


def pixels(pdf: bytes, dpi: int = 72) -> list[bytes]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB").tobytes() for i in range(len(doc))]
    finally:
        doc.close()


def test_each_distinct_face_is_one_form_and_each_page_looks_like_the_venues_own_file(tmp_path):
    out = batch(tmp_path, VENUES)
    poster = (out / "poster-letter-en-all.pdf").read_bytes()
    assert len(forms(poster)) == 1, "the poster's face without its venue line, drawn once for every venue"
    cards, card = (out / "wallet-card-en-all.pdf").read_bytes(), (out / "wallet-card-en-rose-city-motel.pdf").read_bytes()
    assert len(forms(cards)) == len(forms(card)) == 3, "front, back and crop marks, once for every venue"
    texts = page_texts(poster)
    assert len(texts) == len(VENUES)
    for number, venue in enumerate(VENUES):
        own = (out / f"poster-letter-en-{_file(venue)}.pdf").read_bytes()
        assert pixels(poster)[number] == pixels(own)[0], venue
        words = " ".join(texts[number].split())
        assert venue in words and all(v not in words for v in VENUES if v != venue)
    codes = decode_codes(poster, dpi=100)
    assert {c.page for c in codes} == set(range(len(VENUES)))
    assert {c.payload for c in codes} == {"tel:+18883737888"}          # one code a poster (the hotline)


def test_a_combined_file_grows_by_its_venue_text_alone(tmp_path):
    few = batch(tmp_path / "few", VENUES[:2], ("poster-letter",)) / "poster-letter-en-all.pdf"
    many = batch(tmp_path / "many", [f"Venue {chr(65 + i)}" for i in range(22)], ("poster-letter",))
    per_page = ((many / "poster-letter-en-all.pdf").stat().st_size - few.stat().st_size) / 20
    assert per_page < 1500, f"{per_page:.0f} bytes a page"


def test_venue_text_under_a_later_shape_keeps_its_face_whole():
    from printgen.batch.combined import split
    from printgen.pages import Face, Rect, TextRun

    venue = TextRun(10, 10, "Rose City Motel", "bold", 12, "#000000", 80)
    over = Rect(0, 0, 100, 30, "#ffffff", None)
    elsewhere = Rect(0, 200, 100, 30, "#ffffff", None)
    assert split(Face("front", 300, 300, 0, (venue, over), (0,))) is None
    static, own = split(Face("front", 300, 300, 0, (over, venue, elsewhere), (1,)))
    assert static.shapes == (over, elsewhere) and own == (venue,)


def _file(venue: str) -> str:
    from printgen.output import venue_file_names

    return venue_file_names(VENUES)[VENUES.index(venue)]

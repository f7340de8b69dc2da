"""render and build read what they made back before writing it; a wrong output is not written."""

from __future__ import annotations

from click.testing import CliRunner

import printgen.compose.codes
from printgen.cli import cli
from printgen.qr import encode


def test_a_code_that_leads_elsewhere_is_caught_and_nothing_is_written(in_project, tmp_path, monkeypatch):
    # a fault in the encoder: the code carries another number than the one printed beside it
    monkeypatch.setattr(printgen.compose.codes, "encode", lambda payload, ec="M": encode(payload[:-1] + "9", ec))
    target = tmp_path / "cards.pdf"
    result = CliRunner().invoke(cli, ["render", "wallet-card", "-o", str(target)])
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"check failed: {target}: the check found")
    assert "tel:+18883737889" in result.stderr and "not in the catalogue" in result.stderr
    assert not target.exists()
    result = CliRunner().invoke(cli, ["render", "wallet-card", "-o", str(target), "--no-verify"])
    assert result.exit_code == 0 and target.exists()


def test_render_says_it_checked(in_project, tmp_path):
    result = CliRunner().invoke(cli, ["render", "sticker-stall", "-o", str(tmp_path / "s.pdf")])
    assert result.exit_code == 0
    assert result.output.strip().endswith("(1 pages, checked)")


def test_a_file_that_seems_wrong_at_100_dpi_is_read_again_at_200_before_it_is_called_wrong(monkeypatch):
    from conftest import CATALOGUE, rendered

    import printgen.check.read as check
    from printgen.catalogue.load import load_catalogue
    from printgen.check.findings import Finding

    seen = []
    real = check._check_page

    def flaky(page, index, dpi, min_qr, cache):
        seen.append(dpi)
        found = real(page, index, dpi, min_qr, cache)
        # as if the code were too fine to read at the fast resolution
        return found + ((Finding(False, "code", "a QR code cannot be read"),) if dpi < 200 else ())

    monkeypatch.setattr(check, "_check_page", flaky)
    report = check.check_pdf(rendered("sticker-stall"), load_catalogue(CATALOGUE), "sticker.pdf", cache={})
    assert report.ok
    assert seen == [100, 200]

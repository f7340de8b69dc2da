"""Pages as pixels (pypdfium2): the one place printgen rasterises a PDF, for the check (greyscale
areas of a page, where codes are looked for), proofs' thumbnails and previews (PNG)."""

from __future__ import annotations

import io


def area_bitmap(page, scale: float, crop: tuple[float, float, float, float]):
    """A greyscale bitmap of a pdfium page at ``scale`` pixels a point, ``crop`` (left, bottom,
    right, top, in points) cut off its edges."""
    return page.render(scale=scale, grayscale=True, crop=crop)


def page_images(pdf: bytes, dpi: float, first: int | None = None):
    """Each page (or the ``first`` pages) as a PIL image (RGB) at ``dpi``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(doc) if first is None else min(first, len(doc))):
            page = doc[index]
            images.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        doc.close()


def page_pngs(pdf: bytes, dpi: float, first: int | None = None) -> list[bytes]:
    """Each page (or the ``first`` pages) as a PNG file's bytes at ``dpi``."""
    out = []
    for image in page_images(pdf, dpi, first):
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        out.append(buffer.getvalue())
    return out

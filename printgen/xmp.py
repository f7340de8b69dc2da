"""XMP metadata: the document's title, subject and language, for screen readers, indexers and
print-shop preflight (which reads the PDF/X version here). Nothing in it names the user, the
host or the time: the same inputs give the same bytes."""

from __future__ import annotations


def escape(text: str) -> str:
    """&, < and > as entities, as xml.sax.saxutils.escape does (which imports urllib and
    http.client: a fifth of a render's start-up budget)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


HEAD = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
}


def packet(title: str, subject: str, lang: str, producer: str = "printgen", properties: dict | None = None) -> bytes:
    """The XMP packet: dc:title and dc:description in ``lang`` (also x-default), dc:language,
    the producer, and ``properties`` (prefixed names, e.g. ``pdfxid:GTS_PDFXVersion``) as text."""
    def alt(value: str) -> str:
        return (f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
                f'<rdf:li xml:lang="{escape(lang)}">{escape(value)}</rdf:li></rdf:Alt>')

    lines = [f"<dc:format>application/pdf</dc:format>",
             f"<dc:title>{alt(title)}</dc:title>"]
    if subject:
        lines.append(f"<dc:description>{alt(subject)}</dc:description>")
    lines += [f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>",
              f"<pdf:Producer>{escape(producer)}</pdf:Producer>",
              f"<xmp:CreatorTool>{escape(producer)}</xmp:CreatorTool>"]
    for name, value in (properties or {}).items():
        lines.append(f"<{name}>{escape(value)}</{name}>")
    xmlns = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
    body = ('<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'<rdf:Description rdf:about="" {xmlns}>\n' + "\n".join(lines) + "\n</rdf:Description>\n"
            "</rdf:RDF>\n</x:xmpmeta>\n")
    return (HEAD + body + '<?xpacket end="r"?>').encode("utf-8")

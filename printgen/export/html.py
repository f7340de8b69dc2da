"""The catalogue as one self-contained, accessible HTML page per language (or languages).

The page is the print catalogue's twin for screen readers and websites: the sections as
headings (h2), each resource (h3) with its contacts as links whose targets are the
catalogue's own dial forms (``tel:+15032550118``, ``tel:911``, ``sms:+1...?body=KEYWORD``,
the full URL, ``mailto:``), hours, labels and languages, the information notes, the
verified date and the source. Every text carries the language it is written in: a text that
falls back to another language than the page's is marked with its own ``lang`` and ``dir``.
No script, no external asset (fonts, styles and pictures are the reader's own); print CSS
so that the page prints on Letter and A4 alike.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import quote

from printgen.catalogue.model import Catalogue, Contact, Note, Resource, Section
from printgen.language import strings
from printgen.language.pick import RTL_LANGUAGES, Language
from printgen.language.strings import candidates

SOURCE_LINE = "Information verified on {catalogue.verified}. Source: {catalogue.source}."


def direction(tag: str) -> str:
    return "rtl" if tag.split("-")[0] in RTL_LANGUAGES else "ltr"


def contact_href(contact: Contact) -> str:
    """A link's target: the catalogue's dial form of the line (or its address)."""
    if contact.kind == "phone":
        return f"tel:{contact.dial}"
    if contact.kind == "sms":
        return f"sms:{contact.dial}" + (f"?body={quote(contact.keyword)}" if contact.keyword else "")
    return contact.payload          # the full URL, or mailto:


@dataclass
class _Texts:
    """Texts in one language of the page: each with the language it was found in."""

    tag: str
    base: str
    fallbacks: list[str] = field(default_factory=list)

    def pick(self, text: dict[str, str], what: str) -> tuple[str, str]:
        for candidate in candidates(self.tag):
            if candidate in text:
                return text[candidate], candidate
        self.fell_back(what)
        if self.base in text:
            return text[self.base], self.base
        first = next(iter(text))
        return text[first], first

    def word(self, key: str, **fields) -> tuple[str, str]:
        found = strings.word(self.tag, key)
        lang = self.tag
        if found is None:
            self.fell_back(f"word:{key}")
            found, lang = strings.reference_word(key), strings.REFERENCE
        return found.format(**fields), lang

    def fell_back(self, what: str) -> None:
        if what not in self.fallbacks:
            self.fallbacks.append(what)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


class _Writer:
    def __init__(self, catalogue: Catalogue, texts: _Texts):
        self.catalogue = catalogue
        self.t = texts
        self.out: list[str] = []

    def attrs(self, lang: str) -> str:
        """lang and dir of a text written in ``lang``, when it is not the page's language."""
        if lang == self.t.tag:
            return ""
        return f' lang="{_esc(lang)}" dir="{direction(lang)}"'

    def element(self, name: str, value: tuple[str, str], cls: str = "", extra: str = "") -> str:
        text, lang = value
        klass = f' class="{cls}"' if cls else ""
        return f"<{name}{klass}{extra}{self.attrs(lang)}>{_paragraphs(text) if name == 'div' else _esc(text)}</{name}>"

    def span(self, value: tuple[str, str], cls: str = "") -> str:
        if not cls and not self.attrs(value[1]):
            return _esc(value[0])
        return self.element("span", value, cls)

    def block(self, block_id: str, heading_level: int) -> list[str]:
        header = self.catalogue.catalogue
        t = self.t
        self.out = [f'<div class="language" id="{_esc(block_id)}" lang="{_esc(t.tag)}" dir="{direction(t.tag)}">']
        title, region = t.pick(header.title, "catalogue.title"), t.pick(header.region, "catalogue.region")
        self.out.append(f"<h{heading_level}>{self.span(title)}</h{heading_level}>")
        self.out.append(f'<p class="region">{self.span(region)}</p>')
        for section in self.catalogue.sections:
            self.section(section)
        self.out.append(f'<p class="verified">{self.verified_line()}</p>')
        self.out.append("</div>")
        return self.out

    def verified_line(self) -> str:
        """The shipped layouts' footer sentence, translated, with the source in its own language."""
        header = self.catalogue.catalogue
        date = header.verified.isoformat()
        if not header.source:
            return self.span(self.t.word("verified", date=date)) + "."
        template, lang = strings.translate(self.t.tag, SOURCE_LINE), self.t.tag
        if template is None:
            self.t.fell_back("text:verified and source")
            template, lang = SOURCE_LINE, strings.REFERENCE
        before, _, after = template.replace("{catalogue.verified}", date).partition("{catalogue.source}")
        source = f"<span{self.attrs(header.language)}>{_esc(header.source)}</span>"
        return f"<span{self.attrs(lang)}>{_esc(before)}{source}{_esc(after)}</span>"

    def section(self, section: Section) -> None:
        resources = [r for r in section.resources if r.complete and r.contacts]
        notes = [n for n in section.notes if n.status is None]
        if not resources and not notes:
            return
        heading = f"{self.catalogue.catalogue.id}-{self.t.tag}-{section.id}"
        self.out.append(f'<section aria-labelledby="{_esc(heading)}">')
        self.out.append(self.element("h2", self.t.pick(section.title, f"{section.id}.title"),
                                     extra=f' id="{_esc(heading)}"'))
        if section.intro:
            self.out.append(self.element("div", self.t.pick(section.intro, f"{section.id}.intro"), "intro"))
        for resource in resources:
            self.resource(resource)
        for note in notes:
            self.note(note)
        self.out.append("</section>")

    def resource(self, resource: Resource) -> None:
        t = self.t
        self.out.append('<article class="resource">')
        self.out.append(self.element("h3", t.pick(resource.name, f"{resource.id}.name")))
        if resource.description:
            self.out.append(self.element("p", t.pick(resource.description, f"{resource.id}.description"),
                                         "description"))
        self.out.append('<ul class="contacts">')
        for contact in resource.contacts:
            self.out.append(f"<li>{self.contact(resource, contact)}</li>")
        self.out.append("</ul>")
        if resource.verified and resource.verified != self.catalogue.catalogue.verified:
            self.out.append(f'<p class="verified">{self.span(t.word("verified", date=resource.verified.isoformat()))}</p>')
        self.out.append("</article>")

    def contact(self, resource: Resource, contact: Contact) -> str:
        t = self.t
        parts = []
        if contact.label:
            parts.append(self.span(t.pick(contact.label, f"{resource.id}.contact label"), "label"))
        elif contact.kind in ("phone", "sms"):
            parts.append(self.span(t.word("call" if contact.kind == "phone" else "text"), "label"))
        if contact.kind == "sms" and contact.keyword:
            parts.append(f'<span class="keyword" dir="ltr">{_esc(contact.keyword)}</span>')
        shown = contact.display
        if contact.number is not None and contact.number.vanity:
            shown += f" ({contact.number.vanity})"
        parts.append(f'<a class="line" href="{_esc(contact_href(contact))}" dir="ltr">{_esc(shown)}</a>')
        details = []
        if contact.hours:
            # hours are written in the catalogue's language; "24/7" holds no words to mark
            words = any(ch.isalpha() for ch in contact.hours)
            lang = self.attrs(self.catalogue.catalogue.language) if words else ""
            details.append(f'<span class="hours"{lang}>{_esc(contact.hours)}</span>')
        if contact.anonymous:
            details.append(self.span(t.word("anonymous")))
        if contact.languages:
            label = self.span(t.word("languages"))
            served = ", ".join(f'<span lang="{_esc(tag)}">{_esc(tag)}</span>' for tag in contact.languages)
            details.append(f"{label}: {served}")
        line = " ".join(parts)
        return line + (f' <span class="details">· {" · ".join(details)}</span>' if details else "")

    def note(self, note: Note) -> None:
        self.out.append('<article class="note">')
        self.out.append(self.element("h3", self.t.pick(note.title, f"{note.id}.title")))
        self.out.append(self.element("div", self.t.pick(note.body, f"{note.id}.body"), "body"))
        self.out.append("</article>")


def _paragraphs(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{_esc(' '.join(p.split()))}</p>" for p in paragraphs)


@dataclass(frozen=True)
class Page:
    """One page: its HTML and the texts that fell back to another language."""

    html: str
    lang: str
    fallbacks: tuple[str, ...]


def html_page(catalogue: Catalogue, wanted: str) -> Page:
    """The page for ``wanted`` (``es``, or ``en+es`` for every language one after the other)."""
    header = catalogue.catalogue
    tags = Language(wanted, header.language).tags
    blocks, titles, fallbacks = [], [], []
    for tag in tags:
        texts = _Texts(tag, header.language)
        blocks += _Writer(catalogue, texts).block(f"lang-{tag}", 1)
        title = texts.pick(header.title, "catalogue.title")[0]
        region = texts.pick(header.region, "catalogue.region")[0]
        titles.append(f"{title}: {region}")
        fallbacks += [f"{what} ({tag})" if len(tags) > 1 else what for what in texts.fallbacks]
    nav = []
    if len(tags) > 1:
        nav = ['<nav aria-label="Languages"><ul class="languages">']
        for tag in tags:
            name = _Texts(tag, header.language).pick(header.title, "catalogue.title")
            nav.append(f'<li><a href="#lang-{_esc(tag)}" lang="{_esc(name[1])}" dir="{direction(name[1])}">'
                       f"{_esc(name[0])}</a></li>")
        nav.append("</ul></nav>")
    first = tags[0]
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{_esc(first)}" dir="{direction(first)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(' / '.join(dict.fromkeys(titles)))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    body = nav + ["<main>"] + blocks + ["</main>", "</body>", "</html>"]
    return Page("\n".join(head + body) + "\n", "+".join(tags), tuple(dict.fromkeys(fallbacks)))


# Plain, high-contrast styles; logical properties (inline-start) so right-to-left pages mirror.
# Print: the reader's paper (Letter or A4) with 15 mm margins, black text, nothing split.
CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans", system-ui, sans-serif; font-size: 1.125rem; line-height: 1.5;
  color: #1a1a1a; background: #ffffff; max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 0.25rem; }
h2 { font-size: 1.45rem; margin: 1.75rem 0 0.5rem; padding-block-end: 0.2rem; border-block-end: 2px solid #1f3a5f; }
h3 { font-size: 1.15rem; margin: 0 0 0.2rem; }
p { margin: 0 0 0.5rem; }
a { color: #0b4a80; }
.region { font-size: 1.2rem; margin-block-end: 1rem; }
.resource, .note { margin: 0 0 1rem; padding-block-start: 0.5rem; }
.contacts { list-style: none; margin: 0; padding: 0; }
.contacts li { margin: 0.15rem 0; }
.line { font-weight: bold; font-size: 1.2em; white-space: nowrap; unicode-bidi: isolate; }
.label { margin-inline-end: 0.35em; }
.keyword { font-weight: bold; margin-inline-end: 0.35em; unicode-bidi: isolate; }
.details, .description, .verified { color: #333333; }
.verified { font-size: 0.95rem; margin-block-start: 1.5rem; }
.languages { list-style: none; display: flex; gap: 1rem; padding: 0; flex-wrap: wrap; }
.language + .language { margin-block-start: 3rem; border-block-start: 3px solid #1f3a5f; padding-block-start: 1rem; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000000; }
  h1 { font-size: 20pt; } h2 { font-size: 15pt; } h3 { font-size: 12pt; }
  a { color: #000000; text-decoration: none; }
  nav { display: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .resource, .note, .contacts li { break-inside: avoid; page-break-inside: avoid; }
  .language + .language { break-before: page; page-break-before: always; border: 0; margin: 0; }
}
""".strip()

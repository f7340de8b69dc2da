"""The HTML twin of the catalogue (`printgen export --format html`), parsed back: links equal
the catalogue's dial forms, every text carries its language and direction, headings follow
the catalogue, no script and no external asset, print CSS. For Portland and a right-to-left
catalogue (tests/data/catalogues/gb-ar.yaml)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, ROOT

from printgen.catalogue.load import load_catalogue
from printgen.cli import cli

RTL_CATALOGUE = ROOT / "tests" / "data" / "catalogues" / "gb-ar.yaml"
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "area", "base", "col", "embed", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""
        self.content = []          # text and child elements in document order

    def inherited(self, name):
        node = self
        while node is not None:
            if name in node.attrs:
                return node.attrs[name]
            node = node.parent
        return None

    def all_text(self):
        return "".join(c if isinstance(c, str) else c.all_text() for c in self.content)


class Tree(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.nodes = []
        self.doctype = None
        self.feed(text)
        self.close()

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        self.current.content.append(node)
        self.nodes.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.text += data
        self.current.content.append(data)

    def find(self, tag):
        return [n for n in self.nodes if n.tag == tag]


def export(tmp_path, catalogue, *args):
    result = CliRunner().invoke(
        cli, ["export", "--format", "html", "--catalogue", str(catalogue), "-o", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    return result


def page(tmp_path, catalogue, lang):
    export(tmp_path, catalogue, "--lang", lang)
    header = load_catalogue(catalogue).catalogue
    text = (tmp_path / f"{header.id}-resources-{lang}.html").read_text("utf-8")
    return text, Tree(text)


def dial_forms(catalogue):
    """What each complete contact's link must lead to, derived here from the catalogue's forms."""
    out = {}
    for _, r in catalogue.resources():
        if not r.complete:
            continue
        for c in r.contacts:
            if c.kind == "phone":
                out[c.identity] = f"tel:{c.number.dial}"
            elif c.kind == "sms":
                out[c.identity] = f"sms:{c.number.dial}"
            elif c.kind == "url":
                out[c.identity] = c.url
            else:
                out[c.identity] = f"mailto:{c.email}"
    return out


CASES = [(CATALOGUE, "en"), (CATALOGUE, "es"), (CATALOGUE, "ar"), (RTL_CATALOGUE, "ar"), (RTL_CATALOGUE, "en")]


@pytest.mark.parametrize("catalogue,lang", CASES)
def test_every_link_is_a_catalogue_dial_form_and_every_line_has_one(tmp_path, catalogue, lang):
    cat = load_catalogue(catalogue)
    _, tree = page(tmp_path, catalogue, lang)
    wanted = dial_forms(cat)
    targets = []
    for a in tree.find("a"):
        href = a.attrs["href"]
        if href.startswith("#"):
            continue
        parts = urlsplit(href)
        if parts.scheme == "sms":
            base = f"sms:{parts.path}"
            keyword = parse_qs(parts.query).get("body")
            kws = {c.keyword for _, r in cat.resources() for c in r.contacts
                   if c.kind == "sms" and f"sms:{c.number.dial}" == base}
            assert (keyword[0] if keyword else None) in kws
            href = base
        targets.append(href)
        assert href in wanted.values(), href
        assert a.attrs.get("dir") == "ltr"          # a number reads left to right inside any text
    assert set(targets) == set(wanted.values())
    assert len(targets) == sum(len(r.contacts) for _, r in cat.resources() if r.complete)


def test_phone_links_are_tel_with_the_e164_or_short_form(tmp_path):
    _, tree = page(tmp_path, CATALOGUE, "en")
    hrefs = [a.attrs["href"] for a in tree.find("a")]
    assert "tel:911" in hrefs and "tel:+15032550118" in hrefs
    assert all(not h.startswith("tel:") or re.fullmatch(r"tel:(\+[1-9]\d{6,14}|\d{2,6})", h) for h in hrefs)
    links = {a.attrs["href"]: a.all_text() for a in tree.find("a")}
    assert links["tel:+15032550118"] == "503-255-0118"


@pytest.mark.parametrize("name", ["us-seattle", "ca-toronto", "fr-paris"])
def test_sms_lines_are_sms_links_with_their_keyword(tmp_path, name):
    catalogue = ROOT / "tests" / "data" / "catalogues" / f"{name}.yaml"
    cat = load_catalogue(catalogue)
    sms = [c for _, r in cat.resources() if r.complete for c in r.contacts if c.kind == "sms"]
    assert sms, "the catalogue has a line to text"
    _, tree = page(tmp_path, catalogue, cat.catalogue.language)
    hrefs = [a.attrs["href"] for a in tree.find("a") if a.attrs["href"].startswith("sms:")]
    for c in sms:
        expected = f"sms:{c.number.dial}" + (f"?body={c.keyword}" if c.keyword else "")
        assert expected in hrefs


@pytest.mark.parametrize("catalogue,lang", CASES)
def test_headings_follow_the_catalogue(tmp_path, catalogue, lang):
    cat = load_catalogue(catalogue)
    _, tree = page(tmp_path, catalogue, lang)
    h1 = tree.find("h1")
    assert len(h1) == 1
    assert h1[0].all_text() in cat.catalogue.title.values()
    sections = [s for s in cat.sections if any(r.complete for r in s.resources) or s.notes]
    h2 = [n.all_text() for n in tree.find("h2")]
    assert len(h2) == len(sections)
    for text, section in zip(h2, sections):
        assert text in section.title.values()
    h3 = [n.all_text() for n in tree.find("h3")]
    names = [r for s in sections for r in s.resources if r.complete]
    assert len(h3) == len(names) + sum(len([n for n in s.notes if n.status is None]) for s in sections)
    resource_h3 = [n.all_text() for n in tree.nodes if n.tag == "h3" and n.parent.attrs.get("class") == "resource"]
    assert len(resource_h3) == len(names)
    for text, r in zip(resource_h3, names):
        assert text in r.name.values()
    # every h3 sits in a section whose h2 came before it: no level is skipped
    levels = [int(n.tag[1]) for n in tree.nodes if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_lang_and_dir_of_an_arabic_page_and_its_english_fallbacks(tmp_path):
    text, tree = page(tmp_path, CATALOGUE, "ar")
    html = tree.find("html")[0]
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ar", "rtl")
    cat = load_catalogue(CATALOGUE)
    notes = [n for s in cat.sections for n in s.notes if "ar" not in n.title]
    assert notes, "a note without an Arabic title"
    for note in notes:
        (h3,) = [n for n in tree.find("h3") if n.all_text() == note.title["en"]]
        assert (h3.attrs.get("lang"), h3.attrs.get("dir")) == ("en", "ltr")
    # a text found in Arabic carries no marks of its own: it inherits the page's
    arabic = [n for n in tree.nodes if n.tag in ("h1", "h2", "h3") and re.search("[\u0600-\u06ff]", n.all_text())]
    assert arabic
    for node in arabic:
        assert (node.inherited("lang"), node.inherited("dir")) == ("ar", "rtl")
    # and every element's text, wherever it came from, is in the language its lang says
    for node in tree.nodes:
        own = node.text.strip()
        if own and node.tag not in ("style", "title") and re.search("[A-Za-z]{4,}", own) \
                and not re.search("[\u0600-\u06ff]", own) and node.tag != "a":
            assert node.inherited("lang") == "en", (node.tag, own)


def test_a_right_to_left_catalogue(tmp_path):
    _, tree = page(tmp_path, RTL_CATALOGUE, "ar")
    html = tree.find("html")[0]
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ar", "rtl")
    assert tree.find("h1")[0].all_text() == "العبودية الحديثة والاستغلال: أين تجد المساعدة"
    # the English page of the same catalogue: dir ltr, and its Arabic-only text marked rtl
    _, english = page(tmp_path, RTL_CATALOGUE, "en")
    html = english.find("html")[0]
    assert (html.attrs["lang"], html.attrs["dir"]) == ("en", "ltr")
    (body,) = [n for n in english.nodes if "إذا كان شخص ما في خطر مباشر" in n.all_text() and n.attrs.get("class") == "body"]
    assert (body.attrs["lang"], body.attrs["dir"]) == ("ar", "rtl")


def test_bilingual_page_holds_each_language_in_its_own_block(tmp_path):
    _, tree = page(tmp_path, CATALOGUE, "en+es")
    blocks = [n for n in tree.nodes if "language" in n.attrs.get("class", "").split()]
    assert [(b.attrs["lang"], b.attrs["dir"]) for b in blocks] == [("en", "ltr"), ("es", "ltr")]
    assert len(tree.find("h1")) == 2
    nav = [a.attrs["href"] for a in tree.find("nav")[0].children[0].children for a in a.children]
    assert nav == ["#lang-en", "#lang-es"]
    ids = [n.attrs["id"] for n in tree.nodes if "id" in n.attrs]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("catalogue,lang", CASES)
def test_no_script_and_no_external_asset(tmp_path, catalogue, lang):
    text, tree = page(tmp_path, catalogue, lang)
    assert tree.doctype.lower() == "doctype html"
    assert not tree.find("script") and not tree.find("link") and not tree.find("img") and not tree.find("iframe")
    for node in tree.nodes:
        assert not any(k.startswith("on") for k in node.attrs), node.attrs      # no event handlers
        assert "src" not in node.attrs and "srcset" not in node.attrs
    style = "".join(n.text for n in tree.find("style"))
    assert "url(" not in style and "@import" not in style
    assert "javascript:" not in text.lower()
    charset = [m for m in tree.find("meta") if m.attrs.get("charset")]
    assert charset and charset[0].attrs["charset"] == "utf-8"
    assert tree.find("title")[0].all_text().strip()
    assert len(tree.find("main")) == 1


def test_print_css_fits_letter_and_a4(tmp_path):
    _, tree = page(tmp_path, CATALOGUE, "en")
    style = "".join(n.text for n in tree.find("style"))
    page_rule = re.search(r"@page\s*\{([^}]*)\}", style).group(1)
    assert "size" not in page_rule                 # the reader's paper, Letter or A4
    assert re.search(r"margin:\s*15mm", page_rule)
    printing = style[style.index("@media print"):]
    assert "break-inside: avoid" in printing and "break-after: avoid" in printing


def test_the_verified_date_and_source_are_on_the_page(tmp_path):
    cat = load_catalogue(CATALOGUE)
    _, tree = page(tmp_path, CATALOGUE, "en")
    (line,) = [n for n in tree.find("p") if "verified" in n.attrs.get("class", "")]
    assert line.all_text() == (f"Information verified on {cat.catalogue.verified.isoformat()}. "
                               f"Source: {cat.catalogue.source}.")


def test_without_lang_a_page_per_catalogue_language_and_json_unchanged(tmp_path):
    export(tmp_path, RTL_CATALOGUE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gb-ar-resources-ar.html", "gb-ar-resources-en.html"]
    result = CliRunner().invoke(cli, ["export", "--catalogue", str(CATALOGUE)])
    assert result.exit_code == 0 and result.output.startswith("{")
    bad = CliRunner().invoke(cli, ["export", "--catalogue", str(CATALOGUE), "--lang", "es"])
    assert bad.exit_code == 2
    assert bad.stderr.splitlines()[0] == ("error: --lang and -o go with --format html; --format json writes the "
                                          "whole catalogue to stdout")

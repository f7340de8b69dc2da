"""The page's choices (layout, languages, venue, offsets), read from a request and checked, each
problem kept beside the field it concerns; and the site: the catalogue and layouts served."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from printgen.catalogue.load import load_catalogue
from printgen.catalogue.model import Catalogue
from printgen.errors import InputError
from printgen.layout.folder import first_line, load_all
from printgen.layout.model import Layout
from printgen.layout.requires import outside
from printgen.render import Options
from printgen.venue import check_venue

FIELDS = ("layout", "lang", "lang2", "venue", "venues_csv", "offset", "back_offset", "allow_stale")
MAX_ECHO = 60          # a value quoted back in a message is cut to this many characters


@dataclass
class Site:
    """What the server serves, loaded once at start-up."""

    catalogue_path: Path
    layouts_dir: Path
    catalogue: Catalogue
    layouts: dict[str, Layout]
    broken: list[tuple[str, str]]
    elsewhere: dict[str, str]          # posting-law presets of another place: layout -> why
    strings: Path | None = None        # serve --strings: a folder of the user's own words
    strict: bool = False               # serve --strict: refuse any text in another language
    allow_fallback: bool = False       # serve --allow-fallback: offer languages the catalogue lacks

    @classmethod
    def load(cls, catalogue_path: str | Path, layouts_dir: str | Path, strings: str | Path | None = None,
             strict: bool = False, allow_fallback: bool = False) -> "Site":
        from printgen.language.strings import library

        catalogue = load_catalogue(catalogue_path)
        library(strings, catalogue.file)          # a strings folder with a fault stops the start, with its line
        layouts, broken = load_all(Path(layouts_dir))
        elsewhere = {layout.name: why for layout in layouts if (why := outside(layout, catalogue))}
        return cls(Path(catalogue_path), Path(layouts_dir), catalogue, {l.name: l for l in layouts}, broken,
                   elsewhere, None if strings is None else Path(strings), strict, allow_fallback)

    @property
    def languages(self) -> list[str]:
        """The languages the page offers: the catalogue's; with --allow-fallback, also every language
        printgen has words for (the shipped ones and the strings folder's)."""
        offered = list(self.catalogue.catalogue.languages)
        if self.allow_fallback:
            from printgen.language.strings import library

            offered += [tag for tag in library(self.strings, self.catalogue.file).languages() if tag not in offered]
        return offered

    def options(self, lang: str, offsets=((0.0, 0.0), (0.0, 0.0)), allow_stale: bool = False,
                venue: dict[str, str] | None = None) -> Options:
        """Render options for the page's choices, with what the server was started with."""
        return Options(lang, 1, offsets[0], offsets[1], allow_stale, dict(venue or {}), strings=self.strings,
                       strict=self.strict, allow_fallback=self.allow_fallback)

    def bilingual(self, layout: Layout) -> bool:
        return len(layout.languages) > 1

    def second_language(self, layout: Layout) -> str:
        """The second language a bilingual layout prints by default ("" for one language)."""
        tags = layout.default_lang(self.catalogue.catalogue).split("+")
        return tags[1] if len(tags) > 1 else ""


@dataclass
class Choice:
    layout: str = ""
    lang: str = ""
    lang2: str = ""
    venue: str = ""
    offset: str = ""
    back_offset: str = ""
    allow_stale: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    parsed_offsets: tuple = ((0.0, 0.0), (0.0, 0.0))

    @property
    def tag(self) -> str:
        """The --lang of this choice: one language, or two joined with +."""
        return "+".join(t for t in (self.lang, self.lang2) if t)

    def options(self, site: Site) -> Options:
        return site.options(self.tag, self.parsed_offsets, self.allow_stale,
                            {"name": self.venue} if self.venue else {})

    def key(self) -> tuple:
        return (self.layout, self.tag, self.venue, self.offset, self.back_offset, self.allow_stale,
                tuple(sorted(self.errors.items())))

    def query(self) -> dict[str, str]:
        out = {"layout": self.layout, "lang": self.lang, "lang2": self.lang2, "venue": self.venue,
               "offset": self.offset, "back_offset": self.back_offset}
        if self.allow_stale:
            out["allow_stale"] = "1"
        return {k: v for k, v in out.items() if v}


def _echo(value: str) -> str:
    return value if len(value) <= MAX_ECHO else value[:MAX_ECHO] + "..."


def read_choice(site: Site, values) -> Choice:
    """A Choice from form or query values (a mapping); problems in ``choice.errors`` by field."""
    get = lambda name: (values.get(name) or "").strip()       # noqa: E731
    choice = Choice(get("layout"), get("lang"), get("lang2"), get("venue"), get("offset"), get("back_offset"),
                    get("allow_stale") in ("1", "on", "true"))
    errors = choice.errors
    layout = site.layouts.get(choice.layout)
    if not choice.layout:
        choice.layout = next(iter(site.layouts), "")
        layout = site.layouts.get(choice.layout)
    elif layout is None:
        errors["layout"] = f'there is no layout "{_echo(choice.layout)}"; choose one of the list'
    if layout is not None and choice.layout in site.elsewhere:
        errors["layout"] = f"{choice.layout} is not for this catalogue: {site.elsewhere[choice.layout]}"
    offered = site.languages
    if not choice.lang and layout is not None:
        default = layout.default_lang(site.catalogue.catalogue).split("+")
        choice.lang = default[0]
        if not choice.lang2 and len(default) > 1 and "lang2" not in values:
            choice.lang2 = default[1]
    for name in ("lang", "lang2"):
        tag = getattr(choice, name)
        if tag and tag not in offered:
            errors[name] = (f'the catalogue has no texts in "{_echo(tag)}"; it offers {", ".join(offered)}')
    if choice.lang2 and "lang2" not in errors:
        if layout is not None and not site.bilingual(layout):
            errors["lang2"] = (f"{choice.layout} prints one language; choose a bilingual layout "
                               f"({', '.join(n for n, l in site.layouts.items() if site.bilingual(l)) or 'none'}) "
                               "for two")
        elif choice.lang2 == choice.lang:
            errors["lang2"] = "is the same as the first language; choose another or none"
    if choice.venue:
        try:
            check_venue({"name": choice.venue}, where="venue")
        except InputError as exc:
            errors["venue"] = exc.message.removeprefix("venue: ")
    choice.parsed_offsets = (_offset(choice.offset, "offset", errors), _offset(choice.back_offset, "back_offset",
                                                                                 errors))
    return choice


def _offset(text: str, name: str, errors: dict[str, str]) -> tuple[float, float]:
    import click

    from printgen.cli.options import offset

    if not text:
        return (0.0, 0.0)
    try:
        return offset(None, None, text)
    except click.BadParameter as exc:
        errors[name] = exc.message
        return (0.0, 0.0)


def field_of(message: str, choice: Choice) -> str:
    """Which field a render's error concerns: the venue's text, the review date, else the layout."""
    if choice.venue and (choice.venue[:30] in message or message.startswith("--venue")):
        return "venue"
    if "past their review date" in message:
        return "allow_stale"
    if message.startswith("--strict") or "has no glyph" in message or "U+" in message and "language" in message:
        return "lang"
    return "layout"


def render_error(exc: InputError, choice: Choice) -> dict[str, str]:
    message = first_line(exc).replace("--allow-stale", "the box below")
    name = field_of(message, choice)
    if name == "venue" and "does not fit" in message:
        message = (f"too long for {choice.layout}: it does not fit its box even at the smallest size the layout "
                   f"allows; shorten it, or choose a larger format. ({message})")
    return {name: message}

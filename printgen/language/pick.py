"""Picking a text in the requested language(s), and recording what fell back."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from printgen.errors import InputError
from printgen.language import strings
from printgen.language.strings import candidates, normalise_tag

MAX_LANGUAGES = 3
RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}


@dataclass
class Language:
    """The requested language(s), the catalogue's own, and a record of every fallback.

    ``wanted`` is a BCP 47 tag (``es``, ``zh-Hant``), or several joined with ``+`` for a
    bilingual item (``en+es``): then every text is printed in each language, once each
    ("Emergency / Emergencia"). A text missing in a language falls back to ``base`` and the
    fallback is recorded (``what``, and the language when there are several).
    """

    wanted: str
    base: str
    fallbacks: list[str] = field(default_factory=list)
    library: strings.Library = strings.SHIPPED      # where printgen's own words are looked up
    tagged: bool = False        # one language of a render in several: fallbacks still name their language

    def __post_init__(self):
        tags = [normalise_tag(tag) for tag in self.wanted.split("+")]
        if len(tags) > MAX_LANGUAGES:
            raise InputError(f'--lang: found "{self.wanted}"; at most {MAX_LANGUAGES} languages can share an item')
        self.wanted = "+".join(dict.fromkeys(tags))

    @property
    def tags(self) -> list[str]:
        return self.wanted.split("+")

    @property
    def right_to_left(self) -> bool:
        """True when the item's (first) language is written right to left: its layout is mirrored."""
        return self.tags[0].split("-")[0] in RTL_LANGUAGES

    def pick(self, text: dict[str, str] | None, what: str, joiner: str = " / ", fixed: bool = False) -> str | None:
        """The text in every wanted language, joined. ``fixed``: a layout's own words, which
        printgen's strings files translate by their English wording."""
        if text is None:
            return None
        out: list[str] = []
        for tag in self.tags:
            value = self._one(text, tag, what, fixed)
            if value not in out:
                out.append(value)
        return joiner.join(out)

    def _one(self, text: dict[str, str], tag: str, what: str, fixed: bool) -> str:
        for candidate in candidates(tag):
            if candidate in text:
                return text[candidate]
        english = text.get(strings.REFERENCE)
        if fixed and english is not None:
            if strings.neutral(english):
                return english
            found = self.library.translate(tag, english)
            if found is not None:
                return found
        self.fell_back(what, tag)
        if self.base in text:
            return text[self.base]
        return next(iter(text.values()))

    def only(self, index: int, tagged: bool = False) -> "Language | None":
        """The same language narrowed to its ``index``-th tag (1-based), or None when it has fewer.
        ``tagged``: a part of a text printed in each language (a name, a label), whose fallbacks
        are recorded with their language, as the whole render's would be."""
        if index > len(self.tags):
            return None
        other = copy.copy(self)
        other.tagged = tagged and len(self.tags) > 1
        other.wanted = self.tags[index - 1]
        return other

    def lacks(self, text: dict[str, str] | None) -> list[str]:
        """The wanted languages ``text`` has no version in (it would fall back in them)."""
        if text is None:
            return []
        return [tag for tag in self.tags if not any(c in text for c in candidates(tag))]

    def recording(self, fallbacks: list[str]) -> "Language":
        """The same language, its fallbacks recorded in ``fallbacks`` (a composing record's)."""
        other = copy.copy(self)
        other.fallbacks = fallbacks
        return other

    def fell_back(self, what: str, tag: str) -> None:
        name = what if len(self.tags) == 1 and not self.tagged else f"{what} ({tag})"
        if name not in self.fallbacks:
            self.fallbacks.append(name)


def offered(tag: str, languages: list[str]) -> bool:
    """True when a catalogue of ``languages`` has texts in ``tag`` (zh-TW is served by zh-Hant)."""
    return any(candidate in languages for candidate in candidates(tag))


def refuse_unoffered(tags: list[str], languages: list[str], where: str) -> None:
    """A language the catalogue does not offer would print its texts in another: refused."""
    missing = [tag for tag in tags if not offered(tag, languages)]
    if missing:
        raise InputError(f"{where}: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not among the "
                         f"catalogue's languages ({', '.join(languages)}); choose one of them, add "
                         f"{missing[0]} to catalogue.languages with its texts, or pass --allow-fallback to "
                         f"print {missing[0]} with the catalogue's texts in {languages[0]}")

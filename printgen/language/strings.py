"""The words printgen prints that are not in the catalogue, per language.

One file per language in ``data/strings/<tag>.yaml`` (``en.yaml`` is the reference):

```yaml
language: es
reviewed: false                 # the default for every entry below
words:                          # printgen's own words, by key (en.yaml lists them all)
  call: Llame
  page: Página {page} de {pages}
  helpline: {text: Línea de ayuda, reviewed: true}       # an entry may say for itself
texts:                          # the shipped layouts' fixed texts, by their English wording
  "Need help? Call any time, day or night.": ¿Necesita ayuda? Llame de día o de noche.
```

Read with ``printgen.source.yamlfile`` and checked like the catalogue: unknown keys, a word that
en.yaml does not have, placeholders (``{page}``, ``{catalogue.verified}``) that differ from the
English, a file whose ``language`` is not its name. A translation not marked reviewed is a
draft: ``printgen validate`` warns about it. Language tags follow BCP 47 (``zh-Hant``); a
missing tag falls back along ``candidates`` (``zh-Hant`` -> ``zh``; ``zh`` -> ``zh-Hans``).
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from printgen.errors import InputError
from printgen.source.schema import (
    LANGUAGE_TAG,
    Identifier,
    LanguageTag,
    Model,
    PlainText,
    validate,
)
from printgen.source.yamlfile import read_yaml

STRINGS_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "strings"
REFERENCE = "en"
_FIELD = re.compile(r"\{([a-z_.]+)\}")
_DEFAULT_SCRIPT = {"zh": "Hans"}
_SCRIPT_OF_REGION = {"zh": {"TW": "Hant", "HK": "Hant", "MO": "Hant", "CN": "Hans", "SG": "Hans"}}


# -- language tags ------------------------------------------------------------------------------

def normalise_tag(tag: str) -> str:
    """``ZH-hant`` -> ``zh-Hant``: BCP 47's conventional case; an InputError if it is no tag."""
    parts = tag.strip().split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    clean = "-".join(out)
    if not LANGUAGE_TAG.match(clean):
        raise InputError(f'--lang: found "{tag}"; expected a BCP 47 language tag such as en, es, vi, zh-Hans, '
                         "zh-Hant, ar, or two joined with + for a bilingual item (en+es)")
    return clean


def candidates(tag: str) -> list[str]:
    """Where a text in ``tag`` is looked for, in order: zh-Hant -> [zh-Hant, zh]; zh -> [zh, zh-Hans];
    zh-TW -> [zh-TW, zh-Hant, zh]; en -> [en]."""
    parts = tag.split("-")
    out = ["-".join(parts[:i]) for i in range(len(parts), 0, -1)]
    lang, rest = parts[0], parts[1:]
    if not any(len(p) == 4 for p in rest):
        region = next((p for p in rest if len(p) == 2), None)
        script = _SCRIPT_OF_REGION.get(lang, {}).get(region) if region else _DEFAULT_SCRIPT.get(lang)
        if script:
            at = out.index(lang) + (0 if region else 1)
            out.insert(at, f"{lang}-{script}")
    return out


# -- the files ----------------------------------------------------------------------------------

class Translation(Model):
    text: PlainText
    reviewed: bool | None = None


Entry = PlainText | Translation


class StringsFile(Model):
    """One language's strings file."""

    language: LanguageTag
    reviewed: bool = False
    words: dict[Identifier, Entry] = Field(default_factory=dict)
    texts: dict[str, Entry] = Field(default_factory=dict)


@dataclass(frozen=True)
class Strings:
    language: str
    file: str
    words: dict[str, tuple[str, bool]]      # key -> (text, reviewed)
    texts: dict[str, tuple[str, bool]]      # English wording -> (text, reviewed)

    def unreviewed(self) -> list[str]:
        return [k for k, (_, ok) in self.words.items() if not ok] + \
               [k for k, (_, ok) in self.texts.items() if not ok]

    @property
    def count(self) -> int:
        return len(self.words) + len(self.texts)


def path_of(tag: str, folder: Path = STRINGS_DIR) -> Path:
    return Path(folder) / f"{tag}.yaml"


def shown(path: Path) -> str:
    """``data/strings/es.yaml``: a path as messages show it, from the project's folder."""
    try:
        return str(Path(path).resolve().relative_to(STRINGS_DIR.parent.parent))
    except ValueError:
        return str(path)


def available(folder: Path = STRINGS_DIR) -> list[str]:
    return sorted(p.stem for p in Path(folder).glob("*.yaml"))


@functools.lru_cache(maxsize=None)
def load(tag: str, folder: Path = STRINGS_DIR) -> Strings | None:
    """The strings file of exactly ``tag``, checked; None when there is none."""
    path = path_of(tag, folder)
    if not path.is_file():
        if tag == REFERENCE:
            raise InputError(f"{shown(path)}: file not found; printgen's own words are read from it (reinstall "
                             "printgen or restore the file)")
        return None
    doc = read_yaml(path, shown(path))
    parsed, problems = validate(StringsFile, doc)
    if parsed is None:
        raise InputError(problems)
    reference = parsed if tag == REFERENCE else load(REFERENCE, folder)
    if parsed.language != tag:
        problems.append(doc.problem(("language",), f'is "{parsed.language}" but the file is {tag}.yaml; '
                                                   "make them the same"))
    known = reference.words if isinstance(reference, Strings) else {}
    for key, entry in parsed.words.items():
        text = entry if isinstance(entry, str) else entry.text
        if tag != REFERENCE and key not in known:
            hint = difflib.get_close_matches(key, list(known), n=1)
            problems.append(doc.problem(("words", key), f'unknown word "{key}"' + (f'; did you mean "{hint[0]}"?'
                                        if hint else "") + f" (expected one of: {', '.join(known)})", at_key=True))
        elif tag != REFERENCE and _fields(text) != _fields(known[key][0]):
            problems.append(doc.problem(("words", key), _placeholder_message(known[key][0], text)))
    for english, entry in parsed.texts.items():
        text = entry if isinstance(entry, str) else entry.text
        if _fields(text) != _fields(english):
            problems.append(doc.problem(("texts", english), _placeholder_message(english, text)))
    if problems:
        raise InputError(problems)

    def flat(entries):
        return {k: (e, parsed.reviewed) if isinstance(e, str) else
                (e.text, parsed.reviewed if e.reviewed is None else e.reviewed) for k, e in entries.items()}

    return Strings(tag, shown(path), flat(parsed.words), flat(parsed.texts))


def _fields(text: str) -> set[str]:
    return set(_FIELD.findall(text))


def _placeholder_message(english: str, text: str) -> str:
    want = ", ".join("{%s}" % f for f in sorted(_fields(english))) or "none"
    have = ", ".join("{%s}" % f for f in sorted(_fields(text))) or "none"
    return f"holds the fields {have}; the English holds {want}: keep the same fields, translated around them"


def for_language(tag: str, folder: Path = STRINGS_DIR) -> Strings | None:
    """The strings file that serves ``tag`` (following ``candidates``), if any."""
    for candidate in candidates(tag):
        found = load(candidate, folder)
        if found is not None:
            return found
    return None


def word(tag: str, key: str) -> str | None:
    """``key`` in ``tag``, or None when that language has no translation of it."""
    found = for_language(tag)
    return found.words[key][0] if found is not None and key in found.words else None


def reference_word(key: str) -> str:
    return load(REFERENCE).words[key][0]


def translate(tag: str, english: str) -> str | None:
    """A layout's fixed text in ``tag``, looked up by its English wording."""
    if tag == REFERENCE:
        return english
    found = for_language(tag)
    return found.texts[english][0] if found is not None and english in found.texts else None


def neutral(text: str) -> bool:
    """A text made only of fields ("{venue.name}"): nothing in it to translate."""
    return not any(ch.isalpha() for ch in _FIELD.sub("", text))

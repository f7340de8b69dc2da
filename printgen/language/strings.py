"""The words printgen prints that are not in the catalogue, per language.

One file per language in ``printgen/data/strings/<tag>.yaml`` (``en.yaml`` is the reference), and
the same in a user's strings folder (``--strings DIR``, ``strings:`` in a manifest, or a folder
``strings/`` beside the catalogue), whose entries come first and which may add languages:

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

Read with ``printgen.source.yamlfile`` and checked like the catalogue (against the shipped
``en.yaml``, whatever folder a file is in): unknown keys, a word that
en.yaml does not have, placeholders (``{page}``, ``{catalogue.verified}``) that differ from the
English, a file whose ``language`` is not its name. A translation not marked reviewed is a
draft: ``printgen validate`` warns about it. Language tags follow BCP 47 (``zh-Hant``); a
missing tag falls back along ``candidates`` (``zh-Hant`` -> ``zh``; ``zh`` -> ``zh-Hans``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from printgen.errors import InputError
from printgen.source.cache import cached, note_file, note_read
from printgen.source.checks import LANGUAGE_TAG

STRINGS_DIR = Path(__file__).resolve().parent.parent / "data" / "strings"
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
    if not LANGUAGE_TAG.fullmatch(clean):
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


def shown(path: Path) -> str:
    """``printgen/data/strings/es.yaml``: a shipped file as messages show it; a user's as given."""
    try:
        return str(Path(path).resolve().relative_to(STRINGS_DIR.parent.parent.parent))
    except ValueError:
        return str(path)


def path_of(tag: str, folder: Path = STRINGS_DIR) -> Path:
    return Path(folder) / f"{tag}.yaml"


def available(folder: Path = STRINGS_DIR) -> list[str]:
    return sorted(p.stem for p in Path(folder).glob("*.yaml"))


def load(tag: str, folder: Path = STRINGS_DIR) -> Strings | None:
    """The strings file of exactly ``tag`` in ``folder``, checked; None when there is none. Read
    again when the file changes (a user edits a translation while a server or a test runs)."""
    try:
        stat = path_of(tag, folder).stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    return _load(tag, Path(folder), stamp)


@functools.lru_cache(maxsize=None)
def _load(tag: str, folder: Path, stamp) -> Strings | None:
    return cached("strings", (tag, str(folder)), lambda: _read(tag, folder))


def _read(tag: str, folder: Path) -> Strings | None:
    from printgen.source.yamlfile import read_yaml

    path = path_of(tag, folder)
    shipped = Path(folder).resolve() == STRINGS_DIR
    if not path.is_file():
        if tag == REFERENCE and shipped:
            raise InputError(f"{shown(path)}: file not found; printgen's own words are read from it (reinstall "
                             "printgen or restore the file)")
        note_read(path, None)       # a cached None holds while there is no such file
        return None
    from printgen.language.schema import StringsFile
    from printgen.source.schema import validate

    doc = read_yaml(path, shown(path))
    parsed, problems = validate(StringsFile, doc)
    if parsed is None:
        raise InputError(problems)
    reference = parsed if tag == REFERENCE and shipped else load(REFERENCE, STRINGS_DIR)
    if reference is not parsed:     # checked against the English: it holds while that file does
        note_file(path_of(REFERENCE, STRINGS_DIR))
    if parsed.language != tag:
        problems.append(doc.problem(("language",), f'is "{parsed.language}" but the file is {tag}.yaml; '
                                                   "make them the same"))
    known = reference.words if isinstance(reference, Strings) else {}
    for key, entry in parsed.words.items():
        text = entry if isinstance(entry, str) else entry.text
        if reference is not parsed and key not in known:
            import difflib

            hint = difflib.get_close_matches(key, list(known), n=1)
            problems.append(doc.problem(("words", key), f'unknown word "{key}"' + (f'; did you mean "{hint[0]}"?'
                                        if hint else "") + f" (expected one of: {', '.join(known)})", at_key=True))
        elif reference is not parsed and _fields(text) != _fields(known[key][0]):
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


@dataclass(frozen=True)
class Library:
    """Where printgen's own words are looked up: a user's folder first (if any), then the shipped
    one. A user's file overrides the shipped entries it has and may add a language."""

    user: Path | None = None

    @property
    def folders(self) -> tuple[Path, ...]:
        return ((self.user,) if self.user is not None else ()) + (STRINGS_DIR,)

    def files(self, tag: str) -> list[Strings]:
        """The strings files that serve ``tag`` (following ``candidates``), the user's first."""
        out = []
        for candidate in candidates(tag):
            for folder in self.folders:
                found = load(candidate, folder)
                if found is not None:
                    out.append(found)
            if out:
                return out
        return out

    def word(self, tag: str, key: str) -> str | None:
        """``key`` in ``tag``, or None when that language has no translation of it."""
        return next((f.words[key][0] for f in self.files(tag) if key in f.words), None)

    def reference_word(self, key: str) -> str:
        user = load(REFERENCE, self.user) if self.user is not None else None
        if user is not None and key in user.words:
            return user.words[key][0]
        return load(REFERENCE).words[key][0]

    def translate(self, tag: str, english: str) -> str | None:
        """A layout's fixed text in ``tag``, looked up by its English wording."""
        if tag == REFERENCE:
            return english
        return next((f.texts[english][0] for f in self.files(tag) if english in f.texts), None)

    def languages(self) -> list[str]:
        return sorted({tag for folder in self.folders for tag in available(folder)})

    def check(self) -> None:
        """Every file of the user's folder loads (errors with their lines)."""
        if self.user is not None:
            for tag in available(self.user):
                load(tag, self.user)

    def fingerprint(self, tags: list[str], english: set[str]) -> str:
        """What a render in ``tags`` can take from these strings: every word (English's too) and
        the translations of the texts ``english``. A batch file is remade when it changes, and
        only then: editing one text's translation remakes the files that print it."""
        h = hashlib.sha256()
        for tag in [REFERENCE, *tags]:
            for found in self.files(tag):
                texts = {k: v for k, v in found.texts.items() if k in english}
                h.update(repr((found.file, sorted(found.words.items()), sorted(texts.items()))).encode())
        return h.hexdigest()


SHIPPED = Library()


def library(user: str | Path | None = None, catalogue_file: str | Path | None = None) -> Library:
    """The strings a render uses: ``user`` (``--strings DIR``), else a folder ``strings/``
    beside the catalogue, else only the shipped ones."""
    if user is not None:
        folder = Path(user)
        if not folder.is_dir():
            raise InputError(f"--strings {user}: no such folder; give a folder of <language>.yaml files "
                             "(see the README's Languages)")
    elif catalogue_file is not None and (Path(catalogue_file).parent / "strings").is_dir():
        folder = Path(catalogue_file).parent / "strings"
    else:
        return SHIPPED
    found = Library(folder.resolve())
    found.check()
    return found


def for_language(tag: str, folder: Path = STRINGS_DIR) -> Strings | None:
    """The shipped strings file that serves ``tag`` (following ``candidates``), if any."""
    for candidate in candidates(tag):
        found = load(candidate, folder)
        if found is not None:
            return found
    return None


def word(tag: str, key: str) -> str | None:
    return SHIPPED.word(tag, key)


def reference_word(key: str) -> str:
    return SHIPPED.reference_word(key)


def translate(tag: str, english: str) -> str | None:
    return SHIPPED.translate(tag, english)


def neutral(text: str) -> bool:
    """A text made only of fields ("{venue.name}"): nothing in it to translate."""
    return not any(ch.isalpha() for ch in _FIELD.sub("", text))

"""Web and email addresses that read as what they are: no mixed scripts, no look-alikes.

A host (or an email's parts) must be a valid internationalised name (IDNA 2008 with UTS #46
mapping, the ``idna`` package), and each of its labels written in one script; a label written
wholly in another script whose every letter looks like a Latin one (Cyrillic ``асе``) is
refused too: a reader, or a QR scanner's preview, would take it for the Latin name. The
Unicode confusables data is ``confusable_homoglyphs``'s (UTS #39), not a table of ours.
"""

from __future__ import annotations

import unicodedata


# scripts written together in one language (UTS #39's highly restrictive profile)
_TOGETHER = ({"HAN", "HIRAGANA", "KATAKANA"}, {"HAN", "HANGUL"}, {"HAN", "BOPOMOFO"})


def address_problem(host: str, what: str = "host") -> str | None:
    """Why ``host`` may mislead a reader (one line), or None."""
    import idna
    from confusable_homoglyphs import categories, confusables

    if host.isascii():
        return None
    for label in host.split("."):
        if label.isascii() or not label:
            continue
        scripts = sorted(categories.unique_aliases(label) - {"COMMON"})
        if len(scripts) > 1 and not any(set(scripts) <= allowed for allowed in _TOGETHER):
            odd = next(ch for ch in label if categories.alias(ch) not in ("COMMON", "LATIN")) \
                if "LATIN" in scripts else label[0]
            return (f'the {what} "{host}" mixes scripts ({" and ".join(s.title() for s in scripts)}: "{odd}" is '
                    f"U+{ord(odd):04X} {unicodedata.name(odd, '?')}); it can pass for another address: write it in "
                    "one script")
        letters = [ch for ch in label if ch.isalpha()]
        found = confusables.is_confusable(label, greedy=True, preferred_aliases=["latin"]) or []
        ascii_like = {f["character"] for f in found if any(h["c"].isascii() and h["c"].isalnum() for h in f["homoglyphs"])}
        if scripts and scripts[0] != "LATIN" and letters and ascii_like >= set(letters):
            return (f'the {what} "{host}" is written in {scripts[0].title()} letters that all look like Latin ones; '
                    "it can pass for another address: write the address as the organisation publishes it")
    try:
        idna.encode(host, uts46=True)
    except idna.IDNAError as exc:
        return f'the {what} "{host}" is not a valid internationalised name ({exc}); check it'
    return None

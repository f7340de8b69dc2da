"""The fixed words printgen itself prints ("Text", "Anonymous", "Page X of Y", ...), per language.

The words are read from ``printgen/data/strings/<language>.yaml`` and a user's strings folder
(``printgen.language.strings``); a word missing
in a language falls back to English and is listed with the render's other fallbacks. A
bilingual render (``--lang en+es``) prints each word in both ("Helpline / Línea de ayuda").
"""

from __future__ import annotations

# Words that give away what a discreet item is for: stems, lower case, found anywhere in a text
# (a name that holds one is replaced by its first line's label or "Helpline"; a layout's own text
# that holds one is refused). A stem too many only makes a name neutral; a stem missing lets a
# card or sticker say what it is for, so the list errs wide: trafficking, sex, prostitution,
# exploitation, slavery, abuse, violence, victims, assault and children in danger, in the
# languages printgen ships words for.
REVEALING = (
    # English
    "traffick", "sex", "prostitut", "prostytu", "exploit", "slave", "abus", "violen", "victim", "assault",
    "rape", "rapist", "pimp", "forced labo", "forced marriage",
    # French, Spanish, Portuguese, Italian, Romanian, Haitian Creole
    "traite d", "trafic d", "trafik moun", "trata ", "trata de personas", "tráfico de", "tratta ",
    "esclav", "escrav", "schiav", "sclav", "esklav", "viol ", "víctima", "vítima", "vittim", "viktim",
    "maltrait", "maltrato", "maus-tratos", "maus tratos", "maltratt", "proxén", "en danger", "explotaci",
    "explotad", "exploraç", "sfrutt", "exploat", "abuz", "violên", "vyolans", "seks",
    # German, Polish, Turkish
    "menschenhandel", "sklav", "gewalt", "missbrauch", "misshandl", "ausbeut", "opfer", "zwangs",
    "handel ludź", "niewol", "przemoc", "ofiar", "wyzysk",
    "insan ticaret", "köle", "şiddet", "istismar", "mağdur", "fuhuş",
    # Russian, Ukrainian
    "торгов", "торгівл", "секс", "експлуат", "эксплуат", "насили", "насильств", "рабств", "жертв", "проститу",
    # Chinese, Japanese, Korean
    "贩卖", "販賣", "人口贩", "人口販", "性贩", "性販", "剥削", "剝削", "拐卖", "拐賣", "暴力", "虐待", "奴役",
    "受害", "性侵", "人身売買", "被害", "搾取", "인신매매", "폭력", "학대", "피해자", "착취", "성매매",
    # Vietnamese, Thai, Khmer, Burmese, Tagalog
    "buôn bán người", "buôn người", "bóc lột", "tình dục", "bạo lực", "lạm dụng", "nạn nhân",
    "ค้ามนุษย์", "ความรุนแรง", "ล่วงละเมิด", "แสวงประโยชน์", "ทางเพศ", "ជួញដូរមនុស្ស", "អំពើហិង្សា",
    "လူကုန်ကူး", "အကြမ်းဖက်", "karahasan", "pagsasamantala", "biktima",
    # Arabic, Persian, Urdu
    "الاتجار", "استغلال", "جنسي", "عنف", "عبودية", "ضحايا", "ضحية", "إساءة", "قاچاق", "خشونت",
    "سوء استفاده", "اسمگلنگ", "تشدد", "استحصال",
    # Hindi and Nepali, Bengali, Punjabi
    "तस्करी", "बेचबिखन", "हिंसा", "शोषण", "यौन", "পাচার", "সহিংসতা", "শোষণ", "যৌন", "ਤਸਕਰੀ", "ਹਿੰਸਾ",
    "ਸ਼ੋਸ਼ਣ", "ਜਿਨਸੀ",
    # Somali, Swahili, Amharic
    "ganacsiga dadka", "tahriib", "xadgudub", "usafirishaji haramu", "unyanyasaji", "ukatili", "unyonyaji",
    "የሰዎች ዝውውር", "ጥቃት", "ብዝበዛ",
)


# A stem in Latin or Cyrillic letters is found where a word starts ("rapist", not "therapist";
# "жертв", not "пожертвования"); one in a script written without spaces, or with its articles
# and prepositions joined to the word (Arabic's al-, li-), anywhere.
_AT_WORD_START = frozenset(w for w in REVEALING if "a" <= w[0] <= "z" or "\u00c0" <= w[0] <= "\u04ff")


def revealing(text: str) -> str | None:
    """The first revealing word in ``text``, if any."""
    lowered = f"{text.lower()} "
    return next((w.strip() for w in REVEALING if w in lowered and (w not in _AT_WORD_START or _starts(lowered, w))),
                None)


def _starts(text: str, stem: str) -> bool:
    """Whether ``stem`` stands in ``text`` where a word starts (after no letter)."""
    at = text.find(stem)
    while at >= 0:
        if at == 0 or not text[at - 1].isalpha():
            return True
        at = text.find(stem, at + 1)
    return False


def word(language, key: str) -> str:
    """The word ``key`` in each of the render's languages, joined with " / "."""
    english = language.library.reference_word(key)
    out: list[str] = []
    for tag in language.tags:
        text = language.library.word(tag, key)
        if text is None:
            language.fell_back(f"word:{key}", tag)
            text = english
        if text not in out:
            out.append(text)
    return " / ".join(out)

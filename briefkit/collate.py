"""The order of names in lists: alphabetical as a reader of each script looks for a name, accents aside.

No collation library: PyICU has no wheel to install, and pyuca (the Unicode Collation Algorithm's root order) reads
its 1.8 MB table for 0.16 s in every build, takes 46 µs a name, and still files Ukrainian `Ґ` among the `Г`s and a
quoted `«Вагнер»` before every letter. Code-point order is right for most alphabets (Latin once accents are
dropped, Greek, Russian, Arabic, Hebrew, Hangul, Devanagari); what it gets wrong is mended here: letters that
alphabets add after a base letter (Ukrainian `є і ї ґ`, which code points put after `я`), Thai and Lao vowels
written before the consonant a dictionary files the word under, and leading quotation marks.
"""

from __future__ import annotations

import re
import unicodedata

from .suggest import unaccented

_AFTER = "\U0010ffff"  # sorts after every letter: `ґ` is `г` and one of these, after every word of `г`, before `д`

# The letters an alphabet puts after a base letter (Ukrainian, Belarusian, Serbian, Macedonian, Kazakh, Persian),
# in their order there: the n-th is written as the base and n marks. `й` and `ў` are letters of their own that
# would otherwise lose their breve with the accents (`Йосип` among the `И`s).
_FOLLOWERS = {"а": "ә", "г": "ґғ", "д": "ђѓ", "е": "є", "з": "ѕ", "и": "іїјй", "к": "қ", "л": "љ", "н": "њң",
              "о": "ө", "т": "ћќ", "у": "ўұү", "х": "һ", "ч": "џ", "ب": "پ", "ج": "چ", "ز": "ژ", "ك": "گ"}
# (Macedonian's Ѓ and Ќ follow Д and Т, as Serbian's Ђ and Ћ do: a reviewer)
_LETTERS = str.maketrans({letter: base + _AFTER * n for base, letters in _FOLLOWERS.items()
                          for n, letter in enumerate(letters, 1)}
                         | {"ک": "ك", "ی": "ي"}  # Persian's kaf and yeh are Arabic's, drawn otherwise
                         | dict.fromkeys("\u02bb\u02bc\u02be\u02bf", ""))  # ʻokina, ʿayn: `ʻOhana` among the Os
# Thai and Lao vowels written before their consonant: a dictionary files `เปรม` under `ป`
_PREVOWEL = re.compile(r"([\u0e40-\u0e44\u0ec0-\u0ec4])(\w)")
_LEADING = re.compile(r"^[\W_]+")  # quotation marks, brackets, dashes: `"Islamic State"` is among the `I`s


def sort_key(text: str) -> str:
    """Where a case-folded name goes in a list by name (compare these keys as strings)."""
    key = unaccented(unicodedata.normalize("NFC", text).translate(_LETTERS))  # NFC: `й` typed as `и` and a breve
    return _PREVOWEL.sub(r"\2\1", _LEADING.sub("", key)) or key

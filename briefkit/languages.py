"""Languages named in themselves, for the links between a content page and its translations."""

from __future__ import annotations


# Each language's name in itself, for the links between a page and its translations ("Also in: العربية"); a language
# not listed is shown by its tag.
LANGUAGE_NAMES = {
    "am": "አማርኛ", "ar": "العربية", "bn": "বাংলা", "ckb": "کوردی", "cs": "Čeština", "da": "Dansk", "de": "Deutsch",
    "el": "Ελληνικά", "en": "English", "es": "Español", "fa": "فارسی", "fi": "Suomi", "fr": "Français", "he": "עברית",
    "hi": "हिन्दी", "hu": "Magyar", "hy": "Հայերեն", "id": "Bahasa Indonesia", "it": "Italiano", "ja": "日本語",
    "ka": "ქართული", "ko": "한국어", "ku": "Kurdî", "nl": "Nederlands", "no": "Norsk", "pl": "Polski", "ps": "پښتو",
    "pt": "Português", "ro": "Română", "ru": "Русский", "so": "Soomaali", "sq": "Shqip", "sr": "Српски", "sv": "Svenska",
    "sw": "Kiswahili", "ti": "ትግርኛ", "th": "ไทย", "tr": "Türkçe", "uk": "Українська", "ur": "اردو", "vi": "Tiếng Việt",
    "zh": "中文",
}


def language_name(tag: object) -> str:
    """Jinja filter: a language tag's language named in itself (`ar` and `ar-SY`: العربية), else the tag."""
    text = str(tag or "")
    return LANGUAGE_NAMES.get(text.split("-")[0].split("_")[0].casefold(), text)

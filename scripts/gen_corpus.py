#!/usr/bin/env python3
"""Generate a synthetic, valid fact-sheet corpus (FORMAT.md) of N entity pages, and the same pages as a Hugo site.

Usage:
    python scripts/gen_corpus.py N OUTDIR [--hugo HUGODIR]   # OUTDIR (and HUGODIR) are wiped first
    python scripts/gen_corpus.py --check OUTDIR               # verify an existing corpus

N counts entity pages: about 5% briefings, 20% actors, 70% incidents, 5% stakes; N // 4 sources come on top.
Output is deterministic for a given N (random.Random(N), no set iteration, no clock).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import yaml

# --------------------------------------------------------------------------- vocabulary

STATES = [  # name, code, adjective, name in Arabic/Persian script
    ("Iraq", "IQ", "Iraqi", "العراق"), ("Iran", "IR", "Iranian", "ایران"),
    ("Syria", "SY", "Syrian", "سوريا"), ("Lebanon", "LB", "Lebanese", "لبنان"),
    ("Israel", "IL", "Israeli", "إسرائيل"), ("Yemen", "YE", "Yemeni", "اليمن"),
    ("Saudi Arabia", "SA", "Saudi", "السعودية"), ("Jordan", "JO", "Jordanian", "الأردن"),
    ("Turkey", "TR", "Turkish", "تركيا"), ("United Arab Emirates", "AE", "Emirati", "الإمارات"),
    ("Qatar", "QA", "Qatari", "قطر"), ("Kuwait", "KW", "Kuwaiti", "الكويت"),
    ("Bahrain", "BH", "Bahraini", "البحرين"), ("Oman", "OM", "Omani", "عُمان"),
    ("Egypt", "EG", "Egyptian", "مصر"), ("United States", "US", "US", "الولايات المتحدة"),
    ("United Kingdom", "GB", "British", "المملكة المتحدة"), ("France", "FR", "French", "فرنسا"),
    ("Russia", "RU", "Russian", "روسيا"), ("Norway", "NO", "Norwegian", "النرويج"),
]
STATE_BY_CODE = {s[1]: s for s in STATES}

CITIES = [  # name, country, lat, lon
    ("Baghdad", "IQ", 33.315, 44.366), ("Erbil", "IQ", 36.191, 44.009), ("Basra", "IQ", 30.508, 47.783),
    ("Mosul", "IQ", 36.340, 43.130), ("Kirkuk", "IQ", 35.468, 44.392), ("Sulaymaniyah", "IQ", 35.557, 45.435),
    ("Al-Qaim", "IQ", 34.370, 41.090), ("Ramadi", "IQ", 33.420, 43.300), ("Najaf", "IQ", 32.000, 44.330),
    ("Karbala", "IQ", 32.616, 44.024), ("Tikrit", "IQ", 34.607, 43.678), ("Balad", "IQ", 34.016, 44.145),
    ("Damascus", "SY", 33.513, 36.292), ("Aleppo", "SY", 36.202, 37.160), ("Deir ez-Zor", "SY", 35.336, 40.140),
    ("Al-Bukamal", "SY", 34.453, 40.936), ("Homs", "SY", 34.733, 36.717), ("Latakia", "SY", 35.523, 35.792),
    ("Beirut", "LB", 33.894, 35.502), ("Tyre", "LB", 33.271, 35.196), ("Baalbek", "LB", 34.006, 36.210),
    ("Nabatieh", "LB", 33.378, 35.484), ("Tehran", "IR", 35.689, 51.389), ("Isfahan", "IR", 32.652, 51.668),
    ("Bandar Abbas", "IR", 27.183, 56.267), ("Ahvaz", "IR", 31.318, 48.671), ("Kermanshah", "IR", 34.314, 47.065),
    ("Sanaa", "YE", 15.369, 44.191), ("Hodeidah", "YE", 14.798, 42.954), ("Aden", "YE", 12.786, 45.036),
    ("Marib", "YE", 15.462, 45.325), ("Riyadh", "SA", 24.713, 46.675), ("Abqaiq", "SA", 25.937, 49.677),
    ("Jeddah", "SA", 21.543, 39.173), ("Jizan", "SA", 16.889, 42.570), ("Amman", "JO", 31.954, 35.910),
    ("Ruwaished", "JO", 32.507, 38.197), ("Haifa", "IL", 32.794, 34.990), ("Eilat", "IL", 29.558, 34.952),
    ("Kuwait City", "KW", 29.376, 47.977), ("Manama", "BH", 26.229, 50.586), ("Doha", "QA", 25.286, 51.533),
    ("Abu Dhabi", "AE", 24.453, 54.377), ("Fujairah", "AE", 25.128, 56.326), ("Muscat", "OM", 23.588, 58.383),
]
SEAS = [("Strait of Hormuz", 26.57, 56.25), ("Red Sea", 20.00, 38.50), ("Gulf of Aden", 12.50, 47.00),
        ("Gulf of Oman", 24.50, 58.50), ("Persian Gulf", 27.00, 51.00), ("Bab el-Mandeb", 12.58, 43.33)]
STORY_COUNTRIES = ["IQ"] * 8 + ["SY"] * 4 + ["LB"] * 3 + ["YE"] * 3 + ["IR"] * 2 + ["SA", "JO", "IL", "KW", "AE", "BH"]

ARABIC_FIRST = [("Ali", "علي"), ("Hassan", "حسن"), ("Hussein", "حسين"), ("Mohammed", "محمد"), ("Abbas", "عباس"),
                ("Qais", "قيس"), ("Hadi", "هادي"), ("Mahdi", "مهدي"), ("Ahmed", "أحمد"), ("Jafar", "جعفر"),
                ("Karim", "كريم"), ("Omar", "عمر"), ("Yusuf", "يوسف"), ("Khalid", "خالد"), ("Faleh", "فالح"),
                ("Hamid", "حميد"), ("Sami", "سامي"), ("Nabil", "نبيل"), ("Walid", "وليد"), ("Ibrahim", "إبراهيم"),
                ("Mustafa", "مصطفى"), ("Salim", "سليم"), ("Tariq", "طارق"), ("Adnan", "عدنان"), ("Rami", "رامي"),
                ("Ziad", "زياد"), ("Fadi", "فادي"), ("Majid", "ماجد"), ("Bassam", "بسام"), ("Nasser", "ناصر")]
ARABIC_LAST = [("al-Tamimi", "التميمي"), ("al-Jabouri", "الجبوري"), ("al-Saadi", "الساعدي"), ("al-Maliki", "المالكي"),
               ("al-Amiri", "العامري"), ("al-Obeidi", "العبيدي"), ("al-Dulaimi", "الدليمي"), ("al-Shammari", "الشمري"),
               ("al-Zubaidi", "الزبيدي"), ("al-Hakim", "الحكيم"), ("al-Rubaie", "الربيعي"), ("al-Kaabi", "الكعبي"),
               ("al-Asadi", "الأسدي"), ("al-Khafaji", "الخفاجي"), ("al-Musawi", "الموسوي"), ("Haddad", "حداد"),
               ("Khoury", "خوري"), ("Darwish", "درويش"), ("Haidar", "حيدر"), ("Mansour", "منصور"),
               ("al-Hamdani", "الحمداني"), ("al-Yafei", "اليافعي"), ("Saleh", "صالح"), ("Othman", "عثمان"),
               ("Barakat", "بركات"), ("Sabbagh", "صباغ"), ("al-Ghamdi", "الغامدي"), ("al-Khatib", "الخطيب")]
PERSIAN_FIRST = [("Reza", "رضا"), ("Mohsen", "محسن"), ("Hossein", "حسین"), ("Mehdi", "مهدی"), ("Ali", "علی"),
                 ("Hamid", "حمید"), ("Saeed", "سعید"), ("Javad", "جواد"), ("Abbas", "عباس"), ("Amir", "امیر"),
                 ("Gholamreza", "غلامرضا"), ("Majid", "مجید"), ("Masoud", "مسعود"), ("Yahya", "یحیی"), ("Kazem", "کاظم")]
PERSIAN_LAST = [("Ahmadi", "احمدی"), ("Karimi", "کریمی"), ("Rahimi", "رحیمی"), ("Moradi", "مرادی"), ("Jafari", "جعفری"),
                ("Sadeghi", "صادقی"), ("Bagheri", "باقری"), ("Nouri", "نوری"), ("Hosseini", "حسینی"),
                ("Rezaei", "رضایی"), ("Mousavi", "موسوی"), ("Tehrani", "تهرانی"), ("Shirazi", "شیرازی"),
                ("Kazemi", "کاظمی"), ("Farahani", "فراهانی")]
GROUP_PREFIX = [("Kataib", "كتائب", "Brigades"), ("Liwa", "لواء", "Banner"), ("Saraya", "سرايا", "Companies"),
                ("Harakat", "حركة", "Movement"), ("Jaysh", "جيش", "Army"), ("Quwat", "قوات", "Forces"),
                ("Asaib", "عصائب", "League"), ("Ansar", "أنصار", "Supporters")]
GROUP_NOUN = [("al-Haqq", "الحق", "the Truth"), ("al-Nasr", "النصر", "Victory"), ("al-Fath", "الفتح", "Conquest"),
              ("al-Imam", "الإمام", "the Imam"), ("al-Shuhada", "الشهداء", "the Martyrs"),
              ("al-Karama", "الكرامة", "Dignity"), ("al-Thar", "الثأر", "Revenge"), ("al-Ghadab", "الغضب", "Wrath"),
              ("Ashab al-Kahf", "أصحاب الكهف", "the People of the Cave"), ("al-Wad", "الوعد", "the Promise"),
              ("al-Abbas", "العباس", "al-Abbas"), ("al-Zahraa", "الزهراء", "al-Zahraa"),
              ("Baqiyatullah", "بقية الله", "Baqiyatullah"), ("al-Muqawama", "المقاومة", "the Resistance"),
              ("al-Tahrir", "التحرير", "Liberation"), ("al-Sabireen", "الصابرين", "the Steadfast")]
GOV_BODIES = [("Ministry of Defence", "وزارة الدفاع"), ("Ministry of Interior", "وزارة الداخلية"),
              ("Ministry of Foreign Affairs", "وزارة الخارجية"), ("National Security Council", "مجلس الأمن الوطني"),
              ("Counter-Terrorism Service", "جهاز مكافحة الإرهاب"), ("General Intelligence Directorate", "المخابرات العامة"),
              ("Border Guard Command", "قيادة حرس الحدود"), ("Ministry of Oil", "وزارة النفط"),
              ("Supreme Judicial Council", "مجلس القضاء الأعلى"), ("Central Bank", "البنك المركزي"),
              ("Parliament", "البرلمان"), ("Joint Operations Command", "قيادة العمليات المشتركة"),
              ("Ministry of Health", "وزارة الصحة"), ("Civil Defence Directorate", "مديرية الدفاع المدني")]
CITY_BODIES = ["Police Command", "Provincial Council", "Operations Command"]
INTL_ORGS = [("United Nations", "UN", "الأمم المتحدة"), ("International Atomic Energy Agency", "IAEA", "الوكالة الدولية للطاقة الذرية"),
             ("Arab League", "LAS", "جامعة الدول العربية"), ("Gulf Cooperation Council", "GCC", "مجلس التعاون الخليجي"),
             ("European Union", "EU", "الاتحاد الأوروبي"), ("International Committee of the Red Cross", "ICRC", "اللجنة الدولية للصليب الأحمر"),
             ("UN Assistance Mission for Iraq", "UNAMI", "بعثة الأمم المتحدة لمساعدة العراق"),
             ("UN Interim Force in Lebanon", "UNIFIL", "قوة الأمم المتحدة المؤقتة في لبنان"),
             ("Organisation of Islamic Cooperation", "OIC", "منظمة التعاون الإسلامي"), ("World Health Organization", "WHO", "منظمة الصحة العالمية")]
ORG_TYPES = ["Human Rights Observatory", "Oil Company", "Media Network", "Relief Committee", "Chamber of Commerce",
             "Tribal Council", "Port Authority", "Doctors' Union", "Journalists' Syndicate", "Electricity Company"]

PUBLISHERS = [  # name, slug, host, kind, reliability grades
    ("Reuters", "reuters", "www.reuters.com", "news", "AB"), ("Associated Press", "ap", "apnews.com", "news", "AB"),
    ("AFP", "afp", "www.afp.com", "news", "AB"), ("BBC Persian", "bbc-persian", "www.bbc.com", "news", "B"),
    ("Al Jazeera", "al-jazeera", "www.aljazeera.com", "news", "BC"), ("Rudaw", "rudaw", "www.rudaw.net", "news", "C"),
    ("Shafaq News", "shafaq", "shafaq.com", "news", "C"), ("Al-Monitor", "al-monitor", "www.al-monitor.com", "analysis", "B"),
    ("The National", "the-national", "www.thenationalnews.com", "news", "B"),
    ("Asharq Al-Awsat", "asharq-al-awsat", "english.aawsat.com", "news", "C"),
    ("IRNA", "irna", "en.irna.ir", "official", "D"), ("Tasnim News", "tasnim", "www.tasnimnews.com", "news", "D"),
    ("SANA", "sana", "sana.sy", "official", "E"), ("Al Mayadeen", "al-mayadeen", "english.almayadeen.net", "news", "D"),
    ("Kurdistan24", "kurdistan24", "www.kurdistan24.net", "news", "C"),
    ("International Crisis Group", "crisis-group", "www.crisisgroup.org", "analysis", "A"),
    ("Institute for the Study of War", "isw", "www.understandingwar.org", "analysis", "B"),
    ("US Central Command", "centcom", "www.centcom.mil", "official", "B"),
    ("Iraqi Security Media Cell", "security-media-cell", "t.me", "official", "C"),
    ("Sabereen News", "sabereen", "t.me", "social", "F"), ("OSINT accounts on X", "osint-x", "x.com", "social", "EF"),
    ("UN OCHA", "ocha", "www.unocha.org", "official", "A"),
]

INCIDENT_KINDS = ["rocket attack", "drone strike", "airstrike", "IED attack", "ambush", "artillery shelling",
                  "assassination", "kidnapping", "border clash", "protest", "missile strike", "raid", "cyberattack"]
TARGETS = ["airport", "military base", "oil field", "checkpoint", "convoy", "embassy compound", "port",
           "power station", "border crossing", "market", "refinery", "logistics hub", "headquarters", "highway"]
TIME_WORDS = ["overnight", "yesterday", "today", "recently", "again"]
ROLES_PERP = ["perpetrator", "alleged-perpetrator"]
ROLES_OTHER = ["target", "victim", "responder", "other"]
CLAIM_STATUSES = ["confirmed", "reported", "claimed", "alleged", "disputed", "denied"]
PERSON_TITLES = ["Secretary-General", "Spokesman", "Commander", "Deputy Commander", "Minister", "Member of Parliament",
                 "Chief of Staff", "Political Bureau Chief", "Adviser"]
RELATION_TYPES = {"person": ["member-of", "leads", "speaks-for"], "armed-group": ["backed-by", "allied-with", "opposes", "part-of"],
                  "state": ["allied-with", "opposes"], "government-body": ["part-of"], "organization": ["allied-with", "backed-by"],
                  "international-organization": ["opposes"]}
RELATION_TARGET = {"member-of": "armed-group", "leads": "armed-group", "speaks-for": "government-body",
                   "backed-by": "state", "part-of": "state"}  # other types: an actor of the same kind
BRIEFING_ROLES = ["claimed responsibility", "main target", "mediator", "backer of the militias", "host government",
                  "responded with strikes", "under pressure at home", "key spokesman", "monitor"]
STAKE_STATUSES = ["talks pending", "stalled", "under negotiation", "agreement reached", "implementation disputed", "frozen"]
STAKE_TEMPLATES = ["{A}–{B} prisoner exchange", "Withdrawal of foreign forces from {C}", "Reopening of the {city} border crossing",
                   "Maritime security in the {sea}", "Ceasefire in {C}", "Sanctions relief for {C}", "Reconstruction of {city}",
                   "Electricity imports from {A} to {B}", "Normalisation between {A} and {B}", "Release of detainees held in {city}",
                   "Security guarantees for {city} airport", "Oil exports through {city}"]
TAGS = ["militias", "drones", "us-forces", "proxy-war", "sanctions", "elections", "oil", "borders", "maritime",
        "ceasefire", "protests", "kurdistan", "hezbollah", "houthis", "nuclear", "detainees"]

FILLERS = [
    "Security sources said **{n} projectiles** were fired from a vacant lot.",
    "Local officials described the damage as limited.", "No group immediately claimed responsibility.",
    "Residents reported hearing **several explosions** before dawn.",
    "The {adj} government announced an investigation.", "Footage shared online could not be independently verified.",
    "Checkpoints were reinforced across the province.", "Flights were briefly suspended as a precaution.",
    "Hospital staff said the wounded included **civilians**.", "Officials said air defences intercepted part of the salvo.",
    "Tribal leaders in {city} called for calm.", "Power was cut to parts of {city} for several hours.",
    "It was the _{ordinal}_ such incident in {city} this month.", "Roads around the site stayed closed until the evening.",
]
ACTOR_FILLERS = {
    "person": ["He rose through the ranks of the security services.", "He is a frequent guest on regional television.",
               "He has been under **US sanctions** since {year}.", "He rarely appears in public."],
    "armed-group": ["It emerged in {year} during the mobilisation against the Islamic State.",
                    "It communicates mainly through Telegram channels.", "Its leaders have been **sanctioned** since {year}.",
                    "It fields an estimated **{n} fighters**."],
    "state": ["Its foreign policy in the region has shifted repeatedly since {year}.", "It hosts several foreign bases."],
    "government-body": ["It was reorganised in {year}.", "It reports to the prime minister's office."],
    "organization": ["It was founded in {year}.", "It publishes monthly reports."],
    "international-organization": ["It has had a presence in the region since {year}.", "Its mandate is renewed yearly."],
}
LINK_SENTENCES = {
    "actor": ["{L} denied any involvement.", "Officials blamed {L} for the escalation.", "{L} called for restraint.",
              "Analysts link the episode to {L}.", "A statement attributed to {L} circulated on Telegram."],
    "incident": ["It came days after {L}.", "The pattern mirrored {L}.", "Observers tied it to {L}."],
    "stake": ["The episode weighs on {L}.", "Diplomats fear for {L}.", "It complicates {L}."],
    "briefing": ["See also {L}.", "Background is in {L}."],
    "source": ["This was first reported by {L}.", "{L} carried the first account."],
}
LINK_LABELS = {"actor": ["the group", "its leadership", "the faction"], "incident": ["an earlier attack", "that strike"],
               "stake": ["the talks", "that file"], "briefing": ["our earlier briefing", "previous coverage"],
               "source": ["one outlet", "a local report"]}
CLAIM_TEXTS = {
    "confirmed": "The strike killed **{n} people**, according to hospital records in {city}.",
    "reported": "Witnesses reported **{n} explosions** near {city}.",
    "claimed": "{actor} claimed responsibility in a statement.",
    "alleged": "The launch site was allegedly run by {actor}.",
    "disputed": "The number of casualties in {city} is disputed.",
    "denied": "{actor} denied any role in the attack.",
}
POSITIONS = ["Insists on **full withdrawal** before any talks.", "Backs a phased agreement under UN auspices.",
             "Demands guarantees on border security.", "Publicly supportive, privately sceptical.",
             "Rejects mediation by {actor}.", "Wants sanctions lifted first."]

SINCE = dt.date(2015, 1, 1).toordinal()
UNTIL = dt.date(2025, 6, 30).toordinal()
ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
WIKILINK_RE = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")
KIND_DIRS = {"briefing": "briefings", "actor": "actors", "incident": "incidents", "stake": "stakes"}

# --------------------------------------------------------------------------- YAML emitter


class Plain(str):
    """A scalar written unquoted so YAML types it (a date or a year)."""


class Quoted(str):
    """A scalar always written in double quotes (country codes, some dates)."""


_RESOLVER = yaml.resolver.Resolver()
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@` ")


def plain_ok(s: str) -> bool:
    """True if s can be written as a plain scalar and reads back as the same string."""
    return (bool(s) and s[0] not in _UNSAFE_START and not s.endswith((" ", ":")) and ": " not in s
            and " #" not in s and "\n" not in s and "\t" not in s
            and _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) == "tag:yaml.org,2002:str")


def scalar(v) -> str:
    """One scalar as YAML text."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, Plain) or (not isinstance(v, Quoted) and plain_ok(v)):
        return str(v)
    return json.dumps(str(v), ensure_ascii=False)


def emit_value(key: str, v, pad: str, out: list[str]) -> None:
    """Append `key: value` lines (block style, literal blocks for long text) at indentation pad."""
    if isinstance(v, dict):
        out.append(f"{pad}{key}:")
        emit_mapping(v, pad + "  ", out)
    elif isinstance(v, list):
        flow = f"{pad}{key}: [{', '.join(v)}]" if all(isinstance(x, str) and ID_RE.fullmatch(x) for x in v) else ""
        if flow and len(flow) <= 120 and all(plain_ok(x) for x in v):
            out.append(flow)
        else:
            out.append(f"{pad}{key}:")
            emit_sequence(v, pad + "  ", out)
    elif isinstance(v, str) and not isinstance(v, (Plain, Quoted)) and ("\n" in v or len(v) > 90):
        out.append(f"{pad}{key}: |")
        out.extend(f"{pad}  {line}" if line else "" for line in v.split("\n"))
    else:
        out.append(f"{pad}{key}: {scalar(v)}")


def emit_mapping(d: dict, pad: str, out: list[str]) -> None:
    """Append a block mapping."""
    for k, v in d.items():
        emit_value(k, v, pad, out)


def emit_sequence(items: list, pad: str, out: list[str]) -> None:
    """Append a block sequence; a mapping item starts on its `- ` line."""
    for item in items:
        if isinstance(item, dict):
            sub: list[str] = []
            emit_mapping(item, pad + "  ", sub)
            sub[0] = f"{pad}- {sub[0][len(pad) + 2:]}"
            out.extend(sub)
        else:
            out.append(f"{pad}- {scalar(item)}")


def dump(doc: dict, comment: str = "") -> str:
    """A whole YAML document as text, with an optional leading comment."""
    out = [f"# {comment}"] if comment else []
    emit_mapping(doc, "", out)
    return "\n".join(out) + "\n"

# --------------------------------------------------------------------------- helpers


def slugify(text: str, limit: int = 72) -> str:
    """An id-shaped slug of text (ASCII letters and digits, single hyphens)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")
    return slug[:limit].rstrip("-") or "x"


def fmt_date(ordinal: int, precision: str) -> str:
    """A date as YYYY-MM-DD, YYYY-MM or YYYY."""
    d = dt.date.fromordinal(ordinal)
    return {"day": d.isoformat(), "month": d.isoformat()[:7], "year": str(d.year)}[precision]


def full_date(date: str) -> str:
    """A partial date completed to its first day (2021 -> 2021-01-01, 2021-03 -> 2021-03-01)."""
    return date + "-01-01"[len(date) - 4:]


def human_date(ordinal: int) -> str:
    """A date in words, as a table cell."""
    d = dt.date.fromordinal(ordinal)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def ordinal_suffix(n: int) -> str:
    """1st, 2nd, 3rd, 4th..."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def cap(text: str) -> str:
    """text with its first letter upper-cased (IED stays IED)."""
    return text[:1].upper() + text[1:]


def plural(word: str) -> str:
    """English plural of a noun phrase's last word (attack -> attacks, clash -> clashes)."""
    return word + ("es" if word.endswith(("sh", "ch", "s", "x")) else "s")


def article(word: str) -> str:
    """'a' or 'an' before word."""
    return "an" if word[0].lower() in "aeiou" else "a"


def counts_for(n: int) -> dict[str, int]:
    """Number of entities of each kind for N pages."""
    if n < 20:
        raise ValueError("N must be at least 20")
    briefings, actors, stakes = n * 5 // 100, n * 20 // 100, n * 5 // 100
    return {"briefing": briefings, "actor": actors, "incident": n - briefings - actors - stakes,
            "stake": stakes, "source": n // 4}

# --------------------------------------------------------------------------- the corpus model


class Corpus:
    """All entities of one synthetic corpus, built in two passes (identities, then content)."""

    def __init__(self, n: int):
        self.rng = random.Random(n)
        self.counts = counts_for(n)
        self.used: set[str] = set()
        self.names: set[str] = set()
        self.kind: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.actors: list[dict] = []
        self.stakes: list[dict] = []
        self.stories: list[dict] = []
        self.make_actors()
        self.make_stakes()
        self.make_stories()
        self.actor_cum = self.zipf([a["id"] for a in self.actors])
        self.stake_cum = self.zipf([s["id"] for s in self.stakes])
        self.all_sources = [s["id"] for story in self.stories for s in story["sources"]]
        self.fill_actors()
        self.fill_stakes()
        for i, story in enumerate(self.stories):
            self.fill_story(i, story)

    # ---- identities

    def new_id(self, base: str, kind: str, label: str) -> str:
        """Register a unique id derived from base."""
        slug, k = slugify(base), 2
        eid = slug
        while eid in self.used:
            eid, k = f"{slug}-{k}", k + 1
        self.used.add(eid)
        self.kind[eid], self.label[eid] = kind, label
        return eid

    def zipf(self, ids: list[str]) -> tuple[list[str], list[float]]:
        """A shuffled popularity ranking of ids with Zipf cumulative weights (a few hubs, a long tail)."""
        order = list(ids)
        self.rng.shuffle(order)
        cum, total = [], 0.0
        for rank in range(len(order)):
            total += 1.0 / (rank + 1) ** 0.9
            cum.append(total)
        return order, cum

    def pick(self, ranking: tuple[list[str], list[float]], k: int) -> list[str]:
        """Up to k distinct ids drawn by popularity."""
        ids, cum = ranking
        chosen: list[str] = []
        for _ in range(k * 4):
            eid = self.rng.choices(ids, cum_weights=cum)[0]
            if eid not in chosen:
                chosen.append(eid)
            if len(chosen) == k:
                break
        return chosen

    def unique_name(self, make) -> tuple:
        """A name tuple from make() whose name is not taken yet (after 30 tries, accept a repeat)."""
        for _ in range(30):
            cand = make()
            if cand[0] not in self.names:
                break
        self.names.add(cand[0])
        return cand

    def make_actors(self) -> None:
        """Create every actor's identity, kind, country and aliases."""
        na, rng = self.counts["actor"], self.rng
        n_states = min(len(STATES), max(3, na // 25))
        n_intl = min(len(INTL_ORGS), max(1, na // 50))
        plan = ["state"] * n_states + ["international-organization"] * n_intl
        rest = na - len(plan)
        plan += ["person"] * (rest * 48 // 100) + ["armed-group"] * (rest * 24 // 100)
        plan += ["government-body"] * (rest * 15 // 100)
        plan += ["organization"] * (na - len(plan))
        self.state_ids: list[str] = []
        for i, kind in enumerate(plan[:na]):
            if kind == "state":
                name, code, _, script = STATES[i]
                actor = {"name": name, "kind": kind, "aliases": [script], "country": code}
                self.names.add(name)
            elif kind == "international-organization":
                name, acronym, script = INTL_ORGS[i - n_states]
                actor = {"name": name, "kind": kind, "aliases": [acronym, script]}
                self.names.add(name)
            else:
                actor = getattr(self, "make_" + kind.replace("-", "_"))()
            eid = self.new_id(actor["name"], "actor", actor["name"])
            if kind == "state":
                self.state_ids.append(eid)
            record = {"id": eid, **actor}
            if "country" in record:
                record["country"] = Quoted(record["country"])
            if kind in ("state", "armed-group", "international-organization") and rng.random() < 0.3:
                record["wikidata"] = f"Q{rng.randint(1000, 99_999_999)}"
            self.actors.append(record)

    def make_person(self) -> dict:
        """A person with a name in Latin and Arabic or Persian script."""
        rng = self.rng
        country = rng.choice(["IQ", "IQ", "IQ", "IR", "IR", "SY", "LB", "YE", "SA", "JO", "BH"])
        firsts, lasts = (PERSIAN_FIRST, PERSIAN_LAST) if country == "IR" else (ARABIC_FIRST, ARABIC_LAST)

        def make():
            (f, fs), (m, ms), (l, ls) = rng.choice(firsts), rng.choice(firsts), rng.choice(lasts)
            return (f"{f} {m} {l}", f"{fs} {ms} {ls}", f, fs) if rng.random() < 0.6 else (f"{f} {l}", f"{fs} {ls}", m, ms)
        name, script, kunya, kunya_script = self.unique_name(make)
        aliases = [script]
        if rng.random() < 0.4:
            aliases += [f"Abu {kunya}", f"أبو {kunya_script}"]
        return {"name": name, "kind": "person", "aliases": aliases, "country": country}

    def make_armed_group(self) -> dict:
        """An armed group, sometimes a city branch, with its Arabic name and a translation."""
        rng = self.rng

        def make():
            (p, ps, pe), (n, ns, ne) = rng.choice(GROUP_PREFIX), rng.choice(GROUP_NOUN)
            city = rng.choice(CITIES)
            branch = f" – {city[0]}" if rng.random() < 0.5 else ""
            return (f"{p} {n}{branch}", f"{ps} {ns}", f"{pe} of {ne}", city[1])
        name, script, english, country = self.unique_name(make)
        return {"name": name, "kind": "armed-group", "aliases": [script, english], "country": country}

    def make_government_body(self) -> dict:
        """A ministry or security body of a state, or a city's police or council."""
        rng = self.rng

        def make():
            if rng.random() < 0.75:
                _, code, adj, _ = rng.choice(STATES[:15])
                body, script = rng.choice(GOV_BODIES)
                return (f"{adj} {body}", script, code)
            city = rng.choice(CITIES)
            return (f"{city[0]} {rng.choice(CITY_BODIES)}", "", city[1])
        name, script, country = self.unique_name(make)
        actor = {"name": name, "kind": "government-body", "country": country}
        if script:
            actor["aliases"] = [script]
        return actor

    def make_organization(self) -> dict:
        """A local company, NGO or media outlet."""
        rng = self.rng
        name, country = self.unique_name(lambda: (f"{(c := rng.choice(CITIES))[0]} {rng.choice(ORG_TYPES)}", c[1]))
        return {"name": name, "kind": "organization", "country": country}

    def make_stakes(self) -> None:
        """Create every stake's identity and title."""
        rng = self.rng
        for _ in range(self.counts["stake"]):
            def make():
                a, b = rng.sample(STATES[:16], 2)
                return (rng.choice(STAKE_TEMPLATES).format(A=a[0], B=b[0], C=rng.choice(STATES[:9])[0],
                                                           city=rng.choice(CITIES)[0], sea=rng.choice(SEAS)[0]),)
            title = self.unique_name(make)[0]
            self.stakes.append({"id": self.new_id(title, "stake", title), "title": title})

    def make_stories(self) -> None:
        """Create each story's briefing, incidents and sources (ids, titles, dates, places)."""
        rng, nb = self.rng, self.counts["briefing"]
        ni, ns = self.counts["incident"], self.counts["source"]
        for i in range(nb):
            country = rng.choice(STORY_COUNTRIES)
            cities = [c for c in CITIES if c[1] == country]
            kinds = rng.sample(INCIDENT_KINDS, 3)
            day = rng.randint(SINCE, UNTIL - 200)
            incidents, days = [], []
            for _ in range(ni // nb + (1 if i < ni % nb else 0)):
                day += rng.randint(0, 9)
                days.append(day)
                incidents.append(self.make_incident(day, rng.choice(kinds), rng.choice(cities)))
            sources = [self.make_source(day - rng.randint(0, 60), rng.choice(cities)[0])
                       for _ in range(ns // nb + (1 if i < ns % nb else 0))]
            main_city, kind = cities[0][0], kinds[0]
            title = rng.choice([f"{cap(plural(kind))} around {main_city} test the truce",
                                f"Who is behind the {plural(kind)} in {STATE_BY_CODE[country][0]}?",
                                f"{main_city}: a month of {plural(kind)}",
                                f"Escalation around {main_city} after the latest {kind}",
                                f"Tit-for-tat {plural(kind)} strain {STATE_BY_CODE[country][0]}'s balancing act"])
            bday = day + rng.randint(1, 5)
            briefing = {"id": self.new_id(f"{title} {fmt_date(bday, 'month')}", "briefing", title), "title": title,
                        "date": Plain(fmt_date(bday, "day"))}
            if rng.random() < 0.3:
                briefing["updated"] = Plain(fmt_date(bday + rng.randint(1, 20), "day"))
            self.stories.append({"briefing": briefing, "incidents": incidents, "days": days, "sources": sources,
                                 "country": country, "city": main_city, "year": dt.date.fromordinal(bday).year})

    def make_incident(self, day: int, kind: str, city: tuple) -> dict:
        """An incident's identity, date and location."""
        rng = self.rng
        precision = rng.choices(["day", "month", "year"], [85, 11, 4])[0]
        date = fmt_date(day, precision)
        if rng.random() < 0.06:
            sea, lat, lon = rng.choice(SEAS)
            title, location = f"{cap(kind)} in the {sea}", {"name": sea, "precision": "region"}
        else:
            name, code, lat, lon = city
            target = rng.choice(TARGETS)
            title = f"{cap(kind)} on {name} {target}"
            location = {"name": f"{name} {target}", "country": Quoted(code),
                        "precision": rng.choice(["exact", "approximate", "approximate"])}
        if rng.random() < 0.9:
            location["lat"] = round(lat + rng.uniform(-0.05, 0.05), 4)
            location["lon"] = round(lon + rng.uniform(-0.05, 0.05), 4)
        incident = {"id": self.new_id(f"{date} {title}", "incident", title), "title": title,
                    "date": Quoted(date) if rng.random() < 0.2 else Plain(date)}
        if precision == "day" and rng.random() < 0.1:
            incident["end_date"] = Plain(fmt_date(day + rng.randint(1, 4), "day"))
        incident.update(kind=kind, location=location)
        return incident

    def make_source(self, day: int, city: str) -> dict:
        """A source: publisher, optional title, URL, date, kind and reliability."""
        rng = self.rng
        name, slug, host, kind, grades = rng.choice(PUBLISHERS)
        date = fmt_date(day, "day")
        title = rng.choice([f"Explosions reported in {city}", f"Officials in {city} blame militias",
                            f"What we know about the attacks near {city}", f"Statement on the situation in {city}"])
        source = {"id": self.new_id(f"{slug} {date} {city}", "source", name), "publisher": name}
        if rng.random() < 0.85:
            source["title"] = title
        if rng.random() < 0.9:
            source["url"] = f"https://{host}/{slugify(title)}-{date.replace('-', '')}"
        if rng.random() < 0.8:
            source["date"] = Plain(date)
        if kind != "news" or rng.random() < 0.3:
            source["kind"] = kind
        if rng.random() < 0.7:
            source["reliability"] = rng.choice(grades)
        return source

    # ---- content

    def link(self, eid: str) -> str:
        """A wikilink to eid, sometimes with a label."""
        if self.rng.random() < 0.3:
            return f"[[{eid}|{self.rng.choice(LINK_LABELS[self.kind[eid]])}]]"
        return f"[[{eid}]]"

    def link_sentences(self, targets: list[str]) -> list[str]:
        """One sentence mentioning each target."""
        return [self.rng.choice(LINK_SENTENCES[self.kind[t]]).format(L=self.link(t)) for t in targets]

    def fillers(self, k: int, city: str, adj: str) -> list[str]:
        """k plain sentences (some bold or italic)."""
        rng = self.rng
        return [s.format(n=rng.randint(2, 40), city=city, adj=adj, ordinal=ordinal_suffix(rng.randint(2, 9)))
                for s in rng.sample(FILLERS, k)]

    def paragraph(self, sentences: list[str]) -> str:
        """Sentences shuffled into one paragraph."""
        self.rng.shuffle(sentences)
        return " ".join(sentences)

    def bullet_list(self, city: str) -> str:
        """A short Markdown list."""
        items = self.rng.sample(["roads closed around the site", f"schools shut in {city}", "**no** claim of responsibility",
                                 "air traffic diverted", "curfew announced", "arrests reported"], 3)
        return "\n".join(f"- {item}" for item in items)

    def claims(self, cast: list[str], sources: list[str], city: str) -> list[dict]:
        """1–4 claims with status, sources and sometimes an attribution and a note."""
        rng, out = self.rng, []
        for _ in range(rng.randint(1, 4)):
            status = rng.choice(CLAIM_STATUSES)
            claim = {"text": CLAIM_TEXTS[status].format(n=rng.randint(2, 30), city=city,
                                                        actor=self.label[rng.choice(cast)]),
                     "status": status, "sources": rng.sample(sources, min(len(sources), rng.randint(1, 2)))}
            if rng.random() < 0.5:
                claim["attributed_to"] = rng.choice(cast)
            if rng.random() < 0.15:
                claim["note"] = "Figures differ between local officials and hospital sources."
            if claim not in out:  # a repeat would be a warning (validate.without_repeats): a corpus is warning-free
                out.append(claim)
        return out

    def fill_actors(self) -> None:
        """Give actors a summary with wikilinks, roles and relations."""
        rng = self.rng
        by_kind: dict[str, list[str]] = {}
        for a in self.actors:
            by_kind.setdefault(a["kind"], []).append(a["id"])
        everything = [a["id"] for a in self.actors] + [s["id"] for s in self.stakes] + self.all_sources
        for a in self.actors:
            kind, year = a["kind"], rng.randint(2003, 2022)
            intro = f"{a['name']} is {article(kind)} {kind.replace('-', ' ')} active in the region."
            extra = [s.format(year=year, n=rng.randint(500, 20000)) for s in rng.sample(ACTOR_FILLERS[kind], 2)]
            targets = [t for t in rng.sample(everything, 6) if t != a["id"]][:rng.randint(2, 5)]
            a["summary"] = intro + " " + self.paragraph(extra + self.link_sentences(targets))
            if kind == "person" and rng.random() < 0.7:
                a["roles"] = [self.role(by_kind) for _ in range(rng.randint(1, 2))]
            relations = []
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                relation = self.relation(a, by_kind)
                if relation not in relations:  # a repeat would be a warning, as a claim's (claims)
                    relations.append(relation)
            if relations:
                a["relations"] = relations

    def role(self, by_kind: dict[str, list[str]]) -> dict:
        """A person's role, often of an armed group or government body, with dates."""
        rng = self.rng
        role = {"title": rng.choice(PERSON_TITLES)}
        pool = by_kind.get(rng.choice(["armed-group", "government-body"]))
        if pool and rng.random() < 0.85:
            role["of"] = rng.choice(pool)
        start = rng.randint(SINCE - 3000, UNTIL - 400)
        if rng.random() < 0.8:
            role["from"] = Plain(fmt_date(start, rng.choice(["day", "month", "year"])))
            if rng.random() < 0.4:
                role["to"] = Plain(fmt_date(start + rng.randint(400, 2000), "year"))
        return role

    def relation(self, actor: dict, by_kind: dict[str, list[str]]) -> dict:
        """A typed relation to another actor, sometimes sourced."""
        rng = self.rng
        rtype = rng.choice(RELATION_TYPES[actor["kind"]])
        pool = by_kind.get(RELATION_TARGET.get(rtype, actor["kind"]), self.state_ids)
        target = rng.choice([t for t in pool if t != actor["id"]] or self.state_ids)
        relation = {"type": rtype, "target": target}
        if rng.random() < 0.4:
            relation["sources"] = rng.sample(self.all_sources, 1)
        if rng.random() < 0.2:
            relation["note"] = "Disputed by **some analysts**."
        return relation

    def fill_stakes(self) -> None:
        """Give stakes a summary with wikilinks, a status, parties and claims."""
        rng = self.rng
        everything = [s["id"] for s in self.stakes] + [st["briefing"]["id"] for st in self.stories]
        for s in self.stakes:
            parties = self.pick(self.actor_cum, rng.randint(2, 4))
            targets = parties[:rng.randint(1, 2)] + [t for t in rng.sample(everything, 4) if t != s["id"]]
            lede = f"**{s['title']}** has been on the diplomatic agenda for months."
            summary = lede + " " + self.paragraph(self.link_sentences(targets[:rng.randint(2, 5)]))
            if rng.random() < 0.4:
                points = rng.sample(["sequencing", "verification", "**guarantees**", "funding", "timelines"], 3)
                summary += "\n\nSticking points:\n\n" + "\n".join(f"- {p}" for p in points)
            s["summary"] = summary
            s["status"] = rng.choice(STAKE_STATUSES)
            s["parties"] = []
            for actor in parties:
                party = {"actor": actor, "position": rng.choice(POSITIONS).format(actor=self.label[rng.choice(parties)])}
                if rng.random() < 0.6:
                    party["sources"] = rng.sample(self.all_sources, rng.randint(1, 2))
                s["parties"].append(party)
            s["claims"] = self.claims(parties, self.all_sources, rng.choice(CITIES)[0])

    def fill_story(self, index: int, story: dict) -> None:
        """Give a story's incidents and briefing their text, claims and references."""
        rng = self.rng
        adj = STATE_BY_CODE[story["country"]][2]
        sources = [s["id"] for s in story["sources"]]
        cast = self.pick(self.actor_cum, rng.randint(6, 10))
        stakes = self.pick(self.stake_cum, rng.randint(1, 3))
        earlier: list[str] = []
        for inc in story["incidents"]:
            self.fill_incident(inc, cast, stakes, sources, earlier, story["city"], adj)
            earlier.append(inc["id"])
        previous = [self.stories[index - 1]["briefing"]["id"]] if index else []
        self.fill_briefing(story, cast, stakes, sources, previous, adj)

    def fill_incident(self, inc: dict, cast: list[str], stakes: list[str], sources: list[str],
                      earlier: list[str], city: str, adj: str) -> None:
        """Incident actors with roles, responds_to, casualties, summary with wikilinks, claims, sources."""
        rng = self.rng
        involved = rng.sample(cast, rng.randint(1, 3))
        inc["actors"] = [{"actor": a, "role": rng.choice(ROLES_PERP if i == 0 else ROLES_OTHER)}
                         for i, a in enumerate(involved)]
        if rng.random() < 0.5:
            casualties = {"killed": rng.randint(0, 12), "wounded": rng.randint(0, 40)}
            if rng.random() < 0.15:
                casualties["note"] = "Local officials gave a **higher** toll."
            inc["casualties"] = casualties
        if earlier and rng.random() < 0.3:
            inc["responds_to"] = rng.sample(earlier[-6:], min(len(earlier[-6:]), rng.randint(1, 2)))
        pool = cast + stakes + earlier[-5:] + sources
        targets = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
        kind, place = inc["kind"], inc["location"]["name"]
        lede = f"{cap(article(kind))} {kind} was reported near {place} {rng.choice(TIME_WORDS)}."
        summary = lede + "\n\n" + self.paragraph(self.fillers(rng.randint(1, 3), city, adj) + self.link_sentences(targets))
        if rng.random() < 0.25:
            summary += "\n\n" + self.bullet_list(city)
        inc["summary"] = summary
        inc["claims"] = self.claims(involved, sources, city)
        inc["sources"] = rng.sample(sources, min(len(sources), rng.randint(1, 3)))

    def fill_briefing(self, story: dict, cast: list[str], stakes: list[str], sources: list[str],
                      previous: list[str], adj: str) -> None:
        """The briefing's summary, body (lists, a table, a footnote), actors, incidents, stakes, claims, sources, tags."""
        rng, b, city = self.rng, story["briefing"], story["city"]
        incidents = story["incidents"]
        pool = cast + stakes + [i["id"] for i in incidents] + sources + previous
        targets = rng.sample(pool, rng.randint(2, 5))
        b["summary"] = (f"A wave of **{len(incidents)} incidents** around {city} has raised the stakes for the "
                        f"{adj} government. " + self.paragraph(self.link_sentences(targets[:2])))
        paragraphs = [self.paragraph(self.fillers(3, city, adj) + self.link_sentences(targets[2:])),
                      "Key developments:\n\n" + self.bullet_list(city),
                      self.paragraph(self.fillers(2, city, adj))]
        if rng.random() < 0.3:
            rows = [f"| {human_date(day)} | {i['title']} | {i.get('casualties', {}).get('killed', '–')} |"
                    for i, day in zip(incidents[:5], story["days"])]
            paragraphs.append("| Date | Incident | Killed |\n| --- | --- | ---: |\n" + "\n".join(rows))
        if rng.random() < 0.3:
            note = "Casualty figures remain provisional.[^1]"
            if paragraphs[-1].startswith("|"):  # after a table, a paragraph of its own (in a row: a cell too many)
                paragraphs.append(note)
            else:
                paragraphs[-1] += " " + note
            paragraphs.append("[^1]: Compiled from local media and hospital sources.")
        b["body"] = "\n\n".join(paragraphs)
        b["actors"] = []
        for a in cast[:rng.randint(3, len(cast))]:
            entry = {"actor": a}
            if rng.random() < 0.8:
                entry["role"] = rng.choice(BRIEFING_ROLES)
            b["actors"].append(entry)
        b["incidents"] = [i["id"] for i in incidents]
        b["stakes"] = []
        for s in stakes:
            entry = {"stake": s}
            if rng.random() < 0.7:
                entry["impact"] = rng.choice(["Makes a deal **less likely** in the short term.",
                                              "Gives mediators a new opening.", "Hardens positions on both sides."])
            b["stakes"].append(entry)
        b["claims"] = self.claims(cast, sources, city)
        b["sources"] = list(sources)
        b["tags"] = rng.sample(TAGS, rng.randint(2, 4))

# --------------------------------------------------------------------------- writing the fact sheets


def safe_wipe(path: Path) -> None:
    """Delete and recreate an output folder, refusing obviously wrong targets."""
    path = path.resolve()
    if path in (Path("/"), Path.home(), Path.cwd()) or (path / ".git").exists():
        raise SystemExit(f"refusing to wipe {path}")
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


def write_corpus(corpus: Corpus, outdir: Path) -> dict[str, int]:
    """Write story, actor and stake files; return counts of entities, files and bytes."""
    safe_wipe(outdir)
    files: list[tuple[Path, str]] = []
    for story in corpus.stories:
        b = story["briefing"]
        doc = {"briefing": b, "incidents": story["incidents"], "sources": story["sources"]}
        files.append((outdir / "stories" / str(story["year"]) / f"{b['id']}.yaml", dump(doc, f"Story: {b['title']}")))
    actors = sorted(corpus.actors, key=lambda a: (a.get("country", "~"), a["id"]))
    for part in range(0, len(actors), 50):
        chunk = actors[part:part + 50]
        files.append((outdir / "actors" / f"actors-{part // 50 + 1:03d}.yaml",
                      dump({"actors": chunk}, f"Actors {chunk[0]['id']} … {chunk[-1]['id']} (by country)")))
    for part in range(0, len(corpus.stakes), 10):
        files.append((outdir / "stakes" / f"stakes-{part // 10 + 1:03d}.yaml",
                      dump({"stakes": corpus.stakes[part:part + 10]}, f"Diplomatic stakes, part {part // 10 + 1}")))
    size = 0
    for path, text in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        size += len(data)
    return {**{f"{k}s": v for k, v in corpus.counts.items()}, "files": len(files), "bytes": size}

# --------------------------------------------------------------------------- the Hugo twin


HUGO_CONFIG = '''baseURL = "/"
title = "briefkit benchmark twin"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
'''
HUGO_LAYOUTS = {
    "baseof.html": '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
                   '<body><nav><a href="/">Home</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>\n'
                   '<dl>{{ range .Params.fields }}<dt>{{ .name }}</dt><dd>{{ .value }}</dd>{{ end }}</dl>\n'
                   '{{ .Content }}\n'
                   '{{ with .Params.links }}<h2>Links</h2><ul>{{ range . }}<li>{{ .rel }}: '
                   '<a href="{{ .url }}">{{ .label }}</a></li>{{ end }}</ul>{{ end }}\n{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}\n'
                 '<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}


def url_of(corpus: Corpus, eid: str) -> str:
    """The permalink of an entity (sources are anchors on /sources/)."""
    kind = corpus.kind[eid]
    return f"/sources/#{eid}" if kind == "source" else f"/{KIND_DIRS[kind]}/{eid}/"


def hugo_markdown(corpus: Corpus, text: str) -> str:
    """Markdown with wikilinks turned into ordinary links."""
    return WIKILINK_RE.sub(lambda m: f"[{m.group(2) or corpus.label[m.group(1)]}]({url_of(corpus, m.group(1))})", text)


def hugo_claim(corpus: Corpus, claim: dict) -> str:
    """A claim as one Markdown list item: status, text, attribution, citations, note."""
    parts = [f"- **{claim['status']}**: {hugo_markdown(corpus, claim['text'])}"]
    if "attributed_to" in claim:
        who = claim["attributed_to"]
        parts.append(f"(attributed to [{corpus.label[who]}]({url_of(corpus, who)}))")
    parts.append(", ".join(f"[{corpus.label[s]}]({url_of(corpus, s)})" for s in claim["sources"]))
    if "note" in claim:
        parts.append(f"— {hugo_markdown(corpus, claim['note'])}")
    return " ".join(parts)


def hugo_page(corpus: Corpus, kind: str, e: dict) -> str:
    """One Hugo content file: front matter (title, date, fields, forward links) and the Markdown body."""
    fields, links, body = [], [], []

    def add_link(rel: str, eid: str, extra: str = "") -> None:
        links.append({"rel": rel + extra, "label": corpus.label[eid], "url": url_of(corpus, eid)})

    for key in ("kind", "status", "country", "date", "end_date", "updated", "wikidata"):
        if key in e:
            fields.append({"name": key, "value": str(e[key])})
    if "aliases" in e:
        fields.append({"name": "aliases", "value": ", ".join(e["aliases"])})
    if "location" in e:
        fields.append({"name": "location", "value": ", ".join(str(v) for v in e["location"].values())})
    if "casualties" in e:
        toll = e["casualties"]
        fields.append({"name": "casualties", "value": f"{toll['killed']} killed, {toll['wounded']} wounded"})
    for key in ("summary", "body"):
        if key in e:
            body.append(hugo_markdown(corpus, e[key]))
    for ref in e.get("actors", []):
        add_link("actor", ref["actor"], f" ({ref['role']})" if "role" in ref else "")
    for iid in e.get("incidents", []) + e.get("responds_to", []):
        add_link("incident", iid)
    for ref in e.get("stakes", []):
        add_link("stake", ref["stake"])
        if "impact" in ref:
            body.append(f"**Impact on {corpus.label[ref['stake']]}:** {hugo_markdown(corpus, ref['impact'])}")
    for party in e.get("parties", []):
        add_link("party", party["actor"])
        body.append(f"**{corpus.label[party['actor']]}:** {hugo_markdown(corpus, party['position'])}")
    for role in e.get("roles", []):
        if "of" in role:
            add_link(role["title"], role["of"])
    for rel in e.get("relations", []):
        add_link(rel["type"], rel["target"])
    if e.get("claims"):
        body.append("## Claims\n\n" + "\n".join(hugo_claim(corpus, c) for c in e["claims"]))
    for sid in e.get("sources", []):
        add_link("source", sid)
    front: dict = {"title": e.get("title") or e["name"]}
    if "date" in e:
        front["date"] = Plain(full_date(str(e["date"])))
    front["fields"], front["links"] = fields, links
    return "---\n" + dump(front) + "---\n\n" + "\n\n".join(body) + "\n"


def write_hugo(corpus: Corpus, hugodir: Path) -> int:
    """Write the Hugo twin site; return the number of entity pages."""
    safe_wipe(hugodir)
    (hugodir / "hugo.toml").write_text(HUGO_CONFIG)
    layouts = hugodir / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text)
    entities = [("briefing", s["briefing"]) for s in corpus.stories] + [("actor", a) for a in corpus.actors]
    entities += [("incident", i) for s in corpus.stories for i in s["incidents"]] + [("stake", s) for s in corpus.stakes]
    for kind, folder in KIND_DIRS.items():
        (hugodir / "content" / folder).mkdir(parents=True)
        (hugodir / "content" / folder / "_index.md").write_text(f"---\ntitle: {folder.capitalize()}\n---\n")
    for kind, e in entities:
        (hugodir / "content" / KIND_DIRS[kind] / f"{e['id']}.md").write_text(hugo_page(corpus, kind, e), encoding="utf-8")
    return len(entities)


def generate(n: int, outdir, hugodir=None) -> dict[str, int]:
    """Write the corpus for N pages to outdir (and its Hugo twin to hugodir); return counts."""
    corpus = Corpus(n)
    counts = write_corpus(corpus, Path(outdir))
    if hugodir is not None:
        counts["hugo_pages"] = write_hugo(corpus, Path(hugodir))
    return counts


def generate_hugo(n: int, hugodir) -> int:
    """Write only the Hugo twin site for N pages; return its number of entity pages."""
    return write_hugo(Corpus(n), Path(hugodir))

# --------------------------------------------------------------------------- independent validity check


REF_FIELDS = {  # kind -> (path through lists/dicts, expected kind)
    "briefing": [("actors.actor", "actor"), ("incidents", "incident"), ("stakes.stake", "stake"), ("sources", "source")],
    "incident": [("actors.actor", "actor"), ("responds_to", "incident"), ("sources", "source")],
    "stake": [("parties.actor", "actor"), ("parties.sources", "source")],
    "actor": [("roles.of", "actor"), ("relations.target", "actor"), ("relations.sources", "source")],
    "source": [],
}
CLAIM_REFS = [("sources", "source"), ("attributed_to", "actor")]
TOP_KEYS = {"briefing": "briefing", "actors": "actor", "incidents": "incident", "stakes": "stake", "sources": "source"}
DATE_FIELDS = ("date", "end_date", "updated")
DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def follow(value, path: list[str]):
    """Every value reached from value by the dotted path (lists are walked)."""
    if isinstance(value, list):
        for item in value:
            yield from follow(item, path)
    elif not path:
        if value is not None:
            yield value
    elif isinstance(value, dict) and path[0] in value:
        yield from follow(value[path[0]], path[1:])


def strings(value):
    """Every string anywhere inside value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def entity_refs(kind: str, e: dict):
    """(target id, expected kind or None for wikilinks) for every reference an entity makes."""
    specs = [(p.split("."), k) for p, k in REF_FIELDS[kind]]
    specs += [(["claims", *p.split(".")], k) for p, k in CLAIM_REFS]
    for path, expected in specs:
        for target in follow(e, path):
            yield target, expected
    for text in strings(e):
        for m in WIKILINK_RE.finditer(text):
            yield m.group(1), None


def load_corpus(root: Path) -> list[tuple[Path, str, dict]]:
    """(path, kind, entity) for every entity of every fact sheet under root, read with CSafeLoader."""
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if path.suffix not in (".yaml", ".yml") or any(p.startswith(("_", ".")) for p in rel):
            continue
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        for key, value in doc.items():
            for e in [value] if key == "briefing" else value:
                out.append((path, TOP_KEYS.get(key, key), e))
    return out


def valid_date(value) -> bool:
    """A YAML date, a year, or a valid YYYY[-MM[-DD]] string."""
    if isinstance(value, (dt.date, int)):
        return True
    if not (isinstance(value, str) and DATE_RE.fullmatch(value)):
        return False
    try:
        dt.date.fromisoformat(value if len(value) == 10 else (value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def check(root) -> tuple[list[str], Counter]:
    """Problems (bad top-level keys, bad or duplicate ids, bad dates, unresolved references) and entity counts by kind."""
    entities, problems = load_corpus(Path(root)), []
    defined: dict[str, tuple[str, Path]] = {}
    for path, kind, e in entities:
        if kind not in REF_FIELDS:
            problems.append(f"{path}: unknown top-level key for {kind}")
            continue
        eid = e.get("id")
        if not (isinstance(eid, str) and ID_RE.fullmatch(eid) and len(eid) <= 80):
            problems.append(f"{path}: bad id {eid!r}")
        elif eid in defined:
            problems.append(f"{path}: duplicate id {eid} (first in {defined[eid][1]})")
        else:
            defined[eid] = (kind, path)
        problems += [f"{path}: {eid}: bad {f} {e[f]!r}" for f in DATE_FIELDS if f in e and not valid_date(e[f])]
    for path, kind, e in entities:
        for target, expected in entity_refs(kind, e) if kind in REF_FIELDS else ():
            found = defined.get(target, (None,))[0]
            if found is None or (expected and found != expected):
                problems.append(f"{path}: {e.get('id')}: reference {target!r}: expected {expected or 'any entity'}, "
                                f"found {found or 'nothing'}")
    return problems, Counter(kind for _, kind, _ in entities)

# --------------------------------------------------------------------------- benchmark edits


def pick_targets(root) -> dict:
    """Deterministic edit targets: the middle incident (by id) and the most referenced actor, with their files."""
    entities = load_corpus(Path(root))
    incidents = sorted((e["id"], path) for path, kind, e in entities if kind == "incident")
    actors = {e["id"]: (path, e["name"]) for path, kind, e in entities if kind == "actor"}
    refs = Counter(t for _, kind, e in entities for t, _ in entity_refs(kind, e) if t in actors)
    actor_id = min(refs, key=lambda a: (-refs[a], a))
    incident_id, incident_path = incidents[len(incidents) // 2]
    return {"incident": incident_id, "incident_path": incident_path, "actor": actor_id,
            "actor_path": actors[actor_id][0], "actor_name": actors[actor_id][1], "actor_refs": refs[actor_id]}


def entity_line(lines: list[str], eid: str) -> int:
    """Index of the `- id: eid` line."""
    return next(i for i, line in enumerate(lines) if line.lstrip("- ").rstrip() == f"id: {eid}")


def edit_incident(path, eid: str, k: int) -> None:
    """Change the last word of the incident's first summary line (a time word) to another one, in place."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    i = entity_line(lines, eid)
    i = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "summary: |") + 1
    m = re.search(r"([A-Za-z]+)\.$", lines[i])
    word = TIME_WORDS[k % len(TIME_WORDS)]
    if word == m.group(1):
        word = TIME_WORDS[(k + 1) % len(TIME_WORDS)]
    lines[i] = lines[i][:m.start(1)] + word + "."
    path.write_text("\n".join(lines), encoding="utf-8")


def rename_actor(path, eid: str, name: str, k: int) -> None:
    """Change the actor's display name (`name:`) to `<name> (rev k)`, in place."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    i = entity_line(lines, eid) + 1
    while not lines[i].lstrip().startswith("name: "):
        i += 1
    indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
    lines[i] = f"{indent}name: {json.dumps(f'{name} (rev {k})', ensure_ascii=False)}"
    path.write_text("\n".join(lines), encoding="utf-8")

# --------------------------------------------------------------------------- command line


def main(argv=None) -> int:
    """Generate (N OUTDIR [--hugo DIR]) or verify (--check OUTDIR) a corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, help="number of entity pages")
    parser.add_argument("outdir", help="corpus folder (wiped and recreated when generating)")
    parser.add_argument("--hugo", metavar="HUGODIR", help="also write the equivalent Hugo site here (wiped)")
    parser.add_argument("--check", action="store_true", help="verify the corpus (after generating, if N is given)")
    args = parser.parse_args(argv)
    if args.n is None and not args.check:
        parser.error("give N to generate, or --check")
    if args.n is not None:
        counts = generate(args.n, args.outdir, args.hugo)
        print(" ".join(f"{k}={v}" for k, v in counts.items()))
    if args.check:
        problems, counts = check(args.outdir)
        for p in problems:
            print(p, file=sys.stderr)
        print(f"check: {len(problems)} problem(s); " + " ".join(f"{k}s={counts[k]}" for k in sorted(counts)))
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

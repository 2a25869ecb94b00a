"""The fact-sheet schema, declared once: the validator, the JSON Schema and the docs read it.

Each entity kind is a `Record` of `Field`s; field types are small classes the
validator dispatches on. Cross-field rules (both-or-neither, date order) are
declared with the record they belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

ID_REGEX = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 80
# A character a reader can see: not whitespace, and none of the characters that show nothing (format controls such
# as U+200B or U+202E, the soft hyphen, joiners, variation selectors, the braille blank and the Hangul fillers). A
# Text or Markdown value without one is empty (a name of U+2800 alone gave a page whose links had no text).
INVISIBLE = (r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
             r"\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0")  # the body of a character class (URLs hold none either)
VISIBLE_REGEX = rf"[^\s{INVISIBLE}]"
# The bidirectional algorithm's explicit runs (embeddings, overrides, isolates, and their ends), and with them its
# marks: bodies of character classes. Editor text holding them is isolated on pages (bidi.py), its open runs closed
# (validate.py), and they print escaped in messages (problems.py) and commit subjects (history.py).
BIDI_RUNS = "\u202a-\u202e\u2066-\u2069"
BIDI_CONTROLS = "\u061c\u200e\u200f" + BIDI_RUNS

# Codes often written for countries that ISO 3166-1 spells otherwise (the EU's, the UK's own, and those withdrawn when
# a country was renamed: Burma, Zaire, East Timor): for "did you mean".
COUNTRY_MISTAKES = {"UK": "GB", "EL": "GR", "BU": "MM", "ZR": "CD", "TP": "TL"}
# Withdrawn codes of states that split (ISO 3166-3): no one code is meant, so the countries of today are named
WITHDRAWN_COUNTRIES = {"SU": ("the Soviet Union", "RU, UA, GE…"), "YU": ("Yugoslavia", "RS, HR, BA…"),
                       "CS": ("Czechoslovakia, and later Serbia and Montenegro", "CZ, SK, RS, ME"),
                       "DD": ("East Germany", "DE"), "AN": ("the Netherlands Antilles", "CW, SX, BQ")}
# ISO 3166-1 alpha-3 codes (what ACLED and UN data use) and the alpha-2 code of each, five letters a pair:
# only for "did you mean" (`RUS` is `RU`).
ALPHA_3 = {pair[:3]: pair[3:] for pair in (
    "ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT "
    "AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO "
    "BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG "
    "COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO "
    "DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB "
    "GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY "
    "HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT "
    "JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY "
    "LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH "
    "MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA "
    "NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE "
    "PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA "
    "SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR "
    "SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO "
    "TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG "
    "VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW "
).split()}
# Other names editors give fields (ACLED's and GeoJSON's, say), for "did you mean".
# Words an editor may write for a field or a value, and what the format calls it ("did you mean"; each offered
# only where the field or value exists).
FIELD_SYNONYMS = {"latitude": "lat", "longitude": "lon", "lng": "lon", "long": "lon", "lede": "summary", "lead": "summary",
                  "headline": "title", "name": "title", "title": "name", "dead": "killed", "deaths": "killed",
                  "fatalities": "killed", "injured": "wounded", "injuries": "wounded", "link": "url", "end": "end_date",
                  "outlet": "publisher", "alias": "aliases", "tag": "tags", "type": "kind", "description": "summary",
                  "analysis": "body", "nationality": "country", "source": "sources",
                  # and those a tester wrote, with no hint or a wrong one (`published` was offered `publisher`)
                  "published": "date", "language": "lang", "since": "from", "until": "to", "org": "of",
                  "organization": "of", "stance": "position", "participants": "actors", "place": "location"}
VALUE_SYNONYMS = {"verified": "confirmed", "militia": "armed-group", "government": "government-body",
                  "ngo": "organization", "attacker": "perpetrator", "suspect": "alleged-perpetrator",
                  "supported-by": "backed-by", "opposed-to": "opposes", "ally-of": "allied-with", "leader-of": "leads",
                  "spokesperson-for": "speaks-for", "newspaper": "news", "press": "news", "wire": "news",
                  "statement": "official",
                  # and those testers wrote with no hint (`country`, `tweet`, `press release`, `rejected`)
                  "country": "state", "nation": "state", "individual": "person", "rebels": "armed-group",
                  "rebel-group": "armed-group", "insurgents": "armed-group", "ministry": "government-body",
                  "company": "organization", "igo": "international-organization",
                  "tweet": "social", "post": "social", "twitter": "social", "telegram": "social", "facebook": "social",
                  "press-release": "official", "communique": "official", "opinion": "analysis",
                  "contested": "disputed", "rejected": "denied",
                  "spokesperson": "speaks-for", "spokesman": "speaks-for", "spokeswoman": "speaks-for"}  # for its target

# Relation types read from the other end, as the pages print them on the target's page ("led by", "backs"): an
# editor who wrote one on the actor at hand was refused with no hint (a tester). The relation is recorded on the
# other actor, with the type it is the other side of.
INVERSE_RELATIONS = {"led-by": "leads", "opposed-by": "opposes", "backs": "backed-by", "supports": "backed-by",
                     "includes": "part-of", "has-member": "member-of", "represented-by": "speaks-for",
                     "parent-of": "part-of", "contains": "part-of"}
# Words that do not say which way a relation goes ("Iran backed" or "backed by Iran"): no did-you-mean, which would
# offer one way, maybe the opposite (`backed` was offered `backed-by`: a reviewer), but both ways named.
UNDIRECTED_RELATIONS = {"backed": ("backed-by", "is backed by"), "supported": ("backed-by", "is backed by"),
                        "led": ("leads", "leads")}  # the type each may mean, and what it says of this actor

RELATION_WORDS = {  # type: (outgoing words, incoming words); each word is one row's, before one actor
    "member-of": ("member of", "has member"),
    "leads": ("leads", "led by"),
    "speaks-for": ("speaks for", "spokesperson"),
    "backed-by": ("backed by", "backs"),
    "allied-with": ("allied with", "allied with"),
    "opposes": ("opposes", "opposed by"),
    "part-of": ("part of", "includes"),
}

# ISO 3166-1 alpha-2: the officially assigned codes.
COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
VN VU WF WS YE YT ZA ZM ZW
""".split())


class Type:
    """Base of field types; `words` names the type in messages."""

    words = "a value"


# The most characters a text field (a name, title, alias, label) holds: each shows wherever its entity is named, so
# its length is multiplied by every mention (the longest real names and report titles are a few hundred characters).
MAX_TEXT_CHARS = 500


@dataclass(frozen=True)
class Text(Type):
    """Plain text (never Markdown), at most `limit` characters (None: the loader's limit alone, for a field shown once,
    such as a briefing actor's role, which says who matters and why)."""

    limit: int | None = MAX_TEXT_CHARS
    words = "text"


@dataclass(frozen=True)
class Markdown(Type):
    """CommonMark text with tables, strikethrough, footnotes and `[[id]]` links."""

    words = "Markdown text"


@dataclass(frozen=True)
class Id(Type):
    """An entity's own id."""

    words = "an id"


@dataclass(frozen=True)
class Ref(Type):
    """A reference: the id of an entity of one of `kinds`."""

    kinds: tuple[str, ...]
    words = "an id"


@dataclass(frozen=True)
class Date(Type):
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY`."""

    words = "a date"


@dataclass(frozen=True)
class Url(Type):
    """An absolute http(s) URL."""

    words = "a URL"


@dataclass(frozen=True)
class Enum(Type):
    """One of a fixed set of words."""

    values: tuple[str, ...]
    words = "one of a fixed set of words"


@dataclass(frozen=True)
class Integer(Type):
    """A whole number not below `minimum`."""

    minimum: int = 0
    words = "a whole number"


@dataclass(frozen=True)
class Number(Type):
    """A number within [minimum, maximum]."""

    minimum: float
    maximum: float
    words = "a number"


@dataclass(frozen=True)
class Pattern(Type):
    """Text matching a regular expression; `example` shows the form."""

    regex: str
    example: str
    rule: str = ""  # the form in words, for messages: "one letter from A to F"
    words = "text"


@dataclass(frozen=True)
class Country(Type):
    """An assigned ISO 3166-1 alpha-2 code."""

    words = "a country code"


@dataclass(frozen=True)
class ListOf(Type):
    """A list of items of one type."""

    item: Type
    min_items: int = 0
    words = "a list"


@dataclass(frozen=True)
class Field:
    """One key of a record."""

    name: str
    type: Type
    required: bool = False
    doc: str = ""
    default: object = None


@dataclass(frozen=True)
class Record(Type):
    """A mapping with known fields; `kind` is set for entity records."""

    name: str
    fields: tuple[Field, ...]
    kind: str = ""
    both_or_neither: tuple[tuple[str, str], ...] = ()
    ordered_dates: tuple[tuple[str, str], ...] = ()  # (earlier, later)
    once_by: str = ""  # in a list, the field an item is shown by: a second item naming the same is shown with the first
    words = "a mapping"

    @cached_property
    def field_map(self) -> dict[str, Field]:
        """Fields by name (computed once per record; validation asks for every mapping)."""
        return {f.name: f for f in self.fields}


def refs(*kinds: str) -> Ref:
    """Shorthand for a reference type."""
    return Ref(tuple(kinds))


CLAIM_STATUSES = ("confirmed", "reported", "claimed", "alleged", "disputed", "denied")
SOURCE_KINDS = ("news", "official", "analysis", "social", "other")
ACTOR_KINDS = ("person", "state", "government-body", "armed-group", "organization", "international-organization")
RELATION_TYPES = ("member-of", "leads", "speaks-for", "backed-by", "allied-with", "opposes", "part-of")
INCIDENT_ROLES = ("perpetrator", "alleged-perpetrator", "target", "responder", "victim", "other")
PRECISIONS = ("exact", "approximate", "region")
SOURCE_IDS = ListOf(refs("source"), 1)
# BCP 47's form in short: a language, then subtags; or a private-use tag (`x-klingon`)
LANGUAGE_TAG = r"^(?:[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*|[xX](-[A-Za-z0-9]{1,8})+)$"
LANGUAGE = Pattern(LANGUAGE_TAG, "ar", "a BCP 47 language tag")  # a source's `lang`, and the site's DEFAULT_LANG
# The two-letter languages of BCP 47 (ISO 639-1, with the registry's deprecated `in`, `iw`, `ji`, `mo`, `sh`, `bh`):
# a tag's two-letter language must be one (`jp` is Japan's country code: a screen reader knows no such voice)
LANGUAGES_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es
et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik in io is it iu iw ja ji jv ka
kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mo mr ms mt my na nb nd ne ng nl
nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split())
# A country's code written where its language's goes (no language has these codes)
LANGUAGE_MISTAKES = {"jp": "ja", "cn": "zh", "ua": "uk", "gr": "el", "dk": "da", "cz": "cs", "il": "he", "ir": "fa",
                     "vn": "vi", "kz": "kk", "by": "be", "rs": "sr", "us": "en", "gb": "en", "at": "de", "pk": "ur",
                     "kp": "ko", "hk": "zh", "mx": "es", "eg": "ar", "iq": "ar", "sy": "ar", "ye": "ar", "ge": "ka",
                     "al": "sq", "mm": "my", "np": "ne", "lk": "si", "kh": "km"}
# ISO 639-2 codes (bibliographic and terminologic) of languages that have a two-letter one, which BCP 47 requires
# (`lang="ara"` is no tag a screen reader knows: a tester), by the two-letter code
LANGUAGES_639_2 = {three: two for two, threes in {
    "ar": "ara", "he": "heb", "uk": "ukr", "ru": "rus", "en": "eng", "fr": "fra fre", "de": "deu ger", "es": "spa",
    "zh": "zho chi", "ja": "jpn", "ko": "kor", "fa": "fas per", "tr": "tur", "rw": "kin", "my": "mya bur",
    "am": "amh", "ti": "tir", "hi": "hin", "ur": "urd", "bn": "ben", "pt": "por", "it": "ita", "pl": "pol",
    "nl": "nld dut", "sw": "swa", "so": "som", "th": "tha", "vi": "vie", "id": "ind", "ms": "msa may", "ta": "tam",
    "ps": "pus", "ku": "kur", "ka": "kat geo", "hy": "hye arm", "az": "aze", "sr": "srp", "hr": "hrv", "bs": "bos",
    "bg": "bul", "el": "ell gre", "ro": "ron rum", "hu": "hun", "cs": "ces cze", "sk": "slk slo", "sl": "slv",
    "fi": "fin", "sv": "swe", "no": "nor", "da": "dan", "uz": "uzb", "kk": "kaz", "tg": "tgk", "ne": "nep",
    "si": "sin", "km": "khm", "lo": "lao", "tl": "tgl", "ha": "hau", "yo": "yor", "ig": "ibo", "ff": "ful",
}.items() for three in threes.split()}
# A country's code that is also another language's, by the script a title in the country's language is written in
# (`lang: kr` on a title in Hangul is Kanuri, read in that voice): the language meant, and the one the code names
LANGUAGE_BY_SCRIPT = {"kr": ("ko", "HANGUL", "Kanuri"), "et": ("am", "ETHIOPIC", "Estonian"),
                      "in": ("hi", "DEVANAGARI", "Indonesian, in a code no longer used"), "sa": ("ar", "ARABIC", "Sanskrit"),
                      "am": ("hy", "ARMENIAN", "Amharic"), "tw": ("zh", "CJK", "Twi"), "si": ("sl", "LATIN", "Sinhala")}

CLAIM = Record("claim", (
    Field("text", Markdown(), True, "the fact, one or two sentences"),
    Field("status", Enum(CLAIM_STATUSES), True, "how firm it is"),
    Field("sources", SOURCE_IDS, True, "where it was published"),
    Field("attributed_to", refs("actor"), False, "who asserts it (e.g. a spokesperson)"),
    Field("note", Markdown(), False, "caveat, e.g. where sources disagree"),
))
CLAIMS = ListOf(CLAIM)

SOURCE = Record("source", (
    Field("id", Id(), True),
    Field("publisher", Text(), True, "e.g. Reuters"),
    Field("title", Text()),
    Field("url", Url()),
    Field("date", Date()),
    Field("kind", Enum(SOURCE_KINDS), False, default="news"),
    Field("reliability", Pattern(r"^[A-F]$", "B", "one letter from A to F"), False,
          "Admiralty grading: A completely reliable … F cannot be judged"),
    # Not in FORMAT.md (an optional field it allows): a title in another language than the site's is marked with
    # it, so screen readers read it in that language's voice and browsers pick its fonts (a tester: Arabic titles).
    Field("lang", LANGUAGE, False,
          "the language of the title, when not the site's (BCP 47)"),
), kind="source")

ROLE = Record("role", (
    Field("title", Text(), True),
    Field("of", refs("actor")),
    Field("from", Date()),
    Field("to", Date()),
), ordered_dates=(("from", "to"),))

RELATION = Record("relation", (
    Field("type", Enum(RELATION_TYPES), True),
    Field("target", refs("actor"), True),
    Field("sources", ListOf(refs("source"))),
    Field("note", Markdown()),
))

ACTOR = Record("actor", (
    Field("id", Id(), True),
    Field("name", Text(), True, "display name"),
    Field("kind", Enum(ACTOR_KINDS), True),
    Field("aliases", ListOf(Text()), False, "other names and spellings (also searched)"),
    Field("country", Country(), False, 'ISO 3166-1 alpha-2, quoted ("IQ")'),
    Field("summary", Markdown(), False, "one paragraph"),
    Field("roles", ListOf(ROLE)),
    Field("relations", ListOf(RELATION)),
    Field("wikidata", Pattern(r"^Q[0-9]+$", "Q794", "`Q` followed by digits")),  # FORMAT.md
), kind="actor")

LOCATION = Record("location", (
    Field("name", Text(), True),
    Field("country", Country()),
    Field("lat", Number(-90, 90)),
    Field("lon", Number(-180, 180)),
    Field("precision", Enum(PRECISIONS)),
), both_or_neither=(("lat", "lon"),))

INCIDENT_ACTOR = Record("incident actor", (
    Field("actor", refs("actor"), True),
    Field("role", Enum(INCIDENT_ROLES), True),
))

CASUALTIES = Record("casualties", (
    Field("killed", Integer()),
    Field("wounded", Integer()),
    Field("note", Markdown(), False, "for disputed or partial figures"),
))

INCIDENT = Record("incident", (
    Field("id", Id(), True),
    Field("title", Text(), True),
    Field("date", Date(), True, "when it happened"),
    Field("end_date", Date(), False, "for incidents over several days"),
    Field("kind", Text(), True, "e.g. rocket attack, airstrike"),
    Field("location", LOCATION, True),
    Field("actors", ListOf(INCIDENT_ACTOR)),
    Field("casualties", CASUALTIES),
    Field("responds_to", ListOf(refs("incident")), False, "earlier incidents this one answers"),
    Field("summary", Markdown()),
    Field("claims", CLAIMS),
    Field("sources", SOURCE_IDS, True),
), kind="incident", ordered_dates=(("date", "end_date"),))

PARTY = Record("party", (
    Field("actor", refs("actor"), True),
    Field("position", Markdown(), True),
    Field("sources", ListOf(refs("source"))),
))

STAKE = Record("stake", (
    Field("id", Id(), True),
    Field("title", Text(), True),
    Field("summary", Markdown()),
    Field("status", Text(), False, "e.g. talks pending"),
    Field("parties", ListOf(PARTY)),
    Field("claims", CLAIMS),
), kind="stake")

BRIEFING_ACTOR = Record("briefing actor", (
    Field("actor", refs("actor"), True),
    Field("role", Text(limit=None), False, "who matters here and why"),
), once_by="actor")

BRIEFING_STAKE = Record("briefing stake", (
    Field("stake", refs("stake"), True),
    Field("impact", Markdown(), False, "what this story does to the stake"),
), once_by="stake")

BRIEFING = Record("briefing", (
    Field("id", Id(), True),
    Field("title", Text(), True),
    Field("date", Date(), True, "publication date of the briefing"),
    Field("updated", Date()),
    Field("summary", Markdown(), True, "the lede, one paragraph"),
    Field("body", Markdown(), False, "the analysis"),
    Field("actors", ListOf(BRIEFING_ACTOR)),
    Field("incidents", ListOf(refs("incident"))),
    Field("stakes", ListOf(BRIEFING_STAKE)),
    Field("claims", CLAIMS),
    Field("sources", SOURCE_IDS, True),
    Field("tags", ListOf(Text())),
), kind="briefing", ordered_dates=(("date", "updated"),))

KINDS = {record.kind: record for record in (BRIEFING, ACTOR, INCIDENT, STAKE, SOURCE)}
# Top-level keys of a fact sheet: key -> (record, holds a list?)
SHEET = {
    "briefing": (BRIEFING, False),
    "actors": (ACTOR, True),
    "incidents": (INCIDENT, True),
    "stakes": (STAKE, True),
    "sources": (SOURCE, True),
}
PLURALS = {"briefing": "briefings", "actor": "actors", "incident": "incidents", "stake": "stakes", "source": "sources"}


@cache
def field_names() -> frozenset[str]:
    """Every key a fact sheet may hold, at any depth: the top-level keys and every record's fields."""
    names, types = set(SHEET), [record for record, _ in SHEET.values()]
    while types:
        type_ = types.pop()
        if isinstance(type_, ListOf):
            types.append(type_.item)
        elif isinstance(type_, Record):
            names.update(f.name for f in type_.fields)
            types.extend(f.type for f in type_.fields)
    return frozenset(names)

# Permalinks (FORMAT.md): the record-to-URL rule, in one place.
URL_RULES = {
    "briefing": "briefings/{id}/",
    "actor": "actors/{id}/",
    "incident": "incidents/{id}/",
    "stake": "stakes/{id}/",
    "source": "sources/#{id}",
}
PAGE_KINDS = ("briefing", "actor", "incident", "stake")


def cited_ids(data: dict) -> list[str]:
    """Every source id an entity's data cites (sources, claims, relations, parties), in order of first citation."""
    ids = list(data.get("sources", []))
    for claim in data.get("claims", []):
        ids += claim.get("sources", [])
    for item in data.get("relations", []) + data.get("parties", []):
        ids += item.get("sources", [])
    return list(dict.fromkeys(ids))


def url_for(kind: str, entity_id: str) -> str:
    """Site-relative URL of an entity (no leading slash)."""
    return URL_RULES[kind].format(id=entity_id)


def _path_pattern(kind: str) -> re.Pattern:
    """URL_RULES[kind] read backwards: a site path to the entity's page (or its index.html), an #anchor allowed."""
    before, after = URL_RULES[kind].split("{id}")
    if after.startswith("/"):  # a page of its own
        return re.compile(re.escape(before) + r"([^/#?]+)/(?:index\.html)?(?:#.*)?")
    return re.compile(re.escape(before) + r"([^/#?]+)")  # an anchor on a shared page (sources/#id)


_PATH_PATTERNS = {kind: _path_pattern(kind) for kind in URL_RULES}


def entity_of_path(path: str) -> tuple[str, str] | None:
    """(kind, id) of the entity whose page (or anchor) a site path names (`actors/iran/`, `sources/#reuters-1`),
    else None: the inverse of url_for, for checking links written in fields."""
    path = path.split("?", 1)[0]
    for kind, pattern in _PATH_PATTERNS.items():
        found = pattern.fullmatch(path)
        if found:
            return kind, found.group(1)
    return None


def save_as(kind: str, entity_id: str) -> str:
    """Output file of an entity's page, relative to the output folder."""
    return url_for(kind, entity_id) + "index.html"

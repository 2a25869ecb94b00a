""""Did you mean": close matches found through a trigram index, not by scanning every id."""

from __future__ import annotations

import bisect
import difflib
import heapq
import unicodedata
from collections import Counter, defaultdict


# Latin letters that Unicode decomposes into no base letter and mark (`Đ` is not `D` and a stroke): their plain form
_LATIN_LETTERS = str.maketrans({"Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "Æ": "AE",
                                "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h",
                                # Azerbaijani's schwa (`Əliyev` had become `liyev`: a tester), and the letters of
                                # African alphabets (Hausa, Ewe, Akan, Wolof…) that have no base letter either
                                "Ə": "E", "ə": "e", "Ɛ": "E", "ɛ": "e", "Ɔ": "O", "ɔ": "o", "Ŋ": "Ng", "ŋ": "ng",
                                "Ɖ": "D", "ɖ": "d", "Ɗ": "D", "ɗ": "d", "Ɓ": "B", "ɓ": "b", "Ƙ": "K", "ƙ": "k",
                                "Ƴ": "Y", "ƴ": "y", "Ɣ": "G", "ɣ": "g", "Ʋ": "V", "ʋ": "v", "Ƒ": "F", "ƒ": "f",
                                "Ʒ": "Z", "ʒ": "z", "Ŧ": "T", "ŧ": "t"})


def unaccented(text: str) -> str:
    """text with compatibility forms read (full-width `ａ`), accents dropped (`é`, `ć`) and Latin letters with a
    stroke written plain (`Đurđevdan` is `Durdevdan`): the letters an id or slug would spell it with."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spelt_in_latin(text: str, share: float = 0.8) -> bool:
    """True when at least share of text's letters and digits are kept spelt as an id spells them (unaccented Latin):
    a Russian title holding `MH17` is not `mh17`, a Hindi one holding `166` not `166`."""
    kept = sum(char.isascii() and char.isalnum() for char in unaccented(text))
    return kept >= share * sum(char.isalnum() for char in text)


def folded(text: str) -> str:
    """Text as compared regardless of case, compatibility forms (NFKC) and spacing: `Взрыв` and `взрыв` alike."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def closest(word: str, choices: list[str], cutoff: float = 0.75) -> str | None:
    """The closest choice to word among a few choices (a short list, scanned)."""
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(guesses) -> str:
    """"; did you mean `a`?" (or "`a` or `b`", "`a`, `b` or `c`", for ids equally likely; "one of 7: `a`, `b`, `c`, …"
    for more), or "" for no guess."""
    if not guesses:
        return ""
    named = [f"`{guess}`" for guess in guesses]
    if len(named) > NAMED:
        return f"; did you mean one of {len(named)}: {', '.join(named[:NAMED])}, …?"
    return "; did you mean " + (", ".join(named[:-1]) + " or " if len(named) > 1 else "") + named[-1] + "?"


NAMED = 3  # "did you mean" names at most this many ids; of more, it says how many


def _grams(word: str) -> set[str]:
    """Character trigrams of word, padded at both ends."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _parts_agree(word: str, match: str, cutoff: float) -> bool:
    """False when the hyphen-separated parts two ids do not share are words unlike each other: `tass-2023-06-24` is
    no typo of `reuters-2023-06-24` (a shared date made them look alike, and the hint credited another publisher)."""
    mine, theirs = word.split("-"), match.split("-")
    while mine and theirs and mine[0] == theirs[0]:
        mine, theirs = mine[1:], theirs[1:]
    while mine and theirs and mine[-1] == theirs[-1]:
        mine, theirs = mine[:-1], theirs[:-1]
    left, right = "-".join(mine), "-".join(theirs)
    if not left or not right or not (left.isalpha() and right.isalpha()):
        return True  # a part added or dropped, or digits (a date's day) or mixed: as close as the whole says
    # one letter typed wrong, left out, doubled or swapped is a typo of a long part (`joe-bdien`); a short part
    # beside shared ones is an acronym or a code, another's when it differs but by a swap (`jeo-biden`,
    # `nu-security-council` are typos; `rte-2023-…` is not `rt-2023-…`, nor `uk-embassy` `us-embassy`: reviewers)
    if left != word and min(len(left), len(right)) < SHORT_ID:
        return _one_edit(left, right)
    return _one_edit(left, right) or difflib.SequenceMatcher(None, left, right).ratio() >= cutoff


def _one_edit(a: str, b: str) -> bool:
    """True when b is a with one letter changed, added, dropped, or two neighbours swapped; of a part under five
    letters, swapped only (`uk` and `us`, `rte` and `rt`, `suna` and `sana`, `afp` and `ap` are other countries,
    bodies and agencies: reviewers; `nu` is `un`, `jeo` is `joe`, `rfs` is `rsf`)."""
    if min(len(a), len(b)) <= SHORT_ID - 1:
        return len(a) == len(b) and any(a[:i] + a[i + 1] + a[i] + a[i + 2 :] == b for i in range(len(a) - 1))
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    a, b = a[start:], b[start:]
    return a[1:] == b[1:] or a[1:] == b or a == b[1:] or (len(a) > 1 and a[1] + a[0] + a[2:] == b)


def _best(word: str, close: list[str]) -> tuple[str, ...]:
    """Those of close (each near word) that are nearest word, in sorted order."""
    ratios = {c: difflib.SequenceMatcher(None, c, word).ratio() for c in close}  # as get_close_matches measures
    best = max(ratios.values())
    return tuple(sorted(c for c, ratio in ratios.items() if ratio == best))


LENGTHENED = 3  # "did you mean" names at most this many ids that begin with the one written
SHORTEST_CUT = 3  # a shorter id written is lengthened only by whole parts (`un` to `un-envoy`), never cut mid-word
SHORT_ID = 5  # an id this short with two letters swapped or one changed is a typo of another its length
MANY_LENGTHENED = 20  # of more ids beginning with one written, none is offered: it says little (`2021`)


class Suggester:
    """Finds the closest id among many: trigram candidates, then a similarity ratio."""

    def __init__(self, words):
        self.words = sorted(set(words))
        self.index: dict[str, list[int]] = defaultdict(list)
        for number, word in enumerate(self.words):
            for gram in _grams(word):
                self.index[gram].append(number)
        self.memo: dict[str, tuple[str, ...]] = {}
        self.common = max(200, len(self.words) // 20)

    def suggest(self, word: str, cutoff: float = 0.75, candidates: int = 30) -> str | None:
        """The best match for word, or None when nothing is close."""
        found = self.suggest_all(word, cutoff, candidates)
        return found[0] if found else None

    def suggest_all(self, word: str, cutoff: float = 0.75, candidates: int = 30) -> tuple[str, ...]:
        """The best matches for word: one, or those equally close (`hasan` is as near `hassan` as `hamas`; naming one
        sent an editor to the wrong actor), in sorted order; () when nothing is close."""
        if word not in self.memo:
            counts = Counter()
            for gram in _grams(word):
                postings = self.index.get(gram, ())
                if len(postings) <= self.common:  # too common a gram says little and costs much
                    counts.update(postings)
            items = counts.items()
            if len(counts) > candidates:  # sort only the contenders: thousands of ids can share a gram
                floor = heapq.nlargest(candidates, counts.values())[-1]
                items = [item for item in items if item[1] >= floor]
            shortlist = [self.words[n] for n, _ in sorted(items, key=lambda kv: (-kv[1], kv[0]))[:candidates]]
            close = [c for c in difflib.get_close_matches(word, shortlist, n=3, cutoff=cutoff)
                     if _parts_agree(word, c, cutoff)]
            if not close and len(word) < SHORT_ID and word.isalpha():  # `rfs` for `rsf`: too short to be near by
                # the ratio (a tester); letters only: `s-1` is no typo of `s-0`; swapped only (_one_edit)
                close = [c for c in shortlist if _one_edit(word, c) and c.isalpha()]
            best, longer = _best(word, close) if close else (), self._lengthened(word)
            both = sorted(set(best) | set(longer))  # `iraqi`: `iraq`, and `iraqi-government` it begins (a tester)
            # of more, the nearest; or, when none is near, those it begins by whole parts (`galwan` of four
            # `galwan-…` incidents was told to create another: did_you_mean names a few and says how many)
            self.memo[word] = tuple(both) if len(both) <= LENGTHENED or not best else best
        return self.memo[word]

    def _lengthened(self, word: str) -> tuple[str, ...]:
        """The words (up to LENGTHENED) that begin with word and go on (`cheonan-sinking-2010-03-26` for
        `cheonan-sinking`: an id's date left out; `us-strikes-syria` for `us-strike`, cut mid-word); of more, those
        (up to MANY_LENGTHENED) that go on with a whole part (`galwan-…`); () when none, or many more (`2021` begins
        hundreds)."""
        start = bisect.bisect_right(self.words, word)  # those beginning with word follow it, in a run
        found = [w for w in self.words[start : start + MANY_LENGTHENED + 1] if w.startswith(word)]
        if len(found) > MANY_LENGTHENED:
            return ()
        if len(word) < SHORTEST_CUT or len(found) > LENGTHENED:  # `un` is no cut of `united-states`, nor `sy` of
            found = [w for w in found if w[len(word)] == "-"]  # `syria` (a tester): whole parts only
        return tuple(found)

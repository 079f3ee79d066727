"""Countries named in a text, as ISO 3166-1 alpha-2 codes.

A state counts when a noun phrase names it, in any case form and also inside an
organization's name ("МИД России", "Торгово-промышленной палаты Российской Федерации").
Adjectives name no state ("белорусского", "российско-турецкого"): they are not in the
name index. Unions and regions that look like states ("СНГ", "Евразия", "Союзное
государство") are in the index marked NOT_A_COUNTRY, so they never yield a code.
"""
from __future__ import annotations

from extract.geo import NOT_A_COUNTRY, Token, countries, is_common_word, tokenize
from extract.records import Match

LABEL = "COUNTRY"
#: What may stand right before a word that starts a sentence.
SENTENCE_START = ".!?…\n"


def sentence_initial(text: str, token: Token) -> bool:
    before = text[: token.start].rstrip(" \t«\"“(")
    return not before or before[-1] in SENTENCE_START


def find_countries(text: str, tokens: list[Token]) -> list[Match]:
    """Longest state names, left to right; NOT_A_COUNTRY names are kept (normal "-") so they block."""
    index = countries()
    found: list[Match] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        hit = index.match(text, tokens, i) if token.capitalised else None
        if hit is None:
            i += 1
            continue
        end, key = hit
        entry = index.entries[key][0]
        abbreviation = entry.name.isupper()
        if abbreviation and not all(t.text.isupper() for t in tokens[i:end]):
            i += 1
            continue
        # A one-word name that is mostly an ordinary word ("Того", "Чад") is trusted mid-sentence only.
        if end == i + 1 and not abbreviation and is_common_word(token.text) and sentence_initial(text, token):
            i += 1
            continue
        start, stop = token.start, tokens[end - 1].end
        found.append(Match(start, stop, text[start:stop], LABEL, entry.code, {"name": entry.name}))
        i = end
    return found


class CountryExtractor:
    """Text → COUNTRY matches; normal is the ISO alpha-2 code (or "Абхазия", "Южная Осетия")."""

    def __init__(self) -> None:
        countries()

    def __call__(self, text: str) -> list[Match]:
        return [m for m in find_countries(text, tokenize(text)) if m.normal != NOT_A_COUNTRY]

"""pymorphy3, called directly: spaCy's blank Russian lemmatizer leaves ambiguous words as they are.

One analyzer per process (loading the dictionaries takes ~0.3 s and 15 MB).
"""
from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    """All pymorphy3 readings of a word, likeliest first; cached, since every extractor asks again."""
    return tuple(analyzer().parse(word))


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """The dictionary form of a word, lower-cased, ё kept as pymorphy3 writes it."""
    if not _WORD.fullmatch(word):
        return word.lower()
    return parses(word)[0].normal_form


def match_case(word: str, like: str) -> str:
    """Write `word` with the capitalisation of `like` (Витебска → Витебск, МИДа → МИД)."""
    caps = len(like) - len(like.lstrip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    if caps > 1:  # "МИДа" → "МИД": an abbreviation with a case ending
        return word[:caps].upper() + word[caps:]
    if like[:1].isupper():
        parts, like_parts = word.split("-"), like.split("-")
        if len(parts) == len(like_parts):  # "Ростова-на-Дону" → "Ростов-на-Дону": part by part
            return "-".join(p[:1].upper() + p[1:] if lp[:1].isupper() else p for p, lp in zip(parts, like_parts))
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=100_000)
def to_nominative(word: str, *, prefer: str | None = None) -> str:
    """One word put in the nominative singular, keeping its capitalisation.

    `prefer` names a grammeme a parse must have to be chosen first (e.g. "Geox" for
    place names, "Surn" for surnames), so "Ельни" becomes "Ельня", not a homonym.
    """
    if not _WORD.fullmatch(word):
        return word
    readings = parses(word)
    if prefer:
        readings = [p for p in readings if prefer in p.tag] or readings
    best = readings[0]
    if "nomn" in best.tag and "sing" in best.tag:
        return word
    form = best.inflect({"nomn", "sing"}) or best.inflect({"nomn"})
    return match_case(form.word, word) if form else word


#: Endings of "-ский/-цкий" adjectives, which pymorphy3 often reads first as surnames
#: ("Слуцкий", "Горецкого").
_SKY_ADJECTIVE = re.compile(r"(?:ск|цк)(?:ого|ому|им|ом|ой|ую|ая|ий|ое)$")


def sky_adjective(word: str) -> bool:
    """A "-ский/-цкий" adjective form, whatever pymorphy3 reads first: before a region word or a
    body's head it is the place's adjective ("Слуцкий р-н", "Горецкого райисполкома")."""
    return bool(_SKY_ADJECTIVE.search(word.lower()))


@lru_cache(maxsize=100_000)
def known(word: str) -> bool:
    """Whether the dictionary knows this word (not only guesses its form from the ending)."""
    return _WORD.fullmatch(word) is not None and analyzer().word_is_known(word.lower())

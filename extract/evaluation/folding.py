"""The guide's folding: two spellings of one answer compare equal after it.

Case, ё/е, the many dashes and quotes, and runs of whitespace never change what
a value means, so every value is folded before sets are compared. Organization
names are also folded for inflection (each word to its dictionary form), because
the text gives them in any case ("Торгово-промышленной палаты" is the same body
as "Торгово-промышленная палата").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extract.morph import lemma

#: Every dash and hyphen a Word export may hold, folded to "-".
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\ufe58\ufe63\uff0d]")
#: Every quote mark, dropped: «ГБУК "Центр"» and ГБУК «Центр» are the same name.
_QUOTES = re.compile(r"[\"'«»„“”‟‘’‚‛‹›`´]")
_SPACE_AROUND_HYPHEN = re.compile(r"\s*-\s*")
#: An initial followed by spaces before the next capital: "В. Н. Анохин" → "В.Н. Анохин".
_INITIAL_GAP = re.compile(r"(?<=\b\w\.)\s+(?=\w\.)")
_INITIALS_THEN_NAME = re.compile(r"(?<=\b\w\.)(?=\w{2,})")
#: Words of an organization name once punctuation is dropped (hyphenated words stay whole).
_WORD = re.compile(r"\w+(?:-\w+)*")


def _strip_accents(text: str) -> str:
    """Drop combining marks (stress accents) but keep й and ё, which are letters."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in "\u0306\u0308")
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=100_000)
def fold(value: str) -> str:
    """Fold case, ё→е, dashes, quotes, stress marks and whitespace."""
    text = _strip_accents(str(value)).lower().replace("ё", "е")
    text = _DASHES.sub("-", text)
    text = _QUOTES.sub(" ", text)
    text = " ".join(text.split())
    return _SPACE_AROUND_HYPHEN.sub("-", text)


@lru_cache(maxsize=100_000)
def fold_person(value: str) -> str:
    """`fold`, plus one spelling of initials: "В. Н. Анохин", "В.Н.Анохин" → "в.н. анохин"."""
    text = _INITIAL_GAP.sub("", fold(value))
    return _INITIALS_THEN_NAME.sub(" ", text)


def lemma_words(value: str) -> tuple[str, ...]:
    """The words of a text, each in its dictionary form, punctuation dropped."""
    return tuple(lemma(word).replace("ё", "е") for word in _WORD.findall(fold(value)))


@lru_cache(maxsize=100_000)
def fold_org(value: str) -> str:
    """An organization name folded for case, quotes, punctuation and inflection."""
    return " ".join(lemma_words(value))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of `text` as (start, end, dictionary form), for locating values in it.

    Offsets are into the original text; only dash and ё folding happen per word,
    which keep lengths, so offsets stay right.
    """
    return [(m.start(), m.end(), lemma(m.group().lower()).replace("ё", "е"))
            for m in _WORD.finditer(_DASHES.sub("-", text))]


def folder_for(field: str):
    """The folding function that decides equality for one answer field."""
    if field in ("organizations", "organizations_lenient"):
        return fold_org
    if field == "persons":
        return fold_person
    return fold
